//! Issue 17, targets: `--target NAME=aliases` scores each sentence that mentions a target on its
//! own. Checked on real text: one-sentence tweets from the VADER golden file, whose reference
//! compound scores (vaderSentiment 3.3.2) give the expected means; the mentions are found here
//! by splitting each text into words, independently of the program's matcher.

use super::*;

/// Tweets of the golden file with no sentence break inside (so each is one sentence):
/// (text, reference compound).
fn one_sentence_tweets(n: usize) -> Vec<(String, f64)> {
    let mut r = csv::Reader::from_path(GOLDEN).unwrap();
    r.records()
        .map(|row| row.unwrap())
        .filter(|row| &row[0] == "tweets")
        .filter(|row| {
            let t = row[3].trim();
            let b = t.as_bytes();
            t == &row[3]
                && !b.iter().any(|&c| c == b'\n' || c == b'\r')
                && !b
                    .windows(2)
                    .any(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1].is_ascii_whitespace())
        })
        .map(|row| (row[3].to_owned(), row[7].parse().unwrap()))
        .take(n)
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn target_sentences_are_counted_and_scored_alone_per_target() {
    let tweets = one_sentence_tweets(600);
    let tmp = tempfile::tempdir().unwrap();
    let mut w = csv::Writer::from_path(tmp.path().join("t.csv")).unwrap();
    w.write_record(["text", "stance"]).unwrap();
    for (k, (text, _)) in tweets.iter().enumerate() {
        w.write_record([text.as_str(), if k % 2 == 0 { "a" } else { "b" }])
            .unwrap();
    }
    w.flush().unwrap();
    let dir = tmp.path().join("r");
    reactions()
        .arg("analyze")
        .arg(tmp.path().join("t.csv"))
        .args([
            "--target",
            "Love=love,loved",
            "--target",
            "Day=day,today",
            "--quiet",
            "--out",
        ])
        .arg(&dir)
        .success();
    let mut r = csv::Reader::from_path(dir.join("targets.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    for (name, aliases) in [("Love", ["love", "loved"]), ("Day", ["day", "today"])] {
        let hits: Vec<f64> = tweets
            .iter()
            .filter(|(t, _)| words(t).iter().any(|w| aliases.contains(&w.as_str())))
            .map(|(_, c)| *c)
            .collect();
        assert!(hits.len() >= 10, "{name}: only {} mentions", hits.len());
        let all = rows
            .iter()
            .find(|r| &r[col("target")] == name && &r[col("stance")] == "all")
            .unwrap();
        assert_eq!(
            all[col("mentions")].parse::<usize>().unwrap(),
            hits.len(),
            "{name}"
        );
        assert_eq!(
            all[col("posts")].parse::<usize>().unwrap(),
            hits.len(),
            "{name}"
        );
        let mean = hits.iter().sum::<f64>() / hits.len() as f64;
        let got: f64 = all[col("mean_compound")].parse().unwrap();
        assert!((got - mean).abs() < 1e-9, "{name}: {got} vs {mean}");
    }
    assert_eq!(png_size(&dir.join("targets.png")), (1200, 800));
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        report.contains("## Sentiment toward each target"),
        "{report}"
    );
    assert!(report.contains("not aspect-based sentiment"), "{report}");
}

#[test]
fn a_target_no_sentence_names_had_an_empty_panel_and_no_word() {
    // Real exports of other stories: a target whose aliases no post uses got an empty panel
    // (n = 0 bars) and no row, and the report did not say why.
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "t.csv",
        "text\nthe film was lovely\nI hated the movie\nwhat a film\n",
    );
    let run = |targets: &[&str], out: &str| {
        let dir = tmp.path().join(out);
        let flags: Vec<&str> = targets.iter().flat_map(|t| ["--target", t]).collect();
        reactions()
            .arg("analyze")
            .arg(&input)
            .args(flags)
            .arg("--quiet")
            .arg("--out")
            .arg(&dir)
            .success();
        dir
    };
    let dir = run(&["AOC=aoc,@aoc", "film=film,movie", "Corbyn=corbyn"], "r");
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        report.contains(
            "No sentence names AOC, Corbyn: they have no row above and no panel in the chart."
        ),
        "{report}"
    );
    let rows = csv_rows(&dir.join("targets.csv"));
    assert!(rows.iter().all(|r| r["target"] == "film"), "{rows:?}");
    assert!(dir.join("targets.png").exists());
    // No target named at all: no chart of empty panels, and the section says so.
    let dir = run(&["AOC=aoc,@aoc"], "none");
    assert!(!dir.join("targets.png").exists());
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        report.contains("No sentence mentions any target."),
        "{report}"
    );
    assert!(!report.contains("targets.png"), "{report}");
}

#[test]
fn a_target_without_a_name_or_given_twice_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "t.csv", "text\nhello aoc\n");
    for (args, needle) in [
        (vec!["--target", "=aoc"], "give a name"),
        (
            vec!["--target", "AOC=aoc", "--target", "aoc=ocasio"],
            "--target names 'aoc' twice",
        ),
    ] {
        let out = reactions()
            .arg("analyze")
            .arg(&input)
            .args(&args)
            .arg("--out")
            .arg(tmp.path().join("r"))
            .output()
            .unwrap();
        expect_error(&out, 2, needle);
    }
}
