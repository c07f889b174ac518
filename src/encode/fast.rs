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
        let mut tensors = read_tensors(path)?;
        if let Some(overlay) = overlay {
            for (k, v) in read_tensors(overlay)? {
                let base = tensors.get(&k).ok_or_else(|| Error::Model { dir: overlay.to_path_buf(), message: format!("{}: tensor `{k}` is not in the base model {}", overlay.display(), path.display()) })?;
                if base.size() != v.size() {
                    return Err(Error::Model { dir: overlay.to_path_buf(), message: format!("{}: tensor `{k}` has shape {:?}, the base model's {:?}", overlay.display(), v.size(), base.size()) });
                }
                tensors.insert(k, v);
            }
        }
        let missing = |k: &str| Error::Model { dir: path.to_path_buf(), message: format!("tensor `{k}` not found in {}", path.display()) };
        let mut take = |k: &str| -> Result<Tensor> {
            let t = tensors.remove(k).ok_or_else(|| missing(k))?;
            Ok(t.f_to_kind(kind)?.f_to_device(device)?)
        };
        let word = take("embeddings.word_embeddings.weight")?;
        let position = take("embeddings.position_embeddings.weight")?;
        let token_type = take("embeddings.token_type_embeddings.weight")?;
        let ln_w = take("embeddings.LayerNorm.weight")?;
        let ln_b = take("embeddings.LayerNorm.bias")?;
        let mut layers = Vec::new();
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            let q_w = take(&format!("{p}.attention.self.query.weight"))?;
            let k_w = take(&format!("{p}.attention.self.key.weight"))?;
            let v_w = take(&format!("{p}.attention.self.value.weight"))?;
            let q_b = take(&format!("{p}.attention.self.query.bias"))?;
            let k_b = take(&format!("{p}.attention.self.key.bias"))?;
            let v_b = take(&format!("{p}.attention.self.value.bias"))?;
            layers.push(Layer {
                qkv: Linear::Float { w: Tensor::f_cat(&[q_w, k_w, v_w], 0)?, b: Tensor::f_cat(&[q_b, k_b, v_b], 0)? },
                out: Linear::Float { w: take(&format!("{p}.attention.output.dense.weight"))?, b: take(&format!("{p}.attention.output.dense.bias"))? },
                ln1_w: take(&format!("{p}.attention.output.LayerNorm.weight"))?,
                ln1_b: take(&format!("{p}.attention.output.LayerNorm.bias"))?,
                inter: Linear::Float { w: take(&format!("{p}.intermediate.dense.weight"))?, b: take(&format!("{p}.intermediate.dense.bias"))? },
                ffn: Linear::Float { w: take(&format!("{p}.output.dense.weight"))?, b: take(&format!("{p}.output.dense.bias"))? },
                ln2_w: take(&format!("{p}.output.LayerNorm.weight"))?,
                ln2_b: take(&format!("{p}.output.LayerNorm.bias"))?,
            });
        }
        Ok(FastBert {
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

    /// Hidden states after the embeddings and the first `n_layers` layers (all of them:
    /// [`FastBert::forward`]); fine-tuning runs the layers above on these.
    pub fn forward_bottom(&self, ids: &Tensor, mask: &Tensor, n_layers: usize) -> Result<Tensor> {
        self.run(ids, mask, n_layers, None)
    }

    /// Turns every dense layer into int8 ([`QLinear`]: per-token activation and
    /// per-channel weight scales), smoothed with the largest activation per input channel
    /// seen on `calibration` (token ids `[n, len]`, all positions real). CPU, fp32 only.
    pub fn quantize_int8(&mut self, calibration: &Tensor) -> Result<()> {
        if self.word.device() != Device::Cpu || self.word.kind() != Kind::Float {
            return Err(Error::Invalid("int8 needs the fp32 model on the CPU".into()));
        }
        let mask = calibration.f_ones_like()?;
        let mut stats = Vec::new();
        let _ = tch::no_grad(|| self.run(calibration, &mask, self.layers.len(), Some(&mut stats)))?;
        for (l, [qkv, out, inter, ffn]) in self.layers.iter_mut().zip(&stats) {
            l.qkv = l.qkv.to_int8(qkv)?;
            l.out = l.out.to_int8(out)?;
            l.inter = l.inter.to_int8(inter)?;
            l.ffn = l.ffn.to_int8(ffn)?;
        }
        Ok(())
    }

    /// The forward pass through the first `n_layers` layers. With `stats`, each layer
    /// pushes the largest |x| per channel of its four dense layers' inputs.
    fn run(&self, ids: &Tensor, mask: &Tensor, n_layers: usize, mut stats: Option<&mut Vec<[Tensor; 4]>>) -> Result<Tensor> {
        let (b, len) = ids.size2()?;
        let h = self.hidden;
        let dh = h / self.n_heads;
        let positions = Tensor::f_arange(len, (Kind::Int64, ids.device()))?;
        let mut x = Tensor::f_embedding(&self.word, ids, -1, false, false)?
            .f_add(&self.position.f_index_select(0, &positions)?)?
            .f_add(&self.token_type.f_get(0)?)?;
        x = x.f_layer_norm([h], Some(&self.ln_w), Some(&self.ln_b), self.eps, false)?;
        // Boolean mask [b, 1, 1, len]: true where attention is allowed.
        let attn_mask = mask.f_to_kind(Kind::Bool)?.f_view([b, 1, 1, len])?;
        let amax = |t: &Tensor| t.f_abs()?.f_amax([0i64, 1].as_slice(), false);
        for l in self.layers.iter().take(n_layers) {
            let qkv = l.qkv.forward(&x)?.f_view([b, len, 3, self.n_heads, dh])?.f_permute([2, 0, 3, 1, 4])?;
            let (q, k, v) = (qkv.f_get(0)?, qkv.f_get(1)?, qkv.f_get(2)?);
            let ctx = Tensor::f_scaled_dot_product_attention(&q, &k, &v, Some(&attn_mask), 0.0, false, None)?
                .f_transpose(1, 2)?
                .f_reshape([b, len, h])?;
            let attn = l.out.forward(&ctx)?;
            let x1 = x.f_add(&attn)?.f_layer_norm([h], Some(&l.ln1_w), Some(&l.ln1_b), self.eps, false)?;
            let inter = l.inter.forward(&x1)?.f_gelu("none")?;
            let ffn = l.ffn.forward(&inter)?;
            if let Some(stats) = stats.as_deref_mut() {
                stats.push([amax(&x)?, amax(&ctx)?, amax(&x1)?, amax(&inter)?]);
            }
            x = x1.f_add(&ffn)?.f_layer_norm([h], Some(&l.ln2_w), Some(&l.ln2_b), self.eps, false)?;
        }
        Ok(x)
    }
}

/// The tensors of a safetensors file by name, without a `bert.` prefix.
pub fn read_tensors(path: &Path) -> Result<HashMap<String, Tensor>> {
    Ok(Tensor::read_safetensors(path)
        .map_err(|e| Error::Model { dir: path.to_path_buf(), message: format!("{}: {e}", path.display()) })?
        .into_iter()
        .map(|(k, v)| (k.strip_prefix("bert.").unwrap_or(&k).to_string(), v))
        .collect())
}
