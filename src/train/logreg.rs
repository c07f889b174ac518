//! Multinomial logistic regression in ndarray: class-weighted cross-entropy with an L2
//! penalty, fitted by full-batch Adam. Deterministic (no randomness in the fit itself).

use ndarray::{Array1, Array2, Axis};

#[derive(Debug, Clone, Copy)]
pub struct FitConfig {
    pub l2: f32,
    pub epochs: usize,
    pub learning_rate: f32,
    /// Weight classes by inverse frequency.
    pub balanced: bool,
}

impl Default for FitConfig {
    fn default() -> FitConfig {
        FitConfig { l2: 1e-2, epochs: 300, learning_rate: 0.05, balanced: true }
    }
}

/// Fitted parameters over standardised features.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// `k × f`.
    pub weights: Array2<f32>,
    pub bias: Array1<f32>,
}

impl Fitted {
    /// Logits for standardised rows: `n × k`.
    pub fn logits(&self, x: &Array2<f32>) -> Array2<f32> {
        x.dot(&self.weights.t()) + &self.bias
    }
}

/// Column means and standard deviations (a constant column gets std 1).
pub fn standardiser(x: &Array2<f32>) -> (Array1<f32>, Array1<f32>) {
    let mean = x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(x.ncols()));
    let std = x.std_axis(Axis(0), 0.0).mapv(|s| if s > 1e-6 { s } else { 1.0 });
    (mean, std)
}

pub fn standardise(x: &Array2<f32>, mean: &Array1<f32>, std: &Array1<f32>) -> Array2<f32> {
    (x - mean) / std
}

pub fn softmax_rows(logits: &Array2<f32>, temperature: f32) -> Array2<f32> {
    let mut p = logits / temperature;
    for mut row in p.rows_mut() {
        let max = row.fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
    p
}

/// The rows a regression is fitted on: what [`fit_rows`] needs of them.
pub trait Design {
    /// (rows, features).
    fn dim(&self) -> (usize, usize);
    /// `x · wᵀ`: one row of `k` scores per example, for weights `k × f`.
    fn scores(&self, w: &Array2<f32>) -> Array2<f32>;
    /// `gᵀ · x`: `k × f`, for per-example gradients `g` (`n × k`).
    fn back(&self, g: &Array2<f32>) -> Array2<f32>;
}

impl Design for Array2<f32> {
    fn dim(&self) -> (usize, usize) {
        Array2::dim(self)
    }

    fn scores(&self, w: &Array2<f32>) -> Array2<f32> {
        self.dot(&w.t())
    }

    fn back(&self, g: &Array2<f32>) -> Array2<f32> {
        g.t().dot(self)
    }
}

/// Sparse rows: each example's (feature index, value) pairs, over `width` features. The
/// word n-gram model's rows are mostly zeros, and a dense matrix of them grows with the
/// data times the vocabulary.
pub struct SparseRows {
    pub rows: Vec<Vec<(usize, f32)>>,
    pub width: usize,
}

impl Design for SparseRows {
    fn dim(&self) -> (usize, usize) {
        (self.rows.len(), self.width)
    }

    fn scores(&self, w: &Array2<f32>) -> Array2<f32> {
        let mut out = Array2::<f32>::zeros((self.rows.len(), w.nrows()));
        for (i, row) in self.rows.iter().enumerate() {
            for (c, wc) in w.rows().into_iter().enumerate() {
                out[[i, c]] = row.iter().map(|&(j, v)| wc[j] * v).sum();
            }
        }
        out
    }

    fn back(&self, g: &Array2<f32>) -> Array2<f32> {
        let mut out = Array2::<f32>::zeros((g.ncols(), self.width));
        for (row, gi) in self.rows.iter().zip(g.rows()) {
            for &(j, v) in row {
                for (c, &gc) in gi.iter().enumerate() {
                    out[[c, j]] += gc * v;
                }
            }
        }
        out
    }
}

/// Fits on standardised rows `x` with labels `y` in `0..k`.
pub fn fit(x: &Array2<f32>, y: &[usize], k: usize, config: &FitConfig) -> Fitted {
    fit_rows(x, y, k, config)
}

/// [`fit`] over any [`Design`]: class-weighted mean cross-entropy plus `l2 / 2 · |w|²`,
/// full-batch Adam.
pub fn fit_rows<D: Design>(x: &D, y: &[usize], k: usize, config: &FitConfig) -> Fitted {
    let (n, f) = x.dim();
    let mut w = Array2::<f32>::zeros((k, f));
    let mut b = Array1::<f32>::zeros(k);
    let mut onehot = Array2::<f32>::zeros((n, k));
    for (i, &c) in y.iter().enumerate() {
        onehot[[i, c]] = 1.0;
    }
    let counts: Vec<f32> = (0..k).map(|c| y.iter().filter(|&&v| v == c).count() as f32).collect();
    let sample_w: Array1<f32> = y
        .iter()
        .map(|&c| if config.balanced && counts[c] > 0.0 { n as f32 / (k as f32 * counts[c]) } else { 1.0 })
        .collect();
    let total_w = sample_w.sum().max(1e-6);
    let (beta1, beta2, eps) = (0.9f32, 0.999f32, 1e-8f32);
    let (mut mw, mut vw) = (Array2::<f32>::zeros((k, f)), Array2::<f32>::zeros((k, f)));
    let (mut mb, mut vb) = (Array1::<f32>::zeros(k), Array1::<f32>::zeros(k));
    for t in 1..=config.epochs {
        let logits = x.scores(&w) + &b;
        let p = softmax_rows(&logits, 1.0);
        // d loss / d logits, weighted per sample.
        let mut g = p - &onehot;
        for (mut row, &sw) in g.rows_mut().into_iter().zip(sample_w.iter()) {
            row *= sw / total_w;
        }
        let gw = x.back(&g) + &(&w * config.l2);
        let gb = g.sum_axis(Axis(0));
        mw = &mw * beta1 + &(&gw * (1.0 - beta1));
        vw = &vw * beta2 + &(gw.mapv(|v| v * v) * (1.0 - beta2));
        mb = &mb * beta1 + &(&gb * (1.0 - beta1));
        vb = &vb * beta2 + &(gb.mapv(|v| v * v) * (1.0 - beta2));
        let c1 = 1.0 - beta1.powi(t as i32);
        let c2 = 1.0 - beta2.powi(t as i32);
        let lr = config.learning_rate;
        w = &w - &((&mw / c1) / ((&vw / c2).mapv(f32::sqrt) + eps) * lr);
        b = &b - &((&mb / c1) / ((&vb / c2).mapv(f32::sqrt) + eps) * lr);
    }
    Fitted { weights: w, bias: b }
}

/// Mean negative log-likelihood of labels under `softmax(logits / t)`.
pub fn nll(logits: &Array2<f32>, y: &[usize], t: f32) -> f32 {
    let p = softmax_rows(logits, t);
    let n = y.len().max(1) as f32;
    y.iter().enumerate().map(|(i, &c)| -(p[[i, c]].max(1e-12)).ln()).sum::<f32>() / n
}

/// The temperature that minimises NLL on held-out logits (golden-section search on log t).
pub fn fit_temperature(logits: &Array2<f32>, y: &[usize]) -> f32 {
    let (mut lo, mut hi) = ((0.05f32).ln(), (20.0f32).ln());
    let phi = 0.618_034f32;
    for _ in 0..60 {
        let a = hi - phi * (hi - lo);
        let c = lo + phi * (hi - lo);
        if nll(logits, y, a.exp()) < nll(logits, y, c.exp()) {
            hi = c;
        } else {
            lo = a;
        }
    }
    ((lo + hi) / 2.0).exp()
}

/// Probabilities `softmax((logits + offset) / t)`, row by row.
pub fn softmax_offset_rows(logits: &Array2<f32>, offset: &[f32], temperature: f32) -> Array2<f32> {
    let shifted = logits + &Array1::from(offset.to_vec());
    softmax_rows(&shifted, temperature)
}

/// A temperature and a per-class logit offset fitted to held-out logits of one domain:
/// probabilities are `softmax((logits + offset) / temperature)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainCalibration {
    pub temperature: f32,
    /// Added to the logits before the temperature; sums to zero.
    pub offset: Vec<f32>,
}

/// Fits a temperature and a per-class offset that minimise the (optionally class-balanced)
/// mean negative log-likelihood of `y` under `softmax((logits + offset) / t)`: vector
/// scaling with one shared scale. In `a = 1/t` and `c = offset / t` the loss is
/// `NLL(softmax(a·z + c))`, convex, so plain gradient descent with a backtracking line
/// search finds the minimum; deterministic. `balanced` weights each class by the inverse
/// of its count (the head itself is trained with balanced weights, so this keeps a uniform
/// prior and corrects only the domain's shift of the logits).
pub fn fit_domain_calibration(logits: &Array2<f32>, y: &[usize], balanced: bool) -> DomainCalibration {
    let (n, k) = logits.dim();
    if n == 0 || k == 0 {
        return DomainCalibration { temperature: 1.0, offset: vec![0.0; k] };
    }
    let counts: Vec<f64> = (0..k).map(|c| y.iter().filter(|&&v| v == c).count() as f64).collect();
    let w: Vec<f64> = y.iter().map(|&c| if balanced && counts[c] > 0.0 { 1.0 / (k as f64 * counts[c]) } else { 1.0 / n as f64 }).collect();
    let wsum: f64 = w.iter().sum();
    let z: Vec<Vec<f64>> = logits.rows().into_iter().map(|r| r.iter().map(|&v| f64::from(v)).collect()).collect();
    // Loss and gradient at (a, c).
    let eval = |a: f64, c: &[f64], grad: Option<(&mut f64, &mut [f64])>| -> f64 {
        let mut loss = 0.0;
        let (mut ga, mut gc) = (0.0, vec![0.0; k]);
        for (i, row) in z.iter().enumerate() {
            let s: Vec<f64> = row.iter().zip(c).map(|(zv, cv)| a * zv + cv).collect();
            let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = s.iter().map(|v| (v - max).exp()).collect();
            let sum: f64 = e.iter().sum();
            loss += w[i] * (max + sum.ln() - s[y[i]]);
            for j in 0..k {
                let d = e[j] / sum - if j == y[i] { 1.0 } else { 0.0 };
                ga += w[i] * d * row[j];
                gc[j] += w[i] * d;
            }
        }
        if let Some((out_a, out_c)) = grad {
            *out_a = ga / wsum;
            for j in 0..k {
                out_c[j] = gc[j] / wsum;
            }
        }
        loss / wsum
    };
    let (mut a, mut c) = (1.0f64, vec![0.0f64; k]);
    let mut ga = 0.0;
    let mut gc = vec![0.0; k];
    let mut loss = eval(a, &c, Some((&mut ga, &mut gc)));
    let mut step = 1.0f64;
    for _ in 0..5000 {
        let gnorm2 = ga * ga + gc.iter().map(|g| g * g).sum::<f64>();
        if gnorm2 < 1e-16 {
            break;
        }
        // Backtracking (Armijo) along the negative gradient, keeping a > 0.
        let mut accepted = false;
        step *= 2.0;
        while step > 1e-12 {
            let na = a - step * ga;
            let nc: Vec<f64> = c.iter().zip(&gc).map(|(cv, g)| cv - step * g).collect();
            if na > 1e-3 {
                let nl = eval(na, &nc, None);
                if nl <= loss - 0.5 * step * gnorm2 {
                    a = na;
                    c = nc;
                    accepted = true;
                    break;
                }
            }
            step /= 2.0;
        }
        if !accepted {
            break;
        }
        loss = eval(a, &c, Some((&mut ga, &mut gc)));
    }
    let mean_c = c.iter().sum::<f64>() / k as f64;
    DomainCalibration { temperature: (1.0 / a) as f32, offset: c.iter().map(|cv| ((cv - mean_c) / a) as f32).collect() }
}

/// Expected calibration error of probability rows against labels (see
/// [`crate::eval::metrics::calibration_error`]).
pub fn expected_calibration_error(probs: &Array2<f32>, y: &[usize], n_bins: usize) -> f32 {
    let items: Vec<(f32, bool)> = y
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let (best, &p) = probs.row(i).iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap_or((0, &0.0));
            (p, best == c)
        })
        .collect();
    crate::eval::metrics::calibration_error(&items, n_bins) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_rows_fit_the_same_model_as_dense_ones() {
        let rows: Vec<Vec<(usize, f32)>> = (0..12).map(|i| vec![(i % 5, 0.6), ((i * 3 + 1) % 7, 0.8), (6, (i as f32) / 12.0)]).collect();
        let y: Vec<usize> = (0..12).map(|i| i % 3).collect();
        let mut dense = Array2::<f32>::zeros((12, 7));
        for (i, r) in rows.iter().enumerate() {
            for &(j, v) in r {
                dense[[i, j]] += v;
            }
        }
        let config = FitConfig { l2: 0.01, epochs: 50, ..FitConfig::default() };
        let a = fit(&dense, &y, 3, &config);
        let b = fit_rows(&SparseRows { rows, width: 7 }, &y, 3, &config);
        assert!(a.weights.iter().zip(b.weights.iter()).all(|(p, q)| (p - q).abs() < 1e-4), "{:?} vs {:?}", a.weights, b.weights);
        assert!(a.bias.iter().zip(b.bias.iter()).all(|(p, q)| (p - q).abs() < 1e-4));
    }

    #[test]
    fn separable_classes_are_learned() {
        let x = ndarray::array![[2.0f32, 0.0], [1.5, 0.2], [0.0, 2.0], [0.1, 1.7], [-2.0, -2.0], [-1.6, -1.9]];
        let y = [0, 0, 1, 1, 2, 2];
        let fitted = fit(&x, &y, 3, &FitConfig { epochs: 500, ..FitConfig::default() });
        let p = softmax_rows(&fitted.logits(&x), 1.0);
        for (i, &c) in y.iter().enumerate() {
            let best = p.row(i).iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
            assert_eq!(best, c);
        }
    }

    #[test]
    fn temperature_softens_overconfident_logits() {
        // Confident logits that are right only half the time want a temperature above 1.
        let logits = ndarray::array![[5.0f32, 0.0], [5.0, 0.0], [0.0, 5.0], [0.0, 5.0]];
        let y = [0, 1, 1, 0];
        assert!(fit_temperature(&logits, &y) > 2.0);
    }

    #[test]
    fn domain_calibration_lowers_nll_and_recovers_a_shift() {
        // Logits that under-rate class 2 by 1.5 on this domain: the fitted offset puts it
        // back, and the NLL falls below that of the best temperature alone.
        let mut rows = Vec::new();
        let mut y = Vec::new();
        let mut state = 11u64;
        for i in 0..300 {
            let c = i % 3;
            let mut row = [0.0f32; 3];
            for (j, v) in row.iter_mut().enumerate() {
                let noise = (crate::train::splitmix(&mut state) % 1000) as f32 / 1000.0 - 0.5;
                *v = if j == c { 2.0 } else { 0.0 } + 2.0 * noise;
            }
            row[2] -= 1.5;
            rows.extend_from_slice(&row);
            y.push(c);
        }
        let logits = Array2::from_shape_vec((300, 3), rows).unwrap();
        let t_only = fit_temperature(&logits, &y);
        let fitted = fit_domain_calibration(&logits, &y, false);
        let before = nll(&logits, &y, t_only);
        let p = softmax_offset_rows(&logits, &fitted.offset, fitted.temperature);
        let after = y.iter().enumerate().map(|(i, &c)| -p[[i, c]].ln()).sum::<f32>() / y.len() as f32;
        assert!(after < before - 0.01, "NLL {before} -> {after}");
        assert!(fitted.offset[2] - fitted.offset[0] > 0.8 && fitted.offset[2] - fitted.offset[1] > 0.8, "{fitted:?}");
        assert!(fitted.offset.iter().sum::<f32>().abs() < 1e-4);
    }

    #[test]
    fn domain_calibration_of_calibrated_logits_is_near_identity() {
        // Labels drawn from softmax(logits) itself: temperature near 1, offsets near 0.
        let mut rows = Vec::new();
        let mut y = Vec::new();
        let mut state = 5u64;
        for _ in 0..3000 {
            let row: Vec<f32> = (0..3).map(|_| (crate::train::splitmix(&mut state) % 4000) as f32 / 1000.0 - 2.0).collect();
            let p = crate::classify::softmax(&row, 1.0);
            let u = (crate::train::splitmix(&mut state) % 1_000_000) as f32 / 1e6;
            let c = if u < p[0] { 0 } else if u < p[0] + p[1] { 1 } else { 2 };
            rows.extend_from_slice(&row);
            y.push(c);
        }
        let logits = Array2::from_shape_vec((3000, 3), rows).unwrap();
        let fitted = fit_domain_calibration(&logits, &y, false);
        assert!((fitted.temperature - 1.0).abs() < 0.15, "{fitted:?}");
        assert!(fitted.offset.iter().all(|o| o.abs() < 0.15), "{fitted:?}");
    }
}
