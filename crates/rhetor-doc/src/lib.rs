//! rhetor's document model: a [`Corpus`] of [`Document`]s, each with normalized text, a source
//! reference, an [`OffsetMap`] back to the source bytes, sections, paragraphs, sentences and tokens
//! whose lowercase forms are interned in a shared [`Vocabulary`].
//!
//! Architecture Invariant: this crate does no IO. Ingest reads files and hands text here.
//! Architecture Invariant: every token, sentence and paragraph keeps its byte span into the document
//! text, and every document span maps to a source span through the offset map.

pub mod ascii;
mod corpus;
mod document;
mod extra;
mod offsets;
pub mod panics;
mod provenance;
mod sentence;
mod short_forms;
mod structure;
mod token;
mod tokenize;
mod vocab;

pub use corpus::{Corpus, adopt};
pub use document::{Document, IndexRange, Metadata, Paragraph, Section, SegmentOptions, Sentence, Source, SourceSpan};
pub use extra::Extra;
pub use offsets::{OffsetMap, OffsetMapBuilder, Segment, map_span_in};
pub use panics::{catch, last_panic, quiet_panics};
pub use provenance::{FileOrder, InputFile, LogEntry, block_rank, block_shard, fnv1a, shard_of};
pub use sentence::{AMBIGUOUS, Abbreviations, PREPOSITIVE, split_sentences};
pub use token::{FormId, Span, Token, TokenKind};
pub use tokenize::{normalize_form, tokenize};
pub use vocab::Vocabulary;

/// Build a one-document corpus from plain text, for tests and examples.
pub fn corpus_from_text(id: &str, text: &str) -> Corpus {
    corpus_from_texts(&[(id, text)])
}

/// Build a corpus of plain-text documents `(id, text)`, each from a source `{id}.txt`, for tests
/// and examples.
pub fn corpus_from_texts(docs: &[(&str, &str)]) -> Corpus {
    use std::sync::Arc;
    let parts = docs
        .iter()
        .map(|&(id, text)| {
            let source = Arc::new(Source::new(format!("{id}.txt"), text.as_bytes(), String::new()));
            let mut vocab = Vocabulary::new();
            let doc = Document::build(
                id.to_string(),
                Metadata::default(),
                text.to_string(),
                source,
                OffsetMap::identity(0, text.len() as u32),
                &SegmentOptions::default(),
                &mut vocab,
            );
            (doc, vocab)
        })
        .collect();
    Corpus::assemble(parts)
}
