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

/// A file's place in corpus order, kept so that runs over parts of a corpus (shards on other
/// machines) put their files back in the order one run reads them: by the root given (its index
/// among the paths given), then by the path inside it compared part by part, as folders are walked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileOrder {
    /// The path as shown (as in [`InputFile::path`] and every source span).
    pub path: String,
    pub root: usize,
    /// The path relative to the root's folder, with `/` separators.
    pub rel: String,
}

impl FileOrder {
    /// What corpus order sorts by.
    pub fn key(&self) -> (usize, Vec<&str>) {
        (self.root, self.rel.split('/').collect())
    }
}

/// FNV-1a (64 bits) of `bytes`: fixed by its definition, so the same on every machine and in
/// every version (what shards agree on without talking).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The shard, of `n`, that `key` (a document id, a file's path) belongs to: [`fnv1a`] of its bytes,
/// modulo `n` — the same on every machine and in every run.
pub fn shard_of(key: &str, n: usize) -> usize {
    (fnv1a(key.as_bytes()) % n.max(1) as u64) as usize
}

/// The shard, of `n`, that reads block `i` of the `count` blocks of the record file at `path`: the
/// blocks go in order to `n` runs of consecutive blocks, the first run to the shard [`shard_of`]
/// gives the path, the next runs to the shards after it (wrapping round).
pub fn block_shard(path: &str, i: usize, count: usize, n: usize) -> usize {
    let n = n.max(1);
    (shard_of(path, n) + i * n / count.max(1)) % n
}

/// The place of `shard`'s blocks among the blocks of the file at `path` (see [`block_shard`]): the
/// order in which a merge puts the shards' records and logs of one file.
pub fn block_rank(path: &str, shard: usize, n: usize) -> usize {
    let n = n.max(1);
    (shard + n - shard_of(path, n)) % n
}
