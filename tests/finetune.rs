//! Encoder fine-tuning (`standpoint train --fine-tune`) on the real MiniLM weights: the
//! trainable forward matches the encoder, a few steps lower the contrastive loss, and the
//! saved overlay loads back into the encoder with the same embeddings.

mod common;

use standpoint::encode::{Encoder, EncoderConfig};
use standpoint::train::finetune::{FineTuneConfig, FineTuner};
use standpoint::train::read_examples;

fn max_diff(a: &[Vec<f32>], b: &[Vec<f32>]) -> f32 {
    a.iter().zip(b).flat_map(|(x, y)| x.iter().zip(y).map(|(p, q)| (p - q).abs())).fold(0.0, f32::max)
}

#[test]
fn fine_tuning_lowers_the_loss_and_the_overlay_round_trips() {
    let model_dir = common::repo().join("models/all-MiniLM-L6-v2");
    let (examples, errors) = read_examples(&[common::repo().join("tests/fixtures/gold-small.jsonl")], "stance");
    assert!(errors.is_empty(), "{errors:?}");
    assert!(examples.len() >= 20);
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let labels: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();

    let base = Encoder::load(&EncoderConfig::new(&model_dir)).unwrap();
    let base_vecs = base.embed(&texts).unwrap();

    let config = FineTuneConfig { top_layers: 1, pairs: 32, epochs: 2, batch_size: 8, learning_rate: 1e-4, seed: 1, ..FineTuneConfig::default() };
    let mut tuner = FineTuner::new(&model_dir, &config).unwrap();
    // Untrained, the trainable forward is the encoder's.
    let before = tuner.embed(&texts).unwrap();
    assert!(max_diff(&before, &base_vecs) < 1e-4, "untrained differs by {}", max_diff(&before, &base_vecs));

    let report = tuner.train(&texts, &labels, &config).unwrap();
    assert_eq!(report.steps, 8);
    assert!(report.probe_loss_after < report.probe_loss_before, "{report:?}");

    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("encoder-overlay.safetensors");
    tuner.save_overlay(&overlay).unwrap();
    let size = std::fs::metadata(&overlay).unwrap().len();
    assert!(size > 6_000_000 && size < 8_000_000, "one layer in fp32 is about 7 MB, got {size}");

    let after = tuner.embed(&texts).unwrap();
    let mut cfg = EncoderConfig::new(&model_dir);
    cfg.overlay = Some(overlay.clone());
    let tuned = Encoder::load(&cfg).unwrap();
    let loaded = tuned.embed(&texts).unwrap();
    assert!(max_diff(&after, &loaded) < 1e-4, "overlay round trip differs by {}", max_diff(&after, &loaded));
    assert!(max_diff(&loaded, &base_vecs) > 1e-3, "fine-tuning changed nothing");

    // Same seed, same result.
    let mut again = FineTuner::new(&model_dir, &config).unwrap();
    let report2 = again.train(&texts, &labels, &config).unwrap();
    assert_eq!(report.probe_loss_after, report2.probe_loss_after);

    // The rust-bert backend cannot take an overlay; a missing overlay names the file.
    cfg.backend = standpoint::encode::Backend::RustBert;
    assert!(Encoder::load(&cfg).is_err());
    let mut missing = EncoderConfig::new(&model_dir);
    missing.overlay = Some(dir.path().join("nope.safetensors"));
    let err = Encoder::load(&missing).err().unwrap().to_string();
    assert!(err.contains("nope.safetensors"), "{err}");
}

#[test]
fn branches_share_the_lower_layers_and_match_separate_encoders() {
    let model_dir = common::repo().join("models/all-MiniLM-L6-v2");
    let overlay = common::repo().join("models/heads/stance/encoder-overlay.safetensors");
    let texts = ["We will not make any concessions.", "The talks will resume on Monday in Geneva, officials said.", "We are ready to meet them halfway."];
    let base = Encoder::load(&EncoderConfig::new(&model_dir)).unwrap().embed(&texts).unwrap();
    let mut cfg = EncoderConfig::new(&model_dir);
    cfg.overlay = Some(overlay.clone());
    let tuned = Encoder::load(&cfg).unwrap().embed(&texts).unwrap();
    assert!(max_diff(&base, &tuned) > 1e-3, "the overlay changes the embeddings");

    // Branch 0: the base weights; branch 1: the overlay's top layers over the same bottom.
    let mut cfg = EncoderConfig::new(&model_dir);
    cfg.branch_overlays = vec![Some(overlay.clone())];
    let encoder = Encoder::load(&cfg).unwrap();
    assert_eq!(encoder.n_branches(), 2);
    let both = encoder.embed_branches(&texts).unwrap();
    assert!(max_diff(&both[0], &base) < 1e-5, "branch 0 differs by {}", max_diff(&both[0], &base));
    assert!(max_diff(&both[1], &tuned) < 1e-5, "branch 1 differs by {}", max_diff(&both[1], &tuned));
    assert_eq!(encoder.embed(&texts).unwrap(), both[0]);

    // The other way round.
    let mut cfg = EncoderConfig::new(&model_dir);
    cfg.overlay = Some(overlay);
    cfg.branch_overlays = vec![None];
    let both = Encoder::load(&cfg).unwrap().embed_branches(&texts).unwrap();
    assert!(max_diff(&both[0], &tuned) < 1e-5);
    assert!(max_diff(&both[1], &base) < 1e-5);
}
