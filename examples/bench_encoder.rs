//! The Rust side of `make bench-compare`: encoder throughput of each backend on the same
//! sentences, interleaved over rounds, plus agreement of each fast path with standpoint's
//! fp32 forward (embedding cosine, and stance/sentiment labels of the default heads; the
//! fast backends run with the default heads' encoder overlay) and of rust-bert with the
//! fp32 forward without it. Prints one JSON object.
//!
//! cargo run --release --example bench_encoder -- SENTENCES.txt [BATCH] [ROUNDS] [THREADS]

use std::time::Instant;

use standpoint::classify::{dot, HeadInput};
use standpoint::encode::{default_model_dir, Backend, Encoder, EncoderConfig};
use standpoint::pipeline::{default_models_dir, HeadSpec, Pipeline, PipelineConfig};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or_else(|| anyhow::anyhow!("usage: bench_encoder SENTENCES.txt [BATCH] [ROUNDS] [THREADS]"))?;
    let batch: usize = args.get(2).map_or(Ok(32), |s| s.parse())?;
    let rounds: usize = args.get(3).map_or(Ok(3), |s| s.parse())?;
    let workers: Option<usize> = args.get(4).map(|t| t.parse()).transpose()?;
    let sentences: Vec<String> = std::fs::read_to_string(path)?.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect();
    let backends = [
        ("rust-bert fp32", Backend::RustBert),
        ("standpoint fp32", Backend::FastF32),
        ("standpoint bf16", Backend::FastBf16),
        ("standpoint int8", Backend::FastInt8),
    ];
    // The default heads read the base encoder with their fine-tuned overlay on top; the
    // fast backends run with it (it changes no shapes, so no speed), rust-bert cannot.
    let models = default_models_dir();
    let overlay = match HeadSpec::default_for("stance", &models)? {
        HeadSpec::Trained(head) => head.overlay_path(),
        HeadSpec::Prototype(_) => None,
    };
    let config_for = |b: Backend, overlay: Option<std::path::PathBuf>| {
        let mut c = EncoderConfig::new(default_model_dir());
        c.batch_size = batch;
        c.backend = b;
        c.overlay = overlay;
        if let Some(n) = workers {
            c.workers = n;
        }
        c
    };
    let encoders: Vec<Encoder> = backends
        .iter()
        .map(|(_, b)| Encoder::load(&config_for(*b, if *b == Backend::RustBert { None } else { overlay.clone() })))
        .collect::<Result<_, _>>()?;
    // Warm up each backend on one batch.
    for e in &encoders {
        e.embed(&sentences[..batch.min(sentences.len())])?;
    }
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); encoders.len()];
    let mut outputs: Vec<Vec<Vec<f32>>> = vec![Vec::new(); encoders.len()];
    for _ in 0..rounds {
        for (i, e) in encoders.iter().enumerate() {
            let t = Instant::now();
            let v = e.embed(&sentences)?;
            rates[i].push(sentences.len() as f64 / t.elapsed().as_secs_f64());
            outputs[i] = v;
        }
    }
    // Agreement: each fast backend against standpoint fp32 (same overlay), rust-bert
    // against standpoint fp32 without the overlay (an extra, untimed pass): embedding
    // cosine, and equal stance and sentiment labels of the default heads.
    let config = PipelineConfig {
        encoder: EncoderConfig::new(default_model_dir()),
        stance: HeadSpec::default_for("stance", &models)?,
        sentiment: HeadSpec::default_for("sentiment", &models)?,
        aliases: Default::default(),
    };
    let pipeline = Pipeline::load(&config)?;
    let labels = |vs: &Vec<Vec<f32>>| -> Vec<(String, String)> {
        vs.iter()
            .zip(&sentences)
            .map(|(v, s)| {
                let input = HeadInput { embedding: v, text: s, cue: None };
                (pipeline.stance.predict(&input).label, pipeline.sentiment.predict(&input).label)
            })
            .collect()
    };
    let base_fp32 = Encoder::load(&config_for(Backend::FastF32, None))?.embed(&sentences)?;
    let fp32 = backends.iter().position(|(_, b)| *b == Backend::FastF32).unwrap_or(0);
    let mut report = serde_json::Map::new();
    for (i, (name, _)) in backends.iter().enumerate() {
        let r = &rates[i];
        let mut sorted = r.clone();
        sorted.sort_by(f64::total_cmp);
        let reference = if backends[i].1 == Backend::RustBert { &base_fp32 } else { &outputs[fp32] };
        let cos_min = outputs[i].iter().zip(reference).map(|(a, b)| dot(a, b)).fold(f32::INFINITY, f32::min);
        let (ours, theirs) = (labels(&outputs[i]), labels(reference));
        let agree = ours.iter().zip(&theirs).filter(|(a, b)| a == b).count() as f64 / theirs.len().max(1) as f64;
        report.insert(
            name.to_string(),
            serde_json::json!({"best": sorted.last(), "median": sorted[sorted.len() / 2], "rounds": r, "cosine_min_vs_fp32": cos_min, "label_agreement_vs_fp32": agree}),
        );
    }
    let out = serde_json::json!({"n_sentences": sentences.len(), "batch": batch, "workers": workers, "configs": report});
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
