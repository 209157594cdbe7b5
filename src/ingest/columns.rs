//! Column detection: which header holds the text, the id, the author, the time, the stance
//! labels, the parent id and the engagement count.

use crate::config::ColumnChoice;
use crate::error::{Error, Result};
use crate::model::{ANALYSIS_COLUMNS, FLAG_COLUMNS, POSTED_AT, SCORE_COLUMNS, SOURCE_LINE};

/// Header names tried for the text column, in order of preference.
pub const TEXT_NAMES: &[&str] = &[
    "text",
    "body",
    "content",
    "message",
    "tweet",
    "full_text",
    "comment",
    "post",
];
/// Header names tried for the id column.
pub const ID_NAMES: &[&str] = &["id", "post_id", "tweet_id", "comment_id", "status_id"];
/// Header names tried for the author column.
pub const AUTHOR_NAMES: &[&str] = &[
    "author",
    "user",
    "username",
    "user_name",
    "screen_name",
    "handle",
    "account",
];
/// Header names tried for the time column.
pub const TIME_NAMES: &[&str] = &[
    "timestamp",
    "created_at",
    "created_utc",
    "created",
    "posted_at",
    "published_at",
    "datetime",
    "date",
    "time",
];
/// Header names tried for the stance label column.
pub const STANCE_NAMES: &[&str] = &["stance", "stance_label", "label"];
/// Header names tried for the parent (reply-to) column.
pub const PARENT_NAMES: &[&str] = &[
    "parent_id",
    "reply_to",
    "in_reply_to",
    "in_reply_to_status_id",
    "parent",
];
/// Header names tried for the engagement column.
pub const LIKES_NAMES: &[&str] = &[
    "likes",
    "like_count",
    "favorite_count",
    "favourite_count",
    "upvotes",
    "score",
    "engagement",
];

/// Indexes of the recognised columns in the header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnMap {
    /// The post text (always present).
    pub text: usize,
    /// Post id.
    pub id: Option<usize>,
    /// Author.
    pub author: Option<usize>,
    /// Posting time (or date, with `time_of_day`).
    pub time: Option<usize>,
    /// The time of day, when date and time are separate columns (`date` + `time`).
    pub time_of_day: Option<usize>,
    /// Stance labels.
    pub stance: Option<usize>,
    /// Parent id.
    pub parent: Option<usize>,
    /// Engagement count.
    pub likes: Option<usize>,
    /// The column to weight by (`--weight`), when asked for.
    pub weight: Option<usize>,
}

/// Find the recognised columns in `headers`, honouring explicit choices.
///
/// # Errors
/// [`Error::UnknownColumn`] when a named column is missing, [`Error::NoTextColumn`] when no text
/// column is named or found.
pub fn map_columns(headers: &[String], choice: &ColumnChoice, path: &str) -> Result<ColumnMap> {
    let found = || headers.join(", ");
    let pick = |given: &Option<String>,
                flag: &'static str,
                names: &[&str]|
     -> Result<Option<usize>> {
        match given {
            Some(name) => position(headers, name)
                .map(Some)
                .ok_or_else(|| Error::UnknownColumn {
                    path: path.to_owned(),
                    flag,
                    name: name.clone(),
                    found: found(),
                }),
            None => Ok(names.iter().find_map(|n| position(headers, n))),
        }
    };
    let text =
        pick(&choice.text, "--text-column", TEXT_NAMES)?.ok_or_else(|| Error::NoTextColumn {
            path: path.to_owned(),
            found: found(),
        })?;
    let time = pick(&choice.time, "--time-column", TIME_NAMES)?;
    Ok(ColumnMap {
        text,
        id: pick(&choice.id, "--id-column", ID_NAMES)?,
        author: pick(&choice.author, "--author-column", AUTHOR_NAMES)?,
        time,
        time_of_day: time.and_then(|t| time_of_day(headers, t)),
        stance: pick(&choice.stance, "--stance-column", STANCE_NAMES)?,
        parent: pick(&choice.parent, "--parent-column", PARENT_NAMES)?,
        likes: pick(&choice.likes, "--likes-column", LIKES_NAMES)?,
        weight: pick(&choice.weight, "--weight", &[])?,
    })
}

/// The column holding the time of day when the time column holds only the date: a `date` column
/// beside a `time` (or `hour`) column, as some exports and spreadsheets write them.
fn time_of_day(headers: &[String], time: usize) -> Option<usize> {
    let name = headers[time].trim().to_lowercase();
    if name != "date" && !name.ends_with("_date") {
        return None;
    }
    let stem = name.strip_suffix("date").unwrap_or_default();
    [format!("{stem}time"), format!("{stem}hour"), "time".to_owned()]
        .iter()
        .find_map(|n| position(headers, n))
        .filter(|&i| i != time)
}

/// Header lookup, white space trimmed: an exact name first, else the first column whose name
/// matches ignoring case (so `Stance` finds `Stance`, not an earlier `stance`).
pub fn position(headers: &[String], name: &str) -> Option<usize> {
    let name = name.trim();
    headers.iter().position(|h| h.trim() == name).or_else(|| {
        let name = name.to_lowercase();
        headers.iter().position(|h| h.trim().to_lowercase() == name)
    })
}

/// The names input columns get in our outputs: unchanged, except that a name we add ourselves
/// (`compound`, `stance`, ...) is prefixed with `input_` so both survive. The comparison ignores
/// case, as every column lookup does: an input `Stance` beside our `stance` would otherwise be
/// found in its place. Linear in the number of columns.
#[must_use]
pub fn output_names(headers: &[String]) -> Vec<String> {
    let ours: std::collections::HashSet<String> = SCORE_COLUMNS
        .iter()
        .chain(ANALYSIS_COLUMNS.iter())
        .chain(FLAG_COLUMNS.iter())
        .chain([SOURCE_LINE, POSTED_AT].iter())
        .map(|s| s.to_lowercase())
        .collect();
    let mut taken: std::collections::HashSet<String> =
        std::collections::HashSet::with_capacity(headers.len());
    headers
        .iter()
        .map(|h| {
            let mut name = h.clone();
            let mut key = name.to_lowercase();
            while ours.contains(&key) || taken.contains(&key) {
                name = format!("input_{name}");
                key = name.to_lowercase();
            }
            taken.insert(key);
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn detects_columns_by_name_case_insensitively() {
        let h = names(&["ID", "User", "Created_At", "Body", "Label", "likes"]);
        let m = map_columns(&h, &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!(m.text, 3);
        assert_eq!(m.id, Some(0));
        assert_eq!(m.author, Some(1));
        assert_eq!(m.time, Some(2));
        assert_eq!(m.stance, Some(4));
        assert_eq!(m.likes, Some(5));
        assert_eq!(m.parent, None);
    }

    #[test]
    fn earlier_candidate_name_wins_over_earlier_column() {
        // `text` is preferred to `comment` even though `comment` comes first in the file.
        let h = names(&["comment", "text"]);
        let m = map_columns(&h, &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!(m.text, 1);
    }

    #[test]
    fn missing_text_column_lists_what_was_found() {
        let h = names(&["id", "when"]);
        let err = map_columns(&h, &ColumnChoice::default(), "posts.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no text column in posts.csv; found: id, when; pass --text-column NAME"
        );
    }

    #[test]
    fn explicit_column_must_exist() {
        let h = names(&["id", "body"]);
        let choice = ColumnChoice {
            text: Some("msg".into()),
            ..ColumnChoice::default()
        };
        let err = map_columns(&h, &choice, "posts.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--text-column msg: no such column in posts.csv; found: id, body"
        );
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn clashing_input_names_are_prefixed() {
        let h = names(&["text", "compound", "input_compound", "stance"]);
        assert_eq!(
            output_names(&h),
            names(&[
                "text",
                "input_compound",
                "input_input_compound",
                "input_stance"
            ])
        );
    }

    #[test]
    fn an_exact_column_name_wins_over_a_case_insensitive_match() {
        let h = names(&["stance", "Stance", "TEXT"]);
        assert_eq!(position(&h, "Stance"), Some(1));
        assert_eq!(position(&h, "stance"), Some(0));
        assert_eq!(position(&h, " STANCE "), Some(0));
        assert_eq!(position(&h, "text"), Some(2));
        assert_eq!(position(&h, "label"), None);
    }

    #[test]
    fn input_stance_differing_only_in_case_is_renamed_like_an_exact_clash() {
        // P-Stance and SemEval files have `Stance`; kept as is, a case-insensitive lookup of
        // `stance` found it instead of ours.
        let h = names(&["Tweet", "Stance", "COMPOUND", "Input_Stance"]);
        assert_eq!(
            output_names(&h),
            names(&[
                "Tweet",
                "input_Stance",
                "input_COMPOUND",
                "input_Input_Stance"
            ])
        );
    }
}
