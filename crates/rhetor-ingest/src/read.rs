//! Reading sources: walking folders in sorted order, joining manifest metadata (entries, metadata
//! tables, front matter), checking and decoding bytes, splitting record files into records, cleaning
//! in parallel, and building documents in parallel.

use crate::clean::{self, Profile, Stage};
use crate::decode::{DecodeError, decode};
use crate::formats::{Format, front_matter, read_records, records};
use crate::log::Log;
use crate::manifest::{MANIFEST, Manifest, SourceEntry, strip_extension};
use crate::mapped::Mapped;
use crate::{IngestError, IngestOptions, Warning, display_path};
use rayon::prelude::*;
use rhetor_doc::{Abbreviations, Corpus, Document, Metadata, SegmentOptions, Source, Vocabulary};
use rhetor_doc::{InputFile, LogEntry};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many leading bytes are checked for a NUL when telling binary files from text.
const BINARY_PROBE: usize = 8192;

/// What ingest produced.
#[derive(Debug)]
pub struct Ingested {
    pub corpus: Corpus,
    /// Every file read (documents, manifests, metadata tables), in order, with its SHA-256.
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    /// Every edit ingest made, file by file in input order.
    pub log: Vec<LogEntry>,
}

/// Cleaned texts, before tokenizing: what [`clean_paths`] returns and [`build`] turns into a corpus.
#[derive(Debug)]
pub struct Cleaned {
    pub docs: Vec<CleanDoc>,
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    pub log: Vec<LogEntry>,
}

/// One document's cleaned text, metadata and source.
#[derive(Debug)]
pub struct CleanDoc {
    pub id: String,
    pub meta: Metadata,
    pub text: Mapped,
    pub source: Arc<Source>,
    pub markdown: bool,
}

/// A file to read, with what the manifest says of it.
#[derive(Clone)]
pub(crate) struct Planned {
    path: PathBuf,
    pub(crate) shown: String,
    id: String,
    /// Metadata from the manifest: the `[[source]]` layer (fields of a metadata row, `set`).
    base_meta: Metadata,
    /// Metadata from the `[[document]]` entry, laid over everything else.
    doc_meta: Metadata,
    format: Format,
    source: Option<SourceEntry>,
}

/// Ingest files and folders: [`clean_paths`], then [`build`].
pub fn ingest(paths: &[PathBuf], options: &IngestOptions) -> Result<Ingested, IngestError> {
    build(clean_paths(paths, options)?, options)
}

/// Read and clean files and folders. Folders are walked recursively in sorted order; a manifest
/// (`corpus.toml` in the folder, or `options.manifest`) supplies metadata and says how record files
/// are read. Files are decoded and cleaned in parallel; the print and web profiles then consult
/// evidence gathered from the whole corpus (attested hyphenated forms, word sequences across joins).
/// Documents repeating an earlier text are reported (and dropped when configured). All the corpus in
/// one batch of [`crate::clean_each`].
pub fn clean_paths(paths: &[PathBuf], options: &IngestOptions) -> Result<Cleaned, IngestError> {
    let mut docs = Vec::new();
    let rest = crate::clean_each(paths, options, usize::MAX, |d| docs.push(d))?;
    Ok(Cleaned { docs, inputs: rest.inputs, warnings: rest.warnings, log: rest.log })
}

/// Tokenize every document, in parallel a batch at a time.
pub fn build(cleaned: Cleaned, options: &IngestOptions) -> Result<Ingested, IngestError> {
    let Prepared { docs, inputs, warnings, log, segment } = prepare(cleaned, options);
    if rayon::current_num_threads() == 1 {
        let mut corpus =
            Corpus { documents: Vec::with_capacity(docs.len()), vocab: Vocabulary::with_capacity(1 << 15, 1 << 18) };
        for d in docs {
            let doc = build_into(d, &segment, &mut corpus.vocab);
            corpus.documents.push(doc);
        }
        return Ok(Ingested { corpus, inputs, warnings, log });
    }
    // A batch at a time, so that the documents' own vocabularies (their forms' strings, many times
    // the corpus vocabulary's all told) are held for one batch only.
    let batch = (rayon::current_num_threads() * 32).max(64);
    let mut corpus =
        Corpus { documents: Vec::with_capacity(docs.len()), vocab: Vocabulary::with_capacity(1 << 15, 1 << 18) };
    let mut docs = docs.into_iter();
    loop {
        let chunk: Vec<CleanDoc> = docs.by_ref().take(batch).collect();
        if chunk.is_empty() {
            break;
        }
        for (mut doc, local) in build_each(chunk, &segment) {
            rhetor_doc::adopt(&mut corpus.vocab, &mut doc, &local);
            corpus.documents.push(doc);
        }
    }
    Ok(Ingested { corpus, inputs, warnings, log })
}

/// What [`crate::stream_documents`] leaves once every document has been handed on.
#[derive(Debug)]
pub struct Streamed {
    /// The corpus vocabulary: every form of every document, ids in order of first occurrence.
    pub vocab: Vocabulary,
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    pub log: Vec<LogEntry>,
}

/// The documents left to tokenize, and how.
struct Prepared {
    docs: Vec<CleanDoc>,
    inputs: Vec<InputFile>,
    warnings: Vec<Warning>,
    log: Vec<LogEntry>,
    /// Segmentation options for plain texts and for Markdown.
    segment: [SegmentOptions; 2],
}

/// The segmentation options for plain texts and for Markdown.
fn prepare(cleaned: Cleaned, options: &IngestOptions) -> Prepared {
    let Cleaned { docs, inputs, warnings, log } = cleaned;
    Prepared { docs, inputs, warnings, log, segment: segment_options(options) }
}

pub(crate) fn segment_options(options: &IngestOptions) -> [SegmentOptions; 2] {
    let abbreviations = Abbreviations::with_extra(&options.extra_abbreviations);
    let plain = SegmentOptions { abbreviations, markdown: false };
    let markdown = SegmentOptions { markdown: true, ..plain.clone() };
    [plain, markdown]
}

/// Tokenize and segment one cleaned document straight into the corpus vocabulary: on one thread,
/// documents taken in corpus order get the ids that [`build_one`] and [`rhetor_doc::adopt`] give,
/// without a per-document vocabulary to merge and tokens to re-point.
pub(crate) fn build_into(d: CleanDoc, segment: &[SegmentOptions; 2], vocab: &mut Vocabulary) -> Document {
    let (text, offsets) = d.text.into_parts();
    let opts = &segment[usize::from(d.markdown)];
    Document::build(d.id, d.meta, text, d.source, offsets, opts, vocab)
}

/// Tokenize and segment documents in parallel, each with a vocabulary of its own; in their order.
/// The longest go first and each is a task of its own, so that no thread is left with a long one
/// at the end while the others wait.
pub(crate) fn build_each(docs: Vec<CleanDoc>, segment: &[SegmentOptions; 2]) -> Vec<(Document, Vocabulary)> {
    let mut docs: Vec<(usize, CleanDoc)> = docs.into_iter().enumerate().collect();
    docs.sort_by_key(|(k, d)| (std::cmp::Reverse(d.text.len()), *k));
    let mut built: Vec<(usize, (Document, Vocabulary))> =
        docs.into_par_iter().with_max_len(1).map(|(k, d)| (k, build_one(d, segment))).collect();
    built.sort_unstable_by_key(|(k, _)| *k);
    built.into_iter().map(|(_, b)| b).collect()
}

/// Tokenize and segment one cleaned document with a vocabulary of its own.
pub(crate) fn build_one(d: CleanDoc, segment: &[SegmentOptions; 2]) -> (Document, Vocabulary) {
    let (text, offsets) = d.text.into_parts();
    // About one new form per 20 bytes in a speech; capped for huge files.
    let forms = (text.len() / 20).min(1 << 16);
    let mut vocab = Vocabulary::with_capacity(forms, forms * 8);
    let opts = &segment[usize::from(d.markdown)];
    let doc = Document::build(d.id, d.meta, text, d.source, offsets, opts, &mut vocab);
    (doc, vocab)
}

/// `top` laid over `base`: its fields win where set.
fn overlay(base: &mut Metadata, top: &Metadata) {
    for (slot, v) in [
        (&mut base.title, &top.title),
        (&mut base.date, &top.date),
        (&mut base.outlet, &top.outlet),
        (&mut base.speaker, &top.speaker),
        (&mut base.kind, &top.kind),
    ] {
        if v.is_some() {
            slot.clone_from(v);
        }
    }
    base.extra.extend(top.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
}

pub(crate) fn plan_root(
    root: &Path,
    options: &IngestOptions,
    planned: &mut Vec<Planned>,
    inputs: &mut Vec<InputFile>,
    warnings: &mut Vec<Warning>,
) -> Result<(), IngestError> {
    let shown_root = display_path(root);
    let meta = std::fs::metadata(root).map_err(|_| IngestError::Missing { path: shown_root.clone() })?;
    let is_dir = meta.is_dir();
    let base = if is_dir {
        root.to_path_buf()
    } else {
        root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf()
    };
    let manifest = load_manifest(&base, options, inputs)?;
    let mut files = Vec::new();
    if is_dir {
        let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let mut walked =
            Walk { root, inside: &inside, options, manifest: manifest.as_ref(), warnings, passed: BTreeMap::new() };
        walked.walk(root, &mut files)?;
        if files.is_empty() {
            let extensions = options.extensions.join(", .");
            return Err(IngestError::NoTextFiles { path: shown_root, extensions, found: walked.found() });
        }
    } else {
        files.push(root.to_path_buf());
    }
    let mut tables: FxHashMap<String, MetadataTable> = FxHashMap::default();
    let mut unmatched: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for path in files {
        let rel = display_path(path.strip_prefix(&base).unwrap_or(&path));
        let entry = manifest.as_ref().and_then(|m| m.entry(&rel));
        let source = manifest.as_ref().and_then(|m| m.source(&rel)).cloned();
        let file_id = source.as_ref().map_or_else(|| strip_extension(&rel), |s| s.file_id(&rel));
        let format = source
            .as_ref()
            .and_then(|s| s.format.as_deref())
            .and_then(Format::parse)
            .unwrap_or_else(|| Format::of_path(&path));
        let mut base_meta = Metadata::default();
        if let Some(s) = &source {
            let row = match &s.metadata {
                Some(table) => {
                    if !tables.contains_key(table) {
                        let t = MetadataTable::load(&base.join(table), s, inputs)?;
                        tables.insert(table.clone(), t);
                    }
                    let row = tables.get(table).and_then(|t| t.rows.get(&file_id));
                    if row.is_none() {
                        unmatched.entry(table.clone()).or_default().push(file_id.clone());
                    }
                    row.cloned()
                }
                None => None,
            };
            base_meta = row.unwrap_or_else(|| records::metadata(std::iter::empty(), s));
        }
        planned.push(Planned {
            id: entry.and_then(|e| e.id.clone()).unwrap_or(file_id),
            base_meta,
            doc_meta: entry.map(|e| e.metadata()).unwrap_or_default(),
            format,
            source,
            shown: display_path(&path),
            path,
        });
    }
    let mut unmatched: Vec<_> = unmatched.into_iter().collect();
    unmatched.sort();
    for (table, ids) in unmatched {
        warnings.push(Warning::NoMetadataRow { table: display_path(&base.join(table)), ids });
    }
    Ok(())
}

/// A `[[source]]` metadata table: one row of metadata per file id.
struct MetadataTable {
    rows: FxHashMap<String, Metadata>,
}

impl MetadataTable {
    fn load(path: &Path, entry: &SourceEntry, inputs: &mut Vec<InputFile>) -> Result<MetadataTable, IngestError> {
        let shown = display_path(path);
        let bytes = std::fs::read(path).map_err(|e| IngestError::Io { path: shown.clone(), source: e })?;
        inputs.push(InputFile { path: shown.clone(), sha256: sha256_hex(&bytes), bytes: bytes.len() as u64 });
        let info = Arc::new(Source::new(shown.clone(), &bytes, String::new()));
        let bytes = Arc::new(bytes);
        let mut log = Log::for_source(info.clone(), bytes.clone());
        let (m, _) = decode(&bytes, false, &mut log).map_err(|e| decode_error(&shown, e))?;
        let format = match Format::of_path(path) {
            Format::Tsv => Format::Tsv,
            Format::Json => Format::Json,
            Format::Jsonl => Format::Jsonl,
            _ => Format::Csv,
        };
        let recs =
            read_records(format, &m.text).map_err(|(at, message)| format_error(&shown, &info, &m, at, message))?;
        let key = entry.key.clone().unwrap_or_default();
        let mut rows = FxHashMap::default();
        for r in &recs {
            let Some(k) = r.get(&key).and_then(|c| c.text(&m.text)) else {
                let msg = format!("record {} has no key column `{key}`", r.number);
                return Err(format_error(&shown, &info, &m, r.span.0, msg));
            };
            let fields = r.fields.iter().filter(|(n, _)| *n != key).map(|(n, c)| (n.as_str(), c.text(&m.text), false));
            rows.insert(k, records::metadata(fields, entry));
        }
        Ok(MetadataTable { rows })
    }
}

fn load_manifest(
    dir: &Path,
    options: &IngestOptions,
    inputs: &mut Vec<InputFile>,
) -> Result<Option<Manifest>, IngestError> {
    let loaded = match &options.manifest {
        Some(path) => Some(Manifest::load_file(path, dir)?),
        None => Manifest::load(dir)?,
    };
    let Some((manifest, file)) = loaded else { return Ok(None) };
    if !inputs.iter().any(|i| i.path == file.path) {
        inputs.push(InputFile {
            path: file.path.clone(),
            sha256: sha256_hex(file.text.as_bytes()),
            bytes: file.text.len() as u64,
        });
    }
    Ok(Some(manifest))
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Files under `dir` to read, recursively, sorted by path; hidden entries and the manifest skipped.
/// With a manifest that has `[[source]]` entries, the files they cover (metadata tables excepted) and
/// the files its `[[document]]` entries list; otherwise the files with a configured extension.
/// What a folder walk needs: the folder given, its canonical path (for symlinks), the options and
/// manifest, and the warnings for what it skips.
struct Walk<'a> {
    root: &'a Path,
    inside: &'a Path,
    options: &'a IngestOptions,
    manifest: Option<&'a Manifest>,
    warnings: &'a mut Vec<Warning>,
    /// Files passed over for their extension, by extension: said when nothing else was found.
    passed: BTreeMap<String, usize>,
}

impl Walk<'_> {
    /// What a folder with no text file holds instead, and how to read record files.
    fn found(&self) -> String {
        if self.passed.is_empty() {
            return String::new();
        }
        let each: Vec<String> = self
            .passed
            .iter()
            .map(|(x, n)| if x.starts_with('(') { format!("{n} {x}") } else { format!("{n} .{x}") })
            .collect();
        let records = self.passed.keys().any(|x| matches!(x.as_str(), "json" | "jsonl" | "csv" | "tsv"));
        let hint = if records {
            "; record files are read when given on the command line, or named by a [[source]] in a \
             corpus.toml or --manifest (see config/sources/)"
        } else {
            "; [ingest] extensions names others to read"
        };
        format!("; the folder holds {}{hint}", each.join(", "))
    }

    /// Collect the files to read under `dir`, in sorted order. Hidden entries and the manifest are
    /// passed over. Only regular files are read: a FIFO, socket or device is skipped with a warning
    /// (reading a FIFO would wait forever), and so is a symbolic link that is broken, points to a
    /// folder (no cycles) or leads out of the folder given: a corpus folder never reads a file
    /// outside itself. A link to a file inside the folder is read.
    fn walk(&mut self, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), IngestError> {
        let io = |e| IngestError::Io { path: display_path(dir), source: e };
        let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(io)?.collect::<Result<_, _>>().map_err(io)?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == MANIFEST {
                continue;
            }
            let path = e.path();
            let kind = e.file_type().map_err(io)?;
            if kind.is_dir() {
                self.walk(&path, out)?;
                continue;
            }
            let rel = display_path(path.strip_prefix(self.root).unwrap_or(&path));
            let wanted = match self.manifest.filter(|m| !m.sources.is_empty()) {
                Some(m) => {
                    let table = m.sources.iter().any(|s| s.metadata.as_deref() == Some(rel.as_str()));
                    (m.source(&rel).is_some() && !table) || m.entry(&rel).is_some()
                }
                None => self.options.extensions.iter().any(|x| has_extension(&path, x)),
            };
            if !wanted {
                let ext = path.extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
                *self.passed.entry(if ext.is_empty() { "(no extension)".into() } else { ext }).or_default() += 1;
                continue;
            }
            let skip = if kind.is_symlink() {
                match (std::fs::metadata(&path), std::fs::canonicalize(&path)) {
                    (Ok(m), Ok(target)) if m.is_file() && target.starts_with(self.inside) => None,
                    (Ok(m), Ok(target)) if m.is_file() => Some(format!(
                        "symbolic link to {}, outside the folder read, skipped (give the file itself to read it)",
                        display_path(&target)
                    )),
                    (Ok(m), _) if m.is_dir() => Some("symbolic link to a folder, skipped".to_string()),
                    (Ok(_), _) => Some("symbolic link to something that is not a regular file, skipped".to_string()),
                    (Err(e), _) => Some(format!("broken symbolic link ({}), skipped", crate::os_message(&e))),
                }
            } else if !kind.is_file() {
                Some(format!("not a regular file ({}), skipped", file_kind(&kind)))
            } else {
                None
            };
            match skip {
                Some(reason) => self.warnings.push(Warning::Skipped { path: display_path(&path), reason }),
                None => out.push(path),
            }
        }
        Ok(())
    }
}

/// What a directory entry that is neither a file, a folder nor a link is.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = kind;
    "not a file"
}

/// A file read and decoded, its units (one for a text file, one per record with text) cleaned as
/// far as they can be without corpus evidence.
#[derive(Debug)]
pub(crate) struct File {
    pub(crate) source: Arc<Source>,
    pub(crate) input: InputFile,
    /// Edits to the file as a whole (decoding, record structure).
    pub(crate) log: Log,
    pub(crate) units: Vec<Unit>,
    pub(crate) warnings: Vec<Warning>,
}

/// One text on its way to becoming one or more documents.
#[derive(Debug)]
pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) meta: Metadata,
    pub(crate) markdown: bool,
    pub(crate) profile: Profile,
    pub(crate) log: Log,
    pub(crate) stage: Stage,
}

pub(crate) enum Read {
    File(Box<File>),
    Skipped(Warning),
}

/// A file is binary when its first bytes hold more than 1% NUL bytes or any of the bytes 0x01–0x08
/// together with a NUL (UTF-16 files are told apart by their byte order mark first).
fn looks_binary(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    let first = probe.iter().position(|&b| b == 0)?;
    let nuls = probe.iter().filter(|&&b| b == 0).count();
    let odd = probe.iter().any(|&b| (1..=8).contains(&b));
    (nuls * 100 > probe.len() || odd).then_some(first)
}

fn decode_error(path: &str, e: DecodeError) -> IngestError {
    match e {
        DecodeError::InvalidUtf8 { offset, line } => IngestError::InvalidUtf8 { path: path.into(), offset, line },
        DecodeError::OddUtf16 { offset } => IngestError::InvalidUtf8 { path: path.into(), offset, line: 0 },
    }
}

/// A syntax error in a record file or front matter, at decoded offset `at`, named by source line.
fn format_error(path: &str, info: &Source, m: &Mapped, at: usize, message: String) -> IngestError {
    let src = m.src_span(at, (at + 1).min(m.len())).0;
    let (line, column) = info.line_column(src);
    IngestError::Format { path: path.into(), line, column, message }
}

/// Whether a text's first bytes have a NUL at every other place and nowhere else: UTF-16 of mostly
/// ASCII text, without a byte order mark.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    half >= 2 && ((zeros(1) * 4 >= half * 3 && zeros(0) == 0) || (zeros(0) * 4 >= half * 3 && zeros(1) == 0))
}

pub(crate) fn read_one(p: Planned, options: &IngestOptions) -> Result<Read, IngestError> {
    let io = |e| IngestError::Io { path: p.shown.clone(), source: e };
    let len = std::fs::metadata(&p.path).map_err(io)?.len();
    if len > u64::from(u32::MAX) {
        return Err(IngestError::TooLarge { path: p.shown, bytes: len });
    }
    let bytes = std::fs::read(&p.path).map_err(io)?;
    if let Some(offset) = looks_binary(&bytes) {
        let utf16 = looks_utf16(&bytes);
        return Ok(Read::Skipped(Warning::Binary { path: p.shown, offset: offset as u64, utf16 }));
    }
    let sha256 = sha256_hex(&bytes);
    let source = Arc::new(Source::new(p.shown.clone(), &bytes, sha256.clone()));
    let input = InputFile { path: p.shown.clone(), sha256, bytes: len };
    let bytes = Arc::new(bytes);
    let mut log = Log::for_source(source.clone(), bytes.clone());
    let (mut mapped, _encoding) = decode(&bytes, options.lossy, &mut log).map_err(|e| decode_error(&p.shown, e))?;
    // Decoding can make a text longer than its file (UTF-16, replacement characters): offsets are
    // 32-bit, so the decoded text must fit too.
    if mapped.text.len() > u32::MAX as usize {
        return Err(IngestError::TooLarge { path: p.shown, bytes: mapped.text.len() as u64 });
    }
    drop(bytes);
    let profile_of = |meta: &Metadata, text: &str| {
        // The configured profile, else the source's, else `auto`.
        let source = p.source.as_ref().and_then(|s| s.profile).unwrap_or(Profile::Auto);
        let chosen = if options.profile == Profile::Auto { source } else { options.profile };
        chosen.resolve(meta.kind.as_deref(), text)
    };
    let mut units = Vec::new();
    let mut warnings = Vec::new();
    if p.format.is_records() {
        let entry = p.source.clone().unwrap_or_default();
        let got = records::documents(p.format, &mapped, &entry, &mut log)
            .map_err(|(at, message)| format_error(&p.shown, &source, &mapped, at, message))?;
        if !got.without_text.is_empty() {
            warnings.push(Warning::NoText {
                path: p.shown.clone(),
                field: entry.field("text").to_string(),
                records: got.without_text.clone(),
                total: got.total,
            });
        }
        if !got.filtered.is_empty() {
            let filters = got.filtered.iter().map(|(f, n)| (f.clone(), *n)).collect();
            warnings.push(Warning::Filtered { path: p.shown.clone(), filters, total: got.total });
        }
        let width = got.total.to_string().len();
        for d in got.docs {
            let mut meta = p.base_meta.clone();
            overlay(&mut meta, &d.meta);
            overlay(&mut meta, &p.doc_meta);
            meta.extra.insert("record".into(), d.number.to_string());
            let id = d.id.unwrap_or_else(|| format!("{}/{:0width$}", p.id, d.number));
            let profile = profile_of(&meta, &d.text.text);
            let mut ulog = log.fork();
            let stage = clean::prepare(d.text, profile, &options.passes, &mut ulog);
            units.push(Unit { id, meta, markdown: false, profile, log: ulog, stage });
        }
    } else {
        let mut meta = p.base_meta.clone();
        let markdown = p.format == Format::Markdown;
        if markdown {
            match front_matter::read(&mapped.text) {
                Ok(Some(fm)) => {
                    let (a, b) = mapped.src_span(0, fm.len);
                    let names: Vec<&str> = fm.fields.keys().map(String::as_str).collect();
                    log.metadata("front-matter", "Markdown front matter", a, b, &names.join(", "));
                    let mut top = Metadata::default();
                    for (k, v) in fm.fields {
                        records::set_field(&mut top, &k, v, false);
                    }
                    overlay(&mut meta, &top);
                    mapped = mapped.slice(fm.len, mapped.len());
                }
                Ok(None) => {}
                Err((at, message)) => return Err(format_error(&p.shown, &source, &mapped, at, message)),
            }
        }
        overlay(&mut meta, &p.doc_meta);
        let profile = profile_of(&meta, &mapped.text);
        let mut ulog = log.fork();
        let stage = clean::prepare(mapped, profile, &options.passes, &mut ulog);
        units.push(Unit { id: p.id, meta, markdown, profile, log: ulog, stage });
    }
    Ok(Read::File(Box::new(File { source, input, log, units, warnings })))
}

/// SHA-256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    s
}
