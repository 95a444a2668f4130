//! The stages of the analysis that `cargo xtask bench` times one by one and sets beside Python
//! peers (lexicalrichness, nltk): a document's words prepared once ([`Prepared`]), then its maximal
//! repeats, figures and lexical diversity, each behind one call. Nothing else of the analyzer's
//! insides is public.

use crate::word_forms::Words;
use crate::{RepetitionConfig, diversity, figures, repeats};
use rhetor_doc::{Document, Vocabulary};

/// A document's word ids as the repeats and figures read them (sentence by sentence).
#[derive(Debug)]
pub struct Prepared {
    words: Words,
}

impl Prepared {
    pub fn new(doc: &Document) -> Prepared {
        Prepared { words: Words::new(doc, false) }
    }

    /// The word forms (interned ids), in order.
    pub fn forms(&self) -> &[u32] {
        &self.words.forms
    }

    /// The maximal repeats of `config.min_n..=config.max_n` words: how many.
    pub fn maximal_repeats(&self, config: &RepetitionConfig) -> usize {
        repeats::maximal_repeats(&self.words.forms, self.words.units(), config.min_n, config.max_n).len()
    }

    /// The figures of repetition (anaphora, epistrophe, enumerations, triads) with no stop list:
    /// how many.
    pub fn figures(&self, doc: &Document, vocab: &Vocabulary, config: &RepetitionConfig) -> usize {
        let stop = rustc_hash::FxHashSet::default();
        let options = figures::Options {
            min_run: config.min_run,
            stop_openings: false,
            stop: &stop,
            units: figures::units(doc, &self.words, false),
        };
        figures::find(doc, &self.words, vocab, &options).len()
    }
}

/// The word tokens the lexical diversity measures read (numbers left out, as lexicalrichness).
pub fn lexical_forms(doc: &Document) -> Vec<u32> {
    crate::word_forms::lexical_forms(doc)
}

/// The seven lexical diversity measures of `forms` with `config`'s parameters: the MTLD (the
/// others are computed alike and kept from being optimised away by the caller's `black_box`).
pub fn diversity(forms: &[u32], config: &RepetitionConfig) -> f64 {
    let params = diversity::Params {
        mattr_window: config.mattr_window,
        mtld_threshold: config.mtld_threshold,
        hdd_draws: config.hdd_draws,
    };
    let d = diversity::measure(forms, &params);
    std::hint::black_box(&d);
    d.mtld
}
