//! The results of a run, as every renderer reads them without knowing the analyzers: each analyzer's
//! output (`rhetor-analyzer`'s `Output`: metrics, tables, series, evidence spans) resolved for each
//! document, group and the corpus, with the run's provenance.
//!
//! Architecture Invariant: a renderer never matches on an analyzer id.

use rhetor_analyzer::SmolStr;
pub use rhetor_analyzer::{
    Cell, CellKind, DocEvidence, EvidenceSpan, Metric, Output, Series, Table, TypedTable, Value,
};
use rhetor_doc::{InputFile, LogEntry, Metadata, SourceSpan, Span};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One piece of evidence, resolved to its text and its place in the source file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The document's id and the analyzer's, shared by all the evidence of one result.
    pub document: Arc<str>,
    pub analyzer: Arc<str>,
    /// Label and text are [`SmolStr`]s: labels repeat and most texts are a word or two, made and
    /// copied without allocating.
    pub label: SmolStr,
    pub text: SmolStr,
    /// Byte range in the document text.
    pub doc_span: [u32; 2],
    /// Index of the sentence that holds the start of the span.
    pub sentence: Option<u32>,
    /// Byte range, line and column in the original file.
    pub source: SourceSpan,
    /// The source byte ranges of its pieces, when its text was joined from separate places of the
    /// source (across a dropped running head, a column break, a page jump); `source` then spans
    /// them all. Empty when the text came from one place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<[u32; 2]>,
}

impl Evidence {
    /// Record the pieces of `span` when its text came from several places of the source, and make
    /// `source` span them all (from the first byte of any piece to the last, its line and column
    /// those of the first byte), since pieces moved back from a page jump can come before the start.
    pub fn with_pieces(mut self, doc: &rhetor_doc::Document, span: Span) -> Evidence {
        let pieces = doc.source_pieces(span);
        if pieces.len() > 1 {
            let start = pieces.iter().map(|p| p.0).min().unwrap_or(self.source.start);
            let end = pieces.iter().map(|p| p.1).max().unwrap_or(self.source.end);
            let (line, column) = doc.source.line_column(start);
            self.source = SourceSpan { path: self.source.path.clone(), start, end, line, column };
            self.pieces = pieces.into_iter().map(|(a, b)| [a, b]).collect();
        }
        self
    }
}

/// One analyzer's output, evidence resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyzerResult {
    pub analyzer: String,
    pub metrics: Vec<Metric>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tables: Vec<Table>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub series: Vec<Series>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<Evidence>,
    /// Evidence items the analyzer gave, of which `evidence` holds a sample when the run keeps one
    /// (`[run] evidence_sample`); every item is in `evidence.parquet`.
    #[serde(skip_serializing_if = "is_zero", default)]
    pub evidence_count: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl AnalyzerResult {
    /// A document's result as the results files keep it at corpus scale: a sample of `n` evidence
    /// items ([`AnalyzerResult::keep_sample`]), its metrics without their descriptions (the
    /// corpus's result has them), no tables (every cell is in `tables.parquet`); its series stay
    /// (the reports draw them; compact results files leave them to `series.parquet`).
    pub fn compact(&mut self, n: usize) {
        self.keep_sample(n);
        self.tables = Vec::new();
        self.metrics.iter_mut().for_each(|m| *m = m.without_description());
    }

    /// Keep at most `n` evidence items: taken in turn from each label (in order of first
    /// appearance), so that a sample shows the kinds of evidence before the repeats of one, and
    /// kept in document order. `evidence_count` keeps the number given.
    pub fn keep_sample(&mut self, n: usize) {
        let Some(keep) = self.sample_mask(n) else { return };
        let mut k = 0;
        self.evidence.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        // The room the left-out items took is given back (thousands of documents keep theirs).
        self.evidence.shrink_to_fit();
    }

    /// Which evidence items a sample of `n` keeps ([`AnalyzerResult::keep_sample`]); `None` when
    /// all of them.
    fn sample_mask(&self, n: usize) -> Option<Vec<bool>> {
        if self.evidence.len() <= n {
            return None;
        }
        let mut by_label: Vec<Vec<usize>> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, e) in self.evidence.iter().enumerate() {
            let k = *index.entry(e.label.as_str()).or_insert_with(|| {
                by_label.push(Vec::new());
                by_label.len() - 1
            });
            by_label[k].push(i);
        }
        let mut keep = vec![false; self.evidence.len()];
        let (mut picked, mut round) = (0, 0);
        while picked < n {
            let before = picked;
            for items in &by_label {
                if let Some(&i) = items.get(round) {
                    keep[i] = true;
                    picked += 1;
                    if picked == n {
                        break;
                    }
                }
            }
            if picked == before {
                break;
            }
            round += 1;
        }
        Some(keep)
    }

    /// A copy that keeps a sample of `n` evidence items ([`AnalyzerResult::keep_sample`]) and
    /// everything else (metrics with their descriptions, tables, series), with `evidence_count`
    /// giving how many items there were: a group's or the corpus's result as compact results files
    /// write it (the work across documents can give hundreds of whole passages).
    pub fn sampled_copy(&self, n: usize) -> AnalyzerResult {
        let evidence = match self.sample_mask(n) {
            None => self.evidence.clone(),
            Some(keep) => self.evidence.iter().zip(keep).filter(|(_, k)| *k).map(|(e, _)| e.clone()).collect(),
        };
        let given = self.evidence_count.max(self.evidence.len() as u64);
        AnalyzerResult {
            analyzer: self.analyzer.clone(),
            metrics: self.metrics.clone(),
            tables: self.tables.clone(),
            series: self.series.clone(),
            evidence,
            evidence_count: given,
        }
    }

    /// A compact copy ([`AnalyzerResult::compact`]) made without copying the evidence it leaves
    /// out, so that the full result can go on to be written whole.
    pub fn compact_copy(&self, n: usize) -> AnalyzerResult {
        let evidence = match self.sample_mask(n) {
            None => self.evidence.clone(),
            Some(keep) => self.evidence.iter().zip(keep).filter(|(_, k)| *k).map(|(e, _)| e.clone()).collect(),
        };
        let metrics = self.metrics.iter().map(|m| m.without_description()).collect();
        AnalyzerResult {
            analyzer: self.analyzer.clone(),
            metrics,
            tables: Vec::new(),
            series: self.series.clone(),
            evidence,
            evidence_count: self.evidence_count,
        }
    }
}

/// Counts of a document's structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub bytes: u64,
    pub tokens: u64,
    pub sentences: u64,
    pub paragraphs: u64,
    pub sections: u64,
}

/// The source file of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub path: String,
    pub sha256: String,
}

/// Results for one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentResult {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub meta: Metadata,
    pub source: SourceRef,
    pub counts: Counts,
    /// Section titles in order (an untitled first section is "").
    pub sections: Vec<String>,
    pub results: Vec<AnalyzerResult>,
}

impl DocumentResult {
    /// The compact copy of this document's result (see [`AnalyzerResult::compact`]).
    pub fn compact_copy(&self, n: usize) -> DocumentResult {
        DocumentResult {
            id: self.id.clone(),
            group: self.group.clone(),
            meta: self.meta.clone(),
            source: self.source.clone(),
            counts: self.counts.clone(),
            sections: self.sections.clone(),
            results: self.results.iter().map(|r| r.compact_copy(n)).collect(),
        }
    }
}

/// Results for a group of documents, or the corpus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupResult {
    pub name: String,
    pub documents: Vec<String>,
    pub results: Vec<AnalyzerResult>,
}

impl GroupResult {
    /// The group as compact results files write it: each analyzer's evidence a sample of `n`
    /// ([`AnalyzerResult::sampled_copy`]); every item is in `evidence.parquet`.
    pub fn sampled_copy(&self, n: usize) -> GroupResult {
        GroupResult {
            name: self.name.clone(),
            documents: self.documents.clone(),
            results: self.results.iter().map(|r| r.sampled_copy(n)).collect(),
        }
    }
}

/// Groups by one metadata field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grouping {
    pub field: String,
    pub groups: Vec<GroupResult>,
}

/// An analyzer that ran: id, summary, and the metrics it reports with their units and descriptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyzerInfo {
    pub id: String,
    pub summary: String,
}

/// How the run was made: enough to reproduce it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    pub rhetor_version: String,
    /// Path of the config file, or `(built-in default)`.
    pub config_path: String,
    pub config_sha256: String,
    pub inputs: Vec<InputFile>,
    /// Every byte ingest dropped, rewrote, joined or moved, with the reason (see `rhetor ingest --log`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingest_log: Vec<LogEntry>,
    /// The ingest log counted by file, pass and action, in compact results (the entries themselves
    /// are in `ingest-log.parquet`, and `rhetor ingest --log` shows them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingest_log_summary: Vec<LogSummary>,
    /// What the run warned about: files skipped, records filtered, documents in other languages
    /// than the analyzers' word lists, repeated texts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Documents left out of the results because an analyzer failed on them (`--keep-going`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedDocument>,
    /// The evidence items each document keeps per analyzer in these results (`[run]
    /// evidence_sample`); absent when they keep every item (`--evidence all`). With a sample,
    /// documents are written compact: in `results.json` as one table (a column per field, metric
    /// and evidence count), in `results.jsonl` with metrics as an object of name → value; evidence
    /// without the document, analyzer and source path it belongs to (every item is in
    /// `evidence.parquet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_sample: Option<u64>,
    /// Of those, the items each document shows in `results.json` and `results.jsonl` (`[run]
    /// document_evidence_sample`, none by default: a document gives each analyzer's evidence count,
    /// and its items are in `evidence.parquet`); absent: all that it keeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_evidence_sample: Option<u64>,
}

/// Entries of the ingest log of one file, pass and action, and the source bytes they cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogSummary {
    pub path: String,
    pub pass: String,
    pub action: String,
    pub entries: u64,
    pub bytes: u64,
}

impl RunInfo {
    /// Replace the ingest log by its summary (entries and bytes by file, pass and action, in order of
    /// first appearance).
    pub fn summarize_ingest_log(&mut self) {
        let mut out: Vec<LogSummary> = Vec::new();
        let mut index: std::collections::HashMap<(String, String, String), usize> = std::collections::HashMap::new();
        for e in std::mem::take(&mut self.ingest_log) {
            let bytes = u64::from(e.end.saturating_sub(e.start));
            let key = (e.path, e.pass, e.action);
            match index.get(&key) {
                Some(&i) => {
                    out[i].entries += 1;
                    out[i].bytes += bytes;
                }
                None => {
                    index.insert(key.clone(), out.len());
                    let (path, pass, action) = key;
                    out.push(LogSummary { path, pass, action, entries: 1, bytes });
                }
            }
        }
        self.ingest_log_summary = out;
    }
}

/// A document a `--keep-going` run left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedDocument {
    pub document: String,
    /// Its source file.
    pub path: String,
    pub error: String,
}

/// Everything a run produced. `results.json` is this, serialized.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResults {
    /// Schema id of this layout; bumped on any incompatible change.
    pub schema: String,
    pub run: RunInfo,
    pub analyzers: Vec<AnalyzerInfo>,
    pub documents: Vec<DocumentResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grouping: Option<Grouping>,
    pub corpus: GroupResult,
    /// Two scopes side by side (`rhetor analyze --compare A B`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// Two scopes (groups or documents) compared metric by metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    /// Sizes in words (the `words` metric where an analyzer reports one, else tokens), for the tests
    /// on counts.
    pub a_words: u64,
    pub b_words: u64,
    /// How many count metrics were tested, and the G² a difference must exceed for p < 0.05 after
    /// a Bonferroni correction for that many tests.
    pub tests: usize,
    pub bonferroni_g2: f64,
    pub rows: Vec<ComparisonRow>,
}

/// One metric in both scopes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    pub analyzer: String,
    pub metric: String,
    pub unit: String,
    pub a: Value,
    pub b: Value,
    /// `a − b`.
    pub difference: Value,
    /// For counts: log-likelihood G² of the two counts against the two sizes, its p-value, the log
    /// ratio (binary log of the ratio of relative frequencies) and %DIFF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub g2: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_ratio: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pct_diff: Option<f64>,
}

/// The current results schema id.
pub const SCHEMA: &str = "rhetor-results/5";
