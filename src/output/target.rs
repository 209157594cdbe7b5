//! The report folder as found: what is in it, whether it may be swapped whole, the lock that
//! makes runs take turns, and the cleanup of what killed runs left beside it.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::config::Input;
use crate::error::{Error, Result};
use crate::report::MANIFEST;

use super::files::{hidden_prefix, parent_of, write_err, TMP};

/// The tag of a staging folder (the new report before the swap; the old one after it).
pub(super) const NEW: &str = "new";
/// The tag of the earlier report moved aside when the folders cannot be swapped in one step.
const OLD: &str = "old";

/// What is in the target folder now.
#[derive(Debug)]
pub(super) struct Target {
    kind: Kind,
    /// The folder is the current folder (or holds it), or is reached through a symlink: it is
    /// never renamed, only written into.
    pinned: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// Nothing there.
    Absent,
    /// An empty folder.
    Empty,
    /// A folder holding only an earlier reactions report: every entry is in its manifest;
    /// `listed` are its files.
    OwnReport { listed: Vec<String> },
    /// A folder holding an earlier report and other files; `listed` are the report's files.
    Shared { listed: Vec<String> },
    /// A non-empty folder without a reactions manifest.
    Foreign,
}

impl Target {
    /// Look at `dir` without changing anything.
    ///
    /// # Errors
    /// [`Error::Write`] when it exists and is not a folder, or cannot be read.
    pub(super) fn inspect(dir: &Path, input: &Input) -> Result<Target> {
        let link = match fs::symlink_metadata(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Target {
                    kind: Kind::Absent,
                    pinned: false,
                })
            }
            Err(e) => return Err(write_err(dir)(e)),
            Ok(m) => m.file_type().is_symlink(),
        };
        if !dir.is_dir() {
            return Err(Error::Write {
                path: dir.to_path_buf(),
                source: std::io::Error::other(
                    "it exists and is not a folder; choose another --out",
                ),
            });
        }
        let real = resolved(dir);
        let holds_cwd = std::env::current_dir()
            .map(|cwd| resolved(&cwd).starts_with(&real))
            .unwrap_or(true);
        let holds_input = match input {
            Input::File(p) => resolved(p).starts_with(&real),
            Input::Stdin => false,
        };
        let pinned = link || holds_cwd || holds_input;
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir).map_err(write_err(dir))? {
            let entry = entry.map_err(write_err(dir))?;
            entries.push(entry.file_name().to_string_lossy().into_owned());
        }
        let kind = if entries.is_empty() {
            Kind::Empty
        } else {
            match manifest_files(dir) {
                None => Kind::Foreign,
                Some(listed) => {
                    if entries.iter().all(|e| listed.contains(e)) {
                        Kind::OwnReport { listed }
                    } else {
                        Kind::Shared { listed }
                    }
                }
            }
        };
        Ok(Target { kind, pinned })
    }

    /// A non-empty folder with no reactions manifest.
    pub(super) fn is_foreign(&self) -> bool {
        self.kind == Kind::Foreign
    }

    /// Whether the whole folder may be replaced by the staged one.
    pub(super) fn can_swap(&self) -> bool {
        !self.pinned
            && matches!(
                self.kind,
                Kind::Absent | Kind::Empty | Kind::OwnReport { .. }
            )
    }

    /// Whether there is a folder to swap with (not just a name to rename to).
    pub(super) fn exists(&self) -> bool {
        matches!(self.kind, Kind::OwnReport { .. })
    }

    /// The files of the earlier report (its manifest included), or none.
    pub(super) fn listed(&self) -> Vec<String> {
        match &self.kind {
            Kind::Shared { listed } | Kind::OwnReport { listed } => listed.clone(),
            _ => Vec::new(),
        }
    }
}

/// The files a reactions manifest in `dir` lists, with the manifest itself; `None` when there is
/// no such manifest. Only plain file names count: an entry naming a path is ignored, so a
/// doctored manifest cannot point outside the folder.
fn manifest_files(dir: &Path) -> Option<Vec<String>> {
    let bytes = fs::read(dir.join(MANIFEST)).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    if value.get("tool").and_then(|t| t.as_str()) != Some("reactions") {
        return None;
    }
    let mut listed: Vec<String> = value
        .get("files")
        .and_then(|f| f.as_array())
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f.as_str())
                .filter(|f| is_plain_name(f))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    listed.push(MANIFEST.to_owned());
    Some(listed)
}

fn is_plain_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!(parts.next(), Some(Component::Normal(_))) && parts.next().is_none()
}

/// `path` made absolute, with `.` and `..` resolved against what exists: the longest existing
/// ancestor is canonicalised (symlinks followed) and the rest is normalised by its names. Two
/// spellings of one place give one path, whether or not it exists yet.
pub(super) fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest: Vec<Component> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for c in rest.into_iter().rev() {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Refuse a report file path that is the input itself.
///
/// # Errors
/// [`Error::Usage`] naming the input, the folder and the file name.
pub(super) fn check_not_input(path: &Path, input: &Input, dir: &Path) -> Result<()> {
    let Input::File(input) = input else {
        return Ok(());
    };
    if path.exists() && resolved(path) == resolved(input) {
        return Err(Error::Usage(format!(
            "--out {}: the report writes {}, which is the input {}; move the input or choose \
             another --out",
            dir.display(),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            input.display()
        )));
    }
    Ok(())
}

/// A hidden sibling of `dir` named with `tag` and the process id.
pub(super) fn sibling(dir: &Path, tag: &str) -> PathBuf {
    parent_of(dir).join(format!(
        "{}{tag}-{}",
        sibling_prefix(dir),
        std::process::id()
    ))
}

fn sibling_prefix(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    hidden_prefix(&name)
}

/// `prefix` followed by `tag`, `-` and a process id.
fn is_tagged(name: &str, prefix: &str, tag: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(tag))
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Under the lock, deal with what killed runs left beside `dir`: if `dir` is missing and an
/// earlier report sits in an `old` sibling (a kill between two renames), put it back; then
/// remove every other staging or backup sibling of `dir`. Their owners are gone: a live run
/// would hold the lock.
///
/// # Errors
/// [`Error::Write`] when the earlier report cannot be put back.
pub(super) fn recover_siblings(dir: &Path) -> Result<()> {
    let parent = parent_of(dir);
    let prefix = sibling_prefix(dir);
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut old = Vec::new();
    let mut new = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && is_tagged(&name, &prefix, OLD) {
            old.push(entry.path());
        } else if is_dir && is_tagged(&name, &prefix, NEW) {
            new.push(entry.path());
        }
    }
    if fs::symlink_metadata(dir).is_err() {
        if let Some(earlier) = old.pop() {
            fs::rename(&earlier, dir).map_err(write_err(dir))?;
        }
    }
    for stale in old.into_iter().chain(new) {
        let _ = fs::remove_dir_all(stale);
    }
    Ok(())
}

/// Remove the temporary files (`.NAME.reactions-tmp-PID`) that a killed run left in `dir` for
/// the report's file `names`. Best effort, under the lock.
pub(super) fn remove_stale_temporaries<'n>(dir: &Path, names: impl Iterator<Item = &'n str>) {
    let prefixes: Vec<String> = names.map(hidden_prefix).collect();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = prefixes.iter().any(|p| is_tagged(&name, p, TMP));
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Put the folder `staged` in the place of the folder `dir`; return where the earlier folder is
/// now. On Linux the two are exchanged in one step, so `dir` is never missing; elsewhere (or on a
/// file system without the exchange) the earlier folder is renamed aside first and put back if
/// the second rename fails.
///
/// # Errors
/// [`Error::Write`] naming `dir`.
pub(super) fn swap(staged: &Path, dir: &Path) -> Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staged, CWD, dir, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(staged.to_path_buf()),
            // Not supported here (an old kernel, some network file systems): two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(write_err(dir)(e.into())),
        }
    }
    let old = sibling(dir, OLD);
    fs::rename(dir, &old).map_err(write_err(dir))?;
    if let Err(e) = fs::rename(staged, dir) {
        // Put the earlier report back so nothing is lost.
        let _ = fs::rename(&old, dir);
        return Err(write_err(dir)(e));
    }
    Ok(old)
}

/// An advisory lock on a folder, held while a report is staged and put in place. Runs writing
/// beside the same folder take turns.
pub(super) struct Lock(fs::File);

impl Lock {
    /// Lock `folder`, calling `waiting` first if another process holds it.
    ///
    /// # Errors
    /// [`Error::Write`] naming the folder when it cannot be opened or locked.
    pub(super) fn acquire(folder: &Path, waiting: &dyn Fn()) -> Result<Lock> {
        let file = fs::File::open(folder).map_err(write_err(folder))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock().map_err(write_err(folder))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(write_err(folder)(e)),
        }
        Ok(Lock(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}
