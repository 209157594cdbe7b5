//! Distinctive terms per stance: the weighted log-odds ratio with an informative Dirichlet prior
//! (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 22 and its variance), each stance
//! against all other posts pooled.
//!
//! Tokens: text is lower-cased; URLs become `<url>`, @mentions `<mention>`, numbers `<number>`
//! (otherwise `http`, `t`, `co` dominate); hashtags (`#gnd`) and emoji are kept as terms; words
//! keep inner apostrophes (`don't`); single ASCII letters (the `s` of "it 's") and stopwords are
//! dropped. Terms are the unigrams plus the
//! bigrams of adjacent kept words. The prior is the term's count in the whole corpus (as in
//! tidylo), so a term common everywhere is shrunk towards zero.
//!
//! For term w, stance i, rest j, prior α_w, α0 = Σα:
//! δ_w = ln((y_iw + α_w) / (n_i + α0 − y_iw − α_w)) − ln((y_jw + α_w) / (n_j + α0 − y_jw − α_w)),
//! σ²_w ≈ 1/(y_iw + α_w) + 1/(y_jw + α_w), z_w = δ_w / σ_w.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::model::Scored;

/// The built-in English stopwords (function words and contractions). Users can replace the list
/// with `--stopwords FILE`.
pub const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "don't", "for", "from", "had", "has", "have", "having", "he", "her", "here",
    "hers", "him", "his", "how", "i", "i'm", "if", "in", "into", "is", "it", "it's", "its", "just",
    "me", "more", "most", "my", "no", "nor", "not", "now", "of", "on", "once", "only", "or",
    "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
    "that", "that's", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours",
];

type FastMap<K, V> = HashMap<K, V, FixedState>;
type FastSet<K> = HashSet<K, FixedState>;

/// How many terms per stance are kept in the table.
pub const TOP_TERMS: usize = 15;

/// Posts per parallel counting task (fixed, so the work split does not depend on the machine).
const COUNT_CHUNK: usize = 8192;

/// Split a post into normalised tokens (stopwords not yet removed).
#[cfg(test)]
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_token(text, &mut Scratch::default(), &mut |t| {
        out.push(t.to_owned())
    });
    out
}

/// Reusable buffers for tokenising many posts without allocating per token.
#[derive(Default)]
struct Scratch {
    lower: String,
    word: String,
    kept: String,
    ends: Vec<usize>,
    pair: String,
}

/// Call `f` with each token of `text`, in order (see the module docs for the rules).
fn each_token(text: &str, scratch: &mut Scratch, f: &mut impl FnMut(&str)) {
    let Scratch { lower, word, .. } = scratch;
    let flush = |word: &mut String, f: &mut dyn FnMut(&str)| {
        let w = word.trim_matches('\'');
        // A lone ASCII letter is a fragment, not a term: the `s` of a clitic split off by
        // pre-tokenised text ("it 's") or an odd apostrophe ("AOC`s"), the `u` and `s` of
        // "U.S.".
        let fragment = w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic();
        if !w.is_empty() && w != "#" && !fragment {
            if w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            {
                f("<number>");
            } else {
                f(w);
            }
        }
        word.clear();
    };
    for raw in text.split_whitespace() {
        lower.clear();
        if raw.is_ascii() {
            lower.push_str(raw);
            lower.make_ascii_lowercase();
        } else {
            // Whole-word lower-casing (Greek final sigma depends on the neighbours).
            lower.push_str(&raw.to_lowercase());
        }
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
        {
            f("<url>");
            continue;
        }
        if lower.starts_with('@') && lower.len() > 1 {
            f("<mention>");
            continue;
        }
        word.clear();
        for c in lower.chars() {
            if c.is_alphanumeric()
                || c == '_'
                || (c == '\'' && !word.is_empty())
                || c == '’' && !word.is_empty()
            {
                word.push(if c == '’' { '\'' } else { c });
            } else if c == '#' && word.is_empty() {
                word.push(c);
            } else if is_emoji(c) {
                flush(word, f);
                f(c.encode_utf8(&mut [0; 4]));
            } else {
                flush(word, f);
            }
        }
        flush(word, f);
    }
}

/// Pictographic characters kept as terms (emoji blocks; variation selectors and joiners are not).
fn is_emoji(c: char) -> bool {
    matches!(u32::from(c), 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x1F000..=0x1F2FF)
}

/// The terms of a post: unigrams (placeholders included) and bigrams of adjacent kept words.
#[cfg(test)]
fn terms(text: &str, stopwords: &HashSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(
        text,
        |t| stopwords.contains(t),
        &mut Scratch::default(),
        |t| out.push(t.to_owned()),
    );
    out
}

/// Call `f` with each term of `text` in the order of [`terms`], without allocating a string per
/// token or term.
fn for_each_term(
    text: &str,
    is_stopword: impl Fn(&str) -> bool,
    scratch: &mut Scratch,
    mut f: impl FnMut(&str),
) {
    let mut kept = std::mem::take(&mut scratch.kept);
    let mut ends = std::mem::take(&mut scratch.ends);
    kept.clear();
    ends.clear();
    each_token(text, scratch, &mut |t| {
        if !is_stopword(t) {
            kept.push_str(t);
            ends.push(kept.len());
        }
    });
    let token = |i: usize| &kept[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
    for i in 0..ends.len() {
        f(token(i));
    }
    let pair = &mut scratch.pair;
    for i in 1..ends.len() {
        let (a, b) = (token(i - 1), token(i));
        if !a.starts_with('<') && !b.starts_with('<') {
            pair.clear();
            pair.push_str(a);
            pair.push(' ');
            pair.push_str(b);
            f(pair);
        }
    }
    scratch.kept = kept;
    scratch.ends = ends;
}

/// One distinctive term of one stance.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Stance label.
    pub stance: String,
    /// The term.
    pub term: String,
    /// Occurrences in the stance's posts.
    pub count_stance: u64,
    /// Occurrences in all other posts.
    pub count_rest: u64,
    /// δ_w, the log-odds ratio with the prior.
    pub log_odds: f64,
    /// z-score of δ_w.
    pub z: f64,
}

/// The log-odds δ and z of one term with y_i uses in the group, y_j in the rest and prior α
/// (its count everywhere), for group and rest sizes n_i, n_j and prior total α0.
fn log_odds(yi: u64, yj: u64, alpha: u64, n_i: f64, n_j: f64, a0: f64) -> (f64, f64) {
    #[allow(clippy::cast_precision_loss)] // token counts are far below 2^52
    let (fi, fj, a) = (yi as f64, yj as f64, alpha as f64);
    let delta = ((fi + a) / (n_i + a0 - fi - a)).ln() - ((fj + a) / (n_j + a0 - fj - a)).ln();
    let var = 1.0 / (fi + a) + 1.0 / (fj + a);
    (delta, delta / var.sqrt())
}

/// Term counts per slot (each stance of the order, then the posts of no listed stance): one
/// row of `slots` counts per distinct term, so each term occurrence is one lookup whatever the
/// number of stances, and the rest and the prior are sums of a row.
struct Counts {
    index: FastMap<String, u32>,
    counts: Vec<u64>,
    slots: usize,
}

impl Counts {
    fn new(slots: usize) -> Self {
        Counts {
            index: FastMap::default(),
            counts: Vec::new(),
            slots,
        }
    }

    /// The row of `term`, added when new.
    fn row_of(&mut self, term: &str) -> usize {
        if let Some(&i) = self.index.get(term) {
            return i as usize;
        }
        let i = self.counts.len() / self.slots;
        self.index.insert(term.to_owned(), i as u32);
        self.counts.resize(self.counts.len() + self.slots, 0);
        i
    }

    fn add(&mut self, term: &str, slot: usize) {
        let row = self.row_of(term);
        self.counts[row * self.slots + slot] += 1;
    }

    fn merge(&mut self, part: Counts) {
        for (term, i) in part.index {
            let row = match self.index.get(term.as_str()) {
                Some(&r) => r as usize,
                None => {
                    let r = self.counts.len() / self.slots;
                    self.index.insert(term, r as u32);
                    self.counts.resize(self.counts.len() + self.slots, 0);
                    r
                }
            };
            let from = &part.counts[i as usize * part.slots..(i as usize + 1) * part.slots];
            for (to, n) in self.counts[row * self.slots..(row + 1) * self.slots]
                .iter_mut()
                .zip(from)
            {
                *to += n;
            }
        }
    }

    fn row(&self, i: u32) -> &[u64] {
        &self.counts[i as usize * self.slots..(i as usize + 1) * self.slots]
    }
}

/// The `top` first and the `top` last of `items` in the order `cmp` (a total order), as a full
/// sort would give them: the first in order, then the last from the end backwards.
fn extremes<T>(
    mut items: Vec<T>,
    top: usize,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let len = items.len();
    if len <= 2 * top {
        items.sort_by(&cmp);
        let keep: Vec<usize> = (0..top.min(len))
            .chain((len.saturating_sub(top).max(top.min(len))..len).rev())
            .collect();
        let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
        return keep.into_iter().filter_map(|i| slots[i].take()).collect();
    }
    // Partition instead of sorting every term: only 2 * top need an order.
    items.select_nth_unstable_by(top, &cmp);
    items[..top].sort_by(&cmp);
    let tail = &mut items[top..];
    let cut = tail.len() - top;
    tail.select_nth_unstable_by(cut, &cmp);
    tail[cut..].sort_by(&cmp);
    let mut out: Vec<T> = Vec::with_capacity(2 * top);
    let mut bottom: Vec<T> = items.drain(len - top..).collect();
    items.truncate(top);
    out.extend(items);
    bottom.reverse();
    out.extend(bottom);
    out
}

/// The most distinctive terms of each stance in `order` (the `top` highest z-scores, then the
/// `top` lowest: words of the rest), each stance against all other posts.
#[must_use]
pub fn distinctive_terms(
    scored: &[Scored],
    order: &[String],
    stopwords: &HashSet<String>,
    top: usize,
) -> Vec<Term> {
    // Count terms per stance in parallel over fixed chunks, without keeping any post's terms.
    let slot = |label: &str| order.iter().position(|o| o == label).unwrap_or(order.len());
    let slots = order.len() + 1;
    let fast_stopwords: FastSet<&str> = stopwords.iter().map(String::as_str).collect();
    let chunk_counts: Vec<Counts> = scored
        .par_chunks(COUNT_CHUNK)
        .map(|chunk| {
            let mut counts = Counts::new(slots);
            let mut scratch = Scratch::default();
            for s in chunk {
                let stance = slot(&s.stance.label);
                let is_stopword = |t: &str| fast_stopwords.contains(t);
                for_each_term(s.post.text(), is_stopword, &mut scratch, |t| {
                    counts.add(t, stance);
                });
            }
            counts
        })
        .collect();
    let mut all = Counts::new(slots);
    for part in chunk_counts {
        all.merge(part);
    }
    let mut out = Vec::new();
    if order.len() < 2 {
        return out;
    }
    #[allow(clippy::cast_precision_loss)] // token counts are far below 2^52
    let a0_count: u64 = all.counts.iter().sum();
    for (s, stance) in order.iter().enumerate() {
        let n_i_count: u64 = all.counts.iter().skip(s).step_by(slots).sum();
        #[allow(clippy::cast_precision_loss)]
        let (n_i, n_j, a0) = (
            n_i_count as f64,
            (a0_count - n_i_count) as f64,
            a0_count as f64,
        );
        let scored_terms: Vec<(&str, u64, u64, f64, f64)> = all
            .index
            .iter()
            .map(|(term, &i)| {
                let row = all.row(i);
                let alpha: u64 = row.iter().sum();
                let (yi, yj) = (row[s], alpha - row[s]);
                let (delta, z) = log_odds(yi, yj, alpha, n_i, n_j, a0);
                (term.as_str(), yi, yj, delta, z)
            })
            .collect();
        // Highest z first; ties broken by the term so the table is stable.
        let kept = extremes(scored_terms, top, |a, b| {
            b.4.total_cmp(&a.4).then_with(|| a.0.cmp(b.0))
        });
        for (term, yi, yj, delta, z) in kept {
            out.push(Term {
                stance: stance.clone(),
                term: term.to_owned(),
                count_stance: yi,
                count_rest: yj,
                log_odds: delta,
                z,
            });
        }
    }
    out
}

/// The built-in stopwords as a set.
#[must_use]
pub fn builtin_stopwords() -> HashSet<String> {
    STOPWORDS.iter().map(|s| (*s).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extremes_equal_the_ends_of_a_full_sort() {
        // A small generator; values repeat so the tie-break matters.
        let mut x: u64 = 12345;
        for len in [0, 1, 5, 29, 30, 31, 32, 100, 1000] {
            let items: Vec<(u64, u64)> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    ((x >> 60) % 7, i)
                })
                .collect();
            let cmp = |a: &(u64, u64), b: &(u64, u64)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
            let mut sorted = items.clone();
            sorted.sort_by(cmp);
            let n = sorted.len();
            let expected: Vec<(u64, u64)> = (0..15.min(n))
                .chain((n.saturating_sub(15).max(15.min(n))..n).rev())
                .map(|i| sorted[i])
                .collect();
            assert_eq!(extremes(items, 15, cmp), expected, "len {len}");
        }
    }

    #[test]
    fn tokens_normalise_urls_mentions_numbers_and_keep_hashtags_and_emoji() {
        assert_eq!(
            tokens("RT @AOC: YES!! https://t.co/x1 #GND 2019 don't🔥stop"),
            [
                "rt",
                "<mention>",
                "yes",
                "<url>",
                "#gnd",
                "<number>",
                "don't",
                "🔥",
                "stop"
            ]
        );
        assert_eq!(tokens("it’s ‘quoted’"), ["it's", "quoted"]);
    }

    #[test]
    fn distinctive_terms_emit_no_lone_s_from_apostrophes() {
        // The rated movie reviews in tests/data are pre-tokenised: "it 's", "film 's".
        assert_eq!(
            tokens("it 's the film 's best"),
            ["it", "the", "film", "best"]
        );
        assert_eq!(tokens("AOC`s U.S. trip"), ["aoc", "trip"]);
        // Digits stay numbers; letters outside ASCII stay words.
        assert_eq!(tokens("5 é"), ["<number>", "é"]);
    }

    #[test]
    fn terms_drop_stopwords_and_add_bigrams() {
        let sw = builtin_stopwords();
        assert_eq!(
            terms("Please be careful with him @AOC", &sw),
            ["please", "careful", "<mention>", "please careful"]
        );
    }

    #[test]
    fn log_odds_matches_a_hand_computation() {
        // Group: a×3, b×1; rest: a×1, b×3. Prior = totals: a 4, b 4; a0 = 8, n_i = n_j = 4.
        // δ_a = ln((3+4)/(4+8-3-4)) - ln((1+4)/(4+8-1-4)) = ln(7/5) - ln(5/7) = 2 ln 1.4
        // σ² = 1/7 + 1/5 -> z = 2 ln 1.4 / sqrt(12/35)
        let (delta_a, z_a) = log_odds(3, 1, 4, 4.0, 4.0, 8.0);
        let (_, z_b) = log_odds(1, 3, 4, 4.0, 4.0, 8.0);
        let want_delta = 2.0 * 1.4_f64.ln();
        let want_z = want_delta / (12.0_f64 / 35.0).sqrt();
        assert!((delta_a - want_delta).abs() < 1e-12);
        assert!((z_a - want_z).abs() < 1e-12);
        assert!((z_b + want_z).abs() < 1e-12, "b is a's mirror image");
    }
}
