//! Label-set files: a task's labels, each with a description and example phrases. They
//! define prototype classifiers, and users write their own (`--labels FILE.toml`).

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSet {
    /// The task the labels are for: "stance", "sentiment" or any name.
    pub task: String,
    /// Softmax temperature over cosine similarities: smaller is more confident.
    #[serde(default = "default_temperature")]
    pub temperature: f32,
    pub labels: Vec<LabelDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDef {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub examples: Vec<String>,
}

fn default_temperature() -> f32 {
    0.05
}

/// The built-in label sets, compiled into the binary so it runs from any folder.
pub const DEFAULT_STANCE: &str = include_str!("../../models/labels/stance.toml");
pub const DEFAULT_SENTIMENT: &str = include_str!("../../models/labels/sentiment.toml");

impl LabelSet {
    pub fn from_toml(src: &str, origin: &Path) -> Result<LabelSet> {
        let set: LabelSet = toml::from_str(src)
            .map_err(|e| Error::Config { path: origin.to_path_buf(), message: e.to_string() })?;
        set.validate(origin)?;
        Ok(set)
    }

    pub fn from_file(path: &Path) -> Result<LabelSet> {
        let src = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        LabelSet::from_toml(&src, path)
    }

    pub fn default_stance() -> Result<LabelSet> {
        LabelSet::from_toml(DEFAULT_STANCE, Path::new("<built-in stance.toml>"))
    }

    pub fn default_sentiment() -> Result<LabelSet> {
        LabelSet::from_toml(DEFAULT_SENTIMENT, Path::new("<built-in sentiment.toml>"))
    }

    pub fn names(&self) -> Vec<String> {
        self.labels.iter().map(|l| l.name.clone()).collect()
    }

    fn validate(&self, origin: &Path) -> Result<()> {
        let bad = |message: String| Err(Error::Config { path: origin.to_path_buf(), message });
        if self.labels.len() < 2 {
            return bad("a label set needs at least two labels".into());
        }
        if !(self.temperature > 0.0) {
            return bad(format!("temperature must be positive, got {}", self.temperature));
        }
        let mut seen = std::collections::HashSet::new();
        for l in &self.labels {
            if l.name.trim().is_empty() {
                return bad("a label has an empty name".into());
            }
            if !seen.insert(l.name.as_str()) {
                return bad(format!("label `{}` appears twice", l.name));
            }
            if l.description.trim().is_empty() && l.examples.is_empty() {
                return bad(format!("label `{}` needs a description or examples", l.name));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_label_sets_parse() {
        assert_eq!(LabelSet::default_stance().unwrap().names(), vec!["concessive", "uncompromising", "neutral"]);
        assert_eq!(LabelSet::default_sentiment().unwrap().names(), vec!["positive", "negative", "neutral"]);
    }

    #[test]
    fn bad_label_sets_name_the_problem() {
        let e = LabelSet::from_toml("task = \"x\"\n[[labels]]\nname = \"a\"\ndescription = \"d\"\n", Path::new("l.toml")).unwrap_err();
        assert!(e.to_string().contains("at least two labels"), "{e}");
        let e = LabelSet::from_toml("task = \"x\"\ncolour = 1\nlabels = []", Path::new("l.toml")).unwrap_err();
        assert!(e.to_string().starts_with("l.toml:"), "{e}");
    }
}
