//! The data behind a document: its cleaned text and offset map (`texts.parquet`, read at start),
//! its evidence (`evidence.parquet`, the row groups that hold it, read on demand and a few kept),
//! the cleaning edits of its source range (`ingest-log.parquet`, read at the first request), and its
//! source file (read on demand, only a path the results record, only if its SHA-256 still matches).

use crate::columns::ParquetFile;
use crate::error::ServeError;
use rhetor_doc::Segment;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// One evidence item of a document.
#[derive(Debug, Clone)]
pub struct Item {
    pub analyzer: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub path: String,
    pub source_start: i64,
    pub source_end: i64,
    pub line: i64,
    pub column: i64,
}

impl Item {
    /// The label's category: the text before its first `:`; else `positive` or `negative` for a
    /// label ending in a signed score (`security +1.400`); else the label.
    pub fn category(&self) -> &str {
        if let Some((head, _)) = self.label.split_once(':') {
            return head.trim();
        }
        match self.label.rsplit(' ').next() {
            Some(s) if s.starts_with('+') && s[1..].parse::<f64>().is_ok() => "positive",
            Some(s) if s.starts_with('-') && s[1..].parse::<f64>().is_ok() => "negative",
            _ => &self.label,
        }
    }
}

/// An edit ingest made (a row of `ingest-log.parquet`).
#[derive(Debug, Clone)]
pub struct Edit {
    pub path: String,
    pub pass: String,
    pub action: String,
    pub reason: String,
    pub start: i64,
    pub end: i64,
    pub line: i64,
    pub before: String,
    pub after: String,
}

/// A source file as read, checked against its recorded SHA-256.
#[derive(Debug)]
pub struct SourceFile {
    pub bytes: Vec<u8>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// 1-based line and byte column of `offset`.
    pub fn line_column(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        (line as u32, offset - self.line_starts[line - 1] + 1)
    }

    /// The byte range of lines `first..=last` (1-based, clamped).
    pub fn lines(&self, first: u32, last: u32) -> (usize, usize) {
        let n = self.line_starts.len() as u32;
        let a = self.line_starts[(first.clamp(1, n) - 1) as usize] as usize;
        let b = if last >= n { self.bytes.len() } else { self.line_starts[last as usize] as usize };
        (a, b.max(a))
    }
}

/// The texts, evidence, edits and sources of a results folder.
pub struct Store {
    pub texts: Vec<String>,
    offsets: Vec<String>,
    evidence: ParquetFile,
    /// Each document's evidence rows: (row group, first row, rows); a document's rows are
    /// consecutive and in one row group.
    evidence_rows: Vec<(usize, usize, usize)>,
    dir: PathBuf,
    edits: OnceLock<Result<Vec<Edit>, String>>,
    /// Where relative source paths are found (the folder `rhetor analyze` ran in).
    root: PathBuf,
    recorded: HashMap<String, String>,
    /// Source files read, and those that could not be (why), so that neither is read again.
    sources: Mutex<HashMap<String, Result<Arc<SourceFile>, String>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("texts", &self.texts.len()).finish_non_exhaustive()
    }
}

/// Source files kept read.
const CACHED_SOURCES: usize = 64;

impl Store {
    /// Open the folder's files; `ids` are `results.json`'s documents in order, which
    /// `texts.parquet` and `documents.parquet` must match, `evidence_counts` their evidence items; `recorded` maps each source path the results name to its SHA-256.
    pub fn open(
        dir: &Path,
        ids: &[&str],
        evidence_counts: &[u64],
        root: PathBuf,
        recorded: HashMap<String, String>,
    ) -> Result<Store, ServeError> {
        let texts_file = ParquetFile::open(dir, "texts.parquet")?;
        let (id_col, text_col, off_col) =
            (texts_file.column("id")?, texts_file.column("text")?, texts_file.column("offsets")?);
        let (mut texts, mut offsets) = (Vec::new(), Vec::new());
        let mut seen = 0;
        for rg in 0..texts_file.row_groups() {
            let got = texts_file.strings(rg, id_col)?;
            for id in got {
                let want = ids.get(seen).copied();
                if id.as_deref() != want {
                    return Err(ServeError::Mismatch {
                        path: texts_file.path.clone(),
                        why: format!(
                            "row {seen} is document `{}` where results.json has `{}`: the files come from different runs",
                            id.unwrap_or_default(),
                            want.unwrap_or("(none)")
                        ),
                    });
                }
                seen += 1;
            }
            texts.extend(texts_file.strings(rg, text_col)?.into_iter().map(Option::unwrap_or_default));
            offsets.extend(texts_file.strings(rg, off_col)?.into_iter().map(Option::unwrap_or_default));
        }
        if seen != ids.len() {
            return Err(ServeError::Mismatch {
                path: texts_file.path.clone(),
                why: format!("has {seen} documents where results.json has {}", ids.len()),
            });
        }
        let evidence = ParquetFile::open(dir, "evidence.parquet")?;
        let evidence_rows = rows_by_document(&evidence, ids.len())?;
        // Each document's rows as many as results.json counts.
        let differs =
            (0..ids.len()).find(|&d| evidence_rows[d].2 as u64 != evidence_counts.get(d).copied().unwrap_or(0));
        if let Some(d) = differs {
            return Err(ServeError::Mismatch {
                path: evidence.path.clone(),
                why: format!(
                    "has {} items of document `{}` where results.json counts {}: the files come from different runs",
                    evidence_rows[d].2,
                    ids[d],
                    evidence_counts.get(d).copied().unwrap_or(0)
                ),
            });
        }
        for name in ["metrics.parquet", "ingest-log.parquet"] {
            ParquetFile::open(dir, name)?;
        }
        // documents.parquet: the same documents in the same order.
        let f = ParquetFile::open(dir, "documents.parquet")?;
        let col = f.column("id")?;
        let mut listed = Vec::with_capacity(ids.len());
        for rg in 0..f.row_groups() {
            listed.extend(f.strings(rg, col)?.into_iter().map(Option::unwrap_or_default));
        }
        if let Some(k) =
            (0..listed.len().max(ids.len())).find(|&k| listed.get(k).map(String::as_str) != ids.get(k).copied())
        {
            return Err(ServeError::Mismatch {
                path: f.path.clone(),
                why: format!(
                    "row {k} is document `{}` where results.json has `{}`: the files come from different runs",
                    listed.get(k).map_or("(none)", String::as_str),
                    ids.get(k).copied().unwrap_or("(none)")
                ),
            });
        }
        Ok(Store {
            texts,
            offsets,
            evidence,
            evidence_rows,
            dir: dir.to_path_buf(),
            edits: OnceLock::new(),
            root,
            recorded,
            sources: Mutex::new(HashMap::new()),
        })
    }

    /// Document `doc`'s offset map (empty if its JSON cannot be read).
    pub fn segments(&self, doc: usize) -> Vec<Segment> {
        let raw: Vec<[u32; 5]> = self.offsets.get(doc).and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
        raw.into_iter()
            .map(|[ds, de, ss, se, copy]| Segment {
                doc_start: ds,
                doc_len: de.saturating_sub(ds),
                src_start: ss,
                src_len: se.saturating_sub(ss),
                copy: copy == 1,
            })
            .collect()
    }

    /// Every evidence item of document `doc`, in file order: its rows only are decoded.
    pub fn evidence(&self, doc: usize) -> Result<Vec<Item>, ServeError> {
        let Some(&(rg, skip, n)) = self.evidence_rows.get(doc) else { return Ok(Vec::new()) };
        if n == 0 {
            return Ok(Vec::new());
        }
        let f = &self.evidence;
        let ints = |name: &str| f.i64_rows(rg, f.column(name)?, skip, n);
        let strs = |name: &str| f.string_rows(rg, f.column(name)?, skip, n);
        let (analyzer, label, path) = (strs("analyzer")?, strs("label")?, strs("path")?);
        let (ds, de) = (ints("doc_start")?, ints("doc_end")?);
        let (ss, se) = (ints("source_start")?, ints("source_end")?);
        let (line, column) = (ints("line")?, ints("column")?);
        let num = |v: &Vec<Option<i64>>, i: usize| v.get(i).copied().flatten().unwrap_or(0);
        let text = |v: &Vec<Option<String>>, i: usize| v.get(i).cloned().flatten().unwrap_or_default();
        Ok((0..n)
            .map(|i| Item {
                analyzer: text(&analyzer, i),
                label: text(&label, i),
                start: usize::try_from(num(&ds, i)).unwrap_or(0),
                end: usize::try_from(num(&de, i)).unwrap_or(0),
                path: text(&path, i),
                source_start: num(&ss, i),
                source_end: num(&se, i),
                line: num(&line, i),
                column: num(&column, i),
            })
            .collect())
    }

    /// The edits ingest made in `path` between source bytes `start` and `end`.
    pub fn edits(&self, path: &str, start: i64, end: i64) -> Result<Vec<Edit>, String> {
        let all = self.edits.get_or_init(|| read_edits(&self.dir).map_err(|e| e.to_string()));
        let all = all.as_ref().map_err(Clone::clone)?;
        Ok(all.iter().filter(|e| e.path == path && e.end > start && e.start < end).cloned().collect())
    }

    /// A source file the results record, read and checked; an error says why it cannot be shown.
    pub fn source(&self, path: &str) -> Result<Arc<SourceFile>, String> {
        let Some(sha) = self.recorded.get(path) else {
            return Err(format!("{path} is not a file these results record"));
        };
        if let Some(f) = self.sources.lock().ok().and_then(|c| c.get(path).cloned()) {
            return f;
        }
        let read = self.read_source(path, sha);
        if let Ok(mut c) = self.sources.lock() {
            if c.len() >= CACHED_SOURCES {
                c.clear();
            }
            c.insert(path.to_string(), read.clone());
        }
        read
    }

    fn read_source(&self, path: &str, sha: &str) -> Result<Arc<SourceFile>, String> {
        let full = if Path::new(path).is_absolute() { PathBuf::from(path) } else { self.root.join(path) };
        let meta = std::fs::symlink_metadata(&full).map_err(|e| format!("{}: {e}", full.display()))?;
        if !meta.file_type().is_file() {
            return Err(format!("{}: not a regular file (links are not followed)", full.display()));
        }
        let bytes = std::fs::read(&full).map_err(|e| format!("{}: {e}", full.display()))?;
        let got: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        if got != sha {
            return Err(format!("{}: changed since the analysis (SHA-256 differs)", full.display()));
        }
        let mut line_starts = vec![0u32];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i as u32 + 1);
            }
        }
        Ok(Arc::new(SourceFile { bytes, line_starts }))
    }
}

/// Where each document's evidence rows are: the `document_index` column of every row group read
/// once (integers only), each document's first row and count noted.
fn rows_by_document(f: &ParquetFile, docs: usize) -> Result<Vec<(usize, usize, usize)>, ServeError> {
    let col = f.column("document_index")?;
    let mut rows = vec![(0, 0, 0); docs];
    for rg in 0..f.row_groups() {
        let index = f.i64s(rg, col)?;
        let mut k = 0;
        while k < index.len() {
            let d = index[k].unwrap_or(-1);
            let start = k;
            while k < index.len() && index[k].unwrap_or(-1) == d {
                k += 1;
            }
            if d >= docs as i64 {
                return Err(ServeError::Mismatch {
                    path: f.path.clone(),
                    why: format!(
                        "has rows of document {d} where results.json has {docs} documents: the files come from \
                         different runs"
                    ),
                });
            }
            if let Some(slot) = usize::try_from(d).ok().and_then(|d| rows.get_mut(d)) {
                if slot.2 > 0 {
                    return Err(ServeError::Mismatch {
                        path: f.path.clone(),
                        why: format!("document {d}'s rows are not together (not written by rhetor analyze?)"),
                    });
                }
                *slot = (rg, start, k - start);
            }
        }
    }
    Ok(rows)
}

fn read_edits(dir: &Path) -> Result<Vec<Edit>, ServeError> {
    let f = ParquetFile::open(dir, "ingest-log.parquet")?;
    let mut out = Vec::new();
    for rg in 0..f.row_groups() {
        let s = |n: &str| -> Result<Vec<String>, ServeError> {
            Ok(f.strings(rg, f.column(n)?)?.into_iter().map(Option::unwrap_or_default).collect())
        };
        let i = |n: &str| -> Result<Vec<i64>, ServeError> {
            Ok(f.i64s(rg, f.column(n)?)?.into_iter().map(Option::unwrap_or_default).collect())
        };
        let (path, pass, action, reason) = (s("path")?, s("pass")?, s("action")?, s("reason")?);
        let (start, end, line) = (i("start")?, i("end")?, i("line")?);
        let (before, after) = (s("before")?, s("after")?);
        let s = |v: &Vec<String>, k: usize| v.get(k).cloned().unwrap_or_default();
        let i = |v: &Vec<i64>, k: usize| v.get(k).copied().unwrap_or_default();
        for k in 0..path.len() {
            out.push(Edit {
                path: s(&path, k),
                pass: s(&pass, k),
                action: s(&action, k),
                reason: s(&reason, k),
                start: i(&start, k),
                end: i(&end, k),
                line: i(&line, k),
                before: s(&before, k),
                after: s(&after, k),
            });
        }
    }
    Ok(out)
}
