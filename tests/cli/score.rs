//! `reactions score`: one row out per row in, streamed.

use super::*;

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
