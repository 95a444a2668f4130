//! Provenance: the files that went into a corpus and every edit ingest made on the way from their
//! bytes to the documents' texts. Ingest makes them; the engine records them in a run's results.

use serde::{Deserialize, Serialize};

/// A file that went into the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// One edit ingest made to a source file on the way to a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The source file.
    pub path: String,
    /// The pass that made the edit (`decode`, `furniture`, `letter-spacing`, …).
    pub pass: String,
    /// `drop`, `replace`, `join`, `move` or `metadata` (dropped from the text, kept as metadata); and
    /// two notes that edit nothing: `guess` (a passage placed among competing places, named with their
    /// scores in the reason) and `unplaced` (a continuation left where it stood).
    pub action: String,
    pub reason: String,
    /// Source bytes `[start, end)` and the 1-based line of `start`.
    pub start: u32,
    pub end: u32,
    pub line: u32,
    /// The source text of the range (lossy for undecodable bytes) and what replaced it.
    pub before: String,
    pub after: String,
}
