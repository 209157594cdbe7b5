//! `reactions sample`: the posts a person should label next.
//!
//! - **Diverse:** retweets and near-duplicates are left out (the same words once URLs,
//!   @mentions, case and punctuation are set aside: "Love this!! https://t.co/x" and "love this"
//!   are one post); the first of each kept.
//! - **Spread over the classes:** posts are dealt round-robin from each class the cue rules or
//!   the model give, so a rare class is not drowned by the common one.
//! - **Least confident first** with a model: within a class, the posts the model is least sure
//!   of come first (uncertainty sampling); without one, a seeded shuffle.

use crate::ingest::columns::RetweetMarker;
use crate::model::{Post, Stance};

/// What [`choose`] picked and what it left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Indexes into the posts, in the order to label them.
    pub picks: Vec<usize>,
    /// Retweets left out.
    pub retweets: usize,
    /// Near-duplicates of an earlier post left out.
    pub near_duplicates: usize,
    /// Posts left out because they were listed as already labelled.
    pub already_labelled: usize,
    /// Posts that could be picked (neither of the above).
    pub candidates: usize,
    /// Each class with its candidates and picks, in order of first appearance.
    pub classes: Vec<(String, usize, usize)>,
}

/// The text a near-duplicate shares: lowercase words and numbers, without URLs and @mentions.
#[must_use]
pub fn near_duplicate_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for chunk in text.split_whitespace() {
        let lower = chunk.to_lowercase();
        if super::features::is_url(&lower) || lower.starts_with('@') || lower == "rt" {
            continue;
        }
        let word: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
        if !word.is_empty() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&word);
        }
    }
    key
}

/// Choose up to `n` posts to label from `posts` with the `stances` the rules or a model gave
/// them, leaving out the posts `labelled` marks (labelled in an earlier round). `seed` orders
/// each class when there are no confidences.
#[must_use]
pub fn choose(
    posts: &[Post],
    stances: &[Stance],
    labelled: &dyn Fn(&Post) -> bool,
    marker: Option<RetweetMarker>,
    (n, seed): (usize, u64),
) -> Sample {
    let mut seen = std::collections::HashSet::new();
    let (mut retweets, mut near_duplicates, mut already_labelled) = (0, 0, 0);
    let mut classes: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, (post, stance)) in posts.iter().zip(stances).enumerate() {
        let text = post.text();
        if labelled(post) {
            // Its text still counts as seen: a near-duplicate of it is no news either.
            seen.insert(near_duplicate_key(text));
            already_labelled += 1;
            continue;
        }
        if text.trim_start().starts_with("RT @")
            || marker.is_some_and(|m| m.marks(&post.fields[m.column]))
        {
            retweets += 1;
            continue;
        }
        let key = near_duplicate_key(text);
        if !key.is_empty() && !seen.insert(key) {
            near_duplicates += 1;
            continue;
        }
        match classes.iter_mut().find(|(label, _)| *label == stance.label) {
            Some((_, members)) => members.push(i),
            None => classes.push((stance.label.to_string(), vec![i])),
        }
    }
    let mut rng = crate::rng::SplitMix64::new(seed);
    for (_, members) in &mut classes {
        rng.shuffle(members);
        // Least confident first; the shuffle above breaks ties (and orders posts without one).
        members.sort_by(|&a, &b| {
            let conf = |i: usize| stances[i].confidence.unwrap_or(0.0);
            conf(a).total_cmp(&conf(b))
        });
    }
    let candidates = classes.iter().map(|(_, m)| m.len()).sum();
    let mut picks = Vec::with_capacity(n.min(candidates));
    let mut taken = vec![0usize; classes.len()];
    let mut round = 0;
    while picks.len() < n.min(candidates) {
        for (c, (_, members)) in classes.iter().enumerate() {
            if picks.len() == n {
                break;
            }
            if let Some(&i) = members.get(round) {
                picks.push(i);
                taken[c] += 1;
            }
        }
        round += 1;
    }
    Sample {
        picks,
        retweets,
        near_duplicates,
        already_labelled,
        candidates,
        classes: classes
            .into_iter()
            .zip(taken)
            .map(|((label, members), t)| (label, members.len(), t))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StanceSource;

    fn post(line: u64, text: &str) -> Post {
        Post {
            line,
            fields: vec![text.to_owned()].into(),
            text_index: 0,
            time: None,
            language: crate::language::Language::default(),
            cleaned: None,
        }
    }

    fn stance(label: &str, confidence: Option<f64>) -> Stance {
        Stance {
            label: label.into(),
            source: StanceSource::Model,
            reason: compact_str::CompactString::default(),
            confidence,
        }
    }

    #[test]
    fn near_duplicates_ignore_urls_mentions_case_and_punctuation() {
        assert_eq!(
            near_duplicate_key("@AOC Love this!! https://t.co/x"),
            near_duplicate_key("love THIS")
        );
        assert_ne!(
            near_duplicate_key("love this"),
            near_duplicate_key("love that")
        );
        assert_eq!(near_duplicate_key("RT @aoc: be careful"), "be careful");
    }

    #[test]
    fn picks_skip_retweets_and_repeats_spread_over_classes_least_confident_first() {
        let posts = [
            post(2, "great call"),
            post(3, "Great call!"),
            post(4, "RT @aoc: great call"),
            post(5, "be careful"),
            post(6, "so proud"),
            post(7, "watch out"),
            post(8, "amazing"),
        ];
        let stances = [
            stance("pro", Some(0.9)),
            stance("pro", Some(0.5)),
            stance("pro", Some(0.4)),
            stance("con", Some(0.8)),
            stance("pro", Some(0.6)),
            stance("con", Some(0.55)),
            stance("pro", Some(0.99)),
        ];
        let s = choose(&posts, &stances, &|_| false, None, (4, 1));
        assert_eq!((s.retweets, s.near_duplicates, s.candidates), (1, 1, 5));
        // Round-robin: pro's least confident (line 6, 0.6), con's (line 7, 0.55), then pro's
        // next (line 2, 0.9), con's next (line 5, 0.8).
        let lines: Vec<u64> = s.picks.iter().map(|&i| posts[i].line).collect();
        assert_eq!(lines, [6, 7, 2, 5]);
        assert_eq!(
            s.classes,
            [("pro".to_owned(), 3, 2), ("con".to_owned(), 2, 2)]
        );
        // Asking for more than there are gives every candidate once.
        let all = choose(&posts, &stances, &|_| false, None, (100, 1));
        assert_eq!(all.picks.len(), 5);
        // Posts labelled before are left out, and so are near-duplicates of them.
        let again = choose(&posts, &stances, &|p| p.line == 2, None, (100, 1));
        assert_eq!((again.already_labelled, again.near_duplicates), (1, 1));
        assert_eq!(again.picks.len(), 4);
    }
}
