//! SetFit-style contrastive fine-tuning of the encoder's top layers, through tch autograd.
//!
//! Input: labelled texts (the heads' training examples) and the base encoder folder.
//! Recipe (chosen by `scripts/finetune_probe.py`, see `scripts/finetune_probe.md`): the
//! bottom layers stay frozen and their outputs are computed once per text; the top
//! `top_layers` layers are trained with AdamW on SetFit's pairs (for a random anchor, one
//! text of the same label and one of another label) so that the cosine of the two
//! mean-pooled, L2-normalised embeddings approaches 1 or 0 (mean squared error), with
//! BERT's dropout on. Output: the trained layers' tensors, saved as a small safetensors
//! *overlay* on the base weights (`EncoderConfig::overlay` lays it over them at load).
//! Deterministic for a given seed on a given machine and thread count.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use rust_bert::bert::BertConfig;
use tch::{Device, Kind, Tensor};
use tokenizers::Tokenizer;

use crate::encode::fast::{read_tensors, FastBert};
use crate::encode::{load_tokenizer, mean_pool, pad_ids};
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct FineTuneConfig {
    /// How many of the top transformer layers are trained (the rest stay frozen).
    pub top_layers: usize,
    /// Pairs per epoch (half same-label, half different-label).
    pub pairs: usize,
    pub epochs: usize,
    pub learning_rate: f64,
    /// Pairs per step.
    pub batch_size: usize,
    /// Word pieces per text while training ([CLS] and [SEP] included).
    pub max_tokens: usize,
    /// BERT's hidden and attention dropout while training.
    pub dropout: f64,
    pub seed: u64,
}

impl Default for FineTuneConfig {
    fn default() -> FineTuneConfig {
        FineTuneConfig { top_layers: 2, pairs: 4000, epochs: 1, learning_rate: 2e-5, batch_size: 16, max_tokens: 128, dropout: 0.1, seed: 7 }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FineTuneReport {
    pub steps: usize,
    /// Contrastive loss on a fixed sample of training pairs (no dropout), before and after.
    pub probe_loss_before: f32,
    pub probe_loss_after: f32,
    /// Mean training loss of the first and of the last tenth of the steps.
    pub loss_first: f32,
    pub loss_last: f32,
    pub seconds: f64,
}

/// Tensor names of one layer, after `encoder.layer.{i}.`, in a fixed order.
const LAYER_TENSORS: [&str; 16] = [
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
];

/// The encoder with its top layers trainable.
pub struct FineTuner {
    tokenizer: Tokenizer,
    bottom: FastBert,
    split: usize,
    /// Per trained layer, its tensors in `LAYER_TENSORS` order.
    layers: Vec<Vec<Tensor>>,
    n_heads: i64,
    hidden: i64,
    dropout: f64,
    /// Hidden states after the frozen layers, per text: `[len, hidden]`.
    cache: HashMap<String, Tensor>,
}

fn model_err(dir: &Path, message: String) -> Error {
    Error::Model { dir: dir.to_path_buf(), message }
}

impl FineTuner {
    /// Loads the encoder in `model_dir` with its top `config.top_layers` layers trainable.
    pub fn new(model_dir: &Path, config: &FineTuneConfig) -> Result<FineTuner> {
        let config_path = model_dir.join("config.json");
        let bert: BertConfig = serde_json::from_str(&std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?)
            .map_err(|e| Error::Json { what: config_path.display().to_string(), source: e })?;
        let n = bert.num_hidden_layers as usize;
        if config.top_layers == 0 || config.top_layers > n {
            return Err(Error::Invalid(format!("fine-tuning trains 1 to {n} top layers, not {}", config.top_layers)));
        }
        let tokenizer = load_tokenizer(&model_dir.join("tokenizer.json"), config.max_tokens)?;
        let weights = model_dir.join("model.safetensors");
        let bottom = FastBert::load(&weights, &bert, Kind::Float, Device::Cpu)?;
        let mut base = read_tensors(&weights)?;
        let split = n - config.top_layers;
        let mut layers = Vec::new();
        for i in split..n {
            let mut tensors = Vec::new();
            for suffix in LAYER_TENSORS {
                let name = format!("encoder.layer.{i}.{suffix}");
                let t = base.remove(&name).ok_or_else(|| model_err(model_dir, format!("{}: tensor `{name}` not found", weights.display())))?;
                tensors.push(t.f_to_kind(Kind::Float)?.f_contiguous()?.f_detach()?.f_set_requires_grad(true)?);
            }
            layers.push(tensors);
        }
        Ok(FineTuner {
            tokenizer,
            bottom,
            split,
            layers,
            n_heads: bert.num_attention_heads,
            hidden: bert.hidden_size,
            dropout: config.dropout,
            cache: HashMap::new(),
        })
    }

    /// Fills the cache of frozen-layer outputs for `texts`.
    fn cache_bottom(&mut self, texts: &[&str]) -> Result<()> {
        let mut todo: Vec<&str> = texts.iter().copied().filter(|t| !self.cache.contains_key(*t)).collect();
        todo.sort_unstable();
        todo.dedup();
        let encodings = self.tokenizer.encode_batch(todo.clone(), true).map_err(|e| Error::Tokenizer(e.to_string()))?;
        let ids: Vec<Vec<i64>> = encodings.iter().map(|e| e.get_ids().iter().map(|&i| i as i64).collect()).collect();
        let mut order: Vec<usize> = (0..todo.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        for batch in order.chunks(32) {
            let rows: Vec<&[i64]> = batch.iter().map(|&i| ids[i].as_slice()).collect();
            let (flat, mask, shape) = pad_ids(&rows);
            let hidden = tch::no_grad(|| self.bottom.forward_bottom(&Tensor::from_slice(&flat).view(shape), &Tensor::from_slice(&mask).view(shape), self.split))?;
            for (r, &i) in batch.iter().enumerate() {
                let h = hidden.f_get(r as i64)?.f_narrow(0, 0, ids[i].len() as i64)?.f_contiguous()?;
                self.cache.insert(todo[i].to_string(), h);
            }
        }
        Ok(())
    }

    /// Mean-pooled, L2-normalised embeddings `[n, hidden]` through the trainable layers
    /// (with gradients; dropout when `train`).
    pub fn embed_t(&mut self, texts: &[&str], train: bool) -> Result<Tensor> {
        self.cache_bottom(texts)?;
        let lens: Vec<i64> = texts.iter().map(|t| self.cache[*t].size()[0]).collect();
        let len = lens.iter().copied().max().unwrap_or(1).max(1);
        let rows: Vec<Tensor> = texts.iter().zip(&lens).map(|(t, &l)| self.cache[*t].f_constant_pad_nd([0i64, 0, 0, len - l].as_slice())).collect::<std::result::Result<_, _>>()?;
        let mut x = Tensor::f_stack(&rows, 0)?;
        let mut mask = vec![0i64; texts.len() * len as usize];
        for (r, &l) in lens.iter().enumerate() {
            mask[r * len as usize..r * len as usize + l as usize].fill(1);
        }
        let b = texts.len() as i64;
        let mask = Tensor::from_slice(&mask).view([b, len]);
        let attn_mask = mask.f_to_kind(Kind::Bool)?.f_view([b, 1, 1, len])?;
        let (h, nh) = (self.hidden, self.n_heads);
        let dh = h / nh;
        let p = if train { self.dropout } else { 0.0 };
        let eps = 1e-12;
        for t in &self.layers {
            let heads = |w: &Tensor, bias: &Tensor, x: &Tensor| -> Result<Tensor> { Ok(x.f_linear(w, Some(bias))?.f_view([b, len, nh, dh])?.f_transpose(1, 2)?) };
            let q = heads(&t[0], &t[1], &x)?;
            let k = heads(&t[2], &t[3], &x)?;
            let v = heads(&t[4], &t[5], &x)?;
            let ctx = Tensor::f_scaled_dot_product_attention(&q, &k, &v, Some(&attn_mask), p, false, None)?.f_transpose(1, 2)?.f_reshape([b, len, h])?;
            let attn = ctx.f_linear(&t[6], Some(&t[7]))?.f_dropout(p, train)?;
            x = x.f_add(&attn)?.f_layer_norm([h], Some(&t[8]), Some(&t[9]), eps, false)?;
            let inter = x.f_linear(&t[10], Some(&t[11]))?.f_gelu("none")?;
            let ffn = inter.f_linear(&t[12], Some(&t[13]))?.f_dropout(p, train)?;
            x = x.f_add(&ffn)?.f_layer_norm([h], Some(&t[14]), Some(&t[15]), eps, false)?;
        }
        mean_pool(&x, &mask)
    }

    /// Embeddings without dropout or gradients, one vector per text.
    pub fn embed(&mut self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let mut out = Vec::new();
        for chunk in texts.chunks(64) {
            let e = tch::no_grad(|| self.embed_t(chunk, false))?;
            let flat: Vec<f32> = Vec::<f32>::try_from(e.f_flatten(0, -1)?)?;
            out.extend(flat.chunks(self.hidden as usize).map(<[f32]>::to_vec));
        }
        Ok(out)
    }

    /// The cosine-similarity loss of a batch of pairs `(a, b, same)`.
    fn pair_loss(&mut self, texts: &[&str], pairs: &[(usize, usize, bool)], train: bool) -> Result<Tensor> {
        let a: Vec<&str> = pairs.iter().map(|p| texts[p.0]).collect();
        let b: Vec<&str> = pairs.iter().map(|p| texts[p.1]).collect();
        let u = self.embed_t(&a, train)?;
        let v = self.embed_t(&b, train)?;
        let target = Tensor::from_slice(&pairs.iter().map(|p| if p.2 { 1f32 } else { 0.0 }).collect::<Vec<_>>());
        let cos = u.f_mul(&v)?.f_sum_dim_intlist([1i64].as_slice(), false, Kind::Float)?;
        Ok(cos.f_mse_loss(&target, tch::Reduction::Mean)?)
    }

    fn mean_loss(&mut self, texts: &[&str], pairs: &[(usize, usize, bool)], batch: usize) -> Result<f32> {
        let mut total = 0.0;
        for chunk in pairs.chunks(batch.max(1)) {
            let l = tch::no_grad(|| self.pair_loss(texts, chunk, false))?;
            total += f64::try_from(l)? * chunk.len() as f64;
        }
        Ok((total / pairs.len().max(1) as f64) as f32)
    }

    /// Trains on `texts` labelled `labels` (same length).
    pub fn train(&mut self, texts: &[&str], labels: &[&str], config: &FineTuneConfig) -> Result<FineTuneReport> {
        self.train_tasks(&[(texts, labels)], config)
    }

    /// Trains on several labelled tasks at once (multi-task): each epoch draws
    /// `config.pairs` pairs per task, within that task's labels, and the steps alternate
    /// between the tasks' batches. With one task this is `train`.
    pub fn train_tasks(&mut self, tasks: &[(&[&str], &[&str])], config: &FineTuneConfig) -> Result<FineTuneReport> {
        let start = Instant::now();
        tch::manual_seed(config.seed as i64);
        let mut ys = Vec::new();
        for (texts, labels) in tasks {
            if texts.len() != labels.len() {
                return Err(Error::Invalid(format!("fine-tuning: {} texts but {} labels", texts.len(), labels.len())));
            }
            let classes: Vec<&str> = labels.iter().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            if classes.len() < 2 {
                return Err(Error::Invalid(format!("fine-tuning needs at least two labels, found {classes:?}")));
            }
            let y: Vec<usize> = labels.iter().map(|l| classes.iter().position(|c| c == l).unwrap_or(0)).collect();
            ys.push((y, classes.len()));
        }
        if ys.is_empty() {
            return Err(Error::Invalid("fine-tuning needs at least one labelled task".into()));
        }
        let mut state = config.seed ^ 0x5EF1_7000;
        let probes: Vec<Vec<(usize, usize, bool)>> = ys.iter().map(|(y, k)| sample_pairs(y, *k, config.pairs.clamp(2, 256), &mut state)).collect();
        let probe_loss = |tuner: &mut FineTuner| -> Result<f32> {
            let mut sum = 0.0;
            for ((texts, _), probe) in tasks.iter().zip(&probes) {
                sum += tuner.mean_loss(texts, probe, 32)?;
            }
            Ok(sum / tasks.len() as f32)
        };
        let probe_loss_before = probe_loss(self)?;
        let mut opt = AdamW::new(self.layers.iter().flatten(), config.learning_rate)?;
        let mut losses = Vec::new();
        let batch = config.batch_size.max(1);
        for _ in 0..config.epochs {
            let pairs: Vec<Vec<(usize, usize, bool)>> = ys.iter().map(|(y, k)| sample_pairs(y, *k, config.pairs, &mut state)).collect();
            let n_chunks = pairs.iter().map(|p| p.len().div_ceil(batch)).max().unwrap_or(0);
            for c in 0..n_chunks {
                for (t, task_pairs) in pairs.iter().enumerate() {
                    let Some(chunk) = task_pairs.chunks(batch).nth(c) else { continue };
                    let loss = self.pair_loss(tasks[t].0, chunk, true)?;
                    loss.f_backward()?;
                    opt.step(self.layers.iter().flatten())?;
                    losses.push(f64::try_from(&loss)? as f32);
                }
            }
        }
        let probe_loss_after = probe_loss(self)?;
        let tenth = (losses.len() / 10).max(1);
        let mean = |s: &[f32]| if s.is_empty() { f32::NAN } else { s.iter().sum::<f32>() / s.len() as f32 };
        Ok(FineTuneReport {
            steps: losses.len(),
            probe_loss_before,
            probe_loss_after,
            loss_first: mean(&losses[..tenth.min(losses.len())]),
            loss_last: mean(&losses[losses.len().saturating_sub(tenth)..]),
            seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// Writes the trained layers' tensors (the overlay) as safetensors.
    pub fn save_overlay(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut named: Vec<(String, Tensor)> = Vec::new();
        for (l, tensors) in self.layers.iter().enumerate() {
            for (suffix, t) in LAYER_TENSORS.iter().zip(tensors) {
                named.push((format!("encoder.layer.{}.{suffix}", self.split + l), t.f_detach()?.f_contiguous()?));
            }
        }
        Tensor::write_safetensors(&named, path).map_err(|e| model_err(path, format!("{}: {e}", path.display())))
    }
}

/// AdamW as torch's (decoupled weight decay 0.01, betas 0.9/0.999, eps 1e-8), written out
/// so that no step can panic; `step` also clears the gradients.
struct AdamW {
    lr: f64,
    t: i32,
    m: Vec<Tensor>,
    v: Vec<Tensor>,
}

impl AdamW {
    fn new<'a>(params: impl Iterator<Item = &'a Tensor>, lr: f64) -> Result<AdamW> {
        let (mut m, mut v) = (Vec::new(), Vec::new());
        for p in params {
            m.push(p.f_zeros_like()?);
            v.push(p.f_zeros_like()?);
        }
        Ok(AdamW { lr, t: 0, m, v })
    }

    fn step<'a>(&mut self, params: impl Iterator<Item = &'a Tensor>) -> Result<()> {
        let (b1, b2, eps, wd) = (0.9f64, 0.999f64, 1e-8f64, 0.01f64);
        self.t += 1;
        let (c1, c2) = (1.0 - b1.powi(self.t), 1.0 - b2.powi(self.t));
        tch::no_grad(|| -> Result<()> {
            for ((p, m), v) in params.zip(self.m.iter_mut()).zip(self.v.iter_mut()) {
                let mut g = p.f_grad()?;
                if !g.defined() {
                    continue;
                }
                *m = m.f_mul_scalar(b1)?.f_add(&g.f_mul_scalar(1.0 - b1)?)?;
                *v = v.f_mul_scalar(b2)?.f_add(&g.f_mul(&g)?.f_mul_scalar(1.0 - b2)?)?;
                let update = m.f_div_scalar(c1)?.f_div(&v.f_div_scalar(c2)?.f_sqrt()?.f_add_scalar(eps)?)?;
                let mut p = p.shallow_clone();
                let _ = p.f_mul_scalar_(1.0 - self.lr * wd)?;
                let _ = p.f_sub_(&update.f_mul_scalar(self.lr)?)?;
                let _ = g.f_zero_()?;
            }
            Ok(())
        })
    }
}

/// The model card's section on the fine-tuned encoder.
pub fn card_section(config: &FineTuneConfig, report: &FineTuneReport, tasks: &[String], nested: bool) -> String {
    let caveat = if nested {
        "Cross-validation above repeated this fine-tune inside each fold, so its scores are not inflated by the encoder having seen the scored examples."
    } else {
        "The encoder was fine-tuned on all the training data before cross-validation, so the cross-validation \
         scores above are optimistic: judge the head on held-out data (`standpoint evaluate`)."
    };
    let on = if tasks.len() > 1 { format!(" Multi-task: pairs are drawn within each task's labels ({}), {} pairs per task per epoch, the steps alternating between tasks.", tasks.join(", "), config.pairs) } else { String::new() };
    format!(
        "\n## Fine-tuned encoder\n\nThis head reads embeddings of a fine-tuned encoder: the base all-MiniLM-L6-v2 with its top \
         {} layer(s) replaced by `encoder-overlay.safetensors` (beside this card; only those layers' tensors, fp32). \
         `head.json` names it, and standpoint lays it over the encoder whenever this head is used; without it the head's inputs are wrong.\n\n\
         Recipe: SetFit-style contrastive pairs (same/different label, cosine-similarity MSE loss), {} pairs x {} epoch(s), \
         batch {} pairs, AdamW lr {}, dropout {}, max {} word pieces, seed {}. {} steps in {:.0} s; loss on a fixed sample of \
         training pairs {:.4} before, {:.4} after (training loss {:.4} in the first tenth of the steps, {:.4} in the last).{on}\n\n{caveat}\n",
        config.top_layers, config.pairs, config.epochs, config.batch_size, config.learning_rate, config.dropout, config.max_tokens, config.seed,
        report.steps, report.seconds, report.probe_loss_before, report.probe_loss_after, report.loss_first, report.loss_last
    )
}

/// SetFit's pair sampling: for random anchors, one partner of the same label and one of a
/// random other label. Deterministic in `state`.
fn sample_pairs(y: &[usize], k: usize, n: usize, state: &mut u64) -> Vec<(usize, usize, bool)> {
    let by: Vec<Vec<usize>> = (0..k).map(|c| (0..y.len()).filter(|&i| y[i] == c).collect()).collect();
    let present: Vec<usize> = (0..k).filter(|&c| !by[c].is_empty()).collect();
    let mut pairs = Vec::with_capacity(n + 1);
    if y.is_empty() || present.len() < 2 {
        return pairs;
    }
    let mut pick = |m: usize| (super::splitmix(state) % m as u64) as usize;
    while pairs.len() < n {
        let a = pick(y.len());
        let same = &by[y[a]];
        pairs.push((a, same[pick(same.len())], true));
        let others: Vec<usize> = present.iter().copied().filter(|&c| c != y[a]).collect();
        let other = &by[others[pick(others.len())]];
        pairs.push((a, other[pick(other.len())], false));
    }
    // Fisher–Yates, then trim to n.
    for i in (1..pairs.len()).rev() {
        let j = pick(i + 1);
        pairs.swap(i, j);
    }
    pairs.truncate(n);
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_balanced_and_deterministic() {
        let y = [0, 0, 1, 1, 2, 2, 2];
        let (mut s1, mut s2) = (3u64, 3u64);
        let p1 = sample_pairs(&y, 3, 100, &mut s1);
        let p2 = sample_pairs(&y, 3, 100, &mut s2);
        assert_eq!(p1, p2);
        assert_eq!(p1.len(), 100);
        for &(a, b, same) in &p1 {
            assert_eq!(y[a] == y[b], same);
        }
        let n_same = p1.iter().filter(|p| p.2).count();
        assert!((40..=60).contains(&n_same), "{n_same}");
        assert!(sample_pairs(&[0, 0], 1, 10, &mut s1).is_empty());
    }
}
