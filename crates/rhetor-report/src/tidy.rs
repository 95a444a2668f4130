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
    let mut out = String::new();
    let mut push = |line: String| {
        out.push_str(&line);
        out.push('\n');
    };
    let header = Header { schema: &results.schema, run: &results.run, analyzers: &results.analyzers };
    push(serde_json::to_string(&Line { scope: "run", record: header })?);
    for d in &results.documents {
        push(serde_json::to_string(&Line { scope: "document", record: d })?);
    }
    if let Some(g) = &results.grouping {
        for group in &g.groups {
            #[derive(Serialize)]
            struct G<'a> {
                field: &'a str,
                #[serde(flatten)]
                group: &'a rhetor_engine::GroupResult,
            }
            push(serde_json::to_string(&Line { scope: "group", record: G { field: &g.field, group } })?);
        }
    }
    push(serde_json::to_string(&Line { scope: "corpus", record: &results.corpus })?);
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
