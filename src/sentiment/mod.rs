//! Sentiment: VADER scores per text and the three-way class from the thresholds.
//!
//! Input: a `&str`; output: [`Scores`] (neg, neu, pos, compound) exactly as the reference
//! vaderSentiment 3.3.2 returns them, and a
//! [`Sentiment`] class: positive when `compound >= t`, negative when `compound <= -t`, neutral
//! otherwise (t = 0.05 by default, as Hutto & Gilbert recommend).
//!
//! Reference: C.J. Hutto and E. Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment
//! Analysis of Social Media Text", ICWSM 2014.
//!
//! Long posts: VADER's compound saturates towards ±1 on long texts. With
//! [`LongPosts::SentenceMean`] each sentence (split after `.`, `!` or `?` followed by white space,
//! and at line breaks) is scored alone and the four numbers are averaged; the default,
//! [`LongPosts::Whole`], is the reference behaviour. VADER knows English only.

//! Engine: our port of the `vader-parity` crate's rules (`fast`, several times faster), which
//! hands the texts it cannot score exactly (words with non-ASCII letters) to vader-parity itself.
//! vader-parity stays the oracle: the unit tests compare the port with it bit for bit on VADER's
//! human-rated corpora and on a million generated texts.

mod fast;
pub(crate) use fast::{emoji_name, scored_words};

pub use crate::config::LongPosts;
use vader_parity::SentimentIntensityAnalyzer;

use crate::config::SentimentConfig;
use crate::ingest::Row;
use crate::model::{Post, Scored, Scores, Sentiment, Stance};

/// The scoring engine, named in reports.
pub const ENGINE: &str = "reactions' port of vader-parity 0.1.0, checked against it bit for bit";
/// The reference implementation the engine matches exactly.
pub const REFERENCE: &str = "vaderSentiment 3.3.2";

/// A VADER scorer. Building one parses the lexicons (about 11,000 lines): build once, score many.
pub struct Scorer {
    analyzer: SentimentIntensityAnalyzer,
    fast: fast::FastVader,
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
            fast: fast::FastVader::new(),
        }
    }

    /// VADER's four numbers for `text`, whole or averaged over its sentences.
    #[must_use]
    pub fn score_with(&self, text: &str, long_posts: LongPosts) -> Scores {
        match long_posts {
            LongPosts::Whole => self.score(text),
            LongPosts::SentenceMean => {
                let parts = sentences(text);
                if parts.len() < 2 {
                    return self.score(text);
                }
                let all: Vec<Scores> = parts.iter().map(|p| self.score(p)).collect();
                #[allow(clippy::cast_precision_loss)] // a post has few sentences
                let n = all.len() as f64;
                let mean = |f: fn(&Scores) -> f64| all.iter().map(f).sum::<f64>() / n;
                Scores {
                    neg: mean(|s| s.neg),
                    neu: mean(|s| s.neu),
                    pos: mean(|s| s.pos),
                    compound: mean(|s| s.compound),
                }
            }
        }
    }

    /// VADER's four numbers for `text`.
    #[must_use]
    pub fn score(&self, text: &str) -> Scores {
        self.fast
            .score(text)
            .unwrap_or_else(|| self.score_reference(text))
    }

    /// VADER's four numbers for `text` from vader-parity alone (the oracle).
    #[must_use]
    pub fn score_reference(&self, text: &str) -> Scores {
        let s = self.analyzer.polarity_scores(text);
        Scores {
            neg: s.neg,
            neu: s.neu,
            pos: s.pos,
            compound: s.compound,
        }
    }
}

/// Split text into sentences: after `.`, `!` or `?` (runs included) followed by white space, and
/// at line breaks. Pieces are trimmed; empty ones dropped.
#[must_use]
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = match b {
            b'\n' | b'\r' => true,
            b'.' | b'!' | b'?' => bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace),
            _ => false,
        };
        if ends {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
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

/// Fewest posts per parallel scoring task.
const SCORE_CHUNK: usize = 4096;

/// Score every post on all cores and pair it with its stance, in input order. `advance` hears
/// the number of posts done, once per chunk (a shared counter per post costs more than it
/// tells).
#[must_use]
pub fn score_posts(
    posts: Vec<Post>,
    stances: Vec<Stance>,
    cfg: SentimentConfig,
    advance: &(dyn Fn(u64) + Sync),
) -> Vec<Scored> {
    use rayon::prelude::*;
    let scorer = Scorer::new();
    let n = posts.len();
    // An indexed parallel collect: each post is scored and moved straight into its place in
    // the result, on all cores, with no vector in between. Progress is told once per
    // SCORE_CHUNK posts (the last step the remainder), so it adds up to the posts.
    posts
        .into_par_iter()
        .zip(stances)
        .enumerate()
        .map(|(i, (post, stance))| {
            if i % SCORE_CHUNK == 0 {
                advance(SCORE_CHUNK.min(n - i) as u64);
            }
            let scores = scorer.score_with(post.text(), cfg.long_posts);
            Scored {
                sentiment: classify(scores.compound, cfg),
                scores,
                stance,
                post,
            }
        })
        .collect()
}

/// Score a batch of rows for `score`, on all cores, in order: `None` for a row that is not a
/// post.
#[must_use]
pub fn score_rows(scorer: &Scorer, rows: &[Row]) -> Vec<Option<Scores>> {
    use rayon::prelude::*;
    rows.par_iter()
        .with_min_len(SCORE_CHUNK / 4)
        .map(|row| match row {
            Row::Post(post) => Some(scorer.score(post.text())),
            Row::Bad { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scored_posts_keep_their_own_text_score_and_stance_across_chunks() {
        // Three and a half chunks of posts, each post's text and stance unique to it, so a
        // post joined to another's score or stance would show.
        let words = ["good", "bad", "fine", "awful", "great", "meh"];
        let n = SCORE_CHUNK * 3 + SCORE_CHUNK / 2;
        let (posts, stances): (Vec<Post>, Vec<Stance>) = (0..n)
            .map(|i| {
                let mut s = crate::model::fixtures::scored(i as u64, &format!("s{i}"), 0.0);
                let text = format!("{} {} post {i}", words[i % 6], words[(i / 6) % 6]);
                s.post.fields = vec![text].into();
                (s.post, s.stance)
            })
            .unzip();
        let seen = std::sync::atomic::AtomicU64::new(0);
        let cfg = SentimentConfig::new(SentimentConfig::DEFAULT_THRESHOLD).unwrap();
        let scored = score_posts(posts.clone(), stances, cfg, &|k| {
            seen.fetch_add(k, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(seen.into_inner(), n as u64);
        assert_eq!(scored.len(), n);
        let scorer = Scorer::new();
        for (i, (s, post)) in scored.iter().zip(&posts).enumerate() {
            assert_eq!(s.post.text(), post.text());
            assert_eq!(s.stance.label, format!("s{i}"));
            assert_eq!(s.scores, scorer.score(post.text()), "{}", post.text());
            assert_eq!(s.sentiment, classify(s.scores.compound, cfg));
        }
    }

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
    fn sentences_split_after_terminal_punctuation_and_line_breaks() {
        assert_eq!(
            sentences("Love it!! But be careful. Really?\nOK...then"),
            ["Love it!!", "But be careful.", "Really?", "OK...then"]
        );
        assert_eq!(sentences("one sentence only"), ["one sentence only"]);
    }

    #[test]
    fn sentence_mean_averages_the_sentence_scores() {
        let scorer = Scorer::new();
        let text = "I love this. This is terrible.";
        let a = scorer.score("I love this.");
        let b = scorer.score("This is terrible.");
        let m = scorer.score_with(text, LongPosts::SentenceMean);
        assert!((m.compound - (a.compound + b.compound) / 2.0).abs() < 1e-12);
        assert!((m.pos - (a.pos + b.pos) / 2.0).abs() < 1e-12);
        // The default is the reference behaviour.
        assert_eq!(
            scorer.score_with(text, LongPosts::Whole),
            scorer.score(text)
        );
        assert_eq!(
            scorer.score_with("Just one.", LongPosts::SentenceMean),
            scorer.score("Just one.")
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
