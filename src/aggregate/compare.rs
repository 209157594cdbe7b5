//! Between-stance comparison of VADER compound: for every pair of stances and for each stance
//! against all other posts, the difference in means with a seeded percentile-bootstrap 95%
//! interval, the Mann-Whitney U test (two-sided), and Cliff's delta with a plain-words size.
//!
//! - Mann-Whitney U: average ranks for ties. The p-value is exact (the null distribution of U
//!   computed from the Gaussian binomial) when the smaller group has at most 8 posts and there are
//!   no ties, else the normal approximation with tie correction and continuity correction. This is
//!   the rule and the arithmetic of `scipy.stats.mannwhitneyu(..., method="auto")`, except that
//!   beyond 10 million pairs (say 8 posts against 1.25 million) we use the approximation to bound
//!   memory.
//! - Cliff's delta = P(a > b) − P(a < b) = (U_a − U_b) / (n_a·n_b); sizes after Romano et al.
//!   (2006): |d| < 0.147 negligible, < 0.33 small, < 0.474 medium, else large.
//! - Bootstrap: each group resampled with replacement, `resamples` times, with a SplitMix64
//!   generator from a fixed seed, so the same input gives the same interval.
//!
//! References: Mann & Whitney (1947); Cliff (1993); Romano, Kromrey, Coraggio & Skowronek (2006);
//! Efron & Tibshirani (1993).

use crate::rng::SplitMix64;

/// Label used for "all other posts" in stance-vs-rest rows.
pub const REST: &str = "rest";

/// One comparison of stance `a` against `b` (another stance, or [`REST`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// First group.
    pub a: String,
    /// Second group.
    pub b: String,
    /// Posts in `a`.
    pub n_a: u64,
    /// Posts in `b`.
    pub n_b: u64,
    /// Mean compound of `a`.
    pub mean_a: f64,
    /// Mean compound of `b`.
    pub mean_b: f64,
    /// `mean_a − mean_b`.
    pub diff: f64,
    /// 95% interval of the difference (see `ci_method`).
    pub diff_ci: (f64, f64),
    /// `bootstrap` (percentile) or `normal` (Welch, for groups too large to resample).
    pub ci_method: &'static str,
    /// Mann-Whitney U of `a` (pairs with a > b, ties counting one half).
    pub u: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// `exact` or `normal approximation`.
    pub p_method: &'static str,
    /// Cliff's delta.
    pub cliffs_delta: f64,
    /// Plain-words size of delta.
    pub size: &'static str,
    /// Area under the ROC curve of compound as a classifier of `a` against `b`:
    /// U / (n_a·n_b) = P(a > b) + ½·P(tie). 0.5 means compound cannot tell them apart.
    pub auc: f64,
}

/// How well compound alone separates two stances, in words, from the AUC.
#[must_use]
pub fn separation(auc: f64) -> &'static str {
    let d = (auc - 0.5).abs();
    if !d.is_finite() {
        "not computed"
    } else if d < 0.1 {
        "barely"
    } else if d < 0.2 {
        "weakly"
    } else if d < 0.3 {
        "moderately"
    } else {
        "strongly"
    }
}

#[allow(clippy::cast_precision_loss)] // group sizes are far below 2^52
fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Percentile-bootstrap 95% interval of `mean(a) − mean(b)`.
#[must_use]
pub fn bootstrap_diff_ci(
    a: &[f64],
    b: &[f64],
    resamples: usize,
    rng: &mut SplitMix64,
) -> (f64, f64) {
    if a.is_empty() || b.is_empty() || resamples == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mut diffs: Vec<f64> = (0..resamples)
        .map(|_| {
            let ma = (0..a.len()).map(|_| a[rng.below(a.len())]).sum::<f64>();
            let mb = (0..b.len()).map(|_| b[rng.below(b.len())]).sum::<f64>();
            #[allow(clippy::cast_precision_loss)]
            let d = ma / a.len() as f64 - mb / b.len() as f64;
            d
        })
        .collect();
    diffs.sort_by(f64::total_cmp);
    (
        super::interval::quantile(&diffs, 0.025),
        super::interval::quantile(&diffs, 0.975),
    )
}

/// Most bootstrap draws (resamples × posts in both groups) spent on one comparison; past it the
/// interval is the normal one, which the percentile bootstrap of a difference of means matches
/// closely at such sizes.
pub const BOOTSTRAP_MAX_DRAWS: usize = 100_000_000;

/// The 95% interval of `mean(a) − mean(b)` and its method: the percentile bootstrap when it
/// costs at most [`BOOTSTRAP_MAX_DRAWS`] draws, else the normal (Welch) interval
/// `d ± 1.96·√(s²a/na + s²b/nb)`.
#[must_use]
pub fn diff_ci(
    a: &[f64],
    b: &[f64],
    resamples: usize,
    rng: &mut SplitMix64,
) -> ((f64, f64), &'static str) {
    if resamples.saturating_mul(a.len() + b.len()) <= BOOTSTRAP_MAX_DRAWS {
        return (bootstrap_diff_ci(a, b, resamples, rng), "bootstrap");
    }
    (welch_diff_ci(a, b), "normal")
}

/// Normal-theory 95% interval of `mean(a) − mean(b)` with unpooled variances.
#[must_use]
pub fn welch_diff_ci(a: &[f64], b: &[f64]) -> (f64, f64) {
    if a.len() < 2 || b.len() < 2 {
        return (f64::NAN, f64::NAN);
    }
    let var = |v: &[f64]| {
        let m = mean(v);
        #[allow(clippy::cast_precision_loss)]
        let n = v.len() as f64;
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0) / n
    };
    let d = mean(a) - mean(b);
    let half = 1.959_963_984_540_054 * (var(a) + var(b)).sqrt();
    (d - half, d + half)
}

/// Mann-Whitney U of `a` against `b` and the two-sided p-value with the method used.
#[must_use]
pub fn mann_whitney(a: &[f64], b: &[f64]) -> (f64, f64, &'static str) {
    let (n1, n2) = (a.len(), b.len());
    if n1 == 0 || n2 == 0 {
        return (f64::NAN, f64::NAN, "not computed (empty group)");
    }
    let mut all: Vec<(f64, bool)> = a
        .iter()
        .map(|x| (*x, true))
        .chain(b.iter().map(|x| (*x, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let n = all.len();
    let mut rank_sum_a = 0.0;
    let mut tie_term = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        #[allow(clippy::cast_precision_loss)]
        let (avg_rank, t) = ((i + j) as f64 / 2.0 + 1.0, (j - i + 1) as f64);
        tie_term += t * t * t - t;
        rank_sum_a += avg_rank * all[i..=j].iter().filter(|x| x.1).count() as f64;
        i = j + 1;
    }
    #[allow(clippy::cast_precision_loss)]
    let (f1, f2, fnn) = (n1 as f64, n2 as f64, n as f64);
    let u1 = rank_sum_a - f1 * (f1 + 1.0) / 2.0;
    let u_max = u1.max(f1 * f2 - u1);
    if tie_term == 0.0 && n1.min(n2) <= 8 && n1 * n2 <= EXACT_MAX_PAIRS {
        let p = (2.0 * exact_sf(u_max, n1, n2)).min(1.0);
        return (u1, p, "exact");
    }
    let sigma = (f1 * f2 / 12.0 * ((fnn + 1.0) - tie_term / (fnn * (fnn - 1.0)))).sqrt();
    if sigma == 0.0 {
        return (u1, 1.0, "normal approximation");
    }
    let z = (u_max - f1 * f2 / 2.0 - 0.5) / sigma;
    (u1, (2.0 * normal_sf(z)).min(1.0), "normal approximation")
}

/// Largest n1·n2 for which the exact null distribution is computed (memory ~8 bytes each).
pub const EXACT_MAX_PAIRS: usize = 10_000_000;

/// P(U >= u) under the null for sample sizes `n1`, `n2` without ties.
///
/// The number of orderings giving each U is the coefficient of the Gaussian binomial
/// [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i), m = min(n1, n2), built one factor at a
/// time (each partial product is again a Gaussian binomial, with non-negative coefficients): time
/// O(m²·n), memory O(m·n).
fn exact_sf(u: f64, n1: usize, n2: usize) -> f64 {
    let (m, n) = (n1.min(n2), n1.max(n2));
    let max_u = m * n;
    let mut p = vec![0.0_f64; max_u + m + 1];
    p[0] = 1.0;
    let mut deg = 0;
    for i in 1..=m {
        // Multiply by (1 − q^(n+i)), from the top down.
        for k in (n + i..=deg + n + i).rev() {
            p[k] -= p[k - (n + i)];
        }
        // Divide by (1 − q^i), from the bottom up.
        for k in i..=deg + n + i {
            p[k] += p[k - i];
        }
        deg += n;
    }
    let dist = &p[..=max_u];
    let total: f64 = dist.iter().sum();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // u is a whole number in range
    let from = u.ceil().max(0.0) as usize;
    dist.iter().skip(from).sum::<f64>() / total
}

/// The standard normal survival function, 1 − Φ(z), via erfc (Numerical Recipes' Chebyshev
/// fit, fractional error below 1.2e-7).
#[must_use]
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// Fewest posts on each side of a comparison for a verdict in words (an effect size, how well
/// sentiment separates the two); below it the report says [`TOO_FEW`] and gives the numbers
/// only. Twenty (issue 18) is a floor, not a power analysis: one post's compound is not a
/// group's, and an AUC of 0.9 on a dozen posts has an interval too wide to call "strong".
pub const MIN_POSTS_FOR_VERDICT: u64 = 20;

/// What the report says instead of a verdict on a handful of posts.
pub const TOO_FEW: &str = "too few posts";

/// The plain-words size of a Cliff's delta (Romano et al. 2006 thresholds).
#[must_use]
pub fn delta_size(d: f64) -> &'static str {
    let d = d.abs();
    if d < 0.147 {
        "negligible"
    } else if d < 0.33 {
        "small"
    } else if d < 0.474 {
        "medium"
    } else {
        "large"
    }
}

fn compare(
    a_label: &str,
    a: &[f64],
    b_label: &str,
    b: &[f64],
    resamples: usize,
    rng: &mut SplitMix64,
) -> Comparison {
    let (u, p_value, p_method) = mann_whitney(a, b);
    #[allow(clippy::cast_precision_loss)]
    let pairs = (a.len() * b.len()) as f64;
    let cliffs_delta = if pairs > 0.0 {
        (2.0 * u - pairs) / pairs
    } else {
        f64::NAN
    };
    let (mean_a, mean_b) = (mean(a), mean(b));
    let (diff_ci, ci_method) = diff_ci(a, b, resamples, rng);
    Comparison {
        a: a_label.to_owned(),
        b: b_label.to_owned(),
        n_a: a.len() as u64,
        n_b: b.len() as u64,
        mean_a,
        mean_b,
        diff: mean_a - mean_b,
        diff_ci,
        ci_method,
        u,
        p_value,
        p_method,
        cliffs_delta,
        size: if (a.len().min(b.len()) as u64) < MIN_POSTS_FOR_VERDICT {
            TOO_FEW
        } else {
            delta_size(cliffs_delta)
        },
        auc: if pairs > 0.0 { u / pairs } else { f64::NAN },
    }
}

/// Each stance's compound scores, in the given order (posts of other stances are left out).
#[must_use]
pub fn groups<S: std::borrow::Borrow<crate::model::Scored>>(
    scored: &[S],
    order: &[String],
) -> Vec<(String, Vec<f64>)> {
    // One pass over the posts, not one per stance.
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); order.len()];
    for s in scored.iter().map(std::borrow::Borrow::borrow) {
        if let Some(i) = order.iter().position(|o| *o == s.stance.label) {
            values[i].push(s.scores.compound);
        }
    }
    order.iter().cloned().zip(values).collect()
}

/// Compare every pair of groups (in the given order), then each group against all the others
/// pooled. `groups` holds each stance's compound scores.
#[must_use]
pub fn compare_stances(
    groups: &[(String, Vec<f64>)],
    resamples: usize,
    seed: u64,
) -> Vec<Comparison> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::new();
    for (i, (la, a)) in groups.iter().enumerate() {
        for (lb, b) in &groups[i + 1..] {
            out.push(compare(la, a, lb, b, resamples, &mut rng));
        }
    }
    if groups.len() > 2 {
        for (i, (la, a)) in groups.iter().enumerate() {
            let rest: Vec<f64> = groups
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, (_, v))| v.iter().copied())
                .collect();
            out.push(compare(la, a, REST, &rest, resamples, &mut rng));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: P(U >= u) by enumerating every split of the pooled values.
    fn brute_force_sf(a: &[f64], b: &[f64], u_obs: f64) -> f64 {
        let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
        let n = pooled.len();
        let (mut hits, mut total) = (0_u32, 0_u32);
        for mask in 0_u32..(1 << n) {
            if mask.count_ones() as usize != a.len() {
                continue;
            }
            let in_a = |i: usize| mask & (1 << i) != 0;
            let xa: Vec<f64> = (0..n).filter(|i| in_a(*i)).map(|i| pooled[i]).collect();
            let xb: Vec<f64> = (0..n).filter(|i| !in_a(*i)).map(|i| pooled[i]).collect();
            let u: f64 = xa
                .iter()
                .map(|x| xb.iter().filter(|y| x > y).count() as f64)
                .sum();
            total += 1;
            if u >= u_obs {
                hits += 1;
            }
        }
        f64::from(hits) / f64::from(total)
    }

    #[test]
    fn exact_p_matches_brute_force_enumeration() {
        let a = [0.9, 0.7, 0.5, 0.45];
        let b = [0.1, 0.3, -0.2, 0.6, 0.0];
        let (u, p, method) = mann_whitney(&a, &b);
        assert_eq!(method, "exact");
        // Pairs a > b: 0.9:5, 0.7:5, 0.5:4, 0.45:4 -> U = 18 of 20.
        assert_eq!(u, 18.0);
        let u_max = u.max(20.0 - u);
        let want = (2.0 * brute_force_sf(&a, &b, u_max)).min(1.0);
        assert!((p - want).abs() < 1e-12, "{p} vs {want}");
    }

    #[test]
    fn p_values_match_scipy() {
        // scipy 1.17.1: mannwhitneyu([0.9,0.7,0.5,0.45],[0.1,0.3,-0.2,0.6,0.0]) -> U=18,
        // p=0.06349206349206349 (exact).
        let (_, p, _) = mann_whitney(&[0.9, 0.7, 0.5, 0.45], &[0.1, 0.3, -0.2, 0.6, 0.0]);
        assert!((p - 0.063_492_063_492_063_49).abs() < 1e-12, "{p}");
        // With ties -> asymptotic: mannwhitneyu([0.5,0.5,0.2,0.0,0.9,0.1,0.3,0.3,0.7],
        // [0.0,0.0,-0.3,0.5,-0.1,0.2,-0.6,0.0,0.1,-0.2]) -> U=78.5, p=0.006632454646816946.
        let a = [0.5, 0.5, 0.2, 0.0, 0.9, 0.1, 0.3, 0.3, 0.7];
        let b = [0.0, 0.0, -0.3, 0.5, -0.1, 0.2, -0.6, 0.0, 0.1, -0.2];
        let (u, p, method) = mann_whitney(&a, &b);
        assert_eq!(method, "normal approximation");
        assert_eq!(u, 78.5);
        assert!((p - 0.006_632_454_646_816_946).abs() < 1e-8, "{p}");
    }

    #[test]
    fn exact_p_for_a_small_group_against_a_large_one_matches_scipy() {
        // scipy 1.17.1: mannwhitneyu([0.81,-0.57,0.33,0.03,0.06],
        // [(j*37%300)/300-0.4995 for j in range(300)]) -> U=876, p=0.5322041055354174 (exact).
        let a = [0.81, -0.57, 0.33, 0.03, 0.06];
        let b: Vec<f64> = (0..300)
            .map(|j| f64::from(j * 37 % 300) / 300.0 - 0.4995)
            .collect();
        let (u, p, method) = mann_whitney(&a, &b);
        assert_eq!(method, "exact");
        assert_eq!(u, 876.0);
        assert!((p - 0.532_204_105_535_417_4).abs() < 1e-9, "{p}");
        // More pairs than the exact limit (3 x 4 million), no ties: the approximation, without
        // a huge allocation.
        let big: Vec<f64> = (0..4_000_000).map(|j| f64::from(j) * 1e-7).collect();
        let small = [0.012_345_65, 0.200_000_05, 0.333_333_35];
        assert!(small.iter().all(|x| !big.contains(x)));
        let (_, _, method) = mann_whitney(&small, &big);
        assert_eq!(method, "normal approximation");
    }

    #[test]
    fn cliffs_delta_and_sizes() {
        let c = compare_stances(
            &[("a".into(), vec![1.0, 2.0]), ("b".into(), vec![0.0, 2.0])],
            100,
            1,
        );
        // Pairs: 1>0, 1<2, 2>0, 2=2 -> (2 - 1) / 4 = 0.25.
        assert_eq!(c.len(), 1);
        assert!((c[0].cliffs_delta - 0.25).abs() < 1e-12);
        // Two posts a side get no size in words; the delta itself would be "small".
        assert_eq!(c[0].size, TOO_FEW);
        assert_eq!(delta_size(0.25), "small");
        assert_eq!(delta_size(-0.5), "large");
        assert_eq!(delta_size(0.1), "negligible");
        assert_eq!(delta_size(0.4), "medium");
        // AUC = U / (n_a n_b) = 2.5 / 4, and delta = 2 AUC - 1.
        assert!((c[0].auc - 0.625).abs() < 1e-12);
        assert_eq!(separation(c[0].auc), "weakly");
        assert_eq!(separation(0.45), "barely");
        assert_eq!(separation(0.15), "strongly");
    }

    #[test]
    fn bootstrap_is_seeded_and_brackets_the_difference() {
        let a: Vec<f64> = (0..50).map(|i| f64::from(i) / 50.0).collect();
        let b: Vec<f64> = (0..40).map(|i| f64::from(i) / 80.0).collect();
        let one = bootstrap_diff_ci(&a, &b, 2000, &mut SplitMix64::new(7));
        let two = bootstrap_diff_ci(&a, &b, 2000, &mut SplitMix64::new(7));
        assert_eq!(one, two);
        let diff = mean(&a) - mean(&b);
        assert!(one.0 < diff && diff < one.1, "{one:?} {diff}");
    }

    #[test]
    fn large_groups_get_the_normal_interval_which_agrees_with_the_bootstrap() {
        let a: Vec<f64> = (0..50).map(|i| f64::from(i) / 50.0).collect();
        let b: Vec<f64> = (0..40).map(|i| f64::from(i) / 80.0).collect();
        // numpy: d ± 1.959964·sqrt(var(a, ddof=1)/50 + var(b, ddof=1)/40)
        let (lo, hi) = welch_diff_ci(&a, &b);
        assert!((lo - 0.153_614_915_973_018_13).abs() < 1e-12, "{lo}");
        assert!((hi - 0.338_885_084_026_981_86).abs() < 1e-12, "{hi}");
        let boot = bootstrap_diff_ci(&a, &b, 2000, &mut SplitMix64::new(7));
        assert!(
            (boot.0 - lo).abs() < 0.02 && (boot.1 - hi).abs() < 0.02,
            "{boot:?}"
        );
        let mut rng = SplitMix64::new(1);
        assert_eq!(diff_ci(&a, &b, 2000, &mut rng).1, "bootstrap");
        let big = BOOTSTRAP_MAX_DRAWS / 2000 + 1;
        let many: Vec<f64> = (0..big)
            .map(|i| f64::from(u32::try_from(i % 7).unwrap()))
            .collect();
        assert_eq!(diff_ci(&many, &a, 2000, &mut rng).1, "normal");
    }

    #[test]
    fn groups_give_pairs_then_each_against_the_rest() {
        let g = |l: &str| (l.to_owned(), vec![0.1, 0.2, 0.3]);
        let c = compare_stances(&[g("x"), g("y"), g("z")], 10, 1);
        let labels: Vec<(&str, &str)> = c.iter().map(|c| (c.a.as_str(), c.b.as_str())).collect();
        assert_eq!(
            labels,
            [
                ("x", "y"),
                ("x", "z"),
                ("y", "z"),
                ("x", "rest"),
                ("y", "rest"),
                ("z", "rest")
            ]
        );
        assert_eq!(c[3].n_b, 6);
    }

    #[test]
    fn normal_sf_matches_scipy() {
        // scipy.stats.norm.sf(z)
        for (z, want) in [
            (0.0, 0.5),
            (1.959_963_984_540_054, 0.025),
            (3.0, 0.001_349_898_031_630_093_3),
            (-1.0, 0.841_344_746_068_542_9),
        ] {
            assert!((normal_sf(z) - want).abs() < 1e-7 * want.max(1e-3), "{z}");
        }
    }

    #[test]
    fn no_effect_size_in_words_below_twenty_posts_a_side() {
        let groups = |n_b: usize| {
            vec![
                ("a".to_owned(), vec![0.9; 20]),
                ("b".to_owned(), vec![-0.9; n_b]),
            ]
        };
        // a > b in every pair: Cliff's delta is +1, "large" once both sides have 20 posts.
        let few = compare_stances(&groups(19), 100, 1);
        assert_eq!((few[0].cliffs_delta, few[0].size), (1.0, TOO_FEW));
        let enough = compare_stances(&groups(20), 100, 1);
        assert_eq!((enough[0].cliffs_delta, enough[0].size), (1.0, "large"));
    }
}
