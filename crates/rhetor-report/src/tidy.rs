//! Machine-readable renderers: JSON, JSONL and tidy CSV.

use crate::RenderError;
use rhetor_engine::{AnalyzerResult, RunResults, Value};
use serde::Serialize;

/// `results.json`: the whole results, pretty-printed, with a final newline.
pub fn json(results: &RunResults) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(results)?;
    s.push('\n');
    Ok(s)
}

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    scope: &'a str,
    #[serde(flatten)]
    record: T,
}

#[derive(Serialize)]
struct Header<'a> {
    schema: &'a str,
    run: &'a rhetor_engine::RunInfo,
    analyzers: &'a [rhetor_engine::AnalyzerInfo],
}

/// `results.jsonl`: a `run` line, then one line per document, per group and for the corpus.
pub fn jsonl(results: &RunResults) -> Result<String, RenderError> {
    let mut out = jsonl_run(&results.schema, &results.run, &results.analyzers)?;
    for d in &results.documents {
        out.push_str(&jsonl_document(d)?);
    }
    out.push_str(&jsonl_groups(results.grouping.as_ref(), &results.corpus)?);
    Ok(out)
}

/// The `run` line of `results.jsonl`, with its newline.
pub fn jsonl_run(
    schema: &str,
    run: &rhetor_engine::RunInfo,
    analyzers: &[rhetor_engine::AnalyzerInfo],
) -> Result<String, RenderError> {
    Ok(serde_json::to_string(&Line { scope: "run", record: Header { schema, run, analyzers } })? + "\n")
}

/// A `document` line of `results.jsonl`, with its newline.
pub fn jsonl_document(d: &rhetor_engine::DocumentResult) -> Result<String, RenderError> {
    Ok(serde_json::to_string(&Line { scope: "document", record: d })? + "\n")
}

/// The `group` lines and the `corpus` line of `results.jsonl`.
pub fn jsonl_groups(
    grouping: Option<&rhetor_engine::Grouping>,
    corpus: &rhetor_engine::GroupResult,
) -> Result<String, RenderError> {
    #[derive(Serialize)]
    struct G<'a> {
        field: &'a str,
        #[serde(flatten)]
        group: &'a rhetor_engine::GroupResult,
    }
    let mut out = String::new();
    for g in grouping.into_iter() {
        for group in &g.groups {
            out.push_str(&serde_json::to_string(&Line { scope: "group", record: G { field: &g.field, group } })?);
            out.push('\n');
        }
    }
    out.push_str(&serde_json::to_string(&Line { scope: "corpus", record: corpus })?);
    out.push('\n');
    Ok(out)
}

/// A metric value as text: integers as integers, floats in shortest round-trip form, nothing as "".
pub fn value_text(v: Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Null => String::new(),
    }
}

/// `results.csv`: one row per metric per document, group and corpus.
pub fn csv(results: &RunResults) -> Result<String, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["scope", "document", "group", "analyzer", "metric", "value", "unit"])?;
    let mut rows = |scope: &str, doc: &str, group: &str, res: &[AnalyzerResult]| -> Result<(), RenderError> {
        for r in res {
            for m in &r.metrics {
                w.write_record([scope, doc, group, &r.analyzer, &m.name, &value_text(m.value), &m.unit])?;
            }
        }
        Ok(())
    };
    for d in &results.documents {
        rows("document", &d.id, d.group.as_deref().unwrap_or(""), &d.results)?;
    }
    if let Some(g) = &results.grouping {
        for group in &g.groups {
            rows("group", "", &group.name, &group.results)?;
        }
    }
    rows("corpus", "", "", &results.corpus.results)?;
    let bytes = w.into_inner().map_err(|e| RenderError::CsvFlush(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Every piece of evidence with where it is: documents (and their group), groups, the corpus.
fn all_evidence(results: &RunResults) -> Vec<(&'static str, &str, &rhetor_engine::Evidence)> {
    let mut v = Vec::new();
    for d in &results.documents {
        for r in &d.results {
            v.extend(r.evidence.iter().map(|e| ("document", d.group.as_deref().unwrap_or(""), e)));
        }
    }
    if let Some(g) = &results.grouping {
        for group in &g.groups {
            for r in &group.results {
                v.extend(r.evidence.iter().map(|e| ("group", group.name.as_str(), e)));
            }
        }
    }
    for r in &results.corpus.results {
        v.extend(r.evidence.iter().map(|e| ("corpus", "", e)));
    }
    v
}

/// `evidence.jsonl`: one line per piece of evidence, with its scope and group.
pub fn evidence_jsonl(results: &RunResults) -> Result<String, RenderError> {
    #[derive(Serialize)]
    struct E<'a> {
        scope: &'a str,
        group: &'a str,
        #[serde(flatten)]
        evidence: &'a rhetor_engine::Evidence,
    }
    let mut out = String::new();
    for (scope, group, evidence) in all_evidence(results) {
        out.push_str(&serde_json::to_string(&E { scope, group, evidence })?);
        out.push('\n');
    }
    Ok(out)
}

/// `evidence-<analyzer>.csv`: the evidence of one analyzer (one kind of evidence), a row each.
pub fn evidence_csv(results: &RunResults, analyzer: &str) -> Result<String, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scope",
        "document",
        "group",
        "analyzer",
        "label",
        "text",
        "doc_start",
        "doc_end",
        "sentence",
        "source",
        "source_start",
        "source_end",
        "line",
        "column",
    ])?;
    for (scope, group, e) in all_evidence(results).into_iter().filter(|(_, _, e)| e.analyzer == analyzer) {
        let n = |x: u32| x.to_string();
        w.write_record([
            scope,
            &e.document,
            group,
            &e.analyzer,
            &e.label,
            &e.text,
            &n(e.doc_span[0]),
            &n(e.doc_span[1]),
            &e.sentence.map(n).unwrap_or_default(),
            &e.source.path,
            &n(e.source.start),
            &n(e.source.end),
            &n(e.source.line),
            &n(e.source.column),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| RenderError::CsvFlush(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
