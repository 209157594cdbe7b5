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

#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/evaluate.rs"]
mod evaluate;
#[path = "cli/exports.rs"]
mod exports;
#[path = "cli/groups.rs"]
mod groups;
#[path = "cli/help.rs"]
mod help;
#[path = "cli/ingest.rs"]
mod ingest;
#[path = "cli/kills.rs"]
mod kills;
#[path = "cli/options.rs"]
mod options;
#[path = "cli/real_exports.rs"]
mod real_exports;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/safety.rs"]
mod safety;
#[path = "cli/score.rs"]
mod score;
#[path = "cli/sentiment_model.rs"]
mod sentiment_model;
#[path = "cli/snapshots.rs"]
mod snapshots;
#[path = "cli/stance.rs"]
mod stance;
#[path = "cli/targets.rs"]
mod targets;
#[path = "cli/threads.rs"]
mod threads;
#[path = "cli/times.rs"]
mod times;

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

/// The rows of a CSV file as maps from column name to cell.
fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|row| {
            let row = row.unwrap();
            headers
                .iter()
                .zip(row.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
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

/// A float column without nulls.
fn floats(frame: &DataFrame, name: &str) -> Vec<f64> {
    frame
        .column(name)
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect()
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

// ---- Notebook and reader integration (issue 5). ----
