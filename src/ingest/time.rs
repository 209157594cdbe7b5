//! Timestamp parsing for the time column.
//!
//! Accepted: RFC 3339 (`2019-02-13T18:04:00Z`, `...+01:00`), ISO date-times with a space or `T`
//! and optional seconds and fraction (`2019-02-13 18:04:00`), ISO dates (`2019-02-13`, taken as
//! midnight), the Twitter API v1 form (`Wed Feb 13 18:04:00 +0000 2019`) and Unix seconds
//! (`1550081040`, optionally with a fraction or a minus sign, years 1900 to 2200). Times without an offset are taken as UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Formats of naive (offset-free) date-times, tried in order.
const NAIVE_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
];

/// Formats with an explicit offset, tried in order after RFC 3339.
const OFFSET_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%a %b %d %H:%M:%S %z %Y",
];

/// Unix seconds outside this range (years 1900..=2200) are rejected as implausible.
const MIN_UNIX_SECONDS: f64 = -2_208_988_800.0;
const MAX_UNIX_SECONDS: f64 = 7_258_118_400.0;

/// Parse one timestamp cell; `None` when it matches none of the accepted forms.
#[must_use]
pub fn parse_timestamp(cell: &str) -> Option<DateTime<Utc>> {
    let s = cell.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Some(t) = OFFSET_FORMATS
        .iter()
        .find_map(|f| DateTime::parse_from_str(s, f).ok())
    {
        return Some(t.with_timezone(&Utc));
    }
    if let Some(t) = NAIVE_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    {
        return Some(t.and_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    }
    parse_unix_seconds(s)
}

fn parse_unix_seconds(s: &str) -> Option<DateTime<Utc>> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || !digits.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let secs: f64 = s.parse().ok()?;
    if !(MIN_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&secs) {
        return None;
    }
    // Whole seconds rounded down (also before 1970), so the fraction is never negative. In range
    // by the check above, so the casts neither truncate nor wrap.
    let whole = secs.floor();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (whole, nanos) = (
        whole as i64,
        (((secs - whole) * 1e9).round() as u32).min(999_999_999),
    );
    DateTime::from_timestamp(whole, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn accepts_the_documented_forms() {
        let t = utc("2019-02-13T18:04:00Z");
        for cell in [
            "2019-02-13T18:04:00Z",
            "2019-02-13T19:04:00+01:00",
            "2019-02-13 18:04:00",
            "2019-02-13T18:04:00",
            "2019-02-13 18:04",
            " 2019-02-13 18:04:00.000 ",
            "2019-02-13 18:04:00+00:00",
            "Wed Feb 13 18:04:00 +0000 2019",
            // 1550081040 = 2019-02-13T18:04:00Z (checked with `date -u -d @1550081040`).
            "1550081040",
            "1550081040.0",
        ] {
            assert_eq!(parse_timestamp(cell), Some(t), "{cell}");
        }
        assert_eq!(
            parse_timestamp("2019-02-13"),
            Some(utc("2019-02-13T00:00:00Z"))
        );
    }

    #[test]
    fn rejects_garbage() {
        for cell in [
            "",
            "yesterday",
            "13/02/2019",
            "2019-13-01",
            "99999999999999",
            ".",
        ] {
            assert_eq!(parse_timestamp(cell), None, "{cell}");
        }
    }

    #[test]
    fn negative_unix_seconds_are_times_before_1970_not_unreadable() {
        assert_eq!(parse_timestamp("-86400"), Some(utc("1969-12-31T00:00:00Z")));
        assert_eq!(parse_timestamp("-1.5"), Some(utc("1969-12-31T23:59:58.5Z")));
        assert_eq!(
            parse_timestamp("-2208988800"),
            Some(utc("1900-01-01T00:00:00Z"))
        );
        assert_eq!(parse_timestamp("-2208988801"), None);
        assert_eq!(parse_timestamp("-"), None);
        assert_eq!(parse_timestamp("--5"), None);
    }
}
