//! Issue 19: never delete what is not ours. Report folders shared with the user's files, reruns,
//! concurrent runs, killed runs, and files that are not regular files.

use super::*;

const POSTS: &str = "text\nlove this movement\nplease be careful\nwhat time was the call\n";

fn analyze(input: &Path, out: &Path, extra: &[&str]) -> Output {
    reactions()
        .arg("analyze")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .unwrap()
}

/// `analyze INPUT --out OUT --quiet` started in the background, stderr piped.
fn spawn_analyze(input: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_reactions"))
        .arg("analyze")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The folder holds every file its manifest lists, each non-empty, and the manifest.
fn assert_complete_report(dir: &Path) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert!(files.len() > 10, "{files:?}");
    for f in files {
        let path = dir.join(f.as_str().unwrap());
        assert!(fs::metadata(&path).unwrap().len() > 0, "{}", path.display());
    }
}

fn hidden(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn rerun_after_force_keeps_the_input_and_the_users_files() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    fs::create_dir(&proj).unwrap();
    let data = write(&proj, "data.csv", POSTS);
    write(&proj, "thesis.tex", "t\n");
    let out = analyze(&data, &proj, &["--force"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = analyze(&data, &proj, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(fs::read_to_string(&data).unwrap(), POSTS);
    assert_eq!(fs::read_to_string(proj.join("thesis.tex")).unwrap(), "t\n");
    assert_complete_report(&proj);
    assert!(hidden(&proj).is_empty() && hidden(tmp.path()).is_empty());
}

#[test]
fn input_copied_into_an_earlier_report_survives_a_rerun_into_it() {
    let tmp = tempfile::tempdir().unwrap();
    let rep = tmp.path().join("rep");
    let first = write(tmp.path(), "first.csv", POSTS);
    assert!(analyze(&first, &rep, &[]).status.success());
    let data = write(&rep, "mydata.csv", POSTS);
    let out = analyze(&data, &rep, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(fs::read_to_string(&data).unwrap(), POSTS);
    assert_complete_report(&rep);
    // An input named like a report file is refused, and kept.
    let clash = write(&rep, "posts.csv", POSTS);
    let before = fs::read(&clash).unwrap();
    let out = analyze(&clash, &rep, &["--force"]);
    expect_error(&out, 2, "which is the input");
    assert_eq!(fs::read(&clash).unwrap(), before);
}

#[test]
fn concurrent_runs_to_one_folder_each_leave_a_complete_report() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "p.csv", POSTS);
    let out = tmp.path().join("r");
    let children: Vec<_> = (0..4).map(|_| spawn_analyze(&input, &out)).collect();
    for child in children {
        let done = child.wait_with_output().unwrap();
        assert!(done.status.success(), "{}", stderr_of(&done));
    }
    assert_complete_report(&out);
    assert_eq!(names_in(tmp.path()), ["p.csv", "r"]);
}

#[cfg(unix)]
#[test]
fn killed_runs_leave_the_old_or_new_report_and_the_next_run_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    // Enough posts that a run lasts long enough to be killed at different stages.
    let mut body = String::from("text\n");
    for i in 0..20_000 {
        body.push_str(&format!("post {i} love this movement. please be careful\n"));
    }
    let input = write(tmp.path(), "p.csv", &body);
    let out = tmp.path().join("r");
    assert!(analyze(&input, &out, &[]).status.success());
    for delay_ms in [50, 150, 300, 600, 900] {
        let mut child = spawn_analyze(&input, &out);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert_complete_report(&out);
    }
    assert!(analyze(&input, &out, &[]).status.success());
    assert_complete_report(&out);
    assert_eq!(names_in(tmp.path()), ["p.csv", "r"]);
}

#[cfg(unix)]
#[test]
fn train_refuses_to_replace_a_device_a_symlink_or_a_fifo() {
    let tmp = tempfile::tempdir().unwrap();
    let input = labelled_posts(tmp.path());
    let kept = write(tmp.path(), "kept.json", "{}");
    let link = tmp.path().join("link.json");
    std::os::unix::fs::symlink(&kept, &link).unwrap();
    let fifo = tmp.path().join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for (target, what) in [
        (Path::new("/dev/null"), "device"),
        (link.as_path(), "symbolic link"),
        (fifo.as_path(), "FIFO"),
        (tmp.path(), "folder"),
    ] {
        let out = reactions()
            .args(["train", "--quiet", "-o"])
            .arg(target)
            .arg(&input)
            .output()
            .unwrap();
        expect_error(&out, 2, what);
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(Path::new("/dev/null")
        .metadata()
        .unwrap()
        .file_type()
        .is_char_device());
    assert_eq!(fs::read_to_string(&kept).unwrap(), "{}");
    assert!(link.is_symlink());
    // A regular file is replaced whole.
    let model = tmp.path().join("kept.json");
    let out = reactions()
        .args(["train", "--quiet", "-o"])
        .arg(&model)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(fs::read_to_string(&model)
        .unwrap()
        .contains("reactions-stance-model"));
}

#[test]
fn refusing_a_foreign_folder_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "p.csv", POSTS);
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).unwrap();
    write(&mine, "thesis.docx", "precious");
    expect_error(
        &analyze(&input, &mine, &[]),
        2,
        "holds no earlier reactions report",
    );
    assert_eq!(names_in(&mine), ["thesis.docx"]);
}

#[test]
fn out_through_a_missing_folder_to_the_input_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "in.csv", POSTS);
    let out = analyze(&input, &tmp.path().join("nodir/../in.csv"), &[]);
    expect_error(&out, 2, "input file's own path");
    assert_eq!(names_in(tmp.path()), ["in.csv"]);
}

#[test]
fn rerun_into_the_current_folder_writes_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "p.csv", POSTS);
    for _ in 0..2 {
        let out = reactions()
            .args(["analyze", "p.csv", "--out", ".", "--quiet", "--force"])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    assert_eq!(fs::read_to_string(&input).unwrap(), POSTS);
    assert_complete_report(tmp.path());
    assert!(hidden(tmp.path()).is_empty());
}

#[test]
fn formula_like_cells_are_flagged_and_neutralised_only_with_csv_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "p.csv",
        "text,likes\n\"=cmd|' /C calc'!A0 love it\",-3\n@aoc be careful,5\nplain post,-0.5\n",
    );
    let plain = tmp.path().join("plain");
    assert!(analyze(&input, &plain, &[]).status.success());
    let posts = fs::read_to_string(plain.join("posts.csv")).unwrap();
    assert!(posts.contains(",=cmd|' /C calc'!A0 love it,"), "{posts}");
    let report = fs::read_to_string(plain.join("report.md")).unwrap();
    // Two text cells; -3 and -0.5 are numbers. Counted by hand.
    assert!(
        report.contains("2 cells of the CSV files start with"),
        "{report}"
    );
    assert!(report.contains("rerun with `--csv-safe`"), "{report}");

    let safe = tmp.path().join("safe");
    assert!(analyze(&input, &safe, &["--csv-safe"]).status.success());
    let posts = fs::read_to_string(safe.join("posts.csv")).unwrap();
    assert!(posts.contains(",'=cmd|' /C calc'!A0 love it,"), "{posts}");
    assert!(posts.contains(",'@aoc be careful,"), "{posts}");
    assert!(
        posts.contains(",-3,") && posts.contains(",-0.5,"),
        "{posts}"
    );
    // Parquet keeps the text exact.
    let frame = read_parquet(&safe.join("posts.parquet"));
    assert_eq!(strings(&frame, "text")[1], "@aoc be careful");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(safe.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["csv"]["formula_like_cells"], 2);
    assert_eq!(manifest["csv"]["csv_safe"], true);
}

#[test]
fn stopwords_from_dev_zero_stop_at_the_size_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "p.csv", POSTS);
    let out = analyze(&input, &tmp.path().join("r"), &["--stopwords", "/dev/zero"]);
    expect_error(&out, 1, "/dev/zero: it is larger than 16 MiB");
}

#[test]
fn a_50_kb_cue_is_refused_with_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "p.csv", POSTS);
    let rules = write(
        tmp.path(),
        "rules.toml",
        &format!(
            "version = 1\n[[stance]]\nlabel = \"pro\"\ncues = [\"{}\"]\n",
            "a".repeat(50_000)
        ),
    );
    let out = analyze(
        &input,
        &tmp.path().join("r"),
        &["--stance-rules", rules.to_str().unwrap()],
    );
    expect_error(&out, 1, "has a cue of 50000 bytes");
}

#[test]
fn a_100k_column_header_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let mut body: String = (0..100_000).map(|i| format!("c{i},")).collect();
    body.push_str("text\n");
    for post in ["love it", "be careful", "ok", "fine", "great"] {
        body.push_str(&",".repeat(100_000));
        body.push_str(post);
        body.push('\n');
    }
    let input = write(tmp.path(), "wide.csv", &body);
    let out = analyze(&input, &tmp.path().join("r"), &["--format", "parquet"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let frame = read_parquet(&tmp.path().join("r/posts.parquet"));
    assert_eq!(frame.height(), 5);
}

#[test]
fn ten_thousand_stance_labels_fold_into_other() {
    let tmp = tempfile::tempdir().unwrap();
    let mut body = String::from("text,stance\n");
    for i in 0..10_000 {
        body.push_str(&format!("post {i},label{i}\n"));
    }
    for _ in 0..5 {
        body.push_str("love it,supportive\n");
    }
    let input = write(tmp.path(), "p.csv", &body);
    let dir = tmp.path().join("r");
    let out = analyze(&input, &dir, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let summary = fs::read_to_string(dir.join("summary.csv")).unwrap();
    // 12 stances shown (supportive, the first 10 one-post labels by name, other) and `all`:
    // 10,000 one-post labels less the 10 kept are folded.
    assert_eq!(summary.lines().count(), 1 + 12 + 1, "{summary}");
    assert!(summary.contains("\nother,9990,"), "{summary}");
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("10001 stance labels"), "{report}");
}

#[test]
fn a_post_dated_year_one_does_not_stretch_the_timeline() {
    let tmp = tempfile::tempdir().unwrap();
    let mut body = String::from("created_at,text\n0001-01-01T00:00:00Z,first post\n");
    for i in 0..30 {
        body.push_str(&format!("2019-02-13T18:{i:02}:00Z,post {i}\n"));
    }
    let input = write(tmp.path(), "p.csv", &body);
    let dir = tmp.path().join("r");
    let out = analyze(&input, &dir, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let timeline = fs::read_to_string(dir.join("timeline.csv")).unwrap();
    assert!(
        timeline.lines().count() < 100,
        "{} rows",
        timeline.lines().count()
    );
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("e.g. 0001-01-01 00:00"), "{report}");
}

#[test]
fn a_kill_between_the_two_renames_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "p.csv", POSTS);
    let out = tmp.path().join("r");
    assert!(analyze(&input, &out, &[]).status.success());
    // The state a kill leaves between the fallback's two renames: the report aside, a staging
    // folder beside it, the target missing.
    fs::rename(&out, tmp.path().join(".r.reactions-old-999999")).unwrap();
    fs::create_dir(tmp.path().join(".r.reactions-new-999998")).unwrap();
    // And what a killed --force run leaves in a shared folder.
    let shared = tmp.path().join("shared");
    fs::create_dir(&shared).unwrap();
    write(&shared, "notes.txt", "mine");
    write(&shared, ".summary.csv.reactions-tmp-999997", "half");
    assert!(analyze(&input, &out, &[]).status.success());
    assert_complete_report(&out);
    assert!(analyze(&input, &shared, &["--force"]).status.success());
    assert_eq!(names_in(tmp.path()), ["p.csv", "r", "shared"]);
    assert!(hidden(&shared).is_empty(), "{:?}", hidden(&shared));
    assert_eq!(
        fs::read_to_string(shared.join("notes.txt")).unwrap(),
        "mine"
    );
}

/// A change made to a model file's JSON.
type Edit = fn(&mut serde_json::Value);

/// Labelled posts for `train`.
fn labelled_posts(dir: &Path) -> PathBuf {
    let mut body = String::from("text,stance\n");
    for i in 0..20 {
        body.push_str(&format!(
            "love it {i},supportive\nbe careful {i},cautionary\n"
        ));
    }
    write(dir, "l.csv", &body)
}

#[test]
fn model_files_with_huge_weights_duplicate_labels_or_odd_versions_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = labelled_posts(tmp.path());
    let model = tmp.path().join("m.json");
    let out = reactions()
        .args(["train", "--quiet", "-o"])
        .arg(&model)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let good: serde_json::Value = serde_json::from_slice(&fs::read(&model).unwrap()).unwrap();
    let edits: [(&str, Edit); 4] = [
        ("is not a number of at most", |m| {
            m["weights"][0][0] = 1e308.into()
        }),
        ("is not a number of at most", |m| {
            m["bias"][1] = (-1e308).into()
        }),
        ("lists the label \"supportive\" twice", |m| {
            m["labels"] = serde_json::json!(["supportive", "supportive"]);
        }),
        ("model format version 1e+30", |m| {
            m["format_version"] = serde_json::json!(1e30);
        }),
    ];
    for (needle, edit) in edits {
        let mut bad = good.clone();
        edit(&mut bad);
        fs::write(&model, bad.to_string()).unwrap();
        let out = analyze(
            &input,
            &tmp.path().join("r"),
            &["--stance-model", model.to_str().unwrap()],
        );
        expect_error(&out, 1, needle);
        assert!(!tmp.path().join("r").exists());
    }
}

#[test]
fn negative_unix_seconds_are_read_as_times_before_1970() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "p.csv",
        "created_utc,body\n-86400,love it\n-3600.5,be careful\n0,ok\n",
    );
    let dir = tmp.path().join("r");
    let out = analyze(&input, &dir, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        !stderr_of(&out).contains("unreadable"),
        "{}",
        stderr_of(&out)
    );
    let posts = fs::read_to_string(dir.join("posts.csv")).unwrap();
    assert!(posts.contains("1969-12-31T00:00:00+00:00"), "{posts}");
    assert!(posts.contains("1969-12-31T22:59:59.500+00:00"), "{posts}");
}

/// As an unprivileged user (root ignores folder permissions): an earlier report that cannot be
/// deleted after the new one is in place is a warning, and the run succeeds.
#[cfg(target_os = "linux")]
#[test]
fn an_old_report_that_cannot_be_removed_is_a_warning_not_a_failure() {
    use std::os::unix::fs::PermissionsExt;
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists()
        || fs::metadata("/proc/self")
            .map(|m| std::os::unix::fs::MetadataExt::uid(&m))
            .unwrap_or(1)
            != 0
    {
        return; // Needs root to switch to `nobody`; covered where CI runs as root.
    }
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("w");
    fs::create_dir(&work).unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    write(&work, "p.csv", POSTS);
    assert!(Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(&work)
        .status()
        .unwrap()
        .success());
    let as_nobody = || {
        Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_reactions"))
            .args(["analyze", "p.csv", "--out", "r", "--quiet"])
            .current_dir(&work)
            .output()
            .unwrap()
    };
    let first = as_nobody();
    assert!(first.status.success(), "{}", stderr_of(&first));
    fs::set_permissions(work.join("r"), fs::Permissions::from_mode(0o500)).unwrap();
    let second = as_nobody();
    assert!(second.status.success(), "{}", stderr_of(&second));
    assert!(
        stderr_of(&second).contains("warning: the new report is in place"),
        "{}",
        stderr_of(&second)
    );
    assert_complete_report(&work.join("r"));
}
