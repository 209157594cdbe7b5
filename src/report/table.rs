//! A table declared once: its file stem, and per column the name, the type of its values and how
//! Markdown shows it. CSV, Markdown and the frame behind Parquet and Arrow IPC each come from one
//! generic writer here, so the formats cannot drift apart.
//!
//! The declarations of the report's tables are in [`super::tables`].

use chrono::{DateTime, Utc};
use polars::prelude::{DataFrame, Int64Chunked, IntoColumn, NewChunkedArray, TimeUnit, TimeZone};

use crate::error::{Error, FrameContext, Result};

/// How a column's value is read from a row; the variant is the column's type in every format.
pub(crate) enum Get<R> {
    /// Text (a string column).
    Text(for<'r> fn(&'r R) -> &'r str),
    /// A count (an unsigned 64-bit column).
    Count(fn(&R) -> u64),
    /// A number (a 64-bit float column).
    Number(fn(&R) -> f64),
    /// A number that may be missing (empty in CSV, null in frames).
    MaybeNumber(fn(&R) -> Option<f64>),
    /// A count that may be missing (empty in CSV, null in frames).
    MaybeCount(fn(&R) -> Option<u64>),
    /// A time (RFC 3339 in CSV, a UTC datetime in microseconds in frames).
    Time(fn(&R) -> DateTime<Utc>),
}

/// Alignment of a Markdown column.
#[derive(Clone, Copy)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    fn rule(self) -> &'static str {
        match self {
            Align::Left => "---",
            Align::Center => ":-:",
            Align::Right => "--:",
        }
    }
}

/// How Markdown shows a column: its header, alignment and cell text.
pub(crate) struct Shown<R> {
    header: &'static str,
    align: Align,
    cell: fn(&R) -> String,
}

/// One column of a table.
pub(crate) struct Col<R> {
    name: &'static str,
    get: Get<R>,
    shown: Option<Shown<R>>,
}

impl<R> Col<R> {
    /// A column named `name` (in CSV and frames) whose values `get` reads; not shown in Markdown
    /// until [`Col::shown`].
    pub(crate) fn new(name: &'static str, get: Get<R>) -> Self {
        Col {
            name,
            get,
            shown: None,
        }
    }

    /// Show the column in Markdown under `header`, with `cell` as the text of each row.
    pub(crate) fn shown(
        mut self,
        header: &'static str,
        align: Align,
        cell: fn(&R) -> String,
    ) -> Self {
        self.shown = Some(Shown {
            header,
            align,
            cell,
        });
        self
    }

    /// The column's value in `row` as CSV text: numbers in Rust's shortest round-trip form.
    fn text(&self, row: &R) -> String {
        match &self.get {
            Get::Text(f) => f(row).to_owned(),
            Get::Count(f) => f(row).to_string(),
            Get::Number(f) => f(row).to_string(),
            Get::MaybeNumber(f) => f(row).map(|x| x.to_string()).unwrap_or_default(),
            Get::MaybeCount(f) => f(row).map(|x| x.to_string()).unwrap_or_default(),
            Get::Time(f) => f(row).to_rfc3339(),
        }
    }

    fn column(&self, rows: &[R]) -> polars::prelude::Column {
        use polars::prelude::Column;
        let name = self.name.into();
        match &self.get {
            Get::Text(f) => Column::new(name, rows.iter().map(f).collect::<Vec<_>>()),
            Get::Count(f) => Column::new(name, rows.iter().map(f).collect::<Vec<_>>()),
            Get::Number(f) => Column::new(name, rows.iter().map(f).collect::<Vec<_>>()),
            Get::MaybeNumber(f) => Column::new(name, rows.iter().map(f).collect::<Vec<_>>()),
            Get::MaybeCount(f) => Column::new(name, rows.iter().map(f).collect::<Vec<_>>()),
            Get::Time(f) => Int64Chunked::from_iter_options(
                name,
                rows.iter().map(|r| Some(f(r).timestamp_micros())),
            )
            .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
            .into_column(),
        }
    }
}

/// A table: its file stem, columns and rows.
pub(crate) struct Table<'a, R> {
    /// The file stem (`summary` gives `summary.csv`, `summary.parquet`, ...).
    pub stem: &'static str,
    pub columns: Vec<Col<R>>,
    pub rows: &'a [R],
}

impl<R> Table<'_, R> {
    /// The table as CSV; with `safe`, cells a spreadsheet could run as a formula get a `'` in
    /// front.
    ///
    /// # Errors
    /// [`Error::Render`] only if the CSV writer fails on memory (not expected).
    pub(crate) fn csv(&self, safe: bool) -> Result<Vec<u8>> {
        use super::csv_fields::neutralised;
        let fail = |e: csv::Error| Error::Render {
            what: self.stem,
            source: e.into(),
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        let cell = |value: String| {
            if safe {
                neutralised(&value).into_owned()
            } else {
                value
            }
        };
        w.write_record(self.columns.iter().map(|c| cell(c.name.to_owned())))
            .map_err(fail)?;
        for row in self.rows {
            w.write_record(self.columns.iter().map(|c| cell(c.text(row))))
                .map_err(fail)?;
        }
        w.into_inner().map_err(|e| Error::Render {
            what: self.stem,
            source: e.into(),
        })
    }

    /// The table as a frame, for Parquet and Arrow IPC.
    ///
    /// # Errors
    /// [`Error::Frame`] if polars rejects the columns (a bug).
    pub(crate) fn frame(&self) -> Result<DataFrame> {
        let columns = self.columns.iter().map(|c| c.column(self.rows)).collect();
        DataFrame::new(self.rows.len(), columns).frame("building a table's frame")
    }

    /// The shown columns as a GitHub-flavoured Markdown table, one line per row.
    pub(crate) fn markdown(&self) -> String {
        self.markdown_of(self.rows.iter())
    }

    /// Like [`Table::markdown`], for some of the rows.
    pub(crate) fn markdown_of<'r>(&self, rows: impl Iterator<Item = &'r R>) -> String
    where
        R: 'r,
    {
        let shown: Vec<&Shown<R>> = self
            .columns
            .iter()
            .filter_map(|c| c.shown.as_ref())
            .collect();
        let line = |cells: &mut dyn Iterator<Item = String>| {
            let mut out = String::from("|");
            for cell in cells {
                out.push(' ');
                out.push_str(&cell);
                out.push_str(" |");
            }
            out.push('\n');
            out
        };
        let mut out = line(&mut shown.iter().map(|s| s.header.to_owned()));
        out.push('|');
        for s in &shown {
            out.push_str(s.align.rule());
            out.push('|');
        }
        out.push('\n');
        for row in rows {
            out.push_str(&line(&mut shown.iter().map(|s| (s.cell)(row))));
        }
        out
    }
}

/// The frame type of a column of `get`'s kind (for checks).
#[cfg(test)]
fn dtype<R>(get: &Get<R>) -> polars::prelude::DataType {
    use polars::prelude::DataType;
    match get {
        Get::Text(_) => DataType::String,
        Get::Count(_) | Get::MaybeCount(_) => DataType::UInt64,
        Get::Number(_) | Get::MaybeNumber(_) => DataType::Float64,
        Get::Time(_) => DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        name: String,
        n: u64,
        x: Option<f64>,
        at: DateTime<Utc>,
    }

    fn table(rows: &[Row]) -> Table<'_, Row> {
        Table {
            stem: "t",
            columns: vec![
                Col::<Row>::new("name", Get::Text(|r| &r.name))
                    .shown("name", Align::Left, |r| r.name.to_uppercase()),
                Col::<Row>::new("n", Get::Count(|r| r.n))
                    .shown("count", Align::Right, |r| r.n.to_string()),
                Col::<Row>::new("x", Get::MaybeNumber(|r| r.x)),
                Col::<Row>::new("at", Get::Time(|r| r.at))
                    .shown("when", Align::Center, |r| r.at.format("%Y").to_string()),
            ],
            rows,
        }
    }

    fn rows() -> Vec<Row> {
        let at = DateTime::from_timestamp(1_550_000_000, 0).unwrap();
        vec![
            Row {
                name: "=cmd".to_owned(),
                n: 3,
                x: Some(0.1),
                at,
            },
            Row {
                name: "b,c".to_owned(),
                n: 0,
                x: None,
                at,
            },
        ]
    }

    #[test]
    fn csv_quotes_leaves_missing_empty_and_neutralises_only_when_asked() {
        let rows = rows();
        let t = table(&rows);
        // 1550000000 s is 2019-02-12T19:33:20Z (date -u -d @1550000000).
        assert_eq!(
            String::from_utf8(t.csv(false).unwrap()).unwrap(),
            "name,n,x,at\n=cmd,3,0.1,2019-02-12T19:33:20+00:00\n\"b,c\",0,,2019-02-12T19:33:20+00:00\n"
        );
        assert!(String::from_utf8(t.csv(true).unwrap())
            .unwrap()
            .contains("\n'=cmd,3,"));
    }

    #[test]
    fn markdown_shows_only_shown_columns_with_their_alignment() {
        let rows = rows();
        assert_eq!(
            table(&rows).markdown(),
            "| name | count | when |\n|---|--:|:-:|\n| =CMD | 3 | 2019 |\n| B,C | 0 | 2019 |\n"
        );
    }

    #[test]
    fn frame_columns_have_the_declared_types_even_when_empty() {
        for rows in [rows(), Vec::new()] {
            let t = table(&rows);
            let frame = t.frame().unwrap();
            assert_eq!(frame.height(), rows.len());
            for (c, col) in t.columns.iter().zip(frame.columns()) {
                assert_eq!(col.name().as_str(), c.name);
                assert_eq!(col.dtype(), &dtype(&c.get));
            }
        }
        let rows = rows();
        let frame = table(&rows).frame().unwrap();
        assert_eq!(frame.column("x").unwrap().null_count(), 1);
    }
}
