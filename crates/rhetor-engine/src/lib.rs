//! rhetor's analysis engine: the [`Analyzer`] trait, the [`Registry`] that `inventory` fills, TOML
//! configuration with located errors, the parallel [`run`], and the uniform result model.
//!
//! An analyzer crate depends on `rhetor-doc` and this crate only.
//!
//! Architecture Invariant: this crate knows no analyzer and no output format.

mod analyzer;
mod batch;
mod config;
mod panics;
mod registry;
mod result;
mod run;
mod shard;
mod stream;

pub use analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, AnySummary, BuildFn, ConfigKey, Context, DocAnalysis, DynAnalyzer,
    Registration,
};
pub use batch::BatchRun;
pub use config::{ConfigError, ConfigFile, DEFAULT_EVIDENCE_SAMPLE, Diagnostic, RunConfig};
pub use registry::{DuplicateId, Registry};
pub use result::{
    AnalyzerInfo, AnalyzerResult, Cell, Comparison, ComparisonRow, Counts, DocEvidence, DocumentResult, Evidence,
    EvidenceSpan, GroupResult, Grouping, LogSummary, Metric, Output, RunInfo, RunResults, SCHEMA, Series,
    SkippedDocument, SourceRef, Table, Value,
};
pub use rhetor_doc::{InputFile, LogEntry, catch, last_panic, quiet_panics};
pub use run::{MAX_EVIDENCE_SAMPLE, MAX_THREADS, Plan, RunError, run, run_with, with_threads};
pub use shard::{MergeError, ShardDocument, merge_shards, run_shard, shard_of};
pub use stream::Stream;

// Re-exported for `register_analyzer!` and for analyzer crates, which then need no direct dependency.
pub use inventory;
pub use rhetor_doc;
