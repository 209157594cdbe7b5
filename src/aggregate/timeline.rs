//! The timeline: posts and mean compound per time bucket per stance.
//!
//! The bucket is the smallest of 1 min, 5 min, 15 min, 30 min, 1 h, 3 h, 6 h, 12 h, 1 day and
//! 7 days that splits the span from the first to the last post into at most 48 buckets. Buckets
//! start at multiples of their size since the Unix epoch (UTC). Posts without a readable time are
//! left out of the timeline only, and counted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use polars::prelude::*;

use crate::error::{FrameContext, Result};
use crate::model::POSTED_AT;

pub use crate::config::{Bucket, BUCKETS};

/// The most buckets a chosen size may produce.
pub const MAX_BUCKETS: i64 = 48;

/// The smallest bucket that covers `span_seconds` in at most [`MAX_BUCKETS`] buckets (the largest
/// size when none does).
#[must_use]
pub fn choose_bucket(span_seconds: i64) -> Bucket {
    BUCKETS
        .iter()
        .copied()
        .find(|b| span_seconds / b.seconds < MAX_BUCKETS)
        .unwrap_or(BUCKETS[BUCKETS.len() - 1])
}

/// One bucket of one stance.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePoint {
    /// Start of the bucket.
    pub start: DateTime<Utc>,
    /// Stance label.
    pub stance: String,
    /// Posts in the bucket (0 where none).
    pub posts: u64,
    /// Mean compound of those posts (`None` where none).
    pub mean_compound: Option<f64>,
    /// The 95% t interval of that mean (`None` under 2 posts).
    pub ci: Option<(f64, f64)>,
}

/// Posts per bucket per stance, dense: every bucket from the first to the last, for every stance.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The bucket size used.
    pub bucket: Bucket,
    /// Bucket starts, ascending, contiguous.
    pub starts: Vec<DateTime<Utc>>,
    /// Stance labels, in display order.
    pub stances: Vec<String>,
    /// Points, bucket-major (all stances of the first bucket, then the next bucket, ...).
    pub points: Vec<TimelinePoint>,
    /// Posts left out because their time was missing or unreadable.
    pub undated: u64,
    /// Posts left out because their time lies far from the rest (see [`MAX_TIMELINE_BUCKETS`]).
    pub outlying: u64,
    /// What was done to keep the timeline readable: a widened bucket, outlying times.
    pub notes: Vec<String>,
    /// Time of the first dated post.
    pub first_post: DateTime<Utc>,
    /// When the story broke (`--event-time`), when given.
    pub event: Option<DateTime<Utc>>,
}

impl Timeline {
    /// The points of one stance, in time order.
    pub fn series<'a>(&'a self, stance: &'a str) -> impl Iterator<Item = &'a TimelinePoint> + 'a {
        self.points.iter().filter(move |p| p.stance == stance)
    }
}

/// Build the timeline from the per-post frame; `None` when it has no `posted_at` column or no
/// post has a readable time. `stances` gives the display order; `bucket` overrides the size
/// chosen from the span.
///
/// # Errors
/// [`crate::Error::Frame`] if polars fails (a bug).
pub fn timeline(
    posts: &DataFrame,
    stances: &[String],
    bucket: Option<Bucket>,
) -> Result<Option<Timeline>> {
    if posts.column(POSTED_AT).is_err() {
        return Ok(None);
    }
    let dated = posts
        .clone()
        .lazy()
        .filter(col(POSTED_AT).is_not_null())
        .with_column(col(POSTED_AT).cast(DataType::Int64).alias("micros"))
        .collect()
        .frame("reading post times")?;
    let undated = (posts.height() - dated.height()) as u64;
    let micros = dated.column("micros").frame("reading post times")?;
    let (Some(min), Some(max)) = (
        micros.i64().frame("reading post times")?.min(),
        micros.i64().frame("reading post times")?.max(),
    ) else {
        return Ok(None);
    };
    let asked = bucket;
    let mut bucket = bucket.unwrap_or_else(|| choose_bucket((max - min) / 1_000_000));
    let mut notes = Vec::new();
    let (mut lo, mut hi) = (min, max);
    let mut outlying = 0u64;
    if bucket_count(lo, hi, bucket) > MAX_TIMELINE_BUCKETS {
        let mut times: Vec<i64> = micros
            .i64()
            .frame("reading post times")?
            .into_no_null_iter()
            .collect();
        times.sort_unstable();
        let kept = typical_times(&times, bucket);
        (lo, hi) = (times[kept.start], times[kept.end - 1]);
        let outside: Vec<i64> = times[..kept.start]
            .iter()
            .chain(&times[kept.end..])
            .copied()
            .collect();
        outlying = outside.len() as u64;
        if outlying > 0 {
            let shown: Vec<String> = outside
                .iter()
                .take(3)
                .map(|&t| micros_to_time(t).format("%Y-%m-%d %H:%M").to_string())
                .collect();
            notes.push(format!(
                "{outlying} posts with times far from the rest, or beyond the {MAX_TIMELINE_BUCKETS} buckets a timeline shows (e.g. {}), are left out of the timeline; check their time cells",
                shown.join(", ")
            ));
        }
        let chosen = asked.unwrap_or_else(|| choose_bucket((hi - lo) / 1_000_000));
        bucket = widened(lo, hi, chosen);
        if bucket != chosen {
            notes.push(format!(
                "buckets of {} would give {} points per stance; widened to {}",
                chosen.label,
                bucket_count(lo, hi, chosen),
                bucket.label
            ));
        }
    }
    let size = bucket.seconds * 1_000_000;
    // Floor to a multiple of the bucket size, also for times before 1970.
    let floor = col("micros") - ((col("micros") % lit(size)) + lit(size)) % lit(size);
    let dated = if outlying > 0 {
        dated.lazy().filter(
            col("micros")
                .gt_eq(lit(lo))
                .and(col("micros").lt_eq(lit(hi))),
        )
    } else {
        dated.lazy()
    };
    let grouped = dated
        .group_by([floor.alias("bucket"), col("stance")])
        .agg([
            len().cast(DataType::UInt64).alias("posts"),
            col("compound").mean().alias("mean"),
            col("compound").std(1).alias("sd"),
        ])
        .collect()
        .frame("grouping posts by time bucket")?;
    let read = "reading the timeline";
    let b = grouped.column("bucket").frame(read)?.i64().frame(read)?;
    let s = grouped.column("stance").frame(read)?.str().frame(read)?;
    let n = grouped.column("posts").frame(read)?.u64().frame(read)?;
    let m = grouped.column("mean").frame(read)?.f64().frame(read)?;
    let sd = grouped.column("sd").frame(read)?.f64().frame(read)?;
    /// Posts, mean and standard deviation of one bucket of one stance.
    type Cell = (u64, Option<f64>, Option<f64>);
    let found: HashMap<(i64, &str), Cell> = b
        .iter()
        .zip(s.iter())
        .zip(n.iter().zip(m.iter()).zip(sd.iter()))
        .filter_map(|((b, s), ((n, m), sd))| Some(((b?, s?), (n.unwrap_or(0), m, sd))))
        .collect();
    let first = lo - ((lo % size) + size) % size;
    let starts: Vec<i64> = (first..=hi)
        .step_by(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    let mut points = Vec::with_capacity(starts.len() * stances.len());
    for &start in &starts {
        for stance in stances {
            let (posts, mean_compound, sd) = found
                .get(&(start, stance.as_str()))
                .copied()
                .unwrap_or((0, None, None));
            points.push(TimelinePoint {
                start: micros_to_time(start),
                stance: stance.clone(),
                posts,
                mean_compound,
                ci: mean_compound
                    .zip(sd)
                    .and_then(|(m, sd)| super::interval::mean_ci95(m, sd, posts)),
            });
        }
    }
    Ok(Some(Timeline {
        bucket,
        starts: starts.into_iter().map(micros_to_time).collect(),
        stances: stances.to_vec(),
        points,
        undated,
        outlying,
        notes,
        first_post: micros_to_time(lo),
        event: None,
    }))
}

/// The most buckets a timeline may have, whatever the bucket asked for: past it, the bucket is
/// widened and times far from the rest are left out (one post dated 0001-01-01 gave 521,725
/// rows).
pub const MAX_TIMELINE_BUCKETS: i64 = 1000;

/// Buckets of `bucket` from the one holding `lo` to the one holding `hi`.
fn bucket_count(lo: i64, hi: i64, bucket: Bucket) -> i64 {
    let size = bucket.seconds * 1_000_000;
    let floor = |t: i64| t - ((t % size) + size) % size;
    (floor(hi) - floor(lo)) / size + 1
}

/// `chosen`, or the smallest larger bucket that covers `lo..=hi` in at most
/// [`MAX_TIMELINE_BUCKETS`] (the largest bucket when none does).
fn widened(lo: i64, hi: i64, chosen: Bucket) -> Bucket {
    BUCKETS
        .iter()
        .copied()
        .filter(|b| b.seconds >= chosen.seconds)
        .find(|b| bucket_count(lo, hi, *b) <= MAX_TIMELINE_BUCKETS)
        .unwrap_or(BUCKETS[BUCKETS.len() - 1])
}

/// The index range of the sorted `times` that a timeline shows when their span is too long for
/// [`MAX_TIMELINE_BUCKETS`] of `bucket`: all of them if some bucket covers them. Otherwise times
/// beyond ten interquartile ranges (at least a day) from the quartiles are left out, and if the
/// rest still needs more than the largest bucket allows, only the latest that fit are kept.
fn typical_times(times: &[i64], bucket: Bucket) -> std::ops::Range<usize> {
    let n = times.len();
    let largest = BUCKETS[BUCKETS.len() - 1];
    if bucket_count(
        times[0],
        times[n - 1],
        widened(times[0], times[n - 1], bucket),
    ) <= MAX_TIMELINE_BUCKETS
    {
        return 0..n;
    }
    let (q1, q3) = (times[n / 4], times[(3 * n) / 4]);
    let spread = (q3 - q1).max(86_400 * 1_000_000);
    let (low, high) = (
        q1.saturating_sub(spread.saturating_mul(10)),
        q3.saturating_add(spread.saturating_mul(10)),
    );
    let start = times.partition_point(|&t| t < low);
    let end = times.partition_point(|&t| t <= high);
    // The latest posts that the largest bucket still covers.
    let size = largest.seconds * 1_000_000;
    let earliest = times[end - 1].saturating_sub((MAX_TIMELINE_BUCKETS - 1) * size);
    let start = start.max(times.partition_point(|&t| t < earliest));
    start..end
}

fn micros_to_time(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::bucket_for;

    #[test]
    fn bucket_size_follows_the_span() {
        assert_eq!(choose_bucket(0).label, "1m");
        assert_eq!(choose_bucket(47 * 60).label, "1m");
        assert_eq!(choose_bucket(48 * 60).label, "5m");
        assert_eq!(choose_bucket(47 * 3600).label, "1h");
        // 48 hours would need 49 one-hour buckets when the ends fall on bucket starts.
        assert_eq!(choose_bucket(48 * 3600).label, "3h");
        assert_eq!(choose_bucket(400 * 86_400).label, "7d");
    }

    #[test]
    fn timeline_counts_per_bucket_and_stance_with_zeros_filled() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros();
        let times = [
            Some(t("2019-02-13T18:00:00Z")),
            Some(t("2019-02-13T18:30:00Z")),
            Some(t("2019-02-13T20:10:00Z")),
            None,
        ];
        let posted = Int64Chunked::from_iter_options(POSTED_AT.into(), times.into_iter())
            .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
            .into_column();
        let df = DataFrame::new(
            4,
            vec![
                posted,
                Column::new("stance".into(), ["a", "a", "b", "a"]),
                Column::new("compound".into(), [0.2, 0.4, -0.5, 0.9]),
            ],
        )
        .unwrap();
        let stances = vec!["a".to_owned(), "b".to_owned()];
        let tl = timeline(&df, &stances, None).unwrap().unwrap();
        // Span 2h10m -> 5-minute buckets from 18:00 to 20:10: 27 buckets.
        assert_eq!(tl.bucket.label, "5m");
        assert_eq!(tl.starts.len(), 27);
        assert_eq!(tl.undated, 1);
        let a: Vec<u64> = tl.series("a").map(|p| p.posts).collect();
        assert_eq!(a.iter().sum::<u64>(), 2);
        assert_eq!((a[0], a[6]), (1, 1));
        let b: Vec<&TimelinePoint> = tl.series("b").collect();
        assert_eq!(b[26].posts, 1);
        assert_eq!(b[26].mean_compound, Some(-0.5));
        assert_eq!(b[0].mean_compound, None);
        assert_eq!(tl.first_post.to_rfc3339(), "2019-02-13T18:00:00+00:00");
        // A given bucket wins over the chosen one.
        let hourly = timeline(&df, &stances, Some(bucket_for("1h").unwrap()))
            .unwrap()
            .unwrap();
        assert_eq!(hourly.starts.len(), 3);
        assert_eq!(
            hourly.series("a").map(|p| p.posts).collect::<Vec<_>>(),
            [2, 0, 0]
        );
        // The 18:00 bucket of `a` holds 0.2 and 0.4: mean 0.3, sd 0.141421, t(0.975, 1) =
        // 12.706205, half-width 12.706205 * 0.141421 / sqrt(2) = 1.270620; one post has none.
        let first = hourly.series("a").next().unwrap();
        let (lo, hi) = first.ci.unwrap();
        assert!((lo - (0.3 - 1.270_620_5)).abs() < 1e-6, "{lo}");
        assert!((hi - (0.3 + 1.270_620_5)).abs() < 1e-6, "{hi}");
        assert_eq!(hourly.series("b").nth(2).unwrap().ci, None);
        assert_eq!(bucket_for("2h").unwrap_err().exit_code(), 2);
    }

    /// A frame of posts of stance `a` at `times` (microseconds).
    fn frame_at(times: &[i64]) -> DataFrame {
        let posted =
            Int64Chunked::from_iter_options(POSTED_AT.into(), times.iter().map(|t| Some(*t)))
                .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
                .into_column();
        DataFrame::new(
            times.len(),
            vec![
                posted,
                Column::new("stance".into(), vec!["a"; times.len()]),
                Column::new("compound".into(), vec![0.5; times.len()]),
            ],
        )
        .unwrap()
    }

    #[test]
    fn one_post_dated_year_one_is_left_out_instead_of_half_a_million_buckets() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros();
        let mut times: Vec<i64> = (0..50)
            .map(|i| t("2019-02-13T18:00:00Z") + i * 60_000_000)
            .collect();
        times.push(t("0001-01-01T00:00:00Z"));
        let stances = vec!["a".to_owned()];
        let tl = timeline(&frame_at(&times), &stances, None)
            .unwrap()
            .unwrap();
        assert_eq!(tl.outlying, 1);
        // 50 minutes of posts: the bucket is chosen from them, as without the stray post.
        assert_eq!(tl.bucket.label, "5m");
        assert_eq!(tl.starts.len(), 10);
        assert_eq!(tl.points.iter().map(|p| p.posts).sum::<u64>(), 50);
        assert!(
            tl.notes[0].contains("e.g. 0001-01-01 00:00"),
            "{:?}",
            tl.notes
        );
    }

    #[test]
    fn a_bucket_too_fine_for_the_span_is_widened_and_said() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros();
        // Three months of posts with --bucket 1m: 130,000 buckets; 3h gives 737.
        let times = [
            t("2019-01-01T00:00:00Z"),
            t("2019-02-15T00:00:00Z"),
            t("2019-04-01T00:00:00Z"),
        ];
        let stances = vec!["a".to_owned()];
        let tl = timeline(&frame_at(&times), &stances, Some(BUCKETS[0]))
            .unwrap()
            .unwrap();
        assert_eq!(tl.outlying, 0);
        assert_eq!(tl.bucket.label, "3h");
        assert_eq!(tl.starts.len(), 90 * 8 + 1);
        assert!(
            tl.notes[0]
                .contains("buckets of 1m would give 129601 points per stance; widened to 3h"),
            "{:?}",
            tl.notes
        );
        // Posts spread evenly over 30 years: nothing is an outlier; the latest 1000 weeks stay.
        let years: Vec<i64> = (0..30)
            .map(|y| t(&format!("{}-06-01T00:00:00Z", 1990 + y)))
            .collect();
        let tl = timeline(&frame_at(&years), &stances, None)
            .unwrap()
            .unwrap();
        assert_eq!(tl.bucket.label, "7d");
        assert!(tl.starts.len() <= MAX_TIMELINE_BUCKETS as usize);
        assert_eq!(
            tl.outlying,
            30 - tl.points.iter().map(|p| p.posts).sum::<u64>()
        );
        assert!(tl.outlying > 0 && tl.outlying < 15);
    }
}
