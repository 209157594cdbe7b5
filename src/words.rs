//! Counts in words: "1 post", "2 posts", never "1 posts".

/// `n` and the noun, singular for one: `count(1, "post")` is `1 post`, `count(2, "post")` is
/// `2 posts`. For the regular English plurals our messages use (post, row, cell, time, file).
#[must_use]
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `singular` for one, else `plural` (for verbs: "has" / "have", "is" / "are").
#[must_use]
pub fn agree(n: impl Into<u64>, singular: &'static str, plural: &'static str) -> &'static str {
    if n.into() == 1 {
        singular
    } else {
        plural
    }
}

/// `text` with its first letter upper-cased (a message that starts a sentence of its own).
#[must_use]
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_zero_is_plural() {
        assert_eq!(count(1u64, "post"), "1 post");
        assert_eq!(count(0u64, "post"), "0 posts");
        assert_eq!(count(215u64, "post"), "215 posts");
        assert_eq!(agree(1u64, "has", "have"), "has");
        assert_eq!(agree(2u64, "has", "have"), "have");
    }
}
