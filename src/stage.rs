//! The stages of a run, as the progress display and `--timings` name them.

/// One stage of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the input (its work counts bytes).
    Reading,
    /// Assigning each post a stance.
    AssigningStance,
    /// Scoring each post with VADER (its work counts posts).
    Scoring,
    /// Flagging duplicates and retweets.
    FlaggingDuplicates,
    /// The summary and the timeline.
    SummaryAndTimeline,
    /// Between-stance comparisons.
    ComparingStances,
    /// Threads from the reply-to column, groups (`--by`) and targets (`--target`).
    ThreadsGroupsTargets,
    /// Representative posts and the threshold sweep.
    ExamplesAndSweep,
    /// Distinctive terms.
    DistinctiveTerms,
    /// Rendering the tables and charts in memory.
    Rendering,
    /// Writing the report folder.
    Writing,
    /// Waiting for another run that writes the same folder.
    Waiting,
}

/// What a stage's amount of work counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of input.
    Bytes,
    /// Posts.
    Posts,
}

impl Stage {
    /// The stage's name as shown to the user.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::AssigningStance => "assigning stance",
            Stage::Scoring => "scoring",
            Stage::FlaggingDuplicates => "flagging duplicates",
            Stage::SummaryAndTimeline => "summary and timeline",
            Stage::ComparingStances => "comparing stances",
            Stage::ThreadsGroupsTargets => "threads, groups and targets",
            Stage::ExamplesAndSweep => "examples and sweep",
            Stage::DistinctiveTerms => "distinctive terms",
            Stage::Rendering => "rendering charts and tables",
            Stage::Writing => "writing",
            Stage::Waiting => "waiting for another run writing there",
        }
    }

    /// What the stage's amount of work counts.
    #[must_use]
    pub fn unit(self) -> Unit {
        match self {
            Stage::Reading => Unit::Bytes,
            _ => Unit::Posts,
        }
    }
}
