//! Each post's language: from the export's own column when it has one (twarc's `lang`), else
//! detected with whatlang among 16 common languages, keeping only guesses whatlang calls
//! reliable. `BENCHMARKS.md` (2026-12-03) has the measurement behind these choices: on 12,000
//! labelled short texts, detection among all 69 languages called 8-12% of English posts
//! non-English, enough to trip the report's warning on an all-English thread; reliable guesses
//! only called 0.2% non-English, at the cost of no answer for about 28% of short posts.
//!
//! VADER scores English only, so the report gives the share of posts in other languages.
//!
//! Parts: [`latin`] computes whatlang's answer for Latin-script text five times faster (the same
//! language and confidence, checked against whatlang in its tests), from whatlang's data in
//! [`profiles`]; other scripts go to whatlang itself.

mod latin;
mod profiles;

use whatlang::{Detector, Lang};

/// whatlang's `is_reliable` threshold: a guess is reliable above this confidence.
const RELIABLE: f64 = 0.9;

/// The languages detection chooses among (the largest on Twitter and Reddit).
pub const COMMON: [Lang; 16] = [
    Lang::Eng,
    Lang::Spa,
    Lang::Por,
    Lang::Fra,
    Lang::Deu,
    Lang::Ita,
    Lang::Nld,
    Lang::Pol,
    Lang::Rus,
    Lang::Ukr,
    Lang::Tur,
    Lang::Ara,
    Lang::Jpn,
    Lang::Kor,
    Lang::Cmn,
    Lang::Hin,
];

/// A post's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Language {
    /// Neither the export nor a reliable detection says.
    #[default]
    Unknown,
    /// Detected: ISO 639-1 code and whatlang's confidence.
    Detected {
        /// `en`, `it`, ...
        code: &'static str,
        /// whatlang's confidence, 0 to 1.
        confidence: f64,
    },
    /// The export's language column, lower-cased (`en`, `it`, `pt-br`).
    Given(Box<str>),
    /// English by its function words ([`ENGLISH_WORDS`]), without the detector.
    EnglishWords,
}

impl Language {
    /// The code written in the `language` column; empty when unknown.
    #[must_use]
    pub fn code(&self) -> &str {
        match self {
            Language::Unknown => "",
            Language::Detected { code, .. } => code,
            Language::Given(code) => code,
            Language::EnglishWords => "en",
        }
    }

    /// Detection's confidence (none for a language from the export).
    #[must_use]
    pub fn confidence(&self) -> Option<f64> {
        match self {
            Language::Detected { confidence, .. } => Some(*confidence),
            _ => None,
        }
    }

    /// Whether the post is in English; `None` when unknown.
    #[must_use]
    pub fn is_english(&self) -> Option<bool> {
        match self {
            Language::Unknown => None,
            other => Some(is_english_code(other.code())),
        }
    }

    /// Whether the post's language is known and none of `wanted` (`--language`).
    #[must_use]
    pub fn is_other_than(&self, wanted: &[String]) -> bool {
        let code = self.code();
        !code.is_empty() && !wanted.iter().any(|w| is_form_of(code, w))
    }
}

/// The first language of a cell that may hold a list, as Bluesky's `record.langs` is written
/// (`["en", "ja"]`, `['en']`, `en,ja`); a plain code as it is.
fn first_listed(cell: &str) -> &str {
    let inner = cell.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(',')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim()
}

/// Whether language `code` is `wanted` or a regional form of it (`en-gb` for `en`).
fn is_form_of(code: &str, wanted: &str) -> bool {
    code.strip_prefix(wanted)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// Whether a language code names English (`en`, `en-gb`, `eng`).
fn is_english_code(code: &str) -> bool {
    code == "eng" || is_form_of(code, "en")
}

/// Detects languages (built once, shared by the decoding threads).
#[derive(Debug)]
pub struct LanguageReader {
    detector: Detector,
}

impl Default for LanguageReader {
    fn default() -> Self {
        LanguageReader {
            detector: Detector::with_allowlist(COMMON.to_vec()),
        }
    }
}

impl LanguageReader {
    /// The language of a post: the export's `given` cell when it names one, else a reliable
    /// detection of `text`, else unknown.
    #[must_use]
    pub fn read(&self, text: &str, given: Option<&str>) -> Language {
        if let Some(cell) = given {
            let cell = first_listed(cell);
            if !cell.is_empty() && !cell.eq_ignore_ascii_case("und") {
                return Language::Given(cell.to_lowercase().into_boxed_str());
            }
            return Language::Unknown;
        }
        if plainly_english(text) {
            return Language::EnglishWords;
        }
        match self.detect(prefix(text, DETECT_BYTES)) {
            Some((lang, confidence)) if confidence > RELIABLE => Language::Detected {
                code: iso_639_1(lang),
                confidence,
            },
            _ => Language::Unknown,
        }
    }

    /// whatlang's language and confidence for `text` among the 16 common languages, from
    /// [`latin::detect`] when its main script is Latin (the same result, faster).
    #[must_use]
    pub fn detect(&self, text: &str) -> Option<(Lang, f64)> {
        match whatlang::detect_script(text) {
            Some(whatlang::Script::Latin) => latin::detect(text),
            _ => self
                .detector
                .detect(text)
                .map(|info| (info.lang(), info.confidence())),
        }
    }
}

/// Common English words that are not words of the other languages detection chooses among
/// (so not "in", "is", "of", "to", "so", "was", "die", "me", "no", "my"...).
pub const ENGLISH_WORDS: [&str; 30] = [
    "the", "and", "you", "that", "this", "with", "have", "are", "what", "they", "but", "your",
    "just", "will", "would", "there", "their", "been", "from", "it's", "don't", "i'm", "can't",
    "about", "which", "were", "when", "who", "all", "more",
];

/// A post with at least this many distinct [`ENGLISH_WORDS`] is English without running the
/// detector: on benches/language_benchmark.sh's 12,000 labelled texts this catches 61% of the
/// English ones, and 40 of the 10,000 others, nearly all of them English sentences inside the
/// non-English sources; on real posts drawn from tests/data it skips the detector for 65% of
/// them (BENCHMARKS.md).
pub const ENGLISH_WORDS_NEEDED: usize = 2;

/// Whether `text` has [`ENGLISH_WORDS_NEEDED`] distinct [`ENGLISH_WORDS`] (whole words, any
/// case; a typographic apostrophe counts as `'`).
fn plainly_english(text: &str) -> bool {
    let mut found = 0u32;
    for token in text.split(|c: char| !(c.is_ascii_alphabetic() || c == '\'' || c == '\u{2019}')) {
        let token = token.trim_matches(|c| c == '\'' || c == '\u{2019}');
        // Every listed word is 3 to 6 ASCII bytes once the apostrophe is plain: a token is
        // compared as one number (its bytes, zero-padded) with each listed word's.
        let mut word = [0u8; 8];
        let mut len = 0;
        let mut fits = true;
        for c in token.chars() {
            if len == word.len() {
                fits = false;
                break;
            }
            word[len] = if c == '\u{2019}' {
                b'\''
            } else {
                (c as u8).to_ascii_lowercase()
            };
            len += 1;
        }
        if !fits || len < 3 {
            continue;
        }
        let key = u64::from_le_bytes(word);
        if let Some(i) = ENGLISH_KEYS.iter().position(|&k| k == key) {
            found |= 1 << i;
            if found.count_ones() as usize >= ENGLISH_WORDS_NEEDED {
                return true;
            }
        }
    }
    false
}

/// [`ENGLISH_WORDS`], each as its bytes zero-padded to eight, read as a little-endian number.
const ENGLISH_KEYS: [u64; ENGLISH_WORDS.len()] = {
    let mut keys = [0u64; ENGLISH_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        let bytes = ENGLISH_WORDS[i].as_bytes();
        let mut word = [0u8; 8];
        let mut j = 0;
        while j < bytes.len() {
            word[j] = bytes[j];
            j += 1;
        }
        keys[i] = u64::from_le_bytes(word);
        i += 1;
    }
    keys
};

/// Detection reads at most this many bytes of a post: its cost grows with the text, and a
/// tweet-length prefix is as good a sample of a long post's language as the whole.
const DETECT_BYTES: usize = 400;

/// The first `max` bytes of `text`, cut back to a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The two-letter code exports use, for the languages detection chooses among.
fn iso_639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Tur => "tr",
        Lang::Ara => "ar",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Cmn => "zh",
        Lang::Hin => "hi",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`plainly_english`] the plain way: words as strings in a set.
    fn plainly_english_by_strings(text: &str) -> bool {
        let listed: std::collections::HashSet<&str> = ENGLISH_WORDS.into_iter().collect();
        let found: std::collections::HashSet<String> = text
            .replace('\u{2019}', "'")
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
            .map(|t| t.trim_matches('\'').to_ascii_lowercase())
            .filter(|t| listed.contains(t.as_str()))
            .collect();
        found.len() >= ENGLISH_WORDS_NEEDED
    }

    #[test]
    fn the_english_word_rule_equals_a_plain_set_lookup_on_the_rated_texts() {
        let mut texts = crate::model::fixtures::golden_texts();
        texts.extend(
            [
                "THE AND",
                "the the",
                "thee andd",
                "'the' ’and’",
                "the\u{2019}s and",
                "yourself the",
                "the-and",
                "it's DON'T",
                "the\0and",
                "théand the",
                "ÀND the you",
            ]
            .map(str::to_owned),
        );
        let mut english = 0;
        for text in &texts {
            let want = plainly_english_by_strings(text);
            assert_eq!(plainly_english(text), want, "{text:?}");
            english += usize::from(want);
        }
        assert!(
            english > 10_000 && english < texts.len() - 2_000,
            "{english}"
        );
    }

    #[test]
    fn two_english_function_words_make_a_post_english_without_the_detector() {
        for english in [
            "What are you doing",
            "Don\u{2019}t you DARE",
            "'the' and more",
        ] {
            assert!(plainly_english(english), "{english}");
        }
        for other in [
            "The end",
            "Theory andante thereafter",
            "Was ist das? Die Katze",
            "Che fine hai fatto? Ehi, allora",
            "Nie wiem, to jest to",
            "",
        ] {
            assert!(!plainly_english(other), "{other}");
        }
        let reader = LanguageReader::default();
        assert_eq!(
            reader.read("the cat and the dog", None),
            Language::EnglishWords
        );
        // An export's own column still comes first.
        assert_eq!(
            reader.read("the cat and the dog", Some("it")),
            Language::Given("it".into())
        );
    }

    #[test]
    fn the_export_column_wins_and_und_is_unknown() {
        let r = LanguageReader::default();
        assert_eq!(
            r.read("love this movement", Some(" IT ")),
            Language::Given("it".into())
        );
        assert_eq!(r.read("love this movement", Some("und")), Language::Unknown);
        assert_eq!(r.read("ciao", Some("")), Language::Unknown);
    }

    #[test]
    fn bluesky_language_lists_were_taken_whole() {
        // Bluesky's record.langs, as JSON, as Python's repr, and bare.
        let r = LanguageReader::default();
        let it = Language::Given("it".into());
        for cell in [
            r#"["it"]"#,
            r#"["it", "en"]"#,
            "['it']",
            "it,en",
            " [ 'IT' ] ",
        ] {
            assert_eq!(r.read("love this movement", Some(cell)), it, "{cell}");
        }
        assert_eq!(r.read("ciao", Some("[]")), Language::Unknown);
        assert_eq!(r.read("ciao", Some(r#"[""]"#)), Language::Unknown);
    }

    #[test]
    fn long_enough_posts_are_detected_and_english_is_told_apart() {
        let r = LanguageReader::default();
        let it = r.read(
            "Non sono d'accordo con questa telefonata, bisogna stare molto attenti a quello che si dice in pubblico.",
            None,
        );
        assert_eq!(it.code(), "it");
        assert_eq!(it.is_english(), Some(false));
        let en = r.read(
            // No word of ENGLISH_WORDS here: this one goes to the detector.
            "I really do not agree, she should be careful in public; it is a big mistake for her party.",
            None,
        );
        assert_eq!(en.code(), "en");
        assert_eq!(en.is_english(), Some(true));
        assert!(en.confidence().is_some_and(|c| c > 0.0 && c <= 1.0));
        assert_eq!(Language::Unknown.is_english(), None);
        assert_eq!(Language::EnglishWords.is_english(), Some(true));
        assert_eq!(Language::EnglishWords.confidence(), None);
        assert_eq!(Language::Given("en-gb".into()).is_english(), Some(true));
        assert_eq!(Language::Given("eng".into()).is_english(), Some(true));
        assert_eq!(Language::Given("enx".into()).is_english(), Some(false));
        let wanted = ["en".to_owned(), "es".to_owned()];
        assert!(!Language::Given("en-gb".into()).is_other_than(&wanted));
        assert!(Language::Given("it".into()).is_other_than(&wanted));
        assert!(!Language::Unknown.is_other_than(&wanted));
    }

    #[test]
    fn a_long_post_is_read_from_a_prefix_cut_at_a_character_boundary() {
        let text = "é".repeat(300);
        let p = prefix(&text, DETECT_BYTES);
        assert_eq!(p.len(), DETECT_BYTES);
        assert_eq!(prefix("short", DETECT_BYTES), "short");
        assert_eq!(prefix("aé", 2), "a");
    }
}

/// The languages of the posts that count in the tables.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct LanguageMix {
    /// How the languages were read, in words.
    pub source: String,
    /// Posts whose language is known.
    pub known: u64,
    /// Of those, posts in English.
    pub english: u64,
    /// Posts whose language is unknown (no export column and no reliable detection, often
    /// because the post is short).
    pub unknown: u64,
    /// Posts per language, most common first.
    pub by_language: Vec<(String, u64)>,
}

/// Share of non-English posts above which the report warns at the top.
pub const WARN_SHARE: f64 = 0.10;

/// Fewest posts with a known language for a share to be given.
pub const MIN_KNOWN: u64 = 10;

impl LanguageMix {
    /// Count `languages`; `source` says how they were read.
    #[must_use]
    pub fn count<'a>(languages: impl Iterator<Item = &'a Language>, source: String) -> Self {
        let mut counts: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
        let mut mix = LanguageMix {
            source,
            ..LanguageMix::default()
        };
        for l in languages {
            match l.is_english() {
                None => mix.unknown += 1,
                Some(english) => {
                    mix.known += 1;
                    mix.english += u64::from(english);
                    *counts.entry(l.code()).or_insert(0) += 1;
                }
            }
        }
        let mut by: Vec<(String, u64)> =
            counts.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        by.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        mix.by_language = by;
        mix
    }

    /// The share of known-language posts not in English; `None` with fewer than [`MIN_KNOWN`].
    #[must_use]
    pub fn non_english_share(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)] // post counts
        (self.known >= MIN_KNOWN).then(|| (self.known - self.english) as f64 / self.known as f64)
    }

    /// The report's sentence on languages, and whether it is a warning (over [`WARN_SHARE`]).
    #[must_use]
    pub fn sentence(&self) -> (String, bool) {
        let unknown = if self.unknown > 0 {
            format!(
                "; {} without a known language (detection gives no answer when unsure, often on short posts)",
                crate::words::count(self.unknown, "post")
            )
        } else {
            String::new()
        };
        let Some(share) = self.non_english_share() else {
            return (
                format!(
                    "Language: too few posts with a known language to say ({} of {} known{unknown}). Languages: {}.",
                    self.known,
                    self.known + self.unknown,
                    self.source
                ),
                false,
            );
        };
        let others: Vec<String> = self
            .by_language
            .iter()
            .filter(|(code, _)| !is_english_code(code))
            .take(5)
            .map(|(code, n)| {
                #[allow(clippy::cast_precision_loss)]
                let p = *n as f64 / self.known as f64 * 100.0;
                format!("{code} {p:.1}%")
            })
            .collect();
        let warn = share > WARN_SHARE;
        let head = if warn {
            format!(
                "**Language: {:.1}% of the {} posts with a known language are not in English** ({}). VADER scores English only: read the sentiment of these posts with care, or filter them out using the `language` column of `posts.parquet`",
                share * 100.0,
                self.known,
                others.join(", ")
            )
        } else {
            format!(
                "Language: {:.1}% of the {} posts with a known language are in English{}",
                (1.0 - share) * 100.0,
                self.known,
                if others.is_empty() {
                    String::new()
                } else {
                    format!(" (others: {})", others.join(", "))
                }
            )
        };
        (
            format!("{head}{unknown}. Languages: {}.", self.source),
            warn,
        )
    }
}
