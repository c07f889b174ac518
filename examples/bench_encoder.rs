//! The Rust side of `make bench-compare`: throughput of each backend on the same
//! sentences, interleaved over rounds, plus agreement of each fast path with standpoint's
//! fp32 path. Prints one JSON object.
//!
//! - The encoder backends are timed from text to vectors (`Encoder::embed`), one model:
//!   the base weights with the default stance head's overlay (rust-bert: without it), the
//!   same work per sentence as Python's. Their agreement is the embedding cosine and the
//!   stance head's labels, against standpoint fp32 (rust-bert: on the base weights).
//! - "standpoint int8 + fp32 recheck" is the whole judging step as `analyze --backend
//!   int8` runs it (`Pipeline::judge`): int8 vectors for both default heads (the sentiment
//!   head reads its own overlay, a second branch over the shared lower layers: 8 layer
//!   passes per sentence instead of 6), both heads, and fp32 vectors again for the quotes
//!   whose labels int8 leaves in doubt. Its agreement is the (stance, sentiment) pair
//!   against the fp32 pipeline's. Its time includes the second branch and the heads,
//!   which the others' does not.
//!
//! cargo run --release --example bench_encoder -- SENTENCES.txt [BATCH] [ROUNDS] [THREADS]

use std::time::Instant;

use standpoint::classify::{dot, HeadInput};
use standpoint::encode::{default_model_dir, Backend, Encoder, EncoderConfig};
use standpoint::pipeline::{default_models_dir, HeadSpec, Pipeline, PipelineConfig, QuoteInput, DEFAULT_RECHECK_MARGIN};

/// What one configuration gives for the sentences: vectors, or labels directly.
enum Output {
    Vectors(Vec<Vec<f32>>),
    Labels(Vec<(String, String)>),
}

fn main() -> anyhow::Result<()> {
    standpoint::encode::tune_allocator();
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
    let pipeline_for = |backend: Backend| -> anyhow::Result<Pipeline> {
        Ok(Pipeline::load(&PipelineConfig::with_default_heads(config_for(backend, None), &models)?)?)
    };
    let encoders: Vec<Encoder> = backends
        .iter()
        .map(|(_, b)| Encoder::load(&config_for(*b, if *b == Backend::RustBert { None } else { overlay.clone() })))
        .collect::<Result<_, _>>()?;
    let checked = pipeline_for(Backend::FastInt8)?;
    let reference = pipeline_for(Backend::FastF32)?;
    let inputs: Vec<QuoteInput> = sentences.iter().map(|s| QuoteInput { text: s.clone(), cue: None }).collect();
    let judge = |p: &Pipeline, inputs: &[QuoteInput]| -> anyhow::Result<Vec<(String, String)>> {
        Ok(p.judge(inputs)?.into_iter().map(|j| (j.stance.label, j.sentiment.label)).collect())
    };
    let mut names: Vec<&str> = backends.iter().map(|(n, _)| *n).collect();
    names.push("standpoint int8 + fp32 recheck");
    // Warm up each configuration on one batch.
    for e in &encoders {
        e.embed(&sentences[..batch.min(sentences.len())])?;
    }
    judge(&checked, &inputs[..batch.min(inputs.len())])?;
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut outputs: Vec<Option<Output>> = (0..names.len()).map(|_| None).collect();
    for _ in 0..rounds {
        for i in 0..names.len() {
            let t = Instant::now();
            let out = match encoders.get(i) {
                Some(e) => Output::Vectors(e.embed(&sentences)?),
                None => Output::Labels(judge(&checked, &inputs)?),
            };
            rates[i].push(sentences.len() as f64 / t.elapsed().as_secs_f64());
            outputs[i] = Some(out);
        }
    }
    // Agreement: each encoder backend against standpoint fp32 (same overlay), rust-bert
    // against standpoint fp32 without the overlay (an extra, untimed pass): embedding
    // cosine and the stance head's labels. The checked pipeline against the fp32 pipeline
    // (an extra, untimed pass): both heads' labels.
    let stance_labels = |vs: &Vec<Vec<f32>>| -> Vec<(String, String)> {
        vs.iter()
            .zip(&sentences)
            .map(|(v, s)| (reference.stance.predict(&HeadInput { embedding: v, text: s, cue: None }).label, String::new()))
            .collect()
    };
    let fp32_pairs = judge(&reference, &inputs)?;
    let base_fp32 = Encoder::load(&config_for(Backend::FastF32, None))?.embed(&sentences)?;
    let fp32 = backends.iter().position(|(_, b)| *b == Backend::FastF32).unwrap_or(0);
    let Some(Output::Vectors(fp32_vectors)) = &outputs[fp32] else { anyhow::bail!("no fp32 output") };
    let fp32_labels = stance_labels(fp32_vectors);
    let mut report = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        let r = &rates[i];
        let mut sorted = r.clone();
        sorted.sort_by(f64::total_cmp);
        let is_rust_bert = backends.get(i).is_some_and(|(_, b)| *b == Backend::RustBert);
        let reference_vectors = if is_rust_bert { &base_fp32 } else { fp32_vectors };
        let (cos_min, ours, theirs) = match &outputs[i] {
            Some(Output::Vectors(v)) => {
                let cos = v.iter().zip(reference_vectors).map(|(a, b)| dot(a, b)).fold(f32::INFINITY, f32::min);
                (Some(cos), stance_labels(v), if is_rust_bert { stance_labels(reference_vectors) } else { fp32_labels.clone() })
            }
            Some(Output::Labels(l)) => (None, l.clone(), fp32_pairs.clone()),
            None => anyhow::bail!("no output for {name}"),
        };
        let agree = ours.iter().zip(&theirs).filter(|(a, b)| a == b).count() as f64 / theirs.len().max(1) as f64;
        report.insert(
            name.to_string(),
            serde_json::json!({"best": sorted.last(), "median": sorted[sorted.len() / 2], "rounds": r, "cosine_min_vs_fp32": cos_min, "label_agreement_vs_fp32": agree}),
        );
    }
    let out = serde_json::json!({"n_sentences": sentences.len(), "batch": batch, "workers": workers, "recheck_margin": DEFAULT_RECHECK_MARGIN, "configs": report});
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
