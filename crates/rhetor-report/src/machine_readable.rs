//! Machine-readable renderers: JSON, JSONL and tidy CSV.

use crate::RenderError;
use crate::compact::{CompactDocument, DocumentTable};
use rayon::prelude::*;
use rhetor_engine::{AnalyzerResult, GroupResult, Grouping, RunResults, Value};
use serde::Serialize;
use std::borrow::Cow;

/// `results.json` (see [`write_json`]).
pub fn json(results: &RunResults) -> Result<String, RenderError> {
    let mut out: Vec<u8> = Vec::new();
    write_json(results, &mut out)?;
    // Only whole serde_json output and ASCII were joined: valid UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Documents rendered together by [`write_json`] before they are written.
const JSON_BATCH: usize = 32;

/// Write `results.json` to `out`: pretty-printed as `serde_json::to_string_pretty` would, except
/// that each document (the bulk) is compact on a line of its own — a row of the documents table
/// ([`DocumentTable`]) in compact results, else the whole document with all its evidence — so that
/// `grep` and a line-by-line reader can still take the file apart (`jq .` pretty-prints it all).
/// The documents are rendered in parallel, a batch at a time; each batch is written while the next
/// is rendered, so the writing hides behind the rendering on two threads or more, and no string of
/// the whole is built.
pub fn write_json(results: &RunResults, out: &mut (dyn std::io::Write + Send)) -> Result<(), RenderError> {
    let mut head: Vec<u8> = b"{\n".to_vec();
    let field = |out: &mut Vec<u8>, name: &str, value: &[u8], last: bool| {
        out.extend_from_slice(b"  \"");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\": ");
        splice(out, value, 1, false);
        out.extend_from_slice(if last { b"\n" } else { b",\n" });
    };
    field(&mut head, "schema", &serde_json::to_vec_pretty(&results.schema)?, false);
    field(&mut head, "run", &serde_json::to_vec_pretty(&results.run)?, false);
    field(&mut head, "analyzers", &serde_json::to_vec_pretty(&results.analyzers)?, false);
    // Documents as one table when the run keeps a sample of evidence (compact results), else each
    // in full.
    let keep = document_sample(results);
    let table = keep.map(|n| DocumentTable::of(&results.documents, n, results.grouping.is_some()));
    match &table {
        Some(t) => {
            head.extend_from_slice(b"  \"documents\": {\n    \"columns\": ");
            serde_json::to_writer(&mut head, &t.columns)?;
            head.extend_from_slice(if results.documents.is_empty() {
                b",\n    \"data\": []"
            } else {
                b",\n    \"data\": [\n"
            });
        }
        None if results.documents.is_empty() => head.extend_from_slice(b"  \"documents\": [],"),
        None => head.extend_from_slice(b"  \"documents\": [\n"),
    }
    // Render a batch: each document indented, after a separator from the one before.
    let render = |batch: usize| -> Result<Vec<Vec<u8>>, RenderError> {
        let start = batch * JSON_BATCH;
        let docs = &results.documents[start..(start + JSON_BATCH).min(results.documents.len())];
        let parts = docs
            .par_iter()
            .enumerate()
            .map(|(k, d)| {
                let mut line = Vec::with_capacity(4 << 10);
                match &table {
                    Some(t) => {
                        line.extend_from_slice(if start + k > 0 { b",\n      " } else { b"      " });
                        serde_json::to_writer(&mut line, &t.row(d))?;
                    }
                    None => {
                        line.extend_from_slice(if start + k > 0 { b",\n    " } else { b"    " });
                        serde_json::to_writer(&mut line, d)?;
                    }
                }
                Ok(line)
            })
            .collect::<Result<Vec<Vec<u8>>, serde_json::Error>>()?;
        Ok(parts)
    };
    let io = |e: std::io::Error| RenderError::Io(e.to_string());
    let batches = results.documents.len().div_ceil(JSON_BATCH);
    let mut ready = vec![head];
    for b in 0..batches {
        let write = |out: &mut (dyn std::io::Write + Send)| ready.iter().try_for_each(|p| out.write_all(p)).map_err(io);
        let (written, next) = rayon::join(|| write(out), || render(b));
        written?;
        ready = next?;
    }
    for p in &ready {
        out.write_all(p).map_err(io)?;
    }
    let mut tail = Vec::new();
    match (&table, results.documents.is_empty()) {
        (Some(_), true) => tail.extend_from_slice(b"\n  },"),
        (Some(_), false) => tail.extend_from_slice(b"\n    ]\n  },"),
        (None, true) => {}
        (None, false) => tail.extend_from_slice(b"\n  ],"),
    }
    tail.push(b'\n');
    let (grouping, corpus) = scopes(results);
    if let Some(g) = &grouping {
        field(&mut tail, "grouping", &serde_json::to_vec_pretty(g)?, false);
    }
    let last = results.comparison.is_none();
    field(&mut tail, "corpus", &serde_json::to_vec_pretty(&corpus)?, last);
    if let Some(c) = &results.comparison {
        field(&mut tail, "comparison", &serde_json::to_vec_pretty(c)?, true);
    }
    tail.extend_from_slice(b"}\n");
    out.write_all(&tail).map_err(io)?;
    out.flush().map_err(io)
}

/// The groups and the corpus as the results files write them: whole, or with a sample of each
/// analyzer's evidence when the run keeps one (`run.evidence_sample`; see
/// [`rhetor_engine::GroupResult::sampled_copy`]).
pub fn scopes(results: &RunResults) -> (Option<Cow<'_, Grouping>>, Cow<'_, GroupResult>) {
    sampled(results.grouping.as_ref(), &results.corpus, sample(results))
}

/// [`scopes`] of a grouping and a corpus, with a sample of `sample` evidence items (or all).
fn sampled<'a>(
    grouping: Option<&'a Grouping>,
    corpus: &'a GroupResult,
    sample: Option<usize>,
) -> (Option<Cow<'a, Grouping>>, Cow<'a, GroupResult>) {
    match sample {
        None => (grouping.map(Cow::Borrowed), Cow::Borrowed(corpus)),
        Some(n) => (
            grouping.map(|g| {
                Cow::Owned(Grouping {
                    field: g.field.clone(),
                    groups: g.groups.iter().map(|x| x.sampled_copy(n)).collect(),
                })
            }),
            Cow::Owned(corpus.sampled_copy(n)),
        ),
    }
}

/// The evidence sample the run keeps, if it keeps one.
fn sample(results: &RunResults) -> Option<usize> {
    results.run.evidence_sample.map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// The evidence items each document's result shows in `results.json` and `results.jsonl`:
/// `None` when the run keeps every item (documents written in full), else
/// `run.document_evidence_sample` (as many as the run keeps when that is absent).
pub fn document_sample(results: &RunResults) -> Option<usize> {
    let of = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    sample(results).map(|n| results.run.document_evidence_sample.map_or(n, of).min(n))
}

/// Append pretty JSON `text` nested `depth` levels down: two spaces a level after each newline
/// (and before the first line when `first`). Strings in serde_json's output hold no raw newline.
fn splice(out: &mut Vec<u8>, text: &[u8], depth: usize, first: bool) {
    let pad = &b"                "[..(2 * depth).min(16)];
    if first {
        out.extend_from_slice(pad);
    }
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text) {
        out.extend_from_slice(&text[start..=nl]);
        out.extend_from_slice(pad);
        start = nl + 1;
    }
    out.extend_from_slice(&text[start..]);
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
        out.push_str(&jsonl_document(d, document_sample(results))?);
    }
    out.push_str(&jsonl_groups(results.grouping.as_ref(), &results.corpus, sample(results))?);
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

/// A `document` line of `results.jsonl`, with its newline: compact with at most `keep` evidence
/// items per analyzer when given (see [`CompactDocument`] and [`document_sample`]), else in full.
pub fn jsonl_document(d: &rhetor_engine::DocumentResult, keep: Option<usize>) -> Result<String, RenderError> {
    if let Some(n) = keep {
        return Ok(serde_json::to_string(&Line { scope: "document", record: CompactDocument(d, n) })? + "\n");
    }
    Ok(serde_json::to_string(&Line { scope: "document", record: d })? + "\n")
}

/// The `group` lines and the `corpus` line of `results.jsonl`, with a sample of `sample` evidence
/// items per analyzer when the run keeps one.
pub fn jsonl_groups(
    grouping: Option<&Grouping>,
    corpus: &GroupResult,
    sample: Option<usize>,
) -> Result<String, RenderError> {
    let (grouping, corpus) = sampled(grouping, corpus, sample);
    #[derive(Serialize)]
    struct G<'a> {
        field: &'a str,
        #[serde(flatten)]
        group: &'a GroupResult,
    }
    let mut out = String::new();
    for g in grouping.iter() {
        for group in &g.groups {
            out.push_str(&serde_json::to_string(&Line { scope: "group", record: G { field: &g.field, group } })?);
            out.push('\n');
        }
    }
    out.push_str(&serde_json::to_string(&Line { scope: "corpus", record: &*corpus })?);
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
                w.write_record([scope, doc, group, &r.analyzer, &m.name(), &value_text(m.value), &m.unit()])?;
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

/// Every piece of evidence the results keep (see [`scopes`]) with where it is: documents (and
/// their group), groups, the corpus; handed to `each` in that order.
fn all_evidence(
    results: &RunResults,
    mut each: impl FnMut(&str, &str, &rhetor_engine::Evidence) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    // A document's items as the run keeps them (`run.evidence_sample`: with `--out`, more than
    // `results.json` shows, which is `run.document_evidence_sample`).
    for d in &results.documents {
        for r in &d.results {
            r.evidence.iter().try_for_each(|e| each("document", d.group.as_deref().unwrap_or(""), e))?;
        }
    }
    let (grouping, corpus) = scopes(results);
    for group in grouping.iter().flat_map(|g| &g.groups) {
        for r in &group.results {
            r.evidence.iter().try_for_each(|e| each("group", &group.name, e))?;
        }
    }
    for r in &corpus.results {
        r.evidence.iter().try_for_each(|e| each("corpus", "", e))?;
    }
    Ok(())
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
    all_evidence(results, |scope, group, evidence| {
        out.push_str(&serde_json::to_string(&E { scope, group, evidence })?);
        out.push('\n');
        Ok(())
    })?;
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
    all_evidence(results, |scope, group, e| {
        if *e.analyzer != *analyzer {
            return Ok(());
        }
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
        Ok(())
    })?;
    let bytes = w.into_inner().map_err(|e| RenderError::CsvFlush(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(documents: usize, grouped: bool) -> RunResults {
        let doc = |i: usize| {
            serde_json::json!({
                "id": format!("d{i}"), "meta": {"extra": {}}, "source": {"path": "p", "sha256": "s"},
                "counts": {"bytes": 1, "tokens": 2, "sentences": 1, "paragraphs": 1, "sections": 1},
                "sections": [""],
                "results": [{"analyzer": "a", "metrics": [{"name": "m", "value": 1.5, "unit": "u", "description": "d"}],
                             "tables": [{"name": "t", "description": "", "columns": ["x"], "rows": [[1], ["y\nz"]]}]}]
            })
        };
        let group = serde_json::json!({"name": "corpus", "documents": ["d0"], "results": []});
        let mut v = serde_json::json!({
            "schema": "s", "run": {"rhetor_version": "0", "config_path": "c", "config_sha256": "h", "inputs": []},
            "analyzers": [{"id": "a", "summary": "b"}],
            "documents": (0..documents).map(doc).collect::<Vec<_>>(),
            "corpus": group,
        });
        if grouped {
            v["grouping"] = serde_json::json!({"field": "kind", "groups": [group]});
            v["comparison"] = serde_json::json!({"a": "x", "b": "y", "a_words": 1, "b_words": 2, "tests": 0,
                "bonferroni_g2": 3.84, "rows": []});
        }
        serde_json::from_value(v).expect("results")
    }

    /// The outline is serde_json's pretty output and each document one compact line in it: the
    /// same bytes as pretty-printing the results with their documents replaced by placeholders.
    #[test]
    fn json_is_pretty_with_a_compact_line_per_document() {
        // 0, 1 and a few documents, and several batches (the last one short).
        for (n, grouped) in [(0, false), (1, false), (3, true), (2 * JSON_BATCH + 5, true), (JSON_BATCH, false)] {
            let r = results(n, grouped);
            let got = json(&r).expect("json");
            let back: serde_json::Value = serde_json::from_str(&got).expect("valid JSON");
            assert_eq!(Some(back), serde_json::to_value(&r).ok(), "{n} {grouped}");
            let mut outline = results(0, grouped);
            outline.documents.clear();
            let mut expected = serde_json::to_string_pretty(&outline).expect("pretty") + "\n";
            if n > 0 {
                let lines: Vec<String> =
                    r.documents.iter().map(|d| format!("    {}", serde_json::to_string(d).expect("compact"))).collect();
                let listed = format!("\"documents\": [\n{}\n  ],", lines.join(",\n"));
                expected = expected.replacen("\"documents\": [],", &listed, 1);
            }
            assert_eq!(got, expected, "{n} {grouped}");
            assert_eq!(got.lines().filter(|l| l.starts_with("    {\"id\"")).count(), n);
        }
    }

    /// Compact results write the documents as a table: the columns once, a row per document on a
    /// line of its own, each cell its document's value (`null` for a metric or field it lacks),
    /// in valid JSON for 0, 1 and several batches of documents.
    #[test]
    fn compact_documents_are_a_table_with_a_line_per_row() {
        for (n, grouped) in [(0, false), (1, true), (2 * JSON_BATCH + 5, true)] {
            let mut r = results(n, grouped);
            r.run.evidence_sample = Some(3);
            r.run.document_evidence_sample = Some(0);
            if let Some(d) = r.documents.get_mut(1) {
                d.meta.extra.insert("topic".into(), "war".into());
                d.group = Some("g".into());
                d.results[0].evidence_count = 7;
            }
            let got = json(&r).expect("json");
            let back: serde_json::Value = serde_json::from_str(&got).expect("valid JSON");
            let columns: Vec<&str> =
                back["documents"]["columns"].as_array().expect("columns").iter().filter_map(|c| c.as_str()).collect();
            let rows = back["documents"]["data"].as_array().expect("data");
            assert_eq!(rows.len(), n);
            assert_eq!(got.lines().filter(|l| l.starts_with("      [\"d")).count(), n, "a line per row");
            let cell = |row: usize, column: &str| {
                let k = columns.iter().position(|c| *c == column).unwrap_or_else(|| panic!("{column} in {columns:?}"));
                rows[row][k].clone()
            };
            for (i, row) in rows.iter().enumerate() {
                assert_eq!(row.as_array().map(Vec::len), Some(columns.len()));
                assert_eq!(cell(i, "id"), format!("d{i}"));
                assert_eq!(cell(i, "a.m"), 1.5);
                assert_eq!(cell(i, "tokens"), 2);
                assert_eq!(cell(i, "source"), "p");
                assert_eq!(cell(i, "a.evidence_count"), if i == 1 { 7 } else { 0 });
            }
            if n > 1 {
                assert_eq!(cell(1, "extra.topic"), "war");
                assert_eq!(cell(0, "extra.topic"), serde_json::Value::Null);
                assert_eq!(cell(1, "group"), "g");
                assert_eq!(cell(0, "group"), serde_json::Value::Null);
            }
            assert!(!columns.contains(&"evidence"), "no sample column when documents show none");
        }
    }
}
