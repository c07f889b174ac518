//! How `DEFAULT_RECHECK_MARGIN` is chosen: for each margin, the share of texts the int8
//! backend would send back to fp32, and the share of texts whose (stance, sentiment)
//! labels would still differ from fp32's. Run it on texts the benchmark does not use.
//!
//! cargo run --release --example recheck_sweep -- TEXTS.txt

use standpoint::classify::Judgment;
use standpoint::encode::{default_model_dir, Backend, EncoderConfig};
use standpoint::pipeline::{default_models_dir, Pipeline, PipelineConfig, QuoteInput};

fn main() -> anyhow::Result<()> {
    standpoint::encode::tune_allocator();
    let path = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: recheck_sweep TEXTS.txt"))?;
    let inputs: Vec<QuoteInput> = std::fs::read_to_string(&path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| QuoteInput { text: l.to_string(), cue: None })
        .collect();
    let models = default_models_dir();
    // Both without recheck: the sweep simulates it from the two sets of judgments.
    let judge = |backend: Backend| -> anyhow::Result<Vec<Judgment>> {
        let mut encoder = EncoderConfig::new(default_model_dir());
        encoder.backend = backend;
        let config = PipelineConfig { recheck_margin: 0.0, ..PipelineConfig::with_default_heads(encoder, &models)? };
        Ok(Pipeline::load(&config)?.judge(&inputs)?)
    };
    let (fp32, int8) = (judge(Backend::FastF32)?, judge(Backend::FastInt8)?);
    let n = inputs.len().max(1) as f64;
    let same = |a: &Judgment, b: &Judgment| a.stance.label == b.stance.label && a.sentiment.label == b.sentiment.label;
    println!("{} texts; int8 alone: labels equal to fp32 for {:.4}", inputs.len(), fp32.iter().zip(&int8).filter(|(a, b)| same(a, b)).count() as f64 / n);
    println!("margin  rechecked  still different");
    for margin in [0.01f32, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1] {
        let doubtful = |j: &Judgment| j.stance.margin() < margin || j.sentiment.margin() < margin;
        let rechecked = int8.iter().filter(|j| doubtful(j)).count() as f64 / n;
        let wrong = fp32.iter().zip(&int8).filter(|(a, b)| !doubtful(b) && !same(a, b)).count() as f64 / n;
        println!("{margin:6.2}  {rechecked:9.4}  {wrong:15.4}");
    }
    Ok(())
}
