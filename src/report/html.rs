//! `report.html`: `report.md` as one self-contained page for people who never open a terminal.
//!
//! The Markdown is rendered with pulldown-cmark (tables on); every chart it references is
//! embedded as a `data:` URI; raw HTML in the Markdown (there should be none: post text is
//! escaped before it reaches the page) is shown as text, never passed through. A
//! Content-Security-Policy forbids scripts and any network access, and the stylesheet is inline
//! and fits a phone screen (images scale, wide tables scroll).

use base64::Engine as _;
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

use super::RenderedFile;

const STYLE: &str = "\
:root{color-scheme:light}\
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}\
main{max-width:60rem;margin:0 auto;padding:1rem}\
h1{font-size:1.6rem;line-height:1.2;overflow-wrap:anywhere}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}\
h3{font-size:1.05rem}\
img{max-width:100%;height:auto;display:block;margin:0.5rem 0}\
table{display:block;overflow-x:auto;border-collapse:collapse;font-size:0.85rem;margin:0.5rem 0}\
th,td{border:1px solid #ddd;padding:0.25rem 0.5rem;vertical-align:top}\
th{background:#f5f5f5}\
code{font-size:0.9em;background:#f5f5f5;padding:0 0.2em;border-radius:3px}\
@media (max-width:40rem){main{padding:0.5rem}table{font-size:0.75rem}}";

/// Render `markdown` (the text of `report.md`) as a standalone page titled `title`, with the
/// PNG charts among `files` embedded where the Markdown shows them.
#[must_use]
pub fn page(title: &str, markdown: &str, files: &[RenderedFile]) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let embedded = files
                .iter()
                .find(|f| f.name == dest_url.as_ref() && f.name.ends_with(".png"))
                .map(|f| {
                    CowStr::from(format!(
                        "data:image/png;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(&f.bytes)
                    ))
                });
            Event::Start(Tag::Image {
                link_type,
                dest_url: embedded.unwrap_or(dest_url),
                title,
                id,
            })
        }
        other => other,
    });
    let mut body = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut body, events);
    let title_escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n\
         <title>{title_escaped}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_embedded_raw_html_is_text_and_tables_render() {
        let files = vec![RenderedFile {
            name: "c.png".to_owned(),
            bytes: vec![0x89, b'P', b'N', b'G'],
        }];
        let md = "# T\n\n![chart](c.png)\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| &lt;b&gt; | 2 |\n";
        let html = page("T <1>", md, &files);
        assert!(
            html.contains("src=\"data:image/png;base64,iVBORw==\""),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<td>&lt;b&gt;</td>"), "{html}");
        assert!(html.contains("<title>T &lt;1&gt;</title>"));
        assert!(html.contains("<h1>T</h1>"));
    }
}
