//! A metric over a set of documents, by its unit: counts are summed; rates per 1,000 words are the
//! set's rate (each document's rate weighted by its words, the analyzer's own `words` where it
//! reports one); any other value is the mean of the documents that have one.

use crate::results::Results;

/// Metric `k` over documents `docs`; NaN when none has a value.
pub fn over(results: &Results, k: usize, docs: &[usize]) -> f64 {
    let m = &results.metrics[k];
    let values = docs.iter().map(|&d| (d, results.value(d, k))).filter(|(_, v)| v.is_finite());
    if m.unit == "count" {
        let mut any = false;
        let sum = values.map(|(_, v)| v).inspect(|_| any = true).sum();
        return if any { sum } else { f64::NAN };
    }
    if m.unit.starts_with("per 1,000") {
        let own = results.metric(&format!("{}.words", m.analyzer));
        let (mut num, mut den) = (0.0, 0.0);
        for (d, v) in values {
            let w = own.map(|w| results.value(d, w)).filter(|w| w.is_finite()).unwrap_or_else(|| results.words(d));
            num += v * w;
            den += w;
        }
        return if den > 0.0 { num / den } else { f64::NAN };
    }
    let (mut sum, mut n) = (0.0, 0usize);
    for (_, v) in values {
        sum += v;
        n += 1;
    }
    if n > 0 { sum / n as f64 } else { f64::NAN }
}

/// How [`over`] combines metric `k`, in words for a caption.
pub fn rule(results: &Results, k: usize) -> &'static str {
    let unit = &results.metrics[k].unit;
    if unit == "count" {
        "summed over the documents"
    } else if unit.starts_with("per 1,000") {
        "the documents' rate together (weighted by their words)"
    } else {
        "the mean over the documents that have a value"
    }
}
