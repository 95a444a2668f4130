//! Batch runs fed documents as they are read: each batch analysed in parallel, its results handed
//! on and its summaries folded at once, and its documents kept without their tokens (for the work
//! across documents, which tokenizes them again when it needs them, and for the reports). Memory
//! is each document without its tokens (text, sentences, paragraphs, sections, offset map), one
//! batch of full document models and the compact results, never the corpus's tokens.
//!
//! The results are those of [`crate::run_with`] over the same documents, byte for byte.

use crate::plan::Plan;
use crate::result::{DocumentResult, RunInfo, RunResults};
use crate::run::{RunError, Taken, analyze_selected, batch_size, finish, fold_all};
use rhetor_doc::{Document, Vocabulary};

/// A batch run taking documents in corpus order.
pub struct BatchRun<'p> {
    plan: &'p Plan,
    taken: Taken,
    keep_going: bool,
    kept: Vec<Document>,
    /// The kept documents by a hash of their text: copies of one text share their words.
    by_text: std::collections::HashMap<u64, Vec<usize>>,
}

impl std::fmt::Debug for BatchRun<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchRun").field("documents", &self.kept.len()).finish()
    }
}

impl<'p> BatchRun<'p> {
    /// A run of `plan`; `group_by` overrides `[run] group_by`; `sample` as in [`crate::run_with`].
    /// With `keep_going`, documents whose analysis fails are left out (listed in `run.skipped`)
    /// instead of failing the run.
    pub fn new(plan: &'p Plan, group_by: Option<&str>, sample: Option<usize>, keep_going: bool) -> BatchRun<'p> {
        BatchRun {
            plan,
            taken: Taken::new(plan, group_by, sample),
            keep_going,
            kept: Vec::new(),
            by_text: Default::default(),
        }
    }

    /// Keep evidence samples and series only for the documents a report can show in detail
    /// ([`crate::detail`]): for a run whose files show no document's evidence (the reports, and
    /// results files beside `evidence.parquet`). No effect on a run that keeps every item.
    pub fn keep_detail_only(&mut self) {
        if self.taken.sample.is_some() {
            self.taken.detail = Some(crate::detail::Detail::default());
        }
    }

    /// How many documents to hand in at a time.
    pub fn batch_size() -> usize {
        batch_size()
    }

    /// Analyse the next documents of the corpus (their forms in `vocab`) in parallel, longest
    /// first; hand each result in full to `sink` in corpus order; keep the documents without
    /// their tokens. `progress` is called once per finished document, from worker threads.
    pub fn documents(
        &mut self,
        mut docs: Vec<Document>,
        vocab: &Vocabulary,
        progress: &(dyn Fn() + Sync),
        mut sink: Option<&mut dyn FnMut(DocumentResult)>,
    ) {
        let selected: Vec<usize> = (0..docs.len()).collect();
        let plan = self.plan;
        let (group_field, sample) = (self.taken.group_field.as_deref(), self.taken.sample);
        // The last batch's summaries are folded (in order, on one thread) while this one is
        // analysed: folding every batch between its analyses left all threads but one idle.
        let (fold, pending) = (&mut self.taken.fold, std::mem::take(&mut self.taken.to_fold));
        let (done, ()) = rayon::join(
            || {
                analyze_selected(&docs, vocab, plan, &selected, progress, |_, doc, r| {
                    Taken::result_of(plan, group_field, sample, doc, r)
                })
            },
            || fold_all(fold, plan, pending),
        );
        let kept = self.taken.take(done, &mut sink, self.keep_going);
        for (mut doc, kept) in docs.drain(..).zip(kept) {
            if kept {
                doc.let_go_of_tokens();
                let same = self.by_text.entry(text_hash(&doc.text)).or_default();
                for &k in same.iter() {
                    if doc.share_words_with(&self.kept[k]) {
                        break;
                    }
                }
                same.push(self.kept.len());
                self.kept.push(doc);
            }
        }
    }

    /// Whether a document has failed (the run then fails unless it keeps going).
    pub fn has_failed(&self) -> bool {
        self.taken.failed.is_some()
    }

    /// The run's results, and its documents (without their tokens) in corpus order. A failed
    /// document fails the run, listing every one that failed, unless it keeps going.
    pub fn finish(self, vocab: &Vocabulary, info: RunInfo) -> Result<(RunResults, Vec<Document>), RunError> {
        self.finish_beside(vocab, info, |_| ()).map(|(results, docs, ())| (results, docs))
    }

    /// [`BatchRun::finish`], giving `beside` the run's documents (those with results, in corpus
    /// order) while the run does its last work (the work across documents, the groups' and the
    /// corpus's results), on another worker when one is free (`rayon::join`): a file of the
    /// documents need not wait for that work. Not called when the run fails.
    pub fn finish_beside<R: Send>(
        self,
        vocab: &Vocabulary,
        mut info: RunInfo,
        beside: impl FnOnce(&[Document]) -> R + Send,
    ) -> Result<(RunResults, Vec<Document>, R), RunError> {
        let mut taken = self.taken;
        taken.fold_pending(self.plan);
        if let Some(e) = taken.failed {
            if !self.keep_going {
                return Err(e);
            }
            info.skipped = e.failed;
        }
        let (plan, kept) = (self.plan, &self.kept);
        let (results, r) = rayon::join(
            || {
                let docs: Vec<&Document> = kept.iter().collect();
                finish(&docs, vocab, plan, taken.group_field, taken.documents, taken.fold, info)
            },
            || beside(kept),
        );
        Ok((results, self.kept, r))
    }
}

/// A hash of a text's length and its first and last 256 bytes, to find its copies (each candidate
/// is then compared in full): hashing whole texts would read every byte of the corpus once more.
fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let b = text.as_bytes();
    let edge = b.len().min(256);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (b.len(), &b[..edge], &b[b.len() - edge..]).hash(&mut h);
    h.finish()
}
