//! Text features for the stance classifier: TF-IDF over word 1-2 grams and character 2-5 grams,
//! the features of scikit-learn's `FeatureUnion` of a word and a `char_wb` `TfidfVectorizer`.
//!
//! Tokens are lowercase runs of letters, digits, `_`, `'`, `#` and `@` (so hashtags and
//! mentions stay whole); each emoji or other symbol is a token of its own; a whitespace-separated
//! chunk that starts with `http://`, `https://` or `www.` becomes the token `<url>`. Features:
//! every token (`w:` prefix), every pair of neighbouring tokens (`b:`), and every character
//! 2-5 gram of each lowercase whitespace-separated chunk padded with a space at both ends (`c:`,
//! as `char_wb`: punctuation such as the `?` of a question is kept there; URLs are left out).
//! Weights: sublinear term frequency `1 + ln(tf)` times the smoothed idf
//! `ln((1 + n) / (1 + df)) + 1`; the word block (`w:` and `b:`) and the character block (`c:`)
//! are each scaled to unit length, as the two halves of a `FeatureUnion` are.
//!
//! Training builds a [`Corpus`] once (every text's terms interned as ids with their counts) and
//! fits a [`Vocab`] per cross-validation fold from it, so no text is tokenised twice.

use std::collections::HashMap;

use foldhash::fast::RandomState;
use serde::{Deserialize, Serialize};

/// One post as sparse features: `(feature index, weight)` sorted by index.
pub type SparseRow = Vec<(u32, f64)>;

/// Character n-gram lengths.
pub const CHAR_NGRAMS: std::ops::RangeInclusive<usize> = 2..=5;

/// Whether a feature string is in the character block.
fn is_char_term(term: &str) -> bool {
    term.starts_with("c:")
}

/// The tokens of `text`.
#[cfg(test)]
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    with_tokens(text, |s| {
        out = (0..s.ends.len())
            .map(|i| token(&s.toks, &s.ends, i).to_owned())
            .collect();
    });
    out
}

/// `text` lower-cased, with the right single quote as an apostrophe, into `out`.
fn lower_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        // Whole-text lower-casing (Greek final sigma depends on the neighbours).
        out.push_str(&text.to_lowercase().replace('\u{2019}', "'"));
    }
}

/// Whether a lowercase whitespace-separated chunk is a URL.
pub(crate) fn is_url(chunk: &str) -> bool {
    chunk.starts_with("http://") || chunk.starts_with("https://") || chunk.starts_with("www.")
}

/// The tokens of lower-cased text, end to end in `toks`, token `i` ending at `ends[i]`.
fn tokens_into(lower: &str, toks: &mut String, ends: &mut Vec<usize>, word: &mut String) {
    toks.clear();
    ends.clear();
    let mut push = |t: &str, toks: &mut String| {
        toks.push_str(t);
        ends.push(toks.len());
    };
    for chunk in lower.split_whitespace() {
        if is_url(chunk) {
            push("<url>", toks);
            continue;
        }
        word.clear();
        for c in chunk.chars() {
            let in_word = c.is_alphanumeric()
                || c == '_'
                || (c == '\'' && !word.is_empty())
                || ((c == '#' || c == '@') && word.is_empty());
            if in_word {
                word.push(c);
                continue;
            }
            flush(word, toks, &mut push);
            let symbol = !c.is_ascii() && !c.is_whitespace() && !is_joiner(c) && !is_punct(c);
            if symbol {
                push(c.encode_utf8(&mut [0; 4]), toks);
            }
        }
        flush(word, toks, &mut push);
    }
}

fn flush(word: &mut String, toks: &mut String, push: &mut impl FnMut(&str, &mut String)) {
    let w = word.trim_end_matches('\'');
    if !w.is_empty() && w != "#" && w != "@" {
        push(w, toks);
    }
    word.clear();
}

/// Token `i` of [`tokens_into`]'s output.
fn token<'a>(toks: &'a str, ends: &[usize], i: usize) -> &'a str {
    &toks[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]
}

/// Zero-width joiners and variation selectors belong to the emoji before them.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200d}' | '\u{fe0e}' | '\u{fe0f}') || ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
}

/// Non-ASCII punctuation (quotes, dashes, ellipses) separates tokens and is not a token.
fn is_punct(c: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
}

/// Every feature string of `text`, with repeats.
#[cfg(test)]
fn feature_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_term(text, &mut |t| terms.push(t.to_owned()));
    terms
}

/// Buffers one thread reuses for the features of every text.
#[derive(Default)]
struct TermScratch {
    lower: String,
    toks: String,
    ends: Vec<usize>,
    word: String,
    buf: String,
    padded: String,
    bounds: Vec<usize>,
    chars: Vec<char>,
}

thread_local! {
    static TERM_SCRATCH: std::cell::RefCell<TermScratch> =
        std::cell::RefCell::new(TermScratch::default());
}

/// Lower-case and tokenise `text` into the thread's buffers (`lower`, `toks`, `ends`), then
/// hand all of them to `f`, which must not call it again.
fn with_tokens(text: &str, f: impl FnOnce(&mut TermScratch)) {
    TERM_SCRATCH.with_borrow_mut(|scratch| {
        lower_into(text, &mut scratch.lower);
        let TermScratch {
            lower,
            toks,
            ends,
            word,
            ..
        } = scratch;
        tokens_into(lower, toks, ends, word);
        f(scratch);
    });
}

/// Call `f` with every feature string of `text`, with repeats, from buffers the thread reuses
/// (no allocation per text or feature once they have grown). `f` must not call it again.
pub fn for_each_term(text: &str, f: &mut dyn FnMut(&str)) {
    with_tokens(text, |scratch| {
        let TermScratch {
            lower,
            toks,
            ends,
            buf,
            padded,
            bounds,
            ..
        } = scratch;
        for i in 0..ends.len() {
            buf.clear();
            buf.push_str("w:");
            buf.push_str(token(toks, ends, i));
            f(buf);
        }
        for i in 1..ends.len() {
            buf.clear();
            buf.push_str("b:");
            buf.push_str(token(toks, ends, i - 1));
            buf.push(' ');
            buf.push_str(token(toks, ends, i));
            f(buf);
        }
        for chunk in lower.split_whitespace().filter(|c| !is_url(c)) {
            padded.clear();
            padded.push(' ');
            padded.push_str(chunk);
            padded.push(' ');
            bounds.clear();
            bounds.extend(padded.char_indices().map(|(i, _)| i));
            bounds.push(padded.len());
            let chars = bounds.len() - 1;
            for n in CHAR_NGRAMS {
                for start in 0..chars.saturating_sub(n - 1) {
                    buf.clear();
                    buf.push_str("c:");
                    buf.push_str(&padded[bounds[start]..bounds[start + n]]);
                    f(buf);
                }
            }
        }
    });
}

/// Call `f` with the [`term_key`] of every feature string of `text` (the strings of
/// [`for_each_term`], in another order), hashing each as it is read instead of building it:
/// prediction needs only the keys.
pub(crate) fn for_each_key(text: &str, f: &mut dyn FnMut(u64)) {
    with_tokens(text, |scratch| {
        let TermScratch {
            lower,
            toks,
            ends,
            chars,
            ..
        } = scratch;
        let (w, b, c) = (TermKey::of("w:"), TermKey::of("b:"), TermKey::of("c:"));
        for i in 0..ends.len() {
            f(w.feed(token(toks, ends, i)).finish());
        }
        for i in 1..ends.len() {
            let first = b.feed(token(toks, ends, i - 1)).push(' ');
            f(first.feed(token(toks, ends, i)).finish());
        }
        for chunk in lower.split_whitespace().filter(|c| !is_url(c)) {
            chars.clear();
            chars.push(' ');
            chars.extend(chunk.chars());
            chars.push(' ');
            for start in 0..chars.len() {
                let mut key = c;
                for (n, &ch) in chars[start..].iter().take(*CHAR_NGRAMS.end()).enumerate() {
                    key = key.push(ch);
                    if CHAR_NGRAMS.contains(&(n + 1)) {
                        f(key.finish());
                    }
                }
            }
        }
    });
}

/// The running hash behind [`term_key`], fed one character at a time, so a feature's key is
/// built as its characters are read (and n-grams sharing a start share the work).
#[derive(Clone, Copy)]
struct TermKey(u64);

impl TermKey {
    const SEED: u64 = 0x5eed_5eed_5eed_5eed;

    fn of(s: &str) -> Self {
        TermKey(Self::SEED).feed(s)
    }

    #[must_use]
    fn feed(self, s: &str) -> Self {
        s.chars().fold(self, TermKey::push)
    }

    /// One multiply-rotate step per character (FxHash's). Distinct strings share a key only
    /// by chance: none of the 387,040 distinct features of the rated texts do (tested).
    #[must_use]
    fn push(self, c: char) -> Self {
        TermKey((self.0.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x517c_c1b7_2722_0a95))
    }

    /// The state mixed so every bit depends on every character (MurmurHash3's finaliser, a
    /// bijection, so it adds no collisions).
    fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// `(id, occurrences)` of each distinct id of `ids`, sorted by id (`ids` is sorted in place).
fn counted(ids: &mut [u32]) -> Vec<(u32, u32)> {
    ids.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::with_capacity(ids.len());
    for &id in ids.iter() {
        match counts.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => counts.push((id, 1)),
        }
    }
    counts
}

/// Sublinear tf times idf, each block scaled to unit length, sorted by column. `counts` holds
/// `(column, term frequency)`; `is_char` tells a column's block.
fn weigh(counts: Vec<(u32, u32)>, idf: &[f64], is_char: impl Fn(u32) -> bool) -> SparseRow {
    let mut row: SparseRow = counts
        .into_iter()
        .map(|(i, tf)| (i, (1.0 + f64::from(tf).ln()) * idf[i as usize]))
        .collect();
    row.sort_unstable_by_key(|(i, _)| *i);
    let mut norms = [0.0f64; 2];
    for &(i, w) in &row {
        norms[usize::from(is_char(i))] += w * w;
    }
    for (i, w) in &mut row {
        let norm = norms[usize::from(is_char(*i))].sqrt();
        if norm > 0.0 {
            *w /= norm;
        }
    }
    row
}

/// Texts with their terms interned: built once per training run.
pub struct Corpus {
    /// Feature strings by term id.
    terms: Vec<String>,
    /// Per text: `(term id, count)` sorted by id.
    docs: Vec<Vec<(u32, u32)>>,
}

impl Corpus {
    /// Tokenise every text once.
    #[must_use]
    pub fn new(texts: &[&str]) -> Self {
        let mut ids: HashMap<String, u32, RandomState> = HashMap::default();
        let mut terms = Vec::new();
        let mut docs = Vec::with_capacity(texts.len());
        let mut seen: Vec<u32> = Vec::new();
        for text in texts {
            seen.clear();
            for_each_term(text, &mut |t| {
                let id = match ids.get(t) {
                    Some(&id) => id,
                    None => {
                        let id = terms.len() as u32;
                        terms.push(t.to_owned());
                        ids.insert(t.to_owned(), id);
                        id
                    }
                };
                seen.push(id);
            });
            docs.push(counted(&mut seen));
        }
        Corpus { terms, docs }
    }

    /// Number of texts.
    #[must_use]
    pub fn texts(&self) -> usize {
        self.docs.len()
    }

    /// The vocabulary of the texts `docs`: terms in at least `min_df` of them, at most
    /// `max_features` (the most frequent by document count, ties by name), in name order.
    #[must_use]
    pub fn vocabulary(&self, docs: &[usize], min_df: usize, max_features: usize) -> Vocab {
        let mut df = vec![0u32; self.terms.len()];
        for &d in docs {
            for &(id, _) in &self.docs[d] {
                df[id as usize] += 1;
            }
        }
        let mut kept: Vec<u32> = (0..self.terms.len() as u32)
            .filter(|&id| df[id as usize] as usize >= min_df.max(1))
            .collect();
        if kept.len() > max_features {
            kept.sort_by(|&a, &b| {
                df[b as usize]
                    .cmp(&df[a as usize])
                    .then_with(|| self.terms[a as usize].cmp(&self.terms[b as usize]))
            });
            kept.truncate(max_features);
        }
        kept.sort_by(|&a, &b| self.terms[a as usize].cmp(&self.terms[b as usize]));
        let n = docs.len() as f64;
        let mut column = vec![u32::MAX; self.terms.len()];
        for (col, &id) in kept.iter().enumerate() {
            column[id as usize] = col as u32;
        }
        Vocab {
            idf: kept
                .iter()
                .map(|&id| ((1.0 + n) / (1.0 + f64::from(df[id as usize]))).ln() + 1.0)
                .collect(),
            is_char: kept
                .iter()
                .map(|&id| is_char_term(&self.terms[id as usize]))
                .collect(),
            column,
            kept,
        }
    }
}

/// A vocabulary fitted on some texts of a [`Corpus`].
pub struct Vocab {
    /// Column of each term id (`u32::MAX`: not in the vocabulary).
    column: Vec<u32>,
    /// Term id of each column.
    kept: Vec<u32>,
    idf: Vec<f64>,
    is_char: Vec<bool>,
}

impl Vocab {
    /// Number of features.
    #[must_use]
    pub fn features(&self) -> usize {
        self.kept.len()
    }

    /// The TF-IDF row of text `doc` of `corpus` (the corpus this vocabulary was fitted on).
    #[must_use]
    pub fn row(&self, corpus: &Corpus, doc: usize) -> SparseRow {
        let counts = corpus.docs[doc]
            .iter()
            .filter_map(|&(id, tf)| {
                let col = self.column[id as usize];
                (col != u32::MAX).then_some((col, tf))
            })
            .collect();
        weigh(counts, &self.idf, |col| self.is_char[col as usize])
    }

    /// The vocabulary with its feature strings, for a model file.
    #[must_use]
    pub fn into_vectorizer(self, corpus: &Corpus) -> Vectorizer {
        let vocabulary = self
            .kept
            .iter()
            .map(|&id| corpus.terms[id as usize].clone())
            .collect();
        Vectorizer::from_parts(vocabulary, self.idf)
    }
}

/// A fitted vocabulary with inverse document frequencies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vectorizer {
    /// Feature strings; a feature's index is its position.
    pub vocabulary: Vec<String>,
    /// Smoothed idf of each feature.
    pub idf: Vec<f64>,
    /// Column of each vocabulary term, keyed by [`term_key`]: a 64-bit hash instead of the
    /// string, so a lookup compares two integers rather than two strings. Two terms share a key
    /// with probability about 2^-64 per pair (a post's term would then count as the other).
    #[serde(skip)]
    index: HashMap<u64, u32, RandomState>,
    /// Whether each feature is in the character block.
    #[serde(skip)]
    is_char: Vec<bool>,
}

/// The 64-bit key of a feature string (the same in every run).
pub(crate) fn term_key(term: &str) -> u64 {
    TermKey(TermKey::SEED).feed(term).finish()
}

impl Vectorizer {
    /// Learn the vocabulary from `texts`: features in at least `min_df` texts, at most
    /// `max_features` of them (the most frequent by document count, ties by name).
    #[must_use]
    pub fn fit(texts: &[&str], min_df: usize, max_features: usize) -> Self {
        let corpus = Corpus::new(texts);
        let all: Vec<usize> = (0..corpus.texts()).collect();
        corpus
            .vocabulary(&all, min_df, max_features)
            .into_vectorizer(&corpus)
    }

    /// Rebuild from a saved vocabulary and idf (of equal length).
    #[must_use]
    pub fn from_parts(vocabulary: Vec<String>, idf: Vec<f64>) -> Self {
        let mut index: HashMap<u64, u32, RandomState> = HashMap::default();
        for (i, t) in vocabulary.iter().enumerate() {
            index.entry(term_key(t)).or_insert(i as u32);
        }
        Vectorizer {
            is_char: vocabulary.iter().map(|t| is_char_term(t)).collect(),
            vocabulary,
            idf,
            index,
        }
    }

    /// Restore the lookup table after deserialising.
    #[must_use]
    pub fn reindexed(self) -> Self {
        Vectorizer::from_parts(self.vocabulary, self.idf)
    }

    /// Number of features.
    #[must_use]
    pub fn len(&self) -> usize {
        self.vocabulary.len()
    }

    /// Whether the vocabulary is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.vocabulary.is_empty()
    }

    /// Push the columns of `keys` (from [`term_key`]) that are in the vocabulary to `hits`.
    pub(crate) fn columns(&self, keys: &[u64], hits: &mut Vec<u32>) {
        hits.extend(keys.iter().filter_map(|k| self.index.get(k).copied()));
    }

    /// Whether each feature is in the character block.
    pub(crate) fn char_block(&self) -> &[bool] {
        &self.is_char
    }

    /// The TF-IDF row of `text`, each block of unit length (features outside the vocabulary
    /// are dropped): the plain path the tests check `StanceModel::predict` against.
    #[cfg(test)]
    #[must_use]
    pub fn transform(&self, text: &str) -> SparseRow {
        let mut hits: Vec<u32> = Vec::with_capacity(256);
        for_each_term(text, &mut |t| {
            if let Some(&i) = self.index.get(&term_key(t)) {
                hits.push(i);
            }
        });
        weigh(counted(&mut hits), &self.idf, |i| self.is_char[i as usize])
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_on_the_fly_equal_the_keys_of_the_feature_strings() {
        let mut texts = crate::model::fixtures::golden_texts();
        texts.extend(
            [
                "",
                " ",
                "a",
                "Solidarity✊ with @AOC & #JC4PM! https://t.co/x Don’t stop…",
                "İstanbul ẞtraße 👍🏽👍🏽 e\u{301}",
            ]
            .map(str::to_owned),
        );
        let mut distinct: HashMap<u64, String> = HashMap::new();
        for text in &texts {
            let mut from_strings = Vec::new();
            for_each_term(text, &mut |t| {
                let key = term_key(t);
                from_strings.push(key);
                // No two distinct features of the corpus share a key.
                let seen = distinct.entry(key).or_insert_with(|| t.to_owned());
                assert_eq!(seen, t);
            });
            let mut on_the_fly = Vec::new();
            for_each_key(text, &mut |k| on_the_fly.push(k));
            from_strings.sort_unstable();
            on_the_fly.sort_unstable();
            assert_eq!(on_the_fly, from_strings, "{text:?}");
        }
        assert!(
            distinct.len() > 300_000,
            "{} distinct features",
            distinct.len()
        );
    }

    #[test]
    fn tokens_keep_hashtags_mentions_emoji_and_fold_urls() {
        assert_eq!(
            tokens("Solidarity✊ with @AOC & #JC4PM! https://t.co/x Don’t stop…"),
            [
                "solidarity",
                "✊",
                "with",
                "@aoc",
                "#jc4pm",
                "<url>",
                "don't",
                "stop"
            ]
        );
        assert_eq!(tokens("❤️ 👍🏽"), ["❤", "👍"]);
        assert!(tokens("  ...  ").is_empty());
    }

    #[test]
    fn features_are_words_bigrams_and_padded_char_grams() {
        let terms = feature_terms("Go on");
        // 2 words + 1 bigram + " go " (4 chars: 3+2+1 grams of length 2..4, 0 of 5)
        // + " on " (same): 3 + 6 + 6.
        assert_eq!(terms.len(), 15);
        for t in [
            "w:go", "w:on", "b:go on", "c: g", "c:go ", "c: go ", "c:on ",
        ] {
            assert!(terms.contains(&t.to_owned()), "{t} missing from {terms:?}");
        }
    }

    #[test]
    fn char_grams_keep_the_punctuation_of_a_chunk_and_skip_urls() {
        let terms = feature_terms("Really? https://t.co/x");
        assert!(terms.contains(&"c:y? ".to_owned()), "{terms:?}");
        assert!(terms.contains(&"c:? ".to_owned()), "{terms:?}");
        assert!(!terms.iter().any(|t| t.contains("t.co")), "{terms:?}");
        assert!(terms.contains(&"w:<url>".to_owned()), "{terms:?}");
    }

    #[test]
    fn corpus_rows_are_the_rows_a_saved_vectorizer_gives() {
        let texts = ["Go on, go!", "on and on 🔥", "careful now? go"];
        let corpus = Corpus::new(&texts);
        let vocab = corpus.vocabulary(&[0, 1, 2], 1, usize::MAX);
        let rows: Vec<SparseRow> = (0..3).map(|d| vocab.row(&corpus, d)).collect();
        let v = vocab.into_vectorizer(&corpus);
        assert_eq!(v, Vectorizer::fit(&texts, 1, usize::MAX));
        for (text, row) in texts.iter().zip(rows) {
            assert_eq!(v.transform(text), row, "{text}");
        }
        // A vocabulary of some texts only drops the others' terms.
        let part = corpus.vocabulary(&[0], 1, usize::MAX);
        assert!(part.row(&corpus, 1).len() < v.transform(texts[1]).len());
    }

    #[test]
    fn rows_are_unit_length_tfidf() {
        let texts = ["a b", "a c", "a"];
        let v = Vectorizer::fit(&texts, 1, usize::MAX);
        // "w:a" is in all 3 texts: idf = ln(4/4) + 1 = 1; "w:b" in 1: ln(4/2) + 1.
        let ia = v.vocabulary.iter().position(|t| t == "w:a").unwrap();
        let ib = v.vocabulary.iter().position(|t| t == "w:b").unwrap();
        assert!((v.idf[ia] - 1.0).abs() < 1e-12);
        assert!((v.idf[ib] - (2f64.ln() + 1.0)).abs() < 1e-12);
        let row = v.transform("a b b");
        // Each block has unit length, as in a FeatureUnion of two TfidfVectorizers.
        for char_block in [false, true] {
            let norm: f64 = row
                .iter()
                .filter(|(i, _)| v.vocabulary[*i as usize].starts_with("c:") == char_block)
                .map(|(_, w)| w * w)
                .sum();
            assert!(
                (norm - 1.0).abs() < 1e-12,
                "block char={char_block}: {norm}"
            );
        }
        // 1 + ln(2) for the repeated "b", times its idf, against "a" (tf 1, idf 1).
        let wa = row.iter().find(|(i, _)| *i as usize == ia).unwrap().1;
        let wb = row.iter().find(|(i, _)| *i as usize == ib).unwrap().1;
        assert!((wb / wa - (1.0 + 2f64.ln()) * (2f64.ln() + 1.0)).abs() < 1e-12);
        assert!(row.windows(2).all(|w| w[0].0 < w[1].0));
        // Unknown words contribute nothing.
        assert!(v.transform("zzz qqq").is_empty());
        // min_df and max_features prune.
        // In all three texts: the word "a" and the grams " a", "a ", " a " of " a ".
        assert_eq!(
            Vectorizer::fit(&texts, 3, usize::MAX).vocabulary,
            ["c: a", "c: a ", "c:a ", "w:a"]
        );
        assert_eq!(Vectorizer::fit(&texts, 1, 1).vocabulary, ["c: a"]);
    }
}
