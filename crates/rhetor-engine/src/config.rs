//! The engine's part of the config file: the `[run]` section and the allowed top level. The file
//! itself, and its diagnostics, are `rhetor-config`'s.

pub use rhetor_config::{ConfigError, ConfigFile, Diagnostic};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The `[run]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunConfig {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Analyzer ids to run, in order. Absent: every registered analyzer in id order.
    pub analyzers: Option<Vec<String>>,
    /// Metadata field to group documents by.
    pub group_by: Option<String>,
    /// Evidence items kept in the results per document and analyzer (the rest are in
    /// `evidence.parquet`), for the corpus, each group and the report's drill-down;
    /// `--evidence all` keeps every one.
    pub evidence_sample: usize,
    /// Of those, the items each document shows in `results.json` and `results.jsonl` (default 0:
    /// its evidence count only, with every item in `evidence.parquet`).
    pub document_evidence_sample: usize,
}

/// The default of `[run] evidence_sample`.
pub const DEFAULT_EVIDENCE_SAMPLE: usize = 3;

fn default_evidence_sample() -> usize {
    DEFAULT_EVIDENCE_SAMPLE
}

/// The top level of a config file: only these tables are allowed. `[run]` and `[ingest]` are read
/// on their own; here they are only allowed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TopLevel {
    #[serde(default, rename = "run")]
    _run: Option<IgnoredAny>,
    #[serde(default, rename = "ingest")]
    _ingest: Option<IgnoredAny>,
    #[serde(default)]
    pub(crate) analyzers: Option<std::collections::BTreeMap<toml::Spanned<String>, IgnoredAny>>,
}

/// The `[run]` section as written, with the span of every analyzer id for error messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunSection {
    #[serde(default)]
    threads: usize,
    #[serde(default)]
    pub(crate) analyzers: Option<Vec<toml::Spanned<String>>>,
    #[serde(default)]
    group_by: Option<String>,
    #[serde(default = "default_evidence_sample")]
    evidence_sample: usize,
    #[serde(default)]
    document_evidence_sample: usize,
}

impl RunSection {
    pub(crate) fn config(&self) -> RunConfig {
        RunConfig {
            threads: self.threads,
            analyzers: self.analyzers.as_ref().map(|list| list.iter().map(|s| s.get_ref().clone()).collect()),
            group_by: self.group_by.clone(),
            evidence_sample: self.evidence_sample,
            document_evidence_sample: self.document_evidence_sample,
        }
    }
}
