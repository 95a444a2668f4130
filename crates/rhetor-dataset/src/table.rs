//! A Parquet table written a row group at a time from column buffers: the low-level writer of the
//! `parquet` crate (no Arrow), with rhetor's fixed properties so that files are byte-identical
//! between runs and thread counts.

use bytes::Bytes;
use parquet::basic::{Compression, Encoding, ZstdLevel};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use std::io::Write;
use std::sync::Arc;

/// Rows buffered before a row group is written (at a document boundary: a document's rows are
/// never split between row groups). A run writes sixteen or more tables at once, each buffering
/// up to a row group: at 64 Ki rows and 8 MiB they held about 70 MB of a 256 MB peak on 9,588
/// short documents, at 16 Ki and 2 MiB about 40 MB; the files are 1–4% larger (a dictionary page
/// per smaller group).
pub const ROW_GROUP_ROWS: usize = 16 * 1024;

/// Bytes of buffered strings past which a row group is written whatever the number of rows (a
/// corpus's evidence can hold whole speeches: the row group's memory stays bounded).
pub const ROW_GROUP_BYTES: usize = 2 << 20;

/// Why a dataset file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{file}: {source}")]
    Parquet { file: String, source: parquet::errors::ParquetError },
}

/// Strings of a column: their bytes end to end and where each ends, so that a row group's values
/// are one allocation (each value a slice of it), not one each.
#[derive(Default)]
pub struct Strings {
    data: Vec<u8>,
    ends: Vec<usize>,
    /// The bytes of the last row group written: the next one's buffer is made at that size when
    /// its first value comes (grown from empty, each row group's values were copied over and over).
    last_size: usize,
}

impl Strings {
    fn push(&mut self, s: &str) {
        if self.data.capacity() == 0 {
            self.data.reserve(self.last_size.max(s.len()));
        }
        self.data.extend_from_slice(s.as_bytes());
        self.ends.push(self.data.len());
    }

    /// The values as Parquet byte arrays sharing one buffer; the buffer is emptied.
    fn take(&mut self) -> Vec<ByteArray> {
        self.last_size = self.data.len();
        let bytes = Bytes::from(std::mem::take(&mut self.data));
        let mut start = 0;
        let out = self
            .ends
            .iter()
            .map(|&end| {
                let b = ByteArray::from(bytes.slice(start..end));
                start = end;
                b
            })
            .collect();
        self.ends.clear();
        out
    }

    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
    }
}

/// One column's buffered values, with definition levels for optional ones.
pub enum Column {
    /// A required string.
    Str(Strings),
    /// An optional string: values of the rows that have one, and a level per row.
    OptStr(Strings, Vec<i16>),
    I64(Vec<i64>),
    OptI64(Vec<i64>, Vec<i16>),
    OptF64(Vec<f64>, Vec<i16>),
    /// A map of strings to strings (`extra` metadata): keys, values, and the levels of both leaves.
    Map {
        keys: Strings,
        values: Strings,
        def: Vec<i16>,
        rep: Vec<i16>,
    },
}

impl Column {
    pub fn str(&mut self, s: &str) {
        if let Column::Str(v) = self {
            v.push(s);
        }
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        if let Column::OptStr(v, d) = self {
            d.push(i16::from(s.is_some()));
            if let Some(s) = s {
                v.push(s);
            }
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
                keys.push(k);
                values.push(v);
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
    file: String,
    writer: SerializedFileWriter<W>,
    pub columns: Vec<Column>,
    rows: usize,
    /// Rows past which a row group is written ([`ROW_GROUP_ROWS`] unless set).
    max_rows: usize,
}

impl<W: Write + Send> Table<W> {
    /// A table of `schema` (Parquet's message syntax) into `out`; `columns` in schema order;
    /// dictionary encoding for the leaf columns named in `dictionary` only, no statistics for those in
    /// `no_statistics`.
    pub fn new(
        file: impl Into<String>,
        out: W,
        schema: &str,
        columns: Vec<Column>,
        dictionary: &[&str],
        no_statistics: &[&str],
    ) -> Result<Self, DatasetError> {
        Self::with_whole_dictionaries(file, out, schema, columns, dictionary, no_statistics, &[])
    }

    /// As [`Table::new`], with the columns named in `whole` dictionary-encoded up to a row group's
    /// size (not the usual 1 MiB, past which a column falls back to plain values): long values
    /// that repeat (the texts of articles filed under several topics) are stored once.
    pub fn with_whole_dictionaries(
        file: impl Into<String>,
        out: W,
        schema: &str,
        columns: Vec<Column>,
        dictionary: &[&str],
        no_statistics: &[&str],
        whole: &[&str],
    ) -> Result<Self, DatasetError> {
        let file: String = file.into();
        let err = |source| DatasetError::Parquet { file: file.clone(), source };
        let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).map_err(err)?);
        let mut props = WriterProperties::builder()
            .set_created_by(format!("rhetor {}", env!("CARGO_PKG_VERSION")))
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_dictionary_enabled(false)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_max_row_group_size(usize::MAX);
        // No min/max statistics for columns of free text: comparing every value costs, and no
        // reader prunes on them.
        for name in no_statistics {
            let path = ColumnPath::new(name.split('.').map(str::to_string).collect());
            props = props.set_column_statistics_enabled(path, EnabledStatistics::None);
        }
        for name in dictionary {
            let path = ColumnPath::new(name.split('.').map(str::to_string).collect());
            props = props.set_column_dictionary_enabled(path, true);
        }
        for name in whole {
            let path = ColumnPath::new(name.split('.').map(str::to_string).collect());
            props = props.set_column_dictionary_enabled(path.clone(), true);
            props = props.set_column_dictionary_page_size_limit(path, ROW_GROUP_BYTES + (1 << 20));
        }
        // Integers (offsets, lines, indices) as deltas bit-packed: a few bits each where plain
        // encoding spends eight bytes that a compressor hardly shrinks. Pages are compressed with
        // Zstandard at level 1: on `kcna-2024` 1.7 MB (23%) smaller than Snappy, for 3% more
        // instructions over the whole run.
        let descriptor = parquet::schema::types::SchemaDescriptor::new(Arc::clone(&schema));
        for leaf in descriptor.columns() {
            if leaf.physical_type() == parquet::basic::Type::INT64 {
                props = props.set_column_encoding(leaf.path().clone(), Encoding::DELTA_BINARY_PACKED);
            }
        }
        let writer = SerializedFileWriter::new(out, schema, Arc::new(props.build())).map_err(err)?;
        Ok(Table { file, writer, columns, rows: 0, max_rows: ROW_GROUP_ROWS })
    }

    /// Write a row group past `rows` rows rather than [`ROW_GROUP_ROWS`] (at a document boundary).
    pub fn with_max_rows(mut self, rows: usize) -> Self {
        self.max_rows = rows.max(1);
        self
    }

    /// Count a row whose values were pushed to every column; write a row group when enough are
    /// buffered and `boundary` says a document's rows end here.
    pub fn row_done(&mut self) {
        self.rows += 1;
    }

    /// Write the buffered rows as a row group if there are at least [`ROW_GROUP_ROWS`] (or the
    /// number set by [`Table::with_max_rows`]), or
    /// [`ROW_GROUP_BYTES`] of strings: called at document boundaries.
    pub fn maybe_flush(&mut self) -> Result<(), DatasetError> {
        if self.rows >= self.max_rows || self.buffered_bytes() >= ROW_GROUP_BYTES { self.flush() } else { Ok(()) }
    }

    /// Bytes of the strings buffered in every column.
    fn buffered_bytes(&self) -> usize {
        self.columns
            .iter()
            .map(|c| match c {
                Column::Str(v) | Column::OptStr(v, _) => v.data.len(),
                Column::Map { keys, values, .. } => keys.data.len() + values.data.len(),
                Column::I64(_) | Column::OptI64(..) | Column::OptF64(..) => 0,
            })
            .sum()
    }

    /// Write the buffered rows as a row group.
    pub fn flush(&mut self) -> Result<(), DatasetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let file = &self.file;
        let err = |source| DatasetError::Parquet { file: file.clone(), source };
        let mut rg = self.writer.next_row_group().map_err(err)?;
        for c in &mut self.columns {
            let mut leaves: Vec<Leaf<'_>> = Vec::with_capacity(2);
            match c {
                Column::Str(v) => leaves.push(Leaf::Bytes(v.take(), None, None)),
                Column::OptStr(v, d) => leaves.push(Leaf::Bytes(v.take(), Some(d), None)),
                Column::I64(v) => leaves.push(Leaf::I64(v, None)),
                Column::OptI64(v, d) => leaves.push(Leaf::I64(v, Some(d))),
                Column::OptF64(v, d) => leaves.push(Leaf::F64(v, Some(d))),
                Column::Map { keys, values, def, rep } => {
                    // The value leaf is defined exactly where the key is, one level deeper (it is
                    // optional within its entry).
                    let vd: Vec<i16> = def.iter().map(|&l| if l == 2 { 3 } else { l }).collect();
                    leaves.push(Leaf::Bytes(keys.take(), Some(def), Some(rep)));
                    leaves.push(Leaf::MapValue(values.take(), vd, rep));
                }
            }
            for leaf in leaves {
                let Some(mut col) = rg.next_column().map_err(err)? else {
                    return Err(err(parquet::errors::ParquetError::General("fewer columns than the schema".into())));
                };
                match leaf {
                    Leaf::Bytes(v, d, r) => {
                        col.typed::<ByteArrayType>()
                            .write_batch(&v, d.map(|d| d.as_slice()), r.map(|r| r.as_slice()))
                            .map_err(err)?;
                    }
                    Leaf::MapValue(v, d, r) => {
                        col.typed::<ByteArrayType>().write_batch(&v, Some(&d), Some(r)).map_err(err)?;
                    }
                    Leaf::I64(v, d) => {
                        col.typed::<Int64Type>().write_batch(v, d.map(|d| d.as_slice()), None).map_err(err)?;
                    }
                    Leaf::F64(v, d) => {
                        col.typed::<DoubleType>().write_batch(v, d.map(|d| d.as_slice()), None).map_err(err)?;
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
    Bytes(Vec<ByteArray>, Option<&'a Vec<i16>>, Option<&'a Vec<i16>>),
    MapValue(Vec<ByteArray>, Vec<i16>, &'a [i16]),
    I64(&'a [i64], Option<&'a Vec<i16>>),
    F64(&'a [f64], Option<&'a Vec<i16>>),
}
