//! `standpoint train`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use standpoint::classify::{FeatureSet, InputFormat};
use standpoint::encode::Encoder;
use standpoint::train::finetune::{self, FineTuneConfig, FineTuner};
use standpoint::train::{self, logreg::FitConfig, TrainConfig};

use super::ModelArgs;

pub const EXAMPLES: &str = "Data: labelled-data JSONL articles (each labelled quote is an example; its cue verb comes from
the extractor), or one {\"text\": ..., \"label\": ...} object a line (the label may also be under the
task's name, e.g. \"stance\"). Give --data several times to pool files.

It prints k-fold cross-validation (macro-F1 mean ± sd, per-class P/R/F1), fits a calibration
temperature, and writes DIR/head.json and DIR/MODEL_CARD.md. Deterministic for a given --seed.

Examples:
  standpoint train --task stance --data ../shared/datasets/news-quotes/train.jsonl \\
      --data datasets/written/statements.jsonl --out models/heads/stance
  standpoint train --task sentiment --data target/train-data/newsmtsc-sentiment-train.jsonl --out /tmp/sent
  standpoint train --task stance --data my-labels.jsonl --ablation --out models/heads/mine
  standpoint analyze corpus/ --stance-head models/heads/mine/head.json --out out/mine";

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Features {
    /// Embedding plus negation/modal cues, cue-verb class and lexicon scores.
    All,
    /// The embedding alone.
    Embedding,
    /// The hand-made features alone (a lexicon baseline).
    Lexicon,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OffsetArg {
    /// Mean negative log-likelihood (the offset takes on the in-domain label prior too).
    Nll,
    /// Class-balanced negative log-likelihood (keeps a uniform prior).
    Balanced,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled data (JSONL); repeat to pool several files.
    #[arg(long, required = true, value_name = "FILE")]
    data: Vec<PathBuf>,
    /// What to learn: the field holding the label (stance, sentiment, or your own).
    #[arg(long, default_value = "stance")]
    task: String,
    /// Output folder for head.json and MODEL_CARD.md.
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    #[arg(long, value_enum, default_value_t = Features::All)]
    features: Features,
    /// What the head reads for a labelled quote: `cue-quote` puts the cue verb the
    /// extractor finds before the words ("ruled out: a truce"), `quote` the words alone.
    /// `{"text", "label"}` lines have no cue and are read as they are. Stored in head.json,
    /// so the pipeline feeds the head the same way.
    #[arg(long, value_enum, default_value_t = InputFormat::Quote)]
    input: InputFormat,
    /// Also cross-validate each feature group alone and report what each adds.
    #[arg(long)]
    ablation: bool,
    #[arg(long, default_value_t = 5)]
    folds: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Score cross-validation only on the examples of this data file (its file name, e.g.
    /// train.jsonl); the other files still train every fold.
    #[arg(long, value_name = "FILE_NAME")]
    score_on: Option<String>,
    /// L2 penalty.
    #[arg(long, default_value_t = 1e-2)]
    l2: f32,
    #[arg(long, default_value_t = 300)]
    epochs: usize,
    /// Also fit a word n-gram model (TF-IDF of words and word pairs, logistic regression)
    /// and average its probabilities with the embedding model's; the cross-validation,
    /// the temperature and the model card are of the average.
    #[arg(long, conflicts_with = "domain_offset")]
    ngram: bool,
    /// Weight every example alike instead of weighting classes by inverse frequency.
    #[arg(long)]
    unweighted: bool,
    /// Fine-tune the encoder's top layers on the data first (SetFit-style contrastive pairs,
    /// see src/train/finetune.rs), write them as OUT/encoder-overlay.safetensors, and fit the
    /// head on the fine-tuned embeddings. Use the head with `--encoder-overlay` on that file.
    #[arg(long)]
    fine_tune: bool,
    /// Fine-tuning: top layers trained.
    #[arg(long, default_value_t = 2, requires = "fine_tune")]
    ft_layers: usize,
    /// Fine-tuning: pairs per epoch.
    #[arg(long, default_value_t = 4000, requires = "fine_tune")]
    ft_pairs: usize,
    /// Fine-tuning: epochs.
    #[arg(long, default_value_t = 1, requires = "fine_tune")]
    ft_epochs: usize,
    /// Fine-tuning: AdamW learning rate.
    #[arg(long, default_value_t = 2e-5, requires = "fine_tune")]
    ft_lr: f64,
    /// Fine-tuning: the tasks whose labels make the contrastive pairs (comma-separated;
    /// default: --task). A task other than --task is read from the --data files' own field
    /// of that name (lines without it are skipped) and from --ft-data TASK=FILE.
    #[arg(long, value_delimiter = ',', requires = "fine_tune")]
    ft_tasks: Vec<String>,
    /// Fine-tuning: extra data for one fine-tune task only, as TASK=FILE (repeatable);
    /// read like --data for that task, used by the fine-tune and not by the head.
    #[arg(long, value_name = "TASK=FILE", requires = "fine_tune")]
    ft_data: Vec<String>,
    /// Cross-validate the whole recipe: repeat the fine-tune inside each fold, so the scored
    /// fold is never seen by the encoder; the model card's scores and the temperature then
    /// come from these folds (the fine-tune runs folds + 1 times).
    #[arg(long, requires = "fine_tune")]
    cv_fine_tune: bool,
    /// Fit a per-label logit offset and the temperature on the out-of-fold logits of the
    /// --score-on examples only (a domain calibration for real news), by mean NLL or by
    /// class-balanced NLL, and store them in head.json. The model card always reports the
    /// nested cross-validation of both when --score-on is given with --cv-fine-tune.
    #[arg(long, value_enum, requires = "score_on")]
    domain_offset: Option<OffsetArg>,
    /// Keep each --cv-fine-tune fold's fine-tuned embeddings in this folder and reuse them
    /// when the data and fine-tune settings are the same (to compare head settings without
    /// repeating the fine-tunes; the results are the same as without it).
    #[arg(long, value_name = "DIR", requires = "cv_fine_tune")]
    fold_cache: Option<PathBuf>,
    /// Write the out-of-fold logits of the cross-validation (JSON, one row per example in
    /// the order read) to this file: the nested ones with `--cv-fine-tune`, else the head's
    /// own folds (the same folds for the same data and seed, so runs can be compared or
    /// ensembled example by example).
    #[arg(long, value_name = "FILE")]
    oof_out: Option<PathBuf>,
    /// Take the out-of-fold logits of an earlier `--cv-fine-tune --oof-out` run with the
    /// same data, folds and seed instead of repeating the nested fine-tunes (the output is
    /// the same; the fine-tune of the final encoder still runs).
    #[arg(long, value_name = "FILE", requires = "fine_tune", conflicts_with = "cv_fine_tune")]
    oof_in: Option<PathBuf>,
    /// A paragraph for the model card's "How the recipe was chosen" section.
    #[arg(long, value_name = "TEXT")]
    card_note: Option<String>,
    #[command(flatten)]
    model: ModelArgs,
}

/// Out-of-fold logits, one row per example in `--data` order (`--oof-out`, `--oof-in`).
#[derive(serde::Serialize, serde::Deserialize)]
struct OofFile {
    logits: Vec<Vec<f32>>,
    /// The label set, in the logits' column order.
    #[serde(default)]
    labels: Vec<String>,
    /// Each example's gold label index, fold, source file and whether it is scored.
    #[serde(default)]
    rows: Vec<OofRow>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct OofRow {
    label: usize,
    fold: usize,
    source: String,
    scored: bool,
}

pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    args.model.apply_threads()?;
    let (mut examples, errors) = train::read_examples(&args.data, &args.task);
    train::apply_input_format(&mut examples, args.input);
    for e in &errors {
        eprintln!("error: {e}");
    }
    if examples.is_empty() {
        anyhow::bail!("no `{}` examples in the data", args.task);
    }
    let mut encoder_config = args.model.encoder_config();
    let mut fine_tuned = None;
    let mut nested = None;
    let config = TrainConfig {
        task: args.task.clone(),
        features: match args.features {
            Features::All => FeatureSet::ALL,
            Features::Embedding => FeatureSet::EMBEDDING_ONLY,
            Features::Lexicon => FeatureSet::LEXICON_ONLY,
        },
        fit: FitConfig { l2: args.l2, epochs: args.epochs, balanced: !args.unweighted, ..FitConfig::default() },
        folds: args.folds,
        seed: args.seed,
        score_source: args.score_on.clone(),
        ngram: args.ngram,
        domain_offset: args.domain_offset.map(|o| match o {
            OffsetArg::Nll => train::DomainOffset::Nll,
            OffsetArg::Balanced => train::DomainOffset::BalancedNll,
        }),
    };
    let mut errors = errors;
    if args.fine_tune {
        if encoder_config.overlay.is_some() {
            anyhow::bail!("--fine-tune starts from the base encoder; drop --encoder-overlay");
        }
        let ft = FineTuneConfig { top_layers: args.ft_layers, pairs: args.ft_pairs, epochs: args.ft_epochs, learning_rate: args.ft_lr, seed: args.seed, ..FineTuneConfig::default() };
        let tasks = if args.ft_tasks.is_empty() { vec![args.task.clone()] } else { args.ft_tasks.clone() };
        let mut ft_examples = Vec::new();
        for task in &tasks {
            let mut task_examples = if *task == args.task { examples.clone() } else { train::read_task_examples(&args.data, task).0 };
            if *task != args.task {
                train::apply_input_format(&mut task_examples, args.input);
            }
            for spec in &args.ft_data {
                let (t, file) = spec.split_once('=').ok_or_else(|| anyhow::anyhow!("--ft-data takes TASK=FILE, not `{spec}`"))?;
                if t == task {
                    let (mut more, errs) = train::read_examples(&[PathBuf::from(file)], task);
                    train::apply_input_format(&mut more, args.input);
                    for e in &errs {
                        eprintln!("error: {e}");
                    }
                    errors.extend(errs);
                    task_examples.append(&mut more);
                }
            }
            eprintln!("fine-tune task {task}: {} examples", task_examples.len());
            ft_examples.push(task_examples);
        }
        if args.cv_fine_tune {
            let cv = train::cv_fine_tuned(&encoder_config.model_dir, &examples, &ft_examples, &ft, &config, args.fold_cache.as_deref())?;
            eprintln!("nested cross-validation: macro-F1 {:.3} ± {:.3}", cv.0.macro_f1_mean, cv.0.macro_f1_sd);
            nested = Some(cv);
        } else if let Some(path) = &args.oof_in {
            let src = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let rows: Vec<Vec<f32>> = serde_json::from_str::<OofFile>(&src).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?.logits;
            let k = rows.first().map_or(0, Vec::len);
            let oof = ndarray::Array2::from_shape_vec((rows.len(), k), rows.concat())?;
            let cv = train::scores_of_oof(&oof, &examples, &config)?;
            eprintln!("nested cross-validation (from {}): macro-F1 {:.3} ± {:.3}", path.display(), cv.macro_f1_mean, cv.macro_f1_sd);
            nested = Some((cv, oof));
        }
        let mut tuner = FineTuner::new(&encoder_config.model_dir, &ft)?;
        let pairs: Vec<(Vec<&str>, Vec<&str>)> = ft_examples.iter().map(|t| t.iter().map(|e| (e.text.as_str(), e.label.as_str())).unzip()).collect();
        let views: Vec<(&[&str], &[&str])> = pairs.iter().map(|(t, l)| (t.as_slice(), l.as_slice())).collect();
        let report = tuner.train_tasks(&views, &ft)?;
        eprintln!(
            "fine-tuned {} layers: {} steps in {:.0} s, probe loss {:.4} -> {:.4}",
            ft.top_layers, report.steps, report.seconds, report.probe_loss_before, report.probe_loss_after
        );
        let overlay = args.out.join("encoder-overlay.safetensors");
        tuner.save_overlay(&overlay)?;
        encoder_config.overlay = Some(overlay);
        fine_tuned = Some((ft, report, tasks));
    }
    let encoder = Encoder::load(&encoder_config)?;
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let embeddings = encoder.embed(&texts)?;
    let is_nested = nested.is_some();
    let (head, report) = train::train_with_cv(&examples, &embeddings, &config, nested)?;
    if let Some(path) = &args.oof_out {
        write_oof(path, &report.oof, &examples, &config)?;
    }
    for (how, cv) in &report.offset_cv {
        eprintln!("with a domain offset ({}), nested: macro-F1 {:.3} ± {:.3}", how.name(), cv.macro_f1_mean, cv.macro_f1_sd);
    }
    let mut ablation = Vec::new();
    if args.ablation {
        let (labels, y) = train::label_index(&examples);
        for f in [
            FeatureSet::EMBEDDING_ONLY,
            FeatureSet { negation: true, ..FeatureSet::EMBEDDING_ONLY },
            FeatureSet { cue: true, ..FeatureSet::EMBEDDING_ONLY },
            FeatureSet { lexicon: true, ..FeatureSet::EMBEDDING_ONLY },
            FeatureSet::ALL,
            FeatureSet::LEXICON_ONLY,
        ] {
            let cfg = TrainConfig { features: f, ..config.clone() };
            let x = train::feature_matrix(&f, &examples, &embeddings);
            ablation.push(train::cv_scores(&x, &y, &labels, &train::scored_mask(&examples, &cfg), &cfg).0);
        }
    }
    let command = std::env::args().map(|a| if a.contains(' ') { format!("'{a}'") } else { a }).collect::<Vec<_>>().join(" ");
    let mut card = train::model_card(&report, &ablation, &args.data, &command);
    if let Some((ft, r, tasks)) = &fine_tuned {
        card += &finetune::card_section(ft, r, tasks, is_nested);
    } else if let Some(overlay) = &encoder_config.overlay {
        card += &format!(
            "\n## Encoder\n\nTrained on the embeddings of the encoder with the fine-tuned overlay `{}` laid over it: \
             `head.json` names it, and standpoint lays it over the encoder whenever this head is used.\n",
            overlay.display()
        );
    }
    if let Some(note) = &args.card_note {
        card += &format!("\n## How the recipe was chosen\n\n{note}\n");
    }
    let mut head = head;
    head.input = args.input;
    if let Some(overlay) = &encoder_config.overlay {
        head.encoder_overlay = Some(relative_to(overlay, &args.out));
    }
    train::save(&args.out, &head, &card)?;
    super::emit(&card)?;
    super::emit(&format!("\nwrote {}/head.json and MODEL_CARD.md\n", args.out.display()))?;
    Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn write_oof(path: &std::path::Path, oof: &ndarray::Array2<f32>, examples: &[train::Example], config: &TrainConfig) -> anyhow::Result<()> {
    let (labels, y) = train::label_index(examples);
    let folds = train::folds_of(&y, labels.len(), config.folds, config.seed);
    let scored = train::scored_mask(examples, config);
    let rows = examples.iter().enumerate().map(|(i, e)| OofRow { label: y[i], fold: folds[i], source: e.source.clone(), scored: scored[i] }).collect();
    let file = OofFile { logits: oof.rows().into_iter().map(|r| r.to_vec()).collect(), labels, rows };
    std::fs::write(path, serde_json::to_string(&file)? + "\n").map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// `path` as the head's folder `dir` will find it: a file name when it is in `dir`,
/// `../sibling/file` when it is in a sibling folder, else the path as given (absolute
/// when possible).
fn relative_to(path: &std::path::Path, dir: &std::path::Path) -> String {
    let canon = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (file, dir) = (canon(path), canon(dir));
    if let Ok(rest) = file.strip_prefix(&dir) {
        return rest.display().to_string();
    }
    if let Some(parent) = dir.parent() {
        if let Ok(rest) = file.strip_prefix(parent) {
            return format!("../{}", rest.display());
        }
    }
    file.display().to_string()
}
