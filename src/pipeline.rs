//! The orchestrator: articles in, per-quote judgments and per-article casts out.
//!
//! The CPU stages (segment, quotes, actors) run on rayon over articles; the encoder runs
//! once over every quote of the whole batch (deduplicated, length-sorted) on the calling
//! thread; the heads score each embedding. Results come back in input order.

use rayon::prelude::*;

use crate::actors::{self, Cast};
use crate::classify::{Head, Judgment, LabelSet, PrototypeHead};
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

/// What `Pipeline::load` needs.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    pub encoder: EncoderConfig,
    pub stance_labels: LabelSet,
    pub sentiment_labels: LabelSet,
}

pub struct Pipeline {
    pub encoder: Encoder,
    pub stance: Box<dyn Head>,
    pub sentiment: Box<dyn Head>,
}

impl Pipeline {
    pub fn load(config: &PipelineConfig) -> Result<Pipeline> {
        let encoder = Encoder::load(&config.encoder)?;
        let stance = Box::new(PrototypeHead::build(&config.stance_labels, &encoder)?);
        let sentiment = Box::new(PrototypeHead::build(&config.sentiment_labels, &encoder)?);
        Ok(Pipeline { encoder, stance, sentiment })
    }

    /// Runs every stage on a batch of articles.
    pub fn analyze(&self, articles: Vec<Article>) -> Result<Vec<ArticleAnalysis>> {
        let mut found: Vec<ArticleAnalysis> = articles.into_par_iter().map(find_quotes).collect();
        let texts: Vec<String> = found
            .iter()
            .flat_map(|a| a.extraction.quotes.iter().map(|q| classifier_input(&a.article.text, q)))
            .collect();
        let mut judgments = self.judge(&texts)?.into_iter();
        for a in &mut found {
            a.judgments = judgments.by_ref().take(a.extraction.quotes.len()).collect();
        }
        Ok(found)
    }

    /// Stance and sentiment of arbitrary texts (gold spans in `evaluate`, for example).
    pub fn judge<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Judgment>> {
        let vectors = self.encoder.embed(texts)?;
        Ok(vectors
            .iter()
            .map(|v| Judgment { stance: self.stance.predict(v), sentiment: self.sentiment.predict(v) })
            .collect())
    }
}

/// The text a head sees for a quote: the quoted words as they stand in the article.
pub fn classifier_input(text: &str, q: &quotes::Quote) -> String {
    q.span.slice(text).trim_matches(|c: char| c.is_whitespace() || "“”\"".contains(c)).to_string()
}

/// The CPU stages for one article: segment, quotes, speakers.
pub fn find_quotes(article: Article) -> ArticleAnalysis {
    let document = segment::segment(&article.text);
    let extraction = quotes::extract(&article.text, &document);
    let cast = actors::resolve(&article.text, &document, &extraction.quotes);
    ArticleAnalysis { article, document, extraction, cast, judgments: Vec::new() }
}
