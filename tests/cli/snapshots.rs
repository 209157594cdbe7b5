//! Snapshots (insta) of the text the user reads: the Markdown pages of the sample's report and
//! every `--help`. The figures in these pages are recomputed independently from the per-post
//! frame with pandas and scipy by `tests/python/check_frames.py` (run by `.ci/run`); the
//! snapshots guard the wording and layout. Review a changed snapshot before accepting it
//! (`INSTA_UPDATE=always cargo test`, then `git diff tests/cli/snapshots`).

use super::*;

/// The sample's report, written once for the snapshots of its pages.
fn sample_report() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        reactions()
            .args(["analyze", SAMPLE, "--quiet", "--out"])
            .arg(tmp.path().join("r"))
            .success();
        tmp
    })
    .path()
}

fn page(name: &str) -> String {
    fs::read_to_string(sample_report().join("r").join(name)).unwrap()
}

#[test]
fn report_md_of_the_sample() {
    insta::assert_snapshot!("report.md", page("report.md"));
}

#[test]
fn summary_md_of_the_sample() {
    insta::assert_snapshot!("summary.md", page("summary.md"));
}

#[test]
fn comparisons_md_of_the_sample() {
    insta::assert_snapshot!("comparisons.md", page("comparisons.md"));
}

#[test]
fn help_of_every_command() {
    for command in [
        None,
        Some("analyze"),
        Some("score"),
        Some("train"),
        Some("sample"),
        Some("evaluate"),
    ] {
        let mut run = reactions();
        if let Some(c) = command {
            run = run.arg(c);
        }
        let out = run.arg("--help").output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let name = format!("help_{}", command.unwrap_or("reactions"));
        insta::assert_snapshot!(name, String::from_utf8(out.stdout).unwrap());
    }
}
