//! CSV fields appended straight to a byte buffer, for the per-post table (a million rows and
//! more). Each function writes exactly what the `csv` crate's default writer and Rust's `Display`
//! would, without their per-field bookkeeping; the tests check that against both.

use std::io::Write;

/// Append `value` as one CSV field: as it is, or in double quotes with every `"` doubled when it
/// holds a delimiter, a quote or a line break. This is the `csv` crate's default
/// (`QuoteStyle::Necessary`, `,` delimiter, `\n` terminator, which also quotes `\r`).
pub(crate) fn push_field(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    if memchr::memchr3(b',', b'"', b'\n', bytes).is_none() && memchr::memchr(b'\r', bytes).is_none()
    {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    let mut rest = bytes;
    while let Some(i) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.push(b'"');
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Whether a spreadsheet could take `value` for a formula: it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return (OWASP's list for CSV injection) and is not a plain number such as
/// `-0.25`.
#[must_use]
pub fn formula_risk(value: &str) -> bool {
    matches!(
        value.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && value.parse::<f64>().is_err()
}

/// `value` with a `'` in front when it is a [`formula_risk`], as OWASP recommends; a spreadsheet
/// then shows it as text.
pub(crate) fn neutralised(value: &str) -> std::borrow::Cow<'_, str> {
    if formula_risk(value) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Append `n` in decimal, as `Display` does.
pub(crate) fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        // n % 10 < 10, so the cast keeps every bit.
        digits[i] = b'0' + u8::try_from(n % 10).unwrap_or(0);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Append `x` as `Display` does (the shortest decimal that reads back as the same `f64`).
///
/// VADER's scores are rounded to three or four decimals, so most values are the nearest `f64`
/// to a decimal `d` with at most four decimals. Then `d` without its trailing zeros is the
/// shortest decimal that reads back as `x` (two such decimals differ by at least 0.0001, far more
/// than the spacing of `f64` near `x`), which is what `Display` prints. Those are written here;
/// anything else (other values, zero, which may be `-0`, and non-finite values) goes to `Display`.
pub(crate) fn push_f64(out: &mut Vec<u8>, x: f64) {
    let Some(n) = ten_thousandths(x) else {
        let _ = write!(out, "{x}");
        return;
    };
    if x < 0.0 {
        out.push(b'-');
    }
    push_u64(out, n / 10_000);
    let frac = n % 10_000;
    if frac != 0 {
        // Four digits, zero-padded (0.0042 has frac 42), without trailing zeros.
        let digits = [frac / 1000, frac / 100 % 10, frac / 10 % 10, frac % 10]
            .map(|d| b'0' + u8::try_from(d).unwrap_or(0));
        let len = 4 - digits.iter().rev().take_while(|&&d| d == b'0').count();
        out.push(b'.');
        out.extend_from_slice(&digits[..len]);
    }
}

/// `|x|` in ten-thousandths when `x` is nonzero, below 1e9 in size and the nearest `f64` to a
/// decimal with at most four places; `None` otherwise (those go to `Display`).
fn ten_thousandths(x: f64) -> Option<u64> {
    const SCALE: f64 = 10_000.0;
    if x == 0.0 || x.is_nan() || x.abs() >= 1e9 {
        return None;
    }
    let scaled = (x * SCALE).round();
    // |scaled| < 1e13, exactly an integer: the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (scaled / SCALE == x).then(|| scaled.abs() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_found_and_quoted_but_numbers_are_not() {
        for risky in [
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
        ] {
            assert!(formula_risk(risky), "{risky:?}");
            assert_eq!(neutralised(risky), format!("'{risky}"));
        }
        for plain in ["-0.25", "+3", "1e5", "love it", "", "'=quoted", " =a"] {
            assert!(!formula_risk(plain), "{plain:?}");
            assert_eq!(neutralised(plain), plain);
        }
    }
    use crate::testing::Rng;

    fn display_f64(x: f64) -> String {
        let mut out = Vec::new();
        push_f64(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats_read_as_display_writes_them() {
        let mut values: Vec<f64> = Vec::new();
        // Every VADER neg/neu/pos (three decimals) and compound (four) value, and the same
        // decimals as computed by other routes (division, multiplication, parsing).
        for k in -10_000i32..=10_000 {
            values.push(f64::from(k) / 10_000.0);
            values.push(f64::from(k) * 0.0001);
            values.push(format!("{}e-4", k).parse().unwrap());
            values.push(f64::from(k) / 1000.0);
        }
        // Larger and odd values: integers, halves, tiny and huge magnitudes, non-finite ones.
        values.extend([
            0.0,
            -0.0,
            1.0,
            -1.0,
            12.0,
            0.5,
            1e-7,
            -3.5e-5,
            0.000_05,
            0.000_149_999,
            123_456.789_1,
            999_999_999.999_9,
            1e9,
            -1e9,
            1e15,
            1e300,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.1 + 0.2,
            1.0 / 3.0,
        ]);
        // Random bit patterns and random probabilities.
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            values.push(f64::from_bits(rng.next()));
            #[allow(clippy::cast_precision_loss)]
            values.push((rng.next() >> 11) as f64 / (1u64 << 53) as f64);
        }
        let mut fast = 0;
        for x in values {
            assert_eq!(display_f64(x), format!("{x}"), "{x:e} ({:#x})", x.to_bits());
            fast += usize::from(ten_thousandths(x).is_some());
        }
        // Most of the probe values take the fast path, so it is what these tests check.
        assert!(fast > 70_000, "{fast}");
    }

    #[test]
    fn integers_read_as_display_writes_them() {
        let mut rng = Rng(7);
        let specials = [0, 1, 9, 10, 99, 100, 1_000_000, u64::MAX - 1, u64::MAX];
        for n in specials
            .into_iter()
            .chain((0..100_000).map(|_| rng.next() >> (rng.next() % 64)))
        {
            let mut out = Vec::new();
            push_u64(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn fields_are_quoted_as_the_csv_crate_quotes_them() {
        // Random fields over an alphabet of every byte that matters to CSV and a few that do
        // not, each record written both ways.
        let alphabet = [
            "a", "Z", " ", ",", "\"", "\n", "\r", "\r\n", ";", "\t", "'", "#", "=", "é", "🙂", "",
        ];
        let mut rng = Rng(42);
        for _ in 0..20_000 {
            let fields: Vec<String> = (0..1 + rng.below(4))
                .map(|_| {
                    (0..rng.below(12))
                        .map(|_| alphabet[rng.below(alphabet.len())])
                        .collect()
                })
                .collect();
            let mut ours = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    ours.push(b',');
                }
                push_field(&mut ours, f);
            }
            ours.push(b'\n');
            if fields.len() == 1 && fields[0].is_empty() {
                // The csv crate writes a lone empty field as `""`; the per-post table always
                // has many fields, so that case is not ours.
                continue;
            }
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&fields).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(w.into_inner().unwrap()).unwrap(),
                "{fields:?}"
            );
        }
    }
}
