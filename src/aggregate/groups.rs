//! Groups (`--by COLUMN`, once or twice): each stance summarised within each group (platform,
//! source post, airline, ...), and the groups compared within each stance with the tests of
//! [`super::compare`].
//!
//! - A group is a value of the column (cells are trimmed; an empty cell is the group
//!   [`EMPTY`]); with two columns, a pair of values.
//! - Groups are listed largest first. Past [`MAX_LISTED`] groups the smaller ones are pooled
//!   into one row, [`OTHERS`], so a column with thousands of values (authors) stays readable.
//! - Per group x stance (and the group's `all` row): posts, share within the group, mean
//!   compound with its 95% t interval, median, and the sentiment shares, computed as in the
//!   summary.
//! - Within each stance (and across all posts), the groups with at least
//!   [`MIN_POSTS_TESTED`] posts of that stance, the [`MAX_TESTED`] largest of them, are compared
//!   pairwise and each against the others pooled ([`super::compare::compare_stances`]). Smaller
//!   groups are listed but not tested.

use std::collections::HashMap;

use super::class_index;
use super::compare::{self, Comparison, MIN_POSTS_FOR_VERDICT};
use super::interval::{mean_with_ci95, quantile};
use crate::model::{Scored, ALL};

/// The group of an empty cell.
pub const EMPTY: &str = "(empty)";
/// The row that pools the groups past [`MAX_LISTED`].
pub const OTHERS: &str = "(other groups)";
/// Most groups listed one by one.
pub const MAX_LISTED: usize = 50;
/// Most groups compared within one stance (the largest), so the pairs stay readable.
pub const MAX_TESTED: usize = 6;
/// Fewest posts of a stance a group needs to be compared within that stance.
pub const MIN_POSTS_TESTED: u64 = MIN_POSTS_FOR_VERDICT;

/// One row: a stance (or `all`) within a group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The group's value in the first `--by` column.
    pub group: String,
    /// Its value in the second `--by` column (empty with one).
    pub subgroup: String,
    /// The stance, or `all`.
    pub stance: String,
    /// Posts of the stance in the group.
    pub posts: u64,
    /// Share of the group's posts, 0..=1.
    pub share: f64,
    /// Mean compound.
    pub mean: f64,
    /// The 95% t interval of the mean (`None` under 2 posts).
    pub ci: Option<(f64, f64)>,
    /// Median compound.
    pub median: f64,
    /// Shares positive, neutral, negative.
    pub sentiment: [f64; 3],
    /// Whether this row's posts were compared with other groups of the stance.
    pub tested: bool,
}

/// A comparison of two groups (or one group and the others pooled) within a stance.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupComparison {
    /// The stance, or `all`.
    pub stance: String,
    /// The comparison; its `a` and `b` are group labels (see [`GroupRow`]), or
    /// [`compare::REST`].
    pub comparison: Comparison,
}

/// The grouped tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    /// The `--by` column names (output names), one or two.
    pub columns: Vec<String>,
    /// Distinct groups in the posts counted.
    pub distinct: usize,
    /// Groups pooled into [`OTHERS`] (0 when every group is listed).
    pub pooled: usize,
    /// Rows: per group (largest first), its stances in display order, then `all`.
    pub rows: Vec<GroupRow>,
    /// Comparisons between groups within each stance, then across all posts.
    pub comparisons: Vec<GroupComparison>,
}

/// A group's label in comparisons and charts: its value, or both values joined by ` / `.
#[must_use]
pub fn label(group: &str, subgroup: &str) -> String {
    if subgroup.is_empty() {
        group.to_owned()
    } else {
        format!("{group} / {subgroup}")
    }
}

/// Per-stance compounds and sentiment counts of one group.
#[derive(Default)]
struct Acc {
    /// Compound values per stance (by index in the order), in post order.
    values: Vec<Vec<f64>>,
    /// Sentiment counts per stance: positive, neutral, negative.
    classes: Vec<[u64; 3]>,
    posts: u64,
}

impl Acc {
    fn new(stances: usize) -> Self {
        Acc {
            values: vec![Vec::new(); stances],
            classes: vec![[0; 3]; stances],
            posts: 0,
        }
    }

    fn merge(&mut self, other: Acc) {
        for (v, o) in self.values.iter_mut().zip(other.values) {
            v.extend(o);
        }
        for (c, o) in self.classes.iter_mut().zip(other.classes) {
            for k in 0..3 {
                c[k] += o[k];
            }
        }
        self.posts += other.posts;
    }
}

/// The row of one stance's posts in a group.
fn row(
    group: &(String, String),
    stance: &str,
    values: &[f64],
    classes: [u64; 3],
    total: u64,
) -> GroupRow {
    let n = values.len() as u64;
    #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
    let (nf, tf) = (n as f64, total as f64);
    let (mean, ci) = mean_with_ci95(values);
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let shares = classes.map(|c| if n == 0 { 0.0 } else { c as f64 / nf });
    GroupRow {
        group: group.0.clone(),
        subgroup: group.1.clone(),
        stance: stance.to_owned(),
        posts: n,
        share: if total == 0 { 0.0 } else { nf / tf },
        mean,
        ci,
        median: quantile(&sorted, 0.5),
        sentiment: shares,
        tested: false,
    }
}

/// Group the counted posts, each given with its group's values (the second `None` with one
/// level; `names` are the levels' column names), and compare the groups within each stance of
/// `order`.
#[must_use]
pub fn groups<'a>(
    counted: impl Iterator<Item = (&'a Scored, [Option<&'a str>; 2])>,
    names: Vec<String>,
    order: &[String],
    resamples: usize,
    seed: u64,
) -> Groups {
    let two = names.len() > 1;
    let value = |v: Option<&str>| -> String {
        match v.map(str::trim) {
            None => String::new(),
            Some("") => EMPTY.to_owned(),
            Some(v) => v.to_owned(),
        }
    };
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut accs: Vec<Acc> = Vec::new();
    for (s, [first, second]) in counted {
        let Some(st) = order.iter().position(|o| *o == s.stance.label) else {
            continue;
        };
        let key = (
            value(first),
            if two { value(second) } else { String::new() },
        );
        let g = *index.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            accs.push(Acc::new(order.len()));
            accs.len() - 1
        });
        let acc = &mut accs[g];
        acc.values[st].push(s.scores.compound);
        acc.classes[st][class_index(s.sentiment)] += 1;
        acc.posts += 1;
    }
    let distinct = keys.len();
    // Largest first, then by value.
    let mut ranked: Vec<usize> = (0..distinct).collect();
    ranked.sort_by(|&a, &b| {
        accs[b]
            .posts
            .cmp(&accs[a].posts)
            .then_with(|| keys[a].cmp(&keys[b]))
    });
    let mut listed: Vec<((String, String), Acc)> = Vec::new();
    let mut others = Acc::new(order.len());
    let mut accs: Vec<Option<Acc>> = accs.into_iter().map(Some).collect();
    for (rank, g) in ranked.iter().enumerate() {
        let acc = accs[*g].take().unwrap_or_default();
        if rank < MAX_LISTED {
            listed.push((keys[*g].clone(), acc));
        } else {
            others.merge(acc);
        }
    }
    let pooled = distinct.saturating_sub(MAX_LISTED);
    if pooled > 0 {
        let subgroup = if two { OTHERS } else { "" };
        listed.push(((OTHERS.to_owned(), subgroup.to_owned()), others));
    }
    let mut rows = Vec::new();
    // Each listed group's compounds over all its stances, for its `all` row and its tests.
    let mut alls: Vec<Vec<f64>> = Vec::with_capacity(listed.len());
    for (key, acc) in &listed {
        for (st, stance) in order.iter().enumerate() {
            if !acc.values[st].is_empty() {
                rows.push(row(
                    key,
                    stance,
                    &acc.values[st],
                    acc.classes[st],
                    acc.posts,
                ));
            }
        }
        let all: Vec<f64> = acc.values.iter().flatten().copied().collect();
        let mut classes = [0; 3];
        for c in &acc.classes {
            for k in 0..3 {
                classes[k] += c[k];
            }
        }
        rows.push(row(key, ALL, &all, classes, acc.posts));
        alls.push(all);
    }
    // Compare within each stance, then across all posts: the largest groups big enough.
    let mut comparisons = Vec::new();
    let stances: Vec<&str> = order.iter().map(String::as_str).chain([ALL]).collect();
    for (st, stance) in stances.into_iter().enumerate() {
        let mut candidates: Vec<(String, Vec<f64>)> = listed
            .iter()
            .zip(&alls)
            .filter(|(((group, _), _), _)| group != OTHERS)
            .map(|(((group, subgroup), acc), all)| {
                // `st` past the stances is the `all` row.
                let values = acc.values.get(st).unwrap_or(all);
                (label(group, subgroup), values.clone())
            })
            .filter(|(_, values)| values.len() as u64 >= MIN_POSTS_TESTED)
            .collect();
        candidates.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        candidates.truncate(MAX_TESTED);
        if candidates.len() < 2 {
            continue;
        }
        for r in rows.iter_mut().filter(|r| r.stance == stance) {
            let l = label(&r.group, &r.subgroup);
            r.tested = candidates.iter().any(|(c, _)| *c == l);
        }
        let found = compare::compare_stances(&candidates, resamples, seed);
        comparisons.extend(found.into_iter().map(|comparison| GroupComparison {
            stance: stance.to_owned(),
            comparison,
        }));
    }
    Groups {
        columns: names,
        distinct,
        pooled,
        rows,
        comparisons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::scored;

    /// A post of `stance` with `compound` whose first field is `group`.
    fn post(line: u64, group: &str, stance: &str, compound: f64) -> Scored {
        let mut s = scored(line, stance, compound);
        s.post.fields = vec![group.to_owned(), "text".to_owned()].into();
        s
    }

    fn order() -> Vec<String> {
        vec!["supportive".to_owned(), "cautionary".to_owned()]
    }

    /// Each post with its first field as its group.
    fn by_first(posts: &[Scored]) -> impl Iterator<Item = (&Scored, [Option<&str>; 2])> {
        posts.iter().map(|s| (s, [s.post.fields.get(0), None]))
    }

    #[test]
    fn rows_match_hand_computed_values_and_empty_cells_are_a_group() {
        let posts = vec![
            post(2, "youtube", "supportive", 0.5),
            post(3, "youtube", "supportive", 0.7),
            post(4, "youtube", "cautionary", -0.4),
            post(5, " reddit ", "supportive", 0.1),
            post(6, "", "cautionary", 0.0),
        ];
        let g = groups(by_first(&posts), vec!["platform".into()], &order(), 100, 1);
        assert_eq!(g.distinct, 3);
        let got: Vec<(&str, &str, u64)> = g
            .rows
            .iter()
            .map(|r| (r.group.as_str(), r.stance.as_str(), r.posts))
            .collect();
        assert_eq!(
            got,
            [
                ("youtube", "supportive", 2),
                ("youtube", "cautionary", 1),
                ("youtube", "all", 3),
                ("(empty)", "cautionary", 1),
                ("(empty)", "all", 1),
                ("reddit", "supportive", 1),
                ("reddit", "all", 1),
            ]
        );
        let yt = &g.rows[0];
        assert!((yt.share - 2.0 / 3.0).abs() < 1e-12);
        assert!((yt.mean - 0.6).abs() < 1e-12);
        // sd = sqrt(0.02) = 0.141421; t(0.975, 1) = 12.706205; half = t * sd / sqrt(2) = 1.270621
        let (lo, hi) = yt.ci.unwrap();
        assert!((lo - (0.6 - 1.270_620_5)).abs() < 1e-6, "{lo}");
        assert!((hi - (0.6 + 1.270_620_5)).abs() < 1e-6, "{hi}");
        assert!((yt.median - 0.6).abs() < 1e-12);
        let all = &g.rows[2];
        // compounds 0.5, 0.7, -0.4: median 0.5; the fixture's posts are all neutral
        assert!((all.median - 0.5).abs() < 1e-12);
        assert_eq!(all.sentiment, [0.0, 1.0, 0.0]);
        assert!((all.mean - 0.8 / 3.0).abs() < 1e-12);
        // Too small to test anywhere.
        assert!(g.comparisons.is_empty());
        assert!(g.rows.iter().all(|r| !r.tested));
    }

    #[test]
    fn groups_big_enough_are_compared_within_each_stance_and_small_ones_are_not() {
        let mut posts = Vec::new();
        let mut line = 2;
        for (group, n, base) in [("a", 30, 0.5), ("b", 25, -0.2), ("c", 5, 0.0)] {
            for i in 0..n {
                posts.push(post(line, group, "supportive", base + f64::from(i) * 0.001));
                line += 1;
            }
        }
        let g = groups(by_first(&posts), vec!["platform".into()], &order(), 200, 1);
        let within: Vec<(&str, &str, &str)> = g
            .comparisons
            .iter()
            .map(|c| {
                (
                    c.stance.as_str(),
                    c.comparison.a.as_str(),
                    c.comparison.b.as_str(),
                )
            })
            .collect();
        // Two groups of 20+ in each of supportive and all: one pair each, no rest rows.
        assert_eq!(within, [("supportive", "a", "b"), ("all", "a", "b")]);
        let c = &g.comparisons[0].comparison;
        assert_eq!((c.n_a, c.n_b), (30, 25));
        // Every a is above every b.
        assert!((c.cliffs_delta - 1.0).abs() < 1e-12);
        let tested: Vec<(&str, bool)> = g
            .rows
            .iter()
            .filter(|r| r.stance == "supportive")
            .map(|r| (r.group.as_str(), r.tested))
            .collect();
        assert_eq!(tested, [("a", true), ("b", true), ("c", false)]);
    }

    #[test]
    fn past_the_listed_groups_the_rest_are_pooled_into_one_row() {
        let posts: Vec<Scored> = (0..(MAX_LISTED as u64 + 3))
            .map(|i| post(i + 2, &format!("g{i:03}"), "supportive", 0.1))
            .collect();
        let g = groups(by_first(&posts), vec!["author".into()], &order(), 10, 1);
        assert_eq!((g.distinct, g.pooled), (MAX_LISTED + 3, 3));
        let last = g.rows.last().unwrap();
        assert_eq!(
            (last.group.as_str(), last.stance.as_str(), last.posts),
            (OTHERS, "all", 3)
        );
    }

    #[test]
    fn two_columns_make_pairs_of_values() {
        let mut a = post(2, "youtube", "supportive", 0.5);
        a.post.fields = vec!["youtube".to_owned(), "aoc".to_owned()].into();
        let mut b = post(3, "youtube", "supportive", 0.5);
        b.post.fields = vec!["youtube".to_owned(), "corbyn".to_owned()].into();
        let both = [a, b];
        let g = groups(
            both.iter()
                .map(|s| (s, [s.post.fields.get(0), s.post.fields.get(1)])),
            vec!["platform".into(), "who".into()],
            &order(),
            10,
            1,
        );
        let got: Vec<String> = g
            .rows
            .iter()
            .filter(|r| r.stance == "all")
            .map(|r| label(&r.group, &r.subgroup))
            .collect();
        assert_eq!(got, ["youtube / aoc", "youtube / corbyn"]);
    }
}
