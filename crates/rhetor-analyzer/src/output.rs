//! What an analyzer returns for a document, a group or the corpus: named metrics, tables, series and
//! evidence spans. The engine resolves the spans to text and source places; every renderer reads
//! them without knowing the analyzer.
//!
//! Architecture Invariant: a renderer never matches on an analyzer id.

use rhetor_doc::Span;
use serde::{Deserialize, Serialize};

/// A number, or nothing when it is undefined (a mean of no sentences).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Float(f64),
    Null,
}

impl Value {
    /// A float, or `Null` when not finite.
    pub fn float(x: f64) -> Value {
        if x.is_finite() { Value::Float(x) } else { Value::Null }
    }
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            Value::Null => None,
        }
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Int(n as i64)
    }
}

/// A named measurement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    pub value: Value,
    /// `count`, `words`, `ratio`, `score`, `grade`, … free text.
    pub unit: String,
    /// One line saying what it measures (left out of documents' metrics in compact results: the
    /// corpus's metric of the same name has it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Metric {
    pub fn new(name: &str, value: impl Into<Value>, unit: &str, description: &str) -> Metric {
        Metric { name: name.into(), value: value.into(), unit: unit.into(), description: description.into() }
    }
}

/// A table cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Int(i64),
    Float(f64),
    Text(String),
    Null,
}

/// A table with named columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub description: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Keep only the rows whose `column` holds a count above zero: a document's table names what
    /// the document has (the corpus's and each group's table keep every row, zeros included).
    pub fn keep_counted(mut self, column: &str) -> Table {
        if let Some(i) = self.columns.iter().position(|c| c == column) {
            self.rows.retain(|row| matches!(row.get(i), Some(Cell::Int(n)) if *n > 0));
        }
        self
    }
}

/// Points for a chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub description: String,
    pub x_label: String,
    pub y_label: String,
    pub points: Vec<[f64; 2]>,
}

/// Evidence as an analyzer gives it: a label and a span of the document text. The engine adds the
/// text, the sentence and the source location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceSpan {
    pub label: String,
    pub span: Span,
}

/// Evidence in a named document, for an output about several documents (see
/// [`crate::Analyzer::across`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocEvidence {
    pub document: String,
    pub label: String,
    pub span: Span,
}

/// What one analyzer says about one document, group or the corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Output {
    pub metrics: Vec<Metric>,
    pub tables: Vec<Table>,
    pub series: Vec<Series>,
    pub evidence: Vec<EvidenceSpan>,
    /// Evidence in other documents than the one analysed, by document id: only in the output of
    /// [`crate::Analyzer::across`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_evidence: Vec<DocEvidence>,
}
