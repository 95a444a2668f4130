//! Helpers shared by the fuzz targets in `fuzz_targets/`: a scratch folder for the targets that
//! must go through files, a one-thread rayon pool (the fuzzer runs one input at a time, and the
//! machine's other cores are someone else's), and the invariants every built document must hold.
#![allow(clippy::unwrap_used)]

use rhetor_doc::Document;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Once per process: a one-thread global rayon pool and a fresh scratch folder of its own (no
/// `corpus.toml` in it, so ingest reads each file as it is named).
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
        let dir = std::env::temp_dir().join(format!("rhetor-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// Write `bytes` to `name` in the scratch folder and return its path.
pub fn write_scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The input's first byte (a selector: which format, which profile) and the rest.
pub fn split_selector(data: &[u8]) -> Option<(u8, &[u8])> {
    let (&first, rest) = data.split_first()?;
    Some((first, rest))
}

/// The document model's invariants (rhetor-doc's Architecture Invariants): every token, sentence
/// and paragraph span lies inside the text on char boundaries, in order; index ranges stay in
/// bounds; the offset map covers the text and maps into the source.
pub fn check_document(doc: &Document) {
    let text = &doc.text;
    let len = text.len();
    let on_boundary = |at: u32, what: &str| {
        assert!(at as usize <= len, "{}: {what} offset {at} beyond the text ({len} bytes)", doc.id);
        assert!(text.is_char_boundary(at as usize), "{}: {what} offset {at} not on a char boundary", doc.id);
    };
    let mut prev_end = 0;
    for (i, t) in doc.tokens.iter().enumerate() {
        on_boundary(t.start, "token start");
        on_boundary(t.end, "token end");
        assert!(t.start < t.end, "{}: token {i} is empty or reversed ({}..{})", doc.id, t.start, t.end);
        assert!(prev_end <= t.start, "{}: token {i} ({}..{}) overlaps the previous one", doc.id, t.start, t.end);
        prev_end = t.end;
    }
    let ntok = doc.tokens.len() as u32;
    for (i, s) in doc.sentences.iter().enumerate() {
        on_boundary(s.span.start, "sentence start");
        on_boundary(s.span.end, "sentence end");
        assert!(s.span.start <= s.span.end, "{}: sentence {i} reversed", doc.id);
        assert!(s.tokens.start <= s.tokens.end && s.tokens.end <= ntok, "{}: sentence {i} tokens out of range", doc.id);
    }
    let nsent = doc.sentences.len() as u32;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        on_boundary(p.span.start, "paragraph start");
        on_boundary(p.span.end, "paragraph end");
        assert!(p.span.start <= p.span.end, "{}: paragraph {i} reversed", doc.id);
        assert!(
            p.tokens.start <= p.tokens.end && p.tokens.end <= ntok,
            "{}: paragraph {i} tokens out of range",
            doc.id
        );
        assert!(
            p.sentences.start <= p.sentences.end && p.sentences.end <= nsent,
            "{}: paragraph {i} sentences out of range",
            doc.id
        );
    }
    let npara = doc.paragraphs.len() as u32;
    for (i, s) in doc.sections.iter().enumerate() {
        assert!(
            s.paragraphs.start <= s.paragraphs.end && s.paragraphs.end <= npara,
            "{}: section {i} paragraphs out of range",
            doc.id
        );
    }
    assert_eq!(doc.offsets.doc_len() as usize, len, "{}: the offset map does not cover the text", doc.id);
    for t in &doc.tokens {
        let s = doc.source_span(t.span());
        assert!(
            s.start <= s.end && u64::from(s.end) <= doc.source.len,
            "{}: token {}..{} maps to {}..{} beyond the source ({} bytes)",
            doc.id,
            t.start,
            t.end,
            s.start,
            s.end,
            doc.source.len
        );
    }
}
