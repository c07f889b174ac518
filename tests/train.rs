//! `standpoint train`: a head trained on the project's small fixture survives a save and
//! load with identical probabilities, and the CLI writes a head and a model card.

mod common;

use standpoint::classify::{FeatureSet, Head, HeadInput, LinearHead};
use standpoint::encode::{Encoder, EncoderConfig};
use standpoint::train::{self, logreg::FitConfig, TrainConfig};

#[test]
fn a_trained_head_round_trips_with_the_same_probabilities() {
    let (examples, errors) = train::read_examples(&[common::repo().join("tests/fixtures/gold-small.jsonl")], "stance");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(examples.len(), 24);
    let encoder = Encoder::load(&EncoderConfig::new(common::repo().join("models/all-MiniLM-L6-v2"))).unwrap();
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let embeddings = encoder.embed(&texts).unwrap();
    let config = TrainConfig { task: "stance".into(), features: FeatureSet::ALL, fit: FitConfig::default(), folds: 3, seed: 7, score_source: None, domain_offset: None, ngram: false };
    let (head, report) = train::train(&examples, &embeddings, &config).unwrap();
    assert_eq!(report.n_examples, 24);
    assert!(report.temperature > 0.0);
    assert!((0.0..=1.0).contains(&report.ece_calibrated));

    let dir = tempfile::tempdir().unwrap();
    let card = train::model_card(&report, &[], &[], "standpoint train …");
    train::save(dir.path(), &head, &card).unwrap();
    let loaded = LinearHead::load(&dir.path().join("head.json")).unwrap();
    for (e, v) in examples.iter().zip(&embeddings) {
        let input = HeadInput { embedding: v, text: &e.text, cue: e.cue.as_deref() };
        assert_eq!(head.probabilities(&input), loaded.probabilities(&input));
    }
    // The same seed gives the same head.
    let (again, _) = train::train(&examples, &embeddings, &config).unwrap();
    assert_eq!(again.weights, head.weights);
}

#[test]
fn the_cli_writes_a_head_and_a_model_card() {
    let out = tempfile::tempdir().unwrap();
    let o = common::standpoint(&["train", "--task", "sentiment", "--data", "tests/fixtures/gold-small.jsonl", "--folds", "3", "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let head = LinearHead::load(&out.path().join("head.json")).unwrap();
    assert_eq!(head.labels, vec!["negative", "neutral", "positive"]);
    let card = std::fs::read_to_string(out.path().join("MODEL_CARD.md")).unwrap();
    assert!(card.contains("## Cross-validation") && card.contains("## Calibration"), "{card}");
    // The head plugs into evaluate, beside the default stance head (trained over the
    // fine-tuned encoder overlay, so the base encoder is loaded as well for this head).
    let o = common::standpoint(&["evaluate", "--gold", "tests/fixtures/gold-small.jsonl", "--sentiment-head", out.path().join("head.json").to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["sentiment"]["gold_spans"]["n"].as_u64().unwrap() > 0);
    // A head that names an overlay which is not there is a clear error naming the file.
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.path().join("head.json")).unwrap()).unwrap();
    json["encoder_overlay"] = serde_json::json!("no-such-overlay.safetensors");
    let broken = out.path().join("broken.json");
    std::fs::write(&broken, json.to_string()).unwrap();
    let o = common::standpoint(&["evaluate", "--gold", "tests/fixtures/gold-small.jsonl", "--sentiment-head", broken.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("no-such-overlay.safetensors"), "{}", common::stderr(&o));
}

#[test]
fn each_head_reads_the_text_its_input_format_makes() {
    use standpoint::classify::InputFormat;
    use standpoint::pipeline::{HeadSpec, Pipeline, PipelineConfig, QuoteInput};
    let (examples, _) = train::read_examples(&[common::repo().join("tests/fixtures/gold-small.jsonl")], "stance");
    let model_dir = common::repo().join("models/all-MiniLM-L6-v2");
    let encoder = Encoder::load(&EncoderConfig::new(model_dir.clone())).unwrap();
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let config = TrainConfig { task: "stance".into(), features: FeatureSet::ALL, fit: FitConfig::default(), folds: 3, seed: 7, score_source: None, domain_offset: None, ngram: false };
    let (head, _) = train::train(&examples, &encoder.embed(&texts).unwrap(), &config).unwrap();
    let cue_head = LinearHead { input: InputFormat::CueQuote, ..head.clone() };
    // Stance reads "cue: quote", sentiment (the same weights) the quote alone.
    let defaults = PipelineConfig::with_default_heads(EncoderConfig::new(model_dir), &common::repo().join("models")).unwrap();
    let pipeline = Pipeline::load(&PipelineConfig { stance: HeadSpec::Trained(cue_head.clone()), sentiment: HeadSpec::Trained(head.clone()), recheck_margin: 0.0, ..defaults }).unwrap();
    let judged = pipeline.judge(&[QuoteInput { text: "a truce".into(), cue: Some("ruled out".into()) }]).unwrap();
    let expect = |h: &LinearHead, text: &str| {
        let v = encoder.embed(&[text]).unwrap().remove(0);
        h.probabilities(&HeadInput { embedding: &v, text, cue: Some("ruled out") })
    };
    let close = |got: &standpoint::classify::Prediction, want: &[f32]| head.labels.iter().zip(want).all(|(l, w)| (got.prob(l) - w).abs() < 1e-4);
    let (with_cue, alone) = (expect(&cue_head, "ruled out: a truce"), expect(&head, "a truce"));
    assert!(close(&judged[0].stance, &with_cue), "{:?} vs {with_cue:?}", judged[0].stance);
    assert!(close(&judged[0].sentiment, &alone), "{:?} vs {alone:?}", judged[0].sentiment);
    // The two readings differ, so the check above can tell them apart.
    assert!(with_cue.iter().zip(&alone).any(|(a, b)| (a - b).abs() > 1e-3), "{with_cue:?} {alone:?}");
}

#[test]
fn a_head_with_the_word_ngram_model_round_trips_and_uses_it() {
    let (examples, _) = train::read_examples(&[common::repo().join("tests/fixtures/gold-small.jsonl")], "sentiment");
    let encoder = Encoder::load(&EncoderConfig::new(common::repo().join("models/all-MiniLM-L6-v2"))).unwrap();
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let embeddings = encoder.embed(&texts).unwrap();
    let config = TrainConfig { task: "sentiment".into(), features: FeatureSet::ALL, fit: FitConfig::default(), folds: 3, seed: 7, score_source: None, domain_offset: None, ngram: true };
    let (head, report) = train::train(&examples, &embeddings, &config).unwrap();
    let ngram = head.ngram.as_ref().expect("--ngram fits an n-gram model");
    assert!(!ngram.vocab.is_empty());
    let (vocab, alone) = report.ngram.as_ref().unwrap();
    assert_eq!(*vocab, ngram.vocab.len());
    assert!(alone.macro_f1_mean >= 0.0 && report.cv.macro_f1_mean >= 0.0);
    let card = train::model_card(&report, &[], &[], "standpoint train --ngram …");
    assert!(card.contains("## Word n-gram model"), "{card}");

    let dir = tempfile::tempdir().unwrap();
    train::save(dir.path(), &head, &card).unwrap();
    let loaded = LinearHead::load(&dir.path().join("head.json")).unwrap();
    let without = LinearHead { ngram: None, ..head.clone() };
    let mut differs = false;
    for (e, v) in examples.iter().zip(&embeddings) {
        let input = HeadInput { embedding: v, text: &e.text, cue: e.cue.as_deref() };
        let p = loaded.probabilities(&input);
        assert_eq!(head.probabilities(&input), p);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        differs |= p.iter().zip(without.probabilities(&input)).any(|(a, b)| (a - b).abs() > 1e-4);
    }
    assert!(differs, "the n-gram model changes the probabilities");
}
