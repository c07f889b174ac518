//! `standpoint analyze`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use standpoint::ingest;
use standpoint::pipeline::Pipeline;
use standpoint::report;

use super::ModelArgs;

pub const EXAMPLES: &str = "Inputs: .txt and .md files (one article each; a first line followed by a blank line is the title),
.jsonl files (one article a line: id, text, optional title, date, source, url), folders (recursively),
and - for standard input.

Outputs in --out DIR:
  quotes.jsonl  one line per quote: article_id, start/end (code points), text, kind, cue, speaker,
                stance and sentiment with per-label probabilities
  actors.json   per actor, per article and across the corpus: quotes, stance distribution,
                dominant and overall stance, mean sentiment, evidence quotes
  report.md     the per-speaker report

A file that cannot be read gets an error line naming it (and its line, for JSONL); the rest of the
batch goes on, and the exit code is 1.

Examples:
  standpoint analyze datasets/sample --out out/sample
  standpoint analyze corpus.jsonl --out out/corpus --threads 2 --batch-size 64
  cat article.txt | standpoint analyze - --out out/stdin
  standpoint analyze datasets/sample --labels my-labels.toml --out out/custom";

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Files, folders, or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    model: ModelArgs,
    /// Articles analysed at a time. Quotes are written and the analysed articles dropped
    /// after each chunk, so memory stays flat however large the corpus; identical quote
    /// texts are embedded once per chunk.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    chunk: usize,
    /// Rows of the summary table printed at the end.
    #[arg(long, default_value_t = 15)]
    top: usize,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    args.model.apply_threads()?;
    let started = Instant::now();
    let corpus = ingest::read_inputs(&args.paths);
    for e in &corpus.errors {
        eprintln!("error: {e}");
    }
    let config = args.model.pipeline_config()?;
    let pipeline = Pipeline::load(&config)?;
    let mut writer = report::CorpusWriter::create(&args.out)?;
    let mut rest = corpus.articles;
    while !rest.is_empty() {
        let tail = rest.split_off(args.chunk.max(1).min(rest.len()));
        let chunk = std::mem::replace(&mut rest, tail);
        writer.add(&pipeline.analyze(chunk)?)?;
    }
    let outputs = writer.finish()?;
    super::emit(&format!(
        "{}\n{} articles, {} quotes, {} actors in {:.1}s; wrote {}/{{quotes.jsonl,actors.json,report.md}}\n",
        report::terminal_summary(&outputs.corpus, args.top),
        outputs.n_articles,
        outputs.n_quotes,
        outputs.corpus.len(),
        started.elapsed().as_secs_f64(),
        args.out.display()
    ))?;
    if corpus.errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} inputs could not be read (see the errors above)", corpus.errors.len());
        Ok(ExitCode::from(1))
    }
}
