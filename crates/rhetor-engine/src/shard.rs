//! Sharded runs: a corpus split into shards (by file, see `rhetor_ingest::Split`), each shard's
//! documents read and analysed apart (another process, another machine), then the shards merged
//! into the results one run gives, byte for byte.
//!
//! A shard tokenizes only its own documents, so its form ids are its own: what it hands on — each
//! document's result and its analyzers' summaries — holds strings and stable hashes, never form
//! ids; with them, each document's fingerprints for the work across documents (passages two
//! documents share), made from its text alone. The merge tokenizes the documents' texts again in
//! corpus order (the corpus's form ids), folds the summaries in that order and runs the work across
//! documents from the shards' fingerprints, checking and extending what they match in the texts.

use crate::plan::{Plan, Planned};
use crate::result::{DocumentResult, RunInfo, RunResults};
use crate::run::{DocPrints, Fold, RunError, all_or_error, analyze_selected, document_result, finish};
use rayon::prelude::*;
use rhetor_doc::Corpus;
use serde::{Deserialize, Serialize};

pub use rhetor_doc::shard_of;

/// One document of a shard: its place in the corpus, its result, and each analyzer's summary (in
/// plan order) as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardDocument {
    pub index: usize,
    pub result: DocumentResult,
    /// Kept as the JSON text they were read as, parsed one document at a time when folded.
    pub summaries: Vec<Box<serde_json::value::RawValue>>,
    /// Its fingerprints for the work across documents (one list per analyzer, or none), made by
    /// the shard from its own tokens ([`crate::Analyzer::prints`]).
    #[serde(default, with = "crate::prints")]
    pub prints: DocPrints,
}

/// JSON `null`, for a summary that does not serialize (it then fails to merge, named).
fn raw_null() -> Box<serde_json::value::RawValue> {
    serde_json::value::RawValue::from_string("null".into()).unwrap_or_else(|_| unreachable!("null is JSON"))
}

/// Why shards do not merge.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("document {index} of the corpus (`{id}`) is in no shard")]
    Missing { index: usize, id: String },
    #[error("document {index} of the corpus (`{id}`) is in two shards")]
    Twice { index: usize, id: String },
    #[error("a shard holds document {index} as `{found}`, but the corpus has `{expected}` there")]
    Mismatch { index: usize, found: String, expected: String },
    #[error("a shard's summary of `{analyzer}` does not read: {message}")]
    Summary { analyzer: String, message: String },
    #[error("a shard has {found} summaries per document, the analyzers are {expected}")]
    Analyzers { found: usize, expected: usize },
    #[error("a shard's document `{id}` has {found} lists of fingerprints, the analyzers are {expected}")]
    Prints { id: String, found: usize, expected: usize },
    #[error(
        "the fingerprints of `{analyzer}` in a shard's document `{id}` are not those of its text (a part edited, or made by another build)"
    )]
    PrintsDiffer { id: String, analyzer: String },
    #[error("a shard's evidence in `{id}` at bytes {start}..{end} is not the document's: {why}")]
    Evidence { id: String, start: u32, end: u32, why: &'static str },
}

/// Check that a shard's evidence lies in its document and quotes it: a part edited by hand or cut
/// short does not merge into results whose evidence points nowhere.
fn check_evidence(doc: &rhetor_doc::Document, result: &DocumentResult) -> Result<(), MergeError> {
    for e in result.results.iter().flat_map(|r| &r.evidence) {
        let [start, end] = e.doc_span;
        let bad = |why| MergeError::Evidence { id: doc.id.clone(), start, end, why };
        if start > end {
            return Err(bad("the span ends before it starts"));
        }
        let Some(text) = doc.text.get(start as usize..end as usize) else {
            return Err(bad("the span lies past the text or inside a character"));
        };
        if *e.document != *doc.id {
            return Err(bad("it names another document"));
        }
        if text != e.text {
            return Err(bad("its text is not the text at that span"));
        }
    }
    Ok(())
}

/// Analyse the documents `selected` (indices into `corpus`, the shard's own documents); `group_by`
/// overrides `[run] group_by`. Each document's `index` is its place in `corpus`.
pub fn run_shard(
    corpus: &Corpus,
    plan: &Plan,
    group_by: Option<&str>,
    selected: &[usize],
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<ShardDocument>, RunError> {
    let group_field = group_by.map(str::to_string).or_else(|| plan.run.group_by.clone());
    let mine: Vec<usize> = selected.iter().copied().filter(|&i| i < corpus.documents.len()).collect();
    let ctx = crate::analyzer::Context::new(&corpus.vocab);
    all_or_error(analyze_selected(&corpus.documents, &corpus.vocab, plan, &mine, progress, |i, doc, r| ShardDocument {
        index: i,
        // Made while the document's tokens are at hand; none when no analyzer makes any.
        prints: {
            let prints: Vec<Vec<_>> =
                plan.analyzers.iter().map(|Planned { analyzer: a, .. }| a.dyn_prints(doc, &ctx)).collect();
            if prints.iter().all(Vec::is_empty) { DocPrints::default() } else { DocPrints::new(prints) }
        },
        summaries: plan
            .analyzers
            .iter()
            .zip(&r.summaries)
            .map(|(Planned { analyzer: a, .. }, s)| {
                serde_json::value::to_raw_value(&a.dyn_summary_to_json(s)).unwrap_or_else(|_| raw_null())
            })
            .collect(),
        result: document_result(plan, doc, r.outputs, group_field.as_deref()),
    }))
}

/// Check each document's fingerprints from its part against its text: those one run makes of it
/// (`filtered`: some of them, in order, when the merge kept only the shared ones), each distinct
/// list once. A part edited by hand, or made by another build, then does not merge into passages
/// found from fingerprints its texts do not have. About a fingerprinting pass over the distinct
/// texts, in parallel.
fn check_prints(corpus: &Corpus, plan: &Plan, given: &[DocPrints], filtered: bool) -> Result<(), MergeError> {
    let ctx = crate::analyzer::Context::new(&corpus.vocab);
    let mut seen = std::collections::HashSet::new();
    let distinct: Vec<usize> = (0..given.len()).filter(|&i| seen.insert(std::sync::Arc::as_ptr(&given[i]))).collect();
    let bad: Vec<Option<MergeError>> = distinct
        .par_iter()
        .map(|&i| {
            let doc = &corpus.documents[i];
            plan.analyzers.iter().enumerate().find_map(|(k, Planned { id, analyzer: a, .. })| {
                let made = a.dyn_prints(doc, &ctx);
                let got = given[i].get(k).map_or(&[][..], Vec::as_slice);
                let mut rest = made.iter();
                let same = if given[i].is_empty() {
                    made.is_empty()
                } else if filtered {
                    got.iter().all(|p| rest.any(|m| m == p))
                } else {
                    got == made.as_slice()
                };
                (!same).then(|| MergeError::PrintsDiffer { id: doc.id.clone(), analyzer: id.to_string() })
            })
        })
        .collect();
    bad.into_iter().flatten().next().map_or(Ok(()), Err)
}

/// The results of the run that the shards' documents (from every shard, in any order) are the
/// parts of; `corpus` is the whole corpus, tokenized as the shards saw it. `filtered`: the parts'
/// fingerprints were cut to those found in two documents or more (`rhetor merge --shared-prints`).
pub fn merge_shards(
    corpus: &Corpus,
    plan: &Plan,
    group_by: Option<&str>,
    parts: Vec<ShardDocument>,
    info: RunInfo,
    filtered: bool,
) -> Result<RunResults, MergeError> {
    let group_field = group_by.map(str::to_string).or_else(|| plan.run.group_by.clone());
    let n = corpus.documents.len();
    let mut slots: Vec<Option<ShardDocument>> = (0..n).map(|_| None).collect();
    for p in parts {
        let Some(doc) = corpus.documents.get(p.index) else {
            return Err(MergeError::Mismatch { index: p.index, found: p.result.id, expected: "(nothing)".into() });
        };
        if doc.id != p.result.id {
            return Err(MergeError::Mismatch { index: p.index, found: p.result.id, expected: doc.id.clone() });
        }
        check_evidence(doc, &p.result)?;
        if p.summaries.len() != plan.analyzers.len() {
            return Err(MergeError::Analyzers { found: p.summaries.len(), expected: plan.analyzers.len() });
        }
        if !p.prints.is_empty() && p.prints.len() != plan.analyzers.len() {
            return Err(MergeError::Prints { id: p.result.id, found: p.prints.len(), expected: plan.analyzers.len() });
        }
        let index = p.index;
        if slots[index].replace(p).is_some() {
            return Err(MergeError::Twice { index, id: doc.id.clone() });
        }
    }
    let mut documents = Vec::with_capacity(n);
    let mut fold = Fold::new(plan);
    for (index, slot) in slots.into_iter().enumerate() {
        let Some(p) = slot else {
            return Err(MergeError::Missing { index, id: corpus.documents[index].id.clone() });
        };
        let sums = plan
            .analyzers
            .iter()
            .zip(p.summaries)
            .map(|(Planned { id, analyzer: a, .. }, v)| {
                serde_json::from_str(v.get())
                    .and_then(|v| a.dyn_summary_from_json(v))
                    .map_err(|e| MergeError::Summary { analyzer: id.to_string(), message: e.to_string() })
            })
            .collect::<Result<Vec<_>, _>>()?;
        fold.add(plan, index, p.result.group.as_deref(), &sums);
        fold.given(index, p.prints);
        documents.push(p.result);
    }
    check_prints(corpus, plan, fold.prints.as_deref().unwrap_or_default(), filtered)?;
    let docs: Vec<&rhetor_doc::Document> = corpus.documents.iter().collect();
    Ok(finish(&docs, &corpus.vocab, plan, group_field, documents, fold, info))
}

#[cfg(test)]
mod tests {
    use super::shard_of;

    #[test]
    fn shards_are_fixed_and_cover_every_shard() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(shard_of("a", usize::MAX), (0xaf63_dc4c_8601_ec8c_u64 % usize::MAX as u64) as usize);
        let ids: Vec<String> = (0..200).map(|i| format!("{}-Speaker-{i}", 1790 + i)).collect();
        for n in [1, 2, 3, 7] {
            let mut seen = vec![0; n];
            for id in &ids {
                seen[shard_of(id, n)] += 1;
            }
            assert!(seen.iter().all(|&c| c > 0), "{n}: {seen:?}");
        }
        assert_eq!(shard_of("x", 0), 0);
    }
}
