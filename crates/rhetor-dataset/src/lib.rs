//! rhetor's results as a dataset: seven Parquet files (and one per typed table) that pandas,
//! DuckDB, R (arrow), Spark and pyarrow read, written a row group at a time as documents finish, so
//! that the full evidence of a corpus is never held in memory.
//!
//! - `evidence.parquet`: one row per evidence item, every item of every document (the results
//!   files keep a sample), with its document, analyzer, label, text, document span, sentence and
//!   source path, byte range, line and column, and its pieces (JSON `[[start, end], …]`, when its
//!   text was joined from separate places of the source); then the evidence of the groups and the corpus (work
//!   across documents: shared passages).
//! - `metrics.parquet`: the tidy long table of `results.csv` (scope, document, group, analyzer,
//!   metric, value, unit), typed.
//! - `tables.parquet`: every cell of every table (documents', groups', the corpus's), one row per
//!   cell: table, row number, column, and the value as text or number; but a document table an
//!   analyzer declares typed, which goes to a file of its own, a row per table row
//!   (`ANALYZER.TABLE.parquet`, see [`typed_files`]).
//! - `series.parquet`: every point of every series (documents' arcs, positions in a text; groups'
//!   and the corpus's), one row per point.
//! - `ingest-log.parquet`: every edit ingest made (compact results keep its counts by file, pass
//!   and action).
//! - `documents.parquet`: one row per document: id, metadata (`extra` as a map), source path and
//!   SHA-256, and its counts.
//! - `texts.parquet`: one row per document: its cleaned text, which every evidence item's
//!   `doc_start`/`doc_end` index, and its offset map to the source file (what `rhetor serve`
//!   shows and searches).
//!
//! The schemas are in [`EVIDENCE_SCHEMA`], [`METRICS_SCHEMA`], [`DOCUMENTS_SCHEMA`],
//! [`TABLES_SCHEMA`], [`SERIES_SCHEMA`], [`INGEST_LOG_SCHEMA`] and [`TEXTS_SCHEMA`]; see
//! docs/results-schema.md. Rows are in corpus order; a row group holds whole documents, and the
//! `document_index` column's statistics let a reader skip to one document's rows.
//!
//! Architecture Invariant: the files depend only on the results given, in the order given: no time
//! stamps, no library version (the `created_by` field names rhetor's version only).

mod table;
mod typed;

pub use table::{DatasetError, ROW_GROUP_ROWS};
pub use typed::{TypedFile, typed_files, typed_schema};

use rhetor_engine::{AnalyzerResult, Cell, DocumentResult, Value};
use std::io::Write;
use table::{Column, Strings, Table};
use typed::Wide;

/// `evidence.parquet`'s schema.
pub const EVIDENCE_SCHEMA: &str = "message evidence {
  required int64 document_index;
  required binary scope (STRING);
  optional binary document (STRING);
  optional binary group (STRING);
  required binary analyzer (STRING);
  required binary label (STRING);
  required binary text (STRING);
  required int64 doc_start;
  required int64 doc_end;
  optional int64 sentence;
  required binary path (STRING);
  required int64 source_start;
  required int64 source_end;
  required int64 line;
  required int64 column;
  optional binary pieces (JSON);
}";

/// `metrics.parquet`'s schema.
pub const METRICS_SCHEMA: &str = "message metrics {
  required int64 document_index;
  required binary scope (STRING);
  optional binary document (STRING);
  optional binary group (STRING);
  required binary analyzer (STRING);
  required binary metric (STRING);
  optional double value;
  required binary unit (STRING);
}";

/// `ingest-log.parquet`'s schema: every edit ingest made, as `rhetor ingest --log` lists them.
pub const INGEST_LOG_SCHEMA: &str = "message ingest_log {
  required binary path (STRING);
  required binary pass (STRING);
  required binary action (STRING);
  required binary reason (STRING);
  required int64 start;
  required int64 end;
  required int64 line;
  required binary before (STRING);
  required binary after (STRING);
}";

/// Write the ingest log to `out` as `ingest-log.parquet`.
pub fn write_ingest_log<W: Write + Send>(out: W, log: &[rhetor_engine::LogEntry]) -> Result<W, DatasetError> {
    let mut columns = strs(4);
    columns.extend((0..3).map(|_| Column::I64(Vec::new())));
    columns.extend(strs(2));
    let dict = ["path", "pass", "action", "reason"];
    let mut t = Table::new("ingest-log.parquet", out, INGEST_LOG_SCHEMA, columns, &dict, &["before", "after"])?;
    for e in log {
        let c = &mut t.columns;
        c[0].str(&e.path);
        c[1].str(&e.pass);
        c[2].str(&e.action);
        c[3].str(&e.reason);
        c[4].i64(i64::from(e.start));
        c[5].i64(i64::from(e.end));
        c[6].i64(i64::from(e.line));
        c[7].str(&e.before);
        c[8].str(&e.after);
        t.row_done();
        t.maybe_flush()?;
    }
    t.close()
}

/// `texts.parquet`'s schema: every document's cleaned text (the text every `doc_start`/`doc_end`
/// indexes into) and its offset map to the source file.
pub const TEXTS_SCHEMA: &str = "message texts {
  required int64 document_index;
  required binary id (STRING);
  required binary text (STRING);
  required binary offsets (JSON);
}";

/// One document's text for [`write_texts`]: its id, text, and offset map as segments
/// `(doc_start, doc_len, src_start, src_len, copy)`.
#[derive(Debug)]
pub struct DocumentText<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub segments: Vec<(u32, u32, u32, u32, bool)>,
}

/// Write documents' texts to `out` as `texts.parquet`, in corpus order (`document_index` from 0).
/// `offsets` is JSON: `[[doc_start, doc_end, src_start, src_end, copy], …]`, `copy` 1 where the
/// document bytes are the source bytes, 0 where a source run was rewritten as a whole (a span
/// touching it maps to all of it).
pub fn write_texts<'a, W: Write + Send>(
    out: W,
    docs: impl IntoIterator<Item = DocumentText<'a>>,
) -> Result<W, DatasetError> {
    let mut columns = vec![Column::I64(Vec::new())];
    columns.extend(strs(3));
    // A text that repeats (an article filed under several topics) is stored once.
    let mut t = Table::with_whole_dictionaries(
        "texts.parquet",
        out,
        TEXTS_SCHEMA,
        columns,
        &[],
        &["text", "offsets"],
        &["text"],
    )?;
    let mut offsets = String::new();
    for (index, d) in (0_i64..).zip(docs) {
        use std::fmt::Write as _;
        offsets.clear();
        offsets.push('[');
        for (k, (ds, dl, ss, sl, copy)) in d.segments.iter().enumerate() {
            let sep = if k == 0 { "" } else { "," };
            let _ = write!(offsets, "{sep}[{ds},{},{ss},{},{}]", ds + dl, ss + sl, u8::from(*copy));
        }
        offsets.push(']');
        let c = &mut t.columns;
        c[0].i64(index);
        c[1].str(d.id);
        c[2].str(d.text);
        c[3].str(&offsets);
        t.row_done();
        t.maybe_flush()?;
    }
    t.close()
}

/// `tables.parquet`'s schema: every cell of every table, one row per cell.
pub const TABLES_SCHEMA: &str = "message tables {
  required int64 document_index;
  required binary scope (STRING);
  optional binary document (STRING);
  optional binary group (STRING);
  required binary analyzer (STRING);
  required binary table (STRING);
  required int64 row;
  required binary column (STRING);
  optional binary text (STRING);
  optional double number;
}";

/// `series.parquet`'s schema: every point of every series (a document's arcs and positions, a
/// group's or the corpus's), one row per point; `x` and `y` are null where the results write null
/// (not a finite number).
pub const SERIES_SCHEMA: &str = "message series {
  required int64 document_index;
  required binary scope (STRING);
  optional binary document (STRING);
  optional binary group (STRING);
  required binary analyzer (STRING);
  required binary series (STRING);
  required binary description (STRING);
  required binary x_label (STRING);
  required binary y_label (STRING);
  required int64 point;
  optional double x;
  optional double y;
}";

/// `documents.parquet`'s schema.
pub const DOCUMENTS_SCHEMA: &str = "message documents {
  required int64 document_index;
  required binary id (STRING);
  optional binary group (STRING);
  optional binary title (STRING);
  optional binary date (STRING);
  optional binary outlet (STRING);
  optional binary speaker (STRING);
  optional binary kind (STRING);
  optional group extra (MAP) {
    repeated group key_value {
      required binary key (STRING);
      optional binary value (STRING);
    }
  }
  required binary source_path (STRING);
  required binary source_sha256 (STRING);
  required int64 bytes;
  required int64 tokens;
  optional int64 words;
  required int64 sentences;
  required int64 paragraphs;
  required int64 sections;
}";

fn strs(n: usize) -> Vec<Column> {
    (0..n).map(|_| Column::Str(Strings::default())).collect()
}

/// The files being written.
pub struct Dataset<W: Write + Send> {
    evidence: Table<W>,
    metrics: Table<W>,
    documents: Table<W>,
    tables: Table<W>,
    series: Table<W>,
    /// The typed tables' files ([`typed_files`]), in the order given.
    typed: Vec<Wide<W>>,
    /// Documents written so far: the next one's index.
    next: i64,
}

impl<W: Write + Send> std::fmt::Debug for Dataset<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dataset").field("documents_written", &self.next).finish_non_exhaustive()
    }
}

impl<W: Write + Send> Dataset<W> {
    /// Write into `evidence`, `metrics`, `documents`, `tables` and `series` (files, or any writer),
    /// and each typed table (from [`typed_files`]) into its own.
    pub fn new(
        [evidence, metrics, documents, tables, series]: [W; 5],
        typed: Vec<(TypedFile, W)>,
    ) -> Result<Self, DatasetError> {
        let opt = || Column::OptStr(Strings::default(), Vec::new());
        let evidence_columns = vec![
            Column::I64(Vec::new()),
            Column::Str(Strings::default()),
            opt(),
            opt(),
            Column::Str(Strings::default()),
            Column::Str(Strings::default()),
            Column::Str(Strings::default()),
            Column::I64(Vec::new()),
            Column::I64(Vec::new()),
            Column::OptI64(Vec::new(), Vec::new()),
            Column::Str(Strings::default()),
            Column::I64(Vec::new()),
            Column::I64(Vec::new()),
            Column::I64(Vec::new()),
            Column::I64(Vec::new()),
            opt(),
        ];
        // Scope and group are written plain: long runs of one value, which Zstandard shrinks as
        // well as a dictionary would, without hashing every row's.
        let dict = ["document", "analyzer", "label", "path", "text"];
        // Statistics (min/max per row group) where a reader prunes on them: the document's index and
        // id, and numbers. None for the strings every row group holds alike, nor for the scope and
        // group (comparing every row's costs; `document_index` -1 marks the groups' and corpus's
        // rows, and a row group's documents belong to many groups).
        let no_statistics = ["scope", "group", "text", "label", "analyzer", "path", "pieces"];
        let evidence =
            Table::new("evidence.parquet", evidence, EVIDENCE_SCHEMA, evidence_columns, &dict, &no_statistics)?;
        let mut metrics_columns = vec![Column::I64(Vec::new()), Column::Str(Strings::default()), opt(), opt()];
        metrics_columns.extend(strs(2));
        metrics_columns.push(Column::OptF64(Vec::new(), Vec::new()));
        metrics_columns.push(Column::Str(Strings::default()));
        let dict = ["scope", "document", "group", "analyzer", "metric", "unit"];
        let no_statistics = ["scope", "group"];
        let metrics = Table::new("metrics.parquet", metrics, METRICS_SCHEMA, metrics_columns, &dict, &no_statistics)?;
        let mut documents_columns = vec![Column::I64(Vec::new()), Column::Str(Strings::default())];
        documents_columns.extend((0..6).map(|_| opt()));
        documents_columns.push(Column::Map {
            keys: Strings::default(),
            values: Strings::default(),
            def: Vec::new(),
            rep: Vec::new(),
        });
        documents_columns.extend(strs(2));
        documents_columns.extend([Column::I64(Vec::new()), Column::I64(Vec::new())]);
        documents_columns.push(Column::OptI64(Vec::new(), Vec::new()));
        documents_columns.extend((0..3).map(|_| Column::I64(Vec::new())));
        let dict =
            ["group", "outlet", "speaker", "kind", "extra.key_value.key", "extra.key_value.value", "source_path"];
        let documents =
            Table::new("documents.parquet", documents, DOCUMENTS_SCHEMA, documents_columns, &dict, &["title"])?;
        let mut tables_columns = vec![Column::I64(Vec::new()), Column::Str(Strings::default()), opt(), opt()];
        tables_columns.extend(strs(2));
        tables_columns.push(Column::I64(Vec::new()));
        tables_columns.push(Column::Str(Strings::default()));
        tables_columns.push(opt());
        tables_columns.push(Column::OptF64(Vec::new(), Vec::new()));
        // A cell's strings other than its text are written plain: a run of cells repeats them, which
        // Zstandard shrinks as well as a dictionary would (the file 1.5% larger on SOTU), without
        // hashing every value (the sentences table alone is seven cells a sentence; the dictionary
        // interning of these columns was 2% of a SOTU run's instructions).
        let dict = ["text"];
        let no_statistics = ["scope", "group", "text", "analyzer", "table", "column"];
        let tables = Table::new("tables.parquet", tables, TABLES_SCHEMA, tables_columns, &dict, &no_statistics)?;
        let mut series_columns = vec![Column::I64(Vec::new()), Column::Str(Strings::default()), opt(), opt()];
        series_columns.extend(strs(5));
        series_columns.push(Column::I64(Vec::new()));
        series_columns.extend((0..2).map(|_| Column::OptF64(Vec::new(), Vec::new())));
        let dict = ["scope", "document", "group", "analyzer", "series", "description", "x_label", "y_label"];
        let no_statistics = ["scope", "group", "analyzer", "series", "description", "x_label", "y_label"];
        let series = Table::new("series.parquet", series, SERIES_SCHEMA, series_columns, &dict, &no_statistics)?;
        let typed = typed.into_iter().map(|(spec, out)| Wide::new(spec, out)).collect::<Result<_, _>>()?;
        Ok(Dataset { evidence, metrics, documents, tables, series, typed, next: 0 })
    }

    /// A document's rows, with all of its evidence; documents come in corpus order.
    pub fn document(&mut self, d: &DocumentResult) -> Result<(), DatasetError> {
        let index = self.next;
        self.next += 1;
        self.results(index, "document", Some(&d.id), d.group.as_deref(), &d.results)?;
        let c = &mut self.documents.columns;
        c[0].i64(index);
        c[1].str(&d.id);
        c[2].opt_str(d.group.as_deref());
        c[3].opt_str(d.meta.title.as_deref());
        c[4].opt_str(d.meta.date.as_deref());
        c[5].opt_str(d.meta.outlet.as_deref());
        c[6].opt_str(d.meta.speaker.as_deref());
        c[7].opt_str(d.meta.kind.as_deref());
        c[8].map(d.meta.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        c[9].str(&d.source.path);
        c[10].str(&d.source.sha256);
        c[11].i64(to_i64(d.counts.bytes));
        c[12].i64(to_i64(d.counts.tokens));
        let words =
            d.results.iter().flat_map(|r| &r.metrics).find(|m| m.name() == "words").and_then(|m| match m.value {
                Value::Int(n) => Some(n),
                _ => None,
            });
        c[13].opt_i64(words);
        c[14].i64(to_i64(d.counts.sentences));
        c[15].i64(to_i64(d.counts.paragraphs));
        c[16].i64(to_i64(d.counts.sections));
        self.documents.row_done();
        self.evidence.maybe_flush()?;
        self.metrics.maybe_flush()?;
        self.tables.maybe_flush()?;
        self.series.maybe_flush()?;
        for w in &mut self.typed {
            w.table.maybe_flush()?;
        }
        self.documents.maybe_flush()
    }

    /// A group's or the corpus's rows (`scope` is `group` or `corpus`), after every document.
    pub fn scope(&mut self, scope: &str, group: Option<&str>, results: &[AnalyzerResult]) -> Result<(), DatasetError> {
        self.results(-1, scope, None, group, results)?;
        self.evidence.maybe_flush()?;
        self.tables.maybe_flush()?;
        self.series.maybe_flush()?;
        self.metrics.maybe_flush()
    }

    fn results(
        &mut self,
        index: i64,
        scope: &str,
        document: Option<&str>,
        group: Option<&str>,
        results: &[AnalyzerResult],
    ) -> Result<(), DatasetError> {
        for r in results {
            for m in &r.metrics {
                let c = &mut self.metrics.columns;
                lead(c, (index, scope, document, group), &r.analyzer);
                c[5].str(&m.name());
                c[6].opt_f64(match m.value {
                    Value::Int(n) => Some(n as f64),
                    Value::Float(x) => Some(x),
                    Value::Null => None,
                });
                c[7].str(&m.unit());
                self.metrics.row_done();
            }
            for t in &r.tables {
                if let (Some(id), "document") = (document, scope) {
                    if let Some(w) = self.typed.iter_mut().find(|w| w.takes(&r.analyzer, t)) {
                        w.rows(index, id, t);
                        continue;
                    }
                }
                for (k, row) in r_rows(t) {
                    for (col, cell) in t.columns.iter().zip(row) {
                        let c = &mut self.tables.columns;
                        lead(c, (index, scope, document, group), &r.analyzer);
                        c[5].str(&t.name);
                        c[6].i64(k);
                        c[7].str(col);
                        let (text, number) = match cell {
                            Cell::Int(n) => (None, Some(*n as f64)),
                            Cell::Float(x) => (None, Some(*x)),
                            Cell::Text(s) => (Some(s.as_str()), None),
                            Cell::Null => (None, None),
                        };
                        c[8].opt_str(text);
                        c[9].opt_f64(number);
                        self.tables.row_done();
                    }
                }
            }
            for s in &r.series {
                for (k, [x, y]) in (0_i64..).zip(&s.points) {
                    let c = &mut self.series.columns;
                    lead(c, (index, scope, document, group), &r.analyzer);
                    c[5].str(&s.name);
                    c[6].str(&s.description);
                    c[7].str(&s.x_label);
                    c[8].str(&s.y_label);
                    c[9].i64(k);
                    c[10].opt_f64(x.is_finite().then_some(*x));
                    c[11].opt_f64(y.is_finite().then_some(*y));
                    self.series.row_done();
                }
            }
            for e in &r.evidence {
                let c = &mut self.evidence.columns;
                // Evidence of a group or the corpus belongs to a document too (a shared passage).
                let (idx, doc) = if document.is_some() { (index, document) } else { (-1, Some(&*e.document)) };
                lead(c, (idx, scope, doc, group), &r.analyzer);
                c[5].str(&e.label);
                c[6].str(&e.text);
                c[7].i64(i64::from(e.doc_span[0]));
                c[8].i64(i64::from(e.doc_span[1]));
                c[9].opt_i64(e.sentence.map(i64::from));
                c[10].str(&e.source.path);
                c[11].i64(i64::from(e.source.start));
                c[12].i64(i64::from(e.source.end));
                c[13].i64(i64::from(e.source.line));
                c[14].i64(i64::from(e.source.column));
                let pieces = (!e.pieces.is_empty()).then(|| {
                    let each: Vec<String> = e.pieces.iter().map(|[a, b]| format!("[{a},{b}]")).collect();
                    format!("[{}]", each.join(","))
                });
                c[15].opt_str(pieces.as_deref());
                self.evidence.row_done();
                // A group's or the corpus's evidence (whole passages, say) may be split between
                // row groups; a document's never is.
                if index < 0 {
                    self.evidence.maybe_flush()?;
                }
            }
        }
        Ok(())
    }

    /// Write what is buffered and the footers; the writers back (the typed tables' in the order
    /// given).
    pub fn finish(self) -> Result<([W; 5], Vec<W>), DatasetError> {
        let e = self.evidence.close()?;
        let m = self.metrics.close()?;
        let d = self.documents.close()?;
        let t = self.tables.close()?;
        let s = self.series.close()?;
        let typed = self.typed.into_iter().map(|w| w.table.close()).collect::<Result<_, _>>()?;
        Ok(([e, m, d, t, s], typed))
    }
}

/// The five columns every row of the evidence, metrics and tables files begins with:
/// `document_index, scope, document, group, analyzer`.
fn lead(c: &mut [Column], (index, scope, document, group): (i64, &str, Option<&str>, Option<&str>), analyzer: &str) {
    c[0].i64(index);
    c[1].str(scope);
    c[2].opt_str(document);
    c[3].opt_str(group);
    c[4].str(analyzer);
}

/// A table's rows numbered from 0.
fn r_rows(t: &rhetor_engine::Table) -> impl Iterator<Item = (i64, &Vec<Cell>)> {
    t.rows.iter().enumerate().map(|(k, r)| (i64::try_from(k).unwrap_or(i64::MAX), r))
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
