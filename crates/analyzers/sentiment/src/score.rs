//! Scoring the sentences of a document with one lexicon: the sentence's score and every word that
//! contributed, with its span in the document and the value it contributed after the rules
//! (VADER) or the shifters (word lists).
//!
//! A VADER sentence's score is its compound; positive at ≥ 0.05, negative at ≤ −0.05 (the
//! thresholds VADER's authors recommend). A word-list sentence's score is the sum of its
//! contributions; positive above 0, negative below.

use crate::shifters::{Role, Shifters};
use crate::vader::{self, Polarity, Vader};
use crate::wordlist::WordList;
use rhetor_doc::{Document, Sentence, Span, TokenKind, Vocabulary};

/// A lexicon the analyzer scores with.
#[derive(Debug)]
pub enum Lexicon {
    Vader(Box<Vader>),
    Words(WordList),
}

/// One word's contribution to a sentence score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub span: Span,
    /// The lexicon entry (lowercase) that matched.
    pub entry: String,
    /// The value after rules or shifters.
    pub value: f64,
    /// What shifted it (word lists), empty otherwise.
    pub note: String,
    /// NRC emotion bits.
    pub emotions: u8,
}

/// A scored sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceScore {
    pub score: f64,
    /// VADER's four scores, in `vader` mode.
    pub vader: Option<Polarity>,
    pub contributions: Vec<Contribution>,
}

impl SentenceScore {
    /// +1, −1 or 0: the sentence's class under the lexicon's thresholds.
    pub fn class(&self, lexicon: &Lexicon) -> i8 {
        let t = if matches!(lexicon, Lexicon::Vader(_)) { 0.05 } else { 0.0 };
        if self.score >= t && self.score > 0.0 {
            1
        } else if self.score <= -t && self.score < 0.0 {
            -1
        } else {
            0
        }
    }
}

/// Buffers reused across sentences.
#[derive(Debug, Default)]
pub struct Scratch {
    vader: vader::Scratch,
    found: Vec<vader::Contribution>,
    forms: Vec<u32>,
    roles: Vec<Role>,
    clauses: Vec<u32>,
    tokens: Vec<usize>,
}

impl Scratch {
    /// Whether the buffers have grown past what ordinary sentences need (65,536 words), as one
    /// pathological document makes them: a thread keeping them for later documents lets them go.
    pub fn is_large(&self) -> bool {
        let caps = [self.found.capacity(), self.forms.capacity(), self.roles.capacity(), self.clauses.capacity()];
        self.vader.is_large() || self.tokens.capacity() > 1 << 16 || caps.iter().any(|&c| c > 1 << 16)
    }
}

impl Lexicon {
    /// The lexicon's name for labels: `vader`, or the word list's name.
    pub fn name(&self) -> &str {
        match self {
            Lexicon::Vader(_) => "vader",
            Lexicon::Words(w) => &w.name,
        }
    }

    pub fn has_emotions(&self) -> bool {
        matches!(self, Lexicon::Words(w) if w.has_emotions)
    }

    /// Score one sentence of `doc`.
    pub fn score(
        &self,
        doc: &Document,
        sentence: &Sentence,
        vocab: &Vocabulary,
        shifters: &Shifters,
        scratch: &mut Scratch,
    ) -> SentenceScore {
        match self {
            Lexicon::Vader(v) => {
                let text = doc.span_text(sentence.span);
                let p = v.score(text, &mut scratch.vader, Some(&mut scratch.found));
                let base = sentence.span.start;
                let contributions = scratch
                    .found
                    .iter()
                    .map(|c| {
                        let span = Span::new(base + c.span.0 as u32, base + c.span.1 as u32);
                        let entry = doc.span_text(span).to_lowercase();
                        Contribution { span, entry, value: c.valence, note: String::new(), emotions: 0 }
                    })
                    .collect();
                SentenceScore { score: p.compound, vader: Some(p), contributions }
            }
            Lexicon::Words(list) => score_words(list, doc, sentence, vocab, shifters, scratch),
        }
    }
}

fn score_words(
    list: &WordList,
    doc: &Document,
    sentence: &Sentence,
    vocab: &Vocabulary,
    shifters: &Shifters,
    scratch: &mut Scratch,
) -> SentenceScore {
    // The sentence's words, with their shifter roles and clause numbers.
    scratch.tokens.clear();
    scratch.forms.clear();
    scratch.roles.clear();
    scratch.clauses.clear();
    let mut clause = 0;
    for t in sentence.tokens.range() {
        let tok = &doc.tokens[t];
        match tok.kind {
            TokenKind::Word | TokenKind::OtherScript | TokenKind::Number => {
                scratch.tokens.push(t);
                scratch.forms.push(tok.form.0);
                scratch.roles.push(shifters.role(vocab.form(tok.form)));
                scratch.clauses.push(clause);
            }
            TokenKind::Punct if matches!(doc.token_text(t), "," | ";" | ":") => clause += 1,
            _ => {}
        }
    }
    let forms: Vec<&str> = scratch.forms.iter().map(|&f| vocab.form(rhetor_doc::FormId(f))).collect();
    let mut contributions = Vec::new();
    let mut score = 0.0;
    let mut i = 0;
    while i < forms.len() {
        let Some(found) = list.find(&forms[i..]) else {
            i += 1;
            continue;
        };
        let entry = &list.entries[found.entry as usize];
        let (factor, note) = if shifters.enabled() {
            let s = shifters.shift(&scratch.roles, &scratch.clauses, i, found.words);
            (s.factor, s.note())
        } else {
            (1.0, String::new())
        };
        let value = entry.value * factor;
        score += value;
        let first = &doc.tokens[scratch.tokens[i]];
        let last = &doc.tokens[scratch.tokens[i + found.words - 1]];
        contributions.push(Contribution {
            span: Span::new(first.start, last.end),
            entry: entry.text.clone(),
            value,
            note,
            emotions: entry.emotions,
        });
        i += found.words;
    }
    SentenceScore { score, vader: None, contributions }
}
