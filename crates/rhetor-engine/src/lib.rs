//! rhetor's analysis engine, the host of the analyzers: the [`Registry`] that `inventory` fills, the
//! [`Plan`] built from a config, the parallel [`run`] and [`BatchRun`], shards and streams, and the
//! results. The plugin API (the [`Analyzer`] trait, its output, registration) is `rhetor-analyzer`,
//! re-exported here.
//!
//! Architecture Invariant: this crate knows no analyzer and no output format.

mod analyzer;
mod batch;
mod config;
pub mod detail;
mod panics;
mod plan;
pub mod prints;
mod registry;
mod result;
mod run;
mod shard;
mod stream;

pub use analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, AnySummary, BuildFn, ConfigKey, Context, DocAnalysis, DynAnalyzer, Print,
    PrintsOf, Registration,
};
pub use batch::BatchRun;
pub use config::{ConfigError, ConfigFile, DEFAULT_EVIDENCE_SAMPLE, Diagnostic, RunConfig};
pub use plan::{MAX_EVIDENCE_SAMPLE, MAX_THREADS, Plan, Planned};
pub use registry::{DuplicateId, Registry};
pub use result::{
    AnalyzerInfo, AnalyzerResult, Cell, CellKind, Comparison, ComparisonRow, Counts, DocEvidence, DocumentResult,
    Evidence, EvidenceSpan, GroupResult, Grouping, LogSummary, Metric, Output, RunInfo, RunResults, SCHEMA, Series,
    SkippedDocument, SourceRef, Table, TypedTable, Value,
};
pub use rhetor_doc::{InputFile, LogEntry, catch, last_panic, quiet_panics};
pub use run::DocPrints;
pub use run::{RunError, resolve_evidence, run, run_with, with_threads};
pub use shard::{MergeError, ShardDocument, merge_shards, run_shard, shard_of};
pub use stream::Stream;

pub use rhetor_analyzer::{SmolStr, keyness, register_analyzer};
pub use rhetor_doc;
