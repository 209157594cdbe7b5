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

/// The terms of a post, unigrams (placeholders included) then the bigrams of adjacent kept
/// words, as the counting sees them.
#[cfg(test)]
fn terms(text: &str, stopwords: &HashSet<String>) -> Vec<String> {
    let stopwords: FastSet<&str> = stopwords.iter().map(String::as_str).collect();
    let mut counts = Counts::new(1, &stopwords);
    counts.add_post(text, 0, &stopwords, &mut Scratch::default());
    let ids = counts.post.clone();
    let mut out: Vec<String> = ids
        .iter()
        .map(|&id| counts.text(TermKey::Word(id)))
        .collect();
    out.extend(
        ids.windows(2)
            .filter(|w| w[0] >= PLACEHOLDERS && w[1] >= PLACEHOLDERS)
            .map(|w| counts.text(TermKey::Pair(w[0], w[1]))),
    );
    out
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

/// Placeholder terms, interned first so their ids are below [`PLACEHOLDERS`]: no bigram is made
/// with them.
const PLACEHOLDER_TERMS: [&str; 3] = ["<url>", "<mention>", "<number>"];
const PLACEHOLDERS: u32 = 3;

/// Term counts per slot (each stance of the order, then the posts of no listed stance). Words
/// are interned once (an id per distinct word), unigrams are counted in one row of `slots`
/// counts per word id, and bigrams are keyed by their two word ids packed in a `u64`, so a
/// bigram costs no string. The rest and the prior are sums of a row.
struct Counts {
    ids: FastMap<Box<str>, u32>,
    /// The words by id, and whether each is a stopword (interned, never counted).
    words: Vec<(Box<str>, bool)>,
    /// Unigram counts, `id * slots + slot`.
    unigrams: Vec<u64>,
    /// Bigram rows by packed ids, and their counts, `row * slots + slot`.
    pair_rows: FastMap<u64, u32>,
    pairs: Vec<u64>,
    slots: usize,
    /// The kept word ids of the post being counted.
    post: Vec<u32>,
}

fn pack(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn unpack(key: u64) -> (u32, u32) {
    #[allow(clippy::cast_possible_truncation)] // the halves of a packed pair
    ((key >> 32) as u32, key as u32)
}

impl Counts {
    /// An empty table; a placeholder on the `stopwords` list is never counted either.
    fn new(slots: usize, stopwords: &FastSet<&str>) -> Self {
        let mut counts = Counts {
            ids: FastMap::default(),
            words: Vec::new(),
            unigrams: Vec::new(),
            pair_rows: FastMap::default(),
            pairs: Vec::new(),
            slots,
            post: Vec::new(),
        };
        for p in PLACEHOLDER_TERMS {
            counts.intern(p, stopwords.contains(p));
        }
        counts
    }

    /// The id of `word`, added (with its stopword flag) when new.
    fn intern(&mut self, word: &str, stopword: bool) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).expect("fewer than 2^32 distinct words");
        self.ids.insert(word.into(), id);
        self.words.push((word.into(), stopword));
        self.unigrams.resize(self.unigrams.len() + self.slots, 0);
        id
    }

    /// The count row of the bigram `key`, added when new.
    fn pair_row(&mut self, key: u64) -> usize {
        let next = self.pairs.len() / self.slots;
        let row = *self
            .pair_rows
            .entry(key)
            .or_insert_with(|| u32::try_from(next).expect("fewer than 2^32 distinct bigrams"));
        if row as usize == next {
            self.pairs.resize(self.pairs.len() + self.slots, 0);
        }
        row as usize
    }

    /// Count the terms of one post of `slot`.
    fn add_post(
        &mut self,
        text: &str,
        slot: usize,
        stopwords: &FastSet<&str>,
        scratch: &mut Scratch,
    ) {
        let mut post = std::mem::take(&mut self.post);
        post.clear();
        each_token(text, scratch, &mut |t| {
            let id = match self.ids.get(t) {
                Some(&id) => id,
                None => self.intern(t, stopwords.contains(t)),
            };
            if !self.words[id as usize].1 {
                self.unigrams[id as usize * self.slots + slot] += 1;
                post.push(id);
            }
        });
        for w in post.windows(2) {
            if w[0] >= PLACEHOLDERS && w[1] >= PLACEHOLDERS {
                let row = self.pair_row(pack(w[0], w[1]));
                self.pairs[row * self.slots + slot] += 1;
            }
        }
        self.post = post;
    }

    /// Add the counts of `part` (ids are translated through the words).
    fn merge(mut self, part: Counts) -> Counts {
        let slots = self.slots;
        let add = |to: &mut [u64], from: &[u64]| {
            for (t, f) in to.iter_mut().zip(from) {
                *t += f;
            }
        };
        let map: Vec<u32> = part
            .words
            .iter()
            .enumerate()
            .map(|(i, (word, stopword))| {
                let id = self.intern(word, *stopword) as usize;
                add(
                    &mut self.unigrams[id * slots..(id + 1) * slots],
                    &part.unigrams[i * slots..(i + 1) * slots],
                );
                id as u32
            })
            .collect();
        for (&key, &row) in &part.pair_rows {
            let (a, b) = unpack(key);
            let to = self.pair_row(pack(map[a as usize], map[b as usize]));
            let row = row as usize;
            add(
                &mut self.pairs[to * slots..(to + 1) * slots],
                &part.pairs[row * slots..(row + 1) * slots],
            );
        }
        self
    }

    /// Every counted term (unigrams that are not stopwords, then bigrams) with its row.
    fn terms(&self) -> impl Iterator<Item = (TermKey, &[u64])> {
        let slots = self.slots;
        let unigrams = self
            .words
            .iter()
            .enumerate()
            .filter(|(_, (_, stopword))| !stopword)
            .map(move |(i, _)| {
                #[allow(clippy::cast_possible_truncation)] // ids are u32
                (
                    TermKey::Word(i as u32),
                    &self.unigrams[i * slots..(i + 1) * slots],
                )
            })
            .filter(|(_, row)| row.iter().any(|&n| n > 0));
        let bigrams = self.pair_rows.iter().map(move |(&key, &row)| {
            let (a, b) = unpack(key);
            let row = row as usize;
            (
                TermKey::Pair(a, b),
                &self.pairs[row * slots..(row + 1) * slots],
            )
        });
        unigrams.chain(bigrams)
    }

    /// The bytes of a term's text: the word, or the two words with a space between.
    fn bytes(&self, key: TermKey) -> impl Iterator<Item = u8> + '_ {
        let (first, space, second): (&str, &str, &str) = match key {
            TermKey::Word(a) => (&self.words[a as usize].0, "", ""),
            TermKey::Pair(a, b) => (&self.words[a as usize].0, " ", &self.words[b as usize].0),
        };
        first.bytes().chain(space.bytes()).chain(second.bytes())
    }

    fn text(&self, key: TermKey) -> String {
        String::from_utf8(self.bytes(key).collect()).expect("words are UTF-8")
    }
}

/// A counted term: a word id, or a bigram's two word ids.
#[derive(Debug, Clone, Copy)]
enum TermKey {
    Word(u32),
    Pair(u32, u32),
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
pub fn distinctive_terms<S: std::borrow::Borrow<Scored> + Sync>(
    scored: &[S],
    order: &[String],
    stopwords: &HashSet<String>,
    top: usize,
) -> Vec<Term> {
    // Count terms per stance in parallel over fixed chunks, without keeping any post's terms;
    // each worker folds its chunks into one table, so a few tables live at once.
    let slot = |label: &str| order.iter().position(|o| o == label).unwrap_or(order.len());
    let slots = order.len() + 1;
    let fast_stopwords: FastSet<&str> = stopwords.iter().map(String::as_str).collect();
    let all = scored
        .par_chunks(COUNT_CHUNK)
        .fold(
            || (Counts::new(slots, &fast_stopwords), Scratch::default()),
            |(mut counts, mut scratch), chunk| {
                for s in chunk.iter().map(std::borrow::Borrow::borrow) {
                    let stance = slot(&s.stance.label);
                    counts.add_post(s.post.text(), stance, &fast_stopwords, &mut scratch);
                }
                (counts, scratch)
            },
        )
        .map(|(counts, _)| counts)
        .reduce(|| Counts::new(slots, &fast_stopwords), Counts::merge);
    let mut out = Vec::new();
    if order.len() < 2 {
        return out;
    }
    let a0_count: u64 = all.unigrams.iter().chain(&all.pairs).sum();
    for (s, stance) in order.iter().enumerate() {
        let n_i_count: u64 = all
            .unigrams
            .iter()
            .skip(s)
            .step_by(slots)
            .chain(all.pairs.iter().skip(s).step_by(slots))
            .sum();
        #[allow(clippy::cast_precision_loss)] // token counts are far below 2^52
        let (n_i, n_j, a0) = (
            n_i_count as f64,
            (a0_count - n_i_count) as f64,
            a0_count as f64,
        );
        let scored_terms: Vec<(TermKey, u64, u64, f64, f64)> = all
            .terms()
            .map(|(term, row)| {
                let alpha: u64 = row.iter().sum();
                let (yi, yj) = (row[s], alpha - row[s]);
                let (delta, z) = log_odds(yi, yj, alpha, n_i, n_j, a0);
                (term, yi, yj, delta, z)
            })
            .collect();
        // Highest z first; ties broken by the term's text so the table is stable.
        let kept = extremes(scored_terms, top, |a, b| {
            b.4.total_cmp(&a.4)
                .then_with(|| all.bytes(a.0).cmp(all.bytes(b.0)))
        });
        for (term, yi, yj, delta, z) in kept {
            out.push(Term {
                stance: stance.clone(),
                term: all.text(term),
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
    fn a_placeholder_on_the_stopword_list_is_not_counted() {
        // The placeholders are interned before any post; they must still obey --stopwords.
        let sw: HashSet<String> = ["<url>", "please"].map(str::to_owned).into();
        assert_eq!(
            terms("please see https://x.co/a now", &sw),
            ["see", "now", "see now"]
        );
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

    /// The golden corpus's 23,703 texts as posts whose stance is their corpus.
    fn golden_posts() -> Vec<Scored> {
        crate::model::fixtures::golden_records()
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut s = crate::model::fixtures::scored(i as u64 + 2, &r[0], 0.0);
                s.post.fields = vec![r[3].to_owned()].into();
                s
            })
            .collect()
    }

    /// Term counts per slot the plain way: every term as its own string.
    fn string_counts(
        posts: &[Scored],
        order: &[String],
        stopwords: &HashSet<String>,
    ) -> HashMap<String, Vec<u64>> {
        let mut counts: HashMap<String, Vec<u64>> = HashMap::new();
        for s in posts {
            let slot = order
                .iter()
                .position(|o| *o == s.stance.label)
                .unwrap_or(order.len());
            let kept: Vec<String> = tokens(s.post.text())
                .into_iter()
                .filter(|t| !stopwords.contains(t))
                .collect();
            let bigrams = kept
                .windows(2)
                .filter(|w| !w[0].starts_with('<') && !w[1].starts_with('<'))
                .map(|w| format!("{} {}", w[0], w[1]));
            for term in kept.iter().cloned().chain(bigrams) {
                counts
                    .entry(term)
                    .or_insert_with(|| vec![0; order.len() + 1])[slot] += 1;
            }
        }
        counts
    }

    #[test]
    fn interned_counts_merged_from_parts_equal_counts_of_every_term_as_a_string() {
        let posts = golden_posts();
        // Three corpora are stances; the fourth falls in the slot of no listed stance.
        let order: Vec<String> = ["tweets", "movieReviewSnippets", "nytEditorialSnippets"]
            .map(str::to_owned)
            .to_vec();
        let stopwords = builtin_stopwords();
        let want = string_counts(&posts, &order, &stopwords);
        // Counted in seven uneven parts and merged, so words get different ids in each part.
        let fast: FastSet<&str> = stopwords.iter().map(String::as_str).collect();
        let slot = |s: &Scored| order.iter().position(|o| *o == s.stance.label).unwrap_or(3);
        let mut merged = Counts::new(4, &fast);
        let mut rest = &posts[..];
        for size in [1, 5000, 17, 8000, 3, 2000] {
            let (part, tail) = rest.split_at(size);
            let mut counts = Counts::new(4, &fast);
            for s in part {
                counts.add_post(s.post.text(), slot(s), &fast, &mut Scratch::default());
            }
            merged = merged.merge(counts);
            rest = tail;
        }
        let mut last = Counts::new(4, &fast);
        for s in rest {
            last.add_post(s.post.text(), slot(s), &fast, &mut Scratch::default());
        }
        let merged = last.merge(merged);
        let got: HashMap<String, Vec<u64>> = merged
            .terms()
            .map(|(key, row)| (merged.text(key), row.to_vec()))
            .collect();
        assert!(want.len() > 100_000, "{} terms", want.len());
        assert_eq!(got.len(), want.len());
        for (term, row) in &want {
            assert_eq!(got.get(term), Some(row), "{term}");
        }

        // The table: counts from the string counts, and the 15 highest z of each stance as a
        // full sort of every term by (z descending, term) gives them.
        let table = distinctive_terms(&posts, &order, &stopwords, TOP_TERMS);
        assert_eq!(table.len(), 3 * 2 * TOP_TERMS);
        let total: u64 = want.values().flatten().sum();
        for (s, stance) in order.iter().enumerate() {
            let n_i: u64 = want.values().map(|r| r[s]).sum();
            let mut all: Vec<(f64, &str)> = want
                .iter()
                .map(|(term, r)| {
                    let alpha: u64 = r.iter().sum();
                    #[allow(clippy::cast_precision_loss)]
                    let z = log_odds(
                        r[s],
                        alpha - r[s],
                        alpha,
                        n_i as f64,
                        (total - n_i) as f64,
                        total as f64,
                    )
                    .1;
                    (z, term.as_str())
                })
                .collect();
            all.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let rows: Vec<&Term> = table.iter().filter(|t| t.stance == *stance).collect();
            for (t, (z, term)) in rows.iter().zip(&all[..TOP_TERMS]) {
                assert_eq!((t.term.as_str(), t.z), (*term, *z));
                let r = &want[*term];
                assert_eq!(
                    (t.count_stance, t.count_rest),
                    (r[s], r.iter().sum::<u64>() - r[s])
                );
            }
            let lowest = all.iter().rev().take(TOP_TERMS).map(|(_, t)| *t);
            assert!(rows[TOP_TERMS..].iter().map(|t| t.term.as_str()).eq(lowest));
        }
    }
}
