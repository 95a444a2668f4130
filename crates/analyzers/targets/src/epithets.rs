//! Epithets: the words attached to a mention of a target, found from the tokens around it within
//! its sentence, without a tagger, by three documented rules:
//!
//! - **before**: the run of up to three words right before the mention (no punctuation between)
//!   that follows a determiner or possessive ("the *warmongering* U.S.", "their *puppet* regime");
//!   the run stops at a function word, and one that does not reach a determiner is not taken, so
//!   that a verb right before a bare name ("slammed Japan", "AUKUS regards China") is no epithet
//!   (nor is a run at the start of a sentence: "When Kim Jong Un arrived");
//! - **apposition**: after a comma, a noun phrase opened by "the", "a" or "an" and closed by
//!   punctuation within six words ("Washington, *the chieftain of aggression*,");
//! - **clause**: a relative clause right after the mention, "who", "which" or "that" with its
//!   auxiliary left out ("the U.S. which is *hell-bent on war*").
//!
//! An apposition or a clause is cut short at four words, and function words are trimmed from its
//! end ("the main culprit of the war" gives "main culprit of the war" within four words, "main
//! culprit of" trimmed to "main culprit"). Epithets are written in the vocabulary's normalized
//! (lower-case) forms. Words of another mention are never an epithet.

use rhetor_doc::{Document, TokenKind, Vocabulary};

/// Where an epithet stands to its mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Before,
    Apposition,
    Clause,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Before => "before",
            Kind::Apposition => "apposition",
            Kind::Clause => "clause",
        }
    }
}

/// One epithet of a mention: its kind, its words (normalized, space-separated) and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epithet {
    pub kind: Kind,
    pub text: String,
    pub first_token: usize,
    pub last_token: usize,
}

/// Words of an epithet before the mention, and of an apposition or clause after it.
const MAX_BEFORE: usize = 3;
const MAX_AFTER: usize = 4;
/// Words within which an apposition must be closed by punctuation.
const MAX_APPOSITION: usize = 6;

/// Words that open the noun phrase an epithet before a mention belongs to.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "that", "those", "such", "its", "their", "our", "his", "her", "your", "my",
    "every", "all", "both",
];

/// Words that end a run of modifiers and are trimmed from the end of a phrase.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "these",
    "that",
    "those",
    "such",
    "its",
    "their",
    "our",
    "his",
    "her",
    "your",
    "my",
    "every",
    "all",
    "both",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "into",
    "against",
    "and",
    "or",
    "but",
    "nor",
    "as",
    "than",
    "who",
    "which",
    "whom",
    "whose",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "not",
    "no",
    "it",
    "they",
    "he",
    "she",
    "we",
    "you",
    "i",
    "them",
    "him",
    "us",
    "me",
    "so",
    "too",
    "very",
    "also",
    "still",
    "even",
    "just",
    "only",
    "then",
    "there",
    "here",
    "if",
    "between",
    "among",
    "including",
    "toward",
    "towards",
    "over",
    "under",
    "about",
    "after",
    "before",
    "during",
    "without",
    "within",
    "through",
    "across",
    "behind",
    "beyond",
    "like",
    "unlike",
    "upon",
    "via",
    "amid",
    "despite",
    "when",
    "while",
    "since",
    "because",
    "although",
    "though",
    "whether",
    "where",
    "how",
    "what",
];

/// Auxiliaries left out after "who", "which" or "that".
const AUXILIARIES: &[&str] =
    &["is", "are", "was", "were", "has", "have", "had", "been", "being", "be", "still", "now", "'s", "’s"];

const RELATIVES: &[&str] = &["who", "which", "that"];

fn among(list: &[&str], form: &str) -> bool {
    list.contains(&form)
}

/// The tokens of a sentence and their forms, to look around a mention.
pub struct Around<'a> {
    pub doc: &'a Document,
    pub vocab: &'a Vocabulary,
    /// The sentence's token range.
    pub start: usize,
    pub end: usize,
    /// Tokens inside any mention of the sentence (sorted ranges): never part of an epithet.
    pub mentions: &'a [(usize, usize)],
}

impl Around<'_> {
    fn form(&self, t: usize) -> &str {
        self.vocab.form(self.doc.tokens[t].form)
    }

    fn is_word(&self, t: usize) -> bool {
        self.doc.tokens[t].kind == TokenKind::Word
    }

    fn in_mention(&self, t: usize) -> bool {
        let i = self.mentions.partition_point(|&(_, last)| last < t);
        self.mentions.get(i).is_some_and(|&(first, _)| first <= t)
    }

    fn is_punct(&self, t: usize) -> bool {
        self.doc.tokens[t].kind == TokenKind::Punct
    }

    /// The epithets of the mention `first..=last`.
    pub fn epithets(&self, first: usize, last: usize) -> Vec<Epithet> {
        let mut out = Vec::new();
        out.extend(self.before(first));
        out.extend(self.after(last));
        out
    }

    fn before(&self, first: usize) -> Option<Epithet> {
        let mut t = first;
        let mut words = Vec::new();
        while t > self.start && words.len() < MAX_BEFORE {
            let p = t - 1;
            if !self.is_word(p) || self.in_mention(p) || among(FUNCTION_WORDS, self.form(p)) {
                break;
            }
            words.push(p);
            t = p;
        }
        // The run must follow a determiner: else it may be a verb or a longer phrase's tail.
        let opened = t > self.start && self.is_word(t - 1) && among(DETERMINERS, self.form(t - 1));
        if words.is_empty() || !opened {
            return None;
        }
        words.reverse();
        Some(self.epithet(Kind::Before, &words))
    }

    fn after(&self, last: usize) -> Option<Epithet> {
        let mut t = last + 1;
        let comma = t < self.end && self.is_punct(t) && self.form(t) == ",";
        if comma {
            t += 1;
        }
        if t >= self.end || !self.is_word(t) {
            return None;
        }
        let opener = self.form(t);
        let kind = if comma && among(&["the", "a", "an"], opener) {
            Kind::Apposition
        } else if among(RELATIVES, opener) {
            Kind::Clause
        } else {
            return None;
        };
        t += 1;
        if kind == Kind::Clause {
            while t < self.end && self.is_word(t) && among(AUXILIARIES, self.form(t)) {
                t += 1;
            }
        }
        let mut words = Vec::new();
        let most = if kind == Kind::Apposition { MAX_APPOSITION } else { MAX_AFTER };
        while t < self.end && words.len() < most && self.is_word(t) && !self.in_mention(t) {
            words.push(t);
            t += 1;
        }
        // An apposition is a short phrase closed by punctuation (or the sentence's end).
        let closed = t >= self.end || self.is_punct(t);
        if kind == Kind::Apposition && !closed {
            return None;
        }
        words.truncate(MAX_AFTER);
        while words.last().is_some_and(|&w| among(FUNCTION_WORDS, self.form(w))) {
            words.pop();
        }
        if words.is_empty() {
            return None;
        }
        Some(self.epithet(kind, &words))
    }

    fn epithet(&self, kind: Kind, words: &[usize]) -> Epithet {
        let text = words.iter().map(|&w| self.form(w)).collect::<Vec<_>>().join(" ");
        Epithet { kind, text, first_token: words[0], last_token: words[words.len() - 1] }
    }
}
