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
