//! The word sequence the repetition measures run on: the form ids of a document's word tokens, with
//! the token index of each (for evidence spans) and the unit (sentence) each belongs to.
//!
//! Words are tokens of kind `word`, `number` and `other-script`; punctuation and symbols are skipped,
//! so "comrades, we" is the two-word sequence `comrades we`. With `cross_sentences = false` (the
//! default) every sentence is its own unit and no n-gram spans two sentences.

use rhetor_doc::{Document, Span, Token, TokenKind};

/// A document's words, in order.
#[derive(Debug, Default, Clone)]
pub struct Words {
    /// Form id of each word.
    pub forms: Vec<u32>,
    /// Index in `doc.tokens` of each word.
    pub tokens: Vec<u32>,
    /// Whether n-grams may cross sentence ends (then the whole text is one unit).
    pub cross_sentences: bool,
    /// Sentence index of each word.
    pub sentences: Vec<u32>,
}

impl Words {
    /// A document's words, in buffers taken from this thread's pool (see [`Words::recycle`]).
    pub fn new(doc: &Document, cross_sentences: bool) -> Words {
        Words::of(doc, &doc.tokens, cross_sentences)
    }

    /// [`Words::new`] with the document's tokens given (see `Document::tokens`).
    pub fn of(doc: &Document, tokens: &[Token], cross_sentences: bool) -> Words {
        let mut w = Words { forms: buffer(), tokens: buffer(), cross_sentences, sentences: buffer() };
        for (s, sentence) in doc.sentences.iter().enumerate() {
            for i in sentence.tokens.range() {
                let t = tokens[i];
                if t.kind.is_wordlike() {
                    w.forms.push(t.form.0);
                    w.tokens.push(i as u32);
                    w.sentences.push(s as u32);
                }
            }
        }
        w
    }

    /// Give the buffers back to this thread's pool, for the next document.
    pub fn recycle(self) {
        for v in [self.forms, self.tokens, self.sentences] {
            give_back(v);
        }
    }

    /// The unit of each word for [`crate::repeats::maximal_repeats`]: its sentence, or none (one
    /// unit) when n-grams may cross sentence ends.
    pub fn units(&self) -> &[u32] {
        if self.cross_sentences { &[] } else { &self.sentences }
    }

    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// The document span of words `start..start + len`.
    pub fn span(&self, doc: &Document, start: usize, len: usize) -> Span {
        self.span_in(&doc.tokens, start, len)
    }

    /// [`Words::span`] with the document's tokens given.
    pub fn span_in(&self, tokens: &[Token], start: usize, len: usize) -> Span {
        let first = tokens[self.tokens[start] as usize];
        let last = tokens[self.tokens[start + len - 1] as usize];
        Span::new(first.start, last.end)
    }
}

/// The form ids of a document's lexical words (words and other-script words, not numbers), in
/// order: what the diversity measures read.
pub fn lexical_forms(doc: &Document) -> Vec<u32> {
    forms_of(doc, &doc.tokens, |k| matches!(k, TokenKind::Word | TokenKind::OtherScript))
}

std::thread_local! {
    /// Word buffers kept between documents (fresh ones for every document would make the
    /// allocator map and zero new pages each time).
    static POOL: std::cell::RefCell<Vec<Vec<u32>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty buffer from this thread's pool.
pub fn buffer() -> Vec<u32> {
    POOL.with_borrow_mut(Vec::pop).unwrap_or_default()
}

/// Return a buffer to this thread's pool: at most eight are kept, of a million words at most (a
/// huge document's buffers are freed, not held for the rest of the run).
pub fn give_back(mut v: Vec<u32>) {
    if v.capacity() > 1 << 20 {
        return;
    }
    v.clear();
    POOL.with_borrow_mut(|pool| {
        if pool.len() < 8 {
            pool.push(v);
        }
    });
}

fn forms_of(doc: &Document, tokens: &[Token], keep: impl Fn(TokenKind) -> bool) -> Vec<u32> {
    let mut out = buffer();
    for sentence in &doc.sentences {
        for t in &tokens[sentence.tokens.range()] {
            if keep(t.kind) {
                out.push(t.form.0);
            }
        }
    }
    out
}

std::thread_local! {
    /// Per-thread table from form id to dense id, `u32::MAX` where unused between calls.
    static DENSE: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Form ids renumbered densely (0, 1, … in order of first occurrence), and the number of distinct
/// ids: through a per-thread table indexed by form id (cleared after use), so no hashing.
pub fn dense(forms: &[u32]) -> (Vec<u32>, usize) {
    DENSE.with_borrow_mut(|table| {
        let top = forms.iter().max().map_or(0, |&m| m as usize + 1);
        if table.len() < top {
            table.resize(top, u32::MAX);
        }
        let mut distinct = 0u32;
        let out = forms
            .iter()
            .map(|&f| {
                let slot = &mut table[f as usize];
                if *slot == u32::MAX {
                    *slot = distinct;
                    distinct += 1;
                }
                *slot
            })
            .collect();
        for &f in forms {
            table[f as usize] = u32::MAX;
        }
        (out, distinct as usize)
    })
}
