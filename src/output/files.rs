//! Writing single files: buffered sinks that remember the first I/O error, flushed and synced,
//! and the rule that we only ever replace a regular file (or nothing).

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub(super) fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// What kind of thing stands at `path`, when it is not a regular file: `None` for a regular file
/// or nothing at all. Symbolic links are not followed: a link is reported as one.
///
/// # Errors
/// [`Error::Write`] when the path cannot be inspected (other than not existing).
pub(super) fn not_a_regular_file(path: &Path) -> Result<Option<&'static str>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(write_err(path)(e)),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(None);
    }
    Ok(Some(if kind.is_symlink() {
        "symbolic link"
    } else if kind.is_dir() {
        "folder"
    } else {
        special_kind(&kind)
    }))
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "device"
    } else if kind.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "special file"
}

/// Refuse to replace anything at `path` but a regular file.
///
/// # Errors
/// [`Error::OutputInTheWay`] naming the path and what is there.
pub(super) fn check_replaceable(path: &Path) -> Result<()> {
    match not_a_regular_file(path)? {
        None => Ok(()),
        Some(what) => Err(Error::OutputInTheWay {
            path: path.to_path_buf(),
            what,
        }),
    }
}

pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_filled(path, |w| w.write_all(bytes).map_err(write_err(path)))
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
pub(super) fn write_filled(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_many_filled(&[path.to_path_buf()], |w| fill(&mut *w[0]))
}

/// [`write_filled`] for several files filled together: `fill` gets one sink per path, in order.
/// An I/O failure is [`Error::Write`] naming the first path whose sink failed.
pub(super) fn write_many_filled(
    paths: &[PathBuf],
    fill: impl FnOnce(&mut [&mut (dyn Write + Send)]) -> Result<()>,
) -> Result<()> {
    let files = paths
        .iter()
        .map(|path| {
            // create_new: a temporary name is ours alone; never write through whatever a
            // concurrent process or a stale run left there.
            fs::File::options()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(write_err(path))
        })
        .collect::<Result<Vec<_>>>()?;
    fill_files(paths, files, fill)
}

/// Fill open `files` (named `paths`, for errors) through buffered sinks, then flush and sync.
fn fill_files(
    paths: &[PathBuf],
    files: Vec<fs::File>,
    fill: impl FnOnce(&mut [&mut (dyn Write + Send)]) -> Result<()>,
) -> Result<()> {
    let mut sinks: Vec<Sink<BufWriter<fs::File>>> = files
        .into_iter()
        .map(|f| Sink {
            inner: BufWriter::with_capacity(1 << 20, f),
            error: None,
        })
        .collect();
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

/// The hidden temporary name a file is written under before it is renamed to `path`.
pub(super) fn temporary_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    parent_of(path).join(format!(
        "{}{TMP}-{}",
        hidden_prefix(&name),
        std::process::id()
    ))
}

/// The start of every hidden name we give to what belongs to `name`: its temporary file, or its
/// staging and backup folders. The tag and a process id follow.
pub(super) fn hidden_prefix(name: &str) -> String {
    format!(".{name}.reactions-")
}

/// The tag of a temporary file.
pub(super) const TMP: &str = "tmp";

/// The folder `path` is in (`.` for a bare name).
pub(super) fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    fn dev_full() -> Vec<fs::File> {
        vec![fs::File::options().write(true).open("/dev/full").unwrap()]
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn disk_full_is_reported_with_the_path() {
        let path = [PathBuf::from("/dev/full")];
        let err = fill_files(&path, dev_full(), |w| {
            w[0].write_all(b"x").map_err(write_err(&path[0]))
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /dev/full: No space left on device (os error 28)"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_streamed_file_that_fails_is_a_write_error_naming_the_path() {
        // The writer wraps the I/O error in its own (as the CSV and polars writers do); the
        // error still names the file, and a rendering error without I/O trouble stays one.
        let big = vec![b'x'; 4 << 20];
        let path = [PathBuf::from("/dev/full")];
        let err = fill_files(&path, dev_full(), |w| {
            w[0].write_all(&big).map_err(|e| Error::Render {
                what: "posts.csv",
                source: e.into(),
            })
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /dev/full: No space left on device (os error 28)"
        );
        let tmp = tempfile::tempdir().unwrap();
        let err = write_filled(&tmp.path().join("a"), |_| {
            Err(Error::Render {
                what: "posts.csv",
                source: "bad".into(),
            })
        })
        .unwrap_err();
        assert!(matches!(err, Error::Render { .. }), "{err}");
    }

    #[test]
    fn only_regular_files_or_nothing_are_replaceable() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f");
        fs::write(&file, b"x").unwrap();
        assert!(check_replaceable(&file).is_ok());
        assert!(check_replaceable(&tmp.path().join("absent")).is_ok());
        let err = check_replaceable(tmp.path()).unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
        #[cfg(unix)]
        {
            let link = tmp.path().join("l");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            let err = check_replaceable(&link).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
            let err = check_replaceable(Path::new("/dev/null")).unwrap_err();
            assert!(err.to_string().contains("device"), "{err}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn files_filled_together_name_the_one_that_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let ok = tmp.path().join("a");
        let taken = tmp.path().join("taken");
        fs::write(&taken, b"someone else's").unwrap();
        let err = write_many_filled(&[ok.clone(), taken.clone()], |_| Ok(())).unwrap_err();
        assert!(
            err.to_string().contains(&taken.display().to_string()),
            "{err}"
        );
        assert_eq!(fs::read(&taken).unwrap(), b"someone else's");
        fs::remove_file(&ok).unwrap();
        // Both sinks are filled, in order, when nothing fails.
        let b = tmp.path().join("b");
        write_many_filled(&[ok.clone(), b.clone()], |w| {
            w[0].write_all(b"first").unwrap();
            w[1].write_all(b"second").unwrap();
            Ok(())
        })
        .unwrap();
        assert_eq!(fs::read(&ok).unwrap(), b"first");
        assert_eq!(fs::read(&b).unwrap(), b"second");
    }
}
