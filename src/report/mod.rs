//! Report: every output file rendered to bytes in memory; nothing here touches the disk.
//!
//! Input: an [`Analysis`]; output: a list of named files (tables as CSV and Markdown, frames as
//! Parquet, charts as PNG, `report.md`, `manifest.json`). `output.rs` writes them.

pub mod charts;
pub mod document;
pub mod tables;

use std::io::Cursor;

use polars::prelude::*;

use crate::aggregate::Analysis;
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

/// Render every file of the report. `report.md` and `manifest.json` come last and list the
/// others.
///
/// # Errors
/// [`crate::Error::Render`] / [`crate::Error::Frame`] when a chart or frame cannot be rendered.
pub fn render(analysis: &Analysis) -> Result<Vec<RenderedFile>> {
    let summary = &analysis.summary;
    let mut files = vec![
        file("summary.csv", tables::summary_csv(summary)?),
        file("summary.md", document::summary_page(analysis).into_bytes()),
        file("summary.parquet", parquet_bytes(&summary.to_frame()?)?),
        file(
            "comparisons.csv",
            tables::comparisons_csv(&analysis.comparisons)?,
        ),
        file(
            "comparisons.md",
            document::comparisons_page(analysis).into_bytes(),
        ),
        file(
            "comparisons.parquet",
            parquet_bytes(&crate::aggregate::compare::comparisons_frame(
                &analysis.comparisons,
            )?)?,
        ),
        file("examples.csv", tables::examples_csv(&analysis.examples)?),
        file(
            "examples.md",
            document::examples_page(analysis).into_bytes(),
        ),
        file(
            "examples.parquet",
            parquet_bytes(&crate::aggregate::examples::examples_frame(
                &analysis.examples,
            )?)?,
        ),
        file("threshold_sweep.csv", tables::sweep_csv(&analysis.sweep)?),
        file(
            "threshold_sweep.md",
            document::sweep_page(analysis).into_bytes(),
        ),
        file(
            "threshold_sweep.parquet",
            parquet_bytes(&crate::aggregate::sweep::sweep_frame(&analysis.sweep)?)?,
        ),
        file(
            "threshold_sweep.png",
            charts::threshold_sweep_png(&analysis.sweep, &analysis.summary.stance_labels())?,
        ),
        file("distinctive_terms.csv", tables::terms_csv(&analysis.terms)?),
        file(
            "distinctive_terms.md",
            document::terms_page(analysis).into_bytes(),
        ),
        file(
            "distinctive_terms.parquet",
            parquet_bytes(&crate::aggregate::terms::terms_frame(&analysis.terms)?)?,
        ),
        file(
            "distinctive_terms.png",
            charts::terms_png(&analysis.terms, &analysis.summary.stance_labels())?,
        ),
        file("posts.parquet", parquet_bytes(&analysis.posts)?),
        file("posts.csv", tables::posts_csv(analysis)?),
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
    ];
    if let Some((_, rows)) = &analysis.weighted {
        files.push(file("weighted.csv", tables::weighted_csv(rows)?));
        files.push(file(
            "weighted.md",
            document::weighted_page(analysis).into_bytes(),
        ));
        files.push(file(
            "weighted.parquet",
            parquet_bytes(&crate::aggregate::weights::weighted_frame(rows)?)?,
        ));
    }
    if let Some(t) = &analysis.timeline {
        files.push(file("timeline.csv", tables::timeline_csv(t)?));
        files.push(file("timeline.png", charts::timeline_png(t)?));
    }
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    files.push(file(
        "report.md",
        document::report_page(analysis, &names).into_bytes(),
    ));
    let mut all_names = names;
    all_names.push("report.md".to_owned());
    files.push(file(
        MANIFEST,
        document::manifest(analysis, &all_names).into_bytes(),
    ));
    Ok(files)
}
