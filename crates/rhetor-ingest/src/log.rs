//! The cleaning log: one [`LogEntry`] per edit ingest makes to a source file.
//!
//! Architecture Invariant: every source byte is either in some document's offset map or inside a
//! `drop` or `metadata` entry of the log. `check_coverage` tests it; the ingest tests run it on every
//! bundled and shared corpus file.

use rhetor_doc::LogEntry;
use rhetor_doc::Source;
use std::sync::Arc;

/// The log of one source file while it is being read. It shares the file's bytes (for the `before`
/// text of each entry) and its [`Source`] (for line numbers) rather than copying them.
#[derive(Debug, Clone)]
pub struct Log {
    pub path: String,
    info: Arc<Source>,
    /// The bytes read, from source offset `base` (0 unless only a range of the file was read).
    source: Arc<Vec<u8>>,
    base: u32,
    /// The source range this log accounts for: the whole file, or a block of a record file.
    range: (u32, u32),
    pub entries: Vec<LogEntry>,
}

impl Log {
    /// A log for a source file already described by `info`, sharing its bytes.
    pub fn for_source(info: Arc<Source>, bytes: Arc<Vec<u8>>) -> Log {
        let range = (0, bytes.len() as u32);
        Log { path: info.path.to_string(), info, source: bytes, base: 0, range, entries: Vec::new() }
    }

    /// A log for the source range `range`, of which `bytes` (read from offset `base`) hold at
    /// least the part the log's entries name: a block of a record file.
    pub fn for_range(info: Arc<Source>, bytes: Arc<Vec<u8>>, base: u32, range: (u32, u32)) -> Log {
        Log { path: info.path.to_string(), info, source: bytes, base, range, entries: Vec::new() }
    }

    /// A log for bytes that have no [`Source`] yet (tests, small inputs): copies them.
    pub fn new(path: &str, bytes: &[u8]) -> Log {
        let info = Arc::new(Source::new(path.to_string(), bytes, String::new()));
        Log::for_source(info, Arc::new(bytes.to_vec()))
    }

    /// An empty log for the same source (one per record or article cleaned in parallel).
    pub fn fork(&self) -> Log {
        Log {
            path: self.path.clone(),
            info: self.info.clone(),
            source: self.source.clone(),
            base: self.base,
            range: self.range,
            entries: Vec::new(),
        }
    }

    fn push(&mut self, pass: &str, action: &str, reason: &str, start: u32, end: u32, after: &str) {
        let line = self.line_of(start);
        let before = String::from_utf8_lossy(self.bytes(start, end)).into_owned();
        self.entries.push(LogEntry {
            path: self.path.clone(),
            pass: pass.to_string(),
            action: action.to_string(),
            reason: reason.to_string(),
            start,
            end,
            line,
            before,
            after: after.to_string(),
        });
    }

    /// Source bytes dropped from the text. `shown` is unused except for bytes that are not text.
    pub fn drop(&mut self, pass: &str, reason: &str, start: u32, end: u32, _shown: &str) {
        self.push(pass, "drop", reason, start, end, "");
    }

    /// Source bytes rewritten as `after`. `before_override` replaces the shown source text when set.
    pub fn replace(&mut self, pass: &str, reason: &str, start: u32, end: u32, before_override: &str, after: &str) {
        self.push(pass, "replace", reason, start, end, after);
        if !before_override.is_empty() {
            if let Some(e) = self.entries.last_mut() {
                e.before = before_override.to_string();
            }
        }
    }

    /// Source bytes dropped from the text and kept as a metadata field (`after` names it).
    pub fn metadata(&mut self, pass: &str, reason: &str, start: u32, end: u32, field: &str) {
        self.push(pass, "metadata", reason, start, end, field);
    }

    /// Two pieces of text joined: the source bytes between them (`[start, end)`) became `after`.
    pub fn join(&mut self, pass: &str, reason: &str, start: u32, end: u32, after: &str) {
        self.push(pass, "join", reason, start, end, after);
    }

    /// A passage moved out of source order (`[start, end)` is the passage).
    pub fn moved(&mut self, pass: &str, reason: &str, start: u32, end: u32) {
        self.push(pass, "move", reason, start, end, "");
    }

    /// A passage whose place was chosen among competitors (`[start, end)` is the passage; the reason
    /// names the place taken and the competing places with their scores): a note, not an edit.
    pub fn guessed(&mut self, pass: &str, reason: &str, start: u32, end: u32) {
        self.push(pass, "guess", reason, start, end, "");
    }

    /// Text ingest could not place (kept where it was): a note, not an edit.
    pub fn unplaced(&mut self, pass: &str, reason: &str, start: u32, end: u32) {
        self.push(pass, "unplaced", reason, start, end, "");
    }

    /// 1-based line of a source offset.
    pub fn line_of(&self, offset: u32) -> u32 {
        self.info.line_column(offset).0
    }

    /// The source bytes `[start, end)`, as far as they were read.
    fn bytes(&self, start: u32, end: u32) -> &[u8] {
        let at = |o: u32| (o.saturating_sub(self.base) as usize).min(self.source.len());
        let (a, b) = (at(start), at(end));
        &self.source[a.min(b)..b]
    }

    /// Log as dropped the whitespace that no text keeps and no entry of `entries` (this file's
    /// log) accounts for: blank space trimmed at the edges of paragraphs and texts by the passes
    /// that shape them. A gap that holds anything but whitespace (or JSON escapes of whitespace) is
    /// left unlogged, for the provenance tests to find: it would be text lost silently.
    pub fn account_whitespace(&self, kept: &[(u32, u32)], entries: &mut Vec<LogEntry>) {
        let gaps = uncovered_in(self.range, kept, entries);
        let mut edges = self.fork();
        for (a, b) in gaps {
            if only_whitespace(self.bytes(a, b)) {
                edges.drop("whitespace", "blank space at the edge of a paragraph or a text", a, b, "");
            }
        }
        entries.append(&mut edges.entries);
    }
}

/// Whether source bytes are whitespace only, reading JSON's escapes of whitespace (`\n`, `\t`,
/// `\r`, `\f`, `\u00a0`, …) as the characters they stand for.
fn only_whitespace(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if !c.is_whitespace() {
                return false;
            }
            continue;
        }
        let ok = match chars.next() {
            Some('n' | 't' | 'r' | 'f') => true,
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).is_some_and(char::is_whitespace)
            }
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Source ranges of `len` bytes covered neither by `kept` (merged, sorted) nor by a drop or metadata
/// entry: the bytes lost silently. Empty when ingest kept its promise.
pub fn uncovered(len: u32, kept: &[(u32, u32)], log: &[LogEntry]) -> Vec<(u32, u32)> {
    uncovered_in((0, len), kept, log)
}

/// [`uncovered`] within the source range `range` (a block of a record file).
pub fn uncovered_in(range: (u32, u32), kept: &[(u32, u32)], log: &[LogEntry]) -> Vec<(u32, u32)> {
    let (start, len) = range;
    let mut all: Vec<(u32, u32)> = kept.to_vec();
    all.extend(log.iter().filter(|e| e.action == "drop" || e.action == "metadata").map(|e| (e.start, e.end)));
    all.sort_unstable();
    let mut gaps = Vec::new();
    let mut pos = start;
    for (a, b) in all {
        if a > pos {
            gaps.push((pos, a));
        }
        pos = pos.max(b);
    }
    if pos < len {
        gaps.push((pos, len));
    }
    gaps
}
