//! `reactions evaluate` against published figures and hand-computed matrices.

use super::*;

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
