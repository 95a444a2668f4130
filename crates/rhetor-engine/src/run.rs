//! The run: every configured analyzer over every document in parallel, merged in document order into
//! group and corpus results.
//!
//! Architecture Invariant: output does not depend on the number of threads. Documents are analysed in
//! parallel but collected in corpus order, and summaries are merged sequentially in that order.

use crate::analyzer::{AnalyzeError, AnySummary, Context};
use crate::plan::{Plan, Planned};
use crate::result::{
    AnalyzerResult, Counts, DocumentResult, Evidence, GroupResult, Grouping, Output, RunInfo, RunResults, SCHEMA,
    SkippedDocument, SourceRef,
};
use rayon::prelude::*;
use rhetor_analyzer::{Print, SmolStr};
use rhetor_doc::{Corpus, Document};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// An analyzer failed on a document (an error it returned, or a panic: a bug, reported as one).
/// `failed` lists every document of the run that failed, in corpus order (this one first).
#[derive(Debug, thiserror::Error)]
#[error("analyzer `{analyzer}` failed on document `{document}` ({path}): {source}{}", more(failed))]
pub struct RunError {
    pub analyzer: String,
    pub document: String,
    /// The document's source file.
    pub path: String,
    #[source]
    pub source: AnalyzeError,
    pub failed: Vec<SkippedDocument>,
}

fn more(failed: &[SkippedDocument]) -> String {
    match failed.len() {
        0 | 1 => String::new(),
        n => format!(" ({} documents failed in all; --keep-going skips them)", n),
    }
}

/// One document's outputs and summaries, one per analyzer of the plan.
pub(crate) struct DocRun {
    pub outputs: Vec<Output>,
    pub summaries: Vec<AnySummary>,
}

/// A document's fingerprints, one list per analyzer of the plan; empty when no analyzer makes any.
/// Shared: copies of one text hold one.
pub type DocPrints = Arc<Vec<Vec<Print>>>;

/// Run every analyzer of `plan` on `doc`.
pub(crate) fn analyze_document(plan: &Plan, doc: &Document, ctx: &Context<'_>) -> Result<DocRun, RunError> {
    let mut outputs = Vec::with_capacity(plan.analyzers.len());
    let mut summaries = Vec::with_capacity(plan.analyzers.len());
    for Planned { id, analyzer: a, .. } in &plan.analyzers {
        let caught = rhetor_doc::catch(|| {
            crate::panics::injected_failure(&doc.id);
            a.dyn_analyze(doc, ctx)
        })
        .unwrap_or_else(|panic| {
            Err(AnalyzeError::new(format!("internal error, a bug in rhetor (please report it): {panic}")))
        });
        let (out, sum) = caught.map_err(|source| RunError {
            analyzer: id.to_string(),
            document: doc.id.clone(),
            path: doc.source.path.to_string(),
            failed: vec![SkippedDocument {
                document: doc.id.clone(),
                path: doc.source.path.to_string(),
                error: format!("analyzer `{id}`: {source}"),
            }],
            source,
        })?;
        outputs.push(out);
        summaries.push(sum);
    }
    Ok(DocRun { outputs, summaries })
}

/// A document's group under `field` (`(none)` when it lacks the field).
pub(crate) fn group_of(doc: &Document, field: Option<&str>) -> Option<String> {
    field.map(|f| doc.meta.get(f).map_or_else(|| "(none)".to_string(), |v| v.into_owned()))
}

/// A document's result from its analyzers' outputs (moved into it: labels, metrics and tables are
/// not copied).
pub(crate) fn document_result(
    plan: &Plan,
    doc: &Document,
    outputs: Vec<Output>,
    group_field: Option<&str>,
) -> DocumentResult {
    DocumentResult {
        id: doc.id.clone(),
        group: group_of(doc, group_field),
        meta: doc.meta.clone(),
        source: SourceRef { path: doc.source.path.to_string(), sha256: doc.source.sha256.clone() },
        counts: Counts {
            bytes: doc.text.len() as u64,
            tokens: doc.tokens.len() as u64,
            sentences: doc.sentences.len() as u64,
            paragraphs: doc.paragraphs.len() as u64,
            sections: doc.sections.len() as u64,
        },
        sections: doc.sections.iter().map(|s| s.title.clone()).collect(),
        results: plan
            .analyzers
            .iter()
            .zip(outputs)
            .map(|(Planned { id, .. }, out)| resolve(id, out, Some(doc)))
            .collect(),
    }
}

/// Run `plan` over `corpus`, keeping every piece of evidence in the results. `group_by` overrides
/// `[run] group_by`. `progress` is called once per finished document, from worker threads. Call
/// inside a rayon pool to choose the thread count.
pub fn run(
    corpus: &Corpus,
    plan: &Plan,
    group_by: Option<&str>,
    info: RunInfo,
    progress: &(dyn Fn() + Sync),
) -> Result<RunResults, RunError> {
    run_with(corpus, plan, group_by, info, progress, None, None)
}

/// Run `plan` over `corpus`, handing each document's result in full (by value) to `sink` in corpus
/// order as soon as the documents before it are done, then keeping it in the results compact when `sample`
/// is given: at most `sample` evidence items per analyzer, no tables, metric descriptions left to
/// the corpus's (see [`AnalyzerResult::compact`]); `None` keeps everything. Documents are analysed a batch at a time, in corpus order
/// (in each batch in parallel, longest first), so that the full evidence of one batch at most is
/// held at once. [`crate::BatchRun`] does the same with documents handed in as they are read.
pub fn run_with(
    corpus: &Corpus,
    plan: &Plan,
    group_by: Option<&str>,
    info: RunInfo,
    progress: &(dyn Fn() + Sync),
    sample: Option<usize>,
    mut sink: Option<&mut dyn FnMut(DocumentResult)>,
) -> Result<RunResults, RunError> {
    let n = corpus.documents.len();
    let mut taken = Taken::new(plan, group_by, sample);
    let all: Vec<usize> = (0..n).collect();
    for selected in all.chunks(batch_size()) {
        let (group_field, sample) = (taken.group_field.as_deref(), taken.sample);
        let done = analyze_selected(&corpus.documents, &corpus.vocab, plan, selected, progress, |_, doc, r| {
            Taken::result_of(plan, group_field, sample, doc, r)
        });
        taken.take(done, &mut sink, false);
        taken.fold_pending(plan);
    }
    if let Some(e) = taken.failed {
        return Err(e);
    }
    let docs: Vec<&Document> = corpus.documents.iter().collect();
    Ok(finish(&docs, &corpus.vocab, plan, taken.group_field, taken.documents, taken.fold, info))
}

/// Documents analysed together: enough for every thread to stay busy, few enough that their full
/// evidence is small.
pub(crate) fn batch_size() -> usize {
    (rayon::current_num_threads() * 32).max(64)
}

/// The results a run has taken so far, in corpus order: compact document results, the merged
/// summaries, the documents that failed.
pub(crate) struct Taken {
    pub group_field: Option<String>,
    pub sample: Option<usize>,
    pub documents: Vec<DocumentResult>,
    pub fold: Fold,
    /// Summaries taken but not yet folded (index, group, summaries), in corpus order: a batch run
    /// folds a batch's while the next one is analysed ([`Taken::fold_pending`]).
    pub to_fold: Vec<(usize, Option<String>, Vec<AnySummary>)>,
    pub failed: Option<RunError>,
    /// When the run's files show no document's evidence: the documents a report can show in
    /// detail, the only ones whose compact results keep evidence samples and series.
    pub detail: Option<crate::detail::Detail>,
}

/// A document's result as a worker thread leaves it: in full, its compact copy when the run keeps
/// one (made on the worker, not when the results are taken in order), and its summaries.
pub struct Done {
    result: DocumentResult,
    compact: Option<DocumentResult>,
    summaries: Vec<AnySummary>,
}

impl Taken {
    pub fn new(plan: &Plan, group_by: Option<&str>, sample: Option<usize>) -> Taken {
        let group_field = group_by.map(str::to_string).or_else(|| plan.run.group_by.clone());
        Taken {
            group_field,
            sample,
            documents: Vec::new(),
            fold: Fold::new(plan),
            to_fold: Vec::new(),
            failed: None,
            detail: None,
        }
    }

    /// A document's result, compact copy and summaries from its run (on the worker thread).
    pub fn result_of(plan: &Plan, group_field: Option<&str>, sample: Option<usize>, doc: &Document, r: DocRun) -> Done {
        let result = document_result(plan, doc, r.outputs, group_field);
        let compact = sample.map(|k| result.compact_copy(k));
        Done { result, compact, summaries: r.summaries }
    }

    /// Take a batch's results in corpus order: each to `sink` in full, its compact copy kept and its
    /// summaries queued to be folded into its group and the corpus ([`Taken::fold_pending`]). After
    /// a failure, later results are dropped unless `keep_going` (the failed documents are then left
    /// out of everything). Says, for each result, whether it was taken.
    pub fn take(
        &mut self,
        done: Vec<Result<Done, RunError>>,
        sink: &mut Option<&mut dyn FnMut(DocumentResult)>,
        keep_going: bool,
    ) -> Vec<bool> {
        let mut taken = Vec::with_capacity(done.len());
        for r in done {
            match r {
                Ok(Done { result: d, compact, summaries }) if self.failed.is_none() || keep_going => {
                    self.to_fold.push((self.documents.len(), d.group.clone(), summaries));
                    match (sink.as_mut(), compact) {
                        // The full result goes to the sink, its compact copy stays.
                        (Some(sink), Some(kept)) => {
                            sink(d);
                            self.documents.push(kept);
                        }
                        (Some(sink), None) => {
                            sink(d.clone());
                            self.documents.push(d);
                        }
                        (None, Some(kept)) => self.documents.push(kept),
                        (None, None) => self.documents.push(d),
                    }
                    self.keep_detail();
                    taken.push(true);
                }
                Ok(_) => taken.push(false),
                Err(e) => {
                    match &mut self.failed {
                        None => self.failed = Some(e),
                        // Every document is analysed, so that an error lists every failing one.
                        Some(f) => f.failed.extend(e.failed),
                    }
                    taken.push(false);
                }
            }
        }
        taken
    }

    /// With [`Taken::detail`], let go of the evidence samples and series of the document just
    /// taken and of earlier ones that a report can no longer show in detail.
    fn keep_detail(&mut self) {
        let Some(detail) = &mut self.detail else { return };
        let i = self.documents.len() - 1;
        let mut released = Vec::new();
        if !detail.take(i, &self.documents[i], &mut released) {
            released.push(i);
        }
        for j in released {
            crate::detail::release(&mut self.documents[j]);
        }
    }

    /// Fold the summaries taken so far into their groups and the corpus, in corpus order.
    pub fn fold_pending(&mut self, plan: &Plan) {
        fold_all(&mut self.fold, plan, std::mem::take(&mut self.to_fold));
    }
}

/// Fold `pending` (index, group, summaries) into `fold`, in the order given.
pub(crate) fn fold_all(fold: &mut Fold, plan: &Plan, pending: Vec<(usize, Option<String>, Vec<AnySummary>)>) {
    for (index, group, summaries) in pending {
        fold.add(plan, index, group.as_deref(), &summaries);
    }
}

/// Summaries merged in corpus order for one group or the corpus, and its documents (indices into
/// the run's documents).
#[derive(Debug)]
pub(crate) struct Scope {
    pub members: Vec<usize>,
    pub summaries: Vec<AnySummary>,
}

impl Scope {
    fn new(plan: &Plan) -> Scope {
        Scope {
            members: Vec::new(),
            summaries: plan.analyzers.iter().map(|Planned { analyzer: a, .. }| a.dyn_empty()).collect(),
        }
    }

    fn add(&mut self, plan: &Plan, index: usize, summaries: &[AnySummary]) {
        self.members.push(index);
        for (k, Planned { analyzer: a, .. }) in plan.analyzers.iter().enumerate() {
            a.dyn_merge(&mut self.summaries[k], &summaries[k]);
        }
    }
}

/// The corpus's and each group's merged summaries: each document's are folded in as it is taken,
/// in corpus order, and then let go of. A merge keeps each document's fingerprints from its shard
/// (once, whatever its groups) for the work across documents ([`Fold::given`]); one run makes
/// them when that work asks, from the documents' words, as the shards made them.
#[derive(Debug)]
pub(crate) struct Fold {
    pub corpus: Scope,
    pub groups: BTreeMap<String, Scope>,
    pub prints: Option<Vec<DocPrints>>,
}

impl Fold {
    pub fn new(plan: &Plan) -> Fold {
        Fold { corpus: Scope::new(plan), groups: BTreeMap::new(), prints: None }
    }

    /// Keep document `index`'s fingerprints, given by its shard.
    pub fn given(&mut self, index: usize, prints: DocPrints) {
        let all = self.prints.get_or_insert_with(Vec::new);
        if all.len() <= index {
            all.resize_with(index + 1, DocPrints::default);
        }
        all[index] = prints;
    }

    /// Fold in document `index` (of group `group`, when grouped).
    pub fn add(&mut self, plan: &Plan, index: usize, group: Option<&str>, summaries: &[AnySummary]) {
        self.corpus.add(plan, index, summaries);
        if let Some(g) = group {
            if !self.groups.contains_key(g) {
                self.groups.insert(g.to_string(), Scope::new(plan));
            }
            if let Some(scope) = self.groups.get_mut(g) {
                scope.add(plan, index, summaries);
            }
        }
    }
}

/// Analyse `selected` (indices into `docs`, whose forms are in `vocab`) in parallel, longest first
/// so that no thread is left with a long one at the end, and turn each run into a `T` with `then`
/// (given the document's index) on the same thread; the results in the order of `selected`. Every
/// document is analysed, failed or not, so that an error lists every failing one.
pub(crate) fn analyze_selected<T: Send>(
    docs: &[Document],
    vocab: &rhetor_doc::Vocabulary,
    plan: &Plan,
    selected: &[usize],
    progress: &(dyn Fn() + Sync),
    then: impl Fn(usize, &Document, DocRun) -> T + Sync,
) -> Vec<Result<T, RunError>> {
    let ctx = Context::new(vocab);
    let mut order: Vec<usize> = (0..selected.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(docs[selected[k]].tokens.len()));
    let done: Vec<(usize, Result<T, RunError>)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&k| {
            let doc = &docs[selected[k]];
            let r = analyze_document(plan, doc, &ctx);
            progress();
            (k, r.map(|r| then(selected[k], doc, r)))
        })
        .collect();
    let mut slots: Vec<Option<Result<T, RunError>>> = (0..selected.len()).map(|_| None).collect();
    for (k, r) in done {
        slots[k] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

/// The first error of `results` with every failing document listed, or the results.
pub(crate) fn all_or_error<T>(results: Vec<Result<T, RunError>>) -> Result<Vec<T>, RunError> {
    let mut out = Vec::with_capacity(results.len());
    let mut first: Option<RunError> = None;
    for r in results {
        match (r, &mut first) {
            (Ok(t), None) => out.push(t),
            (Ok(_), Some(_)) => {}
            (Err(e), None) => first = Some(e),
            (Err(e), Some(f)) => f.failed.extend(e.failed),
        }
    }
    match first {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The results of a run from its document results (in corpus order; `docs[i]` is the document of
/// `documents[i]`, with its tokens or without) and their folded summaries: the groups and the
/// corpus from the merged summaries, then the work across their documents, whose evidence is
/// resolved in each document.
pub(crate) fn finish(
    docs: &[&Document],
    vocab: &rhetor_doc::Vocabulary,
    plan: &Plan,
    group_field: Option<String>,
    documents: Vec<DocumentResult>,
    fold: Fold,
    info: RunInfo,
) -> RunResults {
    let ctx = Context::new(vocab);
    let report = |scope: &Scope| -> Vec<AnalyzerResult> {
        let members: Vec<&Document> = scope.members.iter().map(|&d| docs[d]).collect();
        // Member i's fingerprints for analyzer k: its shard's, or made now from its words.
        let prints_of = |k: usize, i: usize| -> Cow<'_, [Print]> {
            let d = scope.members[i];
            match &fold.prints {
                Some(given) => Cow::Borrowed(given.get(d).and_then(|p| p.get(k)).map_or(&[][..], Vec::as_slice)),
                None => Cow::Owned(plan.analyzers[k].analyzer.dyn_prints(docs[d], &ctx)),
            }
        };
        // Analyzers in parallel, and in each the summary beside the work across documents.
        plan.analyzers
            .par_iter()
            .enumerate()
            .map(|(k, Planned { id, analyzer: a, .. })| {
                // The work across documents first: it is the longer (shared passages), so it is
                // under way before a free thread takes the summary.
                let (across, mut result) = rayon::join(
                    || a.dyn_across(&members, &|i| prints_of(k, i), &ctx),
                    || resolve(id, a.dyn_summarize(&scope.summaries[k], &ctx), None),
                );
                result.metrics.extend(across.metrics);
                result.tables.extend(across.tables);
                result.series.extend(across.series);
                if !across.document_evidence.is_empty() {
                    let by_id: std::collections::HashMap<&str, &Document> =
                        members.iter().map(|d| (d.id.as_str(), *d)).collect();
                    let analyzer: Arc<str> = (*id).into();
                    for e in &across.document_evidence {
                        if let Some(doc) = by_id.get(e.document.as_str()) {
                            let document: Arc<str> = e.document.as_str().into();
                            result.evidence.push(evidence(&document, &analyzer, SmolStr::new(&e.label), e.span, doc));
                        }
                    }
                }
                result
            })
            .collect()
    };
    // The groups and the corpus in parallel.
    let (grouping, results) = rayon::join(
        || {
            group_field.as_ref().map(|field| Grouping {
                field: field.clone(),
                groups: fold
                    .groups
                    .par_iter()
                    .map(|(name, scope)| GroupResult {
                        name: name.clone(),
                        documents: scope.members.iter().map(|&i| documents[i].id.clone()).collect(),
                        results: report(scope),
                    })
                    .collect(),
            })
        },
        || report(&fold.corpus),
    );
    let corpus_result =
        GroupResult { name: "corpus".into(), documents: documents.iter().map(|d| d.id.clone()).collect(), results };
    RunResults {
        schema: SCHEMA.into(),
        run: info,
        analyzers: plan.infos(),
        documents,
        grouping,
        corpus: corpus_result,
        comparison: None,
    }
}

/// Turn an analyzer's output into a result, resolving evidence spans against the document.
pub(crate) fn resolve(id: &str, out: Output, doc: Option<&Document>) -> AnalyzerResult {
    let evidence = match doc {
        Some(doc) => {
            let (document, analyzer): (Arc<str>, Arc<str>) = (doc.id.as_str().into(), id.into());
            out.evidence.into_iter().map(|e| evidence(&document, &analyzer, e.label, e.span, doc)).collect()
        }
        None => Vec::new(),
    };
    let evidence_count = evidence.len() as u64;
    AnalyzerResult {
        analyzer: id.to_string(),
        metrics: out.metrics,
        tables: out.tables,
        series: out.series,
        evidence,
        evidence_count,
    }
}

/// Evidence items of analyzer `analyzer` (each a label and a span of `doc`'s text) resolved as a
/// run resolves them: what a merge does with the spans a shard's part carries. `None` when a span
/// does not lie on character boundaries of the text.
pub fn resolve_evidence(
    doc: &Document,
    analyzer: &str,
    items: impl IntoIterator<Item = (SmolStr, rhetor_doc::Span)>,
) -> Option<Vec<Evidence>> {
    let (document, analyzer): (Arc<str>, Arc<str>) = (doc.id.as_str().into(), analyzer.into());
    items
        .into_iter()
        .map(|(label, span)| {
            (span.start <= span.end && doc.text.get(span.range()).is_some())
                .then(|| evidence(&document, &analyzer, label, span, doc))
        })
        .collect()
}

/// One piece of evidence resolved against its document.
fn evidence(
    document: &Arc<str>,
    analyzer: &Arc<str>,
    label: SmolStr,
    span: rhetor_doc::Span,
    doc: &Document,
) -> Evidence {
    Evidence {
        document: Arc::clone(document),
        analyzer: Arc::clone(analyzer),
        label,
        text: SmolStr::new(doc.span_text(span)),
        doc_span: [span.start, span.end],
        sentence: doc.sentence_at(span.start),
        source: doc.source_span(span),
        pieces: Vec::new(),
    }
    .with_pieces(doc, span)
}

/// Run `f` on a rayon pool of `threads` threads (0: one per core).
pub fn with_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}
