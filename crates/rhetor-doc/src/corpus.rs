//! A corpus: documents in a fixed order and the vocabulary they share.

use crate::document::Document;
use crate::token::FormId;
use crate::vocab::Vocabulary;

/// Documents in corpus order and their shared vocabulary.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub vocab: Vocabulary,
}

impl Corpus {
    /// Merge documents built with their own vocabularies (in parallel, say) into one corpus, in the
    /// given order. Form ids are assigned in order of first occurrence, so the result does not depend
    /// on how the documents were built.
    pub fn assemble(parts: Vec<(Document, Vocabulary)>) -> Corpus {
        let mut corpus = Corpus { documents: Vec::with_capacity(parts.len()), vocab: Vocabulary::new() };
        for (mut doc, local) in parts {
            adopt(&mut corpus.vocab, &mut doc, &local);
            corpus.documents.push(doc);
        }
        corpus
    }

    /// Total number of tokens.
    pub fn token_count(&self) -> usize {
        self.documents.iter().map(|d| d.tokens.len()).sum()
    }
}

/// Re-point the forms of `doc`, built with the per-document vocabulary `local`, at `vocab`, adding
/// the forms `vocab` lacks. Taking documents in corpus order gives ids in order of first occurrence.
pub fn adopt(vocab: &mut Vocabulary, doc: &mut Document, local: &Vocabulary) {
    let remap: Vec<FormId> = vocab.merge(local);
    for t in &mut doc.tokens {
        t.form = remap[t.form.0 as usize];
    }
}
