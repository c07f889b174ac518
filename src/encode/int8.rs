//! int8 dense layers for the fast forward (W8A8, VNNI through oneDNN's `_int_mm`).
//!
//! - Weights: int8, one scale per output channel (max |w| / 127), quantised once at load.
//! - Activations: int8, one step and one midpoint per token (`x ≈ mid + step · q`, so a
//!   one-sided row uses all 255 codes), quantised per call.
//! - SmoothQuant (Xiao et al., 2023): the few input channels with outlier activations
//!   would set every token's scale, so each input channel is divided by
//!   `s = max|x|^α / max|w|^(1-α)` and the weight column multiplied by it (the product is
//!   unchanged). `max|x|` comes from a calibration pass (see `FastBert::quantize_int8`).
//!
//! Quantising the activations and turning the int32 products back into floats (times
//! both scales, plus the bias) are each one fused pass over the data here; in libtorch
//! they would be five or six element-wise ops, each with its own allocation, and those
//! passes cost more than the int8 GEMM itself.
//!
//! Every kernel does the same IEEE operations in the same order whatever the SIMD width
//! (Rust never contracts a multiply and an add into an FMA), so results do not depend on
//! the CPU features found at run time.

use tch::{Device, Kind, Tensor};

use crate::error::{Error, Result};

/// SmoothQuant's migration strength: the paper's default.
pub const SMOOTH_ALPHA: f64 = 0.5;

/// A dense layer `y = x Wᵀ + b` in int8.
pub struct QLinear {
    /// `[out, in]`, quantised per output channel (used transposed).
    q: Tensor,
    /// Per output channel: the weight step (max |w| / 127).
    w_scale: Vec<f32>,
    /// Per output channel: the sum of its dequantised weights (the activations'
    /// midpoints come back through it).
    w_sum: Vec<f32>,
    bias: Vec<f32>,
    /// Per input channel: 1/s, when smoothed (the weight columns were multiplied by s).
    inv_smooth: Option<Vec<f32>>,
    n_in: usize,
    n_out: usize,
}

impl QLinear {
    /// Quantises `w` `[out, in]` and keeps `b` `[out]`. With `act_max` (`[in]`, the largest
    /// |x| seen per input channel in calibration), the layer is smoothed first.
    pub fn new(w: &Tensor, b: &Tensor, act_max: Option<&Tensor>) -> Result<QLinear> {
        let w = w.f_to_kind(Kind::Float)?.f_to_device(Device::Cpu)?.f_contiguous()?;
        let (n_out, n_in) = w.size2()?;
        let (w, inv_smooth) = match act_max {
            Some(ax) => {
                let ax = ax.f_to_kind(Kind::Float)?.f_to_device(Device::Cpu)?.f_clamp_min(1e-5)?;
                let aw = w.f_abs()?.f_amax([0i64].as_slice(), false)?.f_clamp_min(1e-5)?;
                let s = ax.f_pow_tensor_scalar(SMOOTH_ALPHA)?.f_div(&aw.f_pow_tensor_scalar(1.0 - SMOOTH_ALPHA)?)?.f_clamp_min(1e-5)?;
                let inv = Vec::<f32>::try_from(&s.f_reciprocal()?)?;
                (w.f_mul(&s.f_unsqueeze(0)?)?, Some(inv))
            }
            None => (w, None),
        };
        let step = w.f_abs()?.f_amax([1i64].as_slice(), true)?.f_clamp_min(1e-8)?.f_div_scalar(127.0)?;
        let q = w.f_div(&step)?.f_round()?.f_clamp(-127, 127)?.f_to_kind(Kind::Int8)?.f_contiguous()?;
        let w_scale = Vec::<f32>::try_from(&step.f_flatten(0, -1)?)?;
        let w_sum = Vec::<f32>::try_from(&q.f_to_kind(Kind::Float)?.f_sum_dim_intlist([1i64].as_slice(), false, Kind::Float)?.f_mul(&step.f_flatten(0, -1)?)?)?;
        let bias = Vec::<f32>::try_from(&b.f_to_kind(Kind::Float)?.f_to_device(Device::Cpu)?.f_flatten(0, -1)?)?;
        if bias.len() != n_out as usize || inv_smooth.as_ref().is_some_and(|s| s.len() != n_in as usize) {
            return Err(Error::Invalid(format!("int8 layer: weight {n_out}x{n_in}, bias {}", bias.len())));
        }
        Ok(QLinear { q, w_scale, w_sum, bias, inv_smooth, n_in: n_in as usize, n_out: n_out as usize })
    }

    /// `x` `[..., in]` (fp32, CPU) → `[..., out]` fp32.
    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut shape = x.size();
        let k = shape.last().copied().unwrap_or(0) as usize;
        if k != self.n_in || x.device() != Device::Cpu {
            return Err(Error::Invalid(format!("int8 layer: input {shape:?} on {:?}, expected [..., {}] on the CPU", x.device(), self.n_in)));
        }
        if let Some(last) = shape.last_mut() {
            *last = self.n_out as i64;
        }
        let x = x.f_to_kind(Kind::Float)?.f_contiguous()?;
        let t = x.numel() / k.max(1);
        if t == 0 {
            return Ok(Tensor::f_zeros(shape.as_slice(), (Kind::Float, Device::Cpu))?);
        }
        let xq = Tensor::f_empty([t as i64, k as i64], (Kind::Int8, Device::Cpu))?;
        let (mut steps, mut mids) = (vec![0f32; t], vec![0f32; t]);
        // SAFETY: `x` is a contiguous fp32 CPU tensor of t·k elements and `xq` a fresh
        // contiguous int8 one of the same count; neither is aliased while the slices live.
        unsafe {
            let xs = std::slice::from_raw_parts(x.data_ptr() as *const f32, t * k);
            let qs = std::slice::from_raw_parts_mut(xq.data_ptr() as *mut i8, t * k);
            kernels::quantize_rows(xs, k, self.inv_smooth.as_deref(), qs, &mut steps, &mut mids);
        }
        let acc = xq.f_internal_int_mm(&self.q.f_tr()?)?.f_contiguous()?;
        let n = self.n_out;
        if acc.kind() != Kind::Int || acc.numel() != t * n {
            return Err(Error::Invalid(format!("int8 layer: the int8 GEMM gave {:?} {:?}", acc.kind(), acc.size())));
        }
        let out = Tensor::f_empty([t as i64, n as i64], (Kind::Float, Device::Cpu))?;
        // SAFETY: `acc` is a contiguous int32 CPU tensor of t·n elements (checked above) and
        // `out` a fresh contiguous fp32 one of the same count.
        unsafe {
            let accs = std::slice::from_raw_parts(acc.data_ptr() as *const i32, t * n);
            let outs = std::slice::from_raw_parts_mut(out.data_ptr() as *mut f32, t * n);
            kernels::dequantize_rows(accs, n, &steps, &mids, &self.w_scale, &self.w_sum, &self.bias, outs);
        }
        Ok(out.f_view(shape.as_slice())?)
    }

    /// Another handle on the same weights.
    pub fn share(&self) -> QLinear {
        QLinear {
            q: self.q.shallow_clone(),
            w_scale: self.w_scale.clone(),
            w_sum: self.w_sum.clone(),
            bias: self.bias.clone(),
            inv_smooth: self.inv_smooth.clone(),
            n_in: self.n_in,
            n_out: self.n_out,
        }
    }
}

mod kernels {
    /// Each row of `x` (`k` wide, times `inv` per channel when given) to int8 around its
    /// own midpoint: `v ≈ mid + step · q`, with `mid` halfway between the row's smallest and
    /// largest value and `step` half their distance over 127. One-sided rows (the GELU
    /// outputs the FFN's second layer reads) thus use all 255 codes. Writes `step` and
    /// `mid` per row.
    pub fn quantize_rows(x: &[f32], k: usize, inv: Option<&[f32]>, q: &mut [i8], steps: &mut [f32], mids: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("avx512bw") {
                // SAFETY: the features were just detected.
                return unsafe { quantize_rows_avx512(x, k, inv, q, steps, mids) };
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: as above.
                return unsafe { quantize_rows_avx2(x, k, inv, q, steps, mids) };
            }
        }
        quantize_rows_body(x, k, inv, q, steps, mids)
    }

    /// `out = acc · (step · column scale) + (mid · column sum + bias)`, row by row (`n`
    /// wide): the int32 products back to floats, with the rows' midpoints added back
    /// through the column sums of the quantised weights.
    pub fn dequantize_rows(acc: &[i32], n: usize, steps: &[f32], mids: &[f32], cols: &[f32], col_sums: &[f32], bias: &[f32], out: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the feature was just detected.
                return unsafe { dequantize_rows_avx512(acc, n, steps, mids, cols, col_sums, bias, out) };
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: as above.
                return unsafe { dequantize_rows_avx2(acc, n, steps, mids, cols, col_sums, bias, out) };
            }
        }
        dequantize_rows_body(acc, n, steps, mids, cols, col_sums, bias, out)
    }

    /// [`quantize_rows_body`] in AVX-512 intrinsics (LLVM scalarises the saturating
    /// float-to-int conversion there): the same operations in the same order, so the same
    /// codes for any finite input.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl")]
    unsafe fn quantize_rows_avx512(x: &[f32], k: usize, inv: Option<&[f32]>, q: &mut [i8], steps: &mut [f32], mids: &mut [f32]) {
        use std::arch::x86_64::*;
        let wide = k / 16 * 16;
        for (((row, qrow), step_out), mid_out) in x.chunks_exact(k).zip(q.chunks_exact_mut(k)).zip(steps.iter_mut()).zip(mids.iter_mut()) {
            let load = |i: usize| {
                // SAFETY: i + 16 <= wide <= k = row.len() (and inv.len() == k).
                let v = unsafe { _mm512_loadu_ps(row.as_ptr().add(i)) };
                match inv {
                    Some(inv) => _mm512_mul_ps(v, unsafe { _mm512_loadu_ps(inv.as_ptr().add(i)) }),
                    None => v,
                }
            };
            let at = |i: usize| match inv {
                Some(inv) => row[i] * inv[i],
                None => row[i],
            };
            let (mut lo, mut hi) = (_mm512_set1_ps(f32::INFINITY), _mm512_set1_ps(f32::NEG_INFINITY));
            for i in (0..wide).step_by(16) {
                let v = load(i);
                lo = _mm512_min_ps(lo, v);
                hi = _mm512_max_ps(hi, v);
            }
            let (mut min, mut max) = (_mm512_reduce_min_ps(lo), _mm512_reduce_max_ps(hi));
            for i in wide..k {
                (min, max) = (min.min(at(i)), max.max(at(i)));
            }
            let (step, mid) = step_and_mid(min, max);
            let r = 1.0 / step;
            let (rv, mv) = (_mm512_set1_ps(r), _mm512_set1_ps(mid));
            let (qlo, qhi) = (_mm512_set1_epi32(-127), _mm512_set1_epi32(127));
            for i in (0..wide).step_by(16) {
                let v = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_sub_ps(load(i), mv), rv));
                let v = _mm512_cvtepi32_epi8(_mm512_min_epi32(_mm512_max_epi32(v, qlo), qhi));
                // SAFETY: i + 16 <= qrow.len().
                unsafe { _mm_storeu_si128(qrow.as_mut_ptr().add(i) as *mut __m128i, v) };
            }
            for i in wide..k {
                qrow[i] = to_i8((at(i) - mid) * r);
            }
            (*step_out, *mid_out) = (step, mid);
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn quantize_rows_avx2(x: &[f32], k: usize, inv: Option<&[f32]>, q: &mut [i8], steps: &mut [f32], mids: &mut [f32]) {
        quantize_rows_body(x, k, inv, q, steps, mids)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512vl,avx2")]
    #[allow(clippy::too_many_arguments)]
    unsafe fn dequantize_rows_avx512(acc: &[i32], n: usize, steps: &[f32], mids: &[f32], cols: &[f32], col_sums: &[f32], bias: &[f32], out: &mut [f32]) {
        dequantize_rows_body(acc, n, steps, mids, cols, col_sums, bias, out)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[allow(clippy::too_many_arguments)]
    unsafe fn dequantize_rows_avx2(acc: &[i32], n: usize, steps: &[f32], mids: &[f32], cols: &[f32], col_sums: &[f32], bias: &[f32], out: &mut [f32]) {
        dequantize_rows_body(acc, n, steps, mids, cols, col_sums, bias, out)
    }

    /// Round half to even, then clamp to ±127; as x86's `cvtps2dq` does, NaN and values
    /// beyond the i32 range count as i32::MIN.
    #[inline(always)]
    fn to_i8(v: f32) -> i8 {
        let i = if v.abs() < 2_147_483_648.0 { v.round_ties_even() as i32 } else { i32::MIN };
        i.clamp(-127, 127) as i8
    }

    /// The step and midpoint of a row whose values span `min..=max`. A constant row (all
    /// codes 0) or one with a NaN or an infinity keeps a harmless step of 1 (and a
    /// midpoint of 0 when not finite).
    #[inline(always)]
    fn step_and_mid(min: f32, max: f32) -> (f32, f32) {
        let (half, mid) = ((max - min) * 0.5, (max + min) * 0.5);
        if !half.is_finite() || !mid.is_finite() {
            (1.0, 0.0)
        } else if half > 1e-30 {
            (half / 127.0, mid)
        } else {
            (1.0, mid)
        }
    }

    #[inline(always)]
    pub(super) fn quantize_rows_body(x: &[f32], k: usize, inv: Option<&[f32]>, q: &mut [i8], steps: &mut [f32], mids: &mut [f32]) {
        for (((row, qrow), step_out), mid_out) in x.chunks_exact(k).zip(q.chunks_exact_mut(k)).zip(steps.iter_mut()).zip(mids.iter_mut()) {
            let at = |i: usize| match inv {
                Some(inv) => row[i] * inv[i],
                None => row[i],
            };
            let (mut min, mut max) = (f32::INFINITY, f32::NEG_INFINITY);
            for i in 0..k {
                (min, max) = (min.min(at(i)), max.max(at(i)));
            }
            let (step, mid) = step_and_mid(min, max);
            let r = 1.0 / step;
            for (i, o) in qrow.iter_mut().enumerate() {
                *o = to_i8((at(i) - mid) * r);
            }
            (*step_out, *mid_out) = (step, mid);
        }
    }

    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn dequantize_rows_body(acc: &[i32], n: usize, steps: &[f32], mids: &[f32], cols: &[f32], col_sums: &[f32], bias: &[f32], out: &mut [f32]) {
        for (((arow, orow), &step), &mid) in acc.chunks_exact(n).zip(out.chunks_exact_mut(n)).zip(steps).zip(mids) {
            for ((((o, &v), &c), &cs), &b) in orow.iter_mut().zip(arow).zip(cols).zip(col_sums).zip(bias) {
                *o = v as f32 * (step * c) + (mid * cs + b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &Tensor, b: &Tensor) -> f64 {
        let diff = f64::try_from(a.f_sub(b).unwrap().abs().max()).unwrap();
        let scale = f64::try_from(b.abs().max()).unwrap();
        diff / scale
    }

    #[test]
    fn int8_layer_is_close_to_the_float_one_with_and_without_smoothing() {
        tch::manual_seed(3);
        let w = Tensor::randn([48, 40], (Kind::Float, Device::Cpu)).f_mul_scalar(0.1).unwrap();
        let b = Tensor::randn([48], (Kind::Float, Device::Cpu));
        // One outlier input channel, as after BERT's layer norms.
        let x = Tensor::randn([2, 5, 40], (Kind::Float, Device::Cpu));
        let _ = x.narrow(2, 7, 1).f_mul_scalar_(30.0).unwrap();
        let want = x.linear(&w, Some(&b));
        let plain = QLinear::new(&w, &b, None).unwrap().forward(&x).unwrap();
        let act_max = x.abs().amax([0i64, 1].as_slice(), false);
        let smooth = QLinear::new(&w, &b, Some(&act_max)).unwrap().forward(&x).unwrap();
        assert_eq!(plain.size(), vec![2, 5, 48]);
        let (e_plain, e_smooth) = (close(&plain, &want), close(&smooth, &want));
        assert!(e_plain < 0.05, "plain int8 error {e_plain}");
        assert!(e_smooth < e_plain, "smoothing should help with an outlier channel: {e_smooth} vs {e_plain}");
    }

    #[test]
    fn kernels_round_trip_exactly_representable_rows() {
        // A row spanning -127..=127 around 0 quantises to itself with step 1, midpoint 0;
        // shifted by 10, the midpoint takes the shift and the codes stay.
        let x: Vec<f32> = (0..17).map(|i| (i as f32 - 8.0) * 127.0 / 8.0).collect();
        let shifted: Vec<f32> = x.iter().map(|v| v + 10.0).collect();
        for (row, want_mid) in [(&x, 0.0), (&shifted, 10.0)] {
            let (mut q, mut step, mut mid) = (vec![0i8; 17], vec![0f32; 1], vec![0f32; 1]);
            kernels::quantize_rows(row, 17, None, &mut q, &mut step, &mut mid);
            assert_eq!((step[0], mid[0]), (1.0, want_mid));
            assert_eq!((q[0], q[8], q[16]), (-127, 0, 127));
            // Against a weight column of ones (scale 1, sum 17): the row's own sum, plus bias.
            let acc = [q.iter().map(|&v| v as i32).sum::<i32>()];
            let mut out = [0f32];
            kernels::dequantize_rows(&acc, 1, &step, &mid, &[1.0], &[17.0], &[0.5], &mut out);
            assert_eq!(out[0], row.iter().sum::<f32>() + 0.5);
        }
        // Constant and non-finite rows do not panic and give finite steps.
        let (mut q2, mut s2, mut m2) = (vec![0i8; 4], vec![0f32; 2], vec![0f32; 2]);
        kernels::quantize_rows(&[3.0, 3.0, f32::NAN, 1.0], 2, None, &mut q2, &mut s2, &mut m2);
        assert!(s2.iter().chain(&m2).all(|v| v.is_finite()));
        assert_eq!((q2[0], q2[1], m2[0]), (0, 0, 3.0));
    }

    /// The SIMD kernels the CPU gets give exactly what the portable bodies give, on rows
    /// with a ragged tail, with and without smoothing.
    #[test]
    fn simd_kernels_match_the_portable_ones() {
        let (t, k) = (5, 37);
        let x: Vec<f32> = (0..t * k).map(|i| ((i * 7919 % 1013) as f32 - 406.0) * 0.013 * if i % 11 == 0 { 20.0 } else { 1.0 }).collect();
        let inv: Vec<f32> = (0..k).map(|j| 0.5 + (j % 5) as f32 * 0.25).collect();
        for inv in [None, Some(inv.as_slice())] {
            let simd = {
                let (mut q, mut s, mut m) = (vec![0i8; t * k], vec![0f32; t], vec![0f32; t]);
                kernels::quantize_rows(&x, k, inv, &mut q, &mut s, &mut m);
                (q, s, m)
            };
            let portable = {
                let (mut q, mut s, mut m) = (vec![0i8; t * k], vec![0f32; t], vec![0f32; t]);
                kernels::quantize_rows_body(&x, k, inv, &mut q, &mut s, &mut m);
                (q, s, m)
            };
            assert_eq!(simd, portable);
        }
        let acc: Vec<i32> = (0..t * k).map(|i| (i as i32 * 37 % 2001) - 1000).collect();
        let steps: Vec<f32> = (0..t).map(|i| 0.01 * (i + 1) as f32).collect();
        let mids: Vec<f32> = (0..t).map(|i| 0.2 * i as f32 - 0.3).collect();
        let cols: Vec<f32> = (0..k).map(|j| 0.003 * (j + 1) as f32).collect();
        let sums: Vec<f32> = (0..k).map(|j| 0.5 - 0.04 * j as f32).collect();
        let bias: Vec<f32> = (0..k).map(|j| j as f32 - 3.0).collect();
        let (mut o1, mut o2) = (vec![0f32; t * k], vec![0f32; t * k]);
        kernels::dequantize_rows(&acc, k, &steps, &mids, &cols, &sums, &bias, &mut o1);
        kernels::dequantize_rows_body(&acc, k, &steps, &mids, &cols, &sums, &bias, &mut o2);
        assert_eq!(o1, o2);
    }

    #[test]
    fn empty_input_gives_an_empty_output() {
        let w = Tensor::ones([3, 4], (Kind::Float, Device::Cpu));
        let b = Tensor::zeros([3], (Kind::Float, Device::Cpu));
        let l = QLinear::new(&w, &b, None).unwrap();
        let y = l.forward(&Tensor::zeros([0, 4], (Kind::Float, Device::Cpu))).unwrap();
        assert_eq!(y.size(), vec![0, 3]);
        assert!(l.forward(&Tensor::zeros([2, 5], (Kind::Float, Device::Cpu))).is_err());
    }
}
