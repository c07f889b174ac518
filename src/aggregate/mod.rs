//! Per-actor summaries, per article and across the corpus.
//!
//! Input: analysed articles. Output: [`Summary`] rows: quote counts, the stance
//! distribution, the dominant and overall stance, mean sentiment and the strongest
//! evidence quotes. Across the corpus, named people and organisations merge by canonical
//! name (case-folded); unnamed descriptions ("the union") stay per article, since the
//! same words name different parties in different articles.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::actors::{ActorId, ActorKind};
use crate::pipeline::ArticleAnalysis;

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub article_id: String,
    pub quote_idx: usize,
    pub text: String,
    pub stance: String,
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub actor: String,
    pub kind: ActorKind,
    pub n_quotes: usize,
    /// Quotes per stance label.
    pub stance_counts: BTreeMap<String, usize>,
    /// Mean probability of each stance label over the actor's quotes.
    pub stance_mean: BTreeMap<String, f32>,
    /// The most frequent stance label (ties go to the higher mean probability).
    pub dominant_stance: String,
    /// The spec's rule: `mixed` with both concessive and uncompromising quotes, else the
    /// one of those present, else `neutral`. Only for label sets that have both labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall_stance: Option<String>,
    /// Mean of P(positive) − P(negative), from −1 to 1.
    pub mean_sentiment: f32,
    pub aliases: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// Number of evidence quotes kept per actor.
pub const N_EVIDENCE: usize = 3;

/// One quote's contribution to a summary.
struct Item<'a> {
    analysis: &'a ArticleAnalysis,
    quote_idx: usize,
}

/// Summaries of every actor of one article, in order of first mention.
pub fn per_article(a: &ArticleAnalysis) -> Vec<Summary> {
    a.cast
        .actors
        .iter()
        .filter_map(|actor| {
            let items: Vec<Item> = quote_indices(a, actor.id).map(|quote_idx| Item { analysis: a, quote_idx }).collect();
            summarise(&actor.name, actor.kind, actor.aliases.clone(), &items)
        })
        .collect()
}

fn quote_indices(a: &ArticleAnalysis, id: ActorId) -> impl Iterator<Item = usize> + '_ {
    a.cast.speaker_of.iter().enumerate().filter(move |(_, s)| **s == Some(id)).map(|(i, _)| i)
}

/// Corpus-wide summaries, sorted by number of quotes (then name).
pub fn corpus(analyses: &[ArticleAnalysis]) -> Vec<Summary> {
    let mut groups: BTreeMap<String, (String, ActorKind, Vec<String>, Vec<Item>)> = BTreeMap::new();
    for a in analyses {
        for actor in &a.cast.actors {
            let named = matches!(actor.kind, ActorKind::Person | ActorKind::Organisation)
                && actor.name.chars().next().is_some_and(char::is_uppercase);
            let key = if named { actor.name.to_lowercase() } else { format!("{}\u{0}{}", actor.name.to_lowercase(), a.article.id) };
            let entry = groups.entry(key).or_insert_with(|| (actor.name.clone(), actor.kind, Vec::new(), Vec::new()));
            for alias in &actor.aliases {
                if !entry.2.contains(alias) {
                    entry.2.push(alias.clone());
                }
            }
            entry.3.extend(quote_indices(a, actor.id).map(|quote_idx| Item { analysis: a, quote_idx }));
        }
    }
    let mut out: Vec<Summary> = groups
        .into_values()
        .filter_map(|(name, kind, aliases, items)| summarise(&name, kind, aliases, &items))
        .collect();
    out.sort_by(|a, b| b.n_quotes.cmp(&a.n_quotes).then_with(|| a.actor.cmp(&b.actor)));
    out
}

fn summarise(name: &str, kind: ActorKind, aliases: Vec<String>, items: &[Item]) -> Option<Summary> {
    if items.is_empty() {
        return None;
    }
    let mut stance_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut stance_mean: BTreeMap<String, f32> = BTreeMap::new();
    let mut sentiment = 0.0f32;
    for it in items {
        let j = &it.analysis.judgments[it.quote_idx];
        *stance_counts.entry(j.stance.label.clone()).or_default() += 1;
        for (l, p) in &j.stance.probs {
            *stance_mean.entry(l.clone()).or_default() += p / items.len() as f32;
        }
        sentiment += (j.sentiment.prob("positive") - j.sentiment.prob("negative")) / items.len() as f32;
    }
    let dominant_stance = stance_counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| stance_mean[a.0].total_cmp(&stance_mean[b.0])))
        .map(|(l, _)| l.clone())
        .unwrap_or_default();
    let overall_stance = overall_stance(&stance_counts, &stance_mean);

    // Evidence: the quotes that most clearly show the dominant stance.
    let mut ranked: Vec<&Item> = items.iter().collect();
    ranked.sort_by(|a, b| {
        let pa = a.analysis.judgments[a.quote_idx].stance.prob(&dominant_stance);
        let pb = b.analysis.judgments[b.quote_idx].stance.prob(&dominant_stance);
        pb.total_cmp(&pa)
    });
    let evidence = ranked
        .iter()
        .take(N_EVIDENCE)
        .map(|it| {
            let a = it.analysis;
            let q = &a.extraction.quotes[it.quote_idx];
            let j = &a.judgments[it.quote_idx];
            Evidence {
                article_id: a.article.id.clone(),
                quote_idx: it.quote_idx,
                text: q.span.slice(&a.article.text).to_string(),
                stance: j.stance.label.clone(),
                confidence: j.stance.confidence,
            }
        })
        .collect();
    Some(Summary {
        actor: name.to_string(),
        kind,
        n_quotes: items.len(),
        stance_counts,
        stance_mean,
        dominant_stance,
        overall_stance,
        mean_sentiment: sentiment,
        aliases,
        evidence,
    })
}

/// The spec's actor rule, for label sets that have concessive and uncompromising.
pub fn overall_stance(counts: &BTreeMap<String, usize>, means: &BTreeMap<String, f32>) -> Option<String> {
    if !means.contains_key("concessive") || !means.contains_key("uncompromising") {
        return None;
    }
    let has = |l: &str| counts.get(l).copied().unwrap_or(0) > 0;
    Some(
        match (has("concessive"), has("uncompromising")) {
            (true, true) => "mixed",
            (true, false) => "concessive",
            (false, true) => "uncompromising",
            (false, false) => "neutral",
        }
        .to_string(),
    )
}
