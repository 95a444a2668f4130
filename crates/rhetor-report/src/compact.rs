//! Documents as the results files write them when the run keeps a sample of evidence
//! (`run.evidence_sample`, the default): in `results.json` one table of them all
//! ([`DocumentTable`]: a row per document, a column per field, metric and evidence count), in
//! `results.jsonl` (and `--stream`) a compact object per document ([`CompactDocument`]: its
//! metrics an object of name → value). Either way the corpus's metric of the same name gives the
//! unit and description, and a document's sample of evidence (`run.document_evidence_sample`)
//! leaves out what the document already says (its id, the analyzer, the source path). Every row
//! of its full evidence is in `evidence.parquet`. `--evidence all` writes documents in full.

use rhetor_engine::{AnalyzerResult, DocumentResult, Evidence, Metric};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

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
            m.serialize_entry(&metric.name(), &metric.value)?;
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

/// The compact documents of `results.json` as one table, pandas' `split` layout (`{"columns":
/// [..], "data": [[..], ..]}`): a row per document, a column per metadata field, count and metric
/// (`analyzer.metric`) and each analyzer's evidence count (`analyzer.evidence_count`). Names are
/// written once, not in every document: on `kcna-2024` (1,862 short items) this is 1.8 MB where
/// the objects of name → value were 4.7 MB.
#[derive(Debug)]
pub struct DocumentTable {
    /// The column names, in order.
    pub columns: Vec<String>,
    group: bool,
    extra: Vec<String>,
    /// Each analyzer (in order of first appearance) and its metrics' names (likewise).
    metrics: Vec<(String, Vec<String>)>,
    /// Evidence items shown per document and analyzer (`run.document_evidence_sample`).
    sample: usize,
}

impl DocumentTable {
    /// The columns of `documents`: the union of their metadata fields and metrics, in order of
    /// first appearance (the `extra` fields sorted), a `group` column when the run is `grouped`
    /// (or a document has a group), and a final `evidence` column (an object of analyzer → sampled
    /// items) when `sample` is above 0. Analyzers name no metric `evidence_count` (the rhetoric and
    /// targets analyzers refuse it as a category id).
    pub fn of(documents: &[DocumentResult], sample: usize, grouped: bool) -> DocumentTable {
        let group = grouped || documents.iter().any(|d| d.group.is_some());
        let extra: Vec<String> = documents
            .iter()
            .flat_map(|d| d.meta.extra.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .cloned()
            .collect();
        let mut metrics: Vec<(String, Vec<String>)> = Vec::new();
        let mut seen: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
        for d in documents {
            for r in &d.results {
                let k = match metrics.iter().position(|(a, _)| a == r.analyzer.as_str()) {
                    Some(k) => k,
                    None => {
                        metrics.push((r.analyzer.to_string(), Vec::new()));
                        metrics.len() - 1
                    }
                };
                for m in &r.metrics {
                    if seen.insert((r.analyzer.as_str(), m.name().as_str())) {
                        metrics[k].1.push(m.name().to_string());
                    }
                }
            }
        }
        let mut columns: Vec<String> = vec!["id".into()];
        if group {
            columns.push("group".into());
        }
        columns.extend(["title", "date", "outlet", "speaker", "kind"].map(String::from));
        columns.extend(extra.iter().map(|k| format!("extra.{k}")));
        columns.extend(
            ["source", "bytes", "tokens", "sentences", "paragraphs", "sections", "section_titles"].map(String::from),
        );
        for (a, names) in &metrics {
            columns.extend(names.iter().map(|n| format!("{a}.{n}")));
            columns.push(format!("{a}.evidence_count"));
        }
        if sample > 0 {
            columns.push("evidence".into());
        }
        DocumentTable { columns, group, extra, metrics, sample }
    }

    /// Document `d`'s row, in the order of [`DocumentTable::columns`] (`null` where it lacks a
    /// field or metric).
    pub fn row<'a>(&'a self, d: &'a DocumentResult) -> DocumentRow<'a> {
        DocumentRow(self, d)
    }
}

/// A row of a [`DocumentTable`].
#[derive(Debug)]
pub struct DocumentRow<'a>(&'a DocumentTable, &'a DocumentResult);

impl Serialize for DocumentRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (t, d) = (self.0, self.1);
        let mut row = s.serialize_seq(Some(t.columns.len()))?;
        row.serialize_element(&d.id)?;
        if t.group {
            row.serialize_element(&d.group)?;
        }
        let m = &d.meta;
        for field in [&m.title, &m.date, &m.outlet, &m.speaker, &m.kind] {
            row.serialize_element(field)?;
        }
        for k in &t.extra {
            row.serialize_element(&m.extra.get(k))?;
        }
        row.serialize_element(&d.source.path)?;
        let c = &d.counts;
        for n in [c.bytes, c.tokens, c.sentences, c.paragraphs, c.sections] {
            row.serialize_element(&n)?;
        }
        row.serialize_element(&d.sections)?;
        for (analyzer, names) in &t.metrics {
            let r = d.results.iter().find(|r| r.analyzer.as_str() == analyzer);
            for (i, name) in names.iter().enumerate() {
                // The analyzer's metrics are almost always the columns' in the same order.
                let metric = r.and_then(|r| match r.metrics.get(i) {
                    Some(m) if m.name().as_str() == name => Some(m),
                    _ => r.metrics.iter().find(|m| m.name().as_str() == name),
                });
                row.serialize_element(&metric.map(|m| &m.value))?;
            }
            row.serialize_element(&r.map(|r| r.evidence_count.max(r.evidence.len() as u64)))?;
        }
        if t.sample > 0 {
            row.serialize_element(&SampledEvidence(d, t.sample))?;
        }
        row.end()
    }
}

/// A document's sampled evidence: an object of analyzer → items (the analyzers that gave any).
struct SampledEvidence<'a>(&'a DocumentResult, usize);

impl Serialize for SampledEvidence<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for r in self.0.results.iter().filter(|r| !r.evidence.is_empty()) {
            let items: Vec<CompactEvidence<'_>> = r.evidence.iter().take(self.1).map(CompactEvidence).collect();
            m.serialize_entry(&r.analyzer, &items)?;
        }
        m.end()
    }
}
