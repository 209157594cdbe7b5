//! Output: the only place that creates folders and writes files.
//!
//! A report is written whole or not at all. The files go into a hidden staging folder beside
//! the target (same file system), are flushed to disk, and the staging folder is then renamed to
//! the target. An earlier reactions report in the target (its `manifest.json` says
//! `"tool": "reactions"`) is moved aside first and deleted only after the new one is in place,
//! so a run that fails or is killed leaves either the old report or the new one, never a mix.
//!
//! Any other non-empty folder is refused unless `force` is set; then each file is written under a
//! temporary name inside that folder and renamed into place, and files already there that are not
//! ours are left alone.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Input, OutputConfig};
use crate::error::{Error, Result};
use crate::report::{RenderedFile, StreamedFiles, MANIFEST};

/// What is in the target folder now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Nothing there, or an empty folder.
    Free,
    /// A folder holding an earlier reactions report.
    OldReport,
    /// A non-empty folder that is not ours.
    Foreign,
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn inspect(dir: &Path) -> Result<Target> {
    match fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Free),
        Err(e) => return Err(write_err(dir)(e)),
        Ok(m) if !m.is_dir() => {
            return Err(Error::Write {
                path: dir.to_path_buf(),
                source: std::io::Error::other(
                    "it exists and is not a folder; choose another --out",
                ),
            })
        }
        Ok(_) => {}
    }
    let mut entries = fs::read_dir(dir).map_err(write_err(dir))?;
    if entries.next().is_none() {
        return Ok(Target::Free);
    }
    Ok(if is_reactions_report(dir) {
        Target::OldReport
    } else {
        Target::Foreign
    })
}

/// Refuse, before any work, an output folder that is the input file or lies inside its path, and
/// a non-empty folder that is not ours (unless forced).
///
/// # Errors
/// [`Error::Usage`] when the folder would be the input's own path; [`Error::OutputNotOurs`] for
/// a foreign non-empty folder without `force`.
pub fn check_target(cfg: &OutputConfig, input: &Input) -> Result<()> {
    // A folder given as input is reported by ingest ("it is a folder"), not here.
    if let Input::File(path) = input {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let (input, out) = (absolute(path), absolute(&cfg.dir));
        if !path.is_dir() && out.starts_with(&input) {
            return Err(Error::Usage(format!(
                "--out {}: that is the input file's own path; choose a folder elsewhere",
                cfg.dir.display()
            )));
        }
    }
    if !cfg.force && inspect(&cfg.dir)? == Target::Foreign {
        return Err(Error::OutputNotOurs {
            dir: cfg.dir.clone(),
        });
    }
    Ok(())
}

/// Whether `dir` holds a manifest written by reactions.
#[must_use]
pub fn is_reactions_report(dir: &Path) -> bool {
    fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| v.get("tool").and_then(|t| t.as_str()) == Some("reactions"))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |w| w.write_all(bytes).map_err(write_err(path)))
}

/// A writer that keeps the first I/O error it returns, so the caller can name the file even
/// when the code writing into it wraps the error in its own.
struct Sink<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Sink<W> {
    fn keep<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r {
            if self.error.is_none() {
                self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        }
        r
    }
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.keep(r)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.keep(r)
    }
}

/// Create `path`, let `fill` write into it (buffered), flush and sync it. An I/O failure is
/// [`Error::Write`] naming `path`, whatever `fill` made of it.
fn write_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    write_many_with(&[path.to_path_buf()], |w| fill(&mut *w[0]))
}

/// [`write_with`] for several files filled together: `fill` gets one sink per path, in order.
/// An I/O failure is [`Error::Write`] naming the first path whose sink failed.
fn write_many_with(
    paths: &[PathBuf],
    fill: impl FnOnce(&mut [&mut (dyn Write + Send)]) -> Result<()>,
) -> Result<()> {
    let mut sinks = paths
        .iter()
        .map(|path| {
            let f = fs::File::create(path).map_err(write_err(path))?;
            Ok(Sink {
                inner: BufWriter::with_capacity(1 << 20, f),
                error: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let filled = {
        let mut outs: Vec<&mut (dyn Write + Send)> = sinks
            .iter_mut()
            .map(|s| s as &mut (dyn Write + Send))
            .collect();
        fill(&mut outs)
    };
    let flushed: Vec<std::io::Result<()>> = sinks.iter_mut().map(Write::flush).collect();
    for (sink, path) in sinks.iter_mut().zip(paths) {
        if let Some(source) = sink.error.take() {
            return Err(write_err(path)(source));
        }
    }
    filled?;
    for (sink, (flushed, path)) in sinks.into_iter().zip(flushed.into_iter().zip(paths)) {
        flushed.map_err(write_err(path))?;
        let f = sink
            .inner
            .into_inner()
            .map_err(|e| write_err(path)(e.into_error()))?;
        f.sync_all().map_err(write_err(path))?;
    }
    Ok(())
}

/// One file of a report, held as bytes or written on demand.
#[derive(Clone, Copy)]
enum Entry<'r, 'a> {
    Bytes(&'r RenderedFile),
    Streamed(&'r StreamedFiles<'a>),
}

impl Entry<'_, '_> {
    fn names(&self) -> Vec<&str> {
        match self {
            Entry::Bytes(f) => vec![f.name.as_str()],
            Entry::Streamed(f) => f.names.iter().map(String::as_str).collect(),
        }
    }

    /// Write the entry's files to `paths`, one per name.
    fn write(&self, paths: &[PathBuf]) -> Result<()> {
        match self {
            Entry::Bytes(f) => write_file(&paths[0], &f.bytes),
            Entry::Streamed(f) => write_many_with(paths, |w| f.write_to(w)),
        }
    }
}

fn entries<'r, 'a>(
    files: &'r [RenderedFile],
    streamed: &'r [StreamedFiles<'a>],
) -> Vec<Entry<'r, 'a>> {
    // The large streamed files first, so they start on their own threads at once.
    streamed
        .iter()
        .map(Entry::Streamed)
        .chain(files.iter().map(Entry::Bytes))
        .collect()
}

/// Write one file whole or not at all: into a hidden temporary file beside `path`, flushed, then
/// renamed over it. A failed write removes the temporary file and leaves `path` as it was.
///
/// # Errors
/// [`Error::Write`] naming `path` (or its folder) when any step fails.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let tmp = parent.join(format!(".{name}.reactions-tmp-{}", std::process::id()));
    let result =
        write_file(&tmp, bytes).and_then(|()| fs::rename(&tmp, path).map_err(write_err(path)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Remove staging and backup folders that a killed earlier run left beside `dir` (best effort:
/// they are ours by name, and a report is never read from them).
fn remove_stale_siblings(dir: &Path) {
    let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.reactions-new-"),
        format!(".{name}.reactions-old-"),
    ];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p)) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A hidden sibling of `dir` named with `tag` and the process id.
fn sibling(dir: &Path, tag: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let parent = dir.parent().unwrap_or_else(|| Path::new("."));
    parent.join(format!(".{name}.reactions-{tag}-{}", std::process::id()))
}

/// Write a report's files into `cfg.dir` as described in the module docs.
///
/// # Errors
/// [`Error::OutputNotOurs`] for a foreign non-empty folder without `force`; [`Error::Write`]
/// naming the path for any I/O failure (permissions, disk full).
pub fn write_report(
    cfg: &OutputConfig,
    files: &[RenderedFile],
    streamed: &[StreamedFiles<'_>],
) -> Result<()> {
    let files = entries(files, streamed);
    let dir = &cfg.dir;
    let target = inspect(dir)?;
    if target == Target::Foreign {
        if !cfg.force {
            return Err(Error::OutputNotOurs { dir: dir.clone() });
        }
        return write_into(dir, &files);
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(write_err(parent))?;
    }
    remove_stale_siblings(dir);
    let staging = sibling(dir, "new");
    let result = stage_and_swap(dir, &staging, &files, target == Target::OldReport);
    if result.is_err() {
        // Best effort: the staging folder is ours and incomplete.
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage_and_swap(dir: &Path, staging: &Path, files: &[Entry], replace_old: bool) -> Result<()> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(write_err(staging))?;
    }
    fs::create_dir(staging).map_err(write_err(staging))?;
    // Files are written in parallel; each is flushed to disk before the folder is renamed.
    files.par_iter().try_for_each(|f| {
        let paths: Vec<PathBuf> = f.names().iter().map(|n| staging.join(n)).collect();
        f.write(&paths)
    })?;
    if !replace_old {
        return fs::rename(staging, dir).map_err(write_err(dir));
    }
    let old = sibling(dir, "old");
    if old.exists() {
        fs::remove_dir_all(&old).map_err(write_err(&old))?;
    }
    fs::rename(dir, &old).map_err(write_err(dir))?;
    if let Err(e) = fs::rename(staging, dir) {
        // Put the earlier report back so nothing is lost.
        let _ = fs::rename(&old, dir);
        return Err(write_err(dir)(e));
    }
    fs::remove_dir_all(&old).map_err(write_err(&old))
}

/// `--force` into a foreign folder: each file under a temporary name, then renamed into place.
fn write_into(dir: &Path, files: &[Entry]) -> Result<()> {
    let pid = std::process::id();
    // Per entry: each of its files' temporary and final paths.
    let staged: Vec<(Vec<PathBuf>, Vec<PathBuf>)> = files
        .iter()
        .map(|f| {
            let names = f.names();
            let tmp = names
                .iter()
                .map(|n| dir.join(format!(".{n}.reactions-tmp-{pid}")))
                .collect();
            (tmp, names.iter().map(|n| dir.join(n)).collect())
        })
        .collect();
    let written = files
        .par_iter()
        .zip(&staged)
        .try_for_each(|(f, (tmp, _))| f.write(tmp));
    if let Err(e) = written {
        for tmp in staged.iter().flat_map(|(tmp, _)| tmp) {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, fin) in staged.iter().flat_map(|(tmp, fin)| tmp.iter().zip(fin)) {
        fs::rename(tmp, fin).map_err(write_err(fin))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(tag: &str) -> Vec<RenderedFile> {
        vec![
            RenderedFile {
                name: "a.txt".into(),
                bytes: tag.as_bytes().to_vec(),
            },
            RenderedFile {
                name: MANIFEST.into(),
                bytes: br#"{"tool": "reactions"}"#.to_vec(),
            },
        ]
    }

    fn cfg(dir: &Path, force: bool) -> OutputConfig {
        OutputConfig {
            dir: dir.to_path_buf(),
            force,
            formats: crate::config::Formats::default(),
        }
    }

    #[test]
    fn writes_new_then_replaces_own_report_leaving_no_temporaries() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("deep/report");
        write_report(&cfg(&dir, false), &files("one"), &[]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
        fs::write(dir.join("stale.png"), b"x").unwrap();
        write_report(&cfg(&dir, false), &files("two"), &[]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "two");
        assert!(
            !dir.join("stale.png").exists(),
            "the old report is replaced whole"
        );
        let leftovers: Vec<_> = fs::read_dir(tmp.path().join("deep")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn foreign_folder_needs_force_and_keeps_other_files() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notes.txt"), b"mine").unwrap();
        let err = write_report(&cfg(tmp.path(), false), &files("x"), &[]).unwrap_err();
        assert!(matches!(err, Error::OutputNotOurs { .. }));
        assert!(!tmp.path().join("a.txt").exists());
        write_report(&cfg(tmp.path(), true), &files("x"), &[]).unwrap();
        assert_eq!(
            fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(fs::read_to_string(tmp.path().join("a.txt")).unwrap(), "x");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 3);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn disk_full_is_reported_with_the_path() {
        let err = write_file(Path::new("/dev/full"), b"x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /dev/full: No space left on device (os error 28)"
        );
    }

    #[test]
    fn a_streamed_file_that_fails_is_a_write_error_naming_the_path() {
        // The writer wraps the I/O error in its own (as the CSV and polars writers do); the
        // error still names the file, and a rendering error without I/O trouble stays one.
        let big = vec![b'x'; 4 << 20];
        let err = write_with(Path::new("/dev/full"), |w| {
            w.write_all(&big).map_err(|e| Error::Render {
                what: "posts.csv",
                message: e.to_string(),
            })
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /dev/full: No space left on device (os error 28)"
        );
        let tmp = tempfile::tempdir().unwrap();
        let err = write_with(&tmp.path().join("a"), |_| {
            Err(Error::Render {
                what: "posts.csv",
                message: "bad".to_owned(),
            })
        })
        .unwrap_err();
        assert!(matches!(err, Error::Render { .. }), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn files_filled_together_name_the_one_that_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let ok = tmp.path().join("a");
        let big = vec![b'x'; 4 << 20];
        let err = write_many_with(&[ok.clone(), PathBuf::from("/dev/full")], |w| {
            for out in w.iter_mut() {
                out.write_all(&big).map_err(|e| Error::Render {
                    what: "posts",
                    message: e.to_string(),
                })?;
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /dev/full: No space left on device (os error 28)"
        );
        // Both sinks are filled, in order, when nothing fails.
        let b = tmp.path().join("b");
        write_many_with(&[ok.clone(), b.clone()], |w| {
            w[0].write_all(b"first").unwrap();
            w[1].write_all(b"second").unwrap();
            Ok(())
        })
        .unwrap();
        assert_eq!(fs::read(&ok).unwrap(), b"first");
        assert_eq!(fs::read(&b).unwrap(), b"second");
    }

    #[test]
    fn a_file_in_the_way_is_an_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("report");
        fs::write(&path, b"x").unwrap();
        let err = write_report(&cfg(&path, false), &files("x"), &[]).unwrap_err();
        assert!(err.to_string().contains("is not a folder"), "{err}");
        assert!(err.to_string().contains(&path.display().to_string()));
    }
}
