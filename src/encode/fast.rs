//! standpoint's own BERT forward on tch, for speed: one fused QKV projection per layer,
//! `scaled_dot_product_attention` with the padding mask, single-op GELU, and optional
//! bf16 weights (oneDNN/AMX matmuls on Sapphire Rapids). It loads the same safetensors as
//! rust-bert's `BertModel`, which stays the reference: in fp32 the two agree within 1e-4
//! (tests/encoder.rs). With `int8`, the dense layers run FBGEMM int8 GEMMs (AVX512-VNNI)
//! with weights quantised once at load and activations quantised per call.

use std::collections::HashMap;
use std::path::Path;

use rust_bert::bert::BertConfig;
use tch::{Device, Kind, Tensor};

use crate::error::{Error, Result};

/// A dense layer: float weights, or int8 weights packed for FBGEMM (dynamic
/// quantisation: activations are quantised per call, weights once at load).
enum Linear {
    Float { w: Tensor, b: Tensor },
    Int8 { q: Tensor, packed: Tensor, col_offsets: Tensor, scale: f64, zero_point: i64, b: Tensor, zero_b: Tensor, row_scale: Tensor },
}

impl Linear {
    fn new(w: Tensor, b: Tensor, int8: bool) -> Result<Linear> {
        if !int8 {
            return Ok(Linear::Float { w, b });
        }
        // FBGEMM's per-tensor affine parameters (fbgemm::ChooseQuantizationParams over
        // [min(w, 0), max(w, 0)] onto -128..=127), as torch's fbgemm_linear_quantize_weight.
        let w = w.f_to_kind(Kind::Float)?.f_contiguous()?;
        // Per-output-channel scales: each row of W is normalised to max |w| = 1 before the
        // per-tensor quantisation, and the GEMM output is multiplied back per column.
        let row_scale = w.f_abs()?.f_amax([1i64].as_slice(), false)?.f_clamp_min(1e-8)?;
        let w = w.f_div(&row_scale.f_unsqueeze(1)?)?;
        let min = f64::try_from(w.f_min()?)?.min(0.0);
        let max = f64::try_from(w.f_max()?)?.max(0.0);
        let (qmin, qmax) = (-128.0f64, 127.0f64);
        let mut scale = (max - min) / (qmax - qmin);
        if scale == 0.0 || !(1.0 / scale).is_finite() {
            scale = 0.1;
        }
        let (zp_min, zp_max) = (qmin - min / scale, qmax - max / scale);
        let zp = if qmin.abs() + (min / scale).abs() < qmax.abs() + (max / scale).abs() { zp_min } else { zp_max };
        let zero_point = zp.clamp(qmin, qmax).round() as i64;
        let q = w.f_div_scalar(scale)?.f_round()?.f_add_scalar(zero_point)?.f_clamp(qmin, qmax)?.f_to_kind(Kind::Int8)?;
        let k = w.size()[1];
        let col_offsets = q.f_to_kind(Kind::Int)?.f_sum_dim_intlist([1i64].as_slice(), false, Kind::Int)?.f_sub_scalar(zero_point * k)?.f_to_kind(Kind::Int)?;
        let packed = q.f_fbgemm_pack_quantized_matrix()?;
        let b = b.f_to_kind(Kind::Float)?;
        let zero_b = b.f_zeros_like()?;
        Ok(Linear::Int8 { q, packed, col_offsets, scale, zero_point, b, zero_b, row_scale })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(match self {
            Linear::Float { w, b } => x.f_linear(w, Some(b))?,
            Linear::Int8 { q, packed, col_offsets, scale, zero_point, b, zero_b, row_scale } => {
                // Per-token activation scales: each token's vector is normalised to
                // max |x| = 1, so one outlier token does not set the range for the batch.
                let a = x.f_abs()?.f_amax([-1i64].as_slice(), true)?.f_clamp_min(1e-8)?;
                let y = x.f_div(&a)?.f_fbgemm_linear_int8_weight_fp32_activation(q, packed, col_offsets, tch::Scalar::float(*scale), tch::Scalar::int(*zero_point), zero_b)?;
                y.f_mul(&a)?.f_mul(row_scale)?.f_add(b)?
            }
        })
    }
}

impl Linear {
    fn share(&self) -> Linear {
        match self {
            Linear::Float { w, b } => Linear::Float { w: w.shallow_clone(), b: b.shallow_clone() },
            Linear::Int8 { q, packed, col_offsets, scale, zero_point, b, zero_b, row_scale } => Linear::Int8 {
                q: q.shallow_clone(),
                packed: packed.shallow_clone(),
                col_offsets: col_offsets.shallow_clone(),
                scale: *scale,
                zero_point: *zero_point,
                b: b.shallow_clone(),
                zero_b: zero_b.shallow_clone(),
                row_scale: row_scale.shallow_clone(),
            },
        }
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
    /// With `int8`, the dense layers' weights are quantised to int8 (FBGEMM, dynamic
    /// activations; CPU only) and `kind` must be `Kind::Float`.
    pub fn load(path: &Path, config: &BertConfig, kind: Kind, device: Device, int8: bool) -> Result<FastBert> {
        FastBert::load_with_overlay(path, None, config, kind, device, int8)
    }

    /// [`FastBert::load`], with the tensors of `overlay` (a safetensors file of some of the
    /// model's tensors, e.g. the top layers written by `standpoint train --fine-tune`)
    /// replacing the base ones of the same name. An overlay tensor the base model does not
    /// have, or of another shape, is an error naming the overlay file.
    pub fn load_with_overlay(path: &Path, overlay: Option<&Path>, config: &BertConfig, kind: Kind, device: Device, int8: bool) -> Result<FastBert> {
        FastBert::load_branches(path, &[overlay], config, kind, device, int8)
    }

    /// Several encoders in one that share their bottom layers: branch `j` is the base model
    /// with `overlays[j]` laid over it (None: the base weights). The layers below the
    /// lowest layer any overlay replaces run once per batch, the layers from there up once
    /// per branch ([`FastBert::forward_branches`]). With several overlays, each may only
    /// hold `encoder.layer.*` tensors. With one overlay (or none) this is
    /// [`FastBert::load_with_overlay`].
    pub fn load_branches(path: &Path, overlays: &[Option<&Path>], config: &BertConfig, kind: Kind, device: Device, int8: bool) -> Result<FastBert> {
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
        let mut model = FastBert::from_tensors(path, &mut main_tensors, config, kind, device, int8)?;
        for mut tensors in merged {
            let mut layers = Vec::new();
            for i in split..n {
                layers.push(layer_from(path, &mut tensors, i, kind, device, int8)?);
            }
            model.branches.push(layers);
        }
        model.split = split;
        Ok(model)
    }

    fn from_tensors(path: &Path, tensors: &mut HashMap<String, Tensor>, config: &BertConfig, kind: Kind, device: Device, int8: bool) -> Result<FastBert> {
        let mut take = |k: &str| take_tensor(path, tensors, k, kind, device);
        let word = take("embeddings.word_embeddings.weight")?;
        let position = take("embeddings.position_embeddings.weight")?;
        let token_type = take("embeddings.token_type_embeddings.weight")?;
        let ln_w = take("embeddings.LayerNorm.weight")?;
        let ln_b = take("embeddings.LayerNorm.bias")?;
        let n = config.num_hidden_layers as usize;
        let mut layers = Vec::new();
        for i in 0..n {
            layers.push(layer_from(path, tensors, i, kind, device, int8)?);
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
                x = self.layer_forward(l, &x, &attn_mask)?;
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
        let (_, len) = ids.size2()?;
        let h = self.hidden;
        let positions = Tensor::f_arange(len, (Kind::Int64, ids.device()))?;
        let mut x = Tensor::f_embedding(&self.word, ids, -1, false, false)?
            .f_add(&self.position.f_index_select(0, &positions)?)?
            .f_add(&self.token_type.f_get(0)?)?;
        x = x.f_layer_norm([h], Some(&self.ln_w), Some(&self.ln_b), self.eps, false)?;
        let attn_mask = self.attention_mask(ids, mask)?;
        for l in self.layers.iter().take(n_layers) {
            x = self.layer_forward(l, &x, &attn_mask)?;
        }
        Ok(x)
    }

    fn layer_forward(&self, l: &Layer, x: &Tensor, attn_mask: &Tensor) -> Result<Tensor> {
        let (b, len, h) = x.size3()?;
        let dh = h / self.n_heads;
        let qkv = l.qkv.forward(x)?.f_view([b, len, 3, self.n_heads, dh])?.f_permute([2, 0, 3, 1, 4])?;
        let (q, k, v) = (qkv.f_get(0)?, qkv.f_get(1)?, qkv.f_get(2)?);
        let ctx = Tensor::f_scaled_dot_product_attention(&q, &k, &v, Some(attn_mask), 0.0, false, None)?
            .f_transpose(1, 2)?
            .f_reshape([b, len, h])?;
        let attn = l.out.forward(&ctx)?;
        let x = x.f_add(&attn)?.f_layer_norm([h], Some(&l.ln1_w), Some(&l.ln1_b), self.eps, false)?;
        let inter = l.inter.forward(&x)?.f_gelu("none")?;
        let ffn = l.ffn.forward(&inter)?;
        Ok(x.f_add(&ffn)?.f_layer_norm([h], Some(&l.ln2_w), Some(&l.ln2_b), self.eps, false)?)
    }
}

fn take_tensor(path: &Path, tensors: &mut HashMap<String, Tensor>, k: &str, kind: Kind, device: Device) -> Result<Tensor> {
    let t = tensors.remove(k).ok_or_else(|| Error::Model { dir: path.to_path_buf(), message: format!("tensor `{k}` not found in {}", path.display()) })?;
    Ok(t.f_to_kind(kind)?.f_to_device(device)?)
}

/// Layer `i`'s weights, taken out of `tensors`.
fn layer_from(path: &Path, tensors: &mut HashMap<String, Tensor>, i: usize, kind: Kind, device: Device, int8: bool) -> Result<Layer> {
    let p = format!("encoder.layer.{i}");
    let mut take = |k: &str| take_tensor(path, tensors, &format!("{p}.{k}"), kind, device);
    let q_w = take("attention.self.query.weight")?;
    let k_w = take("attention.self.key.weight")?;
    let v_w = take("attention.self.value.weight")?;
    let q_b = take("attention.self.query.bias")?;
    let k_b = take("attention.self.key.bias")?;
    let v_b = take("attention.self.value.bias")?;
    Ok(Layer {
        qkv: Linear::new(Tensor::f_cat(&[q_w, k_w, v_w], 0)?, Tensor::f_cat(&[q_b, k_b, v_b], 0)?, int8)?,
        out: Linear::new(take("attention.output.dense.weight")?, take("attention.output.dense.bias")?, int8)?,
        ln1_w: take("attention.output.LayerNorm.weight")?,
        ln1_b: take("attention.output.LayerNorm.bias")?,
        inter: Linear::new(take("intermediate.dense.weight")?, take("intermediate.dense.bias")?, int8)?,
        ffn: Linear::new(take("output.dense.weight")?, take("output.dense.bias")?, int8)?,
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
