//! Reading sources: walking folders in sorted order, joining manifest metadata, checking and decoding
//! bytes, and building documents in parallel.

use crate::manifest::{MANIFEST, Manifest};
use crate::{IngestError, IngestOptions, Warning, display_path};
use rayon::prelude::*;
use rhetor_doc::{Abbreviations, Corpus, Document, Metadata, OffsetMapBuilder, SegmentOptions, Source, Vocabulary};
use rhetor_engine::InputFile;
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
    let read: Vec<Result<Read, IngestError>> = planned
        .into_par_iter()
        .map(|p| {
            let options = if p.markdown { &markdown } else { &plain };
            read_one(p, options)
        })
        .collect();
    let mut parts = Vec::new();
    let mut warnings = Vec::new();
    for r in read {
        match r? {
            Read::Doc(doc, vocab, input) => {
                inputs.push(input);
                parts.push((*doc, vocab));
            }
            Read::Skipped(w) => warnings.push(w),
        }
    }
    if parts.is_empty() {
        let shown = paths.iter().map(|p| display_path(p)).collect::<Vec<_>>().join(", ");
        return Err(IngestError::NoTextFiles { path: shown, extensions: options.extensions.join(", .") });
    }
    Ok(Ingested { corpus: Corpus::assemble(parts), inputs, warnings })
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

enum Read {
    Doc(Box<Document>, Vocabulary, InputFile),
    Skipped(Warning),
}

fn read_one(p: Planned, options: &SegmentOptions) -> Result<Read, IngestError> {
    let io = |e| IngestError::Io { path: p.shown.clone(), source: e };
    let len = std::fs::metadata(&p.path).map_err(io)?.len();
    if len > u64::from(u32::MAX) {
        return Err(IngestError::TooLarge { path: p.shown, bytes: len });
    }
    let bytes = std::fs::read(&p.path).map_err(io)?;
    if let Some(offset) = bytes[..bytes.len().min(BINARY_PROBE)].iter().position(|&b| b == 0) {
        return Ok(Read::Skipped(Warning::Binary { path: p.shown, offset: offset as u64 }));
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            return Err(IngestError::InvalidUtf8 { path: p.shown, offset: offset as u64, line });
        }
    };
    let sha256 = sha256_hex(text.as_bytes());
    let source = Arc::new(Source::new(p.shown.clone(), text.as_bytes(), sha256.clone()));
    let input = InputFile { path: p.shown.clone(), sha256, bytes: len };
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    if bom > 0 {
        text.drain(..bom);
    }
    let mut offsets = OffsetMapBuilder::new(0);
    offsets.skip(bom as u32);
    offsets.copy(text.len() as u32);
    let mut vocab = Vocabulary::new();
    let doc = Document::build(p.id, p.meta, text, source, offsets.finish(), options, &mut vocab);
    Ok(Read::Doc(Box::new(doc), vocab, input))
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
