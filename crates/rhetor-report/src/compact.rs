//! A document as `results.json` and `results.jsonl` write it when the run keeps a sample of
//! evidence (`run.evidence_sample`, the default): its metrics an object of name → value (the
//! corpus's metric of the same name gives the unit and description), its evidence count, and a
//! sample of its evidence (`run.document_evidence_sample`, none by default) without what the
//! document already says (its id, the analyzer, the source path). Every row of its full evidence
//! is in `evidence.parquet`. `--evidence all` writes documents in full.

use rhetor_engine::{AnalyzerResult, DocumentResult, Evidence, Metric};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// A document in its compact form, with at most `.1` evidence items per analyzer.
#[derive(Debug)]
pub struct CompactDocument<'a>(pub &'a DocumentResult, pub usize);

impl Serialize for CompactDocument<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &d.id)?;
        if let Some(g) = &d.group {
            m.serialize_entry("group", g)?;
        }
        m.serialize_entry("meta", &d.meta)?;
        m.serialize_entry("source", &d.source)?;
        m.serialize_entry("counts", &d.counts)?;
        m.serialize_entry("sections", &d.sections)?;
        let results: Vec<CompactResult<'_>> = d.results.iter().map(|r| CompactResult(r, self.1)).collect();
        m.serialize_entry("results", &results)?;
        m.end()
    }
}

struct CompactResult<'a>(&'a AnalyzerResult, usize);

impl Serialize for CompactResult<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("analyzer", &r.analyzer)?;
        m.serialize_entry("metrics", &Values(&r.metrics))?;
        if !r.tables.is_empty() {
            m.serialize_entry("tables", &r.tables)?;
        }
        if !r.evidence.is_empty() && self.1 > 0 {
            let evidence: Vec<CompactEvidence<'_>> = r.evidence.iter().take(self.1).map(CompactEvidence).collect();
            m.serialize_entry("evidence", &evidence)?;
        }
        if r.evidence_count > 0 {
            m.serialize_entry("evidence_count", &r.evidence_count)?;
        }
        m.end()
    }
}

/// Metrics as an object of name → value, in the analyzer's order.
struct Values<'a>(&'a [Metric]);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for metric in self.0 {
            m.serialize_entry(&metric.name, &metric.value)?;
        }
        m.end()
    }
}

/// An evidence item without its document, analyzer and source path (the document's).
struct CompactEvidence<'a>(&'a Evidence);

impl Serialize for CompactEvidence<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Place {
            start: u32,
            end: u32,
            line: u32,
            column: u32,
        }
        let e = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("label", &e.label)?;
        m.serialize_entry("text", &e.text)?;
        m.serialize_entry("doc_span", &e.doc_span)?;
        m.serialize_entry("sentence", &e.sentence)?;
        let p = &e.source;
        m.serialize_entry("source", &Place { start: p.start, end: p.end, line: p.line, column: p.column })?;
        if !e.pieces.is_empty() {
            m.serialize_entry("pieces", &e.pieces)?;
        }
        m.end()
    }
}
