//! Tables rendered to bytes: the summary as Markdown and CSV, the timeline and the per-post table
//! as CSV, and the header row of the per-post output.
//!
//! CSV numbers use Rust's shortest round-trip form (`0.9571`, not `0.957100`), so a reader gets
//! back exactly the values we computed. Markdown rounds for reading and says so.

use std::io::Write;

use crate::aggregate::compare::{Comparison, COMPARISON_COLUMNS};
use crate::aggregate::examples::{Example, EXAMPLE_COLUMNS};
use crate::aggregate::summary::SUMMARY_COLUMNS;
use crate::aggregate::sweep::{SweepPoint, SWEEP_COLUMNS, THRESHOLDS};
use crate::aggregate::terms::{Term, TERM_COLUMNS};
use crate::aggregate::weights::{WeightedRow, WEIGHTED_COLUMNS};
use crate::aggregate::Analysis;
use crate::aggregate::{Summary, Timeline};
use crate::error::{Error, Result};
use crate::model::{ANALYSIS_COLUMNS, FLAG_COLUMNS, POSTED_AT, SCORE_COLUMNS, SOURCE_LINE};

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
    format!("{:.1}%", x * 100.0)
}

/// The summary as a GitHub-flavoured Markdown table.
#[must_use]
pub fn summary_markdown(summary: &Summary) -> String {
    let authors = summary.has_authors();
    let mut out = String::from(
        "| stance | posts | share | mean compound | 95% CI of mean | median compound | positive | neutral | negative |",
    );
    out.push_str(if authors { " authors |\n" } else { "\n" });
    out.push_str("|---|--:|--:|--:|:-:|--:|--:|--:|--:|");
    out.push_str(if authors { "--:|\n" } else { "\n" });
    for r in &summary.rows {
        let ci = match (r.ci_low, r.ci_high) {
            (Some(lo), Some(hi)) => format!("[{}, {}]", signed3(lo), signed3(hi)),
            _ => "n/a (n < 2)".to_owned(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            crate::escape::for_markdown_cell(&r.stance, 40),
            r.posts,
            percent(r.share),
            signed3(r.mean_compound),
            ci,
            signed3(r.median_compound),
            percent(r.positive),
            percent(r.neutral),
            percent(r.negative),
        ));
        if authors {
            out.push_str(&format!(" {} |", r.authors.unwrap_or(0)));
        }
        out.push('\n');
    }
    out
}

fn csv_bytes(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    what: &'static str,
    safe: bool,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_csv(&mut out, header, rows, what, safe)?;
    Ok(out)
}

/// Write `header` and `rows` as CSV into `out`; with `safe`, cells a spreadsheet could run as a
/// formula get a `'` in front. A failing sink is reported as [`Error::Render`]; the caller that
/// owns the sink names the path.
fn write_csv(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    what: &'static str,
    safe: bool,
) -> Result<()> {
    use super::csv_fields::neutralised;
    let mut w = csv::Writer::from_writer(out);
    let fail = |e: csv::Error| Error::Render {
        what,
        message: e.to_string(),
    };
    if safe {
        w.write_record(header.iter().map(|h| neutralised(h).into_owned()))
            .map_err(fail)?;
    } else {
        w.write_record(header).map_err(fail)?;
    }
    for row in rows {
        if safe {
            w.write_record(row.iter().map(|c| neutralised(c).into_owned()))
                .map_err(fail)?;
        } else {
            w.write_record(&row).map_err(fail)?;
        }
    }
    w.flush().map_err(|e| Error::Render {
        what,
        message: e.to_string(),
    })
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// The summary as CSV, columns as [`SUMMARY_COLUMNS`] (`authors` only with an author column).
///
/// # Errors
/// Only if the CSV writer fails on memory (not expected).
pub fn summary_csv(summary: &Summary, safe: bool) -> Result<Vec<u8>> {
    let authors = summary.has_authors();
    let header = if authors {
        &SUMMARY_COLUMNS[..]
    } else {
        &SUMMARY_COLUMNS[..10]
    };
    let rows = summary.rows.iter().map(|r| {
        let mut row = vec![
            r.stance.clone(),
            r.posts.to_string(),
            r.share.to_string(),
            r.mean_compound.to_string(),
            opt(r.ci_low),
            opt(r.ci_high),
            r.median_compound.to_string(),
            r.positive.to_string(),
            r.neutral.to_string(),
            r.negative.to_string(),
        ];
        if authors {
            row.push(r.authors.unwrap_or(0).to_string());
        }
        row
    });
    csv_bytes(header, rows, "summary.csv", safe)
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

/// The between-stance comparisons as a Markdown table.
#[must_use]
pub fn comparisons_markdown(rows: &[Comparison]) -> String {
    let mut out = String::from(
        "| stance a | stance b | n a | n b | mean a | mean b | difference | 95% CI | Mann-Whitney p | Cliff's delta | size |\n\
         |---|---|--:|--:|--:|--:|--:|:-:|--:|--:|---|\n",
    );
    for c in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | [{}, {}]{} | {}{} | {} | {} |\n",
            crate::escape::for_markdown_cell(&c.a, 40),
            crate::escape::for_markdown_cell(&c.b, 40),
            c.n_a,
            c.n_b,
            signed3(c.mean_a),
            signed3(c.mean_b),
            signed3(c.diff),
            signed3(c.diff_ci.0),
            signed3(c.diff_ci.1),
            if c.ci_method == "normal" {
                " (normal)"
            } else {
                ""
            },
            p_value(c.p_value),
            if c.p_method == "exact" {
                " (exact)"
            } else {
                ""
            },
            signed3(c.cliffs_delta),
            c.size,
        ));
    }
    out
}

/// The between-stance comparisons as CSV, columns as [`COMPARISON_COLUMNS`].
///
/// # Errors
/// Only if the CSV writer fails on memory (not expected).
pub fn comparisons_csv(rows: &[Comparison], safe: bool) -> Result<Vec<u8>> {
    let lines = rows.iter().map(|c| {
        vec![
            c.a.clone(),
            c.b.clone(),
            c.n_a.to_string(),
            c.n_b.to_string(),
            c.mean_a.to_string(),
            c.mean_b.to_string(),
            c.diff.to_string(),
            c.diff_ci.0.to_string(),
            c.diff_ci.1.to_string(),
            c.ci_method.to_owned(),
            c.u.to_string(),
            c.p_value.to_string(),
            c.p_method.to_owned(),
            c.cliffs_delta.to_string(),
            c.size.to_owned(),
            c.auc.to_string(),
        ]
    });
    csv_bytes(&COMPARISON_COLUMNS, lines, "comparisons.csv", safe)
}

/// The representative posts as a Markdown table (text excerpted to 200 characters, escaped).
#[must_use]
pub fn examples_markdown(rows: &[Example]) -> String {
    let mut out =
        String::from("| stance | which | compound | line | post |\n|---|---|--:|--:|---|\n");
    for e in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            crate::escape::for_markdown_cell(&e.stance, 40),
            e.kind,
            signed3(e.compound),
            e.line,
            crate::escape::for_markdown_cell(&e.text, 200),
        ));
    }
    out
}

/// The representative posts as CSV (full text), columns as [`EXAMPLE_COLUMNS`].
///
/// # Errors
/// Only if the CSV writer fails on memory (not expected).
pub fn examples_csv(rows: &[Example], safe: bool) -> Result<Vec<u8>> {
    let lines = rows.iter().map(|e| {
        vec![
            e.stance.clone(),
            e.kind.to_owned(),
            e.compound.to_string(),
            e.line.to_string(),
            e.text.clone(),
        ]
    });
    csv_bytes(&EXAMPLE_COLUMNS, lines, "examples.csv", safe)
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
        let s = crate::escape::for_markdown_cell(s, 30);
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

/// The threshold sweep as CSV, columns as [`SWEEP_COLUMNS`].
///
/// # Errors
/// Only if the CSV writer fails on memory (not expected).
pub fn sweep_csv(points: &[SweepPoint], safe: bool) -> Result<Vec<u8>> {
    let lines = points.iter().map(|p| {
        vec![
            p.threshold.to_string(),
            p.stance.clone(),
            p.posts.to_string(),
            p.positive.to_string(),
            p.neutral.to_string(),
            p.negative.to_string(),
        ]
    });
    csv_bytes(&SWEEP_COLUMNS, lines, "threshold_sweep.csv", safe)
}

/// The distinctive terms as a Markdown table: per stance, the terms with the highest z.
#[must_use]
pub fn terms_markdown(terms: &[Term], per_stance: usize) -> String {
    let mut out = String::from("| stance | term | count in stance | count in rest | log-odds | z |\n|---|---|--:|--:|--:|--:|\n");
    let mut shown: Vec<(&str, usize)> = Vec::new();
    for t in terms.iter().filter(|t| t.z > 0.0) {
        let seen = match shown.iter_mut().find(|(s, _)| *s == t.stance) {
            Some(entry) => {
                entry.1 += 1;
                entry.1
            }
            None => {
                shown.push((&t.stance, 1));
                1
            }
        };
        if seen <= per_stance {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {:.3} | {:.2} |\n",
                crate::escape::for_markdown_cell(&t.stance, 40),
                crate::escape::for_markdown_cell(&t.term, 60),
                t.count_stance,
                t.count_rest,
                t.log_odds,
                t.z
            ));
        }
    }
    out
}

/// The distinctive terms as CSV, columns as [`TERM_COLUMNS`].
///
/// # Errors
/// Only if the CSV writer fails on memory (not expected).
pub fn terms_csv(terms: &[Term], safe: bool) -> Result<Vec<u8>> {
    let lines = terms.iter().map(|t| {
        vec![
            t.stance.clone(),
            t.term.clone(),
            t.count_stance.to_string(),
            t.count_rest.to_string(),
            t.log_odds.to_string(),
            t.z.to_string(),
        ]
    });
    csv_bytes(&TERM_COLUMNS, lines, "distinctive_terms.csv", safe)
}

/// The weighted table as Markdown.
#[must_use]
pub fn weighted_markdown(rows: &[WeightedRow]) -> String {
    let mut out = String::from(
        "| stance | posts | total weight | effective n | weighted mean compound | 95% CI | positive | neutral | negative |\n\
         |---|--:|--:|--:|--:|:-:|--:|--:|--:|\n",
    );
    for r in rows {
        let ci = r.ci.map_or_else(
            || "n/a (effective n < 2)".to_owned(),
            |(lo, hi)| format!("[{}, {}]", signed3(lo), signed3(hi)),
        );
        out.push_str(&format!(
            "| {} | {} | {:.0} | {:.1} | {} | {} | {} | {} | {} |\n",
            crate::escape::for_markdown_cell(&r.stance, 40),
            r.posts,
            r.weight_sum,
            r.effective_n,
            signed3(r.mean),
            ci,
            percent(r.shares[0]),
            percent(r.shares[1]),
            percent(r.shares[2]),
        ));
    }
    out
}

/// The weighted table as CSV, columns as [`WEIGHTED_COLUMNS`].
///
/// # Errors
/// Only if the CSV writer fails on memory (not expected).
pub fn weighted_csv(rows: &[WeightedRow], safe: bool) -> Result<Vec<u8>> {
    let lines = rows.iter().map(|r| {
        vec![
            r.stance.clone(),
            r.posts.to_string(),
            r.weight_sum.to_string(),
            r.effective_n.to_string(),
            r.mean.to_string(),
            opt(r.ci.map(|c| c.0)),
            opt(r.ci.map(|c| c.1)),
            r.shares[0].to_string(),
            r.shares[1].to_string(),
            r.shares[2].to_string(),
        ]
    });
    csv_bytes(&WEIGHTED_COLUMNS, lines, "weighted.csv", safe)
}

/// Column names of the timeline table.
pub const TIMELINE_COLUMNS: [&str; 5] = [
    "bucket_start",
    "hours_since_start",
    "stance",
    "posts",
    "mean_compound",
];

/// The timeline as CSV (bucket starts in RFC 3339, UTC, and in hours since the start of the
/// bucket that holds the first post).
///
/// # Errors
/// Only if the CSV writer fails on memory (not expected).
pub fn timeline_csv(timeline: &Timeline, safe: bool) -> Result<Vec<u8>> {
    let rows = timeline.points.iter().map(|p| {
        #[allow(clippy::cast_precision_loss)] // seconds within a data set's span
        let hours = (p.start - timeline.starts[0]).num_seconds() as f64 / 3600.0;
        vec![
            p.start.to_rfc3339(),
            hours.to_string(),
            p.stance.clone(),
            p.posts.to_string(),
            opt(p.mean_compound),
        ]
    });
    csv_bytes(&TIMELINE_COLUMNS, rows, "timeline.csv", safe)
}

/// The header of the per-post output: `source_line`, the input columns (see
/// [`crate::ingest::output_names`]), `posted_at` when `with_time`, then our columns.
#[must_use]
pub fn posts_header(names: &[String], with_time: bool) -> Vec<String> {
    let mut h = vec![SOURCE_LINE.to_owned()];
    h.extend(names.iter().cloned());
    if with_time {
        h.push(POSTED_AT.to_owned());
    }
    h.extend(
        SCORE_COLUMNS
            .iter()
            .chain(ANALYSIS_COLUMNS.iter())
            .chain(FLAG_COLUMNS.iter())
            .map(|s| (*s).to_owned()),
    );
    h
}

/// Write the per-post table as CSV into `out`, in the column order of [`posts_header`].
///
/// # Errors
/// [`Error::Render`] when `out` fails.
pub fn write_posts_csv(
    analysis: &Analysis,
    analysis_safe: bool,
    out: &mut (dyn Write + Send),
) -> Result<()> {
    use rayon::prelude::*;
    let with_time = analysis.columns.time.is_some();
    let header = posts_header(&analysis.names, with_time);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let safe = analysis_safe;
    write_csv(out, &header, std::iter::empty(), "posts.csv", safe)?;
    // A window of chunks is formatted in parallel while the window before it is written.
    let chunk = crate::aggregate::FRAME_CHUNK;
    let window = chunk * rayon::current_num_threads().max(1);
    let format = |start: usize| -> Vec<Vec<u8>> {
        let end = (start + window).min(analysis.scored.len());
        analysis.scored[start..end]
            .par_chunks(chunk)
            .zip(analysis.flags[start..end].par_chunks(chunk))
            .map(|(rows, flags)| posts_csv_rows(analysis, rows, flags, safe))
            .collect()
    };
    let write = |out: &mut (dyn Write + Send), parts: Vec<Vec<u8>>| -> Result<()> {
        parts
            .iter()
            .try_for_each(|part| out.write_all(part))
            .map_err(|e| Error::Render {
                what: "posts.csv",
                message: e.to_string(),
            })
    };
    let mut parts = format(0);
    let mut start = window;
    while start < analysis.scored.len() {
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
    analysis: &Analysis,
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
    let with_time = analysis.columns.time.is_some();
    let exclude = analysis.insight.exclude_duplicates;
    let mut out = Vec::with_capacity(rows.len() * 256);
    let bool_str = |b: bool| if b { "true" } else { "false" };
    for (s, f) in rows.iter().zip(flags) {
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
        if let Some(l) = f.duplicate_of {
            push_u64(&mut out, l);
        }
        out.push(b',');
        out.extend_from_slice(bool_str(f.retweet).as_bytes());
        out.push(b',');
        out.extend_from_slice(bool_str(!(exclude && f.excluded_by_dedup())).as_bytes());
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
        let text = String::from_utf8(summary_csv(&s, false).unwrap()).unwrap();
        assert_eq!(
            text,
            "stance,posts,share,mean_compound,ci95_low,ci95_high,median_compound,share_positive,share_neutral,share_negative\n\
             x,1,0.5,0.25,,,-0.1,0.5,0.25,0.25\n"
        );
    }
}
