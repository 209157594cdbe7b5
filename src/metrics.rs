//! Agreement between gold and predicted labels: a confusion matrix, per-class precision, recall
//! and F1, accuracy, macro-F1, Favg and support-weighted averages. Shared by `evaluate` and the
//! stance classifier's cross-validation, so neither imports the other.

use serde::{Deserialize, Serialize};

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    /// The class label.
    pub label: String,
    /// Gold items of this class.
    pub support: u64,
    /// Items predicted as this class.
    pub predicted: u64,
    /// tp / (tp + fp); 0 when nothing is predicted as this class.
    pub precision: f64,
    /// tp / (tp + fn); 0 when no gold item has this class.
    pub recall: f64,
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub f1: f64,
}

/// A confusion matrix over a fixed label order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Confusion {
    /// Labels in matrix order.
    pub labels: Vec<String>,
    /// `counts[gold][predicted]`.
    pub counts: Vec<Vec<u64>>,
}

impl Confusion {
    /// Count `(gold, predicted)` pairs. Labels are every label seen in either, in first-seen
    /// order of `order` then sorted for the rest.
    #[must_use]
    pub fn new<'a>(order: &[String], pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let mut labels: Vec<String> = order.to_vec();
        let mut extra: Vec<String> = pairs
            .iter()
            .flat_map(|(g, p)| [*g, *p])
            .filter(|l| !labels.iter().any(|x| x == l))
            .map(str::to_owned)
            .collect();
        extra.sort();
        extra.dedup();
        labels.extend(extra);
        let index = |l: &str| labels.iter().position(|x| x == l).unwrap_or(0);
        let mut counts = vec![vec![0u64; labels.len()]; labels.len()];
        for (g, p) in &pairs {
            counts[index(g)][index(p)] += 1;
        }
        Confusion { labels, counts }
    }

    /// Number of pairs.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Share of pairs on the diagonal (0 when empty).
    #[must_use]
    pub fn accuracy(&self) -> f64 {
        let correct: u64 = (0..self.labels.len()).map(|i| self.counts[i][i]).sum();
        ratio(correct, self.total())
    }

    /// Precision, recall and F1 of every label, in matrix order.
    #[must_use]
    pub fn per_class(&self) -> Vec<ClassMetrics> {
        (0..self.labels.len())
            .map(|i| {
                let tp = self.counts[i][i];
                let support: u64 = self.counts[i].iter().sum();
                let predicted: u64 = self.counts.iter().map(|row| row[i]).sum();
                let precision = ratio(tp, predicted);
                let recall = ratio(tp, support);
                ClassMetrics {
                    label: self.labels[i].clone(),
                    support,
                    predicted,
                    precision,
                    recall,
                    f1: f1(precision, recall),
                }
            })
            .collect()
    }

    /// Unweighted mean F1 over the labels that occur in the gold data.
    #[must_use]
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<f64> = self
            .per_class()
            .iter()
            .filter(|c| c.support > 0)
            .map(|c| c.f1)
            .collect();
        mean(&present)
    }

    /// Mean F1 of the named classes (SemEval-2016's Favg with FAVOR and AGAINST); `None` when a
    /// name is not a label here.
    #[must_use]
    pub fn favg(&self, classes: &[String]) -> Option<f64> {
        let per = self.per_class();
        let f: Option<Vec<f64>> = classes
            .iter()
            .map(|c| per.iter().find(|m| &m.label == c).map(|m| m.f1))
            .collect();
        f.map(|f| mean(&f))
    }

    /// Precision, recall and F1 averaged over classes weighted by gold support.
    #[must_use]
    pub fn weighted(&self) -> (f64, f64, f64) {
        let per = self.per_class();
        let total = self.total() as f64;
        if total == 0.0 {
            return (0.0, 0.0, 0.0);
        }
        let w = |f: fn(&ClassMetrics) -> f64| {
            per.iter().map(|c| f(c) * c.support as f64).sum::<f64>() / total
        };
        (w(|c| c.precision), w(|c| c.recall), w(|c| c.f1))
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}
