//! Stance: which side of the story each post takes.
//!
//! Input: the posts and a [`Method`] (files already loaded); output: one [`Stance`] per post
//! (label, where it came from, why, and the classifier's probability when a model decided) and a
//! [`StanceInfo`] describing the method for the report. Methods:
//! - a label column (values trimmed and case-folded, empty cells `unlabelled`);
//! - cue rules ([`cues`]): the built-in defaults or a user's TOML file;
//! - a trained classifier ([`classifier`]) loaded from a model file;
//! - semi-supervised: train on the labelled rows, predict the rest, keep the human labels.
//!
//! Stance never comes from the sentiment score: on labelled stance data VADER's compound barely
//! separates the groups.
//!
//! One idea, three types, because it changes form on the way through a run:
//! - [`crate::config::StanceMethod`] is what the user asked for (`detect` included), checked
//!   before any file is read;
//! - [`Method`] is that request resolved against the input, with the rules or model loaded
//!   ([`choose_method`]);
//! - [`StanceInfo`] is what happened, with its counts and cross-validation, for the report.

pub mod classifier;
pub mod cues;
pub mod features;
pub mod sample;
pub mod sentiment_model;

pub use classifier::{CrossValidation, StanceModel, TrainOptions};
pub use cues::CueRules;

mod choice;
mod lbfgs;

pub use choice::{choose_method, load_files};

use std::collections::HashMap;

use compact_str::{format_compact, CompactString};

use rayon::prelude::*;

use crate::error::Result;
use crate::model::{Post, Stance, StanceSource, UNLABELLED};

/// Fewest labelled posts with which the default method trains a classifier on a partly
/// labelled column (with fewer, empty cells stay `unlabelled`).
pub const AUTO_MIN_LABELLED: usize = 20;

/// How stance is assigned, with its files loaded.
#[derive(Debug, Clone)]
pub enum Method {
    /// The label column at this index.
    Label(usize),
    /// Cue rules; the string names their source (`built-in rules` or the file).
    Rules(CueRules, String),
    /// A trained model; the string names its file.
    Model(Box<StanceModel>, String),
    /// Train on the labelled rows of the column at this index and predict the others.
    Auto(usize, TrainOptions),
}

/// How stance was assigned in a run, for the report and the manifest.
#[derive(Debug, Clone, PartialEq)]
pub enum StanceInfo {
    /// Hand labels from a column.
    Label {
        /// The column's name.
        column: String,
    },
    /// Cue rules.
    Rules {
        /// `built-in rules` or the rules file.
        source: String,
        /// The label of posts no cue matches.
        fallback: String,
        /// Posts no cue matched (they got `fallback`).
        unmatched: u64,
        /// Posts classified.
        posts: u64,
        /// The cues whose words VADER scores, each with those words (`care (careful)`).
        scored_cues: Vec<String>,
    },
    /// A trained model from a file.
    Model {
        /// The model file.
        path: String,
        /// How the model was cross-validated when it was trained.
        cv: Box<CrossValidation>,
    },
    /// A model trained in this run on the labelled rows.
    Auto {
        /// The label column's name.
        column: String,
        /// Posts with a human label (kept as they are).
        labelled: u64,
        /// Posts labelled by the model.
        predicted: u64,
        /// Cross-validation of the model on the labelled posts.
        cv: Box<CrossValidation>,
    },
}

/// Above this share of posts matching no cue, the report warns first that the stance tables
/// describe only the few posts with cue words (issue 18: the built-in rules left 88-99% of the
/// posts of five other stories in `neutral`).
pub const MAX_UNMATCHED_SHARE: f64 = 0.8;

impl StanceInfo {
    /// With cue rules that most posts do not match, a warning saying so and what to do.
    #[must_use]
    pub fn rules_coverage_warning(&self) -> Option<String> {
        let StanceInfo::Rules {
            fallback,
            unmatched,
            posts,
            ..
        } = self
        else {
            return None;
        };
        let share = *unmatched as f64 / (*posts).max(1) as f64;
        (*posts > 0 && share > MAX_UNMATCHED_SHARE).then(|| {
            format!(
                "{:.0}% of the posts ({unmatched} of {posts}) match no stance cue and are '{fallback}' only for that, so the stance tables describe the few posts that use the cue words. For a stance you can defend, label a few hundred posts in a `stance` column and rerun (a classifier trained on them labels the rest, with its cross-validated accuracy), or write cues for this story: `reactions rules > rules.toml`, edit it, then `--stance-rules rules.toml`.",
                share * 100.0
            )
        })
    }

    /// The cross-validation behind model labels, if a model gave any.
    #[must_use]
    pub fn cross_validation(&self) -> Option<&CrossValidation> {
        match self {
            StanceInfo::Model { cv, .. } | StanceInfo::Auto { cv, .. } => Some(cv),
            _ => None,
        }
    }
}

/// The stance given by a label cell from column `column`.
#[must_use]
pub fn from_label(cell: &str, column: &str) -> Stance {
    let cell = cell.trim();
    let label = if cell.is_ascii() {
        let mut label = CompactString::new(cell);
        label.make_ascii_lowercase();
        label
    } else {
        cell.to_lowercase().into()
    };
    if label.is_empty() {
        Stance {
            label: UNLABELLED.into(),
            source: StanceSource::Label,
            reason: format_compact!("column '{column}' is empty"),
            confidence: None,
        }
    } else {
        Stance {
            label,
            source: StanceSource::Label,
            reason: format_compact!("column '{column}'"),
            confidence: None,
        }
    }
}

fn predicted(model: &StanceModel, text: &str, reason: &str) -> Stance {
    let p = model.predict(text);
    Stance {
        label: p.label.into(),
        source: StanceSource::Model,
        reason: reason.into(),
        confidence: Some(p.confidence),
    }
}

/// The texts of the posts whose cell in `column` is not empty, with those labels (trimmed and
/// lower-cased, as [`from_label`] reads them): the training data a label column gives.
#[must_use]
pub fn labelled(posts: &[Post], column: usize) -> (Vec<&str>, Vec<String>) {
    posts
        .iter()
        .filter(|p| !p.fields[column].trim().is_empty())
        .map(|p| (p.text(), p.fields[column].trim().to_lowercase()))
        .unzip()
}

/// Whether a label column with these cells is partly filled with enough labels for the
/// default method to train on them: at least [`AUTO_MIN_LABELLED`] labelled, some empty, two
/// labels or more, each on at least [`classifier::MIN_PER_CLASS`] posts.
#[must_use]
pub fn auto_viable(cells: &[&str]) -> bool {
    // Count before lower-casing: a column that is full (the usual case) or nearly empty is
    // answered without building a string per cell.
    let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
    if filled < AUTO_MIN_LABELLED || filled == cells.len() {
        return false;
    }
    let labels: Vec<String> = cells
        .iter()
        .map(|c| c.trim().to_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    let mut counts = std::collections::BTreeMap::new();
    for l in &labels {
        *counts.entry(l.as_str()).or_insert(0usize) += 1;
    }
    counts.len() >= 2 && counts.values().all(|&n| n >= classifier::MIN_PER_CLASS)
}

/// The most stances the tables and charts show: past it, the rarest labels are folded into one.
/// Each pair of stances is compared with a bootstrap, so 10,000 labels meant 50M comparisons;
/// a chart of 300 stances cannot be read.
pub const MAX_STANCES: usize = 12;

/// The label the rarest stances are folded into (or a longer one when a real stance has it).
const FOLDED: &str = "other";

/// Keep the `max - 1` most common stance labels (ties by name) and fold the others into one
/// label, `other`; each folded post's reason keeps its own label. Returns a note saying so, or
/// `None` when there are at most `max` labels.
pub fn fold_rare_labels(stances: &mut [Stance], max: usize) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in stances.iter() {
        *counts.entry(s.label.as_str()).or_insert(0) += 1;
    }
    if counts.len() <= max {
        return None;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let keep: std::collections::HashSet<String> = ranked[..max.saturating_sub(1)]
        .iter()
        .map(|(l, _)| (*l).to_owned())
        .collect();
    let mut folded_label = FOLDED.to_owned();
    while keep.contains(&folded_label) {
        folded_label = format!("({folded_label})");
    }
    let labels = ranked.len();
    let mut posts = 0usize;
    for s in stances
        .iter_mut()
        .filter(|s| !keep.contains(s.label.as_str()))
    {
        s.reason = format_compact!("label '{}', folded into '{folded_label}'", s.label);
        s.label = folded_label.as_str().into();
        posts += 1;
    }
    Some(format!(
        "{labels} stance labels: the tables and charts show the {} most common and fold the other {} labels ({posts} posts) into '{folded_label}'; each post's own label stays in the per-post frame's stance_reason",
        keep.len(),
        labels - keep.len()
    ))
}

/// Assign a stance to every post.
///
/// # Errors
/// With [`Method::Auto`], the training errors of [`classifier::train`] (too few labels).
pub fn assign(
    posts: &[Post],
    headers: &[String],
    method: &Method,
) -> Result<(Vec<Stance>, StanceInfo)> {
    match method {
        Method::Label(i) => Ok((
            posts
                .par_iter()
                .map(|p| from_label(&p.fields[*i], &headers[*i]))
                .collect(),
            StanceInfo::Label {
                column: headers[*i].clone(),
            },
        )),
        Method::Rules(rules, source) => {
            let stances: Vec<Stance> = posts.par_iter().map(|p| rules.classify(p.text())).collect();
            let unmatched = stances
                .iter()
                .filter(|s| s.reason.starts_with(cues::NO_CUE))
                .count();
            Ok((
                stances,
                StanceInfo::Rules {
                    source: source.clone(),
                    fallback: rules.fallback.clone(),
                    unmatched: unmatched as u64,
                    posts: posts.len() as u64,
                    scored_cues: rules.scored_cues(),
                },
            ))
        }
        Method::Model(model, path) => {
            let reason = format!("model {path}");
            Ok((
                posts
                    .par_iter()
                    .map(|p| predicted(model, p.text(), &reason))
                    .collect(),
                StanceInfo::Model {
                    path: path.clone(),
                    cv: Box::new(model.cross_validation.clone()),
                },
            ))
        }
        Method::Auto(i, options) => {
            let column = &headers[*i];
            let (texts, labels) = labelled(posts, *i);
            let model = classifier::train(&texts, &labels, *options, &mut |_| {})?;
            let reason = format!(
                "model trained on {} of the {} posts labelled in column '{column}'",
                model.cross_validation.posts,
                texts.len()
            );
            let stances: Vec<Stance> = posts
                .par_iter()
                .map(|p| {
                    if p.fields[*i].trim().is_empty() {
                        predicted(&model, p.text(), &reason)
                    } else {
                        from_label(&p.fields[*i], column)
                    }
                })
                .collect();
            let predicted_n = (posts.len() - texts.len()) as u64;
            Ok((
                stances,
                StanceInfo::Auto {
                    column: column.clone(),
                    labelled: texts.len() as u64,
                    predicted: predicted_n,
                    cv: Box::new(model.cross_validation),
                },
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(labels: &[&str]) -> Vec<Stance> {
        labels
            .iter()
            .map(|l| Stance {
                label: (*l).into(),
                source: StanceSource::Label,
                reason: "column 'stance'".into(),
                confidence: None,
            })
            .collect()
    }

    #[test]
    fn ten_thousand_labels_fold_into_other_past_the_most_common() {
        let mut names: Vec<String> = (0..10_000).map(|i| format!("l{i:05}")).collect();
        // Three labels are common; "other" itself is one of them, so the fold gets "(other)".
        names.extend(["a", "a", "a", "b", "b", "other", "other"].map(str::to_owned));
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut stances = labelled(&refs);
        let note = fold_rare_labels(&mut stances, 4).unwrap();
        let mut kept: Vec<&str> = stances.iter().map(|s| s.label.as_str()).collect();
        kept.sort_unstable();
        kept.dedup();
        // a (3), b (2), other (2) kept; every single-post label folded.
        assert_eq!(kept, ["(other)", "a", "b", "other"]);
        assert_eq!(stances[0].reason, "label 'l00000', folded into '(other)'");
        assert!(
            note.starts_with("10003 stance labels: the tables and charts show the 3 most common and fold the other 10000 labels (10000 posts) into '(other)'"),
            "{note}"
        );
        let mut few = labelled(&["a", "b", "c"]);
        assert_eq!(fold_rare_labels(&mut few, 3), None);
        assert_eq!(few, labelled(&["a", "b", "c"]));
    }

    #[test]
    fn labels_are_trimmed_and_case_folded_and_empty_is_unlabelled() {
        assert_eq!(from_label("  Supportive ", "stance").label, "supportive");
        // Outside ASCII, Unicode lower-casing (İ is i and a combining dot); a label past the
        // 24 bytes held inline is kept whole.
        assert_eq!(from_label("ÜBER İ", "stance").label, "über i\u{307}");
        let long = "A Label Longer Than Twenty-Four Bytes";
        assert_eq!(from_label(long, "stance").label, long.to_lowercase());
        let empty = from_label(" ", "stance");
        assert_eq!(empty.label, UNLABELLED);
        assert_eq!(empty.reason, "column 'stance' is empty");
        assert_eq!(empty.source, StanceSource::Label);
    }

    #[test]
    fn auto_needs_a_partly_filled_column_with_enough_labels() {
        let mut cells = vec!["a"; 10];
        cells.extend(vec!["B "; 10]);
        assert!(!auto_viable(&cells), "all labelled: nothing to predict");
        cells.push("");
        assert!(auto_viable(&cells));
        assert!(!auto_viable(&cells[1..]), "19 labels are too few");
        let one_label: Vec<&str> = vec!["a"; 25].into_iter().chain([""]).collect();
        assert!(!auto_viable(&one_label));
    }

    #[test]
    fn auto_keeps_human_labels_and_predicts_the_rest() {
        let post = |line: u64, text: &str, label: &str| Post {
            line,
            fields: vec![text.to_owned(), label.to_owned()].into(),
            text_index: 0,
            time: None,
            language: crate::language::Language::Unknown,
            cleaned: None,
        };
        let mut posts = Vec::new();
        for i in 0..12 {
            posts.push(post(i, &format!("comrades unite {i}"), "pro"));
            posts.push(post(100 + i, &format!("tread lightly {i}"), "con"));
        }
        posts.push(post(500, "comrades unite", ""));
        let headers = vec!["text".to_owned(), "stance".to_owned()];
        let (stances, info) =
            assign(&posts, &headers, &Method::Auto(1, TrainOptions::default())).unwrap();
        assert_eq!(stances[0].source, StanceSource::Label);
        assert_eq!(stances[0].confidence, None);
        let last = &stances[24];
        assert_eq!(
            (last.label.as_str(), last.source),
            ("pro", StanceSource::Model)
        );
        assert!(last.confidence.unwrap() > 0.5);
        match info {
            StanceInfo::Auto {
                labelled,
                predicted,
                ..
            } => assert_eq!((labelled, predicted), (24, 1)),
            other => panic!("{other:?}"),
        }
    }
}
