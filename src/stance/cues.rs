//! The built-in cue rules: phrases, hashtags and emoji that mark a post as supportive or
//! cautionary. Matching is case-insensitive and on word boundaries; a stance earlier in the list
//! wins when cues of several stances fire (cautionary first, because warnings are often wrapped
//! in praise: "love you both but be careful"). Posts no cue matches get the fallback label.
//!
//! The lists were written for reaction threads about political announcements; they are a
//! transparent baseline, not a trained model. Read `stance_reason` to see which cue decided.

use crate::model::{Stance, StanceSource, CAUTIONARY, NEUTRAL, SUPPORTIVE};

/// Cues that mark a post as urging caution.
pub const CAUTIONARY_CUES: &[&str] = &[
    "be careful",
    "careful",
    "be wary",
    "wary",
    "caution",
    "cautious",
    "think twice",
    "watch out",
    "red flag",
    "red flags",
    "antisemitism",
    "anti-semitism",
    "antisemitic",
    "anti-semitic",
    "antisemite",
    "antisemites",
    "bad idea",
    "mistake",
    "distance yourself",
    "stay away",
    "bad look",
    "not a good look",
    "concerned",
    "concerning",
    "worried",
    "worrying",
    "problematic",
    "do your homework",
    "do your research",
    "#labourantisemitism",
];

/// Cues that mark a post as supportive.
pub const SUPPORTIVE_CUES: &[&str] = &[
    "love this",
    "love it",
    "love you",
    "love both",
    "yes",
    "hell yes",
    "amazing",
    "incredible",
    "brilliant",
    "fantastic",
    "awesome",
    "inspiring",
    "historic",
    "solidarity",
    "movement",
    "let's go",
    "lets go",
    "so proud",
    "proud",
    "dream team",
    "power couple",
    "across borders",
    "international",
    "thank you",
    "#solidarity",
    "#greennewdeal",
    "#gnd",
    "#jc4pm",
    "#forthemany",
    "🔥",
    "💪",
    "👏",
    "✊",
    "❤️",
    "🙌",
];

/// One stance and the cues that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueStance {
    /// The stance label.
    pub label: String,
    /// Lowercase cue phrases.
    pub cues: Vec<String>,
}

/// An ordered list of cue stances (earlier wins) and the label for posts no cue matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueRules {
    /// Stances in order of precedence.
    pub stances: Vec<CueStance>,
    /// Label when no cue matches.
    pub fallback: String,
}

impl CueRules {
    /// The built-in rules: cautionary, then supportive, else neutral.
    #[must_use]
    pub fn builtin() -> Self {
        let stance = |label: &str, cues: &[&str]| CueStance {
            label: label.to_owned(),
            cues: cues.iter().map(|c| c.to_lowercase()).collect(),
        };
        CueRules {
            stances: vec![
                stance(CAUTIONARY, CAUTIONARY_CUES),
                stance(SUPPORTIVE, SUPPORTIVE_CUES),
            ],
            fallback: NEUTRAL.to_owned(),
        }
    }

    /// The stance of `text`: the first stance with a matching cue, naming every cue of it that
    /// matched; else the fallback.
    #[must_use]
    pub fn classify(&self, text: &str) -> Stance {
        let lower = text.to_lowercase();
        for stance in &self.stances {
            let hits: Vec<&str> = stance
                .cues
                .iter()
                .filter(|c| contains_on_boundaries(&lower, c))
                .map(String::as_str)
                .collect();
            if !hits.is_empty() {
                let quoted: Vec<String> = hits.iter().map(|h| format!("\"{h}\"")).collect();
                return Stance {
                    label: stance.label.clone(),
                    source: StanceSource::Rules,
                    reason: format!("cue {}", quoted.join(", ")),
                };
            }
        }
        Stance {
            label: self.fallback.clone(),
            source: StanceSource::Rules,
            reason: "no cue matched".to_owned(),
        }
    }
}

/// Whether `needle` occurs in `haystack` with no letter or digit right before or after it.
fn contains_on_boundaries(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    haystack.match_indices(needle).any(|(start, m)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + m.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> String {
        CueRules::builtin().classify(text).label
    }

    #[test]
    fn cues_match_on_word_boundaries_only() {
        assert!(contains_on_boundaries("be careful now", "careful"));
        assert!(!contains_on_boundaries("carefully done", "careful"));
        assert!(!contains_on_boundaries("yesterday", "yes"));
        assert!(contains_on_boundaries("yes!!", "yes"));
        assert!(contains_on_boundaries("go #jc4pm.", "#jc4pm"));
        assert!(contains_on_boundaries("🔥🔥🔥", "🔥"));
    }

    #[test]
    fn cautionary_wins_over_supportive_and_names_its_cues() {
        let s = CueRules::builtin()
            .classify("Love you AOC but BE CAREFUL, his antisemitism record is real");
        assert_eq!(s.label, CAUTIONARY);
        assert_eq!(s.source, StanceSource::Rules);
        assert_eq!(
            s.reason,
            "cue \"be careful\", \"careful\", \"antisemitism\""
        );
    }

    #[test]
    fn supportive_and_fallback() {
        assert_eq!(label("An international movement! Let's go ✊"), SUPPORTIVE);
        assert_eq!(label("What time is the call?"), NEUTRAL);
        assert_eq!(CueRules::builtin().classify("ok").reason, "no cue matched");
    }

    #[test]
    fn sentiment_does_not_decide_stance() {
        // Negative words without a cautionary cue are not cautionary, and vice versa.
        assert_eq!(label("This is terrible and awful news"), NEUTRAL);
        assert_eq!(label("Wonderful people, but please be careful"), CAUTIONARY);
    }
}
