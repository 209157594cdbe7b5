//! Ingest: CSV (file or standard input) to [`Post`]s, with column detection and bad-row
//! accounting.
//!
//! Input: any CSV with a header row; quoted fields may hold commas, quotes and newlines; a UTF-8
//! BOM, CRLF and LF are accepted. Output: one [`Post`] per usable row, streamed by
//! [`PostReader::next_post`], plus an [`IngestReport`] of what was skipped and why, and the
//! input's size and SHA-256 (hashed while reading, so the input is read once).
//!
//! A row is skipped (counted, with its line number and reason) when it has the wrong number of
//! fields, a field that is not UTF-8, or (for `analyze`) empty text. With `strict` the first such
//! row is an error instead. Text is passed on byte-for-byte: no trimming, no newline folding.
//!
//! Encodings, delimiters, line numbers and size limits are handled by the byte stream under the
//! parser ([`source`]): UTF-8 (BOM optional), UTF-16 with a BOM, any `--encoding` label; the
//! delimiter is sniffed from the header (`,` `;` tab `|`) unless given; a row over the size limit
//! or a quote never closed is an error naming its line. Header names that are empty become
//! `column_N`; two columns with one name are an error.
//!
//! Left out here: de-duplication (flagged later, in `aggregate::duplicates`).

pub mod columns;
pub mod encoding;
pub mod markup;
pub mod source;
pub mod time;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::rc::Rc;

use crate::config::MIN_SKIPS_THAT_STOP;
use crate::config::{IngestConfig, Input};
use crate::error::{Error, Result};
use crate::model::{Fields, Post};
pub use columns::{output_names, position, By, ColumnMap};

/// How many example rows of each problem are kept for the report.
pub const EXAMPLES_KEPT: usize = 5;

/// Why a row was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipKind {
    /// The row has more or fewer fields than the header.
    FieldCount,
    /// A field is not valid UTF-8.
    Encoding,
    /// The text field is empty or only white space.
    EmptyText,
    /// A field holds a NUL byte (binary data).
    Nul,
}

impl SkipKind {
    /// What to do about rows skipped for this reason (said once, not per row).
    #[must_use]
    pub fn hint(self) -> &'static str {
        match self {
            SkipKind::FieldCount => {
                "quote fields that contain the delimiter, or pass --delimiter if the file uses another"
            }
            SkipKind::Encoding => {
                "these rows are not UTF-8 as --encoding utf-8 says; give --encoding the encoding the file was saved in (e.g. windows-1252), or leave it out to read such rows as windows-1252"
            }
            SkipKind::EmptyText => {
                "check that the text column holds the posts (pass --text-column NAME otherwise)"
            }
            SkipKind::Nul => "NUL bytes mean binary data; check this is the CSV file you meant",
        }
    }

    /// A short name for summaries.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SkipKind::FieldCount => "wrong number of fields",
            SkipKind::Encoding => "invalid UTF-8",
            SkipKind::EmptyText => "empty text",
            SkipKind::Nul => "NUL byte",
        }
    }
}

/// One example of a problem row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line where the row starts.
    pub line: u64,
    /// What is wrong with it, naming the column where there is one.
    pub reason: String,
}

/// What ingest read, skipped and could not parse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Data rows read (usable or not), not counting the header.
    pub rows_read: u64,
    /// Rows turned into posts.
    pub rows_used: u64,
    /// Skipped rows per reason.
    pub skipped: BTreeMap<SkipKind, u64>,
    /// The first few skipped rows.
    pub skipped_examples: Vec<RowProblem>,
    /// The first few lines skipped for each reason.
    pub skipped_lines: BTreeMap<SkipKind, Vec<u64>>,
    /// Posts kept whose time cell was empty or unreadable (they count everywhere but the timeline).
    pub bad_times: u64,
    /// Times read without an offset (placed in `--time-zone`, UTC by default).
    pub naive_times: u64,
    /// What to tell the user about empty and unreadable times, with examples and what to do
    /// (set by [`read_posts`], which reads times for the timeline).
    pub time_warning: Option<String>,
    /// What the day-first-or-month-first dates of the time column say about its order.
    pub date_votes: time::DateVotes,
    /// The first few such posts.
    pub bad_time_examples: Vec<RowProblem>,
    /// Posts whose text had HTML tags or entities removed before scoring.
    pub markup_cleaned: u64,
    /// Rows that were not UTF-8 although the start of the file is, read as windows-1252.
    pub fallback_rows: u64,
    /// The first few such rows' lines.
    pub fallback_lines: Vec<u64>,
    /// Notes on how the input was read and grouped, e.g. empty header names that were given
    /// one, or rare stance labels folded together (shown on stderr, in report.md and the
    /// manifest).
    pub header_notes: Vec<String>,
    /// The delimiter used (given or sniffed).
    pub delimiter: char,
    /// The encoding the text was read in (its WHATWG name, e.g. `UTF-8`, `windows-1252`).
    pub encoding: &'static str,
    /// How that encoding was chosen.
    pub encoding_chosen_by: encoding::ChosenBy,
}

impl IngestReport {
    /// Total rows skipped.
    #[must_use]
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// One line saying how many rows were skipped and why, with the first line numbers.
    #[must_use]
    pub fn skipped_summary(&self) -> String {
        self.problem_summary("skipped")
    }

    /// [`IngestReport::skipped_summary`] saying what became of the rows in `outcome` words,
    /// e.g. `skipped`, or `written with empty scores`.
    #[must_use]
    pub fn problem_summary(&self, outcome: &str) -> String {
        let reasons: Vec<String> = self
            .skipped
            .iter()
            .map(|(k, n)| format!("{n} {}", k.as_str()))
            .collect();
        let lines: Vec<String> = self
            .skipped_examples
            .iter()
            .map(|p| format!("line {}: {}", p.line, p.reason))
            .collect();
        let hints: Vec<&str> = self.skipped.keys().map(|k| k.hint()).collect();
        format!(
            "{} of {} rows {outcome} ({}); first: {}; {}",
            self.skipped_total(),
            self.rows_read,
            reasons.join(", "),
            lines.join("; "),
            hints.join("; ")
        )
    }

    /// What to say about rows read as windows-1252 although the start of the file is UTF-8.
    #[must_use]
    pub fn fallback_note(&self) -> Option<String> {
        (self.fallback_rows > 0).then(|| {
            format!(
                "{} not UTF-8 although the start of the file is: read as windows-1252, the usual encoding of a file saved by Excel in the Americas and Western Europe ({}); if the accents look wrong, pass --encoding with the encoding the file was saved in",
                if self.fallback_rows == 1 { "1 row is".to_owned() } else { format!("{} rows are", self.fallback_rows) },
                named_lines(&self.fallback_lines, self.fallback_rows),
            )
        })
    }

    /// What to say about posts whose markup was removed, when there were any.
    #[must_use]
    pub fn markup_note(&self) -> Option<String> {
        (self.markup_cleaned > 0).then(|| {
            format!(
                "{} of {} had HTML markup removed before scoring (tags such as <p> and <br>, entities such as &amp; and &lt;3, as Mastodon, YouTube and the Twitter API write them); pass --keep-markup to score the text as written",
                self.markup_cleaned,
                crate::words::count(self.rows_used, "post"),
            )
        })
    }

    /// Stop when one reason skipped more than `max_percent` of the rows read, and at least
    /// [`MIN_SKIPS_THAT_STOP`] of them: a report on what is left would be biased without a word
    /// (a wrong encoding once dropped 2,855 of 4,027 rows, the posts with accents).
    ///
    /// # Errors
    /// [`Error::TooManySkipped`] naming the reason, the first lines and what to do.
    pub fn check_skipped(&self, path: &str, max_percent: f64) -> Result<()> {
        for (&kind, &n) in &self.skipped {
            #[allow(clippy::cast_precision_loss)] // row counts far below 2^52
            let percent = 100.0 * n as f64 / self.rows_read.max(1) as f64;
            if n >= MIN_SKIPS_THAT_STOP && percent > max_percent {
                let lines: Vec<String> = self
                    .skipped_lines
                    .get(&kind)
                    .map(|l| l.iter().map(u64::to_string).collect())
                    .unwrap_or_default();
                return Err(Error::TooManySkipped {
                    path: path.to_owned(),
                    reason: kind.as_str(),
                    skipped: n,
                    rows: self.rows_read,
                    percent,
                    lines: lines.join(", "),
                    hint: kind.hint(),
                });
            }
        }
        Ok(())
    }
}

/// Size and fingerprint of the input, known once it has been read to the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputInfo {
    /// The input as the user named it.
    pub name: String,
    /// Bytes read.
    pub bytes: u64,
    /// SHA-256 of those bytes, lowercase hex.
    pub sha256: String,
}

/// Rows read ahead and decoded together: big enough that the parallel decode pays for itself,
/// small enough that `score` stays in bounded memory.
pub const READ_BATCH: usize = 8192;

/// Streams posts out of a CSV.
///
/// Reading is pipelined: while the calling thread parses the next [`READ_BATCH`] rows (the
/// byte stream, line numbers and CSV syntax are sequential), the rows parsed before are checked
/// and turned into posts on the other cores. Rows, skips, errors and counts come out in input
/// order, exactly as a row-by-row reader would give them.
pub struct PostReader {
    csv: csv::Reader<source::LineIndex<Box<dyn Read>>>,
    fingerprint: Rc<RefCell<source::Fingerprint>>,
    name: String,
    decoder: Decoder,
    strict: bool,
    /// Rows parsed but not yet decoded, each with its line; only the first `parsed_len` count.
    parsed: Vec<(csv::ByteRecord, u64)>,
    parsed_len: usize,
    /// The error that stopped parsing right after the `parsed` rows.
    parse_error: Option<Error>,
    /// Buffers for the next batch (swapped with `parsed`, so records' memory is reused).
    spare: Vec<(csv::ByteRecord, u64)>,
    /// Whether parsing has stopped (end of input or an error).
    parse_done: bool,
    /// Rows decoded, waiting to be handed out.
    ready: std::collections::VecDeque<Decoded>,
    /// The error to give once `ready` is empty.
    ready_error: Option<Error>,
    /// Whether everything has been handed out.
    finished: bool,
    report: IngestReport,
}

/// What the row checks need: the header and the recognised columns.
struct Decoder {
    headers: Vec<String>,
    columns: ColumnMap,
    times: time::TimeReader,
    /// Reads each post's language, when asked to.
    languages: Option<crate::language::LanguageReader>,
    skip_empty_text: bool,
    /// Score the text as written, markup and all.
    keep_markup: bool,
    /// Keep the fields of unusable rows (for `score`, which writes every row).
    keep_bad: bool,
    /// How a row that is not UTF-8 is read, when the encoding was not given: the start of the
    /// file was valid UTF-8 (often plain ASCII, which says nothing) or began with UTF-8's
    /// byte-order mark, so a later row that is not is most likely windows-1252, not a row to
    /// drop.
    fallback: Option<&'static encoding_rs::Encoding>,
}

/// One row, checked.
enum Decoded {
    /// A usable post, how its time cell read, and whether it was read with the fallback
    /// encoding.
    Post {
        post: Post,
        time: time::Parsed,
        fallback: bool,
    },
    /// An unusable row: its line, why, the reason in words, and its fields (invalid UTF-8
    /// replaced) when the decoder keeps them.
    Skip(u64, SkipKind, String, Option<Vec<String>>),
}

/// One data row as read: a post, or a row that cannot be one (counted as skipped).
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A usable post.
    Post(Post),
    /// An unusable row: its 1-based line and its fields, invalid UTF-8 replaced by U+FFFD
    /// (only from a reader told [`PostReader::keep_bad_rows`]; empty otherwise).
    Bad {
        /// 1-based line where the row starts.
        line: u64,
        /// Its fields.
        fields: Vec<String>,
    },
}

impl std::fmt::Debug for PostReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostReader")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Open the configured input (a file or standard input) for reading posts.
///
/// # Errors
/// [`Error::Read`] when the file cannot be opened; the errors of [`PostReader::new`].
pub fn open(cfg: &IngestConfig) -> Result<PostReader> {
    let name = cfg.input.to_string();
    let read_err = |source| Error::Read {
        path: name.clone(),
        source,
    };
    let reader: Box<dyn Read> = match &cfg.input {
        Input::Stdin => Box::new(io::stdin().lock()),
        Input::File(path) => {
            if path.is_dir() {
                return Err(read_err(io::Error::other(
                    "it is a folder; pass a CSV file",
                )));
            }
            Box::new(File::open(path).map_err(read_err)?)
        }
    };
    PostReader::new(reader, name, cfg)
}

impl PostReader {
    /// Read the header row and map the columns.
    ///
    /// # Errors
    /// [`Error::Empty`] for an input without a header, [`Error::Binary`] for one whose first
    /// line holds NUL bytes, [`Error::HeaderEncoding`] for a header that is not UTF-8,
    /// [`Error::DuplicateColumn`], and the column errors of [`columns::find_columns`].
    pub fn new(reader: Box<dyn Read>, name: String, cfg: &IngestConfig) -> Result<Self> {
        let max_row_bytes = cfg.max_row_bytes.min(crate::config::MAX_ROW_BYTES_CEILING);
        let src = source::open_source(reader, cfg.encoding, cfg.delimiter, max_row_bytes).map_err(
            |source| match source
                .get_ref()
                .and_then(|e| e.downcast_ref::<source::EncodingUnsure>())
            {
                Some(unsure) => Error::EncodingUnsure {
                    path: name.clone(),
                    examined: unsure.examined,
                    candidates: unsure.candidates.iter().map(|e| e.name()).collect(),
                },
                None => Error::Read {
                    path: name.clone(),
                    source,
                },
            },
        )?;
        if src.looks_binary {
            return Err(Error::Binary { path: name });
        }
        let src_chosen_by = src.chosen_by;
        let mut csv = csv::ReaderBuilder::new()
            .buffer_capacity(256 * 1024)
            .flexible(true)
            .has_headers(true)
            .delimiter(src.delimiter)
            .from_reader(src.reader);
        let raw = csv
            .byte_headers()
            .map_err(|e| csv_error(&name, &e))?
            .clone();
        if raw.is_empty() || (raw.len() == 1 && raw[0].is_empty()) {
            return Err(Error::Empty { path: name });
        }
        let mut headers = raw
            .iter()
            .map(|h| String::from_utf8(h.to_vec()))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|_| Error::HeaderEncoding { path: name.clone() })?;
        let mut report = IngestReport {
            delimiter: char::from(src.delimiter),
            encoding: src.encoding.name(),
            encoding_chosen_by: src.chosen_by,
            ..IngestReport::default()
        };
        if src.chosen_by == encoding::ChosenBy::Detected {
            report.header_notes.push(format!(
                "the file is not UTF-8: it is read as {} ({}); if the text looks wrong, pass --encoding with the right one",
                src.encoding.name(),
                src.chosen_by.as_str()
            ));
        }
        if let Some(a) = &src.assumption {
            report.header_notes.push(assumption_note(a));
        }
        name_empty_headers(&mut headers, &mut report.header_notes);
        check_unique(&headers, &name)?;
        // The first batch is parsed now, so the text column can be chosen by its cells.
        let mut parsed = Vec::new();
        let (parsed_len, parse_error) = parse_batch(&mut csv, &mut parsed, &name);
        let sample = &parsed[..parsed_len.min(COLUMN_SAMPLE_ROWS)];
        let lengths = mean_cell_lengths(sample, headers.len());
        let times = time::TimeReader::new(&cfg.time);
        let time_share = time_shares(sample, headers.len(), &times);
        let (mut columns, note) =
            columns::find_columns(&headers, &lengths, &time_share, &cfg.columns, &name)?;
        report.header_notes.push(note);
        if !cfg.read_times {
            columns.time = None;
            columns.time_of_day = None;
        }
        if !cfg.read_language {
            columns.language = None;
        }
        Ok(PostReader {
            csv,
            fingerprint: src.fingerprint,
            name,
            decoder: Decoder {
                headers,
                columns,
                times,
                languages: cfg
                    .read_language
                    .then(crate::language::LanguageReader::default),
                skip_empty_text: cfg.skip_empty_text,
                keep_markup: cfg.keep_markup,
                keep_bad: false,
                // Only `--encoding utf-8` passes rows that are not UTF-8 on to be skipped.
                fallback: (src_chosen_by != encoding::ChosenBy::Flag)
                    .then_some(encoding_rs::WINDOWS_1252),
            },
            strict: cfg.strict,
            parsed,
            parsed_len,
            parse_done: parse_error.is_some() || parsed_len < READ_BATCH,
            parse_error,
            spare: Vec::new(),
            ready: std::collections::VecDeque::new(),
            ready_error: None,
            finished: false,
            report,
        })
    }

    /// The header names, as in the file.
    #[must_use]
    pub fn headers(&self) -> &[String] {
        &self.decoder.headers
    }

    /// The recognised columns.
    #[must_use]
    pub fn columns(&self) -> ColumnMap {
        self.decoder.columns
    }

    /// The input as the user named it.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hand unusable rows to [`PostReader::next_row`] with their fields (they are counted as
    /// skipped all the same).
    pub fn keep_bad_rows(&mut self) {
        self.decoder.keep_bad = true;
    }

    /// The next usable post, skipping (and counting) bad rows; `None` at the end of input.
    ///
    /// # Errors
    /// [`Error::Read`] / [`Error::Csv`] when reading fails; [`Error::BadRow`] for the first bad
    /// row in strict mode.
    pub fn next_post(&mut self) -> Result<Option<Post>> {
        loop {
            match self.next_row()? {
                Some(Row::Post(post)) => return Ok(Some(post)),
                Some(Row::Bad { .. }) => {}
                None => return Ok(None),
            }
        }
    }

    /// The next row, usable or not (a bad row is counted as skipped); `None` at the end of
    /// input.
    ///
    /// # Errors
    /// As [`PostReader::next_post`].
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        loop {
            match self.ready.pop_front() {
                Some(Decoded::Post {
                    post,
                    time,
                    fallback,
                }) => {
                    self.report.rows_read += 1;
                    self.report.rows_used += 1;
                    if fallback {
                        self.report.fallback_rows += 1;
                        if self.report.fallback_lines.len() < EXAMPLES_KEPT {
                            self.report.fallback_lines.push(post.line);
                        }
                    }
                    self.report.markup_cleaned += u64::from(post.cleaned.is_some());
                    if self.decoder.columns.time.is_some() {
                        if time.time.is_none() {
                            self.note_bad_time(&post);
                        }
                        self.report.naive_times += u64::from(time.naive);
                        if let Some(vote) = time.vote {
                            let cell = self.decoder.time_cell(&post.fields);
                            self.report.date_votes.add(vote, post.line, &cell);
                        }
                    }
                    return Ok(Some(Row::Post(post)));
                }
                Some(Decoded::Skip(line, kind, reason, fields)) => {
                    self.report.rows_read += 1;
                    if self.strict {
                        return Err(Error::BadRow {
                            path: self.name.clone(),
                            line,
                            reason: format!("{reason}; {}", kind.hint()),
                        });
                    }
                    *self.report.skipped.entry(kind).or_insert(0) += 1;
                    let lines = self.report.skipped_lines.entry(kind).or_default();
                    if lines.len() < EXAMPLES_KEPT {
                        lines.push(line);
                    }
                    if self.report.skipped_examples.len() < EXAMPLES_KEPT {
                        self.report
                            .skipped_examples
                            .push(RowProblem { line, reason });
                    }
                    return Ok(Some(Row::Bad {
                        line,
                        fields: fields.unwrap_or_default(),
                    }));
                }
                None => {
                    if let Some(e) = self.ready_error.take() {
                        self.finished = true;
                        return Err(e);
                    }
                    if self.finished {
                        return Ok(None);
                    }
                    self.advance();
                }
            }
        }
    }

    /// Decode the rows parsed last time (on the pool) while parsing the next batch (here).
    fn advance(&mut self) {
        let mut decoded = Vec::new();
        let mut next = None;
        let batch = &self.parsed[..self.parsed_len];
        let decoder = &self.decoder;
        let (csv, spare, name) = (&mut self.csv, &mut self.spare, self.name.as_str());
        let parse = !self.parse_done;
        if batch.is_empty() {
            // Nothing to decode (the first batch is parsed with the header, so this is an
            // input without rows): no need to start the thread pool.
            if parse {
                next = Some(parse_batch(csv, spare, name));
            }
        } else {
            rayon::in_place_scope(|scope| {
                scope.spawn(|_| decoded = decoder.decode_all(batch));
                if parse {
                    next = Some(parse_batch(csv, spare, name));
                }
            });
        }
        self.ready.extend(decoded);
        self.ready_error = self.parse_error.take();
        match next {
            Some((n, error)) => {
                std::mem::swap(&mut self.parsed, &mut self.spare);
                self.parsed_len = n;
                self.parse_done = error.is_some() || n < READ_BATCH;
                self.parse_error = error;
            }
            None => {
                self.parsed_len = 0;
                self.finished = true;
            }
        }
    }

    /// Count a post whose time cell did not parse, keeping the first few as examples.
    fn note_bad_time(&mut self, post: &Post) {
        self.report.bad_times += 1;
        if self.report.bad_time_examples.len() < EXAMPLES_KEPT {
            let d = &self.decoder;
            self.report
                .bad_time_examples
                .extend(bad_time_example(post, &d.headers, &d.columns));
        }
    }

    /// Finish: the report and the input's size and SHA-256 (complete once all rows are read).
    #[must_use]
    pub fn finish(self) -> (IngestReport, InputInfo) {
        let fp = self.fingerprint.borrow();
        let mut report = self.report;
        report.header_notes.extend(report.fallback_note());
        report.header_notes.extend(report.markup_note());
        let info = InputInfo {
            name: self.name,
            bytes: fp.bytes(),
            sha256: fp.sha256(),
        };
        (report, info)
    }
}

/// `line 5` or `lines 5, 9`, with `, ...` when `total` lines are more than the `first` named.
fn named_lines(first: &[u64], total: u64) -> String {
    let lines: Vec<String> = first.iter().map(u64::to_string).collect();
    format!(
        "{} {}{}",
        if total == 1 { "line" } else { "lines" },
        lines.join(", "),
        if total > first.len() as u64 {
            ", ..."
        } else {
            ""
        }
    )
}

/// What to say when the encoding was assumed: which lines depend on it and what else it may be.
fn assumption_note(a: &encoding::Assumption) -> String {
    // The likeliest few: the list runs to a dozen scripts.
    let others: Vec<&str> = a.others.iter().take(4).map(|e| e.name()).collect();
    format!(
        "the file is not UTF-8, and too few of its lines hold other than ASCII to tell its encoding ({} of the first {}; {}): they are read as {}, as chardetng guesses for Western European text (Excel's code page in the Americas and Western Europe); if their accents or symbols look wrong, pass --encoding with the right one{}",
        a.lines,
        crate::words::count(a.of as u64, "line"),
        named_lines(&a.first_lines, a.lines as u64),
        a.encoding.name(),
        if others.is_empty() {
            String::new()
        } else {
            format!(" (likely others: {})", others.join(", "))
        }
    )
}

/// How many first rows choose among candidate text columns by their cells' length.
const COLUMN_SAMPLE_ROWS: usize = 200;

/// The mean length in bytes of each of `columns` columns' cells over `rows` (a missing cell
/// counts as empty); empty when there are no rows.
fn mean_cell_lengths(rows: &[(csv::ByteRecord, u64)], columns: usize) -> Vec<f64> {
    if rows.is_empty() {
        return Vec::new();
    }
    let mut total = vec![0usize; columns];
    for (record, _) in rows {
        for (t, cell) in total.iter_mut().zip(record.iter()) {
            *t += cell.len();
        }
    }
    total
        .iter()
        .map(|&t| t as f64 / rows.len() as f64)
        .collect()
}

/// The share of each column's non-empty cells in `rows` that read as times (0 for a column
/// without such cells; empty when there are no rows).
fn time_shares(
    rows: &[(csv::ByteRecord, u64)],
    columns: usize,
    times: &time::TimeReader,
) -> Vec<f64> {
    if rows.is_empty() {
        return Vec::new();
    }
    let mut read = vec![(0usize, 0usize); columns];
    for (record, _) in rows {
        for (r, cell) in read.iter_mut().zip(record.iter()) {
            let Ok(cell) = std::str::from_utf8(cell) else {
                continue;
            };
            if !cell.trim().is_empty() {
                r.0 += 1;
                r.1 += usize::from(times.parse(cell).time.is_some());
            }
        }
    }
    read.iter()
        .map(|&(cells, ok)| {
            if cells == 0 {
                0.0
            } else {
                ok as f64 / cells as f64
            }
        })
        .collect()
}

/// Parse up to [`READ_BATCH`] rows into `into` (reusing its records): how many, and the error
/// that stopped parsing early, if one did.
fn parse_batch(
    csv: &mut csv::Reader<source::LineIndex<Box<dyn Read>>>,
    into: &mut Vec<(csv::ByteRecord, u64)>,
    name: &str,
) -> (usize, Option<Error>) {
    if into.len() < READ_BATCH {
        into.resize_with(READ_BATCH, || (csv::ByteRecord::new(), 0));
    }
    for (n, (record, line)) in into.iter_mut().enumerate() {
        match csv.read_byte_record(record) {
            Ok(true) => {
                let byte = record.position().map_or(0, csv::Position::byte);
                *line = csv.get_mut().line_at(byte);
            }
            Ok(false) => return (n, None),
            Err(e) => return (n, Some(csv_error(name, &e))),
        }
    }
    (READ_BATCH, None)
}

impl Decoder {
    fn time_cell<'f>(&self, fields: &'f Fields) -> std::borrow::Cow<'f, str> {
        time_cell(fields, &self.columns)
    }

    /// Check and convert a batch of rows, on all cores, keeping their order.
    fn decode_all(&self, rows: &[(csv::ByteRecord, u64)]) -> Vec<Decoded> {
        use rayon::prelude::*;
        rows.par_iter()
            .with_min_len(256)
            .map(|(record, line)| self.decode(record, *line))
            .collect()
    }

    /// Turn one row into a post, or say why it is unusable.
    fn decode(&self, record: &csv::ByteRecord, line: u64) -> Decoded {
        let skip = |kind, reason| Decoded::Skip(line, kind, reason, self.fields_of(record));
        if record.len() != self.headers.len() {
            return skip(
                SkipKind::FieldCount,
                format!(
                    "has {} fields, the header has {}",
                    record.len(),
                    self.headers.len()
                ),
            );
        }
        // The common case in one pass: the whole row is UTF-8 without NUL and every field
        // boundary is a character boundary. Otherwise the fields are checked one by one to
        // name the first bad column.
        let joined = record.as_slice();
        let fields = std::str::from_utf8(joined)
            .ok()
            .filter(|_| !joined.contains(&0))
            .and_then(|s| {
                Fields::from_joined(
                    s,
                    (0..record.len()).filter_map(|i| record.range(i).map(|r| r.end)),
                )
            });
        let (fields, fallback) = match (fields, self.fallback) {
            (Some(fields), _) => (fields, false),
            (None, Some(encoding)) if !joined.contains(&0) => {
                let decoded: Vec<std::borrow::Cow<'_, str>> = record
                    .iter()
                    .map(|raw| match std::str::from_utf8(raw) {
                        Ok(s) => std::borrow::Cow::Borrowed(s),
                        Err(_) => encoding.decode_without_bom_handling(raw).0,
                    })
                    .collect();
                (decoded.iter().map(AsRef::as_ref).collect(), true)
            }
            (None, _) => return self.bad_field(record, line),
        };
        let text_index = self.columns.text;
        let cleaned = if self.keep_markup {
            None
        } else {
            markup::clean(&fields[text_index]).map(String::into_boxed_str)
        };
        let text = cleaned.as_deref().unwrap_or(&fields[text_index]);
        if self.skip_empty_text && text.trim().is_empty() {
            return skip(
                SkipKind::EmptyText,
                if cleaned.is_some() {
                    format!(
                        "column '{}' holds only HTML markup",
                        self.headers[text_index]
                    )
                } else {
                    format!("column '{}' is empty", self.headers[text_index])
                },
            );
        }
        let parsed = match self.columns.time {
            Some(_) => self.times.parse(&self.time_cell(&fields)),
            None => time::Parsed::default(),
        };
        let language = match &self.languages {
            Some(reader) => reader.read(text, self.columns.language.map(|i| &fields[i])),
            None => crate::language::Language::Unknown,
        };
        Decoded::Post {
            post: Post {
                line,
                fields,
                text_index,
                time: parsed.time,
                language,
                cleaned,
            },
            time: parsed,
            fallback,
        }
    }

    /// The first field of `record` that holds a NUL byte or is not UTF-8, as a skip.
    fn bad_field(&self, record: &csv::ByteRecord, line: u64) -> Decoded {
        for (i, raw) in record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) if s.contains('\0') => {
                    return Decoded::Skip(
                        line,
                        SkipKind::Nul,
                        format!(
                            "column '{}' holds a NUL byte (binary data)",
                            self.headers[i]
                        ),
                        self.fields_of(record),
                    )
                }
                Ok(_) => {}
                Err(_) => {
                    return Decoded::Skip(
                        line,
                        SkipKind::Encoding,
                        format!("column '{}' is not valid UTF-8", self.headers[i]),
                        self.fields_of(record),
                    )
                }
            }
        }
        // Every field is UTF-8 without NUL, so the joined row only failed for a field end at
        // 4 GiB or more, which the row limit (at most MAX_ROW_BYTES_CEILING) rules out; kept so
        // that a broken invariant is a counted skip, not a panic.
        Decoded::Skip(
            line,
            SkipKind::Encoding,
            "is 4 GiB or larger, more than one row can hold".to_owned(),
            self.fields_of(record),
        )
    }

    /// The fields of an unusable row, invalid UTF-8 replaced, when they are kept.
    fn fields_of(&self, record: &csv::ByteRecord) -> Option<Vec<String>> {
        self.keep_bad.then(|| {
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()
        })
    }
}

/// Give empty header names a name (`column_N`, 1-based), noting each.
fn name_empty_headers(headers: &mut [String], notes: &mut Vec<String>) {
    for (i, h) in headers.iter_mut().enumerate() {
        if h.trim().is_empty() {
            *h = format!("column_{}", i + 1);
            notes.push(format!(
                "column {} has no name in the header; it is called '{h}'",
                i + 1
            ));
        }
    }
}

/// Two columns with one name would make every later lookup ambiguous. One pass with a map from
/// name to position, so a header of 100,000 columns takes no longer than reading it.
fn check_unique(headers: &[String], name: &str) -> Result<()> {
    let mut seen: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(headers.len());
    for (j, h) in headers.iter().enumerate() {
        if let Some(&i) = seen.get(h.as_str()) {
            return Err(Error::DuplicateColumn {
                path: name.to_owned(),
                name: h.clone(),
                first: i + 1,
                second: j + 1,
            });
        }
        seen.insert(h, j);
    }
    Ok(())
}

fn csv_error(name: &str, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::Io(io) => {
            let inner = io.get_ref();
            if let Some(t) = inner.and_then(|e| e.downcast_ref::<source::RowTooLarge>()) {
                return Error::RowTooLarge {
                    path: name.to_owned(),
                    line: t.line,
                    limit: t.limit,
                };
            }
            if let Some(q) = inner.and_then(|e| e.downcast_ref::<source::UnclosedQuote>()) {
                return Error::UnclosedQuote {
                    path: name.to_owned(),
                    line: q.line,
                };
            }
            Error::Read {
                path: name.to_owned(),
                source: io::Error::new(io.kind(), io.to_string()),
            }
        }
        _ => Error::Csv {
            path: name.to_owned(),
            line,
            message: e.to_string(),
        },
    }
}

/// The most a stopword list may hold: far more than any language's list, far less than memory.
pub const MAX_STOPWORDS_BYTES: u64 = 16 << 20;

/// Read a stopword file: one word per line, lower-cased; blank lines and lines starting with `#`
/// are ignored.
///
/// # Errors
/// [`Error::Read`] naming the file when it cannot be read, is not UTF-8 or is larger than
/// [`MAX_STOPWORDS_BYTES`].
pub fn read_stopwords(path: &std::path::Path) -> Result<std::collections::HashSet<String>> {
    let (_, text) = read_text(path, "a stopword list", MAX_STOPWORDS_BYTES)?;
    Ok(text
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect())
}

/// Read a small UTF-8 side file (stopwords, rules, a model) of at most `limit` bytes: its name
/// for messages and its text. `what` names the kind of file in the error. The file is read
/// through the limit, so a device or pipe that never ends (`/dev/zero`) stops there too.
///
/// # Errors
/// [`Error::Read`] naming the file when it cannot be read, is not UTF-8 or is too large.
pub fn read_text(path: &std::path::Path, what: &str, limit: u64) -> Result<(String, String)> {
    use std::io::Read as _;
    let name = path.display().to_string();
    let fail = |source: io::Error| Error::Read {
        path: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(fail)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(fail(io::Error::other(format!(
            "it is larger than {} MiB, far more than {what} needs; check the path",
            limit >> 20
        ))));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (byte {} is not valid); re-save it as UTF-8",
                e.utf8_error().valid_up_to() + 1
            ),
        ))
    })?;
    Ok((name, text))
}

/// Read every usable post into memory.
///
/// # Errors
/// As [`open`] and [`PostReader::next_post`].
pub fn read_posts(cfg: &IngestConfig) -> Result<Ingested> {
    read_posts_with_progress(cfg, &mut |_| {})
}

/// [`read_posts`], calling `progress` with the approximate bytes of each post read.
///
/// # Errors
/// As [`read_posts`].
pub fn read_posts_with_progress(
    cfg: &IngestConfig,
    progress: &mut dyn FnMut(u64),
) -> Result<Ingested> {
    let mut reader = open(cfg)?;
    let mut posts = Vec::new();
    while let Some(p) = reader.next_post()? {
        progress(p.fields.iter().map(|f| f.len() as u64 + 1).sum());
        posts.push(p);
    }
    let headers = reader.headers().to_vec();
    let columns = reader.columns();
    let (mut report, input) = reader.finish();
    report.check_skipped(&input.name, cfg.max_skipped_percent)?;
    settle_times(&mut report, &mut posts, &headers, &columns, &cfg.time);
    report.time_warning = time_warning(&posts, &headers, &columns, cfg);
    Ok(Ingested {
        headers,
        columns,
        posts,
        report,
        input,
    })
}

/// The time cell of a row: the time column, joined with the time-of-day column when the date and
/// the time are in separate columns.
fn time_cell<'f>(fields: &'f Fields, columns: &ColumnMap) -> std::borrow::Cow<'f, str> {
    match (columns.time, columns.time_of_day) {
        (Some(d), Some(t)) => format!("{} {}", fields[d].trim(), fields[t].trim()).into(),
        (Some(d), None) => std::borrow::Cow::Borrowed(&fields[d]),
        _ => "".into(),
    }
}

/// A post whose time was not read, as one of the report's examples.
fn bad_time_example(post: &Post, headers: &[String], columns: &ColumnMap) -> Option<RowProblem> {
    let i = columns.time?;
    Some(RowProblem {
        line: post.line,
        reason: format!(
            "column '{}' holds {:?}, not a timestamp",
            headers[i],
            crate::escape::for_terminal(&time_cell(&post.fields, columns), 40)
        ),
    })
}

/// The time column's name as the notes give it (`date + time` for two columns).
fn time_column_name(headers: &[String], columns: &ColumnMap) -> String {
    match (columns.time, columns.time_of_day) {
        (Some(d), Some(t)) => format!("{} + {}", headers[d], headers[t]),
        (Some(d), None) => headers[d].clone(),
        _ => String::new(),
    }
}

/// Once every row is read: settle the time column's date order from its votes, re-read the
/// times the provisional order read otherwise, recount the unreadable ones, and note what was
/// decided or assumed (also the zone of times without an offset).
fn settle_times(
    report: &mut IngestReport,
    posts: &mut [Post],
    headers: &[String],
    columns: &ColumnMap,
    options: &crate::config::TimeOptions,
) {
    use rayon::prelude::*;
    if columns.time.is_none() {
        return;
    }
    let column = time_column_name(headers, columns);
    if options.order == crate::config::DateOrder::Detect && options.format.is_none() {
        if let Some(decision) = report.date_votes.decide(&column) {
            report.header_notes.push(decision.note);
            if report.date_votes.changes_provisional(decision.order) {
                let reader = time::TimeReader::new(options).with_order(decision.order);
                posts.par_iter_mut().for_each(|p| {
                    p.time = reader.parse(&time_cell(&p.fields, columns)).time;
                });
                report.bad_times = posts.iter().filter(|p| p.time.is_none()).count() as u64;
                report.bad_time_examples = posts
                    .iter()
                    .filter(|p| p.time.is_none())
                    .take(EXAMPLES_KEPT)
                    .filter_map(|p| bad_time_example(p, headers, columns))
                    .collect();
            }
        }
    }
    if report.naive_times > 0 {
        let hint = if options.zone == crate::config::Zone::Utc {
            "; pass --time-zone (e.g. Europe/Rome, -05:00) if they are local times"
        } else {
            " and converted to UTC"
        };
        report.header_notes.push(format!(
            "{} in column '{column}' {} no offset and {} read as {}{hint}",
            crate::words::count(report.naive_times, "time"),
            crate::words::agree(report.naive_times, "has", "have"),
            crate::words::agree(report.naive_times, "is", "are"),
            options.zone
        ));
    }
}

/// What to say about posts whose time is empty or unreadable: how many of each, up to three
/// unreadable values, the accepted forms, and a flag to try that the user has not passed already.
fn time_warning(
    posts: &[Post],
    headers: &[String],
    columns: &ColumnMap,
    cfg: &IngestConfig,
) -> Option<String> {
    columns.time?;
    let column = time_column_name(headers, columns);
    let mut empty = 0u64;
    let mut unreadable = 0u64;
    let mut relative = 0u64;
    let mut samples: Vec<String> = Vec::new();
    for p in posts.iter().filter(|p| p.time.is_none()) {
        let cell = time_cell(&p.fields, columns);
        if cell.trim().is_empty() {
            empty += 1;
        } else {
            unreadable += 1;
            relative += u64::from(time::is_relative(&cell));
            let shown = format!("{:?}", crate::escape::for_terminal(cell.trim(), 40));
            if samples.len() < 3 && !samples.contains(&shown) {
                samples.push(shown);
            }
        }
    }
    let mut parts = Vec::new();
    if unreadable > 0 {
        let hint = match (&cfg.time.format, &cfg.columns.time) {
            // "6 months ago": no pattern can place it without the moment the page was read.
            _ if relative * 2 > unreadable => format!(
                "{} relative to when the page was read (\"6 months ago\", as scrapers copy them), which no pattern can place in time: use the scraper's absolute time column if it writes one (youtube-comment-downloader's time_parsed), with --time-column NAME",
                if relative == unreadable {
                    "they are all".to_owned()
                } else {
                    format!("{relative} of them are")
                }
            ),
            (Some(f), _) => format!("check --time-format '{f}' against them"),
            (None, Some(_)) => "pass --time-format PATTERN for another form".to_owned(),
            (None, None) => "pass --time-format PATTERN for another form, or --time-column NAME if this is not the time column".to_owned(),
        };
        let accepted = if cfg.time.format.is_some() || relative * 2 > unreadable {
            String::new()
        } else {
            format!("; accepted: {}", time::ACCEPTED_FORMS)
        };
        parts.push(format!(
            "{} {} a time in column '{column}' that cannot be read, e.g. {}{accepted}; {hint}",
            crate::words::count(unreadable, "post"),
            crate::words::agree(unreadable, "has", "have"),
            samples.join(", ")
        ));
    }
    if empty > 0 {
        parts.push(format!(
            "{} {} an empty time in column '{column}'",
            crate::words::count(empty, "post"),
            crate::words::agree(empty, "has", "have")
        ));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "{}. They count everywhere except the timeline",
            parts.join("; ")
        )
    })
}

/// Everything ingest hands to the later stages.
#[derive(Debug, Clone)]
pub struct Ingested {
    /// Header names as in the file.
    pub headers: Vec<String>,
    /// The recognised columns.
    pub columns: ColumnMap,
    /// The usable posts, in input order.
    pub posts: Vec<Post>,
    /// Counts and skipped rows.
    pub report: IngestReport,
    /// Size and fingerprint of the input.
    pub input: InputInfo,
}

/// The `id` column of a file `sample` wrote in an earlier round (or any CSV with an `id`
/// column).
///
/// # Errors
/// [`Error::Read`] when the file cannot be read; [`Error::Usage`] when it has no `id` column or
/// a row cannot be parsed.
pub fn read_ids(path: &std::path::Path) -> Result<Vec<String>> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: name.clone(),
        source,
    })?;
    let mut reader = csv::Reader::from_reader(file);
    let bad = |e: csv::Error| {
        let line = e.position().map_or(0, csv::Position::line);
        Error::Usage(format!(
            "{name}, line {line}: {e}; --exclude takes a CSV with an id column"
        ))
    };
    let headers = reader.headers().map_err(bad)?.clone();
    let Some(column) = headers.iter().position(|h| {
        h.trim_start_matches('\u{feff}')
            .trim()
            .eq_ignore_ascii_case("id")
    }) else {
        return Err(Error::Usage(format!(
            "{name} has no id column (found: {}); --exclude takes the file an earlier `reactions sample` wrote",
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    };
    let mut ids = Vec::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        if let Some(id) = record.get(column) {
            ids.push(id.trim().to_owned());
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(strict: bool) -> IngestConfig {
        IngestConfig {
            strict,
            ..IngestConfig::new(Input::Stdin)
        }
    }

    fn read(bytes: &[u8], strict: bool) -> Result<(Vec<Post>, IngestReport, InputInfo)> {
        read_with(bytes, &cfg(strict))
    }

    /// Read as declared UTF-8 (`--encoding utf-8`): no detection, bad rows skipped one by one.
    fn read_utf8(bytes: &[u8]) -> Result<(Vec<Post>, IngestReport, InputInfo)> {
        let cfg = IngestConfig {
            encoding: Some(encoding_rs::UTF_8),
            ..cfg(false)
        };
        read_with(bytes, &cfg)
    }

    fn read_with(bytes: &[u8], cfg: &IngestConfig) -> Result<(Vec<Post>, IngestReport, InputInfo)> {
        let mut r = PostReader::new(
            Box::new(io::Cursor::new(bytes.to_vec())),
            "t.csv".into(),
            cfg,
        )?;
        let mut posts = Vec::new();
        while let Some(p) = r.next_post()? {
            posts.push(p);
        }
        let (rep, info) = r.finish();
        Ok((posts, rep, info))
    }

    /// Every post and the error that stopped reading, if any.
    fn read_until_error(bytes: &[u8], strict: bool) -> (Vec<Post>, Option<Error>) {
        let mut r = PostReader::new(
            Box::new(io::Cursor::new(bytes.to_vec())),
            "t.csv".into(),
            &cfg(strict),
        )
        .unwrap();
        let mut posts = Vec::new();
        loop {
            match r.next_post() {
                Ok(Some(p)) => posts.push(p),
                Ok(None) => return (posts, None),
                Err(e) => return (posts, Some(e)),
            }
        }
    }

    /// What a row-by-row reading must give for a generated input.
    #[derive(Default)]
    struct Expected {
        input: Vec<u8>,
        posts: Vec<(u64, String)>,
        skips: Vec<(u64, SkipKind)>,
        bad_times: Vec<u64>,
    }

    /// `rows` rows after a CRLF header, row `i` of kind `kind(i)`: 0 a two-line quoted text,
    /// 1 too many fields, 2 invalid UTF-8, 3 empty text, 4 an unreadable time, 5 a NUL byte,
    /// 6 a blank line and then a plain row. The expected lines are counted while writing.
    fn generated(rows: usize, kind: impl Fn(usize) -> usize) -> Expected {
        let mut e = Expected {
            input: b"id,created_at,text\r\n".to_vec(),
            ..Expected::default()
        };
        let mut line = 2;
        for i in 0..rows {
            let k = kind(i);
            if k == 6 {
                e.input.extend_from_slice(b"\r\n");
                line += 1;
            }
            let time = if k == 4 {
                "soon"
            } else {
                "2019-02-13T10:00:00Z"
            };
            e.input.extend_from_slice(format!("{i},{time},").as_bytes());
            let text = match k {
                0 => format!("row {i}\r\nsecond line"),
                1 => "a,b".to_owned(),
                2 => "caf\u{e9}".to_owned(),
                3 => "   ".to_owned(),
                5 => "nul\0".to_owned(),
                _ => format!("row {i}"),
            };
            if k == 0 {
                e.input.extend_from_slice(format!("\"{text}\"").as_bytes());
            } else if k == 2 {
                e.input.extend_from_slice(b"caf\xe9");
            } else {
                e.input.extend_from_slice(text.as_bytes());
            }
            e.input.extend_from_slice(b"\r\n");
            match k {
                1 => e.skips.push((line, SkipKind::FieldCount)),
                2 => e.skips.push((line, SkipKind::Encoding)),
                3 => e.skips.push((line, SkipKind::EmptyText)),
                5 => e.skips.push((line, SkipKind::Nul)),
                _ => e.posts.push((line, text)),
            }
            if k == 4 {
                e.bad_times.push(line);
            }
            line += if k == 0 { 2 } else { 1 };
        }
        e
    }

    /// Reading is batched and decoded in parallel; across batch boundaries every post, skip,
    /// count and example must still come out in input order, on its line.
    #[test]
    fn batched_reading_keeps_posts_skips_and_lines_in_input_order() {
        let rows = 2 * READ_BATCH + 123;
        let e = generated(rows, |i| (i * 5 + i / 11) % 7);
        // Declared UTF-8, so the rows that are not are skipped (undeclared, they are read as
        // windows-1252: see rows_past_a_utf8_start_that_are_not_utf8_were_dropped).
        let (posts, rep, _) = read_utf8(&e.input).unwrap();
        let got: Vec<(u64, String)> = posts
            .iter()
            .map(|p| (p.line, p.text().to_owned()))
            .collect();
        assert_eq!(got, e.posts);
        assert_eq!(rep.rows_read, rows as u64);
        assert_eq!(rep.rows_used, e.posts.len() as u64);
        for kind in [
            SkipKind::FieldCount,
            SkipKind::Encoding,
            SkipKind::EmptyText,
            SkipKind::Nul,
        ] {
            let n = e.skips.iter().filter(|(_, k)| *k == kind).count() as u64;
            assert!(n > 0);
            assert_eq!(rep.skipped[&kind], n, "{kind:?}");
        }
        let example_lines: Vec<u64> = rep.skipped_examples.iter().map(|p| p.line).collect();
        let first: Vec<u64> = e.skips.iter().take(EXAMPLES_KEPT).map(|s| s.0).collect();
        assert_eq!(example_lines, first);
        assert_eq!(rep.bad_times, e.bad_times.len() as u64);
        let bad_time_lines: Vec<u64> = rep.bad_time_examples.iter().map(|p| p.line).collect();
        assert_eq!(bad_time_lines, e.bad_times[..EXAMPLES_KEPT]);
        assert!(rep.bad_time_examples[0].reason.contains("\"soon\""));
    }

    /// Errors come after every post before them, even when read ahead in a later batch.
    #[test]
    fn errors_in_a_later_batch_come_after_the_posts_before_them() {
        // Strict: the one bad row, in the second batch.
        let bad = READ_BATCH + 10;
        let e = generated(bad + 500, |i| if i == bad { 1 } else { 0 });
        let (posts, err) = read_until_error(&e.input, true);
        assert_eq!(posts.len(), bad);
        let line = e.skips[0].0;
        assert!(
            matches!(err, Some(Error::BadRow { line: l, .. }) if l == line),
            "{err:?}"
        );
        // A quote never closed: every row before it is read, then the error names its line.
        let mut e = generated(READ_BATCH + 50, |_| 6);
        let open_line = e.posts.last().unwrap().0 + 1;
        e.input
            .extend_from_slice(b"x,2019-02-13,\"never closed\r\nmore\r\n");
        let (posts, err) = read_until_error(&e.input, false);
        assert_eq!(posts.len(), READ_BATCH + 50);
        assert!(
            matches!(err, Some(Error::UnclosedQuote { line, .. }) if line == open_line),
            "{err:?}"
        );
    }

    #[test]
    fn text_passes_byte_for_byte_through_quotes_newlines_bom_and_crlf() {
        let input =
            b"\xEF\xBB\xBFid,text\r\n1,\"  Hello, \"\"world\"\"\r\nline two \"\r\n2,plain\n";
        let (posts, rep, _) = read(input, false).unwrap();
        assert_eq!(posts.len(), 2);
        assert_eq!(posts[0].text(), "  Hello, \"world\"\r\nline two ");
        assert_eq!(posts[0].line, 2);
        assert_eq!(posts[1].text(), "plain");
        assert_eq!(posts[1].line, 4);
        assert_eq!(rep.rows_read, 2);
        assert_eq!(rep.skipped_total(), 0);
    }

    #[test]
    fn line_numbers_count_blank_lines_and_multi_line_fields_in_lf_and_crlf() {
        for nl in ["\n", "\r\n"] {
            let input = format!("id,text{nl}1,\"a{nl}b{nl}c\"{nl}{nl}2,x,extra{nl}3,ok{nl}");
            let (posts, rep, _) = read(input.as_bytes(), false).unwrap();
            assert_eq!(posts[0].line, 2, "{nl:?}");
            assert_eq!(rep.skipped_examples[0].line, 6, "{nl:?}");
            assert_eq!(posts[1].line, 7, "{nl:?}");
        }
    }

    /// Found by fuzzing (`ingest` target): a file with old-Mac CR-only line ends gave every
    /// record line 1.
    #[test]
    fn line_numbers_count_lone_carriage_returns() {
        let (posts, rep, _) = read(b"id,text\r1,a\r2,b,extra\r3,\"x\ry\"\r4,c\r", false).unwrap();
        let lines: Vec<u64> = posts.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        assert_eq!(rep.skipped_examples[0].line, 3);
    }

    #[test]
    fn bad_rows_are_skipped_counted_and_located() {
        let input = b"id,text\n1,good\n2,too,many\n3,\xff\xfe\n4,   \n5,fine\n";
        let (posts, rep, _) = read_utf8(input).unwrap();
        assert_eq!(
            posts.iter().map(Post::text).collect::<Vec<_>>(),
            ["good", "fine"]
        );
        assert_eq!(rep.rows_read, 5);
        assert_eq!(rep.skipped[&SkipKind::FieldCount], 1);
        assert_eq!(rep.skipped[&SkipKind::Encoding], 1);
        assert_eq!(rep.skipped[&SkipKind::EmptyText], 1);
        let lines: Vec<u64> = rep.skipped_examples.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(rep.skipped_examples[1]
            .reason
            .contains("column 'text' is not valid UTF-8"));
    }

    #[test]
    fn rows_past_a_utf8_start_that_are_not_utf8_were_dropped() {
        // An Excel re-save whose first MiB is plain ASCII: detection reads it as UTF-8, and the
        // windows-1252 rows after it were skipped (two lost posts in 20,000).
        let mut input = b"id,text\n".to_vec();
        let mut n = 0;
        while input.len() <= encoding::DETECT_BYTES {
            n += 1;
            input.extend(format!("{n},a plain ascii post\n").as_bytes());
        }
        input.extend(b"x1,it cost me \xa340 and the caf\xe9 was closed\n");
        input.extend(b"x2,plain again\nx3,na\xefve\n");
        let (posts, rep, _) = read(&input, false).unwrap();
        assert_eq!(rep.skipped_total(), 0);
        assert_eq!(posts.len(), n + 3);
        let texts: Vec<&str> = posts[n..].iter().map(Post::text).collect();
        assert_eq!(
            texts,
            [
                "it cost me \u{a3}40 and the caf\u{e9} was closed",
                "plain again",
                "na\u{ef}ve"
            ]
        );
        assert_eq!(rep.fallback_rows, 2);
        let first = n as u64 + 2;
        assert_eq!(rep.fallback_lines, [first, first + 2]);
        let note = rep.fallback_note().unwrap();
        assert!(
            note.starts_with(&format!("2 rows are not UTF-8 although the start of the file is: read as windows-1252, the usual encoding of a file saved by Excel in the Americas and Western Europe (lines {first}, {})", first + 2)),
            "{note}"
        );
        // Declared UTF-8 (--encoding utf-8) still skips and counts them.
        let (posts, rep, _) = read_utf8(&input).unwrap();
        assert_eq!(posts.len(), n + 1);
        assert_eq!(rep.skipped[&SkipKind::Encoding], 2);
        assert_eq!(rep.fallback_rows, 0);
    }

    /// The row is checked as one UTF-8 string: a character split across two fields makes a
    /// valid whole of two invalid fields, and must still be skipped, naming the first.
    #[test]
    fn a_character_split_across_two_fields_is_invalid_utf8() {
        let (posts, rep, _) = read_utf8(b"x,text\n\xc3,\xa9\n1,ok\n").unwrap();
        assert_eq!(posts.len(), 1);
        assert_eq!(rep.skipped[&SkipKind::Encoding], 1);
        assert!(rep.skipped_examples[0]
            .reason
            .starts_with("column 'x' is not valid UTF-8"));
    }

    #[test]
    fn strict_mode_stops_at_the_first_bad_row() {
        let err = read(b"id,text\n1,ok\n2,a,b\n", true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv:3: has 3 fields, the header has 2; quote fields that contain the delimiter, \
             or pass --delimiter if the file uses another (rerun without --strict to skip and \
             count such rows)"
        );
    }

    #[test]
    fn empty_input_is_an_error() {
        let err = read(b"", false).unwrap_err();
        assert!(matches!(err, Error::Empty { .. }), "{err}");
    }

    #[test]
    fn input_is_hashed_while_read() {
        // SHA-256 of "text\nhi\n", from `printf 'text\nhi\n' | sha256sum`.
        let (_, _, info) = read(b"text\nhi\n", false).unwrap();
        assert_eq!(info.bytes, 8);
        assert_eq!(
            info.sha256,
            "3f23578e8aff7e7fc4a4d011cc83e51710bd751b453405eaf900eb55465de7e3"
        );
    }

    #[test]
    fn unreadable_times_are_counted_but_the_post_is_kept() {
        let (posts, rep, _) = read(b"created_at,text\nsoon,a\n2019-02-13,b\n", false).unwrap();
        assert_eq!(posts.len(), 2);
        assert!(posts[0].time.is_none());
        assert!(posts[1].time.is_some());
        assert_eq!(rep.bad_times, 1);
        assert_eq!(rep.bad_time_examples[0].line, 2);
    }
}
