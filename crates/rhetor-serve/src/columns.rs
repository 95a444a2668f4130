//! Reading columns of the results' Parquet files with the `parquet` crate's column readers (no
//! Arrow): a file's row groups, and rows of one row group's column as integers or strings.
//!
//! The worker threads read one file at once. The `parquet` crate's reader over a `File` seeks a
//! shared file offset (its clones share it), so concurrent reads mixed their bytes; the files
//! are read here with positional reads (`pread`), which share nothing.

use crate::error::ServeError;
use parquet::column::reader::ColumnReader;
use parquet::file::reader::{FileReader, SerializedFileReader};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file read at positions: any number of readers at once, each with its own offset.
pub struct Positional {
    file: Arc<File>,
    len: u64,
}

/// One reader of a [`Positional`] file, from its own offset on.
pub struct PositionalRead {
    file: Arc<File>,
    pos: u64,
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

impl Read for PositionalRead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl parquet::file::reader::Length for Positional {
    fn len(&self) -> u64 {
        self.len
    }
}

impl parquet::file::reader::ChunkReader for Positional {
    type T = BufReader<PositionalRead>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        Ok(BufReader::new(PositionalRead { file: Arc::clone(&self.file), pos: start }))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<bytes::Bytes> {
        let mut buf = vec![0u8; length];
        let mut r = PositionalRead { file: Arc::clone(&self.file), pos: start };
        r.read_exact(&mut buf)?;
        Ok(buf.into())
    }
}

/// One Parquet file of a results folder.
pub struct ParquetFile {
    pub path: PathBuf,
    reader: SerializedFileReader<Positional>,
    /// Column index by name (top-level leaf columns).
    names: Vec<String>,
}

impl std::fmt::Debug for ParquetFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetFile").field("path", &self.path).finish_non_exhaustive()
    }
}

impl ParquetFile {
    /// Open `name` in `dir`; a missing file is a folder that is not a results folder.
    pub fn open(dir: &Path, name: &str) -> Result<ParquetFile, ServeError> {
        let path = dir.join(name);
        let file = File::open(&path).map_err(|e| ServeError::NotResults {
            dir: dir.to_path_buf(),
            why: format!("no readable {name} ({e}); was it written by `rhetor analyze --out`?"),
        })?;
        let len = file.metadata().map_or(0, |m| m.len());
        let file = Positional { file: Arc::new(file), len };
        let reader =
            SerializedFileReader::new(file).map_err(|source| ServeError::Parquet { path: path.clone(), source })?;
        let names =
            reader.metadata().file_metadata().schema_descr().columns().iter().map(|c| c.path().string()).collect();
        Ok(ParquetFile { path, reader, names })
    }

    fn err(&self, source: parquet::errors::ParquetError) -> ServeError {
        ServeError::Parquet { path: self.path.clone(), source }
    }

    /// The index of column `name`, or an error naming the file.
    pub fn column(&self, name: &str) -> Result<usize, ServeError> {
        self.names.iter().position(|n| n == name).ok_or_else(|| ServeError::Mismatch {
            path: self.path.clone(),
            why: format!("has no column `{name}` (written by another version of rhetor?)"),
        })
    }

    pub fn row_groups(&self) -> usize {
        self.reader.metadata().num_row_groups()
    }

    /// The rows of row group `rg`.
    pub fn rows_of(&self, rg: usize) -> usize {
        self.reader.metadata().row_groups().get(rg).map_or(0, |g| usize::try_from(g.num_rows()).unwrap_or(0))
    }

    /// Int64 column `col` of row group `rg`; nulls as `None`.
    pub fn i64s(&self, rg: usize, col: usize) -> Result<Vec<Option<i64>>, ServeError> {
        self.i64_rows(rg, col, 0, self.rows_of(rg))
    }

    /// Rows `skip..skip + n` of int64 column `col` of row group `rg` (the rows before are skipped,
    /// not decoded into values); nulls as `None`.
    pub fn i64_rows(&self, rg: usize, col: usize, skip: usize, n: usize) -> Result<Vec<Option<i64>>, ServeError> {
        self.guarded(|| {
            let group = self.reader.get_row_group(rg).map_err(|e| self.err(e))?;
            let ColumnReader::Int64ColumnReader(mut r) = group.get_column_reader(col).map_err(|e| self.err(e))? else {
                return Err(self.mismatch(col, "int64"));
            };
            r.skip_records(skip).map_err(|e| self.err(e))?;
            let (mut values, mut defs) = (Vec::with_capacity(n), Vec::with_capacity(n));
            r.read_records(n, Some(&mut defs), None, &mut values).map_err(|e| self.err(e))?;
            Ok(spread(values, &defs, self.max_def(col), n))
        })
    }

    /// String column `col` of row group `rg`; nulls as `None`.
    pub fn strings(&self, rg: usize, col: usize) -> Result<Vec<Option<String>>, ServeError> {
        self.string_rows(rg, col, 0, self.rows_of(rg))
    }

    /// Rows `skip..skip + n` of string column `col` of row group `rg`; nulls as `None`.
    pub fn string_rows(&self, rg: usize, col: usize, skip: usize, n: usize) -> Result<Vec<Option<String>>, ServeError> {
        self.guarded(|| {
            let group = self.reader.get_row_group(rg).map_err(|e| self.err(e))?;
            let ColumnReader::ByteArrayColumnReader(mut r) = group.get_column_reader(col).map_err(|e| self.err(e))?
            else {
                return Err(self.mismatch(col, "string"));
            };
            r.skip_records(skip).map_err(|e| self.err(e))?;
            let (mut values, mut defs) = (Vec::with_capacity(n), Vec::with_capacity(n));
            r.read_records(n, Some(&mut defs), None, &mut values).map_err(|e| self.err(e))?;
            let strings = values.iter().map(|b| String::from_utf8_lossy(b.data()).into_owned()).collect();
            Ok(spread(strings, &defs, self.max_def(col), n))
        })
    }

    /// `read`, with a panic of the Parquet decoder (a damaged data page can index out of bounds
    /// there) turned into an error naming the file.
    fn guarded<T>(&self, read: impl FnOnce() -> Result<T, ServeError>) -> Result<T, ServeError> {
        rhetor_doc::catch(read).unwrap_or_else(|panic| {
            Err(ServeError::Mismatch { path: self.path.clone(), why: format!("is damaged ({panic})") })
        })
    }

    fn max_def(&self, col: usize) -> i16 {
        self.reader.metadata().file_metadata().schema_descr().column(col).max_def_level()
    }

    fn mismatch(&self, col: usize, want: &str) -> ServeError {
        ServeError::Mismatch {
            path: self.path.clone(),
            why: format!("column `{}` is not {want}", self.names.get(col).map_or("?", |s| s)),
        }
    }
}

/// Dense values and definition levels to one `Option` per row (a required column has no levels).
fn spread<T>(values: Vec<T>, defs: &[i16], max_def: i16, rows: usize) -> Vec<Option<T>> {
    if max_def == 0 || defs.is_empty() {
        return values.into_iter().map(Some).collect();
    }
    let mut it = values.into_iter();
    let mut out = Vec::with_capacity(rows);
    for &d in defs {
        out.push(if d == max_def { it.next() } else { None });
    }
    out
}
