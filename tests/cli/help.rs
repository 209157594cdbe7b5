//! `--help`, completions and man pages come from the CLI definitions.

use super::*;

#[test]
fn help_explains_every_flag() {
    let out = reactions().args(["analyze", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--text-column",
        "--id-column",
        "--author-column",
        "--time-column",
        "--stance-column",
        "--parent-column",
        "--likes-column",
        "--out",
        "--force",
        "--threshold",
        "--stance",
        "--strict",
        "--quiet",
        "--encoding",
        "--delimiter",
        "--max-row-bytes",
        "--bootstrap",
        "--seed",
        "--stopwords",
        "--bucket",
        "--exclude-duplicates",
        "--long-posts",
        "--weight",
        "Example",
    ] {
        assert!(help.contains(flag), "analyze --help lacks {flag}");
    }
}

#[test]
fn completions_and_man_pages_come_from_the_cli_definitions() {
    for shell in ["bash", "zsh", "fish"] {
        let out = reactions().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("--stance-model"), "{shell}");
        assert!(script.contains("evaluate"), "{shell}");
    }
    let out = reactions().args(["man"]).output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH reactions 1"), "{page}");
    let out = reactions().args(["man", "analyze"]).output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH reactions-analyze 1"));
    assert!(page.contains("stance\\-rules"), "{page}");
    let out = reactions().args(["man", "nope"]).output().unwrap();
    expect_error(&out, 2, "no command 'nope'");
    // The committed pages are what the binary prints now.
    for (file, args) in [
        ("man/reactions.1", vec!["man"]),
        ("man/reactions-analyze.1", vec!["man", "analyze"]),
        ("man/reactions-score.1", vec!["man", "score"]),
        ("man/reactions-train.1", vec!["man", "train"]),
        ("man/reactions-sample.1", vec!["man", "sample"]),
        ("man/reactions-evaluate.1", vec!["man", "evaluate"]),
    ] {
        let out = reactions().args(args).output().unwrap();
        assert!(
            fs::read(file).unwrap_or_default() == out.stdout,
            "{file} is stale: regenerate with `reactions man ...` (see README)"
        );
    }
}

#[test]
fn every_command_help_shows_an_example() {
    for command in [
        "analyze",
        "score",
        "train",
        "sample",
        "evaluate",
        "rules",
        "completions",
        "man",
    ] {
        let out = reactions().args([command, "--help"]).output().unwrap();
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Example"), "{command} --help has no example");
    }
}
