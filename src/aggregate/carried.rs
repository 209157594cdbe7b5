//! The types input columns keep in the per-post frames (Parquet and Arrow IPC): a column whose
//! non-empty cells are all integers is written as integers, all numbers as floats, all `true` /
//! `false` as booleans; anything else, and every id-like column, stays text. CSV keeps the text
//! as it was.

use rayon::prelude::*;

use crate::ingest::ColumnMap;
use crate::model::Scored;

/// The type of a carried input column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarriedType {
    /// Text, as read.
    Text,
    /// 64-bit integers (empty cells null).
    Integer,
    /// 64-bit floats (empty cells null).
    Number,
    /// Booleans (empty cells null).
    Boolean,
}

/// What one cell could be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Empty,
    /// An integer that a 64-bit float holds exactly (|n| < 2^53).
    SmallInteger,
    /// An integer beyond 2^53: exact as an integer, not as a float.
    LargeInteger,
    Number,
    Boolean,
    Text,
}

fn cell(s: &str) -> Cell {
    let s = s.trim();
    if s.is_empty() {
        return Cell::Empty;
    }
    if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
        return Cell::Boolean;
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // A leading zero (`007`, a zip code, an id) is text: an integer would drop it.
        if digits.len() > 1 && digits.starts_with('0') {
            return Cell::Text;
        }
        return match s.parse::<i64>() {
            Ok(n) if n.unsigned_abs() < (1 << 53) => Cell::SmallInteger,
            Ok(_) => Cell::LargeInteger,
            Err(_) => Cell::Text,
        };
    }
    // Plain decimals only (`0.5`, `-12.25`): no exponent, no `nan`, no `inf`, no leading zero
    // before other digits.
    let plain = digits.bytes().filter(|b| *b == b'.').count() == 1
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().any(|b| b.is_ascii_digit())
        && !(digits.starts_with("00")
            || (digits.starts_with('0')
                && digits.as_bytes().get(1).is_some_and(u8::is_ascii_digit)));
    if plain && s.parse::<f64>().is_ok() {
        Cell::Number
    } else {
        Cell::Text
    }
}

/// The type of each input column, from every cell of the posts. Columns of the id, reply-to and
/// author roles, and columns named like ids (`*_id`), stay text.
#[must_use]
pub fn carried_types(
    headers: &[String],
    columns: &ColumnMap,
    posts: &[Scored],
) -> Vec<CarriedType> {
    let roles = [
        Some(columns.text),
        columns.id,
        columns.parent,
        columns.author,
        columns.stance,
    ];
    (0..headers.len())
        .into_par_iter()
        .map(|i| {
            if roles.contains(&Some(i)) || crate::ingest::columns::id_like(&headers[i]) {
                return CarriedType::Text;
            }
            let mut seen = [false; 6];
            for s in posts {
                let c = cell(&s.post.fields[i]);
                seen[c as usize] = true;
                if c == Cell::Text {
                    return CarriedType::Text;
                }
            }
            let has = |c: Cell| seen[c as usize];
            let numeric = has(Cell::SmallInteger) || has(Cell::LargeInteger) || has(Cell::Number);
            match (has(Cell::Boolean), numeric) {
                (true, false) => CarriedType::Boolean,
                (false, true) if has(Cell::Number) && has(Cell::LargeInteger) => CarriedType::Text,
                (false, true) if has(Cell::Number) => CarriedType::Number,
                (false, true) => CarriedType::Integer,
                _ => CarriedType::Text,
            }
        })
        .collect()
}

/// A carried column of `posts` as a frame column of type `kind`.
pub(crate) fn column(
    name: &str,
    kind: CarriedType,
    index: usize,
    posts: &[Scored],
) -> polars::prelude::Column {
    use polars::prelude::Column;
    let cells = posts.iter().map(|s| s.post.fields[index].trim());
    let name = name.into();
    match kind {
        CarriedType::Text => Column::new(
            name,
            posts
                .iter()
                .map(|s| &s.post.fields[index])
                .collect::<Vec<&str>>(),
        ),
        CarriedType::Integer => Column::new(
            name,
            cells.map(|c| c.parse::<i64>().ok()).collect::<Vec<_>>(),
        ),
        CarriedType::Number => Column::new(
            name,
            cells.map(|c| c.parse::<f64>().ok()).collect::<Vec<_>>(),
        ),
        CarriedType::Boolean => Column::new(
            name,
            cells
                .map(|c| (!c.is_empty()).then(|| c.eq_ignore_ascii_case("true")))
                .collect::<Vec<_>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_classified_as_written() {
        assert_eq!(cell(" 12 "), Cell::SmallInteger);
        assert_eq!(cell("-3"), Cell::SmallInteger);
        assert_eq!(cell("0"), Cell::SmallInteger);
        assert_eq!(cell("007"), Cell::Text);
        // 2^53 = 9007199254740992: no longer exact as a float.
        assert_eq!(cell("9007199254740991"), Cell::SmallInteger);
        assert_eq!(cell("9007199254740992"), Cell::LargeInteger);
        // Beyond 64 bits: text.
        assert_eq!(cell("99999999999999999999"), Cell::Text);
        assert_eq!(cell("0.5"), Cell::Number);
        assert_eq!(cell("-12.25"), Cell::Number);
        assert_eq!(cell("1e5"), Cell::Text);
        assert_eq!(cell("NaN"), Cell::Text);
        assert_eq!(cell("01.5"), Cell::Text);
        assert_eq!(cell("True"), Cell::Boolean);
        assert_eq!(cell(""), Cell::Empty);
        assert_eq!(cell("1.2.3"), Cell::Text);
    }
}
