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
        let mut vocab = Vocabulary::new();
        let mut documents = Vec::with_capacity(parts.len());
        let mut remap: Vec<FormId> = Vec::new();
        for (mut doc, local) in parts {
            remap.clear();
            remap.extend(local.iter().map(|(_, form)| vocab.intern(form)));
            for t in &mut doc.tokens {
                t.form = remap[t.form.0 as usize];
            }
            documents.push(doc);
        }
        Corpus { documents, vocab }
    }

    /// Total number of tokens.
    pub fn token_count(&self) -> usize {
        self.documents.iter().map(|d| d.tokens.len()).sum()
    }
}
