//! Command-line interface: argument parsing, progress and exit codes. Library errors
//! become messages here; nothing below `cli` prints.

mod analyze;
mod evaluate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use standpoint::classify::LabelSet;
use standpoint::encode::{default_model_dir, EncoderConfig};
use standpoint::pipeline::PipelineConfig;

const ABOUT: &str = "Who stands where: finds the quotations in news articles, works out who said them, \
and labels each one's stance (concessive, uncompromising, neutral) and sentiment with a transformer encoder.";

const EXAMPLES: &str = "Examples:
  standpoint analyze datasets/sample --out out/sample
  standpoint analyze corpus.jsonl more/articles/ --out out/run1 --threads 2
  cat article.txt | standpoint analyze - --out out/one
  standpoint analyze datasets/sample --labels models/labels/plover.toml --out out/plover
  standpoint evaluate --gold ../shared/datasets/news-quotes/dev.jsonl --json
  standpoint evaluate --gold tests/fixtures/gold-small.jsonl --errors out/errors";

#[derive(Parser)]
#[command(name = "standpoint", version, about = ABOUT, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find quotes, speakers, stance and sentiment; write quotes.jsonl, actors.json, report.md.
    #[command(after_help = analyze::EXAMPLES)]
    Analyze(analyze::AnalyzeArgs),
    /// Score the pipeline against labelled articles (the labelled-data JSONL format).
    #[command(after_help = evaluate::EXAMPLES)]
    Evaluate(evaluate::EvaluateArgs),
}

/// Options every command that runs the model shares.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Folder of the encoder (config.json, tokenizer.json, model.safetensors).
    /// Default: $STANDPOINT_MODEL_DIR, else models/all-MiniLM-L6-v2 here or beside the binary.
    #[arg(long, value_name = "DIR")]
    model_dir: Option<PathBuf>,
    /// Stance label set (TOML: task, labels with descriptions and examples). Default: built-in
    /// concessive / uncompromising / neutral.
    #[arg(long, value_name = "FILE")]
    labels: Option<PathBuf>,
    /// Sentiment label set (TOML). Default: built-in positive / negative / neutral.
    #[arg(long, value_name = "FILE")]
    sentiment_labels: Option<PathBuf>,
    /// Threads for rayon and libtorch (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Texts per encoder batch.
    #[arg(long, value_name = "N", default_value_t = 32)]
    batch_size: usize,
}

impl ModelArgs {
    fn pipeline_config(&self) -> anyhow::Result<PipelineConfig> {
        let mut encoder = EncoderConfig::new(self.model_dir.clone().unwrap_or_else(default_model_dir));
        encoder.batch_size = self.batch_size.max(1);
        let stance_labels = match &self.labels {
            Some(p) => LabelSet::from_file(p)?,
            None => LabelSet::default_stance()?,
        };
        let sentiment_labels = match &self.sentiment_labels {
            Some(p) => LabelSet::from_file(p)?,
            None => LabelSet::default_sentiment()?,
        };
        Ok(PipelineConfig { encoder, stance_labels, sentiment_labels })
    }

    /// Applies `--threads` to rayon and libtorch, before either starts work.
    fn apply_threads(&self) -> anyhow::Result<()> {
        if let Some(n) = self.threads {
            let n = n.max(1);
            rayon::ThreadPoolBuilder::new().num_threads(n).build_global()?;
            tch::set_num_threads(n as i32);
            tch::set_num_interop_threads(n as i32);
        }
        Ok(())
    }
}

/// Writes to stdout; a closed pipe (`standpoint … | head`) ends output quietly.
pub fn emit(s: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("STANDPOINT_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Evaluate(args) => evaluate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
