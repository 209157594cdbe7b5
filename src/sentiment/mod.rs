//! Sentiment: VADER scores per text and the three-way class from the thresholds.
//!
//! Input: a `&str`; output: [`Scores`] (neg, neu, pos, compound) exactly as the reference
//! vaderSentiment 3.3.2 returns them, computed by the `vader-parity` crate, and a
//! [`Sentiment`] class: positive when `compound >= t`, negative when `compound <= -t`, neutral
//! otherwise (t = 0.05 by default, as Hutto & Gilbert recommend).
//!
//! Reference: C.J. Hutto and E. Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment
//! Analysis of Social Media Text", ICWSM 2014.
//!
//! Left out here: sentence-level averaging for long posts (a later issue). VADER's compound
//! saturates towards ±1 on long texts and knows English only.

use vader_parity::SentimentIntensityAnalyzer;

use crate::config::SentimentConfig;
use crate::model::{Scores, Sentiment};

/// The scoring engine, named in reports.
pub const ENGINE: &str = "vader-parity 0.1.0";
/// The reference implementation the engine matches exactly.
pub const REFERENCE: &str = "vaderSentiment 3.3.2";

/// A VADER scorer. Building one parses the lexicons (about 11,000 lines): build once, score many.
pub struct Scorer {
    analyzer: SentimentIntensityAnalyzer,
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(ENGINE)
    }
}

impl Default for Scorer {
    fn default() -> Self {
        Self::new()
    }
}

impl Scorer {
    /// Load the lexicons.
    #[must_use]
    pub fn new() -> Self {
        Scorer {
            analyzer: SentimentIntensityAnalyzer::new(),
        }
    }

    /// VADER's four numbers for `text`.
    #[must_use]
    pub fn score(&self, text: &str) -> Scores {
        let s = self.analyzer.polarity_scores(text);
        Scores {
            neg: s.neg,
            neu: s.neu,
            pos: s.pos,
            compound: s.compound,
        }
    }
}

/// The class of a compound score under `cfg`'s thresholds.
#[must_use]
pub fn classify(compound: f64, cfg: SentimentConfig) -> Sentiment {
    if compound >= cfg.threshold {
        Sentiment::Positive
    } else if compound <= -cfg.threshold {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_match_the_reference_readme_example() {
        // The example in vaderSentiment 3.3.2's README, with the numbers that README prints.
        // The full parity check against the reference is the golden-corpus end-to-end test.
        let s = Scorer::new().score("VADER is smart, handsome, and funny.");
        assert_eq!(
            (s.neg, s.neu, s.pos, s.compound),
            (0.0, 0.254, 0.746, 0.8316)
        );
    }

    #[test]
    fn thresholds_are_inclusive_at_the_boundary() {
        let cfg = SentimentConfig::default();
        assert_eq!(classify(0.05, cfg), Sentiment::Positive);
        assert_eq!(classify(0.0499, cfg), Sentiment::Neutral);
        assert_eq!(classify(-0.05, cfg), Sentiment::Negative);
        assert_eq!(classify(-0.0499, cfg), Sentiment::Neutral);
        let wide = SentimentConfig::new(0.5).unwrap();
        assert_eq!(classify(0.4, wide), Sentiment::Neutral);
    }

    #[test]
    fn threshold_out_of_range_is_a_usage_error() {
        for t in [0.0, 1.0, -0.1, f64::NAN] {
            assert_eq!(SentimentConfig::new(t).unwrap_err().exit_code(), 2);
        }
    }
}
