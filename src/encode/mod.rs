//! Sentence embeddings: HF `tokenizers` (parallel, no padding) and rust-bert's BERT on
//! the all-MiniLM-L6-v2 safetensors, mean-pooled with the attention mask and
//! L2-normalised (the model's own pooling config).
//!
//! Input: any number of texts. Output: one 384-dim unit vector per text, in input order.
//! Invariants: texts are deduplicated and sorted by token length before batching, so a
//! batch pads to its own longest member and a text's embedding does not depend on what it
//! is batched with (the mask keeps padding out of both attention and pooling).
//!
//! Parallelism is across batches, not inside them: `workers` threads each own a handle on
//! the weights (shared storage, no copy) and take the next batch from a shared counter,
//! each running libtorch with one intra-op thread. On 2 cores this avoids OpenMP's
//! barriers between the many small ops of a forward pass, and a batch's numbers never
//! depend on the thread count, so any number of workers gives byte-identical output.

pub mod fast;
mod int8;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use tch::{nn, Device, Kind, Tensor};
use tokenizers::{Tokenizer, TruncationParams};

use crate::error::{Error, Result};

/// Which implementation runs the transformer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// rust-bert's `BertModel` in fp32: the reference.
    RustBert,
    /// standpoint's own forward (fused attention and GELU) in fp32.
    FastF32,
    /// standpoint's own forward with bf16 weights and activations (AMX on Sapphire Rapids).
    FastBf16,
    /// standpoint's own forward with int8 dense layers (per-token and per-channel scales,
    /// SmoothQuant; VNNI through oneDNN).
    FastInt8,
}

impl Backend {
    pub fn parse(s: &str) -> Option<Backend> {
        match s {
            "rust-bert" => Some(Backend::RustBert),
            "fp32" => Some(Backend::FastF32),
            "bf16" => Some(Backend::FastBf16),
            "int8" => Some(Backend::FastInt8),
            _ => None,
        }
    }
}

/// Where the encoder's files are and how to run it.
#[derive(Debug, Clone)]
pub struct EncoderConfig {
    /// Folder with `config.json`, `tokenizer.json` and `model.safetensors`.
    pub model_dir: PathBuf,
    /// Word pieces per text, [CLS] and [SEP] included (the model was trained at 256).
    pub max_tokens: usize,
    pub batch_size: usize,
    pub device: Device,
    pub backend: Backend,
    /// Threads that run batches side by side, each with one libtorch intra-op thread
    /// (default: the available cores; always 1 on a GPU).
    pub workers: usize,
    /// Fine-tuned tensors (safetensors, e.g. the top layers `standpoint train --fine-tune`
    /// writes) that replace the base model's of the same name. Fast backends only.
    pub overlay: Option<PathBuf>,
    /// Further encoders sharing this one's lower layers ("branches" 1..): each the base
    /// model with an overlay of top layers (None: the base weights). The layers below the
    /// lowest one any overlay replaces run once per batch, those above once per branch.
    /// `embed_branches` gives every branch's vectors. Fast backends only.
    pub branch_overlays: Vec<Option<PathBuf>>,
}

impl EncoderConfig {
    pub fn new(model_dir: impl Into<PathBuf>) -> EncoderConfig {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        EncoderConfig { model_dir: model_dir.into(), max_tokens: 256, batch_size: 32, device: Device::Cpu, backend: Backend::FastF32, workers, overlay: None, branch_overlays: Vec::new() }
    }
}

/// The loaded transformer.
enum Model {
    RustBert {
        model: BertModel<BertEmbeddings>,
        // Owns the weights the model's tensors point into.
        _vs: nn::VarStore,
    },
    Fast(fast::FastBert),
}

impl Model {
    /// Another handle on the same weights for a second worker thread: the fast forward's
    /// tensors are shared (shallow clones), rust-bert's are loaded again.
    fn another(&self, load_rust_bert: impl Fn() -> Result<Model>) -> Result<Model> {
        match self {
            Model::Fast(fast) => Ok(Model::Fast(fast.share())),
            Model::RustBert { .. } => load_rust_bert(),
        }
    }
}

pub struct Encoder {
    tokenizer: Tokenizer,
    /// One model handle per worker; a worker locks its own for the whole of an `embed` call.
    workers: Vec<Mutex<Model>>,
    device: Device,
    batch_size: usize,
    dim: usize,
    n_branches: usize,
}

/// Token ids of one text.
struct Encoded {
    ids: Vec<i64>,
}

impl Encoder {
    pub fn load(config: &EncoderConfig) -> Result<Encoder> {
        let dir = &config.model_dir;
        let model_err = |message: String| Error::Model { dir: dir.clone(), message };
        let need = |name: &str| -> Result<PathBuf> {
            let p = dir.join(name);
            if p.is_file() {
                Ok(p)
            } else {
                Err(model_err(format!("missing {name} (run scripts/setup.sh, or `make demo`, to fetch the encoder)")))
            }
        };
        let config_path = need("config.json")?;
        let bert_config: BertConfig = serde_json::from_str(
            &std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?,
        )
        .map_err(|e| Error::Json { what: config_path.display().to_string(), source: e })?;

        let tokenizer = load_tokenizer(&need("tokenizer.json")?, config.max_tokens)?;

        let weights = need("model.safetensors")?;
        let overlay = config.overlay.as_deref();
        let overlays: Vec<Option<&Path>> = std::iter::once(overlay).chain(config.branch_overlays.iter().map(|o| o.as_deref())).collect();
        for o in overlays.iter().flatten() {
            if !o.is_file() {
                return Err(model_err(format!("encoder overlay {} not found", o.display())));
            }
        }
        let load_rust_bert = || -> Result<Model> {
            let mut vs = nn::VarStore::new(config.device);
            let model = BertModel::<BertEmbeddings>::new_with_optional_pooler(vs.root(), &bert_config, false);
            vs.load(&weights)?;
            vs.freeze();
            Ok(Model::RustBert { model, _vs: vs })
        };
        let model = match config.backend {
            Backend::RustBert if overlays.len() > 1 || overlay.is_some() => {
                return Err(model_err("an encoder overlay or branch needs a fast backend (fp32, bf16 or int8), not rust-bert".into()));
            }
            Backend::RustBert => load_rust_bert()?,
            Backend::FastF32 => Model::Fast(fast::FastBert::load_branches(&weights, &overlays, &bert_config, Kind::Float, config.device)?),
            Backend::FastBf16 => Model::Fast(fast::FastBert::load_branches(&weights, &overlays, &bert_config, Kind::BFloat16, config.device)?),
            Backend::FastInt8 => {
                if config.device != Device::Cpu {
                    return Err(model_err("the int8 backend runs on the CPU only".into()));
                }
                let mut fast = fast::FastBert::load_branches(&weights, &overlays, &bert_config, Kind::Float, config.device)?;
                let ids = calibration_ids(&tokenizer)?;
                // On a thread of its own with one libtorch thread, like the workers: the
                // calibration's numbers then never depend on the thread count, and the
                // caller's OpenMP pool is left alone (idle OpenMP threads spin).
                let model = &mut fast;
                std::thread::scope(|scope| {
                    scope
                        .spawn(move || {
                            tch::set_num_threads(1);
                            model.quantize_int8(&ids)
                        })
                        .join()
                        .map_err(|_| Error::Invalid("the int8 calibration thread panicked".into()))?
                })?;
                Model::Fast(fast)
            }
        };
        let n_workers = if config.device == Device::Cpu { config.workers.max(1) } else { 1 };
        let mut workers = Vec::with_capacity(n_workers);
        for _ in 1..n_workers {
            workers.push(Mutex::new(model.another(&load_rust_bert)?));
        }
        workers.push(Mutex::new(model));
        Ok(Encoder {
            tokenizer,
            workers,
            device: config.device,
            batch_size: config.batch_size.max(1),
            dim: bert_config.hidden_size as usize,
            n_branches: overlays.len(),
        })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Number of branches (1 + `branch_overlays`).
    pub fn n_branches(&self) -> usize {
        self.n_branches
    }

    /// Embeds texts; returns one unit vector per text, in input order (the first branch).
    pub fn embed<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Vec<f32>>> {
        Ok(self.embed_branches(texts)?.into_iter().next().unwrap_or_default())
    }

    /// Embeds texts through every branch: per branch, one unit vector per text in input
    /// order. The shared lower layers run once per text.
    pub fn embed_branches<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Vec<Vec<f32>>>> {
        // Identical texts are encoded once.
        let mut unique: Vec<&str> = Vec::new();
        let mut slot_of: HashMap<&str, usize> = HashMap::new();
        let slots: Vec<usize> = texts
            .iter()
            .map(|t| {
                let t = t.as_ref();
                *slot_of.entry(t).or_insert_with(|| {
                    unique.push(t);
                    unique.len() - 1
                })
            })
            .collect();
        let encoded = self.tokenize(&unique)?;
        let mut order: Vec<usize> = (0..encoded.len()).collect();
        order.sort_by_key(|&i| encoded[i].ids.len());
        let batches: Vec<&[usize]> = order.chunks(self.batch_size).collect();
        let mut vectors: Vec<Vec<Vec<f32>>> = vec![vec![Vec::new(); encoded.len()]; self.n_branches];
        for (b, out) in self.run_batches(&encoded, &batches)? {
            for (branch, rows) in vectors.iter_mut().zip(out) {
                for (&i, v) in batches[b].iter().zip(rows) {
                    branch[i] = v;
                }
            }
        }
        Ok(vectors.into_iter().map(|branch| slots.iter().map(|&s| branch[s].clone()).collect()).collect())
    }

    /// Runs every batch through the model, on as many worker threads as there are model
    /// handles (never more than there are batches). Returns (batch index, vectors) pairs.
    fn run_batches(&self, encoded: &[Encoded], batches: &[&[usize]]) -> Result<Vec<(usize, Vec<Vec<Vec<f32>>>)>> {
        let next = AtomicUsize::new(0);
        let work = |model: &Mutex<Model>| -> Result<Vec<(usize, Vec<Vec<Vec<f32>>>)>> {
            let model = model.lock().map_err(|_| Error::Invalid("an encoder worker failed earlier".into()))?;
            tch::set_num_threads(1);
            let mut done = Vec::new();
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                let Some(batch) = batches.get(b) else { break };
                let rows: Vec<&Encoded> = batch.iter().map(|&i| &encoded[i]).collect();
                done.push((b, self.forward(&model, &rows)?));
            }
            Ok(done)
        };
        // Always on spawned threads, so the caller's own libtorch thread setting is untouched.
        let n = self.workers.len().min(batches.len());
        std::thread::scope(|scope| {
            let handles: Vec<_> = self.workers[..n].iter().map(|m| scope.spawn(move || work(m))).collect();
            let mut all = Vec::new();
            for h in handles {
                all.extend(h.join().map_err(|_| Error::Invalid("an encoder worker thread panicked".into()))??);
            }
            Ok(all)
        })
    }

    /// Word pieces per text ([CLS] and [SEP] included, after truncation).
    pub fn token_counts(&self, texts: &[&str]) -> Result<Vec<usize>> {
        Ok(self.tokenize(texts)?.iter().map(|e| e.ids.len()).collect())
    }

    fn tokenize(&self, texts: &[&str]) -> Result<Vec<Encoded>> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        Ok(encodings
            .into_iter()
            .map(|e| Encoded { ids: e.get_ids().iter().map(|&i| i as i64).collect() })
            .collect())
    }

    /// One padded batch through BERT, mean-pooled under the mask, L2-normalised: per
    /// branch, one vector per row.
    fn forward(&self, model: &Model, rows: &[&Encoded]) -> Result<Vec<Vec<Vec<f32>>>> {
        let ids: Vec<&[i64]> = rows.iter().map(|r| r.ids.as_slice()).collect();
        let (ids, mask, shape) = pad_ids(&ids);
        let ids = Tensor::from_slice(&ids).view(shape).to_device(self.device);
        let mask = Tensor::from_slice(&mask).view(shape).to_device(self.device);
        let token_types = Tensor::zeros(shape, (Kind::Int64, self.device));
        let hidden = tch::no_grad(|| -> Result<Vec<Tensor>> {
            let hidden = match model {
                Model::RustBert { model, .. } => {
                    vec![model.forward_t(Some(&ids), Some(&mask), Some(&token_types), None, None, None, None, false)?.hidden_state]
                }
                Model::Fast(fast) => fast.forward_branches(&ids, &mask)?,
            };
            hidden.iter().map(|h| Ok(mean_pool(h, &mask)?.f_to_device(Device::Cpu)?.f_contiguous()?)).collect()
        })?;
        let mut out = Vec::with_capacity(hidden.len());
        for pooled in hidden {
            let flat: Vec<f32> = Vec::<f32>::try_from(pooled.flatten(0, -1))?;
            out.push(flat.chunks(self.dim).map(<[f32]>::to_vec).collect());
        }
        Ok(out)
    }
}

/// Calibration input for int8 smoothing: 64 rows of 40 word pieces, each a
/// [CLS] … [SEP] sequence of whole words drawn from the tokenizer's own vocabulary by a
/// fixed pseudo-random sequence. No text is needed, and the outlier channels it measures
/// are the model's, not a corpus's. Deterministic.
fn calibration_ids(tokenizer: &Tokenizer) -> Result<Tensor> {
    const ROWS: usize = 64;
    const LEN: usize = 40;
    let mut words: Vec<(u32, String)> = tokenizer
        .get_vocab(false)
        .into_iter()
        .filter(|(w, _)| w.len() >= 2 && w.chars().all(|c| c.is_ascii_lowercase()))
        .map(|(w, id)| (id, w))
        .collect();
    words.sort();
    if words.is_empty() {
        return Err(Error::Tokenizer("no whole words in the vocabulary to calibrate int8 with".into()));
    }
    let mut state: u64 = 7;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let texts: Vec<String> = (0..ROWS).map(|_| (0..LEN).map(|_| words[next() % words.len()].1.as_str()).collect::<Vec<_>>().join(" ")).collect();
    let encodings = tokenizer.encode_batch(texts, true).map_err(|e| Error::Tokenizer(e.to_string()))?;
    let len = encodings.iter().map(|e| e.get_ids().len()).min().unwrap_or(0).min(LEN);
    let ids: Vec<i64> = encodings.iter().flat_map(|e| e.get_ids()[..len].iter().map(|&i| i as i64)).collect();
    Ok(Tensor::from_slice(&ids).view([ROWS as i64, len as i64]))
}

/// Asks glibc's malloc to keep freed memory instead of returning it to the kernel at once
/// (mmap threshold 32 MB, trim threshold 1 GB, top pad 64 MB). A forward pass allocates
/// and frees many tensors of a few megabytes; by default each is a fresh `mmap`, and every
/// page of it faults on first touch. This made the int8 encoder 7-25% faster here
/// (README, Performance); the cost is that the process's resident memory stays at its
/// high-water mark. Process-wide, so the library never calls it by itself: the
/// `standpoint` binary and the benchmarks do, first thing. Does nothing off glibc.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        const M_TRIM_THRESHOLD: std::ffi::c_int = -1;
        const M_TOP_PAD: std::ffi::c_int = -2;
        const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
        // SAFETY: mallopt only changes allocator parameters; a value it rejects is ignored.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 32 << 20);
            mallopt(M_TRIM_THRESHOLD, 1 << 30);
            mallopt(M_TOP_PAD, 64 << 20);
        }
    }
}

/// The model's tokenizer with its padding off (batches are padded to their own longest
/// text: the shipped tokenizer.json pads every input to 128) and truncation at
/// `max_tokens` word pieces.
pub fn load_tokenizer(path: &Path, max_tokens: usize) -> Result<Tokenizer> {
    let mut tokenizer = Tokenizer::from_file(path).map_err(|e| Error::Tokenizer(format!("{}: {e}", path.display())))?;
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams { max_length: max_tokens, ..Default::default() }))
        .map_err(|e| Error::Tokenizer(e.to_string()))?;
    Ok(tokenizer)
}

/// Rows of token ids padded with 0 to the longest row: flat ids, flat attention mask, and
/// the `[rows, len]` shape.
pub fn pad_ids(rows: &[&[i64]]) -> (Vec<i64>, Vec<i64>, [i64; 2]) {
    let len = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1);
    let mut ids = vec![0i64; rows.len() * len];
    let mut mask = vec![0i64; rows.len() * len];
    for (r, row) in rows.iter().enumerate() {
        ids[r * len..r * len + row.len()].copy_from_slice(row);
        mask[r * len..r * len + row.len()].fill(1);
    }
    (ids, mask, [rows.len() as i64, len as i64])
}

/// The model's pooling: the mean of `hidden` `[n, len, h]` over the positions `mask`
/// `[n, len]` allows, L2-normalised, in fp32.
pub fn mean_pool(hidden: &Tensor, mask: &Tensor) -> Result<Tensor> {
    let m = mask.f_unsqueeze(-1)?.f_to_kind(Kind::Float)?;
    let summed = hidden.f_to_kind(Kind::Float)?.f_mul(&m)?.f_sum_dim_intlist([1i64].as_slice(), false, Kind::Float)?;
    let counts = m.f_sum_dim_intlist([1i64].as_slice(), false, Kind::Float)?.f_clamp_min(1e-9)?;
    let mean = summed.f_div(&counts)?;
    let norm = mean.f_norm_scalaropt_dim(2, [1i64].as_slice(), true)?.f_clamp_min(1e-12)?;
    Ok(mean.f_div(&norm)?)
}

/// The encoder folder: `$STANDPOINT_MODEL_DIR`, else `all-MiniLM-L6-v2` in the models
/// folder (see [`crate::pipeline::default_models_dir`]).
pub fn default_model_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("STANDPOINT_MODEL_DIR") {
        return PathBuf::from(dir);
    }
    crate::pipeline::default_models_dir().join("all-MiniLM-L6-v2")
}
