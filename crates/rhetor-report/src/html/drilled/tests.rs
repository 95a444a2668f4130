//! [`drilled`] chooses only documents that a run keeping evidence for the documents in detail
//! (`rhetor_engine::detail::Detail`) kept, whatever the corpus: checked over random corpora of
//! metrics with ties, missing values, NaNs of either sign, short documents and metrics some documents lack.

use super::*;
use proptest::prelude::*;
use rhetor_engine::detail::{Detail, release};
use rhetor_engine::{AnalyzerInfo, AnalyzerResult, Counts, DocumentResult, GroupResult, Metric, SourceRef, Value};

const NAMES: [&str; 4] = ["m0", "m1", "m2", "m3"];

/// The unit a report reads a metric by: the first is a count, never a headline.
fn unit(name: usize) -> &'static str {
    if name == 0 { "count" } else { "ratio" }
}

fn value(v: i8) -> Value {
    match v {
        -3 => Value::Null,
        -2 => Value::Float(-f64::NAN),
        -1 => Value::Float(f64::NAN),
        v => Value::Float(f64::from(v)),
    }
}

/// Each document: its tokens and, per analyzer, its metrics (name index, value code).
type Doc = (u64, Vec<Vec<(usize, i8)>>);

fn document(i: usize, (tokens, analyzers): &Doc) -> DocumentResult {
    DocumentResult {
        id: format!("d{i}"),
        group: None,
        meta: Default::default(),
        source: SourceRef { path: "p".into(), sha256: String::new() },
        counts: Counts { bytes: 1, tokens: *tokens, sentences: 1, paragraphs: 1, sections: 1 },
        sections: Vec::new(),
        results: analyzers
            .iter()
            .enumerate()
            .map(|(k, metrics)| AnalyzerResult {
                analyzer: format!("a{k}"),
                metrics: metrics.iter().map(|&(n, v)| Metric::new(NAMES[n], value(v), unit(n), "")).collect(),
                tables: Vec::new(),
                series: Vec::new(),
                evidence: Vec::new(),
                evidence_count: 0,
            })
            .collect(),
    }
}

fn results(documents: Vec<DocumentResult>) -> RunResults {
    let corpus_metrics = |_| (0..NAMES.len()).map(|n| Metric::new(NAMES[n], Value::Float(1.0), unit(n), "")).collect();
    RunResults {
        schema: "s".into(),
        run: Default::default(),
        analyzers: (0..2).map(|k| AnalyzerInfo { id: format!("a{k}"), summary: String::new() }).collect(),
        documents,
        grouping: None,
        corpus: GroupResult {
            name: "corpus".into(),
            documents: Vec::new(),
            results: (0..2)
                .map(|k| AnalyzerResult {
                    analyzer: format!("a{k}"),
                    metrics: corpus_metrics(k),
                    tables: Vec::new(),
                    series: Vec::new(),
                    evidence: Vec::new(),
                    evidence_count: 0,
                })
                .collect(),
        },
        comparison: None,
    }
}

fn doc_strategy() -> impl Strategy<Value = Doc> {
    let metrics = prop::collection::vec((0..NAMES.len(), -3i8..4), 0..6);
    (prop::sample::select(vec![0u64, 49, 50, 51, 300]), prop::collection::vec(metrics, 2..=2))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn drilled_documents_are_kept_in_detail(docs in prop::collection::vec(doc_strategy(), 0..140)) {
        let mut documents: Vec<DocumentResult> = docs.iter().enumerate().map(|(i, d)| document(i, d)).collect();
        let mut detail = Detail::default();
        let mut kept = vec![false; documents.len()];
        for i in 0..documents.len() {
            let mut released = Vec::new();
            kept[i] = detail.take(i, &documents[i], &mut released);
            for j in released {
                prop_assert!(kept[j], "document {} released twice", j);
                kept[j] = false;
                release(&mut documents[j]);
            }
        }
        let keys = 2 * NAMES.len();
        prop_assert!(kept.iter().filter(|&&k| k).count() <= ALL_UP_TO + 2 * keys);
        let shown = drilled(&results(documents));
        for (i, &s) in shown.iter().enumerate() {
            prop_assert!(!s || kept[i], "document {} is shown in detail but was not kept", i);
        }
    }
}
