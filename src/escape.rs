//! Making post text safe to show: in a terminal (control and bidi characters escaped) and in a
//! Markdown table cell (pipes, HTML and line breaks neutralised). Both also shorten long text.

/// Unicode bidirectional controls that can reorder what a terminal or browser shows.
const BIDI: &[char] = &[
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Escape control and bidi characters (as `\u{..}`, `\n`, `\t`) and cut to `max_chars`
/// characters, adding `…` when cut.
#[must_use]
pub fn for_terminal(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || BIDI.contains(&c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Make text safe inside a Markdown table cell: terminal-escaped, then `|`, `<`, `>`, `&`, `` ` ``,
/// `*`, `_`, `[`, `]` and `\` escaped so a post cannot break the table or inject HTML or links.
#[must_use]
pub fn for_markdown_cell(text: &str, max_chars: usize) -> String {
    let shown = for_terminal(text, max_chars);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '`' | '*' | '_' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_controls_and_bidi_and_cuts() {
        assert_eq!(
            for_terminal("a\nb\u{1b}[31m\u{202E}c", 100),
            "a\\nb\\u{1b}[31m\\u{202e}c"
        );
        assert_eq!(for_terminal("abcdef", 3), "abc…");
        assert_eq!(for_terminal("abc", 3), "abc");
    }

    #[test]
    fn markdown_cell_cannot_break_the_table_or_inject_html() {
        assert_eq!(
            for_markdown_cell("a|b <script>x</script> [l](u)", 100),
            "a\\|b &lt;script&gt;x&lt;/script&gt; \\[l\\](u)"
        );
    }
}
