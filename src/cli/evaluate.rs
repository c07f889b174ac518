//! `standpoint evaluate`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::ModelArgs;

pub const EXAMPLES: &str = "Examples:
  standpoint evaluate --gold ../shared/datasets/news-quotes/dev.jsonl
  standpoint evaluate --gold dev.jsonl --json > scores.json
  standpoint evaluate --gold dev.jsonl --errors out/errors";

#[derive(Args, Debug)]
pub struct EvaluateArgs {
    /// Labelled articles (JSONL, see the labelled-data spec). May be given more than once.
    #[arg(long, required = true, value_name = "FILE")]
    gold: Vec<PathBuf>,
    /// Print the metrics as one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// Write every miss, false alarm, wrong speaker and wrong label, with context, here.
    #[arg(long, value_name = "DIR")]
    errors: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArgs,
}

pub fn run(_args: EvaluateArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("evaluate is not implemented yet")
}
