//! The trained stance classifier: multinomial logistic regression over TF-IDF word 1-2 grams and
//! character 2-5 grams ([`features`](super::features)), with balanced class weights and an L2
//! penalty whose strength C is chosen by stratified k-fold cross-validation (macro-F1).
//!
//! The objective is scikit-learn's `LogisticRegression(multi_class="multinomial",
//! class_weight="balanced")` divided by C·n: mean weighted cross-entropy plus ‖W‖² / (2·C·n)
//! (the intercepts are not penalised). It is minimised with L-BFGS from the `argmin` crate; the
//! loss and gradient are ours because argmin's linear-model users (linfa) need dense matrices,
//! and n-gram features are sparse. Gradients are summed over fixed chunks of rows in parallel
//! (rayon) and added in chunk order, so a model is the same whatever the thread count.
//!
//! Models are saved as versioned JSON ([`MODEL_FORMAT`], [`MODEL_VERSION`]).

use std::path::Path;

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::features::{SparseRow, Vectorizer};
use crate::error::{Error, Result};
use crate::metrics::{ClassMetrics, Confusion};

pub use crate::config::TrainOptions;

/// The `format` field of a model file.
pub const MODEL_FORMAT: &str = "reactions-stance-model";
/// The model file version this build reads and writes.
pub const MODEL_VERSION: u32 = 1;
/// Regularisation strengths tried by cross-validation.
pub const C_GRID: [f64; 3] = [1.0, 4.0, 16.0];
/// Largest vocabulary kept (most frequent features first).
pub const MAX_FEATURES: usize = 200_000;
/// L-BFGS iteration limit per fit.
const MAX_ITERS: u64 = 150;
/// Fewest rows per gradient chunk. Chunks depend only on the row count (at most
/// [`MAX_CHUNKS`] of them), never on the thread count, so sums are the same on any machine.
const CHUNK: usize = 512;
/// Most gradient chunks: each holds a dense gradient while the chunks are summed.
const MAX_CHUNKS: usize = 16;

/// How a model was cross-validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    /// Number of folds (stratified by label).
    pub folds: usize,
    /// Labelled posts used.
    pub posts: u64,
    /// The chosen C.
    pub c: f64,
    /// Mean macro-F1 of the out-of-fold predictions for each C tried.
    pub candidates: Vec<(f64, f64)>,
    /// Accuracy of the pooled out-of-fold predictions at the chosen C.
    pub accuracy: f64,
    /// Macro-F1 of the pooled out-of-fold predictions at the chosen C.
    pub macro_f1: f64,
    /// Per-class precision, recall and F1 at the chosen C.
    pub per_class: Vec<ClassMetrics>,
    /// Confusion matrix (gold rows, predicted columns) at the chosen C.
    pub confusion: Confusion,
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
    /// The class weights used (balanced: n / (classes · class count)).
    pub class_weights: Vec<f64>,
    /// Feature vocabulary and idf.
    pub vectorizer: Vectorizer,
    /// One weight row per label, one weight per feature.
    pub weights: Vec<Vec<f64>>,
    /// One intercept per label.
    pub bias: Vec<f64>,
}

/// A predicted label and the model's probability for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The label with the highest probability.
    pub label: String,
    /// Its probability.
    pub confidence: f64,
}

/// The fitted parameters of one logistic regression.
struct Fit {
    weights: Vec<Vec<f64>>,
    bias: Vec<f64>,
}

/// One linear score per class: `bias + w · row`.
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
    /// Loss and (when `grad`) gradient; rows are processed in fixed chunks summed in order.
    fn evaluate(&self, p: &[f64], grad: bool) -> (f64, Vec<f64>) {
        let (k, d) = (self.classes, self.features);
        let n = self.rows.len() as f64;
        let len = if grad { k * d + k } else { 0 };
        let size = CHUNK.max(self.rows.len().div_ceil(MAX_CHUNKS));
        let parts: Vec<(f64, Vec<f64>)> = self
            .rows
            .par_chunks(size)
            .enumerate()
            .map(|(chunk, rows)| {
                let mut g = vec![0.0; len];
                let mut loss = 0.0;
                for (offset, row) in rows.iter().enumerate() {
                    let i = chunk * size + offset;
                    let mut z: Vec<f64> = (0..k)
                        .map(|c| {
                            p[k * d + c]
                                + row
                                    .iter()
                                    .map(|&(j, x)| p[c * d + j as usize] * x)
                                    .sum::<f64>()
                        })
                        .collect();
                    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let lse = max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
                    let w = self.row_weight[i];
                    loss += w * (lse - z[self.y[i]]);
                    if grad {
                        softmax(&mut z);
                        for (c, prob) in z.iter().enumerate() {
                            let target = if c == self.y[i] { 1.0 } else { 0.0 };
                            let coef = w * (prob - target) / n;
                            for &(j, x) in row {
                                g[c * d + j as usize] += coef * x;
                            }
                            g[k * d + c] += coef;
                        }
                    }
                }
                (loss, g)
            })
            .collect();
        let mut loss = 0.0;
        let mut g = vec![0.0; len];
        for (l, part) in parts {
            loss += l;
            for (a, b) in g.iter_mut().zip(part) {
                *a += b;
            }
        }
        let penalty = 1.0 / (self.c * n);
        let w2: f64 = p[..k * d].iter().map(|v| v * v).sum();
        if grad {
            for (gi, pi) in g[..k * d].iter_mut().zip(&p[..k * d]) {
                *gi += penalty * pi;
            }
        }
        (loss / n + 0.5 * penalty * w2, g)
    }
}

impl CostFunction for Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.evaluate(p, false).0)
    }
}

impl Gradient for Objective<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, p: &Self::Param) -> std::result::Result<Vec<f64>, argmin::core::Error> {
        Ok(self.evaluate(p, true).1)
    }
}

/// Balanced class weights: n / (classes · count of the class).
fn balanced_weights(y: &[usize], classes: usize) -> Vec<f64> {
    let mut counts = vec![0usize; classes];
    for &c in y {
        counts[c] += 1;
    }
    counts
        .iter()
        .map(|&m| {
            if m == 0 {
                0.0
            } else {
                y.len() as f64 / (classes * m) as f64
            }
        })
        .collect()
}

fn fit(rows: &[SparseRow], y: &[usize], classes: usize, features: usize, c: f64) -> Result<Fit> {
    let class_weight = balanced_weights(y, classes);
    let problem = Objective {
        rows,
        y,
        row_weight: y.iter().map(|&c| class_weight[c]).collect(),
        classes,
        features,
        c,
    };
    let fail = |e: argmin::core::Error| Error::Training(format!("training failed: {e}"));
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(1e-6)
        .map_err(fail)?
        .with_tolerance_cost(1e-9)
        .map_err(fail)?;
    let init = vec![0.0; classes * features + classes];
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(init).max_iters(MAX_ITERS))
        .run()
        .map_err(fail)?;
    let state = result.state();
    let p = state
        .get_best_param()
        .or_else(|| state.get_param())
        .cloned()
        .unwrap_or_default();
    if p.len() != classes * features + classes {
        return Err(Error::Training(
            "training failed: the optimiser returned no parameters".into(),
        ));
    }
    Ok(Fit {
        weights: p[..classes * features]
            .chunks(features.max(1))
            .map(<[f64]>::to_vec)
            .collect(),
        bias: p[classes * features..].to_vec(),
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
        for i in (1..members.len()).rev() {
            let j = rng.below(i + 1);
            members.swap(i, j);
        }
        for m in members {
            fold[m] = next % folds;
            next += 1;
        }
    }
    fold
}

fn min_df(n: usize) -> usize {
    if n >= 200 {
        2
    } else {
        1
    }
}

/// Out-of-fold predictions of a model trained with `c`.
fn cross_predict(
    texts: &[&str],
    y: &[usize],
    classes: usize,
    fold: &[usize],
    folds: usize,
    c: f64,
) -> Result<Vec<usize>> {
    let mut pred = vec![0; y.len()];
    for f in 0..folds {
        let train: Vec<usize> = (0..y.len()).filter(|&i| fold[i] != f).collect();
        let test: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == f).collect();
        let train_texts: Vec<&str> = train.iter().map(|&i| texts[i]).collect();
        let v = Vectorizer::fit(&train_texts, min_df(train.len()), MAX_FEATURES);
        let rows: Vec<SparseRow> = train_texts.par_iter().map(|t| v.transform(t)).collect();
        let ty: Vec<usize> = train.iter().map(|&i| y[i]).collect();
        let model = fit(&rows, &ty, classes, v.len(), c)?;
        for &i in &test {
            pred[i] = argmax(&linear_scores(
                &model.weights,
                &model.bias,
                &v.transform(texts[i]),
            ));
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
    let folds = options.folds.clamp(2, smallest);
    let fold = stratified_folds(&y, set.len(), folds, options.seed);
    let order: Vec<String> = set.clone();
    let mut best: Option<(f64, f64, Confusion)> = None;
    let mut candidates = Vec::new();
    for (step, &c) in C_GRID.iter().enumerate() {
        progress(&format!(
            "cross-validating C = {c} ({} of {}, {folds} folds)",
            step + 1,
            C_GRID.len()
        ));
        let pred = cross_predict(texts, &y, set.len(), &fold, folds, c)?;
        let confusion = Confusion::new(
            &order,
            y.iter()
                .zip(&pred)
                .map(|(&g, &p)| (set[g].as_str(), set[p].as_str())),
        );
        let m = confusion.macro_f1();
        candidates.push((c, m));
        if best.as_ref().is_none_or(|(_, bm, _)| m > *bm) {
            best = Some((c, m, confusion));
        }
    }
    let Some((c, _, confusion)) = best else {
        return Err(Error::Training(
            "training failed: no regularisation strength".into(),
        ));
    };
    progress(&format!("fitting the final model (C = {c})"));
    let vectorizer = Vectorizer::fit(texts, min_df(texts.len()), MAX_FEATURES);
    let rows: Vec<SparseRow> = texts.par_iter().map(|t| vectorizer.transform(t)).collect();
    let model = fit(&rows, &y, set.len(), vectorizer.len(), c)?;
    Ok(StanceModel {
        format: MODEL_FORMAT.to_owned(),
        format_version: MODEL_VERSION,
        created_by: format!("reactions {}", env!("CARGO_PKG_VERSION")),
        method: "multinomial logistic regression (L2, balanced class weights, L-BFGS) over \
                 TF-IDF word 1-2 grams and character 2-5 grams; C chosen by stratified k-fold \
                 cross-validation on macro-F1"
            .to_owned(),
        cross_validation: CrossValidation {
            folds,
            posts: texts.len() as u64,
            c,
            candidates,
            accuracy: confusion.accuracy(),
            macro_f1: confusion.macro_f1(),
            per_class: confusion.per_class(),
            confusion,
        },
        class_weights: balanced_weights(&y, set.len()),
        labels: set,
        vectorizer,
        weights: model.weights,
        bias: model.bias,
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
        let mut z = linear_scores(&self.weights, &self.bias, &self.vectorizer.transform(text));
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
        let (_, g) = obj.evaluate(&p, true);
        for i in [0, 1, v.len() + 2, 3 * v.len(), 3 * v.len() + 2] {
            let h = 1e-6;
            let mut up = p.clone();
            up[i] += h;
            let mut down = p.clone();
            down[i] -= h;
            let numeric = (obj.evaluate(&up, false).0 - obj.evaluate(&down, false).0) / (2.0 * h);
            assert!(
                (numeric - g[i]).abs() < 1e-6,
                "coordinate {i}: {numeric} vs {}",
                g[i]
            );
        }
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
        .contains("model format version 9 (written by reactions 9.0); this reactions reads version 1"));
        assert!(
            err("{\"format\": \"reactions-stance-model\", \"format_version\": 1}")
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
