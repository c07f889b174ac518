//! The encoder on the real MiniLM weights through real libtorch.

mod common;

use standpoint::classify::dot;
use standpoint::encode::{Encoder, EncoderConfig};

fn encoder(batch_size: usize) -> Encoder {
    let mut config = EncoderConfig::new(common::repo().join("models/all-MiniLM-L6-v2"));
    config.batch_size = batch_size;
    Encoder::load(&config).expect("load the encoder (run scripts/setup.sh)")
}

#[test]
fn embeddings_are_unit_vectors_of_the_model_width() {
    let e = encoder(16);
    let v = e.embed(&["We will not make any concessions."]).unwrap();
    assert_eq!(v[0].len(), 384);
    let norm: f32 = v[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
}

#[test]
fn a_text_embeds_the_same_alone_and_batched_with_a_long_one() {
    let e = encoder(16);
    let short = "No deal.";
    let long = "The negotiators met for eleven hours in Geneva on Monday and agreed to meet again next week, though neither side would say whether any progress had been made on the central questions.";
    let alone = e.embed(&[short]).unwrap();
    let together = e.embed(&[long, short]).unwrap();
    let cos = dot(&alone[0], &together[1]);
    assert!(cos > 0.99999, "cosine {cos}");
    let max_diff = alone[0].iter().zip(&together[1]).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    assert!(max_diff < 1e-4, "max diff {max_diff}");
}

#[test]
fn order_and_duplicates_are_preserved() {
    let e = encoder(2);
    let texts = ["Talks resume today.", "We reject the offer outright.", "Talks resume today.", "A long statement about the budget that goes on."];
    let v = e.embed(&texts).unwrap();
    assert_eq!(v.len(), 4);
    assert_eq!(v[0], v[2]);
    let single = e.embed(&[texts[1]]).unwrap();
    assert!(dot(&single[0], &v[1]) > 0.99999);
}

#[test]
fn similar_statements_are_closer_than_unrelated_ones() {
    let e = encoder(16);
    let v = e.embed(&["We refuse to make any concessions.", "We will not give any ground at all.", "The weather in the mountains was sunny."]).unwrap();
    assert!(dot(&v[0], &v[1]) > dot(&v[0], &v[2]) + 0.2);
}

#[test]
fn a_missing_model_folder_is_a_clear_error() {
    let err = Encoder::load(&EncoderConfig::new("/nonexistent/model")).err().expect("must fail");
    let msg = err.to_string();
    assert!(msg.contains("/nonexistent/model") && msg.contains("config.json"), "{msg}");
}

/// standpoint's own forward must match the rust-bert reference within 1e-4 in fp32, and
/// stay close in bf16.
#[test]
fn fast_forward_matches_rust_bert() {
    use standpoint::encode::Backend;
    let texts = [
        "We will not make any concessions. This is completely ruled out.",
        "No deal.",
        "US officials said they could be open to possible talks on not deploying missile systems in Ukraine, while ruling out any agreement that would end Nato's open door policy.",
    ];
    let load = |backend| {
        let mut c = EncoderConfig::new(common::repo().join("models/all-MiniLM-L6-v2"));
        c.backend = backend;
        Encoder::load(&c).unwrap()
    };
    let reference = load(Backend::RustBert).embed(&texts).unwrap();
    let fast = load(Backend::FastF32).embed(&texts).unwrap();
    for (r, f) in reference.iter().zip(&fast) {
        let max_diff = r.iter().zip(f).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(max_diff < 1e-4, "fp32 max diff {max_diff}");
    }
    let bf16 = load(Backend::FastBf16).embed(&texts).unwrap();
    for (r, b) in reference.iter().zip(&bf16) {
        let cos = dot(r, b);
        assert!(cos > 0.99, "bf16 cosine {cos}");
    }
    let int8 = load(Backend::FastInt8).embed(&texts).unwrap();
    for (r, b) in reference.iter().zip(&int8) {
        let cos = dot(r, b);
        assert!(cos > 0.99, "int8 cosine {cos}");
    }
}

/// With the int8 backend, the pipeline judges again in fp32 the quotes whose labels win by
/// less than the recheck margin: with a margin no label can reach, every judgment is
/// fp32's; with none, every judgment is int8's own.
#[test]
fn int8_recheck_hands_doubtful_quotes_to_fp32() {
    use standpoint::classify::{HeadInput, Judgment};
    use standpoint::encode::Backend;
    use standpoint::pipeline::{HeadSpec, Pipeline, PipelineConfig, QuoteInput};
    let models = common::repo().join("models");
    let pipeline = |backend, recheck_margin| {
        let mut encoder = EncoderConfig::new(common::repo().join("models/all-MiniLM-L6-v2"));
        encoder.backend = backend;
        let config = PipelineConfig { recheck_margin, ..PipelineConfig::with_default_heads(encoder, &models).unwrap() };
        Pipeline::load(&config).unwrap()
    };
    let inputs: Vec<QuoteInput> = [
        "We will not make any concessions.",
        "We are ready to discuss the proposal if they withdraw their troops first.",
        "The talks will resume on Thursday in Geneva.",
        "This is a good deal for workers and we welcome it.",
    ]
    .iter()
    .map(|t| QuoteInput { text: t.to_string(), cue: None })
    .collect();
    let fp32 = pipeline(Backend::FastF32, 0.0).judge(&inputs).unwrap();
    let all_rechecked = pipeline(Backend::FastInt8, 1.01).judge(&inputs).unwrap();
    assert_eq!(all_rechecked, fp32);
    // Without the recheck: each head on its own branch of the int8 encoder.
    let int8 = pipeline(Backend::FastInt8, 0.0);
    let overlay = |task: &str| match HeadSpec::default_for(task, &models).unwrap() {
        HeadSpec::Trained(h) => h.overlay_path(),
        HeadSpec::Prototype(_) => None,
    };
    let mut c = EncoderConfig::new(common::repo().join("models/all-MiniLM-L6-v2"));
    c.backend = Backend::FastInt8;
    c.overlay = overlay("stance");
    if overlay("sentiment") != c.overlay {
        c.branch_overlays = vec![overlay("sentiment")];
    }
    let texts: Vec<&str> = inputs.iter().map(|i| i.text.as_str()).collect();
    let branches = Encoder::load(&c).unwrap().embed_branches(&texts).unwrap();
    let (stance_vectors, sentiment_vectors) = (&branches[0], &branches[branches.len() - 1]);
    let own: Vec<Judgment> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Judgment {
            stance: int8.stance.predict(&HeadInput { embedding: &stance_vectors[i], text: t, cue: None }),
            sentiment: int8.sentiment.predict(&HeadInput { embedding: &sentiment_vectors[i], text: t, cue: None }),
        })
        .collect();
    assert_eq!(int8.judge(&inputs).unwrap(), own);
    assert_ne!(own, fp32, "int8 and fp32 probabilities should differ somewhere");
}

/// Batches run on several worker threads, each with one libtorch thread, so the number of
/// workers changes nothing: the same texts give bit-identical vectors with 1 or 3 workers,
/// and the int8 backend too.
#[test]
fn any_number_of_workers_gives_identical_vectors() {
    use standpoint::encode::Backend;
    let texts: Vec<String> = (0..40)
        .map(|i| format!("The union said on day {i} that it would not accept a pay offer below {} per cent.", i % 7 + 2))
        .collect();
    for backend in [Backend::FastF32, Backend::FastInt8] {
        let run = |workers| {
            let mut c = EncoderConfig::new(common::repo().join("models/all-MiniLM-L6-v2"));
            c.backend = backend;
            c.batch_size = 4;
            c.workers = workers;
            Encoder::load(&c).unwrap().embed(&texts).unwrap()
        };
        let one = run(1);
        let three = run(3);
        assert_eq!(one, three, "{backend:?}: vectors differ between 1 and 3 workers");
        assert_eq!(one.len(), texts.len());
    }
}
