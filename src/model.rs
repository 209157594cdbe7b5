//! The domain values that flow between stages: posts, VADER scores, sentiment classes, stance
//! assignments, and the names of the columns we add to the per-post output.
//!
//! Stance labels are plain strings (the user's label set or the cue file decides them); only the
//! defaults are named here.

use chrono::{DateTime, Utc};
use compact_str::CompactString;

/// Default stance for posts that support the story.
pub const SUPPORTIVE: &str = "supportive";
/// Default stance for posts that urge caution.
pub const CAUTIONARY: &str = "cautionary";
/// Default stance for everything else.
pub const NEUTRAL: &str = "neutral";
/// Stance of a post whose label cell is empty when stance comes from a label column.
pub const UNLABELLED: &str = "unlabelled";
/// Name of the row that summarises all posts in the summary table.
pub const ALL: &str = "all";

/// Columns that `reactions` adds to the per-post output, in output order.
pub const SCORE_COLUMNS: [&str; 4] = ["neg", "neu", "pos", "compound"];
/// Columns added by `analyze` after the scores, in output order.
pub const ANALYSIS_COLUMNS: [&str; 5] = [
    "sentiment",
    "stance",
    "stance_source",
    "stance_reason",
    "stance_confidence",
];
/// Columns added by `analyze` after the stance: the post's language (ISO 639-1, empty when
/// unknown) and detection's confidence (empty when the export gave the language).
pub const LANGUAGE_COLUMNS: [&str; 2] = ["language", "language_confidence"];
/// Columns added by `analyze` after the language: the duplicate flags and whether the post counts
/// in the tables.
pub const FLAG_COLUMNS: [&str; 3] = ["duplicate_of_line", "retweet", "included"];
/// Columns added by `analyze` last when threads are followed (an id and a reply-to column): the
/// id of the post's thread root, and its depth below it (0 for a root).
pub const THREAD_COLUMNS: [&str; 2] = ["root_id", "depth"];
/// Columns added by `analyze` last with `--sentiment-model`: where `sentiment` came from
/// (`model`), the model's probability for it, and VADER's own class.
pub const SENTIMENT_MODEL_COLUMNS: [&str; 3] = [
    "sentiment_source",
    "sentiment_confidence",
    "vader_sentiment",
];
/// Column with the 1-based line where the post starts in the input.
pub const SOURCE_LINE: &str = "source_line";
/// Column with the parsed timestamp (UTC), present when a time column was found.
pub const POSTED_AT: &str = "posted_at";

/// The fields of one row, in one buffer (a million posts are a million of these: one allocation
/// for the text and one for the field ends, instead of one per field).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields {
    buf: Box<str>,
    ends: Box<[u32]>,
}

impl Fields {
    /// The number of fields.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no fields.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The field at `index`.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        self.buf.get(start..end)
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The fields of `joined` (every field's text, back to back) that end at `ends`; `None`
    /// unless the ends rise, fall on character boundaries, fit in `u32` and the last is
    /// `joined.len()` (an empty `ends` needs an empty `joined`).
    #[must_use]
    pub fn from_joined(joined: &str, ends: impl IntoIterator<Item = usize>) -> Option<Self> {
        let mut last = 0;
        let ends = ends
            .into_iter()
            .map(|end| {
                let ok = end >= last && joined.is_char_boundary(end);
                last = end;
                ok.then(|| u32::try_from(end).ok()).flatten()
            })
            .collect::<Option<Box<[u32]>>>()?;
        (last == joined.len()).then(|| Fields {
            buf: joined.into(),
            ends,
        })
    }
}

impl std::ops::Index<usize> for Fields {
    type Output = str;
    fn index(&self, index: usize) -> &str {
        self.get(index)
            .unwrap_or_else(|| panic!("field {index} of a row with {} fields", self.len()))
    }
}

impl<'a> FromIterator<&'a str> for Fields {
    /// # Panics
    /// When a row holds 4 GiB or more (the csv reader refuses such rows long before).
    fn from_iter<I: IntoIterator<Item = &'a str>>(fields: I) -> Self {
        let mut buf = String::new();
        let mut ends = Vec::new();
        for f in fields {
            buf.push_str(f);
            ends.push(u32::try_from(buf.len()).unwrap_or_else(|_| panic!("a row of 4 GiB")));
        }
        Fields {
            buf: buf.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }
}

impl From<Vec<String>> for Fields {
    fn from(fields: Vec<String>) -> Self {
        fields.iter().map(String::as_str).collect()
    }
}

/// One usable input row.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// 1-based line in the input where the row starts.
    pub line: u64,
    /// Every field of the row, in header order, as read.
    pub fields: Fields,
    /// Index of the text field in `fields`.
    pub text_index: usize,
    /// The parsed timestamp, when the input has a time column and the cell parsed.
    pub time: Option<DateTime<Utc>>,
    /// The post's language (from the export's column, or detected), when read.
    pub language: crate::language::Language,
    /// The text without its HTML tags and entities, when it had any (see
    /// [`crate::ingest::markup`]); what is scored and shown in place of the field.
    pub cleaned: Option<Box<str>>,
}

impl Post {
    /// The post text as scored: the text field without its markup (tags and entities), or
    /// byte-for-byte as in the input when it has none or `--keep-markup` is given.
    #[must_use]
    pub fn text(&self) -> &str {
        self.cleaned
            .as_deref()
            .unwrap_or(&self.fields[self.text_index])
    }

    /// The field at `index`, if the column exists.
    #[must_use]
    pub fn field(&self, index: Option<usize>) -> Option<&str> {
        index.and_then(|i| self.fields.get(i))
    }
}

/// VADER's four numbers for one text, as vaderSentiment 3.3.2 rounds them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Share of negative sentiment (3 decimals).
    pub neg: f64,
    /// Share of neutral sentiment (3 decimals).
    pub neu: f64,
    /// Share of positive sentiment (3 decimals).
    pub pos: f64,
    /// Normalised overall score in [-1, 1] (4 decimals).
    pub compound: f64,
}

/// The three-way sentiment class derived from `compound` and the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sentiment {
    /// `compound >= threshold`.
    Positive,
    /// Between the thresholds.
    Neutral,
    /// `compound <= -threshold`.
    Negative,
}

impl Sentiment {
    /// All classes, in display order.
    pub const ALL: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

    /// The lowercase name used in outputs.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        }
    }
}

/// Where a post's stance came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StanceSource {
    /// A label column in the input.
    Label,
    /// Cue-phrase rules.
    Rules,
    /// A trained classifier.
    Model,
}

impl StanceSource {
    /// All sources, in the order frames list them.
    pub const ALL: [StanceSource; 3] = [
        StanceSource::Label,
        StanceSource::Rules,
        StanceSource::Model,
    ];

    /// The name used in the `stance_source` column.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            StanceSource::Label => "label",
            StanceSource::Rules => "rules",
            StanceSource::Model => "model",
        }
    }
}

/// The stance given to one post and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Stance {
    /// The stance label (held inline up to 24 bytes: no allocation per post).
    pub label: CompactString,
    /// Which method gave it.
    pub source: StanceSource,
    /// A short human-readable reason: the cue that fired, or the label column's name (inline
    /// up to 24 bytes).
    pub reason: CompactString,
    /// The classifier's probability for the label (only when `source` is `Model`).
    pub confidence: Option<f64>,
}

/// A post with what the per-post stages found.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The post as read.
    pub post: Post,
    /// VADER's numbers.
    pub scores: Scores,
    /// The class of `scores.compound` under the thresholds.
    pub sentiment: Sentiment,
    /// The stance and why.
    pub stance: Stance,
}

/// Test fixtures shared by the stage modules' unit tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{Post, Scored, Scores, Sentiment, Stance, StanceSource};

    /// The rows of VADER's 23,703 human-rated texts with vaderSentiment 3.3.2's scores
    /// (`tests/data/vader_golden_3.3.2.csv`: corpus, id, human_mean, text, neg, neu, pos,
    /// compound).
    pub(crate) fn golden_records() -> Vec<csv::StringRecord> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/vader_golden_3.3.2.csv"
        );
        csv::Reader::from_path(path)
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    }

    /// The texts of [`golden_records`].
    pub(crate) fn golden_texts() -> Vec<String> {
        golden_records().iter().map(|r| r[3].to_owned()).collect()
    }

    /// A scored post on `line` with the given stance and compound; its text is
    /// `post on line N`.
    pub(crate) fn scored(line: u64, stance: &str, compound: f64) -> Scored {
        Scored {
            post: Post {
                line,
                fields: vec![format!("post on line {line}")].into(),
                text_index: 0,
                time: None,
                language: crate::language::Language::Unknown,
                cleaned: None,
            },
            scores: Scores {
                neg: 0.0,
                neu: 1.0,
                pos: 0.0,
                compound,
            },
            sentiment: Sentiment::Neutral,
            stance: Stance {
                label: stance.into(),
                source: StanceSource::Label,
                reason: compact_str::CompactString::default(),
                confidence: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Fields;

    #[test]
    fn fields_from_a_joined_row_check_their_ends() {
        let f = Fields::from_joined("idcafé", [2, 7]).unwrap();
        assert_eq!(f.iter().collect::<Vec<_>>(), ["id", "café"]);
        assert_eq!(
            Fields::from_joined("a", [0, 1])
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            ["", "a"]
        );
        assert!(Fields::from_joined("", []).is_some());
        // Inside a character, falling, short of the end, or past it: refused.
        assert!(Fields::from_joined("idcafé", [2, 6, 7]).is_none());
        assert!(Fields::from_joined("abc", [2, 1, 3]).is_none());
        assert!(Fields::from_joined("abc", [1, 2]).is_none());
        assert!(Fields::from_joined("abc", [1, 4]).is_none());
        assert!(Fields::from_joined("abc", []).is_none());
    }
}
