//! Engagement weighting (`--weight COLUMN`): means and shares per stance where each post counts
//! `1 + value` times (so a post nobody liked still counts once, one with 10 likes 11 times).
//!
//! For a group with compound x_i and weights w_i, W = Σw:
//! - weighted mean μ = Σ w·x / W; weighted share of a class = Σ w·\[class\] / W;
//! - Kish's effective sample size n_eff = W² / Σw²;
//! - standard error by linearization (the usual survey estimator for a weighted mean):
//!   se² = n/(n−1) · Σ w²(x − μ)² / W², and a 95% interval μ ± t(0.975, ⌊n_eff⌋ − 1)·se.
//!   With equal weights this is exactly the Student t interval of the unweighted mean.
//!
//! Cells that are empty, not a number, or negative count as 0 (weight 1) and are counted and
//! reported. Thousands separators (`1,234`) are accepted.

use super::interval::t_975;
use crate::ingest::RowProblem;
use crate::model::{Scored, Sentiment, ALL};

/// Weighted statistics of one stance (or `all`).
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedRow {
    /// Stance label, or `all`.
    pub stance: String,
    /// Posts.
    pub posts: u64,
    /// Σ w.
    pub weight_sum: f64,
    /// Kish's effective sample size.
    pub effective_n: f64,
    /// Weighted mean compound.
    pub mean: f64,
    /// 95% interval of the weighted mean (`None` when n_eff < 2).
    pub ci: Option<(f64, f64)>,
    /// Weighted shares positive, neutral, negative.
    pub shares: [f64; 3],
}

/// The weights, with the cells that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// The column's name.
    pub column: String,
    /// One weight per post (1 + value).
    pub values: Vec<f64>,
    /// Cells read as 0 because they were empty, not a number or negative.
    pub unreadable: u64,
    /// The first few of those.
    pub unreadable_examples: Vec<RowProblem>,
}

/// Parse one engagement cell; `None` when it is not a non-negative number. Thousands
/// separators (`1,234`) and the abbreviations that scrapers copy off the page (`1.2K`, `3M`, as
/// youtube-comment-downloader writes `votes`) are read.
#[must_use]
pub fn parse_engagement(cell: &str) -> Option<f64> {
    let cleaned: String = cell
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    let (number, scale) = match cleaned.char_indices().last() {
        Some((i, 'k' | 'K')) => (&cleaned[..i], 1e3),
        Some((i, 'm' | 'M')) => (&cleaned[..i], 1e6),
        Some((i, 'b' | 'B')) => (&cleaned[..i], 1e9),
        _ => (cleaned.as_str(), 1.0),
    };
    number
        .parse::<f64>()
        .ok()
        .map(|v| v * scale)
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Read the weights of `scored` from the field at `index` (named `column`).
#[must_use]
pub fn read_weights<S: std::borrow::Borrow<Scored>>(
    scored: &[S],
    index: usize,
    column: &str,
) -> Weights {
    let mut w = Weights {
        column: column.to_owned(),
        values: Vec::with_capacity(scored.len()),
        unreadable: 0,
        unreadable_examples: Vec::new(),
    };
    for s in scored.iter().map(std::borrow::Borrow::borrow) {
        let cell = s.post.fields.get(index).unwrap_or("");
        let value = parse_engagement(cell).unwrap_or_else(|| {
            w.unreadable += 1;
            if w.unreadable_examples.len() < crate::ingest::EXAMPLES_KEPT {
                w.unreadable_examples.push(RowProblem {
                    line: s.post.line,
                    reason: format!(
                        "column '{column}' holds {:?}, not a count",
                        crate::escape::for_terminal(cell, 40)
                    ),
                });
            }
            0.0
        });
        w.values.push(1.0 + value);
    }
    w
}

/// Weighted statistics of one group of (compound, sentiment, weight).
fn weighted_row(stance: &str, items: &[(f64, Sentiment, f64)]) -> WeightedRow {
    #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
    let n = items.len() as f64;
    let total: f64 = items.iter().map(|i| i.2).sum();
    let sum_sq: f64 = items.iter().map(|i| i.2 * i.2).sum();
    let mean = items.iter().map(|i| i.2 * i.0).sum::<f64>() / total;
    let effective_n = total * total / sum_sq;
    let ci = if items.len() >= 2 && effective_n >= 2.0 {
        let ss: f64 = items.iter().map(|i| i.2 * i.2 * (i.0 - mean).powi(2)).sum();
        let se = (n / (n - 1.0) * ss / (total * total)).sqrt();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 2 <= n_eff <= n
        let df = effective_n.floor() as u64 - 1;
        let half = t_975(df) * se;
        Some((mean - half, mean + half))
    } else {
        None
    };
    let share = |class: Sentiment| {
        items
            .iter()
            .filter(|i| i.1 == class)
            .map(|i| i.2)
            .sum::<f64>()
            / total
    };
    WeightedRow {
        stance: stance.to_owned(),
        posts: items.len() as u64,
        weight_sum: total,
        effective_n,
        mean,
        ci,
        shares: [
            share(Sentiment::Positive),
            share(Sentiment::Neutral),
            share(Sentiment::Negative),
        ],
    }
}

/// Weighted rows per stance in `order`, then `all`. `weights` align with `scored`.
#[must_use]
pub fn weighted_summary<S: std::borrow::Borrow<Scored>>(
    scored: &[S],
    weights: &[f64],
    order: &[String],
) -> Vec<WeightedRow> {
    let items = |keep: &dyn Fn(&Scored) -> bool| -> Vec<(f64, Sentiment, f64)> {
        scored
            .iter()
            .map(std::borrow::Borrow::borrow)
            .zip(weights)
            .filter(|(s, _)| keep(s))
            .map(|(s, w)| (s.scores.compound, s.sentiment, *w))
            .collect()
    };
    let mut rows: Vec<WeightedRow> = order
        .iter()
        .map(|label| weighted_row(label, &items(&|s| s.stance.label == label)))
        .collect();
    rows.push(weighted_row(ALL, &items(&|_| true)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::interval::mean_ci95;

    #[test]
    fn engagement_cells() {
        assert_eq!(parse_engagement(" 1,234 "), Some(1234.0));
        assert_eq!(parse_engagement("0"), Some(0.0));
        // As youtube-comment-downloader copies the counts off the page.
        assert_eq!(parse_engagement("1.2K"), Some(1200.0));
        assert_eq!(parse_engagement("15k"), Some(15_000.0));
        assert_eq!(parse_engagement("3M"), Some(3_000_000.0));
        for bad in ["", "-3", "many", "NaN", "inf", "K", "-1K", "1.2KK"] {
            assert_eq!(parse_engagement(bad), None, "{bad}");
        }
    }

    #[test]
    fn weighted_mean_and_interval_by_hand() {
        // x = 0.5, -0.5, 1.0 with w = 1, 3, 2: W = 6, mu = (0.5 - 1.5 + 2) / 6 = 1/6,
        // sum w^2 = 14, n_eff = 36/14 = 2.571 -> df = 1, t = 12.706205.
        // sum w^2 (x - mu)^2 = 1*(1/3)^2 + 9*(2/3)^2 + 4*(5/6)^2 = 1/9 + 4 + 25/9 = 62/9,
        // se^2 = 3/2 * (62/9) / 36 = 31/108.
        let items = [
            (0.5, Sentiment::Positive, 1.0),
            (-0.5, Sentiment::Negative, 3.0),
            (1.0, Sentiment::Positive, 2.0),
        ];
        let r = weighted_row("s", &items);
        assert!((r.mean - 1.0 / 6.0).abs() < 1e-12);
        assert!((r.effective_n - 36.0 / 14.0).abs() < 1e-12);
        let half = 12.706_205 * (31.0_f64 / 108.0).sqrt();
        let (lo, hi) = r.ci.unwrap();
        assert!((lo - (1.0 / 6.0 - half)).abs() < 1e-5 && (hi - (1.0 / 6.0 + half)).abs() < 1e-5);
        assert!((r.shares[0] - 0.5).abs() < 1e-12 && (r.shares[2] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn equal_weights_give_the_unweighted_t_interval() {
        let xs = [0.1, 0.4, -0.2, 0.9, 0.3];
        let items: Vec<(f64, Sentiment, f64)> =
            xs.iter().map(|x| (*x, Sentiment::Neutral, 4.0)).collect();
        let r = weighted_row("s", &items);
        let mean = xs.iter().sum::<f64>() / 5.0;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 4.0).sqrt();
        let (lo, hi) = mean_ci95(mean, sd, 5).unwrap();
        let (wlo, whi) = r.ci.unwrap();
        assert!((wlo - lo).abs() < 1e-9 && (whi - hi).abs() < 1e-9);
    }
}
