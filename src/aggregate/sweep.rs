//! Threshold sweep: how the positive / neutral / negative shares of each stance change as the
//! neutral band of VADER compound widens from ±0.05 (the usual choice) to ±0.5. VADER users
//! argue about that threshold; the sweep shows whether a conclusion depends on it.

/// The thresholds swept: 0.05, 0.10, ..., 0.50.
pub const THRESHOLDS: [f64; 10] = [0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50];

/// Shares of one stance at one threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// The threshold t: positive when compound >= t, negative when <= -t.
    pub threshold: f64,
    /// Stance label.
    pub stance: String,
    /// Posts of the stance.
    pub posts: u64,
    /// Share positive.
    pub positive: f64,
    /// Share neutral.
    pub neutral: f64,
    /// Share negative.
    pub negative: f64,
}

/// The sweep for every stance of `groups` (each stance's compound scores, in order, as
/// [`crate::aggregate::compare::groups`] gives them), threshold-major.
#[must_use]
pub fn sweep(groups: &[(String, Vec<f64>)]) -> Vec<SweepPoint> {
    let mut out = Vec::with_capacity(THRESHOLDS.len() * groups.len());
    for &t in &THRESHOLDS {
        for (stance, values) in groups {
            #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
            let n = values.len() as f64;
            #[allow(clippy::cast_precision_loss)]
            let share =
                |keep: &dyn Fn(f64) -> bool| values.iter().filter(|v| keep(**v)).count() as f64 / n;
            let positive = share(&|c| c >= t);
            let negative = share(&|c| c <= -t);
            out.push(SweepPoint {
                threshold: t,
                stance: stance.clone(),
                posts: values.len() as u64,
                positive,
                neutral: 1.0 - positive - negative,
                negative,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scored;

    fn post(compound: f64) -> Scored {
        crate::model::fixtures::scored(2, "s", compound)
    }

    #[test]
    fn shares_move_as_the_band_widens() {
        let scored: Vec<Scored> = [0.05, 0.3, 0.6, -0.05, -0.45, 0.0]
            .into_iter()
            .map(post)
            .collect();
        let points = sweep(&crate::aggregate::compare::groups(
            &scored,
            &["s".to_owned()],
        ));
        assert_eq!(points.len(), THRESHOLDS.len());
        // t = 0.05: positive 0.05, 0.3, 0.6; negative -0.05, -0.45; neutral 0.0.
        assert!((points[0].positive - 3.0 / 6.0).abs() < 1e-12);
        assert!((points[0].negative - 2.0 / 6.0).abs() < 1e-12);
        assert!((points[0].neutral - 1.0 / 6.0).abs() < 1e-12);
        // t = 0.5: positive 0.6 only; negative none (-0.45 > -0.5).
        let last = &points[9];
        assert!((last.threshold - 0.5).abs() < 1e-12);
        assert!((last.positive - 1.0 / 6.0).abs() < 1e-12);
        assert_eq!(last.negative, 0.0);
    }
}
