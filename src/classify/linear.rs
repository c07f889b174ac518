//! A trained head: multinomial logistic regression over standardised features (the
//! embedding plus the hand-made groups of `features`), with a softmax temperature fitted
//! for calibration. Saved as JSON beside a model card.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

use super::features::{feature_vector, FeatureSet, HeadInput};
use super::ngram::NgramModel;
use super::{softmax, Head, InputFormat};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearHead {
    pub task: String,
    pub labels: Vec<String>,
    pub features: FeatureSet,
    /// Embedding width the head was trained on.
    pub dim: usize,
    /// Per-feature mean and standard deviation used to standardise inputs.
    pub mean: Vec<f32>,
    pub std: Vec<f32>,
    /// `weights[label][feature]`.
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
    /// Softmax temperature from calibration (1 = none).
    pub temperature: f32,
    /// Per-label offset added to the logits before the temperature: a domain calibration
    /// fitted on out-of-fold logits of in-domain examples (`train --domain-offset`), so
    /// that the head's balanced, mostly out-of-domain training does not shift its labels
    /// on real news. Empty = none (heads written before it have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logit_offset: Vec<f32>,
    /// The fine-tuned encoder overlay the head was trained over (`train --fine-tune` or
    /// `--encoder-overlay`), as a path relative to the head's folder. The pipeline lays it
    /// over the encoder whenever this head is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder_overlay: Option<String>,
    /// The text the head reads for a quote; heads written before this field read the
    /// quote alone.
    #[serde(default, skip_serializing_if = "InputFormat::is_quote")]
    pub input: InputFormat,
    /// A word n-gram model over the same text (`train --ngram`): the head's probabilities
    /// are then `softmax(ln((p + q) / 2) / temperature)`, with `p` the embedding model's
    /// `softmax(logits + offset)` and `q` the n-gram model's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngram: Option<NgramModel>,
    /// The folder the head was loaded from, to resolve `encoder_overlay`.
    #[serde(skip)]
    pub dir: Option<std::path::PathBuf>,
}

impl LinearHead {
    pub fn load(path: &Path) -> Result<LinearHead> {
        let src = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut head: LinearHead = serde_json::from_str(&src).map_err(|e| Error::Json { what: path.display().to_string(), source: e })?;
        head.dir = path.parent().map(Path::to_path_buf);
        head.validate().map_err(|message| Error::Config { path: path.to_path_buf(), message })?;
        Ok(head)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_string(self).map_err(|e| Error::Json { what: path.display().to_string(), source: e })?;
        std::fs::write(path, json + "\n").map_err(|e| Error::io(path, e))
    }

    fn validate(&self) -> std::result::Result<(), String> {
        let width = self.features.width(self.dim);
        let k = self.labels.len();
        if k < 2 {
            return Err("a head needs at least two labels".into());
        }
        if self.mean.len() != width || self.std.len() != width {
            return Err(format!("mean/std have {}/{} entries, the features need {width}", self.mean.len(), self.std.len()));
        }
        if self.weights.len() != k || self.bias.len() != k || self.weights.iter().any(|w| w.len() != width) {
            return Err(format!("weights must be {k} × {width} and bias {k}"));
        }
        if !self.logit_offset.is_empty() && self.logit_offset.len() != k {
            return Err(format!("logit_offset has {} entries, the head has {k} labels", self.logit_offset.len()));
        }
        if let Some(ngram) = &self.ngram {
            ngram.validate(k)?;
        }
        if !(self.temperature > 0.0) {
            return Err("temperature must be positive".into());
        }
        Ok(())
    }

    /// The encoder overlay this head needs, resolved against the head's folder.
    pub fn overlay_path(&self) -> Option<std::path::PathBuf> {
        let rel = self.encoder_overlay.as_ref()?;
        Some(match &self.dir {
            Some(dir) => dir.join(rel),
            None => std::path::PathBuf::from(rel),
        })
    }

    /// Raw scores (before the offset, the temperature and the softmax) for one feature
    /// vector (standardised here).
    pub fn logits(&self, x: &[f32]) -> Vec<f32> {
        self.weights
            .iter()
            .zip(&self.bias)
            .map(|(w, b)| b + w.iter().zip(x).zip(self.mean.iter().zip(&self.std)).map(|((w, x), (m, s))| w * (x - m) / s).sum::<f32>())
            .collect()
    }

    /// The logits with the domain offset added (what the temperature and softmax see).
    pub fn calibrated_logits(&self, x: &[f32]) -> Vec<f32> {
        let mut z = self.logits(x);
        for (v, o) in z.iter_mut().zip(&self.logit_offset) {
            *v += o;
        }
        z
    }
}

impl Head for LinearHead {
    fn task(&self) -> &str {
        &self.task
    }

    fn labels(&self) -> &[String] {
        &self.labels
    }

    fn input_format(&self) -> InputFormat {
        self.input
    }

    fn probabilities(&self, input: &HeadInput) -> Vec<f32> {
        let x = feature_vector(&self.features, input);
        if x.len() != self.mean.len() {
            // An embedding of another width: no information rather than a panic.
            return vec![1.0 / self.labels.len() as f32; self.labels.len()];
        }
        let z = self.calibrated_logits(&x);
        match &self.ngram {
            None => softmax(&z, self.temperature),
            Some(ngram) => softmax(&fuse(&softmax(&z, 1.0), &ngram.probabilities(input.text)), self.temperature),
        }
    }
}

/// The logits of the average of two probability vectors: `ln((p + q) / 2)`.
pub fn fuse(p: &[f32], q: &[f32]) -> Vec<f32> {
    p.iter().zip(q).map(|(a, b)| ((a + b) / 2.0).max(1e-12).ln()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(logit_offset: Vec<f32>) -> LinearHead {
        LinearHead {
            task: "stance".into(),
            labels: vec!["a".into(), "b".into(), "c".into()],
            features: FeatureSet::EMBEDDING_ONLY,
            dim: 2,
            mean: vec![0.1, -0.2],
            std: vec![1.0, 0.5],
            weights: vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![-0.5, 0.5]],
            bias: vec![0.0, 0.1, -0.1],
            temperature: 0.8,
            logit_offset,
            encoder_overlay: None,
            input: InputFormat::Quote,
            ngram: None,
            dir: None,
        }
    }

    fn probs(h: &LinearHead) -> Vec<f32> {
        h.probabilities(&HeadInput { embedding: &[0.3, 0.4], text: "x", cue: None })
    }

    #[test]
    fn logit_offset_round_trips_and_gives_the_same_probabilities() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("head.json");
        let h = head(vec![-0.4, 0.1, 0.3]);
        h.save(&path).unwrap();
        let back = LinearHead::load(&path).unwrap();
        assert_eq!(back.logit_offset, h.logit_offset);
        assert_eq!(probs(&back), probs(&h));
        // The offset moves probability towards the label it raises.
        assert!(probs(&h)[2] > probs(&head(Vec::new()))[2]);
    }

    #[test]
    fn head_json_without_logit_offset_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("head.json");
        let h = head(Vec::new());
        h.save(&path).unwrap();
        let json = std::fs::read_to_string(&path).unwrap();
        assert!(!json.contains("logit_offset"), "an empty offset is not written, so old heads stay byte-identical");
        let back = LinearHead::load(&path).unwrap();
        assert!(back.logit_offset.is_empty());
        assert_eq!(probs(&back), probs(&h));
    }

    #[test]
    fn logit_offset_of_the_wrong_length_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("head.json");
        head(vec![0.1, 0.2]).save(&path).unwrap();
        assert!(LinearHead::load(&path).is_err());
    }

    #[test]
    fn the_input_format_round_trips_and_old_heads_read_the_quote_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("head.json");
        let h = LinearHead { input: InputFormat::CueQuote, ..head(Vec::new()) };
        h.save(&path).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().contains(r#""input":"cue-quote""#));
        assert_eq!(LinearHead::load(&path).unwrap().input_format(), InputFormat::CueQuote);
        // A head written without the field (every head before it) reads the quote alone.
        head(Vec::new()).save(&path).unwrap();
        assert!(!std::fs::read_to_string(&path).unwrap().contains("input"));
        assert_eq!(LinearHead::load(&path).unwrap().input_format(), InputFormat::Quote);
    }
}
