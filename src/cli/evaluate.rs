//! `standpoint evaluate`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use standpoint::eval::metrics::LabelScores;
use standpoint::eval::{self, EvalReport, LabelSpace, TwoModes};
use standpoint::pipeline::Pipeline;

use super::ModelArgs;

pub const EXAMPLES: &str = "Scoring (shared/spec/labelled-data.md): a predicted quote matches a gold quote when their spans
overlap by at least half of the shorter one (one-to-one, greedy by overlap). Speakers are scored
over matched quotes; stance and sentiment both end to end (missed gold quotes count as wrong) and
on the gold spans; actors by their overall stance. A majority-class baseline is printed beside.

Examples:
  standpoint evaluate --gold ../shared/datasets/news-quotes/dev.jsonl
  standpoint evaluate --gold dev.jsonl --json > scores.json
  standpoint evaluate --gold dev.jsonl --errors out/errors
  standpoint evaluate --gold dev.jsonl --quotes-only    # no model: quotes and speakers, in seconds
  standpoint evaluate --gold my-labels.jsonl --labels my-stance-labels.toml";

#[derive(Args, Debug)]
pub struct EvaluateArgs {
    /// Labelled articles (JSONL, see the labelled-data spec). May be given more than once.
    #[arg(long, required = true, value_name = "FILE")]
    gold: Vec<PathBuf>,
    /// Print the metrics as one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// Write every miss, false alarm, inexact span, wrong speaker and wrong label, with
    /// context, here (one JSONL file per kind).
    #[arg(long, value_name = "DIR")]
    errors: Option<PathBuf>,
    /// Score quotes and speakers only, without loading the encoder or the heads.
    #[arg(long)]
    quotes_only: bool,
    #[command(flatten)]
    model: ModelArgs,
}

pub fn run(args: EvaluateArgs) -> anyhow::Result<ExitCode> {
    args.model.apply_threads()?;
    let started = Instant::now();
    let config = args.model.pipeline_config()?;
    let labels = LabelSpace { stance: config.stance.labels(), sentiment: config.sentiment.labels() };
    let gold = eval::read_gold(&args.gold, &labels);
    for e in &gold.errors {
        eprintln!("error: {e}");
    }
    if gold.articles.is_empty() {
        anyhow::bail!("no usable gold articles in {}", args.gold.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
    }
    let (report, log) = if args.quotes_only {
        eval::evaluate_quotes(&gold)
    } else {
        eval::evaluate(&Pipeline::load(&config)?, &gold)?
    };
    if let Some(dir) = &args.errors {
        log.write(dir)?;
        eprintln!("wrote errors to {}", dir.display());
    }
    if args.json {
        super::emit(&(serde_json::to_string_pretty(&report)? + "\n"))?;
    } else {
        super::emit(&format!("{}({:.1}s)\n", render(&report), started.elapsed().as_secs_f64()))?;
    }
    Ok(if gold.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn render(r: &EvalReport) -> String {
    let mut s = format!(
        "{} articles, {} gold quotes, {} predicted quotes{}\n\n",
        r.n_articles,
        r.n_gold_quotes,
        r.n_predicted_quotes,
        if r.n_bad_lines > 0 { format!(", {} bad lines skipped", r.n_bad_lines) } else { String::new() }
    );
    let q = &r.quotes;
    s += &format!("quotes   overlap  P {:.3}  R {:.3}  F1 {:.3}\n", q.precision, q.recall, q.f1);
    s += &format!("         exact    P {:.3}  R {:.3}  F1 {:.3}\n", q.exact_precision, q.exact_recall, q.exact_f1);
    for (k, v) in &q.by_kind {
        s += &format!("         recall {:<9} {:.3} ({}/{})\n", k, v.recall, v.n_found, v.n_gold);
    }
    s += &format!("speakers accuracy {:.3} ({}/{} matched quotes)\n", r.speakers.accuracy, r.speakers.correct, r.speakers.n);
    if let Some(a) = &r.actors {
        let base = r.baseline.actors.as_ref().map_or(String::new(), |b| format!("   baseline {:.3}", b.accuracy));
        s += &format!("actors   overall-stance accuracy {:.3} ({}/{}){}\n", a.accuracy, a.correct, a.n, base);
    }
    for (task, modes, base, base_label) in [
        ("stance", &r.stance, &r.baseline.stance, &r.baseline.stance_label),
        ("sentiment", &r.sentiment, &r.baseline.sentiment, &r.baseline.sentiment_label),
    ] {
        if let Some(m) = modes {
            s += &render_modes(task, m, base.as_ref(), base_label.as_deref());
        }
    }
    s
}

fn render_modes(task: &str, m: &TwoModes, base: Option<&TwoModes>, base_label: Option<&str>) -> String {
    let mut s = String::new();
    for (mode, scores, b) in [
        ("gold spans", &m.gold_spans, base.map(|b| &b.gold_spans)),
        ("end to end", &m.end_to_end, base.map(|b| &b.end_to_end)),
    ] {
        s += &format!("\n{task} ({mode}): accuracy {:.3}  macro-F1 {:.3}", scores.accuracy, scores.macro_f1);
        if let (Some(ece), "gold spans") = (m.gold_spans_ece, mode) {
            s += &format!("  ECE {ece:.3}");
        }
        if let (Some(b), Some(l)) = (b, base_label) {
            s += &format!("   [majority `{l}`: accuracy {:.3}  macro-F1 {:.3}]", b.accuracy, b.macro_f1);
        }
        s += "\n";
        s += &table(scores);
    }
    s
}

fn table(scores: &LabelScores) -> String {
    let mut s = format!("  {:<16} {:>6} {:>6} {:>6} {:>7}   confusion (rows gold, columns predicted: {})\n", "label", "P", "R", "F1", "support", scores.confusion.predicted.join(" | "));
    for (i, label) in scores.confusion.gold.iter().enumerate() {
        let c = &scores.per_class[label];
        let row: Vec<String> = scores.confusion.matrix[i].iter().map(|n| format!("{n:>4}")).collect();
        s += &format!("  {:<16} {:>6.3} {:>6.3} {:>6.3} {:>7}   {}\n", label, c.precision, c.recall, c.f1, c.support, row.join(" "));
    }
    s
}
