//! Sentiment from a model trained on the user's labels (`analyze --sentiment-model M`), beside
//! VADER: the model is a file `reactions train --label-column <sentiment labels>` wrote, whose
//! labels are positive, neutral and negative (or two of them). Each post's `sentiment` then
//! comes from the model, with its probability; `compound` stays VADER's, and VADER's own class
//! is kept so the report can say how often the two agree.
//!
//! It lives beside the stance classifier because it is that classifier, trained on other labels.

use std::path::Path;

use rayon::prelude::*;

use super::classifier::{CrossValidation, StanceModel};
use crate::error::{Error, Result};
use crate::model::{Scored, Sentiment};

/// A loaded sentiment model, its labels read as sentiment classes.
#[derive(Debug, Clone)]
pub struct SentimentModel {
    model: StanceModel,
    path: String,
    classes: Vec<Sentiment>,
}

/// What a sentiment model did to a run's posts.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSentiment {
    /// The model file.
    pub path: String,
    /// Its labels, as in the file.
    pub labels: Vec<String>,
    /// Its cross-validation on its training labels.
    pub cv: CrossValidation,
    /// Per post, in input order: VADER's class under the thresholds.
    pub vader: Vec<Sentiment>,
    /// Per post: the model's probability for the class it gave.
    pub confidence: Vec<f64>,
}

/// The sentiment class a model label names: positive, neutral or negative (or pos, neu, neg),
/// without case.
#[must_use]
pub fn class_of(label: &str) -> Option<Sentiment> {
    match label.trim().to_lowercase().as_str() {
        "positive" | "pos" => Some(Sentiment::Positive),
        "neutral" | "neu" => Some(Sentiment::Neutral),
        "negative" | "neg" => Some(Sentiment::Negative),
        _ => None,
    }
}

impl SentimentModel {
    /// Load a model file and check that its labels are sentiment classes.
    ///
    /// # Errors
    /// The model file errors of [`StanceModel::load`]; [`Error::Model`] when a label is not
    /// positive, neutral or negative.
    pub fn load(path: &Path) -> Result<Self> {
        let model = StanceModel::load(path)?;
        let name = path.display().to_string();
        let classes = model
            .labels
            .iter()
            .map(|l| class_of(l))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Error::Model {
                path: name.clone(),
                message: format!(
                    "its labels are {}; a sentiment model's labels are positive, neutral and negative (train one with reactions train --label-column <a column of those labels>)",
                    model.labels.join(", ")
                ),
            })?;
        Ok(SentimentModel {
            model,
            path: name,
            classes,
        })
    }

    /// Give every post the model's class, keeping VADER's class and the model's probability.
    #[must_use]
    pub fn apply(&self, scored: &mut [Scored]) -> ModelSentiment {
        let predicted: Vec<(Sentiment, f64)> = scored
            .par_iter()
            .map(|s| {
                let p = self.model.predict(s.post.text());
                let k = self
                    .model
                    .labels
                    .iter()
                    .position(|l| *l == p.label)
                    .unwrap_or(0);
                (self.classes[k], p.confidence)
            })
            .collect();
        let mut vader = Vec::with_capacity(scored.len());
        let mut confidence = Vec::with_capacity(scored.len());
        for (s, (class, p)) in scored.iter_mut().zip(predicted) {
            vader.push(s.sentiment);
            s.sentiment = class;
            confidence.push(p);
        }
        ModelSentiment {
            path: self.path.clone(),
            labels: self.model.labels.clone(),
            cv: self.model.cross_validation.clone(),
            vader,
            confidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_sentiment_classes_in_any_case() {
        assert_eq!(class_of(" Positive"), Some(Sentiment::Positive));
        assert_eq!(class_of("NEG"), Some(Sentiment::Negative));
        assert_eq!(class_of("neutral"), Some(Sentiment::Neutral));
        assert_eq!(class_of("supportive"), None);
    }
}
