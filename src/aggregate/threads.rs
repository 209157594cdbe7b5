//! Threads, from the reply-to column: each post's `root_id` (the post its reply chain starts
//! from) and `depth` (0 for a root), the threads with their replies, and the replies by the
//! stance of the post they answer.
//!
//! - A post's parent is the post whose id (the id column, trimmed) equals its reply-to cell. An
//!   empty cell, `0` or `nan` means no parent. Reddit writes parents as `t1_<id>` (a comment)
//!   and `t3_<id>` (the submission) while the id column holds the bare id: a prefixed parent
//!   not found as written is looked up without its prefix.
//! - A parent missing from the file (the submission of a Reddit thread, the tweet replied to)
//!   is the root of its own thread: its replies have depth 1 and its id as `root_id`.
//! - When ids repeat, the first post with an id is the one replies attach to (counted in a
//!   note).
//! - A chain of replies that comes back to itself is refused, naming the lines.

use foldhash::{HashMap, HashMapExt};

use super::duplicates::DuplicateFlag;
use super::interval::mean_with_ci95;
use crate::error::{Error, Result};
use crate::model::Scored;

/// Where a post sits in its thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of its root in [`Threads::root_ids`].
    pub root: u32,
    /// Replies between it and its root (0 for a root).
    pub depth: u32,
}

/// One thread with at least one reply: its root and what its posts look like.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadRow {
    /// The root's id.
    pub root_id: String,
    /// The root's line in the input, when the root is in the file.
    pub root_line: Option<u64>,
    /// Posts of the thread counted in the tables (the root too when it is in the file).
    pub posts: u64,
    /// Of those, replies (depth 1 or more).
    pub replies: u64,
    /// The deepest reply.
    pub max_depth: u32,
    /// Mean compound of the posts counted.
    pub mean: f64,
    /// Shares positive, neutral, negative.
    pub sentiment: [f64; 3],
    /// The posts per stance, largest first: `supportive 3, cautionary 1`.
    pub stances: String,
}

/// Replies whose parent is in the file, by the parent's stance and their own.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyStanceRow {
    /// The stance of the post answered.
    pub parent_stance: String,
    /// The stance of the reply.
    pub reply_stance: String,
    /// Replies.
    pub replies: u64,
    /// Their share of all replies to posts of `parent_stance`.
    pub share: f64,
    /// Mean compound of the replies, with its 95% t interval.
    pub mean: f64,
    /// The interval (`None` under 2 replies).
    pub ci: Option<(f64, f64)>,
}

/// Every post's place in its thread, for the per-post frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ThreadPlaces {
    /// Ids of the roots; [`Place::root`] indexes it.
    pub root_ids: Vec<String>,
    /// Per post, in input order.
    pub places: Vec<Place>,
}

impl ThreadPlaces {
    /// The root id of post `i`.
    #[must_use]
    pub fn root_of(&self, i: usize) -> &str {
        &self.root_ids[self.places[i].root as usize]
    }
}

/// Every post's place in its thread and the thread tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Threads {
    /// The reply-to column's name.
    pub column: String,
    /// Threads with at least one reply counted, most posts first.
    pub rows: Vec<ThreadRow>,
    /// Replies by the stance of the post they answer, parent stances in display order.
    pub reply_stances: Vec<ReplyStanceRow>,
    /// Parents named by replies but missing from the file (each a root of its own).
    pub missing_parents: u64,
    /// Posts whose id repeats an earlier post's (replies attach to the first).
    pub repeated_ids: u64,
    /// Posts counted that neither reply to a post nor have a reply.
    pub alone: u64,
}

/// Whether a reply-to cell names no parent.
fn no_parent(cell: &str) -> bool {
    cell.is_empty() || cell == "0" || cell.eq_ignore_ascii_case("nan")
}

/// The post index of `cell`'s parent, trying a Reddit `t1_`-style prefix off when the cell as
/// written is not an id.
fn find<'a>(ids: &HashMap<&'a str, usize>, cell: &'a str) -> Option<usize> {
    ids.get(cell).copied().or_else(|| {
        let b = cell.as_bytes();
        (b.len() > 3 && b[0] == b't' && b[1].is_ascii_digit() && b[2] == b'_')
            .then(|| ids.get(&cell[3..]).copied())
            .flatten()
    })
}

/// Link every post to its root: each post's place, and the thread tables over the posts that
/// count. `path` names the input in a cycle error.
///
/// # Errors
/// [`Error::ReplyCycle`] when replies form a cycle.
#[allow(clippy::too_many_lines)]
pub fn threads(
    scored: &[Scored],
    flags: &[DuplicateFlag],
    exclude: bool,
    (id, parent): (usize, usize),
    column: &str,
    order: &[String],
    path: &str,
) -> Result<(ThreadPlaces, Threads)> {
    fn cell(s: &Scored, c: usize) -> &str {
        s.post.fields.get(c).unwrap_or("").trim()
    }
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(scored.len());
    let mut repeated_ids = 0;
    for (i, s) in scored.iter().enumerate() {
        let v = cell(s, id);
        if v.is_empty() {
            continue;
        }
        // The first post with an id keeps it.
        match ids.entry(v) {
            std::collections::hash_map::Entry::Occupied(_) => repeated_ids += 1,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
    /// A post's parent: none, a post of the file, or an id missing from it.
    #[derive(Clone, Copy)]
    enum Up<'a> {
        None,
        Post(usize),
        Missing(&'a str),
    }
    let up: Vec<Up> = scored
        .iter()
        .map(|s| {
            let p = cell(s, parent);
            if no_parent(p) {
                Up::None
            } else {
                find(&ids, p).map_or(Up::Missing(p), Up::Post)
            }
        })
        .collect();
    let mut root_ids: Vec<String> = Vec::new();
    let mut root_index: HashMap<String, u32> = HashMap::new();
    let mut root_line: Vec<Option<u64>> = Vec::new();
    let mut missing_parents = 0;
    let mut intern = |key: &str, line: Option<u64>, root_ids: &mut Vec<String>| -> u32 {
        if let Some(&r) = root_index.get(key) {
            return r;
        }
        let r = u32::try_from(root_ids.len()).unwrap_or(u32::MAX);
        root_ids.push(key.to_owned());
        root_index.insert(key.to_owned(), r);
        root_line.push(line);
        if line.is_none() {
            missing_parents += 1;
        }
        r
    };
    const UNSET: Place = Place {
        root: u32::MAX,
        depth: u32::MAX,
    };
    let mut places = vec![UNSET; scored.len()];
    let mut on_path = vec![false; scored.len()];
    let mut path_stack: Vec<usize> = Vec::new();
    for start in 0..scored.len() {
        if places[start] != UNSET {
            continue;
        }
        // Walk up until a placed post, a root or a missing parent.
        let mut at = start;
        let base = loop {
            if places[at] != UNSET {
                break places[at];
            }
            if on_path[at] {
                let from = path_stack.iter().position(|&p| p == at).unwrap_or(0);
                let mut lines: Vec<u64> = path_stack[from..]
                    .iter()
                    .map(|&p| scored[p].post.line)
                    .collect();
                lines.sort_unstable();
                return Err(Error::ReplyCycle {
                    path: path.to_owned(),
                    column: column.to_owned(),
                    lines: lines
                        .iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            on_path[at] = true;
            path_stack.push(at);
            match up[at] {
                Up::Post(p) => at = p,
                Up::None => {
                    // `at` is a root; it is placed when the path unwinds.
                    let own = cell(&scored[at], id);
                    let key = if own.is_empty() {
                        // A root without an id: keyed by its line, which cannot clash with
                        // an id of the column because it is marked.
                        format!("line {}", scored[at].post.line)
                    } else {
                        own.to_owned()
                    };
                    let r = intern(&key, Some(scored[at].post.line), &mut root_ids);
                    path_stack.pop();
                    on_path[at] = false;
                    places[at] = Place { root: r, depth: 0 };
                    break places[at];
                }
                Up::Missing(p) => {
                    let r = intern(p, None, &mut root_ids);
                    path_stack.pop();
                    on_path[at] = false;
                    places[at] = Place { root: r, depth: 1 };
                    break places[at];
                }
            }
        };
        // Unwind: each post on the path is one deeper than the one above it.
        let mut depth = base.depth;
        while let Some(p) = path_stack.pop() {
            on_path[p] = false;
            depth += 1;
            places[p] = Place {
                root: base.root,
                depth,
            };
        }
    }
    // Thread tables over the posts that count.
    let roots = root_ids.len();
    let mut posts = vec![0u64; roots];
    let mut replies = vec![0u64; roots];
    let mut max_depth = vec![0u32; roots];
    let mut sum = vec![0.0f64; roots];
    let mut classes = vec![[0u64; 3]; roots];
    let mut stances: Vec<Vec<u64>> = vec![Vec::new(); roots];
    let mut has_reply = vec![false; scored.len()];
    for (i, u) in up.iter().enumerate() {
        if let Up::Post(p) = u {
            if flags[i].included(exclude) {
                has_reply[*p] = true;
            }
        }
    }
    let mut alone = 0;
    let mut pairs: HashMap<(usize, usize), Vec<f64>> = HashMap::new();
    for (i, s) in scored.iter().enumerate() {
        if !flags[i].included(exclude) {
            continue;
        }
        let Place { root, depth } = places[i];
        let r = root as usize;
        let st = order.iter().position(|o| *o == s.stance.label);
        if depth == 0 && !has_reply[i] {
            alone += 1;
            continue;
        }
        posts[r] += 1;
        replies[r] += u64::from(depth > 0);
        max_depth[r] = max_depth[r].max(depth);
        sum[r] += s.scores.compound;
        classes[r][super::class_index(s.sentiment)] += 1;
        if let Some(st) = st {
            if stances[r].is_empty() {
                stances[r] = vec![0; order.len()];
            }
            stances[r][st] += 1;
        }
        if let (Up::Post(p), Some(st)) = (up[i], st) {
            if let Some(ps) = order.iter().position(|o| *o == scored[p].stance.label) {
                pairs.entry((ps, st)).or_default().push(s.scores.compound);
            }
        }
    }
    let mut rows: Vec<ThreadRow> = (0..roots)
        .filter(|&r| replies[r] > 0)
        .map(|r| {
            #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
            let n = posts[r] as f64;
            let mut mix: Vec<(usize, u64)> = stances[r]
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, c)| *c > 0)
                .collect();
            mix.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ThreadRow {
                root_id: root_ids[r].clone(),
                root_line: root_line[r],
                posts: posts[r],
                replies: replies[r],
                max_depth: max_depth[r],
                mean: sum[r] / n,
                #[allow(clippy::cast_precision_loss)]
                sentiment: classes[r].map(|c| c as f64 / n),
                stances: mix
                    .iter()
                    .map(|(k, c)| format!("{} {c}", order[*k]))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.posts
            .cmp(&a.posts)
            .then_with(|| a.root_id.cmp(&b.root_id))
    });
    let mut reply_stances = Vec::new();
    for ps in 0..order.len() {
        let total: usize = (0..order.len())
            .filter_map(|st| pairs.get(&(ps, st)).map(Vec::len))
            .sum();
        for st in 0..order.len() {
            let Some(values) = pairs.get(&(ps, st)) else {
                continue;
            };
            #[allow(clippy::cast_precision_loss)]
            let (n, t) = (values.len() as f64, total as f64);
            let (mean, ci) = mean_with_ci95(values);
            reply_stances.push(ReplyStanceRow {
                parent_stance: order[ps].clone(),
                reply_stance: order[st].clone(),
                replies: values.len() as u64,
                share: n / t,
                mean,
                ci,
            });
        }
    }
    Ok((
        ThreadPlaces { root_ids, places },
        Threads {
            column: column.to_owned(),
            rows,
            reply_stances,
            missing_parents,
            repeated_ids,
            alone,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::scored;

    /// Posts with (id, parent, stance, compound); fields are id, parent, text.
    fn posts(rows: &[(&str, &str, &str, f64)]) -> Vec<Scored> {
        rows.iter()
            .enumerate()
            .map(|(k, (id, parent, stance, compound))| {
                let mut s = scored(k as u64 + 2, stance, *compound);
                s.post.fields =
                    vec![(*id).to_owned(), (*parent).to_owned(), "text".to_owned()].into();
                s
            })
            .collect()
    }

    fn order() -> Vec<String> {
        vec!["supportive".to_owned(), "cautionary".to_owned()]
    }

    fn run(p: &[Scored]) -> Result<(ThreadPlaces, Threads)> {
        let flags = vec![DuplicateFlag::default(); p.len()];
        threads(p, &flags, false, (0, 1), "parent_id", &order(), "x.csv")
    }

    #[test]
    fn roots_depths_and_missing_parents_follow_the_reply_chains() {
        // a <- b <- c ; d alone ; e and f answer a submission t3_s not in the file, g answers
        // f as Reddit writes it (t1_f); a reply listed before its parent (h before i).
        let p = posts(&[
            ("a", "", "supportive", 0.5),
            ("b", "a", "cautionary", -0.5),
            ("c", "b", "supportive", 0.1),
            ("d", "", "supportive", 0.0),
            ("e", "t3_s", "cautionary", -0.2),
            ("f", "t3_s", "supportive", 0.4),
            ("g", "t1_f", "supportive", 0.6),
            ("h", "i", "supportive", 0.2),
            ("i", "nan", "cautionary", 0.0),
        ]);
        let (places, t) = run(&p).unwrap();
        let got: Vec<(&str, u32)> = places
            .places
            .iter()
            .map(|pl| (places.root_ids[pl.root as usize].as_str(), pl.depth))
            .collect();
        assert_eq!(
            got,
            [
                ("a", 0),
                ("a", 1),
                ("a", 2),
                ("d", 0),
                ("t3_s", 1),
                ("t3_s", 1),
                ("t3_s", 2),
                ("i", 1),
                ("i", 0),
            ]
        );
        assert_eq!(t.missing_parents, 1);
        assert_eq!(t.alone, 1, "d neither replies nor is replied to");
        let rows: Vec<(&str, Option<u64>, u64, u64, u32)> = t
            .rows
            .iter()
            .map(|r| {
                (
                    r.root_id.as_str(),
                    r.root_line,
                    r.posts,
                    r.replies,
                    r.max_depth,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("a", Some(2), 3, 2, 2),
                ("t3_s", None, 3, 3, 2),
                ("i", Some(10), 2, 1, 1),
            ]
        );
        assert_eq!(t.rows[0].stances, "supportive 2, cautionary 1");
        assert!((t.rows[0].mean - 0.1 / 3.0).abs() < 1e-12);
        // Replies to posts in the file: b (caut.) answers a (supp.); c (supp.) answers b;
        // g (supp.) answers f (supp.); h (supp.) answers i (caut.).
        let rs: Vec<(&str, &str, u64)> = t
            .reply_stances
            .iter()
            .map(|r| (r.parent_stance.as_str(), r.reply_stance.as_str(), r.replies))
            .collect();
        assert_eq!(
            rs,
            [
                ("supportive", "supportive", 1),
                ("supportive", "cautionary", 1),
                ("cautionary", "supportive", 2),
            ]
        );
        assert!((t.reply_stances[2].share - 1.0).abs() < 1e-12);
        assert!((t.reply_stances[2].mean - 0.15).abs() < 1e-12);
    }

    #[test]
    fn a_cycle_is_refused_with_its_lines() {
        let p = posts(&[
            ("a", "", "supportive", 0.0),
            ("b", "d", "supportive", 0.0),
            ("c", "b", "supportive", 0.0),
            ("d", "c", "supportive", 0.0),
        ]);
        let err = run(&p).unwrap_err().to_string();
        assert!(err.contains("lines 3, 4, 5"), "{err}");
        let p = posts(&[("a", "a", "supportive", 0.0)]);
        let err = run(&p).unwrap_err().to_string();
        assert!(err.contains("lines 2"), "{err}");
    }

    #[test]
    fn replies_attach_to_the_first_post_with_a_repeated_id() {
        let p = posts(&[
            ("a", "", "supportive", 0.0),
            ("a", "", "cautionary", 0.0),
            ("b", "a", "supportive", 0.0),
        ]);
        let (places, t) = run(&p).unwrap();
        assert_eq!(t.repeated_ids, 1);
        assert_eq!(places.places[2], Place { root: 0, depth: 1 });
        assert_eq!(t.rows[0].root_line, Some(2));
    }
}
