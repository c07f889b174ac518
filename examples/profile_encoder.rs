//! Runs one encoder backend over a sentence file, for a profiler to sample
//! (`perf record -e cpu-clock`, or `valgrind --tool=callgrind`). Prints sentences/s.
//!
//! cargo run --release --example profile_encoder -- SENTENCES.txt [fp32|bf16|int8|rust-bert] [ROUNDS] [BATCH]

use std::time::Instant;

use standpoint::encode::{default_model_dir, Backend, Encoder, EncoderConfig};

fn main() -> anyhow::Result<()> {
    standpoint::encode::tune_allocator();
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or_else(|| anyhow::anyhow!("usage: profile_encoder SENTENCES.txt [BACKEND] [ROUNDS] [BATCH]"))?;
    let name = args.get(2).map_or("fp32", String::as_str);
    let backend = Backend::parse(name).ok_or_else(|| anyhow::anyhow!("unknown backend `{name}`"))?;
    let rounds: usize = args.get(3).map_or(Ok(1), |s| s.parse())?;
    let sentences: Vec<String> = std::fs::read_to_string(path)?.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect();
    let mut config = EncoderConfig::new(default_model_dir());
    config.backend = backend;
    config.batch_size = args.get(4).map_or(Ok(32), |s| s.parse())?;
    let encoder = Encoder::load(&config)?;
    for _ in 0..rounds {
        let t = Instant::now();
        encoder.embed(&sentences)?;
        println!("{name}: {:.1} sentences/s", sentences.len() as f64 / t.elapsed().as_secs_f64());
    }
    Ok(())
}
