//! The command line: clap derive structs and their conversion into [`reactions::config`] values.
//! The library never sees clap.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use reactions::config::{
    bucket_for, delimiter_for, encoding_for, zone_for, AnalyzeConfig, ColumnChoice, DateOrder,
    Formats, IngestConfig, Input, InsightConfig, LongPosts, OutputConfig, SampleConfig,
    SentimentConfig, StanceConfig, StanceMethod, TimeOptions, TrainOptions, DEFAULT_MAX_ROW_BYTES,
    MAX_ROW_BYTES_CEILING,
};
use reactions::config::{EvalMode, EvaluateConfig, TrainConfig};
use reactions::{Error, Result};

/// How did the public react to a story? VADER sentiment and stance per post, per-stance tables,
/// charts and Parquet frames from a CSV of replies.
#[derive(Debug, Parser)]
#[command(name = "reactions", version, about, propagate_version = true)]
#[command(
    after_help = "Examples:\n  reactions analyze datasets/aoc_corbyn_reactions.csv\n  \
    reactions analyze replies.csv --text-column body --out reports/replies\n  \
    cat replies.csv | reactions score - > scored.csv"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a CSV of posts and write a report folder (tables, charts, Parquet frames).
    #[command(
        after_help = "Example:\n  reactions analyze datasets/aoc_corbyn_reactions.csv\n  \
        writes reports/aoc_corbyn_reactions/ and prints the summary table"
    )]
    Analyze(Box<AnalyzeArgs>),
    /// Stream a CSV of posts to stdout with VADER's neg, neu, pos and compound appended.
    #[command(
        after_help = "Example:\n  reactions score replies.csv > scored.csv\n  \
        cat replies.csv | reactions score - | head"
    )]
    Score(ScoreArgs),
    /// Train a stance classifier on a labelled CSV and save it as a model file.
    #[command(
        after_help = "Example:\n  reactions train labelled.csv --label-column stance -o stance-model.json\n  \
        reactions analyze replies.csv --stance-model stance-model.json\n\n\
        Prints the k-fold cross-validated accuracy, macro-F1 and confusion matrix before saving."
    )]
    Train(TrainArgs),
    /// Pick the posts to label next: diverse (no retweets or near-duplicates), spread over the
    /// classes the cue rules or a model give, least confident first with a model.
    #[command(
        after_help = "Example:\n  reactions sample replies.csv -n 200 -o to_label.csv\n  \
        (fill the stance column of to_label.csv, then)\n  \
        reactions train to_label.csv -o stance-model.json\n  \
        reactions sample replies.csv -n 200 --stance-model stance-model.json --exclude to_label.csv -o next.csv\n\n\
        Writes id, text and an empty label column; prints how many posts of each class were picked."
    )]
    Sample(SampleArgs),
    /// Compare predicted labels or scores with gold ones: confusion matrix, precision, recall,
    /// F1, macro-F1, Favg; or Pearson and Spearman correlation for numbers.
    #[command(
        after_help = "Examples:\n  reactions evaluate posts.csv --gold-column gold --pred-column stance\n  \
        reactions evaluate semeval.csv --gold-column gold --pred-column pred --favg-classes favor,against\n  \
        reactions evaluate vader_golden.csv --gold-column human_mean --pred-column compound --by corpus"
    )]
    Evaluate(EvaluateArgs),
    /// Print the built-in stance cue rules (a documented TOML file to copy and edit).
    #[command(after_help = "Example:\n  reactions rules > my_rules.toml\n  \
        reactions analyze replies.csv --stance-rules my_rules.toml")]
    Rules,
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  reactions completions bash > ~/.local/share/bash-completion/completions/reactions\n  \
        reactions completions zsh > ~/.zfunc/_reactions\n  \
        reactions completions fish > ~/.config/fish/completions/reactions.fish"
    )]
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff), generated from these definitions: the overview, or one
    /// command's page.
    #[command(
        after_help = "Examples:\n  reactions man > reactions.1 && man ./reactions.1\n  \
        reactions man analyze > reactions-analyze.1"
    )]
    Man {
        /// A command (analyze, score, train, evaluate, rules, completions) [default: the
        /// overview page]
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

/// Where the recognised columns are; each is found by name when not given.
#[derive(Debug, Args)]
pub struct ColumnArgs {
    /// Column holding the post text [default: the first known name of text, full_text, body,
    /// comment_body, textOriginal, textDisplay, content, message, tweet, tweet_text,
    /// record.text, comment, post (case, `_`, `.` and `-` ignored); else a name containing text,
    /// body, comment, content, message or tweet]
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// Column holding a post id [default: id, id_str, post_id, tweet_id, comment_id, status_id,
    /// uri]
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Column holding the author, a handle preferred to a display name [default: username,
    /// screen_name, user_screen_name, author.username, user_handle, handle, account.acct,
    /// author.handle, author, comment_author_name, author_name, authorDisplayName, user,
    /// user_name, account, name; else a name containing author, screen_name, username, handle
    /// or user]
    #[arg(long, value_name = "NAME")]
    pub author_column: Option<String>,
    /// Column holding the posting time: RFC 3339, `2019-02-13 18:04[:00]` with an optional
    /// offset, `13/02/2019` or `02/13/2019` (also with `-` or `.`) with an optional time and
    /// AM/PM, Twitter's `Wed Feb 13 18:04:00 +0000 2019` or Unix seconds. A `date` column beside
    /// a `time` column is read as one [default: timestamp, created_at, created_utc,
    /// tweet_created, comment_posted_time, record.createdAt, created, posted_at, published_at,
    /// datetime, date, time; else a name containing created, timestamp, published, posted, date
    /// or time]
    #[arg(long, value_name = "NAME")]
    pub time_column: Option<String>,
    /// Column holding hand-made stance labels, e.g. supportive / cautionary [default: stance,
    /// stance_label, label]
    #[arg(long, value_name = "NAME")]
    pub stance_column: Option<String>,
    /// Column holding the id of the post replied to [default: parent_id, comment_parent_id,
    /// reply_to, in_reply_to, in_reply_to_status_id, in_reply_to_id,
    /// referenced_tweets.replied_to.id, parent; else a name containing parent, in_reply_to or
    /// replied_to]
    #[arg(long, value_name = "NAME")]
    pub parent_column: Option<String>,
    /// Column holding likes or another engagement count [default: likes, like_count,
    /// public_metrics.like_count, favorite_count, favourite_count, favourites_count, upvotes,
    /// score, comment_score, engagement; else a name containing like, favorite, favourite, upvote
    /// or score]
    #[arg(long, value_name = "NAME")]
    pub likes_column: Option<String>,
}

impl ColumnArgs {
    fn into_choice(self) -> ColumnChoice {
        ColumnChoice {
            text: self.text_column,
            id: self.id_column,
            author: self.author_column,
            time: self.time_column,
            stance: self.stance_column,
            parent: self.parent_column,
            likes: self.likes_column,
            weight: None,
            by: Vec::new(),
        }
    }
}

/// How the input file is read.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The file's encoding, e.g. windows-1252 (also for Latin-1), utf-16le, utf-16be
    /// [default: UTF-8, or what a byte-order mark says]
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Field delimiter: one character such as , ; | or the word tab [default: sniffed from the
    /// header line among , ; tab |]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Largest row accepted, in bytes (at most 4294967295, 4 GiB - 1); a larger row (often a
    /// stray quote) stops the run with its line number, so memory stays bounded
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = DEFAULT_MAX_ROW_BYTES,
        value_parser = clap::value_parser!(u64).range(1..=MAX_ROW_BYTES_CEILING)
    )]
    pub max_row_bytes: u64,
    /// Stop at the first bad row (wrong field count, invalid UTF-8, NUL byte, empty text)
    /// instead of skipping and counting it
    #[arg(long)]
    pub strict: bool,
    /// Go on when up to P percent of the rows are skipped for one reason. By default a run that
    /// skips more than 1% of its rows (and at least 10) for one reason stops, naming the reason
    /// and the first lines; `score` skips nothing (a bad row gets empty scores)
    #[arg(
        long,
        value_name = "P",
        default_value_t = reactions::config::DEFAULT_MAX_SKIPPED_PERCENT,
        value_parser = percent
    )]
    pub max_skipped: f64,
    /// Score the text as written. By default HTML tags (Mastodon's content, YouTube's
    /// textDisplay) are removed and entities decoded (the Twitter API writes <3 as &lt;3) before
    /// a post is scored, classified and counted; the per-post frames keep the text as read
    #[arg(long)]
    pub keep_markup: bool,
}

/// How the time column is read.
#[derive(Debug, Args)]
pub struct TimeArgs {
    /// Read dates like 1/2/2019 as day first (the 1st of February) [default: decided from the
    /// whole column: a first field above 12 means day first, a second one month first]
    #[arg(long, conflicts_with = "month_first")]
    pub day_first: bool,
    /// Read dates like 1/2/2019 as month first (the 2nd of January)
    #[arg(long)]
    pub month_first: bool,
    /// Read the time column with this strftime pattern instead of the built-in forms, e.g.
    /// '%d.%m.%Y %H:%M' (%z for an offset; a pattern without a time reads midnight)
    #[arg(long, value_name = "PATTERN")]
    pub time_format: Option<String>,
    /// The zone of times written without an offset: UTC, an offset such as +05:30, or an IANA
    /// name such as Europe/Rome (daylight saving applied); times are reported in UTC
    /// [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
}

impl TimeArgs {
    fn into_options(self) -> Result<TimeOptions> {
        let order = match (self.day_first, self.month_first) {
            (true, _) => DateOrder::DayFirst,
            (_, true) => DateOrder::MonthFirst,
            _ => DateOrder::Detect,
        };
        if let Some(f) = &self.time_format {
            check_time_format(f)?;
        }
        Ok(TimeOptions {
            order,
            format: self.time_format,
            zone: self
                .time_zone
                .as_deref()
                .map(zone_for)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

/// Refuse a `--time-format` pattern chrono cannot use, before any row is read.
fn check_time_format(pattern: &str) -> Result<()> {
    use chrono::format::{Item, StrftimeItems};
    if StrftimeItems::new(pattern).any(|item| matches!(item, Item::Error)) {
        return Err(Error::Usage(format!(
            "--time-format {pattern}: not a strftime pattern chrono understands; e.g. '%d.%m.%Y %H:%M' or '%m/%d/%Y %I:%M %p'"
        )));
    }
    Ok(())
}

/// A percentage from 0 to 100.
fn percent(s: &str) -> std::result::Result<f64, String> {
    let p: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("'{s}' is not a number; give a percentage such as 5"))?;
    if (0.0..=100.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not between 0 and 100"))
    }
}

impl ReadArgs {
    fn into_config(
        self,
        input: Input,
        columns: ColumnChoice,
        skip_empty_text: bool,
    ) -> Result<IngestConfig> {
        Ok(IngestConfig {
            time: TimeOptions::default(),
            read_times: false,
            read_language: false,
            input,
            columns,
            strict: self.strict,
            skip_empty_text,
            encoding: self.encoding.as_deref().map(encoding_for).transpose()?,
            delimiter: self.delimiter.as_deref().map(delimiter_for).transpose()?,
            max_row_bytes: self.max_row_bytes,
            max_skipped_percent: self.max_skipped,
            keep_markup: self.keep_markup,
        })
    }
}

/// How long posts are scored.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LongPostsArg {
    /// Score the whole text at once (the reference VADER behaviour)
    Whole,
    /// Score each sentence and average (VADER's compound saturates towards ±1 on long texts)
    SentenceMean,
}

/// How stance is assigned.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StanceArg {
    /// --stance-model or --stance-rules when given; else the label column (a partly filled one
    /// with 20+ labels is completed by a classifier trained on it); else the built-in cue rules
    Detect,
    /// The label column (an error when there is none)
    Label,
    /// Cue rules: the --stance-rules file, else the built-in rules, even when a label column
    /// exists
    Rules,
    /// The classifier in --stance-model
    Model,
    /// Train a classifier on the labelled rows of the label column and label the others; the
    /// report gives its cross-validated accuracy, macro-F1 and confusion matrix
    Auto,
}

/// Options of `reactions analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// CSV file of posts with a header row; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    #[command(flatten)]
    pub columns: ColumnArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub times: TimeArgs,
    /// Report folder [default: reports/<input file name without extension>]
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write into a non-empty folder that holds no earlier reactions report (its other files are
    /// kept). An earlier report's own files (those its manifest.json lists) are always replaced;
    /// nothing else in the folder is touched.
    #[arg(long)]
    pub force: bool,
    /// Neutral band of VADER compound: positive when compound >= T, negative when <= -T.
    #[arg(long, value_name = "T", default_value_t = SentimentConfig::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Where stance comes from
    #[arg(long, value_enum, default_value = "detect")]
    pub stance: StanceArg,
    /// A TOML cue rules file replacing the built-in rules (`reactions rules` prints them)
    #[arg(long, value_name = "FILE")]
    pub stance_rules: Option<PathBuf>,
    /// A model file written by `reactions train`; each post's stance comes from it, with a
    /// stance_confidence
    #[arg(long, value_name = "FILE")]
    pub stance_model: Option<PathBuf>,
    /// A model file written by `reactions train --label-column <sentiment labels>` (labels
    /// positive, neutral, negative): each post's sentiment comes from it, with a
    /// sentiment_confidence; compound stays VADER's, and the report says how often the model
    /// and VADER agree
    #[arg(long, value_name = "FILE")]
    pub sentiment_model: Option<PathBuf>,
    /// Cross-validation folds when a classifier is trained in the run (--stance auto)
    #[arg(long, value_name = "K", default_value_t = reactions::config::DEFAULT_FOLDS)]
    pub folds: usize,
    /// When a classifier is trained in the run (--stance auto), train on a stratified sample
    /// of at most N labelled posts (the report says so); 0 trains on all of them
    #[arg(long, value_name = "N", default_value_t = reactions::config::DEFAULT_AUTO_TRAIN_POSTS)]
    pub max_train_posts: usize,
    /// How long posts are scored
    #[arg(long, value_enum, default_value = "whole")]
    pub long_posts: LongPostsArg,
    /// Bootstrap resamples for the 95% intervals of differences between stances
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub bootstrap: usize,
    /// Seed of the bootstrap (the same seed gives the same intervals)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Stopword file for distinctive terms, one word per line (# starts a comment); replaces
    /// the built-in English list
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Timeline bucket: 1m, 5m, 15m, 30m, 1h, 3h, 6h, 12h, 1d or 7d [default: the smallest that
    /// covers the time span in at most 48 buckets]
    #[arg(long, value_name = "SIZE")]
    pub bucket: Option<String>,
    /// Leave exact duplicate texts (after their first post) and retweets ("RT @...") out of
    /// every table and chart; they stay in posts.parquet/posts.csv with included = false
    #[arg(long)]
    pub exclude_duplicates: bool,
    /// Keep only posts in these languages in every table and chart, e.g. --language en or
    /// --language en,es (ISO 639-1, as in the `language` column). Posts whose language is
    /// unknown (often short ones) are kept; the others stay in posts.parquet with
    /// included = false and are counted in the report
    #[arg(long, value_name = "LIST")]
    pub language: Option<String>,
    /// Also weight means and shares by an engagement column, e.g. --weight likes: each post
    /// counts 1 + its value (weighted.csv/.md/.parquet and a report section). `likes` also finds
    /// the likes column under another name (like_count, likeCount, score, ...)
    #[arg(long, value_name = "COLUMN")]
    pub weight: Option<String>,
    /// Also summarise and compare each stance per group: the values of COLUMN (platform,
    /// source, airline, ...) are the groups (groups.csv/.md/.parquet, group_comparisons.*, a
    /// faceted chart and a report section). `root` groups posts by the root of their reply
    /// thread. Give it twice for a two-level table, e.g. --by platform --by candidate
    #[arg(long, value_name = "COLUMN")]
    pub by: Vec<String>,
    /// Sentiment toward a named target, e.g. --target "AOC=aoc,ocasio-cortez,@aoc": each
    /// sentence mentioning an alias (whole words, any case; @handles and #hashtags too) is
    /// scored alone, per stance (targets.csv/.md/.parquet, targets.png, a report section).
    /// Repeat for each target
    #[arg(long, value_name = "NAME=ALIASES")]
    pub target: Vec<String>,
    /// When the story broke, e.g. --event-time 2019-02-04T13:01:00Z (or "2019-02-04 13:01",
    /// read in --time-zone, or any form the time column accepts): the timeline counts hours
    /// since it (hours_since_event) and marks it on the chart
    #[arg(long, value_name = "TIME")]
    pub event_time: Option<String>,
    /// Do not follow the reply-to column into threads (no root_id, depth, threads.csv), e.g.
    /// when a column named like parent_id means something else
    #[arg(long)]
    pub no_threads: bool,
    /// Frame formats for posts and every table: any of parquet, ipc (Arrow IPC `.arrow`), csv,
    /// comma-separated; e.g. --format parquet,ipc,csv for all three. Arrow IPC is uncompressed:
    /// posts.arrow is two to three times the size of the input. Markdown tables, charts and
    /// report pages are always written
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "parquet,csv"
    )]
    pub format: Vec<String>,
    /// In the CSV files, put a ' before every text cell starting with =, +, -, @, a tab or a
    /// carriage return, so a spreadsheet cannot run it as a formula (OWASP's advice). Off by
    /// default: the CSV files then hold the text exactly, as the Parquet files always do
    #[arg(long)]
    pub csv_safe: bool,
    /// Print a JSON summary (report folder, files, summary rows) on stdout instead of the
    /// Markdown table, for scripts
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors (no summary table, no progress bar)
    #[arg(short, long)]
    pub quiet: bool,
    /// Print how long each stage took (reading, stance, scoring, aggregating, rendering,
    /// writing) on stderr, even with --quiet
    #[arg(long)]
    pub timings: bool,
}

impl AnalyzeArgs {
    /// Resolve into the library's configuration.
    ///
    /// # Errors
    /// [`reactions::Error::Usage`] for an out-of-range threshold.
    pub fn into_config(self) -> Result<AnalyzeConfig> {
        let input = Input::from_arg(&self.input);
        let time = self.times.into_options()?;
        let event_time = self
            .event_time
            .as_deref()
            .map(|t| reactions::pipeline::event_time(t, &time))
            .transpose()?;
        let dir = self
            .out
            .unwrap_or_else(|| PathBuf::from("reports").join(input.stem()));
        let cfg = AnalyzeConfig {
            ingest: IngestConfig {
                time,
                read_times: true,
                read_language: true,
                ..self.read.into_config(
                    input,
                    ColumnChoice {
                        weight: self.weight,
                        by: self.by,
                        ..self.columns.into_choice()
                    },
                    true,
                )?
            },
            sentiment: SentimentConfig {
                long_posts: match self.long_posts {
                    LongPostsArg::Whole => LongPosts::Whole,
                    LongPostsArg::SentenceMean => LongPosts::SentenceMean,
                },
                ..SentimentConfig::new(self.threshold)?
            },
            stance: StanceConfig {
                method: match self.stance {
                    StanceArg::Detect => StanceMethod::Detect,
                    StanceArg::Label => StanceMethod::Label,
                    StanceArg::Rules => StanceMethod::Rules,
                    StanceArg::Model => StanceMethod::Model,
                    StanceArg::Auto => StanceMethod::Auto,
                },
                rules: self.stance_rules,
                model: self.stance_model,
                train: TrainOptions {
                    folds: self.folds,
                    seed: self.seed,
                    max_posts: (self.max_train_posts > 0).then_some(self.max_train_posts),
                },
            },
            insight: InsightConfig {
                resamples: self.bootstrap,
                seed: self.seed,
                stopwords: self.stopwords,
                bucket: self.bucket.as_deref().map(bucket_for).transpose()?,
                exclude_duplicates: self.exclude_duplicates,
                languages: self
                    .language
                    .iter()
                    .flat_map(|l| l.split(','))
                    .map(|l| l.trim().to_lowercase())
                    .filter(|l| !l.is_empty())
                    .collect(),
                targets: reactions::config::Target::parse_all(&self.target)?,
                event_time,
                threads: !self.no_threads,
            },
            output: OutputConfig {
                dir,
                force: self.force,
                formats: Formats {
                    csv_safe: self.csv_safe,
                    ..Formats::parse(&self.format)?
                },
            },
            sentiment_model: self.sentiment_model,
        };
        cfg.stance.check()?;
        Ok(cfg)
    }
}

/// Options of `reactions score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// CSV file of posts with a header row; `-` (the default) reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,
    /// Column holding the post text [default: first of text, body, content, message, tweet,
    /// full_text, comment, post]
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Do not report skipped rows on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

impl ScoreArgs {
    /// Resolve into the ingest configuration (empty text is scored, not skipped).
    ///
    /// # Errors
    /// [`reactions::Error::Usage`] for an unknown encoding or a bad delimiter.
    pub fn into_config(self) -> Result<(IngestConfig, bool)> {
        let columns = ColumnChoice {
            text: self.text_column,
            ..ColumnChoice::default()
        };
        let cfg = self
            .read
            .into_config(Input::from_arg(&self.input), columns, false)?;
        Ok((cfg, self.quiet))
    }
}

/// Options of `reactions sample`.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// CSV file of posts with a header row; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// How many posts to pick
    #[arg(short = 'n', long, value_name = "N", default_value_t = 200)]
    pub count: usize,
    /// A model file written by `reactions train`: classes and confidences come from it, and
    /// within each class the least confident posts come first
    #[arg(long, value_name = "FILE")]
    pub stance_model: Option<PathBuf>,
    /// A cue rules file for the classes when there is no model [default: the built-in rules]
    #[arg(long, value_name = "FILE", conflicts_with = "stance_model")]
    pub stance_rules: Option<PathBuf>,
    /// Name of the empty label column written, to fill in by hand
    #[arg(long, value_name = "NAME", default_value = "stance")]
    pub label_column: String,
    /// A file an earlier round wrote (any CSV with an id column): its posts, and near-duplicates
    /// of them, are not picked again; repeat for several rounds
    #[arg(long, value_name = "FILE")]
    pub exclude: Vec<PathBuf>,
    /// Column holding the post text [default: first of text, body, content, message, tweet,
    /// full_text, comment, post]
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Where to write the CSV (written whole or not at all) [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Seed of the order within a class when there is no model
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Print nothing but errors (no counts)
    #[arg(short, long)]
    pub quiet: bool,
}

impl SampleArgs {
    /// Resolve into the library's configuration.
    ///
    /// # Errors
    /// [`reactions::Error::Usage`] for an unknown encoding, a bad delimiter or `-n 0`.
    pub fn into_config(self) -> Result<(SampleConfig, bool)> {
        if self.count == 0 {
            return Err(reactions::Error::Usage(
                "-n must be at least 1 (the number of posts to pick)".into(),
            ));
        }
        let columns = ColumnChoice {
            text: self.text_column,
            ..ColumnChoice::default()
        };
        let ingest = self
            .read
            .into_config(Input::from_arg(&self.input), columns, false)?;
        let out = self.out.filter(|p| p.as_os_str() != "-");
        Ok((
            SampleConfig {
                ingest,
                count: self.count,
                model: self.stance_model,
                rules: self.stance_rules,
                seed: self.seed,
                label_column: self.label_column,
                exclude: self.exclude,
                out,
            },
            self.quiet,
        ))
    }
}

/// Options of `reactions train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// CSV file of labelled posts with a header row; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Column holding the labels, any label set (e.g. supportive / cautionary, FAVOR / AGAINST /
    /// NONE); rows with an empty label are left out [default: stance, stance_label, label]
    #[arg(long, value_name = "NAME")]
    pub label_column: Option<String>,
    /// Column holding the post text [default: first of text, body, content, message, tweet,
    /// full_text, comment, post]
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Where to write the model (JSON; written whole or not at all)
    #[arg(short, long, value_name = "FILE")]
    pub out: PathBuf,
    /// Cross-validation folds, stratified by label (fewer when a label has fewer posts)
    #[arg(long, value_name = "K", default_value_t = reactions::config::DEFAULT_FOLDS)]
    pub folds: usize,
    /// Seed of the fold assignment (the same seed gives the same model)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Train on a stratified sample of at most N labelled posts (faster on very many labels;
    /// the model file and the printed figures say so) [default: all]
    #[arg(long, value_name = "N")]
    pub max_train_posts: Option<usize>,
    /// Print nothing but errors (no progress, no metrics)
    #[arg(short, long)]
    pub quiet: bool,
}

impl TrainArgs {
    /// Resolve into the library's configuration.
    ///
    /// # Errors
    /// [`reactions::Error::Usage`] for an unknown encoding or a bad delimiter.
    pub fn into_config(self) -> Result<(TrainConfig, bool)> {
        let columns = ColumnChoice {
            text: self.text_column,
            stance: self.label_column,
            ..ColumnChoice::default()
        };
        let ingest = self
            .read
            .into_config(Input::from_arg(&self.input), columns, true)?;
        Ok((
            TrainConfig {
                ingest,
                options: TrainOptions {
                    folds: self.folds,
                    seed: self.seed,
                    max_posts: self.max_train_posts.filter(|&n| n > 0),
                },
                out: self.out,
            },
            self.quiet,
        ))
    }
}

/// What `evaluate` compares.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EvalModeArg {
    /// Scores when every gold and predicted cell is a number, else labels
    Auto,
    /// Categorical labels (trimmed, lower-cased)
    Labels,
    /// Numbers: Pearson, Spearman, and three classes by sign and threshold
    Scores,
}

/// Options of `reactions evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// CSV file with a gold column and a predicted column; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Column of gold labels (or human ratings)
    #[arg(long, value_name = "NAME")]
    pub gold_column: String,
    /// Column of predicted labels (or scores, e.g. compound)
    #[arg(long, value_name = "NAME")]
    pub pred_column: String,
    /// Also evaluate each value of this column separately (e.g. --by corpus)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Labels or scores
    #[arg(long, value_enum, default_value = "auto")]
    pub mode: EvalModeArg,
    /// Two (or more) labels whose F1 values are averaged into Favg, e.g. favor,against
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub favg_classes: Vec<String>,
    /// Scores: a prediction is positive when >= T and negative when <= -T
    #[arg(long, value_name = "T", default_value_t = 0.05)]
    pub threshold: f64,
    /// Scores: a gold value is positive when > B and negative when < -B
    #[arg(long, value_name = "B", default_value_t = 0.0)]
    pub gold_band: f64,
    /// Print JSON instead of Markdown
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

impl EvaluateArgs {
    /// Resolve into the library's configuration.
    ///
    /// # Errors
    /// [`reactions::Error::Usage`] for a negative threshold, an unknown encoding or a bad
    /// delimiter.
    pub fn into_config(self) -> Result<(EvaluateConfig, bool)> {
        if !(self.threshold >= 0.0 && self.gold_band >= 0.0) {
            return Err(reactions::Error::Usage(
                "--threshold and --gold-band must be numbers >= 0".to_owned(),
            ));
        }
        let ingest =
            self.read
                .into_config(Input::from_arg(&self.input), ColumnChoice::default(), false)?;
        Ok((
            EvaluateConfig {
                ingest,
                gold: self.gold_column,
                pred: self.pred_column,
                by: self.by,
                mode: match self.mode {
                    EvalModeArg::Auto => EvalMode::Auto,
                    EvalModeArg::Labels => EvalMode::Labels,
                    EvalModeArg::Scores => EvalMode::Scores,
                },
                favg: self.favg_classes,
                threshold: self.threshold,
                gold_band: self.gold_band,
            },
            self.json,
        ))
    }
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "reactions", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The man page of the whole tool, or of one subcommand (`reactions-<name>`).
pub fn man(command: Option<&str>) -> Result<String> {
    let mut root = Cli::command();
    root.build();
    let page = match command {
        None => root,
        Some(name) => {
            let names: Vec<String> = root
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            let sub = root.find_subcommand(name).cloned().ok_or_else(|| {
                Error::Usage(format!(
                    "no command '{name}'; choose one of {}",
                    names.join(", ")
                ))
            })?;
            let full = format!("reactions-{}", sub.get_name());
            sub.display_name(full)
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|source| Error::Write {
            path: PathBuf::from("<stdout>"),
            source,
        })?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_flag_and_argument_of_every_command_is_explained() {
        let root = Cli::command();
        for command in root.get_subcommands() {
            assert!(
                command.get_after_help().is_some(),
                "{} has no example",
                command.get_name()
            );
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(
                    arg.get_help().is_some_and(|h| h.to_string().len() > 10),
                    "{} {id} has no explanation",
                    command.get_name()
                );
            }
        }
        Cli::command().debug_assert();
    }
}
