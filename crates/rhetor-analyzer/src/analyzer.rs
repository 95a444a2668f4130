//! The `Analyzer` trait that every analyzer crate implements, its type-erased form, and registration.
//!
//! An analyzer turns one document into an [`Output`] (metrics, tables, series, evidence) and a
//! mergeable `Summary`. The engine merges summaries in document order for groups and the corpus and
//! asks the analyzer to report on the merged summary.
//!
//! Architecture Invariant: analyzers never see files, threads or renderers; they see a document and
//! the corpus vocabulary, and return data.

use crate::output::{Output, TypedTable};
use crate::prints::{Print, PrintsOf};
use rhetor_config::{ConfigError, ConfigFile};
use rhetor_doc::{Document, Vocabulary};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::any::Any;

/// What an analyzer may look at besides the document.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Context<'a> {
    pub vocab: &'a Vocabulary,
}

impl<'a> Context<'a> {
    pub fn new(vocab: &'a Vocabulary) -> Self {
        Context { vocab }
    }
}

/// One document's analysis: its output and its summary for merging.
#[derive(Debug, Clone)]
pub struct DocAnalysis<S> {
    pub output: Output,
    pub summary: S,
}

/// An analysis failure.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct AnalyzeError {
    pub message: String,
}

impl AnalyzeError {
    pub fn new(message: impl Into<String>) -> Self {
        AnalyzeError { message: message.into() }
    }
}

/// An analysis of documents. Implement this, then register it with [`crate::register_analyzer!`].
pub trait Analyzer: Send + Sync + 'static {
    /// What a document contributes to a group or corpus total. Serializable so that shards of a run
    /// can be merged later.
    type Summary: Serialize + DeserializeOwned + Default + Clone + Send + Sync + 'static;

    /// Analyze one document.
    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Self::Summary>, AnalyzeError>;

    /// Fold `part` into `acc`. Called in document order.
    fn merge(&self, acc: &mut Self::Summary, part: &Self::Summary);

    /// The output for a group of documents or the corpus, from their merged summary.
    fn summarize(&self, summary: &Self::Summary, ctx: &Context<'_>) -> Output;

    /// A document's fingerprints for [`Analyzer::across`], in position order, made from the
    /// document alone right after [`Analyzer::analyze`]: in a sharded run the shard makes them and
    /// its part carries them, so that the merge (or a Spark `groupBy` before it) groups them
    /// without any shard's tokens. Hash the words' text, never form ids, which are a run's own.
    /// Default: none.
    fn prints(&self, _doc: &Document, _ctx: &Context<'_>) -> Vec<Print> {
        Vec::new()
    }

    /// Work that needs several documents at once (passages two documents share, say), run on
    /// each group and on the corpus, after the per-document analyses, with its documents in corpus
    /// order and each one's [`Analyzer::prints`] (`prints(i)` those of `docs[i]`: in a merge its
    /// shard's, which a merge given the fingerprints found in two documents or more keeps only
    /// those of; in one run made when asked, the same way). Its metrics, tables
    /// and series join the group's result; its evidence goes in `document_evidence`, by document
    /// id. A batch run lets go of each document's tokens once it is analysed: read them with
    /// `doc.tokens(ctx.vocab)`, which tokenizes the text again when they are gone (the same tokens
    /// and form ids), one document at a time. Default: nothing.
    fn across(&self, _docs: &[&Document], _prints: &PrintsOf<'_>, _ctx: &Context<'_>) -> Output {
        Output::default()
    }

    /// The language (ISO 639-1) of the word lists or rules the analyzer applies, if they have one:
    /// a run whose documents were detected in other languages warns once, counting them by
    /// language (see docs/languages.md). Default: none (language-independent).
    fn language(&self) -> Option<&str> {
        None
    }

    /// The document tables whose columns are the same for every document of the run, with their
    /// types ([`TypedTable`]): the dataset writes each wide, to `ANALYZER.TABLE.parquet`, a row
    /// per table row. Declare a table with a row per sentence, or per word, here. Default: none.
    fn typed_tables(&self) -> Vec<TypedTable> {
        Vec::new()
    }
}

/// A type-erased summary.
#[derive(Debug)]
pub struct AnySummary(Box<dyn Any + Send + Sync>);

/// [`Analyzer`] with its summary type erased, as the engine holds it.
pub trait DynAnalyzer: Send + Sync {
    fn dyn_analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<(Output, AnySummary), AnalyzeError>;
    fn dyn_empty(&self) -> AnySummary;
    fn dyn_merge(&self, acc: &mut AnySummary, part: &AnySummary);
    fn dyn_summarize(&self, summary: &AnySummary, ctx: &Context<'_>) -> Output;
    fn dyn_prints(&self, doc: &Document, ctx: &Context<'_>) -> Vec<Print>;
    fn dyn_across(&self, docs: &[&Document], prints: &PrintsOf<'_>, ctx: &Context<'_>) -> Output;
    fn dyn_summary_to_json(&self, summary: &AnySummary) -> serde_json::Value;
    fn dyn_summary_from_json(&self, value: serde_json::Value) -> Result<AnySummary, serde_json::Error>;
    fn dyn_language(&self) -> Option<&str>;
    fn dyn_typed_tables(&self) -> Vec<TypedTable>;
}

fn typed<S: 'static>(s: &AnySummary) -> &S {
    s.0.downcast_ref::<S>().expect("summary of another analyzer")
}

impl<A: Analyzer> DynAnalyzer for A {
    fn dyn_analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<(Output, AnySummary), AnalyzeError> {
        let a = Analyzer::analyze(self, doc, ctx)?;
        Ok((a.output, AnySummary(Box::new(a.summary))))
    }
    fn dyn_empty(&self) -> AnySummary {
        AnySummary(Box::new(A::Summary::default()))
    }
    fn dyn_merge(&self, acc: &mut AnySummary, part: &AnySummary) {
        let acc = acc.0.downcast_mut::<A::Summary>().expect("summary of another analyzer");
        Analyzer::merge(self, acc, typed::<A::Summary>(part));
    }
    fn dyn_summarize(&self, summary: &AnySummary, ctx: &Context<'_>) -> Output {
        Analyzer::summarize(self, typed::<A::Summary>(summary), ctx)
    }
    fn dyn_prints(&self, doc: &Document, ctx: &Context<'_>) -> Vec<Print> {
        Analyzer::prints(self, doc, ctx)
    }
    fn dyn_across(&self, docs: &[&Document], prints: &PrintsOf<'_>, ctx: &Context<'_>) -> Output {
        Analyzer::across(self, docs, prints, ctx)
    }
    fn dyn_summary_to_json(&self, summary: &AnySummary) -> serde_json::Value {
        serde_json::to_value(typed::<A::Summary>(summary)).unwrap_or(serde_json::Value::Null)
    }
    fn dyn_summary_from_json(&self, value: serde_json::Value) -> Result<AnySummary, serde_json::Error> {
        Ok(AnySummary(Box::new(serde_json::from_value::<A::Summary>(value)?)))
    }
    fn dyn_language(&self) -> Option<&str> {
        Analyzer::language(self)
    }
    fn dyn_typed_tables(&self) -> Vec<TypedTable> {
        Analyzer::typed_tables(self)
    }
}

/// One config key an analyzer accepts.
#[derive(Debug, Clone, Copy)]
pub struct ConfigKey {
    pub name: &'static str,
    /// The default as a TOML literal (`50`, `"words"`, `["a", "b"]`).
    pub default: &'static str,
    pub description: &'static str,
}

/// The `[analyzers.<id>]` section handed to an analyzer's constructor.
#[derive(Debug, Clone, Copy)]
pub struct AnalyzerSection<'a> {
    pub file: &'a ConfigFile,
    pub id: &'a str,
}

impl AnalyzerSection<'_> {
    /// Deserialize the section into the analyzer's config type (use `#[serde(deny_unknown_fields,
    /// default)]` on it). Errors name the file, line and dotted key.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ConfigError> {
        self.file.section(&["analyzers", self.id])
    }

    /// An error at `key` of this section (dotted for a nested table: `shifters.before`), naming
    /// the file and the key's line when it is set.
    pub fn invalid(&self, key: &str, message: impl Into<String>) -> ConfigError {
        self.file.invalid(&self.path(key), message)
    }

    fn path<'k>(&'k self, key: &'k str) -> Vec<&'k str> {
        ["analyzers", self.id].into_iter().chain(key.split('.')).collect()
    }

    /// Check that `key`'s value lies in `min..=max` (a NaN never does): the error names the file,
    /// line and key. Every numeric key has a range, so that no value makes a run abort or crawl.
    pub fn check_range<T: PartialOrd + std::fmt::Display + Copy>(
        &self,
        key: &str,
        value: T,
        min: T,
        max: T,
    ) -> Result<(), ConfigError> {
        self.file.check_range(&self.path(key), value, min, max)
    }
}

/// Builds an analyzer from its config section.
pub type BuildFn = fn(&AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError>;

/// An analyzer's entry in the registry. Create it with [`crate::register_analyzer!`].
#[derive(Debug)]
pub struct Registration {
    pub id: &'static str,
    pub summary: &'static str,
    pub keys: &'static [ConfigKey],
    /// The module that registered it, to tell duplicates apart.
    pub module: &'static str,
    pub build: BuildFn,
}

inventory::collect!(Registration);

/// Register an analyzer:
///
/// ```ignore
/// rhetor_analyzer::register_analyzer! {
///     id: "text-stats",
///     summary: "Counts, sentence lengths and readability",
///     keys: &[rhetor_analyzer::ConfigKey { name: "evidence_sentences", default: "3", description: "…" }],
///     build: build,
/// }
/// ```
#[macro_export]
macro_rules! register_analyzer {
    (id: $id:expr, summary: $summary:expr, keys: $keys:expr, build: $build:expr $(,)?) => {
        $crate::inventory::submit! {
            $crate::Registration { id: $id, summary: $summary, keys: $keys, module: module_path!(), build: $build }
        }
    };
}
