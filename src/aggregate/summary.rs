//! The per-stance summary table: posts, share of all posts, mean compound with its 95% t
//! interval, median compound, shares positive / neutral / negative, and distinct authors.
//!
//! Computed with one polars lazy group-by over the per-post frame plus one select for the `all`
//! row; the interval comes from the grouped mean, standard deviation (ddof 1) and count.

use polars::prelude::*;

use super::interval::mean_ci95;
use super::stance_order;
use crate::error::{FrameContext, Result};
use crate::model::{Sentiment, ALL};

/// One row of the summary table (serialised with the CSV's column names).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SummaryRow {
    /// Stance label, or `all`.
    pub stance: String,
    /// Number of posts.
    pub posts: u64,
    /// Share of all posts, 0..=1.
    pub share: f64,
    /// Mean compound.
    pub mean_compound: f64,
    /// Lower end of the 95% t interval of the mean (`None` under 2 posts).
    #[serde(rename = "ci95_low")]
    pub ci_low: Option<f64>,
    /// Upper end of the 95% t interval of the mean (`None` under 2 posts).
    #[serde(rename = "ci95_high")]
    pub ci_high: Option<f64>,
    /// Median compound.
    pub median_compound: f64,
    /// Share of posts classed positive.
    #[serde(rename = "share_positive")]
    pub positive: f64,
    /// Share of posts classed neutral.
    #[serde(rename = "share_neutral")]
    pub neutral: f64,
    /// Share of posts classed negative.
    #[serde(rename = "share_negative")]
    pub negative: f64,
    /// Distinct non-empty authors, when an author column exists.
    pub authors: Option<u64>,
}

/// The summary table: one row per stance in display order, then the `all` row.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Rows, `all` last.
    pub rows: Vec<SummaryRow>,
}

impl Summary {
    /// The per-stance rows (without `all`).
    #[must_use]
    pub fn stances(&self) -> &[SummaryRow] {
        &self.rows[..self.rows.len().saturating_sub(1)]
    }

    /// The stance labels in display order (without `all`).
    #[must_use]
    pub fn stance_labels(&self) -> Vec<String> {
        self.stances().iter().map(|r| r.stance.clone()).collect()
    }

    /// The `all` row.
    #[must_use]
    pub fn overall(&self) -> Option<&SummaryRow> {
        self.rows.last()
    }

    /// Whether an author column was counted.
    #[must_use]
    pub fn has_authors(&self) -> bool {
        self.rows.iter().any(|r| r.authors.is_some())
    }
}

fn aggregations(author: Option<&str>) -> Vec<Expr> {
    let share = |class: Sentiment| {
        col("sentiment")
            .eq(lit(class.as_str()))
            .cast(DataType::Float64)
            .mean()
            .alias(class.as_str())
    };
    let mut aggs = vec![
        len().cast(DataType::UInt64).alias("posts"),
        col("compound").mean().alias("mean"),
        col("compound").std(1).alias("sd"),
        col("compound").median().alias("median"),
        share(Sentiment::Positive),
        share(Sentiment::Neutral),
        share(Sentiment::Negative),
    ];
    if let Some(a) = author {
        aggs.push(
            col(a)
                .filter(col(a).neq(lit("")))
                .n_unique()
                .cast(DataType::UInt64)
                .alias("authors"),
        );
    }
    aggs
}

/// Summarise the per-post frame by stance. `author` is the author column's name in the frame.
///
/// # Errors
/// [`crate::Error::Frame`] if the frame lacks the expected columns (a bug).
pub fn summarize(posts: &DataFrame, author: Option<&str>) -> Result<Summary> {
    let grouped = posts
        .clone()
        .lazy()
        .group_by([col("stance")])
        .agg(aggregations(author))
        .collect()
        .frame("grouping posts by stance")?;
    let overall = posts
        .clone()
        .lazy()
        .select(aggregations(author))
        .with_column(lit(ALL).alias("stance"))
        .collect()
        .frame("summarising all posts")?;
    let total = posts.height() as u64;
    let by_stance = rows_of(&grouped, total)?;
    let order = stance_order(
        by_stance
            .iter()
            .map(|r| (r.stance.clone(), r.posts))
            .collect(),
    );
    let mut rows: Vec<SummaryRow> = order
        .iter()
        .filter_map(|label| by_stance.iter().find(|r| &r.stance == label).cloned())
        .collect();
    rows.extend(rows_of(&overall, total)?);
    Ok(Summary { rows })
}

/// Read the aggregated frame into rows, computing shares of `total` and the intervals.
fn rows_of(df: &DataFrame, total: u64) -> Result<Vec<SummaryRow>> {
    let floats = |name: &str| -> Result<Vec<Option<f64>>> {
        let c = df
            .column(name)
            .frame("reading the summary")?
            .cast(&DataType::Float64)
            .frame("reading the summary")?;
        Ok(c.f64().frame("reading the summary")?.iter().collect())
    };
    let counts = |name: &str| -> Result<Vec<Option<u64>>> {
        let c = df.column(name).frame("reading the summary")?;
        Ok(c.u64().frame("reading the summary")?.iter().collect())
    };
    let stance: Vec<String> = df
        .column("stance")
        .frame("reading the summary")?
        .str()
        .frame("reading the summary")?
        .iter()
        .map(|s| s.unwrap_or_default().to_owned())
        .collect();
    let posts = counts("posts")?;
    let (mean, sd, median) = (floats("mean")?, floats("sd")?, floats("median")?);
    let (pos, neu, neg) = (floats("positive")?, floats("neutral")?, floats("negative")?);
    let authors = if df.column("authors").is_ok() {
        counts("authors")?
    } else {
        vec![None; df.height()]
    };
    Ok((0..df.height())
        .map(|i| {
            let n = posts[i].unwrap_or(0);
            let m = mean[i].unwrap_or(f64::NAN);
            let ci = sd[i].and_then(|s| mean_ci95(m, s, n));
            #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
            let share = if total == 0 {
                0.0
            } else {
                n as f64 / total as f64
            };
            SummaryRow {
                stance: stance[i].clone(),
                posts: n,
                share,
                mean_compound: m,
                ci_low: ci.map(|c| c.0),
                ci_high: ci.map(|c| c.1),
                median_compound: median[i].unwrap_or(f64::NAN),
                positive: pos[i].unwrap_or(0.0),
                neutral: neu[i].unwrap_or(0.0),
                negative: neg[i].unwrap_or(0.0),
                authors: authors[i],
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(rows: &[(&str, f64, &str, &str)]) -> DataFrame {
        df!(
            "stance" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "compound" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "sentiment" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "author" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn summary_matches_hand_computed_values() {
        let df = frame(&[
            ("supportive", 0.5, "positive", "a"),
            ("supportive", 0.7, "positive", "a"),
            ("supportive", 0.0, "neutral", "b"),
            ("cautionary", -0.4, "negative", "c"),
            ("cautionary", 0.2, "positive", ""),
        ]);
        let s = summarize(&df, Some("author")).unwrap();
        let labels: Vec<&str> = s.rows.iter().map(|r| r.stance.as_str()).collect();
        assert_eq!(labels, ["supportive", "cautionary", "all"]);

        let sup = &s.rows[0];
        assert_eq!(sup.posts, 3);
        assert!((sup.share - 0.6).abs() < 1e-12);
        // mean 0.4, sd = sqrt(((0.1)^2 + (0.3)^2 + (0.4)^2) / 2) = sqrt(0.13) = 0.360555
        assert!((sup.mean_compound - 0.4).abs() < 1e-12);
        let half = 4.302_653 * 0.13_f64.sqrt() / 3_f64.sqrt();
        assert!((sup.ci_low.unwrap() - (0.4 - half)).abs() < 1e-6);
        assert!((sup.ci_high.unwrap() - (0.4 + half)).abs() < 1e-6);
        assert!((sup.median_compound - 0.5).abs() < 1e-12);
        assert!((sup.positive - 2.0 / 3.0).abs() < 1e-12);
        assert!((sup.neutral - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(sup.negative, 0.0);
        assert_eq!(sup.authors, Some(2));

        let cau = &s.rows[1];
        assert_eq!(cau.authors, Some(1), "empty author cells are not an author");
        assert!((cau.median_compound - (-0.1)).abs() < 1e-12);

        let all = s.overall().unwrap();
        assert_eq!(all.posts, 5);
        assert!((all.share - 1.0).abs() < 1e-12);
        assert!((all.mean_compound - 0.2).abs() < 1e-12);
        assert_eq!(all.authors, Some(3));
    }

    #[test]
    fn single_post_has_no_interval() {
        let df = frame(&[("neutral", 0.1, "positive", "a")]);
        let s = summarize(&df, None).unwrap();
        assert_eq!(s.rows[0].ci_low, None);
        assert_eq!(s.rows[0].authors, None);
    }
}
