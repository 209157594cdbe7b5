//! # reactions
//!
//! How did the public react to a story? `reactions` reads the replies to a story (tweets,
//! Reddit or YouTube comments) from a CSV, scores each with VADER (exact parity with
//! vaderSentiment 3.3.2), assigns each a stance (from a label column or cue rules, never from
//! the sentiment sign), aggregates per stance with polars, and writes a report folder: tables
//! (CSV, Markdown, Parquet), PNG charts, a per-post frame and a manifest.
//!
//! The stages, in order; each may use the ones before it:
//! [`ingest`] → [`sentiment`] → [`stance`] → [`aggregate`] → [`report`] → [`output`], run by
//! [`pipeline`].
//!
//! From Rust (another crate, or a notebook with evcxr), [`analyze`] gives the per-post and
//! summary dataframes and the charts without writing anything:
//!
//! ```
//! let analysis = reactions::analyze(
//!     "datasets/aoc_corbyn_reactions.csv",
//!     &reactions::Config::default(),
//! )?;
//! // One row per post, with VADER scores and stance.
//! assert_eq!(analysis.posts_frame()?.height(), 215);
//! let summary = analysis.summary_frame()?; // one row per stance, then `all`
//! assert_eq!(summary.column("stance")?.str()?.get(summary.height() - 1), Some("all"));
//! for chart in analysis.figures()? {
//!     assert!(chart.name.ends_with(".png") && chart.bytes.starts_with(b"\x89PNG"));
//! }
//! println!("{}", reactions::report::tables::summary_markdown(&analysis.summary));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod aggregate;
pub mod config;
pub mod error;
pub mod escape;
pub mod evaluate;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod rng;
pub mod sentiment;
pub mod stage;
pub mod stance;
#[cfg(test)]
mod testing;

pub use aggregate::Analysis;
pub use config::AnalyzeConfig as Config;
pub use error::{Error, Result};

/// Analyse the CSV file at `path` with `config` (its input is replaced by `path`; its output
/// options are not used): read, score, assign stance and aggregate, in memory. Write the
/// report folder with [`pipeline::run_analyze`] instead when files are wanted.
///
/// # Errors
/// As [`pipeline::analyze`]: unreadable or malformed input, no usable posts, bad stance options.
pub fn analyze(path: impl AsRef<std::path::Path>, config: &Config) -> Result<Analysis> {
    let mut cfg = config.clone();
    cfg.ingest.input = config::Input::File(path.as_ref().to_path_buf());
    pipeline::analyze(&cfg)
}
