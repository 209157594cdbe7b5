//! Report: every output file rendered to bytes in memory; nothing here touches the disk.
//!
//! Input: an [`Analysis`]; output: a list of named files (tables as CSV and Markdown, frames as
//! Parquet, charts as PNG, `report.md`, `manifest.json`). `output.rs` writes them.

pub mod charts;
pub mod document;
pub mod html;
pub mod tables;

use std::io::Cursor;

use polars::prelude::*;

use crate::aggregate::Analysis;
use crate::config::Formats;
use crate::error::{FrameContext, Result};

/// The file whose presence marks a folder as a reactions report.
pub const MANIFEST: &str = "manifest.json";

/// One rendered output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// File name inside the report folder.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

fn file(name: &str, bytes: Vec<u8>) -> RenderedFile {
    RenderedFile {
        name: name.to_owned(),
        bytes,
    }
}

/// Serialise a frame as Parquet (zstd-compressed) in memory.
///
/// # Errors
/// [`crate::Error::Frame`] if polars cannot write the frame.
pub fn parquet_bytes(frame: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    let mut frame = frame.clone();
    ParquetWriter::new(&mut buf)
        .finish(&mut frame)
        .frame("writing Parquet")?;
    Ok(buf.into_inner())
}

/// Serialise a frame as an Arrow IPC file (uncompressed, so every Arrow reader opens it).
///
/// # Errors
/// [`crate::Error::Frame`] if polars cannot write the frame.
pub fn ipc_bytes(frame: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    let mut frame = frame.clone();
    IpcWriter::new(&mut buf)
        .finish(&mut frame)
        .frame("writing Arrow IPC")?;
    Ok(buf.into_inner())
}

/// Columns written as categoricals (polars Enum, dictionary-encoded in Parquet and IPC; pandas
/// reads them as `category`): the stance columns in display order, sentiment and the stance
/// source in fixed order.
fn with_categoricals(frame: &DataFrame, stances: &[String]) -> Result<DataFrame> {
    let mut frame = frame.clone();
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    for name in names {
        let fixed: Option<Vec<String>> = match name.as_str() {
            "stance" | "stance_a" | "stance_b" => None,
            "sentiment" => Some(
                ["positive", "neutral", "negative"]
                    .map(str::to_owned)
                    .to_vec(),
            ),
            "stance_source" => Some(["label", "rules", "model"].map(str::to_owned).to_vec()),
            _ => continue,
        };
        let column = frame.column(&name).frame("reading a column")?;
        if column.dtype() != &DataType::String {
            continue;
        }
        let mut categories = fixed.unwrap_or_else(|| stances.to_vec());
        // Values outside the known order (`all`, `rest`) follow in order of appearance.
        for v in column
            .str()
            .frame("reading a text column")?
            .iter()
            .flatten()
        {
            if !categories.iter().any(|c| c == v) {
                categories.push(v.to_owned());
            }
        }
        let dtype = DataType::from_frozen_categories(
            FrozenCategories::new(categories.iter().map(String::as_str))
                .frame("building categories")?,
        );
        let cast = column.cast(&dtype).frame("casting to a categorical")?;
        frame
            .with_column(cast)
            .frame("replacing a column with its categorical")?;
    }
    Ok(frame)
}

/// One table of the report: its frame, CSV and (for most) Markdown page.
struct Table {
    stem: &'static str,
    frame: DataFrame,
    csv: Vec<u8>,
    markdown: Option<String>,
}

/// Render every file of the report in the chosen frame formats. `report.md` and
/// `manifest.json` come last and list the others.
///
/// # Errors
/// [`crate::Error::Render`] / [`crate::Error::Frame`] when a chart or frame cannot be rendered.
pub fn render(analysis: &Analysis, formats: Formats) -> Result<Vec<RenderedFile>> {
    use crate::aggregate::{compare, examples, sweep, terms, timeline, weights};
    let summary = &analysis.summary;
    let stances = summary.stance_labels();
    let mut tables = vec![
        Table {
            stem: "summary",
            frame: summary.to_frame()?,
            csv: tables::summary_csv(summary)?,
            markdown: Some(document::summary_page(analysis)),
        },
        Table {
            stem: "comparisons",
            frame: compare::comparisons_frame(&analysis.comparisons)?,
            csv: tables::comparisons_csv(&analysis.comparisons)?,
            markdown: Some(document::comparisons_page(analysis)),
        },
        Table {
            stem: "examples",
            frame: examples::examples_frame(&analysis.examples)?,
            csv: tables::examples_csv(&analysis.examples)?,
            markdown: Some(document::examples_page(analysis)),
        },
        Table {
            stem: "threshold_sweep",
            frame: sweep::sweep_frame(&analysis.sweep)?,
            csv: tables::sweep_csv(&analysis.sweep)?,
            markdown: Some(document::sweep_page(analysis)),
        },
        Table {
            stem: "distinctive_terms",
            frame: terms::terms_frame(&analysis.terms)?,
            csv: tables::terms_csv(&analysis.terms)?,
            markdown: Some(document::terms_page(analysis)),
        },
        Table {
            stem: "posts",
            frame: analysis.posts.clone(),
            csv: tables::posts_csv(analysis)?,
            markdown: None,
        },
    ];
    if let Some((_, rows)) = &analysis.weighted {
        tables.push(Table {
            stem: "weighted",
            frame: weights::weighted_frame(rows)?,
            csv: tables::weighted_csv(rows)?,
            markdown: Some(document::weighted_page(analysis)),
        });
    }
    if let Some(t) = &analysis.timeline {
        tables.push(Table {
            stem: "timeline",
            frame: timeline::timeline_frame(t)?,
            csv: tables::timeline_csv(t)?,
            markdown: None,
        });
    }
    let mut files = Vec::new();
    for t in tables {
        if formats.csv {
            files.push(file(&format!("{}.csv", t.stem), t.csv));
        }
        if let Some(md) = t.markdown {
            files.push(file(&format!("{}.md", t.stem), md.into_bytes()));
        }
        if formats.parquet || formats.ipc {
            let typed = with_categoricals(&t.frame, &stances)?;
            if formats.parquet {
                files.push(file(&format!("{}.parquet", t.stem), parquet_bytes(&typed)?));
            }
            if formats.ipc {
                files.push(file(&format!("{}.arrow", t.stem), ipc_bytes(&typed)?));
            }
        }
    }
    files.extend(charts_of(analysis)?);
    let mut names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    names.push("report.html".to_owned());
    let report_md = document::report_page(analysis, &names);
    let title = format!("How people reacted: {}", analysis.input.name);
    let report_html = html::page(&title, &report_md, &files);
    files.push(file("report.md", report_md.into_bytes()));
    files.push(file("report.html", report_html.into_bytes()));
    let mut all_names = names;
    all_names.push("report.md".to_owned());
    files.push(file(
        MANIFEST,
        document::manifest(analysis, &all_names).into_bytes(),
    ));
    Ok(files)
}

/// Every chart of the report as a named PNG.
///
/// # Errors
/// [`crate::Error::Render`] when a chart cannot be drawn.
pub fn charts_of(analysis: &Analysis) -> Result<Vec<RenderedFile>> {
    let summary = &analysis.summary;
    let stances = summary.stance_labels();
    let mut files = vec![
        file(
            "stance_sentiment.png",
            charts::stance_sentiment_png(
                &charts::share_bars(summary),
                analysis.sentiment.threshold,
            )?,
        ),
        file(
            "compound_by_stance.png",
            charts::compound_by_stance_png(&charts::box_stats(&analysis.counted_posts(), summary))?,
        ),
        file(
            "threshold_sweep.png",
            charts::threshold_sweep_png(&analysis.sweep, &stances)?,
        ),
        file(
            "distinctive_terms.png",
            charts::terms_png(&analysis.terms, &stances)?,
        ),
    ];
    if let Some(t) = &analysis.timeline {
        files.push(file("timeline.png", charts::timeline_png(t)?));
    }
    Ok(files)
}

impl Analysis {
    /// The charts of the report, as named PNG bytes.
    ///
    /// # Errors
    /// [`crate::Error::Render`] when a chart cannot be drawn.
    pub fn figures(&self) -> Result<Vec<RenderedFile>> {
        charts_of(self)
    }

    /// The summary table as a dataframe: one row per stance, then `all`.
    ///
    /// # Errors
    /// [`crate::Error::Frame`] if polars rejects the columns (a bug).
    pub fn summary_frame(&self) -> Result<DataFrame> {
        self.summary.to_frame()
    }
}
