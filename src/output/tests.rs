//! Unit tests of the output stage: manifests, swaps, locks and files in the way.

use super::*;
use crate::report::MANIFEST;

/// A two-file report whose manifest lists its one data file, as the real manifest does.
fn files(tag: &str) -> Rendered<'static> {
    Rendered {
        files: vec![
            RenderedFile {
                name: "a.txt".into(),
                bytes: tag.as_bytes().to_vec(),
            },
            RenderedFile {
                name: MANIFEST.into(),
                bytes: br#"{"tool": "reactions", "files": ["a.txt"]}"#.to_vec(),
            },
        ],
        streamed: Vec::new(),
        names: vec!["a.txt".into(), MANIFEST.into()],
    }
}

fn cfg(dir: &Path, force: bool) -> OutputConfig {
    OutputConfig {
        dir: dir.to_path_buf(),
        force,
        formats: crate::config::Formats::default(),
    }
}

fn write(dir: &Path, force: bool, tag: &str) -> Result<Written> {
    write_report(&cfg(dir, force), &Input::Stdin, &files(tag), &|| {})
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn writes_new_then_replaces_own_report_leaving_no_temporaries() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("deep/report");
    write(&dir, false, "one").unwrap();
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
    write(&dir, false, "two").unwrap();
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "two");
    assert_eq!(names_in(&tmp.path().join("deep")), ["report"]);
}

#[test]
fn rerun_keeps_files_the_manifest_does_not_list() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    write(&dir, false, "one").unwrap();
    fs::write(dir.join("thesis.tex"), b"mine").unwrap();
    write(&dir, false, "two").unwrap();
    assert_eq!(fs::read(dir.join("thesis.tex")).unwrap(), b"mine");
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "two");
    assert_eq!(names_in(&dir), ["a.txt", MANIFEST, "thesis.tex"]);
}

#[test]
fn a_listed_file_the_new_report_does_not_write_is_removed_but_only_that() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    fs::create_dir(&dir).unwrap();
    fs::write(
        dir.join(MANIFEST),
        br#"{"tool": "reactions", "files": ["a.txt", "old.png", "../outside", "/etc/passwd"]}"#,
    )
    .unwrap();
    fs::write(dir.join("old.png"), b"ours").unwrap();
    fs::write(dir.join("notes.txt"), b"mine").unwrap();
    fs::write(tmp.path().join("outside"), b"mine too").unwrap();
    write(&dir, false, "x").unwrap();
    assert_eq!(names_in(&dir), ["a.txt", MANIFEST, "notes.txt"]);
    assert!(tmp.path().join("outside").exists());
}

#[test]
fn an_unlisted_file_with_a_report_name_is_not_replaced_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join(MANIFEST), br#"{"tool": "reactions", "files": []}"#).unwrap();
    fs::write(dir.join("a.txt"), b"mine").unwrap();
    let err = write(&dir, false, "x").unwrap_err();
    assert!(matches!(err, Error::NotOurFile { .. }), "{err}");
    assert_eq!(fs::read(dir.join("a.txt")).unwrap(), b"mine");
    write(&dir, true, "x").unwrap();
    assert_eq!(fs::read(dir.join("a.txt")).unwrap(), b"x");
}

#[test]
fn foreign_folder_needs_force_and_keeps_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), b"mine").unwrap();
    let err = write(tmp.path(), false, "x").unwrap_err();
    assert!(matches!(err, Error::OutputNotOurs { .. }));
    assert_eq!(err.exit_code(), 2);
    assert!(!tmp.path().join("a.txt").exists());
    write(tmp.path(), true, "x").unwrap();
    assert_eq!(
        fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_to_string(tmp.path().join("a.txt")).unwrap(), "x");
    assert_eq!(names_in(tmp.path()), ["a.txt", MANIFEST, "notes.txt"]);
}

#[test]
fn the_input_inside_the_folder_is_never_replaced_or_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    write(&dir, false, "one").unwrap();
    // The input has a report file's name: refused, and the input is untouched.
    let input = dir.join("a.txt");
    let err = write_report(
        &cfg(&dir, true),
        &Input::File(input.clone()),
        &files("two"),
        &|| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("which is the input"), "{err}");
    assert_eq!(err.exit_code(), 2);
    assert_eq!(fs::read_to_string(&input).unwrap(), "one");
    // An input under another name stays where it is while the report is replaced.
    let input = dir.join("data.csv");
    fs::write(&input, b"text\n").unwrap();
    write_report(
        &cfg(&dir, false),
        &Input::File(input.clone()),
        &files("three"),
        &|| {},
    )
    .unwrap();
    assert_eq!(fs::read(&input).unwrap(), b"text\n");
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "three");
}

#[cfg(unix)]
#[test]
fn a_report_name_taken_by_a_symlink_or_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere.txt");
    fs::write(&elsewhere, b"mine").unwrap();
    let dir = tmp.path().join("mine");
    fs::create_dir(&dir).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("a.txt")).unwrap();
    let err = write(&dir, true, "x").unwrap_err();
    assert!(matches!(err, Error::OutputInTheWay { .. }), "{err}");
    assert_eq!(fs::read(&elsewhere).unwrap(), b"mine");
    assert!(dir.join("a.txt").is_symlink());
}

#[cfg(unix)]
#[test]
fn atomic_file_writes_refuse_devices_links_and_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("target.json");
    fs::write(&target, b"kept").unwrap();
    let link = tmp.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for path in [link.as_path(), tmp.path(), Path::new("/dev/null")] {
        let err = write_file_atomic(path, b"new").unwrap_err();
        assert!(matches!(err, Error::OutputInTheWay { .. }), "{err}");
    }
    assert_eq!(fs::read(&target).unwrap(), b"kept");
    assert!(link.is_symlink());
    write_file_atomic(&target, b"new").unwrap();
    assert_eq!(fs::read(&target).unwrap(), b"new");
    assert_eq!(names_in(tmp.path()), ["link.json", "target.json"]);
}

#[test]
fn a_killed_runs_leftovers_are_cleaned_and_an_earlier_report_put_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    write(&dir, false, "one").unwrap();
    // A kill between the two renames of the fallback swap: the target is gone, the earlier
    // report sits aside, a staging folder is half written.
    let aside = tmp.path().join(".r.reactions-old-999999");
    fs::rename(&dir, &aside).unwrap();
    let staging = tmp.path().join(".r.reactions-new-999998");
    fs::create_dir(&staging).unwrap();
    fs::write(staging.join("a.txt"), b"half").unwrap();
    // A forced run into a folder left a temporary file; a user's look-alike is kept.
    let shared = tmp.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::write(shared.join("mine.txt"), b"mine").unwrap();
    fs::write(shared.join(".a.txt.reactions-tmp-999997"), b"half").unwrap();
    fs::write(shared.join(".a.txt.reactions-tmp-mine"), b"mine").unwrap();

    target::recover_siblings(&dir).unwrap();
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
    assert_eq!(names_in(tmp.path()), ["r", "shared"]);
    write(&shared, true, "x").unwrap();
    assert_eq!(
        names_in(&shared),
        [".a.txt.reactions-tmp-mine", "a.txt", MANIFEST, "mine.txt"]
    );
}

#[test]
fn the_swap_leaves_the_new_report_and_hands_back_the_old() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    fs::write(a.join("f"), b"new").unwrap();
    fs::write(b.join("f"), b"old").unwrap();
    let old = target::swap(&a, &b).unwrap();
    assert_eq!(fs::read(b.join("f")).unwrap(), b"new");
    assert_eq!(fs::read(old.join("f")).unwrap(), b"old");
}

#[test]
fn concurrent_writers_to_one_folder_take_turns_and_each_leaves_a_whole_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    std::thread::scope(|s| {
        for i in 0..4 {
            let dir = &dir;
            s.spawn(move || {
                for j in 0..5 {
                    write(dir, false, &format!("{i}-{j}")).unwrap();
                }
            });
        }
    });
    assert_eq!(names_in(tmp.path()), ["r"]);
    assert_eq!(names_in(&dir), ["a.txt", MANIFEST]);
}

#[test]
fn a_file_in_the_way_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("report");
    fs::write(&path, b"x").unwrap();
    let err = write(&path, false, "x").unwrap_err();
    assert!(err.to_string().contains("is not a folder"), "{err}");
    assert!(err.to_string().contains(&path.display().to_string()));
}

#[test]
fn paths_resolve_through_dot_dot_and_missing_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().canonicalize().unwrap();
    let input = real.join("in.csv");
    fs::write(&input, b"text\n").unwrap();
    assert_eq!(target::resolved(&real.join("nodir/../in.csv")), input);
    assert_eq!(target::resolved(&real.join("a/b/../c")), real.join("a/c"));
    let err = check_target(
        &cfg(&real.join("nodir/../in.csv"), false),
        &Input::File(input),
    )
    .unwrap_err();
    assert!(err.to_string().contains("input file's own path"), "{err}");
    assert!(!real.join("nodir").exists());
}
