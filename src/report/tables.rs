//! The report's tables, each declared once (see [`super::table`]): summary, comparisons,
//! examples, threshold sweep, distinctive terms, weighted summary and timeline. Also the header
//! and rows of the per-post table, which is streamed (see [`write_posts_csv`]).
//!
//! CSV numbers use Rust's shortest round-trip form (`0.9571`, not `0.957100`), so a reader gets
//! back exactly the values we computed. Markdown rounds for reading and says so.

use std::io::Write;

use super::table::{Align, Col, Get, Table};
use crate::aggregate::compare::Comparison;
use crate::aggregate::examples::Example;
use crate::aggregate::groups::{GroupComparison, GroupRow, Groups};
use crate::aggregate::sweep::{SweepPoint, THRESHOLDS};
use crate::aggregate::targets::TargetRow;
use crate::aggregate::terms::Term;
use crate::aggregate::threads::{ReplyStanceRow, ThreadRow};
use crate::aggregate::timeline::TimelinePoint;
use crate::aggregate::weights::WeightedRow;
use crate::aggregate::PostTable;
use crate::aggregate::{Summary, SummaryRow, Timeline};
use crate::error::{Error, Result};
use crate::escape::for_markdown_cell;
use crate::model::{
    ANALYSIS_COLUMNS, FLAG_COLUMNS, LANGUAGE_COLUMNS, POSTED_AT, SCORE_COLUMNS,
    SENTIMENT_MODEL_COLUMNS, SOURCE_LINE, THREAD_COLUMNS,
};

/// Format a number in [-1, 1] with a sign and three decimals.
#[must_use]
pub fn signed3(x: f64) -> String {
    if x.is_finite() {
        format!("{x:+.3}")
    } else {
        "n/a".to_owned()
    }
}

/// Format a share in [0, 1] as a percentage with one decimal.
#[must_use]
pub fn percent(x: f64) -> String {
    // A share is never negative: -0.0 (from arithmetic on zero shares) prints as 0.0%.
    format!("{:.1}%", (x * 100.0) + 0.0)
}

/// Format a p-value for reading: three decimals, or `< 0.001`.
#[must_use]
pub fn p_value(p: f64) -> String {
    if !p.is_finite() {
        "n/a".to_owned()
    } else if p < 0.001 {
        "< 0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}

/// A 95% interval as `[lo, hi]`, or `missing` when there is none.
fn interval(ci: Option<(f64, f64)>, missing: &str) -> String {
    ci.map_or_else(
        || missing.to_owned(),
        |(lo, hi)| format!("[{}, {}]", signed3(lo), signed3(hi)),
    )
}

/// A row with a mean compound and its 95% interval (`None` under 2 posts).
pub(crate) trait MeanWithCi {
    fn mean(&self) -> f64;
    fn ci(&self) -> Option<(f64, f64)>;
}

/// A row with shares positive, neutral and negative.
pub(crate) trait SentimentShares {
    fn shares(&self) -> [f64; 3];
}

/// `mean_compound`, `ci95_low` and `ci95_high`, shown as "mean compound" and "95% CI of mean".
fn mean_ci_columns<R: MeanWithCi>() -> [Col<R>; 3] {
    [
        Col::<R>::new("mean_compound", Get::Number(|r: &R| r.mean())).shown(
            "mean compound",
            Align::Right,
            |r| signed3(r.mean()),
        ),
        Col::<R>::new("ci95_low", Get::MaybeNumber(|r: &R| r.ci().map(|c| c.0))).shown(
            "95% CI of mean",
            Align::Center,
            |r| interval(r.ci(), "n/a (n < 2)"),
        ),
        Col::<R>::new("ci95_high", Get::MaybeNumber(|r: &R| r.ci().map(|c| c.1))),
    ]
}

/// `share_positive`, `share_neutral` and `share_negative`, shown as percentages.
fn share_columns<R: SentimentShares>() -> [Col<R>; 3] {
    [
        Col::<R>::new("share_positive", Get::Number(|r: &R| r.shares()[0])).shown(
            "positive",
            Align::Right,
            |r| percent(r.shares()[0]),
        ),
        Col::<R>::new("share_neutral", Get::Number(|r: &R| r.shares()[1])).shown(
            "neutral",
            Align::Right,
            |r| percent(r.shares()[1]),
        ),
        Col::<R>::new("share_negative", Get::Number(|r: &R| r.shares()[2])).shown(
            "negative",
            Align::Right,
            |r| percent(r.shares()[2]),
        ),
    ]
}

impl MeanWithCi for SummaryRow {
    fn mean(&self) -> f64 {
        self.mean_compound
    }
    fn ci(&self) -> Option<(f64, f64)> {
        self.ci_low.zip(self.ci_high)
    }
}

impl SentimentShares for SummaryRow {
    fn shares(&self) -> [f64; 3] {
        [self.positive, self.neutral, self.negative]
    }
}

impl MeanWithCi for GroupRow {
    fn mean(&self) -> f64 {
        self.mean
    }
    fn ci(&self) -> Option<(f64, f64)> {
        self.ci
    }
}

impl MeanWithCi for TargetRow {
    fn mean(&self) -> f64 {
        self.mean
    }
    fn ci(&self) -> Option<(f64, f64)> {
        self.ci
    }
}

impl MeanWithCi for ReplyStanceRow {
    fn mean(&self) -> f64 {
        self.mean
    }
    fn ci(&self) -> Option<(f64, f64)> {
        self.ci
    }
}

impl SentimentShares for GroupRow {
    fn shares(&self) -> [f64; 3] {
        self.sentiment
    }
}

impl SentimentShares for TargetRow {
    fn shares(&self) -> [f64; 3] {
        self.sentiment
    }
}

impl SentimentShares for ThreadRow {
    fn shares(&self) -> [f64; 3] {
        self.sentiment
    }
}

/// The summary: one row per stance, then `all`; `authors` only with an author column.
#[must_use]
pub(crate) fn summary(summary: &Summary) -> Table<'_, SummaryRow> {
    let mut columns = vec![
        Col::<SummaryRow>::new("stance", Get::Text(|r: &SummaryRow| &r.stance)).shown(
            "stance",
            Align::Left,
            |r| for_markdown_cell(&r.stance, 40),
        ),
        Col::<SummaryRow>::new("posts", Get::Count(|r| r.posts)).shown(
            "posts",
            Align::Right,
            |r| r.posts.to_string(),
        ),
        Col::<SummaryRow>::new("share", Get::Number(|r| r.share)).shown(
            "share",
            Align::Right,
            |r| percent(r.share),
        ),
    ];
    columns.extend(mean_ci_columns());
    columns.push(
        Col::<SummaryRow>::new("median_compound", Get::Number(|r| r.median_compound)).shown(
            "median compound",
            Align::Right,
            |r| signed3(r.median_compound),
        ),
    );
    columns.extend(share_columns());
    if summary.has_authors() {
        columns.push(
            Col::<SummaryRow>::new("authors", Get::Count(|r| r.authors.unwrap_or(0))).shown(
                "authors",
                Align::Right,
                |r| r.authors.unwrap_or(0).to_string(),
            ),
        );
    }
    Table {
        stem: "summary",
        columns,
        rows: &summary.rows,
    }
}

/// The summary as a GitHub-flavoured Markdown table.
#[must_use]
pub fn summary_markdown(s: &Summary) -> String {
    summary(s).markdown()
}

/// The between-stance comparisons.
#[must_use]
pub(crate) fn comparisons(rows: &[Comparison]) -> Table<'_, Comparison> {
    Table {
        stem: "comparisons",
        columns: comparison_columns(("stance_a", "stance a"), ("stance_b", "stance b")),
        rows,
    }
}

impl AsRef<Comparison> for Comparison {
    fn as_ref(&self) -> &Comparison {
        self
    }
}

impl AsRef<Comparison> for GroupComparison {
    fn as_ref(&self) -> &Comparison {
        &self.comparison
    }
}

/// The columns of a comparison of `a` and `b` (stances or groups), each named for CSV and
/// Markdown as given.
fn comparison_columns<R: AsRef<Comparison>>(
    a: (&'static str, &'static str),
    b: (&'static str, &'static str),
) -> Vec<Col<R>> {
    vec![
        Col::<R>::new(a.0, Get::Text(|r: &R| &r.as_ref().a))
            .shown(a.1, Align::Left, |r| for_markdown_cell(&r.as_ref().a, 40)),
        Col::<R>::new(b.0, Get::Text(|r: &R| &r.as_ref().b))
            .shown(b.1, Align::Left, |r| for_markdown_cell(&r.as_ref().b, 40)),
        Col::<R>::new("n_a", Get::Count(|r| r.as_ref().n_a))
            .shown("n a", Align::Right, |r| r.as_ref().n_a.to_string()),
        Col::<R>::new("n_b", Get::Count(|r| r.as_ref().n_b))
            .shown("n b", Align::Right, |r| r.as_ref().n_b.to_string()),
        Col::<R>::new("mean_a", Get::Number(|r| r.as_ref().mean_a)).shown(
            "mean a",
            Align::Right,
            |r| signed3(r.as_ref().mean_a),
        ),
        Col::<R>::new("mean_b", Get::Number(|r| r.as_ref().mean_b)).shown(
            "mean b",
            Align::Right,
            |r| signed3(r.as_ref().mean_b),
        ),
        Col::<R>::new("mean_diff", Get::Number(|r| r.as_ref().diff)).shown(
            "difference",
            Align::Right,
            |r| signed3(r.as_ref().diff),
        ),
        Col::<R>::new("diff_ci95_low", Get::Number(|r| r.as_ref().diff_ci.0)).shown(
            "95% CI",
            Align::Center,
            |r| {
                let c = r.as_ref();
                let normal = if c.ci_method == "normal" {
                    " (normal)"
                } else {
                    ""
                };
                format!("{}{normal}", interval(Some(c.diff_ci), ""))
            },
        ),
        Col::<R>::new("diff_ci95_high", Get::Number(|r| r.as_ref().diff_ci.1)),
        Col::<R>::new("ci_method", Get::Text(|r: &R| r.as_ref().ci_method)),
        Col::<R>::new("mann_whitney_u", Get::Number(|r| r.as_ref().u)),
        Col::<R>::new("p_value", Get::Number(|r| r.as_ref().p_value)).shown(
            "Mann-Whitney p",
            Align::Right,
            |r| {
                let c = r.as_ref();
                let exact = if c.p_method == "exact" {
                    " (exact)"
                } else {
                    ""
                };
                format!("{}{exact}", p_value(c.p_value))
            },
        ),
        Col::<R>::new("p_method", Get::Text(|r: &R| r.as_ref().p_method)),
        Col::<R>::new("cliffs_delta", Get::Number(|r| r.as_ref().cliffs_delta)).shown(
            "Cliff's delta",
            Align::Right,
            |r| signed3(r.as_ref().cliffs_delta),
        ),
        Col::<R>::new("effect_size", Get::Text(|r: &R| r.as_ref().size)).shown(
            "size",
            Align::Left,
            |r| r.as_ref().size.to_owned(),
        ),
        Col::<R>::new("auc", Get::Number(|r| r.as_ref().auc)),
    ]
}

/// Each stance per group of the `--by` columns: CSV names the columns `group` (and
/// `subgroup` with two `--by` columns); the report says which input columns they are.
#[must_use]
pub(crate) fn groups(g: &Groups) -> Table<'_, GroupRow> {
    let mut columns = vec![
        Col::<GroupRow>::new("group", Get::Text(|r: &GroupRow| &r.group)).shown(
            "group",
            Align::Left,
            |r| for_markdown_cell(&r.group, 40),
        ),
    ];
    if g.columns.len() > 1 {
        columns.push(
            Col::<GroupRow>::new("subgroup", Get::Text(|r: &GroupRow| &r.subgroup)).shown(
                "subgroup",
                Align::Left,
                |r| for_markdown_cell(&r.subgroup, 40),
            ),
        );
    }
    columns.extend([
        Col::<GroupRow>::new("stance", Get::Text(|r: &GroupRow| &r.stance)).shown(
            "stance",
            Align::Left,
            |r| for_markdown_cell(&r.stance, 40),
        ),
        Col::<GroupRow>::new("posts", Get::Count(|r| r.posts))
            .shown("posts", Align::Right, |r| r.posts.to_string()),
        Col::<GroupRow>::new("share_of_group", Get::Number(|r| r.share)).shown(
            "share of group",
            Align::Right,
            |r| percent(r.share),
        ),
    ]);
    columns.extend(mean_ci_columns());
    columns.push(
        Col::<GroupRow>::new("median_compound", Get::Number(|r| r.median)).shown(
            "median",
            Align::Right,
            |r| signed3(r.median),
        ),
    );
    columns.extend(share_columns());
    columns.push(
        Col::<GroupRow>::new(
            "compared",
            Get::Text(|r: &GroupRow| if r.tested { "yes" } else { "no" }),
        )
        .shown("compared", Align::Left, |r| {
            if r.tested { "yes" } else { "no" }.to_owned()
        }),
    );
    Table {
        stem: "groups",
        columns,
        rows: &g.rows,
    }
}

/// The comparisons between groups within each stance.
#[must_use]
pub(crate) fn group_comparisons(rows: &[GroupComparison]) -> Table<'_, GroupComparison> {
    let mut columns =
        vec![
            Col::<GroupComparison>::new("stance", Get::Text(|r: &GroupComparison| &r.stance))
                .shown("stance", Align::Left, |r| for_markdown_cell(&r.stance, 40)),
        ];
    columns.extend(comparison_columns(
        ("group_a", "group a"),
        ("group_b", "group b"),
    ));
    Table {
        stem: "group_comparisons",
        columns,
        rows,
    }
}

/// The threads with at least one reply, most posts first.
#[must_use]
pub(crate) fn threads(rows: &[ThreadRow]) -> Table<'_, ThreadRow> {
    let mut columns = vec![
        Col::<ThreadRow>::new("root_id", Get::Text(|r: &ThreadRow| &r.root_id)).shown(
            "root",
            Align::Left,
            |r| for_markdown_cell(&r.root_id, 40),
        ),
        Col::<ThreadRow>::new("root_line", Get::MaybeCount(|r| r.root_line)).shown(
            "root line",
            Align::Right,
            |r| {
                r.root_line
                    .map_or_else(|| "not in file".to_owned(), |l| l.to_string())
            },
        ),
        Col::<ThreadRow>::new("posts", Get::Count(|r| r.posts))
            .shown("posts", Align::Right, |r| r.posts.to_string()),
        Col::<ThreadRow>::new("replies", Get::Count(|r| r.replies)).shown(
            "replies",
            Align::Right,
            |r| r.replies.to_string(),
        ),
        Col::<ThreadRow>::new("max_depth", Get::Count(|r| u64::from(r.max_depth))).shown(
            "deepest",
            Align::Right,
            |r| r.max_depth.to_string(),
        ),
        Col::<ThreadRow>::new("mean_compound", Get::Number(|r| r.mean)).shown(
            "mean compound",
            Align::Right,
            |r| signed3(r.mean),
        ),
    ];
    columns.extend(share_columns());
    columns.push(
        Col::<ThreadRow>::new("stances", Get::Text(|r: &ThreadRow| &r.stances)).shown(
            "stances",
            Align::Left,
            |r| for_markdown_cell(&r.stances, 80),
        ),
    );
    Table {
        stem: "threads",
        columns,
        rows,
    }
}

/// Replies by the stance of the post they answer.
#[must_use]
pub(crate) fn reply_stances(rows: &[ReplyStanceRow]) -> Table<'_, ReplyStanceRow> {
    let mut columns = vec![
        Col::<ReplyStanceRow>::new(
            "parent_stance",
            Get::Text(|r: &ReplyStanceRow| &r.parent_stance),
        )
        .shown("answering", Align::Left, |r| {
            for_markdown_cell(&r.parent_stance, 40)
        }),
        Col::<ReplyStanceRow>::new(
            "reply_stance",
            Get::Text(|r: &ReplyStanceRow| &r.reply_stance),
        )
        .shown("reply stance", Align::Left, |r| {
            for_markdown_cell(&r.reply_stance, 40)
        }),
        Col::<ReplyStanceRow>::new("replies", Get::Count(|r| r.replies)).shown(
            "replies",
            Align::Right,
            |r| r.replies.to_string(),
        ),
        Col::<ReplyStanceRow>::new("share", Get::Number(|r| r.share)).shown(
            "share of the replies",
            Align::Right,
            |r| percent(r.share),
        ),
    ];
    columns.extend(mean_ci_columns());
    Table {
        stem: "reply_stances",
        columns,
        rows,
    }
}

/// Sentiment toward each target per stance.
#[must_use]
pub(crate) fn targets(rows: &[TargetRow]) -> Table<'_, TargetRow> {
    let mut columns = vec![
        Col::<TargetRow>::new("target", Get::Text(|r: &TargetRow| &r.target)).shown(
            "target",
            Align::Left,
            |r| for_markdown_cell(&r.target, 40),
        ),
        Col::<TargetRow>::new("stance", Get::Text(|r: &TargetRow| &r.stance)).shown(
            "stance",
            Align::Left,
            |r| for_markdown_cell(&r.stance, 40),
        ),
        Col::<TargetRow>::new("mentions", Get::Count(|r| r.mentions)).shown(
            "sentences",
            Align::Right,
            |r| r.mentions.to_string(),
        ),
        Col::<TargetRow>::new("posts", Get::Count(|r| r.posts))
            .shown("posts", Align::Right, |r| r.posts.to_string()),
    ];
    columns.extend(mean_ci_columns());
    columns.extend(share_columns());
    Table {
        stem: "targets",
        columns,
        rows,
    }
}

/// The representative posts: CSV holds the full text, Markdown 200 characters of it, escaped.
#[must_use]
pub(crate) fn examples(rows: &[Example]) -> Table<'_, Example> {
    let columns = vec![
        Col::<Example>::new("stance", Get::Text(|e: &Example| &e.stance)).shown(
            "stance",
            Align::Left,
            |e| for_markdown_cell(&e.stance, 40),
        ),
        Col::<Example>::new("kind", Get::Text(|e| e.kind))
            .shown("which", Align::Left, |e| e.kind.to_owned()),
        Col::<Example>::new("compound", Get::Number(|e| e.compound)).shown(
            "compound",
            Align::Right,
            |e| signed3(e.compound),
        ),
        Col::<Example>::new("source_line", Get::Count(|e| e.line)).shown(
            "line",
            Align::Right,
            |e| e.line.to_string(),
        ),
        Col::<Example>::new("text", Get::Text(|e| &e.text))
            .shown("post", Align::Left, |e| for_markdown_cell(&e.text, 200)),
    ];
    Table {
        stem: "examples",
        columns,
        rows,
    }
}

/// The threshold sweep: one row per threshold and stance. Its Markdown is pivoted (one row per
/// threshold), see [`sweep_markdown`].
#[must_use]
pub(crate) fn sweep(points: &[SweepPoint]) -> Table<'_, SweepPoint> {
    let columns = vec![
        Col::<SweepPoint>::new("threshold", Get::Number(|p: &SweepPoint| p.threshold)),
        Col::<SweepPoint>::new("stance", Get::Text(|p| &p.stance)),
        Col::<SweepPoint>::new("posts", Get::Count(|p| p.posts)),
        Col::<SweepPoint>::new("share_positive", Get::Number(|p| p.positive)),
        Col::<SweepPoint>::new("share_neutral", Get::Number(|p| p.neutral)),
        Col::<SweepPoint>::new("share_negative", Get::Number(|p| p.negative)),
    ];
    Table {
        stem: "threshold_sweep",
        columns,
        rows: points,
    }
}

/// The threshold sweep as a Markdown table: one row per threshold, positive / negative share
/// per stance.
#[must_use]
pub fn sweep_markdown(points: &[SweepPoint], stances: &[String]) -> String {
    let mut out = String::from("| t |");
    for s in stances {
        let n = points
            .iter()
            .find(|p| &p.stance == s)
            .map_or(0, |p| p.posts);
        let s = for_markdown_cell(s, 30);
        out.push_str(&format!(" {s} (n = {n}) positive | {s} negative |"));
    }
    out.push_str("\n|--:|");
    out.push_str(&"--:|--:|".repeat(stances.len()));
    out.push('\n');
    for t in THRESHOLDS {
        out.push_str(&format!("| {t:.2} |"));
        for s in stances {
            if let Some(p) = points
                .iter()
                .find(|p| &p.stance == s && (p.threshold - t).abs() < 1e-9)
            {
                out.push_str(&format!(
                    " {} | {} |",
                    percent(p.positive),
                    percent(p.negative)
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// The distinctive terms of each stance.
#[must_use]
pub(crate) fn terms(rows: &[Term]) -> Table<'_, Term> {
    let columns = vec![
        Col::<Term>::new("stance", Get::Text(|t: &Term| &t.stance)).shown(
            "stance",
            Align::Left,
            |t| for_markdown_cell(&t.stance, 40),
        ),
        Col::<Term>::new("term", Get::Text(|t| &t.term))
            .shown("term", Align::Left, |t| for_markdown_cell(&t.term, 60)),
        Col::<Term>::new("count_stance", Get::Count(|t| t.count_stance)).shown(
            "count in stance",
            Align::Right,
            |t| t.count_stance.to_string(),
        ),
        Col::<Term>::new("count_rest", Get::Count(|t| t.count_rest)).shown(
            "count in rest",
            Align::Right,
            |t| t.count_rest.to_string(),
        ),
        Col::<Term>::new("log_odds", Get::Number(|t| t.log_odds)).shown(
            "log-odds",
            Align::Right,
            |t| format!("{:.3}", t.log_odds),
        ),
        Col::<Term>::new("z", Get::Number(|t| t.z))
            .shown("z", Align::Right, |t| format!("{:.2}", t.z)),
    ];
    Table {
        stem: "distinctive_terms",
        columns,
        rows,
    }
}

/// The distinctive terms as a Markdown table: per stance, the `per_stance` terms with the
/// highest positive z.
#[must_use]
pub fn terms_markdown(rows: &[Term], per_stance: usize) -> String {
    let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let top = rows.iter().filter(|t| t.z > 0.0).filter(|t| {
        let seen = shown.entry(t.stance.as_str()).or_insert(0);
        *seen += 1;
        *seen <= per_stance
    });
    terms(rows).markdown_of(top)
}

/// The summary weighted by the `--weight` column.
#[must_use]
pub(crate) fn weighted(rows: &[WeightedRow]) -> Table<'_, WeightedRow> {
    let columns = vec![
        Col::<WeightedRow>::new("stance", Get::Text(|r: &WeightedRow| &r.stance)).shown(
            "stance",
            Align::Left,
            |r| for_markdown_cell(&r.stance, 40),
        ),
        Col::<WeightedRow>::new("posts", Get::Count(|r| r.posts)).shown(
            "posts",
            Align::Right,
            |r| r.posts.to_string(),
        ),
        Col::<WeightedRow>::new("weight_sum", Get::Number(|r| r.weight_sum)).shown(
            "total weight",
            Align::Right,
            |r| format!("{:.0}", r.weight_sum),
        ),
        Col::<WeightedRow>::new("effective_n", Get::Number(|r| r.effective_n)).shown(
            "effective n",
            Align::Right,
            |r| format!("{:.1}", r.effective_n),
        ),
        Col::<WeightedRow>::new("weighted_mean_compound", Get::Number(|r| r.mean)).shown(
            "weighted mean compound",
            Align::Right,
            |r| signed3(r.mean),
        ),
        Col::<WeightedRow>::new("ci95_low", Get::MaybeNumber(|r| r.ci.map(|c| c.0))).shown(
            "95% CI",
            Align::Center,
            |r| interval(r.ci, "n/a (effective n < 2)"),
        ),
        Col::<WeightedRow>::new("ci95_high", Get::MaybeNumber(|r| r.ci.map(|c| c.1))),
        Col::<WeightedRow>::new("weighted_share_positive", Get::Number(|r| r.shares[0])).shown(
            "positive",
            Align::Right,
            |r| percent(r.shares[0]),
        ),
        Col::<WeightedRow>::new("weighted_share_neutral", Get::Number(|r| r.shares[1])).shown(
            "neutral",
            Align::Right,
            |r| percent(r.shares[1]),
        ),
        Col::<WeightedRow>::new("weighted_share_negative", Get::Number(|r| r.shares[2])).shown(
            "negative",
            Align::Right,
            |r| percent(r.shares[2]),
        ),
    ];
    Table {
        stem: "weighted",
        columns,
        rows,
    }
}

/// A timeline point with its hours since the start of the first bucket.
pub(crate) struct TimelineRow<'a> {
    point: &'a TimelinePoint,
    hours: f64,
    since_event: Option<f64>,
}

/// The timeline's rows.
#[must_use]
pub(crate) fn timeline_rows(timeline: &Timeline) -> Vec<TimelineRow<'_>> {
    let first = timeline.starts.first().copied();
    timeline
        .points
        .iter()
        .map(|point| TimelineRow {
            point,
            // Seconds within a data set's span: exact in f64.
            #[allow(clippy::cast_precision_loss)]
            hours: first.map_or(0.0, |f| (point.start - f).num_seconds() as f64 / 3600.0),
            #[allow(clippy::cast_precision_loss)]
            since_event: timeline
                .event
                .map(|e| (point.start - e).num_seconds() as f64 / 3600.0),
        })
        .collect()
}

/// The timeline: bucket starts (RFC 3339 UTC in CSV, a UTC datetime in frames) and hours since
/// the start of the bucket that holds the first post; no Markdown (the chart shows it).
#[must_use]
pub(crate) fn timeline<'a>(rows: &'a [TimelineRow<'a>]) -> Table<'a, TimelineRow<'a>> {
    let mut columns = vec![
        Col::<TimelineRow<'a>>::new(
            "bucket_start",
            Get::Time(|r: &TimelineRow<'_>| r.point.start),
        ),
        Col::<TimelineRow<'a>>::new("hours_since_start", Get::Number(|r| r.hours)),
    ];
    if rows.first().is_some_and(|r| r.since_event.is_some()) {
        columns.push(Col::<TimelineRow<'a>>::new(
            "hours_since_event",
            Get::MaybeNumber(|r| r.since_event),
        ));
    }
    columns.extend([
        Col::<TimelineRow<'a>>::new("stance", Get::Text(|r| &r.point.stance)),
        Col::<TimelineRow<'a>>::new("posts", Get::Count(|r| r.point.posts)),
        Col::<TimelineRow<'a>>::new("mean_compound", Get::MaybeNumber(|r| r.point.mean_compound)),
        Col::<TimelineRow<'a>>::new("ci95_low", Get::MaybeNumber(|r| r.point.ci.map(|c| c.0))),
        Col::<TimelineRow<'a>>::new("ci95_high", Get::MaybeNumber(|r| r.point.ci.map(|c| c.1))),
    ]);
    Table {
        stem: "timeline",
        columns,
        rows,
    }
}

/// Write `header` and `rows` as CSV into `out`; with `safe`, cells a spreadsheet could run as a
/// formula get a `'` in front. A failing sink is reported as [`Error::Render`]; the caller that
/// owns the sink names the path.
fn write_csv(out: &mut dyn Write, header: &[&str], what: &'static str, safe: bool) -> Result<()> {
    use super::csv_fields::neutralised;
    let mut w = csv::Writer::from_writer(out);
    let fail = |e: csv::Error| Error::Render {
        what,
        source: e.into(),
    };
    w.write_record(header.iter().map(|h| {
        if safe {
            neutralised(h).into_owned()
        } else {
            (*h).to_owned()
        }
    }))
    .map_err(fail)?;
    w.flush().map_err(|e| Error::Render {
        what,
        source: e.into(),
    })
}

/// The header of the per-post output: `source_line`, the input columns (see
/// [`crate::ingest::output_names`]), `posted_at` when `with_time`, then our columns.
#[must_use]
pub fn posts_header(
    names: &[String],
    with_time: bool,
    with_threads: bool,
    with_model: bool,
) -> Vec<String> {
    let mut h = vec![SOURCE_LINE.to_owned()];
    h.extend(names.iter().cloned());
    if with_time {
        h.push(POSTED_AT.to_owned());
    }
    h.extend(
        SCORE_COLUMNS
            .iter()
            .chain(ANALYSIS_COLUMNS.iter())
            .chain(LANGUAGE_COLUMNS.iter())
            .chain(FLAG_COLUMNS.iter())
            .map(|s| (*s).to_owned()),
    );
    if with_threads {
        h.extend(THREAD_COLUMNS.iter().map(|s| (*s).to_owned()));
    }
    if with_model {
        h.extend(SENTIMENT_MODEL_COLUMNS.iter().map(|s| (*s).to_owned()));
    }
    h
}

/// Write the per-post table as CSV into `out`, in the column order of [`posts_header`].
///
/// # Errors
/// [`Error::Render`] when `out` fails.
pub fn write_posts_csv(
    posts: &PostTable,
    analysis_safe: bool,
    out: &mut (dyn Write + Send),
) -> Result<()> {
    use rayon::prelude::*;
    let with_time = posts.with_time;
    let header = posts_header(
        &posts.names,
        with_time,
        posts.threads.is_some(),
        posts.sentiment_model.is_some(),
    );
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let safe = analysis_safe;
    write_csv(out, &header, "posts.csv", safe)?;
    // A window of chunks is formatted in parallel while the window before it is written.
    let chunk = crate::aggregate::FRAME_CHUNK;
    let window = chunk * rayon::current_num_threads().max(1);
    let format = |start: usize| -> Vec<Vec<u8>> {
        let end = (start + window).min(posts.scored.len());
        posts.scored[start..end]
            .par_chunks(chunk)
            .zip(posts.flags[start..end].par_chunks(chunk))
            .enumerate()
            .map(|(k, (rows, flags))| posts_csv_rows(posts, start + k * chunk, rows, flags, safe))
            .collect()
    };
    let write = |out: &mut (dyn Write + Send), parts: Vec<Vec<u8>>| -> Result<()> {
        parts
            .iter()
            .try_for_each(|part| out.write_all(part))
            .map_err(|e| Error::Render {
                what: "posts.csv",
                source: e.into(),
            })
    };
    let mut parts = format(0);
    let mut start = window;
    while start < posts.scored.len() {
        let (next, written) = rayon::join(|| format(start), || write(&mut *out, parts));
        written?;
        parts = next;
        start += window;
    }
    write(out, parts)
}

/// Rows of the per-post CSV (no header) for `rows` and their flags: the bytes the `csv` crate
/// would write for each field as `Display` shows it, appended directly (see [`super::csv_fields`]).
fn posts_csv_rows(
    posts: &PostTable,
    first: usize,
    rows: &[crate::model::Scored],
    flags: &[crate::aggregate::duplicates::DuplicateFlag],
    safe: bool,
) -> Vec<u8> {
    use super::csv_fields::{neutralised, push_f64, push_u64};
    let push_field = |out: &mut Vec<u8>, value: &str| {
        if safe {
            super::csv_fields::push_field(out, &neutralised(value));
        } else {
            super::csv_fields::push_field(out, value);
        }
    };
    let with_time = posts.with_time;
    let exclude = posts.exclude_duplicates;
    let mut out = Vec::with_capacity(rows.len() * 256);
    let bool_str = |b: bool| if b { "true" } else { "false" };
    for (k, (s, f)) in rows.iter().zip(flags).enumerate() {
        push_u64(&mut out, s.post.line);
        for value in s.post.fields.iter() {
            out.push(b',');
            push_field(&mut out, value);
        }
        if with_time {
            out.push(b',');
            if let Some(t) = s.post.time {
                push_field(&mut out, &t.to_rfc3339());
            }
        }
        for x in [s.scores.neg, s.scores.neu, s.scores.pos, s.scores.compound] {
            out.push(b',');
            push_f64(&mut out, x);
        }
        for value in [
            s.sentiment.as_str(),
            &s.stance.label,
            s.stance.source.as_str(),
            &s.stance.reason,
        ] {
            out.push(b',');
            push_field(&mut out, value);
        }
        out.push(b',');
        if let Some(c) = s.stance.confidence {
            push_f64(&mut out, c);
        }
        out.push(b',');
        push_field(&mut out, s.post.language.code());
        out.push(b',');
        if let Some(c) = s.post.language.confidence() {
            push_f64(&mut out, c);
        }
        out.push(b',');
        if let Some(l) = f.duplicate_of {
            push_u64(&mut out, l);
        }
        out.push(b',');
        out.extend_from_slice(bool_str(f.retweet).as_bytes());
        out.push(b',');
        out.extend_from_slice(bool_str(f.included(exclude)).as_bytes());
        if let Some(t) = &posts.threads {
            out.push(b',');
            push_field(&mut out, t.root_of(first + k));
            out.push(b',');
            push_u64(&mut out, u64::from(t.places[first + k].depth));
        }
        if let Some(m) = &posts.sentiment_model {
            out.extend_from_slice(b",model,");
            push_f64(&mut out, m.confidence[first + k]);
            out.push(b',');
            out.extend_from_slice(m.vader[first + k].as_str().as_bytes());
        }
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::SummaryRow;

    fn row(stance: &str, posts: u64, ci: Option<(f64, f64)>) -> SummaryRow {
        SummaryRow {
            stance: stance.to_owned(),
            posts,
            share: 0.5,
            mean_compound: 0.25,
            ci_low: ci.map(|c| c.0),
            ci_high: ci.map(|c| c.1),
            median_compound: -0.1,
            positive: 0.5,
            neutral: 0.25,
            negative: 0.25,
            authors: None,
        }
    }

    #[test]
    fn markdown_summary_table() {
        let s = Summary {
            rows: vec![
                row("supportive", 2, Some((0.1, 0.4))),
                row("a|b", 1, None),
                row("all", 3, None),
            ],
        };
        assert_eq!(
            summary_markdown(&s),
            "| stance | posts | share | mean compound | 95% CI of mean | median compound | positive | neutral | negative |\n\
             |---|--:|--:|--:|:-:|--:|--:|--:|--:|\n\
             | supportive | 2 | 50.0% | +0.250 | [+0.100, +0.400] | -0.100 | 50.0% | 25.0% | 25.0% |\n\
             | a\\|b | 1 | 50.0% | +0.250 | n/a (n < 2) | -0.100 | 50.0% | 25.0% | 25.0% |\n\
             | all | 3 | 50.0% | +0.250 | n/a (n < 2) | -0.100 | 50.0% | 25.0% | 25.0% |\n"
        );
    }

    #[test]
    fn csv_summary_keeps_full_precision_and_empty_intervals() {
        let s = Summary {
            rows: vec![row("x", 1, None)],
        };
        let text = String::from_utf8(summary(&s).csv(false).unwrap()).unwrap();
        assert_eq!(
            text,
            "stance,posts,share,mean_compound,ci95_low,ci95_high,median_compound,share_positive,share_neutral,share_negative\n\
             x,1,0.5,0.25,,,-0.1,0.5,0.25,0.25\n"
        );
    }
}
