//! Column detection: which header holds the text, the id, the author, the time, the stance
//! labels, the parent id and the engagement count.

use crate::config::ColumnChoice;
use crate::error::{Error, Result};
use crate::model::{
    ANALYSIS_COLUMNS, FLAG_COLUMNS, LANGUAGE_COLUMNS, POSTED_AT, SCORE_COLUMNS,
    SENTIMENT_MODEL_COLUMNS, SOURCE_LINE, THREAD_COLUMNS,
};

/// How a role finds its column when no flag names it: known names in order of preference
/// (compared without case, `_`, `.`, `-` or spaces, so `likeCount` matches `like_count`), then
/// name parts in order (a header containing the part, never an id-like one for roles that are
/// not ids).
pub struct Role {
    /// The role in words, for notes.
    pub what: &'static str,
    /// Known names, most preferred first.
    pub names: &'static [&'static str],
    /// Name parts tried when no known name is present.
    pub parts: &'static [&'static str],
    /// Whether the role holds ids, so a part may match an id-like column.
    pub ids: bool,
    /// Whether a known name may be the last part of a dotted name, as `pandas.json_normalize`
    /// writes nested API fields (`snippet.topLevelComment.snippet.textOriginal`). Not for the
    /// post's id: `account.id` is another thing's id.
    pub nested: bool,
}

/// The post text: plain text before HTML (`textOriginal` before `textDisplay`).
pub const TEXT: Role = Role {
    what: "text",
    names: &[
        "text",
        "full_text",
        "body",
        "comment_body",
        "textOriginal",
        "textDisplay",
        "content",
        "message",
        "tweet",
        "tweet_text",
        "record.text",
        "comment",
        "post",
    ],
    parts: &["text", "body", "comment", "content", "message", "tweet"],
    ids: false,
    nested: true,
};
/// The post id.
pub const ID: Role = Role {
    what: "id",
    names: &[
        "id",
        "id_str",
        "post_id",
        "tweet_id",
        "comment_id",
        "status_id",
        "uri",
        "cid",
    ],
    parts: &[],
    ids: true,
    nested: false,
};
/// The author: a handle (`screen_name`, `username`) before a display name.
pub const AUTHOR: Role = Role {
    what: "author",
    names: &[
        "username",
        "screen_name",
        "user_screen_name",
        "author.username",
        "user_handle",
        "handle",
        "account.acct",
        "author.handle",
        "author",
        "comment_author_name",
        "author_name",
        "authorDisplayName",
        "user",
        "user_name",
        "account",
        "name",
    ],
    parts: &["author", "screen_name", "username", "handle", "user"],
    ids: false,
    nested: true,
};
/// The posting time.
pub const TIME: Role = Role {
    what: "time",
    names: &[
        "timestamp",
        "created_at",
        "created_utc",
        "tweet_created",
        "comment_posted_time",
        "record.createdAt",
        "created",
        "posted_at",
        "published_at",
        "datetime",
        "date",
        "time",
    ],
    parts: &[
        "created",
        "timestamp",
        "published",
        "posted",
        "datetime",
        "date",
        "time",
    ],
    ids: false,
    nested: true,
};
/// Hand-made stance labels.
pub const STANCE: Role = Role {
    what: "stance labels",
    names: &["stance", "stance_label", "label"],
    parts: &[],
    ids: false,
    nested: true,
};
/// The id of the post replied to.
pub const PARENT: Role = Role {
    what: "reply-to id",
    names: &[
        "parent_id",
        "comment_parent_id",
        "reply_to",
        "in_reply_to",
        "in_reply_to_status_id",
        "in_reply_to_id",
        "referenced_tweets.replied_to.id",
        "parent",
    ],
    parts: &["parent", "in_reply_to", "replied_to"],
    ids: true,
    nested: true,
};
/// Likes or another engagement count.
pub const LIKES: Role = Role {
    what: "likes",
    names: &[
        "likes",
        "like_count",
        "public_metrics.like_count",
        "favorite_count",
        "favourite_count",
        "favourites_count",
        "upvotes",
        "score",
        "comment_score",
        "engagement",
        "votes",
    ],
    parts: &["like", "favorite", "favourite", "upvote", "score"],
    ids: false,
    nested: true,
};

/// How an export marks a retweet in a column of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetweetRule {
    /// twarc's `tweet_type`: `retweet` (a `quote` is not one).
    TypeIsRetweet,
    /// The id of the retweeted post, empty for others (twarc2 `referenced_tweets.retweeted.id`,
    /// `retweeted_status_id`).
    IdPresent,
    /// A flag such as `is_retweet`: true, 1 or yes.
    Flag,
}

/// Columns that mark retweets, with their rule, most specific first.
const RETWEET_MARKERS: &[(&str, RetweetRule)] = &[
    ("referenced_tweets.retweeted.id", RetweetRule::IdPresent),
    ("retweeted_status_id", RetweetRule::IdPresent),
    ("retweeted_status.id", RetweetRule::IdPresent),
    ("retweeted_status_id_str", RetweetRule::IdPresent),
    ("is_retweet", RetweetRule::Flag),
    ("tweet_type", RetweetRule::TypeIsRetweet),
];

/// A column that marks retweets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetweetMarker {
    /// Its index in the header row.
    pub column: usize,
    /// How it marks one.
    pub rule: RetweetRule,
}

impl RetweetMarker {
    /// Whether the row's cell in this column marks a retweet.
    #[must_use]
    pub fn marks(&self, cell: &str) -> bool {
        let cell = cell.trim();
        match self.rule {
            RetweetRule::TypeIsRetweet => cell.eq_ignore_ascii_case("retweet"),
            RetweetRule::IdPresent => {
                !cell.is_empty() && cell != "0" && !cell.eq_ignore_ascii_case("nan")
            }
            RetweetRule::Flag => ["true", "1", "yes", "y", "t"]
                .iter()
                .any(|t| cell.eq_ignore_ascii_case(t)),
        }
    }
}

/// How the note on the columns chosen starts (`evaluate` puts its own in its place).
pub const NOTE_PREFIX: &str = "columns used: ";

/// Whether a header row looks like data rather than names: some cell is a number, or holds
/// four or more words (a post, as headerless dumps such as Sentiment140 start with).
fn looks_like_data(headers: &[String]) -> bool {
    headers.iter().any(|h| {
        let h = h.trim();
        (!h.is_empty() && h.parse::<f64>().is_ok()) || h.split_whitespace().count() >= 4
    })
}

/// A header name compared without case and without `_`, `.`, `-` and spaces.
fn normalised(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '.' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a header names an id (`author_id`, `parentId`, `id_str`): compared on its letters
/// and digits only, lower-cased.
pub(crate) fn id_like(header: &str) -> bool {
    let name: String = header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect();
    name.ends_with("id") || name.ends_with("idstr")
}

/// How a column was chosen, for the note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Named with its flag.
    Flag,
    /// A known name.
    Name,
    /// A known name after the last `.` of a dotted name.
    NestedName,
    /// Its name contains this part.
    Part(&'static str),
    /// Its name contains this part, and of this many such columns its cells are the longest in
    /// the first rows.
    Longest(&'static str, usize),
    /// Its first cells read as times, and most of those of this column, found by its name, do
    /// not.
    Readable(usize),
}

/// One level of `--by`: a column's values, or the thread roots (`--by root`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The values of the column at this index.
    Column(usize),
    /// The root of each post's thread, from the reply-to and id columns.
    Root,
}

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
    /// The groupings (`--by`), in the order given.
    pub by: [Option<By>; crate::config::MAX_BY],
    /// A column that marks retweets, when the export has one.
    pub retweet: Option<RetweetMarker>,
    /// The export's language column (twarc's `lang`), when it has one.
    pub language: Option<usize>,
}

/// Find the recognised columns in `headers`, honouring explicit choices.
///
/// # Errors
/// [`Error::UnknownColumn`] when a named column is missing, [`Error::NoTextColumn`] when no text
/// column is named or found.
#[cfg(test)]
pub fn map_columns(headers: &[String], choice: &ColumnChoice, path: &str) -> Result<ColumnMap> {
    Ok(find_columns(headers, &[], &[], choice, path)?.0)
}

/// The recognised columns, honouring explicit choices, with a note listing each role, the column
/// chosen and why, and the roles not found. `cell_lengths` is the mean length of each column's
/// cells in the first rows (empty when there are none): where several columns' names could make
/// them the text, the longest wins. `time_share` is the share of each column's non-empty cells
/// in the first rows that read as times (empty when unknown): a time column found by its name
/// whose cells mostly do not read gives way to another time-named column whose cells do.
///
/// # Errors
/// [`Error::UnknownColumn`] when a named column is missing, [`Error::NoTextColumn`] when no text
/// column is named or found.
pub fn find_columns(
    headers: &[String],
    cell_lengths: &[f64],
    time_share: &[f64],
    choice: &ColumnChoice,
    path: &str,
) -> Result<(ColumnMap, String)> {
    let found = || headers.join(", ");
    let normal: Vec<String> = headers.iter().map(|h| normalised(h)).collect();
    let mut taken = vec![false; headers.len()];
    let roles: [(&Role, &Option<String>, &'static str); 7] = [
        (&TEXT, &choice.text, "--text-column"),
        (&ID, &choice.id, "--id-column"),
        (&AUTHOR, &choice.author, "--author-column"),
        (&TIME, &choice.time, "--time-column"),
        (&STANCE, &choice.stance, "--stance-column"),
        (&PARENT, &choice.parent, "--parent-column"),
        (&LIKES, &choice.likes, "--likes-column"),
    ];
    let mut chosen: [Option<(usize, Why)>; 7] = [None; 7];
    // Flags and known names first, for every role; name parts only for what is still missing,
    // among the columns no role has taken.
    for (k, (role, given, flag)) in roles.iter().enumerate() {
        chosen[k] = match given {
            Some(name) => Some((
                position(headers, name).ok_or_else(|| Error::UnknownColumn {
                    path: path.to_owned(),
                    flag,
                    name: name.clone(),
                    found: found(),
                })?,
                Why::Flag,
            )),
            // A name as written (without case) before one that only matches once `_`, `.`
            // and `-` are dropped: twarc's `user_name` is the display name, and must not pass
            // for `username` while `user_screen_name`, the handle, is there.
            None => known_name(role, headers, &normal, &taken),
        };
        if let Some((i, _)) = chosen[k] {
            taken[i] = true;
        }
    }
    for (k, (role, _, _)) in roles.iter().enumerate() {
        if chosen[k].is_some() {
            continue;
        }
        let candidates = part_candidates(role, headers, &normal, &taken);
        chosen[k] = if k == 0 && candidates.len() > 1 {
            // Several columns could be the text: the one with the longest cells wins (the
            // earlier part on a tie).
            let mean = |i: usize| cell_lengths.get(i).copied().unwrap_or(0.0);
            candidates
                .iter()
                .fold(None, |best: Option<(usize, &str)>, &(i, part)| match best {
                    Some((b, _)) if mean(b) >= mean(i) => best,
                    _ => Some((i, part)),
                })
                .map(|(i, part)| (i, Why::Longest(part, candidates.len())))
        } else {
            candidates.first().map(|&(i, part)| (i, Why::Part(part)))
        };
        if let Some((i, _)) = chosen[k] {
            taken[i] = true;
        }
    }
    readable_time(headers, &normal, time_share, &mut taken, &mut chosen[3]);
    let text = chosen[0]
        .map(|(i, _)| i)
        .ok_or_else(|| Error::NoTextColumn {
            path: path.to_owned(),
            found: found(),
            hint: if looks_like_data(headers) {
                "its first line looks like a row of posts, not column names (a number, or a cell of several words): add a header line naming the columns, e.g. for Sentiment140 `target,ids,date,flag,user,text`, then pass --text-column NAME if it is not found".to_owned()
            } else {
                "pass --text-column NAME".to_owned()
            },
        })?;
    let weight = match &choice.weight {
        Some(name) => Some(
            weight_column(headers, name, chosen[6].map(|(i, _)| i)).ok_or_else(|| {
                Error::UnknownColumn {
                    path: path.to_owned(),
                    flag: "--weight",
                    name: name.clone(),
                    found: found(),
                }
            })?,
        ),
        None => None,
    };
    if choice.by.len() > crate::config::MAX_BY {
        return Err(Error::Usage(format!(
            "--by is given {} times; give it once, or twice for a two-level table",
            choice.by.len()
        )));
    }
    let mut by = [None; crate::config::MAX_BY];
    for (slot, name) in by.iter_mut().zip(&choice.by) {
        *slot = Some(match position(headers, name) {
            Some(i) => By::Column(i),
            None if name.trim().eq_ignore_ascii_case("root") => {
                if chosen[1].is_none() || chosen[5].is_none() {
                    return Err(Error::Usage(format!(
                        "--by root groups posts by the root of their thread, which needs an id column and a reply-to column; {path} has {} (pass --id-column and --parent-column)",
                        match (chosen[1].is_some(), chosen[5].is_some()) {
                            (false, false) => "neither",
                            (false, true) => "no id column",
                            _ => "no reply-to column",
                        }
                    )));
                }
                By::Root
            }
            None => {
                return Err(Error::UnknownColumn {
                    path: path.to_owned(),
                    flag: "--by",
                    name: name.clone(),
                    found: found() + ", or root (the thread roots)",
                })
            }
        });
    }
    if by[0].is_some() && by[0] == by[1] {
        return Err(Error::Usage(format!(
            "--by names {} twice; give two different groupings for a two-level table",
            match by[0] {
                Some(By::Column(i)) => format!("the column '{}'", headers[i]),
                _ => "root".to_owned(),
            }
        )));
    }
    let at = |k: usize| chosen[k].map(|(i, _)| i);
    let time = at(3);
    let map = ColumnMap {
        text,
        id: at(1),
        author: at(2),
        time,
        time_of_day: time.and_then(|t| time_of_day(headers, t)),
        stance: at(4),
        parent: at(5),
        likes: at(6),
        weight,
        by,
        // Bluesky's `record.langs` holds a list (`["en"]`): its first language counts.
        language: ["lang", "language", "record.langs", "langs"]
            .iter()
            .find_map(|n| {
                let n = normalised(n);
                normal.iter().position(|h| *h == n)
            })
            .filter(|i| !taken[*i]),
        retweet: RETWEET_MARKERS.iter().find_map(|(name, rule)| {
            let n = normalised(name);
            normal
                .iter()
                .position(|h| *h == n)
                .map(|column| RetweetMarker {
                    column,
                    rule: *rule,
                })
        }),
    };
    let mut said = Vec::new();
    let mut missing = Vec::new();
    for (k, (role, _, _)) in roles.iter().enumerate() {
        match chosen[k] {
            Some((i, why)) => said.push(format!(
                "{} '{}' ({})",
                role.what,
                headers[i],
                match why {
                    Why::Flag => "named by its flag".to_owned(),
                    Why::Name => "a known name".to_owned(),
                    Why::NestedName => "a known name after its last '.'".to_owned(),
                    Why::Part(p) => format!("its name contains '{p}'"),
                    Why::Longest(p, n) => format!(
                        "its name contains '{p}', and its cells are the longest of the {n} columns whose names could be the text's"
                    ),
                    Why::Readable(other) => format!(
                        "its cells read as times, and most of those of '{}' do not",
                        headers[other]
                    ),
                }
            )),
            None => missing.push(role.what),
        }
    }
    let mut note = format!("{NOTE_PREFIX}{}", said.join(", "));
    if let Some(t) = map.time_of_day {
        note.push_str(&format!(", time of day '{}' (beside the date)", headers[t]));
    }
    if let Some(l) = map.language {
        note.push_str(&format!(", languages from '{}'", headers[l]));
    }
    if let Some(r) = map.retweet {
        note.push_str(&format!(
            ", retweets marked by '{}' (as well as text starting with RT @)",
            headers[r.column]
        ));
    }
    if !missing.is_empty() {
        note.push_str(&format!("; not found: {}", missing.join(", ")));
    }
    Ok((map, note))
}

/// Replace a time column found by its name whose first cells mostly do not read (\"10 months
/// ago\") by the time-named column whose cells read best, when at least half of them do:
/// youtube-comment-downloader writes `time` as it shows on the page and `time_parsed` as Unix
/// seconds.
fn readable_time(
    headers: &[String],
    normal: &[String],
    time_share: &[f64],
    taken: &mut [bool],
    chosen: &mut Option<(usize, Why)>,
) {
    let Some((t, why)) = *chosen else { return };
    let share = |i: usize| time_share.get(i).copied().unwrap_or(0.0);
    if matches!(why, Why::Flag) || time_share.is_empty() || share(t) >= 0.5 {
        return;
    }
    let named = TIME
        .names
        .iter()
        .filter_map(|n| normal.iter().position(|h| *h == normalised(n)))
        .filter(|&i| !taken[i]);
    let parts = part_candidates(&TIME, headers, normal, taken)
        .into_iter()
        .map(|(i, _)| i);
    let best = named
        .chain(parts)
        .fold(None, |best: Option<usize>, i| match best {
            Some(b) if share(b) >= share(i) => best,
            _ => Some(i),
        });
    if let Some(b) = best.filter(|&b| share(b) >= 0.5) {
        taken[t] = false;
        taken[b] = true;
        *chosen = Some((b, Why::Readable(t)));
    }
}

/// The first column not yet taken that has one of the role's names: compared without case,
/// then without case and separators, then (for a [`Role::nested`] role) as the last part of a
/// dotted name.
fn known_name(
    role: &Role,
    headers: &[String],
    normal: &[String],
    taken: &[bool],
) -> Option<(usize, Why)> {
    let free = |i: &usize| !taken[*i];
    role.names
        .iter()
        .find_map(|n| {
            headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(n))
                .filter(free)
        })
        .or_else(|| {
            role.names.iter().find_map(|n| {
                let n = normalised(n);
                normal.iter().position(|h| *h == n).filter(free)
            })
        })
        .map(|i| (i, Why::Name))
        .or_else(|| {
            role.nested.then(|| {
                role.names.iter().find_map(|n| {
                    let n = normalised(n);
                    headers
                        .iter()
                        .position(|h| {
                            h.rsplit_once('.')
                                .is_some_and(|(_, last)| normalised(last) == n)
                        })
                        .filter(free)
                        .map(|i| (i, Why::NestedName))
                })
            })?
        })
}

/// The columns a role's name parts match, in the order of its parts (then of the columns),
/// each once: not taken by another role, and not id-like unless the role holds ids.
fn part_candidates(
    role: &Role,
    headers: &[String],
    normal: &[String],
    taken: &[bool],
) -> Vec<(usize, &'static str)> {
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    for part in role.parts {
        let p = normalised(part);
        for (i, h) in normal.iter().enumerate() {
            if !taken[i]
                && h.contains(&p)
                && (role.ids || !id_like(&headers[i]))
                && !found.iter().any(|&(f, _)| f == i)
            {
                found.push((i, part));
            }
        }
    }
    found
}

/// The `--weight` column: the one named, else the likes column when the name is `likes` (or
/// another known likes name) and the file calls it something else (`like_count`).
fn weight_column(headers: &[String], name: &str, likes: Option<usize>) -> Option<usize> {
    position(headers, name).or_else(|| {
        let n = normalised(name);
        LIKES
            .names
            .iter()
            .any(|l| normalised(l) == n)
            .then_some(likes)
            .flatten()
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
    [
        format!("{stem}time"),
        format!("{stem}hour"),
        "time".to_owned(),
    ]
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
        .chain(LANGUAGE_COLUMNS.iter())
        .chain(FLAG_COLUMNS.iter())
        .chain(THREAD_COLUMNS.iter())
        .chain(SENTIMENT_MODEL_COLUMNS.iter())
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

    #[test]
    fn a_handle_is_preferred_to_a_display_name() {
        let h = names(&["name", "authorDisplayName", "text", "user_screen_name"]);
        let m = map_columns(&h, &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!(m.author, Some(3));
    }

    #[test]
    fn names_match_without_case_or_separators() {
        let h = names(&["Like-Count", "Text", "PUBLISHED AT"]);
        let m = map_columns(&h, &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!((m.likes, m.text, m.time), (Some(0), 1, Some(2)));
    }

    #[test]
    fn name_parts_never_take_an_id_column_for_text_or_likes() {
        // `comment_id` contains `comment` and `like_id` contains `like`: both are ids.
        let h = names(&[
            "comment_id",
            "like_id",
            "the_comment_words",
            "parent_comment_id",
        ]);
        let (m, note) = find_columns(&h, &[], &[], &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!(m.text, 2);
        assert_eq!(m.likes, None);
        assert_eq!(m.id, Some(0));
        // The reply-to role takes an id by its part.
        assert_eq!(m.parent, Some(3));
        assert!(
            note.contains("reply-to id 'parent_comment_id' (its name contains 'parent')"),
            "{note}"
        );
    }

    #[test]
    fn the_longest_cells_choose_among_text_candidates_and_a_tie_keeps_the_part_order() {
        let h = names(&["text_language", "comment_content", "n"]);
        let pick = |lengths: &[f64]| {
            find_columns(&h, lengths, &[], &ColumnChoice::default(), "x.csv")
                .unwrap()
                .0
                .text
        };
        assert_eq!(pick(&[2.0, 60.0, 1.0]), 1);
        assert_eq!(pick(&[60.0, 2.0, 1.0]), 0);
        assert_eq!(pick(&[5.0, 5.0, 1.0]), 0);
        // No rows: the part order alone.
        assert_eq!(pick(&[]), 0);
        // A known name is never overruled by a longer candidate.
        let h = names(&["text", "comment_content"]);
        let m = find_columns(&h, &[2.0, 60.0], &[], &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!(m.0.text, 0);
    }

    #[test]
    fn a_column_taken_by_one_role_is_not_taken_by_another() {
        // `score` is a known likes name; the text role must not take it by a part.
        let h = names(&["score", "body"]);
        let m = map_columns(&h, &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!((m.text, m.likes), (1, Some(0)));
    }

    #[test]
    fn a_date_column_beside_a_time_column_is_read_with_it() {
        let h = names(&["date", "time", "text"]);
        let m = map_columns(&h, &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!((m.time, m.time_of_day), (Some(0), Some(1)));
        let h = names(&["created_at", "time", "text"]);
        let m = map_columns(&h, &ColumnChoice::default(), "x.csv").unwrap();
        assert_eq!((m.time, m.time_of_day), (Some(0), None));
    }

    #[test]
    fn a_time_column_whose_cells_do_not_read_gives_way_to_one_whose_cells_do() {
        // youtube-comment-downloader: `time` is "10 months ago", `time_parsed` Unix seconds.
        let h = names(&["cid", "text", "time", "author", "votes", "time_parsed"]);
        let pick = |share: &[f64]| {
            let (m, note) =
                find_columns(&h, &[], share, &ColumnChoice::default(), "x.csv").unwrap();
            (m.time, note)
        };
        let (time, note) = pick(&[0.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
        assert_eq!(time, Some(5));
        assert!(
            note.contains(
                "time 'time_parsed' (its cells read as times, and most of those of 'time' do not)"
            ),
            "{note}"
        );
        // Half read: the known name stays; so it does when no other column reads better.
        assert_eq!(pick(&[0.0, 0.0, 0.5, 0.0, 0.0, 1.0]).0, Some(2));
        assert_eq!(pick(&[0.0, 0.0, 0.1, 0.0, 0.0, 0.4]).0, Some(2));
        assert_eq!(pick(&[]).0, Some(2));
        // A column named by its flag is never replaced.
        let choice = ColumnChoice {
            time: Some("time".into()),
            ..ColumnChoice::default()
        };
        let m = find_columns(&h, &[], &[0.0, 0.0, 0.0, 0.0, 0.0, 1.0], &choice, "x.csv").unwrap();
        assert_eq!(m.0.time, Some(2));
    }
}
