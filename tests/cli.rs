//! End-to-end tests of the `reactions` binary: the one integration-test binary of the crate.
//!
//! Fixtures are tiny and written inline; the VADER parity oracle is `tests/data/` (see its
//! README for provenance and licence).

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use polars::prelude::*;

#[path = "cli/options.rs"]
mod options;
#[path = "cli/real_exports.rs"]
mod real_exports;
#[path = "cli/safety.rs"]
mod safety;
#[path = "cli/snapshots.rs"]
mod snapshots;

const SAMPLE: &str = "datasets/aoc_corbyn_reactions.csv";
const GOLDEN: &str = "tests/data/vader_golden_3.3.2.csv";

/// The binary under test, with a little builder for arguments and standard input. (Plain
/// `std::process`: a test-only crate here would change shared dependency features and make
/// `cargo run` and `cargo test` build polars twice.)
struct Run {
    cmd: Command,
    stdin: Vec<u8>,
}

fn reactions() -> Run {
    Run {
        cmd: Command::new(env!("CARGO_BIN_EXE_reactions")),
        stdin: Vec::new(),
    }
}

impl Run {
    fn arg(mut self, a: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(a);
        self
    }

    fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Self {
        self.cmd.args(args);
        self
    }

    fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    fn write_stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = bytes.into();
        self
    }

    fn output(mut self) -> std::io::Result<Output> {
        let mut child = self
            .cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let bytes = std::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            // The program may stop reading early (an error); a broken pipe here is fine.
            let _ = stdin.write_all(&bytes);
        });
        let out = child.wait_with_output()?;
        writer.join().expect("stdin writer");
        Ok(out)
    }

    fn success(self) {
        let out = self.output().expect("binary runs");
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
}

fn read_parquet(path: &Path) -> DataFrame {
    let file = fs::File::open(path).expect("parquet exists");
    ParquetReader::new(file)
        .finish()
        .expect("parquet reads back")
}

/// A text or categorical column as strings (null as the empty string).
fn strings(frame: &DataFrame, name: &str) -> Vec<String> {
    let column = frame.column(name).unwrap().cast(&DataType::String).unwrap();
    let c = column.str().unwrap().clone();
    c.iter().map(|s| s.unwrap_or("").to_owned()).collect()
}

fn png_size(path: &Path) -> (u32, u32) {
    let decoder = png::Decoder::new(fs::File::open(path).expect("png exists"));
    let mut reader = decoder.read_info().expect("valid PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG decodes");
    // A chart is not blank: it has more than one colour.
    let first = &buf[..3];
    assert!(
        buf.chunks(3).any(|px| px != first),
        "{} is a blank image",
        path.display()
    );
    (info.width, info.height)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run failed with exit `code` and an error message containing `needle`.
fn expect_error(out: &Output, code: i32, needle: &str) {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
}

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, body).unwrap();
    p
}

#[test]
fn analyze_sample_writes_a_complete_valid_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("report");
    let input_before = fs::read(SAMPLE).unwrap();
    // The hand labels as they are (empty ones stay `unlabelled`): the figures below were
    // checked against the labels; the classifier that fills the gaps by default is tested in
    // a_partly_labelled_column_is_completed_by_a_classifier_with_its_cross_validation.
    let out = reactions()
        .args(["analyze", SAMPLE, "--stance", "label", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(stdout.starts_with("| stance | posts |"), "{stdout}");
    assert!(
        stderr_of(&out).contains("wrote 27 files"),
        "{}",
        stderr_of(&out)
    );

    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "comparisons.csv",
            "comparisons.md",
            "comparisons.parquet",
            "compound_by_stance.png",
            "distinctive_terms.csv",
            "distinctive_terms.md",
            "distinctive_terms.parquet",
            "distinctive_terms.png",
            "examples.csv",
            "examples.md",
            "examples.parquet",
            "manifest.json",
            "posts.csv",
            "posts.parquet",
            "report.html",
            "report.md",
            "stance_sentiment.png",
            "summary.csv",
            "summary.md",
            "summary.parquet",
            "threshold_sweep.csv",
            "threshold_sweep.md",
            "threshold_sweep.parquet",
            "threshold_sweep.png",
            "timeline.csv",
            "timeline.parquet",
            "timeline.png",
        ]
    );
    for png in [
        "stance_sentiment.png",
        "compound_by_stance.png",
        "timeline.png",
    ] {
        assert_eq!(png_size(&out_dir.join(png)), (1200, 800), "{png}");
    }

    // The input is never modified.
    assert_eq!(fs::read(SAMPLE).unwrap(), input_before);

    // Per-post frame: every input row, every input column, our columns, right types.
    let rows_in = csv::Reader::from_path(SAMPLE).unwrap().records().count();
    let posts = read_parquet(&out_dir.join("posts.parquet"));
    assert_eq!(posts.height(), rows_in);
    let names: Vec<&str> = posts
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "source_line",
            "id",
            "author",
            "created_at",
            "text",
            "input_stance",
            "likes",
            "posted_at",
            "neg",
            "neu",
            "pos",
            "compound",
            "sentiment",
            "stance",
            "stance_source",
            "stance_reason",
            "stance_confidence",
            "duplicate_of_line",
            "retweet",
            "included",
        ]
    );
    assert_eq!(
        posts.column("compound").unwrap().dtype(),
        &DataType::Float64
    );
    assert!(matches!(
        posts.column("posted_at").unwrap().dtype(),
        DataType::Datetime(TimeUnit::Microseconds, Some(_))
    ));

    // Summary frame: one row per stance plus `all`, counts adding up.
    let summary = read_parquet(&out_dir.join("summary.parquet"));
    let labels = strings(&summary, "stance");
    assert_eq!(
        labels,
        ["supportive", "cautionary", "neutral", "unlabelled", "all"]
    );
    let posts_col = summary.column("posts").unwrap().u64().unwrap().clone();
    let counts: Vec<u64> = posts_col.iter().map(|c| c.unwrap()).collect();
    assert_eq!(counts[..4].iter().sum::<u64>(), counts[4]);
    assert_eq!(counts[4], rows_in as u64);

    // posts.csv holds the same rows as the Parquet frame.
    let csv_rows = csv::Reader::from_path(out_dir.join("posts.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(csv_rows, rows_in);

    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["tool"], "reactions");
    assert_eq!(manifest["sentiment"]["reference"], "vaderSentiment 3.3.2");
    assert_eq!(manifest["rows"]["read"], rows_in as u64);
    assert_eq!(manifest["input"]["bytes"], input_before.len() as u64);
    assert_eq!(manifest["input"]["sha256"].as_str().unwrap().len(), 64);

    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    for needle in [
        "![",
        "(stance_sentiment.png)",
        "(compound_by_stance.png)",
        "(timeline.png)",
        "VADER (vaderSentiment 3.3.2",
        "95% Student t",
        "## How the stances differ in sentiment",
        "| supportive | cautionary | 73 | 57 |",
        "percentile bootstrap 95% interval (2000 resamples, seed 1;",
        "## Can sentiment tell the stances apart?",
        "**do not read sentiment as stance**",
        "## Representative posts",
        "| supportive | most positive |",
        "(threshold_sweep.png)",
        "(distinctive_terms.png)",
        "| cautionary | careful | 18 | 1 |",
        "Monroe, Colaresi & Quinn",
        "| 0.05 | 64.4% | 15.1% |",
        "| t | supportive (n = 73) positive | supportive negative |",
    ] {
        assert!(report.contains(needle), "report.md lacks {needle}");
    }
}

#[test]
fn golden_corpus_scores_match_vader_3_3_2_end_to_end() {
    // All 23,703 texts go through the real CSV ingest and the scorer via `reactions score`; the
    // golden file's own neg/neu/pos/compound columns come back prefixed `input_`.
    let out = reactions().args(["score", GOLDEN]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let pairs = [
        (col("input_neg"), col("neg")),
        (col("input_neu"), col("neu")),
        (col("input_pos"), col("pos")),
        (col("input_compound"), col("compound")),
    ];
    let mut rows = 0;
    let mut mismatches = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        rows += 1;
        for (want, got) in pairs {
            let w: f64 = rec[want].parse().unwrap();
            let g: f64 = rec[got].parse().unwrap();
            if w != g {
                mismatches.push(format!("{} {}: {} vs {}", &rec[0], &rec[1], w, g));
            }
        }
    }
    assert_eq!(rows, 23_703);
    assert!(
        mismatches.is_empty(),
        "{} mismatches, first: {:?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(5)]
    );
}

#[test]
fn missing_text_column_names_the_file_the_columns_and_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "posts.csv", "id,body_text,when\n1,hi,now\n");
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr_of(&out),
        format!(
            "error: no text column in {}; found: id, body_text, when; pass --text-column NAME\n",
            p.display()
        )
    );
    assert!(
        !tmp.path().join("r").exists(),
        "a failed run writes nothing"
    );
}

#[test]
fn unknown_column_flag_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "posts.csv", "id,body\n1,hi\n");
    let out = reactions()
        .arg("score")
        .arg(&p)
        .args(["--text-column", "msg"])
        .output()
        .unwrap();
    expect_error(&out, 2, "--text-column msg: no such column");
}

#[test]
fn bad_rows_are_skipped_and_reported_or_fatal_with_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(
        tmp.path(),
        "posts.csv",
        "id,text\n1,I love this\n2,too,many,fields\n3,\n4,be careful\n",
    );
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("warning: 2 of 4 rows skipped (1 wrong number of fields, 1 empty text); first: line 3: has 4 fields"),
        "{err}"
    );
    assert!(err.contains("line 4: column 'text' is empty"), "{err}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("r/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["rows"]["skipped"], 2);
    assert_eq!(manifest["rows"]["skipped_examples"][0]["line"], 3);

    let strict = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--strict")
        .arg("--out")
        .arg(tmp.path().join("s"))
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr_of(&strict).starts_with(&format!(
            "error: {}:3: has 4 fields, the header has 2",
            p.display()
        )),
        "{}",
        stderr_of(&strict)
    );
    assert!(!tmp.path().join("s").exists());
}

#[test]
fn header_only_input_is_an_error_not_an_empty_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "empty.csv", "id,text\n");
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    expect_error(&out, 1, "no usable posts in");
    assert!(stderr_of(&out).contains("header but no rows"));
    assert!(!tmp.path().join("r").exists());
}

#[test]
fn missing_input_file_is_named() {
    let out = reactions()
        .args(["analyze", "no/such/file.csv", "--out", "/tmp/never-written"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).starts_with("error: cannot read no/such/file.csv: "),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn stdin_input_and_cue_rules_without_labels_or_times() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .args(["analyze", "-", "--quiet", "--out"])
        .arg(&out_dir)
        .write_stdin(
            "user,comment\na,I love this movement!\nb,Please be careful\nc,When is the call?\n",
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty(), "--quiet prints nothing");
    assert!(
        !out_dir.join("timeline.png").exists(),
        "no time column, no timeline"
    );
    let posts = read_parquet(&out_dir.join("posts.parquet"));
    let col = |name: &str| strings(&posts, name);
    assert_eq!(col("stance"), ["supportive", "cautionary", "neutral"]);
    assert_eq!(col("stance_source"), ["rules", "rules", "rules"]);
    assert_eq!(col("stance_reason")[1], "cue \"be careful\", \"careful\"");
    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(
        report.contains("No timeline: the input has no time column"),
        "{report}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["input"]["path"], "<stdin>");
    assert_eq!(manifest["columns"]["author"], "user");
}

#[test]
fn rerun_replaces_own_report_but_refuses_a_foreign_folder_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "p.csv", "text\nlove it\nbe careful\n");
    let dir = tmp.path().join("r");
    for _ in 0..2 {
        reactions()
            .arg("analyze")
            .arg(&p)
            .arg("--out")
            .arg(&dir)
            .success();
    }
    let foreign = tmp.path().join("mine");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("thesis.docx"), b"precious").unwrap();
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(&foreign)
        .output()
        .unwrap();
    expect_error(&out, 2, "holds no earlier reactions report");
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
    reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(&foreign)
        .arg("--force")
        .success();
    assert_eq!(fs::read(foreign.join("thesis.docx")).unwrap(), b"precious");
    assert!(foreign.join("manifest.json").exists());
    // No temporary files are left anywhere.
    let hidden: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .chain(fs::read_dir(&foreign).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn threshold_out_of_range_is_a_usage_error() {
    let out = reactions()
        .args(["analyze", SAMPLE, "--threshold", "1.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--threshold 1.5: must be between 0 and 1"));
}

#[test]
fn score_streams_every_row_with_scores_appended() {
    let out = reactions()
        .args(["score", "-"])
        .write_stdin("id,text,extra\n1,\"VADER is smart, handsome, and funny.\",x\n2,,y\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Scores of the first text are those printed in vaderSentiment 3.3.2's README; empty text is
    // scored (neutral), not dropped.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,text,extra,neg,neu,pos,compound\n\
         1,\"VADER is smart, handsome, and funny.\",x,0,0.254,0.746,0.8316\n\
         2,,y,0,0,0,0\n"
    );
}

#[test]
fn score_exits_quietly_when_the_reader_closes_the_pipe() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reactions"))
        .args(["score", GOLDEN])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0_u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr_of(&out));
}

#[test]
fn help_explains_every_flag() {
    let out = reactions().args(["analyze", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--text-column",
        "--id-column",
        "--author-column",
        "--time-column",
        "--stance-column",
        "--parent-column",
        "--likes-column",
        "--out",
        "--force",
        "--threshold",
        "--stance",
        "--strict",
        "--quiet",
        "--encoding",
        "--delimiter",
        "--max-row-bytes",
        "--bootstrap",
        "--seed",
        "--stopwords",
        "--bucket",
        "--exclude-duplicates",
        "--long-posts",
        "--weight",
        "Example",
    ] {
        assert!(help.contains(flag), "analyze --help lacks {flag}");
    }
}

// ---- Hostile input (issue 7): each malformed input gives a counted skip or a clear error. ----

/// Run `analyze` on `bytes` written to a file named `name`; returns the output and the report
/// folder (which exists only on success).
fn analyze_bytes(name: &str, bytes: &[u8], extra: &[&str]) -> (Output, PathBuf, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join(name);
    fs::write(&p, bytes).unwrap();
    let dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(&dir)
        .args(extra)
        .output()
        .unwrap();
    (out, dir, tmp)
}

fn posts_text(dir: &Path) -> Vec<String> {
    read_parquet(&dir.join("posts.parquet"))
        .column("text")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.unwrap().to_owned())
        .collect()
}

#[test]
fn unterminated_quote_at_end_of_file_is_an_error_naming_the_line() {
    let (out, dir, _t) =
        analyze_bytes("q.csv", b"id,text\n1,fine\n2,\"never closed\n3,more\n", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("q.csv:3: a quoted field opens here and the file ends before it is closed"),
        "{err}"
    );
    assert!(!dir.exists());
}

#[test]
fn nul_bytes_in_a_field_are_skipped_and_a_binary_file_is_refused() {
    let (out, dir, _t) = analyze_bytes("n.csv", b"id,text\n1,ok\n2,bad\0text\n", &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("line 3: column 'text' holds a NUL byte"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(posts_text(&dir), ["ok"]);

    let mut binary = vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13];
    binary.extend((0..2000).map(|i| (i * 7 % 256) as u8));
    let (out, _, _t) = analyze_bytes("image.csv", &binary, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out)
            .contains("image.csv:1: the first line holds NUL bytes, so this is not CSV text"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn windows_1252_too_short_to_detect_stops_and_then_reads_exactly_with_the_flag() {
    let latin = b"id,text\n1,caf\xe9 \x93great\x94 news\n2,plain\n";
    let (out, dir, _t) = analyze_bytes("w.csv", latin, &[]);
    expect_error(
        &out,
        1,
        "is not UTF-8, and its first 36 bytes do not tell its encoding for sure: likely windows-1252",
    );
    assert!(stderr_of(&out).contains("pass --encoding windows-1252"));
    assert!(!dir.exists());

    let (out, dir, _t) = analyze_bytes("w.csv", latin, &["--encoding", "latin1"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(posts_text(&dir), ["café “great” news", "plain"]);

    let (out, _, _t) = analyze_bytes("w.csv", latin, &["--encoding", "klingon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--encoding klingon: unknown encoding"));
}

#[test]
fn utf16_with_bom_is_read() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "id,text\r\n1,Ünïcode 🎉 works\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let (out, dir, _t) = analyze_bytes("u16.csv", &bytes, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(posts_text(&dir), ["Ünïcode 🎉 works"]);
}

#[test]
fn semicolon_and_tab_delimiters_are_sniffed_or_given() {
    let (out, dir, _t) = analyze_bytes("s.csv", b"id;text\n1;hello, world\n", &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(posts_text(&dir), ["hello, world"]);
    let (out, dir, _t) = analyze_bytes("t.tsv", b"id\ttext\n1\tone; two\n", &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(posts_text(&dir), ["one; two"]);
    // A header without the delimiter sniffs as comma; --delimiter overrides.
    let (out, dir, _t) = analyze_bytes("p.csv", b"text|id\na,b|1\n", &["--delimiter", "|"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(posts_text(&dir), ["a,b"]);
    let (out, _, _t) = analyze_bytes("p.csv", b"text\na\n", &["--delimiter", "ab"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn duplicate_header_names_are_an_error_and_empty_ones_get_a_name() {
    let (out, _, _t) = analyze_bytes("d.csv", b"id,text,text\n1,a,b\n", &[]);
    expect_error(
        &out,
        1,
        "d.csv:1: columns 2 and 3 are both named 'text'; rename one",
    );
    // pandas writes an unnamed index column first.
    let (out, dir, _t) = analyze_bytes("e.csv", b",text\n0,hello\n", &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out)
        .contains("note: column 1 has no name in the header; it is called 'column_1'"));
    let posts = read_parquet(&dir.join("posts.parquet"));
    assert!(posts.column("column_1").is_ok());
}

#[test]
fn empty_file_is_an_error() {
    let (out, _, _t) = analyze_bytes("empty.csv", b"", &[]);
    expect_error(&out, 1, "empty.csv is empty: expected a header row");
}

#[test]
fn a_50_mb_field_is_refused_with_its_line_and_the_limit() {
    let mut big = b"id,text\n1,short\n2,\"".to_vec();
    big.extend(std::iter::repeat_n(b'a', 50 * 1024 * 1024));
    big.extend(b"\"\n");
    let (out, dir, _t) = analyze_bytes("big.csv", &big, &[]);
    expect_error(&out, 1, "big.csv:3: the row starting here is larger than 16777216 bytes; if that is real data pass a larger --max-row-bytes");
    assert!(!dir.exists());
}

#[test]
fn max_row_bytes_sets_the_limit() {
    let mut row = b"id,text
1,short
2,\""
        .to_vec();
    row.extend(std::iter::repeat_n(b'a', 2_000_000));
    row.extend(b"\"\n");
    let (out, _, _t) = analyze_bytes("two_mb.csv", &row, &["--max-row-bytes", "1000000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out)
        .contains("two_mb.csv:3: the row starting here is larger than 1000000 bytes"));
    let (out, dir, _t) = analyze_bytes("two_mb.csv", &row, &["--quiet"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(read_parquet(&dir.join("posts.parquet")).height(), 2);
    // At most 4 GiB - 1 (a row's field ends are 32-bit offsets): past that, a usage error.
    let (out, dir, _t) = analyze_bytes("two_mb.csv", &row, &["--max-row-bytes", "4294967296"]);
    expect_error(&out, 2, "4294967296 is not in 1..=4294967295");
    assert!(!dir.exists());
}

#[test]
fn a_directory_as_input_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = reactions()
        .arg("analyze")
        .arg(tmp.path())
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    expect_error(&out, 1, "it is a folder; pass a CSV file");
}

#[test]
fn output_inside_the_input_path_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "in.csv", "text\nhello\n");
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(p.join("report"))
        .output()
        .unwrap();
    expect_error(&out, 2, "that is the input file's own path");
    assert_eq!(fs::read_to_string(&p).unwrap(), "text\nhello\n");
}

#[test]
fn unwritable_output_is_reported_with_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "in.csv", "text\nhello\n");
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .args(["--out", "/proc/reactions-test/report"])
        .output()
        .unwrap();
    expect_error(&out, 1, "cannot write /proc/reactions-test");
}

#[test]
fn csv_outputs_round_trip_any_text() {
    let texts = [
        "=HYPERLINK(\"http://x\")",
        "quote \" inside, and comma",
        "line one\nline two\r\nline three",
        "  leading and trailing spaces  ",
        "tab\there | pipe <b>html</b>",
        "emoji 🎉 and bidi \u{202E}reversed",
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "text"]).unwrap();
    for (i, t) in texts.iter().enumerate() {
        w.write_record([i.to_string().as_str(), t]).unwrap();
    }
    let (out, dir, _t) = analyze_bytes("rt.csv", &w.into_inner().unwrap(), &["--quiet"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut rdr = csv::Reader::from_path(dir.join("posts.csv")).unwrap();
    let col = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "text")
        .unwrap();
    let back: Vec<String> = rdr.records().map(|r| r.unwrap()[col].to_owned()).collect();
    assert_eq!(back, texts);
    assert_eq!(posts_text(&dir), texts);
}

#[test]
fn sigkill_mid_run_leaves_the_previous_report_or_the_new_one_never_a_mix() {
    // A large input makes the run long enough to be killed at several points.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.csv");
    let mut w = csv::Writer::from_path(&input).unwrap();
    w.write_record(["id", "created_at", "text"]).unwrap();
    for i in 0..60_000 {
        let text = format!("post {i}: I love this, but please be careful. Amazing news!!! 🎉");
        w.write_record([
            i.to_string(),
            format!("2019-02-13T{:02}:{:02}:00Z", (i / 60) % 24, i % 60),
            text,
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let dir = tmp.path().join("report");
    let small = write(tmp.path(), "small.csv", "text\nfirst report\n");
    reactions()
        .arg("analyze")
        .arg(&small)
        .arg("--out")
        .arg(&dir)
        .arg("--quiet")
        .success();
    let old_manifest = fs::read(dir.join("manifest.json")).unwrap();

    for delay_ms in [50_u64, 200, 500, 1000, 1500, 2500, 4000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reactions"))
            .arg("analyze")
            .arg(&input)
            .arg("--out")
            .arg(&dir)
            .arg("--quiet")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let manifest = fs::read(dir.join("manifest.json")).expect("a report is always in place");
        let listed: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
        let mut expected: Vec<String> = listed["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect();
        expected.push("manifest.json".to_owned());
        expected.sort();
        let mut present: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        present.sort();
        assert_eq!(
            present, expected,
            "killed after {delay_ms} ms: the folder mixes reports"
        );
        if manifest != old_manifest {
            assert_eq!(listed["rows"]["read"], 60_000, "a new report is complete");
        }
    }
    // A later run cleans up what the killed runs left beside the folder.
    reactions()
        .arg("analyze")
        .arg(&small)
        .arg("--out")
        .arg(&dir)
        .arg("--quiet")
        .success();
    let leftovers: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Run `reactions ARGS` under a 300 MB address-space limit (`ulimit -v`), so unbounded memory
/// use shows up as an allocation failure (abort) instead of a clean exit.
///
/// glibc gives each thread that allocates its own arena and reserves 64 MB or more of address
/// space for it up front; with the reader decoding on every core, those reservations alone
/// would pass the cap while the heap holds 50 MB. One arena makes the address space track the
/// heap.
fn run_with_memory_cap(args: &str) -> Output {
    Command::new("sh")
        .env("MALLOC_ARENA_MAX", "1")
        .arg("-c")
        .arg(format!(
            "ulimit -v 300000 && exec \"{}\" {args}",
            env!("CARGO_BIN_EXE_reactions")
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn memory_stays_bounded_on_a_100_mb_line_and_a_million_tiny_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let line = tmp.path().join("line.csv");
    let mut bytes = b"text\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 100_000_000));
    bytes.push(b'\n');
    fs::write(&line, &bytes).unwrap();
    drop(bytes);
    let out = run_with_memory_cap(&format!("score \"{}\"", line.display()));
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("line.csv:2: the row starting here is larger than"),
        "{}",
        stderr_of(&out)
    );
    // The same file with the guard lifted does not fit in the cap: the test can fail.
    let out = run_with_memory_cap(&format!(
        "score --max-row-bytes 200000000 \"{}\"",
        line.display()
    ));
    assert!(!out.status.success());

    let tiny = tmp.path().join("tiny.csv");
    fs::write(&tiny, format!("text\n{}", "a\n".repeat(1_000_000))).unwrap();
    let out = run_with_memory_cap(&format!("score \"{}\"", tiny.display()));
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn input_echoed_to_the_terminal_is_escaped() {
    // A header name carrying an ANSI escape and a bidi override, and no text column.
    let (out, _, _t) = analyze_bytes("evil.csv", b"id,\x1b[31mred\xe2\x80\xae\n1,x\n", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("found: id, \\u{1b}[31mred\\u{202e}"), "{err}");
    assert!(
        !err.contains('\x1b') && !err.contains('\u{202e}'),
        "{err:?}"
    );
}

#[test]
fn post_text_in_report_md_cannot_inject_html_or_break_tables() {
    let (out, dir, _t) = analyze_bytes(
        "x.csv",
        "text\n\"<script>alert(1)</script> | I love this [link](http://x)\"\n\"be careful\nreally\"\n".as_bytes(),
        &["--quiet"],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(!report.contains("<script>"), "{report}");
    assert!(
        report
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| I love this \\[link\\](http://x)"),
        "{report}"
    );
    assert!(report.contains("be careful\\\\nreally"), "{report}");
    // examples.csv keeps the text whole.
    let mut rdr = csv::Reader::from_path(dir.join("examples.csv")).unwrap();
    let texts: Vec<String> = rdr.records().map(|r| r.unwrap()[4].to_owned()).collect();
    assert!(texts.contains(&"be careful\nreally".to_owned()));
}

#[test]
fn a_stopword_file_replaces_the_builtin_list() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "p.csv",
        "text,stance\nthe movement is great,supportive\nthe movement grows,supportive\nbe careful now,cautionary\nplease be careful,cautionary\n",
    );
    let stop = write(tmp.path(), "stop.txt", "# our list\nmovement\n\nCAREFUL\n");
    let dir = tmp.path().join("r");
    reactions()
        .arg("analyze")
        .arg(&input)
        .arg("--out")
        .arg(&dir)
        .arg("--stopwords")
        .arg(&stop)
        .arg("--quiet")
        .success();
    let terms = read_parquet(&dir.join("distinctive_terms.parquet"));
    let col = terms.column("term").unwrap().str().unwrap().clone();
    let all: Vec<&str> = col.iter().map(|t| t.unwrap()).collect();
    assert!(
        !all.contains(&"movement") && !all.contains(&"careful"),
        "{all:?}"
    );
    assert!(
        all.contains(&"the"),
        "the built-in list is replaced, so 'the' is a term: {all:?}"
    );
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .arg("--out")
        .arg(tmp.path().join("s"))
        .args(["--stopwords", "missing.txt"])
        .output()
        .unwrap();
    expect_error(&out, 1, "cannot read missing.txt");
}

#[test]
fn duplicates_and_retweets_are_flagged_and_can_be_left_out() {
    let input = "text,stance\nI love this,supportive\nRT @aoc: I love this,supportive\nI love this,supportive\nbe careful,cautionary\n";
    let (out, dir, _t) = analyze_bytes("d.csv", input.as_bytes(), &["--quiet"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let summary = read_parquet(&dir.join("summary.parquet"));
    let posts_of = |df: &DataFrame| -> Vec<u64> {
        df.column("posts")
            .unwrap()
            .u64()
            .unwrap()
            .iter()
            .map(|v| v.unwrap())
            .collect()
    };
    assert_eq!(posts_of(&summary), [3, 1, 4], "counted by default");
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        report.contains("1 posts repeat an earlier post's text exactly and 1 are retweets"),
        "{report}"
    );

    let (out, dir, _t) = analyze_bytes(
        "d.csv",
        input.as_bytes(),
        &["--quiet", "--exclude-duplicates"],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let summary = read_parquet(&dir.join("summary.parquet"));
    assert_eq!(
        posts_of(&summary),
        [1, 1, 2],
        "the repeat and the retweet are left out"
    );
    let posts = read_parquet(&dir.join("posts.parquet"));
    assert_eq!(posts.height(), 4, "every post stays in the per-post output");
    let included: Vec<bool> = posts
        .column("included")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    assert_eq!(included, [true, false, false, true]);
    let dup: Vec<Option<u64>> = posts
        .column("duplicate_of_line")
        .unwrap()
        .u64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(dup, [None, None, Some(2), None]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["rows"]["excluded_as_duplicates"], 2);
}

#[test]
fn long_posts_sentence_mean_averages_sentence_scores() {
    let text = "I love this. This is terrible.";
    let (out, dir, _t) = analyze_bytes(
        "l.csv",
        format!("text\n{text}\nfine\n").as_bytes(),
        &["--quiet", "--long-posts", "sentence-mean"],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The reference scores of each sentence alone, from `reactions score`.
    let scored = reactions()
        .args(["score", "-"])
        .write_stdin("text\nI love this.\nThis is terrible.\n")
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(scored.stdout.as_slice());
    let compounds: Vec<f64> = rdr
        .records()
        .map(|r| r.unwrap()[4].parse().unwrap())
        .collect();
    let posts = read_parquet(&dir.join("posts.parquet"));
    let got = posts
        .column("compound")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert!(
        (got - (compounds[0] + compounds[1]) / 2.0).abs() < 1e-12,
        "{got} vs {compounds:?}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["sentiment"]["long_posts"], "sentence mean");
}

#[test]
fn weight_by_an_engagement_column() {
    // Two supportive posts with 0 and 2 likes (weights 1 and 3) and a cautionary one whose likes
    // cell is unreadable (weight 1). The column name is matched case-insensitively.
    let input = "text,likes,stance\ngood,0,supportive\nawful,2,supportive\nhello,lots,cautionary\n";
    let (out, dir, _t) =
        analyze_bytes("w.csv", input.as_bytes(), &["--quiet", "--weight", "LIKES"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let posts = read_parquet(&dir.join("posts.parquet"));
    let c: Vec<f64> = posts
        .column("compound")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    let weighted = read_parquet(&dir.join("weighted.parquet"));
    let mean = weighted
        .column("weighted_mean_compound")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert!(
        (mean - (c[0] + 3.0 * c[1]) / 4.0).abs() < 1e-12,
        "{mean} from {c:?}"
    );
    let sum = weighted
        .column("weight_sum")
        .unwrap()
        .f64()
        .unwrap()
        .get(1)
        .unwrap();
    assert_eq!(sum, 1.0, "an unreadable cell weighs 1");
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("## Weighted by engagement"), "{report}");
    assert!(
        report.contains("1 cells were empty or not a count and were read as 0 (first: line 4)"),
        "{report}"
    );
    let (out, _, _t) = analyze_bytes("w.csv", input.as_bytes(), &["--weight", "shares"]);
    expect_error(&out, 2, "--weight shares: no such column");
}

// ---- Stance methods (issue 3): rule files, trained classifiers, evaluation. ----

/// A deterministic pseudo-random stream for generated fixtures.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        items[((self.0 >> 33) as usize) % items.len()]
    }
}

fn json_of(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// `evaluate --json` on `file`; the parsed output.
fn evaluate_json(file: &Path, gold: &str, pred: &str) -> serde_json::Value {
    let out = reactions()
        .arg("evaluate")
        .arg(file)
        .args(["--gold-column", gold, "--pred-column", pred, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Train on `csv` (label column `gold`) into `model`; the model as JSON.
fn train(csv: &Path, model: &Path, extra: &[&str]) -> serde_json::Value {
    let out = reactions()
        .arg("train")
        .arg(csv)
        .args(["--label-column", "gold", "-o"])
        .arg(model)
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    json_of(model)
}

/// Analyse `csv` with `extra` flags and evaluate the stance column against `gold`.
fn stance_macro_f1(csv: &Path, extra: &[&str]) -> f64 {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    reactions()
        .arg("analyze")
        .arg(csv)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--bootstrap", "50"])
        .args(extra)
        .success();
    let e = evaluate_json(&out.join("posts.csv"), "gold", "stance");
    e["groups"][0]["agreement"]["macro_f1"].as_f64().unwrap()
}

#[test]
fn reactions_rules_prints_the_documented_builtin_file() {
    let out = reactions().arg("rules").output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        printed,
        fs::read_to_string("src/stance/default_rules.toml").unwrap()
    );
    let readme = fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("src/stance/default_rules.toml"));
    assert!(readme.contains("reactions rules"));
}

#[test]
fn a_rules_file_with_its_own_labels_replaces_the_builtin_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = write(
        tmp.path(),
        "r.toml",
        "version = 1\nfallback = \"none\"\n\
         [[stance]]\nlabel = \"FAVOR\"\ncues = [\"great idea\"]\nhashtags = [\"yes2019\"]\n\
         [[stance]]\nlabel = \"against\"\npriority = 5\ncues = [\"terrible idea\"]\n",
    );
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .args(["analyze", "-", "--quiet", "--out"])
        .arg(&out_dir)
        .arg("--stance-rules")
        .arg(&rules)
        .write_stdin(
            "text,stance\nA great idea #Yes2019,x\nnot a great idea at all,x\n\
             great idea or terrible idea?,x\nno idea,x\n",
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let posts = read_parquet(&out_dir.join("posts.parquet"));
    let col = |name: &str| strings(&posts, name);
    // The rules file wins over the label column because it was asked for.
    assert_eq!(col("stance"), ["favor", "none", "against", "none"]);
    assert_eq!(col("stance_source"), ["rules"; 4]);
    assert_eq!(col("stance_reason")[0], "cue \"great idea\", \"#yes2019\"");
    assert_eq!(
        col("stance_reason")[1],
        "no cue matched (negated: \"great idea\")"
    );
    assert_eq!(
        col("stance_reason")[2],
        "cue \"terrible idea\"; outranked: favor \"great idea\""
    );
    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(report.contains("cue rules from"), "{report}");

    // A broken file is named with the line of the problem, before the input is read.
    let bad = write(
        tmp.path(),
        "bad.toml",
        "version = 1\n[[stance]]\nlabel = \"a\"\ncues = [\"x\",\n",
    );
    let out = reactions()
        .args(["analyze", SAMPLE, "--out"])
        .arg(tmp.path().join("never"))
        .arg("--stance-rules")
        .arg(&bad)
        .output()
        .unwrap();
    expect_error(&out, 1, "bad.toml: line 4, column 13: unclosed array");
    assert!(!tmp.path().join("never").exists());
    let out = reactions()
        .args(["analyze", SAMPLE, "--stance", "label", "--stance-rules"])
        .arg(&rules)
        .output()
        .unwrap();
    expect_error(&out, 2, "--stance-rules is used with --stance rules");
}

/// Posts whose stance shows in words no built-in cue knows: the classifier should learn them.
fn unseen_vocabulary_posts(n: usize) -> String {
    let mut rng = Lcg(7);
    let openers = ["Honestly", "Well", "So", "Right", "Look", "Okay"];
    let pro = [
        "comrades on both shores unite",
        "this is what real change looks like",
        "finally a bridge between our parties",
        "workers everywhere will remember this day",
        "two giants joining forces",
    ];
    let con = [
        "tread lightly with that partner",
        "look into his record before the call",
        "some of his allies have ugly views",
        "this association could cost her dearly",
        "vet people before you share a stage",
    ];
    let tails = ["tonight", "today", "for sure", "I think", "", "again"];
    let mut csv = String::from("id,text,gold\n");
    for i in 0..n {
        let (side, label) = if i % 2 == 0 {
            (&pro[..], "supportive")
        } else {
            (&con[..], "cautionary")
        };
        let text = format!(
            "{} {} {}",
            rng.pick(&openers),
            rng.pick(side),
            rng.pick(&tails)
        );
        csv.push_str(&format!("{i},{},{label}\n", text.trim()));
    }
    csv
}

/// Posts whose stance shows only in a cue that no other post uses: a rules file listing the
/// cues is right every time; a classifier cannot generalise from one post per cue.
fn one_off_cue_posts() -> (String, String) {
    let pro_cues = [
        "kumquat",
        "zeppelin",
        "marmalade",
        "trombone",
        "lighthouse",
        "pinecone",
        "satchel",
        "umbrella",
        "velvet",
        "walnut",
        "yodel",
        "quartz",
        "fjord",
        "gazebo",
        "harpoon",
        "igloo",
        "juniper",
        "kiwifruit",
        "lantern",
        "mosaic",
    ];
    let con_cues = [
        "nebula",
        "obelisk",
        "paprika",
        "quiver",
        "rhubarb",
        "saffron",
        "tundra",
        "ukulele",
        "vortex",
        "whistle",
        "xylophone",
        "yak",
        "zucchini",
        "anvil",
        "bramble",
        "cobalt",
        "dynamo",
        "ember",
        "falcon",
        "gondola",
    ];
    let fillers = [
        "people are talking about the call",
        "the call happened this week",
        "everyone has an opinion on the call",
        "the phone call made the news",
    ];
    let mut rng = Lcg(11);
    let mut csv = String::from("id,text,gold\n");
    for i in 0..20 {
        for (cue, label) in [(pro_cues[i], "supportive"), (con_cues[i], "cautionary")] {
            csv.push_str(&format!("{i},{} {cue},{label}\n", rng.pick(&fillers)));
        }
    }
    let quote = |xs: &[&str]| {
        xs.iter()
            .map(|x| format!("\"{x}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rules = format!(
        "version = 1\n[[stance]]\nlabel = \"supportive\"\ncues = [{}]\n\
         [[stance]]\nlabel = \"cautionary\"\ncues = [{}]\n",
        quote(&pro_cues),
        quote(&con_cues)
    );
    (csv, rules)
}

#[test]
fn the_classifier_learns_where_cue_rules_fail_and_rules_win_where_cues_are_one_offs() {
    let tmp = tempfile::tempdir().unwrap();

    // 1. Stance carried by words outside the cue lists.
    let csv = write(tmp.path(), "unseen.csv", &unseen_vocabulary_posts(120));
    let model = train(&csv, &tmp.path().join("m.json"), &[]);
    let cv = &model["cross_validation"];
    assert_eq!(cv["folds"], 5);
    assert_eq!(cv["posts"], 120);
    assert!(cv["macro_f1"].as_f64().unwrap() > 0.95, "{cv}");
    let rules_f1 = stance_macro_f1(&csv, &["--stance", "rules"]);
    assert!(
        rules_f1 < 0.5,
        "built-in rules should fail here: {rules_f1}"
    );

    // 2. Stance carried by one-off cues a rules file lists.
    let (csv_text, rules_text) = one_off_cue_posts();
    let csv = write(tmp.path(), "oneoff.csv", &csv_text);
    let rules = write(tmp.path(), "oneoff.toml", &rules_text);
    let rules_f1 = stance_macro_f1(&csv, &["--stance-rules", rules.to_str().unwrap()]);
    assert_eq!(rules_f1, 1.0);
    let model = train(&csv, &tmp.path().join("m2.json"), &[]);
    let model_f1 = model["cross_validation"]["macro_f1"].as_f64().unwrap();
    assert!(
        model_f1 < 0.75,
        "the classifier cannot learn one-off cues: {model_f1}"
    );
}

#[test]
fn a_saved_model_labels_posts_and_broken_models_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = write(tmp.path(), "train.csv", &unseen_vocabulary_posts(60));
    let model_path = tmp.path().join("model.json");
    let out = reactions()
        .arg("train")
        .arg(&csv)
        .args(["--label-column", "gold", "--folds", "3", "-o"])
        .arg(&model_path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("3-fold stratified cross-validation on 60 labelled posts"));
    assert!(stdout.contains("| gold \\ predicted |"), "{stdout}");
    let model = json_of(&model_path);
    assert_eq!(model["format"], "reactions-stance-model");
    assert_eq!(model["format_version"], 1);
    assert_eq!(
        model["labels"],
        serde_json::json!(["cautionary", "supportive"])
    );

    let out_dir = tmp.path().join("r");
    reactions()
        .args(["analyze", "-", "--quiet", "--out"])
        .arg(&out_dir)
        .arg("--stance-model")
        .arg(&model_path)
        .write_stdin(
            "text\nworkers everywhere will remember this day\ntread lightly with that partner\n",
        )
        .success();
    let posts = read_parquet(&out_dir.join("posts.parquet"));
    let stance = strings(&posts, "stance");
    assert_eq!(stance, ["supportive", "cautionary"]);
    let conf = posts
        .column("stance_confidence")
        .unwrap()
        .f64()
        .unwrap()
        .clone();
    assert!(conf.iter().all(|c| c.is_some_and(|c| c > 0.5 && c <= 1.0)));
    let manifest = json_of(&out_dir.join("manifest.json"));
    assert_eq!(manifest["stance"]["cross_validation"]["folds"], 3);

    // Not JSON, another format version, and a clash of flags.
    let junk = write(tmp.path(), "junk.json", "{\"format\": ");
    let out = reactions()
        .args(["analyze", SAMPLE, "--stance-model"])
        .arg(&junk)
        .output()
        .unwrap();
    expect_error(&out, 1, "junk.json: not a model file (JSON error at line 1");
    let mut old = model.clone();
    old["format_version"] = serde_json::json!(99);
    let old_path = write(tmp.path(), "old.json", &old.to_string());
    let out = reactions()
        .args(["analyze", SAMPLE, "--stance-model"])
        .arg(&old_path)
        .output()
        .unwrap();
    expect_error(&out, 1, "model format version 99");
    let out = reactions()
        .args(["analyze", SAMPLE, "--stance", "rules", "--stance-model"])
        .arg(&model_path)
        .output()
        .unwrap();
    expect_error(&out, 2, "--stance-model is used with --stance model");
    // Training with a single label says what is wrong.
    let one = write(tmp.path(), "one.csv", "text,gold\na,x\nb,x\nc,\n");
    let out = reactions()
        .arg("train")
        .arg(&one)
        .args(["--label-column", "gold", "-o"])
        .arg(tmp.path().join("x.json"))
        .output()
        .unwrap();
    expect_error(&out, 1, "at least two different labels; found only \"x\"");
    assert!(!tmp.path().join("x.json").exists());
}

#[test]
fn a_partly_labelled_column_is_completed_by_a_classifier_with_its_cross_validation() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("r");
    reactions()
        .args(["analyze", SAMPLE, "--quiet", "--bootstrap", "50", "--out"])
        .arg(&out_dir)
        .success();
    let posts = read_parquet(&out_dir.join("posts.parquet"));
    let text = |name: &str| strings(&posts, name);
    let (input_stance, source) = (text("input_stance"), text("stance_source"));
    let conf = posts
        .column("stance_confidence")
        .unwrap()
        .f64()
        .unwrap()
        .clone();
    let stance = text("stance");
    let mut predicted = 0;
    for i in 0..posts.height() {
        if input_stance[i].trim().is_empty() {
            predicted += 1;
            assert_eq!(source[i], "model");
            assert!(conf.get(i).is_some());
            assert_ne!(stance[i], "unlabelled");
        } else {
            assert_eq!(source[i], "label");
            assert_eq!(stance[i], input_stance[i].trim().to_lowercase());
            assert!(conf.get(i).is_none());
        }
    }
    assert_eq!(predicted, 31);
    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(report.contains("## Stance classifier"), "{report}");
    assert!(report.contains("5-fold stratified cross-validation on 184 labelled posts"));
    assert!(report.contains("| gold \\ predicted |"));
    // --stance label keeps empty cells unlabelled instead.
    let out_dir = tmp.path().join("l");
    reactions()
        .args(["analyze", SAMPLE, "--quiet", "--stance", "label", "--out"])
        .arg(&out_dir)
        .success();
    let summary = fs::read_to_string(out_dir.join("summary.csv")).unwrap();
    assert!(summary.contains("unlabelled,31,"), "{summary}");
}

#[test]
fn evaluate_reproduces_vaders_published_agreement_per_corpus() {
    let out = reactions()
        .args([
            "evaluate",
            GOLDEN,
            "--gold-column",
            "human_mean",
            "--pred-column",
            "compound",
            "--by",
            "corpus",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let group = |name: &str| {
        v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == name)
            .unwrap_or_else(|| panic!("no group {name}"))
            .clone()
    };
    // Pearson r of vaderSentiment 3.3.2 per corpus, as given in the reference data's README.
    for (corpus, r, n) in [
        ("tweets", 0.8722, 4200),
        ("movieReviewSnippets", 0.4274, 10605),
        ("nytEditorialSnippets", 0.5029, 5190),
        ("amazonReviewSnippets", 0.5896, 3708),
    ] {
        let g = group(corpus);
        assert_eq!(g["n"], n);
        let got = g["agreement"]["pearson"].as_f64().unwrap();
        assert!((got - r).abs() < 5e-5, "{corpus}: r = {got}, expected {r}");
        let rho = g["agreement"]["spearman"].as_f64().unwrap();
        assert!(rho > 0.3 && rho < 1.0);
    }
    // Its three-class result on tweets: P .978, R .921, F1 .948 (weighted by class size).
    let a = &group("tweets")["agreement"];
    for (key, want) in [
        ("precision_weighted", 0.978),
        ("recall_weighted", 0.921),
        ("f1_weighted", 0.948),
    ] {
        let got = a[key].as_f64().unwrap();
        assert!((got - want).abs() < 5e-4, "{key} = {got}, expected {want}");
    }
    assert_eq!(group("all")["n"], 23703);
}

#[test]
fn evaluate_labels_matches_a_hand_computed_confusion_matrix() {
    let tmp = tempfile::tempdir().unwrap();
    // gold a a a a b b b c c c / pred a a b c b b a c c b, plus one row without a prediction.
    let mut csv = String::from("gold,pred\n");
    for (g, p) in [
        ("a", "a"),
        ("a", "A "),
        ("a", "b"),
        ("a", "c"),
        ("b", "b"),
        ("b", "b"),
        ("b", "a"),
        ("c", "c"),
        ("c", "c"),
        ("c", "b"),
        ("c", ""),
    ] {
        csv.push_str(&format!("{g},{p}\n"));
    }
    let file = write(tmp.path(), "e.csv", &csv);
    let out = reactions()
        .arg("evaluate")
        .arg(&file)
        .args([
            "--gold-column",
            "gold",
            "--pred-column",
            "pred",
            "--favg-classes",
            "a,c",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = String::from_utf8_lossy(&out.stdout);
    // accuracy 6/10; F1 a = 4/7, b = 4/7, c = 2/3; macro (0.5714+0.5714+0.6667)/3 = 0.603;
    // Favg (a, c) = 0.619.
    assert!(md.contains("| all | 10 | 0.600 | 0.603 | 0.619 |"), "{md}");
    assert!(md.contains("| a | 2 | 1 | 1 |"), "{md}");
    assert!(md.contains("| a | 4 | 3 | 0.667 | 0.500 | 0.571 |"), "{md}");
    assert!(stderr_of(&out).contains("1 rows have an empty gold or predicted cell"));

    // Scores mode names the line and column of a cell that is not a number.
    let bad = write(tmp.path(), "s.csv", "h,c\n0.5,0.1\n1.0,zero\n");
    let out = reactions()
        .arg("evaluate")
        .arg(&bad)
        .args([
            "--gold-column",
            "h",
            "--pred-column",
            "c",
            "--mode",
            "scores",
        ])
        .output()
        .unwrap();
    expect_error(&out, 1, "s.csv:3: column 'c': 'zero' is not a number");
}

// ---- Notebook and reader integration (issue 5). ----

#[test]
fn format_chooses_frame_formats_and_json_describes_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .args(["analyze", SAMPLE, "--format", "ipc", "--json", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(files.contains(&"posts.arrow") && files.contains(&"summary.arrow"));
    assert!(files
        .iter()
        .all(|f| !f.ends_with(".parquet") && !f.ends_with(".csv")));
    assert!(files.contains(&"summary.md") && files.contains(&"report.html"));
    for f in &files {
        assert!(out_dir.join(f).is_file(), "{f} listed but not written");
    }
    assert_eq!(v["posts"], 215);
    let rows = v["summary"].as_array().unwrap();
    assert_eq!(rows.last().unwrap()["stance"], "all");
    assert_eq!(rows.last().unwrap()["posts"], 215);
    assert!(rows[0]["ci95_low"].as_f64().unwrap() < rows[0]["mean_compound"].as_f64().unwrap());

    // Arrow IPC frames with real types: categoricals, a UTC datetime, integer counts.
    let ipc = |name: &str| {
        IpcReader::new(fs::File::open(out_dir.join(name)).unwrap())
            .finish()
            .unwrap()
    };
    let posts = ipc("posts.arrow");
    assert_eq!(posts.height(), 215);
    for name in ["stance", "sentiment", "stance_source"] {
        assert!(
            matches!(posts.column(name).unwrap().dtype(), DataType::Enum(..)),
            "{name}: {:?}",
            posts.column(name).unwrap().dtype()
        );
    }
    assert!(matches!(
        posts.column("posted_at").unwrap().dtype(),
        DataType::Datetime(TimeUnit::Microseconds, Some(tz)) if tz.as_str() == "UTC"
    ));
    let summary = ipc("summary.arrow");
    assert_eq!(summary.column("posts").unwrap().dtype(), &DataType::UInt64);
    assert_eq!(
        strings(&summary, "stance"),
        ["supportive", "cautionary", "neutral", "all"]
    );

    let out = reactions()
        .args(["analyze", SAMPLE, "--format", "xlsx"])
        .output()
        .unwrap();
    expect_error(
        &out,
        2,
        "unknown format 'xlsx'; choose from parquet, ipc, csv",
    );
}

#[test]
fn report_html_is_one_self_contained_escaped_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("r");
    reactions()
        .args(["analyze", "-", "--quiet", "--out"])
        .arg(&out_dir)
        .write_stdin(
            "text\n<script>alert('x')</script> love this\n\"<img src=x onerror=alert(1)> be careful\"\nwhat time is it\n",
        )
        .success();
    let html = fs::read_to_string(out_dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("default-src 'none'"));
    assert!(
        !html.to_lowercase().contains("<script"),
        "a post became markup"
    );
    assert!(!html.contains("<img src=x"), "a post became markup");
    assert!(
        html.contains("&lt;script&gt;alert"),
        "the post is shown as text"
    );
    assert!(
        !html.contains("src=\"stance_sentiment.png\""),
        "charts are embedded"
    );
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 4);
    assert!(!html.contains("http://") && !html.contains("https://"));
    for heading in [
        "<h2>Summary by stance</h2>",
        "<h2>Representative posts</h2>",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
}

#[test]
fn completions_and_man_pages_come_from_the_cli_definitions() {
    for shell in ["bash", "zsh", "fish"] {
        let out = reactions().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("--stance-model"), "{shell}");
        assert!(script.contains("evaluate"), "{shell}");
    }
    let out = reactions().args(["man"]).output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH reactions 1"), "{page}");
    let out = reactions().args(["man", "analyze"]).output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH reactions-analyze 1"));
    assert!(page.contains("stance\\-rules"), "{page}");
    let out = reactions().args(["man", "nope"]).output().unwrap();
    expect_error(&out, 2, "no command 'nope'");
    // The committed pages are what the binary prints now.
    for (file, args) in [
        ("man/reactions.1", vec!["man"]),
        ("man/reactions-analyze.1", vec!["man", "analyze"]),
        ("man/reactions-score.1", vec!["man", "score"]),
        ("man/reactions-train.1", vec!["man", "train"]),
        ("man/reactions-evaluate.1", vec!["man", "evaluate"]),
    ] {
        let out = reactions().args(args).output().unwrap();
        assert!(
            fs::read(file).unwrap_or_default() == out.stdout,
            "{file} is stale: regenerate with `reactions man ...` (see README)"
        );
    }
}

#[test]
fn every_command_help_shows_an_example() {
    for command in [
        "analyze",
        "score",
        "train",
        "evaluate",
        "rules",
        "completions",
        "man",
    ] {
        let out = reactions().args([command, "--help"]).output().unwrap();
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Example"), "{command} --help has no example");
    }
}

#[test]
fn per_post_files_written_in_chunks_hold_every_post_in_order() {
    // More posts than one written chunk (65,536): posts.csv is formatted in parallel chunks,
    // Parquet gets a row group and IPC a record batch per chunk; all three must agree row for
    // row, and a label that only an excluded duplicate carries keeps the categorical type the
    // same across chunks.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("chunks.csv");
    let mut w = csv::Writer::from_path(&input).unwrap();
    w.write_record(["text", "stance"]).unwrap();
    let n = 70_000;
    for i in 0..n {
        let (text, label) = match i {
            // The only "rare" post repeats the first post's text, so it is excluded.
            69_999 => ("post 0 is great".to_owned(), "rare"),
            _ => (
                format!("post {i} is {}", ["great", "awful", "fine"][i % 3]),
                ["pro", "con", "meh"][i % 3],
            ),
        };
        w.write_record([text.as_str(), label]).unwrap();
    }
    w.flush().unwrap();
    let out = tmp.path().join("report");
    reactions()
        .arg("analyze")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--exclude-duplicates")
        .args(["--format", "parquet,ipc,csv"])
        .arg("--quiet")
        .success();
    let parquet = read_parquet(&out.join("posts.parquet"));
    let ipc = IpcReader::new(fs::File::open(out.join("posts.arrow")).unwrap())
        .finish()
        .unwrap();
    let mut csv_rows = csv::Reader::from_path(out.join("posts.csv")).unwrap();
    let headers = csv_rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (line, stance, compound) = (col("source_line"), col("stance"), col("compound"));
    let rows: Vec<csv::StringRecord> = csv_rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n);
    for frame in [&parquet, &ipc] {
        assert_eq!(frame.height(), n);
        let lines: Vec<u64> = frame
            .column("source_line")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let expected: Vec<u64> = (2..2 + n as u64).collect();
        assert_eq!(lines, expected);
        let stances = strings(frame, "stance");
        let compounds: Vec<f64> = frame
            .column("compound")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let texts = strings(frame, "text");
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row[line].parse::<u64>().unwrap(), lines[i]);
            assert_eq!(row[stance], stances[i], "row {i}");
            assert_eq!(
                row[compound].parse::<f64>().unwrap(),
                compounds[i],
                "row {i}"
            );
            assert_eq!(row[col("text")], texts[i], "row {i}");
        }
        assert_eq!(stances[n - 1], "rare");
        assert!(matches!(
            frame.column("stance").unwrap().dtype(),
            DataType::Enum(..)
        ));
    }
}
