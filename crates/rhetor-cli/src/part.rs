//! The file a shard writes and `rhetor merge` reads (`part-K-of-N.jsonl`, schema `rhetor-shard/2`),
//! self-contained: the merge reads parts only, never the corpus.
//!
//! Line 1 is the [`Header`]: the run (the corpus paths as given, the config and its SHA-256, ingest
//! options, analyzers, grouping), the shard, the source files its documents come from (path,
//! SHA-256, size and line starts: what turns a source offset into a line and column), and, in
//! shard 0, what ingest recorded for the whole corpus (inputs, cleaning log, warnings). Then one
//! [`PartDocument`] line per document of the shard: its place in the corpus, its text as cleaned
//! with the offset map to its source, its result, and its analyzers' summaries (strings and stable
//! hashes, never the corpus's form ids). From the texts the merge tokenizes the corpus again, in
//! corpus order, which gives the vocabulary and documents one run has.

use crate::Failure;
use anyhow::anyhow;
use rhetor_doc::{InputFile, LogEntry, OffsetMap, Segment, Source};
use rhetor_engine::ShardDocument;
use rhetor_ingest::{CleanDoc, Cleaned, IngestOptions, Ingested, Mapped};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The schema of a part file's header.
pub const SHARD_SCHEMA: &str = "rhetor-shard/2";

/// A part's first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub scope: String,
    pub schema: String,
    pub rhetor_version: String,
    pub shard: usize,
    pub shards: usize,
    /// Documents in the whole corpus.
    pub documents: usize,
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub config_sha256: String,
    pub profile: Option<String>,
    pub manifest: Option<PathBuf>,
    pub lossy: bool,
    pub analyzers: Option<Vec<String>>,
    pub group_by: Option<String>,
    /// The source files of this shard's documents.
    pub sources: Vec<PartSource>,
    /// What ingest recorded for the whole corpus: in shard 0 only.
    pub ingest: Option<IngestRecord>,
}

impl Header {
    /// Everything that every part of one run shares.
    pub fn run_key(&self) -> Header {
        Header { shard: 0, sources: Vec::new(), ingest: None, ..self.clone() }
    }
}

/// A source file, without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartSource {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub line_starts: Vec<u32>,
}

/// What ingest recorded for the whole corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestRecord {
    pub inputs: Vec<InputFile>,
    pub log: Vec<LogEntry>,
    /// As printed and as results record them.
    pub warnings: Vec<String>,
}

/// One document of a part.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartDocument {
    pub index: usize,
    pub result: rhetor_engine::DocumentResult,
    pub summaries: Vec<serde_json::Value>,
    /// Whether `#` lines were read as Markdown headings.
    pub markdown: bool,
    pub text: String,
    /// The offset map: `[doc_start, doc_len, src_start, src_len, copy]` per segment, `copy` 1 for
    /// a byte-for-byte copy and 0 for a replacement.
    pub offsets: Vec<[u32; 5]>,
}

impl PartDocument {
    /// A shard's document as its part carries it.
    pub fn new(shard: ShardDocument, doc: &rhetor_doc::Document) -> PartDocument {
        let offsets = doc
            .offsets
            .segments()
            .iter()
            .map(|s| [s.doc_start, s.doc_len, s.src_start, s.src_len, u32::from(s.copy)])
            .collect();
        PartDocument {
            index: shard.index,
            result: shard.result,
            summaries: shard.summaries,
            markdown: doc.markdown,
            text: doc.text.clone(),
            offsets,
        }
    }
}

impl PartSource {
    pub fn of(source: &Source) -> PartSource {
        PartSource {
            path: source.path.to_string(),
            sha256: source.sha256.clone(),
            bytes: source.len,
            line_starts: source.line_starts().to_vec(),
        }
    }
}

/// Read a part: its header and documents. Errors name the file and line.
pub fn read_part(path: &Path) -> Result<(Header, Vec<PartDocument>), Failure> {
    let bad = |line: usize, m: String| Failure::Analysis(anyhow!("{}:{line}: {m}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| Failure::Analysis(anyhow!("{}: {e}", path.display())))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let first =
        lines.next().ok_or_else(|| bad(1, "empty file, not a part".into()))?.map_err(|e| bad(1, e.to_string()))?;
    let schema = serde_json::from_str::<serde_json::Value>(&first)
        .ok()
        .and_then(|v| v.get("schema").and_then(|s| s.as_str()).map(str::to_string));
    match schema.as_deref() {
        Some(SHARD_SCHEMA) => {}
        Some(other) => {
            return Err(bad(
                1,
                format!(
                    "schema `{other}`, expected `{SHARD_SCHEMA}` (a part of another rhetor version: run the shards again)"
                ),
            ));
        }
        None => return Err(bad(1, "not the header of a part of `rhetor analyze --shard`".into())),
    }
    let header: Header = serde_json::from_str(&first)
        .map_err(|e| bad(1, format!("not the header of a part of `rhetor analyze --shard`: {e}")))?;
    let mut docs = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.map_err(|e| bad(i + 2, e.to_string()))?;
        if line.is_empty() {
            continue;
        }
        docs.push(serde_json::from_str(&line).map_err(|e| bad(i + 2, format!("not a document of a part: {e}")))?);
    }
    Ok((header, docs))
}

/// The corpus the parts' documents make, tokenized again in corpus order (`documents` is every
/// document of the corpus, in order), with what shard 0 recorded of ingest; and the shards'
/// documents as the engine merges them.
pub fn rebuild(
    headers: &[(PathBuf, Header)],
    documents: Vec<PartDocument>,
    options: &IngestOptions,
) -> Result<(Ingested, Vec<String>, Vec<ShardDocument>), Failure> {
    let mut sources: HashMap<String, Arc<Source>> = HashMap::new();
    for (path, h) in headers {
        for s in &h.sources {
            let bad = || Failure::Analysis(anyhow!("{}: source {} is described wrongly", path.display(), s.path));
            let source =
                Source::recorded(s.path.clone(), s.sha256.clone(), s.bytes, s.line_starts.clone()).ok_or_else(bad)?;
            match sources.get(&s.path) {
                Some(earlier) if **earlier != source => {
                    return Err(Failure::Analysis(anyhow!(
                        "{}: source {} differs from another part's (SHA-256, size or lines)",
                        path.display(),
                        s.path
                    )));
                }
                Some(_) => {}
                None => {
                    sources.insert(s.path.clone(), Arc::new(source));
                }
            }
        }
    }
    let record = headers
        .iter()
        .find_map(|(_, h)| h.ingest.clone())
        .ok_or_else(|| Failure::Analysis(anyhow!("no part holds the ingest record (shard 0 carries it)")))?;
    let mut documents = documents;
    documents.sort_by_key(|d| d.index);
    let mut docs = Vec::with_capacity(documents.len());
    let mut shard_docs = Vec::with_capacity(documents.len());
    let total = headers.first().map_or(0, |(_, h)| h.documents);
    for (at, d) in documents.iter().enumerate() {
        if d.index != at {
            let (what, index) = if d.index < at { ("in two parts", d.index) } else { ("in no part", at) };
            return Err(Failure::Analysis(anyhow!("document {index} of the corpus is {what}")));
        }
    }
    if documents.len() != total {
        return Err(Failure::Analysis(anyhow!(
            "the parts hold {} documents; the corpus the shards read has {total}",
            documents.len()
        )));
    }
    for d in documents {
        let id = &d.result.id;
        let source =
            sources.get(&d.result.source.path).filter(|s| s.sha256 == d.result.source.sha256).ok_or_else(|| {
                Failure::Analysis(anyhow!("document `{id}`: its source {} is not in its part", d.result.source.path))
            })?;
        let segments = d
            .offsets
            .iter()
            .map(|&[doc_start, doc_len, src_start, src_len, copy]| Segment {
                doc_start,
                doc_len,
                src_start,
                src_len,
                copy: copy != 0,
            })
            .collect();
        let len = u32::try_from(d.text.len()).ok();
        let map = len.and_then(|len| OffsetMap::checked(segments, len, source.len)).ok_or_else(|| {
            Failure::Analysis(anyhow!("document `{id}`: its offsets do not tile its text within its source"))
        })?;
        docs.push(CleanDoc {
            id: id.clone(),
            meta: d.result.meta.clone(),
            text: Mapped::from_parts(d.text, map),
            source: source.clone(),
            markdown: d.markdown,
        });
        shard_docs.push(ShardDocument { index: d.index, result: d.result, summaries: d.summaries });
    }
    let cleaned = Cleaned { docs, inputs: record.inputs, warnings: Vec::new(), log: record.log };
    let ingested = rhetor_ingest::build(cleaned, options).map_err(|e| Failure::Analysis(e.into()))?;
    Ok((ingested, record.warnings, shard_docs))
}
