//! Which encoding a file is in, when it does not say.
//!
//! Input: the first bytes of the raw file. Output: the encoding to read it with and how that was
//! chosen, or the likely encodings when the evidence does not settle it. A byte-order mark or
//! `--encoding` decides first; a start that is valid UTF-8 is read as UTF-8; otherwise chardetng
//! (the detector Firefox uses for unlabelled pages, built on `encoding_rs`) guesses.
//!
//! chardetng gives one guess and no score. Its guess is taken when the sample decodes with it
//! without a single malformed sequence and holds at least [`MIN_EVIDENCE`] non-ASCII bytes.
//!
//! With less evidence (a file with one accented word), or with malformed sequences, the guess
//! is unsure. What a wrong guess costs then depends on how many lines hold non-ASCII bytes: an
//! English export re-saved by Excel may have one `£` in 3,000 tweets, and stopping it for that
//! would be the tool failing, not the file. So when those lines are fewer than [`FEW_LINES`] or
//! at most 1% of the sample's lines (the share that stops a run when rows are skipped), the file
//! is read as chardetng guesses for Western European text (windows-1252, Excel's code page in
//! the Americas and Western Europe, unless the bytes say otherwise), and a note names the lines
//! that depend on it. With more such lines the run stops and names the likely encodings:
//! chardetng's guess and what it guesses when told the text came from other regions (its
//! top-level-domain hint, which decides close calls between, say, Western and Central European
//! encodings), so the user picks with `--encoding` instead of reading a report of mis-decoded
//! text.

use encoding_rs::Encoding;

/// How many raw bytes at the start are examined when the file is not UTF-8.
pub const DETECT_BYTES: usize = 1 << 20;

/// The fewest non-ASCII bytes a sample needs for a guess to be taken.
pub const MIN_EVIDENCE: usize = 16;

/// Fewer lines than this holding non-ASCII bytes are too few for an unsure guess to stop a run.
pub const FEW_LINES: usize = 10;

/// How the encoding of the input was chosen (said in a note and in `manifest.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChosenBy {
    /// `--encoding`.
    Flag,
    /// A byte-order mark at the start.
    ByteOrderMark,
    /// The start of the file is valid UTF-8 (the default).
    #[default]
    ValidUtf8,
    /// Detected by chardetng from the first bytes.
    Detected,
    /// Too few lines hold non-ASCII bytes to detect it: chardetng's guess for Western European
    /// text (see [`Guess::Assumed`]).
    Assumed,
}

impl ChosenBy {
    /// Words for the note and the manifest.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ChosenBy::Flag => "--encoding",
            ChosenBy::ByteOrderMark => "byte-order mark",
            ChosenBy::ValidUtf8 => "valid UTF-8 at the start (the default)",
            ChosenBy::Detected => "detected by chardetng from the first bytes",
            ChosenBy::Assumed => {
                "assumed: too few lines with non-ASCII bytes to detect it, so chardetng's guess for Western European text"
            }
        }
    }
}

/// The top-level-domain hint for Western European text (any of its countries' domains gives the
/// same hint to chardetng).
const WESTERN_HINT: &[u8] = b"fr";

/// Top-level-domain hints that move chardetng's close calls between scripts and regions: Western
/// European, Central European, Cyrillic, Greek, Turkish, Baltic, Hebrew, Arabic, Vietnamese, Thai,
/// Japanese, Simplified and Traditional Chinese, Korean.
const REGION_HINTS: [&[u8]; 14] = [
    WESTERN_HINT,
    b"pl",
    b"ru",
    b"gr",
    b"tr",
    b"lt",
    b"il",
    b"eg",
    b"vn",
    b"th",
    b"jp",
    b"cn",
    b"tw",
    b"kr",
];

/// What the first bytes of a file say about its encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guess {
    /// Read as UTF-8: the sample is valid UTF-8 (or holds NUL bytes, left to the binary check).
    Utf8,
    /// Not UTF-8; this encoding is the detector's settled guess.
    Detected(&'static Encoding),
    /// Not UTF-8, and too few lines hold non-ASCII bytes to settle it (fewer than [`FEW_LINES`],
    /// or at most 1% of the lines): read with chardetng's guess for Western European text.
    Assumed(Assumption),
    /// Not UTF-8, and the detector's guesses disagree or decode with errors: these, likeliest
    /// first.
    Unsure(Vec<&'static Encoding>),
}

/// An encoding taken without enough evidence, and which lines depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    /// The encoding read with.
    pub encoding: &'static Encoding,
    /// The other likely encodings.
    pub others: Vec<&'static Encoding>,
    /// The first few 1-based lines that hold non-ASCII bytes.
    pub first_lines: Vec<u64>,
    /// How many lines of the sample hold non-ASCII bytes.
    pub lines: usize,
    /// How many lines the sample has.
    pub of: usize,
}

/// How many of an assumption's lines are named.
const NAMED_LINES: usize = 3;

/// Guess the encoding of `sample`, the first bytes of a file without a byte-order mark.
/// `complete` says the sample is the whole file (otherwise its last, possibly cut, line is left
/// out of the checks).
#[must_use]
pub fn guess(sample: &[u8], complete: bool) -> Guess {
    let sample = if complete {
        sample
    } else {
        match memchr::memrchr(b'\n', sample) {
            Some(i) => &sample[..=i],
            None => sample,
        }
    };
    // NUL bytes mean binary or UTF-16 without a BOM: the reader refuses those with its own
    // message, so they are not guessed at here.
    if std::str::from_utf8(sample).is_ok() || sample.contains(&0) {
        return Guess::Utf8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, complete);
    let first = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (_, malformed) = first.decode_without_bom_handling(sample);
    let evidence = sample.iter().filter(|b| !b.is_ascii()).count();
    if !malformed && evidence >= MIN_EVIDENCE {
        return Guess::Detected(first);
    }
    let mut guesses = vec![first];
    for tld in REGION_HINTS {
        let other = detector.guess(Some(tld), chardetng::Utf8Detection::Deny);
        if !guesses.contains(&other) {
            guesses.push(other);
        }
    }
    // Guesses that decode the sample cleanly first, otherwise in the order found.
    guesses.sort_by_key(|e| e.decode_without_bom_handling(sample).1);
    let western = detector.guess(Some(WESTERN_HINT), chardetng::Utf8Detection::Deny);
    let (lines, of, first_lines) = non_ascii_lines(sample);
    let clean = !western.decode_without_bom_handling(sample).1;
    if clean && (lines < FEW_LINES || lines * 100 <= of) {
        guesses.retain(|e| *e != western);
        return Guess::Assumed(Assumption {
            encoding: western,
            others: guesses,
            first_lines,
            lines,
            of,
        });
    }
    Guess::Unsure(guesses)
}

/// How many lines of `sample` hold a non-ASCII byte, how many lines it has, and the first
/// [`NAMED_LINES`] such lines (1-based).
fn non_ascii_lines(sample: &[u8]) -> (usize, usize, Vec<u64>) {
    let (mut lines, mut of, mut first) = (0, 0, Vec::new());
    // The empty piece after a final line break is not a line.
    let body = sample.strip_suffix(b"\n").unwrap_or(sample);
    for (n, line) in body.split(|b| *b == b'\n').enumerate() {
        of += 1;
        if !line.is_ascii() {
            lines += 1;
            if first.len() < NAMED_LINES {
                first.push(n as u64 + 1);
            }
        }
    }
    (lines, of, first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{SHIFT_JIS, UTF_8, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252, WINDOWS_1253};

    fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{text} in {}", encoding.name());
        bytes.into_owned()
    }

    /// Replies of the kind the real exports hold, a few lines each, in their languages.
    const ITALIAN: &str = "id;testo;data\n1;Che bella notizia, finalmente un po' di solidarietà tra i due paesi!;24-02-2015 11.35\n2;Perché nessuno ne parla? È una questione seria, bisogna stare attenti.;24-02-2015 11.40\n3;Più dialogo, meno odio. Così si cresce.;24-02-2015 11.52\n";
    const GERMAN: &str = "text\nDas ist großartig, endlich spricht jemand über die Probleme.\nÜberhaupt nicht überzeugend, ich bin skeptisch.\nSchöne Grüße aus München\n";
    const FRENCH: &str = "text\nC'est très intéressant, mais il faut être prudent.\nÇa ne me plaît pas du tout, où est la cohérence ?\nBravo, enfin un échange honnête !\n";
    const POLISH: &str = "text\nTo jest bardzo ważne, ale trzeba uważać na szczegóły.\nŚwietna wiadomość, dziękuję za informację!\nNie zgadzam się z tą opinią, żadnych dowodów.\n";
    const RUSSIAN: &str = "text\nЭто очень важная новость, спасибо за информацию.\nНе согласен, нужно быть осторожнее с такими заявлениями.\nОтличная работа, так держать!\n";
    const GREEK: &str = "text\nΠολύ ενδιαφέρον, ευχαριστώ για την ενημέρωση.\nΔεν συμφωνώ καθόλου με αυτή την άποψη.\n";
    const JAPANESE: &str = "text\nこれはとても重要なニュースです。ありがとうございます。\n慎重に考えるべきだと思います。\n";

    #[test]
    fn exports_in_legacy_encodings_are_detected() {
        for (text, encoding) in [
            (ITALIAN, WINDOWS_1252),
            (GERMAN, WINDOWS_1252),
            (FRENCH, WINDOWS_1252),
            (POLISH, WINDOWS_1250),
            (RUSSIAN, WINDOWS_1251),
            (GREEK, WINDOWS_1253),
            (JAPANESE, SHIFT_JIS),
        ] {
            // A thread has many replies: the fixture's rows four times over.
            let (header, rows) = text.split_once('\n').unwrap();
            let thread = format!("{header}\n{}", rows.repeat(4));
            let bytes = encoded(&thread, encoding);
            assert_eq!(
                guess(&bytes, true),
                Guess::Detected(encoding),
                "{}",
                text.lines().nth(1).unwrap_or_default()
            );
        }
    }

    #[test]
    fn utf8_and_binary_are_left_to_the_reader() {
        assert_eq!(guess(ITALIAN.as_bytes(), true), Guess::Utf8);
        assert_eq!(guess(b"a\0b\xff", true), Guess::Utf8);
        // A cut multi-byte character at the end of a partial sample is not a sign of anything.
        let mut cut = encoded("text\nbella città\n", UTF_8);
        cut.extend_from_slice(&"più".as_bytes()[..2]);
        assert_eq!(guess(&cut, false), Guess::Utf8);
    }

    #[test]
    fn a_few_lines_with_other_than_ascii_are_read_as_western_and_named() {
        // An English export re-saved by Excel: one pound sign in a thousand lines. chardetng's
        // guess without a hint is windows-1250 (the sign reads as a Polish L), which is why the
        // Western guess is taken instead.
        let mut text = String::from("id,text\n");
        for i in 0..1000 {
            text.push_str(&format!("{i},just a plain english post number {i}\n"));
        }
        text.push_str("1000,it cost me \u{a3}40 to change the flight\n");
        let bytes = encoded(&text, WINDOWS_1252);
        match guess(&bytes, true) {
            Guess::Assumed(a) => {
                assert_eq!(a.encoding, WINDOWS_1252);
                assert_eq!((a.lines, a.of, a.first_lines), (1, 1002, vec![1002]));
                assert!(!a.others.contains(&WINDOWS_1252), "{:?}", a.others);
                assert!(!a.others.is_empty());
            }
            other => panic!("{other:?}"),
        }
        // Nine lines in a short file are still few; so is 1% of a long one.
        let nine = format!("text\n{}", "caf\u{e9}\n".repeat(9));
        assert!(matches!(
            guess(&encoded(&nine, WINDOWS_1252), true),
            Guess::Assumed(_)
        ));
        let mut long = "ok\n".repeat(1200);
        long.push_str(&"caf\u{e9}\n".repeat(12));
        assert!(matches!(
            guess(&encoded(&long, WINDOWS_1252), true),
            Guess::Assumed(_)
        ));
    }

    #[test]
    fn too_little_evidence_on_many_lines_is_unsure_and_names_the_candidates() {
        // Ten lines with one accented letter each, and little else: Western or Central
        // European, who can say, and a wrong guess would change a tenth of the posts.
        let text = format!("text\nok\n{}", "caf\u{e9}\n".repeat(10));
        match guess(&encoded(&text, WINDOWS_1252), true) {
            Guess::Unsure(candidates) => {
                assert!(candidates.len() >= 2, "{candidates:?}");
                assert!(candidates.contains(&WINDOWS_1252), "{candidates:?}");
            }
            other => panic!("{other:?}"),
        }
    }
}
