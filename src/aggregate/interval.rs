//! Quantiles, and confidence intervals for a mean: the Student t interval, mean ± t(0.975, n−1) · s / √n.
//!
//! t quantiles for 1..=30 degrees of freedom are tabled (values from
//! `scipy.stats.t.ppf(0.975, df)`, scipy 1.x, rounded to 6 decimals); beyond 30 the
//! Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5) is accurate
//! to better than 1e-5, which the tests check against scipy values.

/// t(0.975, df) for df = 1..=30.
const T975: [f64; 30] = [
    12.706_205, 4.302_653, 3.182_446, 2.776_445, 2.570_582, 2.446_912, 2.364_624, 2.306_004,
    2.262_157, 2.228_139, 2.200_985, 2.178_813, 2.160_369, 2.144_787, 2.131_450, 2.119_905,
    2.109_816, 2.100_922, 2.093_024, 2.085_963, 2.079_614, 2.073_873, 2.068_658, 2.063_899,
    2.059_539, 2.055_529, 2.051_831, 2.048_407, 2.045_230, 2.042_272,
];

/// The standard normal quantile at 0.975.
const Z975: f64 = 1.959_963_984_540_054;

/// The 0.975 quantile of Student's t with `df` degrees of freedom (`df >= 1`).
#[must_use]
pub fn t_975(df: u64) -> f64 {
    if df == 0 {
        return f64::NAN;
    }
    if let Some(t) = usize::try_from(df - 1).ok().and_then(|i| T975.get(i)) {
        return *t;
    }
    // Cornish–Fisher expansion (A&S 26.7.5) in powers of 1/df.
    #[allow(clippy::cast_precision_loss)] // df beyond 2^52 is not a post count we will see
    let n = df as f64;
    let z = Z975;
    let (z3, z5, z7, z9) = (z.powi(3), z.powi(5), z.powi(7), z.powi(9));
    z + (z3 + z) / (4.0 * n)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * n.powi(3))
        + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / (92160.0 * n.powi(4))
}

/// Type-7 quantile (linear interpolation between order statistics) of sorted, non-empty values.
#[must_use]
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
    let h = (sorted.len() - 1) as f64 * q;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 <= h < len
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - h.floor()) * (sorted[hi] - sorted[lo])
}

/// The mean of `values` and its 95% t interval (`None` under 2 values); the mean is NaN for
/// none.
#[must_use]
pub fn mean_with_ci95(values: &[f64]) -> (f64, Option<(f64, f64)>) {
    #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
    let n = values.len() as f64;
    if values.is_empty() {
        return (f64::NAN, None);
    }
    let mean = values.iter().sum::<f64>() / n;
    let sd = if values.len() < 2 {
        f64::NAN
    } else {
        (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    (mean, mean_ci95(mean, sd, values.len() as u64))
}

/// The 95% t interval of a mean from its sample standard deviation `sd` and size `n`;
/// `None` when `n < 2` (no spread can be estimated from one value).
#[must_use]
pub fn mean_ci95(mean: f64, sd: f64, n: u64) -> Option<(f64, f64)> {
    if n < 2 || !sd.is_finite() || !mean.is_finite() {
        return None;
    }
    #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
    let half = t_975(n - 1) * sd / (n as f64).sqrt();
    Some((mean - half, mean + half))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_scipy() {
        // scipy.stats.t.ppf(0.975, df) for df beyond the table.
        for (df, want) in [
            (31, 2.039_513_446),
            (40, 2.021_075_390),
            (60, 2.000_297_822),
            (120, 1.979_930_405),
            (1000, 1.962_339_081),
        ] {
            assert!(
                (t_975(df) - want).abs() < 1e-5,
                "df {df}: {} vs {want}",
                t_975(df)
            );
        }
        assert!((t_975(1) - 12.706_205).abs() < 1e-6);
        assert!(t_975(0).is_nan());
    }

    #[test]
    fn quantiles_match_numpy_type_7() {
        // numpy.quantile([-0.5, 0.0, 0.2, 0.9], [0.25, 0.5, 0.75]) = [-0.125, 0.1, 0.375]
        let v = [-0.5, 0.0, 0.2, 0.9];
        assert!((quantile(&v, 0.25) - (-0.125)).abs() < 1e-12);
        assert!((quantile(&v, 0.5) - 0.1).abs() < 1e-12);
        assert!((quantile(&v, 0.75) - 0.375).abs() < 1e-12);
        assert_eq!(quantile(&[0.3], 0.75), 0.3);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn interval_of_a_small_sample() {
        // Values 1, 2, 3: mean 2, sd 1, n 3 -> 2 ± 4.302653 / sqrt(3) = 2 ± 2.484138.
        let (lo, hi) = mean_ci95(2.0, 1.0, 3).unwrap();
        assert!((lo - (2.0 - 2.484_138)).abs() < 1e-6);
        assert!((hi - (2.0 + 2.484_138)).abs() < 1e-6);
        assert_eq!(mean_ci95(0.5, 0.0, 1), None);
    }
}
