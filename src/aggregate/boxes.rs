//! What the charts draw beyond the tables: the distribution of compound per stance.

use crate::aggregate::interval::quantile;
use crate::aggregate::Summary;
use crate::model::Scored;

/// The distribution of compound for one stance.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStats {
    /// Stance label.
    pub label: String,
    /// Compound of every post, sorted ascending.
    pub values: Vec<f64>,
    /// First quartile, median, third quartile (type-7 interpolation, as numpy's default).
    pub quartiles: [f64; 3],
    /// The furthest values within 1.5 IQR of the box.
    pub whiskers: (f64, f64),
    /// Mean compound.
    pub mean: f64,
    /// 95% t interval of the mean.
    pub ci: Option<(f64, f64)>,
}

/// The boxes of `compound_by_stance.png`, one per stance of the summary (without `all`).
#[must_use]
pub fn box_stats<S: std::borrow::Borrow<Scored>>(scored: &[S], summary: &Summary) -> Vec<BoxStats> {
    summary
        .stances()
        .iter()
        .map(|row| {
            let mut values: Vec<f64> = scored
                .iter()
                .map(std::borrow::Borrow::borrow)
                .filter(|s| s.stance.label == row.stance)
                .map(|s| s.scores.compound)
                .collect();
            values.sort_by(f64::total_cmp);
            let q = [0.25, 0.5, 0.75].map(|p| quantile(&values, p));
            let reach = 1.5 * (q[2] - q[0]);
            let low = values
                .iter()
                .copied()
                .find(|v| *v >= q[0] - reach)
                .unwrap_or(q[0]);
            let high = values
                .iter()
                .rev()
                .copied()
                .find(|v| *v <= q[2] + reach)
                .unwrap_or(q[2]);
            BoxStats {
                label: row.stance.clone(),
                values,
                quartiles: q,
                whiskers: (low, high),
                mean: row.mean_compound,
                ci: row.ci_low.zip(row.ci_high),
            }
        })
        .collect()
}
