//! standpoint's own BERT forward on tch, for speed: one fused QKV projection per layer,
//! `scaled_dot_product_attention` with the padding mask, single-op GELU, and optional
//! bf16 weights (oneDNN/AMX matmuls on Sapphire Rapids). It loads the same safetensors as
//! rust-bert's `BertModel`, which stays the reference: in fp32 the two agree within 1e-4
//! (tests/encoder.rs). [`FastBert::quantize_int8`] turns the dense layers into int8 ones
//! (see `int8.rs`), smoothed by a calibration pass.

use std::collections::HashMap;
use std::path::Path;

use rust_bert::bert::BertConfig;
use tch::{Device, Kind, Tensor};

use super::int8::QLinear;
use crate::error::{Error, Result};

/// A dense layer: float weights, or int8 ones ([`QLinear`]).
enum Linear {
    Float { w: Tensor, b: Tensor },
    Int8(QLinear),
}

impl Linear {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(match self {
            Linear::Float { w, b } => x.f_linear(w, Some(b))?,
            Linear::Int8(q) => q.forward(x)?,
        })
    }

    fn share(&self) -> Linear {
        match self {
            Linear::Float { w, b } => Linear::Float { w: w.shallow_clone(), b: b.shallow_clone() },
            Linear::Int8(q) => Linear::Int8(q.share()),
        }
    }

    /// The int8 version of a float layer, smoothed for activations up to `act_max`.
    fn to_int8(&self, act_max: &Tensor) -> Result<Linear> {
        Ok(match self {
            Linear::Float { w, b } => Linear::Int8(QLinear::new(w, b, Some(act_max))?),
            Linear::Int8(q) => Linear::Int8(q.share()),
        })
    }
}

/// Weights of one transformer layer.
struct Layer {
    qkv: Linear,
    out: Linear,
    ln1_w: Tensor,
    ln1_b: Tensor,
    inter: Linear,
    ffn: Linear,
    ln2_w: Tensor,
    ln2_b: Tensor,
}

impl Layer {
    fn share(&self) -> Layer {
        Layer {
            qkv: self.qkv.share(),
            out: self.out.share(),
            ln1_w: self.ln1_w.shallow_clone(),
            ln1_b: self.ln1_b.shallow_clone(),
            inter: self.inter.share(),
            ffn: self.ffn.share(),
            ln2_w: self.ln2_w.shallow_clone(),
            ln2_b: self.ln2_b.shallow_clone(),
        }
    }
}

pub struct FastBert {
    /// Further top-layer stacks (branches 1..) that share the layers below `split` with
    /// the main stack; each comes from another overlay (see `load_branches`).
    branches: Vec<Vec<Layer>>,
    split: usize,
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    ln_w: Tensor,
    ln_b: Tensor,
    layers: Vec<Layer>,
    n_heads: i64,
    hidden: i64,
    eps: f64,
}

impl FastBert {
    /// Loads `model.safetensors` (keys with or without a `bert.` prefix) in `kind`
    /// (`Kind::Float` or `Kind::BFloat16`) on `device`.
    pub fn load(path: &Path, config: &BertConfig, kind: Kind, device: Device) -> Result<FastBert> {
        FastBert::load_with_overlay(path, None, config, kind, device)
    }

    /// [`FastBert::load`], with the tensors of `overlay` (a safetensors file of some of the
    /// model's tensors, e.g. the top layers written by `standpoint train --fine-tune`)
    /// replacing the base ones of the same name. An overlay tensor the base model does not
    /// have, or of another shape, is an error naming the overlay file.
    pub fn load_with_overlay(path: &Path, overlay: Option<&Path>, config: &BertConfig, kind: Kind, device: Device) -> Result<FastBert> {
        FastBert::load_branches(path, &[overlay], config, kind, device)
    }

    /// Several encoders in one that share their bottom layers: branch `j` is the base model
    /// with `overlays[j]` laid over it (None: the base weights). The layers below the
    /// lowest layer any overlay replaces run once per batch, the layers from there up once
    /// per branch ([`FastBert::forward_branches`]). With several overlays, each may only
    /// hold `encoder.layer.*` tensors. With one overlay (or none) this is
    /// [`FastBert::load_with_overlay`].
    pub fn load_branches(path: &Path, overlays: &[Option<&Path>], config: &BertConfig, kind: Kind, device: Device) -> Result<FastBert> {
        let base = read_tensors(path)?;
        let n = config.num_hidden_layers as usize;
        let mut merged: Vec<HashMap<String, Tensor>> = Vec::new();
        let mut split = n;
        for overlay in overlays {
            let mut tensors: HashMap<String, Tensor> = base.iter().map(|(k, v)| (k.clone(), v.shallow_clone())).collect();
            if let Some(overlay) = overlay {
                for (k, v) in read_tensors(overlay)? {
                    let bad = |message: String| Error::Model { dir: overlay.to_path_buf(), message: format!("{}: {message}", overlay.display()) };
                    let b = tensors.get(&k).ok_or_else(|| bad(format!("tensor `{k}` is not in the base model {}", path.display())))?;
                    if b.size() != v.size() {
                        return Err(bad(format!("tensor `{k}` has shape {:?}, the base model's {:?}", v.size(), b.size())));
                    }
                    if overlays.len() > 1 {
                        let layer = k.strip_prefix("encoder.layer.").and_then(|r| r.split('.').next()).and_then(|i| i.parse::<usize>().ok());
                        let Some(layer) = layer else {
                            return Err(bad(format!("tensor `{k}` is not an encoder layer's, so this overlay cannot share the lower layers with another")));
                        };
                        split = split.min(layer);
                    }
                    tensors.insert(k, v);
                }
            }
            merged.push(tensors);
        }
        let mut merged = merged.into_iter();
        let mut main_tensors = merged.next().unwrap_or(base);
        let mut model = FastBert::from_tensors(path, &mut main_tensors, config, kind, device)?;
        for mut tensors in merged {
            let mut layers = Vec::new();
            for i in split..n {
                layers.push(layer_from(path, &mut tensors, i, kind, device)?);
            }
            model.branches.push(layers);
        }
        model.split = split;
        Ok(model)
    }

    fn from_tensors(path: &Path, tensors: &mut HashMap<String, Tensor>, config: &BertConfig, kind: Kind, device: Device) -> Result<FastBert> {
        let mut take = |k: &str| take_tensor(path, tensors, k, kind, device);
        let word = take("embeddings.word_embeddings.weight")?;
        let position = take("embeddings.position_embeddings.weight")?;
        let token_type = take("embeddings.token_type_embeddings.weight")?;
        let ln_w = take("embeddings.LayerNorm.weight")?;
        let ln_b = take("embeddings.LayerNorm.bias")?;
        let n = config.num_hidden_layers as usize;
        let mut layers = Vec::new();
        for i in 0..n {
            layers.push(layer_from(path, tensors, i, kind, device)?);
        }
        Ok(FastBert {
            branches: Vec::new(),
            split: n,
            word,
            position,
            token_type,
            ln_w,
            ln_b,
            layers,
            n_heads: config.num_attention_heads,
            hidden: config.hidden_size,
            // rust-bert and the model's config.json use 1e-12.
            eps: 1e-12,
        })
    }

    /// Another handle on the same weights (shallow clones: shared storage, no copy), for
    /// a second worker thread.
    pub fn share(&self) -> FastBert {
        FastBert {
            branches: self.branches.iter().map(|b| b.iter().map(Layer::share).collect()).collect(),
            split: self.split,
            word: self.word.shallow_clone(),
            position: self.position.shallow_clone(),
            token_type: self.token_type.shallow_clone(),
            ln_w: self.ln_w.shallow_clone(),
            ln_b: self.ln_b.shallow_clone(),
            layers: self.layers.iter().map(Layer::share).collect(),
            n_heads: self.n_heads,
            hidden: self.hidden,
            eps: self.eps,
        }
    }

    /// Hidden states `[batch, len, hidden]` (in the model's kind) for padded ids and mask.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        self.forward_bottom(ids, mask, self.layers.len())
    }

    /// Number of transformer layers.
    pub fn n_layers(&self) -> usize {
        self.layers.len()
    }

    /// Number of branches (stacks of top layers over shared bottom layers); 1 unless
    /// loaded with [`FastBert::load_branches`] and several overlays.
    pub fn n_branches(&self) -> usize {
        1 + self.branches.len()
    }

    /// Hidden states of every branch, in `load_branches`' order: the shared bottom layers
    /// run once, each branch's top layers on their output.
    pub fn forward_branches(&self, ids: &Tensor, mask: &Tensor) -> Result<Vec<Tensor>> {
        if self.branches.is_empty() {
            return Ok(vec![self.forward(ids, mask)?]);
        }
        let bottom = self.forward_bottom(ids, mask, self.split)?;
        let attn_mask = self.attention_mask(ids, mask)?;
        let mut out = Vec::with_capacity(self.n_branches());
        for stack in std::iter::once(&self.layers[self.split.min(self.layers.len())..]).chain(self.branches.iter().map(Vec::as_slice)) {
            let mut x = bottom.shallow_clone();
            for l in stack {
                x = self.layer_forward(l, &x, &attn_mask, None)?;
            }
            out.push(x);
        }
        Ok(out)
    }

    /// Boolean mask [b, 1, 1, len]: true where attention is allowed.
    fn attention_mask(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (b, len) = ids.size2()?;
        Ok(mask.f_to_kind(Kind::Bool)?.f_view([b, 1, 1, len])?)
    }

    /// Hidden states after the embeddings and the first `n_layers` layers (all of them:
    /// [`FastBert::forward`]); fine-tuning runs the layers above on these.
    pub fn forward_bottom(&self, ids: &Tensor, mask: &Tensor, n_layers: usize) -> Result<Tensor> {
        self.run(ids, mask, &self.layers[..n_layers.min(self.layers.len())], None)
    }

    /// The embeddings, then `layers` in turn. With `stats`, each layer pushes the largest
    /// |x| per channel of its four dense layers' inputs.
    fn run(&self, ids: &Tensor, mask: &Tensor, layers: &[Layer], mut stats: Option<&mut Vec<[Tensor; 4]>>) -> Result<Tensor> {
        let (_, len) = ids.size2()?;
        let h = self.hidden;
        let positions = Tensor::f_arange(len, (Kind::Int64, ids.device()))?;
        let mut x = Tensor::f_embedding(&self.word, ids, -1, false, false)?
            .f_add(&self.position.f_index_select(0, &positions)?)?
            .f_add(&self.token_type.f_get(0)?)?;
        x = x.f_layer_norm([h], Some(&self.ln_w), Some(&self.ln_b), self.eps, false)?;
        let attn_mask = self.attention_mask(ids, mask)?;
        for l in layers {
            x = self.layer_forward(l, &x, &attn_mask, stats.as_deref_mut())?;
        }
        Ok(x)
    }

    /// Turns every dense layer (of every branch) into int8 ([`QLinear`]: per-token
    /// activation and per-channel weight scales), smoothed with the largest activation per
    /// input channel seen on `calibration` (token ids `[n, len]`, all positions real) in
    /// fp32. CPU, fp32 only.
    pub fn quantize_int8(&mut self, calibration: &Tensor) -> Result<()> {
        if self.word.device() != Device::Cpu || self.word.kind() != Kind::Float {
            return Err(Error::Invalid("int8 needs the fp32 model on the CPU".into()));
        }
        let mask = calibration.f_ones_like()?;
        let (main, branches) = tch::no_grad(|| -> Result<(Vec<[Tensor; 4]>, Vec<Vec<[Tensor; 4]>>)> {
            let mut main = Vec::new();
            let _ = self.run(calibration, &mask, &self.layers, Some(&mut main))?;
            let bottom = self.forward_bottom(calibration, &mask, self.split)?;
            let attn_mask = self.attention_mask(calibration, &mask)?;
            let mut branches = Vec::new();
            for stack in &self.branches {
                let (mut x, mut stats) = (bottom.shallow_clone(), Vec::new());
                for l in stack {
                    x = self.layer_forward(l, &x, &attn_mask, Some(&mut stats))?;
                }
                branches.push(stats);
            }
            Ok((main, branches))
        })?;
        let quantize = |layers: &mut [Layer], stats: &[[Tensor; 4]]| -> Result<()> {
            for (l, [qkv, out, inter, ffn]) in layers.iter_mut().zip(stats) {
                l.qkv = l.qkv.to_int8(qkv)?;
                l.out = l.out.to_int8(out)?;
                l.inter = l.inter.to_int8(inter)?;
                l.ffn = l.ffn.to_int8(ffn)?;
            }
            Ok(())
        };
        quantize(&mut self.layers, &main)?;
        for (stack, stats) in self.branches.iter_mut().zip(&branches) {
            quantize(stack, stats)?;
        }
        Ok(())
    }

    fn layer_forward(&self, l: &Layer, x: &Tensor, attn_mask: &Tensor, stats: Option<&mut Vec<[Tensor; 4]>>) -> Result<Tensor> {
        let (b, len, h) = x.size3()?;
        let dh = h / self.n_heads;
        let qkv = l.qkv.forward(x)?.f_view([b, len, 3, self.n_heads, dh])?.f_permute([2, 0, 3, 1, 4])?;
        let (q, k, v) = (qkv.f_get(0)?, qkv.f_get(1)?, qkv.f_get(2)?);
        let ctx = Tensor::f_scaled_dot_product_attention(&q, &k, &v, Some(attn_mask), 0.0, false, None)?
            .f_transpose(1, 2)?
            .f_reshape([b, len, h])?;
        let attn = l.out.forward(&ctx)?;
        let x1 = x.f_add(&attn)?.f_layer_norm([h], Some(&l.ln1_w), Some(&l.ln1_b), self.eps, false)?;
        let inter = l.inter.forward(&x1)?.f_gelu("none")?;
        let ffn = l.ffn.forward(&inter)?;
        if let Some(stats) = stats {
            let amax = |t: &Tensor| t.f_abs()?.f_amax([0i64, 1].as_slice(), false);
            stats.push([amax(x)?, amax(&ctx)?, amax(&x1)?, amax(&inter)?]);
        }
        Ok(x1.f_add(&ffn)?.f_layer_norm([h], Some(&l.ln2_w), Some(&l.ln2_b), self.eps, false)?)
    }
}

fn take_tensor(path: &Path, tensors: &mut HashMap<String, Tensor>, k: &str, kind: Kind, device: Device) -> Result<Tensor> {
    let t = tensors.remove(k).ok_or_else(|| Error::Model { dir: path.to_path_buf(), message: format!("tensor `{k}` not found in {}", path.display()) })?;
    Ok(t.f_to_kind(kind)?.f_to_device(device)?)
}

/// Layer `i`'s weights, taken out of `tensors`.
fn layer_from(path: &Path, tensors: &mut HashMap<String, Tensor>, i: usize, kind: Kind, device: Device) -> Result<Layer> {
    let p = format!("encoder.layer.{i}");
    let mut take = |k: &str| take_tensor(path, tensors, &format!("{p}.{k}"), kind, device);
    let q_w = take("attention.self.query.weight")?;
    let k_w = take("attention.self.key.weight")?;
    let v_w = take("attention.self.value.weight")?;
    let q_b = take("attention.self.query.bias")?;
    let k_b = take("attention.self.key.bias")?;
    let v_b = take("attention.self.value.bias")?;
    Ok(Layer {
        qkv: Linear::Float { w: Tensor::f_cat(&[q_w, k_w, v_w], 0)?, b: Tensor::f_cat(&[q_b, k_b, v_b], 0)? },
        out: Linear::Float { w: take("attention.output.dense.weight")?, b: take("attention.output.dense.bias")? },
        ln1_w: take("attention.output.LayerNorm.weight")?,
        ln1_b: take("attention.output.LayerNorm.bias")?,
        inter: Linear::Float { w: take("intermediate.dense.weight")?, b: take("intermediate.dense.bias")? },
        ffn: Linear::Float { w: take("output.dense.weight")?, b: take("output.dense.bias")? },
        ln2_w: take("output.LayerNorm.weight")?,
        ln2_b: take("output.LayerNorm.bias")?,
    })
}

/// The tensors of a safetensors file by name, without a `bert.` prefix.
pub fn read_tensors(path: &Path) -> Result<HashMap<String, Tensor>> {
    Ok(Tensor::read_safetensors(path)
        .map_err(|e| Error::Model { dir: path.to_path_buf(), message: format!("{}: {e}", path.display()) })?
        .into_iter()
        .map(|(k, v)| (k.strip_prefix("bert.").unwrap_or(&k).to_string(), v))
        .collect())
}
