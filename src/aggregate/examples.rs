//! Representative posts: for each stance, the most positive, the most negative and the most
//! typical post (compound closest to the stance's median), so a reader sees real examples next
//! to the numbers. Ties go to the post that comes first in the input.

use super::interval::quantile;
use crate::model::Scored;

/// One representative post.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Stance label.
    pub stance: String,
    /// `most positive`, `most negative` or `most typical`.
    pub kind: &'static str,
    /// The post's compound.
    pub compound: f64,
    /// Line in the input where the post starts.
    pub line: u64,
    /// The full post text (escape before showing it).
    pub text: String,
}

/// The representative posts of each stance in `order`.
#[must_use]
pub fn examples<S: std::borrow::Borrow<Scored>>(scored: &[S], order: &[String]) -> Vec<Example> {
    let mut out = Vec::new();
    for stance in order {
        let posts: Vec<&Scored> = scored
            .iter()
            .map(std::borrow::Borrow::borrow)
            .filter(|s| s.stance.label == stance)
            .collect();
        let mut values: Vec<f64> = posts.iter().map(|s| s.scores.compound).collect();
        values.sort_by(f64::total_cmp);
        let median = quantile(&values, 0.5);
        let pick = |key: &dyn Fn(&Scored) -> f64| {
            // min_by keeps the first of equal keys, so ties go to the earlier post.
            posts
                .iter()
                .copied()
                .min_by(|a, b| key(a).total_cmp(&key(b)))
        };
        let chosen = [
            ("most positive", pick(&|s| -s.scores.compound)),
            ("most negative", pick(&|s| s.scores.compound)),
            (
                "most typical",
                pick(&|s| (s.scores.compound - median).abs()),
            ),
        ];
        for (kind, post) in chosen {
            if let Some(p) = post {
                out.push(Example {
                    stance: stance.clone(),
                    kind,
                    compound: p.scores.compound,
                    line: p.post.line,
                    text: p.post.text().to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::fixtures::scored as post;

    #[test]
    fn picks_extremes_and_the_post_nearest_the_median() {
        let scored = [
            post(2, "a", 0.1),
            post(3, "a", 0.9),
            post(4, "b", 0.0),
            post(5, "a", -0.7),
            post(6, "a", 0.3),
            post(7, "a", 0.9),
        ];
        // Stance a: values -0.7, 0.1, 0.3, 0.9, 0.9 -> median 0.3 (line 6).
        let ex = examples(&scored, &["a".to_owned(), "b".to_owned()]);
        let got: Vec<(&str, &str, u64)> = ex
            .iter()
            .map(|e| (e.stance.as_str(), e.kind, e.line))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "most positive", 3),
                ("a", "most negative", 5),
                ("a", "most typical", 6),
                ("b", "most positive", 4),
                ("b", "most negative", 4),
                ("b", "most typical", 4),
            ]
        );
        assert_eq!(ex[0].text, "post on line 3");
    }
}
