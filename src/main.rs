//! The `reactions` binary: parse the command line, build the configuration, call the library,
//! print one error, exit (0 ok, 1 data or I/O failure, 2 usage error).

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};
use reactions::ingest::IngestReport;
use reactions::{pipeline, report, Error};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", shown(&e.to_string()));
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}

/// Messages can quote the input (header names, cells): escape control and bidi characters so a
/// hostile file cannot drive the terminal.
fn shown(message: &str) -> String {
    reactions::escape::for_terminal(message, usize::MAX)
}

/// Notes on how the input was read, and the rows that were not used as posts: `outcome` says
/// what became of them (`skipped`, or `written with empty scores` for `score`).
fn warn_skipped(report: &IngestReport, outcome: &str) {
    for note in &report.header_notes {
        eprintln!("note: {}", shown(note));
    }
    if report.skipped_total() > 0 {
        eprintln!("warning: {}", shown(&report.problem_summary(outcome)));
    }
    if report.bad_times > 0 {
        eprintln!(
            "warning: {} posts have an empty or unreadable time and are left out of the timeline",
            report.bad_times
        );
    }
}

/// The progress bar on stderr: drawn only when stderr is a terminal and not `--quiet`; with
/// `--timings`, each stage's wall time is printed when it ends.
struct Bar {
    bar: indicatif::ProgressBar,
    timings: Option<std::sync::Mutex<Option<(String, std::time::Instant)>>>,
}

impl Bar {
    fn new(quiet: bool, timings: bool) -> Self {
        let target = if quiet {
            indicatif::ProgressDrawTarget::hidden()
        } else {
            indicatif::ProgressDrawTarget::stderr()
        };
        Bar {
            bar: indicatif::ProgressBar::with_draw_target(None, target),
            timings: timings.then(|| std::sync::Mutex::new(None)),
        }
    }

    /// Print the time of the stage that is ending and start timing `next`.
    fn lap(&self, next: Option<&str>) {
        let Some(timings) = &self.timings else {
            return;
        };
        let mut current = timings
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((stage, start)) = current.take() {
            self.bar.suspend(|| {
                eprintln!(
                    "timing: {stage:<28} {:>8.2} s",
                    start.elapsed().as_secs_f64()
                );
            });
        }
        *current = next.map(|s| (s.to_owned(), std::time::Instant::now()));
    }
}

impl pipeline::Progress for Bar {
    fn begin(&self, stage: &str, total: Option<u64>) {
        self.lap(Some(stage));
        let bar = &self.bar;
        let style = match total {
            Some(_) if stage == "reading" => "{msg:>12} [{bar:40}] {bytes}/{total_bytes} ({eta})",
            Some(_) => "{msg:>12} [{bar:40}] {pos}/{len} posts ({eta})",
            None => "{msg:>12} {spinner} {elapsed}",
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(style) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_length(total.unwrap_or(0));
        bar.set_position(0);
        bar.set_message(stage.to_owned());
        if total.is_none() {
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        } else {
            bar.disable_steady_tick();
        }
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn finish(&self) {
        self.lap(None);
        self.bar.finish_and_clear();
    }
}

/// Write to standard output (a closed pipe ends the run quietly).
fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            path: std::path::PathBuf::from("<stdout>"),
            source,
        })
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Analyze(args) => {
            let (quiet, json, timings) = (args.quiet, args.json, args.timings);
            let cfg = args.into_config()?;
            let bar = Bar::new(quiet, timings);
            let (analysis, written) = pipeline::run_analyze(&cfg, &bar)?;
            let names = written.names;
            for warning in &written.warnings {
                eprintln!("warning: {}", shown(warning));
            }
            if !quiet {
                warn_skipped(&analysis.ingest, "skipped");
            }
            if json {
                print(&report::document::run_summary_json(
                    &analysis,
                    &cfg.output.dir,
                    &names,
                ))?;
            } else if !quiet {
                print(&report::tables::summary_markdown(&analysis.summary))?;
            }
            if !quiet {
                eprintln!(
                    "wrote {} files to {} ({} posts; open report.md or report.html)",
                    names.len(),
                    cfg.output.dir.display(),
                    analysis.ingest.rows_used
                );
            }
            // The process ends here: freeing a million posts one allocation at a time would
            // take half a second (measured, BENCHMARKS.md) for memory the OS takes back anyway.
            std::mem::forget(analysis);
            Ok(())
        }
        Command::Train(args) => {
            let (cfg, quiet) = args.into_config()?;
            let mut progress = |step: &str| {
                if !quiet {
                    eprintln!("{step}");
                }
            };
            let (model, report, unlabelled) = pipeline::run_train(&cfg, &mut progress)?;
            if !quiet {
                warn_skipped(&report, "skipped");
                if unlabelled > 0 {
                    eprintln!("note: {unlabelled} rows have an empty label and were left out");
                }
                print(&report::document::cross_validation_markdown(
                    &model.cross_validation,
                ))?;
                eprintln!("wrote {}", cfg.out.display());
            }
            Ok(())
        }
        Command::Evaluate(args) => {
            let (cfg, json) = args.into_config()?;
            let run = pipeline::run_evaluate(&cfg)?;
            warn_skipped(&run.report, "skipped");
            if run.empty > 0 {
                eprintln!(
                    "note: {} rows have an empty gold or predicted cell and were left out",
                    run.empty
                );
            }
            if json {
                let value = serde_json::json!({ "method": run.method, "groups": run.groups });
                print(&format!("{value:#}\n"))
            } else {
                print(&reactions::evaluate::markdown(&run.groups, &run.method))
            }
        }
        Command::Rules => print(reactions::stance::cues::DEFAULT_RULES),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "reactions", &mut out);
            print(&String::from_utf8_lossy(&out))
        }
        Command::Man { command } => {
            let mut root = Cli::command();
            root.build();
            let page = match &command {
                None => root,
                Some(name) => {
                    let names: Vec<String> = root
                        .get_subcommands()
                        .map(|c| c.get_name().to_owned())
                        .collect();
                    let sub = root.find_subcommand(name).cloned().ok_or_else(|| {
                        Error::Usage(format!(
                            "no command '{name}'; choose one of {}",
                            names.join(", ")
                        ))
                    })?;
                    let full = format!("reactions-{}", sub.get_name());
                    sub.display_name(full)
                }
            };
            let mut out = Vec::new();
            clap_mangen::Man::new(page)
                .render(&mut out)
                .map_err(|source| Error::Write {
                    path: std::path::PathBuf::from("<stdout>"),
                    source,
                })?;
            print(&String::from_utf8_lossy(&out))
        }
        Command::Score(args) => {
            let (cfg, quiet) = args.into_config()?;
            let report = pipeline::score_stream(&cfg, std::io::stdout().lock())?;
            if !quiet {
                warn_skipped(&report, "written with empty scores");
            }
            Ok(())
        }
    }
}
