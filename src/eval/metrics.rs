//! Precision, recall, F1, accuracy, macro-F1 and confusion matrices.

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// From counts of true positives, predictions and gold items. 0/0 counts as 0.
    pub fn from_counts(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, n_pred);
        let recall = ratio(tp, n_gold);
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { precision, recall, f1 }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// Label metrics over (gold, predicted) pairs. A prediction outside `labels` (such as
/// `"(missed)"` for an unmatched gold quote) counts against recall and appears as its own
/// column of the confusion matrix.
#[derive(Debug, Clone, Serialize)]
pub struct LabelScores {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: BTreeMap<String, ClassScores>,
    pub confusion: Confusion,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    /// Row labels (gold).
    pub gold: Vec<String>,
    /// Column labels (predicted).
    pub predicted: Vec<String>,
    /// `matrix[g][p]`: items of gold label `gold[g]` predicted as `predicted[p]`.
    pub matrix: Vec<Vec<usize>>,
}

pub fn label_scores(labels: &[String], pairs: &[(String, String)]) -> LabelScores {
    let mut predicted: Vec<String> = labels.to_vec();
    for (_, p) in pairs {
        if !predicted.contains(p) {
            predicted.push(p.clone());
        }
    }
    let mut matrix = vec![vec![0usize; predicted.len()]; labels.len()];
    for (g, p) in pairs {
        if let (Some(gi), Some(pi)) = (labels.iter().position(|l| l == g), predicted.iter().position(|l| l == p)) {
            matrix[gi][pi] += 1;
        }
    }
    let n = pairs.len();
    let correct = pairs.iter().filter(|(g, p)| g == p).count();
    let mut per_class = BTreeMap::new();
    let mut f1_sum = 0.0;
    for (i, l) in labels.iter().enumerate() {
        let tp = matrix[i][i];
        let n_gold: usize = matrix[i].iter().sum();
        let n_pred: usize = matrix.iter().map(|row| row[i]).sum();
        let prf = Prf::from_counts(tp, n_pred, n_gold);
        f1_sum += prf.f1;
        per_class.insert(l.clone(), ClassScores { precision: prf.precision, recall: prf.recall, f1: prf.f1, support: n_gold });
    }
    LabelScores {
        n,
        accuracy: if n == 0 { 0.0 } else { correct as f64 / n as f64 },
        macro_f1: if labels.is_empty() { 0.0 } else { f1_sum / labels.len() as f64 },
        per_class,
        confusion: Confusion { gold: labels.to_vec(), predicted, matrix },
    }
}

/// Expected calibration error: (confidence of the top label, whether it was right) pairs
/// in `n_bins` equal-width bins; the bins' |accuracy − confidence| weighted by size.
pub fn calibration_error(items: &[(f32, bool)], n_bins: usize) -> f64 {
    let n = items.len();
    if n == 0 || n_bins == 0 {
        return 0.0;
    }
    let mut conf = vec![0.0f64; n_bins];
    let mut acc = vec![0.0f64; n_bins];
    for &(p, right) in items {
        let bin = ((p.clamp(0.0, 1.0) * n_bins as f32) as usize).min(n_bins - 1);
        conf[bin] += p as f64;
        acc[bin] += right as u8 as f64;
    }
    (0..n_bins).map(|b| (acc[b] - conf[b]).abs() / n as f64).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn confusion_matrix_with_known_scores() {
        // Gold a: 3 (2 right, 1 as b); gold b: 2 (1 right, 1 as a); gold c: 1 (as a).
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let s = label_scores(&labels, &pairs(&[("a", "a"), ("a", "a"), ("a", "b"), ("b", "b"), ("b", "a"), ("c", "a")]));
        assert_eq!(s.confusion.matrix, vec![vec![2, 1, 0], vec![1, 1, 0], vec![1, 0, 0]]);
        // a: P = 2/4, R = 2/3, F1 = 4/7. b: P = 1/2, R = 1/2, F1 = 1/2. c: 0.
        let a = &s.per_class["a"];
        assert!((a.precision - 0.5).abs() < 1e-12 && (a.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.f1 - 4.0 / 7.0).abs() < 1e-12);
        assert!((s.per_class["b"].f1 - 0.5).abs() < 1e-12);
        assert_eq!(s.per_class["c"].f1, 0.0);
        assert!((s.macro_f1 - (4.0 / 7.0 + 0.5) / 3.0).abs() < 1e-12);
        assert!((s.accuracy - 0.5).abs() < 1e-12);
    }

    #[test]
    fn missed_items_count_against_recall_only() {
        let labels: Vec<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        let s = label_scores(&labels, &pairs(&[("a", "a"), ("a", "(missed)"), ("b", "b")]));
        assert_eq!(s.confusion.predicted, vec!["a", "b", "(missed)"]);
        assert_eq!(s.per_class["a"].precision, 1.0);
        assert_eq!(s.per_class["a"].recall, 0.5);
        assert!((s.accuracy - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn calibration_error_of_known_bins() {
        // Two items at 0.9, one right: |0.5 − 0.9| = 0.4. Plus a perfect bin at 1.0.
        assert!((calibration_error(&[(0.9, true), (0.9, false)], 10) - 0.4).abs() < 1e-6);
        assert!((calibration_error(&[(0.9, true), (0.9, false), (1.0, true), (1.0, true)], 10) - 0.2).abs() < 1e-6);
    }

    #[test]
    fn prf_handles_zero_counts() {
        assert_eq!(Prf::from_counts(0, 0, 0), Prf { precision: 0.0, recall: 0.0, f1: 0.0 });
        let p = Prf::from_counts(3, 4, 6);
        assert!((p.f1 - 0.6).abs() < 1e-12);
    }
}
