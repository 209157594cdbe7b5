//! whatlang's combined detection (alphabet and trigram scores) for Latin-script text, restricted
//! to the Latin languages of [`super::COMMON`], computed the same way to the last bit but faster.
//!
//! whatlang 0.16.4 (MIT; its notice, which covers the parts here that follow its code, is in
//! [`super::profiles`]) compares a text with each allowed language's 300-trigram profile by
//! looking every profile trigram up in the text's trigram table: 9 x 300 hash lookups per post,
//! most of detection's time and a third of `analyze`'s on real text (BENCHMARKS.md). Here each
//! trigram of the text is looked up once in an index of all nine profiles:
//!
//! distance(L) = sum over L's profile trigrams at rank i of |n - i| when the text has the
//! trigram at position n, else 300 = 300 x 300 - sum over shared trigrams of (300 - |n - i|).
//!
//! Everything else (lower-casing, which characters count, the order of ties, the weights, the
//! sorts, the confidence) follows whatlang's code step by step, so the language and confidence
//! are the same; `the_fast_latin_path_equals_whatlang` checks that against whatlang itself on
//! the rated texts in tests/data and on random mixed text. Non-Latin scripts go to whatlang.

use std::collections::HashMap;
use std::sync::LazyLock;

use whatlang::Lang;

use super::profiles::{ALPHABETS, TRIGRAMS};

/// whatlang's `MAX_TRIGRAM_DISTANCE`: a profile's length, and the distance of a missing trigram.
const MAX_TRIGRAM_DISTANCE: u32 = 300;
/// whatlang's `MAX_TOTAL_DISTANCE`.
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// whatlang's `TEXT_TRIGRAMS_SIZE`: the text's most frequent trigrams kept.
const TEXT_TRIGRAMS_SIZE: usize = 600;
/// The Latin-script languages we allow, in whatlang's script order (the trigram profiles are in
/// the same order).
const LANGS: usize = TRIGRAMS.len();
/// The rank of a trigram a profile does not have.
const ABSENT: u16 = u16::MAX;

/// The profiles and alphabets, indexed for one lookup per trigram and per letter.
struct Index {
    /// Per trigram of any profile: its rank in each language's profile ([`ABSENT`] when the
    /// profile does not have it; no profile has a trigram twice).
    trigrams: HashMap<u64, [u16; LANGS], foldhash::fast::FixedState>,
    /// Per letter of any Latin alphabet: what an occurrence adds to each language's alphabet
    /// score (whatlang adds 2 per listing of the letter, or 2 to all for a letter common to all
    /// 36 alphabets).
    letters: HashMap<char, [u32; LANGS], foldhash::fast::FixedState>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut trigrams: HashMap<u64, [u16; LANGS], _> = HashMap::default();
    for (l, (_, profile)) in TRIGRAMS.iter().enumerate() {
        let chars: Vec<char> = profile.chars().collect();
        for (rank, t) in chars.chunks_exact(3).enumerate() {
            let ranks = trigrams
                .entry(key(t[0], t[1], t[2]))
                .or_insert([ABSENT; LANGS]);
            debug_assert_eq!(ranks[l], ABSENT, "a trigram twice in one profile");
            #[allow(clippy::cast_possible_truncation)] // 300 ranks
            {
                ranks[l] = rank as u16;
            }
        }
    }
    // whatlang's inverted map: each letter with every listing of it (a letter written twice in
    // one alphabet is listed twice).
    let mut listings: HashMap<char, Vec<Lang>> = HashMap::new();
    for (lang, alphabet) in ALPHABETS {
        for c in alphabet.chars() {
            listings.entry(c).or_default().push(lang);
        }
    }
    let letters = listings
        .into_iter()
        .map(|(c, langs)| {
            let mut add = [0u32; LANGS];
            for (l, (lang, _)) in TRIGRAMS.iter().enumerate() {
                add[l] = if langs.len() == ALPHABETS.len() {
                    2
                } else {
                    2 * langs.iter().filter(|x| *x == lang).count() as u32
                };
            }
            (c, add)
        })
        .collect();
    Index { trigrams, letters }
});

/// A trigram as one number; the order of keys is the order of whatlang's `Trigram(c1, c2, c3)`.
fn key(c1: char, c2: char, c3: char) -> u64 {
    (u64::from(c1) << 42) | (u64::from(c2) << 21) | u64::from(c3)
}

/// whatlang's `is_stop_char`: spaces, ASCII punctuation and digits.
fn is_stop_char(ch: char) -> bool {
    matches!(ch, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// Buffers one thread reuses across posts.
#[derive(Default)]
struct Scratch {
    keys: Vec<u64>,
    runs: Vec<(usize, u64)>,
    starts: Vec<usize>,
    ranked: Vec<u64>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The language and confidence whatlang's `Detector::with_allowlist(COMMON).detect(text)` gives
/// for `text` whose main script is Latin.
pub(super) fn detect(text: &str) -> Option<(Lang, f64)> {
    let lower = text.to_lowercase();
    let index = &*INDEX;

    // Alphabet scores (whatlang's `generic_alphabet_calculate_scores`).
    let mut letter_count = 0u32;
    let mut raw = [0u32; LANGS];
    for c in lower.chars().filter(|&c| !is_stop_char(c)) {
        letter_count += 1;
        if let Some(add) = index.letters.get(&c) {
            for (r, a) in raw.iter_mut().zip(add) {
                *r += a;
            }
        }
    }
    let mut alphabet: Vec<(Lang, u32)> = TRIGRAMS
        .iter()
        .zip(raw)
        .map(|(&(lang, _), r)| (lang, r.saturating_sub(letter_count)))
        .collect();
    alphabet.sort_unstable_by_key(|&(_, score)| std::cmp::Reverse(score));
    let alphabet: Vec<(Lang, f64)> = alphabet
        .into_iter()
        .map(|(lang, r)| (lang, f64::from(r) / f64::from(letter_count)))
        .collect();

    // Trigram scores (whatlang's `calculate_scores_in_profiles`).
    let (unique, mut distances) = SCRATCH.with_borrow_mut(
        |Scratch {
             keys,
             runs,
             starts,
             ranked,
         }| {
            keys.clear();
            let mut chars = lower
                .chars()
                .map(|c| if is_stop_char(c) { ' ' } else { c })
                .chain(Some(' '));
            let mut c1 = ' ';
            let mut c2 = chars.next().unwrap_or(' ');
            for c3 in chars {
                if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
                    keys.push(key(c1, c2, c3));
                }
                c1 = c2;
                c2 = c3;
            }
            // Count each distinct trigram (runs of the sorted keys), then rank by count and then
            // trigram, both descending, as whatlang does: a counting sort by count, filled from the
            // largest key down.
            keys.sort_unstable();
            runs.clear();
            runs.extend(keys.chunk_by(|a, b| a == b).map(|run| (run.len(), run[0])));
            let most = runs.iter().map(|r| r.0).max().unwrap_or(0);
            starts.clear();
            starts.resize(most + 2, 0);
            for &(count, _) in runs.iter() {
                starts[count] += 1;
            }
            // starts[c]: where the trigrams seen c times begin (more frequent ones come first).
            let mut next = 0;
            for c in (1..=most).rev() {
                let n = starts[c];
                starts[c] = next;
                next += n;
            }
            ranked.clear();
            ranked.resize(runs.len(), 0);
            for &(count, k) in runs.iter().rev() {
                ranked[starts[count]] = k;
                starts[count] += 1;
            }
            ranked.truncate(TEXT_TRIGRAMS_SIZE);
            let mut shared = [0i64; LANGS];
            for (n, k) in ranked.iter().enumerate() {
                if let Some(ranks) = index.trigrams.get(k) {
                    for (sum, &i) in shared.iter_mut().zip(ranks) {
                        if i != ABSENT {
                            let gap = (n as i64 - i64::from(i)).abs();
                            *sum += i64::from(MAX_TRIGRAM_DISTANCE) - gap;
                        }
                    }
                }
            }
            #[allow(clippy::cast_possible_truncation)] // at most TEXT_TRIGRAMS_SIZE
            let unique = ranked.len() as u32;
            let distances: Vec<(Lang, u32)> = TRIGRAMS
                .iter()
                .zip(shared)
                .map(|(&(lang, _), s)| {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    // between 0 and 300 x 300 by the identity in the module docs
                    let mut total = (i64::from(MAX_TOTAL_DISTANCE) - s) as u32;
                    if MAX_TRIGRAM_DISTANCE > unique {
                        total -= (MAX_TRIGRAM_DISTANCE - unique) * MAX_TRIGRAM_DISTANCE;
                    }
                    (lang, total.clamp(0, MAX_TOTAL_DISTANCE))
                })
                .collect();
            (unique, distances)
        },
    );
    distances.sort_unstable_by_key(|&(_, d)| d);
    let max_distance = unique * MAX_TRIGRAM_DISTANCE;
    let trigram: Vec<(Lang, f64)> = distances
        .iter()
        .map(|&(lang, d)| (lang, f64::from(max_distance - d) / f64::from(max_distance)))
        .collect();

    // Combined (whatlang's `combined::raw_detect`): the alphabet's languages in its order.
    let weight = (-(f64::from(letter_count) / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
    let mut scores: Vec<(Lang, f64)> = alphabet
        .iter()
        .map(|&(lang, a)| {
            let t = trigram
                .iter()
                .find(|(l, _)| *l == lang)
                .map_or(0.0, |x| x.1);
            (lang, a * weight + t * (1.0 - weight))
        })
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));
    let (lang, first) = *scores.first()?;
    let confidence = match scores.get(1) {
        Some(&(_, second)) => confidence(first, second, unique as usize),
        None => 1.0,
    };
    Some((lang, confidence))
}

/// whatlang's `calculate_confidence`.
fn confidence(highest: f64, second: f64, count: usize) -> f64 {
    if highest == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return highest;
    }
    #[allow(clippy::cast_precision_loss)] // at most TEXT_TRIGRAMS_SIZE
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (highest - second) / second;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// whatlang's own answer, as language and confidence.
    fn whatlang(detector: &whatlang::Detector, text: &str) -> Option<(Lang, f64)> {
        detector
            .detect(text)
            .map(|info| (info.lang(), info.confidence()))
    }

    /// Texts of 1 to 120 characters from letters of every allowed language's profile and
    /// alphabet, ASCII capitals, digits, punctuation, the Turkish dotted capital, German sharp
    /// s, a Greek capital sigma (lower-cased by position) and an emoji, from a fixed seed.
    fn mixed_texts(n: usize) -> Vec<String> {
        let mut pool: Vec<char> = TRIGRAMS.iter().flat_map(|(_, p)| p.chars()).collect();
        pool.extend(ALPHABETS.iter().flat_map(|(_, a)| a.chars()));
        pool.extend("ABCXYZ019 .,!?'-@#İẞßΣσ😀\n".chars());
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        (0..n)
            .map(|_| {
                let len = 1 + next(120);
                // Mostly whole profile trigrams, so the texts read like the languages.
                let mut text = String::new();
                while text.chars().count() < len {
                    if next(3) == 0 {
                        text.push(pool[next(pool.len())]);
                    } else {
                        let (_, profile) = TRIGRAMS[next(TRIGRAMS.len())];
                        let t = next(300);
                        text.extend(profile.chars().skip(3 * t).take(3));
                    }
                }
                text
            })
            .collect()
    }

    #[test]
    fn the_fast_latin_path_equals_whatlang() {
        let detector = whatlang::Detector::with_allowlist(super::super::COMMON.to_vec());
        let mut texts = crate::model::fixtures::golden_texts();
        // Long texts too, past the 600 most frequent trigrams whatlang keeps.
        let long: Vec<String> = texts.chunks(40).take(300).map(|c| c.join(" ")).collect();
        texts.extend(long);
        texts.extend(mixed_texts(20_000));
        let mut latin = 0;
        let mut reliable = 0;
        let mut languages = std::collections::HashSet::new();
        for text in &texts {
            if whatlang::detect_script(text) != Some(whatlang::Script::Latin) {
                continue;
            }
            latin += 1;
            let want = whatlang(&detector, text);
            let got = detect(text);
            assert_eq!(
                got.map(|(l, c)| (l, c.to_bits())),
                want.map(|(l, c)| (l, c.to_bits())),
                "{text:?}"
            );
            if let Some((lang, c)) = got {
                reliable += usize::from(c > super::super::RELIABLE);
                languages.insert(lang);
            }
        }
        // The comparison covered what it should: most texts, reliable and unsure answers, and
        // every allowed Latin language as an answer.
        assert!(latin > 40_000, "{latin} Latin texts");
        assert!(reliable > 5_000 && reliable < latin - 5_000, "{reliable}");
        assert_eq!(languages.len(), LANGS, "{languages:?}");
    }

    #[test]
    fn trigram_keys_sort_as_whatlangs_trigrams() {
        let chars = ['a', 'z', ' ', 'é', 'ß', 'İ', '\u{307}', 'ω'];
        let mut triples = Vec::new();
        for &a in &chars {
            for &b in &chars {
                triples.push((a, b, 'x'));
                triples.push((b, 'x', a));
            }
        }
        let mut by_key = triples.clone();
        by_key.sort_by_key(|&(a, b, c)| key(a, b, c));
        triples.sort();
        assert_eq!(by_key, triples);
    }
}
