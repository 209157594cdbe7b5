//! Evaluation: how well predicted labels or scores agree with gold ones.
//!
//! Labels: a confusion matrix, per-class precision, recall and F1, accuracy, macro-F1 (the
//! unweighted mean of per-class F1) and Favg (the mean F1 of two named classes, the SemEval-2016
//! stance measure). Scores: Pearson r, Spearman's rho (Pearson on average ranks, ties sharing
//! their mean rank), and the three-class result of sign(gold) against the thresholded score,
//! as in Hutto & Gilbert (2014): precision, recall and F1 per class and averaged weighted by
//! class size. The measures are pure functions; [`run`] reads the file and groups its rows.

use serde::Serialize;

pub use crate::metrics::{ClassMetrics, Confusion};

mod run;

pub use run::{run, EvaluationRun};

/// Pearson's correlation coefficient; `None` with fewer than two pairs or a constant side.
#[must_use]
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let mx = x[..n].iter().sum::<f64>() / n as f64;
    let my = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    Some(sxy / (sxx * syy).sqrt())
}

/// Ranks from 1, ties sharing their mean rank.
#[must_use]
pub fn average_ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rho: Pearson's r of the average ranks.
#[must_use]
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&average_ranks(x), &average_ranks(y))
}

/// The three score classes, in display order.
pub const SCORE_CLASSES: [&str; 3] = ["positive", "neutral", "negative"];

/// Class of a gold score: positive above `band`, negative below `-band`, else neutral.
#[must_use]
pub fn gold_class(x: f64, band: f64) -> &'static str {
    if x > band {
        "positive"
    } else if x < -band {
        "negative"
    } else {
        "neutral"
    }
}

/// Class of a predicted score as VADER's convention: positive when `>= threshold`, negative
/// when `<= -threshold`.
#[must_use]
pub fn predicted_class(x: f64, threshold: f64) -> &'static str {
    if x >= threshold {
        "positive"
    } else if x <= -threshold {
        "negative"
    } else {
        "neutral"
    }
}

/// Agreement of a numeric prediction with a numeric gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreAgreement {
    /// Pairs compared.
    pub n: u64,
    /// Pearson's r.
    pub pearson: Option<f64>,
    /// Spearman's rho.
    pub spearman: Option<f64>,
    /// Three-class confusion of gold class against predicted class.
    pub confusion: Confusion,
}

/// Compare scores `pred` against `gold` (paired by index).
#[must_use]
pub fn score_agreement(
    gold: &[f64],
    pred: &[f64],
    threshold: f64,
    gold_band: f64,
) -> ScoreAgreement {
    let order: Vec<String> = SCORE_CLASSES.iter().map(|s| (*s).to_owned()).collect();
    let confusion = Confusion::new(
        &order,
        gold.iter()
            .zip(pred)
            .map(|(&g, &p)| (gold_class(g, gold_band), predicted_class(p, threshold))),
    );
    ScoreAgreement {
        n: gold.len().min(pred.len()) as u64,
        pearson: pearson(gold, pred),
        spearman: spearman(gold, pred),
        confusion,
    }
}

/// What one group's predictions are judged as.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Agreement {
    /// Categorical labels.
    Labels {
        /// Accuracy.
        accuracy: f64,
        /// Unweighted mean F1 over the gold labels.
        macro_f1: f64,
        /// Mean F1 of the `--favg-classes`, when given.
        favg: Option<f64>,
        /// Per-label precision, recall and F1.
        per_class: Vec<ClassMetrics>,
        /// Gold rows, predicted columns.
        confusion: Confusion,
    },
    /// Numeric scores.
    Scores {
        /// Pearson's r.
        pearson: Option<f64>,
        /// Spearman's rho.
        spearman: Option<f64>,
        /// Three-class precision averaged weighted by gold class size.
        precision_weighted: f64,
        /// Three-class recall averaged weighted by gold class size.
        recall_weighted: f64,
        /// Three-class F1 averaged weighted by gold class size.
        f1_weighted: f64,
        /// Per-class precision, recall and F1 of the three classes.
        per_class: Vec<ClassMetrics>,
        /// Gold class rows, predicted class columns.
        confusion: Confusion,
    },
}

/// The evaluation of one group of rows (all rows, or one value of `--by`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupEvaluation {
    /// `all`, or the value of the `--by` column.
    pub group: String,
    /// Pairs compared.
    pub n: u64,
    /// The metrics.
    pub agreement: Agreement,
}

/// Judge labels: `pairs` of (gold, predicted).
#[must_use]
pub fn judge_labels(group: &str, pairs: &[(String, String)], favg: &[String]) -> GroupEvaluation {
    let mut order: Vec<String> = pairs.iter().map(|(g, _)| g.clone()).collect();
    order.sort();
    order.dedup();
    let confusion = Confusion::new(&order, pairs.iter().map(|(g, p)| (g.as_str(), p.as_str())));
    GroupEvaluation {
        group: group.to_owned(),
        n: pairs.len() as u64,
        agreement: Agreement::Labels {
            accuracy: confusion.accuracy(),
            macro_f1: confusion.macro_f1(),
            favg: if favg.is_empty() {
                None
            } else {
                confusion.favg(favg)
            },
            per_class: confusion.per_class(),
            confusion,
        },
    }
}

/// Judge scores: `pairs` of (gold, predicted) numbers.
#[must_use]
pub fn judge_scores(
    group: &str,
    pairs: &[(f64, f64)],
    threshold: f64,
    gold_band: f64,
) -> GroupEvaluation {
    let gold: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let pred: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let a = score_agreement(&gold, &pred, threshold, gold_band);
    let (precision_weighted, recall_weighted, f1_weighted) = a.confusion.weighted();
    GroupEvaluation {
        group: group.to_owned(),
        n: a.n,
        agreement: Agreement::Scores {
            pearson: a.pearson,
            spearman: a.spearman,
            precision_weighted,
            recall_weighted,
            f1_weighted,
            per_class: a.confusion.per_class(),
            confusion: a.confusion,
        },
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.4}"))
}

/// The evaluation as Markdown: one overview table, then per group the per-class table and the
/// confusion matrix. Labels are escaped for table cells.
#[must_use]
pub fn markdown(groups: &[GroupEvaluation], method: &str) -> String {
    use std::fmt::Write as _;
    let cell = |s: &str| crate::escape::for_markdown_cell(s, 60);
    let mut out = String::new();
    let scores = matches!(
        groups.first().map(|g| &g.agreement),
        Some(Agreement::Scores { .. })
    );
    if scores {
        out.push_str("| group | n | Pearson r | Spearman rho | P (weighted) | R (weighted) | F1 (weighted) |\n|---|---:|---:|---:|---:|---:|---:|\n");
    } else {
        out.push_str("| group | n | accuracy | macro-F1 | Favg |\n|---|---:|---:|---:|---:|\n");
    }
    for g in groups {
        match &g.agreement {
            Agreement::Scores {
                pearson,
                spearman,
                precision_weighted,
                recall_weighted,
                f1_weighted,
                ..
            } => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {precision_weighted:.3} | {recall_weighted:.3} | {f1_weighted:.3} |",
                    cell(&g.group),
                    g.n,
                    num(*pearson),
                    num(*spearman)
                );
            }
            Agreement::Labels {
                accuracy,
                macro_f1,
                favg,
                ..
            } => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {accuracy:.3} | {macro_f1:.3} | {} |",
                    cell(&g.group),
                    g.n,
                    favg.map_or_else(|| "-".to_owned(), |f| format!("{f:.3}"))
                );
            }
        }
    }
    let _ = writeln!(out, "\n{method}");
    for g in groups {
        let (per_class, confusion) = match &g.agreement {
            Agreement::Labels {
                per_class,
                confusion,
                ..
            }
            | Agreement::Scores {
                per_class,
                confusion,
                ..
            } => (per_class, confusion),
        };
        let _ = writeln!(out, "\n### {} (n = {})\n", cell(&g.group), g.n);
        out.push_str(&per_class_markdown(per_class));
        out.push('\n');
        out.push_str(&confusion_markdown(confusion));
    }
    out
}

/// Per-class precision, recall and F1 as a Markdown table.
#[must_use]
pub fn per_class_markdown(per_class: &[ClassMetrics]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "| class | gold n | predicted n | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for c in per_class {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            crate::escape::for_markdown_cell(&c.label, 60),
            c.support,
            c.predicted,
            c.precision,
            c.recall,
            c.f1
        );
    }
    out
}

/// A confusion matrix as a Markdown table (gold rows, predicted columns).
#[must_use]
pub fn confusion_markdown(m: &Confusion) -> String {
    use std::fmt::Write as _;
    let cell = |s: &str| crate::escape::for_markdown_cell(s, 40);
    let mut out = String::from("| gold \\ predicted |");
    for l in &m.labels {
        let _ = write!(out, " {} |", cell(l));
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(m.labels.len()));
    out.push('\n');
    for (l, row) in m.labels.iter().zip(&m.counts) {
        let _ = write!(out, "| {} |", cell(l));
        for c in row {
            let _ = write!(out, " {c} |");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn hand_computed_confusion_matrix() {
        // gold: a a a a b b b c c c ; pred: a a b c b b a c c b
        // counts: a->[2,1,1], b->[1,2,0], c->[0,1,2]
        let gold = ["a", "a", "a", "a", "b", "b", "b", "c", "c", "c"];
        let pred = ["a", "a", "b", "c", "b", "b", "a", "c", "c", "b"];
        let m = Confusion::new(&[], gold.iter().copied().zip(pred.iter().copied()));
        assert_eq!(m.labels, labels(&["a", "b", "c"]));
        assert_eq!(m.counts, vec![vec![2, 1, 1], vec![1, 2, 0], vec![0, 1, 2]]);
        assert!((m.accuracy() - 0.6).abs() < 1e-12);
        let per = m.per_class();
        // a: tp 2, predicted 3, support 4 -> P 2/3, R 1/2, F1 4/7
        assert!((per[0].precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((per[0].recall - 0.5).abs() < 1e-12);
        assert!((per[0].f1 - 4.0 / 7.0).abs() < 1e-12);
        // b: tp 2, predicted 4, support 3 -> P 1/2, R 2/3, F1 4/7
        assert!((per[1].f1 - 4.0 / 7.0).abs() < 1e-12);
        // c: tp 2, predicted 3, support 3 -> F1 2/3
        assert!((per[2].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.macro_f1() - (4.0 / 7.0 + 4.0 / 7.0 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert!(
            (m.favg(&labels(&["a", "c"])).unwrap() - (4.0 / 7.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12
        );
        assert_eq!(m.favg(&labels(&["a", "zzz"])), None);
        // weighted by support 4, 3, 3
        let (p, r, f) = m.weighted();
        assert!((p - (4.0 * 2.0 / 3.0 + 3.0 * 0.5 + 3.0 * 2.0 / 3.0) / 10.0).abs() < 1e-12);
        assert!((r - 0.6).abs() < 1e-12);
        assert!((f - (4.0 * 4.0 / 7.0 + 3.0 * 4.0 / 7.0 + 3.0 * 2.0 / 3.0) / 10.0).abs() < 1e-12);
    }

    #[test]
    fn a_class_never_predicted_has_zero_precision_and_macro_f1_skips_absent_gold() {
        let m = Confusion::new(
            &labels(&["x", "y", "z"]),
            [("x", "x"), ("y", "x")].iter().copied(),
        );
        let per = m.per_class();
        assert_eq!(per[1].precision, 0.0);
        assert_eq!(per[1].f1, 0.0);
        // z never occurs in gold: macro-F1 averages x (P 1/2, R 1 -> 2/3) and y (0).
        assert!((m.macro_f1() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn correlations_match_hand_values() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 5.0, 4.0, 5.0];
        // Hand: mean x 3, mean y 4; sxy = 6, sxx = 10, syy = 6 -> r = 6/sqrt(60)
        assert!((pearson(&x, &y).unwrap() - 6.0 / 60f64.sqrt()).abs() < 1e-12);
        assert_eq!(average_ranks(&y), vec![1.0, 2.5, 4.5, 2.5, 4.5]);
        // Rank deviations from the mean 3: x -2 -1 0 1 2, y -2 -0.5 1.5 -0.5 1.5;
        // sxy = 4 + 0.5 + 0 - 0.5 + 3 = 7, sxx = 10, syy = 9, so rho = 7 / sqrt(90).
        assert!((spearman(&x, &y).unwrap() - 7.0 / 90f64.sqrt()).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0], &[2.0, 3.0]), None);
        assert_eq!(pearson(&[1.0], &[2.0]), None);
    }

    #[test]
    fn score_classes_follow_vader_thresholds_and_gold_sign() {
        assert_eq!(predicted_class(0.05, 0.05), "positive");
        assert_eq!(predicted_class(-0.05, 0.05), "negative");
        assert_eq!(predicted_class(0.0499, 0.05), "neutral");
        assert_eq!(gold_class(0.0, 0.0), "neutral");
        assert_eq!(gold_class(0.1, 0.0), "positive");
        let a = score_agreement(&[1.0, -1.0, 0.0], &[0.5, 0.01, 0.0], 0.05, 0.0);
        assert_eq!(
            a.confusion.counts,
            vec![vec![1, 0, 0], vec![0, 1, 0], vec![0, 1, 0]]
        );
        assert_eq!(a.n, 3);
    }
}
