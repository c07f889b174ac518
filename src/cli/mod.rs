//! Command-line interface: argument parsing, progress and exit codes. Library errors
//! become messages here; nothing below `cli` prints.

mod analyze;
mod evaluate;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use standpoint::actors::aliases::AliasTable;
use standpoint::classify::{LabelSet, LinearHead};
use standpoint::encode::{default_model_dir, Backend, EncoderConfig};
use standpoint::pipeline::{default_models_dir, HeadSpec, PipelineConfig, DEFAULT_RECHECK_MARGIN};

const ABOUT: &str = "Who stands where: finds the quotations in news articles, works out who said them, \
and labels each one's stance (concessive, uncompromising, neutral) and sentiment with a transformer encoder.";

const EXAMPLES: &str = "Examples:
  standpoint analyze datasets/sample --out out/sample
  standpoint analyze corpus.jsonl more/articles/ --out out/run1 --threads 2
  cat article.txt | standpoint analyze - --out out/one
  standpoint analyze datasets/sample --labels models/labels/plover.toml --out out/plover
  standpoint evaluate --gold ../shared/datasets/news-quotes/dev.jsonl --json
  standpoint evaluate --gold tests/fixtures/gold-small.jsonl --errors out/errors
  standpoint train --task stance --data labelled.jsonl --out models/heads/mine";

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
    /// Fit a stance or sentiment head on labelled data (k-fold CV, calibration, model card).
    #[command(after_help = train::EXAMPLES)]
    Train(train::TrainArgs),
}

/// Options every command that runs the model shares.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Folder of the encoder (config.json, tokenizer.json, model.safetensors).
    /// Default: $STANDPOINT_MODEL_DIR, else models/all-MiniLM-L6-v2 here or beside the binary.
    #[arg(long, value_name = "DIR")]
    model_dir: Option<PathBuf>,
    /// Stance labels of your own (TOML: task, labels with descriptions and examples): a
    /// prototype classifier over them replaces the stance head.
    #[arg(long, value_name = "FILE", conflicts_with = "stance_head")]
    labels: Option<PathBuf>,
    /// A stance head trained by `standpoint train` (head.json). Default:
    /// models/heads/stance/head.json when present, else the prototype classifier.
    #[arg(long, value_name = "FILE")]
    stance_head: Option<PathBuf>,
    /// A sentiment head trained by `standpoint train`. Default: models/heads/sentiment/head.json
    /// when present, else the prototype classifier.
    #[arg(long, value_name = "FILE")]
    sentiment_head: Option<PathBuf>,
    /// Use the untrained prototype classifiers (built-in label sets) for both tasks.
    #[arg(long, conflicts_with_all = ["stance_head", "sentiment_head"])]
    prototype: bool,
    /// Alias file (TOML, `[aliases]` canonical name = [other names]): actors named by any of
    /// the names take the canonical one, within articles and across the corpus.
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// Threads for rayon and for the encoder's workers, each of which runs libtorch on one
    /// thread (default: all cores). Output does not depend on N.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Texts per encoder batch.
    #[arg(long, value_name = "N", default_value_t = 32)]
    batch_size: usize,
    /// Fine-tuned encoder tensors (safetensors from `standpoint train --fine-tune`) laid
    /// over the encoder's own; use the heads trained with them.
    #[arg(long, value_name = "FILE")]
    encoder_overlay: Option<PathBuf>,
    /// Encoder implementation: fp32 (standpoint's own forward: fused attention and GELU;
    /// matches rust-bert within 1e-4), bf16 (the same in bf16: faster only where the CPU
    /// has AMX), int8 (int8 dense layers, about 2x fp32 here; the quotes whose labels it
    /// leaves in doubt are rechecked in fp32, see --recheck-margin), rust-bert (the fp32
    /// reference).
    #[arg(long, value_name = "NAME", default_value = "fp32", value_parser = ["fp32", "bf16", "int8", "rust-bert"])]
    backend: String,
    /// With --backend int8: quotes whose stance or sentiment label wins by less than this
    /// probability margin are embedded again in fp32 (0: never).
    #[arg(long, value_name = "P", default_value_t = DEFAULT_RECHECK_MARGIN)]
    recheck_margin: f32,
    /// Where the encoder runs. cuda needs a CUDA build of libtorch (see the README).
    #[arg(long, value_name = "DEVICE", default_value = "cpu", value_parser = ["cpu", "cuda"])]
    device: String,
}

impl ModelArgs {
    pub fn encoder_config(&self) -> EncoderConfig {
        let mut encoder = EncoderConfig::new(self.model_dir.clone().unwrap_or_else(default_model_dir));
        encoder.batch_size = self.batch_size.max(1);
        encoder.backend = Backend::parse(&self.backend).unwrap_or(Backend::FastF32);
        encoder.device = if self.device == "cuda" { tch::Device::Cuda(0) } else { tch::Device::Cpu };
        if let Some(n) = self.threads {
            encoder.workers = n.max(1);
        }
        encoder.overlay = self.encoder_overlay.clone();
        encoder
    }

    fn pipeline_config(&self) -> anyhow::Result<PipelineConfig> {
        let models = default_models_dir();
        let head = |task: &str, file: &Option<PathBuf>| -> anyhow::Result<HeadSpec> {
            Ok(match file {
                Some(p) => HeadSpec::Trained(LinearHead::load(p)?),
                None if self.prototype => HeadSpec::prototype_for(task)?,
                None => HeadSpec::default_for(task, &models)?,
            })
        };
        let stance = match &self.labels {
            Some(p) => HeadSpec::Prototype(LabelSet::from_file(p)?),
            None => head("stance", &self.stance_head)?,
        };
        let sentiment = head("sentiment", &self.sentiment_head)?;
        let aliases = match &self.aliases {
            Some(p) => AliasTable::from_file(p)?,
            None => AliasTable::default(),
        };
        Ok(PipelineConfig { encoder: self.encoder_config(), stance, sentiment, aliases, recheck_margin: self.recheck_margin })
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
        Command::Train(args) => train::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
