//! Stance: which side of the story each post takes.
//!
//! Input: a post's text and, when the input has one, its label cell; output: a [`Stance`] with
//! the label, where it came from (`label` or `rules`) and why. A label column wins when present
//! (values trimmed and case-folded, empty cells become `unlabelled`); otherwise the built-in cue
//! rules of [`cues`] decide. Stance never comes from the sentiment score: on labelled stance data
//! VADER's compound barely separates the groups.
//!
//! Left out here: user rule files, trained classifiers and evaluation (a later issue).

pub mod cues;

use crate::model::{Stance, StanceSource, UNLABELLED};
pub use cues::CueRules;

/// The stance given by a label cell from column `column`.
#[must_use]
pub fn from_label(cell: &str, column: &str) -> Stance {
    let label = cell.trim().to_lowercase();
    if label.is_empty() {
        Stance {
            label: UNLABELLED.to_owned(),
            source: StanceSource::Label,
            reason: format!("column '{column}' is empty"),
        }
    } else {
        Stance {
            label,
            source: StanceSource::Label,
            reason: format!("column '{column}'"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_and_case_folded_and_empty_is_unlabelled() {
        assert_eq!(from_label("  Supportive ", "stance").label, "supportive");
        let empty = from_label(" ", "stance");
        assert_eq!(empty.label, UNLABELLED);
        assert_eq!(empty.reason, "column 'stance' is empty");
        assert_eq!(empty.source, StanceSource::Label);
    }
}
