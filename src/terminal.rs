//! What the binary says on the terminal: errors and notes on stderr, results on stdout.

use std::io::Write;

use reactions::{Error, IngestReport};

/// Messages can quote the input (header names, cells): escape control and bidi characters so a
/// hostile file cannot drive the terminal.
pub fn shown(message: &str) -> String {
    reactions::escape::for_terminal(message, usize::MAX)
}

/// Notes on how the input was read, and the rows that were not used as posts: `outcome` says
/// what became of them (`skipped`, or `written with empty scores` for `score`).
pub fn warn_skipped(report: &IngestReport, outcome: &str) {
    for note in &report.header_notes {
        eprintln!("note: {}", shown(note));
    }
    if report.skipped_total() > 0 {
        eprintln!("warning: {}", shown(&report.problem_summary(outcome)));
    }
    if let Some(warning) = &report.time_warning {
        eprintln!("warning: {}", shown(warning));
    }
}

/// Write to standard output (a closed pipe ends the run quietly).
pub fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            path: std::path::PathBuf::from("<stdout>"),
            source,
        })
}

/// Memory this process can still take, in bytes: Linux's `MemAvailable`, or the memory limit
/// of the process's cgroup (a container's limit, v1 or v2) when that is lower. `None` where
/// `/proc/meminfo` cannot be read.
pub fn available_memory() -> Option<u64> {
    let read = |path: &str| std::fs::read_to_string(path).ok();
    let available = read("/proc/meminfo")?.lines().find_map(|line| {
        let kb = line
            .strip_prefix("MemAvailable:")?
            .trim()
            .strip_suffix("kB")?;
        kb.trim().parse::<u64>().ok().map(|kb| kb * 1024)
    })?;
    let limit = read("/proc/self/cgroup").and_then(|cgroups| {
        cgroups.lines().find_map(|line| {
            let limit = |path: String| read(&path).and_then(|s| s.trim().parse::<u64>().ok());
            match line.splitn(3, ':').collect::<Vec<_>>()[..] {
                [_, "memory", dir] => {
                    limit(format!("/sys/fs/cgroup/memory{dir}/memory.limit_in_bytes"))
                }
                ["0", "", dir] => limit(format!("/sys/fs/cgroup{dir}/memory.max")),
                _ => None,
            }
        })
    });
    Some(limit.map_or(available, |l| l.min(available)))
}

/// The warning for an input of `bytes` bytes when `analyze` would need more memory (`needed`)
/// than is `available`; `None` when it fits.
pub fn memory_warning(name: &str, bytes: u64, needed: u64, available: u64) -> Option<String> {
    (needed > available).then(|| {
        format!(
            "{name} is {}; analyze holds every post in memory and may need about {} at its peak, but about {} is available, so the system may stop the run; `reactions score` streams any size in constant memory (sentiment only), or split the file (by day, say)",
            gigabytes(bytes),
            gigabytes(needed),
            gigabytes(available)
        )
    })
}

/// A size in MB below a gigabyte, else in GB with one decimal (`149 MB`, `6.2 GB`).
fn gigabytes(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)] // a size to a few digits
    let bytes = bytes as f64;
    if bytes < 1e9 {
        format!("{:.0} MB", bytes / 1e6)
    } else {
        format!("{:.1} GB", bytes / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_needs_more_memory_than_is_available_is_warned_of() {
        assert_eq!(
            memory_warning("posts.csv", 149_000_000, 750_000_000, 8_000_000_000),
            None
        );
        let warning = memory_warning("posts.csv", 1_512_000_000, 6_200_000_000, 4_000_000_000)
            .expect("a warning");
        assert!(warning.starts_with("posts.csv is 1.5 GB; "), "{warning}");
        assert!(warning.contains("about 6.2 GB at its peak, but about 4.0 GB is available"));
        assert!(warning.contains("`reactions score`"));
    }

    #[test]
    fn available_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let bytes = available_memory().expect("MemAvailable in /proc/meminfo");
            // Any machine that builds this crate has between 64 MB and 64 TB free.
            assert!((64 << 20..64 << 40).contains(&bytes), "{bytes}");
        }
    }
}
