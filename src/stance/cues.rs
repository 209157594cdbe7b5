//! Cue rules: phrases, hashtags and emoji that mark a post's stance, read from a TOML rules file
//! (`--stance-rules FILE`) or the built-in defaults ([`DEFAULT_RULES`], the documented file
//! `src/stance/default_rules.toml`, printed by `reactions rules`).
//!
//! Matching is case-insensitive and on word boundaries; a cue with a negation among the three
//! words before it does not count; when cues of several stances match, the highest priority
//! wins, then the most matching cues, then file order. Posts no cue matches get the fallback
//! label. Rules are a transparent baseline, not a trained model: `stance_reason` names the cues.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{Stance, StanceSource};

/// The built-in rules file (cautionary, then supportive, else neutral), with its documentation.
pub const DEFAULT_RULES: &str = include_str!("default_rules.toml");

/// The rules file format version this build reads.
pub const RULES_VERSION: u32 = 1;

/// How many words before a cue are searched for a negation.
pub const NEGATION_WINDOW: usize = 3;

/// Words that negate a cue after them (besides any word ending in `n't`).
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nothing", "nor", "neither", "without", "hardly", "rarely",
    "seldom", "cannot", "aint", "arent", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt",
    "hasnt", "havent", "isnt", "mightnt", "mustnt", "neednt", "shouldnt", "wasnt", "werent",
    "wont", "wouldnt",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    version: u32,
    fallback: Option<String>,
    #[serde(default)]
    stance: Vec<StanceBlock>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StanceBlock {
    label: String,
    #[serde(default)]
    priority: i64,
    #[serde(default)]
    cues: Vec<String>,
    #[serde(default)]
    hashtags: Vec<String>,
}

/// One stance and the cues that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueStance {
    /// The stance label.
    pub label: String,
    /// Higher wins when cues of several stances match.
    pub priority: i64,
    /// Lowercase cue phrases; hashtags keep their leading `#`.
    pub cues: Vec<String>,
}

/// The start of `stance_reason` for a post no cue matched.
pub const NO_CUE: &str = "no cue matched";

/// The most a rules file may hold (tens of thousands of cues).
pub const MAX_RULES_BYTES: u64 = 4 << 20;

/// The longest cue: a word or a short phrase. Longer cues make the matcher slow to build
/// (a 50 KB cue took 33 s) and match nothing a post would say.
pub const MAX_CUE_BYTES: usize = 200;

/// Stances in file order and the label for posts no cue matches.
#[derive(Debug, Clone)]
pub struct CueRules {
    /// Stances in file order.
    pub stances: Vec<CueStance>,
    /// Label when no cue matches.
    pub fallback: String,
    /// One automaton over every distinct cue, so a post is scanned once whatever the number of
    /// cues.
    matcher: aho_corasick::AhoCorasick,
    /// The matcher's pattern id of each cue, by stance then cue (a cue listed under two stances
    /// is one pattern).
    cue_ids: Vec<Vec<usize>>,
}

impl PartialEq for CueRules {
    fn eq(&self, other: &Self) -> bool {
        self.stances == other.stances && self.fallback == other.fallback
    }
}

impl CueRules {
    /// The built-in rules ([`DEFAULT_RULES`]).
    ///
    /// # Panics
    /// Never in a released build: the embedded file is parsed by a unit test.
    #[must_use]
    pub fn builtin() -> Self {
        match Self::parse(DEFAULT_RULES, "built-in rules") {
            Ok(rules) => rules,
            Err(e) => unreachable!("the built-in rules parse (unit-tested): {e}"),
        }
    }

    /// Read a rules file.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read, [`Error::Rules`] when it is malformed.
    pub fn load(path: &Path) -> Result<Self> {
        let (name, text) = crate::ingest::read_text(path, "a rules file", MAX_RULES_BYTES)?;
        Self::parse(&text, &name)
    }

    /// Parse rules from TOML text; `path` names the source in errors.
    ///
    /// # Errors
    /// [`Error::Rules`] naming the line and column of a syntax error, an unknown field, an
    /// unsupported version, or an empty or duplicate label or cue.
    pub fn parse(text: &str, path: &str) -> Result<Self> {
        let fail = |message: String| Error::Rules {
            path: path.to_owned(),
            message,
        };
        let file: RulesFile = toml::from_str(text).map_err(|e| fail(toml_message(&e, text)))?;
        if file.version != RULES_VERSION {
            return Err(fail(format!(
                "rules file version {} is not supported; this reactions reads version {RULES_VERSION} (see `reactions rules`)",
                file.version
            )));
        }
        let fallback = file.fallback.unwrap_or_else(|| "neutral".to_owned());
        let fallback = fallback.trim().to_lowercase();
        if fallback.is_empty() {
            return Err(fail(
                "`fallback` is empty; name a label such as \"neutral\"".into(),
            ));
        }
        if file.stance.is_empty() {
            return Err(fail(
                "no [[stance]] blocks; add at least one with a label and cues (see `reactions rules`)"
                    .into(),
            ));
        }
        let mut stances: Vec<CueStance> = Vec::new();
        for block in file.stance {
            let label = block.label.trim().to_lowercase();
            if label.is_empty() {
                return Err(fail("a [[stance]] block has an empty label".into()));
            }
            if label == fallback || stances.iter().any(|s| s.label == label) {
                return Err(fail(format!(
                    "the label \"{label}\" is used twice (as a stance or as the fallback)"
                )));
            }
            let mut cues: Vec<String> =
                block.cues.iter().map(|c| c.trim().to_lowercase()).collect();
            cues.extend(block.hashtags.iter().map(|h| {
                let tag = h.trim().trim_start_matches('#').to_lowercase();
                if tag.is_empty() {
                    String::new()
                } else {
                    format!("#{tag}")
                }
            }));
            if let Some(long) = cues.iter().find(|c| c.len() > MAX_CUE_BYTES) {
                return Err(fail(format!(
                    "stance \"{label}\" has a cue of {} bytes (starting \"{}\"); a cue is a word or short phrase of at most {MAX_CUE_BYTES} bytes",
                    long.len(),
                    long.chars().take(40).collect::<String>()
                )));
            }
            if cues.iter().any(String::is_empty) {
                return Err(fail(format!(
                    "stance \"{label}\" has an empty cue or hashtag"
                )));
            }
            if cues.is_empty() {
                return Err(fail(format!(
                    "stance \"{label}\" has no cues or hashtags; add some or remove the block"
                )));
            }
            stances.push(CueStance {
                label,
                priority: block.priority,
                cues,
            });
        }
        let mut patterns: Vec<&str> = Vec::new();
        let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let cue_ids: Vec<Vec<usize>> = stances
            .iter()
            .map(|stance| {
                stance
                    .cues
                    .iter()
                    .map(|cue| {
                        *ids.entry(cue.as_str()).or_insert_with(|| {
                            patterns.push(cue);
                            patterns.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let matcher = aho_corasick::AhoCorasick::new(&patterns)
            .map_err(|e| fail(format!("cannot build the cue matcher: {e}")))?;
        Ok(CueRules {
            stances,
            fallback,
            matcher,
            cue_ids,
        })
    }

    /// The cues whose words VADER's lexicon scores, in file order, each written `cue` when the
    /// cue is one such word and `cue (word, ...)` otherwise. A post picked by such a cue carries
    /// that word's sentiment.
    #[must_use]
    pub fn scored_cues(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for cue in self.stances.iter().flat_map(|s| &s.cues) {
            let words = crate::sentiment::scored_words(cue.trim_start_matches('#'));
            let shown = match words.as_slice() {
                [] => continue,
                [one] if one == cue => cue.clone(),
                _ => format!("{cue} ({})", words.join(", ")),
            };
            if !out.contains(&shown) {
                out.push(shown);
            }
        }
        out
    }

    /// Every label these rules can give, stances in file order then the fallback.
    #[cfg(test)]
    fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self.stances.iter().map(|s| s.label.clone()).collect();
        labels.push(self.fallback.clone());
        labels
    }

    /// The stance of `text` and the cues that decided it.
    #[must_use]
    pub fn classify(&self, text: &str) -> Stance {
        let lower = text.to_lowercase().replace('\u{2019}', "'");
        // How each distinct cue occurs, from one scan of the text.
        let mut found = vec![CueMatch::Absent; self.matcher.patterns_len()];
        for m in self.matcher.find_overlapping_iter(&lower) {
            let id = m.pattern().as_usize();
            if found[id] != CueMatch::Counted {
                match occurrence(&lower, m.start(), m.end()) {
                    CueMatch::Absent => {}
                    how => found[id] = how,
                }
            }
        }
        let mut negated: Vec<&str> = Vec::new();
        // (index in file order, matching cues in file order)
        let mut matched: Vec<(usize, Vec<&str>)> = Vec::new();
        for (i, stance) in self.stances.iter().enumerate() {
            let mut hits = Vec::new();
            for (cue, &id) in stance.cues.iter().zip(&self.cue_ids[i]) {
                match found[id] {
                    CueMatch::Counted => hits.push(cue.as_str()),
                    CueMatch::Negated => negated.push(cue.as_str()),
                    CueMatch::Absent => {}
                }
            }
            if !hits.is_empty() {
                matched.push((i, hits));
            }
        }
        let best = matched.iter().min_by_key(|(i, hits)| {
            (
                std::cmp::Reverse(self.stances[*i].priority),
                std::cmp::Reverse(hits.len()),
                *i,
            )
        });
        let Some((winner, hits)) = best else {
            let reason = if negated.is_empty() {
                NO_CUE.to_owned()
            } else {
                format!("{NO_CUE} (negated: {})", quoted(&negated))
            };
            return Stance {
                label: self.fallback.as_str().into(),
                source: StanceSource::Rules,
                reason: reason.into(),
                confidence: None,
            };
        };
        let mut reason = format!("cue {}", quoted(hits));
        for (i, others) in &matched {
            if i != winner {
                reason.push_str(&format!(
                    "; outranked: {} {}",
                    self.stances[*i].label,
                    quoted(others)
                ));
            }
        }
        Stance {
            label: self.stances[*winner].label.as_str().into(),
            source: StanceSource::Rules,
            reason: reason.into(),
            confidence: None,
        }
    }
}

fn quoted(cues: &[&str]) -> String {
    cues.iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A TOML error as one line: the parser's message with its line and column.
fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim().to_owned();
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

/// How a cue occurs in a lowercase text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueMatch {
    /// At least one occurrence on word boundaries without a negation before it.
    Counted,
    /// Only occurrences under a negation.
    Negated,
    /// No occurrence on word boundaries.
    Absent,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How the occurrence at `start..end` of `haystack` counts: `Absent` when it is not on word
/// boundaries, `Negated` under a negation, else `Counted`.
fn occurrence(haystack: &str, start: usize, end: usize) -> CueMatch {
    let before = haystack[..start].chars().next_back();
    let after = haystack[end..].chars().next();
    if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
        CueMatch::Absent
    } else if negated(&haystack[..start]) {
        CueMatch::Negated
    } else {
        CueMatch::Counted
    }
}

/// Whether `needle` occurs in `haystack` on word boundaries, and whether every such occurrence
/// has a negation among the [`NEGATION_WINDOW`] words before it (the one-cue form of what
/// [`CueRules::classify`] finds in one scan).
#[cfg(test)]
fn find_cue(haystack: &str, needle: &str) -> CueMatch {
    if needle.is_empty() {
        return CueMatch::Absent;
    }
    let mut result = CueMatch::Absent;
    for (start, m) in haystack.match_indices(needle) {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + m.len()..].chars().next();
        if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
            continue;
        }
        if negated(&haystack[..start]) {
            result = CueMatch::Negated;
        } else {
            return CueMatch::Counted;
        }
    }
    result
}

/// Whether one of the last [`NEGATION_WINDOW`] words of `prefix` is a negation.
fn negated(prefix: &str) -> bool {
    prefix
        .split(|c: char| !(is_word_char(c) || c == '\''))
        .filter(|w| !w.trim_matches('\'').is_empty())
        .rev()
        .take(NEGATION_WINDOW)
        .any(|w| {
            let w = w.trim_matches('\'');
            w.ends_with("n't") || NEGATIONS.contains(&w)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CAUTIONARY, NEUTRAL, SUPPORTIVE};

    #[test]
    fn cues_that_vader_scores_are_listed_with_their_scored_words() {
        // vader_lexicon.txt has "careful" (0.6), "love" (3.2) and "fire" (-1.4, what VADER
        // reads for 🔥); it has no "across", "borders" or "movement".
        let rules = CueRules::parse(
            "version = 1\n[[stance]]\nlabel = \"a\"\ncues = [\"careful\", \"love this\", \"🔥\", \"across borders\"]\nhashtags = [\"movement\"]\n",
            "r.toml",
        )
        .unwrap();
        assert_eq!(
            rules.scored_cues(),
            ["careful", "love this (love)", "🔥 (fire)"]
        );
    }

    #[test]
    fn a_hundred_thousand_cues_share_patterns_across_stances() {
        // Every cue is listed under both stances: one pattern each, and the higher priority wins.
        let cues: Vec<String> = (0..100_000).map(|i| format!("\"cue{i} word\"")).collect();
        let list = cues.join(",");
        let text = format!(
            "version = 1\n[[stance]]\nlabel = \"a\"\npriority = 2\ncues = [{list}]\n[[stance]]\nlabel = \"b\"\ncues = [{list}]\n"
        );
        let rules = CueRules::parse(&text, "big.toml").unwrap();
        assert_eq!(rules.matcher.patterns_len(), 100_000);
        assert_eq!(rules.cue_ids[0], rules.cue_ids[1]);
        assert_eq!(rules.classify("so cue99999 word here").label, "a");
        assert_eq!(rules.classify("cue99999").label, "neutral");
    }

    #[test]
    fn a_cue_longer_than_the_limit_is_refused() {
        let long = "a".repeat(MAX_CUE_BYTES + 1);
        let text = format!("version = 1\n[[stance]]\nlabel = \"a\"\ncues = [\"{long}\"]\n");
        let err = CueRules::parse(&text, "r.toml").unwrap_err().to_string();
        assert!(err.contains("has a cue of 201 bytes"), "{err}");
        let ok = "a".repeat(MAX_CUE_BYTES);
        let text = format!("version = 1\n[[stance]]\nlabel = \"a\"\ncues = [\"{ok}\"]\n");
        assert!(CueRules::parse(&text, "r.toml").is_ok());
    }

    fn label(text: &str) -> String {
        CueRules::builtin().classify(text).label.to_string()
    }

    fn counted(haystack: &str, needle: &str) -> bool {
        find_cue(haystack, needle) == CueMatch::Counted
    }

    #[test]
    fn the_builtin_file_parses_into_two_stances_and_a_fallback() {
        let rules = CueRules::builtin();
        assert_eq!(rules.labels(), [CAUTIONARY, SUPPORTIVE, NEUTRAL]);
        assert!(rules.stances[0]
            .cues
            .contains(&"#labourantisemitism".to_owned()));
        assert!(rules.stances[1].cues.contains(&"✊".to_owned()));
        assert_eq!(rules.stances[0].priority, 2);
    }

    #[test]
    fn cues_match_on_word_boundaries_only() {
        assert!(counted("be careful now", "careful"));
        assert!(!counted("carefully done", "careful"));
        assert!(!counted("yesterday", "yes"));
        assert!(counted("yes!!", "yes"));
        assert!(counted("go #jc4pm.", "#jc4pm"));
        assert!(!counted("x#jc4pm", "#jc4pm"));
        assert!(!counted("go #jc4pmnow", "#jc4pm"));
        assert!(counted("🔥🔥🔥", "🔥"));
    }

    #[test]
    fn a_negation_in_the_three_words_before_a_cue_cancels_it() {
        assert_eq!(
            find_cue("not a movement i'd join", "movement"),
            CueMatch::Negated
        );
        assert_eq!(
            find_cue("no red flags here", "red flags"),
            CueMatch::Negated
        );
        assert_eq!(
            find_cue("i don't love this", "love this"),
            CueMatch::Negated
        );
        assert_eq!(
            find_cue("i dont really love this", "love this"),
            CueMatch::Negated
        );
        // Four words back is outside the window.
        assert_eq!(
            find_cue("never said that we love this", "love this"),
            CueMatch::Counted
        );
        // One un-negated occurrence is enough.
        assert_eq!(
            find_cue("not historic? it is historic", "historic"),
            CueMatch::Counted
        );
        assert_eq!(label("Not a movement I'd join"), NEUTRAL);
        assert_eq!(
            CueRules::builtin().classify("no red flags at all").reason,
            "no cue matched (negated: \"red flags\")"
        );
    }

    #[test]
    fn cautionary_outranks_supportive_and_the_reason_says_so() {
        let s = CueRules::builtin()
            .classify("Love you AOC but BE CAREFUL, his antisemitism record is real");
        assert_eq!(s.label, CAUTIONARY);
        assert_eq!(s.source, StanceSource::Rules);
        assert_eq!(
            s.reason,
            "cue \"be careful\", \"careful\", \"antisemitism\"; outranked: supportive \"love you\""
        );
    }

    #[test]
    fn equal_priorities_go_to_more_cues_then_file_order() {
        let rules = CueRules::parse(
            "version = 1\n[[stance]]\nlabel = \"a\"\ncues = [\"x\"]\n\
             [[stance]]\nlabel = \"b\"\ncues = [\"y\", \"z\"]\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(rules.classify("x y z").label, "b");
        assert_eq!(rules.classify("x y").label, "a");
        assert_eq!(rules.classify("nothing here at all").label, "neutral");
    }

    /// The stance the rules give when each cue is searched on its own (the definition the
    /// one-scan matcher must agree with).
    fn one_cue_at_a_time(rules: &CueRules, text: &str) -> String {
        let lower = text.to_lowercase().replace('\u{2019}', "'");
        let mut best: Option<(i64, usize, usize)> = None;
        for (i, stance) in rules.stances.iter().enumerate() {
            let hits = stance
                .cues
                .iter()
                .filter(|c| find_cue(&lower, c) == CueMatch::Counted)
                .count();
            if hits > 0 {
                let key = (stance.priority, hits, usize::MAX - i);
                if best.is_none_or(|b| key > b) {
                    best = Some(key);
                }
            }
        }
        match best {
            Some((_, _, i)) => rules.stances[usize::MAX - i].label.clone(),
            None => rules.fallback.clone(),
        }
    }

    #[test]
    fn the_one_scan_matcher_agrees_with_searching_each_cue_alone() {
        let rules = CueRules::builtin();
        let mut reader = csv::Reader::from_path("datasets/aoc_corbyn_reactions.csv").unwrap();
        let mut texts: Vec<String> = reader.records().map(|r| r.unwrap()[3].to_owned()).collect();
        texts.extend(
            [
                "no red flags, not worried, love this",
                "careful careful carefully",
                "yes yes! not yes",
                "#GND#gnd #gnd",
                "🔥🔥 don't 🔥",
                "Love you both but BE CAREFUL",
                "",
            ]
            .map(str::to_owned),
        );
        assert!(texts.len() > 200);
        for t in &texts {
            assert_eq!(rules.classify(t).label, one_cue_at_a_time(&rules, t), "{t}");
        }
    }

    #[test]
    fn sentiment_does_not_decide_stance() {
        assert_eq!(label("This is terrible and awful news"), NEUTRAL);
        assert_eq!(label("Wonderful people, but please be careful"), CAUTIONARY);
        assert_eq!(label("An international movement! Let's go ✊"), SUPPORTIVE);
    }

    #[test]
    fn malformed_files_name_the_problem_and_where() {
        let err = |text: &str| CueRules::parse(text, "r.toml").unwrap_err().to_string();
        assert!(
            err("version = 1\n[[stance]]\nlabel = \"a\"\ncues = [\"x\"\n")
                .starts_with("r.toml: line 4")
        );
        assert!(err("version = 2\n").contains("version 2 is not supported"));
        assert!(err("version = 1\n").contains("no [[stance]] blocks"));
        assert!(
            err("version = 1\n[[stance]]\nlabel = \"a\"\nqueues = [\"x\"]\n")
                .contains("unknown field `queues`")
        );
        assert!(err("version = 1\n[[stance]]\nlabel = \"a\"\n").contains("has no cues"));
        assert!(err(
            "version = 1\n[[stance]]\nlabel = \"a\"\ncues=[\"x\"]\n[[stance]]\nlabel = \"A\"\ncues=[\"y\"]\n"
        )
        .contains("used twice"));
        assert!(
            err("version = 1\nfallback = \"a\"\n[[stance]]\nlabel = \"a\"\ncues=[\"x\"]\n")
                .contains("used twice")
        );
        assert!(
            err("version = 1\n[[stance]]\nlabel = \"a\"\ncues=[\" \"]\n").contains("empty cue")
        );
    }
}
