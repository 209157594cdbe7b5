//! Resolved, validated options: one small struct per stage.
//!
//! The command line (`cli.rs`) is turned into these before any work starts; the library never
//! sees clap. Library users build them directly.

use std::fmt;
use std::path::{Path, PathBuf};

pub use encoding_rs::Encoding;

use crate::error::{Error, Result};

/// Where posts are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file path.
    File(PathBuf),
}

impl Input {
    /// Parse a command-line argument: `-` means standard input.
    #[must_use]
    pub fn from_arg(arg: &Path) -> Input {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(arg.to_path_buf())
        }
    }

    /// A short stem used to name the default report folder.
    #[must_use]
    pub fn stem(&self) -> String {
        match self {
            Input::Stdin => "stdin".to_owned(),
            Input::File(p) => p
                .file_stem()
                .map_or_else(|| "input".to_owned(), |s| s.to_string_lossy().into_owned()),
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Column names the user gave explicitly; `None` means "detect by name".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnChoice {
    /// The post text.
    pub text: Option<String>,
    /// A post id.
    pub id: Option<String>,
    /// The author or account.
    pub author: Option<String>,
    /// The posting time.
    pub time: Option<String>,
    /// Hand-made stance labels.
    pub stance: Option<String>,
    /// The id of the post this one replies to.
    pub parent: Option<String>,
    /// Likes or another engagement count.
    pub likes: Option<String>,
    /// An engagement column to weight means and shares by (`--weight`; each post counts
    /// 1 + its value); resolved with the other columns, so a wrong name fails at the header.
    pub weight: Option<String>,
    /// Columns to group the tables by (`--by`; at most [`MAX_BY`]); resolved with the other
    /// columns, so a wrong name fails at the header.
    pub by: Vec<String>,
}

/// Most `--by` columns: one, or two for a two-level table.
pub const MAX_BY: usize = 2;

/// The default limit on the size of one row, in bytes (16 MiB).
pub const DEFAULT_MAX_ROW_BYTES: u64 = 16 * 1024 * 1024;

/// The largest `--max-row-bytes` accepted (4 GiB - 1): a row's field ends are kept as 32-bit
/// offsets. A larger [`IngestConfig::max_row_bytes`] given through the library counts as this.
pub const MAX_ROW_BYTES_CEILING: u64 = u32::MAX as u64;

/// Options of the ingest stage.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestConfig {
    /// Where to read.
    pub input: Input,
    /// Explicit column names.
    pub columns: ColumnChoice,
    /// Turn the first bad row into an error instead of skipping it.
    pub strict: bool,
    /// Skip rows whose text is empty or only white space (analyze does; score keeps them).
    pub skip_empty_text: bool,
    /// The input's encoding; `None` means UTF-8 unless a byte-order mark says otherwise.
    pub encoding: Option<&'static Encoding>,
    /// The field delimiter; `None` means sniff it from the header line.
    pub delimiter: Option<u8>,
    /// The largest row accepted, in bytes; larger is an error (memory stays bounded). At most
    /// [`MAX_ROW_BYTES_CEILING`]; a larger value counts as that.
    pub max_row_bytes: u64,
    /// The largest share of rows, in percent, that one reason may skip before the run stops
    /// (only when at least [`MIN_SKIPS_THAT_STOP`] rows are skipped for it).
    pub max_skipped_percent: f64,
    /// How the time column is read.
    pub time: TimeOptions,
    /// Whether times are read at all (`analyze`; `score`, `train` and `evaluate` do not use them,
    /// so they neither parse nor warn about them).
    pub read_times: bool,
    /// Whether each post's language is read or detected (`analyze`).
    pub read_language: bool,
    /// Score the text as written: keep HTML tags and entities (see [`crate::ingest::markup`]).
    pub keep_markup: bool,
}

/// Day-first or month-first, for dates like `1/2/2019`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Decided from the whole column (a field above 12 settles it).
    #[default]
    Detect,
    /// `--day-first`: 1/2/2019 is the 1st of February.
    DayFirst,
    /// `--month-first`: 1/2/2019 is the 2nd of January.
    MonthFirst,
}

/// The zone of times written without an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// UTC (the default).
    #[default]
    Utc,
    /// A fixed offset such as `+05:30`.
    Fixed(chrono::FixedOffset),
    /// A named IANA zone such as `Europe/Rome` (daylight saving time applied).
    Named(chrono_tz::Tz),
}

impl Zone {
    /// `local` read as a time in this zone, in UTC: a time repeated when clocks go back is read
    /// as the first; one skipped when they go forward does not exist (`None`).
    #[must_use]
    pub fn to_utc(&self, local: chrono::NaiveDateTime) -> Option<chrono::DateTime<chrono::Utc>> {
        use chrono::TimeZone;
        match self {
            Zone::Utc => Some(local.and_utc()),
            Zone::Fixed(o) => o.from_local_datetime(&local).earliest().map(|t| t.to_utc()),
            Zone::Named(tz) => tz
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.to_utc()),
        }
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Zone::Utc => f.write_str("UTC"),
            Zone::Fixed(o) => write!(f, "UTC{o}"),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

/// Read `--time-zone`: `UTC`, an offset (`+05:30`, `-0800`) or an IANA name (`Europe/Rome`).
///
/// # Errors
/// [`Error::Usage`] naming the accepted forms.
pub fn zone_for(name: &str) -> Result<Zone> {
    let trimmed = name.trim();
    if trimmed.eq_ignore_ascii_case("utc") || trimmed.eq_ignore_ascii_case("z") {
        return Ok(Zone::Utc);
    }
    if let Some(o) = parse_offset(trimmed) {
        return Ok(Zone::Fixed(o));
    }
    trimmed
        .parse::<chrono_tz::Tz>()
        .map(Zone::Named)
        .map_err(|_| {
            Error::Usage(format!(
                "--time-zone {name}: not a zone; use UTC, an offset such as +05:30, or an IANA name such as Europe/Rome or America/New_York"
            ))
        })
}

/// `+0100`, `-08:00`, `+05`.
pub(crate) fn parse_offset(s: &str) -> Option<chrono::FixedOffset> {
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits.get(2..).map_or(Some(0), |m| m.parse().ok())?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    chrono::FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// How the time column is read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimeOptions {
    /// Day-first or month-first, or decided from the column.
    pub order: DateOrder,
    /// A strftime pattern replacing the built-in forms (`--time-format`).
    pub format: Option<String>,
    /// The zone of times without an offset (`--time-zone`).
    pub zone: Zone,
}

/// The default of [`IngestConfig::max_skipped_percent`]: a run that loses more than 1% of its
/// rows for one reason stops and says why.
pub const DEFAULT_MAX_SKIPPED_PERCENT: f64 = 1.0;

/// Fewer skipped rows than this never stop a run, whatever their share.
pub const MIN_SKIPS_THAT_STOP: u64 = 10;

impl IngestConfig {
    /// Defaults for reading `input`: detected columns, UTF-8, sniffed delimiter, bad rows skipped.
    #[must_use]
    pub fn new(input: Input) -> Self {
        IngestConfig {
            input,
            columns: ColumnChoice::default(),
            strict: false,
            skip_empty_text: true,
            encoding: None,
            delimiter: None,
            max_row_bytes: DEFAULT_MAX_ROW_BYTES,
            max_skipped_percent: DEFAULT_MAX_SKIPPED_PERCENT,
            time: TimeOptions::default(),
            read_times: true,
            read_language: true,
            keep_markup: false,
        }
    }
}

/// Resolve an `--encoding` label (any WHATWG label: utf-8, utf-16le, utf-16be, windows-1252,
/// latin1, iso-8859-1, ...).
///
/// # Errors
/// [`Error::Usage`] for an unknown label.
pub fn encoding_for(label: &str) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        Error::Usage(format!(
            "--encoding {label}: unknown encoding; try utf-8, windows-1252 (also for latin1), utf-16le or utf-16be"
        ))
    })
}

/// Resolve a `--delimiter` argument: one ASCII character, or `tab`.
///
/// # Errors
/// [`Error::Usage`] for anything else, or for a quote or line break.
pub fn delimiter_for(arg: &str) -> Result<u8> {
    let byte = match arg {
        "tab" | "\\t" | "\t" => Some(b'\t'),
        s if s.len() == 1 && s.is_ascii() => s.bytes().next(),
        _ => None,
    };
    match byte {
        Some(b) if b != b'"' && b != b'\n' && b != b'\r' => Ok(b),
        _ => Err(Error::Usage(format!(
            "--delimiter {arg}: give one ASCII character such as , ; | or the word tab"
        ))),
    }
}

/// Options of the sentiment stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentimentConfig {
    /// A post is positive when `compound >= threshold`, negative when `compound <= -threshold`.
    pub threshold: f64,
    /// Whole text (reference) or the mean over sentences.
    pub long_posts: LongPosts,
}

impl SentimentConfig {
    /// The threshold VADER's authors recommend.
    pub const DEFAULT_THRESHOLD: f64 = 0.05;

    /// Validate a threshold: it must lie in (0, 1).
    ///
    /// # Errors
    /// [`Error::Usage`] when out of range.
    pub fn new(threshold: f64) -> Result<Self> {
        if threshold.is_finite() && threshold > 0.0 && threshold < 1.0 {
            Ok(SentimentConfig {
                threshold,
                long_posts: LongPosts::Whole,
            })
        } else {
            Err(Error::Usage(format!(
                "--threshold {threshold}: must be between 0 and 1 (exclusive); VADER's usual value is 0.05"
            )))
        }
    }
}

impl Default for SentimentConfig {
    fn default() -> Self {
        SentimentConfig {
            threshold: Self::DEFAULT_THRESHOLD,
            long_posts: LongPosts::Whole,
        }
    }
}

/// How stance is assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StanceMethod {
    /// A model when `--stance-model` is given, rules when `--stance-rules` is given; else the
    /// label column when one is found (trained on and completed by a classifier when it is
    /// partly filled with enough labels), else the built-in cue rules.
    #[default]
    Detect,
    /// The label column; an error when there is none.
    Label,
    /// Cue rules (the file of `rules`, else the built-in ones), even when a label column exists.
    Rules,
    /// The model file of `model`.
    Model,
    /// Train a classifier on the labelled rows of the label column and label the others.
    Auto,
}

/// Options of the stance stage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StanceConfig {
    /// The method.
    pub method: StanceMethod,
    /// A TOML cue rules file replacing the built-in rules.
    pub rules: Option<PathBuf>,
    /// A model file written by `reactions train`.
    pub model: Option<PathBuf>,
    /// Cross-validation folds and seed for a classifier trained in the run.
    pub train: TrainOptions,
}

impl StanceConfig {
    /// Refuse stance flags that contradict each other (`--stance rules --stance-model m.json`).
    ///
    /// # Errors
    /// [`Error::Usage`] naming the two flags.
    pub fn check(&self) -> Result<()> {
        let clash = |flag: &str, allowed: &str| {
            Err(Error::Usage(format!(
                "{flag} is used with {allowed} (or without --stance); drop one of the two"
            )))
        };
        match self.method {
            StanceMethod::Label | StanceMethod::Auto | StanceMethod::Model
                if self.rules.is_some() =>
            {
                clash("--stance-rules", "--stance rules")
            }
            StanceMethod::Label | StanceMethod::Auto | StanceMethod::Rules
                if self.model.is_some() =>
            {
                clash("--stance-model", "--stance model")
            }
            StanceMethod::Detect if self.rules.is_some() && self.model.is_some() => Err(
                Error::Usage("--stance-rules and --stance-model both given; choose one".to_owned()),
            ),
            _ => Ok(()),
        }
    }
}

/// A time bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    /// Length in seconds.
    pub seconds: i64,
    /// Short human label, e.g. `15m`.
    pub label: &'static str,
}

/// The bucket sizes we choose from, smallest first.
pub const BUCKETS: [Bucket; 10] = [
    Bucket {
        seconds: 60,
        label: "1m",
    },
    Bucket {
        seconds: 300,
        label: "5m",
    },
    Bucket {
        seconds: 900,
        label: "15m",
    },
    Bucket {
        seconds: 1800,
        label: "30m",
    },
    Bucket {
        seconds: 3600,
        label: "1h",
    },
    Bucket {
        seconds: 10_800,
        label: "3h",
    },
    Bucket {
        seconds: 21_600,
        label: "6h",
    },
    Bucket {
        seconds: 43_200,
        label: "12h",
    },
    Bucket {
        seconds: 86_400,
        label: "1d",
    },
    Bucket {
        seconds: 604_800,
        label: "7d",
    },
];

/// The bucket named by `label` (`1m`, `5m`, `15m`, `30m`, `1h`, `3h`, `6h`, `12h`, `1d`, `7d`).
///
/// # Errors
/// [`Error::Usage`] for any other label.
pub fn bucket_for(label: &str) -> Result<Bucket> {
    BUCKETS
        .iter()
        .copied()
        .find(|b| b.label == label)
        .ok_or_else(|| {
            let known: Vec<&str> = BUCKETS.iter().map(|b| b.label).collect();
            Error::Usage(format!("--bucket {label}: use one of {}", known.join(", ")))
        })
}

/// Options of the insight statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightConfig {
    /// Bootstrap resamples for intervals of differences.
    pub resamples: usize,
    /// Seed of the bootstrap's random generator (same seed, same intervals).
    pub seed: u64,
    /// A stopword file (one word per line) replacing the built-in list for distinctive terms.
    pub stopwords: Option<PathBuf>,
    /// Timeline bucket (`--bucket 15m`, `1h`, `1d`, ...); `None` chooses one from the time span.
    pub bucket: Option<Bucket>,
    /// Leave exact duplicate texts and retweets out of the tables and charts.
    pub exclude_duplicates: bool,
    /// Keep only posts in these languages (ISO 639-1, lower case) in the tables and charts;
    /// posts whose language is unknown are kept. Empty keeps every post.
    pub languages: Vec<String>,
    /// Named targets whose mentioning sentences are scored on their own (`--target`).
    pub targets: Vec<Target>,
    /// When the story broke (`--event-time`): the timeline counts hours from it and marks it.
    pub event_time: Option<chrono::DateTime<chrono::Utc>>,
    /// Follow the reply-to column into threads (off with `--no-threads`).
    pub threads: bool,
}

/// A target of `--target NAME=alias,alias`: a person, party or thing named in the posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The name shown in the tables.
    pub name: String,
    /// The words, handles or hashtags that mention it (matched without case, whole words).
    pub aliases: Vec<String>,
}

impl Target {
    /// Parse each `--target`, refusing a name given twice.
    ///
    /// # Errors
    /// As [`Target::parse`]; [`Error::Usage`] for a repeated name.
    pub fn parse_all(args: &[String]) -> Result<Vec<Self>> {
        let targets = args
            .iter()
            .map(|a| Target::parse(a))
            .collect::<Result<Vec<_>>>()?;
        for (i, t) in targets.iter().enumerate() {
            if targets[..i]
                .iter()
                .any(|u| u.name.eq_ignore_ascii_case(&t.name))
            {
                return Err(Error::Usage(format!(
                    "--target names '{}' twice; give each target once, with all its aliases",
                    t.name
                )));
            }
        }
        Ok(targets)
    }

    /// Parse `NAME=alias,alias` (the name itself is an alias too when no alias is given).
    ///
    /// # Errors
    /// [`Error::Usage`] for an empty name or no `=`.
    pub fn parse(arg: &str) -> Result<Self> {
        let (name, list) = arg.split_once('=').unwrap_or((arg, ""));
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Usage(format!(
                "--target {arg:?}: give a name, e.g. --target \"AOC=aoc,ocasio-cortez,@aoc\""
            )));
        }
        let mut aliases: Vec<String> = list
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect();
        if aliases.is_empty() {
            aliases.push(name.to_owned());
        }
        Ok(Target {
            name: name.to_owned(),
            aliases,
        })
    }
}

impl Default for InsightConfig {
    fn default() -> Self {
        InsightConfig {
            resamples: 2000,
            seed: 1,
            stopwords: None,
            bucket: None,
            exclude_duplicates: false,
            languages: Vec::new(),
            targets: Vec::new(),
            event_time: None,
            threads: true,
        }
    }
}

/// Options of the output stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputConfig {
    /// The report folder.
    pub dir: PathBuf,
    /// Replace a non-empty folder even when it holds no earlier report.
    pub force: bool,
    /// Which frame formats to write (Markdown tables, charts and pages are always written).
    pub formats: Formats,
}

/// Frame formats written for the per-post frame and every table. The default is Parquet and CSV:
/// Arrow IPC is uncompressed, so `posts.arrow` is two to three times the size of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// Parquet (`.parquet`, zstd-compressed).
    pub parquet: bool,
    /// Arrow IPC file format (`.arrow`, uncompressed; pandas `read_feather`, polars `read_ipc`).
    pub ipc: bool,
    /// CSV (`.csv`).
    pub csv: bool,
    /// In CSV files, put a `'` before a text cell that a spreadsheet could run as a formula (one
    /// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number);
    /// Parquet and Arrow keep every cell exact.
    pub csv_safe: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            parquet: true,
            ipc: false,
            csv: true,
            csv_safe: false,
        }
    }
}

impl Formats {
    /// Parse a comma-separated list such as `parquet,ipc,csv`.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown name or an empty list.
    pub fn parse(list: &[String]) -> Result<Self> {
        let mut f = Formats {
            parquet: false,
            ipc: false,
            csv: false,
            csv_safe: false,
        };
        for name in list {
            match name.trim().to_lowercase().as_str() {
                "parquet" => f.parquet = true,
                "ipc" | "arrow" | "feather" => f.ipc = true,
                "csv" => f.csv = true,
                other => {
                    return Err(Error::Usage(format!(
                        "--format: unknown format '{other}'; choose from parquet, ipc, csv"
                    )))
                }
            }
        }
        if !(f.parquet || f.ipc || f.csv) {
            return Err(Error::Usage(
                "--format: name at least one of parquet, ipc, csv".to_owned(),
            ));
        }
        Ok(f)
    }
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("reports").join("report"),
            force: false,
            formats: Formats::default(),
        }
    }
}

/// Everything `reactions analyze` needs. The default reads standard input with every option at
/// its default; [`crate::analyze`] replaces the input with a path.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalyzeConfig {
    /// Ingest options.
    pub ingest: IngestConfig,
    /// Sentiment options.
    pub sentiment: SentimentConfig,
    /// Stance options.
    pub stance: StanceConfig,
    /// Insight statistics options.
    pub insight: InsightConfig,
    /// Output options.
    pub output: OutputConfig,
    /// A model file (`reactions train` on sentiment labels) whose class replaces VADER's
    /// `sentiment` (`--sentiment-model`); compound stays VADER's.
    pub sentiment_model: Option<PathBuf>,
}

impl Default for AnalyzeConfig {
    fn default() -> Self {
        AnalyzeConfig {
            ingest: IngestConfig::new(Input::Stdin),
            sentiment: SentimentConfig::default(),
            stance: StanceConfig::default(),
            insight: InsightConfig::default(),
            output: OutputConfig::default(),
            sentiment_model: None,
        }
    }
}

/// What `reactions evaluate` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EvalMode {
    /// Scores when every gold and predicted cell is a number, else labels.
    #[default]
    Auto,
    /// Categorical labels (trimmed, lower-cased).
    Labels,
    /// Numbers: correlations and three classes by sign and threshold.
    Scores,
}

/// Everything `reactions evaluate` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluateConfig {
    /// The file to read (its text column is not needed).
    pub ingest: IngestConfig,
    /// Column of gold labels or human ratings.
    pub gold: String,
    /// Column of predicted labels or scores.
    pub pred: String,
    /// Column whose values split the rows into groups evaluated separately (plus `all`).
    pub by: Option<String>,
    /// Labels, scores, or decide from the cells.
    pub mode: EvalMode,
    /// Labels whose F1 values are averaged into Favg.
    pub favg: Vec<String>,
    /// Predicted score threshold: positive when `>= t`, negative when `<= -t`.
    pub threshold: f64,
    /// Gold score band: positive when `> b`, negative when `< -b`.
    pub gold_band: f64,
}

/// Everything `reactions sample` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleConfig {
    /// The posts to choose from.
    pub ingest: IngestConfig,
    /// How many posts to pick.
    pub count: usize,
    /// A model file: classes and confidences come from it (least confident first).
    pub model: Option<PathBuf>,
    /// A rules file, instead of the built-in rules, when there is no model.
    pub rules: Option<PathBuf>,
    /// Seed of the order within a class when there are no confidences.
    pub seed: u64,
    /// The name of the empty label column written.
    pub label_column: String,
    /// CSV files of posts labelled before (their `id` column): those posts are not picked.
    pub exclude: Vec<PathBuf>,
    /// Where the CSV goes (`None`: standard output).
    pub out: Option<PathBuf>,
}

/// Everything `reactions train` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// The labelled file; `columns.stance` names the label column.
    pub ingest: IngestConfig,
    /// Folds and seed.
    pub options: TrainOptions,
    /// Where the model file goes.
    pub out: PathBuf,
}

/// How long posts are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LongPosts {
    /// The whole text at once (the reference behaviour).
    #[default]
    Whole,
    /// Each sentence alone, then the mean of the four numbers.
    SentenceMean,
}

/// Cross-validation folds by default.
pub const DEFAULT_FOLDS: usize = 5;
/// Most labelled posts `analyze --stance auto` trains on by default: a stratified sample of
/// that many when there are more (cross-validating twelve settings on 2,000 real-text posts
/// takes about 6 s on two cores; BENCHMARKS.md).
pub const DEFAULT_AUTO_TRAIN_POSTS: usize = 2_000;

/// Training options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// Cross-validation folds (reduced to the smallest class size when that is smaller).
    pub folds: usize,
    /// Seed of the fold assignment (and of the sample, with `max_posts`).
    pub seed: u64,
    /// Train on a stratified sample of at most this many labelled posts (`None`: all).
    pub max_posts: Option<usize>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            folds: DEFAULT_FOLDS,
            seed: 1,
            max_posts: None,
        }
    }
}
