//! Typed tables written wide: a document table an analyzer declares with typed columns
//! ([`rhetor_engine::TypedTable`], a row per sentence say) goes to a file of its own,
//! `ANALYZER.TABLE.parquet`, a row per table row (`document_index, document, row`, then a column
//! per declared column, of its type), instead of a row per cell in `tables.parquet`: seven cells
//! a sentence were three quarters of a speech corpus's table cells, each a row with six strings.

use crate::table::{Column, DatasetError, Strings, Table};
use rhetor_engine::{Cell, CellKind, Table as ResultTable, TypedTable};
use std::io::Write;

/// A declared table that can be written wide, and its file's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedFile {
    pub analyzer: String,
    pub table: TypedTable,
    /// `ANALYZER.TABLE.parquet`.
    pub file: String,
}

/// Rows of a typed table's row group (at a document boundary).
pub const TYPED_ROW_GROUP_ROWS: usize = 16 * 1024;

/// The columns every row of a typed table's file begins with.
const LEAD: [&str; 3] = ["document_index", "document", "row"];

/// The declared tables that can be written wide, each once (the first declaration of an analyzer's
/// table name): those whose analyzer id, table name and column names are plain names (letters,
/// digits, `_` and `-` for ids; letters, digits and `_` for columns, not one of `document_index`,
/// `document`, `row`, nor twice). Any other is written per cell, as an undeclared table.
pub fn typed_files(declared: &[(&str, TypedTable)]) -> Vec<TypedFile> {
    let name_ok = |s: &str, dash: bool| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || (dash && c == '-'))
    };
    let mut out: Vec<TypedFile> = Vec::new();
    for (analyzer, t) in declared {
        let columns_ok = t.columns.iter().enumerate().all(|(i, (c, _))| {
            name_ok(c, false) && !LEAD.contains(&c.as_str()) && t.columns[..i].iter().all(|(d, _)| d != c)
        });
        let seen = out.iter().any(|f| f.analyzer == *analyzer && f.table.name == t.name);
        if name_ok(analyzer, true) && name_ok(&t.name, true) && columns_ok && !t.columns.is_empty() && !seen {
            let file = format!("{analyzer}.{}.parquet", t.name);
            out.push(TypedFile { analyzer: analyzer.to_string(), table: t.clone(), file });
        }
    }
    out
}

/// A typed table's Parquet schema.
pub fn typed_schema(t: &TypedTable) -> String {
    let mut s = String::from(
        "message typed_table {\n  required int64 document_index;\n  required binary document (STRING);\n  required int64 row;\n",
    );
    for (name, kind) in &t.columns {
        let ty = match kind {
            CellKind::Int => "int64",
            CellKind::Float => "double",
            CellKind::Text => "binary",
        };
        let logical = if *kind == CellKind::Text { " (STRING)" } else { "" };
        s.push_str(&format!("  optional {ty} {name}{logical};\n"));
    }
    s.push('}');
    s
}

/// A typed table's file being written.
pub struct Wide<W: Write + Send> {
    pub spec: TypedFile,
    pub table: Table<W>,
}

impl<W: Write + Send> Wide<W> {
    /// Start `spec`'s file in `out`.
    pub fn new(spec: TypedFile, out: W) -> Result<Self, DatasetError> {
        let mut columns = vec![Column::I64(Vec::new()), Column::Str(Strings::default()), Column::I64(Vec::new())];
        let mut text_columns = vec!["document".to_string()];
        for (name, kind) in &spec.table.columns {
            columns.push(match kind {
                CellKind::Int => Column::OptI64(Vec::new(), Vec::new()),
                CellKind::Float => Column::OptF64(Vec::new(), Vec::new()),
                CellKind::Text => {
                    text_columns.push(name.to_string());
                    Column::OptStr(Strings::default(), Vec::new())
                }
            });
        }
        // Texts (a document's id on each of its rows, a class or a word) by dictionary; no
        // statistics but the document's, on which a reader prunes.
        let dict: Vec<&str> = text_columns.iter().map(String::as_str).collect();
        let no_statistics: Vec<&str> = dict[1..].to_vec();
        let schema = typed_schema(&spec.table);
        // Row groups of 16 Ki rows: a row per sentence of a long speech is many rows a document,
        // and the buffer of every file adds to the run's peak memory.
        let table = Table::new(spec.file.clone(), out, &schema, columns, &dict, &no_statistics)?
            .with_max_rows(TYPED_ROW_GROUP_ROWS);
        Ok(Wide { spec, table })
    }

    /// Whether a document's table of `analyzer` is written here: it is this table, every cell fitting.
    pub fn takes(&self, analyzer: &str, t: &ResultTable) -> bool {
        self.spec.analyzer == analyzer && self.spec.table.fits(t)
    }

    /// A document's table (one that [`Wide::takes`]), a row per table row.
    pub fn rows(&mut self, index: i64, document: &str, t: &ResultTable) {
        for (k, row) in (0_i64..).zip(&t.rows) {
            let c = &mut self.table.columns;
            c[0].i64(index);
            c[1].str(document);
            c[2].i64(k);
            for ((cell, (_, kind)), col) in row.iter().zip(&self.spec.table.columns).zip(&mut c[3..]) {
                match kind {
                    CellKind::Int => col.opt_i64(match cell {
                        Cell::Int(n) => Some(*n),
                        _ => None,
                    }),
                    CellKind::Float => col.opt_f64(match cell {
                        Cell::Int(n) => Some(*n as f64),
                        Cell::Float(x) => Some(*x),
                        _ => None,
                    }),
                    CellKind::Text => col.opt_str(match cell {
                        Cell::Text(s) => Some(s.as_str()),
                        _ => None,
                    }),
                }
            }
            self.table.row_done();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use rhetor_engine::DocumentResult;

    fn declared(columns: &[(&str, CellKind)]) -> TypedTable {
        TypedTable { name: "sentences".into(), columns: columns.iter().map(|(c, k)| ((*c).into(), *k)).collect() }
    }

    #[test]
    fn only_plain_names_are_typed_each_table_once() {
        let good = declared(&[("sentence", CellKind::Int), ("score", CellKind::Float)]);
        let files = typed_files(&[
            ("sentiment", good.clone()),
            ("sentiment", declared(&[("other", CellKind::Text)])),
            ("bad id", good.clone()),
            ("x", declared(&[("document", CellKind::Text)])),
            ("y", declared(&[("a b", CellKind::Text)])),
            ("z", declared(&[("a", CellKind::Int), ("a", CellKind::Float)])),
            ("w", declared(&[])),
            ("text-stats", good.clone()),
        ]);
        let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(names, ["sentiment.sentences.parquet", "text-stats.sentences.parquet"]);
        assert_eq!(files[0].table, good, "the first declaration of a name");
    }

    fn rows(bytes: Vec<u8>) -> i64 {
        let reader = SerializedFileReader::new(bytes::Bytes::from(bytes)).expect("a Parquet file");
        reader.metadata().file_metadata().num_rows()
    }

    /// A table that fits its declaration goes wide (a row per table row); one with a text in a
    /// number's column goes to `tables.parquet`, a row per cell, losing nothing.
    #[test]
    fn a_fitting_table_is_written_wide_and_another_per_cell() {
        let spec = declared(&[("sentence", CellKind::Int), ("score", CellKind::Float), ("class", CellKind::Text)]);
        let files = typed_files(&[("sentiment", spec)]);
        let doc = |id: &str, score: serde_json::Value| -> DocumentResult {
            serde_json::from_value(serde_json::json!({
                "id": id, "meta": {}, "source": {"path": "p", "sha256": "s"},
                "counts": {"bytes": 1, "tokens": 1, "sentences": 2, "paragraphs": 1, "sections": 1},
                "sections": [""],
                "results": [{"analyzer": "sentiment", "metrics": [], "tables": [{
                    "name": "sentences", "description": "d", "columns": ["sentence", "score", "class"],
                    "rows": [[0, 1, "positive"], [1, score, null]]}]}]
            }))
            .expect("a document result")
        };
        let mut ds =
            Dataset::new(Default::default(), files.into_iter().map(|f| (f, Vec::new())).collect()).expect("dataset");
        ds.document(&doc("a", serde_json::json!(-0.5))).expect("written");
        ds.document(&doc("b", serde_json::json!("not a number"))).expect("written");
        let ([_, _, _, tables, _], typed) = ds.finish().expect("finished");
        let [wide] = <[Vec<u8>; 1]>::try_from(typed).expect("one typed file");
        assert_eq!(rows(wide), 2, "document a's two sentences, wide");
        assert_eq!(rows(tables), 6, "document b's six cells, long");
    }
}
