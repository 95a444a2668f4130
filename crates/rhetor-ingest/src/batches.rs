//! Cleaning in batches of files, documents handed on in corpus order as they are ready: what lets a
//! streaming run hold one batch of texts instead of the whole corpus.
//!
//! Files are planned all at once (cheap: paths and metadata), then read, decoded and cleaned a batch
//! at a time in parallel. A transcript needs nothing from other files, so its documents go out as
//! soon as their batch is read. The print and web profiles consult evidence from the whole corpus
//! (attested hyphenated forms, word sequences across joins): at the first file that needs it, the
//! rest of the corpus is read at once, the files already handed on are read again for their texts,
//! and everything left is finished with the evidence of all of them — the same documents as one
//! batch of everything gives, with memory that grows with the corpus from that point (documented in
//! docs/distributed.md).
//! (The files themselves are finished in `finish`, a chunk at a time by `cleaner`.)

use crate::blocks::{BlockedFile, plan_blocks};
use crate::build::{CleanDoc, Cleaned, Ingested, Streamed, build, build_each, build_into, segment_options};
use crate::clean::evidence::HashedWords;
use crate::clean::evidence_rounds::{Asked, Counted};
use crate::cleaner::Cleaner;
use crate::finish::{CleanedRest, read_files, sources};
use crate::plan::{check_blocks_found, plan_root};
use crate::read::{Planned, sha256_hex};
use crate::{IngestError, IngestOptions};
use rayon::prelude::*;
use rhetor_doc::{Document, SegmentOptions, Vocabulary};
use std::path::PathBuf;
use std::sync::Arc;

/// Ingest files and folders: [`clean_paths`], then [`build`].
pub fn ingest(paths: &[PathBuf], options: &IngestOptions) -> Result<Ingested, IngestError> {
    build(clean_paths(paths, options)?, options)
}

/// Read and clean files and folders. Folders are walked recursively in sorted order; a manifest
/// (`corpus.toml` in the folder, or `options.manifest`) supplies metadata and says how record files
/// are read. Files are decoded and cleaned in parallel; the print and web profiles then consult
/// evidence gathered from the whole corpus (attested hyphenated forms, word sequences across joins).
/// Documents repeating an earlier text are reported (and dropped when configured). All the corpus in
/// one batch of [`crate::clean_each`].
pub fn clean_paths(paths: &[PathBuf], options: &IngestOptions) -> Result<Cleaned, IngestError> {
    let mut docs = Vec::new();
    let rest = clean_each(paths, options, usize::MAX, |d| docs.push(d))?;
    Ok(Cleaned {
        docs,
        inputs: rest.inputs,
        warnings: rest.warnings,
        log: rest.log,
        files: rest.files,
        sources: rest.sources,
        languages: rest.languages,
    })
}

/// Read and clean files and folders `batch` files at a time (see the module documentation), handing
/// each document to `each` in corpus order. A document repeating an earlier text is reported, and
/// skipped when `options.skip_duplicates` says so.
pub fn clean_each(
    paths: &[PathBuf],
    options: &IngestOptions,
    batch: usize,
    mut each: impl FnMut(CleanDoc),
) -> Result<CleanedRest, IngestError> {
    let mut cleaner = Cleaner::new(paths, options, batch)?;
    while let Some(docs) = cleaner.next_chunk()? {
        docs.into_iter().for_each(&mut each);
    }
    cleaner.finish()
}

/// Read, clean and tokenize files and folders a batch at a time, handing each document to `each` in
/// corpus order with the corpus vocabulary that holds its forms, then dropping it: memory holds one
/// batch of files and of document models (until a file needs corpus evidence: see the module
/// documentation), never the whole corpus. Documents, form ids, warnings and log are the ones
/// [`crate::ingest`] gives. `batch` files are read together, and `batch` documents tokenized
/// together when there are several threads.
pub fn stream_documents(
    paths: &[PathBuf],
    options: &IngestOptions,
    batch: usize,
    each: impl FnMut(Document, &Vocabulary),
) -> Result<Streamed, IngestError> {
    stream_cleaned(options, batch, each, |hand| clean_each(paths, options, batch, hand))
}

/// [`stream_documents`] of the documents `clean` hands on (files, or rows: see `rows.rs`).
pub(crate) fn stream_cleaned(
    options: &IngestOptions,
    batch: usize,
    mut each: impl FnMut(Document, &Vocabulary),
    clean: impl FnOnce(&mut dyn FnMut(CleanDoc)) -> Result<CleanedRest, IngestError>,
) -> Result<Streamed, IngestError> {
    let segment = segment_options(options);
    // Room for a corpus of speeches' forms from the start: the table is not grown step by step.
    let mut vocab = Vocabulary::with_capacity(1 << 15, 1 << 18);
    let one_thread = rayon::current_num_threads() == 1;
    let mut pending: Vec<CleanDoc> = Vec::new();
    let rest = clean(&mut |d| {
        if one_thread {
            let doc = build_into(d, &segment, &mut vocab);
            each(doc, &vocab);
        } else {
            pending.push(d);
            if pending.len() >= batch {
                build_batch(&mut pending, &segment, &mut vocab, &mut each);
            }
        }
    })?;
    build_batch(&mut pending, &segment, &mut vocab, &mut each);
    Ok(Streamed { vocab, inputs: rest.inputs, warnings: rest.warnings, log: rest.log })
}

/// Tokenize the pending documents in parallel, each with a vocabulary of its own, then move their
/// forms into the corpus vocabulary in order and hand them on.
fn build_batch(
    pending: &mut Vec<CleanDoc>,
    segment: &[SegmentOptions; 2],
    vocab: &mut Vocabulary,
    each: &mut impl FnMut(Document, &Vocabulary),
) {
    let parts = build_each(std::mem::take(pending), segment);
    for (mut doc, local) in parts {
        rhetor_doc::adopt(vocab, &mut doc, &local);
        each(doc, vocab);
    }
}

/// The record files under `paths` that `options.record_block_bytes` cuts into blocks, each block
/// given its shard of `shards` (`rhetor splits`): every record file read once, decoded and parsed
/// (not cleaned), in parallel.
pub fn plan_splits(paths: &[PathBuf], options: &IngestOptions, shards: usize) -> Result<Vec<BlockedFile>, IngestError> {
    let options = IngestOptions { split: None, blocks: None, evidence: None, ..options.clone() };
    let mut planned = Vec::new();
    let (mut inputs, mut warnings) = (Vec::new(), Vec::new());
    for (i, root) in paths.iter().enumerate() {
        plan_root(i, root, &options, &mut planned, &mut inputs, &mut warnings)?;
    }
    let planned: Vec<Planned> = planned.into_iter().filter(|p| p.format.is_records()).collect();
    let blocked: Vec<Option<BlockedFile>> = planned
        .into_par_iter()
        .map(|p| {
            let bytes =
                std::fs::read(&p.path).map_err(|e| IngestError::Io { path: p.order.path.clone(), source: e })?;
            let sha256 = sha256_hex(&bytes);
            let text_field = p.source.as_ref().map_or("text", |s| s.field("text"));
            let bytes = Arc::new(bytes);
            Ok(plan_blocks(&p.order.path, p.format, &bytes, &sha256, text_field, options.record_block_bytes, shards))
        })
        .collect::<Result<_, IngestError>>()?;
    Ok(blocked.into_iter().flatten().collect())
}

/// Round 1 or 2 of the corpus evidence (see [`crate::clean::evidence_rounds`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceRound {
    Asked(Asked),
    Counted(Counted),
}

/// Round 1 of the corpus evidence over the files of `options.split`'s shard (all of them without
/// one), or round 2 when given the merged round 1 (`asked`); files are read a batch at a time.
pub fn evidence_round(
    paths: &[PathBuf],
    options: &IngestOptions,
    asked: Option<&Asked>,
    batch: usize,
) -> Result<EvidenceRound, IngestError> {
    let mut planned = Vec::new();
    let (mut inputs, mut warnings) = (Vec::new(), Vec::new());
    for (i, root) in paths.iter().enumerate() {
        plan_root(i, root, options, &mut planned, &mut inputs, &mut warnings)?;
    }
    check_blocks_found(&planned, options)?;
    planned.retain(|p| p.own);
    let mut round = match asked {
        None => EvidenceRound::Asked(Asked::default()),
        Some(_) => EvidenceRound::Counted(Counted::default()),
    };
    let mut planned = planned.into_iter();
    loop {
        let chunk: Vec<Planned> = planned.by_ref().take(batch.max(1)).collect();
        if chunk.is_empty() {
            break;
        }
        let files = read_files(chunk, options, &mut Vec::new(), &mut Vec::new())?;
        let (wanted, texts, hashed) = sources(files.iter());
        let all = HashedWords::of_texts(texts.iter().copied());
        let mut sources: Vec<&HashedWords> = vec![&all];
        sources.extend(hashed.iter().copied());
        match (&mut round, asked) {
            (EvidenceRound::Asked(a), _) => a.merge(&Asked::of(&sources, &wanted)),
            (EvidenceRound::Counted(c), Some(asked)) => c.merge(&Counted::of(&sources, asked)),
            (EvidenceRound::Counted(_), None) => {}
        }
    }
    Ok(round)
}
