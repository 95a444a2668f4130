//! Reading sources: walking folders in sorted order, joining manifest metadata, checking and decoding
//! bytes, and building documents in parallel.

use crate::clean::words::Evidence;
use crate::clean::{self, Article, Profile, Stage};
use crate::decode::{DecodeError, decode};
use crate::log::Log;
use crate::manifest::{MANIFEST, Manifest};
use crate::{IngestError, IngestOptions, Warning, display_path};
use rayon::prelude::*;
use rhetor_doc::{Abbreviations, Corpus, Document, Metadata, SegmentOptions, Source, Vocabulary};
use rhetor_engine::{InputFile, LogEntry};
use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many leading bytes are checked for a NUL when telling binary files from text.
const BINARY_PROBE: usize = 8192;

/// What ingest produced.
#[derive(Debug)]
pub struct Ingested {
    pub corpus: Corpus,
    /// Every file read (documents and manifests), in order, with its SHA-256.
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    /// Every edit ingest made, file by file in input order.
    pub log: Vec<LogEntry>,
}

struct Planned {
    path: PathBuf,
    shown: String,
    id: String,
    meta: Metadata,
    markdown: bool,
}

/// Ingest files and folders. Folders are walked recursively in sorted order, reading files with the
/// configured extensions; a `corpus.toml` in a folder (or beside a named file) supplies metadata.
/// Files are decoded and cleaned in parallel; the print and web profiles then consult evidence
/// gathered from the whole corpus (attested hyphenated forms, word sequences across joins).
pub fn ingest(paths: &[PathBuf], options: &IngestOptions) -> Result<Ingested, IngestError> {
    let mut planned = Vec::new();
    let mut inputs = Vec::new();
    for root in paths {
        plan_root(root, options, &mut planned, &mut inputs)?;
    }
    for (i, p) in planned.iter().enumerate() {
        if let Some(q) = planned[..i].iter().find(|q| q.id == p.id) {
            return Err(IngestError::DuplicateId { id: p.id.clone(), first: q.shown.clone(), second: p.shown.clone() });
        }
    }
    let abbreviations = Abbreviations::with_extra(&options.extra_abbreviations);
    let plain = SegmentOptions { abbreviations, markdown: false };
    let markdown = SegmentOptions { markdown: true, ..plain.clone() };
    let read: Vec<Result<Read, IngestError>> = planned.into_par_iter().map(|p| read_one(p, options)).collect();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for r in read {
        match r? {
            Read::File(f) => files.push(*f),
            Read::Skipped(w) => warnings.push(w),
        }
    }
    if files.is_empty() {
        let shown = paths.iter().map(|p| display_path(p)).collect::<Vec<_>>().join(", ");
        return Err(IngestError::NoTextFiles { path: shown, extensions: options.extensions.join(", .") });
    }
    let evidence = if files.iter().any(|f| f.stage.needs_evidence()) {
        let wanted: FxHashSet<u64> = files
            .iter()
            .filter_map(|f| if let Stage::Print(p) = &f.stage { Some(p.wanted()) } else { None })
            .flatten()
            .collect();
        let texts: Vec<&str> = files.iter().flat_map(|f| f.stage.texts()).collect();
        Evidence::gather(texts.iter().copied(), &wanted)
    } else {
        Evidence::default()
    };
    let finished: Vec<(File, Vec<Article>)> = files
        .into_par_iter()
        .map(|mut f| {
            let stage = std::mem::replace(&mut f.stage, Stage::Done(Vec::new()));
            let arts = clean::finish(stage, &evidence, &options.names, &options.passes, &mut f.log);
            (f, arts)
        })
        .collect();
    let mut jobs = Vec::new();
    let mut log = Vec::new();
    for (f, arts) in finished {
        inputs.push(f.input.clone());
        let many = arts.len() > 1;
        for (k, a) in arts.into_iter().enumerate() {
            let mut meta = f.meta.clone();
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
            meta.extra.entry("profile".into()).or_insert_with(|| f.profile.name().to_string());
            let id = if many { format!("{}/{:02}", f.id, k + 1) } else { f.id.clone() };
            jobs.push((id, meta, a.text, f.source.clone(), f.markdown));
        }
        log.extend(f.log.entries);
    }
    // Exact duplicates (same text).
    let mut seen: FxHashMap<&str, &str> = FxHashMap::default();
    let mut dup = vec![false; jobs.len()];
    for (i, j) in jobs.iter().enumerate() {
        if let Some(first) = seen.get(j.2.text.as_str()) {
            warnings.push(Warning::Duplicate { id: j.0.clone(), first: (*first).to_string() });
            dup[i] = options.skip_duplicates;
        } else if !j.2.text.trim().is_empty() {
            seen.insert(j.2.text.as_str(), j.0.as_str());
        }
    }
    let jobs: Vec<_> = jobs.into_iter().zip(dup).filter(|(_, d)| !d).map(|(j, _)| j).collect();
    let parts: Vec<(Document, Vocabulary)> = jobs
        .into_par_iter()
        .map(|(id, meta, text, source, md)| {
            let (text, offsets) = text.into_parts();
            let mut vocab = Vocabulary::new();
            let opts = if md { &markdown } else { &plain };
            let doc = Document::build(id, meta, text, source, offsets, opts, &mut vocab);
            (doc, vocab)
        })
        .collect();
    Ok(Ingested { corpus: Corpus::assemble(parts), inputs, warnings, log })
}

fn plan_root(
    root: &Path,
    options: &IngestOptions,
    planned: &mut Vec<Planned>,
    inputs: &mut Vec<InputFile>,
) -> Result<(), IngestError> {
    let shown_root = display_path(root);
    let meta = std::fs::metadata(root).map_err(|_| IngestError::Missing { path: shown_root.clone() })?;
    if meta.is_dir() {
        let manifest = load_manifest(root, inputs)?;
        let mut files = Vec::new();
        walk(root, options, &mut files)?;
        if files.is_empty() {
            return Err(IngestError::NoTextFiles { path: shown_root, extensions: options.extensions.join(", .") });
        }
        for path in files {
            let rel = display_path(path.strip_prefix(root).unwrap_or(&path));
            let entry = manifest.as_ref().and_then(|m| m.entry(&rel));
            planned.push(Planned {
                id: entry.and_then(|e| e.id.clone()).unwrap_or_else(|| strip_extension(&rel)),
                meta: entry.map(|e| e.metadata()).unwrap_or_default(),
                markdown: has_extension(&path, "md"),
                shown: display_path(&path),
                path,
            });
        }
    } else {
        let dir = root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let manifest = load_manifest(dir, inputs)?;
        let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let entry = manifest.as_ref().and_then(|m| m.entry(&name));
        planned.push(Planned {
            id: entry.and_then(|e| e.id.clone()).unwrap_or_else(|| strip_extension(&name)),
            meta: entry.map(|e| e.metadata()).unwrap_or_default(),
            markdown: has_extension(root, "md"),
            shown: shown_root,
            path: root.to_path_buf(),
        });
    }
    Ok(())
}

fn load_manifest(dir: &Path, inputs: &mut Vec<InputFile>) -> Result<Option<Manifest>, IngestError> {
    let Some((manifest, file)) = Manifest::load(dir)? else { return Ok(None) };
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

fn strip_extension(rel: &str) -> String {
    match rel.rfind('.') {
        Some(dot) if !rel[dot..].contains('/') && dot > 0 => rel[..dot].to_string(),
        _ => rel.to_string(),
    }
}

/// Files under `dir` with a configured extension, recursively, sorted by path; hidden entries and
/// the manifest skipped.
fn walk(dir: &Path, options: &IngestOptions, out: &mut Vec<PathBuf>) -> Result<(), IngestError> {
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
            walk(&path, options, out)?;
        } else if options.extensions.iter().any(|x| has_extension(&path, x)) {
            out.push(path);
        }
    }
    Ok(())
}

/// A file read, decoded and cleaned as far as it can be without corpus evidence.
#[derive(Debug)]
struct File {
    id: String,
    meta: Metadata,
    markdown: bool,
    source: Arc<Source>,
    input: InputFile,
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
    let (mapped, _encoding) = match decode(&bytes, options.lossy, &mut log) {
        Ok(d) => d,
        Err(DecodeError::InvalidUtf8 { offset, line }) => {
            return Err(IngestError::InvalidUtf8 { path: p.shown, offset, line });
        }
        Err(DecodeError::OddUtf16 { offset }) => {
            return Err(IngestError::InvalidUtf8 { path: p.shown, offset, line: 0 });
        }
    };
    drop(bytes);
    let profile = options.profile.resolve(p.meta.kind.as_deref(), &mapped.text);
    let stage = clean::prepare(mapped, profile, &options.passes, &mut log);
    Ok(Read::File(Box::new(File { id: p.id, meta: p.meta, markdown: p.markdown, source, input, profile, log, stage })))
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
