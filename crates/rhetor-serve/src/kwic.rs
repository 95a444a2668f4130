//! The concordance behind the explorer: the documents' texts tokenized once, in a thread of its
//! own after the server starts (start-up does not wait for it), and searched with `rhetor kwic`'s
//! patterns (`rhetor_rhetoric::commands::Concordance`: a word, glob, phrase or `@CATEGORY` of the
//! run's dictionary) across the documents a request selects, in parallel. The last queries' lines
//! and their sorted orders are kept, so paging and re-sorting do not search again; requests for a
//! query being searched wait for that search instead of repeating it.

use rayon::prelude::*;
use rhetor_config::ConfigFile;
use rhetor_doc::{Document, Metadata, OffsetMap, SegmentOptions, Source, Span, Vocabulary};
use rhetor_rhetoric::commands::Concordance;
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// Lines kept for one query at most: more is a query to narrow.
pub const MAX_LINES: usize = 100_000;
/// Lines kept for the last queries, all told (about 60 MB), and queries kept: the oldest go first.
const CACHED_LINES: usize = 1_000_000;
const CACHED_QUERIES: usize = 256;
/// The longest pattern the explorer searches for, in bytes, and its gaps (`{0,3}`) at most: each
/// gap widens the search at every word (`rhetor kwic` takes any pattern).
pub const MAX_PATTERN: usize = 200;
pub const MAX_GAPS: usize = 4;
/// A search stops after this long, with the lines found so far.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// One concordance line: the document, the match's and its context's byte spans in the text.
#[derive(Debug, Clone)]
pub struct Line {
    pub doc: usize,
    pub left: Span,
    pub hit: Span,
    pub right: Span,
    pub entry: String,
}

/// The lines of a query (at most [`MAX_LINES`]), whether there were more, and their orders by left
/// and by right context (made when first asked for).
#[derive(Debug)]
pub struct Found {
    pub lines: Vec<Line>,
    pub truncated: bool,
    orders: [OnceLock<Vec<usize>>; 2],
}

/// A query's lines once searched (or why not), shared by the requests that ask for it.
type Slot = Arc<OnceLock<Result<Arc<Found>, String>>>;

struct Index {
    docs: Vec<Document>,
    vocab: Vocabulary,
    /// For each form, the documents that hold it (ascending).
    postings: Vec<Vec<u32>>,
}

/// Documents searched together; the search stops after the batch that reaches [`MAX_LINES`] or
/// passes the deadline.
const BATCH: usize = 256;

/// The tokenized texts (once built) and the dictionary config.
pub struct Kwic {
    index: OnceLock<Index>,
    gate: Mutex<()>,
    ready: Condvar,
    config: ConfigFile,
    cache: Mutex<Vec<(String, Slot)>>,
}

impl std::fmt::Debug for Kwic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kwic").finish_non_exhaustive()
    }
}

impl Kwic {
    pub fn new(config: ConfigFile) -> Kwic {
        Kwic {
            index: OnceLock::new(),
            gate: Mutex::new(()),
            ready: Condvar::new(),
            config,
            cache: Mutex::new(Vec::new()),
        }
    }

    /// Tokenize `texts` (with their ids and offset maps) into the index; requests wait for it.
    pub fn build(&self, texts: Vec<(String, String, Vec<rhetor_doc::Segment>)>) {
        let mut vocab = Vocabulary::with_capacity(1 << 15, 1 << 18);
        let options = SegmentOptions::default();
        let source = Arc::new(Source::new(String::new(), &[], String::new()));
        let docs: Vec<Document> = texts
            .into_iter()
            .map(|(id, text, segments)| {
                let offsets = OffsetMap::from_segments(segments);
                let src = Arc::clone(&source);
                Document::build(id, Metadata::default(), text, src, offsets, &options, &mut vocab)
            })
            .collect();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocab.len()];
        let mut forms: Vec<u32> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            forms.clear();
            forms.extend(doc.tokens.iter().map(|t| t.form.0));
            forms.sort_unstable();
            forms.dedup();
            for &f in &forms {
                if let Some(p) = postings.get_mut(f as usize) {
                    p.push(d as u32);
                }
            }
        }
        let _ = self.index.set(Index { docs, vocab, postings });
        let _gate = self.gate.lock();
        self.ready.notify_all();
    }

    /// The index, once built (requests before wait for it).
    fn index(&self) -> Option<&Index> {
        loop {
            if let Some(i) = self.index.get() {
                return Some(i);
            }
            let gate = self.gate.lock().ok()?;
            if self.index.get().is_none() {
                drop(self.ready.wait(gate).ok()?);
            }
        }
    }

    /// The lines of `pattern` in documents `selected` (in corpus order), `context` words each
    /// side; cached under `key`. An error is the pattern's problem, for the page.
    pub fn find(&self, key: &str, pattern: &str, selected: &[usize], context: usize) -> Result<Arc<Found>, String> {
        let slot: Slot = {
            let Ok(mut cache) = self.cache.lock() else { return Err("the concordance cache failed".into()) };
            match cache.iter().find(|(k, _)| k == key) {
                Some((_, slot)) => Arc::clone(slot),
                None => {
                    let lines = |s: &Slot| s.get().and_then(|r| r.as_ref().ok()).map_or(0, |f| f.lines.len());
                    while cache.len() >= CACHED_QUERIES
                        || (cache.len() > 1 && cache.iter().map(|(_, s)| lines(s)).sum::<usize>() > CACHED_LINES)
                    {
                        cache.remove(0);
                    }
                    let slot = Slot::default();
                    cache.push((key.to_string(), Arc::clone(&slot)));
                    slot
                }
            }
        };
        slot.get_or_init(|| self.search(pattern, selected, context)).clone()
    }

    fn search(&self, pattern: &str, selected: &[usize], context: usize) -> Result<Arc<Found>, String> {
        if pattern.len() > MAX_PATTERN {
            return Err(format!("a pattern of at most {MAX_PATTERN} bytes here (rhetor kwic takes any)"));
        }
        if pattern.matches('{').count() > MAX_GAPS {
            return Err(format!("at most {MAX_GAPS} gaps in a pattern here (rhetor kwic takes any)"));
        }
        let started = std::time::Instant::now();
        let concordance = Concordance::new(pattern, &self.config).map_err(|e| e.to_string())?;
        let Some(index) = self.index() else { return Err("the concordance index could not be built".into()) };
        // Only documents that hold a form a hit can begin with (when the pattern says which).
        let candidates: Vec<usize> = match concordance.start_forms(&index.vocab) {
            Some(mask) => {
                let mut holds = vec![false; index.docs.len()];
                for (f, on) in mask.iter().enumerate() {
                    if *on {
                        for &d in index.postings.get(f).map_or(&[][..], Vec::as_slice) {
                            holds[d as usize] = true;
                        }
                    }
                }
                selected.iter().copied().filter(|&d| holds.get(d).copied().unwrap_or(false)).collect()
            }
            None => selected.to_vec(),
        };
        let mut lines: Vec<Line> = Vec::new();
        let mut truncated = false;
        for batch in candidates.chunks(BATCH) {
            let found: Vec<Vec<Line>> = batch
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
            lines.extend(found.into_iter().flatten());
            if lines.len() > MAX_LINES {
                lines.truncate(MAX_LINES);
                truncated = true;
                break;
            }
            if started.elapsed() > DEADLINE {
                truncated = true;
                break;
            }
        }
        Ok(Arc::new(Found { lines, truncated, orders: Default::default() }))
    }

    /// The lines' order: as found (`document`), or by the words of the left context read
    /// leftwards from the match, or of the right context (lowercase, then as found).
    pub fn order<'f>(&self, found: &'f Found, sort: &str) -> std::borrow::Cow<'f, [usize]> {
        let k = match sort {
            "left" => 0,
            "right" => 1,
            _ => return (0..found.lines.len()).collect::<Vec<_>>().into(),
        };
        found.orders[k]
            .get_or_init(|| {
                let keys: Vec<String> = found
                    .lines
                    .iter()
                    .map(|l| {
                        let s = self.text(l.doc, if k == 0 { l.left } else { l.right }).to_lowercase();
                        let words = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
                        if k == 0 {
                            words.rev().collect::<Vec<_>>().join(" ")
                        } else {
                            words.collect::<Vec<_>>().join(" ")
                        }
                    })
                    .collect();
                let mut order: Vec<usize> = (0..found.lines.len()).collect();
                order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
                order
            })
            .as_slice()
            .into()
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
