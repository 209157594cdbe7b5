//! The human-readable pages (`summary.md`, `report.md`) and the machine-readable
//! `manifest.json`.
//!
//! Every figure names its method and shows its count; post text never appears unescaped.

use std::fmt::Write as _;

use serde_json::json;

use super::tables::{percent, summary_markdown};
use crate::aggregate::compare::Comparison;
use crate::aggregate::compare::{separation, MIN_POSTS_FOR_VERDICT, REST, TOO_FEW};
use crate::aggregate::examples::Example;
use crate::aggregate::groups::Groups;
use crate::aggregate::sweep::SweepPoint;
use crate::aggregate::targets::Targets;
use crate::aggregate::terms::Term;
use crate::aggregate::threads::Threads;
use crate::aggregate::weights::{WeightedRow, Weights};
use crate::aggregate::SentimentModelFacts;
use crate::aggregate::{Analysis, RunFacts, Summary};
use crate::config::InsightConfig;
use crate::escape::for_markdown_cell;
use crate::evaluate::{confusion_markdown, per_class_markdown};
use crate::ingest::{IngestReport, RowProblem};
use crate::sentiment::{LongPosts, ENGINE, REFERENCE};
use crate::stance::classifier::Candidate;
use crate::stance::{CrossValidation, StanceInfo};
use crate::words::{agree, count};

/// Version of the report layout, bumped when files or columns change meaning.
pub const REPORT_FORMAT: u32 = 1;

/// How stance was assigned, in words.
#[must_use]
pub fn stance_method(info: &StanceInfo) -> String {
    let cell = |s: &str| for_markdown_cell(s, 120);
    match info {
        StanceInfo::Label { column } => format!(
            "hand labels from column '{}' (trimmed, lower-cased; empty cells are `unlabelled`)",
            cell(column)
        ),
        StanceInfo::Rules { source, .. } => format!(
            "cue rules from {} (highest-priority stance with a matching cue, a cue under a \
             negation does not count; see `stance_reason` per post)",
            cell(source)
        ),
        StanceInfo::Model { path, cv } => format!(
            "the classifier in {} ({}-fold cross-validated on its {} training posts: accuracy \
             {:.3}, macro-F1 {:.3}; `stance_confidence` is its probability per post)",
            cell(path),
            cv.folds,
            cv.posts,
            cv.accuracy,
            cv.macro_f1
        ),
        StanceInfo::Auto {
            column,
            labelled,
            predicted,
            cv,
        } => format!(
            "hand labels from column '{}' for the {labelled} labelled posts; the other \
             {predicted} labelled by a classifier trained on {} ({}-fold cross-validated: \
             accuracy {:.3}, macro-F1 {:.3}; see \"Stance classifier\" below)",
            cell(column),
            trained_on(cv),
            cv.folds,
            cv.accuracy,
            cv.macro_f1
        ),
    }
}

/// What a classifier was trained on: "them", or the sample it was trained on.
fn trained_on(cv: &CrossValidation) -> String {
    if cv.posts < cv.labelled_posts {
        format!(
            "a stratified sample of {} of them (--max-train-posts)",
            cv.posts
        )
    } else {
        "them".to_owned()
    }
}

/// A cross-validation result as Markdown: the headline numbers, per-class metrics, the
/// confusion matrix and the learning curve (with a link to `learning_curve.png` when `chart`,
/// as in the report; `train` prints it without).
#[must_use]
pub fn cross_validation_markdown(cv: &CrossValidation, chart: bool) -> String {
    let mut best_per_weighting: Vec<&Candidate> = Vec::new();
    for candidate in &cv.candidates {
        match best_per_weighting
            .iter_mut()
            .find(|b| b.class_weighting == candidate.class_weighting)
        {
            Some(b) if candidate.macro_f1 > b.macro_f1 => *b = candidate,
            Some(_) => {}
            None => best_per_weighting.push(candidate),
        }
    }
    let posts = if cv.posts < cv.labelled_posts {
        format!(
            "a stratified sample of {} of the {} labelled posts (--max-train-posts; the model \
             is trained on the same sample)",
            cv.posts, cv.labelled_posts
        )
    } else {
        format!("{} labelled posts", cv.posts)
    };
    let mut out = format!(
        "{}-fold stratified cross-validation on {}: accuracy {:.3}, macro-F1 \
         {:.3} ({} class weights and regularisation C = {}, chosen among {} settings by \
         macro-F1 on the same folds, so these figures are slightly optimistic; the best \
         macro-F1 of each class weighting: {}).\n\n",
        cv.folds,
        posts,
        cv.accuracy,
        cv.macro_f1,
        cv.class_weighting.name(),
        cv.c,
        cv.candidates.len(),
        best_per_weighting
            .iter()
            .map(|b| format!(
                "{} {:.3} at C = {}",
                b.class_weighting.name(),
                b.macro_f1,
                b.c
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out.push_str(&per_class_markdown(&cv.per_class));
    out.push('\n');
    out.push_str(&confusion_markdown(&cv.confusion));
    let _ = write!(
        out,
        "\nCalibration: the expected calibration error of the out-of-fold `stance_confidence` is \
         {:.3} (the mean gap between confidence and accuracy over ten confidence bins, weighted \
         by posts; 0 would mean a confidence of 0.8 is right 80% of the time).",
        cv.calibration_error
    );
    let _ = writeln!(
        out,
        "{}",
        calibration_direction(cv.mean_confidence, cv.accuracy)
    );
    out.push_str(&learning_curve_markdown(&cv.learning_curve, chart));
    out
}

/// Mean confidence this far from accuracy or more reads as over- or underconfident.
const CALIBRATION_GAP: f64 = 0.02;

/// Which way the confidences err: their mean against the accuracy (empty for a model file
/// that does not record the mean, where it reads 0).
fn calibration_direction(mean_confidence: f64, accuracy: f64) -> String {
    if mean_confidence <= 0.0 {
        return String::new();
    }
    let gap = mean_confidence - accuracy;
    let verdict = if gap >= CALIBRATION_GAP {
        "so the confidences are too high (overconfident): read a post's `stance_confidence` as \
         an upper bound"
    } else if gap <= -CALIBRATION_GAP {
        "so the confidences are too low (underconfident): posts are right more often than their \
         `stance_confidence` says"
    } else {
        "so they are about right on average"
    };
    format!(" The mean confidence is {mean_confidence:.3} against an accuracy of {accuracy:.3}, {verdict}.")
}

/// A gain in macro-F1 from 75% to 100% of the labels at or above this reads as still rising.
const LEARNING_RISING: f64 = 0.02;
/// A gain below this reads as flat; between the two, as rising slowly.
const LEARNING_FLAT: f64 = 0.005;

/// The learning curve as a table and a sentence on whether more labels are likely to help.
fn learning_curve_markdown(
    points: &[crate::stance::classifier::LearningPoint],
    chart: bool,
) -> String {
    if points.len() < 2 {
        return String::new();
    }
    let mut out = String::from(
        "\nLearning curve: the same cross-validation with each fold trained on a stratified \
         share of its labels (at the chosen setting; held-out posts unchanged).\n\n",
    );
    if chart {
        out.push_str("![Cross-validated macro-F1 as the labels grow](learning_curve.png)\n\n");
    }
    out.push_str("| share of labels | posts | CV macro-F1 |\n|--:|--:|--:|\n");
    for p in points {
        let _ = writeln!(
            out,
            "| {:.0}% | {} | {:.3} |",
            p.share * 100.0,
            p.posts,
            p.macro_f1
        );
    }
    let (last, before) = (&points[points.len() - 1], &points[points.len() - 2]);
    let gain = last.macro_f1 - before.macro_f1;
    let _ = writeln!(
        out,
        "\n{}",
        if gain >= LEARNING_RISING {
            format!(
                "Macro-F1 was still rising with the last labels ({:+.3} from {:.0}% to 100%): more \
                 labels are likely to help.",
                gain,
                before.share * 100.0
            )
        } else if gain >= LEARNING_FLAT {
            format!(
                "Macro-F1 was rising slowly with the last labels ({:+.3} from {:.0}% to 100%): more \
                 labels may help a little; labels of the weakest class, or of the posts the model is \
                 least sure of (`reactions sample --stance-model`), may help more.",
                gain,
                before.share * 100.0
            )
        } else {
            format!(
                "Macro-F1 changed little with the last labels ({:+.3} from {:.0}% to 100%): more \
                 labels of the same kind are unlikely to help much; labels of the weakest class, or \
                 of the posts the model is least sure of (`reactions sample --stance-model`), may.",
                gain,
                before.share * 100.0
            )
        }
    );
    out
}

fn classifier_section(info: &StanceInfo) -> Option<String> {
    let cv = info.cross_validation()?;
    let mut out = String::from("\n## Stance classifier\n\n");
    out.push_str(
        "Stance for some posts comes from a multinomial logistic regression over TF-IDF word \
         1-2 grams and character 2-5 grams (L2 penalty; class weighting and C chosen by \
         cross-validation). How far to trust its labels:\n\n",
    );
    out.push_str(&cross_validation_markdown(cv, true));
    Some(out)
}

/// With cue rules whose cues VADER scores, a method line saying so.
fn scored_cues_line(stance: &StanceInfo) -> String {
    match stance {
        StanceInfo::Rules { scored_cues, .. } if !scored_cues.is_empty() => format!(
            "- {} of the stance cues {} words VADER scores: {}. Posts picked by them carry those \
             words' sentiment, so the sentiment differences between stances are partly by \
             construction.\n",
            scored_cues.len(),
            agree(scored_cues.len() as u64, "is or holds", "are or hold"),
            scored_cues
                .iter()
                .map(|c| format!("\"{}\"", for_markdown_cell(c, 60)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => String::new(),
    }
}

fn method_lines(run: &RunFacts) -> String {
    let t = run.sentiment.threshold;
    let mut lines = format!(
        "- Sentiment: VADER ({REFERENCE}, computed by {ENGINE}){}; a post is positive when \
         compound >= {t}, negative when compound <= -{t}, neutral otherwise.\n\
         - Stance: {}. Stance is never derived from sentiment.\n\
         - Mean compound with a 95% Student t confidence interval (mean ± t(0.975, n-1)·s/√n); \
         median and shares are of the posts in each row.\n",
        long_posts_note(run.sentiment.long_posts),
        stance_method(&run.stance)
    );
    if let Some(m) = &run.sentiment_model {
        let _ = writeln!(
            lines,
            "- Sentiment classes: from the model `{}` instead of the thresholds (see \"Sentiment from a model\"); compound, its means and intervals stay VADER's.",
            m.path.replace('`', "'")
        );
    }
    lines.push_str(&scored_cues_line(&run.stance));
    lines
}

fn long_posts_note(long_posts: LongPosts) -> &'static str {
    match long_posts {
        LongPosts::Whole => "",
        LongPosts::SentenceMean => ", each sentence scored alone and the scores averaged per post",
    }
}

/// `summary.md`: the summary table with its method notes.
#[must_use]
pub fn summary_page(run: &RunFacts, summary: &Summary) -> String {
    format!(
        "# Summary by stance\n\nInput: {} ({} used of {} read).\n\n{}\n{}",
        for_markdown_cell(&run.input.name, 200),
        count(run.ingest.rows_used, "post"),
        count(run.ingest.rows_read, "row"),
        summary_markdown(summary),
        method_lines(run)
    )
}

fn comparison_method(insight: &InsightConfig) -> String {
    format!(
        "Each stance against each other stance, then against all other posts pooled (`rest`). {}",
        comparison_tests(insight)
    )
}

/// The tests behind every comparison table, from the difference of means on.
fn comparison_tests(insight: &InsightConfig) -> String {
    format!(
        "Difference = mean compound of a minus b, with a percentile bootstrap 95% interval \
         ({} resamples, seed {}; when resampling would take more than {} draws, the normal \
         (Welch) interval, marked \"(normal)\" and `ci_method` = `normal`). Mann-Whitney U test, two-sided: exact when the smaller group \
         has at most 8 posts and there are no ties, else the normal approximation with tie and \
         continuity corrections. Cliff's delta = P(a > b) - P(a < b), sized after Romano et al. \
         (2006): negligible < 0.147 <= small < 0.33 <= medium < 0.474 <= large; with fewer than \
         {} posts on either side, `size` says \"{TOO_FEW}\". p-values are not corrected for \
         multiple comparisons.\n",
        insight.resamples,
        insight.seed,
        crate::aggregate::compare::BOOTSTRAP_MAX_DRAWS,
        MIN_POSTS_FOR_VERDICT
    )
}

const EXAMPLES_NOTE: &str = "For each stance, the post with the highest compound, the lowest, \
    and the one closest to the stance's median (ties: the earlier post). Text is cut at 200 \
    characters and escaped; `examples.csv` has it whole.\n";

/// `examples.md`: representative posts per stance.
#[must_use]
pub fn examples_page(examples: &[Example]) -> String {
    format!(
        "# Representative posts\n\n{}\n{EXAMPLES_NOTE}",
        super::tables::examples(examples).markdown()
    )
}

const SWEEP_NOTE: &str = "Positive means compound >= t, negative compound <= -t; the usual t \
    is 0.05. If a comparison between stances holds across the sweep, it does not hinge on the \
    choice of threshold.\n";

fn sweep_table(sweep: &[SweepPoint], summary: &Summary) -> String {
    super::tables::sweep_markdown(sweep, &summary.stance_labels())
}

/// `threshold_sweep.md`: shares per stance as the neutral band widens.
#[must_use]
pub fn sweep_page(sweep: &[SweepPoint], summary: &Summary) -> String {
    format!(
        "# Threshold sweep\n\n{}\n{SWEEP_NOTE}",
        sweep_table(sweep, summary)
    )
}

fn terms_note(insight: &InsightConfig) -> String {
    format!(
        "Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn \
         2008, \"Fightin' Words\"), each stance against all other posts; the prior is each term's \
         count in the whole corpus. z > 1.96 is roughly a 5% two-sided threshold for one term, \
         but with many terms some pass it by chance. Text is lower-cased; URLs, @mentions and \
         numbers become `<url>`, `<mention>`, `<number>`; hashtags and emoji are terms; {} \
         stopwords are dropped; bigrams of adjacent kept words are included. The full list, \
         with the terms of the rest (z < 0), is in `distinctive_terms.csv`.\n",
        if insight.stopwords.is_some() {
            "the given"
        } else {
            "built-in English"
        }
    )
}

/// `distinctive_terms.md`: the most distinctive terms per stance.
#[must_use]
pub fn terms_page(terms: &[Term], insight: &InsightConfig) -> String {
    format!(
        "# Distinctive terms per stance\n\n{}\n{}",
        super::tables::terms_markdown(terms, crate::aggregate::terms::TOP_TERMS),
        terms_note(insight)
    )
}

fn weighted_section((weights, rows): &(Weights, Vec<WeightedRow>)) -> String {
    let mut out = super::tables::weighted(rows).markdown();
    let _ = write!(
        out,
        "\nEach post counts 1 + its value in column '{}' (a post nobody engaged with counts once). \
         Weighted mean and shares; effective n is Kish's (Σw)²/Σw²; the 95% interval uses the \
         linearization standard error of a weighted mean with t(0.975, ⌊effective n⌋ − 1). A few \
         heavily liked posts can dominate: compare with the unweighted summary.",
        for_markdown_cell(&weights.column, 80)
    );
    if weights.unreadable > 0 {
        let _ = write!(
            out,
            " {} {} empty or not a count and {} read as 0 (first: {}).",
            count(weights.unreadable, "cell"),
            agree(weights.unreadable, "was", "were"),
            agree(weights.unreadable, "was", "were"),
            first_lines(&weights.unreadable_examples)
        );
    }
    out.push('\n');
    out
}

/// The `--by` columns in words: `'platform'`, or `'platform' then 'candidate'`.
fn by_columns(groups: &Groups) -> String {
    groups
        .columns
        .iter()
        .map(|c| format!("'{}'", for_markdown_cell(c, 60)))
        .collect::<Vec<_>>()
        .join(" then ")
}

/// The chart of the groups: `stance_sentiment_by_<column>[_<column>].png`, with every
/// character but ASCII letters, digits, `-` and `_` made `_`.
#[must_use]
pub fn groups_chart_name(groups: &Groups) -> String {
    let safe: Vec<String> = groups
        .columns
        .iter()
        .map(|c| {
            c.chars()
                .map(|ch| {
                    if ch.is_ascii_alphanumeric() || ch == '-' {
                        ch
                    } else {
                        '_'
                    }
                })
                .collect()
        })
        .collect();
    format!("stance_sentiment_by_{}.png", safe.join("_"))
}

/// The groups section: what a group is, the table, the comparisons and their method.
fn groups_section(groups: &Groups, insight: &InsightConfig) -> String {
    use crate::aggregate::groups::{MAX_LISTED, MAX_TESTED, MIN_POSTS_TESTED, OTHERS};
    let mut out = format!(
        "Groups are the values of {} ({} distinct; an empty cell is the group \"(empty)\"). \
         Each row is one stance within a group: its posts, their share of the group's posts, \
         the mean compound with its 95% t interval, the median and the sentiment shares.",
        by_columns(groups),
        groups.distinct
    );
    if groups.pooled > 0 {
        let _ = write!(
            out,
            " The {MAX_LISTED} largest groups are listed; the other {} are pooled as \"{OTHERS}\".",
            groups.pooled
        );
    }
    let _ = write!(
        out,
        "\n\n![Sentiment share by stance in the largest groups]({})\n\n",
        groups_chart_name(groups)
    );
    out.push_str(&super::tables::groups(groups).markdown());
    let _ = write!(
        out,
        "\n### Between groups, within each stance\n\nWithin each stance (and across all posts), \
         the groups with at least {MIN_POSTS_TESTED} posts of it, the {MAX_TESTED} largest at \
         most, are compared: each pair, then each against the others pooled (`rest`) when there \
         are more than two. Smaller groups are listed above (`compared` = no) but not tested. "
    );
    out.push_str(&comparison_tests(insight));
    if groups.comparisons.is_empty() {
        out.push_str("\nNo stance has two groups large enough to compare.\n");
    } else {
        out.push('\n');
        out.push_str(&super::tables::group_comparisons(&groups.comparisons).markdown());
    }
    out
}

/// `groups.md`: each stance per group, and the groups compared.
#[must_use]
pub fn groups_page(groups: &Groups, insight: &InsightConfig) -> String {
    format!(
        "# By {}\n\n{}",
        by_columns(groups),
        groups_section(groups, insight)
    )
}

/// Threads listed by name in the report (all of them are in `threads.csv`).
const THREADS_SHOWN: usize = 10;
/// Threads listed in `threads.md`.
const THREADS_ON_PAGE: usize = 50;

/// The threads section: how posts were linked, the largest threads, and the replies by the
/// stance of the post they answer.
fn threads_section(t: &Threads, id_column: &str, shown: usize) -> String {
    let in_threads: u64 = t.rows.iter().map(|r| r.posts).sum();
    let mut out = format!(
        "Each reply is linked through '{}' to the post whose '{}' it names; a post's `root_id` \
         in `posts.parquet` is the post its chain of replies starts from, and `depth` its \
         distance from it (0 for a root). {} {} replies ({} in them); {} neither \
         {} nor {} replied to.",
        for_markdown_cell(&t.column, 60),
        for_markdown_cell(id_column, 60),
        count(t.rows.len() as u64, "thread"),
        agree(t.rows.len() as u64, "has", "have"),
        count(in_threads, "post"),
        count(t.alone, "post"),
        agree(t.alone, "replies", "reply"),
        agree(t.alone, "is", "are"),
    );
    if t.missing_parents > 0 {
        let _ = write!(
            out,
            " {} named by replies {} not in the file (a Reddit submission, the tweet \
             replied to): each is the root of its own thread, and its replies have depth 1.",
            count(t.missing_parents, "parent"),
            agree(t.missing_parents, "is", "are"),
        );
    }
    if t.repeated_ids > 0 {
        let _ = write!(
            out,
            " {} repeat an earlier post's id; replies attach to the first post with an id.",
            count(t.repeated_ids, "post")
        );
    }
    out.push_str("\n\n");
    if t.rows.is_empty() {
        out.push_str("No post counted replies to another.\n");
        return out;
    }
    let top = &t.rows[..t.rows.len().min(shown)];
    if top.len() < t.rows.len() {
        let _ = writeln!(
            out,
            "The {} largest threads (all {} are in `threads.csv`):\n",
            top.len(),
            t.rows.len()
        );
    }
    out.push_str(&super::tables::threads(top).markdown());
    out.push_str("\n### Replies by the stance of the post they answer\n\n");
    if t.reply_stances.is_empty() {
        out.push_str("No reply answers a post in the file.\n");
    } else {
        out.push_str(&super::tables::reply_stances(&t.reply_stances).markdown());
        out.push_str(
            "\nReplies to a post in the file, by the stance of the post answered: each row's \
             share is of all replies to posts of that stance, and its mean compound has a 95% t \
             interval. A reply's stance comes from its own text or label, as every post's does.\n",
        );
    }
    out
}

/// `threads.md`: the threads and the replies by stance.
#[must_use]
pub fn threads_page(t: &Threads, id_column: &str) -> String {
    format!(
        "# Threads\n\n{}",
        threads_section(t, id_column, THREADS_ON_PAGE)
    )
}

/// The targets section: the method and its limits, the chart and the table.
fn targets_section(t: &Targets, threshold: f64) -> String {
    let names: Vec<String> = t
        .targets
        .iter()
        .map(|x| {
            format!(
                "{} ({})",
                for_markdown_cell(&x.name, 40),
                x.aliases
                    .iter()
                    .map(|a| format!("`{}`", a.replace('`', "'")))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let mut out = format!(
        "Targets and their aliases: {}. Each sentence of a post that mentions an alias (whole \
         words, any case; `@` handles and `#` hashtags of it too) is scored by VADER on its own; \
         the table gives per target and stance the sentences, the posts they come from, their \
         mean compound with a 95% t interval, and their shares positive (compound >= \
         {threshold}), neutral and negative. Limits: a sentence that mentions two targets counts \
         for both ({} such {} here), with one score for the whole sentence, so this is not \
         aspect-based sentiment; sentences that refer to a target without naming it (\"she\", \
         \"him\") are not counted.\n\n",
        names.join("; "),
        t.shared_sentences,
        if t.shared_sentences == 1 {
            "sentence"
        } else {
            "sentences"
        },
    );
    if t.rows.is_empty() {
        out.push_str("No sentence mentions any target.\n");
    } else {
        out.push_str(
            "![Sentiment of the sentences that mention each target, per stance](targets.png)\n\n",
        );
        out.push_str(&super::tables::targets(&t.rows).markdown());
        let unnamed: Vec<String> = t
            .unnamed()
            .map(|x| for_markdown_cell(&x.name, 40))
            .collect();
        if !unnamed.is_empty() {
            out.push_str(&format!(
                "\nNo sentence names {}: {} no row above and no panel in the chart. Check the aliases against the words the posts use.\n",
                unnamed.join(", "),
                if unnamed.len() == 1 { "it has" } else { "they have" }
            ));
        }
    }
    out
}

/// `targets.md`: sentiment toward each target.
#[must_use]
pub fn targets_page(t: &Targets, threshold: f64) -> String {
    format!(
        "# Sentiment toward each target\n\n{}",
        targets_section(t, threshold)
    )
}

/// The sentiment-model section: the model, its cross-validation, and how often it agrees with
/// VADER's class (VADER rows, model columns).
fn sentiment_model_section(m: &SentimentModelFacts) -> String {
    let a = &m.agreement;
    let (posts, agreeing) = (a.posts(), a.agreeing());
    #[allow(clippy::cast_precision_loss)]
    let share = if posts == 0 {
        0.0
    } else {
        agreeing as f64 / posts as f64
    };
    let mut out = format!(
        "Each post's `sentiment` (and every share positive / neutral / negative in this report) \
         comes from the model `{}` (labels {}), trained with `reactions train` on sentiment \
         labels: cross-validated on its {} training posts ({} folds), macro-F1 {:.3}, accuracy \
         {:.3}. `compound`, and every mean, interval and test of it, stays VADER's. \
         `posts.parquet` keeps VADER's class as `vader_sentiment` and the model's probability as \
         `sentiment_confidence`. The model and VADER give the same class to {} of {} ({}).\n\n",
        m.path.replace('`', "'"),
        m.labels.join(", "),
        m.cv.posts,
        m.cv.folds,
        m.cv.macro_f1,
        m.cv.accuracy,
        count(agreeing, "post"),
        posts,
        percent(share),
    );
    out.push_str("| VADER \\ model | positive | neutral | negative |\n|---|--:|--:|--:|\n");
    for (k, name) in ["positive", "neutral", "negative"].iter().enumerate() {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            a.confusion[k][0], a.confusion[k][1], a.confusion[k][2]
        );
    }
    out
}

/// `weighted.md`: means and shares weighted by engagement.
#[must_use]
pub fn weighted_page(weighted: &(Weights, Vec<WeightedRow>)) -> String {
    format!("# Weighted by engagement\n\n{}", weighted_section(weighted))
}

/// `comparisons.md`: the between-stance comparisons with their method.
#[must_use]
pub fn comparisons_page(comparisons: &[Comparison], insight: &InsightConfig) -> String {
    format!(
        "# Sentiment differences between stances\n\n{}\n{}",
        super::tables::comparisons(comparisons).markdown(),
        comparison_method(insight)
    )
}

/// The sentiment-vs-stance diagnostic: how well compound alone separates each pair of stances.
fn diagnostic_section(comparisons: &[Comparison]) -> String {
    let mut out = String::from("## Can sentiment tell the stances apart?\n\n");
    let pairs: Vec<_> = comparisons.iter().filter(|c| c.b != REST).collect();
    if pairs.is_empty() {
        out.push_str("Only one stance: nothing to separate.\n");
        return out;
    }
    out.push_str(
        "| stance a | stance b | AUC of compound | compound separates them |\n|---|---|--:|---|\n",
    );
    let judged = |c: &Comparison| c.n_a.min(c.n_b) >= MIN_POSTS_FOR_VERDICT;
    for c in &pairs {
        let verdict = if judged(c) {
            separation(c.auc).to_owned()
        } else {
            format!("{TOO_FEW} (n = {})", c.n_a.min(c.n_b))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {:.3} | {verdict} |",
            for_markdown_cell(&c.a, 40),
            for_markdown_cell(&c.b, 40),
            c.auc,
        );
    }
    let judged_pairs = pairs.iter().filter(|c| judged(c)).count();
    let weak = pairs
        .iter()
        .filter(|c| judged(c) && matches!(separation(c.auc), "barely" | "weakly"))
        .count();
    let _ = writeln!(
        out,
        "\nAUC = P(compound of a post in a > one in b) + half the ties: 0.5 means sentiment cannot \
         tell the two stances apart, 0 or 1 that it separates them perfectly (|AUC − 0.5| < 0.1 \
         barely, < 0.2 weakly, < 0.3 moderately, else strongly; no verdict with fewer than {} \
         posts on either side).{}",
        MIN_POSTS_FOR_VERDICT,
        if judged_pairs == 0 {
            format!(
                " Every pair has a stance with fewer than {MIN_POSTS_FOR_VERDICT} posts: too few \
                 posts to say whether sentiment tells the stances apart."
            )
        } else if weak > 0 {
            format!(
                " For {weak} of {judged_pairs} pairs with enough posts, sentiment separates the \
                 stances only barely or weakly: **do not read sentiment as stance**; a positive \
                 post is not a supportive one."
            )
        } else {
            String::new()
        }
    );
    out
}

/// `line 4, line 9, ...` for a list of problem rows.
fn first_lines(examples: &[RowProblem]) -> String {
    examples
        .iter()
        .map(|p| format!("line {}", p.line))
        .collect::<Vec<_>>()
        .join(", ")
}

fn skipped_section(report: &IngestReport) -> String {
    let mut out = String::from("## Rows not used\n\n");
    if report.skipped_total() == 0 {
        out.push_str("Every row was used.\n");
    } else {
        let _ = writeln!(
            out,
            "{} of {} {} skipped:\n",
            report.skipped_total(),
            count(report.rows_read, "row"),
            agree(report.skipped_total(), "was", "were")
        );
        for (kind, n) in &report.skipped {
            let _ = writeln!(out, "- {}: {n}", kind.as_str());
        }
        out.push_str("\nFirst examples:\n\n");
        for p in &report.skipped_examples {
            let _ = writeln!(
                out,
                "- line {}: {}",
                p.line,
                for_markdown_cell(&p.reason, 200)
            );
        }
    }
    if report.bad_times > 0 {
        let _ = writeln!(
            out,
            "\n{} {} an empty or unreadable time; they count everywhere except the timeline. First: {}",
            count(report.bad_times, "post"),
            agree(report.bad_times, "has", "have"),
            first_lines(&report.bad_time_examples)
        );
    }
    if !report.header_notes.is_empty() {
        out.push_str("\nNotes on how the input was read:\n\n");
        for note in &report.header_notes {
            let _ = writeln!(out, "- {}", for_markdown_cell(note, 400));
        }
    }
    out
}

/// Cells of the CSV files that a spreadsheet could run as a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormulaCells {
    /// How many (see [`crate::report::formula_risk`]).
    pub count: u64,
    /// Whether `--csv-safe` put a `'` before each in the CSV files.
    pub neutralised: bool,
}

fn formula_section(formulas: FormulaCells) -> String {
    if formulas.count == 0 {
        return String::new();
    }
    let n = formulas.count;
    let cells = if n == 1 { "cell" } else { "cells" };
    let what = format!(
        "\n## CSV files in spreadsheets\n\n{n} {cells} of the CSV files start with `=`, `+`, `-`, `@`, a tab or a carriage return (a post opening with an @mention, say). "
    );
    if formulas.neutralised {
        what + "With `--csv-safe`, each has a `'` in front in the CSV files, so a spreadsheet shows it as text; the Parquet files and this report keep the text exact.\n"
    } else {
        what + "A spreadsheet may read such a cell as a formula and run it. Open the CSV files as text or use the Parquet files, or rerun with `--csv-safe` to put a `'` before each such cell in the CSV files (the Parquet files stay exact).\n"
    }
}

/// `report.md`: tables, embedded charts, methods, limits and the file list.
#[must_use]
pub fn report_page(analysis: &Analysis, files: &[String], formulas: FormulaCells) -> String {
    let (run, t) = (&analysis.run, &analysis.tables);
    let s = &t.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# How people reacted: {}\n",
        for_markdown_cell(&run.input.name, 200)
    );
    let _ = writeln!(
        out,
        "{} analysed ({} read, {} skipped).\n",
        count(run.ingest.rows_used, "post"),
        count(run.ingest.rows_read, "row"),
        run.ingest.skipped_total()
    );
    if let Some(warning) = run.stance.rules_coverage_warning() {
        let _ = writeln!(out, "**{warning}**\n");
    }
    for warning in run.model_warnings() {
        let _ = writeln!(out, "**{}**\n", crate::words::capitalised(&warning));
    }
    let _ = writeln!(out, "{}\n", run.languages.sentence().0);
    if !run.insight.languages.is_empty() {
        let _ = writeln!(
            out,
            "With `--language {}`, {} in other languages {} left out of every table and chart below (they stay in `posts.parquet` with `included` false); posts whose language is unknown are kept.\n",
            run.insight.languages.join(","),
            count(run.other_language, "post"),
            agree(run.other_language, "is", "are")
        );
    }
    let dups = analysis
        .posts
        .flags
        .iter()
        .filter(|f| f.duplicate_of.is_some())
        .count();
    let retweets = analysis.posts.flags.iter().filter(|f| f.retweet).count();
    if dups + retweets > 0 {
        let _ = writeln!(
            out,
            "{} {} an earlier post's text exactly and {retweets} {} \
             (flagged in `posts.parquet`). {}\n",
            count(dups as u64, "post"),
            agree(dups as u64, "repeats", "repeat"),
            agree(retweets as u64, "is a retweet", "are retweets"),
            if run.insight.exclude_duplicates {
                format!(
                    "They are left out of every table and chart below ({}).",
                    count(run.excluded, "post")
                )
            } else {
                "They are counted below; pass --exclude-duplicates to leave them out.".to_owned()
            }
        );
    }
    let largest = s.stances().iter().max_by_key(|r| r.posts);
    if let (Some(top), Some(all)) = (largest, s.overall()) {
        let _ = writeln!(
            out,
            "The largest group is **{}** ({}, {} of all). Across all posts the mean VADER \
             compound is {} (n = {}).\n",
            for_markdown_cell(&top.stance, 40),
            count(top.posts, "post"),
            percent(top.share),
            super::tables::signed3(all.mean_compound),
            all.posts
        );
    }
    out.push_str("## Summary by stance\n\n");
    out.push_str(&summary_markdown(s));
    out.push('\n');
    out.push_str(&method_lines(run));
    if let Some(c) = classifier_section(&run.stance) {
        out.push_str(&c);
    }
    if let Some(m) = &run.sentiment_model {
        out.push_str("\n## Sentiment from a model\n\n");
        out.push_str(&sentiment_model_section(m));
    }
    if let Some(w) = t.weighted.as_ref().map(weighted_section) {
        out.push_str("\n## Weighted by engagement\n\n");
        out.push_str(&w);
    }
    if let Some(targets) = &t.targets {
        let _ = write!(
            out,
            "\n## Sentiment toward each target\n\n{}",
            targets_section(targets, run.sentiment.threshold)
        );
    }
    if let (Some(th), Some(id)) = (&t.threads, run.columns.id) {
        let _ = write!(
            out,
            "\n## Threads\n\n{}",
            threads_section(th, &run.headers[id], THREADS_SHOWN)
        );
    }
    if let Some(g) = &t.groups {
        let _ = write!(
            out,
            "\n## By {}\n\n{}",
            by_columns(g),
            groups_section(g, &run.insight)
        );
    }
    out.push_str("\n## Sentiment share by stance\n\n![Stacked shares of negative, neutral and positive posts per stance](stance_sentiment.png)\n");
    out.push_str("\n## Compound by stance\n\n![Distribution of VADER compound per stance](compound_by_stance.png)\n\nBoxes span the quartiles, whiskers reach the furthest post within 1.5 IQR, dots are posts (2,000 evenly spaced through the sorted values when a stance has more), the red mark is the mean with its 95% t interval.\n");
    out.push_str("\n## How the stances differ in sentiment\n\n");
    if t.comparisons.is_empty() {
        out.push_str("Only one stance: nothing to compare.\n");
    } else {
        out.push_str(&super::tables::comparisons(&t.comparisons).markdown());
        out.push('\n');
        out.push_str(&comparison_method(&run.insight));
    }
    out.push('\n');
    out.push_str(&diagnostic_section(&t.comparisons));
    out.push_str("\n## Words that set the stances apart\n\n![Distinctive terms per stance against the rest](distinctive_terms.png)\n\n");
    out.push_str(&super::tables::terms_markdown(&t.terms, 10));
    out.push('\n');
    out.push_str(&terms_note(&run.insight));
    out.push_str("\n## Does the neutral threshold matter?\n\n![Shares positive and negative per stance as the neutral band widens](threshold_sweep.png)\n\n");
    out.push_str(&sweep_table(&t.sweep, s));
    out.push('\n');
    out.push_str(SWEEP_NOTE);
    out.push_str("\n## Representative posts\n\n");
    out.push_str(&super::tables::examples(&t.examples).markdown());
    out.push('\n');
    out.push_str(EXAMPLES_NOTE);
    out.push_str("\n## Timeline\n\n");
    match &t.timeline {
        Some(t) => {
            let _ = writeln!(
                out,
                "![Posts per {} per stance](timeline.png)\n\nBuckets of {} (UTC), chosen from the time span; the counts are in `timeline.csv`. The lower panel shows the mean compound of each bucket with at least {} posts, with its 95% t interval (`ci95_low`, `ci95_high`); smaller buckets have no mean drawn.{}{}",
                t.bucket.label,
                t.bucket.label,
                super::charts::TIMELINE_MIN_POSTS,
                t.event.map_or_else(String::new, |ev| format!(
                    " The x axis counts hours since the event (`--event-time` {}), marked on the chart when it lies within the span of the posts from them; `hours_since_event` gives them per bucket.",
                    ev.format("%Y-%m-%d %H:%M UTC")
                )),
                if t.undated > 0 {
                    format!(" {} without a readable time {} left out of this chart.", count(t.undated, "post"), agree(t.undated, "is", "are"))
                } else {
                    String::new()
                } + &if t.outlying > 0 {
                    format!(" {} with times far from the rest {} left out too (see the notes below).", count(t.outlying, "post"), agree(t.outlying, "is", "are"))
                } else {
                    String::new()
                }
            );
        }
        None => out.push_str(
            "No timeline: the input has no time column with readable timestamps (pass --time-column NAME).\n",
        ),
    }
    out.push('\n');
    out.push_str(&skipped_section(&run.ingest));
    out.push_str(&formula_section(formulas));
    out.push_str(
        "\n## Limits\n\n\
         - VADER is a lexicon and rule-based scorer tuned on English social-media text. It does not \
         understand sarcasm, irony or context, and its compound saturates towards ±1 on long texts.\n\
         - Sentiment is not stance: a supportive post can be angry and a cautionary one warm. Read \
         stance and sentiment as two separate measurements.\n\
         - Cue rules are a transparent baseline and a classifier is only as good as its \
         cross-validation: check `stance_reason` (and `stance_confidence`) in `posts.csv` before \
         quoting stance shares.\n\
         - Intervals cover sampling error of the mean only, not bias in how posts were collected.\n",
    );
    out.push_str("\n## Files\n\n");
    for f in files {
        let _ = writeln!(out, "- `{f}`");
    }
    out
}

/// The `--json` summary printed for scripts: where the report went, its files, the stance
/// method and the summary rows (CSV column names; shares as fractions).
#[must_use]
pub fn run_summary_json(analysis: &Analysis, dir: &std::path::Path, files: &[String]) -> String {
    let run = &analysis.run;
    let value = json!({
        "report": dir.display().to_string(),
        "files": files,
        "input": run.input.name,
        "posts": run.ingest.rows_used,
        "rows_skipped": run.ingest.skipped_total(),
        "stance_method": stance_method(&analysis.run.stance),
        "sentiment": format!("VADER ({REFERENCE}, computed by {ENGINE})"),
        "interval": "95% Student t interval of the mean",
        "non_english_share": run.languages.non_english_share(),
        "summary": analysis.tables.summary.rows,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// `manifest.json`: what made this report, from what, and what was skipped.
#[must_use]
pub fn manifest(analysis: &Analysis, files: &[String], formulas: FormulaCells) -> String {
    let run = &analysis.run;
    let col = |i: Option<usize>| i.map(|i| run.headers[i].clone());
    let c = &run.columns;
    let r = &run.ingest;
    let skipped: serde_json::Map<String, serde_json::Value> = r
        .skipped
        .iter()
        .map(|(k, n)| (k.as_str().to_owned(), json!(n)))
        .collect();
    let value = json!({
        "tool": "reactions",
        "version": env!("CARGO_PKG_VERSION"),
        "report_format": REPORT_FORMAT,
        "input": {
            "path": run.input.name,
            "bytes": run.input.bytes,
            "sha256": run.input.sha256,
        },
        "columns": {
            "text": col(Some(c.text)),
            "id": col(c.id),
            "author": col(c.author),
            "time": col(c.time),
            "stance": col(c.stance),
            "parent": col(c.parent),
            "likes": col(c.likes),
        },
        "sentiment": {
            "method": "VADER",
            "reference": REFERENCE,
            "engine": ENGINE,
            "positive_threshold": run.sentiment.threshold,
            "negative_threshold": -run.sentiment.threshold,
            "long_posts": match run.sentiment.long_posts {
                LongPosts::Whole => "whole text (reference)",
                LongPosts::SentenceMean => "sentence mean",
            },
        },
        "stance": {
            "method": stance_method(&run.stance),
            "cross_validation": run.stance.cross_validation(),
        },
        "weight": analysis.tables.weighted.as_ref().map(|(w, _)| json!({
            "column": w.column,
            "rule": "1 + value",
            "unreadable_cells": w.unreadable,
        })),
        "sentiment_model": run.sentiment_model.as_ref().map(|m| json!({
            "path": m.path,
            "labels": m.labels,
            "cv_macro_f1": m.cv.macro_f1,
            "cv_accuracy": m.cv.accuracy,
            "posts_compared": m.agreement.posts(),
            "agreeing_with_vader": m.agreement.agreeing(),
        })),
        "threads": analysis.tables.threads.as_ref().map(|t| json!({
            "column": t.column,
            "with_replies": t.rows.len(),
            "missing_parents": t.missing_parents,
            "repeated_ids": t.repeated_ids,
            "alone": t.alone,
        })),
        "targets": analysis.tables.targets.as_ref().map(|t| json!({
            "targets": t.targets.iter().map(|x| json!({"name": x.name, "aliases": x.aliases})).collect::<Vec<_>>(),
            "method": "each sentence mentioning an alias scored alone by VADER",
            "sentences_mentioning_two_or_more": t.shared_sentences,
        })),
        "groups": analysis.tables.groups.as_ref().map(|g| json!({
            "columns": g.columns,
            "distinct": g.distinct,
            "pooled_as_other": g.pooled,
            "comparisons": g.comparisons.len(),
        })),
        "interval": "95% Student t interval of the mean",
        "language": {
            "source": run.languages.source,
            "known": run.languages.known,
            "english": run.languages.english,
            "unknown": run.languages.unknown,
            "non_english_share": run.languages.non_english_share(),
            "by_language": run.languages.by_language.iter().map(|(k, v)| json!({"language": k, "posts": v})).collect::<Vec<_>>(),
        },
        "rows": {
            "read": r.rows_read,
            "used": r.rows_used,
            "skipped": r.skipped_total(),
            "skipped_by_reason": skipped,
            "skipped_examples": r.skipped_examples.iter().map(|p| json!({"line": p.line, "reason": p.reason})).collect::<Vec<_>>(),
            "unreadable_times": r.bad_times,
            "markup_removed": r.markup_cleaned,
            "read_as_windows_1252": r.fallback_rows,
            "header_notes": r.header_notes,
            "exact_duplicates": analysis.posts.flags.iter().filter(|f| f.duplicate_of.is_some()).count(),
            "retweets": analysis.posts.flags.iter().filter(|f| f.retweet).count(),
            "excluded_as_duplicates": run.excluded,
            "excluded_other_language": run.other_language,
        },
        "delimiter": r.delimiter.to_string(),
        "encoding": {
            "name": r.encoding,
            "chosen_by": r.encoding_chosen_by.as_str(),
        },
        "csv": {
            "formula_like_cells": formulas.count,
            "csv_safe": formulas.neutralised,
        },
        "files": files,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_says_which_way_the_confidences_err() {
        // The sample's classifier: confidence 0.704 on average, right 87.5% of the time.
        assert!(calibration_direction(0.704, 0.875).contains("too low (underconfident)"));
        assert!(calibration_direction(0.90, 0.70).contains("too high (overconfident)"));
        assert!(calibration_direction(0.80, 0.81).contains("about right on average"));
        // A model file from before the mean was recorded.
        assert_eq!(calibration_direction(0.0, 0.8), "");
    }

    #[test]
    fn the_learning_curve_says_whether_more_labels_are_likely_to_help() {
        let curve = |last: f64| {
            [(0.25, 0.40), (0.5, 0.45), (0.75, 0.47), (1.0, last)]
                .map(
                    |(share, macro_f1)| crate::stance::classifier::LearningPoint {
                        share,
                        posts: (share * 400.0) as u64,
                        macro_f1,
                    },
                )
                .to_vec()
        };
        let rising = learning_curve_markdown(&curve(0.50), false);
        assert!(rising.contains("| 75% | 300 | 0.470 |"), "{rising}");
        assert!(rising.contains("(+0.030 from 75% to 100%): more labels are likely to help"));
        assert!(learning_curve_markdown(&curve(0.48), false).contains("rising slowly"));
        assert!(learning_curve_markdown(&curve(0.471), false).contains("changed little"));
        assert!(learning_curve_markdown(&curve(0.46), false).contains("(-0.010 from 75% to 100%)"));
        assert_eq!(learning_curve_markdown(&curve(0.5)[..1], true), "");
    }
    use crate::aggregate::compare::compare_stances;

    /// Comparisons of two groups of compound values, computed by the real code.
    fn compare(a: &[f64], b: &[f64]) -> Vec<Comparison> {
        let groups = vec![
            ("supportive".to_owned(), a.to_vec()),
            ("cautionary".to_owned(), b.to_vec()),
        ];
        compare_stances(&groups, 200, 1)
    }

    #[test]
    fn diagnostic_gives_no_verdict_on_a_stance_of_one_post() {
        // Issue 18: "sentiment separates the stances strongly" was said of a cautionary group
        // of one post. Twelve positive posts against one negative: every pair has a > b, so
        // U = 12 and AUC = 12 / (12 * 1) = 1.
        let comparisons = compare(&[0.5; 12], &[-0.5]);
        assert_eq!(comparisons[0].auc, 1.0);
        assert_eq!(comparisons[0].size, TOO_FEW);
        let page = diagnostic_section(&comparisons);
        assert!(page.contains("| supportive | cautionary | 1.000 | too few posts (n = 1) |"));
        assert!(!page.contains("| strongly |"), "{page}");
        assert!(page.contains("Every pair has a stance with fewer than 20 posts"));
        assert!(!page.contains("do not read sentiment as stance"));
    }

    #[test]
    fn diagnostic_warns_when_sentiment_barely_separates_enough_posts() {
        // The same twenty values on both sides: by symmetry U = 400 / 2 and AUC = 0.5.
        let values: Vec<f64> = (0..20).map(|i| f64::from(i) / 20.0).collect();
        let comparisons = compare(&values, &values);
        assert_eq!(comparisons[0].auc, 0.5);
        let page = diagnostic_section(&comparisons);
        assert!(page.contains("| 0.500 | barely |"), "{page}");
        assert!(page.contains("For 1 of 1 pairs with enough posts"));
        assert!(page.contains("**do not read sentiment as stance**"));
    }

    #[test]
    fn one_stance_has_nothing_to_separate() {
        assert_eq!(
            diagnostic_section(&[]),
            "## Can sentiment tell the stances apart?\n\nOnly one stance: nothing to separate.\n"
        );
    }

    #[test]
    fn formula_section_counts_cells_and_says_what_csv_safe_did() {
        let none = FormulaCells {
            count: 0,
            neutralised: false,
        };
        assert_eq!(formula_section(none), "");
        let one = formula_section(FormulaCells {
            count: 1,
            neutralised: false,
        });
        assert!(one.contains("1 cell of the CSV files"), "{one}");
        assert!(one.contains("rerun with `--csv-safe`"));
        let safe = formula_section(FormulaCells {
            count: 3,
            neutralised: true,
        });
        assert!(safe.contains("3 cells of the CSV files"));
        assert!(safe.contains("With `--csv-safe`, each has a `'` in front"));
    }

    #[test]
    fn skipped_section_lists_reasons_examples_and_notes() {
        let clean = IngestReport::default();
        assert_eq!(
            skipped_section(&clean),
            "## Rows not used\n\nEvery row was used.\n"
        );
        let mut report = IngestReport {
            rows_read: 10,
            bad_times: 2,
            bad_time_examples: vec![
                RowProblem {
                    line: 3,
                    reason: String::new(),
                },
                RowProblem {
                    line: 7,
                    reason: String::new(),
                },
            ],
            header_notes: vec!["read as windows-1252".to_owned()],
            ..IngestReport::default()
        };
        report.skipped.insert(crate::ingest::SkipKind::EmptyText, 1);
        report.skipped_examples.push(RowProblem {
            line: 5,
            reason: "the text is empty".to_owned(),
        });
        let page = skipped_section(&report);
        assert!(page.contains("1 of 10 rows was skipped:"), "{page}");
        assert!(page.contains("- empty text: 1"), "{page}");
        assert!(page.contains("- line 5: the text is empty"));
        assert!(page.contains("2 posts have an empty or unreadable time"));
        assert!(page.contains("First: line 3, line 7"));
        assert!(page.contains("- read as windows-1252"));
    }

    #[test]
    fn weighted_section_names_the_column_and_the_unreadable_cells() {
        let weights = Weights {
            column: "likes".to_owned(),
            values: vec![1.0, 3.0],
            unreadable: 1,
            unreadable_examples: vec![RowProblem {
                line: 4,
                reason: String::new(),
            }],
        };
        let page = weighted_page(&(weights, Vec::new()));
        assert!(page.starts_with("# Weighted by engagement\n\n| stance | posts |"));
        assert!(page.contains("1 + its value in column 'likes'"));
        assert!(page.contains("1 cell was empty or not a count and was read as 0 (first: line 4)."));
    }

    #[test]
    fn comparison_method_states_resamples_seed_and_the_verdict_floor() {
        let insight = InsightConfig {
            resamples: 500,
            seed: 9,
            ..InsightConfig::default()
        };
        let text = comparison_method(&insight);
        assert!(text.contains("(500 resamples, seed 9;"), "{text}");
        assert!(
            text.contains("with fewer than 20 posts on either side, `size` says \"too few posts\"")
        );
    }

    #[test]
    fn percentages_never_show_a_negative_zero() {
        assert_eq!(super::super::tables::percent(-0.0), "0.0%");
        assert_eq!(super::super::tables::percent(0.5), "50.0%");
    }
}
