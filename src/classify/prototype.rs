//! The prototype classifier: each label's prototype is the normalised mean embedding of
//! its description and examples; a text's probabilities are a softmax over its cosine
//! similarity to each prototype.

use crate::encode::Encoder;
use crate::error::Result;

use super::{dot, softmax, Head, HeadInput, LabelSet};

#[derive(Debug, Clone)]
pub struct PrototypeHead {
    task: String,
    labels: Vec<String>,
    prototypes: Vec<Vec<f32>>,
    temperature: f32,
}

impl PrototypeHead {
    /// Embeds the label set's descriptions and examples (one batch for all labels).
    pub fn build(set: &LabelSet, encoder: &Encoder) -> Result<PrototypeHead> {
        let mut texts: Vec<&str> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        for (i, l) in set.labels.iter().enumerate() {
            if !l.description.trim().is_empty() {
                texts.push(&l.description);
                owner.push(i);
            }
            for e in &l.examples {
                texts.push(e);
                owner.push(i);
            }
        }
        let vectors = encoder.embed(&texts)?;
        let dim = encoder.dim();
        let mut prototypes = vec![vec![0.0f32; dim]; set.labels.len()];
        for (v, &i) in vectors.iter().zip(&owner) {
            for (p, x) in prototypes[i].iter_mut().zip(v) {
                *p += x;
            }
        }
        for p in &mut prototypes {
            let norm = p.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            p.iter_mut().for_each(|x| *x /= norm);
        }
        Ok(PrototypeHead { task: set.task.clone(), labels: set.names(), prototypes, temperature: set.temperature })
    }
}

impl Head for PrototypeHead {
    fn task(&self) -> &str {
        &self.task
    }

    fn labels(&self) -> &[String] {
        &self.labels
    }

    fn probabilities(&self, input: &HeadInput) -> Vec<f32> {
        let sims: Vec<f32> = self.prototypes.iter().map(|p| dot(p, input.embedding)).collect();
        softmax(&sims, self.temperature)
    }
}
