//! Measuring the pipeline against labelled articles, exactly as
//! `shared/spec/labelled-data.md` defines it.
//!
//! Input: a [`GoldSet`] and a loaded [`Pipeline`]. Output: an [`EvalReport`] (quote
//! P/R/F1 at overlap and exact match, per-kind recall, speaker accuracy, stance and
//! sentiment in two modes, actor overall stance, and a majority-class baseline) and an
//! [`ErrorLog`] of every miss, false alarm, wrong speaker and wrong label.

pub mod gold;
pub mod matching;
pub mod metrics;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

pub use gold::{read_gold, GoldArticle, GoldSet, LabelSpace};
use matching::{match_spans, speaker_matches, CharSpan};
use metrics::{label_scores, LabelScores, Prf};

use crate::classify::Prediction;
use crate::error::{Error, Result};
use crate::pipeline::{classifier_text, ArticleAnalysis, Pipeline, QuoteInput};
use crate::span::{CharOffsets, Span};

pub const MISSED: &str = "(missed)";

#[derive(Debug, Clone, Serialize)]
pub struct QuoteScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub exact_precision: f64,
    pub exact_recall: f64,
    pub exact_f1: f64,
    /// Recall per gold kind (direct, indirect, mixed).
    pub by_kind: BTreeMap<String, KindRecall>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindRecall {
    pub n_gold: usize,
    pub n_found: usize,
    pub recall: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Accuracy {
    pub n: usize,
    pub correct: usize,
    pub accuracy: f64,
}

impl Accuracy {
    fn new(correct: usize, n: usize) -> Accuracy {
        Accuracy { n, correct, accuracy: if n == 0 { 0.0 } else { correct as f64 / n as f64 } }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TwoModes {
    pub gold_spans: LabelScores,
    pub end_to_end: LabelScores,
    /// Expected calibration error of the gold-span predictions (10 bins); absent for the
    /// baseline, which has no probabilities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold_spans_ece: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    /// The majority label of the gold quotes being scored (an optimistic baseline: it
    /// knows the test set's class balance).
    pub stance_label: Option<String>,
    pub stance: Option<TwoModes>,
    pub sentiment_label: Option<String>,
    pub sentiment: Option<TwoModes>,
    pub actors: Option<Accuracy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub n_articles: usize,
    pub n_gold_quotes: usize,
    pub n_predicted_quotes: usize,
    pub n_bad_lines: usize,
    pub quotes: QuoteScores,
    pub speakers: Accuracy,
    pub stance: Option<TwoModes>,
    pub sentiment: Option<TwoModes>,
    pub actors: Option<Accuracy>,
    pub baseline: Baseline,
}

/// One error worth looking at, with its context.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorItem {
    pub article_id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub context: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ErrorLog {
    pub missed_quotes: Vec<ErrorItem>,
    pub false_alarms: Vec<ErrorItem>,
    /// Matched quotes whose span is not exactly the gold span (`text` is the gold span,
    /// `predicted` the found one).
    pub inexact_quotes: Vec<ErrorItem>,
    pub wrong_speakers: Vec<ErrorItem>,
    pub wrong_stance: Vec<ErrorItem>,
    pub wrong_sentiment: Vec<ErrorItem>,
    pub wrong_actor_stance: Vec<ErrorItem>,
}

impl ErrorLog {
    /// Writes one JSONL file per kind of error into `dir`.
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        for (name, items) in [
            ("missed_quotes", &self.missed_quotes),
            ("false_alarms", &self.false_alarms),
            ("inexact_quotes", &self.inexact_quotes),
            ("wrong_speakers", &self.wrong_speakers),
            ("wrong_stance", &self.wrong_stance),
            ("wrong_sentiment", &self.wrong_sentiment),
            ("wrong_actor_stance", &self.wrong_actor_stance),
        ] {
            let path = dir.join(format!("{name}.jsonl"));
            let mut out = String::new();
            for item in items {
                out += &serde_json::to_string(item).map_err(|e| Error::Json { what: path.display().to_string(), source: e })?;
                out.push('\n');
            }
            std::fs::write(&path, out).map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }
}

/// One label task's (gold, predicted) pairs in both modes, the gold-span confidences, and
/// the gold-span mistakes.
#[derive(Default)]
struct TaskTally {
    e2e: Vec<(String, String)>,
    gold_spans: Vec<(String, String)>,
    confidence: Vec<(f32, bool)>,
    wrong: Vec<ErrorItem>,
}

impl TaskTally {
    /// `e2e` is the prediction on the matched quote (none: missed); `judged` the
    /// prediction on the gold span.
    fn add(&mut self, gold: &str, e2e: Option<&Prediction>, judged: Option<&Prediction>, item: impl Fn() -> ErrorItem, note: String) {
        self.e2e.push((gold.to_string(), e2e.map_or(MISSED.to_string(), |p| p.label.clone())));
        if let Some(j) = judged {
            self.confidence.push((j.confidence, j.label == gold));
            self.gold_spans.push((gold.to_string(), j.label.clone()));
            if j.label != gold {
                let mut it = item();
                it.gold = Some(gold.to_string());
                it.predicted = Some(j.label.clone());
                it.note = Some(note);
                self.wrong.push(it);
            }
        }
    }

    fn modes(&self, labels: &[String]) -> Option<TwoModes> {
        (!self.e2e.is_empty()).then(|| TwoModes {
            gold_spans: label_scores(labels, &self.gold_spans),
            end_to_end: label_scores(labels, &self.e2e),
            gold_spans_ece: Some(metrics::calibration_error(&self.confidence, 10)),
        })
    }
}

/// Runs the pipeline on every gold article and scores it.
pub fn evaluate(pipeline: &Pipeline, gold: &GoldSet) -> Result<(EvalReport, ErrorLog)> {
    let analyses = pipeline.analyze(gold.articles.iter().map(GoldArticle::article).collect())?;
    // Gold-span mode: the heads get the gold quote's words, and the cue verb our extractor
    // found for it when it found the quote.
    let mut gold_inputs = Vec::new();
    for (g, a) in gold.articles.iter().zip(&analyses) {
        gold_inputs.extend(gold_quote_inputs(g, a));
    }
    let gold_judgments = pipeline.judge(&gold_inputs)?;
    let labels = LabelSpace { stance: pipeline.stance.labels().to_vec(), sentiment: pipeline.sentiment.labels().to_vec() };
    Ok(score(gold, &analyses, Some((&gold_judgments, &labels))))
}

/// Quotes and speakers only, without the encoder: the CPU stages run on every gold article
/// and are scored exactly as [`evaluate`] scores them. The report has no label scores.
pub fn evaluate_quotes(gold: &GoldSet) -> (EvalReport, ErrorLog) {
    use rayon::prelude::*;
    let analyses: Vec<ArticleAnalysis> = gold.articles.par_iter().map(|g| crate::pipeline::find_quotes(g.article())).collect();
    score(gold, &analyses, None)
}

/// Scores the analyses against the gold articles. `judged` holds the judgments of the gold
/// spans (one per gold quote, in order) and the label space; without it (and without
/// judgments in the analyses) only quotes and speakers are scored.
fn score(gold: &GoldSet, analyses: &[ArticleAnalysis], judged: Option<(&[crate::classify::Judgment], &LabelSpace)>) -> (EvalReport, ErrorLog) {
    let mut log = ErrorLog::default();
    let (mut n_gold, mut n_pred, mut n_matched, mut n_exact) = (0, 0, 0, 0);
    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut speaker_ok, mut speaker_n) = (0, 0);
    let mut stance = TaskTally::default();
    let mut sentiment = TaskTally::default();
    let (mut actor_ok, mut actor_n) = (0, 0);
    let mut actor_gold_labels: Vec<String> = Vec::new();
    let mut gold_judgments = judged.map(|(j, _)| j.iter());

    for (g, a) in gold.articles.iter().zip(analyses) {
        let offsets = CharOffsets::new(&g.text);
        let pred_spans: Vec<CharSpan> = a.extraction.quotes.iter().map(|q| offsets.chars(q.span)).collect();
        let gold_spans: Vec<CharSpan> = g.quotes.iter().map(|q| offsets.chars(q.span)).collect();
        let pairs = match_spans(&pred_spans, &gold_spans);
        n_gold += gold_spans.len();
        n_pred += pred_spans.len();
        n_matched += pairs.len();
        n_exact += gold_spans.iter().filter(|gs| pred_spans.contains(gs)).count();
        let pred_of_gold: BTreeMap<usize, usize> = pairs.iter().map(|&(p, gi)| (gi, p)).collect();
        let gold_of_pred: BTreeMap<usize, usize> = pairs.iter().map(|&(p, gi)| (p, gi)).collect();
        let item = |span: Span| ErrorItem {
            article_id: g.id.clone(),
            start: offsets.char_of_byte(span.start),
            end: offsets.char_of_byte(span.end),
            text: span.slice(&g.text).to_string(),
            context: context(&g.text, span),
            gold: None,
            predicted: None,
            kind: None,
            note: None,
        };
        let speaker_name = |p: usize| {
            a.cast.speaker_of.get(p).copied().flatten().map(|id| a.cast.actors[id.0].name.clone()).unwrap_or_default()
        };

        for (gi, gq) in g.quotes.iter().enumerate() {
            let judged_here = gold_judgments.as_mut().and_then(|j| j.next());
            let kind = gq.kind.clone().unwrap_or_else(|| "unknown".into());
            let entry = kinds.entry(kind.clone()).or_default();
            entry.0 += 1;
            let matched = pred_of_gold.get(&gi).copied();
            if matched.is_some() {
                entry.1 += 1;
            } else {
                let mut it = item(gq.span);
                it.gold = Some(gq.speaker.clone());
                it.kind = Some(kind.clone());
                log.missed_quotes.push(it);
            }
            if let Some(p) = matched {
                speaker_n += 1;
                let predicted = speaker_name(p);
                if speaker_matches(&predicted, &gq.speaker, &gq.speaker_mentions) {
                    speaker_ok += 1;
                } else {
                    let mut it = item(gq.span);
                    it.gold = Some(gq.speaker.clone());
                    it.predicted = Some(if predicted.is_empty() { "(none)".into() } else { predicted });
                    it.note = a.extraction.quotes[p].cue.map(|c| format!("cue: {}", c.slice(&g.text)));
                    log.wrong_speakers.push(it);
                }
                if a.extraction.quotes[p].span != gq.span {
                    let mut it = item(gq.span);
                    it.predicted = Some(a.extraction.quotes[p].span.slice(&g.text).to_string());
                    it.kind = Some(kind.clone());
                    log.inexact_quotes.push(it);
                }
            }
            if judged.is_none() {
                continue;
            }
            let j = judged_here;
            if let Some(gs) = &gq.stance {
                let e2e = matched.map(|p| &a.judgments[p].stance);
                stance.add(gs, e2e, j.map(|j| &j.stance), || item(gq.span), format!("gold spans; speaker {}", gq.speaker));
            }
            if let Some(gs) = &gq.sentiment {
                let e2e = matched.map(|p| &a.judgments[p].sentiment);
                sentiment.add(gs, e2e, j.map(|j| &j.sentiment), || item(gq.span), "gold spans".to_string());
            }
        }
        for (p, q) in a.extraction.quotes.iter().enumerate() {
            if !gold_of_pred.contains_key(&p) {
                let mut it = item(q.span);
                it.predicted = Some(speaker_name(p));
                it.kind = Some(q.kind.as_str().to_string());
                log.false_alarms.push(it);
            }
        }
        // Actors: every gold actor's overall stance against the predicted actor's.
        for (actor, gold_stance) in g.actor_stance.iter().filter(|_| judged.is_some()) {
            let mentions: Vec<String> = g.quotes.iter().filter(|q| &q.speaker == actor).flat_map(|q| q.speaker_mentions.clone()).collect();
            let pred_quotes: Vec<usize> = (0..a.extraction.quotes.len()).filter(|&p| speaker_matches(&speaker_name(p), actor, &mentions)).collect();
            let predicted = if pred_quotes.is_empty() {
                "(no quotes found)".to_string()
            } else {
                gold::overall_from(pred_quotes.iter().map(|&p| (a.judgments[p].stance.label.as_str(), false))).unwrap_or_default()
            };
            actor_n += 1;
            actor_gold_labels.push(gold_stance.clone());
            if &predicted == gold_stance {
                actor_ok += 1;
            } else {
                log.wrong_actor_stance.push(ErrorItem {
                    article_id: g.id.clone(),
                    start: 0,
                    end: 0,
                    text: actor.clone(),
                    context: String::new(),
                    gold: Some(gold_stance.clone()),
                    predicted: Some(predicted),
                    kind: None,
                    note: Some(format!("{} predicted quotes", pred_quotes.len())),
                });
            }
        }
    }

    let overlap = Prf::from_counts(n_matched, n_pred, n_gold);
    let exact = Prf::from_counts(n_exact, n_pred, n_gold);
    let by_kind = kinds
        .into_iter()
        .map(|(k, (n, f))| (k, KindRecall { n_gold: n, n_found: f, recall: if n == 0 { 0.0 } else { f as f64 / n as f64 } }))
        .collect();
    let has_actors = gold.has_stance && actor_n > 0;
    let no_labels = LabelSpace { stance: Vec::new(), sentiment: Vec::new() };
    let labels = judged.map_or(&no_labels, |(_, l)| l);
    let (stance_labels, sentiment_labels) = (&labels.stance, &labels.sentiment);
    let report = EvalReport {
        n_articles: gold.articles.len(),
        n_gold_quotes: n_gold,
        n_predicted_quotes: n_pred,
        n_bad_lines: gold.errors.len(),
        quotes: QuoteScores {
            precision: overlap.precision,
            recall: overlap.recall,
            f1: overlap.f1,
            exact_precision: exact.precision,
            exact_recall: exact.recall,
            exact_f1: exact.f1,
            by_kind,
        },
        speakers: Accuracy::new(speaker_ok, speaker_n),
        stance: stance.modes(stance_labels),
        sentiment: sentiment.modes(sentiment_labels),
        actors: has_actors.then(|| Accuracy::new(actor_ok, actor_n)),
        baseline: baseline(stance_labels, sentiment_labels, &stance.e2e, &sentiment.e2e, &actor_gold_labels),
    };
    log.wrong_stance = stance.wrong;
    log.wrong_sentiment = sentiment.wrong;
    (report, log)
}

/// The cue verb of the predicted quote matched to each gold span (spec matching), if any.
pub fn matched_cues(text: &str, a: &ArticleAnalysis, gold: &[Span]) -> Vec<Option<String>> {
    let offsets = CharOffsets::new(text);
    let pred: Vec<CharSpan> = a.extraction.quotes.iter().map(|q| offsets.chars(q.span)).collect();
    let gold_chars: Vec<CharSpan> = gold.iter().map(|s| offsets.chars(*s)).collect();
    let mut cues = vec![None; gold.len()];
    for (p, g) in match_spans(&pred, &gold_chars) {
        cues[g] = a.extraction.quotes[p].cue.map(|c| c.slice(text).to_string());
    }
    cues
}

/// The head inputs for a gold article's quotes: the gold words, with the cue of the
/// predicted quote matched to each (when there is one).
pub fn gold_quote_inputs(g: &GoldArticle, a: &ArticleAnalysis) -> Vec<QuoteInput> {
    let spans: Vec<Span> = g.quotes.iter().map(|q| q.span).collect();
    g.quotes
        .iter()
        .zip(matched_cues(&g.text, a, &spans))
        .map(|(q, cue)| QuoteInput { text: classifier_text(q.span.slice(&g.text)), cue })
        .collect()
}

fn majority(labels: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for l in labels {
        *counts.entry(l).or_default() += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(l, _)| l)
}

/// Every quote gets the majority gold label; end to end, missed quotes stay missed.
fn baseline(
    stance_labels: &[String],
    sentiment_labels: &[String],
    stance_e2e: &[(String, String)],
    sentiment_e2e: &[(String, String)],
    actor_gold: &[String],
) -> Baseline {
    let modes = |labels: &[String], e2e: &[(String, String)]| -> (Option<String>, Option<TwoModes>) {
        let Some(m) = majority(e2e.iter().map(|(g, _)| g.clone())) else { return (None, None) };
        let gold_pairs: Vec<(String, String)> = e2e.iter().map(|(g, _)| (g.clone(), m.clone())).collect();
        let e2e_pairs: Vec<(String, String)> =
            e2e.iter().map(|(g, p)| (g.clone(), if p == MISSED { MISSED.to_string() } else { m.clone() })).collect();
        (Some(m), Some(TwoModes { gold_spans: label_scores(labels, &gold_pairs), end_to_end: label_scores(labels, &e2e_pairs), gold_spans_ece: None }))
    };
    let (stance_label, stance) = modes(stance_labels, stance_e2e);
    let (sentiment_label, sentiment) = modes(sentiment_labels, sentiment_e2e);
    let actors = majority(actor_gold.iter().cloned()).map(|m| Accuracy::new(actor_gold.iter().filter(|g| **g == m).count(), actor_gold.len()));
    Baseline { stance_label, stance, sentiment_label, sentiment, actors }
}

/// The paragraph around a span, cut to about 400 characters.
fn context(text: &str, span: Span) -> String {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..].find('\n').map_or(text.len(), |i| span.end + i);
    let para = &text[start..end];
    if para.chars().count() <= 400 {
        return para.to_string();
    }
    let from = text[..span.start].char_indices().rev().nth(150).map_or(start, |(i, _)| i.max(start));
    let to = text[span.end..].char_indices().nth(150).map_or(end, |(i, _)| (span.end + i).min(end));
    format!("…{}…", &text[from..to])
}
