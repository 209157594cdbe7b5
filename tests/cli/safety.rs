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
    let mut body = String::from("text,stance\n");
    for i in 0..20 {
        body.push_str(&format!(
            "love it {i},supportive\nbe careful {i},cautionary\n"
        ));
    }
    let input = write(tmp.path(), "l.csv", &body);
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
