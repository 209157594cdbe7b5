//! Sentiment toward named targets (`--target NAME=alias,alias`): each sentence of a counted post
//! that mentions an alias is scored with VADER on its own, and the sentences are summarised per
//! target and stance.
//!
//! - Sentences are split as for `--long-posts sentence-mean` ([`crate::sentiment::sentences`]).
//! - An alias matches case-insensitively and word-bounded: the characters around it are not
//!   letters, digits or `_`, so `aoc` matches `AOC`, `@AOC` and `#aoc` but not `aocs` or
//!   `chaoc`; an alias may itself be a handle (`@jeremycorbyn`) or several words.
//! - A sentence that mentions two targets counts for both. This is not aspect-based sentiment:
//!   "I love AOC but Corbyn worries me" is one sentence with one score for both.

use rayon::prelude::*;

use super::interval::mean_with_ci95;
use crate::config::{SentimentConfig, Target};
use crate::model::{Scored, ALL};
use crate::sentiment::{classify, sentences, Scorer};

/// One row: the sentences that mention a target, in the posts of one stance (or all).
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    /// The target's name.
    pub target: String,
    /// The stance, or `all`.
    pub stance: String,
    /// Sentences that mention the target.
    pub mentions: u64,
    /// Posts with at least one of them.
    pub posts: u64,
    /// Mean compound of the sentences.
    pub mean: f64,
    /// Its 95% t interval (`None` under 2 sentences).
    pub ci: Option<(f64, f64)>,
    /// Shares of the sentences positive, neutral, negative.
    pub sentiment: [f64; 3],
}

/// The target tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// The targets as asked for.
    pub targets: Vec<Target>,
    /// Per target (in the order given), its stances in display order, then `all`.
    pub rows: Vec<TargetRow>,
    /// Sentences that mention two or more targets (each counted for every one).
    pub shared_sentences: u64,
}

impl Targets {
    /// The targets that some sentence names, in the order given.
    pub fn named(&self) -> impl Iterator<Item = &Target> {
        self.targets
            .iter()
            .filter(|t| self.rows.iter().any(|r| r.target == t.name))
    }

    /// The targets that no sentence names, in the order given.
    pub fn unnamed(&self) -> impl Iterator<Item = &Target> {
        self.targets
            .iter()
            .filter(|t| !self.rows.iter().any(|r| r.target == t.name))
    }
}

/// Whether `alias` (lower case) occurs in `lower` (a lower-cased sentence) with no letter, digit
/// or `_` on either side.
#[must_use]
pub fn mentions(lower: &str, alias: &str) -> bool {
    if alias.is_empty() {
        return false;
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    lower.match_indices(alias).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + alias.len()..].chars().next();
        // An alias that starts or ends with a non-word character (`@aoc`) carries its own
        // boundary on that side.
        let starts_word = alias.chars().next().is_some_and(word);
        let ends_word = alias.chars().next_back().is_some_and(word);
        (!starts_word || !before.is_some_and(word)) && (!ends_word || !after.is_some_and(word))
    })
}

/// What one post contributes: per target, the compounds of its mentioning sentences.
struct Found {
    stance: usize,
    per_target: Vec<Vec<f64>>,
    shared: u64,
}

/// Score the sentences of `counted` that mention each target, per stance of `order`.
#[must_use]
pub fn targets<S: std::borrow::Borrow<Scored> + Sync>(
    counted: &[S],
    targets: &[Target],
    order: &[String],
    cfg: SentimentConfig,
) -> Targets {
    let aliases: Vec<Vec<String>> = targets
        .iter()
        .map(|t| t.aliases.iter().map(|a| a.trim().to_lowercase()).collect())
        .collect();
    let scorer = Scorer::new();
    let found: Vec<Found> = counted
        .par_iter()
        .map(std::borrow::Borrow::borrow)
        .filter_map(|s: &Scored| {
            let stance = order.iter().position(|o| *o == s.stance.label)?;
            let mut per_target = vec![Vec::new(); targets.len()];
            let mut shared = 0;
            for sentence in sentences(s.post.text()) {
                let lower = sentence.to_lowercase();
                let hits: Vec<usize> = (0..targets.len())
                    .filter(|&k| aliases[k].iter().any(|a| mentions(&lower, a)))
                    .collect();
                if hits.is_empty() {
                    continue;
                }
                shared += u64::from(hits.len() > 1);
                let compound = scorer.score(sentence).compound;
                for k in hits {
                    per_target[k].push(compound);
                }
            }
            per_target.iter().any(|v| !v.is_empty()).then_some(Found {
                stance,
                per_target,
                shared,
            })
        })
        .collect();
    let mut rows = Vec::new();
    for (k, target) in targets.iter().enumerate() {
        let row = |stance: &str, posts: u64, values: &[f64]| {
            let (mean, ci) = mean_with_ci95(values);
            let mut classes = [0u64; 3];
            for &v in values {
                classes[super::class_index(classify(v, cfg))] += 1;
            }
            #[allow(clippy::cast_precision_loss)] // sentence counts are far below 2^52
            let n = values.len() as f64;
            TargetRow {
                target: target.name.clone(),
                stance: stance.to_owned(),
                mentions: values.len() as u64,
                posts,
                mean,
                ci,
                #[allow(clippy::cast_precision_loss)]
                sentiment: classes.map(|c| c as f64 / n),
            }
        };
        let mut all = Vec::new();
        let mut all_posts = 0;
        for (st, stance) in order.iter().enumerate() {
            let mut values = Vec::new();
            let mut posts = 0;
            for f in found.iter().filter(|f| f.stance == st) {
                if !f.per_target[k].is_empty() {
                    posts += 1;
                    values.extend_from_slice(&f.per_target[k]);
                }
            }
            if !values.is_empty() {
                rows.push(row(stance, posts, &values));
                all.extend_from_slice(&values);
                all_posts += posts;
            }
        }
        if !all.is_empty() {
            rows.push(row(ALL, all_posts, &all));
        }
    }
    Targets {
        targets: targets.to_vec(),
        rows,
        shared_sentences: found.iter().map(|f| f.shared).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::scored;

    #[test]
    fn aliases_match_whole_words_handles_and_hashtags_only() {
        assert!(mentions("thank you aoc!", "aoc"));
        assert!(mentions("@aoc thank you", "aoc"));
        assert!(mentions("go #aoc", "aoc"));
        assert!(mentions("aoc's call", "aoc"));
        assert!(mentions("@jeremycorbyn is right", "@jeremycorbyn"));
        assert!(mentions("ms ocasio-cortez spoke", "ocasio-cortez"));
        assert!(mentions("jeremy corbyn spoke", "jeremy corbyn"));
        assert!(!mentions("chaos and chaoc", "aoc"));
        assert!(!mentions("aocs", "aoc"));
        assert!(!mentions("aoc_fan", "aoc"));
        assert!(!mentions("anything", ""));
        // The second occurrence counts when the first is inside a word.
        assert!(mentions("chaoc or aoc", "aoc"));
    }

    fn target(name: &str, aliases: &[&str]) -> Target {
        Target {
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    #[test]
    fn each_mentioning_sentence_is_scored_alone_and_counted_per_target_and_stance() {
        let mut a = scored(2, "supportive", 0.0);
        a.post.fields = vec!["I love AOC. Corbyn is terrible.".to_owned()].into();
        let mut b = scored(3, "cautionary", 0.0);
        b.post.fields = vec!["AOC and Corbyn, be careful".to_owned()].into();
        let mut c = scored(4, "supportive", 0.0);
        c.post.fields = vec!["Nothing about them".to_owned()].into();
        let order = vec!["supportive".to_owned(), "cautionary".to_owned()];
        let t = targets(
            &[a, b, c],
            &[
                target("AOC", &["aoc"]),
                target("Corbyn", &["corbyn", "@jeremycorbyn"]),
            ],
            &order,
            SentimentConfig::default(),
        );
        let scorer = Scorer::new();
        let love = scorer.score("I love AOC.").compound;
        let terrible = scorer.score("Corbyn is terrible.").compound;
        let careful = scorer.score("AOC and Corbyn, be careful").compound;
        let got: Vec<(&str, &str, u64, u64)> = t
            .rows
            .iter()
            .map(|r| (r.target.as_str(), r.stance.as_str(), r.mentions, r.posts))
            .collect();
        assert_eq!(
            got,
            [
                ("AOC", "supportive", 1, 1),
                ("AOC", "cautionary", 1, 1),
                ("AOC", "all", 2, 2),
                ("Corbyn", "supportive", 1, 1),
                ("Corbyn", "cautionary", 1, 1),
                ("Corbyn", "all", 2, 2),
            ]
        );
        assert!((t.rows[0].mean - love).abs() < 1e-12);
        assert!((t.rows[3].mean - terrible).abs() < 1e-12);
        assert!((t.rows[4].mean - careful).abs() < 1e-12);
        assert!((t.rows[2].mean - (love + careful) / 2.0).abs() < 1e-12);
        assert!(love > 0.05 && terrible < -0.05, "{love} {terrible}");
        assert_eq!(t.rows[0].sentiment, [1.0, 0.0, 0.0]);
        assert_eq!(t.shared_sentences, 1);
    }
}
