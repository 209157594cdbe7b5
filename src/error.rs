//! The library's error type.
//!
//! Every variant says what failed and where (file, 1-based line, column name) and, where the user
//! can do something about it, what to do. Messages are lowercase and carry no trailing period so
//! the binary can print them as `error: <message>`.

use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The input as the user named it (`-` for standard input).
        path: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },

    /// The CSV parser gave up on a record (for example an I/O error mid-file).
    #[error(
        "{path}:{line}: cannot parse CSV: {message}; check the file is comma-separated UTF-8 text"
    )]
    Csv {
        /// The input as the user named it.
        path: String,
        /// 1-based line where the broken record starts.
        line: u64,
        /// What the CSV parser said.
        message: String,
    },

    /// The input has no header row at all.
    #[error("{path} is empty: expected a header row naming the columns, e.g. `id,author,created_at,text`")]
    Empty {
        /// The input as the user named it.
        path: String,
    },

    /// The input looks binary (or UTF-16 without a byte-order mark).
    #[error("{path}:1: the first line holds NUL bytes, so this is not CSV text; if it is UTF-16 without a byte-order mark, pass --encoding utf-16le (or utf-16be)")]
    Binary {
        /// The input as the user named it.
        path: String,
    },

    /// Two header columns share a name.
    #[error("{path}:1: columns {first} and {second} are both named '{name}'; rename one so every column has its own name")]
    DuplicateColumn {
        /// The input as the user named it.
        path: String,
        /// The shared name.
        name: String,
        /// 1-based position of the first.
        first: usize,
        /// 1-based position of the second.
        second: usize,
    },

    /// A row is larger than the row-size limit.
    #[error("{path}:{line}: the row starting here is larger than {limit} bytes; if that is real data pass a larger --max-row-bytes, otherwise look for a stray quote before it")]
    RowTooLarge {
        /// The input as the user named it.
        path: String,
        /// 1-based line where the row starts.
        line: u64,
        /// The limit in bytes.
        limit: u64,
    },

    /// The file ends inside a quoted field.
    #[error("{path}:{line}: a quoted field opens here and the file ends before it is closed; close the quote (or double a quote meant literally: \"\")")]
    UnclosedQuote {
        /// The input as the user named it.
        path: String,
        /// 1-based line where the quote opens.
        line: u64,
    },

    /// The input is not UTF-8 and its first bytes do not settle its encoding.
    #[error("{path} is not UTF-8, and its first {examined} bytes do not tell its encoding for sure: likely {}; pass --encoding {} (or the encoding the file was saved in)", .candidates.join(" or "), .candidates.first().copied().unwrap_or("windows-1252"))]
    EncodingUnsure {
        /// The input as the user named it.
        path: String,
        /// How many bytes were examined.
        examined: usize,
        /// The likely encodings, likeliest first.
        candidates: Vec<&'static str>,
    },

    /// The header row is not valid UTF-8.
    #[error("{path}:1: the header row is not valid UTF-8; re-save the file as UTF-8")]
    HeaderEncoding {
        /// The input as the user named it.
        path: String,
    },

    /// No column holds the post text.
    #[error("no text column in {path}; found: {found}; {hint}")]
    NoTextColumn {
        /// The input as the user named it.
        path: String,
        /// The header names found, comma-separated.
        found: String,
        /// What to do: name the column, or add a header row when the first line is data.
        hint: String,
    },

    /// A column named by a flag is not in the header.
    #[error("{flag} {name}: no such column in {path}; found: {found}")]
    UnknownColumn {
        /// The input as the user named it.
        path: String,
        /// The flag that named it, e.g. `--text-column`.
        flag: &'static str,
        /// The name given.
        name: String,
        /// The header names found, comma-separated.
        found: String,
    },

    /// A bad row under `--strict`.
    #[error("{path}:{line}: {reason} (rerun without --strict to skip and count such rows)")]
    BadRow {
        /// The input as the user named it.
        path: String,
        /// 1-based line where the row starts.
        line: u64,
        /// Why the row is unusable, naming the column where there is one.
        reason: String,
    },

    /// Too many rows were skipped for one reason to go on without a word.
    #[error("{path}: {skipped} of {rows} rows ({percent:.1}%) skipped: {reason} (first lines: {lines}); {hint}; to go on without them, pass --max-skipped {}", (percent.ceil() as u64).max(1))]
    TooManySkipped {
        /// The input as the user named it.
        path: String,
        /// Why, e.g. `invalid UTF-8`.
        reason: &'static str,
        /// Rows skipped for it.
        skipped: u64,
        /// Rows read.
        rows: u64,
        /// Their share, in percent.
        percent: f64,
        /// The first lines skipped for it, comma-separated.
        lines: String,
        /// What to do.
        hint: &'static str,
    },

    /// Every row was skipped, so there is nothing to report on.
    #[error("no usable posts in {path}: {detail}")]
    NoPosts {
        /// The input as the user named it.
        path: String,
        /// How many rows were read and skipped, with the first reasons.
        detail: String,
    },

    /// The labelled posts cannot train a classifier (too few labels or posts per label), or
    /// the optimiser failed on them.
    #[error("{0}")]
    Training(String),

    /// The reply-to ids form a cycle, so no post of it is a root.
    #[error("{path}: column '{column}': the replies on lines {lines} answer each other in a cycle, so their thread has no first post; fix the reply-to cells of those lines, pass --parent-column with the right column, or --no-threads if the column is not a reply-to column")]
    ReplyCycle {
        /// The input as the user named it.
        path: String,
        /// The reply-to column.
        column: String,
        /// The lines of the posts in the cycle, comma-separated.
        lines: String,
    },

    /// A user option is out of range or inconsistent.
    #[error("{0}")]
    Usage(String),

    /// The output folder exists and is not ours to replace.
    #[error(
        "refusing to write into {}: it is not empty and holds no earlier reactions report; choose another --out or pass --force",
        .dir.display()
    )]
    OutputNotOurs {
        /// The folder asked for.
        dir: PathBuf,
    },

    /// Something other than a regular file stands where we would write one.
    #[error(
        "refusing to replace {}: it is a {what}, and reactions only ever replaces a regular file; choose another path",
        .path.display()
    )]
    OutputInTheWay {
        /// The path we would write.
        path: PathBuf,
        /// What is there: a folder, a symbolic link, a device, ...
        what: &'static str,
    },

    /// A file in a folder with an earlier report has a report file's name but is not listed in
    /// that report's manifest.
    #[error(
        "refusing to replace {}: the earlier report's manifest.json does not list it, so it may be yours; move it, choose another --out, or pass --force",
        .path.display()
    )]
    NotOurFile {
        /// The file we would replace.
        path: PathBuf,
    },

    /// Writing an output failed.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// The file or folder being written.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },

    /// A stance rules file is malformed.
    #[error("{path}: {message}")]
    Rules {
        /// The rules file as the user named it.
        path: String,
        /// What is wrong and, where known, the line and column.
        message: String,
    },

    /// A stance model file cannot be used.
    #[error("{path}: {message}")]
    Model {
        /// The model file as the user named it.
        path: String,
        /// What is wrong and what to do.
        message: String,
    },

    /// A cell that must be a number (or a label) is not, in `evaluate` or `train`.
    #[error("{path}:{line}: column '{column}': {message}")]
    Cell {
        /// The input as the user named it.
        path: String,
        /// 1-based line where the row starts.
        line: u64,
        /// The column's name.
        column: String,
        /// What is wrong and what to do.
        message: String,
    },

    /// A dataframe operation failed (a bug, or an input polars cannot represent).
    #[error("while {context}: {source}")]
    Frame {
        /// What we were doing.
        context: &'static str,
        /// What polars said.
        source: polars::error::PolarsError,
    },

    /// Rendering an output (a chart, a table) failed, in memory or while streaming it into a
    /// sink (the caller that owns the sink names the file, see `output`).
    #[error("cannot render {what}: {source}")]
    Render {
        /// The output's file name.
        what: &'static str,
        /// What the renderer or the sink said.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// The process exit code for this error: 2 for usage errors, 1 for data and I/O failures.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_)
            | Error::UnknownColumn { .. }
            | Error::OutputNotOurs { .. }
            | Error::OutputInTheWay { .. }
            | Error::NotOurFile { .. } => 2,
            _ => 1,
        }
    }

    /// Whether this error is a closed pipe on the output side (then the run ends quietly).
    #[must_use]
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Attach a context to polars results.
pub(crate) trait FrameContext<T> {
    /// Map a polars error into [`Error::Frame`] with `context`.
    fn frame(self, context: &'static str) -> Result<T>;
}

impl<T> FrameContext<T> for polars::error::PolarsResult<T> {
    fn frame(self, context: &'static str) -> Result<T> {
        self.map_err(|source| Error::Frame { context, source })
    }
}
