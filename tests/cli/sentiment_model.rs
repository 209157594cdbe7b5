//! Issue 17, sentiment from a model trained on the user's labels: `train` on sentiment labels
//! (from the human ratings of VADER's golden tweets: mean rating above 0.5 positive, below -0.5
//! negative, else neutral), then `analyze --sentiment-model`. The checks compare the outputs
//! with each other and with the thresholds applied to VADER's compound, not with copied output.

use super::*;

/// Golden tweets `from..to` as `text,label` CSV, the label from the human mean rating.
fn labelled_tweets(from: usize, to: usize) -> String {
    let mut r = csv::Reader::from_path(GOLDEN).unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["text", "label"]).unwrap();
    for row in r
        .records()
        .map(Result::unwrap)
        .filter(|row| &row[0] == "tweets")
        .skip(from)
        .take(to - from)
    {
        let human: f64 = row[2].parse().unwrap();
        let label = if human > 0.5 {
            "positive"
        } else if human < -0.5 {
            "negative"
        } else {
            "neutral"
        };
        w.write_record([&row[3], label]).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn a_sentiment_model_sets_the_class_keeps_vaders_and_counts_their_agreement() {
    let tmp = tempfile::tempdir().unwrap();
    let train = write(tmp.path(), "train.csv", &labelled_tweets(0, 400));
    let model = tmp.path().join("sentiment.json");
    reactions()
        .args(["train"])
        .arg(&train)
        .args(["--label-column", "label", "--folds", "3", "--quiet", "-o"])
        .arg(&model)
        .success();
    let posts = write(
        tmp.path(),
        "posts.csv",
        &labelled_tweets(400, 600).replace(",label\n", ",gold\n"),
    );
    let dir = tmp.path().join("r");
    reactions()
        .arg("analyze")
        .arg(&posts)
        .arg("--sentiment-model")
        .arg(&model)
        .args(["--quiet", "--out"])
        .arg(&dir)
        .success();
    let frame = read_parquet(&dir.join("posts.parquet"));
    let sentiment = strings(&frame, "sentiment");
    let vader = strings(&frame, "vader_sentiment");
    let compound = floats(&frame, "compound");
    // VADER's class is the threshold rule applied to compound.
    for (v, c) in vader.iter().zip(&compound) {
        let expected = if *c >= 0.05 {
            "positive"
        } else if *c <= -0.05 {
            "negative"
        } else {
            "neutral"
        };
        assert_eq!(v, expected, "{c}");
    }
    assert!(strings(&frame, "sentiment_source")
        .iter()
        .all(|s| s == "model"));
    let confidence = floats(&frame, "sentiment_confidence");
    // The most probable of three classes has a probability of at least a third.
    assert!(confidence
        .iter()
        .all(|p| (1.0 / 3.0 - 1e-9..=1.0).contains(p)));
    // The model changes some classes, not all.
    let agreeing = sentiment.iter().zip(&vader).filter(|(s, v)| s == v).count();
    assert!(agreeing > 0 && agreeing < sentiment.len(), "{agreeing}");
    let manifest = json_of(&dir.join("manifest.json"));
    assert_eq!(
        manifest["sentiment_model"]["agreeing_with_vader"],
        agreeing as u64
    );
    assert_eq!(manifest["sentiment_model"]["posts_compared"], 200);
    // The summary's shares are the model's classes.
    let summary = read_parquet(&dir.join("summary.parquet"));
    let last = summary.height() - 1;
    let share = summary
        .column("share_positive")
        .unwrap()
        .f64()
        .unwrap()
        .get(last)
        .unwrap();
    let positive = sentiment.iter().filter(|s| *s == "positive").count() as f64 / 200.0;
    assert!((share - positive).abs() < 1e-12, "{share} {positive}");
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("## Sentiment from a model"), "{report}");
    assert!(
        report.contains(&format!(
            "The model and VADER give the same class to {agreeing} posts of 200"
        )),
        "{report}"
    );
}

#[test]
fn a_model_no_better_than_chance_set_every_class_without_a_word() {
    // Labels that do not follow the text: one text, three labels in turn. A model trained on
    // them can only guess, yet its classes filled every share in the report unremarked.
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from("text,label\n");
    for i in 0..60 {
        let label = ["positive", "neutral", "negative"][i % 3];
        csv.push_str(&format!("the flight left at noon,{label}\n"));
    }
    let train = write(tmp.path(), "train.csv", &csv);
    let model = tmp.path().join("guess.json");
    let out = reactions()
        .args(["train"])
        .arg(&train)
        .args(["--label-column", "label", "--folds", "3", "-o"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let warning = "little better than chance, so the labels it gives, and the tables built on them, say little";
    assert!(
        stderr_of(&out).contains("warning: the new model's cross-validated macro-F1 is"),
        "{}",
        stderr_of(&out)
    );
    assert!(stderr_of(&out).contains("of the 0.333 that guessing its 3 labels in proportion gets"));
    let (out, dir, _t) = analyze_bytes(
        "posts.csv",
        b"text\nlove this\nbe careful\n",
        &["--sentiment-model", model.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("warning: the sentiment model's cross-validated macro-F1"),
        "{}",
        stderr_of(&out)
    );
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        report.contains("**The sentiment model's cross-validated macro-F1"),
        "{report}"
    );
    assert!(report.contains(warning), "{report}");
    // A model trained on the human ratings of 400 tweets is not warned about.
    let train = write(tmp.path(), "rated.csv", &labelled_tweets(0, 400));
    let out = reactions()
        .args(["train"])
        .arg(&train)
        .args(["--label-column", "label", "--folds", "3", "-o"])
        .arg(tmp.path().join("rated.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        !stderr_of(&out).contains("better than chance"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_stance_model_is_refused_as_a_sentiment_model() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("stance.json");
    reactions()
        .args(["train", SAMPLE, "--folds", "3", "--quiet", "-o"])
        .arg(&model)
        .success();
    let out = reactions()
        .args(["analyze", SAMPLE, "--sentiment-model"])
        .arg(&model)
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    expect_error(
        &out,
        1,
        "a sentiment model's labels are positive, neutral and negative",
    );
    assert!(!tmp.path().join("r").exists());
}
