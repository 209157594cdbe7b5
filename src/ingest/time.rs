//! Timestamp parsing for the time column.
//!
//! Read with no flags:
//! - RFC 3339 (`2019-02-13T18:04:00Z`, `...+01:00`; YouTube's `publishedAt`);
//! - year-first dates with `-`, `/` or `.` and an optional time (`2019-02-13 18:04:00`,
//!   `2015/02/24`, `2015-02-24 11:35:52 -0800` as in Kaggle's tweet files);
//! - day-first or month-first dates with `/`, `-` or `.` and a 4- or 2-digit year, an optional
//!   time with `:` or `.` (`24-02-2015 11.35` from an Excel re-save, `2/24/2015 11:35 AM`,
//!   `12-31-2017 23:43:04`), with AM/PM and an optional offset;
//! - Twitter's API v1 form (`Wed Feb 13 18:04:00 +0000 2019`);
//! - Unix seconds, with a fraction (after a point, or a comma as European spreadsheets write it)
//!   or a minus sign (Reddit's `created_utc`), years 1900 to 2200.
//!
//! Whether `1/2/2019` is the 1st of February or the 2nd of January is decided for the whole
//! column, not per cell (see [`DateVotes::decide`]): a first field above 12 means day-first, a
//! second field above 12 month-first. `--time-format` replaces all of this with one strftime
//! pattern. Times without an offset are in `--time-zone` (UTC by default).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::config::{parse_offset, DateOrder, TimeOptions, Zone};
use crate::error::{Error, Result};

/// Unix seconds outside this range (years 1900..=2200) are rejected as implausible.
const MIN_UNIX_SECONDS: f64 = -2_208_988_800.0;
const MAX_UNIX_SECONDS: f64 = 7_258_118_400.0;

/// Whether `cell` is a time relative to when a page was read, as scrapers copy it off the page
/// ("6 months ago", "a year ago (edited)", "Streamed 2 years ago", "just now", "3h"): it cannot
/// be placed in time without that moment, so it is never read, only recognised for the message.
#[must_use]
pub fn is_relative(cell: &str) -> bool {
    const UNITS: [&str; 7] = ["second", "minute", "hour", "day", "week", "month", "year"];
    const SHORT: [&str; 9] = ["s", "m", "min", "h", "d", "w", "mo", "y", "yr"];
    let lower = cell.trim().to_lowercase();
    let lower = lower.trim_end_matches("(edited)").trim();
    let lower = lower.strip_prefix("streamed ").unwrap_or(lower);
    if ["just now", "yesterday", "today", "now"].contains(&lower) {
        return true;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    if let [count, unit, "ago"] = words[..] {
        let counted =
            count.bytes().all(|b| b.is_ascii_digit()) || ["a", "an", "one"].contains(&count);
        let unit = unit.strip_suffix('s').unwrap_or(unit);
        return counted && UNITS.contains(&unit);
    }
    // Compact forms: "3h", "2d", "5mo".
    let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && words.len() == 1 && SHORT.contains(&&lower[digits..])
}

/// What the accepted forms look like, for messages.
pub const ACCEPTED_FORMS: &str = "RFC 3339 (2019-02-13T18:04:00Z), 2019-02-13 18:04[:00] with an optional offset, \
     13/02/2019 or 02/13/2019 with an optional time and AM/PM, Twitter's Wed Feb 13 18:04:00 +0000 2019, \
     or Unix seconds";

/// One time cell, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parsed {
    /// The time in UTC; `None` when the cell is empty or unreadable.
    pub time: Option<DateTime<Utc>>,
    /// The cell held no offset, so `--time-zone` (UTC by default) placed it.
    pub naive: bool,
    /// The cell is a day-first-or-month-first date: what its fields say about the order.
    pub vote: Option<Vote>,
}

/// What one `a/b/yyyy` cell says about the column's date order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vote {
    /// The first field is above 12, so it can only be a day.
    pub day_first: bool,
    /// The second field is above 12, so the first can only be a month.
    pub month_first: bool,
    /// The separator is `/` (US exports write month-first with `/`).
    pub slash: bool,
}

/// The votes of a whole column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateVotes {
    /// Cells shaped `a/b/yyyy` (or with `-` or `.`).
    pub cells: u64,
    /// Of those, cells with `/`.
    pub slash: u64,
    /// Cells that need day-first, and the first such line and value.
    pub day_first: u64,
    /// Cells that need month-first.
    pub month_first: u64,
    /// The first cell that settles the order either way: line and value.
    pub first_day_first: Option<(u64, String)>,
    /// The first cell that needs month-first: line and value.
    pub first_month_first: Option<(u64, String)>,
    /// The first ambiguous cell's value, for the note.
    pub first_cell: Option<String>,
}

/// The order the column is read in, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Day-first or month-first.
    pub order: DateOrder,
    /// Why, in words, for a note.
    pub note: String,
}

impl DateVotes {
    /// Count one cell's vote.
    pub fn add(&mut self, vote: Vote, line: u64, cell: &str) {
        self.cells += 1;
        self.slash += u64::from(vote.slash);
        if self.first_cell.is_none() {
            self.first_cell = Some(cell.to_owned());
        }
        if vote.day_first {
            self.day_first += 1;
            if self.first_day_first.is_none() {
                self.first_day_first = Some((line, cell.to_owned()));
            }
        }
        if vote.month_first {
            self.month_first += 1;
            if self.first_month_first.is_none() {
                self.first_month_first = Some((line, cell.to_owned()));
            }
        }
    }

    /// The column's order: settled by a field above 12 when one side has such cells; the
    /// majority when both do (the others are unreadable); otherwise assumed from the separator
    /// (`/` month-first as US exports write it, `-` and `.` day-first as European ones do).
    /// `None` when the column holds no such cell.
    #[must_use]
    pub fn decide(&self, column: &str) -> Option<Decision> {
        if self.cells == 0 {
            return None;
        }
        let shown = |s: &str| crate::escape::for_terminal(s, 40);
        let flags = "pass --day-first or --month-first to choose";
        let (order, note) = match (&self.first_day_first, &self.first_month_first) {
            (Some((line, cell)), None) => (
                DateOrder::DayFirst,
                format!(
                    "column '{column}' holds dates like {:?} (line {line}), whose first field is above 12, so its dates are read day-first",
                    shown(cell)
                ),
            ),
            (None, Some((line, cell))) => (
                DateOrder::MonthFirst,
                format!(
                    "column '{column}' holds dates like {:?} (line {line}), whose second field is above 12, so its dates are read month-first",
                    shown(cell)
                ),
            ),
            (Some(_), Some(_)) => {
                let order = if self.day_first >= self.month_first {
                    DateOrder::DayFirst
                } else {
                    DateOrder::MonthFirst
                };
                let (read, other) = match order {
                    DateOrder::MonthFirst => (self.month_first, self.day_first),
                    _ => (self.day_first, self.month_first),
                };
                (
                    order,
                    format!(
                        "column '{column}' mixes day-first dates ({} cells) and month-first ones ({}); read {} (the majority, {read} cells), so the {other} others are unreadable; {flags}",
                        self.day_first,
                        self.month_first,
                        order.words()
                    ),
                )
            }
            (None, None) => {
                let order = if self.slash * 2 >= self.cells {
                    DateOrder::MonthFirst
                } else {
                    DateOrder::DayFirst
                };
                let why = match order {
                    DateOrder::MonthFirst => "as US exports write dates with '/'",
                    _ => "as European exports write dates with '-' or '.'",
                };
                (
                    order,
                    format!(
                        "column '{column}' holds dates like {:?} that could be day-first or month-first, and no field above 12 settles it; they are read {} {why}; {flags}",
                        shown(self.first_cell.as_deref().unwrap_or_default()),
                        order.words()
                    ),
                )
            }
        };
        Some(Decision { order, note })
    }

    /// Whether reading with `order` gives other times than the provisional reading
    /// ([`TimeReader::provisional`]) for some cell.
    #[must_use]
    pub fn changes_provisional(&self, order: DateOrder) -> bool {
        match order {
            DateOrder::DayFirst => self.slash > 0,
            DateOrder::MonthFirst => self.slash < self.cells,
            DateOrder::Detect => false,
        }
    }
}

impl DateOrder {
    fn words(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
            DateOrder::Detect => "as detected",
        }
    }
}

/// Reads time cells as the options say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimeReader {
    order: DateOrder,
    format: Option<String>,
    zone: Zone,
}

impl TimeReader {
    /// A reader for `options`. With [`DateOrder::Detect`], an ambiguous date is read
    /// provisionally by its separator (`/` month-first, else day-first) until the whole column
    /// has voted.
    #[must_use]
    pub fn new(options: &TimeOptions) -> Self {
        TimeReader {
            order: options.order,
            format: options.format.clone(),
            zone: options.zone,
        }
    }

    /// The same reader with the date order settled.
    #[must_use]
    pub fn with_order(&self, order: DateOrder) -> Self {
        TimeReader {
            order,
            ..self.clone()
        }
    }

    /// Read one cell.
    #[must_use]
    pub fn parse(&self, cell: &str) -> Parsed {
        let s = cell.trim();
        if s.is_empty() {
            return Parsed::default();
        }
        if let Some(format) = &self.format {
            return self.with_format(s, format);
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return offset(t);
        }
        if let Ok(t) = DateTime::parse_from_str(s, "%a %b %d %H:%M:%S %z %Y") {
            return offset(t);
        }
        if let Some(t) = twitter_with_zone_name(s) {
            return offset(t);
        }
        if let Some(parsed) = self.numeric(s) {
            return parsed;
        }
        Parsed {
            time: parse_unix_seconds(s),
            ..Parsed::default()
        }
    }

    fn with_format(&self, s: &str, format: &str) -> Parsed {
        if let Ok(t) = DateTime::parse_from_str(s, format) {
            return offset(t);
        }
        let naive = NaiveDateTime::parse_from_str(s, format).ok().or_else(|| {
            NaiveDate::parse_from_str(s, format)
                .ok()
                .map(|d| d.and_time(NaiveTime::MIN))
        });
        match naive {
            Some(n) => self.local(n),
            None => Parsed::default(),
        }
    }

    /// A date of three numeric fields and an optional clock.
    fn numeric(&self, s: &str) -> Option<Parsed> {
        let (fields, sep, rest) = date_fields(s)?;
        let (date, vote) = if fields[0].1 == 4 {
            // Year first: never ambiguous.
            let year = i32::try_from(fields[0].0).ok()?;
            let date = NaiveDate::from_ymd_opt(year, fields[1].0, fields[2].0);
            (date, None)
        } else if fields[2].1 == 4 || fields[2].1 == 2 {
            let year = i32::try_from(fields[2].0).ok()?;
            let year = if fields[2].1 == 2 { 2000 + year } else { year };
            let (a, b) = (fields[0].0, fields[1].0);
            let vote = Vote {
                day_first: a > 12,
                month_first: b > 12,
                slash: sep == b'/',
            };
            let order = match self.order {
                DateOrder::Detect if sep == b'/' => DateOrder::MonthFirst,
                DateOrder::Detect => DateOrder::DayFirst,
                settled => settled,
            };
            let (day, month) = match order {
                DateOrder::MonthFirst => (b, a),
                _ => (a, b),
            };
            (NaiveDate::from_ymd_opt(year, month, day), Some(vote))
        } else {
            return None;
        };
        let parsed = date.and_then(|d| {
            let (clock, zone) = clock(rest)?;
            let naive = d.and_time(clock);
            Some(match zone {
                Some(z) => offset(z.from_local_datetime(&naive).single()?),
                None => self.local(naive),
            })
        });
        Some(Parsed {
            vote,
            ..parsed.unwrap_or_default()
        })
    }

    /// A time without an offset, placed in the configured zone.
    fn local(&self, naive: NaiveDateTime) -> Parsed {
        Parsed {
            time: self.zone.to_utc(naive),
            naive: true,
            vote: None,
        }
    }
}

fn offset(t: DateTime<FixedOffset>) -> Parsed {
    Parsed {
        time: Some(t.to_utc()),
        naive: false,
        vote: None,
    }
}

/// Read `--event-time` as a cell of the time column is read (RFC 3339, Twitter's form, dates
/// day- or month-first with or without a time, Unix seconds, ...; a time without an offset in
/// the `--time-zone`), but never with `--time-format`, which describes the column.
///
/// # Errors
/// [`Error::Usage`] naming common forms.
pub fn parse_event_time(arg: &str, options: &TimeOptions) -> Result<DateTime<Utc>> {
    let reader = TimeReader {
        format: None,
        ..TimeReader::new(options)
    };
    reader.parse(arg).time.ok_or_else(|| {
        Error::Usage(format!(
            "--event-time {arg:?}: give the time the story broke as 2019-02-04T13:01:00Z, 2019-02-04 13:01 (read in --time-zone, default UTC), 2019-02-04 or another form the time column accepts"
        ))
    })
}

/// Parse one timestamp cell with the default options; `None` when it matches none of the
/// accepted forms.
#[cfg(test)]
#[must_use]
pub fn parse_timestamp(cell: &str) -> Option<DateTime<Utc>> {
    TimeReader::default().parse(cell).time
}

/// A numeric field of a date: its value and how many digits it was written with.
type Field = (u32, usize);

/// Three numeric fields joined by one separator (`-`, `/` or `.`): each value and its digit
/// count, the separator, and what follows.
fn date_fields(s: &str) -> Option<([Field; 3], u8, &str)> {
    let bytes = s.as_bytes();
    let mut fields: [Field; 3] = [(0, 0); 3];
    let mut i = 0;
    let mut sep = 0u8;
    for (k, field) in fields.iter_mut().enumerate() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() && i - start < 4 {
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits == 3 {
            return None;
        }
        *field = (s[start..i].parse().ok()?, digits);
        if k < 2 {
            let b = *bytes.get(i)?;
            if !matches!(b, b'-' | b'/' | b'.') || (k == 1 && b != sep) {
                return None;
            }
            sep = b;
            i += 1;
        }
    }
    // A fourth digit or separator right after: not a date of three fields.
    if bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_digit() || *b == sep)
    {
        return None;
    }
    // Year first needs 4 digits then 1-2, 1-2; year last needs 1-2, 1-2 then 4 or 2.
    let [a, b, c] = fields;
    let year_first = a.1 == 4 && b.1 <= 2 && c.1 <= 2;
    let year_last = a.1 <= 2 && b.1 <= 2 && (c.1 == 4 || c.1 == 2);
    (year_first || year_last).then_some((fields, sep, &s[i..]))
}

/// The clock after a date: empty (midnight), or `[T| ]H:MM[:SS[.f]]` or `H.MM[.SS]`, then an
/// optional AM/PM and an optional offset (`Z`, `UTC`, `GMT`, `+0100`, `-08:00`).
fn clock(rest: &str) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Some((NaiveTime::MIN, None));
    }
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest).trim_start();
    let (numbers, tail) = rest.split_at(
        rest.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(rest.len()),
    );
    let sep = if numbers.contains(':') { ':' } else { '.' };
    let mut parts = numbers.splitn(3, sep);
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute_text = parts.next()?;
    if minute_text.len() != 2 {
        return None;
    }
    let minute: u32 = minute_text.parse().ok()?;
    let (second, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, fraction) = sec.split_once('.').unwrap_or((sec, ""));
            if whole.len() != 2
                || fraction.len() > 9
                || !fraction.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let nanos = if fraction.is_empty() {
                0
            } else {
                format!("{fraction:0<9}").parse().ok()?
            };
            (whole.parse().ok()?, nanos)
        }
    };
    let mut tail = tail.trim_start();
    let mut hour = hour;
    let upper = tail.to_ascii_uppercase();
    for (mark, pm) in [("AM", false), ("PM", true), ("A.M.", false), ("P.M.", true)] {
        if upper.starts_with(mark) {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            tail = tail[mark.len()..].trim_start();
            break;
        }
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let zone = match tail {
        "" => None,
        "Z" | "z" | "UTC" | "GMT" => Some(FixedOffset::east_opt(0)?),
        _ => Some(parse_offset(tail)?),
    };
    Some((time, zone))
}

/// Zone abbreviations in Twitter-style times, with their offsets from UTC in hours: the US
/// zones (as Sentiment140 writes `Mon Apr 06 22:19:45 PDT 2009`), UTC and GMT, and the British
/// and Central European ones. `CST` is read as US Central, not China.
const ZONE_NAMES: [(&str, i32); 14] = [
    ("UTC", 0),
    ("GMT", 0),
    ("BST", 1),
    ("CET", 1),
    ("CEST", 2),
    ("EST", -5),
    ("EDT", -4),
    ("CST", -6),
    ("CDT", -5),
    ("MST", -7),
    ("MDT", -6),
    ("PST", -8),
    ("PDT", -7),
    ("AKST", -9),
];

/// A Twitter-style time whose zone is an abbreviation (`Mon Apr 06 22:19:45 PDT 2009`).
fn twitter_with_zone_name(s: &str) -> Option<DateTime<FixedOffset>> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let [day, month, date, clock, zone, year] = words[..] else {
        return None;
    };
    let &(_, hours) = ZONE_NAMES.iter().find(|(name, _)| *name == zone)?;
    let numeric = format!(
        "{day} {month} {date} {clock} {}{:02}00 {year}",
        if hours < 0 { '-' } else { '+' },
        hours.abs()
    );
    DateTime::parse_from_str(&numeric, "%a %b %d %H:%M:%S %z %Y").ok()
}

fn parse_unix_seconds(s: &str) -> Option<DateTime<Utc>> {
    // A decimal comma, as spreadsheets in European locales write the fraction.
    let point;
    let s = if s.bytes().filter(|&b| b == b',').count() == 1 && !s.contains('.') {
        point = s.replace(',', ".");
        point.as_str()
    } else {
        s
    };
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

    #[test]
    fn event_time_takes_the_forms_of_the_time_column_but_not_its_format() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let utc = TimeOptions::default();
        let read = |arg: &str, o: &TimeOptions| parse_event_time(arg, o).unwrap();
        let reported = at("2019-02-04T13:01:00Z");
        assert_eq!(read("2019-02-04T13:01:00Z", &utc), reported);
        assert_eq!(read("2019-02-04 13:01", &utc), reported);
        assert_eq!(read("Mon Feb 04 13:01:00 +0000 2019", &utc), reported);
        // 1549285260 = 2019-02-04T13:01:00Z (`date -u -d @1549285260`).
        assert_eq!(read("1549285260", &utc), reported);
        assert_eq!(read("2019-02-04", &utc), at("2019-02-04T00:00:00Z"));
        // Without an offset, in --time-zone: 14:01 in Rome in winter is 13:01 UTC.
        let rome = TimeOptions {
            zone: crate::config::zone_for("Europe/Rome").unwrap(),
            ..TimeOptions::default()
        };
        assert_eq!(read("2019-02-04 14:01", &rome), reported);
        // --time-format describes the column, not the flag.
        let dotted = TimeOptions {
            format: Some("%d.%m.%Y %H:%M".to_owned()),
            ..TimeOptions::default()
        };
        assert_eq!(read("2019-02-04T13:01:00Z", &dotted), reported);
        let err = parse_event_time("4 Feb", &utc).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string().contains("give the time the story broke as"),
            "{err}"
        );
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn read(order: DateOrder, zone: Zone, cell: &str) -> Option<DateTime<Utc>> {
        let options = TimeOptions {
            order,
            format: None,
            zone,
        };
        TimeReader::new(&options).parse(cell).time
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

    /// The forms of real exports named in issue 14, each with its UTC time worked out by hand
    /// (and the offset one with `date -u -d '2015-02-24 11:35:52 -0800'`).
    #[test]
    fn reads_the_forms_of_real_exports() {
        for (cell, order, expected) in [
            (
                "24-02-2015 11.35",
                DateOrder::Detect,
                "2015-02-24T11:35:00Z",
            ),
            (
                "12-31-2017 23:43:04",
                DateOrder::MonthFirst,
                "2017-12-31T23:43:04Z",
            ),
            ("2/24/2015 11:35", DateOrder::Detect, "2015-02-24T11:35:00Z"),
            (
                "2/24/2015 11:35 AM",
                DateOrder::Detect,
                "2015-02-24T11:35:00Z",
            ),
            (
                "2/24/2015 11:35 pm",
                DateOrder::Detect,
                "2015-02-24T23:35:00Z",
            ),
            (
                "2/24/2015 12:05 AM",
                DateOrder::Detect,
                "2015-02-24T00:05:00Z",
            ),
            ("2/24/15 11:35", DateOrder::Detect, "2015-02-24T11:35:00Z"),
            ("2015/02/24", DateOrder::Detect, "2015-02-24T00:00:00Z"),
            (
                "2015-02-24 11:35:52 -0800",
                DateOrder::Detect,
                "2015-02-24T19:35:52Z",
            ),
            (
                "24.02.2015 11:35:52",
                DateOrder::Detect,
                "2015-02-24T11:35:52Z",
            ),
            ("1550081040.5", DateOrder::Detect, "2019-02-13T18:04:00.5Z"),
            (
                "2019-02-13T18:04:00.000Z",
                DateOrder::Detect,
                "2019-02-13T18:04:00Z",
            ),
        ] {
            assert_eq!(read(order, Zone::Utc, cell), Some(utc(expected)), "{cell}");
        }
    }

    #[test]
    fn the_order_settles_ambiguous_dates() {
        let cell = "01/02/2019";
        assert_eq!(
            read(DateOrder::DayFirst, Zone::Utc, cell),
            Some(utc("2019-02-01T00:00:00Z"))
        );
        assert_eq!(
            read(DateOrder::MonthFirst, Zone::Utc, cell),
            Some(utc("2019-01-02T00:00:00Z"))
        );
        // A first field above 12 cannot be a month.
        assert_eq!(read(DateOrder::MonthFirst, Zone::Utc, "13/02/2019"), None);
    }

    #[test]
    fn times_without_an_offset_are_placed_in_the_zone() {
        let rome = Zone::Named(chrono_tz::Europe::Rome);
        // Checked with Python's zoneinfo: summer is UTC+2, winter UTC+1.
        assert_eq!(
            read(DateOrder::Detect, rome, "2019-07-01 12:00"),
            Some(utc("2019-07-01T10:00:00Z"))
        );
        assert_eq!(
            read(DateOrder::Detect, rome, "2019-01-15 12:00"),
            Some(utc("2019-01-15T11:00:00Z"))
        );
        // 01:30 happens twice in New York on 2019-11-03: the first (EDT, UTC-4) is taken, as
        // Python's fold=0 does.
        let ny = Zone::Named(chrono_tz::America::New_York);
        assert_eq!(
            read(DateOrder::Detect, ny, "2019-11-03 01:30"),
            Some(utc("2019-11-03T05:30:00Z"))
        );
        // A time with an offset ignores the zone.
        assert_eq!(
            read(DateOrder::Detect, rome, "2019-07-01T12:00:00Z"),
            Some(utc("2019-07-01T12:00:00Z"))
        );
        let fixed = Zone::Fixed(FixedOffset::east_opt(5 * 3600 + 1800).unwrap());
        assert_eq!(
            read(DateOrder::Detect, fixed, "2019-07-01 12:00"),
            Some(utc("2019-07-01T06:30:00Z"))
        );
    }

    #[test]
    fn a_time_format_replaces_the_built_in_forms() {
        let options = |f: &str| TimeOptions {
            format: Some(f.to_owned()),
            ..TimeOptions::default()
        };
        let r = TimeReader::new(&options("%d|%m|%Y %Hh%M"));
        assert_eq!(
            r.parse("24|02|2015 11h35").time,
            Some(utc("2015-02-24T11:35:00Z"))
        );
        assert_eq!(r.parse("2015-02-24T11:35:00Z").time, None);
        let dated = TimeReader::new(&options("%Y%m%d"));
        assert_eq!(
            dated.parse("20150224").time,
            Some(utc("2015-02-24T00:00:00Z"))
        );
    }

    #[test]
    fn votes_decide_the_column_order() {
        let reader = TimeReader::default();
        let mut votes = DateVotes::default();
        for (line, cell) in [(2, "01/02/2019"), (3, "13/02/2019"), (4, "03/04/2019")] {
            votes.add(reader.parse(cell).vote.unwrap(), line, cell);
        }
        let d = votes.decide("date").unwrap();
        assert_eq!(d.order, DateOrder::DayFirst);
        assert!(d.note.contains("\"13/02/2019\" (line 3)"), "{}", d.note);
        // Provisionally '/' was read month-first, so the column is read again.
        assert!(votes.changes_provisional(DateOrder::DayFirst));

        let mut ambiguous = DateVotes::default();
        ambiguous.add(reader.parse("01/02/2019").vote.unwrap(), 2, "01/02/2019");
        let d = ambiguous.decide("date").unwrap();
        assert_eq!(d.order, DateOrder::MonthFirst);
        assert!(d.note.contains("pass --day-first or --month-first"));
        assert!(!ambiguous.changes_provisional(DateOrder::MonthFirst));

        let mut mixed = DateVotes::default();
        for cell in ["13-02-2019", "14-02-2019", "02-13-2019"] {
            mixed.add(reader.parse(cell).vote.unwrap(), 2, cell);
        }
        let d = mixed.decide("date").unwrap();
        assert_eq!(d.order, DateOrder::DayFirst);
        assert!(
            d.note.contains("so the 1 others are unreadable"),
            "{}",
            d.note
        );
        assert!(DateVotes::default().decide("date").is_none());
    }

    #[test]
    fn rejects_garbage() {
        for cell in [
            "",
            "yesterday",
            "2019-13-01",
            "99999999999999",
            ".",
            "1/2/3",
            "12.5.3",
            "2019-02-13 25:00",
            "2/24/2015 13:00 PM",
            "2019-02-13 18:04 +9900",
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

    #[test]
    fn sentiment140_times_with_a_zone_name_were_unreadable() {
        assert_eq!(
            parse_timestamp("Mon Apr 06 22:19:45 PDT 2009"),
            Some(utc("2009-04-07T05:19:45Z"))
        );
        assert_eq!(
            parse_timestamp("Wed Feb 13 18:04:00 GMT 2019"),
            Some(utc("2019-02-13T18:04:00Z"))
        );
        assert_eq!(
            parse_timestamp("Wed Feb 13 18:04:00 CEST 2019"),
            Some(utc("2019-02-13T16:04:00Z"))
        );
        // An unknown abbreviation, or the wrong weekday, stays unreadable.
        assert_eq!(parse_timestamp("Mon Apr 06 22:19:45 XYZ 2009"), None);
        assert_eq!(parse_timestamp("Tue Apr 06 22:19:45 PDT 2009"), None);
    }

    #[test]
    fn relative_times_are_recognised_and_never_read() {
        for cell in [
            "6 months ago",
            "1 month ago",
            "a year ago (edited)",
            "Streamed 2 years ago",
            "just now",
            "3h",
            "5mo",
            " 12 Minutes ago ",
        ] {
            assert!(is_relative(cell), "{cell}");
            assert_eq!(parse_timestamp(cell), None, "{cell}");
        }
        for cell in [
            "2019-02-04",
            "1549279260",
            "ago",
            "many months ago",
            "3 parsecs ago",
            "3x",
        ] {
            assert!(!is_relative(cell), "{cell}");
        }
    }

    #[test]
    fn unix_seconds_with_a_decimal_comma_were_unreadable() {
        // Reddit's created_utc re-saved by a spreadsheet in an Italian locale.
        assert_eq!(
            parse_timestamp("1549279260,5"),
            Some(utc("2019-02-04T11:21:00.5Z"))
        );
        assert_eq!(
            parse_timestamp("1549279260,"),
            Some(utc("2019-02-04T11:21:00Z"))
        );
        for bad in ["1549279260,5,5", "1,549,279,260", "1549279260,5.5", ","] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    /// Random times written by chrono's own formatter in each form, read back exactly; and
    /// random character soup never panics.
    #[test]
    fn random_times_round_trip_through_every_form_and_soup_never_panics() {
        let mut rng = crate::testing::Rng(0x9E37_79B9_7F4A_7C15);
        let forms: [(&str, DateOrder); 5] = [
            ("%d-%m-%Y %H.%M", DateOrder::DayFirst),
            ("%m/%d/%Y %I:%M %p", DateOrder::MonthFirst),
            ("%Y/%m/%d %H:%M:%S", DateOrder::Detect),
            ("%d.%m.%Y %H:%M:%S", DateOrder::DayFirst),
            ("%Y-%m-%d %H:%M:%S %z", DateOrder::Detect),
        ];
        for _ in 0..20_000 {
            // Whole minutes between 2000 and 2030.
            let minutes = i64::try_from(rng.below(30 * 365 * 24 * 60)).unwrap();
            let t = DateTime::from_timestamp(946_684_800 + minutes * 60, 0).unwrap();
            for (form, order) in forms {
                let cell = t.format(form).to_string();
                assert_eq!(read(order, Zone::Utc, &cell), Some(t), "{cell} as {form}");
            }
        }
        let soup: Vec<char> = "0123456789/-.: APMZTtapm+".chars().collect();
        for _ in 0..100_000 {
            let len = rng.below(24);
            let cell: String = (0..len).map(|_| soup[rng.below(soup.len())]).collect();
            let _ = TimeReader::default().parse(&cell);
            let _ = read(
                DateOrder::DayFirst,
                Zone::Named(chrono_tz::Europe::Rome),
                &cell,
            );
        }
    }
}
