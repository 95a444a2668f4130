//! Streaming runs: documents analysed one at a time, in corpus order, each result handed on at
//! once; groups and the corpus kept as merged summaries, one per analyzer (and per group), never
//! the documents themselves. Memory is one document model plus the summaries, whose sizes the
//! analyzers cap (the repetition analyzer's formulae table by `corpus_cap`, the rhetoric and
//! sentiment entry tables by their dictionary or lexicon).
//!
//! Work across documents ([`crate::Analyzer::across`], e.g. passages two documents share) needs
//! every document at once and is left out: a streamed group or corpus result is the batch one
//! without it. Everything else equals the batch run's, byte for byte.

use crate::analyzer::{AnySummary, Context};
use crate::result::{AnalyzerResult, DocumentResult, GroupResult, Grouping};
use crate::run::{Plan, RunError, analyze_document, document_result, group_of, resolve};
use rhetor_doc::{Document, Vocabulary};
use std::collections::BTreeMap;

/// The merged summaries of a group of documents.
#[derive(Debug)]
struct Acc {
    documents: Vec<String>,
    summaries: Vec<AnySummary>,
}

impl Acc {
    fn new(plan: &Plan) -> Acc {
        Acc { documents: Vec::new(), summaries: plan.analyzers.iter().map(|(_, _, a)| a.dyn_empty()).collect() }
    }
}

/// A run fed one document at a time.
#[derive(Debug)]
pub struct Stream<'p> {
    plan: &'p Plan,
    group_field: Option<String>,
    corpus: Acc,
    groups: BTreeMap<String, Acc>,
}

impl<'p> Stream<'p> {
    /// A stream over `plan`; `group_by` overrides `[run] group_by`.
    pub fn new(plan: &'p Plan, group_by: Option<&str>) -> Stream<'p> {
        let group_field = group_by.map(str::to_string).or_else(|| plan.run.group_by.clone());
        Stream { plan, group_field, corpus: Acc::new(plan), groups: BTreeMap::new() }
    }

    /// Analyse the next document (its forms in `vocab`) and fold it into its group and the corpus.
    pub fn document(&mut self, doc: &Document, vocab: &Vocabulary) -> Result<DocumentResult, RunError> {
        let ctx = Context::new(vocab);
        let run = analyze_document(self.plan, doc, &ctx)?;
        let result = document_result(self.plan, doc, run.outputs, self.group_field.as_deref());
        let plan = self.plan;
        let fold = |acc: &mut Acc| {
            acc.documents.push(doc.id.clone());
            for (k, (_, _, a)) in plan.analyzers.iter().enumerate() {
                a.dyn_merge(&mut acc.summaries[k], &run.summaries[k]);
            }
        };
        fold(&mut self.corpus);
        if let Some(g) = group_of(doc, self.group_field.as_deref()) {
            fold(self.groups.entry(g).or_insert_with(|| Acc::new(plan)));
        }
        Ok(result)
    }

    /// The groups (with a group field) and the corpus, from the merged summaries.
    pub fn finish(self, vocab: &Vocabulary) -> (Option<Grouping>, GroupResult) {
        let ctx = Context::new(vocab);
        let plan = self.plan;
        let summarize = |acc: &Acc| -> Vec<AnalyzerResult> {
            plan.analyzers
                .iter()
                .enumerate()
                .map(|(k, (id, _, a))| resolve(id, a.dyn_summarize(&acc.summaries[k], &ctx), None))
                .collect()
        };
        let grouping = self.group_field.as_ref().map(|field| Grouping {
            field: field.clone(),
            groups: self
                .groups
                .iter()
                .map(|(name, acc)| GroupResult {
                    name: name.clone(),
                    documents: acc.documents.clone(),
                    results: summarize(acc),
                })
                .collect(),
        });
        let corpus = GroupResult {
            name: "corpus".into(),
            documents: self.corpus.documents.clone(),
            results: summarize(&self.corpus),
        };
        (grouping, corpus)
    }
}
