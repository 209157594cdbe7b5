//! The `reactions` binary: parse the command line, build the configuration, call the library,
//! print one error, exit (0 ok, 1 data or I/O failure, 2 usage error).

mod cli;
mod progress;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use reactions::{pipeline, Error};
use terminal::{print, shown, warn_skipped};

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

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Analyze(args) => {
            let (quiet, json, timings) = (args.quiet, args.json, args.timings);
            let cfg = args.into_config()?;
            if let reactions::config::Input::File(path) = &cfg.ingest.input {
                let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
                let needed = pipeline::analyze_memory_estimate(bytes);
                let name = path.display().to_string();
                if let Some(warning) = terminal::available_memory()
                    .and_then(|available| terminal::memory_warning(&name, bytes, needed, available))
                {
                    eprintln!("warning: {}", shown(&warning));
                }
            }
            let bar = progress::Bar::new(quiet, timings);
            let (analysis, written) = pipeline::run_analyze(&cfg, &bar)?;
            let names = written.names;
            for warning in &written.warnings {
                eprintln!("warning: {}", shown(warning));
            }
            if !quiet {
                warn_skipped(&analysis.run.ingest, "skipped");
                if let Some(warning) = analysis.run.stance.rules_coverage_warning() {
                    eprintln!("warning: {}", shown(&warning));
                }
                for warning in analysis.run.model_warnings() {
                    eprintln!("warning: {}", shown(&warning));
                }
                if let (sentence, true) = analysis.run.languages.sentence() {
                    eprintln!("warning: {}", shown(&sentence.replace("**", "")));
                }
            }
            if json {
                print(&analysis.run_summary_json(&cfg.output.dir, &names))?;
            } else if !quiet {
                print(&analysis.summary_markdown())?;
            }
            if !quiet {
                eprintln!(
                    "wrote {} files to {} ({}; open report.md or report.html)",
                    names.len(),
                    cfg.output.dir.display(),
                    reactions::words::count(analysis.run.ingest.rows_used, "post")
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
                print(&model.cross_validation.markdown())?;
                if let Some(warning) = model.cross_validation.chance_warning("new") {
                    eprintln!("warning: {}", shown(&warning));
                }
                if !model.final_fit.converged {
                    eprintln!(
                        "warning: the final fit stopped after {} iterations before converging; its predictions may differ slightly from a converged fit's",
                        model.final_fit.iterations
                    );
                }
                eprintln!("wrote {}", cfg.out.display());
            }
            Ok(())
        }
        Command::Sample(args) => {
            let (cfg, quiet) = args.into_config()?;
            let run = pipeline::run_sample(&cfg)?;
            if !quiet {
                warn_skipped(&run.report, "skipped");
            }
            if cfg.out.is_none() {
                let text = String::from_utf8_lossy(&run.csv);
                print(&text)?;
            }
            if !quiet {
                let s = &run.sample;
                let per_class: Vec<String> = s
                    .classes
                    .iter()
                    .map(|(label, candidates, picked)| format!("{label} {picked} of {candidates}"))
                    .collect();
                eprintln!(
                    "picked {} of {} candidate posts (classes from {}: {}); left out {} retweets, {} near-duplicates and {} posts labelled before",
                    s.picks.len(),
                    s.candidates,
                    run.source,
                    per_class.join(", "),
                    s.retweets,
                    s.near_duplicates,
                    s.already_labelled
                );
                if let Some(out) = &cfg.out {
                    eprintln!("wrote {}", out.display());
                }
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
                print(&run.json())
            } else {
                print(&run.markdown())
            }
        }
        Command::Rules => print(reactions::DEFAULT_STANCE_RULES),
        Command::Completions { shell } => print(&cli::completions(shell)),
        Command::Man { command } => print(&cli::man(command.as_deref())?),
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
