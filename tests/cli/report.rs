//! The report of `analyze`: its files, tables, frames, pages and the options that shape them.

use super::*;

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
            "language",
            "language_confidence",
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
        report.contains("1 post repeats an earlier post's text exactly and 1 is a retweet"),
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
        report.contains("1 cell was empty or not a count and was read as 0 (first: line 4)"),
        "{report}"
    );
    let (out, _, _t) = analyze_bytes("w.csv", input.as_bytes(), &["--weight", "shares"]);
    expect_error(&out, 2, "--weight shares: no such column");
}

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
        let compounds = floats(frame, "compound");
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
