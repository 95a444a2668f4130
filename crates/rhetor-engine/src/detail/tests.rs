//! Which documents [`Detail`] keeps as they are taken: the first ones, and the current extremes of
//! every metric among documents long enough.

use super::*;
use crate::result::{AnalyzerResult, Counts, Evidence, SourceRef};
use rhetor_analyzer::{Metric, Value};
use rhetor_doc::SourceSpan;
use std::sync::Arc;

/// A document of `tokens` tokens whose one analyzer gives metric `x` = `x`, with one evidence item.
fn doc(tokens: u64, x: Option<f64>) -> DocumentResult {
    let evidence = Evidence {
        document: Arc::from("d"),
        analyzer: Arc::from("a"),
        label: "x".into(),
        text: "word".into(),
        doc_span: [0, 4],
        sentence: Some(0),
        source: SourceSpan { path: "p".into(), start: 0, end: 4, line: 1, column: 1 },
        pieces: Vec::new(),
    };
    DocumentResult {
        id: "d".into(),
        group: None,
        meta: Default::default(),
        source: SourceRef { path: "p".into(), sha256: String::new() },
        counts: Counts { bytes: 4, tokens, sentences: 1, paragraphs: 1, sections: 1 },
        sections: Vec::new(),
        results: vec![AnalyzerResult {
            analyzer: "a".into(),
            metrics: vec![Metric::new("x", x.map_or(Value::Null, Value::Float), "ratio", "")],
            tables: Vec::new(),
            series: Vec::new(),
            evidence: vec![evidence],
            evidence_count: 1,
        }],
    }
}

/// Takes the documents in order as a run does, releasing what `Detail` lets go of; which are kept.
fn kept(docs: &mut [DocumentResult]) -> Vec<bool> {
    let mut detail = Detail::default();
    let mut kept = vec![false; docs.len()];
    for i in 0..docs.len() {
        let mut released = Vec::new();
        kept[i] = detail.take(i, &docs[i], &mut released);
        if !kept[i] {
            release(&mut docs[i]);
        }
        for j in released {
            assert!(kept[j], "document {j} released twice");
            kept[j] = false;
            release(&mut docs[j]);
        }
    }
    kept
}

#[test]
fn the_first_documents_are_kept_whatever_their_metrics() {
    let mut docs: Vec<DocumentResult> = (0..ALL_UP_TO).map(|_| doc(1, None)).collect();
    assert!(kept(&mut docs).iter().all(|&k| k));
    assert!(docs.iter().all(|d| d.results[0].evidence.len() == 1));
}

#[test]
fn later_documents_are_kept_while_they_hold_an_extreme() {
    // 100 documents of value 5; document 50 the highest, 60 the lowest, then 70 higher than 50;
    // document 80 ties 70 (the earliest of a tie stays), document 90 too short to count.
    let value = |i: usize| match i {
        50 => 9.0,
        60 => 1.0,
        70 | 80 => 10.0,
        90 => 100.0,
        _ => 5.0,
    };
    let mut docs: Vec<DocumentResult> = (0..100).map(|i| doc(if i == 90 { 49 } else { 50 }, Some(value(i)))).collect();
    let kept = kept(&mut docs);
    let later: Vec<usize> = (ALL_UP_TO..100).filter(|&i| kept[i]).collect();
    assert_eq!(later, [60, 70]);
    // Released documents give up their evidence and keep its count.
    assert!(docs[50].results[0].evidence.is_empty());
    assert_eq!(docs[50].results[0].evidence_count, 1);
    assert_eq!(docs[70].results[0].evidence.len(), 1);
}

#[test]
fn metrics_without_a_value_choose_nothing() {
    let mut docs: Vec<DocumentResult> = (0..2 * ALL_UP_TO).map(|_| doc(500, None)).collect();
    let kept = kept(&mut docs);
    assert_eq!(kept.iter().filter(|&&k| k).count(), ALL_UP_TO);
}
