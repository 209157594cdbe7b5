//! Bad input and bad options: a clear error naming the file, line, column or flag, and the exit code.

use super::*;

#[test]
fn missing_text_column_names_the_file_the_columns_and_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "posts.csv", "id,words,when\n1,hi,now\n");
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
            "error: no text column in {}; found: id, words, when; pass --text-column NAME\n",
            p.display()
        )
    );
    assert!(
        !tmp.path().join("r").exists(),
        "a failed run writes nothing"
    );
}

#[test]
fn a_headerless_dump_was_only_told_to_pass_text_column() {
    // Sentiment140 (Kaggle) has no header row: its first tweet was taken as the column names,
    // and the error suggested --text-column, naming a "column" that is a tweet.
    let tmp = tempfile::tempdir().unwrap();
    let p = write(
        tmp.path(),
        "training.1600000.processed.noemoticon.csv",
        "\"0\",\"1467810369\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"_TheSpecialOne_\",\"@switchfoot that's a bummer. You shoulda got David Carr\"\n\
         \"0\",\"1467810672\",\"Mon Apr 06 22:19:49 PDT 2009\",\"NO_QUERY\",\"scotthamilton\",\"is upset that he can't update his Facebook\"\n",
    );
    let out = reactions().arg("score").arg(&p).output().unwrap();
    expect_error(
        &out,
        1,
        "its first line looks like a row of posts, not column names (a number, or a cell of several words): add a header line naming the columns",
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
fn threshold_out_of_range_is_a_usage_error() {
    let out = reactions()
        .args(["analyze", SAMPLE, "--threshold", "1.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--threshold 1.5: must be between 0 and 1"));
}

#[test]
fn empty_file_is_an_error() {
    let (out, _, _t) = analyze_bytes("empty.csv", b"", &[]);
    expect_error(&out, 1, "empty.csv is empty: expected a header row");
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
