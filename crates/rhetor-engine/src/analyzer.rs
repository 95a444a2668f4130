//! The plugin API, from `rhetor-analyzer` (the trait, its type-erased form, registration), under the
//! paths the engine's modules use.

pub use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, AnySummary, BuildFn, ConfigKey, Context, DocAnalysis, DynAnalyzer, Print,
    PrintsOf, Registration,
};
