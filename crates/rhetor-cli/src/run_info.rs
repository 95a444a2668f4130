//! The run's record in every results file ([`RunInfo`]): the inputs read, the config, the ingest
//! log, and the warnings the run gave: ingest's, and one per lexicon language for the documents
//! detected in other languages that reached analyzers whose word lists are in it.

use rhetor_doc::Document;
use rhetor_engine::Planned;
use rhetor_engine::{ConfigFile, InputFile, LogEntry, Plan, RunInfo};
use rhetor_ingest::{language, sha256_hex};
use std::collections::BTreeMap;

/// The record of a run, built the same way by every command that writes results.
pub fn run_info(
    config: &ConfigFile,
    inputs: Vec<InputFile>,
    ingest_log: Vec<LogEntry>,
    warnings: Vec<String>,
) -> RunInfo {
    RunInfo {
        rhetor_version: env!("CARGO_PKG_VERSION").into(),
        config_path: config.path.clone(),
        config_sha256: sha256_hex(config.text.as_bytes()),
        inputs,
        ingest_log,
        ingest_log_summary: Vec::new(),
        warnings,
        timestamp: None,
        skipped: Vec::new(),
        evidence_sample: None,
        document_evidence_sample: None,
    }
}

/// Documents counted by their `detected_language`.
#[derive(Debug, Default)]
pub struct Languages(BTreeMap<String, usize>);

impl Languages {
    pub fn add(&mut self, doc: &Document) {
        if let Some(l) = doc.meta.extra.get(language::KEY) {
            *self.0.entry(l.clone()).or_default() += 1;
        }
    }

    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Languages {
        let mut l = Languages::default();
        docs.into_iter().for_each(|d| l.add(d));
        l
    }

    /// One warning per language of the analyzers' word lists, when documents detected in other
    /// languages (undetermined ones aside) reached them.
    pub fn warnings(&self, plan: &Plan) -> Vec<String> {
        let mut by_language: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for Planned { id, analyzer: a, .. } in &plan.analyzers {
            if let Some(l) = a.dyn_language() {
                let code = language::normalize(l).map_or_else(|| l.to_string(), str::to_string);
                by_language.entry(code).or_default().push(id);
            }
        }
        let mut out = Vec::new();
        for (code, ids) in by_language {
            let others: Vec<(&String, &usize)> =
                self.0.iter().filter(|(l, _)| **l != code && *l != language::UNDETERMINED).collect();
            if others.is_empty() {
                continue;
            }
            let all: usize = others.iter().map(|(_, n)| **n).sum();
            let each: Vec<String> = others.iter().map(|(l, n)| format!("{n} {} ({l})", language::name(l))).collect();
            out.push(format!(
                "{all} document(s) detected in other languages than {} ({code}) reached {}, whose word lists \
                 are {}: {}; set [ingest] languages = [\"{code}\"] to leave them out",
                language::name(&code),
                ids.join(", "),
                language::name(&code),
                each.join(", ")
            ));
        }
        out
    }
}

/// Ingest's warnings (as printed) and the language warnings, as the results record them.
pub fn warnings_of(mut ingest: Vec<String>, languages: &[String]) -> Vec<String> {
    ingest.extend(languages.iter().cloned());
    ingest
}

/// Print the language warnings on stderr (ingest's are printed as ingest ends).
pub fn print_language_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
