//! Reading for `evaluate`: the gold and predicted columns of a CSV file (through ingest), the
//! rows grouped by `--by`, and the choice between labels and scores.

use crate::config::{EvalMode, EvaluateConfig};
use crate::error::{Error, Result};
use crate::ingest::{self, IngestReport};

use super::GroupEvaluation;

/// What `evaluate` found: the groups, the method in words, and what was left out.
#[derive(Debug, Clone)]
pub struct EvaluationRun {
    /// `all` first, then each `--by` value in sorted order.
    pub groups: Vec<GroupEvaluation>,
    /// How the numbers were computed, in words.
    pub method: String,
    /// Rows left out because the gold or predicted cell is empty.
    pub empty: u64,
    /// Rows read and skipped by ingest.
    pub report: IngestReport,
}

impl EvaluationRun {
    /// The tables as Markdown (what `evaluate` prints).
    #[must_use]
    pub fn markdown(&self) -> String {
        super::markdown(&self.groups, &self.method)
    }

    /// The method and every group's figures as pretty JSON (what `evaluate --json` prints).
    #[must_use]
    pub fn json(&self) -> String {
        let value = serde_json::json!({ "method": self.method, "groups": self.groups });
        format!("{value:#}\n")
    }
}

/// Run `evaluate`: read the gold and predicted columns and judge their agreement.
///
/// # Errors
/// Ingest errors; [`Error::UnknownColumn`] for a missing column; [`Error::Cell`] naming the
/// line and column of a cell that is not a number in score mode; [`Error::NoPosts`] when no
/// row has both cells.
pub fn run(cfg: &EvaluateConfig) -> Result<EvaluationRun> {
    let mut ingest_cfg = cfg.ingest.clone();
    ingest_cfg.columns.text = Some(cfg.gold.clone());
    ingest_cfg.skip_empty_text = false;
    // The gold column is read as the "text" column; a missing one is the gold flag's fault.
    let mut reader = ingest::open(&ingest_cfg).map_err(|e| match e {
        Error::UnknownColumn {
            path,
            flag: "--text-column",
            name,
            found,
        } => Error::UnknownColumn {
            path,
            flag: "--gold-column",
            name,
            found,
        },
        other => other,
    })?;
    let headers = reader.headers().to_vec();
    let name = reader.name().to_owned();
    let find = |flag: &'static str, column: &str| {
        ingest::position(&headers, column).ok_or_else(|| {
            // Our own columns are in what analyze or score write, not in the export itself.
            // The columns a user compares: VADER's scores, and the sentiment and stance labels.
            let ours = crate::model::SCORE_COLUMNS
                .iter()
                .chain(&["sentiment", "stance"])
                .any(|c| c.eq_ignore_ascii_case(column));
            let hint = if ours {
                format!(
                    "; '{column}' is a column reactions writes: run `reactions analyze {name}` and evaluate its posts.csv (or `reactions score {name} > scored.csv` for the VADER columns)"
                )
            } else {
                String::new()
            };
            Error::UnknownColumn {
                path: name.clone(),
                flag,
                name: column.to_owned(),
                found: format!("{}{hint}", headers.join(", ")),
            }
        })
    };
    let gold = find("--gold-column", &cfg.gold)?;
    let pred = find("--pred-column", &cfg.pred)?;
    if gold == pred {
        return Err(Error::Usage(format!(
            "--gold-column {} and --pred-column {} are the same column '{}' of {name}; compare two different columns",
            cfg.gold, cfg.pred, headers[gold]
        )));
    }
    let by = cfg.by.as_deref().map(|b| find("--by", b)).transpose()?;
    let mut rows: Vec<(u64, String, String, String)> = Vec::new();
    let mut empty = 0u64;
    while let Some(post) = reader.next_post()? {
        let g = post.fields[gold].trim();
        let p = post.fields[pred].trim();
        if g.is_empty() || p.is_empty() {
            empty += 1;
            continue;
        }
        let group = by.map(|i| post.fields[i].to_owned()).unwrap_or_default();
        rows.push((post.line, g.to_owned(), p.to_owned(), group));
    }
    let (mut report, _) = reader.finish();
    // Ingest's note names the gold column as the text and lists roles evaluate never reads.
    let compared = format!(
        "{}gold '{}', predicted '{}'{}",
        ingest::columns::NOTE_PREFIX,
        headers[gold],
        headers[pred],
        by.map(|i| format!(", groups '{}'", headers[i]))
            .unwrap_or_default()
    );
    for note in &mut report.header_notes {
        if note.starts_with(ingest::columns::NOTE_PREFIX) {
            note.clone_from(&compared);
        }
    }
    report.check_skipped(&name, cfg.ingest.max_skipped_percent)?;
    if rows.is_empty() {
        return Err(Error::NoPosts {
            path: name,
            detail: format!(
                "no row has both a '{}' and a '{}' value",
                headers[gold], headers[pred]
            ),
        });
    }
    // A cell reads as a number when it parses as one, NaN included: one NaN in a score column
    // is then named as a bad cell instead of turning every score into a label.
    let numeric = |s: &str| s.parse::<f64>().is_ok();
    let gold_numbers = rows.iter().all(|(_, g, _, _)| numeric(g));
    let pred_numbers = rows.iter().all(|(_, _, p, _)| numeric(p));
    let scores = match cfg.mode {
        EvalMode::Scores => true,
        EvalMode::Labels => false,
        EvalMode::Auto if gold_numbers != pred_numbers => {
            let (numbers, labels) = if gold_numbers {
                (
                    ("--gold-column", &headers[gold]),
                    ("--pred-column", &headers[pred]),
                )
            } else {
                (
                    ("--pred-column", &headers[pred]),
                    ("--gold-column", &headers[gold]),
                )
            };
            return Err(Error::Usage(format!(
                "{} '{}' holds numbers but {} '{}' holds labels, so no row could agree; \
                 compare labels with labels (e.g. --pred-column stance) or scores with scores \
                 (e.g. --pred-column compound)",
                numbers.0, numbers.1, labels.0, labels.1
            )));
        }
        EvalMode::Auto => gold_numbers,
    };
    let mut group_names: Vec<String> = rows.iter().map(|r| r.3.clone()).collect();
    group_names.sort();
    group_names.dedup();
    let mut selections: Vec<(String, Vec<usize>)> =
        vec![("all".to_owned(), (0..rows.len()).collect())];
    if by.is_some() {
        for g in group_names {
            let members = (0..rows.len()).filter(|&i| rows[i].3 == g).collect();
            selections.push((g, members));
        }
    }
    let groups = if scores {
        let mut pairs = Vec::with_capacity(rows.len());
        for (line, g, p, _) in &rows {
            let parse = |cell: &str, column: usize| {
                cell.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| Error::Cell {
                    path: name.clone(),
                    line: *line,
                    column: headers[column].clone(),
                    message: format!(
                        "'{}' is not a number; fix the cell, or pass --mode labels to compare labels",
                        crate::escape::for_terminal(cell, 40)
                    ),
                })
            };
            pairs.push((parse(g, gold)?, parse(p, pred)?));
        }
        selections
            .iter()
            .map(|(group, members)| {
                let sel: Vec<(f64, f64)> = members.iter().map(|&i| pairs[i]).collect();
                super::judge_scores(group, &sel, cfg.threshold, cfg.gold_band)
            })
            .collect()
    } else {
        let favg: Vec<String> = cfg.favg.iter().map(|c| c.trim().to_lowercase()).collect();
        selections
            .iter()
            .map(|(group, members)| {
                let sel: Vec<(String, String)> = members
                    .iter()
                    .map(|&i| (rows[i].1.to_lowercase(), rows[i].2.to_lowercase()))
                    .collect();
                super::judge_labels(group, &sel, &favg)
            })
            .collect()
    };
    let (g, p) = (&headers[gold], &headers[pred]);
    let method = if scores {
        format!(
            "Scores: Pearson r and Spearman rho (average ranks for ties) of '{p}' against '{g}'. \
             Three classes as in Hutto & Gilbert (2014): gold positive when > {b}, negative when \
             < -{b}, else neutral; predicted positive when >= {t}, negative when <= -{t}, else \
             neutral; precision, recall and F1 averaged weighted by gold class size.",
            b = cfg.gold_band,
            t = cfg.threshold
        )
    } else {
        let mut m = format!(
            "Labels (trimmed, lower-cased) of '{p}' against '{g}': precision = tp/(tp+fp), \
             recall = tp/(tp+fn), F1 their harmonic mean; macro-F1 is the unweighted mean F1 \
             over the gold labels."
        );
        if !cfg.favg.is_empty() {
            m.push_str(&format!(
                " Favg is the mean F1 of {}.",
                cfg.favg.join(" and ")
            ));
        }
        m
    };
    Ok(EvaluationRun {
        groups,
        method,
        empty,
        report,
    })
}
