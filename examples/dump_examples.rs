//! Research helper for `scripts/finetune_probe.py`: writes the exact inputs the trained
//! heads see for each labelled example (the classifier text, the cue verb the extractor
//! matched, and the hand-made feature vector of `FeatureSet::ALL` minus the embedding) as
//! JSON Lines, so a Python prototype can be compared like for like.
//!
//! Usage: `cargo run --release --example dump_examples -- TASK OUT.jsonl DATA.jsonl...`
//! Write OUT outside the repository: it holds the data's text.

use std::io::Write;
use std::path::PathBuf;

use standpoint::classify::features::extra_features;
use standpoint::classify::FeatureSet;
use standpoint::train::read_examples;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        anyhow::bail!("usage: dump_examples TASK OUT.jsonl DATA.jsonl...");
    }
    let task = &args[0];
    let out = PathBuf::from(&args[1]);
    let data: Vec<PathBuf> = args[2..].iter().map(PathBuf::from).collect();
    let (examples, errors) = read_examples(&data, task);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let no_embedding = FeatureSet { embedding: false, ..FeatureSet::ALL };
    for e in &examples {
        let feats = extra_features(&no_embedding, &e.text, e.cue.as_deref());
        let line = serde_json::json!({"text": e.text, "cue": e.cue, "label": e.label, "source": e.source, "features": feats});
        writeln!(w, "{line}")?;
    }
    eprintln!("{} examples ({} errors) -> {}", examples.len(), errors.len(), out.display());
    Ok(())
}
