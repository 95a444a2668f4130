//! Building documents from cleaned texts: tokenizing and segmenting them in parallel (longest
//! first) into one corpus with one vocabulary, or document by document for the streaming runs.

use crate::mapped::Mapped;
use crate::{IngestError, IngestOptions, Warning};
use rayon::prelude::*;
use rhetor_doc::{Abbreviations, Corpus, Document, Metadata, SegmentOptions, Source, Vocabulary};
use rhetor_doc::{InputFile, LogEntry};
use std::sync::Arc;

/// What ingest produced.
#[derive(Debug)]
pub struct Ingested {
    pub corpus: Corpus,
    /// Every file read (documents, manifests, metadata tables), in order, with its SHA-256.
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    /// Every edit ingest made, file by file in input order.
    pub log: Vec<LogEntry>,
    /// The files read, in corpus order, with their places in it, and their sources (see
    /// [`crate::CleanedRest`]).
    pub files: Vec<rhetor_doc::FileOrder>,
    pub sources: Vec<Arc<Source>>,
    /// Each document's block and place among the block's documents ([`CleanDoc::seq`]).
    pub seqs: Vec<(u32, u32)>,
    /// Documents whose language was detected, and those left out, by language.
    pub languages: (usize, Vec<(String, usize)>),
}

/// Cleaned texts, before tokenizing: what [`clean_paths`] returns and [`build`] turns into a corpus.
#[derive(Debug)]
pub struct Cleaned {
    pub docs: Vec<CleanDoc>,
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    pub log: Vec<LogEntry>,
    pub files: Vec<rhetor_doc::FileOrder>,
    pub sources: Vec<Arc<Source>>,
    pub languages: (usize, Vec<(String, usize)>),
}

/// One document's cleaned text, metadata and source.
#[derive(Debug)]
pub struct CleanDoc {
    pub id: String,
    /// Its file's block (0 unless a record file is read in blocks) and its place among the block's
    /// documents: what a merge of shards orders a file's documents by.
    pub block: u32,
    pub seq: u32,
    pub meta: Metadata,
    pub text: Mapped,
    pub source: Arc<Source>,
    pub markdown: bool,
}

/// Tokenize every document, in parallel a batch at a time.
pub fn build(cleaned: Cleaned, options: &IngestOptions) -> Result<Ingested, IngestError> {
    build_with(cleaned, options, false)
}

/// [`build`], each document letting go of its tokens as soon as it is built (keeping its words'
/// form ids, shared between documents of one text: see [`Document::let_go_of_tokens`]), as a batch
/// run keeps them once analysed: for a merge of shards, which has its documents' results already.
pub fn build_released(cleaned: Cleaned, options: &IngestOptions) -> Result<Ingested, IngestError> {
    build_with(cleaned, options, true)
}

fn build_with(cleaned: Cleaned, options: &IngestOptions, release: bool) -> Result<Ingested, IngestError> {
    let Prepared { docs, inputs, warnings, log, files, sources, languages, segment } = prepare(cleaned, options);
    let seqs: Vec<(u32, u32)> = docs.iter().map(|d| (d.block, d.seq)).collect();
    // Documents of one text, by its fingerprint: the released share their words.
    let mut by_text: rustc_hash::FxHashMap<(usize, u64, u64), usize> = rustc_hash::FxHashMap::default();
    let mut keep = |corpus: &mut Corpus, mut doc: Document| {
        if release {
            doc.let_go_of_tokens();
            match by_text.entry(crate::fingerprint(&doc.text)) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    doc.share_words_with(&corpus.documents[*e.get()]);
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(corpus.documents.len());
                }
            }
        }
        corpus.documents.push(doc);
    };
    if rayon::current_num_threads() == 1 {
        let mut corpus =
            Corpus { documents: Vec::with_capacity(docs.len()), vocab: Vocabulary::with_capacity(1 << 15, 1 << 18) };
        for d in docs {
            let doc = build_into(d, &segment, &mut corpus.vocab);
            keep(&mut corpus, doc);
        }
        return Ok(Ingested { corpus, inputs, warnings, log, files, sources, languages, seqs });
    }
    // A batch at a time, so that the documents' own vocabularies (their forms' strings, many times
    // the corpus vocabulary's all told) are held for one batch only.
    let batch = (rayon::current_num_threads() * 32).max(64);
    let mut corpus =
        Corpus { documents: Vec::with_capacity(docs.len()), vocab: Vocabulary::with_capacity(1 << 15, 1 << 18) };
    let mut docs = docs.into_iter();
    loop {
        let chunk: Vec<CleanDoc> = docs.by_ref().take(batch).collect();
        if chunk.is_empty() {
            break;
        }
        for (mut doc, local) in build_each(chunk, &segment) {
            rhetor_doc::adopt(&mut corpus.vocab, &mut doc, &local);
            keep(&mut corpus, doc);
        }
    }
    Ok(Ingested { corpus, inputs, warnings, log, files, sources, languages, seqs })
}

/// What [`crate::stream_documents`] leaves once every document has been handed on.
#[derive(Debug)]
pub struct Streamed {
    /// The corpus vocabulary: every form of every document, ids in order of first occurrence.
    pub vocab: Vocabulary,
    pub inputs: Vec<InputFile>,
    pub warnings: Vec<Warning>,
    pub log: Vec<LogEntry>,
}

/// The documents left to tokenize, and how.
struct Prepared {
    docs: Vec<CleanDoc>,
    inputs: Vec<InputFile>,
    warnings: Vec<Warning>,
    log: Vec<LogEntry>,
    files: Vec<rhetor_doc::FileOrder>,
    sources: Vec<Arc<Source>>,
    languages: (usize, Vec<(String, usize)>),
    /// Segmentation options for plain texts and for Markdown.
    segment: [SegmentOptions; 2],
}

/// The segmentation options for plain texts and for Markdown.
fn prepare(cleaned: Cleaned, options: &IngestOptions) -> Prepared {
    let Cleaned { docs, inputs, warnings, log, files, sources, languages } = cleaned;
    Prepared { docs, inputs, warnings, log, files, sources, languages, segment: segment_options(options) }
}

pub(crate) fn segment_options(options: &IngestOptions) -> [SegmentOptions; 2] {
    let abbreviations = Abbreviations::with_extra(&options.extra_abbreviations);
    let plain = SegmentOptions { abbreviations, markdown: false };
    let markdown = SegmentOptions { markdown: true, ..plain.clone() };
    [plain, markdown]
}

/// Tokenize and segment one cleaned document straight into the corpus vocabulary: on one thread,
/// documents taken in corpus order get the ids that [`build_one`] and [`rhetor_doc::adopt`] give,
/// without a per-document vocabulary to merge and tokens to re-point.
pub(crate) fn build_into(d: CleanDoc, segment: &[SegmentOptions; 2], vocab: &mut Vocabulary) -> Document {
    let (text, offsets) = d.text.into_parts();
    let opts = &segment[usize::from(d.markdown)];
    Document::build(d.id, d.meta, text, d.source, offsets, opts, vocab)
}

/// Tokenize and segment documents in parallel, each with a vocabulary of its own; in their order.
/// The longest go first and each is a task of its own, so that no thread is left with a long one
/// at the end while the others wait.
pub(crate) fn build_each(docs: Vec<CleanDoc>, segment: &[SegmentOptions; 2]) -> Vec<(Document, Vocabulary)> {
    let mut docs: Vec<(usize, CleanDoc)> = docs.into_iter().enumerate().collect();
    docs.sort_by_key(|(k, d)| (std::cmp::Reverse(d.text.len()), *k));
    let mut built: Vec<(usize, (Document, Vocabulary))> =
        docs.into_par_iter().with_max_len(1).map(|(k, d)| (k, build_one(d, segment))).collect();
    built.sort_unstable_by_key(|(k, _)| *k);
    built.into_iter().map(|(_, b)| b).collect()
}

/// Tokenize and segment one cleaned document with a vocabulary of its own.
pub(crate) fn build_one(d: CleanDoc, segment: &[SegmentOptions; 2]) -> (Document, Vocabulary) {
    let (text, offsets) = d.text.into_parts();
    // About one new form per 20 bytes in a speech; capped for huge files.
    let forms = (text.len() / 20).min(1 << 16);
    let mut vocab = Vocabulary::with_capacity(forms, forms * 8);
    let opts = &segment[usize::from(d.markdown)];
    let doc = Document::build(d.id, d.meta, text, d.source, offsets, opts, &mut vocab);
    (doc, vocab)
}
