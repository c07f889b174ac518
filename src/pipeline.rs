//! The orchestrator: articles in, per-quote judgments and per-article casts out.
//!
//! The CPU stages (segment, quotes, actors) run on rayon over articles; the encoder runs
//! once over every quote of the whole batch (deduplicated, length-sorted) on the calling
//! thread; the heads score each embedding. Results come back in input order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::actors::aliases::AliasTable;
use crate::actors::{self, Cast};
use crate::classify::{Head, HeadInput, Judgment, LabelSet, LinearHead, PrototypeHead};
use crate::encode::{Encoder, EncoderConfig};
use crate::error::Result;
use crate::ingest::Article;
use crate::quotes::{self, Extraction};
use crate::segment::{self, Document};

/// Everything the pipeline found in one article.
#[derive(Debug, Clone)]
pub struct ArticleAnalysis {
    pub article: Article,
    pub document: Document,
    pub extraction: Extraction,
    pub cast: Cast,
    /// One judgment per quote, same order as `extraction.quotes`.
    pub judgments: Vec<Judgment>,
}

/// Which classifier a task uses.
#[derive(Debug, Clone)]
pub enum HeadSpec {
    /// A prototype classifier from a label set (no training).
    Prototype(LabelSet),
    /// A head trained by `standpoint train`.
    Trained(LinearHead),
}

impl HeadSpec {
    pub fn labels(&self) -> Vec<String> {
        match self {
            HeadSpec::Prototype(set) => set.names(),
            HeadSpec::Trained(head) => head.labels.clone(),
        }
    }

    fn build(&self, encoder: &Encoder) -> Result<Box<dyn Head>> {
        Ok(match self {
            HeadSpec::Prototype(set) => Box::new(PrototypeHead::build(set, encoder)?),
            HeadSpec::Trained(head) => Box::new(head.clone()),
        })
    }

    /// The trained head in `models/heads/<task>/head.json` when there is one, else the
    /// built-in prototype label set.
    pub fn default_for(task: &str, models_dir: &Path) -> Result<HeadSpec> {
        let path = models_dir.join("heads").join(task).join("head.json");
        if path.is_file() {
            return Ok(HeadSpec::Trained(LinearHead::load(&path)?));
        }
        HeadSpec::prototype_for(task)
    }

    /// The built-in prototype classifier for "stance" or "sentiment".
    pub fn prototype_for(task: &str) -> Result<HeadSpec> {
        Ok(HeadSpec::Prototype(match task {
            "sentiment" => LabelSet::default_sentiment()?,
            _ => LabelSet::default_stance()?,
        }))
    }
}

/// What `Pipeline::load` needs.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    pub encoder: EncoderConfig,
    pub stance: HeadSpec,
    pub sentiment: HeadSpec,
    /// A user's alias file (canonical name → other names); empty by default.
    pub aliases: AliasTable,
}

pub struct Pipeline {
    pub encoder: Encoder,
    pub stance: Box<dyn Head>,
    pub sentiment: Box<dyn Head>,
    pub aliases: AliasTable,
}

/// A text to judge, with the cue verb that introduced it when known.
#[derive(Debug, Clone)]
pub struct QuoteInput {
    pub text: String,
    pub cue: Option<String>,
}

impl Pipeline {
    pub fn load(config: &PipelineConfig) -> Result<Pipeline> {
        let encoder = Encoder::load(&config.encoder)?;
        let stance = config.stance.build(&encoder)?;
        let sentiment = config.sentiment.build(&encoder)?;
        Ok(Pipeline { encoder, stance, sentiment, aliases: config.aliases.clone() })
    }

    /// Runs every stage on a batch of articles.
    pub fn analyze(&self, articles: Vec<Article>) -> Result<Vec<ArticleAnalysis>> {
        // Only the alias table crosses into rayon's threads; the model stays here.
        let aliases = &self.aliases;
        let mut found: Vec<ArticleAnalysis> = articles
            .into_par_iter()
            .map(|a| {
                let mut found = find_quotes(a);
                aliases.apply(&mut found.cast);
                found
            })
            .collect();
        let inputs: Vec<QuoteInput> = found
            .iter()
            .flat_map(|a| a.extraction.quotes.iter().map(|q| quote_input(&a.article.text, q)))
            .collect();
        let mut judgments = self.judge(&inputs)?.into_iter();
        for a in &mut found {
            a.judgments = judgments.by_ref().take(a.extraction.quotes.len()).collect();
        }
        Ok(found)
    }

    /// Stance and sentiment of arbitrary texts (gold spans in `evaluate`, for example).
    pub fn judge(&self, inputs: &[QuoteInput]) -> Result<Vec<Judgment>> {
        let texts: Vec<&str> = inputs.iter().map(|i| i.text.as_str()).collect();
        let vectors = self.encoder.embed(&texts)?;
        Ok(vectors
            .iter()
            .zip(inputs)
            .map(|(v, i)| {
                let input = HeadInput { embedding: v, text: &i.text, cue: i.cue.as_deref() };
                Judgment { stance: self.stance.predict(&input), sentiment: self.sentiment.predict(&input) }
            })
            .collect())
    }
}

/// What the heads see for a quote: its words as they stand in the article (outer
/// quotation marks trimmed) and its cue verb.
pub fn quote_input(text: &str, q: &quotes::Quote) -> QuoteInput {
    QuoteInput { text: classifier_text(q.span.slice(text)), cue: q.cue.map(|c| c.slice(text).to_string()) }
}

pub fn classifier_text(quote: &str) -> String {
    quote.trim_matches(|c: char| c.is_whitespace() || "“”\"".contains(c)).to_string()
}

/// The CPU stages for one article: segment, quotes, speakers.
pub fn find_quotes(article: Article) -> ArticleAnalysis {
    let document = segment::segment(&article.text);
    let extraction = quotes::extract(&article.text, &document);
    let cast = actors::resolve(&article.text, &document, &extraction.quotes);
    ArticleAnalysis { article, document, extraction, cast, judgments: Vec::new() }
}

/// The `models/` folder: `$STANDPOINT_MODELS`, else `models` here, else beside the binary's
/// repository (`target/release/../../models`).
pub fn default_models_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("STANDPOINT_MODELS") {
        return PathBuf::from(dir);
    }
    let rel = PathBuf::from("models");
    if rel.join("labels").is_dir() {
        return rel;
    }
    if let Ok(exe) = std::env::current_exe() {
        for anc in exe.ancestors().skip(1).take(4) {
            if anc.join("models").join("labels").is_dir() {
                return anc.join("models");
            }
        }
    }
    rel
}
