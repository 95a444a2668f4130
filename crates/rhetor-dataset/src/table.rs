//! A Parquet table written a row group at a time from column buffers: the low-level writer of the
//! `parquet` crate (no Arrow), with rhetor's fixed properties so that files are byte-identical
//! between runs and thread counts.

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use std::io::Write;
use std::sync::Arc;

/// Rows buffered before a row group is written (at a document boundary: a document's rows are
/// never split between row groups).
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// Why a dataset file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{file}: {source}")]
    Parquet { file: &'static str, source: parquet::errors::ParquetError },
}

/// One column's buffered values, with definition levels for optional ones.
pub enum Column {
    /// A required string.
    Str(Vec<ByteArray>),
    /// An optional string: values of the rows that have one, and a level per row.
    OptStr(Vec<ByteArray>, Vec<i16>),
    I64(Vec<i64>),
    OptI64(Vec<i64>, Vec<i16>),
    OptF64(Vec<f64>, Vec<i16>),
    /// A map of strings to strings (`extra` metadata): keys, values, and the levels of both leaves.
    Map {
        keys: Vec<ByteArray>,
        values: Vec<ByteArray>,
        def: Vec<i16>,
        rep: Vec<i16>,
    },
}

impl Column {
    pub fn str(&mut self, s: &str) {
        if let Column::Str(v) = self {
            v.push(ByteArray::from(s));
        }
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        if let Column::OptStr(v, d) = self {
            d.push(i16::from(s.is_some()));
            v.extend(s.map(ByteArray::from));
        }
    }

    pub fn i64(&mut self, n: i64) {
        if let Column::I64(v) = self {
            v.push(n);
        }
    }

    pub fn opt_i64(&mut self, n: Option<i64>) {
        if let Column::OptI64(v, d) = self {
            d.push(i16::from(n.is_some()));
            v.extend(n);
        }
    }

    pub fn opt_f64(&mut self, n: Option<f64>) {
        if let Column::OptF64(v, d) = self {
            d.push(i16::from(n.is_some()));
            v.extend(n);
        }
    }

    /// A row's map, its entries in the order given (an empty map is an empty list, not null).
    pub fn map<'a>(&mut self, entries: impl IntoIterator<Item = (&'a str, &'a str)>) {
        if let Column::Map { keys, values, def, rep } = self {
            let mut first = true;
            for (k, v) in entries {
                keys.push(ByteArray::from(k));
                values.push(ByteArray::from(v));
                def.push(2);
                rep.push(if first { 0 } else { 1 });
                first = false;
            }
            if first {
                def.push(1);
                rep.push(0);
            }
        }
    }

    fn clear(&mut self) {
        match self {
            Column::Str(v) => v.clear(),
            Column::OptStr(v, d) => {
                v.clear();
                d.clear();
            }
            Column::I64(v) => v.clear(),
            Column::OptI64(v, d) => {
                v.clear();
                d.clear();
            }
            Column::OptF64(v, d) => {
                v.clear();
                d.clear();
            }
            Column::Map { keys, values, def, rep } => {
                keys.clear();
                values.clear();
                def.clear();
                rep.clear();
            }
        }
    }
}

/// A Parquet file being written: its schema's columns, buffered rows, and the writer.
pub struct Table<W: Write + Send> {
    file: &'static str,
    writer: SerializedFileWriter<W>,
    pub columns: Vec<Column>,
    rows: usize,
}

impl<W: Write + Send> Table<W> {
    /// A table of `schema` (Parquet's message syntax) into `out`; `columns` in schema order;
    /// dictionary encoding for the leaf columns named in `dictionary` only.
    pub fn new(
        file: &'static str,
        out: W,
        schema: &str,
        columns: Vec<Column>,
        dictionary: &[&str],
    ) -> Result<Self, DatasetError> {
        let err = |source| DatasetError::Parquet { file, source };
        let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).map_err(err)?);
        let mut props = WriterProperties::builder()
            .set_created_by(format!("rhetor {}", env!("CARGO_PKG_VERSION")))
            .set_compression(Compression::SNAPPY)
            .set_dictionary_enabled(false)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_max_row_group_size(usize::MAX);
        for name in dictionary {
            let path = ColumnPath::new(name.split('.').map(str::to_string).collect());
            props = props.set_column_dictionary_enabled(path, true);
        }
        let writer = SerializedFileWriter::new(out, schema, Arc::new(props.build())).map_err(err)?;
        Ok(Table { file, writer, columns, rows: 0 })
    }

    /// Count a row whose values were pushed to every column; write a row group when enough are
    /// buffered and `boundary` says a document's rows end here.
    pub fn row_done(&mut self) {
        self.rows += 1;
    }

    /// Write the buffered rows as a row group if there are at least [`ROW_GROUP_ROWS`]: called at
    /// document boundaries.
    pub fn maybe_flush(&mut self) -> Result<(), DatasetError> {
        if self.rows >= ROW_GROUP_ROWS { self.flush() } else { Ok(()) }
    }

    /// Write the buffered rows as a row group.
    pub fn flush(&mut self) -> Result<(), DatasetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let file = self.file;
        let err = |source| DatasetError::Parquet { file, source };
        let mut rg = self.writer.next_row_group().map_err(err)?;
        for c in &self.columns {
            let mut leaves: Vec<Leaf<'_>> = Vec::with_capacity(2);
            match c {
                Column::Str(v) => leaves.push(Leaf::Bytes(v, None, None)),
                Column::OptStr(v, d) => leaves.push(Leaf::Bytes(v, Some(d), None)),
                Column::I64(v) => leaves.push(Leaf::I64(v, None)),
                Column::OptI64(v, d) => leaves.push(Leaf::I64(v, Some(d))),
                Column::OptF64(v, d) => leaves.push(Leaf::F64(v, Some(d))),
                Column::Map { keys, values, def, rep } => {
                    leaves.push(Leaf::Bytes(keys, Some(def), Some(rep)));
                    leaves.push(Leaf::MapValue(values, def, rep));
                }
            }
            for leaf in leaves {
                let Some(mut col) = rg.next_column().map_err(err)? else {
                    return Err(err(parquet::errors::ParquetError::General("fewer columns than the schema".into())));
                };
                match leaf {
                    Leaf::Bytes(v, d, r) => {
                        col.typed::<ByteArrayType>().write_batch(v, d, r).map_err(err)?;
                    }
                    Leaf::MapValue(v, d, r) => {
                        // Values are required within an entry: the value leaf is defined exactly
                        // where the key is (one level deeper for the optional value).
                        let vd: Vec<i16> = d.iter().map(|&l| if l == 2 { 3 } else { l }).collect();
                        col.typed::<ByteArrayType>().write_batch(v, Some(&vd), Some(r)).map_err(err)?;
                    }
                    Leaf::I64(v, d) => {
                        col.typed::<Int64Type>().write_batch(v, d, None).map_err(err)?;
                    }
                    Leaf::F64(v, d) => {
                        col.typed::<DoubleType>().write_batch(v, d, None).map_err(err)?;
                    }
                }
                col.close().map_err(err)?;
            }
        }
        rg.close().map_err(err)?;
        self.columns.iter_mut().for_each(Column::clear);
        self.rows = 0;
        Ok(())
    }

    /// Write what is buffered and the file's footer.
    pub fn close(mut self) -> Result<W, DatasetError> {
        self.flush()?;
        let file = self.file;
        self.writer.into_inner().map_err(|source| DatasetError::Parquet { file, source })
    }
}

enum Leaf<'a> {
    Bytes(&'a [ByteArray], Option<&'a [i16]>, Option<&'a [i16]>),
    MapValue(&'a [ByteArray], &'a [i16], &'a [i16]),
    I64(&'a [i64], Option<&'a [i16]>),
    F64(&'a [f64], Option<&'a [i16]>),
}
