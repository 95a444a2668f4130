//! rhetor's ingest: turns paths (files and folders) into a [`Corpus`] of documents, with each
//! document's metadata from a `corpus.toml` manifest, its source's SHA-256, and an offset map back to
//! the source bytes.
//!
//! Architecture Invariant: ingest is the only crate that reads corpus files. Every source byte ends up
//! in a document (through its offset map) or is reported: a skipped file is a [`Warning`], a dropped
//! byte order mark is an offset-map skip.

mod batches;
pub mod blocks;
mod build;
pub mod clean;
mod cleaner;
pub mod decode;
mod fingerprint;
mod finish;
pub mod formats;
pub mod language;
pub mod log;
mod manifest;
pub mod mapped;
pub mod measure;
mod plan;
mod read;
pub mod rows;

pub use batches::{EvidenceRound, clean_each, clean_paths, evidence_round, ingest, plan_splits, stream_documents};
pub use blocks::{Block, BlockedFile};
pub use build::{CleanDoc, Cleaned, Ingested, Streamed, build, build_released};
pub use clean::{Passes, Profile};
pub use fingerprint::{fingerprint, fingerprint_bytes};
pub use finish::{CleanedRest, add_warning};
pub use formats::Format;
pub use log::{Log, uncovered};
pub use manifest::{DocumentEntry, Manifest, SourceEntry};
pub use mapped::Mapped;
pub use read::sha256_hex;

use serde::Deserialize;

/// The `[ingest]` config section.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct IngestOptions {
    /// Abbreviations added to the built-in list; a period after one ends a sentence only before a
    /// common sentence opener.
    pub extra_abbreviations: Vec<String>,
    /// File extensions read when walking a folder (case-insensitive, without the dot).
    pub extensions: Vec<String>,
    /// Cleaning profile: auto, none, transcript, print, web.
    pub profile: Profile,
    /// Each cleaning pass, on or off.
    pub passes: Passes,
    /// Replace invalid UTF-8 with U+FFFD (logged) instead of failing.
    pub lossy: bool,
    /// Skip documents whose text exactly repeats an earlier one (they are reported either way).
    pub skip_duplicates: bool,
    /// Names the web profile separates from words glued to them.
    pub names: Vec<String>,
    /// A manifest describing the folders ingested, used instead of their `corpus.toml`; its paths
    /// are relative to each folder ingested.
    pub manifest: Option<std::path::PathBuf>,
    /// Write each document's language (ISO 639-1, or `und`) to its metadata as `detected_language`.
    pub detect_language: bool,
    /// Keep only documents detected in these languages (empty: all). Documents whose language is
    /// undetermined are kept. Needs `detect_language`.
    pub languages: language::Languages,
    /// A record file larger than this is read in blocks of whole records of about this many
    /// bytes, each alone (in parallel; by shards, each its own blocks: see `rhetor splits`).
    pub record_block_bytes: u64,
    /// Read only the files of one shard (`rhetor analyze --shard`): not a config key.
    #[serde(skip)]
    pub split: Option<Split>,
    /// The corpus evidence of the print and web profiles, gathered beforehand in rounds over every
    /// shard (`rhetor evidence`): a shard given it reads no other shard's file. Not a config key.
    #[serde(skip)]
    pub evidence: Option<GivenEvidence>,
    /// The record files cut into blocks by a split plan (`rhetor splits`), by path as shown: a
    /// shard reads its own blocks of them and no other byte. Not a config key.
    #[serde(skip)]
    pub blocks: Option<GivenBlocks>,
}

/// The record files of a split plan, by path as shown (see [`IngestOptions::blocks`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GivenBlocks(pub std::sync::Arc<std::collections::BTreeMap<String, std::sync::Arc<BlockedFile>>>);

/// Corpus evidence gathered beforehand (see [`IngestOptions::evidence`]).
#[derive(Clone)]
pub struct GivenEvidence(pub std::sync::Arc<clean::evidence::Evidence>);

impl std::fmt::Debug for GivenEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GivenEvidence")
    }
}

impl PartialEq for GivenEvidence {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for GivenEvidence {}

/// Shard `shard` of `shards`: the files whose path (as shown) [`rhetor_doc::shard_of`] gives to it.
/// A shard reads only its own files, except to gather the evidence the print and web profiles
/// need from the whole corpus; it reports no repeated texts (the merge does, across shards), and
/// a shard left without documents is not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub shard: usize,
    pub shards: usize,
}

impl Split {
    pub fn owns(&self, path: &str) -> bool {
        rhetor_doc::shard_of(path, self.shards) == self.shard
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            extra_abbreviations: Vec::new(),
            extensions: vec!["txt".into(), "md".into()],
            profile: Profile::Auto,
            passes: Passes::default(),
            lossy: false,
            skip_duplicates: false,
            names: ["Kim Il Sung", "Kim Jong Il", "Kim Jong Un"].map(String::from).to_vec(),
            manifest: None,
            detect_language: true,
            languages: language::Languages::default(),
            record_block_bytes: blocks::DEFAULT_BLOCK_BYTES,
            split: None,
            evidence: None,
            blocks: None,
        }
    }
}

/// Something ingest skipped, said aloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A file with a NUL byte near its start (`utf16`: every other byte NUL, as in UTF-16 text
    /// without a byte order mark).
    Binary { path: String, offset: u64, utf16: bool },
    /// A document whose text exactly repeats an earlier one.
    Duplicate { id: String, first: String },
    /// Records of a record file with no text (null, empty or missing), skipped.
    NoText { path: String, field: String, records: Vec<usize>, total: usize },
    /// Files of a `[[source]]` that its metadata table has no row for.
    /// (`paths`: each file's path as shown, in the order of `ids`; a merge of shards orders by it.)
    NoMetadataRow { table: String, ids: Vec<String>, paths: Vec<String> },
    /// Records a source's filters (`where`, `min_words`) left out, by filter.
    Filtered { path: String, filters: Vec<(String, usize)>, total: usize },
    /// An entry of a folder that is not read: a named pipe, a device, a broken symbolic link, a
    /// link to a folder or out of the folder read.
    Skipped { path: String, reason: String },
    /// Documents left out by `[ingest] languages`, counted by detected language.
    Languages { kept: Vec<&'static str>, left_out: Vec<(&'static str, usize)>, total: usize },
    /// Rows numbered by their driver (`--row-number`) with numbers missing below the highest: rows
    /// that may have been lost on their way (see `rows.rs`).
    RowsMissing { highest: u64, given: u64, first: u64 },
}

impl Warning {
    /// Take in `other`, a later block's warning of the same kind about the same record file (read
    /// in blocks): the records without text and the filters' counts add up. `other` is given back
    /// when it is not one.
    pub fn absorb(&mut self, other: Warning) -> Option<Warning> {
        match (self, other) {
            (Warning::NoText { path, records, .. }, Warning::NoText { path: p, records: more, .. }) if *path == p => {
                records.extend(more);
                records.sort_unstable();
                None
            }
            (Warning::Filtered { path, filters, .. }, Warning::Filtered { path: p, filters: more, .. })
                if *path == p =>
            {
                for (f, n) in more {
                    match filters.iter_mut().find(|(g, _)| *g == f) {
                        Some((_, m)) => *m += n,
                        None => filters.push((f, n)),
                    }
                }
                filters.sort();
                None
            }
            (_, other) => Some(other),
        }
    }
}

/// At most `n` items of a list, then "and K more".
fn some_of<T: std::fmt::Display>(items: &[T], n: usize) -> String {
    let shown: Vec<String> = items.iter().take(n).map(ToString::to_string).collect();
    let more = items.len().saturating_sub(n);
    if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Binary { path, offset, utf16 } => {
                write!(f, "{path}: binary file (NUL byte at offset {offset}), skipped")?;
                if *utf16 {
                    write!(f, "; it looks like UTF-16 without a byte order mark: convert it to UTF-8")?;
                }
                Ok(())
            }
            Warning::Duplicate { id, first } => write!(f, "{id}: same text as {first}"),
            Warning::NoText { path, field, records, total } => write!(
                f,
                "{path}: {} of {total} records have no text in `{field}`, skipped (records {})",
                records.len(),
                some_of(records, 8)
            ),
            Warning::Skipped { path, reason } => write!(f, "{path}: {reason}"),
            Warning::Filtered { path, filters, total } => {
                let each: Vec<String> = filters.iter().map(|(k, n)| format!("{n} by `{k}`")).collect();
                let all: usize = filters.iter().map(|(_, n)| n).sum();
                write!(f, "{path}: {all} of {total} records left out by the source's filters ({})", each.join(", "))
            }
            Warning::Languages { kept, left_out, total } => {
                let each: Vec<String> =
                    left_out.iter().map(|(c, n)| format!("{n} {} ({c})", language::name(c))).collect();
                let all: usize = left_out.iter().map(|(_, n)| n).sum();
                write!(
                    f,
                    "{all} of {total} documents left out by [ingest] languages = [{}]: {}",
                    kept.join(", "),
                    each.join(", ")
                )
            }
            Warning::RowsMissing { highest, given, first } => write!(
                f,
                "{}: rows numbered up to {highest}, {given} given: {} numbers missing (the first: {first}); rows lost \
                 on their way?",
                rows::STDIN,
                highest - given
            ),
            Warning::NoMetadataRow { table, ids, .. } => {
                write!(f, "{table}: no row for {} file(s): {}", ids.len(), some_of(ids, 8))
            }
        }
    }
}

/// Why ingest failed.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: no such file or folder")]
    Missing { path: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: no text files (looked for .{extensions}){found}")]
    NoTextFiles { path: String, extensions: String, found: String },
    #[error("{path}: no documents to read: {why}")]
    NoDocuments { path: String, why: String },
    #[error("{path}:{line}: invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { path: String, offset: u64, line: u64 },
    #[error("{path}: {bytes} bytes is larger than the 4 GiB a document may hold")]
    TooLarge { path: String, bytes: u64 },
    #[error("{path}:{line}:{column}: {message}")]
    Format { path: String, line: u32, column: u32, message: String },
    #[error("{path}: {what}: run `rhetor splits` again")]
    Changed { path: String, what: String },
    #[error("{path}: the split plan gives shard {shard} blocks of it, but it is not in the folders read")]
    PlannedMissing { path: String, shard: usize },
    #[error("{first} and {second}: both give the document id `{id}`")]
    DuplicateId { id: String, first: String, second: String },
    #[error(transparent)]
    Manifest(#[from] rhetor_config::ConfigError),
    #[error("{path}: internal error while reading it, a bug in rhetor (please report it): {message}")]
    Internal { path: String, message: String },
}

/// An OS error's message without its code: "No such file or directory".
pub(crate) fn os_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Display a path with `/` separators, as given (relative stays relative).
pub(crate) fn display_path(p: &std::path::Path) -> String {
    let s = p.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR == '/' { s } else { s.replace(std::path::MAIN_SEPARATOR, "/") }
}
