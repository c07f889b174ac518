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

/// A summary being built one quote at a time, so that a corpus can be aggregated in
/// chunks without keeping every analysed article.
#[derive(Debug, Clone)]
pub struct Tally {
    name: String,
    kind: ActorKind,
    aliases: Vec<String>,
    n_quotes: usize,
    stance_counts: BTreeMap<String, usize>,
    stance_sums: BTreeMap<String, f64>,
    sentiment_sum: f64,
    /// Per stance label, the [`N_EVIDENCE`] quotes most probable under it, best first
    /// (earlier quotes win ties). The dominant label is known only at the end.
    best: BTreeMap<String, Vec<(f32, Evidence)>>,
}

impl Tally {
    pub fn new(name: &str, kind: ActorKind) -> Tally {
        Tally {
            name: name.to_string(),
            kind,
            aliases: Vec::new(),
            n_quotes: 0,
            stance_counts: BTreeMap::new(),
            stance_sums: BTreeMap::new(),
            sentiment_sum: 0.0,
            best: BTreeMap::new(),
        }
    }

    pub fn add_aliases(&mut self, aliases: &[String]) {
        for alias in aliases {
            if !self.aliases.contains(alias) {
                self.aliases.push(alias.clone());
            }
        }
    }

    /// Counts quote `quote_idx` of article `a`.
    pub fn add(&mut self, a: &ArticleAnalysis, quote_idx: usize) {
        let (Some(q), Some(j)) = (a.extraction.quotes.get(quote_idx), a.judgments.get(quote_idx)) else { return };
        self.n_quotes += 1;
        *self.stance_counts.entry(j.stance.label.clone()).or_default() += 1;
        for (l, p) in &j.stance.probs {
            *self.stance_sums.entry(l.clone()).or_default() += f64::from(*p);
            let best = self.best.entry(l.clone()).or_default();
            if best.len() < N_EVIDENCE || best.last().is_some_and(|(worst, _)| *p > *worst) {
                let evidence = Evidence {
                    article_id: a.article.id.clone(),
                    quote_idx,
                    text: q.span.slice(&a.article.text).to_string(),
                    stance: j.stance.label.clone(),
                    confidence: j.stance.confidence,
                };
                let at = best.iter().position(|(other, _)| *p > *other).unwrap_or(best.len());
                best.insert(at, (*p, evidence));
                best.truncate(N_EVIDENCE);
            }
        }
        self.sentiment_sum += f64::from(j.sentiment.prob("positive") - j.sentiment.prob("negative"));
    }

    /// The summary, or `None` for an actor with no quotes.
    pub fn finish(self) -> Option<Summary> {
        if self.n_quotes == 0 {
            return None;
        }
        let n = self.n_quotes as f64;
        let stance_mean: BTreeMap<String, f32> = self.stance_sums.iter().map(|(l, s)| (l.clone(), (s / n) as f32)).collect();
        let dominant_stance = self
            .stance_counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| stance_mean[a.0].total_cmp(&stance_mean[b.0])))
            .map(|(l, _)| l.clone())
            .unwrap_or_default();
        let overall_stance = overall_stance(&self.stance_counts, &stance_mean);
        // Evidence: the quotes that most clearly show the dominant stance.
        let mut best = self.best;
        let evidence = best.remove(&dominant_stance).unwrap_or_default().into_iter().map(|(_, e)| e).collect();
        Some(Summary {
            actor: self.name,
            kind: self.kind,
            n_quotes: self.n_quotes,
            stance_counts: self.stance_counts,
            stance_mean,
            dominant_stance,
            overall_stance,
            mean_sentiment: (self.sentiment_sum / n) as f32,
            aliases: self.aliases,
            evidence,
        })
    }
}

/// Summaries of every actor of one article, in order of first mention.
pub fn per_article(a: &ArticleAnalysis) -> Vec<Summary> {
    a.cast
        .actors
        .iter()
        .filter_map(|actor| {
            let mut tally = Tally::new(&actor.name, actor.kind);
            tally.add_aliases(&actor.aliases);
            for i in quote_indices(a, actor.id) {
                tally.add(a, i);
            }
            tally.finish()
        })
        .collect()
}

fn quote_indices(a: &ArticleAnalysis, id: ActorId) -> impl Iterator<Item = usize> + '_ {
    a.cast.speaker_of.iter().enumerate().filter(move |(_, s)| **s == Some(id)).map(|(i, _)| i)
}

/// Corpus-wide summaries, built from articles added in any number of chunks. Named
/// people and organisations merge by canonical name (case-folded); unnamed descriptions
/// stay per article.
#[derive(Debug, Default)]
pub struct CorpusTally {
    groups: BTreeMap<String, Tally>,
}

impl CorpusTally {
    pub fn add(&mut self, a: &ArticleAnalysis) {
        for actor in &a.cast.actors {
            let named = matches!(actor.kind, ActorKind::Person | ActorKind::Organisation)
                && actor.name.chars().next().is_some_and(char::is_uppercase);
            let key = if named { actor.name.to_lowercase() } else { format!("{}\u{0}{}", actor.name.to_lowercase(), a.article.id) };
            let tally = self.groups.entry(key).or_insert_with(|| Tally::new(&actor.name, actor.kind));
            tally.add_aliases(&actor.aliases);
            for i in quote_indices(a, actor.id) {
                tally.add(a, i);
            }
        }
    }

    /// Summaries sorted by number of quotes (then name).
    pub fn finish(self) -> Vec<Summary> {
        let mut out: Vec<Summary> = self.groups.into_values().filter_map(Tally::finish).collect();
        out.sort_by(|a, b| b.n_quotes.cmp(&a.n_quotes).then_with(|| a.actor.cmp(&b.actor)));
        out
    }
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
