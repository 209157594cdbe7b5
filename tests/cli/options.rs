//! Issue 15: every option is checked before the rows are read, and data failures exit 1.

use super::*;

#[test]
fn a_bad_bucket_fails_before_the_input_is_read() {
    // The input does not exist: the bucket is refused first, so no row was ever needed.
    let out = reactions()
        .args(["analyze", "no/such/file.csv", "--bucket", "2h"])
        .output()
        .unwrap();
    expect_error(
        &out,
        2,
        "--bucket 2h: use one of 1m, 5m, 15m, 30m, 1h, 3h, 6h, 12h, 1d, 7d",
    );
}

#[test]
fn a_bad_weight_column_fails_once_the_header_is_read() {
    // The rows after the header are broken (a quote that never closes): the weight column is
    // refused at the header, before they are reached.
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "p.csv", "text,likes\nok,1\n\"never closed,2\n");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--weight", "nosuch", "--out"])
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    expect_error(&out, 2, "--weight nosuch: no such column in");
    assert!(
        stderr_of(&out).contains("found: text, likes"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_label_with_one_post_makes_train_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "l.csv",
        "text,stance\nlove it,pro\nlove this,pro\nbe careful,con\n",
    );
    let model = tmp.path().join("m.json");
    let out = reactions()
        .args(["train", "--quiet", "-o"])
        .arg(&model)
        .arg(&input)
        .output()
        .unwrap();
    expect_error(&out, 1, "too few: \"con\" (1)");
    assert!(!model.exists());
}
