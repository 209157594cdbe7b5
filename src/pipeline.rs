//! Pipeline: runs the stages in order (ingest, sentiment, stance, aggregate, report, output) and
//! nothing else.

use std::io::Write;

use crate::aggregate::{self, Analysis};
use crate::config::{AnalyzeConfig, IngestConfig, StanceMethod};
use crate::error::{Error, Result};
use crate::ingest::{self, output_names, IngestReport};
use crate::model::{Scored, SCORE_COLUMNS};
use crate::output;
use crate::report::{self, RenderedFile};
use crate::sentiment::{self, Scorer};
use crate::stance::{self, CueRules};

/// Read, score, assign stance and aggregate: everything but rendering and writing.
///
/// # Errors
/// Ingest errors; [`Error::NoPosts`] when no row is usable; [`Error::Usage`] for `--stance
/// label` without a label column.
pub fn analyze(cfg: &AnalyzeConfig) -> Result<Analysis> {
    let stopwords = match &cfg.insight.stopwords {
        Some(path) => ingest::read_stopwords(path)?,
        None => aggregate::terms::builtin_stopwords(),
    };
    let ingested = ingest::read_posts(&cfg.ingest)?;
    let name = ingested.input.name.clone();
    if ingested.posts.is_empty() {
        let detail = if ingested.report.rows_read == 0 {
            "the file has a header but no rows".to_owned()
        } else {
            ingested.report.skipped_summary()
        };
        return Err(Error::NoPosts { path: name, detail });
    }
    let label_column = match (cfg.stance.method, ingested.columns.stance) {
        (StanceMethod::Rules, _) => None,
        (_, Some(i)) => Some(i),
        (StanceMethod::Label, None) => {
            return Err(Error::Usage(format!(
                "--stance label: no stance column in {name}; found: {}; pass --stance-column NAME or use --stance rules",
                ingested.headers.join(", ")
            )))
        }
        (StanceMethod::Detect, None) => None,
    };
    let scorer = Scorer::new();
    let rules = CueRules::builtin();
    let scored: Vec<Scored> = ingested
        .posts
        .into_iter()
        .map(|post| {
            let scores = scorer.score_with(post.text(), cfg.sentiment.long_posts);
            let stance = match label_column {
                Some(i) => stance::from_label(&post.fields[i], &ingested.headers[i]),
                None => rules.classify(post.text()),
            };
            Scored {
                sentiment: sentiment::classify(scores.compound, cfg.sentiment),
                scores,
                stance,
                post,
            }
        })
        .collect();
    let names = output_names(&ingested.headers);
    let with_time = ingested.columns.time.is_some();
    let flags = aggregate::duplicates::flag_duplicates(&scored);
    let exclude = cfg.insight.exclude_duplicates;
    let posts = aggregate::posts_frame(&names, with_time, &scored, &flags, exclude)?;
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
    let counted_frame = aggregate::included(&posts)?;
    let author = ingested.columns.author.map(|i| names[i].as_str());
    let summary = aggregate::summarize(&counted_frame, author)?;
    let order = summary.stance_labels();
    let bucket = cfg
        .insight
        .bucket
        .as_deref()
        .map(aggregate::timeline::bucket_for)
        .transpose()?;
    let timeline = aggregate::timeline(&counted_frame, &order, bucket)?;
    let groups = aggregate::compare::groups(&counted, &order);
    let comparisons =
        aggregate::compare::compare_stances(&groups, cfg.insight.resamples, cfg.insight.seed);
    let weighted = match &cfg.insight.weight {
        None => None,
        Some(column) => {
            let index = ingested
                .headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(column.trim()))
                .ok_or_else(|| Error::UnknownColumn {
                    path: name.clone(),
                    flag: "--weight",
                    name: column.clone(),
                    found: ingested.headers.join(", "),
                })?;
            let weights =
                aggregate::weights::read_weights(&counted, index, &ingested.headers[index]);
            let rows = aggregate::weights::weighted_summary(&counted, &weights.values, &order);
            Some((weights, rows))
        }
    };
    let examples = aggregate::examples::examples(&counted, &order);
    let sweep = aggregate::sweep::sweep(&counted, &order);
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
        posts,
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
    })
}

/// Run `analyze` end to end: analyse, render every file, write the report folder.
///
/// # Errors
/// As [`analyze`], [`report::render`] and [`output::write_report`].
pub fn run_analyze(cfg: &AnalyzeConfig) -> Result<(Analysis, Vec<RenderedFile>)> {
    output::check_target(&cfg.output, &cfg.ingest.input)?;
    let analysis = analyze(cfg)?;
    let files = report::render(&analysis)?;
    output::write_report(&cfg.output, &files)?;
    Ok((analysis, files))
}

/// Run `score`: stream every row of the input to `out` as CSV with neg, neu, pos and compound
/// appended, one row out per usable row in, in constant memory.
///
/// # Errors
/// Ingest errors, and [`Error::Write`] when `out` fails (a closed pipe included).
pub fn score_stream<W: Write>(cfg: &IngestConfig, out: W) -> Result<IngestReport> {
    let mut reader = ingest::open(cfg)?;
    let scorer = Scorer::new();
    let mut w = csv::Writer::from_writer(out);
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
    while let Some(post) = reader.next_post()? {
        let s = scorer.score(post.text());
        for field in &post.fields {
            w.write_field(field).map_err(fail)?;
        }
        for x in [s.neg, s.neu, s.pos, s.compound] {
            w.write_field(x.to_string()).map_err(fail)?;
        }
        w.write_record(None::<&[u8]>).map_err(fail)?;
    }
    w.flush().map_err(|source| Error::Write {
        path: stdout(),
        source,
    })?;
    Ok(reader.finish().0)
}
