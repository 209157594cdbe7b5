//! Markup in post text: HTML tags and entities, removed before a post is scored.
//!
//! Exports carry markup that changes what VADER reads. The Twitter API escapes `&`, `<` and `>`
//! in tweet text, so a heart `<3` arrives as `&lt;3` and loses its valence; Mastodon's `content`
//! is HTML (`<p>` around every post, `<span>` inside every mention), so `careful</p>` is no
//! longer the lexicon's `careful`; YouTube's `textDisplay` has `<br>` and `&#39;`. On the rated
//! tweets in `tests/data`, 237 texts hold an entity and 20 of them score differently once it is
//! decoded, 7 by more than 0.2.
//!
//! [`clean`] removes the tags HTML uses for text (`<p>`, `<br>`, `<a ...>`, `<span ...>`, and
//! the others in [`TAGS`]; a block tag becomes a line break) and decodes numeric entities and the
//! named ones in [`ENTITIES`]. Anything else is left as written: `<3`, `a < b`, `<tag>` with a
//! name HTML does not use for text, `&` alone, and unknown `&names;`. Tags are removed before
//! entities are decoded, so an escaped tag (`&lt;p&gt;`) stays visible as `<p>`.
//!
//! `--keep-markup` turns this off, for text that is meant to be read as written.

use std::borrow::Cow;

/// Tags removed, by name (lowercase), and whether each breaks the line.
pub const TAGS: &[(&str, bool)] = &[
    ("a", false),
    ("abbr", false),
    ("b", false),
    ("bdi", false),
    ("blockquote", true),
    ("br", true),
    ("cite", false),
    ("code", false),
    ("del", false),
    ("div", true),
    ("em", false),
    ("h1", true),
    ("h2", true),
    ("h3", true),
    ("h4", true),
    ("h5", true),
    ("h6", true),
    ("hr", true),
    ("i", false),
    ("img", false),
    ("ins", false),
    ("li", true),
    ("mark", false),
    ("ol", true),
    ("p", true),
    ("pre", true),
    ("q", false),
    ("s", false),
    ("small", false),
    ("span", false),
    ("strong", false),
    ("sub", false),
    ("sup", false),
    ("u", false),
    ("ul", true),
];

/// Named entities decoded (the five XML ones, and those exports use for punctuation and
/// spaces); numeric ones (`&#39;`, `&#x1F525;`) are decoded too.
pub const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("apos", '\''),
    ("gt", '>'),
    ("hellip", '\u{2026}'),
    ("laquo", '\u{ab}'),
    ("ldquo", '\u{201c}'),
    ("lsquo", '\u{2018}'),
    ("lt", '<'),
    ("mdash", '\u{2014}'),
    ("nbsp", '\u{a0}'),
    ("ndash", '\u{2013}'),
    ("quot", '"'),
    ("raquo", '\u{bb}'),
    ("rdquo", '\u{201d}'),
    ("rsquo", '\u{2019}'),
];

/// `text` without its HTML tags and with its entities decoded; `None` when there is nothing to
/// change (the common case costs one scan for `<` and `&`).
#[must_use]
pub fn clean(text: &str) -> Option<String> {
    memchr::memchr2(b'<', b'&', text.as_bytes())?;
    let stripped = strip_tags(text);
    let decoded = match decode_entities(&stripped) {
        Cow::Borrowed(_) => stripped,
        Cow::Owned(s) => Cow::Owned(s),
    };
    match decoded {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => {
            let trimmed = s.trim();
            Some(if trimmed.len() == s.len() {
                s
            } else {
                trimmed.to_owned()
            })
        }
    }
}

/// The length in bytes of the tag at the start of `rest` (which starts with `<`), and whether it
/// breaks the line; `None` when it is not one of [`TAGS`].
fn tag_at(rest: &str) -> Option<(usize, bool)> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    let start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = &rest[start..i];
    let &(_, breaks) = TAGS
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(name))?;
    match bytes.get(i)? {
        b'>' => Some((i + 1, breaks)),
        b'/' if bytes.get(i + 1) == Some(&b'>') => Some((i + 2, breaks)),
        c if c.is_ascii_whitespace() => {
            // Attributes: up to the closing `>`, with no `<` on the way (quoted values may hold
            // `>`, so quotes are skipped whole).
            let mut quote = None;
            for (k, &b) in bytes.iter().enumerate().skip(i) {
                match (quote, b) {
                    (Some(q), _) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'>') => return Some((k + 1, breaks)),
                    (None, b'<') => return None,
                    (None, _) => {}
                }
            }
            None
        }
        _ => None,
    }
}

/// `text` with the tags of [`TAGS`] removed (a line-breaking tag becomes `\n`).
fn strip_tags(text: &str) -> Cow<'_, str> {
    replace_matches(text, b'<', |rest| {
        tag_at(rest).map(|(len, breaks)| (len, breaks.then_some('\n')))
    })
}

/// `text` with each match replaced: `matched` is tried where `byte` occurs and gives the length
/// matched and the character to put in its place, if any; borrowed when nothing matched.
fn replace_matches(
    text: &str,
    byte: u8,
    matched: impl Fn(&str) -> Option<(usize, Option<char>)>,
) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    for at in memchr::memchr_iter(byte, text.as_bytes()) {
        if at < copied {
            continue;
        }
        if let Some((len, with)) = matched(&text[at..]) {
            out.push_str(&text[copied..at]);
            out.extend(with);
            copied = at + len;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The character of the entity at the start of `rest` (which starts with `&`) and its length.
fn entity_at(rest: &str) -> Option<(char, usize)> {
    let end = rest.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let body = &rest[1..end];
    let c = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        char::from_u32(code).filter(|&c| c != '\0')?
    } else {
        ENTITIES.iter().find(|(name, _)| *name == body)?.1
    };
    Some((c, end + 1))
}

/// `text` with the entities of [`ENTITIES`] and numeric ones decoded.
fn decode_entities(text: &str) -> Cow<'_, str> {
    replace_matches(text, b'&', |rest| {
        entity_at(rest).map(|(c, len)| (len, Some(c)))
    })
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn text_without_markup_is_left_alone() {
        for text in [
            "plain words",
            "I <3 you",
            "a < b and c > d",
            "fish & chips",
            "AT&T; ok",
            "&unknown; stays",
            "<notatag> stays",
            "<p unclosed",
            "&#0; is not a character",
            "&#xZZ; is not a number",
        ] {
            assert_eq!(clean(text), None, "{text}");
        }
    }

    #[test]
    fn twitter_entities_are_decoded() {
        assert_eq!(clean("Thanks! &lt;3").as_deref(), Some("Thanks! <3"));
        assert_eq!(
            clean("fish &amp; chips &gt;:[").as_deref(),
            Some("fish & chips >:[")
        );
        assert_eq!(clean("it&#39;s &#x1F525;").as_deref(), Some("it's 🔥"));
        assert_eq!(clean("&quot;hi&quot;").as_deref(), Some("\"hi\""));
        // Decoded once: an escaped entity stays an entity.
        assert_eq!(clean("&amp;lt;3").as_deref(), Some("&lt;3"));
    }

    #[test]
    fn mastodon_html_becomes_its_text() {
        let content = r#"<p><span class="h-card" translate="no"><a href="https://m.s/@aoc" class="u-url mention">@<span>aoc</span></a></span> Please be careful</p><p>Worried &amp; sad</p>"#;
        assert_eq!(
            clean(content).as_deref(),
            Some("@aoc Please be careful\n\nWorried & sad")
        );
        // YouTube's textDisplay.
        assert_eq!(
            clean("Great video!<br>Thanks<br/>x<BR />y").as_deref(),
            Some("Great video!\nThanks\nx\ny")
        );
        // A quoted attribute may hold `>`; an escaped tag stays visible.
        assert_eq!(
            clean(r#"<a title="a>b" href="x">link</a> &lt;p&gt;"#).as_deref(),
            Some("link <p>")
        );
    }
}
