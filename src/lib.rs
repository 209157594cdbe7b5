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
//! ```no_run
//! use reactions::config::*;
//! let cfg = AnalyzeConfig {
//!     ingest: IngestConfig::new(Input::File("datasets/aoc_corbyn_reactions.csv".into())),
//!     sentiment: SentimentConfig::default(),
//!     stance: StanceConfig::default(),
//!     insight: InsightConfig::default(),
//!     output: OutputConfig { dir: "reports/example".into(), force: false },
//! };
//! let analysis = reactions::pipeline::analyze(&cfg)?;
//! println!("{}", reactions::report::tables::summary_markdown(&analysis.summary));
//! # Ok::<(), reactions::Error>(())
//! ```

pub mod aggregate;
pub mod config;
pub mod error;
pub mod escape;
pub mod evaluate;
pub mod ingest;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod sentiment;
pub mod stance;

pub use error::{Error, Result};
