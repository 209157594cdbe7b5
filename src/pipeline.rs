//! Pipeline: runs the stages in order (ingest, sentiment, stance, aggregate, report, output) and
//! nothing else.

use crate::stage::Stage;
use std::io::Write;

use crate::aggregate::{self, Analysis};
use crate::config::{
    AnalyzeConfig, EvaluateConfig, IngestConfig, Input, SampleConfig, TrainConfig,
};
use crate::error::{Error, Result};
use crate::evaluate::{self, EvaluationRun};
use crate::ingest::{self, output_names, IngestReport};
use crate::output::{self, Written};
use crate::report;
use crate::sentiment::{self, Scorer};
use crate::stance::{self, StanceModel};

/// Progress of a long run, reported by the pipeline; the binary draws it (the library never
/// prints). Every method does nothing by default.
pub trait Progress: Sync {
    /// A stage starts; `total` is its amount of work (bytes or posts) when known.
    fn begin(&self, _stage: Stage, _total: Option<u64>) {}
    /// `n` more units of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The run is over.
    fn finish(&self) {}
}

/// No progress reporting.
impl Progress for () {}

/// Posts `score` holds at once (read, scored in parallel, written in order).
const SCORE_BATCH: usize = 16_384;

/// Peak memory of `analyze` beyond what the input's size explains (tables, charts, the program).
const MEMORY_BASE: u64 = 150_000_000;
/// Peak memory of `analyze` per byte of input: every post is held from reading to writing, with
/// its fields, scores, stance and flags beside it.
const MEMORY_PER_INPUT_BYTE: u64 = 4;

/// About how much memory `analyze` needs at its peak for an input of `bytes` bytes, from the
/// runs on real-text posts in BENCHMARKS.md (2026-12-03): 149 MB took 0.68-0.73 GB and 1.5 GB
/// took 6.0 GB. Inputs with many short columns per post can need more per byte.
#[must_use]
pub fn analyze_memory_estimate(bytes: u64) -> u64 {
    MEMORY_BASE.saturating_add(bytes.saturating_mul(MEMORY_PER_INPUT_BYTE))
}

/// Read, score, assign stance and aggregate: everything but rendering and writing.
///
/// # Errors
/// Ingest errors; [`Error::NoPosts`] when no row is usable; [`Error::Usage`] for `--stance
/// label` or `--stance auto` without a label column, or clashing stance options; rules and
/// model file errors; training errors with `--stance auto`.
pub fn analyze(cfg: &AnalyzeConfig) -> Result<Analysis> {
    analyze_with_progress(cfg, &())
}

/// [`analyze`], reporting progress.
///
/// # Errors
/// As [`analyze`].
pub fn analyze_with_progress(cfg: &AnalyzeConfig, progress: &dyn Progress) -> Result<Analysis> {
    let stopwords = match &cfg.insight.stopwords {
        Some(path) => ingest::read_stopwords(path)?,
        None => aggregate::terms::builtin_stopwords(),
    };
    let loaded = stance::load_files(&cfg.stance)?;
    let sentiment_model = cfg
        .sentiment_model
        .as_deref()
        .map(stance::sentiment_model::SentimentModel::load)
        .transpose()?;
    let size = match &cfg.ingest.input {
        Input::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
        Input::Stdin => None,
    };
    progress.begin(Stage::Reading, size);
    let mut ingested = ingest::read_posts_with_progress(&cfg.ingest, &mut |n| progress.advance(n))?;
    let name = ingested.input.name.clone();
    if ingested.posts.is_empty() {
        let detail = if ingested.report.rows_read == 0 {
            "the file has a header but no rows".to_owned()
        } else {
            ingested.report.skipped_summary()
        };
        return Err(Error::NoPosts { path: name, detail });
    }
    let method = stance::choose_method(&cfg.stance, loaded, &ingested)?;
    progress.begin(Stage::AssigningStance, None);
    let (mut stances, stance_info) = stance::assign(&ingested.posts, &ingested.headers, &method)?;
    if let Some(note) = stance::fold_rare_labels(&mut stances, stance::MAX_STANCES) {
        ingested.report.header_notes.push(note);
    }
    progress.begin(Stage::Scoring, Some(ingested.posts.len() as u64));
    let posts = std::mem::take(&mut ingested.posts);
    let mut scored = sentiment::score_posts(posts, stances, cfg.sentiment, &|n| {
        progress.advance(n);
    });
    let model_sentiment = sentiment_model.map(|m| m.apply(&mut scored));
    let analysis = aggregate::aggregate(
        scored,
        ingested,
        cfg,
        &stopwords,
        (stance_info, model_sentiment),
        &|stage| progress.begin(stage, None),
    )?;
    Ok(analysis)
}

/// Run `analyze` end to end: analyse, render every file, write the report folder. Returns the
/// analysis and what was written.
///
/// # Errors
/// As [`analyze`]; [`Error::Render`] / [`Error::Frame`] when a file cannot be rendered;
/// [`Error::Write`], [`Error::OutputNotOurs`], [`Error::OutputInTheWay`] and
/// [`Error::NotOurFile`] when the report folder cannot be written.
pub fn run_analyze(cfg: &AnalyzeConfig, progress: &dyn Progress) -> Result<(Analysis, Written)> {
    output::check_target(&cfg.output, &cfg.ingest.input)?;
    let result = analyze_with_progress(cfg, progress).and_then(|analysis| {
        progress.begin(Stage::Rendering, None);
        let written = {
            let rendered = report::render(&analysis, cfg.output.formats)?;
            progress.begin(Stage::Writing, None);
            let waiting = || progress.begin(Stage::Waiting, None);
            output::write_report(&cfg.output, &cfg.ingest.input, &rendered, &waiting)?
        };
        Ok((analysis, written))
    });
    progress.finish();
    result
}

/// Read `--event-time` with the time options of the input (see
/// [`ingest::time::parse_event_time`]), so the flag takes every form the time column does.
///
/// # Errors
/// [`Error::Usage`] for a value no form reads.
pub fn event_time(
    arg: &str,
    time: &crate::config::TimeOptions,
) -> Result<chrono::DateTime<chrono::Utc>> {
    ingest::time::parse_event_time(arg, time)
}

/// Run `score`: stream every row of the input to `out` as CSV with neg, neu, pos and compound
/// appended, one row out per row in, in constant memory. A row that cannot be scored (wrong
/// number of fields, invalid UTF-8, empty text) is written with empty scores and counted in the
/// report.
///
/// # Errors
/// Ingest errors, and [`Error::Write`] when `out` fails (a closed pipe included).
pub fn score_stream<W: Write>(cfg: &IngestConfig, out: W) -> Result<IngestReport> {
    let mut reader = ingest::open(cfg)?;
    reader.keep_bad_rows();
    let scorer = Scorer::new();
    let mut writer = output::ScoredCsv::new(out, &output_names(reader.headers()))?;
    // Rows are read in batches and each batch is scored on all cores, then written in input
    // order: memory stays bounded by the batch, whatever the input size.
    let mut batch: Vec<ingest::Row> = Vec::with_capacity(SCORE_BATCH);
    loop {
        batch.clear();
        while batch.len() < SCORE_BATCH {
            match reader.next_row()? {
                Some(row) => batch.push(row),
                None => break,
            }
        }
        if batch.is_empty() {
            break;
        }
        let scores = sentiment::score_rows(&scorer, &batch);
        for (row, s) in batch.iter().zip(scores) {
            writer.write(row, s)?;
        }
    }
    writer.finish()?;
    Ok(reader.finish().0)
}

/// Run `train`: read the labelled posts, cross-validate, fit, write the model file atomically.
/// Rows with an empty label are left out and counted. `progress` hears each fitting step.
///
/// # Errors
/// Ingest errors; [`Error::Usage`] without a label column or with too few labels, or when the
/// model path is the input; [`Error::Write`] when the model cannot be written.
pub fn run_train(
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Result<(StanceModel, IngestReport, u64)> {
    output::check_file_target(&cfg.out, &cfg.ingest.input)?;
    let ingested = ingest::read_posts(&cfg.ingest)?;
    let Some(label) = ingested.columns.stance else {
        return Err(Error::Usage(format!(
            "no label column in {}; found: {}; pass --label-column NAME",
            ingested.input.name,
            ingested.headers.join(", ")
        )));
    };
    let (texts, labels) = stance::labelled(&ingested.posts, label);
    let unlabelled = (ingested.posts.len() - texts.len()) as u64;
    let model = stance::classifier::train(&texts, &labels, cfg.options, progress)?;
    output::write_file_atomic(&cfg.out, model.to_json()?.as_bytes())?;
    Ok((model, ingested.report, unlabelled))
}

/// What `sample` picked, as CSV, with what it left out.
#[derive(Debug)]
pub struct SampleRun {
    /// The picks and the counts behind them.
    pub sample: stance::sample::Sample,
    /// `id,text,<label column>` for each pick, the label empty.
    pub csv: Vec<u8>,
    /// Where the classes came from (`built-in rules`, a rules file or a model file).
    pub source: String,
    /// Rows read and skipped.
    pub report: IngestReport,
}

/// Run `sample`: read the posts, give each a class with the rules or the model, and choose the
/// posts to label next ([`stance::sample::choose`]). The CSV is written atomically to the out
/// file when there is one, else returned for standard output.
///
/// # Errors
/// Ingest errors, rules and model file errors; [`Error::NoPosts`] without a usable row;
/// [`Error::Write`] when the file cannot be written.
pub fn run_sample(cfg: &SampleConfig) -> Result<SampleRun> {
    if let Some(out) = &cfg.out {
        output::check_file_target(out, &cfg.ingest.input)?;
    }
    let method = match (&cfg.model, &cfg.rules) {
        (Some(path), _) => stance::Method::Model(
            Box::new(StanceModel::load(path)?),
            path.display().to_string(),
        ),
        (None, Some(path)) => stance::Method::Rules(
            stance::cues::CueRules::load(path)?,
            path.display().to_string(),
        ),
        (None, None) => stance::Method::Rules(
            stance::cues::CueRules::builtin(),
            "built-in rules".to_owned(),
        ),
    };
    let ingested = ingest::read_posts(&cfg.ingest)?;
    if ingested.posts.is_empty() {
        return Err(Error::NoPosts {
            path: ingested.input.name.clone(),
            detail: ingested.report.skipped_summary(),
        });
    }
    let (stances, _) = stance::assign(&ingested.posts, &ingested.headers, &method)?;
    let mut done = std::collections::HashSet::new();
    for path in &cfg.exclude {
        done.extend(ingest::read_ids(path)?);
    }
    let id_of = |post: &crate::model::Post| match ingested.columns.id {
        Some(c) => post.fields[c].trim().to_owned(),
        None => post.line.to_string(),
    };
    let sample = stance::sample::choose(
        &ingested.posts,
        &stances,
        &|post| !done.is_empty() && done.contains(&id_of(post)),
        ingested.columns.retweet,
        (cfg.count, cfg.seed),
    );
    let picks: Vec<(String, &str)> = sample
        .picks
        .iter()
        .map(|&i| (id_of(&ingested.posts[i]), ingested.posts[i].text()))
        .collect();
    let csv = output::to_label_csv(&cfg.label_column, &picks)?;
    if let Some(out) = &cfg.out {
        output::write_file_atomic(out, &csv)?;
    }
    let source = match &method {
        stance::Method::Model(_, path) => format!("the model {path}"),
        stance::Method::Rules(_, source) => source.clone(),
        stance::Method::Label(_) | stance::Method::Auto(..) => String::new(),
    };
    Ok(SampleRun {
        sample,
        csv,
        source,
        report: ingested.report,
    })
}

/// Run `evaluate`: read the gold and predicted columns and judge their agreement.
///
/// # Errors
/// [`Error::UnknownColumn`] for a missing column; [`Error::Usage`] for a gold and predicted
/// column that are the same or hold different kinds of values; [`Error::Cell`] for an unreadable
/// number; ingest errors.
pub fn run_evaluate(cfg: &EvaluateConfig) -> Result<EvaluationRun> {
    evaluate::run(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_estimate_is_within_a_fifth_of_the_measured_peaks() {
        // (input bytes, peak RSS in bytes) of the real-text runs in BENCHMARKS.md: the
        // largest of the three 1M runs (732 MB), and the 10M run (5,996,472 KiB).
        for (bytes, peak) in [
            (149_268_000u64, 732_000_000u64),
            (1_512_458_810, 6_140_387_000),
        ] {
            let estimate = analyze_memory_estimate(bytes) as f64;
            let ratio = estimate / peak as f64;
            assert!((0.8..1.2).contains(&ratio), "{bytes}: {estimate} vs {peak}");
        }
        assert_eq!(analyze_memory_estimate(u64::MAX), u64::MAX);
    }
}
