//! The file a shard writes and `rhetor merge` reads (`part-K-of-N.jsonl`, schema `rhetor-shard/3`),
//! self-contained: the merge reads parts only, never the corpus.
//!
//! Line 1 is the [`Header`]: the run (the corpus paths as given, the config and its SHA-256, ingest
//! options, analyzers, grouping), the shard, the source files its documents come from (path,
//! SHA-256, size and line starts: what turns a source offset into a line and column), and what
//! ingest recorded for the shard's files (their places in corpus order, inputs, cleaning log,
//! warnings, languages left out). Then one [`PartDocument`] line per document of the shard: its
//! file, its text as cleaned with the offset map to its source, its result, and its analyzers'
//! summaries (strings and stable hashes, never form ids, which are the shard's own).
//!
//! The merge puts the files of every part in corpus order (by root, then path part by part, as one
//! run walks folders), the documents after them, looks for repeated texts across shards, and
//! tokenizes the texts again in that order, which gives the vocabulary and documents one run has.

use crate::Failure;
use anyhow::anyhow;
use rhetor_doc::{FileOrder, InputFile, LogEntry, Source};
use rhetor_engine::{ShardDocument, SmolStr};
use rhetor_ingest::Warning;
use serde::{Deserialize, Serialize};
use std::io::BufRead as _;
use std::path::{Path, PathBuf};

/// The schema of a part file's header.
pub const SHARD_SCHEMA: &str = "rhetor-shard/4";

/// A part's first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub scope: String,
    pub schema: String,
    pub rhetor_version: String,
    pub shard: usize,
    pub shards: usize,
    /// Documents of this shard.
    pub documents: usize,
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub config_sha256: String,
    pub profile: Option<String>,
    pub manifest: Option<PathBuf>,
    pub lossy: bool,
    pub analyzers: Option<Vec<String>>,
    pub group_by: Option<String>,
    /// The SHA-256 of the split plan (`rhetor splits`) the shard read its blocks of record files by.
    pub splits_sha256: Option<String>,
    /// The source files the shard read (of a record file read in blocks, its blocks).
    pub sources: Vec<PartSource>,
    /// What ingest recorded for this shard's files.
    pub ingest: IngestRecord,
}

impl Header {
    /// Everything that every part of one run shares.
    pub fn run_key(&self) -> Header {
        Header { shard: 0, documents: 0, sources: Vec::new(), ingest: IngestRecord::default(), ..self.clone() }
    }
}

/// A source file, without its bytes: of a record file read in blocks, the blocks the shard read
/// (their numbers from 0, of `of_blocks`) and their lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartSource {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub line_starts: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<u32>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub of_blocks: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What ingest recorded for a shard's files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestRecord {
    /// The files read, in corpus order, with their places in it.
    pub files: Vec<FileOrder>,
    /// The files read (manifests and metadata tables first), with their SHA-256.
    pub inputs: Vec<InputFile>,
    pub log: Vec<LogEntry>,
    pub warnings: Vec<PartWarning>,
    /// Documents whose language was detected, and those `[ingest] languages` left out, by language.
    pub languages: (usize, Vec<(String, usize)>),
}

/// A warning of ingest, with what puts it in its place among the other shards' warnings: `class`
/// (0 an entry the folder walk skipped, 1 a metadata table's missing rows, 2 a binary file, 3 a
/// record file's own), then its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartWarning {
    pub class: u8,
    pub path: String,
    pub text: String,
    /// A metadata table's missing rows: each file's id and path (the merge lists them as one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<(String, String)>,
    /// A record file's own warning, as data: the merge joins those of the file's blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordWarning>,
}

/// A record file's warning about its records (see [`Warning::NoText`], [`Warning::Filtered`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordWarning {
    NoText { field: String, records: Vec<usize>, total: usize },
    Filtered { filters: Vec<(String, usize)>, total: usize },
}

impl PartWarning {
    /// The record file's warning this carries as data, if it is one.
    pub fn warning(&self) -> Option<Warning> {
        let path = self.path.clone();
        Some(match self.records.clone()? {
            RecordWarning::NoText { field, records, total } => Warning::NoText { path, field, records, total },
            RecordWarning::Filtered { filters, total } => Warning::Filtered { path, filters, total },
        })
    }

    pub fn of(w: &Warning) -> PartWarning {
        let rows = match w {
            Warning::NoMetadataRow { ids, paths, .. } => ids.iter().cloned().zip(paths.iter().cloned()).collect(),
            _ => Vec::new(),
        };
        let records = match w {
            Warning::NoText { field, records, total, .. } => {
                Some(RecordWarning::NoText { field: field.clone(), records: records.clone(), total: *total })
            }
            Warning::Filtered { filters, total, .. } => {
                Some(RecordWarning::Filtered { filters: filters.clone(), total: *total })
            }
            _ => None,
        };
        let (class, path) = match w {
            Warning::Skipped { path, .. } => (0, path.clone()),
            Warning::NoMetadataRow { table, .. } => (1, table.clone()),
            Warning::Binary { path, .. } => (2, path.clone()),
            Warning::NoText { path, .. } | Warning::Filtered { path, .. } => (3, path.clone()),
            // A shard reports neither (the merge does, across shards).
            Warning::Duplicate { .. } | Warning::Languages { .. } | Warning::RowsMissing { .. } => (4, String::new()),
        };
        PartWarning { class, path, text: w.to_string(), rows, records }
    }
}

/// One document of a part.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartDocument {
    /// Its place in the shard.
    pub index: usize,
    /// Its file: an index into the header's `ingest.files`.
    pub file: usize,
    /// Its file's block (a record file read in blocks: see `rhetor splits`) and its place among
    /// the block's documents.
    #[serde(default)]
    pub block: u32,
    pub seq: u32,
    pub result: rhetor_engine::DocumentResult,
    pub summaries: Vec<Box<serde_json::value::RawValue>>,
    /// Its fingerprints for the work across documents (one base64 string per analyzer, or none:
    /// see `rhetor_engine::prints`).
    #[serde(with = "rhetor_engine::prints")]
    pub prints: rhetor_engine::DocPrints,
    /// Whether `#` lines were read as Markdown headings.
    pub markdown: bool,
    pub text: String,
    /// The offset map: `[doc_start, doc_len, src_start, src_len, copy]` per segment, `copy` 1 for
    /// a byte-for-byte copy and 0 for a replacement.
    pub offsets: Vec<[u32; 5]>,
    /// Each analyzer's evidence (in `result`'s order) as `[label, start, end]` in the text: the
    /// merge resolves it against the document as one run does (text, sentence, source place,
    /// pieces), so the part need not carry it resolved.
    pub evidence: Vec<Vec<(SmolStr, u32, u32)>>,
}

impl PartDocument {
    /// A shard's document as its part carries it.
    pub fn new(mut shard: ShardDocument, doc: &rhetor_doc::Document, file: usize, place: (u32, u32)) -> PartDocument {
        let evidence = shard
            .result
            .results
            .iter_mut()
            .map(|r| {
                let items = std::mem::take(&mut r.evidence);
                items.into_iter().map(|e| (SmolStr::new(&*e.label), e.doc_span[0], e.doc_span[1])).collect()
            })
            .collect();
        let offsets = doc
            .offsets
            .segments()
            .iter()
            .map(|s| [s.doc_start, s.doc_len, s.src_start, s.src_len, u32::from(s.copy)])
            .collect();
        PartDocument {
            index: shard.index,
            file,
            block: place.0,
            seq: place.1,
            result: shard.result,
            summaries: shard.summaries,
            prints: shard.prints,
            markdown: doc.markdown,
            text: doc.text.clone(),
            offsets,
            evidence,
        }
    }
}

impl PartSource {
    /// A source the shard read: whole, or `blocks` of its `of_blocks`.
    pub fn of(source: &Source, blocks: Vec<u32>, of_blocks: u32) -> PartSource {
        PartSource {
            path: source.path.to_string(),
            sha256: source.sha256.clone(),
            bytes: source.len,
            line_starts: source.line_starts().to_vec(),
            blocks,
            of_blocks,
        }
    }
}

/// Fingerprints by text ([`rhetor_ingest::fingerprint`]), so that copies of one text across the
/// parts hold one list.
pub type PrintsByText = std::collections::HashMap<(usize, u64, u64), rhetor_engine::DocPrints>;

/// Read a part: its header and documents, each document's fingerprints kept only when `shared`
/// lists them, and held once for copies of one text (`seen`, across the parts read). Errors name
/// the file and line.
pub fn read_part(
    path: &Path,
    shared: Option<&SharedPrints>,
    seen: &mut PrintsByText,
) -> Result<(Header, Vec<PartDocument>), Failure> {
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
        let mut doc: PartDocument =
            serde_json::from_str(&line).map_err(|e| bad(i + 2, format!("not a document of a part: {e}")))?;
        if let Some(shared) = shared {
            shared.keep(&mut doc.prints);
        }
        match seen.entry(rhetor_ingest::fingerprint(&doc.text)) {
            std::collections::hash_map::Entry::Occupied(e) if *e.get() == doc.prints => doc.prints = e.get().clone(),
            std::collections::hash_map::Entry::Occupied(_) => {}
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(doc.prints.clone());
            }
        }
        docs.push(doc);
    }
    Ok((header, docs))
}

/// The fingerprints found in two documents or more (`rhetor merge --shared-prints`, made by a Spark
/// `groupBy` over the parts' fingerprints): each as its list's place in a document's `prints` (the
/// analyzer's place in the plan) and its hash. The merge keeps only these, which changes no result
/// (a fingerprint of one document matches nothing) and leaves it the few that match.
#[derive(Debug, Default)]
pub struct SharedPrints(std::collections::HashSet<(usize, u32)>);

impl SharedPrints {
    /// Read a JSON Lines file of `{"analyzer": K, "hash": H}`; errors name the file and line.
    pub fn read(path: &Path) -> Result<SharedPrints, Failure> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Line {
            analyzer: usize,
            hash: u32,
        }
        let text = std::fs::read_to_string(path).map_err(|e| Failure::Usage(anyhow!("{}: {e}", path.display())))?;
        let mut set = std::collections::HashSet::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let l: Line = serde_json::from_str(line).map_err(|e| {
                Failure::Usage(anyhow!(
                    "{}:{}: not a shared fingerprint ({{\"analyzer\": K, \"hash\": H}}): {e}",
                    path.display(),
                    i + 1
                ))
            })?;
            set.insert((l.analyzer, l.hash));
        }
        Ok(SharedPrints(set))
    }

    /// Keep only the shared fingerprints of a document's.
    pub fn keep(&self, prints: &mut rhetor_engine::DocPrints) {
        for (k, list) in std::sync::Arc::make_mut(prints).iter_mut().enumerate() {
            list.retain(|p| self.0.contains(&(k, p.hash)));
            list.shrink_to_fit();
        }
    }
}

/// `K/N` with `K < N`.
pub fn parse_shard(s: &str) -> Result<(usize, usize), Failure> {
    let bad = || Failure::Usage(anyhow!("--shard {s}: expected K/N with 0 <= K < N, e.g. 0/4"));
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The most shards a run is split into (a part or evidence file claiming more is not one of ours).
pub const MAX_SHARDS: usize = 100_000;

/// The corpus as a run reads it: the paths given, the manifest, and the SHA-256 of the config
/// (whose `[ingest]` section decides the cleaning and the blocks). Evidence files and split plans
/// carry it: a shard refuses one made for another corpus or config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusKey {
    pub paths: Vec<PathBuf>,
    pub manifest: Option<PathBuf>,
    pub config_sha256: String,
}

impl CorpusKey {
    /// The key of a run reading `input` with `config`.
    pub fn of(input: &crate::args::Input, config: &rhetor_engine::ConfigFile) -> CorpusKey {
        CorpusKey {
            paths: input.paths.clone(),
            manifest: input.manifest.clone(),
            config_sha256: rhetor_ingest::sha256_hex(config.text.as_bytes()),
        }
    }
}

/// The schema of an evidence file.
pub const EVIDENCE_SCHEMA: &str = "rhetor-evidence/1";

/// A round of the corpus evidence (`rhetor evidence`): one shard's (`shard` set) or merged over
/// every shard. A round 2 file carries the merged round 1 it counted for, so that the merged round 2
/// is the whole evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub schema: String,
    pub round: u8,
    pub shard: Option<usize>,
    pub shards: usize,
    #[serde(flatten)]
    pub corpus: CorpusKey,
    pub asked: rhetor_ingest::clean::evidence_rounds::Asked,
    pub counted: Option<rhetor_ingest::clean::evidence_rounds::Counted>,
}

/// Read an evidence file; errors name it.
pub fn read_evidence(path: &Path) -> Result<EvidenceFile, Failure> {
    let bad = |m: String| Failure::Analysis(anyhow!("{}: {m}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let file: EvidenceFile =
        serde_json::from_str(&text).map_err(|e| bad(format!("not an evidence file of `rhetor evidence`: {e}")))?;
    if file.schema != EVIDENCE_SCHEMA {
        return Err(bad(format!("schema `{}`, expected `{EVIDENCE_SCHEMA}`", file.schema)));
    }
    if !(1..=2).contains(&file.round) || (file.round == 2) != file.counted.is_some() {
        return Err(bad("neither a round 1 nor a round 2".into()));
    }
    Ok(file)
}
