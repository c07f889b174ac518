//! What a second head overlay costs: one encoder (one overlay), one encoder with a second
//! branch (shared lower layers, the overlays' top layers twice), and two separate encoders,
//! timed in alternating rounds over a sentence file (fp32, one worker).
//!
//! cargo run --release --example branch_cost -- SENTENCES.txt OVERLAY_A OVERLAY_B [ROUNDS]

use std::path::PathBuf;
use std::time::Instant;

use standpoint::encode::{default_model_dir, Encoder, EncoderConfig};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage = || anyhow::anyhow!("usage: branch_cost SENTENCES.txt OVERLAY_A OVERLAY_B [ROUNDS]");
    let sentences: Vec<String> = std::fs::read_to_string(args.get(1).ok_or_else(usage)?)?.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect();
    let a = PathBuf::from(args.get(2).ok_or_else(usage)?);
    let b = PathBuf::from(args.get(3).ok_or_else(usage)?);
    let rounds: usize = args.get(4).map_or(Ok(3), |s| s.parse())?;
    let config = |overlay: &PathBuf, branches: Vec<Option<PathBuf>>| {
        let mut c = EncoderConfig::new(default_model_dir());
        c.workers = 1;
        c.overlay = Some(overlay.clone());
        c.branch_overlays = branches;
        c
    };
    let one = Encoder::load(&config(&a, Vec::new()))?;
    let branched = Encoder::load(&config(&a, vec![Some(b.clone())]))?;
    let other = Encoder::load(&config(&b, Vec::new()))?;
    let (mut t_one, mut t_branched, mut t_two) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..rounds {
        let t = Instant::now();
        one.embed(&sentences)?;
        t_one = t_one.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        branched.embed_branches(&sentences)?;
        t_branched = t_branched.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        one.embed(&sentences)?;
        other.embed(&sentences)?;
        t_two = t_two.min(t.elapsed().as_secs_f64());
    }
    println!("{} sentences, best of {rounds}: one encoder {t_one:.2} s, two branches {t_branched:.2} s ({:.2}x), two encoders {t_two:.2} s ({:.2}x)", sentences.len(), t_branched / t_one, t_two / t_one);
    Ok(())
}
