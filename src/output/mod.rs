//! Output: the only place that creates folders and writes files.
//!
//! Nothing that is not ours is ever deleted or replaced, and the input is never touched.
//!
//! - **A new folder, or one that holds only an earlier report** (every entry is listed in its
//!   `manifest.json`): the report is written into a hidden staging folder beside the target,
//!   flushed to disk, and swapped with the target in one step (Linux `renameat2` with
//!   `RENAME_EXCHANGE`; elsewhere two renames, undone by the next run if a kill falls between
//!   them). A run that fails or is killed leaves the old report or the new one, never a mix.
//! - **A folder that holds an earlier report and other files** (the input, the user's notes): only
//!   the files the earlier manifest lists are replaced, each written under a temporary name and
//!   renamed into place; listed files the new report no longer writes are removed; everything
//!   else stays. The same holds for the current folder and a folder reached through a symlink,
//!   which are never renamed.
//! - **Any other non-empty folder** is refused unless `force` is set; then the report's files are
//!   written into it one by one as above, and the other files are left alone.
//! - A report file name that is the input, or that is something other than a regular file (a
//!   folder, a symlink, a FIFO, a device), is refused before anything is written.
//!
//! Runs that write beside the same folder hold an advisory lock on the folder's parent while they
//! write, so two runs to one `--out` take turns and each leaves a complete report. Hidden staging
//! folders and temporary files that a killed run left are removed by the next run, under the lock
//! (so their owner is gone).

mod files;
mod scored;
mod target;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Input, OutputConfig};
use crate::error::{Error, Result};
use crate::report::{Rendered, RenderedFile, StreamedFiles};

use files::{
    check_replaceable, parent_of, temporary_name, write_err, write_file, write_many_filled,
};
use target::{Lock, Target};

pub use scored::{to_label_csv, ScoredCsv};

/// Refuse, before any work, an output folder that is the input file or lies inside its path, and
/// a non-empty folder that is not ours (unless forced). Nothing is created here.
///
/// # Errors
/// [`Error::Usage`] when the folder would be the input's own path; [`Error::OutputNotOurs`] for
/// a foreign non-empty folder without `force`; [`Error::Write`] when it exists and is not a
/// folder.
pub fn check_target(cfg: &OutputConfig, input: &Input) -> Result<()> {
    // A folder given as input is reported by ingest ("it is a folder"), not here.
    if let Input::File(path) = input {
        let (input, out) = (target::resolved(path), target::resolved(&cfg.dir));
        if !path.is_dir() && out.starts_with(&input) {
            return Err(Error::Usage(format!(
                "--out {}: that is the input file's own path; choose a folder elsewhere",
                cfg.dir.display()
            )));
        }
    }
    let found = Target::inspect(&cfg.dir, input)?;
    if !cfg.force && found.is_foreign() {
        return Err(Error::OutputNotOurs {
            dir: cfg.dir.clone(),
        });
    }
    Ok(())
}

/// Refuse, before any work, a file path that is the input or holds something other than a
/// regular file.
///
/// # Errors
/// [`Error::Usage`] when `path` is the input; [`Error::OutputInTheWay`] naming the path and
/// what is there.
pub fn check_file_target(path: &Path, input: &Input) -> Result<()> {
    if let Input::File(input) = input {
        if let (Ok(x), Ok(y)) = (input.canonicalize(), path.canonicalize()) {
            if x == y {
                return Err(Error::Usage(format!(
                    "the output path {} is the input file; choose another -o/--out",
                    path.display()
                )));
            }
        }
    }
    check_replaceable(path)
}

/// Write one file whole or not at all: into a hidden temporary file beside `path`, flushed, then
/// renamed over it. Only a regular file (or nothing) is replaced: a folder, symlink, FIFO or
/// device at `path` is refused. A failed write removes the temporary file and leaves `path` as
/// it was.
///
/// # Errors
/// [`Error::OutputInTheWay`] for something other than a regular file at `path`; [`Error::Write`]
/// naming `path` (or its folder) when any step fails.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    check_replaceable(path)?;
    let tmp = temporary_name(path);
    // A file under our own process id can only be a dead run's (the id was reused).
    if tmp.is_file() {
        fs::remove_file(&tmp).map_err(write_err(&tmp))?;
    }
    let result =
        write_file(&tmp, bytes).and_then(|()| fs::rename(&tmp, path).map_err(write_err(path)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
            Entry::Streamed(f) => write_many_filled(paths, |w| f.write_to(w)),
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

/// The files a report run wrote, and what the user should hear about writing them.
#[derive(Debug, Default)]
pub struct Written {
    /// The names of the files written, in the manifest's order.
    pub names: Vec<String>,
    /// Warnings from putting the report in place, e.g. an earlier report that could not be
    /// removed after the swap (the new report is complete all the same).
    pub warnings: Vec<String>,
}

/// Write a report's files into `cfg.dir` as described in the module docs. `input` is never
/// replaced or removed. `waiting` is called once if another run holds the folder's lock.
///
/// # Errors
/// [`Error::OutputNotOurs`] for a foreign non-empty folder without `force`; [`Error::Usage`]
/// when a report file would replace the input; [`Error::OutputInTheWay`] when a report file
/// name is taken by something other than a regular file; [`Error::Write`] naming the path for
/// any I/O failure (permissions, disk full).
pub fn write_report(
    cfg: &OutputConfig,
    input: &Input,
    rendered: &Rendered<'_>,
    waiting: &dyn Fn(),
) -> Result<Written> {
    let mut written = put_in_place(cfg, input, rendered, waiting)?;
    written.names.clone_from(&rendered.names);
    Ok(written)
}

fn put_in_place(
    cfg: &OutputConfig,
    input: &Input,
    rendered: &Rendered<'_>,
    waiting: &dyn Fn(),
) -> Result<Written> {
    let files = entries(&rendered.files, &rendered.streamed);
    let dir = &cfg.dir;
    check_target(cfg, input)?;
    // Staging, locking and swapping use the resolved path, so `--out .`, `--out ../x` and an
    // absolute spelling of one folder agree; messages name the folder as the user did.
    let real = target::resolved(dir);
    let parent = parent_of(&real);
    fs::create_dir_all(parent).map_err(write_err(parent))?;
    let _lock = Lock::acquire(parent, waiting)?;
    target::recover_siblings(&real)?;
    let found = Target::inspect(dir, input)?;
    if !cfg.force && found.is_foreign() {
        return Err(Error::OutputNotOurs { dir: dir.clone() });
    }
    if found.can_swap() {
        let staging = target::sibling(&real, target::NEW);
        let result = stage_and_swap(&real, &staging, &files, found.exists());
        if result.is_err() && staging.exists() {
            // Best effort: the staging folder is ours and incomplete.
            let _ = fs::remove_dir_all(&staging);
        }
        return result;
    }
    write_into(dir, &files, &found, cfg.force, input)?;
    Ok(Written::default())
}

fn stage_and_swap(dir: &Path, staging: &Path, files: &[Entry], replace: bool) -> Result<Written> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(write_err(staging))?;
    }
    fs::create_dir(staging).map_err(write_err(staging))?;
    // Files are written in parallel; each is flushed to disk before the folder is renamed.
    files.par_iter().try_for_each(|f| {
        let paths: Vec<PathBuf> = f.names().iter().map(|n| staging.join(n)).collect();
        f.write(&paths)
    })?;
    if !replace {
        fs::rename(staging, dir).map_err(write_err(dir))?;
        return Ok(Written::default());
    }
    // After the swap the staging name holds the earlier report, which is ours alone.
    let old = target::swap(staging, dir)?;
    let mut written = Written::default();
    if let Err(e) = fs::remove_dir_all(&old) {
        written.warnings.push(format!(
            "the new report is in place, but the earlier one could not be removed from {}: {e}; \
             the next run into {} removes it, or delete it yourself",
            old.display(),
            dir.display()
        ));
    }
    Ok(written)
}

/// Write each file under a temporary name inside `dir`, then rename it into place; remove files
/// the earlier report listed that this one does not write. Everything else in `dir` is kept.
fn write_into(
    dir: &Path,
    files: &[Entry],
    found: &Target,
    force: bool,
    input: &Input,
) -> Result<()> {
    fs::create_dir_all(dir).map_err(write_err(dir))?;
    let names: Vec<&str> = files.iter().flat_map(Entry::names).collect();
    let listed = found.listed();
    target::remove_stale_temporaries(
        dir,
        names
            .iter()
            .copied()
            .chain(listed.iter().map(String::as_str)),
    );
    for name in &names {
        let path = dir.join(name);
        target::check_not_input(&path, input, dir)?;
        check_replaceable(&path)?;
        if !force && path.exists() && !listed.iter().any(|l| l == name) {
            return Err(Error::NotOurFile { path });
        }
    }
    // Per entry: each of its files' temporary and final paths.
    let staged: Vec<(Vec<PathBuf>, Vec<PathBuf>)> = files
        .iter()
        .map(|f| {
            let fin: Vec<PathBuf> = f.names().iter().map(|n| dir.join(n)).collect();
            (fin.iter().map(|p| temporary_name(p)).collect(), fin)
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
    // The manifest last: until it is in place, the folder's manifest describes the old files.
    let mut renames: Vec<(&PathBuf, &PathBuf)> = staged
        .iter()
        .flat_map(|(tmp, fin)| tmp.iter().zip(fin))
        .collect();
    renames.sort_by_key(|(_, fin)| fin.file_name() == Some(crate::report::MANIFEST.as_ref()));
    for (tmp, fin) in renames {
        fs::rename(tmp, fin).map_err(write_err(fin))?;
    }
    for stale in listed.iter().filter(|l| !names.contains(&l.as_str())) {
        let path = dir.join(stale);
        if target::check_not_input(&path, input, dir).is_ok()
            && path.is_file()
            && !path.is_symlink()
        {
            fs::remove_file(&path).map_err(write_err(&path))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
