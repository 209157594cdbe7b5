//! Stance from cue rules, a saved model, or a classifier trained in the run.

use super::*;

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
    assert_eq!(model["format_version"], 2);
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
    // The learning curve is a chart as well as a table (issue 18).
    assert!(report.contains("![Cross-validated macro-F1 as the labels grow](learning_curve.png)"));
    assert_eq!(png_size(&out_dir.join("learning_curve.png")), (1200, 800));
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
fn training_on_very_many_labels_uses_a_stratified_sample_and_says_so() {
    // The sample has 184 labelled posts (73 supportive, 57 cautionary, 54 neutral); a cap of
    // 90 keeps each label's share: round(73·90/184) = 36, round(57·90/184) = 28, 26.
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("r");
    reactions()
        .args(["analyze", SAMPLE, "--quiet", "--bootstrap", "50"])
        .args(["--max-train-posts", "90", "--out"])
        .arg(&out_dir)
        .success();
    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(
        report.contains("cross-validation on a stratified sample of 90 of the 184 labelled posts"),
        "{report}"
    );
    assert!(report.contains("trained on a stratified sample of 90 of them"));
    let posts = fs::read_to_string(out_dir.join("posts.csv")).unwrap();
    assert!(posts.contains("model trained on 90 of the 184 posts labelled in column 'stance'"));
    // `train` takes the same cap; the model file records both counts.
    let model = tmp.path().join("m.json");
    reactions()
        .args(["train", SAMPLE, "--quiet", "--max-train-posts", "90", "-o"])
        .arg(&model)
        .success();
    let model: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&model).unwrap()).unwrap();
    let cv = &model["cross_validation"];
    assert_eq!(
        (cv["posts"].as_u64(), cv["labelled_posts"].as_u64()),
        (Some(90), Some(184))
    );
    let confusion_total: u64 = cv["confusion"]["counts"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().unwrap())
                .map(|v| v.as_u64().unwrap())
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(confusion_total, 90);
    // `train` prints the learning curve as a table, with no link to a chart it does not draw.
    let out = reactions()
        .args(["train", SAMPLE, "--max-train-posts", "90", "-o"])
        .arg(tmp.path().join("m2.json"))
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("| share of labels | posts | CV macro-F1 |"),
        "{printed}"
    );
    assert!(!printed.contains("learning_curve.png"), "{printed}");
}

#[test]
fn cue_rules_that_match_almost_no_post_are_reported_first() {
    // Replies to another story: none uses a built-in cue (checked against
    // src/stance/default_rules.toml by hand: no "careful", "love this", "movement", ...).
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,text\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "{i},The train to Leeds was late again on day {i}\n"
        ));
    }
    csv.push_str("40,Be careful with that timetable\n");
    let input = tmp.path().join("trains.csv");
    fs::write(&input, csv).unwrap();
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .args(["analyze", "--bootstrap", "50", "--out"])
        .arg(&out_dir)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("warning: 98% of the posts (40 of 41) match no stance cue and are 'neutral' only for that"),
        "{err}"
    );
    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    let warning = report
        .find("**98% of the posts (40 of 41) match no stance cue")
        .unwrap();
    assert!(warning < report.find("## Summary by stance").unwrap());
    assert!(report.contains("`reactions rules > rules.toml`"));
    // The built-in cues VADER scores are named, with the warning that follows from them.
    assert!(report.contains("\"be careful (careful)\""), "{report}");
    assert!(report.contains("partly by construction"));
    // The sample matches a cue in over half its posts: no such warning.
    let sample_dir = tmp.path().join("s");
    reactions()
        .args([
            "analyze",
            SAMPLE,
            "--quiet",
            "--stance",
            "rules",
            "--bootstrap",
            "50",
            "--out",
        ])
        .arg(&sample_dir)
        .success();
    let report = fs::read_to_string(sample_dir.join("report.md")).unwrap();
    assert!(!report.contains("match no stance cue"));
}

#[test]
fn sample_picks_posts_to_label_that_train_then_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let picked = tmp.path().join("to_label.csv");
    let out = reactions()
        .args(["sample", SAMPLE, "-n", "30", "-o"])
        .arg(&picked)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The built-in rules give the sample's 215 posts three classes; 10 of each are dealt.
    let err = stderr_of(&out);
    assert!(
        err.contains("picked 30 of 215 candidate posts (classes from built-in rules:"),
        "{err}"
    );
    for class in ["cautionary 10 of", "supportive 10 of", "neutral 10 of"] {
        assert!(err.contains(class), "{class}: {err}");
    }
    let mut reader = csv::Reader::from_path(&picked).unwrap();
    assert_eq!(reader.headers().unwrap(), vec!["id", "text", "stance"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 30);
    assert!(rows.iter().all(|r| r[2].is_empty()));
    // Every pick is a post of the input, once, with its text.
    let mut input = csv::Reader::from_path(SAMPLE).unwrap();
    let by_id: std::collections::HashMap<String, (String, String)> = input
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), (r[3].to_owned(), r[4].to_owned()))
        })
        .collect();
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids.len(), 30);
    for r in &rows {
        assert_eq!(by_id[&r[0]].0, &r[1]);
    }
    // Filled in (here from the sample's own hand labels), the file trains a model as it is.
    let mut filled = csv::Writer::from_path(tmp.path().join("filled.csv")).unwrap();
    filled.write_record(["id", "text", "stance"]).unwrap();
    for r in &rows {
        filled
            .write_record([&r[0], &r[1], &by_id[&r[0]].1])
            .unwrap();
    }
    filled.flush().unwrap();
    drop(filled);
    let model = tmp.path().join("m.json");
    reactions()
        .args(["train", "--quiet", "-o"])
        .arg(&model)
        .arg(tmp.path().join("filled.csv"))
        .success();
    // With the model, classes come from it; to standard output without -o.
    let out = reactions()
        .args(["sample", SAMPLE, "-n", "5", "--stance-model"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("(classes from the model "));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 6);
}

#[test]
fn sample_leaves_out_retweets_and_near_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("posts.csv");
    fs::write(
        &input,
        "id,text\n1,Love this! https://t.co/a\n2,@aoc love THIS\n3,RT @aoc: love this\n4,be careful\n",
    )
    .unwrap();
    let out = reactions()
        .args(["sample", "-n", "10"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Classes are dealt in order of first appearance: supportive (post 1), then cautionary.
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "id,text,stance",
            "1,Love this! https://t.co/a,",
            "4,be careful,"
        ]
    );
    assert!(stderr_of(&out)
        .contains("left out 1 retweets, 1 near-duplicates and 0 posts labelled before"));
}

#[test]
fn a_second_sample_round_leaves_out_the_posts_of_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("round1.csv");
    reactions()
        .args(["sample", SAMPLE, "--quiet", "-n", "40", "-o"])
        .arg(&first)
        .success();
    let second = tmp.path().join("round2.csv");
    let out = reactions()
        .args(["sample", SAMPLE, "-n", "40", "--exclude"])
        .arg(&first)
        .arg("-o")
        .arg(&second)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("and 40 posts labelled before"),
        "{}",
        stderr_of(&out)
    );
    let ids = |path: &std::path::Path| -> std::collections::HashSet<String> {
        csv::Reader::from_path(path)
            .unwrap()
            .records()
            .map(|r| r.unwrap()[0].to_owned())
            .collect()
    };
    let (a, b) = (ids(&first), ids(&second));
    assert_eq!((a.len(), b.len()), (40, 40));
    assert!(a.is_disjoint(&b));
    // A file without an id column is refused, naming it.
    let no_id = tmp.path().join("labels.csv");
    fs::write(&no_id, "text,stance\nhello,neutral\n").unwrap();
    let out = reactions()
        .args(["sample", SAMPLE, "--exclude"])
        .arg(&no_id)
        .output()
        .unwrap();
    expect_error(&out, 2, "labels.csv has no id column (found: text, stance)");
}
