//! Comparisons between documents and groups of documents, on the shared document model: n-gram
//! frequency lists with document frequency and dispersion ([`ngrams`]), and keyness statistics
//! between a target and a reference ([`keyness`], which lives in the analyzer API crate so that
//! analyzers use the same statistics). Formulas and a worked example are in `docs/comparisons.md`.
//!
//! Architecture Invariant: no IO and no analyzer here; counts come from documents or from a run's
//! results, statistics from counts.

pub use rhetor_engine::keyness;
pub mod ngrams;
pub mod scopes;
