//! A bag of word n-grams beside the embedding: logistic regression over TF-IDF weights of
//! the words and word pairs of the text a head reads. Its probabilities are averaged with
//! the embedding head's (see [`super::LinearHead`]), which sees topic and tone well but
//! blurs the exact words ("non-starter", "welcome") a lexical model keeps.
//!
//! Words are lower-cased runs of two or more letters, digits or underscores (scikit-learn's
//! default tokens); a term is a word or two adjacent words joined by a space. A text's
//! vector is `(1 + ln tf) · idf` per known term, L2-normalised.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NgramModel {
    /// Terms, sorted (looked up by binary search).
    pub vocab: Vec<String>,
    /// `ln((1 + n) / (1 + df)) + 1` per term, from the training texts.
    pub idf: Vec<f32>,
    /// `weights[label][term]`.
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
}

/// The lower-cased words of `text`.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            current.extend(c.to_lowercase());
        } else {
            if current.chars().count() >= 2 {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
        }
    }
    out
}

/// Unigrams and bigrams of `text`, in order, with repeats.
pub fn terms(text: &str) -> Vec<String> {
    let w = words(text);
    let bigrams = w.windows(2).map(|p| format!("{} {}", p[0], p[1]));
    w.iter().cloned().chain(bigrams).collect()
}

impl NgramModel {
    /// The text's TF-IDF vector as (term index, weight) pairs, L2-normalised; terms outside
    /// the vocabulary are dropped.
    pub fn features(&self, text: &str) -> Vec<(usize, f32)> {
        let mut idx: Vec<usize> = terms(text).iter().filter_map(|t| self.vocab.binary_search_by(|v| v.as_str().cmp(t)).ok()).collect();
        idx.sort_unstable();
        let mut out: Vec<(usize, f32)> = Vec::new();
        for i in idx {
            match out.last_mut() {
                Some((j, tf)) if *j == i => *tf += 1.0,
                _ => out.push((i, 1.0)),
            }
        }
        for (i, v) in &mut out {
            *v = (1.0 + v.ln()) * self.idf[*i];
        }
        let norm = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, v) in &mut out {
                *v /= norm;
            }
        }
        out
    }

    pub fn logits(&self, text: &str) -> Vec<f32> {
        let x = self.features(text);
        self.weights.iter().zip(&self.bias).map(|(w, b)| b + x.iter().map(|&(i, v)| w[i] * v).sum::<f32>()).collect()
    }

    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        super::softmax(&self.logits(text), 1.0)
    }

    /// Checks the shapes against `k` labels, and that the vocabulary is sorted.
    pub fn validate(&self, k: usize) -> Result<(), String> {
        let v = self.vocab.len();
        if self.idf.len() != v || self.weights.len() != k || self.bias.len() != k || self.weights.iter().any(|w| w.len() != v) {
            return Err(format!("the n-gram model must have {v} idf values, {k} × {v} weights and {k} biases"));
        }
        if self.vocab.windows(2).any(|p| p[0] >= p[1]) {
            return Err("the n-gram vocabulary must be sorted and without repeats".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_terms_follow_the_usual_tokens() {
        assert_eq!(words("We won't budge, a Non-Starter!"), vec!["we", "won", "budge", "non", "starter"]);
        assert_eq!(terms("Rules out talks"), vec!["rules", "out", "talks", "rules out", "out talks"]);
        assert!(words("a ! ?").is_empty());
    }

    #[test]
    fn features_are_tf_idf_and_unit_length() {
        let m = NgramModel { vocab: vec!["deal".into(), "no".into(), "no deal".into()], idf: vec![1.0, 2.0, 3.0], weights: vec![vec![0.0; 3]; 2], bias: vec![0.0; 2] };
        let f = m.features("No deal, no deal, NO.");
        let get = |i: usize| f.iter().find(|(j, _)| *j == i).map(|(_, v)| *v).unwrap();
        // tf: deal 2, no 3, "no deal" 2; unknown "deal no" dropped.
        let raw = [(1.0 + 2f32.ln()) * 1.0, (1.0 + 3f32.ln()) * 2.0, (1.0 + 2f32.ln()) * 3.0];
        let norm = raw.iter().map(|v| v * v).sum::<f32>().sqrt();
        for (i, r) in raw.iter().enumerate() {
            assert!((get(i) - r / norm).abs() < 1e-6);
        }
        assert!(m.features("nothing known here").is_empty());
        assert!(m.validate(2).is_ok());
        assert!(NgramModel { vocab: vec!["b".into(), "a".into()], idf: vec![1.0; 2], weights: vec![vec![0.0; 2]; 2], bias: vec![0.0; 2] }.validate(2).is_err());
    }
}
