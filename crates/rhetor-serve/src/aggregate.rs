//! A metric over a set of documents (a period of the overview), combined by the rule that gives
//! the corpus's own value from its documents' values: for each metric the rules are tried in turn
//! on the whole corpus — the sum (counts), the mean weighted by the analyzer's words, by the
//! words, by the analyzer's sentences, by the sentences (rates and shares), the plain mean — and
//! the first that reproduces the value in `results.json` is used. A metric no rule reproduces (the
//! distinct types of a corpus are not the sum of its documents') is shown as the documents' mean,
//! and the page says so.

use crate::results::Results;

/// How a metric combines.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    Sum,
    /// Weighted by catalogue metric `k` (or by tokens when `None`).
    Weighted(Option<usize>),
    Mean,
}

/// Each metric's rule, and whether it reproduces the corpus's value.
#[derive(Debug)]
pub struct Rules(Vec<(Rule, bool)>);

fn combine(results: &Results, rule: Rule, k: usize, docs: &[usize]) -> f64 {
    let values = docs.iter().map(|&d| (d, results.value(d, k))).filter(|(_, v)| v.is_finite());
    let (mut num, mut den, mut n) = (0.0, 0.0, 0usize);
    for (d, v) in values {
        n += 1;
        match rule {
            Rule::Sum => num += v,
            Rule::Mean => {
                num += v;
                den += 1.0;
            }
            Rule::Weighted(w) => {
                let w = w.map_or(results.docs[d].counts.tokens as f64, |w| results.value(d, w));
                if w.is_finite() {
                    num += v * w;
                    den += w;
                }
            }
        }
    }
    match rule {
        _ if n == 0 => f64::NAN,
        Rule::Sum => num,
        _ if den > 0.0 => num / den,
        _ => f64::NAN,
    }
}

impl Rules {
    pub fn new(results: &Results) -> Rules {
        let all: Vec<usize> = (0..results.docs.len()).collect();
        let find =
            |analyzer: &str, name: &str| results.metrics.iter().position(|m| m.analyzer == analyzer && m.name == name);
        let any = |name: &str| results.metrics.iter().position(|m| m.name == name);
        let rules = results
            .metrics
            .iter()
            .enumerate()
            .map(|(k, m)| {
                let want = results
                    .corpus
                    .iter()
                    .find(|r| r.analyzer == m.analyzer)
                    .and_then(|r| r.metrics.iter().find(|x| x.name == m.name))
                    .and_then(|x| x.value);
                let mut tried = vec![Rule::Sum];
                for w in [find(&m.analyzer, "words"), any("words"), find(&m.analyzer, "sentences"), any("sentences")] {
                    if let Some(w) = w.filter(|&w| w != k) {
                        tried.push(Rule::Weighted(Some(w)));
                    }
                }
                tried.extend([Rule::Weighted(None), Rule::Mean]);
                let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1e-3);
                match want {
                    Some(want) => tried
                        .into_iter()
                        .find(|&r| close(combine(results, r, k, &all), want))
                        .map_or((Rule::Mean, false), |r| (r, true)),
                    None => (Rule::Mean, false),
                }
            })
            .collect();
        Rules(rules)
    }

    /// Metric `k` over documents `docs`; NaN when none has a value.
    pub fn over(&self, results: &Results, k: usize, docs: &[usize]) -> f64 {
        combine(results, self.0.get(k).map_or(Rule::Mean, |r| r.0), k, docs)
    }

    /// How metric `k` combines, in words for a caption.
    pub fn describe(&self, results: &Results, k: usize) -> String {
        let weight = |w: Option<usize>| w.map_or("tokens".to_string(), |w| results.metrics[w].key());
        match self.0.get(k) {
            Some((Rule::Sum, _)) => "the sum of its documents' values (as the corpus's value is)".into(),
            Some((Rule::Weighted(w), _)) => {
                format!("the mean of its documents' values weighted by {} (as the corpus's value is)", weight(*w))
            }
            Some((Rule::Mean, true)) => "the mean of its documents' values (as the corpus's value is)".into(),
            _ => "the mean of its documents' values; the corpus's own value is not made from its documents' values \
                  this way (distinct forms, passages shared between documents, …), so a period's value is an \
                  approximation"
                .into(),
        }
    }
}
