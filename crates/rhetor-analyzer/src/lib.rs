//! rhetor's plugin API: what an analyzer author needs, and nothing else. An analyzer implements
//! [`Analyzer`] (a document in, an [`Output`] and a mergeable summary out), declares its config keys
//! ([`ConfigKey`]) and registers with [`register_analyzer!`]. The host (`rhetor-engine`) plans, runs,
//! merges, shards and streams; the renderers read the outputs without knowing the analyzer.
//!
//! `cargo xtask new-analyzer NAME` makes a crate from `crates/analyzers/_template` (a complete,
//! tested analyzer). The smallest one:
//!
//! ```
//! use rhetor_analyzer::{
//!     AnalyzeError, Analyzer, AnalyzerSection, ConfigError, Context, DocAnalysis, DynAnalyzer, EvidenceSpan,
//!     Metric, Output,
//! };
//! use rhetor_doc::{Document, TokenKind};
//!
//! /// Counts numbers, each one evidence.
//! struct Numbers;
//!
//! impl Analyzer for Numbers {
//!     type Summary = u64;
//!
//!     fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<u64>, AnalyzeError> {
//!         let numbers: Vec<_> = doc.tokens.iter().filter(|t| t.kind == TokenKind::Number).collect();
//!         let mut output = self.summarize(&(numbers.len() as u64), ctx);
//!         output.evidence = numbers.iter().map(|t| EvidenceSpan { label: "number".into(), span: t.span() }).collect();
//!         Ok(DocAnalysis { output, summary: numbers.len() as u64 })
//!     }
//!
//!     fn merge(&self, acc: &mut u64, part: &u64) {
//!         *acc += part;
//!     }
//!
//!     fn summarize(&self, n: &u64, _ctx: &Context<'_>) -> Output {
//!         Output { metrics: vec![Metric::new("numbers", *n as usize, "count", "number tokens")], ..Output::default() }
//!     }
//! }
//!
//! fn build(_: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
//!     Ok(Box::new(Numbers))
//! }
//!
//! rhetor_analyzer::register_analyzer! { id: "numbers", summary: "Number tokens", keys: &[], build: build }
//!
//! let corpus = rhetor_doc::corpus_from_text("d", "In 1953 the war ended; 70 years on, 2 states.");
//! let ctx = Context::new(&corpus.vocab);
//! let done = Numbers.analyze(&corpus.documents[0], &ctx).expect("analysed");
//! assert_eq!(done.summary, 3);
//! assert_eq!(done.output.metrics[0].name(), "numbers");
//! let first = done.output.evidence[0].span;
//! assert_eq!(corpus.documents[0].span_text(first), "1953");
//! ```
//!
//! Architecture Invariant: an analyzer crate depends on `rhetor-doc` and this crate (the host,
//! `rhetor-engine`, only for its tests): a change to how runs are planned, sharded or streamed
//! recompiles no analyzer.

mod analyzer;
pub mod keyness;
mod metric;
mod name;
mod output;
pub mod packed;
mod prints;

pub use analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, AnySummary, BuildFn, ConfigKey, Context, DocAnalysis, DynAnalyzer,
    Registration,
};
pub use output::{
    Cell, CellKind, DocEvidence, EvidenceSpan, Metric, Name, Output, Series, SmolStr, Table, TypedTable, Value,
};
pub use prints::{Print, PrintsOf};
pub use rhetor_config::{ConfigError, ConfigFile, Diagnostic};

// Re-exported for `register_analyzer!` and for analyzer crates, which then need no direct dependency.
pub use inventory;
pub use rhetor_doc;
