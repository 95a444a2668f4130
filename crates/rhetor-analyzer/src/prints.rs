//! Fingerprints of a document for the work across documents ([`crate::Analyzer::across`]): made
//! from one document alone while its tokens are at hand, they are what a shard hands on for that
//! work (its part carries them, a merge or a Spark `groupBy` groups them), so that no step needs
//! another shard's tokens.

/// A fingerprint of a place in a document: a hash of the words there that depends on those words
/// alone (their text, not the run's form ids: the same in every shard and on every machine), and
/// the position of the first of them among the document's words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Print {
    pub at: u32,
    pub hash: u32,
}

/// Each document's fingerprints for [`crate::Analyzer::across`], by its place among the documents
/// given: its shard's (a merge) or made when asked (one run), the same either way.
pub type PrintsOf<'a> = dyn Fn(usize) -> std::borrow::Cow<'a, [Print]> + Sync + 'a;
