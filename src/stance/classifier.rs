//! The trained stance classifier: multinomial logistic regression over TF-IDF word 1-2 grams and
//! character 2-5 grams ([`features`](super::features)), with a class weighting
//! ([`ClassWeighting`]) and an L2 penalty C chosen together by stratified k-fold
//! cross-validation (macro-F1).
//!
//! The objective is scikit-learn's `LogisticRegression` (multinomial, with `class_weight`)
//! divided by C·n: mean weighted cross-entropy plus ‖W‖² / (2·C·n) (the intercepts are not
//! penalised). It is minimised with our L-BFGS ([`lbfgs`](super::lbfgs)), one pass over the
//! sparse rows per step giving the loss and its gradient. Each fit runs on one thread; the
//! cross-validation runs its folds x weightings in parallel, so a model is the same whatever the
//! thread count.
//!
//! Models are saved as versioned JSON ([`MODEL_FORMAT`], [`MODEL_VERSION`]).

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::features::{Corpus, SparseRow, Vectorizer};
use super::lbfgs;
use crate::error::{Error, Result};
use crate::metrics::{ClassMetrics, Confusion};

pub use crate::config::TrainOptions;

/// The `format` field of a model file.
pub const MODEL_FORMAT: &str = "reactions-stance-model";
/// The model file version this build reads and writes (2: character grams of whole chunks,
/// punctuation included, and per-block normalisation; version 1 models would read wrong).
pub const MODEL_VERSION: u32 = 2;
/// Regularisation strengths tried by cross-validation, in increasing order (the warm-start
/// path).
pub const C_GRID: [f64; 4] = [0.5, 2.0, 8.0, 32.0];
/// Largest vocabulary kept (most frequent features first).
pub const MAX_FEATURES: usize = 200_000;
/// L-BFGS's gradient tolerance for the final fit: scikit-learn's default `tol`.
const FINAL_TOLERANCE: f64 = 1e-4;
/// Its tolerance for the cross-validation and learning-curve fits, which only rank settings and
/// estimate macro-F1: on RumourEval 2017 the chosen setting and its out-of-fold figures were the
/// same as with 1e-4, in about half the time (1e-3 moved macro-F1 by 0.008); on the 184 posts of
/// the sample the choice and headline figures were the same, and other settings' macro-F1 moved
/// by up to 0.011 (BENCHMARKS.md).
const CV_TOLERANCE: f64 = 3e-4;
/// L-BFGS iteration limit per fit.
const MAX_ITERS: usize = 500;

/// How a model was cross-validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    /// Number of folds (stratified by label).
    pub folds: usize,
    /// Labelled posts trained on (a stratified sample of `labelled_posts` when fewer).
    pub posts: u64,
    /// Labelled posts given.
    pub labelled_posts: u64,
    /// The chosen C.
    pub c: f64,
    /// The chosen class weighting.
    pub class_weighting: ClassWeighting,
    /// Macro-F1 of the pooled out-of-fold predictions for each setting tried.
    pub candidates: Vec<Candidate>,
    /// Expected calibration error of the out-of-fold probabilities at the chosen setting: the
    /// mean gap between confidence and accuracy over ten equal-width confidence bins, weighted
    /// by posts (0: a confidence of 0.8 is right 80% of the time).
    pub calibration_error: f64,
    /// Mean out-of-fold `stance_confidence` at the chosen setting; against `accuracy` it tells
    /// the direction of the calibration error (above: overconfident). Absent (0) in model
    /// files written before it was recorded.
    #[serde(default)]
    pub mean_confidence: f64,
    /// Cross-validated macro-F1 with a share of the labels, the last point all of them.
    pub learning_curve: Vec<LearningPoint>,
    /// Accuracy of the pooled out-of-fold predictions at the chosen C.
    pub accuracy: f64,
    /// Macro-F1 of the pooled out-of-fold predictions at the chosen C.
    pub macro_f1: f64,
    /// Per-class precision, recall and F1 at the chosen C.
    pub per_class: Vec<ClassMetrics>,
    /// Confusion matrix (gold rows, predicted columns) at the chosen C.
    pub confusion: Confusion,
}

/// A model whose cross-validated macro-F1 is less than this above chance gets a warning.
pub const CHANCE_MARGIN: f64 = 0.05;

impl CrossValidation {
    /// The macro-F1 of guessing each label in proportion to the labels' shares, ignoring the
    /// text: each class's precision and recall are then its share, so its F1 is its share, and
    /// their mean is 1 / classes.
    #[must_use]
    pub fn chance_macro_f1(&self) -> f64 {
        1.0 / self.per_class.len().max(1) as f64
    }

    /// A warning when the model is little better than guessing: its cross-validated macro-F1
    /// is less than [`CHANCE_MARGIN`] above [`Self::chance_macro_f1`]. `what` names the model
    /// (`stance`, `sentiment`, `new`).
    #[must_use]
    pub fn chance_warning(&self, what: &str) -> Option<String> {
        let chance = self.chance_macro_f1();
        (self.per_class.len() >= 2 && self.macro_f1 < chance + CHANCE_MARGIN).then(|| {
            format!(
                "the {what} model's cross-validated macro-F1 is {:.3}, within {CHANCE_MARGIN} of the {chance:.3} that guessing its {} labels in proportion gets: it is little better than chance, so the labels it gives, and the tables built on them, say little. Check that the labels follow the text, or label more posts.",
                self.macro_f1,
                self.per_class.len()
            )
        })
    }
}

/// Cross-validated macro-F1 when training on a share of the labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearningPoint {
    /// The share of each fold's training posts used (a stratified sample).
    pub share: f64,
    /// Labelled posts at that share (all folds' training and held-out posts together).
    pub posts: u64,
    /// Macro-F1 of the pooled out-of-fold predictions, on every held-out post.
    pub macro_f1: f64,
}

/// One setting tried by cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Its class weighting.
    pub class_weighting: ClassWeighting,
    /// Its C.
    pub c: f64,
    /// Macro-F1 of its pooled out-of-fold predictions.
    pub macro_f1: f64,
}

/// The method, in words, as model files and reports state it.
pub const METHOD: &str = "multinomial logistic regression (L2, L-BFGS) over TF-IDF word 1-2 grams \
     and character 2-5 grams, each block of unit length; the class weighting (balanced, \
     square-root or none) and C chosen together by stratified k-fold cross-validation on \
     macro-F1";

/// How L-BFGS ended on a fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// Iterations done.
    pub iterations: usize,
    /// Whether it converged (false: it stopped at the iteration limit or could not go on).
    pub converged: bool,
}

/// A trained stance model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceModel {
    /// Always `reactions-stance-model`.
    pub format: String,
    /// The model file version (1 for models this build writes).
    pub format_version: u32,
    /// The program that wrote it, e.g. `reactions 0.1.0`.
    pub created_by: String,
    /// A sentence on what the numbers mean.
    pub method: String,
    /// Class labels, in weight-row order.
    pub labels: Vec<String>,
    /// Cross-validation of the training procedure on the training data.
    pub cross_validation: CrossValidation,
    /// The class weights used (see `ClassWeighting`).
    pub class_weights: Vec<f64>,
    /// Feature vocabulary and idf.
    pub vectorizer: Vectorizer,
    /// How the optimiser ended on the final fit.
    pub final_fit: FitReport,
    /// One weight row per label, one weight per feature.
    pub weights: Vec<Vec<f64>>,
    /// One intercept per label.
    pub bias: Vec<f64>,
    /// What prediction reads of each feature, side by side; built from the fields above at the
    /// first prediction (change `weights` or `vectorizer` only before predicting).
    #[serde(skip)]
    table: PredictTable,
}

/// Per feature, its idf (negated for the character block) and then one weight per class, in
/// one run of memory: a prediction touches one place per feature of the post instead of the
/// idf, the block flag and each class's weight row apart (on a 200,000-feature model those are
/// cache misses, and they were most of predict's time).
#[derive(Default)]
struct PredictTable(std::sync::OnceLock<Vec<f64>>);

impl PredictTable {
    fn get(&self, model: &StanceModel) -> &[f64] {
        self.0.get_or_init(|| {
            let v = &model.vectorizer;
            let mut rows = Vec::with_capacity(v.len() * (model.weights.len() + 1));
            for (j, (&idf, &is_char)) in v.idf.iter().zip(v.char_block()).enumerate() {
                rows.push(if is_char { -idf } else { idf });
                rows.extend(model.weights.iter().map(|w| w[j]));
            }
            rows
        })
    }
}

/// A cache: every table of the same model is the same.
impl PartialEq for PredictTable {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A clone builds its own table when it first predicts.
impl Clone for PredictTable {
    fn clone(&self) -> Self {
        PredictTable::default()
    }
}

impl std::fmt::Debug for PredictTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PredictTable")
    }
}

/// Buffers one thread reuses across predictions.
#[derive(Default)]
struct PredictScratch {
    keys: Vec<u64>,
    hits: Vec<u32>,
    spare: Vec<u32>,
    row: Vec<(u32, f64)>,
}

/// Sort `v` (values below `bound`) by least-significant-byte radix passes through `spare`: a
/// post's few hundred columns sort in a few linear passes, where a comparison sort spent a
/// fifth of a prediction. Short inputs use the comparison sort.
fn sort_columns(v: &mut Vec<u32>, spare: &mut Vec<u32>, bound: usize) {
    if v.len() < 64 {
        v.sort_unstable();
        return;
    }
    // Columns are u32, so at most four passes.
    let bits = (usize::BITS - bound.leading_zeros()).min(u32::BITS);
    spare.clear();
    spare.resize(v.len(), 0);
    let mut shift = 0;
    while shift < bits {
        let mut counts = [0usize; 257];
        for &x in v.iter() {
            counts[((x >> shift) & 0xff) as usize + 1] += 1;
        }
        for b in 1..257 {
            counts[b] += counts[b - 1];
        }
        for &x in v.iter() {
            let b = ((x >> shift) & 0xff) as usize;
            spare[counts[b]] = x;
            counts[b] += 1;
        }
        std::mem::swap(v, spare);
        shift += 8;
    }
}

thread_local! {
    static PREDICT_SCRATCH: std::cell::RefCell<PredictScratch> =
        std::cell::RefCell::new(PredictScratch::default());
}

/// A predicted label and the model's probability for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The label with the highest probability.
    pub label: String,
    /// Its probability.
    pub confidence: f64,
}

/// The fitted parameters of one logistic regression, as the optimiser holds them: feature
/// by feature, one weight per class each (`p[j·k + c]`), then the k intercepts.
struct Fit {
    p: Vec<f64>,
    classes: usize,
    iterations: usize,
    converged: bool,
}

/// `z = intercepts + W·row` for parameters `p` laid out as in [`Fit`], with `k` classes.
fn scores_into(p: &[f64], k: usize, row: &SparseRow, z: &mut [f64]) {
    let d = p.len() / k - 1;
    z.copy_from_slice(&p[k * d..]);
    for &(j, x) in row {
        let w = &p[j as usize * k..(j as usize + 1) * k];
        for (zc, wc) in z.iter_mut().zip(w) {
            *zc += wc * x;
        }
    }
}

impl Fit {
    /// The class with the highest score for `row`, and its probability.
    fn predict(&self, row: &SparseRow) -> (usize, f64) {
        let k = self.classes;
        let mut z = vec![0.0; k];
        scores_into(&self.p, k, row, &mut z);
        softmax(&mut z);
        let best = argmax(&z);
        (best, z[best])
    }

    /// One weight row per class and the intercepts, as model files hold them.
    fn into_rows(self) -> (Vec<Vec<f64>>, Vec<f64>) {
        let k = self.classes;
        let d = self.p.len() / k - 1;
        let weights = (0..k)
            .map(|c| (0..d).map(|j| self.p[j * k + c]).collect())
            .collect();
        (weights, self.p[k * d..].to_vec())
    }
}

/// One linear score per class: `bias + w · row`.
#[cfg(test)]
fn linear_scores(weights: &[Vec<f64>], bias: &[f64], row: &SparseRow) -> Vec<f64> {
    weights
        .iter()
        .zip(bias)
        .map(|(w, b)| b + row.iter().map(|&(j, x)| w[j as usize] * x).sum::<f64>())
        .collect()
}

fn softmax(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// The training objective over fixed rows.
struct Objective<'a> {
    rows: &'a [SparseRow],
    y: &'a [usize],
    row_weight: Vec<f64>,
    classes: usize,
    features: usize,
    c: f64,
}

impl Objective<'_> {
    /// The loss at `p` (laid out as in [`Fit`]), with its gradient written to `grad`. One
    /// thread: cross-validation runs its folds in parallel instead.
    fn evaluate_into(&self, p: &[f64], grad: &mut [f64]) -> f64 {
        let (k, d) = (self.classes, self.features);
        let n = self.rows.len() as f64;
        grad.iter_mut().for_each(|v| *v = 0.0);
        let mut z = vec![0.0; k];
        let mut loss = 0.0;
        for (i, row) in self.rows.iter().enumerate() {
            scores_into(p, k, row, &mut z);
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lse = max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
            let w = self.row_weight[i];
            loss += w * (lse - z[self.y[i]]);
            // z becomes the derivative of the row's loss by its scores.
            for (c, zc) in z.iter_mut().enumerate() {
                let target = if c == self.y[i] { 1.0 } else { 0.0 };
                *zc = w * ((*zc - lse).exp() - target) / n;
            }
            for &(j, x) in row {
                let g = &mut grad[j as usize * k..(j as usize + 1) * k];
                for (gc, zc) in g.iter_mut().zip(&z) {
                    *gc += zc * x;
                }
            }
            for (gc, zc) in grad[k * d..].iter_mut().zip(&z) {
                *gc += zc;
            }
        }
        let penalty = 1.0 / (self.c * n);
        let w2 = lbfgs::dot(&p[..k * d], &p[..k * d]);
        for (gi, pi) in grad[..k * d].iter_mut().zip(&p[..k * d]) {
            *gi += penalty * pi;
        }
        loss / n + 0.5 * penalty * w2
    }
}

/// How the rows of each class are weighted in the loss; chosen by cross-validation. Every
/// weighting keeps the mean row weight at 1, so C means the same under each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClassWeighting {
    /// n / (classes · class count), scikit-learn's `class_weight="balanced"`: every class
    /// counts as much as the others, which favours recall on rare classes.
    Balanced,
    /// Proportional to 1 / √(class count): half-way between balanced and none.
    SquareRoot,
    /// Every row 1: the classes count by their size, which favours accuracy.
    None,
}

impl ClassWeighting {
    /// The weightings tried by cross-validation, in order of preference on a tie.
    pub const ALL: [ClassWeighting; 3] = [Self::Balanced, Self::SquareRoot, Self::None];

    /// Its name in model files and reports.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Balanced => "balanced",
            Self::SquareRoot => "square-root",
            Self::None => "none",
        }
    }

    /// The weight of each class for labels `y`.
    #[must_use]
    pub fn weights(self, y: &[usize], classes: usize) -> Vec<f64> {
        let mut counts = vec![0usize; classes];
        for &c in y {
            counts[c] += 1;
        }
        let n = y.len() as f64;
        let per_class = |f: &dyn Fn(f64) -> f64| -> Vec<f64> {
            let total: f64 = counts
                .iter()
                .filter(|&&m| m > 0)
                .map(|&m| m as f64 / f(m as f64))
                .sum();
            counts
                .iter()
                .map(|&m| {
                    if m == 0 {
                        0.0
                    } else {
                        n / (f(m as f64) * total)
                    }
                })
                .collect()
        };
        match self {
            // n / (classes · m): Σ over classes of m / m = classes present.
            Self::Balanced => per_class(&|m| m),
            Self::SquareRoot => per_class(&f64::sqrt),
            Self::None => counts.iter().map(|_| 1.0).collect(),
        }
    }
}

/// Fit a logistic regression with `c` and `weighting`, from `start` (a fit at another C, for
/// a warm start along the C path) or from zero.
fn fit(
    rows: &[SparseRow],
    y: &[usize],
    shape: (usize, usize),
    c: f64,
    weighting: ClassWeighting,
    start: Option<&Fit>,
    tolerance: f64,
) -> Result<Fit> {
    let (classes, features) = shape;
    let class_weight = weighting.weights(y, classes);
    let problem = Objective {
        rows,
        y,
        row_weight: y.iter().map(|&c| class_weight[c]).collect(),
        classes,
        features,
        c,
    };
    let init = match start {
        Some(f) => f.p.clone(),
        None => vec![0.0; classes * features + classes],
    };
    let objective = |p: &[f64], g: &mut [f64]| problem.evaluate_into(p, g);
    let settings = lbfgs::Settings {
        max_iters: MAX_ITERS,
        gradient_tolerance: tolerance,
        ..lbfgs::Settings::default()
    };
    let out = lbfgs::minimise(&objective, init, settings);
    if !out.value.is_finite() {
        return Err(Error::Training(
            "training failed: the loss is not a number".into(),
        ));
    }
    Ok(Fit {
        p: out.x,
        classes,
        iterations: out.iters,
        converged: out.stop == lbfgs::Stop::Converged,
    })
}

/// Minimum number of labelled posts per class for training.
pub const MIN_PER_CLASS: usize = 2;

/// Label indices of `labels` over the sorted distinct label set.
fn encode(labels: &[String]) -> (Vec<String>, Vec<usize>) {
    let mut set: Vec<String> = labels.to_vec();
    set.sort();
    set.dedup();
    let y = labels
        .iter()
        .map(|l| set.binary_search(l).unwrap_or(0))
        .collect();
    (set, y)
}

/// Stratified fold of each item: each class's items, shuffled by `seed`, dealt round-robin.
fn stratified_folds(y: &[usize], classes: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut rng = crate::rng::SplitMix64::new(seed);
    let mut fold = vec![0; y.len()];
    let mut next = 0;
    for class in 0..classes {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        rng.shuffle(&mut members);
        for m in members {
            fold[m] = next % folds;
            next += 1;
        }
    }
    fold
}

/// A stratified sample of about `cap` of the items (sorted): each class keeps its share,
/// rounded, and at least [`MIN_PER_CLASS`] (or all it has), members drawn by `seed`.
fn stratified_sample(y: &[usize], classes: usize, cap: usize, seed: u64) -> Vec<usize> {
    let mut rng = crate::rng::SplitMix64::new(seed);
    let mut kept = Vec::with_capacity(cap);
    for class in 0..classes {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        let share = (members.len() as f64 * cap as f64 / y.len() as f64).round() as usize;
        let take = share.max(MIN_PER_CLASS).min(members.len());
        rng.sample_to_front(&mut members, take);
        kept.extend_from_slice(&members[..take]);
    }
    kept.sort_unstable();
    kept
}

fn min_df(n: usize) -> usize {
    if n >= 200 {
        2
    } else {
        1
    }
}

/// Every setting tried by cross-validation: each weighting along the C path.
fn settings() -> Vec<(ClassWeighting, f64)> {
    ClassWeighting::ALL
        .iter()
        .flat_map(|&w| C_GRID.iter().map(move |&c| (w, c)))
        .collect()
}

/// One cross-validation fold: its training rows under a vocabulary fitted on them, and its
/// held-out posts' rows under the same vocabulary.
struct FoldData {
    rows: Vec<SparseRow>,
    y: Vec<usize>,
    features: usize,
    test: Vec<usize>,
    test_rows: Vec<SparseRow>,
}

impl FoldData {
    fn new(corpus: &Corpus, y: &[usize], fold: &[usize], f: usize) -> Self {
        let train: Vec<usize> = (0..y.len()).filter(|&i| fold[i] != f).collect();
        let test: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == f).collect();
        Self::from_indices(corpus, y, &train, test)
    }

    /// Train on the posts `train`, hold out `test`.
    fn from_indices(corpus: &Corpus, y: &[usize], train: &[usize], test: Vec<usize>) -> Self {
        let vocab = corpus.vocabulary(train, min_df(train.len()), MAX_FEATURES);
        FoldData {
            rows: train.iter().map(|&i| vocab.row(corpus, i)).collect(),
            y: train.iter().map(|&i| y[i]).collect(),
            features: vocab.features(),
            test_rows: test.iter().map(|&i| vocab.row(corpus, i)).collect(),
            test,
        }
    }

    /// The predicted label of each held-out post, with its probability, at each C of the path,
    /// for one weighting.
    /// C values run in increasing order, each fit starting from the previous one.
    fn predict_path(
        &self,
        classes: usize,
        weighting: ClassWeighting,
    ) -> Result<Vec<Vec<(usize, f64)>>> {
        let mut previous: Option<Fit> = None;
        let mut out = Vec::with_capacity(C_GRID.len());
        for c in C_GRID {
            let model = fit(
                &self.rows,
                &self.y,
                (classes, self.features),
                c,
                weighting,
                previous.as_ref(),
                CV_TOLERANCE,
            )?;
            out.push(
                self.test_rows
                    .iter()
                    .map(|row| model.predict(row))
                    .collect(),
            );
            previous = Some(model);
        }
        Ok(out)
    }
}

/// Expected calibration error of predictions `(label, probability)` against gold `y`, over ten
/// equal-width probability bins (Guo et al. 2017).
fn expected_calibration_error(y: &[usize], pred: &[(usize, f64)]) -> f64 {
    let mut bins = [(0usize, 0.0f64, 0.0f64); 10];
    for (&gold, &(label, p)) in y.iter().zip(pred) {
        let b = ((p * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += p;
        bins[b].2 += f64::from(u8::from(gold == label));
    }
    let n = y.len().max(1) as f64;
    bins.iter()
        .filter(|b| b.0 > 0)
        .map(|&(m, conf, right)| (m as f64 / n) * ((right - conf) / m as f64).abs())
        .sum()
}

/// Shares of the labels the learning curve trains on, besides all of them.
pub const LEARNING_SHARES: [f64; 3] = [0.25, 0.5, 0.75];

/// Macro-F1 of the pooled out-of-fold predictions at `setting` when each fold trains on a
/// stratified sample of its training posts, for each of [`LEARNING_SHARES`]. The held-out
/// posts are the same as in the full cross-validation.
fn learning_curve(
    corpus: &Corpus,
    y: &[usize],
    classes: usize,
    fold: &[usize],
    folds: usize,
    (weighting, c): (ClassWeighting, f64),
    seed: u64,
) -> Result<Vec<LearningPoint>> {
    let tasks: Vec<(usize, usize)> = (0..LEARNING_SHARES.len())
        .flat_map(|s| (0..folds).map(move |f| (s, f)))
        .collect();
    // (share, held-out posts, their predicted labels) per task.
    type Task = Result<(usize, Vec<usize>, Vec<usize>)>;
    let results: Vec<Task> = tasks
        .into_par_iter()
        .map(|(s, f)| {
            let train: Vec<usize> = (0..y.len()).filter(|&i| fold[i] != f).collect();
            let test: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == f).collect();
            let train_y: Vec<usize> = train.iter().map(|&i| y[i]).collect();
            let cap = (train.len() as f64 * LEARNING_SHARES[s]).round() as usize;
            let kept: Vec<usize> = stratified_sample(&train_y, classes, cap, seed)
                .into_iter()
                .map(|i| train[i])
                .collect();
            let data = FoldData::from_indices(corpus, y, &kept, test);
            let model = fit(
                &data.rows,
                &data.y,
                (classes, data.features),
                c,
                weighting,
                None,
                CV_TOLERANCE,
            )?;
            let labels = data.test_rows.iter().map(|r| model.predict(r).0).collect();
            Ok((s, data.test, labels))
        })
        .collect();
    let mut pred = vec![vec![0; y.len()]; LEARNING_SHARES.len()];
    for result in results {
        let (s, test, labels) = result?;
        for (i, label) in test.into_iter().zip(labels) {
            pred[s][i] = label;
        }
    }
    let names: Vec<String> = (0..classes).map(|c| c.to_string()).collect();
    Ok(LEARNING_SHARES
        .iter()
        .zip(pred)
        .map(|(&share, p)| LearningPoint {
            share,
            posts: (y.len() as f64 * share).round() as u64,
            macro_f1: Confusion::new(
                &names,
                y.iter()
                    .zip(&p)
                    .map(|(&g, &q)| (names[g].as_str(), names[q].as_str())),
            )
            .macro_f1(),
        })
        .collect())
}

/// Out-of-fold predictions for every setting of [`settings`] (`[setting][post]`). Each fold x
/// weighting is one task and the tasks run in parallel (more tasks than cores, so no core
/// idles at the end); `progress` hears each finished task with an estimate of the time left.
fn cross_predict(
    corpus: &Corpus,
    y: &[usize],
    classes: usize,
    fold: &[usize],
    folds: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Vec<(usize, f64)>>> {
    let started = std::time::Instant::now();
    let data: Vec<FoldData> = (0..folds)
        .into_par_iter()
        .map(|f| FoldData::new(corpus, y, fold, f))
        .collect();
    let tasks: Vec<(usize, usize)> = (0..folds)
        .flat_map(|f| (0..ClassWeighting::ALL.len()).map(move |w| (f, w)))
        .collect();
    let total = tasks.len();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let results = std::thread::scope(|scope| {
        let data = &data;
        let work = scope.spawn(move || {
            tasks
                .into_par_iter()
                .map(|(f, w)| {
                    let r = data[f].predict_path(classes, ClassWeighting::ALL[w]);
                    let _ = done_tx.send(());
                    r.map(|labels| (f, w, labels))
                })
                .collect::<Vec<_>>()
        });
        let mut done = 0;
        while done_rx.recv().is_ok() {
            done += 1;
            let elapsed = started.elapsed().as_secs_f64();
            let left = elapsed / done as f64 * (total - done) as f64;
            progress(&format!(
                "cross-validation: {done} of {total} fits of a C path done ({folds} folds x {} class weightings; {elapsed:.0} s{})",
                ClassWeighting::ALL.len(),
                if done < total {
                    format!(", about {left:.0} s left")
                } else {
                    String::new()
                }
            ));
        }
        work.join()
    });
    let results =
        results.map_err(|_| Error::Training("training failed: a fold panicked".into()))?;
    let mut pred = vec![vec![(0, 0.0); y.len()]; settings().len()];
    for result in results {
        let (f, w, labels) = result?;
        for (ci, predicted) in labels.into_iter().enumerate() {
            let setting = w * C_GRID.len() + ci;
            for (&i, label) in data[f].test.iter().zip(predicted) {
                pred[setting][i] = label;
            }
        }
    }
    Ok(pred)
}

fn argmax(z: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in z.iter().enumerate() {
        if *v > z[best] {
            best = i;
        }
    }
    best
}

/// Train on `texts` with gold `labels`: choose C by stratified k-fold cross-validation
/// (macro-F1; ties go to the smaller C), then fit on everything.
///
/// `progress` is called with a short description before each fit.
///
/// # Errors
/// [`Error::Training`] when there are fewer than two labels or a label has fewer than
/// [`MIN_PER_CLASS`] posts (the data cannot train a model), or when the optimiser fails.
pub fn train(
    texts: &[&str],
    labels: &[String],
    options: TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<StanceModel> {
    let (set, y) = encode(labels);
    if set.len() < 2 {
        return Err(Error::Training(format!(
            "training needs at least two different labels; found {}",
            if set.is_empty() {
                "none".to_owned()
            } else {
                format!("only \"{}\"", set[0])
            }
        )));
    }
    let mut counts = vec![0usize; set.len()];
    for &c in &y {
        counts[c] += 1;
    }
    let smallest = counts.iter().copied().min().unwrap_or(0);
    if smallest < MIN_PER_CLASS {
        let rare: Vec<String> = set
            .iter()
            .zip(&counts)
            .filter(|(_, &n)| n < MIN_PER_CLASS)
            .map(|(l, n)| format!("\"{l}\" ({n})"))
            .collect();
        return Err(Error::Training(format!(
            "every label needs at least {MIN_PER_CLASS} labelled posts for cross-validation; too few: {}; label more posts or merge labels",
            rare.join(", ")
        )));
    }
    let labelled_posts = texts.len() as u64;
    let kept: Vec<usize> = match options.max_posts {
        Some(cap) if cap < texts.len() => {
            let kept = stratified_sample(&y, set.len(), cap, options.seed);
            progress(&format!(
                "training on a stratified sample of {} of the {} labelled posts",
                kept.len(),
                texts.len()
            ));
            kept
        }
        _ => (0..texts.len()).collect(),
    };
    let texts: Vec<&str> = kept.iter().map(|&i| texts[i]).collect();
    let texts = texts.as_slice();
    let y: Vec<usize> = kept.iter().map(|&i| y[i]).collect();
    let smallest = (0..set.len())
        .map(|c| y.iter().filter(|&&l| l == c).count())
        .min()
        .unwrap_or(0);
    let folds = options.folds.clamp(2, smallest.max(2));
    let fold = stratified_folds(&y, set.len(), folds, options.seed);
    let corpus = Corpus::new(texts);
    let grid = settings();
    progress(&format!(
        "cross-validating {} settings ({} class weightings x {} values of C) on {folds} folds, {} at a time",
        grid.len(),
        ClassWeighting::ALL.len(),
        C_GRID.len(),
        rayon::current_num_threads().min(folds)
    ));
    let pred = cross_predict(&corpus, &y, set.len(), &fold, folds, progress)?;
    let mut best: Option<(usize, f64, Confusion)> = None;
    let mut candidates = Vec::new();
    for (k, &(weighting, c)) in grid.iter().enumerate() {
        let confusion = Confusion::new(
            &set,
            y.iter()
                .zip(&pred[k])
                .map(|(&g, &(p, _))| (set[g].as_str(), set[p].as_str())),
        );
        let m = confusion.macro_f1();
        candidates.push(Candidate {
            class_weighting: weighting,
            c,
            macro_f1: m,
        });
        if best.as_ref().is_none_or(|(_, bm, _)| m > *bm) {
            best = Some((k, m, confusion));
        }
    }
    let Some((k, _, confusion)) = best else {
        return Err(Error::Training(
            "training failed: no regularisation strength".into(),
        ));
    };
    let (weighting, c) = grid[k];
    let calibration_error = expected_calibration_error(&y, &pred[k]);
    #[allow(clippy::cast_precision_loss)] // post counts are far below 2^52
    let mean_confidence =
        pred[k].iter().map(|&(_, p)| p).sum::<f64>() / pred[k].len().max(1) as f64;
    progress("learning curve: cross-validating on 25%, 50% and 75% of the labels");
    let mut learning_curve = learning_curve(
        &corpus,
        &y,
        set.len(),
        &fold,
        folds,
        (weighting, c),
        options.seed,
    )?;
    learning_curve.push(LearningPoint {
        share: 1.0,
        posts: texts.len() as u64,
        macro_f1: confusion.macro_f1(),
    });
    progress(&format!(
        "fitting the final model (C = {c}, {} class weights)",
        weighting.name()
    ));
    let all: Vec<usize> = (0..texts.len()).collect();
    let vocab = corpus.vocabulary(&all, min_df(texts.len()), MAX_FEATURES);
    let rows: Vec<SparseRow> = all.par_iter().map(|&i| vocab.row(&corpus, i)).collect();
    let mut model = None;
    // The same C path as in cross-validation, so the final fit starts where the folds' did.
    for &path_c in C_GRID.iter().filter(|&&x| x <= c) {
        model = Some(fit(
            &rows,
            &y,
            (set.len(), vocab.features()),
            path_c,
            weighting,
            model.as_ref(),
            FINAL_TOLERANCE,
        )?);
    }
    let model = model.ok_or_else(|| Error::Training("training failed: no fit".into()))?;
    let vectorizer = vocab.into_vectorizer(&corpus);
    let final_fit = FitReport {
        iterations: model.iterations,
        converged: model.converged,
    };
    let (weights, bias) = model.into_rows();
    Ok(StanceModel {
        format: MODEL_FORMAT.to_owned(),
        format_version: MODEL_VERSION,
        created_by: format!("reactions {}", env!("CARGO_PKG_VERSION")),
        method: METHOD.to_owned(),
        cross_validation: CrossValidation {
            folds,
            posts: texts.len() as u64,
            labelled_posts,
            c,
            class_weighting: weighting,
            candidates,
            calibration_error,
            mean_confidence,
            learning_curve,
            accuracy: confusion.accuracy(),
            macro_f1: confusion.macro_f1(),
            per_class: confusion.per_class(),
            confusion,
        },
        class_weights: weighting.weights(&y, set.len()),
        labels: set,
        vectorizer,
        final_fit,
        weights,
        bias,
        table: PredictTable::default(),
    })
}

/// The most a model file may hold. A model is one weight per label and vocabulary term; the
/// vocabulary is capped at training, so real models are a few MiB.
pub const MAX_MODEL_BYTES: u64 = 256 << 20;

/// The largest weight, intercept or idf a model file may hold. Features are L2-normalised, so
/// every score stays finite below it; training with L2 regularisation gives values near 1.
const MAX_PARAMETER: f64 = 1e6;

/// Labels must be non-empty and distinct, as in a rules file.
fn check_labels(labels: &[String]) -> std::result::Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for label in labels {
        if label.trim().is_empty() {
            return Err("the model has an empty label".to_owned());
        }
        if !seen.insert(label.as_str()) {
            return Err(format!("the model lists the label \"{label}\" twice"));
        }
    }
    Ok(())
}

impl StanceModel {
    /// The label and probability for `text`.
    #[must_use]
    pub fn predict(&self, text: &str) -> Prediction {
        let table = self.table.get(self);
        let stride = self.weights.len() + 1;
        // The arithmetic of `Vectorizer::transform` and `linear_scores`, term for term and in
        // the same order, so the result is the same to the last bit.
        let mut z = PREDICT_SCRATCH.with_borrow_mut(
            |PredictScratch {
                 keys,
                 hits,
                 spare,
                 row,
             }| {
                keys.clear();
                super::features::for_each_key(text, &mut |k| keys.push(k));
                hits.clear();
                self.vectorizer.columns(keys, hits);
                sort_columns(hits, spare, self.vectorizer.len());
                row.clear();
                let mut norms = [0.0f64; 2];
                for run in hits.chunk_by(|a, b| a == b) {
                    let i = run[0];
                    let idf = table[i as usize * stride];
                    #[allow(clippy::cast_precision_loss)] // a term's count in one post
                    let w = (1.0 + (run.len() as f64).ln()) * idf.abs();
                    norms[usize::from(idf.is_sign_negative())] += w * w;
                    row.push((i, w));
                }
                for (i, w) in row.iter_mut() {
                    let norm =
                        norms[usize::from(table[*i as usize * stride].is_sign_negative())].sqrt();
                    if norm > 0.0 {
                        *w /= norm;
                    }
                }
                self.bias
                    .iter()
                    .enumerate()
                    .map(|(c, b)| {
                        b + row
                            .iter()
                            .map(|&(j, x)| table[j as usize * stride + 1 + c] * x)
                            .sum::<f64>()
                    })
                    .collect::<Vec<f64>>()
            },
        );
        softmax(&mut z);
        let best = argmax(&z);
        Prediction {
            label: self.labels[best].clone(),
            confidence: z[best],
        }
    }

    /// The model as pretty JSON.
    ///
    /// # Errors
    /// Never in practice (every field serialises); reported as [`Error::Render`].
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::Render {
            what: "the model file",
            source: e.into(),
        })
    }

    /// Read a model written by `reactions train`.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read; [`Error::Model`] when it is not JSON, not
    /// a reactions model, of another format version, or inconsistent.
    pub fn load(path: &Path) -> Result<Self> {
        let (name, text) = crate::ingest::read_text(path, "a stance model", MAX_MODEL_BYTES)?;
        Self::from_json(&text, &name)
    }

    /// Parse a model; `path` names it in errors.
    ///
    /// # Errors
    /// As [`StanceModel::load`].
    pub fn from_json(text: &str, path: &str) -> Result<Self> {
        let fail = |message: String| Error::Model {
            path: path.to_owned(),
            message,
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            fail(format!(
                "not a model file (JSON error at line {}, column {}: {e}); train one with `reactions train`",
                e.line(),
                e.column()
            ))
        })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(MODEL_FORMAT) {
            return Err(fail(format!(
                "not a reactions stance model (no \"format\": \"{MODEL_FORMAT}\"); train one with `reactions train`"
            )));
        }
        let raw_version = value.get("format_version");
        let version = raw_version.and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(MODEL_VERSION)) {
            let by = value
                .get("created_by")
                .and_then(|f| f.as_str())
                .unwrap_or("an unknown program");
            return Err(fail(format!(
                "model format version {} (written by {by}); this reactions reads version {MODEL_VERSION}: retrain with `reactions train`",
                raw_version.map_or_else(|| "missing".to_owned(), ToString::to_string)
            )));
        }
        let model: StanceModel = serde_json::from_value(value).map_err(|e| {
            fail(format!(
                "the model file is damaged: {e}; retrain with `reactions train`"
            ))
        })?;
        let d = model.vectorizer.vocabulary.len();
        let k = model.labels.len();
        let consistent = k >= 2
            && model.vectorizer.idf.len() == d
            && model.weights.len() == k
            && model.bias.len() == k
            && model.weights.iter().all(|w| w.len() == d);
        if !consistent {
            return Err(fail(
                "the model file is damaged (its labels, vocabulary and weights do not fit together); retrain with `reactions train`".into(),
            ));
        }
        check_labels(&model.labels)
            .map_err(|m| fail(format!("{m}; retrain with `reactions train`")))?;
        let in_range = |x: &f64| x.is_finite() && x.abs() <= MAX_PARAMETER;
        let numbers_ok = model.weights.iter().flatten().all(in_range)
            && model.bias.iter().all(in_range)
            && model
                .vectorizer
                .idf
                .iter()
                .all(|x| in_range(x) && *x >= 0.0);
        if !numbers_ok {
            return Err(fail(format!(
                "the model file is damaged: a weight, intercept or idf is not a number of at most {MAX_PARAMETER:e} in size (a trained model's are far smaller); retrain with `reactions train`"
            )));
        }
        Ok(StanceModel {
            vectorizer: model.vectorizer.reindexed(),
            ..model
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let texts = ["good great", "bad awful", "fine ok good", "awful bad bad"];
        let v = Vectorizer::fit(&texts, 1, usize::MAX);
        let rows: Vec<SparseRow> = texts.iter().map(|t| v.transform(t)).collect();
        let y = [0, 1, 2, 1];
        let obj = Objective {
            rows: &rows,
            y: &y,
            row_weight: vec![1.0, 0.5, 2.0, 0.5],
            classes: 3,
            features: v.len(),
            c: 0.7,
        };
        let p: Vec<f64> = (0..3 * v.len() + 3)
            .map(|i| ((i * 37 % 11) as f64 - 5.0) / 10.0)
            .collect();
        let mut g = vec![0.0; p.len()];
        let mut scratch = g.clone();
        obj.evaluate_into(&p, &mut g);
        for i in [0, 1, v.len() + 2, 3 * v.len(), 3 * v.len() + 2] {
            let h = 1e-6;
            let mut up = p.clone();
            up[i] += h;
            let mut down = p.clone();
            down[i] -= h;
            let numeric = (obj.evaluate_into(&up, &mut scratch)
                - obj.evaluate_into(&down, &mut scratch))
                / (2.0 * h);
            assert!(
                (numeric - g[i]).abs() < 1e-6,
                "coordinate {i}: {numeric} vs {}",
                g[i]
            );
        }
    }

    #[test]
    fn class_weightings_match_their_formulas_and_keep_the_mean_row_weight_at_one() {
        // 6 posts of class 0, 2 of class 1, 1 of class 2 (n = 9).
        let y = [0, 0, 0, 0, 0, 0, 1, 1, 2];
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12);
        // scikit-learn's balanced: n / (classes · count) = 9 / (3 · 6), 9 / (3 · 2), 9 / 3.
        let balanced = ClassWeighting::Balanced.weights(&y, 3);
        assert!(close(&balanced, &[0.5, 1.5, 3.0]), "{balanced:?}");
        // Square-root: proportional to 1 / √count, scaled so the rows' weights sum to n.
        let root = ClassWeighting::SquareRoot.weights(&y, 3);
        let scale = 9.0 / (6f64.sqrt() + 2f64.sqrt() + 1.0);
        let expected = [scale / 6f64.sqrt(), scale / 2f64.sqrt(), scale];
        assert!(close(&root, &expected), "{root:?} vs {expected:?}");
        assert!(close(&ClassWeighting::None.weights(&y, 3), &[1.0; 3]));
        for w in ClassWeighting::ALL {
            let weights = w.weights(&y, 3);
            let total: f64 = y.iter().map(|&c| weights[c]).sum();
            assert!((total - 9.0).abs() < 1e-12, "{w:?}: {total}");
        }
    }

    #[test]
    fn a_stratified_sample_keeps_each_class_share_and_every_class() {
        // 900 of class 0, 90 of class 1, 10 of class 2; a sample of 100.
        let y: Vec<usize> = (0..1000)
            .map(|i| match i % 100 {
                0 => 2,
                1..=9 => 1,
                _ => 0,
            })
            .collect();
        let kept = stratified_sample(&y, 3, 100, 1);
        let count = |c| kept.iter().filter(|&&i| y[i] == c).count();
        assert_eq!((count(0), count(1), count(2)), (90, 9, 2));
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        assert_eq!(kept, stratified_sample(&y, 3, 100, 1));
        assert_ne!(kept, stratified_sample(&y, 3, 100, 2));
    }

    #[test]
    fn calibration_error_is_the_post_weighted_gap_per_confidence_bin() {
        // Bin 0.9-1.0: two posts at 0.95, one right (gap 0.45); bin 0.6-0.7: two at 0.65, both
        // right (gap 0.35). ECE = 0.5 · 0.45 + 0.5 · 0.35 = 0.4.
        let y = [0, 0, 1, 1];
        let pred = [(0, 0.95), (1, 0.95), (1, 0.65), (1, 0.65)];
        assert!((expected_calibration_error(&y, &pred) - 0.4).abs() < 1e-12);
        // Confidences that match accuracy in every bin: 0.
        assert!(expected_calibration_error(&[0, 1], &[(0, 1.0), (1, 1.0)]).abs() < 1e-12);
    }

    #[test]
    fn folds_are_stratified_and_seeded() {
        let y = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        let f = stratified_folds(&y, 2, 2, 7);
        for fold in 0..2 {
            let zeros = (0..10).filter(|&i| f[i] == fold && y[i] == 0).count();
            let ones = (0..10).filter(|&i| f[i] == fold && y[i] == 1).count();
            assert_eq!((zeros, ones), (2, 3));
        }
        assert_eq!(f, stratified_folds(&y, 2, 2, 7));
    }

    #[test]
    fn training_needs_two_labels_with_two_posts_each() {
        let texts = ["a", "b", "c"];
        let err = train(
            &texts,
            &s(&["x", "x", "x"]),
            TrainOptions::default(),
            &mut |_| {},
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("only \"x\""), "{err}");
        let err = train(
            &texts,
            &s(&["x", "x", "y"]),
            TrainOptions::default(),
            &mut |_| {},
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("\"y\" (1)"), "{err}");
    }

    #[test]
    fn radix_sorted_columns_equal_a_comparison_sort() {
        let mut rng = crate::testing::Rng(7);
        let mut spare = Vec::new();
        for (len, bound) in [
            (0, 10),
            (5, 10),
            (63, 300),
            (64, 300),
            (500, 256),
            (500, 257),
            (1000, 200_000),
            (3000, 1 << 20),
        ] {
            let v: Vec<u32> = (0..len).map(|_| rng.below(bound) as u32).collect();
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v;
            sort_columns(&mut got, &mut spare, bound);
            assert_eq!(got, want, "{len} values below {bound}");
        }
    }

    #[test]
    fn predictions_from_the_side_by_side_table_equal_the_vectorizer_and_weight_rows_to_the_bit() {
        // A model on 400 golden texts labelled by the sign of their human rating, then every
        // 7th golden text predicted both ways: through `predict` (the table built at the first
        // prediction) and through the vectorizer's row and the weight rows of the model file.
        let rows: Vec<(String, f64)> = crate::model::fixtures::golden_records()
            .iter()
            .map(|r| (r[3].to_owned(), r[2].parse().unwrap()))
            .collect();
        let label = |m: f64| {
            if m > 0.5 {
                "pos"
            } else if m < -0.5 {
                "neg"
            } else {
                "mid"
            }
        };
        let train_texts: Vec<&str> = rows.iter().take(400).map(|r| r.0.as_str()).collect();
        let labels: Vec<String> = rows
            .iter()
            .take(400)
            .map(|r| label(r.1).to_owned())
            .collect();
        let options = TrainOptions {
            folds: 2,
            ..TrainOptions::default()
        };
        let model = train(&train_texts, &labels, options, &mut |_| {}).unwrap();
        assert_eq!(model.labels.len(), 3);
        let back = StanceModel::from_json(&model.to_json().unwrap(), "m.json").unwrap();
        let mut labels_seen = std::collections::HashSet::new();
        for (text, _) in rows.iter().step_by(7) {
            let mut z = linear_scores(
                &model.weights,
                &model.bias,
                &model.vectorizer.transform(text),
            );
            softmax(&mut z);
            let best = argmax(&z);
            let p = model.predict(text);
            assert_eq!(
                (p.label.as_str(), p.confidence.to_bits()),
                (model.labels[best].as_str(), z[best].to_bits()),
                "{text}"
            );
            assert_eq!(back.predict(text), p, "{text}");
            labels_seen.insert(p.label);
        }
        assert_eq!(labels_seen.len(), 3, "every class is predicted somewhere");
    }

    #[test]
    fn a_trained_model_separates_its_classes_and_survives_json() {
        let mut texts = Vec::new();
        let mut labels = Vec::new();
        for i in 0..20 {
            texts.push(format!("comrades unite across the sea number {i}"));
            labels.push("pro".to_owned());
            texts.push(format!("tread lightly with this partner number {i}"));
            labels.push("con".to_owned());
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let model = train(&refs, &labels, TrainOptions::default(), &mut |_| {}).unwrap();
        assert_eq!(model.labels, s(&["con", "pro"]));
        assert_eq!(model.cross_validation.accuracy, 1.0);
        assert_eq!(model.cross_validation.folds, 5);
        // The learning curve ends at all the labels, with the cross-validation's macro-F1.
        let curve = &model.cross_validation.learning_curve;
        assert_eq!(
            curve.iter().map(|p| p.share).collect::<Vec<_>>(),
            [0.25, 0.5, 0.75, 1.0]
        );
        assert_eq!(curve[3].macro_f1, model.cross_validation.macro_f1);
        assert_eq!(curve[3].posts, 40);
        let p = model.predict("comrades unite");
        assert_eq!(p.label, "pro");
        assert!(p.confidence > 0.5 && p.confidence <= 1.0);
        let back = StanceModel::from_json(&model.to_json().unwrap(), "m.json").unwrap();
        assert_eq!(
            back.predict("tread lightly"),
            model.predict("tread lightly")
        );
        assert_eq!(back, model);
    }

    #[test]
    fn foreign_old_and_damaged_models_are_refused_with_a_reason() {
        let err = |text: &str| {
            StanceModel::from_json(text, "m.json")
                .unwrap_err()
                .to_string()
        };
        assert!(err("{not json").contains("m.json: not a model file (JSON error at line 1"));
        assert!(err("{\"a\": 1}").contains("not a reactions stance model"));
        assert!(err(
            "{\"format\": \"reactions-stance-model\", \"format_version\": 9, \"created_by\": \"reactions 9.0\"}"
        )
        .contains("model format version 9 (written by reactions 9.0); this reactions reads version 2"));
        // A version 1 model (other character grams, one normalisation) would predict wrongly.
        assert!(err(
            "{\"format\": \"reactions-stance-model\", \"format_version\": 1, \"created_by\": \"reactions 0.1.0\"}"
        )
        .contains("model format version 1 (written by reactions 0.1.0); this reactions reads version 2: retrain"));
        assert!(
            err("{\"format\": \"reactions-stance-model\", \"format_version\": 2}")
                .contains("damaged")
        );
    }

    #[test]
    fn format_version_1e30_is_reported_as_written_not_as_missing() {
        let err = StanceModel::from_json(
            "{\"format\": \"reactions-stance-model\", \"format_version\": 1e30}",
            "m.json",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("model format version 1e+30 "), "{err}");
    }

    /// A small trained model as JSON, edited by `change`, then loaded.
    fn load_edited(change: impl FnOnce(&mut serde_json::Value)) -> Result<StanceModel> {
        let texts = ["love it", "be careful", "love this", "careful now"];
        let labels = s(&["pro", "con", "pro", "con"]);
        let options = TrainOptions {
            folds: 2,
            ..TrainOptions::default()
        };
        let model = train(&texts, &labels, options, &mut |_| {}).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&model.to_json().unwrap()).unwrap();
        change(&mut value);
        StanceModel::from_json(&value.to_string(), "m.json")
    }

    #[test]
    fn a_model_with_huge_weights_is_refused_instead_of_giving_nan_confidences() {
        assert!(load_edited(|_| {}).is_ok());
        for (field, huge) in [("weights", 1e308), ("weights", -1e308), ("bias", 1e308)] {
            let err = load_edited(|v| {
                let target = &mut v[field];
                if field == "weights" {
                    target[0][0] = huge.into();
                } else {
                    target[0] = huge.into();
                }
            })
            .unwrap_err()
            .to_string();
            assert!(err.contains("is not a number of at most"), "{field}: {err}");
        }
    }

    #[test]
    fn a_model_with_duplicate_or_empty_labels_is_refused() {
        let err = load_edited(|v| v["labels"] = serde_json::json!(["pro", "pro"]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("lists the label \"pro\" twice"), "{err}");
        let err = load_edited(|v| v["labels"] = serde_json::json!(["pro", " "]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("empty label"), "{err}");
    }
}
