//! rhetor's ingest: turns paths (files and folders) into a [`Corpus`] of documents, with each
//! document's metadata from a `corpus.toml` manifest, its source's SHA-256, and an offset map back to
//! the source bytes.
//!
//! Architecture Invariant: ingest is the only crate that reads corpus files. Every source byte ends up
//! in a document (through its offset map) or is reported: a skipped file is a [`Warning`], a dropped
//! byte order mark is an offset-map skip.

mod manifest;
mod read;

pub use manifest::{DocumentEntry, Manifest};
pub use read::{Ingested, ingest, sha256_hex};

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
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { extra_abbreviations: Vec::new(), extensions: vec!["txt".into(), "md".into()] }
    }
}

/// Something ingest skipped, said aloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A file with a NUL byte near its start.
    Binary { path: String, offset: u64 },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Binary { path, offset } => {
                write!(f, "{path}: binary file (NUL byte at offset {offset}), skipped")
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
    #[error("{path}: no text files (looked for .{extensions})")]
    NoTextFiles { path: String, extensions: String },
    #[error("{path}:{line}: invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { path: String, offset: u64, line: u64 },
    #[error("{path}: {bytes} bytes is larger than the 4 GiB a document may hold")]
    TooLarge { path: String, bytes: u64 },
    #[error("{first} and {second}: both give the document id `{id}`")]
    DuplicateId { id: String, first: String, second: String },
    #[error(transparent)]
    Manifest(#[from] rhetor_engine::ConfigError),
}

/// Display a path with `/` separators, as given (relative stays relative).
pub(crate) fn display_path(p: &std::path::Path) -> String {
    let s = p.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR == '/' { s } else { s.replace(std::path::MAIN_SEPARATOR, "/") }
}
