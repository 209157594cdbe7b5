//! The byte stream under the CSV parser: fingerprinting, transcoding, delimiter sniffing, true
//! line numbers, and the limits that keep memory bounded on hostile input.
//!
//! The stack, bottom to top: the raw input → `Hashing` (SHA-256 and size of the raw bytes) →
//! the first [`super::encoding::DETECT_BYTES`] raw bytes held back to choose the encoding when
//! none is given ([`super::encoding`]) → `encoding_rs_io`'s decoder (BOM sniffing: UTF-8 and
//! UTF-16 BOMs are honoured and stripped; an explicit or detected encoding transcodes to UTF-8;
//! UTF-8 passes through unchanged so invalid bytes later in the file can be reported per row) →
//! the sniffed prefix chained before the rest → [`LineIndex`] → `csv`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Cursor, Read};
use std::rc::Rc;

use encoding_rs::Encoding;
use encoding_rs_io::DecodeReaderBytesBuilder;
use sha2::{Digest, Sha256};

use super::encoding::{guess, Assumption, ChosenBy, Guess, DETECT_BYTES};

/// How many bytes at the start are examined to pick the delimiter and spot binary files.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Delimiters tried when none is given, in order of preference on a tie.
pub const SNIFFED_DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// SHA-256 and byte count of the raw input, shared with the reader stack.
#[derive(Debug, Default)]
pub struct Fingerprint {
    hasher: Sha256,
    bytes: u64,
}

impl Fingerprint {
    /// Bytes read so far.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Lowercase hex SHA-256 of the bytes read so far.
    #[must_use]
    pub fn sha256(&self) -> String {
        self.hasher
            .clone()
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Hashes and counts the raw bytes passing through.
struct Hashing<R> {
    inner: R,
    state: Rc<RefCell<Fingerprint>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut state = self.state.borrow_mut();
        state.hasher.update(&buf[..n]);
        state.bytes += n as u64;
        Ok(n)
    }
}

/// A file that is not UTF-8 and whose encoding the first bytes do not settle (the payload of an
/// `InvalidData` I/O error): the likely encodings, likeliest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingUnsure {
    /// The likely encodings.
    pub candidates: Vec<&'static Encoding>,
    /// How many bytes were examined.
    pub examined: usize,
}

impl fmt::Display for EncodingUnsure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.candidates.iter().map(|e| e.name()).collect();
        write!(f, "not UTF-8; likely {}", names.join(" or "))
    }
}

impl std::error::Error for EncodingUnsure {}

/// A row larger than the limit (the payload of an `InvalidData` I/O error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowTooLarge {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The limit in bytes.
    pub limit: u64,
}

impl fmt::Display for RowTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row starting on line {} is larger than {} bytes",
            self.line, self.limit
        )
    }
}

impl std::error::Error for RowTooLarge {}

/// A quoted field that the file never closes (the payload of an `InvalidData` I/O error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclosedQuote {
    /// 1-based line where the quoted field opens.
    pub line: u64,
}

impl fmt::Display for UnclosedQuote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "quoted field opened on line {} is never closed",
            self.line
        )
    }
}

impl std::error::Error for UnclosedQuote {}

/// Where the CSV scanner is inside a record (RFC 4180 as the `csv` crate reads it: a quote opens
/// a quoted field only at the start of a field; `""` inside one is an escaped quote).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Tracks line breaks and record boundaries of the decoded stream, enforces the row-size limit
/// and reports an unclosed quote at the end of the input.
///
/// The csv crate's own `Position::line` is one short for CRLF files, and its reported start byte
/// can point at line-break bytes before the record (seen with csv 1.4). So we count ourselves: a
/// record starts at the first byte at or after its reported start that is not `\r` or `\n` (a
/// record never starts with one: blank lines are skipped), and its line is 1 + the number of
/// line ends (LF, CRLF or a lone CR) before that byte.
pub struct LineIndex<R> {
    inner: R,
    /// Bytes of decoded stream scanned so far.
    pos: u64,
    /// Offsets of `\r` and `\n` bytes scanned but not yet passed by a line query, each with
    /// whether it ends a line (a `\n` right after a `\r` does not: CRLF is one line end, and a
    /// lone `\r`, as in old Mac files, is one too); bounded by the parser's read-ahead buffer.
    breaks: VecDeque<(u64, bool)>,
    /// Whether the last byte scanned was `\r`.
    after_cr: bool,
    /// Line ends already passed by line queries.
    lines_passed: u64,
    /// Line ends scanned so far.
    newlines: u64,
    delimiter: u8,
    scan: Scan,
    /// Offset and line where the record being scanned starts.
    record_start: (u64, u64),
    /// Line of the quote that opened the field being scanned, when inside one.
    quote_line: u64,
    max_row_bytes: u64,
}

impl<R: Read> LineIndex<R> {
    fn new(inner: R, delimiter: u8, max_row_bytes: u64) -> Self {
        LineIndex {
            inner,
            pos: 0,
            breaks: VecDeque::new(),
            after_cr: false,
            lines_passed: 0,
            newlines: 0,
            delimiter,
            scan: Scan::FieldStart,
            record_start: (0, 1),
            quote_line: 0,
            max_row_bytes,
        }
    }

    /// The 1-based line of a record whose reported start byte is `byte`. Queries must not go
    /// backwards.
    pub fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = byte;
        while let Some(&(pos, is_newline)) = self.breaks.front() {
            if pos > start {
                break;
            }
            if pos == start {
                start += 1;
            }
            self.breaks.pop_front();
            self.lines_passed += u64::from(is_newline);
        }
        self.lines_passed + 1
    }

    fn scan(&mut self, chunk: &[u8]) -> io::Result<()> {
        let mut i = 0;
        while i < chunk.len() {
            // Bytes that change nothing (text inside a field) are skipped in bulk: only quotes,
            // line breaks and (outside quotes) the delimiter matter.
            let rest = &chunk[i..];
            let skip = match self.scan {
                Scan::Quoted => memchr::memchr3(b'"', b'\n', b'\r', rest),
                Scan::Unquoted => memchr::memchr3(self.delimiter, b'\n', b'\r', rest),
                Scan::FieldStart | Scan::QuoteInQuoted => Some(0),
            }
            .unwrap_or(rest.len());
            if skip > 0 {
                self.pos += skip as u64;
                self.after_cr = false;
                i += skip;
                self.check_size()?;
                continue;
            }
            self.step(chunk[i]);
            i += 1;
            self.check_size()?;
        }
        Ok(())
    }

    /// Advance over one byte.
    fn step(&mut self, b: u8) {
        let is_break = b == b'\n' || b == b'\r';
        if is_break {
            let ends_line = !(b == b'\n' && self.after_cr);
            self.breaks.push_back((self.pos, ends_line));
            self.newlines += u64::from(ends_line);
        }
        self.after_cr = b == b'\r';
        self.pos += 1;
        self.scan = match (self.scan, b) {
            (Scan::FieldStart, b'"') => {
                self.quote_line = self.newlines + 1;
                Scan::Quoted
            }
            (Scan::Quoted, b'"') => Scan::QuoteInQuoted,
            (Scan::Quoted, _) => Scan::Quoted,
            (Scan::QuoteInQuoted, b'"') => Scan::Quoted,
            (_, c) if c == self.delimiter => Scan::FieldStart,
            (_, _) if is_break => {
                self.record_start = (self.pos, self.newlines + 1);
                Scan::FieldStart
            }
            _ => Scan::Unquoted,
        };
    }

    /// The row-size limit, checked after each step (the record only grows between steps, so a
    /// check after a run of skipped bytes finds what a check after each of them would).
    fn check_size(&self) -> io::Result<()> {
        if self.pos - self.record_start.0 > self.max_row_bytes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                RowTooLarge {
                    line: self.record_start.1,
                    limit: self.max_row_bytes,
                },
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for LineIndex<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.scan == Scan::Quoted {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                UnclosedQuote {
                    line: self.quote_line,
                },
            ));
        }
        self.scan(&buf[..n])?;
        Ok(n)
    }
}

/// Pick the delimiter from the header line: the candidate that occurs most often outside quotes
/// (comma on a tie or when none occurs).
#[must_use]
pub fn sniff_delimiter(prefix: &[u8]) -> u8 {
    let mut counts = [0_usize; SNIFFED_DELIMITERS.len()];
    let mut quoted = false;
    for &b in prefix {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = SNIFFED_DELIMITERS.iter().position(|d| *d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for (i, n) in counts.iter().enumerate() {
        if *n > counts[best] {
            best = i;
        }
    }
    SNIFFED_DELIMITERS[best]
}

/// The decoded stream, ready for the CSV parser.
pub struct Source {
    /// The stream.
    pub reader: LineIndex<Box<dyn Read>>,
    /// The delimiter given or sniffed.
    pub delimiter: u8,
    /// Whether the first line holds a NUL byte (a binary file, or UTF-16 without a BOM).
    pub looks_binary: bool,
    /// The raw input's fingerprint, complete once the stream is exhausted.
    pub fingerprint: Rc<RefCell<Fingerprint>>,
    /// The encoding the text is read in.
    pub encoding: &'static Encoding,
    /// How it was chosen.
    pub chosen_by: ChosenBy,
    /// When it was assumed, which lines depend on it.
    pub assumption: Option<Assumption>,
}

/// Build the reader stack over `raw`. Without `encoding`, a byte-order mark decides, else the
/// first [`DETECT_BYTES`] bytes (see [`super::encoding::guess`]).
///
/// # Errors
/// I/O errors while reading the first bytes; an `InvalidData` error carrying
/// [`EncodingUnsure`] when the file is not UTF-8 and its encoding is not settled.
pub fn open_source(
    raw: Box<dyn Read>,
    encoding: Option<&'static Encoding>,
    delimiter: Option<u8>,
    max_row_bytes: u64,
) -> io::Result<Source> {
    let fingerprint = Rc::new(RefCell::new(Fingerprint::default()));
    let mut hashing = Hashing {
        inner: raw,
        state: Rc::clone(&fingerprint),
    };
    let (encoding, held, chosen_by, assumption) = match encoding {
        // UTF-8 passes through unchecked, so rows that are not UTF-8 are counted, not mangled.
        Some(e) if e == encoding_rs::UTF_8 => (None, Vec::new(), ChosenBy::Flag, None),
        Some(e) => (Some(e), Vec::new(), ChosenBy::Flag, None),
        None => choose_encoding(&mut hashing)?,
    };
    let raw_stream: Box<dyn Read> = Box::new(Cursor::new(held).chain(hashing));
    let mut decoded = DecodeReaderBytesBuilder::new()
        .encoding(encoding)
        .utf8_passthru(true)
        .strip_bom(true)
        .bom_override(true)
        .build(raw_stream);
    let mut prefix = Vec::with_capacity(8 * 1024);
    let mut chunk = [0_u8; 8 * 1024];
    while prefix.len() < SNIFF_BYTES && !prefix.contains(&b'\n') {
        let n = decoded.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        prefix.extend_from_slice(&chunk[..n]);
    }
    let first_line = prefix.split(|b| *b == b'\n').next().unwrap_or_default();
    let looks_binary = first_line.contains(&0);
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&prefix));
    let stream: Box<dyn Read> = Box::new(Cursor::new(prefix).chain(decoded));
    Ok(Source {
        reader: LineIndex::new(stream, delimiter, max_row_bytes),
        delimiter,
        looks_binary,
        fingerprint,
        encoding: encoding.unwrap_or(encoding_rs::UTF_8),
        chosen_by,
        assumption,
    })
}

/// Read up to [`DETECT_BYTES`] of `raw` and choose the encoding from them: the bytes read (to be
/// read again), the encoding (`None` for UTF-8 or what a byte-order mark says), how it was
/// chosen, and the lines that depend on it when it was assumed.
type Chosen = (
    Option<&'static Encoding>,
    Vec<u8>,
    ChosenBy,
    Option<Assumption>,
);

fn choose_encoding(raw: &mut impl Read) -> io::Result<Chosen> {
    let mut held = Vec::with_capacity(64 * 1024);
    raw.take(DETECT_BYTES as u64).read_to_end(&mut held)?;
    let complete = held.len() < DETECT_BYTES;
    if let Some((bom, _)) = Encoding::for_bom(&held) {
        // UTF-8 passes through unchecked (an explicit UTF-8 decoder would turn bytes that are
        // not UTF-8 into U+FFFD without a word); the reader strips the mark.
        let bom = Some(bom).filter(|e| *e != encoding_rs::UTF_8);
        return Ok((bom, held, ChosenBy::ByteOrderMark, None));
    }
    match guess(&held, complete) {
        Guess::Utf8 => Ok((None, held, ChosenBy::ValidUtf8, None)),
        Guess::Detected(e) => Ok((Some(e), held, ChosenBy::Detected, None)),
        Guess::Assumed(a) => Ok((Some(a.encoding), held, ChosenBy::Assumed, Some(a))),
        Guess::Unsure(candidates) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            EncodingUnsure {
                candidates,
                examined: held.len(),
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(
        input: &[u8],
        encoding: Option<&'static Encoding>,
        limit: u64,
    ) -> io::Result<(Vec<u8>, u8)> {
        let mut s = open_source(Box::new(Cursor::new(input.to_vec())), encoding, None, limit)?;
        let mut out = Vec::new();
        s.reader.read_to_end(&mut out)?;
        Ok((out, s.delimiter))
    }

    #[test]
    fn sniffs_the_delimiter_from_the_header_outside_quotes() {
        assert_eq!(sniff_delimiter(b"id;text;when\n1;a,b,c;x"), b';');
        assert_eq!(sniff_delimiter(b"id\ttext\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b;c\",d\n"), b',');
        assert_eq!(sniff_delimiter(b"text\n"), b',');
    }

    #[test]
    fn utf16_with_bom_and_windows_1252_are_transcoded() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("text\ncafé\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            read_all(&utf16, None, 1 << 20).unwrap().0,
            "text\ncafé\n".as_bytes()
        );
        let latin = b"text\ncaf\xe9 \x93quoted\x94\n";
        let w1252 = Encoding::for_label(b"windows-1252");
        assert_eq!(
            read_all(latin, w1252, 1 << 20).unwrap().0,
            "text\ncafé “quoted”\n".as_bytes()
        );
        // Without --encoding, a start this short does not settle the encoding, but one line is
        // too few to stop for: read as Western European.
        assert_eq!(
            read_all(latin, None, 1 << 20).unwrap().0,
            "text\ncafé “quoted”\n".as_bytes()
        );
        // Many such lines with little evidence: the error names the likely ones.
        let many = b"text\ncaf\xe9\n".repeat(12);
        let err = read_all(&many, None, 1 << 20).unwrap_err();
        let unsure = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<EncodingUnsure>());
        assert!(
            unsure.is_some_and(|u| u.candidates.contains(&encoding_rs::WINDOWS_1252)),
            "{err}"
        );
        // Invalid UTF-8 past the examined start passes through for per-row reporting.
        let mut late = b"text\n".to_vec();
        while late.len() < DETECT_BYTES {
            late.extend_from_slice(b"plain ascii post\n");
        }
        late.extend_from_slice(latin);
        assert_eq!(read_all(&late, None, 1 << 20).unwrap().0, late);
    }

    #[test]
    fn unclosed_quote_at_the_end_names_its_line() {
        let err = read_all(b"id,text\n1,ok\n2,\"never\nclosed\n", None, 1 << 20).unwrap_err();
        let inner = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<UnclosedQuote>());
        assert_eq!(inner, Some(&UnclosedQuote { line: 3 }));
        // Escaped quotes and quotes inside unquoted fields do not open anything.
        assert!(read_all(b"text\n\"say \"\"hi\"\"\"\n5\" screen\n", None, 1 << 20).is_ok());
    }

    /// Everything a line query or a later step depends on.
    fn state<R>(l: &LineIndex<R>) -> impl PartialEq + fmt::Debug {
        (
            l.pos,
            l.breaks.clone(),
            l.after_cr,
            l.newlines,
            l.scan,
            l.record_start,
            l.quote_line,
        )
    }

    /// The scanner skips runs of plain bytes at once; stepping over every byte is the
    /// definition. Random CSV-like bytes in random chunks must leave both in the same state and
    /// stop both with the same error in the same chunk.
    #[test]
    fn bulk_scanning_agrees_with_stepping_over_every_byte() {
        let alphabet: [&[u8]; 9] = [
            b"a",
            b"bc",
            b",",
            b";",
            b"\"",
            b"\n",
            b"\r",
            b"\r\n",
            "é".as_bytes(),
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        let mut errors = 0;
        for case in 0..400 {
            let mut bytes = Vec::new();
            while bytes.len() < 3000 {
                // Long plain runs now and then, so skipping matters.
                let piece = alphabet[next(alphabet.len())];
                let repeat = if next(8) == 0 { 1 + next(60) } else { 1 };
                for _ in 0..repeat {
                    bytes.extend_from_slice(piece);
                }
            }
            let delimiter = if case % 2 == 0 { b',' } else { b';' };
            let limit = 20 + next(400) as u64;
            let mut bulk = LineIndex::new(io::empty(), delimiter, limit);
            let mut single = LineIndex::new(io::empty(), delimiter, limit);
            let mut at = 0;
            while at < bytes.len() {
                let chunk = &bytes[at..(at + 1 + next(64)).min(bytes.len())];
                at += chunk.len();
                let a = bulk.scan(chunk);
                let b = chunk.iter().try_for_each(|&c| {
                    single.step(c);
                    single.check_size()
                });
                match (a, b) {
                    (Ok(()), Ok(())) => assert_eq!(state(&bulk), state(&single), "case {case}"),
                    (Err(a), Err(b)) => {
                        let get = |e: &io::Error| {
                            e.get_ref()
                                .and_then(|e| e.downcast_ref::<RowTooLarge>())
                                .cloned()
                        };
                        assert_eq!(get(&a), get(&b), "case {case}");
                        assert!(get(&a).is_some());
                        errors += 1;
                        break;
                    }
                    (a, b) => panic!("case {case}: bulk {a:?}, bytewise {b:?}"),
                }
            }
        }
        // Both outcomes were exercised.
        assert!(
            errors > 50 && errors < 350,
            "{errors} of 400 cases hit the limit"
        );
    }

    #[test]
    fn rows_past_the_limit_are_an_error_naming_their_line() {
        let mut input = b"id,text\n1,short\n2,".to_vec();
        input.extend(std::iter::repeat_n(b'x', 5000));
        input.push(b'\n');
        let err = read_all(&input, None, 1000).unwrap_err();
        let inner = err.get_ref().and_then(|e| e.downcast_ref::<RowTooLarge>());
        assert_eq!(
            inner,
            Some(&RowTooLarge {
                line: 3,
                limit: 1000
            })
        );
        assert!(read_all(&input, None, 10_000).is_ok());
    }
}
