//! Two scopes of a run's results side by side (`rhetor analyze --compare A B`): every metric both
//! have, their values and difference, and for counts the log-likelihood G² of the two counts
//! against the two scopes' sizes, with its p-value, log ratio and %DIFF (see [`crate::keyness`]).
//! A scope is a group of the run's grouping, a document id, or `corpus`. The size of a scope is its
//! `words` metric (its tokens when no analyzer reports words); `words`, `tokens` and `documents`
//! themselves are compared without a test.

use crate::keyness::{self, Counts};
use rhetor_engine::{AnalyzerResult, Comparison, ComparisonRow, RunResults, Value};

/// A scope's results and its size in words.
fn scope<'a>(results: &'a RunResults, name: &str) -> Option<(&'a [AnalyzerResult], u64)> {
    let (res, tokens): (&[AnalyzerResult], u64) = if let Some(g) =
        results.grouping.as_ref().and_then(|g| g.groups.iter().find(|g| g.name == name))
    {
        let tokens = results.documents.iter().filter(|d| g.documents.contains(&d.id)).map(|d| d.counts.tokens).sum();
        (&g.results, tokens)
    } else if let Some(d) = results.documents.iter().find(|d| d.id == name) {
        (&d.results, d.counts.tokens)
    } else if name == "corpus" {
        (&results.corpus.results, results.documents.iter().map(|d| d.counts.tokens).sum())
    } else {
        return None;
    };
    let words = res
        .iter()
        .flat_map(|r| &r.metrics)
        .find(|m| m.name() == "words")
        .and_then(|m| match m.value {
            Value::Int(n) if n >= 0 => Some(n as u64),
            _ => None,
        })
        .unwrap_or(tokens);
    Some((res, words))
}

/// Compare scopes `a` and `b`; an error names a scope that is not in the results.
pub fn compare(results: &RunResults, a: &str, b: &str) -> Result<Comparison, String> {
    let missing = |s: &str| {
        let groups: Vec<&str> =
            results.grouping.iter().flat_map(|g| g.groups.iter().map(|x| x.name.as_str())).collect();
        format!(
            "--compare: `{s}` is neither a group ({}) nor a document id nor `corpus`",
            if groups.is_empty() { "no --group-by".to_string() } else { groups.join(", ") }
        )
    };
    let (ra, wa) = scope(results, a).ok_or_else(|| missing(a))?;
    let (rb, wb) = scope(results, b).ok_or_else(|| missing(b))?;
    let mut rows = Vec::new();
    for x in ra {
        let Some(y) = rb.iter().find(|y| y.analyzer == x.analyzer) else { continue };
        for m in &x.metrics {
            let Some(n) = y.metrics.iter().find(|n| n.name() == m.name()) else { continue };
            let difference = match (m.value, n.value) {
                (Value::Int(p), Value::Int(q)) => Value::Int(p - q),
                (p, q) => match (p.as_f64(), q.as_f64()) {
                    (Some(p), Some(q)) => Value::float(p - q),
                    _ => Value::Null,
                },
            };
            let mut row = ComparisonRow {
                analyzer: x.analyzer.clone(),
                metric: m.name().to_string(),
                unit: m.unit().to_string(),
                a: m.value,
                b: n.value,
                difference,
                g2: None,
                p: None,
                log_ratio: None,
                pct_diff: None,
            };
            // Counts of things in the text; the size itself and the number of documents get no test.
            let tested = m.unit() == "count" && !matches!(m.name().as_str(), "words" | "tokens" | "documents");
            if let (true, Value::Int(p), Value::Int(q)) = (tested, m.value, n.value) {
                if p >= 0 && q >= 0 && wa > 0 && wb > 0 && (p as u64) <= wa && (q as u64) <= wb {
                    let k = Counts::new(p as u64, wa, q as u64, wb);
                    row.g2 = Some(k.g2());
                    row.p = Some(keyness::p_value(k.g2()));
                    row.log_ratio = Some(k.log_ratio());
                    row.pct_diff = k.pct_diff();
                }
            }
            rows.push(row);
        }
    }
    let tests = rows.iter().filter(|r| r.g2.is_some()).count();
    Ok(Comparison {
        a: a.to_string(),
        b: b.to_string(),
        a_words: wa,
        b_words: wb,
        tests,
        bonferroni_g2: keyness::bonferroni_critical(0.05, tests),
        rows,
    })
}
