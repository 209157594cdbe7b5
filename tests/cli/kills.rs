//! Reruns and killed runs leave a complete report, the earlier one or the new one.

use super::*;

#[test]
fn rerun_replaces_own_report_but_refuses_a_foreign_folder_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "p.csv", "text\nlove it\nbe careful\n");
    let dir = tmp.path().join("r");
    for _ in 0..2 {
        reactions()
            .arg("analyze")
            .arg(&p)
            .arg("--out")
            .arg(&dir)
            .success();
    }
    let foreign = tmp.path().join("mine");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("thesis.docx"), b"precious").unwrap();
    let out = reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(&foreign)
        .output()
        .unwrap();
    expect_error(&out, 2, "holds no earlier reactions report");
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
    reactions()
        .arg("analyze")
        .arg(&p)
        .arg("--out")
        .arg(&foreign)
        .arg("--force")
        .success();
    assert_eq!(fs::read(foreign.join("thesis.docx")).unwrap(), b"precious");
    assert!(foreign.join("manifest.json").exists());
    // No temporary files are left anywhere.
    let hidden: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .chain(fs::read_dir(&foreign).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn sigkill_mid_run_leaves_the_previous_report_or_the_new_one_never_a_mix() {
    // A large input makes the run long enough to be killed at several points.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.csv");
    let mut w = csv::Writer::from_path(&input).unwrap();
    w.write_record(["id", "created_at", "text"]).unwrap();
    for i in 0..60_000 {
        let text = format!("post {i}: I love this, but please be careful. Amazing news!!! 🎉");
        w.write_record([
            i.to_string(),
            format!("2019-02-13T{:02}:{:02}:00Z", (i / 60) % 24, i % 60),
            text,
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let dir = tmp.path().join("report");
    let small = write(tmp.path(), "small.csv", "text\nfirst report\n");
    reactions()
        .arg("analyze")
        .arg(&small)
        .arg("--out")
        .arg(&dir)
        .arg("--quiet")
        .success();
    let old_manifest = fs::read(dir.join("manifest.json")).unwrap();

    for delay_ms in [50_u64, 200, 500, 1000, 1500, 2500, 4000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reactions"))
            .arg("analyze")
            .arg(&input)
            .arg("--out")
            .arg(&dir)
            .arg("--quiet")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let manifest = fs::read(dir.join("manifest.json")).expect("a report is always in place");
        let listed: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
        let mut expected: Vec<String> = listed["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect();
        expected.push("manifest.json".to_owned());
        expected.sort();
        let mut present: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        present.sort();
        assert_eq!(
            present, expected,
            "killed after {delay_ms} ms: the folder mixes reports"
        );
        if manifest != old_manifest {
            assert_eq!(listed["rows"]["read"], 60_000, "a new report is complete");
        }
    }
    // A later run cleans up what the killed runs left beside the folder.
    reactions()
        .arg("analyze")
        .arg(&small)
        .arg("--out")
        .arg(&dir)
        .arg("--quiet")
        .success();
    let leftovers: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
