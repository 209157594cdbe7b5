//! Issue 14: real exports of other stories. First the two wrong-result bugs: `evaluate`
//! comparing a column with itself, and a wrong encoding dropping rows without a word.

use super::*;

fn evaluate(file: &Path, args: &[&str]) -> Output {
    reactions()
        .arg("evaluate")
        .arg(file)
        .args(args)
        .output()
        .unwrap()
}

/// A P-Stance-shaped file run through analyze: its `Stance` column must not hide our `stance`.
#[test]
fn evaluate_compared_a_stance_column_with_itself() {
    let tmp = tempfile::tempdir().unwrap();
    // Gold labels in `Stance`; the built-in cue rules give `stance`. Counted by hand: rows 1-2
    // are supportive by the cues ("love", "solidarity"), rows 3-4 cautionary ("be careful",
    // "worried"), so against gold FAVOR/AGAINST they agree on rows 1 and 3 only.
    let input = write(
        tmp.path(),
        "pstance.csv",
        "Tweet,Target,Stance\n\
         love this movement,Sanders,FAVOR\n\
         solidarity with workers everywhere,Sanders,AGAINST\n\
         please be careful here,Sanders,AGAINST\n\
         i am worried about this,Sanders,FAVOR\n",
    );
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--stance", "rules", "--quiet", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let posts = out_dir.join("posts.csv");
    let header = fs::read_to_string(&posts).unwrap();
    let header = header.lines().next().unwrap().to_owned();
    assert!(header.contains("input_Stance"), "{header}");
    // Gold labels put in our vocabulary, so agreement can be counted.
    let text = fs::read_to_string(&posts)
        .unwrap()
        .replace("FAVOR", "supportive")
        .replace("AGAINST", "cautionary");
    let mapped = write(tmp.path(), "mapped.csv", &text);
    let out = evaluate(
        &mapped,
        &[
            "--gold-column",
            "input_Stance",
            "--pred-column",
            "stance",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["groups"][0]["agreement"]["accuracy"].as_f64(),
        Some(0.5),
        "{json}"
    );
}

#[test]
fn evaluate_resolves_an_exact_column_name_before_a_case_insensitive_one() {
    let tmp = tempfile::tempdir().unwrap();
    // An older posts.csv: both `stance` (predicted) and `Stance` (gold). Agreement: 1 of 3.
    let file = write(
        tmp.path(),
        "old_posts.csv",
        "text,stance,Stance\na,pro,pro\nb,pro,con\nc,con,pro\n",
    );
    let out = evaluate(
        &file,
        &[
            "--gold-column",
            "Stance",
            "--pred-column",
            "stance",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let accuracy = json["groups"][0]["agreement"]["accuracy"].as_f64().unwrap();
    assert!((accuracy - 1.0 / 3.0).abs() < 1e-12, "{json}");
}

#[test]
fn evaluate_refuses_a_gold_and_predicted_column_that_are_one_column() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "p.csv", "text,stance\na,pro\nb,con\n");
    let out = evaluate(
        &file,
        &["--gold-column", "stance", "--pred-column", "STANCE"],
    );
    expect_error(&out, 2, "are the same column 'stance'");
    assert!(out.stdout.is_empty());
}

#[test]
fn evaluate_names_a_missing_gold_column_as_gold_not_text() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "p.csv", "text,stance\na,pro\n");
    let out = evaluate(&file, &["--gold-column", "gold", "--pred-column", "stance"]);
    expect_error(&out, 2, "--gold-column gold: no such column");
    assert!(!stderr_of(&out).contains("--text-column"));
}

#[test]
fn evaluate_of_labels_against_numbers_says_which_side_is_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "p.csv",
        "text,stance,compound\na,supportive,0.5\nb,cautionary,-0.2\n",
    );
    let out = evaluate(
        &file,
        &["--gold-column", "stance", "--pred-column", "compound"],
    );
    expect_error(
        &out,
        2,
        "--pred-column 'compound' holds numbers but --gold-column 'stance' holds labels",
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn evaluate_of_a_score_column_with_one_nan_names_the_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "p.csv",
        "text,human,compound\na,1.5,0.5\nb,NaN,-0.2\nc,-2,-0.4\n",
    );
    let out = evaluate(
        &file,
        &["--gold-column", "human", "--pred-column", "compound"],
    );
    expect_error(&out, 1, ":3: column 'human': 'NaN' is not a number");
    assert!(out.stdout.is_empty());
}
