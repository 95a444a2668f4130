//! Reading sources: walking folders in sorted order, joining manifest metadata (entries, metadata
//! tables, front matter), checking and decoding bytes, splitting record files into records, cleaning
//! in parallel, and building documents in parallel.

use crate::clean::words::{Evidence, Wanted};
use crate::clean::{self, Article, Profile, Stage};
use crate::decode::{DecodeError, decode};
use crate::formats::{Format, front_matter, read_records, records};
use crate::log::Log;
use crate::manifest::{MANIFEST, Manifest, SourceEntry};
use crate::mapped::Mapped;
use crate::{IngestError, IngestOptions, Warning, display_path};
use rayon::prelude::*;
use rhetor_doc::{Abbreviations, Corpus, Document, Metadata, SegmentOptions, Source, Vocabulary};
use rhetor_engine::{InputFile, LogEntry};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
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
struct Planned {
    path: PathBuf,
    shown: String,
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
pub fn clean_paths(paths: &[PathBuf], options: &IngestOptions) -> Result<Cleaned, IngestError> {
    let mut planned = Vec::new();
    let mut inputs = Vec::new();
    let mut warnings = Vec::new();
    for root in paths {
        plan_root(root, options, &mut planned, &mut inputs, &mut warnings)?;
    }
    let read: Vec<Result<Read, IngestError>> = planned.into_par_iter().map(|p| read_one(p, options)).collect();
    let mut files = Vec::new();
    for r in read {
        match r? {
            Read::File(f) => files.push(*f),
            Read::Skipped(w) => warnings.push(w),
        }
    }
    for f in &files {
        if let Some(w) = &f.warning {
            warnings.push(w.clone());
        }
    }
    if files.iter().all(|f| f.units.is_empty()) {
        let shown = paths.iter().map(|p| display_path(p)).collect::<Vec<_>>().join(", ");
        return Err(IngestError::NoTextFiles { path: shown, extensions: options.extensions.join(", .") });
    }
    let units = || files.iter().flat_map(|f| &f.units);
    let evidence = if units().any(|u| u.stage.needs_evidence()) {
        let mut wanted =
            Wanted { skip_lower_words: !units().any(|u| matches!(u.stage, Stage::Web(_))), ..Wanted::default() };
        for u in units() {
            if let Stage::Print(p) = &u.stage {
                p.wanted(&mut wanted);
            }
        }
        let texts: Vec<&str> = units().flat_map(|u| u.stage.texts()).collect();
        let hashed: Vec<_> = units().filter_map(|u| u.stage.hashed()).collect();
        Evidence::gather(texts.iter().copied(), hashed.iter().copied(), &wanted)
    } else {
        Evidence::default()
    };
    let mut jobs = Vec::new();
    let mut log = Vec::new();
    for mut f in files {
        inputs.push(f.input.clone());
        log.append(&mut f.log.entries);
        let finished: Vec<(Unit, Vec<Article>)> = std::mem::take(&mut f.units)
            .into_par_iter()
            .map(|mut u| {
                let stage = std::mem::replace(&mut u.stage, Stage::Done(Vec::new()));
                let arts = clean::finish(stage, &evidence, &options.names, &options.passes, &mut u.log);
                (u, arts)
            })
            .collect();
        for (mut u, arts) in finished {
            log.append(&mut u.log.entries);
            let many = arts.len() > 1;
            for (k, a) in arts.into_iter().enumerate() {
                let mut meta = u.meta.clone();
                if meta.title.is_none() || many {
                    if let Some(t) = &a.title {
                        if many {
                            meta.extra
                                .entry("source_title".into())
                                .or_insert_with(|| meta.title.clone().unwrap_or_default());
                        }
                        meta.title = Some(t.clone());
                    }
                }
                for (key, v) in a.extra {
                    meta.extra.entry(key).or_insert(v);
                }
                meta.extra.entry("profile".into()).or_insert_with(|| u.profile.name().to_string());
                let id = if many { format!("{}/{:02}", u.id, k + 1) } else { u.id.clone() };
                jobs.push(CleanDoc { id, meta, text: a.text, source: f.source.clone(), markdown: u.markdown });
            }
        }
    }
    let mut ids: FxHashMap<&str, &str> = FxHashMap::default();
    for j in &jobs {
        if let Some(first) = ids.insert(&j.id, &j.source.path) {
            return Err(IngestError::DuplicateId {
                id: j.id.clone(),
                first: first.into(),
                second: j.source.path.clone(),
            });
        }
    }
    Ok(Cleaned { docs: jobs, inputs, warnings, log })
}

/// Report exact duplicates (skipping them when configured), then tokenize every document in parallel.
pub fn build(cleaned: Cleaned, options: &IngestOptions) -> Result<Ingested, IngestError> {
    let Prepared { docs, inputs, warnings, log, segment } = prepare(cleaned, options);
    if rayon::current_num_threads() == 1 {
        let mut corpus = Corpus { documents: Vec::with_capacity(docs.len()), vocab: Vocabulary::new() };
        for d in docs {
            let doc = build_into(d, &segment, &mut corpus.vocab);
            corpus.documents.push(doc);
        }
        return Ok(Ingested { corpus, inputs, warnings, log });
    }
    let parts: Vec<(Document, Vocabulary)> = docs.into_par_iter().map(|d| build_one(d, &segment)).collect();
    Ok(Ingested { corpus: Corpus::assemble(parts), inputs, warnings, log })
}

/// What [`build_each`] leaves once every document has been handed on.
#[derive(Debug)]
pub struct Streamed {
    /// The corpus vocabulary: every form of every document, ids in order of first occurrence.
    pub vocab: Vocabulary,
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    pub log: Vec<LogEntry>,
}

/// Like [`build`], but documents are tokenized in parallel batches of `batch` and handed to `each`
/// one at a time in corpus order (their forms already in the corpus vocabulary passed beside them),
/// then dropped: memory holds the cleaned texts and one batch of document models, never the whole
/// corpus's tokens. Form ids are the ones [`build`] gives.
pub fn build_each(
    cleaned: Cleaned,
    options: &IngestOptions,
    batch: usize,
    mut each: impl FnMut(Document, &Vocabulary),
) -> Result<Streamed, IngestError> {
    let Prepared { docs, inputs, warnings, log, segment } = prepare(cleaned, options);
    let mut vocab = Vocabulary::new();
    if rayon::current_num_threads() == 1 {
        for d in docs {
            let doc = build_into(d, &segment, &mut vocab);
            each(doc, &vocab);
        }
        return Ok(Streamed { vocab, inputs, warnings, log });
    }
    let mut docs = docs.into_iter();
    loop {
        let chunk: Vec<CleanDoc> = docs.by_ref().take(batch.max(1)).collect();
        if chunk.is_empty() {
            break;
        }
        let parts: Vec<(Document, Vocabulary)> = chunk.into_par_iter().map(|d| build_one(d, &segment)).collect();
        for (mut doc, local) in parts {
            rhetor_doc::adopt(&mut vocab, &mut doc, &local);
            each(doc, &vocab);
        }
    }
    Ok(Streamed { vocab, inputs, warnings, log })
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

/// Report exact duplicates, dropping them when configured.
fn prepare(cleaned: Cleaned, options: &IngestOptions) -> Prepared {
    let Cleaned { docs, inputs, mut warnings, log } = cleaned;
    let abbreviations = Abbreviations::with_extra(&options.extra_abbreviations);
    let plain = SegmentOptions { abbreviations, markdown: false };
    let markdown = SegmentOptions { markdown: true, ..plain.clone() };
    let mut seen: FxHashMap<&str, &str> = FxHashMap::default();
    let mut dup = vec![false; docs.len()];
    for (i, d) in docs.iter().enumerate() {
        if let Some(first) = seen.get(d.text.text.as_str()) {
            warnings.push(Warning::Duplicate { id: d.id.clone(), first: (*first).to_string() });
            dup[i] = options.skip_duplicates;
        } else if !d.text.text.trim().is_empty() {
            seen.insert(d.text.text.as_str(), d.id.as_str());
        }
    }
    drop(seen);
    let docs: Vec<CleanDoc> = docs.into_iter().zip(dup).filter(|(_, d)| !d).map(|(j, _)| j).collect();
    Prepared { docs, inputs, warnings, log, segment: [plain, markdown] }
}

/// Tokenize and segment one cleaned document straight into the corpus vocabulary: on one thread,
/// documents taken in corpus order get the ids that [`build_one`] and [`rhetor_doc::adopt`] give,
/// without a per-document vocabulary to merge and tokens to re-point.
fn build_into(d: CleanDoc, segment: &[SegmentOptions; 2], vocab: &mut Vocabulary) -> Document {
    let (text, offsets) = d.text.into_parts();
    let opts = &segment[usize::from(d.markdown)];
    Document::build(d.id, d.meta, text, d.source, offsets, opts, vocab)
}

/// Tokenize and segment one cleaned document with a vocabulary of its own.
fn build_one(d: CleanDoc, segment: &[SegmentOptions; 2]) -> (Document, Vocabulary) {
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

fn plan_root(
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
        walk(root, root, options, manifest.as_ref(), &mut files)?;
        if files.is_empty() {
            return Err(IngestError::NoTextFiles { path: shown_root, extensions: options.extensions.join(", .") });
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

pub(crate) fn strip_extension(rel: &str) -> String {
    match rel.rfind('.') {
        Some(dot) if !rel[dot..].contains('/') && dot > 0 => rel[..dot].to_string(),
        _ => rel.to_string(),
    }
}

/// Files under `dir` to read, recursively, sorted by path; hidden entries and the manifest skipped.
/// With a manifest that has `[[source]]` entries, the files they cover (metadata tables excepted) and
/// the files its `[[document]]` entries list; otherwise the files with a configured extension.
fn walk(
    root: &Path,
    dir: &Path,
    options: &IngestOptions,
    manifest: Option<&Manifest>,
    out: &mut Vec<PathBuf>,
) -> Result<(), IngestError> {
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
            walk(root, &path, options, manifest, out)?;
            continue;
        }
        let rel = display_path(path.strip_prefix(root).unwrap_or(&path));
        let wanted = match manifest.filter(|m| !m.sources.is_empty()) {
            Some(m) => {
                let table = m.sources.iter().any(|s| s.metadata.as_deref() == Some(rel.as_str()));
                (m.source(&rel).is_some() && !table) || m.entry(&rel).is_some()
            }
            None => options.extensions.iter().any(|x| has_extension(&path, x)),
        };
        if wanted {
            out.push(path);
        }
    }
    Ok(())
}

/// A file read and decoded, its units (one for a text file, one per record with text) cleaned as
/// far as they can be without corpus evidence.
#[derive(Debug)]
struct File {
    source: Arc<Source>,
    input: InputFile,
    /// Edits to the file as a whole (decoding, record structure).
    log: Log,
    units: Vec<Unit>,
    warning: Option<Warning>,
}

/// One text on its way to becoming one or more documents.
#[derive(Debug)]
struct Unit {
    id: String,
    meta: Metadata,
    markdown: bool,
    profile: Profile,
    log: Log,
    stage: Stage,
}

enum Read {
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

fn read_one(p: Planned, options: &IngestOptions) -> Result<Read, IngestError> {
    let io = |e| IngestError::Io { path: p.shown.clone(), source: e };
    let len = std::fs::metadata(&p.path).map_err(io)?.len();
    if len > u64::from(u32::MAX) {
        return Err(IngestError::TooLarge { path: p.shown, bytes: len });
    }
    let bytes = std::fs::read(&p.path).map_err(io)?;
    if let Some(offset) = looks_binary(&bytes) {
        return Ok(Read::Skipped(Warning::Binary { path: p.shown, offset: offset as u64 }));
    }
    let sha256 = sha256_hex(&bytes);
    let source = Arc::new(Source::new(p.shown.clone(), &bytes, sha256.clone()));
    let input = InputFile { path: p.shown.clone(), sha256, bytes: len };
    let bytes = Arc::new(bytes);
    let mut log = Log::for_source(source.clone(), bytes.clone());
    let (mut mapped, _encoding) = decode(&bytes, options.lossy, &mut log).map_err(|e| decode_error(&p.shown, e))?;
    drop(bytes);
    let profile_of = |meta: &Metadata, text: &str| {
        // The configured profile, else the source's, else `auto`.
        let source = p.source.as_ref().and_then(|s| s.profile).unwrap_or(Profile::Auto);
        let chosen = if options.profile == Profile::Auto { source } else { options.profile };
        chosen.resolve(meta.kind.as_deref(), text)
    };
    let mut units = Vec::new();
    let mut warning = None;
    if p.format.is_records() {
        let entry = p.source.clone().unwrap_or_default();
        let got = records::documents(p.format, &mapped, &entry, &mut log)
            .map_err(|(at, message)| format_error(&p.shown, &source, &mapped, at, message))?;
        if !got.without_text.is_empty() {
            warning = Some(Warning::NoText {
                path: p.shown.clone(),
                field: entry.field("text").to_string(),
                records: got.without_text.clone(),
                total: got.total,
            });
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
    Ok(Read::File(Box::new(File { source, input, log, units, warning })))
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
