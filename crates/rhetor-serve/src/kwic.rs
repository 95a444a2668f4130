//! The concordance behind the explorer: the documents' texts tokenized once, in a thread of its
//! own after the server starts (start-up does not wait for it), and searched with `rhetor kwic`'s
//! patterns (`rhetor_rhetoric::commands::Concordance`: a word, glob, phrase or `@CATEGORY` of the
//! run's dictionary) across the documents a request selects, in parallel. The last queries' lines
//! are kept, so paging and re-sorting do not search again.

use rayon::prelude::*;
use rhetor_config::ConfigFile;
use rhetor_doc::{Document, Metadata, OffsetMap, SegmentOptions, Source, Span, Vocabulary};
use rhetor_rhetoric::commands::Concordance;
use std::sync::{Arc, Condvar, Mutex};

/// Lines kept for one query at most: more is a query to narrow.
pub const MAX_LINES: usize = 100_000;
/// Queries whose lines are kept.
const CACHED_QUERIES: usize = 16;

/// One concordance line: the document, the match's and its context's byte spans in the text.
#[derive(Debug, Clone)]
pub struct Line {
    pub doc: usize,
    pub left: Span,
    pub hit: Span,
    pub right: Span,
    pub entry: String,
}

/// The lines of a query, and whether there were more than [`MAX_LINES`].
#[derive(Debug)]
pub struct Found {
    pub lines: Vec<Line>,
    pub truncated: bool,
}

struct Index {
    docs: Vec<Document>,
    vocab: Vocabulary,
}

/// The tokenized texts (once built) and the dictionary config.
pub struct Kwic {
    index: Mutex<Option<Arc<Index>>>,
    ready: Condvar,
    config: ConfigFile,
    cache: Mutex<Vec<(String, Arc<Found>)>>,
}

impl std::fmt::Debug for Kwic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kwic").finish_non_exhaustive()
    }
}

impl Kwic {
    pub fn new(config: ConfigFile) -> Kwic {
        Kwic { index: Mutex::new(None), ready: Condvar::new(), config, cache: Mutex::new(Vec::new()) }
    }

    /// Tokenize `texts` (with their ids and offset maps) into the index; requests wait for it.
    pub fn build(&self, texts: Vec<(String, String, Vec<rhetor_doc::Segment>)>) {
        let mut vocab = Vocabulary::with_capacity(1 << 15, 1 << 18);
        let options = SegmentOptions::default();
        let source = Arc::new(Source::new(String::new(), &[], String::new()));
        let docs = texts
            .into_iter()
            .map(|(id, text, segments)| {
                let offsets = OffsetMap::from_segments(segments);
                let src = Arc::clone(&source);
                Document::build(id, Metadata::default(), text, src, offsets, &options, &mut vocab)
            })
            .collect();
        if let Ok(mut slot) = self.index.lock() {
            *slot = Some(Arc::new(Index { docs, vocab }));
        }
        self.ready.notify_all();
    }

    fn index(&self) -> Option<Arc<Index>> {
        let mut slot = self.index.lock().ok()?;
        while slot.is_none() {
            slot = self.ready.wait(slot).ok()?;
        }
        slot.clone()
    }

    /// The lines of `pattern` in documents `selected` (in corpus order), `context` words each
    /// side; cached under `key`. An error is the pattern's problem, for the page.
    pub fn find(&self, key: &str, pattern: &str, selected: &[usize], context: usize) -> Result<Arc<Found>, String> {
        if let Some(found) = self.cache.lock().ok().and_then(|c| c.iter().find(|(k, _)| k == key).map(|x| x.1.clone()))
        {
            return Ok(found);
        }
        let concordance = Concordance::new(pattern, &self.config).map_err(|e| e.to_string())?;
        let Some(index) = self.index() else { return Err("the concordance index could not be built".into()) };
        let per_doc: Vec<Vec<Line>> = selected
            .par_iter()
            .map(|&d| {
                let Some(doc) = index.docs.get(d) else { return Vec::new() };
                concordance
                    .hits(doc, &index.vocab)
                    .into_iter()
                    .map(|h| {
                        let (left, right) = context_of(doc, h.first_token, h.last_token, context);
                        let hit = Span::new(doc.tokens[h.first_token].start, doc.tokens[h.last_token].end);
                        Line { doc: d, left, hit, right, entry: h.entry.to_string() }
                    })
                    .collect()
            })
            .collect();
        let total: usize = per_doc.iter().map(Vec::len).sum();
        let lines: Vec<Line> = per_doc.into_iter().flatten().take(MAX_LINES).collect();
        let found = Arc::new(Found { lines, truncated: total > MAX_LINES });
        if let Ok(mut c) = self.cache.lock() {
            if c.len() >= CACHED_QUERIES {
                c.remove(0);
            }
            c.push((key.to_string(), Arc::clone(&found)));
        }
        Ok(found)
    }

    /// The text of `span` in document `doc` (empty while the index is not built).
    pub fn text(&self, doc: usize, span: Span) -> String {
        let Some(index) = self.index() else { return String::new() };
        index.docs.get(doc).and_then(|d| d.text.get(span.start as usize..span.end as usize)).unwrap_or("").to_string()
    }

    /// Source byte offset of a document byte (through the offset map).
    pub fn source_offset(&self, doc: usize, pos: u32) -> Option<u32> {
        let index = self.index()?;
        let d = index.docs.get(doc)?;
        Some(d.offsets.map_span(pos, pos.saturating_add(1).min(d.offsets.doc_len()).max(pos)).0)
    }
}

/// The spans of `n` words before token `first` and after token `last`, within the document.
fn context_of(doc: &Document, first: usize, last: usize, n: usize) -> (Span, Span) {
    let mut start = first;
    let mut words = 0;
    while start > 0 && words < n {
        start -= 1;
        words += usize::from(doc.tokens[start].kind.is_wordlike());
    }
    let mut end = last + 1;
    words = 0;
    while end < doc.tokens.len() {
        if doc.tokens[end].kind.is_wordlike() {
            if words == n {
                break;
            }
            words += 1;
        }
        end += 1;
    }
    let left = Span::new(doc.tokens[start].start, doc.tokens[first].start);
    let right_end = if end > last + 1 { doc.tokens[end - 1].end } else { doc.tokens[last].end };
    (left, Span::new(doc.tokens[last].end, right_end))
}
