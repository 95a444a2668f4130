//! What an analyzer returns for a document, a group or the corpus: named metrics, tables, series and
//! evidence spans. The engine resolves the spans to text and source places; every renderer reads
//! them without knowing the analyzer.
//!
//! Architecture Invariant: a renderer never matches on an analyzer id.

pub use crate::metric::{Metric, Value};
pub use crate::name::Name;
use rhetor_doc::Span;
use serde::{Deserialize, Serialize};
pub use smol_str::SmolStr;

/// A table cell: written as a bare JSON number, string or null.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Int(i64),
    Float(f64),
    /// A [`SmolStr`]: most cells are ids and words, kept inline.
    Text(SmolStr),
    Null,
}

/// Read as `#[serde(untagged)]` reads it (an integer that fits `i64`, else a number, a string,
/// null), without trying each variant in turn (which formats an error for every miss: a merge of
/// shards reads millions of cells).
impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Cell, D::Error> {
        struct CellVisitor;
        impl serde::de::Visitor<'_> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number, a string or null")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Cell, E> {
                Ok(i64::try_from(v).map_or(Cell::Float(v as f64), Cell::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Cell, E> {
                Ok(Cell::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell::Text(SmolStr::new(v)))
            }
            fn visit_unit<E>(self) -> Result<Cell, E> {
                Ok(Cell::Null)
            }
            fn visit_none<E>(self) -> Result<Cell, E> {
                Ok(Cell::Null)
            }
        }
        d.deserialize_any(CellVisitor)
    }
}

/// A table with named columns. Its texts are [`SmolStr`]s: a document's tables repeat the same
/// names, made without allocating (`SmolStr::new_static`, or inline up to 23 bytes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: SmolStr,
    pub description: SmolStr,
    pub columns: Vec<SmolStr>,
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

/// What a column of a [`TypedTable`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// [`Cell::Int`] (or [`Cell::Null`]).
    Int,
    /// [`Cell::Float`] or [`Cell::Int`] (or [`Cell::Null`]).
    Float,
    /// [`Cell::Text`] (or [`Cell::Null`]).
    Text,
}

impl CellKind {
    /// Whether `cell` fits a column of this kind.
    pub fn holds(self, cell: &Cell) -> bool {
        matches!(
            (self, cell),
            (_, Cell::Null)
                | (CellKind::Int, Cell::Int(_))
                | (CellKind::Float, Cell::Int(_) | Cell::Float(_))
                | (CellKind::Text, Cell::Text(_))
        )
    }
}

/// A document table an analyzer declares before the run ([`crate::Analyzer::typed_tables`]), its
/// columns typed: the dataset writes it wide, a row per table row and a typed column per column,
/// to a file of its own, instead of a row per cell (a table with a row per sentence is most of the
/// cells of a corpus). A document's table of that name whose columns or cells do not fit the
/// declaration is written per cell, as any other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedTable {
    pub name: SmolStr,
    pub columns: Vec<(SmolStr, CellKind)>,
}

impl TypedTable {
    /// A table `name` of `columns` (name and kind each).
    pub fn new(name: &str, columns: &[(&str, CellKind)]) -> TypedTable {
        TypedTable { name: name.into(), columns: columns.iter().map(|(c, k)| ((*c).into(), *k)).collect() }
    }

    /// Whether `table` is this table, every cell fitting its column.
    pub fn fits(&self, table: &Table) -> bool {
        table.name == self.name
            && table.columns.len() == self.columns.len()
            && table.columns.iter().zip(&self.columns).all(|(c, (name, _))| c == name)
            && table.rows.iter().all(|row| {
                row.len() == self.columns.len()
                    && row.iter().zip(&self.columns).all(|(cell, (_, kind))| kind.holds(cell))
            })
    }
}

/// Points for a chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// [`SmolStr`]s, as a table's texts: a document's series repeat the same names.
    pub name: SmolStr,
    pub description: SmolStr,
    pub x_label: SmolStr,
    pub y_label: SmolStr,
    pub points: Vec<[f64; 2]>,
}

/// Evidence as an analyzer gives it: a label and a span of the document text. The engine adds the
/// text, the sentence and the source location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceSpan {
    /// A [`SmolStr`]: labels repeat, and a short one or a copy of one is made without allocating.
    pub label: SmolStr,
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

#[cfg(test)]
mod tests {
    use super::Cell;

    #[test]
    fn cells_read_back_as_they_were_written() {
        let cells =
            [Cell::Int(5), Cell::Int(-3), Cell::Float(1.5), Cell::Float(2.0), Cell::Text("x".into()), Cell::Null];
        for c in cells {
            let json = serde_json::to_string(&c).expect("json");
            assert_eq!(serde_json::from_str::<Cell>(&json).expect("cell"), c, "{json}");
        }
        // Past i64, a number; a boolean or an object is no cell.
        assert_eq!(serde_json::from_str::<Cell>("18446744073709551615").expect("cell"), Cell::Float(u64::MAX as f64));
        assert!(serde_json::from_str::<Cell>("true").is_err());
        assert!(serde_json::from_str::<Cell>("{}").is_err());
    }
}
