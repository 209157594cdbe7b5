//! Fuzz the ingest stage: any bytes, read with options drawn from the first byte, must give
//! posts or a clean error, never a panic; every post has one field per header column and line
//! numbers never go backwards.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use reactions::config::{IngestConfig, Input};
use reactions::ingest::PostReader;

fuzz_target!(|data: &[u8]| {
    let Some((&options, body)) = data.split_first() else {
        return;
    };
    let mut cfg = IngestConfig::new(Input::Stdin);
    cfg.strict = options & 1 != 0;
    cfg.skip_empty_text = options & 2 != 0;
    cfg.delimiter = match (options >> 2) & 3 {
        0 => None,
        1 => Some(b';'),
        2 => Some(b'\t'),
        _ => Some(b','),
    };
    cfg.encoding = match (options >> 4) & 3 {
        0 => None,
        1 => encoding_rs_label(b"windows-1252"),
        2 => encoding_rs_label(b"utf-16le"),
        _ => encoding_rs_label(b"utf-8"),
    };
    // Small limits exercise the row-size guard.
    cfg.max_row_bytes = if options & 64 != 0 { 64 } else { 1 << 20 };
    let Ok(mut reader) = PostReader::new(
        Box::new(Cursor::new(body.to_vec())),
        "fuzz.csv".into(),
        &cfg,
    ) else {
        return;
    };
    let width = reader.headers().len();
    let mut last_line = 0;
    while let Ok(Some(post)) = reader.next_post() {
        assert_eq!(post.fields.len(), width);
        assert!(
            post.line >= 2 && post.line > last_line,
            "{} after {}",
            post.line,
            last_line
        );
        last_line = post.line;
        let _ = post.text();
    }
    let (report, info) = reader.finish();
    assert!(report.rows_used <= report.rows_read);
    assert!(info.bytes <= body.len() as u64);
});

fn encoding_rs_label(label: &[u8]) -> Option<&'static reactions::config::Encoding> {
    reactions::config::Encoding::for_label(label)
}
