//! # reactions
//!
//! How did the public react to a story? `reactions` reads the replies to a story (tweets,
//! Reddit or YouTube comments) from a CSV, scores each with VADER (exact parity with
//! vaderSentiment 3.3.2), assigns each a stance (from a label column or cue rules, never from
//! the sentiment sign), aggregates per stance with polars, and writes a report folder: tables
//! (CSV, Markdown, Parquet), PNG charts, a per-post frame and a manifest.
//!
//! The stages, in order; each may use the ones before it: `ingest` → `sentiment` → `stance` →
//! `aggregate` → `report` → `output`, run by [`pipeline`]. They are crate-private; the public
//! face is [`analyze`], the commands in [`pipeline`], their [`config`], [`Analysis`] with its
//! frames and charts, and [`Error`].
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
//! println!("{}", analysis.summary_markdown());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Internal modules: crate-private, so the compiler reports dead code in them. The `internals`
// feature makes them public (hidden from the docs) for the benchmarks and fuzz targets, which
// time and fuzz single stages; nothing else should turn it on. They are declared one by one,
// not through a macro, so that `cargo fmt` reaches their files.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod aggregate;
#[cfg(not(feature = "internals"))]
pub(crate) mod aggregate;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod evaluate;
#[cfg(not(feature = "internals"))]
pub(crate) mod evaluate;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod ingest;
#[cfg(not(feature = "internals"))]
pub(crate) mod ingest;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod language;
#[cfg(not(feature = "internals"))]
pub(crate) mod language;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod metrics;
#[cfg(not(feature = "internals"))]
pub(crate) mod metrics;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod model;
#[cfg(not(feature = "internals"))]
pub(crate) mod model;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod output;
#[cfg(not(feature = "internals"))]
pub(crate) mod output;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod report;
#[cfg(not(feature = "internals"))]
pub(crate) mod report;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod rng;
#[cfg(not(feature = "internals"))]
pub(crate) mod rng;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod sentiment;
#[cfg(not(feature = "internals"))]
pub(crate) mod sentiment;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod stance;
#[cfg(not(feature = "internals"))]
pub(crate) mod stance;

pub mod config;
pub mod error;
pub mod escape;
pub mod pipeline;
pub mod stage;
#[cfg(test)]
mod testing;
pub mod words;

pub use aggregate::Analysis;
pub use config::AnalyzeConfig as Config;
pub use error::{Error, Result};
pub use evaluate::EvaluationRun;
pub use ingest::IngestReport;
pub use output::Written;
pub use stance::cues::DEFAULT_RULES as DEFAULT_STANCE_RULES;
pub use stance::{CrossValidation, StanceModel};

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
