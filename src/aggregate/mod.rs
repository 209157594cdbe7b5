//! Aggregate: the per-post dataframe and the polars plans over it.
//!
//! Input: the scored posts; output: the per-post [`DataFrame`] on demand (every input column as
//! text, plus `source_line`, `posted_at`, the scores, sentiment, stance and duplicate flags;
//! built in chunks, never held whole by the pipeline), the per-stance
//! [`Summary`], the [`Timeline`], and the insight tables: between-stance comparisons
//! ([`compare`]), representative posts ([`examples`]), the threshold sweep ([`sweep`]) and
//! distinctive terms ([`terms`]). Group-bys run as polars lazy plans; intervals are computed from
//! the grouped moments (see [`interval`]).
//!
//! Weighting by an engagement column is in [`weights`].

pub mod boxes;
pub mod carried;
pub mod compare;
pub mod duplicates;
pub mod examples;
pub mod groups;
pub mod interval;
pub mod summary;
pub mod sweep;
pub mod targets;
pub mod terms;
pub mod threads;
pub mod timeline;
pub mod weights;

use crate::stage::Stage;
use polars::prelude::*;

use crate::config::SentimentConfig;
use crate::error::{FrameContext, Result};
use crate::ingest::{ColumnMap, IngestReport, InputInfo};
use crate::model::{
    Scored, ANALYSIS_COLUMNS, CAUTIONARY, FLAG_COLUMNS, LANGUAGE_COLUMNS, NEUTRAL, POSTED_AT,
    SENTIMENT_MODEL_COLUMNS, SOURCE_LINE, SUPPORTIVE, THREAD_COLUMNS, UNLABELLED,
};
pub use boxes::{box_stats, BoxStats};
pub use summary::{summarize, Summary, SummaryRow};
pub use timeline::{timeline, Timeline};

/// Everything the stages up to aggregation produced: what the report is made of, in four
/// parts, so each page and chart takes only what it shows.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// What was read and how the run was set up.
    pub run: RunFacts,
    /// The per-post table.
    pub posts: PostTable,
    /// The report's tables.
    pub tables: Tables,
    /// What the charts draw beyond the tables.
    pub charts: ChartData,
}

/// What was read and how the run was set up.
#[derive(Debug, Clone)]
pub struct RunFacts {
    /// Size and fingerprint of the input.
    pub input: InputInfo,
    /// Rows read, used and skipped.
    pub ingest: IngestReport,
    /// Input header names as in the file.
    pub headers: Vec<String>,
    /// The recognised columns.
    pub columns: ColumnMap,
    /// Thresholds used.
    pub sentiment: SentimentConfig,
    /// The bootstrap settings behind the comparisons, and the other insight options.
    pub insight: crate::config::InsightConfig,
    /// How stance was assigned (and, for a classifier, how well it cross-validated).
    pub stance: crate::stance::StanceInfo,
    /// Posts left out of the tables by `--exclude-duplicates`.
    pub excluded: u64,
    /// Posts left out of the tables by `--language` (their known language is another).
    pub other_language: u64,
    /// The languages of the posts that count.
    pub languages: crate::language::LanguageMix,
    /// The sentiment model that set `sentiment` (`--sentiment-model`), when one did.
    pub sentiment_model: Option<SentimentModelFacts>,
}

impl RunFacts {
    /// Warnings on the models behind the labels: a stance or sentiment model little better
    /// than chance (see [`crate::stance::CrossValidation::chance_warning`]).
    #[must_use]
    pub fn model_warnings(&self) -> Vec<String> {
        let stance = self
            .stance
            .cross_validation()
            .and_then(|cv| cv.chance_warning("stance"));
        let sentiment = self
            .sentiment_model
            .as_ref()
            .and_then(|m| m.cv.chance_warning("sentiment"));
        stance.into_iter().chain(sentiment).collect()
    }
}

/// A sentiment model's run: the model and how often it agreed with VADER.
#[derive(Debug, Clone, PartialEq)]
pub struct SentimentModelFacts {
    /// The model file.
    pub path: String,
    /// Its labels.
    pub labels: Vec<String>,
    /// Its cross-validation on its training labels.
    pub cv: crate::stance::CrossValidation,
    /// VADER's class against the model's on the posts that count.
    pub agreement: SentimentAgreement,
}

/// VADER's class (rows) against the model's (columns), positive, neutral, negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SentimentAgreement {
    /// Posts per (VADER class, model class).
    pub confusion: [[u64; 3]; 3],
}

impl SentimentAgreement {
    /// Posts counted.
    #[must_use]
    pub fn posts(&self) -> u64 {
        self.confusion.iter().flatten().sum()
    }

    /// Posts where the two classes are the same.
    #[must_use]
    pub fn agreeing(&self) -> u64 {
        (0..3).map(|k| self.confusion[k][k]).sum()
    }
}

/// The index of a sentiment class in tables: positive, neutral, negative.
#[must_use]
pub fn class_index(s: crate::model::Sentiment) -> usize {
    match s {
        crate::model::Sentiment::Positive => 0,
        crate::model::Sentiment::Neutral => 1,
        crate::model::Sentiment::Negative => 2,
    }
}

/// The per-post columns of a sentiment model: VADER's class and the model's probability.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelColumns {
    /// VADER's class per post, in input order.
    pub vader: Vec<crate::model::Sentiment>,
    /// The model's probability per post.
    pub confidence: Vec<f64>,
}

/// The per-post table: every usable post in input order, with its flags.
#[derive(Debug, Clone)]
pub struct PostTable {
    /// Output names of the input columns (clashes with ours prefixed `input_`).
    pub names: Vec<String>,
    /// Whether a `posted_at` column is written (the input has a time column).
    pub with_time: bool,
    /// Whether duplicates and retweets are left out of the tables (`included` is false).
    pub exclude_duplicates: bool,
    /// The type each input column keeps in the frames.
    pub types: Vec<carried::CarriedType>,
    /// The scored posts, in input order.
    pub scored: Vec<Scored>,
    /// Duplicate and retweet flags per post, in input order.
    pub flags: Vec<duplicates::DuplicateFlag>,
    /// Each post's thread root and depth, when threads are followed.
    pub threads: Option<threads::ThreadPlaces>,
    /// VADER's class and the model's probability per post, with `--sentiment-model`.
    pub sentiment_model: Option<ModelColumns>,
}

/// The report's tables.
#[derive(Debug, Clone)]
pub struct Tables {
    /// The per-stance summary.
    pub summary: Summary,
    /// The timeline, when the input has readable times.
    pub timeline: Option<Timeline>,
    /// Between-stance comparisons of compound.
    pub comparisons: Vec<compare::Comparison>,
    /// Shares per stance as the neutral band widens.
    pub sweep: Vec<sweep::SweepPoint>,
    /// Distinctive terms per stance.
    pub terms: Vec<terms::Term>,
    /// Engagement weights and the weighted table, with `--weight COLUMN`.
    pub weighted: Option<(weights::Weights, Vec<weights::WeightedRow>)>,
    /// Representative posts per stance.
    pub examples: Vec<examples::Example>,
    /// Each stance per group of the `--by` columns, when asked for.
    pub groups: Option<groups::Groups>,
    /// Threads from the reply-to column, when the input has one and an id column.
    pub threads: Option<threads::Threads>,
    /// Sentiment toward each `--target`, when asked for.
    pub targets: Option<targets::Targets>,
}

/// What the charts draw beyond the tables.
#[derive(Debug, Clone)]
pub struct ChartData {
    /// The distribution of compound per stance (without `all`).
    pub boxes: Vec<BoxStats>,
}

impl PostTable {
    /// The per-post frame: every usable post, flagged, in input order.
    /// Built on demand, in chunks of [`FRAME_CHUNK`] rows in parallel; a million posts take a
    /// few hundred MB.
    ///
    /// # Errors
    /// [`crate::Error::Frame`] if polars rejects the columns (a bug).
    pub fn frame(&self) -> Result<DataFrame> {
        use rayon::prelude::*;
        let starts: Vec<usize> = (0..self.scored.len()).step_by(FRAME_CHUNK).collect();
        let chunks: Vec<DataFrame> = starts
            .par_iter()
            .map(|&start| self.chunk(start..(start + FRAME_CHUNK).min(self.scored.len())))
            .collect::<Result<_>>()?;
        let mut chunks = chunks.into_iter();
        let Some(mut frame) = chunks.next() else {
            return self.chunk(0..0);
        };
        for chunk in chunks {
            frame
                .vstack_mut(&chunk)
                .frame("stacking the per-post frame")?;
        }
        Ok(frame)
    }

    /// The per-post frame of the posts in `range`.
    ///
    /// # Errors
    /// [`crate::Error::Frame`] if polars rejects the columns (a bug).
    pub(crate) fn chunk(&self, range: std::ops::Range<usize>) -> Result<DataFrame> {
        posts_chunk(self, range)
    }
}

impl Analysis {
    /// The per-post frame: every usable post, flagged, in input order.
    /// Built on demand; a million posts take a few hundred MB.
    ///
    /// # Errors
    /// [`crate::Error::Frame`] if polars rejects the columns (a bug).
    pub fn posts_frame(&self) -> Result<DataFrame> {
        self.posts.frame()
    }
}

/// The columns the summary and the timeline read, for the posts that count: `stance`,
/// `sentiment`, `compound`, `posted_at` when `with_time`, and the author column under its output
/// name when there is one.
///
/// # Errors
/// [`crate::Error::Frame`] if polars rejects the columns (a bug).
pub fn counted_frame<S: std::borrow::Borrow<Scored>>(
    counted: &[S],
    with_time: bool,
    author: Option<(usize, &str)>,
) -> Result<DataFrame> {
    let [sentiment, stance, ..] = ANALYSIS_COLUMNS;
    let mut cols = vec![
        Column::new(
            stance.into(),
            counted
                .iter()
                .map(std::borrow::Borrow::borrow)
                .map(|s| s.stance.label.as_str())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            sentiment.into(),
            counted
                .iter()
                .map(std::borrow::Borrow::borrow)
                .map(|s| s.sentiment.as_str())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            "compound".into(),
            counted
                .iter()
                .map(std::borrow::Borrow::borrow)
                .map(|s| s.scores.compound)
                .collect::<Vec<f64>>(),
        ),
    ];
    if with_time {
        cols.push(time_column(counted));
    }
    if let Some((index, name)) = author {
        cols.push(Column::new(
            name.into(),
            counted
                .iter()
                .map(std::borrow::Borrow::borrow)
                .map(|s| s.post.fields.get(index).unwrap_or(""))
                .collect::<Vec<&str>>(),
        ));
    }
    DataFrame::new(counted.len(), cols).frame("building the frame of counted posts")
}

fn time_column<S: std::borrow::Borrow<Scored>>(scored: &[S]) -> Column {
    let micros = scored
        .iter()
        .map(std::borrow::Borrow::borrow)
        .map(|s| s.post.time.map(|t| t.timestamp_micros()));
    Int64Chunked::from_iter_options(POSTED_AT.into(), micros)
        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
        .into_column()
}

/// Rows per chunk of the per-post frame. Writers encode one chunk at a time (an Arrow IPC record
/// batch is built whole in memory), so chunks bound the memory that writing takes.
pub const FRAME_CHUNK: usize = 65_536;

/// The per-post frame of the posts in `range`, in one chunk.
///
/// # Errors
/// [`crate::Error::Frame`] if polars rejects the columns (a bug).
fn posts_chunk(table: &PostTable, range: std::ops::Range<usize>) -> Result<DataFrame> {
    let (names, with_time) = (&table.names, table.with_time);
    let exclude_duplicates = table.exclude_duplicates;
    let scored = &table.scored[range.clone()];
    let flags = &table.flags[range.clone()];
    let n = scored.len();
    let mut cols: Vec<Column> = Vec::with_capacity(names.len() + 10);
    cols.push(Column::new(
        SOURCE_LINE.into(),
        scored.iter().map(|s| s.post.line).collect::<Vec<u64>>(),
    ));
    for (i, name) in names.iter().enumerate() {
        cols.push(carried::column(name, table.types[i], i, scored));
    }
    if with_time {
        cols.push(time_column(scored));
    }
    let float = |name: &str, f: fn(&Scored) -> f64| {
        Column::new(name.into(), scored.iter().map(f).collect::<Vec<f64>>())
    };
    cols.push(float("neg", |s| s.scores.neg));
    cols.push(float("neu", |s| s.scores.neu));
    cols.push(float("pos", |s| s.scores.pos));
    cols.push(float("compound", |s| s.scores.compound));
    let [sentiment, stance, source, reason, confidence] = ANALYSIS_COLUMNS;
    let text = |name: &str, f: fn(&Scored) -> &str| {
        Column::new(name.into(), scored.iter().map(f).collect::<Vec<&str>>())
    };
    cols.push(text(sentiment, |s| s.sentiment.as_str()));
    cols.push(text(stance, |s| s.stance.label.as_str()));
    cols.push(text(source, |s| s.stance.source.as_str()));
    cols.push(text(reason, |s| s.stance.reason.as_str()));
    cols.push(Column::new(
        confidence.into(),
        scored
            .iter()
            .map(|s| s.stance.confidence)
            .collect::<Vec<Option<f64>>>(),
    ));
    let [language, language_confidence] = LANGUAGE_COLUMNS;
    cols.push(Column::new(
        language.into(),
        scored
            .iter()
            .map(|s| s.post.language.code())
            .collect::<Vec<&str>>(),
    ));
    cols.push(Column::new(
        language_confidence.into(),
        scored
            .iter()
            .map(|s| s.post.language.confidence())
            .collect::<Vec<Option<f64>>>(),
    ));
    let [dup, retweet, included] = FLAG_COLUMNS;
    cols.push(Column::new(
        dup.into(),
        flags.iter().map(|f| f.duplicate_of).collect::<Vec<_>>(),
    ));
    cols.push(Column::new(
        retweet.into(),
        flags.iter().map(|f| f.retweet).collect::<Vec<_>>(),
    ));
    cols.push(Column::new(
        included.into(),
        flags
            .iter()
            .map(|f| f.included(exclude_duplicates))
            .collect::<Vec<_>>(),
    ));
    if let Some(t) = &table.threads {
        let [root, depth] = THREAD_COLUMNS;
        cols.push(Column::new(
            root.into(),
            range.clone().map(|i| t.root_of(i)).collect::<Vec<&str>>(),
        ));
        cols.push(Column::new(
            depth.into(),
            t.places[range.clone()]
                .iter()
                .map(|p| p.depth)
                .collect::<Vec<u32>>(),
        ));
    }
    if let Some(m) = &table.sentiment_model {
        let [source, confidence, vader] = SENTIMENT_MODEL_COLUMNS;
        cols.push(Column::new(source.into(), vec!["model"; n]));
        cols.push(Column::new(
            confidence.into(),
            m.confidence[range.clone()].to_vec(),
        ));
        cols.push(Column::new(
            vader.into(),
            m.vader[range]
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<&str>>(),
        ));
    }
    DataFrame::new(n, cols).frame("building the per-post frame")
}

/// Order stance labels for display: the defaults (supportive, cautionary, neutral) first, then
/// other labels by descending count, then alphabetically; `unlabelled` last.
#[must_use]
pub fn stance_order(mut counts: Vec<(String, u64)>) -> Vec<String> {
    let rank = |label: &str| match label {
        SUPPORTIVE => 0,
        CAUTIONARY => 1,
        NEUTRAL => 2,
        UNLABELLED => 4,
        _ => 3,
    };
    counts.sort_by(|(a, na), (b, nb)| {
        rank(a)
            .cmp(&rank(b))
            .then(nb.cmp(na))
            .then_with(|| a.cmp(b))
    });
    counts.into_iter().map(|(l, _)| l).collect()
}

/// Aggregate the scored posts into everything the report shows: duplicate flags, the summary,
/// the timeline, comparisons, weights, examples, the threshold sweep and distinctive terms.
/// `stage` hears each step as it starts.
///
/// # Errors
/// [`crate::Error::NoPosts`] when `--exclude-duplicates` leaves nothing; [`crate::Error::Frame`]
/// if polars fails (a bug).
pub fn aggregate(
    scored: Vec<Scored>,
    mut ingested: crate::ingest::Ingested,
    cfg: &crate::config::AnalyzeConfig,
    stopwords: &std::collections::HashSet<String>,
    (stance_info, model_sentiment): (
        crate::stance::StanceInfo,
        Option<crate::stance::sentiment_model::ModelSentiment>,
    ),
    stage: &dyn Fn(Stage),
) -> Result<Analysis> {
    let names = crate::ingest::output_names(&ingested.headers);
    let with_time = ingested.columns.time.is_some();
    stage(Stage::FlaggingDuplicates);
    let mut flags = duplicates::flag_duplicates(&scored, ingested.columns.retweet);
    let wanted = &cfg.insight.languages;
    if !wanted.is_empty() {
        for (f, s) in flags.iter_mut().zip(&scored) {
            f.other_language = s.post.language.is_other_than(wanted);
        }
    }
    let exclude = cfg.insight.exclude_duplicates;
    let name = ingested.input.name.clone();
    // The tables and charts count the included posts only.
    let counted = duplicates::counted(&scored, &flags, exclude);
    let other_language = flags.iter().filter(|f| f.other_language).count() as u64;
    let excluded = flags
        .iter()
        .filter(|f| exclude && !f.other_language && f.excluded_by_dedup())
        .count() as u64;
    if counted.is_empty() {
        return Err(crate::Error::NoPosts {
            path: name,
            detail: format!(
                "all {} are left out: {excluded} as duplicates or retweets (--exclude-duplicates) and {other_language} in other languages than {} (--language)",
                crate::words::count(scored.len() as u64, "post"),
                if wanted.is_empty() { "any".to_owned() } else { wanted.join(", ") }
            ),
        });
    }
    stage(Stage::SummaryAndTimeline);
    let author = ingested.columns.author.map(|i| (i, names[i].as_str()));
    let counted_frame = counted_frame(&counted, with_time, author)?;
    let summary = summarize(&counted_frame, author.map(|(_, n)| n))?;
    let order = summary.stance_labels();
    let timeline = timeline(&counted_frame, &order, cfg.insight.bucket)?.map(|mut t| {
        t.event = cfg.insight.event_time;
        t
    });
    if let Some(t) = &timeline {
        ingested.report.header_notes.extend(t.notes.iter().cloned());
    }
    // A column per post: freed before the later stages build their own tables.
    drop(counted_frame);
    stage(Stage::ComparingStances);
    let by_stance = compare::groups(&counted, &order);
    let comparisons = compare::compare_stances(&by_stance, cfg.insight.resamples, cfg.insight.seed);
    let weighted = ingested.columns.weight.map(|index| {
        let weights = weights::read_weights(&counted, index, &ingested.headers[index]);
        let rows = weights::weighted_summary(&counted, &weights.values, &order);
        (weights, rows)
    });
    stage(Stage::ThreadsGroupsTargets);
    let parent = ingested.columns.parent.filter(|_| cfg.insight.threads);
    let (places, threads) = match (ingested.columns.id, parent) {
        (Some(id), Some(parent)) => threads::threads(
            &scored,
            &flags,
            exclude,
            (id, parent),
            &ingested.headers[parent],
            &order,
            &name,
        )
        .map(|(places, tables)| {
            if tables.missing_parents > 0 {
                ingested.report.header_notes.push(format!(
                    "{} named in the reply-to column '{}' {} not in the file; each is the root of its own thread (its replies have depth 1)",
                    crate::words::count(tables.missing_parents, "parent"),
                    tables.column,
                    if tables.missing_parents == 1 { "is" } else { "are" }
                ));
            }
            (Some(places), Some(tables))
        })?,
        (None, Some(parent)) => {
            ingested.report.header_notes.push(format!(
                "the reply-to column '{}' is not followed: threads need post ids, and no id column was found (pass --id-column)",
                ingested.headers[parent]
            ));
            (None, None)
        }
        _ => (None, None),
    };
    let by = ingested.columns.by;
    if places.is_none() && by.contains(&Some(crate::ingest::By::Root)) {
        return Err(crate::Error::Usage(
            "--by root groups posts by their thread, and --no-threads turns threads off; drop one of them".to_owned(),
        ));
    }
    let groups = by[0].is_some().then(|| {
        let by_names = by
            .iter()
            .flatten()
            .map(|b| match b {
                crate::ingest::By::Column(i) => names[*i].clone(),
                crate::ingest::By::Root => "root".to_owned(),
            })
            .collect();
        /// Post `i`'s value for one level of `--by`.
        fn key<'a>(
            i: usize,
            s: &'a Scored,
            b: Option<crate::ingest::By>,
            places: Option<&'a threads::ThreadPlaces>,
        ) -> Option<&'a str> {
            match b {
                None => None,
                Some(crate::ingest::By::Column(c)) => s.post.fields.get(c),
                Some(crate::ingest::By::Root) => places.map(|p| p.root_of(i)),
            }
        }
        let places = places.as_ref();
        let items = scored
            .iter()
            .enumerate()
            .filter(|(i, _)| flags[*i].included(exclude))
            .map(|(i, s)| (s, [key(i, s, by[0], places), key(i, s, by[1], places)]));
        groups::groups(
            items,
            by_names,
            &order,
            cfg.insight.resamples,
            cfg.insight.seed,
        )
    });
    let targets = (!cfg.insight.targets.is_empty())
        .then(|| targets::targets(&counted, &cfg.insight.targets, &order, cfg.sentiment));
    stage(Stage::ExamplesAndSweep);
    let examples = examples::examples(&counted, &order);
    let sweep = sweep::sweep(&by_stance);
    stage(Stage::DistinctiveTerms);
    let terms = terms::distinctive_terms(&counted, &order, stopwords, terms::TOP_TERMS);
    let boxes = box_stats(&counted, &summary);
    let types = carried::carried_types(&ingested.headers, &ingested.columns, &scored);
    let (sentiment_model, model_columns) = match model_sentiment {
        Some(m) => {
            let mut agreement = SentimentAgreement::default();
            for ((s, f), vader) in scored.iter().zip(&flags).zip(&m.vader) {
                if f.included(exclude) {
                    agreement.confusion[class_index(*vader)][class_index(s.sentiment)] += 1;
                }
            }
            (
                Some(SentimentModelFacts {
                    path: m.path,
                    labels: m.labels,
                    cv: m.cv,
                    agreement,
                }),
                Some(ModelColumns {
                    vader: m.vader,
                    confidence: m.confidence,
                }),
            )
        }
        None => (None, None),
    };
    // The thread's languages, before --language leaves any out.
    let languages = crate::language::LanguageMix::count(
        scored
            .iter()
            .zip(&flags)
            .filter(|(_, f)| !(exclude && f.excluded_by_dedup()))
            .map(|(s, _)| &s.post.language),
        match ingested.columns.language {
            Some(i) => format!("from the export's column '{}'", ingested.headers[i]),
            None => "English when a post has two or more common English function words (the, and, you, that, ...), else detected with whatlang among 16 common languages, reliable guesses only"
                .to_owned(),
        },
    );
    Ok(Analysis {
        run: RunFacts {
            input: ingested.input,
            ingest: ingested.report,
            headers: ingested.headers,
            columns: ingested.columns,
            sentiment: cfg.sentiment,
            insight: cfg.insight.clone(),
            stance: stance_info,
            excluded,
            other_language,
            languages,
            sentiment_model,
        },
        posts: PostTable {
            names,
            with_time,
            exclude_duplicates: exclude,
            types,
            scored,
            flags,
            threads: places,
            sentiment_model: model_columns,
        },
        tables: Tables {
            summary,
            timeline,
            comparisons,
            sweep,
            terms,
            weighted,
            examples,
            groups,
            threads,
            targets,
        },
        charts: ChartData { boxes },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stances_are_ordered_defaults_first_unlabelled_last() {
        let counts = vec![
            ("unlabelled".to_owned(), 50),
            ("query".to_owned(), 3),
            ("neutral".to_owned(), 1),
            ("deny".to_owned(), 9),
            ("supportive".to_owned(), 2),
            ("comment".to_owned(), 3),
        ];
        assert_eq!(
            stance_order(counts),
            [
                "supportive",
                "neutral",
                "deny",
                "comment",
                "query",
                "unlabelled"
            ]
        );
    }
}
