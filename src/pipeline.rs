//! Pipeline: runs the stages in order (ingest, sentiment, stance, aggregate, report, output) and
//! nothing else.

use std::io::Write;

use rayon::prelude::*;

use crate::aggregate::{self, Analysis};
use crate::config::{
    AnalyzeConfig, EvaluateConfig, IngestConfig, Input, StanceConfig, StanceMethod, TrainConfig,
};
use crate::error::{Error, Result};
use crate::evaluate::{self, EvaluationRun};
use crate::ingest::{self, output_names, IngestReport, Ingested};
use crate::model::{Scored, SCORE_COLUMNS};
use crate::output;
use crate::report;
use crate::sentiment::{self, Scorer};
use crate::stance::{self, CueRules, Method, StanceModel};

/// Progress of a long run, reported by the pipeline; the binary draws it (the library never
/// prints). Every method does nothing by default.
pub trait Progress: Sync {
    /// A stage starts; `total` is its amount of work (bytes or posts) when known.
    fn begin(&self, _stage: &str, _total: Option<u64>) {}
    /// `n` more units of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The run is over.
    fn finish(&self) {}
}

/// No progress reporting.
impl Progress for () {}

/// Fewest posts per parallel scoring task.
const SCORE_CHUNK: usize = 4096;

/// Posts `score` holds at once (read, scored in parallel, written in order).
const SCORE_BATCH: usize = 16_384;

/// Read, score, assign stance and aggregate: everything but rendering and writing.
///
/// # Errors
/// Ingest errors; [`Error::NoPosts`] when no row is usable; [`Error::Usage`] for `--stance
/// label` or `--stance auto` without a label column, or clashing stance options; rules and
/// model file errors; training errors with `--stance auto`.
pub fn analyze(cfg: &AnalyzeConfig) -> Result<Analysis> {
    analyze_with(cfg, &())
}

/// [`analyze`], reporting progress.
///
/// # Errors
/// As [`analyze`].
pub fn analyze_with(cfg: &AnalyzeConfig, progress: &dyn Progress) -> Result<Analysis> {
    let stopwords = match &cfg.insight.stopwords {
        Some(path) => ingest::read_stopwords(path)?,
        None => aggregate::terms::builtin_stopwords(),
    };
    let loaded = load_stance_files(&cfg.stance)?;
    let size = match &cfg.ingest.input {
        Input::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
        Input::Stdin => None,
    };
    progress.begin("reading", size);
    let mut ingested = ingest::read_posts_with(&cfg.ingest, &mut |n| progress.advance(n))?;
    let name = ingested.input.name.clone();
    if ingested.posts.is_empty() {
        let detail = if ingested.report.rows_read == 0 {
            "the file has a header but no rows".to_owned()
        } else {
            ingested.report.skipped_summary()
        };
        return Err(Error::NoPosts { path: name, detail });
    }
    let method = stance_method(&cfg.stance, loaded, &ingested)?;
    progress.begin("assigning stance", None);
    let (mut stances, stance_info) = stance::assign(&ingested.posts, &ingested.headers, &method)?;
    if let Some(note) = stance::fold_rare_labels(&mut stances, stance::MAX_STANCES) {
        ingested.report.header_notes.push(note);
    }
    let scorer = Scorer::new();
    progress.begin("scoring", Some(ingested.posts.len() as u64));
    // Scoring is the heavy per-post stage: in parallel over chunks, results in input order,
    // progress counted once per chunk (a shared counter per post costs more than it tells).
    let scored: Vec<Scored> = ingested
        .posts
        .into_par_iter()
        .zip(stances)
        .chunks(SCORE_CHUNK)
        .flat_map_iter(|chunk| {
            progress.advance(chunk.len() as u64);
            chunk.into_iter().map(|(post, stance)| {
                let scores = scorer.score_with(post.text(), cfg.sentiment.long_posts);
                Scored {
                    sentiment: sentiment::classify(scores.compound, cfg.sentiment),
                    scores,
                    stance,
                    post,
                }
            })
        })
        .collect();
    let names = output_names(&ingested.headers);
    let with_time = ingested.columns.time.is_some();
    progress.begin("flagging duplicates", None);
    let flags = aggregate::duplicates::flag_duplicates(&scored);
    let exclude = cfg.insight.exclude_duplicates;
    // The tables and charts count the included posts only.
    let counted = aggregate::duplicates::counted(&scored, &flags, exclude);
    let excluded = (scored.len() - counted.len()) as u64;
    if counted.is_empty() {
        return Err(Error::NoPosts {
            path: name,
            detail: format!(
                "all {excluded} posts are duplicates or retweets; drop --exclude-duplicates"
            ),
        });
    }
    progress.begin("summary and timeline", None);
    let author = ingested.columns.author.map(|i| (i, names[i].as_str()));
    let counted_frame = aggregate::counted_frame(&counted, with_time, author)?;
    let summary = aggregate::summarize(&counted_frame, author.map(|(_, n)| n))?;
    let order = summary.stance_labels();
    let timeline = aggregate::timeline(&counted_frame, &order, cfg.insight.bucket)?;
    if let Some(t) = &timeline {
        ingested.report.header_notes.extend(t.notes.iter().cloned());
    }
    progress.begin("comparing stances", None);
    let groups = aggregate::compare::groups(&counted, &order);
    let comparisons =
        aggregate::compare::compare_stances(&groups, cfg.insight.resamples, cfg.insight.seed);
    let weighted = ingested.columns.weight.map(|index| {
        let weights = aggregate::weights::read_weights(&counted, index, &ingested.headers[index]);
        let rows = aggregate::weights::weighted_summary(&counted, &weights.values, &order);
        (weights, rows)
    });
    progress.begin("examples and sweep", None);
    let examples = aggregate::examples::examples(&counted, &order);
    let sweep = aggregate::sweep::sweep(&groups);
    progress.begin("distinctive terms", None);
    let terms = aggregate::terms::distinctive_terms(
        &counted,
        &order,
        &stopwords,
        aggregate::terms::TOP_TERMS,
    );
    Ok(Analysis {
        input: ingested.input,
        ingest: ingested.report,
        headers: ingested.headers,
        names,
        columns: ingested.columns,
        sentiment: cfg.sentiment,
        scored,
        flags,
        excluded,
        summary,
        timeline,
        comparisons,
        examples,
        sweep,
        terms,
        weighted,
        insight: cfg.insight.clone(),
        stance: stance_info,
    })
}

/// The rules file and model file named in the configuration, read before the input so a bad
/// file stops the run at once.
fn load_stance_files(cfg: &StanceConfig) -> Result<(Option<CueRules>, Option<StanceModel>)> {
    let clash = |flag: &str, allowed: &str| {
        Err(Error::Usage(format!(
            "{flag} is used with {allowed} (or without --stance); drop one of the two"
        )))
    };
    match cfg.method {
        StanceMethod::Label | StanceMethod::Auto | StanceMethod::Model if cfg.rules.is_some() => {
            return clash("--stance-rules", "--stance rules");
        }
        StanceMethod::Label | StanceMethod::Auto | StanceMethod::Rules if cfg.model.is_some() => {
            return clash("--stance-model", "--stance model");
        }
        StanceMethod::Detect if cfg.rules.is_some() && cfg.model.is_some() => {
            return Err(Error::Usage(
                "--stance-rules and --stance-model both given; choose one".to_owned(),
            ));
        }
        _ => {}
    }
    let rules = cfg.rules.as_deref().map(CueRules::load).transpose()?;
    let model = cfg.model.as_deref().map(StanceModel::load).transpose()?;
    Ok((rules, model))
}

/// Resolve the configured stance method against the input (is there a label column, how full
/// is it).
fn stance_method(
    cfg: &StanceConfig,
    (rules, model): (Option<CueRules>, Option<StanceModel>),
    ingested: &Ingested,
) -> Result<Method> {
    let rules_method = |rules: Option<CueRules>| match (rules, &cfg.rules) {
        (Some(r), Some(path)) => Method::Rules(r, path.display().to_string()),
        _ => Method::Rules(CueRules::builtin(), "built-in rules".to_owned()),
    };
    let label_column = |flag: &str| {
        ingested.columns.stance.ok_or_else(|| {
            Error::Usage(format!(
                "{flag}: no stance column in {}; found: {}; pass --stance-column NAME",
                ingested.input.name,
                ingested.headers.join(", ")
            ))
        })
    };
    let model_method = |model: Option<StanceModel>| match (model, &cfg.model) {
        (Some(m), Some(path)) => Ok(Method::Model(Box::new(m), path.display().to_string())),
        _ => Err(Error::Usage(
            "--stance model needs --stance-model FILE (write one with `reactions train`)"
                .to_owned(),
        )),
    };
    match cfg.method {
        StanceMethod::Label => Ok(Method::Label(label_column("--stance label")?)),
        StanceMethod::Auto => Ok(Method::Auto(label_column("--stance auto")?, cfg.train)),
        StanceMethod::Rules => Ok(rules_method(rules)),
        StanceMethod::Model => model_method(model),
        StanceMethod::Detect if model.is_some() => model_method(model),
        StanceMethod::Detect if rules.is_some() => Ok(rules_method(rules)),
        StanceMethod::Detect => Ok(match ingested.columns.stance {
            Some(i) => {
                let cells: Vec<&str> = ingested.posts.iter().map(|p| &p.fields[i]).collect();
                if stance::auto_viable(&cells) {
                    Method::Auto(i, cfg.train)
                } else {
                    Method::Label(i)
                }
            }
            None => rules_method(None),
        }),
    }
}

/// The files a report run wrote, and what the user should hear about writing them.
#[derive(Debug)]
pub struct Written {
    /// The names of the files written, in the manifest's order.
    pub names: Vec<String>,
    /// Warnings from putting the report in place (the new report is complete all the same).
    pub warnings: Vec<String>,
}

/// Run `analyze` end to end: analyse, render every file, write the report folder. Returns the
/// analysis and what was written.
///
/// # Errors
/// As [`analyze`], [`report::render`] and [`output::write_report`].
pub fn run_analyze(cfg: &AnalyzeConfig, progress: &dyn Progress) -> Result<(Analysis, Written)> {
    output::check_target(&cfg.output, &cfg.ingest.input)?;
    let result = analyze_with(cfg, progress).and_then(|analysis| {
        progress.begin("rendering charts and tables", None);
        let names = {
            let rendered = report::render(&analysis, cfg.output.formats)?;
            progress.begin("writing", None);
            let waiting = || progress.begin("waiting for another run writing there", None);
            let written = output::write_report(
                &cfg.output,
                &cfg.ingest.input,
                &rendered.files,
                &rendered.streamed,
                &waiting,
            )?;
            Written {
                names: rendered.names,
                warnings: written.warnings,
            }
        };
        Ok((analysis, names))
    });
    progress.finish();
    result
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
    let width = reader.headers().len();
    let scorer = Scorer::new();
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    let stdout = || std::path::PathBuf::from("<stdout>");
    let fail = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::Write {
            path: stdout(),
            source,
        },
        other => Error::Write {
            path: stdout(),
            source: std::io::Error::other(format!("{other:?}")),
        },
    };
    let mut header = output_names(reader.headers());
    header.extend(SCORE_COLUMNS.iter().map(|s| (*s).to_owned()));
    w.write_record(&header).map_err(fail)?;
    // Rows are read in batches and each batch is scored on all cores, then written in input
    // order: memory stays bounded by the batch, whatever the input size. A row that cannot be
    // a post is written too, padded to the header's width, with empty scores.
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
        let scores: Vec<Option<crate::model::Scores>> = batch
            .par_iter()
            .with_min_len(SCORE_CHUNK / 4)
            .map(|row| match row {
                ingest::Row::Post(post) => Some(scorer.score(post.text())),
                ingest::Row::Bad { .. } => None,
            })
            .collect();
        for (row, s) in batch.iter().zip(scores) {
            match row {
                ingest::Row::Post(post) => {
                    for field in post.fields.iter() {
                        w.write_field(field).map_err(fail)?;
                    }
                }
                ingest::Row::Bad { fields, .. } => {
                    for field in fields {
                        w.write_field(field).map_err(fail)?;
                    }
                    for _ in fields.len()..width {
                        w.write_field("").map_err(fail)?;
                    }
                }
            }
            match s {
                Some(s) => {
                    for x in [s.neg, s.neu, s.pos, s.compound] {
                        w.write_field(x.to_string()).map_err(fail)?;
                    }
                }
                None => {
                    for _ in 0..SCORE_COLUMNS.len() {
                        w.write_field("").map_err(fail)?;
                    }
                }
            }
            w.write_record(None::<&[u8]>).map_err(fail)?;
        }
    }
    w.flush().map_err(|source| Error::Write {
        path: stdout(),
        source,
    })?;
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
    if let Input::File(input) = &cfg.ingest.input {
        if same_file(input, &cfg.out) {
            return Err(Error::Usage(format!(
                "the model path {} is the input file; choose another -o/--out",
                cfg.out.display()
            )));
        }
    }
    output::check_file_target(&cfg.out)?;
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

/// Whether two paths name one existing file.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Run `evaluate`: read the gold and predicted columns and judge their agreement.
///
/// # Errors
/// As [`evaluate::run`].
pub fn run_evaluate(cfg: &EvaluateConfig) -> Result<EvaluationRun> {
    evaluate::run(cfg)
}
