//! Text features for the stance classifier: TF-IDF over word 1-2 grams and character 2-5 grams.
//!
//! Tokens are lowercase runs of letters, digits, `_`, `'`, `#` and `@` (so hashtags and
//! mentions stay whole); each emoji or other symbol is a token of its own; a whitespace-separated
//! chunk that starts with `http://`, `https://` or `www.` becomes the token `<url>`. Features:
//! every token (`w:` prefix), every pair of neighbouring tokens (`b:`), and every character
//! 2-5 gram of each word token padded with a space at both ends (`c:`, as scikit-learn's
//! `char_wb`). Weights: sublinear term frequency `1 + ln(tf)` times the smoothed idf
//! `ln((1 + n) / (1 + df)) + 1`, each row scaled to unit length.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One post as sparse features: `(feature index, weight)` sorted by index.
pub type SparseRow = Vec<(u32, f64)>;

/// Character n-gram lengths.
pub const CHAR_NGRAMS: std::ops::RangeInclusive<usize> = 2..=5;

/// The tokens of `text`.
#[must_use]
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    let mut out = Vec::new();
    for chunk in lower.split_whitespace() {
        if chunk.starts_with("http://")
            || chunk.starts_with("https://")
            || chunk.starts_with("www.")
        {
            out.push("<url>".to_owned());
            continue;
        }
        let mut word = String::new();
        for c in chunk.chars() {
            let in_word = c.is_alphanumeric()
                || c == '_'
                || (c == '\'' && !word.is_empty())
                || ((c == '#' || c == '@') && word.is_empty());
            if in_word {
                word.push(c);
                continue;
            }
            flush(&mut word, &mut out);
            let symbol = !c.is_ascii() && !c.is_whitespace() && !is_joiner(c) && !is_punct(c);
            if symbol {
                out.push(c.to_string());
            }
        }
        flush(&mut word, &mut out);
    }
    out
}

fn flush(word: &mut String, out: &mut Vec<String>) {
    let w = word.trim_end_matches('\'');
    if !w.is_empty() && w != "#" && w != "@" {
        out.push(w.to_owned());
    }
    word.clear();
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

/// Call `f` with every feature string of `text`, with repeats, from one reused buffer (no
/// allocation per feature).
pub fn for_each_term(text: &str, f: &mut dyn FnMut(&str)) {
    let toks = tokens(text);
    let mut buf = String::with_capacity(64);
    for t in &toks {
        buf.clear();
        buf.push_str("w:");
        buf.push_str(t);
        f(&buf);
    }
    for pair in toks.windows(2) {
        buf.clear();
        buf.push_str("b:");
        buf.push_str(&pair[0]);
        buf.push(' ');
        buf.push_str(&pair[1]);
        f(&buf);
    }
    let mut padded: Vec<char> = Vec::with_capacity(32);
    for t in toks.iter().filter(|t| t.chars().any(char::is_alphanumeric)) {
        padded.clear();
        padded.push(' ');
        padded.extend(t.chars());
        padded.push(' ');
        for n in CHAR_NGRAMS {
            for gram in padded.windows(n) {
                buf.clear();
                buf.push_str("c:");
                buf.extend(gram);
                f(&buf);
            }
        }
    }
}

/// A fitted vocabulary with inverse document frequencies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vectorizer {
    /// Feature strings; a feature's index is its position.
    pub vocabulary: Vec<String>,
    /// Smoothed idf of each feature.
    pub idf: Vec<f64>,
    #[serde(skip)]
    index: HashMap<String, u32>,
}

impl Vectorizer {
    /// Learn the vocabulary from `texts`: features in at least `min_df` texts, at most
    /// `max_features` of them (the most frequent by document count, ties by name).
    #[must_use]
    pub fn fit(texts: &[&str], min_df: usize, max_features: usize) -> Self {
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for text in texts {
            seen.clear();
            for_each_term(text, &mut |t| {
                if !seen.contains(t) {
                    seen.insert(t.to_owned());
                }
            });
            for t in seen.drain() {
                *df.entry(t).or_insert(0) += 1;
            }
        }
        let mut kept: Vec<(String, usize)> = df.into_iter().filter(|(_, d)| *d >= min_df).collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        kept.truncate(max_features);
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let n = texts.len() as f64;
        let idf = kept
            .iter()
            .map(|(_, d)| ((1.0 + n) / (1.0 + *d as f64)).ln() + 1.0)
            .collect();
        Vectorizer::from_parts(kept.into_iter().map(|(t, _)| t).collect(), idf)
    }

    /// Rebuild from a saved vocabulary and idf (of equal length).
    #[must_use]
    pub fn from_parts(vocabulary: Vec<String>, idf: Vec<f64>) -> Self {
        let index = vocabulary
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Vectorizer {
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

    /// The unit-length TF-IDF row of `text` (features outside the vocabulary are dropped).
    #[must_use]
    pub fn transform(&self, text: &str) -> SparseRow {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for_each_term(text, &mut |t| {
            if let Some(&i) = self.index.get(t) {
                *counts.entry(i).or_insert(0) += 1;
            }
        });
        let mut row: SparseRow = counts
            .into_iter()
            .map(|(i, tf)| (i, (1.0 + f64::from(tf).ln()) * self.idf[i as usize]))
            .collect();
        row.sort_unstable_by_key(|(i, _)| *i);
        let norm = row.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut row {
                *w /= norm;
            }
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rows_are_unit_length_tfidf() {
        let texts = ["a b", "a c", "a"];
        let v = Vectorizer::fit(&texts, 1, usize::MAX);
        // "w:a" is in all 3 texts: idf = ln(4/4) + 1 = 1; "w:b" in 1: ln(4/2) + 1.
        let ia = v.vocabulary.iter().position(|t| t == "w:a").unwrap();
        let ib = v.vocabulary.iter().position(|t| t == "w:b").unwrap();
        assert!((v.idf[ia] - 1.0).abs() < 1e-12);
        assert!((v.idf[ib] - (2f64.ln() + 1.0)).abs() < 1e-12);
        let row = v.transform("a b b");
        let norm: f64 = row.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-12);
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
