//! The CSV that `score` streams: the input's columns with `neg`, `neu`, `pos` and `compound`
//! appended, one row out per row in.

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::ingest::Row;
use crate::model::{Scores, SCORE_COLUMNS};

/// Writes scored rows as CSV to a stream (standard output for `score`).
pub struct ScoredCsv<W: Write> {
    csv: csv::Writer<W>,
    /// The input's number of columns: a short bad row is padded to it.
    width: usize,
}

/// The name a failing stream is reported under.
fn stdout() -> PathBuf {
    PathBuf::from("<stdout>")
}

fn fail(e: csv::Error) -> Error {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(source) => source,
        other => std::io::Error::other(format!("{other:?}")),
    };
    Error::Write {
        path: stdout(),
        source,
    }
}

impl<W: Write> ScoredCsv<W> {
    /// Start the stream with the header: the input's column names (see
    /// [`crate::ingest::output_names`]) and the score columns.
    ///
    /// # Errors
    /// [`Error::Write`] when the stream fails (a closed pipe included).
    pub fn new(out: W, names: &[String]) -> Result<Self> {
        let mut csv = csv::WriterBuilder::new().flexible(true).from_writer(out);
        let header = names
            .iter()
            .map(String::as_str)
            .chain(SCORE_COLUMNS.iter().copied());
        csv.write_record(header).map_err(fail)?;
        Ok(ScoredCsv {
            csv,
            width: names.len(),
        })
    }

    /// Write one row with its scores; a row that is not a post gets empty scores, its fields
    /// padded to the header's width.
    ///
    /// # Errors
    /// [`Error::Write`] when the stream fails.
    pub fn write(&mut self, row: &Row, scores: Option<Scores>) -> Result<()> {
        let w = &mut self.csv;
        match row {
            Row::Post(post) => {
                for field in post.fields.iter() {
                    w.write_field(field).map_err(fail)?;
                }
            }
            Row::Bad { fields, .. } => {
                for field in fields {
                    w.write_field(field).map_err(fail)?;
                }
                for _ in fields.len()..self.width {
                    w.write_field("").map_err(fail)?;
                }
            }
        }
        match scores {
            Some(s) => {
                for x in [s.neg, s.neu, s.pos, s.compound] {
                    w.write_field(x.to_string()).map_err(fail)?;
                }
            }
            None => {
                for _ in SCORE_COLUMNS {
                    w.write_field("").map_err(fail)?;
                }
            }
        }
        w.write_record(None::<&[u8]>).map_err(fail)
    }

    /// Flush the stream.
    ///
    /// # Errors
    /// [`Error::Write`] when the stream fails.
    pub fn finish(mut self) -> Result<()> {
        self.csv.flush().map_err(|source| Error::Write {
            path: stdout(),
            source,
        })
    }
}

/// The CSV `sample` writes: `id,text,<label column>` for each pick, the label left empty to be
/// filled in by hand.
///
/// # Errors
/// Never in practice (writing to memory); reported as [`Error::Render`].
pub fn to_label_csv(label_column: &str, picks: &[(String, &str)]) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::Render {
        what: "the sample CSV",
        source: e.into(),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["id", "text", label_column])
        .map_err(fail)?;
    for (id, text) in picks {
        writer.write_record([id.as_str(), text, ""]).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| Error::Render {
        what: "the sample CSV",
        source: e.into_error().into(),
    })
}
