//! Duplicates and retweets: exact duplicate texts (the same bytes as an earlier post) and
//! retweets (text starting with `RT @`, or marked by an export column such as twarc's
//! `tweet_type`; a quote tweet is not a retweet) are flagged per post; with `--exclude-duplicates` they
//! are left out of every table and chart (but stay in the per-post outputs, flagged, and are
//! counted in the manifest and the report).

use foldhash::{HashMap, HashMapExt};

use crate::model::Scored;

/// What the duplicate pass found for one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DuplicateFlag {
    /// Line of the first post with exactly the same text, when this one repeats it.
    pub duplicate_of: Option<u64>,
    /// Whether the post is a retweet (text starting with `RT @`, or an export column says so).
    pub retweet: bool,
    /// Whether `--language` leaves the post out (its known language is not one asked for).
    pub other_language: bool,
}

impl DuplicateFlag {
    /// Whether the post counts in the tables and charts.
    #[must_use]
    pub fn included(self, exclude_duplicates: bool) -> bool {
        !(self.other_language || (exclude_duplicates && self.excluded_by_dedup()))
    }

    /// Whether `--exclude-duplicates` leaves this post out.
    #[must_use]
    pub fn excluded_by_dedup(self) -> bool {
        self.duplicate_of.is_some() || self.retweet
    }
}

/// The posts that count in the tables: all of them, less those `--language` leaves out, and with
/// `exclude` those flagged as duplicates or retweets. Borrowed, so leaving posts out holds a
/// pointer per post, not a copy of each (a copy doubled the memory of a run).
#[must_use]
pub fn counted<'a>(
    scored: &'a [Scored],
    flags: &[DuplicateFlag],
    exclude: bool,
) -> Vec<&'a Scored> {
    scored
        .iter()
        .zip(flags)
        .filter(|(_, f)| f.included(exclude))
        .map(|(s, _)| s)
        .collect()
}

/// Flag every post, in input order.
#[must_use]
pub fn flag_duplicates(
    scored: &[Scored],
    marker: Option<crate::ingest::columns::RetweetMarker>,
) -> Vec<DuplicateFlag> {
    // foldhash with a per-process seed: several times faster than SipHash on tweet-length keys.
    let mut first: HashMap<&str, (usize, u64)> = HashMap::with_capacity(scored.len());
    scored
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = s.post.text();
            let (first_i, first_line) = *first.entry(text).or_insert((i, s.post.line));
            DuplicateFlag {
                duplicate_of: (first_i != i).then_some(first_line),
                retweet: text.trim_start().starts_with("RT @")
                    || marker.is_some_and(|m| m.marks(&s.post.fields[m.column])),
                other_language: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::scored;

    fn with_text(line: u64, text: &str) -> Scored {
        let mut s = scored(line, "x", 0.0);
        s.post.fields = vec![text.to_owned()].into();
        s
    }

    #[test]
    fn exact_repeats_point_at_the_first_and_retweets_are_flagged() {
        let posts = [
            with_text(2, "love this"),
            with_text(3, "RT @aoc: love this"),
            with_text(4, "love this"),
            with_text(5, "Love this"),
            with_text(6, "love this"),
        ];
        let flags = flag_duplicates(&posts, None);
        let dup: Vec<Option<u64>> = flags.iter().map(|f| f.duplicate_of).collect();
        assert_eq!(dup, [None, None, Some(2), None, Some(2)]);
        let rt: Vec<bool> = flags.iter().map(|f| f.retweet).collect();
        assert_eq!(rt, [false, true, false, false, false]);
        let excluded = flags.iter().filter(|f| f.excluded_by_dedup()).count();
        assert_eq!(excluded, 3);
    }

    #[test]
    fn leaving_posts_out_borrows_the_rest_instead_of_copying_every_post() {
        // --language or --exclude-duplicates used to clone every counted post, text and all,
        // which doubled a run's memory (1M posts with --language en: 1.27 GB, now 0.84 GB).
        let posts = [
            with_text(2, "love this"),
            with_text(3, "RT @aoc: love this"),
            with_text(4, "love this"),
            with_text(5, "be careful"),
        ];
        let flags = flag_duplicates(&posts, None);
        let kept = counted(&posts, &flags, true);
        let lines: Vec<u64> = kept.iter().map(|s| s.post.line).collect();
        assert_eq!(lines, [2, 5]);
        assert!(std::ptr::eq(kept[0], &posts[0]) && std::ptr::eq(kept[1], &posts[3]));
        assert_eq!(counted(&posts, &flags, false).len(), 4);
    }

    #[test]
    fn a_twarc_export_flags_retweets_by_tweet_type_not_quotes() {
        use crate::ingest::columns::{RetweetMarker, RetweetRule};
        // Issue 14: a twarc export of 3,212 retweets flagged none, as its texts are cut
        // without the `RT @` prefix. Column 1 holds tweet_type.
        let post = |line: u64, text: &str, kind: &str| {
            let mut s = scored(line, "x", 0.0);
            s.post.fields = vec![text.to_owned(), kind.to_owned()].into();
            s
        };
        let posts = [
            post(2, "great news", "retweet"),
            post(3, "my take on it", "quote"),
            post(4, "hello", "original"),
            post(5, "RT @x: hi", "original"),
        ];
        let marker = RetweetMarker {
            column: 1,
            rule: RetweetRule::TypeIsRetweet,
        };
        let flags = flag_duplicates(&posts, Some(marker));
        let rt: Vec<bool> = flags.iter().map(|f| f.retweet).collect();
        assert_eq!(rt, [true, false, false, true]);
    }

    #[test]
    fn id_and_flag_markers() {
        use crate::ingest::columns::{RetweetMarker, RetweetRule};
        let id = RetweetMarker {
            column: 0,
            rule: RetweetRule::IdPresent,
        };
        assert!(id.marks("1095000000000000000"));
        assert!(!id.marks(" "));
        let flag = RetweetMarker {
            column: 0,
            rule: RetweetRule::Flag,
        };
        assert!(flag.marks("True") && flag.marks("1") && !flag.marks("false") && !flag.marks(""));
    }
}
