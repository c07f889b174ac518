//! Stance and sentiment heads over sentence embeddings.
//!
//! Input: unit-length embeddings of quote texts. Output: one [`Prediction`] per text per
//! head: the label with the highest probability and the probability of every label.
//! A head is a [`Head`]: a trained [`LinearHead`] (logistic regression over the
//! embedding and hand-made features, see `standpoint train`), or the prototype classifier
//! built from a TOML label set (descriptions and example phrases, embedded once; a quote
//! is scored by cosine similarity to each label's prototype). One encoder pass per quote
//! serves every label and every head.

pub mod features;
pub mod labelset;
pub mod linear;
pub mod ngram;
pub mod prototype;

use std::collections::BTreeMap;

use serde::Serialize;

pub use features::{FeatureSet, HeadInput};
pub use labelset::LabelSet;
pub use linear::LinearHead;
pub use ngram::NgramModel;
pub use prototype::PrototypeHead;

/// What text a head's encoder pass reads for a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// The quote's words alone (heads trained before the format was recorded).
    #[default]
    Quote,
    /// The cue verb the extractor found, a colon, then the quote's words ("ruled out: a
    /// truce"); the quote alone when it has no cue. The span of a reported quote leaves
    /// its speech verb out, and the verb often carries the stance.
    CueQuote,
}

impl InputFormat {
    pub fn is_quote(&self) -> bool {
        *self == InputFormat::Quote
    }

    /// The text a head with this format reads for `quote` introduced by `cue`.
    pub fn text(self, quote: &str, cue: Option<&str>) -> String {
        match (self, cue) {
            (InputFormat::CueQuote, Some(cue)) if !cue.trim().is_empty() => format!("{}: {quote}", cue.trim()),
            _ => quote.to_string(),
        }
    }
}

/// A classifier over embeddings.
pub trait Head: Send + Sync {
    /// What it labels: "stance" or "sentiment" (or a user's own task name).
    fn task(&self) -> &str;
    fn labels(&self) -> &[String];
    /// Probabilities over [`Head::labels`], summing to 1.
    fn probabilities(&self, input: &HeadInput) -> Vec<f32>;
    /// The text the encoder reads for this head (its [`InputFormat`]).
    fn input_format(&self) -> InputFormat {
        InputFormat::Quote
    }

    fn predict(&self, input: &HeadInput) -> Prediction {
        Prediction::from_probs(self.labels(), &self.probabilities(input))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub label: String,
    pub confidence: f32,
    pub probs: BTreeMap<String, f32>,
}

impl Prediction {
    pub fn from_probs(labels: &[String], probs: &[f32]) -> Prediction {
        let best = probs
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or(0, |(i, _)| i);
        Prediction {
            label: labels.get(best).cloned().unwrap_or_default(),
            confidence: probs.get(best).copied().unwrap_or(0.0),
            probs: labels.iter().cloned().zip(probs.iter().copied()).collect(),
        }
    }

    /// How far the chosen label's probability is ahead of the runner-up's (1 with a
    /// single label).
    pub fn margin(&self) -> f32 {
        let mut top = [0f32; 2];
        for &p in self.probs.values() {
            if p > top[0] {
                top = [p, top[0]];
            } else if p > top[1] {
                top[1] = p;
            }
        }
        if self.probs.len() < 2 {
            1.0
        } else {
            top[0] - top[1]
        }
    }

    pub fn prob(&self, label: &str) -> f32 {
        self.probs.get(label).copied().unwrap_or(0.0)
    }
}

/// Stance and sentiment of one quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgment {
    pub stance: Prediction,
    pub sentiment: Prediction,
}

/// Softmax with a temperature, numerically stable.
pub fn softmax(scores: &[f32], temperature: f32) -> Vec<f32> {
    let t = temperature.max(1e-6);
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scores.iter().map(|s| ((s - max) / t).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_quote_puts_the_cue_before_the_words_and_keeps_a_quote_without_cue() {
        assert_eq!(InputFormat::CueQuote.text("a truce", Some("ruled out")), "ruled out: a truce");
        assert_eq!(InputFormat::CueQuote.text("a truce", Some("  ")), "a truce");
        assert_eq!(InputFormat::CueQuote.text("We will not.", None), "We will not.");
        assert_eq!(InputFormat::Quote.text("a truce", Some("ruled out")), "a truce");
    }

    #[test]
    fn softmax_sums_to_one_and_orders() {
        let p = softmax(&[0.2, 0.5, 0.1], 0.1);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[1] > p[0] && p[0] > p[2]);
    }

    #[test]
    fn prediction_picks_the_most_probable_label() {
        let labels = vec!["a".to_string(), "b".to_string()];
        let p = Prediction::from_probs(&labels, &[0.3, 0.7]);
        assert_eq!(p.label, "b");
        assert_eq!(p.prob("a"), 0.3);
    }
}
