//! The progress bar on stderr, fed by the pipeline's [`pipeline::Progress`] reports.

use reactions::pipeline;
use reactions::stage::{Stage, Unit};

/// The progress bar on stderr: drawn only when stderr is a terminal and not `--quiet`; with
/// `--timings`, each stage's wall time is printed when it ends.
pub struct Bar {
    bar: indicatif::ProgressBar,
    timings: Option<std::sync::Mutex<Option<(String, std::time::Instant)>>>,
}

impl Bar {
    pub fn new(quiet: bool, timings: bool) -> Self {
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
    fn begin(&self, stage: Stage, total: Option<u64>) {
        self.lap(Some(stage.label()));
        let bar = &self.bar;
        let style = match (total, stage.unit()) {
            (Some(_), Unit::Bytes) => "{msg:>12} [{bar:40}] {bytes}/{total_bytes} ({eta})",
            (Some(_), Unit::Posts) => "{msg:>12} [{bar:40}] {pos}/{len} posts ({eta})",
            (None, _) => "{msg:>12} {spinner} {elapsed}",
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(style) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_length(total.unwrap_or(0));
        bar.set_position(0);
        bar.set_message(stage.label());
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
