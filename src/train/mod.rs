//! Fitting heads from labelled data.
//!
//! Input: labelled examples — quotes from labelled-data JSONL articles (the gold quote's
//! words, with the cue verb our extractor finds for it), or `{"text", "label"}` lines (the
//! label may also sit under the task's name: `{"text", "stance"}`). Output: a
//! [`LinearHead`] (logistic regression over the embedding and the chosen feature groups,
//! with a fitted temperature) and a [`TrainReport`] of k-fold cross-validation and
//! calibration. Deterministic for a given seed.

pub mod finetune;
pub mod logreg;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};
use serde::Serialize;

use crate::classify::features::{feature_vector, FeatureSet, HeadInput};
use crate::classify::{InputFormat, LinearHead, NgramModel};
use crate::error::{Error, Result};
use crate::eval::matched_cues;
use crate::ingest::Article;
use crate::pipeline::{classifier_text, find_quotes};
use crate::span::{CharOffsets, Span};
use logreg::{expected_calibration_error, fit, fit_domain_calibration, fit_temperature, softmax_offset_rows, softmax_rows, standardise, standardiser, FitConfig};

/// One labelled text.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub cue: Option<String>,
    pub label: String,
    /// The file it came from.
    pub source: String,
}

/// Reads examples for `task` from each file; bad lines are errors naming file and line.
/// A `{"text", "label"}` line counts as a `task` example.
pub fn read_examples(paths: &[PathBuf], task: &str) -> (Vec<Example>, Vec<Error>) {
    read_examples_with(paths, task, true)
}

/// Reads `task` examples from files that may label other tasks too (a fine-tune's extra
/// task): only the field named `task` counts (no `label` fallback), and lines without it
/// are skipped, not errors.
pub fn read_task_examples(paths: &[PathBuf], task: &str) -> (Vec<Example>, Vec<Error>) {
    read_examples_with(paths, task, false)
}

/// Rewrites each example's text into what a head with `format` reads (see
/// [`InputFormat::text`]); examples without a cue keep their text.
pub fn apply_input_format(examples: &mut [Example], format: InputFormat) {
    for e in examples {
        e.text = format.text(&e.text, e.cue.as_deref());
    }
}

fn read_examples_with(paths: &[PathBuf], task: &str, strict: bool) -> (Vec<Example>, Vec<Error>) {
    let mut examples = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let content = match std::fs::read_to_string(path) {
            Ok(c) => c,
            Err(e) => {
                errors.push(Error::io(path, e));
                continue;
            }
        };
        let source = path.file_name().and_then(|s| s.to_str()).unwrap_or("data").to_string();
        for (i, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| Error::BadLine { path: path.clone(), line: i + 1, message };
            let v: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(bad(format!("malformed JSON: {e}")));
                    continue;
                }
            };
            match examples_of(&v, task, &source, strict) {
                Ok(mut ex) => examples.append(&mut ex),
                Err(m) => errors.push(bad(m)),
            }
        }
    }
    (examples, errors)
}

fn examples_of(v: &serde_json::Value, task: &str, source: &str, strict: bool) -> std::result::Result<Vec<Example>, String> {
    let text = v.get("text").and_then(|t| t.as_str()).ok_or("missing field `text`")?;
    let Some(quotes) = v.get("quotes").and_then(|q| q.as_array()) else {
        let label = if strict { v.get(task).or_else(|| v.get("label")) } else { v.get(task) };
        let Some(label) = label.and_then(|l| l.as_str()) else {
            return if strict { Err(format!("missing field `{task}` or `label`")) } else { Ok(Vec::new()) };
        };
        return Ok(vec![Example { text: classifier_text(text), cue: None, label: label.to_string(), source: source.to_string() }]);
    };
    // A labelled article: find each gold quote's cue through the extractor.
    let analysis = find_quotes(Article::new("train", text));
    let offsets = CharOffsets::new(text);
    let mut gold: Vec<(Span, String)> = Vec::new();
    for (n, q) in quotes.iter().enumerate() {
        let Some(label) = q.get(task).and_then(|l| l.as_str()) else { continue };
        let quote = q.get("quote").and_then(|t| t.as_str()).ok_or(format!("quote {n}: missing field `quote`"))?;
        let span = match (q.get("start").and_then(|s| s.as_u64()), q.get("end").and_then(|s| s.as_u64())) {
            (Some(s), Some(e)) => offsets.span_of_chars(s as usize, e as usize).filter(|sp| sp.slice(text) == quote),
            _ => text.find(quote).map(|b| Span::new(b, b + quote.len())),
        }
        .ok_or(format!("quote {n}: not found in the text at its offsets"))?;
        gold.push((span, label.to_string()));
    }
    let spans: Vec<Span> = gold.iter().map(|(s, _)| *s).collect();
    let cues = matched_cues(text, &analysis, &spans);
    Ok(gold
        .into_iter()
        .zip(cues)
        .map(|((span, label), cue)| Example { text: classifier_text(span.slice(text)), cue, label, source: source.to_string() })
        .collect())
}

#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub task: String,
    pub features: FeatureSet,
    pub fit: FitConfig,
    pub folds: usize,
    pub seed: u64,
    /// Score cross-validation only on examples from this file (the others still train
    /// every fold): model selection on in-domain data while pooling other sources.
    pub score_source: Option<String>,
    /// Fit a per-label logit offset (and the temperature) on the out-of-fold logits of the
    /// `score_source` examples only, instead of the temperature alone on all of them.
    pub domain_offset: Option<DomainOffset>,
    /// Also fit a word n-gram model ([`fit_ngram`]) and average its probabilities with the
    /// embedding model's; cross-validation and the temperature are then of the average.
    pub ngram: bool,
}

/// How the domain offset is fitted (see [`logreg::fit_domain_calibration`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DomainOffset {
    /// Mean NLL of the in-domain examples: the offset also takes on their label prior.
    Nll,
    /// Class-balanced NLL: the offset corrects the domain's shift of the logits and keeps
    /// the uniform prior the class-weighted head was trained for.
    BalancedNll,
}

impl DomainOffset {
    pub const ALL: [DomainOffset; 2] = [DomainOffset::Nll, DomainOffset::BalancedNll];

    pub fn name(self) -> &'static str {
        match self {
            DomainOffset::Nll => "NLL",
            DomainOffset::BalancedNll => "class-balanced NLL",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CvScores {
    pub features: FeatureSet,
    pub macro_f1_mean: f64,
    pub macro_f1_sd: f64,
    pub accuracy: f64,
    pub per_class: BTreeMap<String, crate::eval::metrics::ClassScores>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub task: String,
    pub n_examples: usize,
    pub label_counts: BTreeMap<String, usize>,
    pub source_counts: BTreeMap<String, usize>,
    pub folds: usize,
    pub seed: u64,
    pub score_source: Option<String>,
    pub cv: CvScores,
    pub temperature: f32,
    /// Expected calibration error of the out-of-fold predictions, before and after the
    /// temperature (the temperature itself is fitted on those predictions).
    pub ece_uncalibrated: f32,
    pub ece_calibrated: f32,
    /// Whether cross-validation repeated the encoder fine-tune inside each fold (so the
    /// encoder never saw the scored fold), rather than reusing one fine-tuned encoder.
    pub nested: bool,
    /// Cross-validation of each way of fitting a domain offset (`cv_domain_offset`; only
    /// with a `score_source`).
    pub offset_cv: Vec<(DomainOffset, CvScores)>,
    /// The offset stored in the head (empty when none was fitted).
    pub logit_offset: Vec<f32>,
    pub domain_offset: Option<DomainOffset>,
    /// With `TrainConfig::ngram`: the n-gram model's vocabulary size and the
    /// cross-validation of the embedding model alone (same folds).
    pub ngram: Option<(usize, CvScores)>,
    /// The embedding model's out-of-fold logits (nested ones when given), one row per
    /// example, before any n-gram average: what `train --oof-out` writes.
    #[serde(skip)]
    pub oof: Array2<f32>,
}

/// splitmix64: a tiny deterministic generator for fold assignment.
pub(crate) fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Stratified fold of each example.
pub fn folds_of(y: &[usize], k: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut fold = vec![0; y.len()];
    for c in 0..k {
        let mut idx: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        // Fisher–Yates with the seeded generator.
        for i in (1..idx.len()).rev() {
            let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
            idx.swap(i, j);
        }
        for (r, &i) in idx.iter().enumerate() {
            fold[i] = r % folds;
        }
    }
    fold
}

/// The sorted label set of the examples, and each example's index in it.
pub fn label_index(examples: &[Example]) -> (Vec<String>, Vec<usize>) {
    let labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let y = examples.iter().map(|e| labels.iter().position(|l| *l == e.label).unwrap_or(0)).collect();
    (labels, y)
}

/// Each fold's index with its fit rows and held-out rows, among the rows `keep` accepts;
/// folds with either side empty are skipped.
fn fold_splits<'a>(fold: &'a [usize], folds: usize, keep: impl Fn(usize) -> bool + 'a) -> impl Iterator<Item = (usize, Vec<usize>, Vec<usize>)> + 'a {
    (0..folds).filter_map(move |f| {
        let (held, fit): (Vec<usize>, Vec<usize>) = (0..fold.len()).filter(|&i| keep(i)).partition(|&i| fold[i] == f);
        (!fit.is_empty() && !held.is_empty()).then_some((f, fit, held))
    })
}

/// Feature rows for examples whose embeddings are given (same order).
pub fn feature_matrix(features: &FeatureSet, examples: &[Example], embeddings: &[Vec<f32>]) -> Array2<f32> {
    let dim = embeddings.first().map_or(0, Vec::len);
    let width = features.width(dim);
    let mut x = Array2::<f32>::zeros((examples.len(), width));
    for (i, (e, v)) in examples.iter().zip(embeddings).enumerate() {
        let row = feature_vector(features, &HeadInput { embedding: v, text: &e.text, cue: e.cue.as_deref() });
        x.row_mut(i).assign(&Array1::from(row));
    }
    x
}

/// Out-of-fold logits of k-fold cross-validation, and the per-fold macro-F1 (over the
/// examples `scored` marks).
fn cross_validate(x: &Array2<f32>, y: &[usize], labels: &[String], scored: &[bool], config: &TrainConfig) -> (Array2<f32>, Vec<f64>) {
    let k = labels.len();
    let fold = folds_of(y, k, config.folds, config.seed);
    let mut oof = Array2::<f32>::zeros((y.len(), k));
    let mut f1s = Vec::new();
    for (_, train, test) in fold_splits(&fold, config.folds, |_| true) {
        f1s.push(fit_fold(x, y, labels, scored, config, &train, &test, &mut oof));
    }
    (oof, f1s)
}

/// One fold: the head fitted on the `train` rows of `x` (standardised on them), its
/// logits for the `test` rows written into `oof`; returns the fold's macro-F1 over the
/// test examples `scored` marks.
#[allow(clippy::too_many_arguments)]
fn fit_fold(x: &Array2<f32>, y: &[usize], labels: &[String], scored: &[bool], config: &TrainConfig, train: &[usize], test: &[usize], oof: &mut Array2<f32>) -> f64 {
    let k = labels.len();
    let xt = x.select(ndarray::Axis(0), train);
    let (mean, std) = standardiser(&xt);
    let fitted = fit(&standardise(&xt, &mean, &std), &train.iter().map(|&i| y[i]).collect::<Vec<_>>(), k, &config.fit);
    let logits = fitted.logits(&standardise(&x.select(ndarray::Axis(0), test), &mean, &std));
    let mut pairs = Vec::new();
    for (r, &i) in test.iter().enumerate() {
        oof.row_mut(i).assign(&logits.row(r));
        if scored[i] {
            pairs.push((labels[y[i]].clone(), labels[argmax(logits.row(r).iter())].clone()));
        }
    }
    crate::eval::metrics::label_scores(labels, &pairs).macro_f1
}

fn argmax<'a>(it: impl Iterator<Item = &'a f32>) -> usize {
    it.enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i)
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len().max(1) as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (m, var.sqrt())
}

/// Cross-validates one feature set; returns the scores and the out-of-fold logits.
pub fn cv_scores(x: &Array2<f32>, y: &[usize], labels: &[String], scored: &[bool], config: &TrainConfig) -> (CvScores, Array2<f32>) {
    let (oof, f1s) = cross_validate(x, y, labels, scored, config);
    let pairs: Vec<(String, String)> = y.iter().enumerate().filter(|(i, _)| scored[*i]).map(|(i, &c)| (labels[c].clone(), labels[argmax(oof.row(i).iter())].clone())).collect();
    let all = crate::eval::metrics::label_scores(labels, &pairs);
    let (m, sd) = mean_sd(&f1s);
    (CvScores { features: config.features, macro_f1_mean: m, macro_f1_sd: sd, accuracy: all.accuracy, per_class: all.per_class }, oof)
}

/// Which examples cross-validation scores (all, or those of `score_source`).
pub fn scored_mask(examples: &[Example], config: &TrainConfig) -> Vec<bool> {
    examples.iter().map(|e| config.score_source.as_ref().is_none_or(|s| &e.source == s)).collect()
}

/// The cross-validation scores of out-of-fold logits (made on the folds of `config`):
/// what `cv_scores` and `cv_fine_tuned` report, recomputed, e.g. from logits saved by an
/// earlier nested run (`train --oof-in`).
pub fn scores_of_oof(oof: &Array2<f32>, examples: &[Example], config: &TrainConfig) -> Result<CvScores> {
    let (labels, y) = label_index(examples);
    if oof.nrows() != examples.len() || oof.ncols() != labels.len() {
        return Err(Error::Invalid(format!("out-of-fold logits are {} × {}, the examples need {} × {}", oof.nrows(), oof.ncols(), examples.len(), labels.len())));
    }
    let scored = scored_mask(examples, config);
    let fold = folds_of(&y, labels.len(), config.folds, config.seed);
    let pairs_of = |rows: &mut dyn Iterator<Item = usize>| -> Vec<(String, String)> { rows.map(|i| (labels[y[i]].clone(), labels[argmax(oof.row(i).iter())].clone())).collect() };
    let f1s: Vec<f64> = (0..config.folds)
        .map(|f| pairs_of(&mut (0..y.len()).filter(|&i| scored[i] && fold[i] == f)))
        .filter(|p| !p.is_empty())
        .map(|p| crate::eval::metrics::label_scores(&labels, &p).macro_f1)
        .collect();
    let all = crate::eval::metrics::label_scores(&labels, &pairs_of(&mut (0..y.len()).filter(|&i| scored[i])));
    let (m, sd) = mean_sd(&f1s);
    Ok(CvScores { features: config.features, macro_f1_mean: m, macro_f1_sd: sd, accuracy: all.accuracy, per_class: all.per_class })
}

/// Cross-validation of a domain offset over out-of-fold logits, nested so the scores are
/// not optimistic: for each fold (the same folds as the logits'), the offset and
/// temperature are fitted on the scored examples of the other folds and applied to the
/// scored examples of this one. (Those other folds' logits come from heads that saw this
/// fold's examples, as in any calibration over out-of-fold predictions.)
pub fn cv_domain_offset(oof: &Array2<f32>, y: &[usize], labels: &[String], scored: &[bool], config: &TrainConfig, how: DomainOffset) -> CvScores {
    let fold = folds_of(y, labels.len(), config.folds, config.seed);
    let mut f1s = Vec::new();
    let mut all_pairs = Vec::new();
    for (_, fit_rows, test_rows) in fold_splits(&fold, config.folds, |i| scored[i]) {
        let cal = fit_domain_calibration(&oof.select(ndarray::Axis(0), &fit_rows), &fit_rows.iter().map(|&i| y[i]).collect::<Vec<_>>(), how == DomainOffset::BalancedNll);
        let p = softmax_offset_rows(&oof.select(ndarray::Axis(0), &test_rows), &cal.offset, cal.temperature);
        let pairs: Vec<(String, String)> = test_rows.iter().enumerate().map(|(r, &i)| (labels[y[i]].clone(), labels[argmax(p.row(r).iter())].clone())).collect();
        f1s.push(crate::eval::metrics::label_scores(labels, &pairs).macro_f1);
        all_pairs.extend(pairs);
    }
    let all = crate::eval::metrics::label_scores(labels, &all_pairs);
    let (m, sd) = mean_sd(&f1s);
    CvScores { features: config.features, macro_f1_mean: m, macro_f1_sd: sd, accuracy: all.accuracy, per_class: all.per_class }
}

/// Trains a head on all examples; k-fold CV gives the report and the temperature.
pub fn train(examples: &[Example], embeddings: &[Vec<f32>], config: &TrainConfig) -> Result<(LinearHead, TrainReport)> {
    train_with_cv(examples, embeddings, config, None)
}

/// Like `train`, but with the cross-validation already done (`cv_fine_tuned`'s scores and
/// out-of-fold logits, same example order) when given: the report and the temperature
/// then come from it.
pub fn train_with_cv(examples: &[Example], embeddings: &[Vec<f32>], config: &TrainConfig, nested: Option<(CvScores, Array2<f32>)>) -> Result<(LinearHead, TrainReport)> {
    let (labels, y) = label_index(examples);
    if labels.len() < 2 {
        return Err(Error::Invalid(format!("training `{}` needs at least two labels, found {:?}", config.task, labels)));
    }
    if config.folds < 2 {
        return Err(Error::Invalid("cross-validation needs at least 2 folds".into()));
    }
    let x = feature_matrix(&config.features, examples, embeddings);
    let is_nested = nested.is_some();
    let (cv, embedding_oof) = match nested {
        Some((cv, oof)) if oof.nrows() == examples.len() && oof.ncols() == labels.len() => (cv, oof),
        Some(_) => return Err(Error::Invalid("nested cross-validation does not match the examples".into())),
        None => cv_scores(&x, &y, &labels, &scored_mask(examples, config), config),
    };
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let (cv, oof, ngram_cv) = if config.ngram {
        if config.domain_offset.is_some() {
            return Err(Error::Invalid("a domain offset and the n-gram model cannot be combined".into()));
        }
        let fused = fuse_rows(&softmax_rows(&embedding_oof, 1.0), &ngram_oof(&texts, &y, labels.len(), config));
        (scores_of_oof(&fused, examples, config)?, fused, Some(cv))
    } else {
        (cv, embedding_oof.clone(), None)
    };
    let scored = scored_mask(examples, config);
    // Only over logits the scored examples' encoder never saw (nested) or when an offset is
    // asked for: over one encoder fine-tuned on everything, the numbers would flatter it.
    let offset_cv: Vec<(DomainOffset, CvScores)> = match config.score_source {
        Some(_) if !config.ngram && (is_nested || config.domain_offset.is_some()) => DomainOffset::ALL.iter().map(|&how| (how, cv_domain_offset(&oof, &y, &labels, &scored, config, how))).collect(),
        _ => Vec::new(),
    };
    let (temperature, logit_offset, ece_uncalibrated, ece_calibrated) = match config.domain_offset {
        None => {
            let temperature = fit_temperature(&oof, &y);
            (temperature, Vec::new(), expected_calibration_error(&softmax_rows(&oof, 1.0), &y, 10), expected_calibration_error(&softmax_rows(&oof, temperature), &y, 10))
        }
        Some(how) => {
            let rows: Vec<usize> = (0..y.len()).filter(|&i| scored[i]).collect();
            let (z, yy) = (oof.select(ndarray::Axis(0), &rows), rows.iter().map(|&i| y[i]).collect::<Vec<_>>());
            let cal = fit_domain_calibration(&z, &yy, how == DomainOffset::BalancedNll);
            let after = expected_calibration_error(&softmax_offset_rows(&z, &cal.offset, cal.temperature), &yy, 10);
            (cal.temperature, cal.offset, expected_calibration_error(&softmax_rows(&z, 1.0), &yy, 10), after)
        }
    };

    let (mean, std) = standardiser(&x);
    let fitted = fit(&standardise(&x, &mean, &std), &y, labels.len(), &config.fit);
    let head = LinearHead {
        task: config.task.clone(),
        labels: labels.clone(),
        features: config.features,
        dim: embeddings.first().map_or(0, Vec::len),
        mean: mean.to_vec(),
        std: std.to_vec(),
        weights: fitted.weights.rows().into_iter().map(|r| r.to_vec()).collect(),
        bias: fitted.bias.to_vec(),
        temperature,
        logit_offset: logit_offset.clone(),
        encoder_overlay: None,
        input: InputFormat::Quote,
        ngram: config.ngram.then(|| fit_ngram(&texts, &y, labels.len())),
        dir: None,
    };
    let mut label_counts = BTreeMap::new();
    let mut source_counts = BTreeMap::new();
    for e in examples {
        *label_counts.entry(e.label.clone()).or_default() += 1;
        *source_counts.entry(e.source.clone()).or_default() += 1;
    }
    let report = TrainReport {
        task: config.task.clone(),
        n_examples: examples.len(),
        label_counts,
        source_counts,
        folds: config.folds,
        seed: config.seed,
        score_source: config.score_source.clone(),
        cv,
        temperature,
        ece_uncalibrated,
        ece_calibrated,
        nested: is_nested,
        offset_cv,
        logit_offset,
        domain_offset: config.domain_offset,
        ngram: ngram_cv.map(|cv| (head.ngram.as_ref().map_or(0, |m| m.vocab.len()), cv)),
        oof: embedding_oof,
    };
    Ok((head, report))
}

/// Terms in fewer training texts than this are left out of the n-gram vocabulary.
pub const NGRAM_MIN_DF: usize = 2;
/// Inverse L2 strength of the n-gram model, in scikit-learn's scale (loss summed over the
/// class-weighted examples): `C = 4`. Set once, before any run.
pub const NGRAM_C: f32 = 4.0;

/// Fits the word n-gram model ([`NgramModel`]) on `texts` with labels `y` in `0..k`: the
/// vocabulary is every term in at least [`NGRAM_MIN_DF`] texts, and the logistic
/// regression is class-weighted with L2 `1 / (C · n)` on the mean loss.
pub fn fit_ngram(texts: &[&str], y: &[usize], k: usize) -> NgramModel {
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for t in texts {
        let mut seen = crate::classify::ngram::terms(t);
        seen.sort_unstable();
        seen.dedup();
        for term in seen {
            *df.entry(term).or_default() += 1;
        }
    }
    let n = texts.len() as f32;
    let (vocab, idf): (Vec<String>, Vec<f32>) = df.into_iter().filter(|(_, d)| *d >= NGRAM_MIN_DF).map(|(t, d)| (t, ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)).unzip();
    let mut model = NgramModel { weights: vec![vec![0.0; vocab.len()]; k], bias: vec![0.0; k], vocab, idf };
    let x = logreg::SparseRows { rows: texts.iter().map(|t| model.features(t)).collect(), width: model.vocab.len() };
    let fitted = logreg::fit_rows(&x, y, k, &FitConfig { l2: 1.0 / (NGRAM_C * n.max(1.0)), ..FitConfig::default() });
    model.weights = fitted.weights.rows().into_iter().map(|r| r.to_vec()).collect();
    model.bias = fitted.bias.to_vec();
    model
}

/// Out-of-fold probabilities of the n-gram model, on the folds of `train`'s
/// cross-validation (every example trains the folds it is not in).
fn ngram_oof(texts: &[&str], y: &[usize], k: usize, config: &TrainConfig) -> Array2<f32> {
    let fold = folds_of(y, k, config.folds, config.seed);
    let mut out = Array2::<f32>::from_elem((texts.len(), k), 1.0 / k as f32);
    for (_, fit_rows, held) in fold_splits(&fold, config.folds, |_| true) {
        let model = fit_ngram(&fit_rows.iter().map(|&i| texts[i]).collect::<Vec<_>>(), &fit_rows.iter().map(|&i| y[i]).collect::<Vec<_>>(), k);
        for i in held {
            out.row_mut(i).assign(&ndarray::Array1::from(model.probabilities(texts[i])));
        }
    }
    out
}

/// `ln((p + q) / 2)` row by row (see [`crate::classify::linear::fuse`]).
fn fuse_rows(p: &Array2<f32>, q: &Array2<f32>) -> Array2<f32> {
    let mut out = p.clone();
    for ((mut row, a), b) in out.rows_mut().into_iter().zip(p.rows()).zip(q.rows()) {
        row.assign(&ndarray::Array1::from(crate::classify::linear::fuse(&a.to_vec(), &b.to_vec())));
    }
    out
}

/// k-fold cross-validation of the whole recipe: in each fold the encoder's top layers are
/// fine-tuned afresh (`finetune::FineTuner::train_tasks`) on the fine-tune tasks' examples
/// whose text is not among the fold's held-out texts, the head is fitted on the fold's
/// training examples embedded by that encoder, and the held-out examples are scored. Same
/// folds as `train`'s cross-validation. Returns the scores and the out-of-fold logits.
/// With `cache`, each fold's embeddings are kept there as JSON under a key of everything
/// that determines them (the texts, the fine-tune pairs' sources, the fine-tune settings,
/// folds, seed), and reused, so that head settings can be cross-validated without
/// repeating the fine-tunes.
pub fn cv_fine_tuned(model_dir: &Path, examples: &[Example], ft_tasks: &[Vec<Example>], ft: &finetune::FineTuneConfig, config: &TrainConfig, cache: Option<&Path>) -> Result<(CvScores, Array2<f32>)> {
    let (labels, y) = label_index(examples);
    if labels.len() < 2 || config.folds < 2 {
        return Err(Error::Invalid(format!("cross-validating `{}` needs two labels and two folds", config.task)));
    }
    let k = labels.len();
    let scored = scored_mask(examples, config);
    let fold = folds_of(&y, k, config.folds, config.seed);
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let mut oof = Array2::<f32>::zeros((y.len(), k));
    let mut f1s = Vec::new();
    for (f, train, test) in fold_splits(&fold, config.folds, |_| true) {
        let held: std::collections::HashSet<&str> = test.iter().map(|&i| texts[i]).collect();
        let kept: Vec<(Vec<&str>, Vec<&str>)> = ft_tasks
            .iter()
            .map(|task| task.iter().filter(|e| !held.contains(e.text.as_str())).map(|e| (e.text.as_str(), e.label.as_str())).unzip())
            .collect();
        let views: Vec<(&[&str], &[&str])> = kept.iter().map(|(t, l)| (t.as_slice(), l.as_slice())).collect();
        let cached = cache.map(|dir| dir.join(format!("fold-{:016x}.json", fold_key(model_dir, &texts, &views, ft, config, f))));
        let embeddings = match cached.as_deref().and_then(|p| std::fs::read_to_string(p).ok()).and_then(|s| serde_json::from_str::<Vec<Vec<f32>>>(&s).ok()) {
            Some(e) if e.len() == texts.len() => e,
            _ => {
                let mut tuner = finetune::FineTuner::new(model_dir, ft)?;
                tuner.train_tasks(&views, ft)?;
                let e = tuner.embed(&texts)?;
                if let Some(path) = &cached {
                    let json = serde_json::to_string(&e).map_err(|err| Error::Json { what: path.display().to_string(), source: err })?;
                    std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).map_err(|err| Error::io(path, err))?;
                    std::fs::write(path, json).map_err(|err| Error::io(path, err))?;
                }
                e
            }
        };
        let x = feature_matrix(&config.features, examples, &embeddings);
        f1s.push(fit_fold(&x, &y, &labels, &scored, config, &train, &test, &mut oof));
    }
    let pairs: Vec<(String, String)> = y.iter().enumerate().filter(|(i, _)| scored[*i]).map(|(i, &c)| (labels[c].clone(), labels[argmax(oof.row(i).iter())].clone())).collect();
    let all = crate::eval::metrics::label_scores(&labels, &pairs);
    let (m, sd) = mean_sd(&f1s);
    Ok((CvScores { features: config.features, macro_f1_mean: m, macro_f1_sd: sd, accuracy: all.accuracy, per_class: all.per_class }, oof))
}

/// FNV-1a over everything that determines a fold's fine-tuned embeddings.
fn fold_key(model_dir: &Path, texts: &[&str], ft_views: &[(&[&str], &[&str])], ft: &finetune::FineTuneConfig, config: &TrainConfig, fold: usize) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(model_dir.display().to_string().as_bytes());
    eat(format!("{ft:?} folds={} seed={} fold={fold}", config.folds, config.seed).as_bytes());
    for t in texts {
        eat(t.as_bytes());
    }
    for (t, l) in ft_views {
        for (t, l) in t.iter().zip(l.iter()) {
            eat(t.as_bytes());
            eat(l.as_bytes());
        }
    }
    h
}

/// Licences of the data sets the project knows, for model cards.
fn licence_of(source: &str) -> &'static str {
    let s = source.to_lowercase();
    if s.contains("plover") {
        "PLOVER gold-standard records (CC BY-SA 4.0)"
    } else if s.contains("newsmtsc") {
        "NewsMTSC (MIT; sentences belong to their publishers)"
    } else if s.contains("casino") {
        "CaSiNo (CC BY 4.0)"
    } else if s.contains("statements") {
        "written for this project (datasets/written/)"
    } else if s == "train.jsonl" {
        "news-quotes train split (publishers' texts, used for training only; never committed)"
    } else {
        "see the data's own licence"
    }
}

/// A model card in Markdown: data, sizes, features, cross-validation and calibration.
pub fn model_card(report: &TrainReport, ablation: &[CvScores], data: &[PathBuf], command: &str) -> String {
    let mut md = format!("# standpoint {} head\n\n", report.task);
    md += "Multinomial logistic regression over the all-MiniLM-L6-v2 sentence embedding of the quote \
           (mean-pooled, L2-normalised) and the hand-made feature groups below, with class weights \
           and a softmax temperature fitted on out-of-fold predictions.\n\n";
    md += &format!("Reproduce with:\n\n```\n{command}\n```\n\n## Data\n\n| file | examples | licence |\n|---|---|---|\n");
    for (src, n) in &report.source_counts {
        md += &format!("| {src} | {n} | {} |\n", licence_of(src));
    }
    md += &format!("\nPaths: {}.\n\nLabels: {}.\n\n", data.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", "), report.label_counts.iter().map(|(l, n)| format!("{l} {n}")).collect::<Vec<_>>().join(", "));
    let scored_on = report.score_source.as_ref().map_or(String::new(), |s| format!(", scored on {s} only"));
    let how = if report.nested { "; the encoder fine-tune is repeated inside each fold, so no fold's encoder saw its scored examples" } else { "" };
    md += &format!("## Cross-validation ({} folds, seed {}{scored_on}{how})\n\nmacro-F1 {:.3} ± {:.3}, accuracy {:.3}, features: {:?}.\n\n| label | P | R | F1 | support |\n|---|---|---|---|---|\n", report.folds, report.seed, report.cv.macro_f1_mean, report.cv.macro_f1_sd, report.cv.accuracy, report.cv.features);
    for (l, c) in &report.cv.per_class {
        md += &format!("| {l} | {:.3} | {:.3} | {:.3} | {} |\n", c.precision, c.recall, c.f1, c.support);
    }
    if !ablation.is_empty() {
        md += "\n## What each feature group adds (same folds)\n\n| embedding | negation/modal | cue verb | lexicon | macro-F1 |\n|---|---|---|---|---|\n";
        for a in ablation {
            let f = a.features;
            md += &format!("| {} | {} | {} | {} | {:.3} ± {:.3} |\n", f.embedding, f.negation, f.cue, f.lexicon, a.macro_f1_mean, a.macro_f1_sd);
        }
    }
    if !report.offset_cv.is_empty() {
        md += "\n## Domain offset (same folds, nested)\n\nA per-label offset added to the logits, with the temperature, fitted on the out-of-fold logits \
               of the scored examples only; each fold's offset is fitted on the other folds' scored examples.\n\n| offset | macro-F1 |";
        for l in report.cv.per_class.keys() {
            md += &format!(" {l} F1 |");
        }
        md += &format!("\n|---|---|{}\n| none | {:.3} ± {:.3} |", "---|".repeat(report.cv.per_class.len()), report.cv.macro_f1_mean, report.cv.macro_f1_sd);
        for c in report.cv.per_class.values() {
            md += &format!(" {:.3} |", c.f1);
        }
        for (how, cv) in &report.offset_cv {
            md += &format!("\n| {} | {:.3} ± {:.3} |", how.name(), cv.macro_f1_mean, cv.macro_f1_sd);
            for c in cv.per_class.values() {
                md += &format!(" {:.3} |", c.f1);
            }
        }
        md += "\n";
    }
    if let Some((vocab, alone)) = &report.ngram {
        md += &format!(
            "\n## Word n-gram model\n\nBeside the embedding model: logistic regression over TF-IDF weights of the words and word pairs of the same text \
             ({vocab} terms found in at least {NGRAM_MIN_DF} training texts; sublinear term frequency, L2-normalised; class-weighted, C = {NGRAM_C}). \
             The head averages the two models' probabilities; the scores above are of the average. The embedding model alone, same folds: \
             macro-F1 {:.3} ± {:.3}",
            alone.macro_f1_mean, alone.macro_f1_sd
        );
        for (l, c) in &alone.per_class {
            md += &format!(", {l} {:.3}", c.f1);
        }
        md += ".\n";
    }
    match report.domain_offset {
        None => {
            md += &format!(
                "\n## Calibration\n\nTemperature {:.3}. Expected calibration error (10 bins, out-of-fold): {:.3} before, {:.3} after.\n\n",
                report.temperature, report.ece_uncalibrated, report.ece_calibrated
            )
        }
        Some(how) => {
            let offsets: Vec<String> = report.cv.per_class.keys().zip(&report.logit_offset).map(|(l, o)| format!("{l} {o:+.3}")).collect();
            md += &format!(
                "\n## Calibration\n\nDomain offset ({}, fitted on the out-of-fold logits of {} only): {}; temperature {:.3}. \
                 Expected calibration error on those examples (10 bins, out-of-fold): {:.3} before, {:.3} after.\n\n",
                how.name(),
                report.score_source.as_deref().unwrap_or("all examples"),
                offsets.join(", "),
                report.temperature,
                report.ece_uncalibrated,
                report.ece_calibrated
            )
        }
    }
    md += "Cross-validation mixes all training sources; the held-out numbers that count are \
           `standpoint evaluate` on data never trained on (see the README's accuracy section).\n";
    md
}

/// Writes `head.json` and `MODEL_CARD.md` into `dir`.
pub fn save(dir: &Path, head: &LinearHead, card: &str) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    head.save(&dir.join("head.json"))?;
    let card_path = dir.join("MODEL_CARD.md");
    std::fs::write(&card_path, card).map_err(|e| Error::io(&card_path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 60 in-domain examples (source `news`) whose logits under-rate label `c` by 2, and 30
    /// others; labels a, b, c in turn.
    fn shifted() -> (Vec<Example>, Array2<f32>, TrainConfig) {
        let labels = ["a", "b", "c"];
        let mut examples = Vec::new();
        let mut rows = Vec::new();
        let mut state = 3u64;
        for i in 0..90 {
            let c = i % 3;
            let news = i < 60;
            examples.push(Example { text: format!("t{i}"), cue: None, label: labels[c].into(), source: if news { "news".into() } else { "other".into() } });
            for j in 0..3 {
                let noise = (splitmix(&mut state) % 1000) as f32 / 1000.0 - 0.5;
                rows.push(if j == c { 1.5 } else { 0.0 } + noise - if news && j == 2 { 2.0 } else { 0.0 });
            }
        }
        let config = TrainConfig { task: "stance".into(), features: FeatureSet::ALL, fit: FitConfig::default(), folds: 3, seed: 7, score_source: Some("news".into()), domain_offset: Some(DomainOffset::BalancedNll), ngram: false };
        (examples, Array2::from_shape_vec((90, 3), rows).unwrap(), config)
    }

    #[test]
    fn a_nested_domain_offset_undoes_a_shift_of_the_logits() {
        let (examples, oof, config) = shifted();
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let y: Vec<usize> = (0..90).map(|i| i % 3).collect();
        let scored = scored_mask(&examples, &config);
        let plain = scores_of_oof(&oof, &examples, &config).unwrap();
        let offset = cv_domain_offset(&oof, &y, &labels, &scored, &config, DomainOffset::BalancedNll);
        assert!(plain.per_class["c"].recall < 0.3, "{plain:?}");
        assert!(offset.macro_f1_mean > plain.macro_f1_mean + 0.2, "{} -> {}", plain.macro_f1_mean, offset.macro_f1_mean);
        assert!(offset.per_class["c"].recall > 0.8, "{offset:?}");
    }

    #[test]
    fn the_offset_fitted_for_the_head_comes_from_the_scored_examples_only() {
        let (examples, oof, config) = shifted();
        let embeddings: Vec<Vec<f32>> = (0..90).map(|i| vec![(i % 3) as f32, 1.0]).collect();
        let nested = Some((scores_of_oof(&oof, &examples, &config).unwrap(), oof));
        let (head, report) = train_with_cv(&examples, &embeddings, &config, nested).unwrap();
        assert_eq!(head.logit_offset, report.logit_offset);
        // Label c is raised against a and b by about the shift of the news examples.
        assert!(head.logit_offset[2] - head.logit_offset[0] > 1.0, "{:?}", head.logit_offset);
        assert_eq!(report.offset_cv.len(), 2);
    }
}
