//! Streaming runs: documents analysed one at a time, in corpus order, each result handed on at
//! once; groups and the corpus kept as merged summaries, one per analyzer (and per group), never
//! the documents themselves. Memory is one document model plus the summaries, whose sizes the
//! analyzers cap (the repetition analyzer's formulae table by `corpus_cap`, the rhetoric and
//! sentiment entry tables by their dictionary or lexicon).
//!
//! Work across documents ([`crate::Analyzer::across`], e.g. passages two documents share) needs
//! every document at once and is left out: a streamed group or corpus result is the batch one
//! without it. Everything else equals the batch run's, byte for byte.

use crate::analyzer::Context;
use crate::plan::{Plan, Planned};
use crate::result::{DocumentResult, GroupResult, Grouping};
use crate::run::{Fold, RunError, Scope, analyze_document, document_result, resolve};
use rhetor_doc::{Document, Vocabulary};

/// A run fed one document at a time.
#[derive(Debug)]
pub struct Stream<'p> {
    plan: &'p Plan,
    group_field: Option<String>,
    /// The documents' ids, in the order they came (the folds' members index them).
    ids: Vec<String>,
    fold: Fold,
}

impl<'p> Stream<'p> {
    /// A stream over `plan`; `group_by` overrides `[run] group_by`.
    pub fn new(plan: &'p Plan, group_by: Option<&str>) -> Stream<'p> {
        let group_field = group_by.map(str::to_string).or_else(|| plan.run.group_by.clone());
        Stream { plan, group_field, ids: Vec::new(), fold: Fold::new(plan) }
    }

    /// Analyse the next document (its forms in `vocab`) and fold it into its group and the corpus.
    pub fn document(&mut self, doc: &Document, vocab: &Vocabulary) -> Result<DocumentResult, RunError> {
        let ctx = Context::new(vocab);
        let run = analyze_document(self.plan, doc, &ctx)?;
        let result = document_result(self.plan, doc, run.outputs, self.group_field.as_deref());
        self.fold.add(self.plan, self.ids.len(), result.group.as_deref(), &run.summaries);
        self.ids.push(doc.id.clone());
        Ok(result)
    }

    /// The groups (with a group field) and the corpus, from the merged summaries.
    pub fn finish(self, vocab: &Vocabulary) -> (Option<Grouping>, GroupResult) {
        let ctx = Context::new(vocab);
        let plan = self.plan;
        let ids = &self.ids;
        let report = |name: &str, scope: &Scope| GroupResult {
            name: name.to_string(),
            documents: scope.members.iter().map(|&i| ids[i].clone()).collect(),
            results: plan
                .analyzers
                .iter()
                .enumerate()
                .map(|(k, Planned { id, analyzer: a, .. })| {
                    resolve(id, a.dyn_summarize(&scope.summaries[k], &ctx), None)
                })
                .collect(),
        };
        let grouping = self.group_field.as_ref().map(|field| Grouping {
            field: field.clone(),
            groups: self.fold.groups.iter().map(|(name, scope)| report(name, scope)).collect(),
        });
        (grouping, report("corpus", &self.fold.corpus))
    }
}
