//! Epithets: the words attached to a mention of a target, found from the tokens around it within
//! its sentence, without a tagger, by three documented rules:
//!
//! - **before**: the run of up to three words right before the mention (no punctuation between)
//!   that follows a determiner or possessive ("the *warmongering* U.S.", "their *puppet* regime";
//!   not "that", most often a conjunction: "says that Latin America");
//!   the run stops at a function word, and one that does not reach a determiner is not taken, so
//!   that a verb right before a bare name ("slammed Japan", "AUKUS regards China") is no epithet
//!   (nor is a run at the start of a sentence: "When Kim Jong Un arrived");
//! - **apposition**: after a comma, a noun phrase opened by "the", "a" or "an" and closed by
//!   punctuation within six words ("Washington, *the chieftain of aggression*,");
//! - **clause**: a relative clause right after the mention, "who" or "which" with its auxiliary
//!   left out ("the U.S. which is *hell-bent on war*"); "that" is left out, as after a name it is
//!   most often a conjunction ("told Japan that ...").
//!
//! An apposition is cut short at four words and a clause at three (a clause's own verb follows:
//! "which is hell-bent on war keeps going"), and function words are trimmed from both ends ("the
//! main culprit of the war" cut to "main culprit of the", trimmed to "main culprit"). Known limits,
//! for want of a tagger: a noun and verb after a determiner pass for modifiers ("the message wished
//! Kim Jong Un" gives "message wished"). Epithets are written in the vocabulary's normalized
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

/// Words of an epithet before the mention, of an apposition, and of a clause after it.
const MAX_BEFORE: usize = 3;
const MAX_AFTER: usize = 4;
const MAX_CLAUSE: usize = 3;
/// Words within which an apposition must be closed by punctuation.
const MAX_APPOSITION: usize = 6;

/// Words that open the noun phrase an epithet before a mention belongs to.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "such", "its", "their", "our", "his", "her", "your", "my", "every",
    "all", "both",
];

/// Words that end a run of modifiers and are trimmed from the ends of a phrase (with the
/// determiners).
const FUNCTION_WORDS: &[&str] = &[
    "that",
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
    "onto",
    "unto",
    "off",
    "out",
    "up",
    "down",
    "near",
    "around",
    "along",
    "per",
    "versus",
    "recently",
    "now",
    "already",
    "again",
    "never",
    "ever",
    "always",
    "often",
];

/// Auxiliaries left out after "who" or "which".
const AUXILIARIES: &[&str] =
    &["is", "are", "was", "were", "has", "have", "had", "been", "being", "be", "still", "now", "'s", "’s"];

/// Relative pronouns that open a clause epithet ("that" is left out: after a name it is most often
/// a conjunction, "told Japan that ...").
const RELATIVES: &[&str] = &["who", "which"];

fn among(list: &[&str], form: &str) -> bool {
    list.contains(&form)
}

/// A function word or a determiner (looked up in the two lists merged and sorted, once).
fn function_word(form: &str) -> bool {
    static SORTED: std::sync::LazyLock<Vec<&str>> = std::sync::LazyLock::new(|| {
        let mut all: Vec<&str> = FUNCTION_WORDS.iter().chain(DETERMINERS).copied().collect();
        all.sort_unstable();
        all
    });
    SORTED.binary_search(&form).is_ok()
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
            if !self.is_word(p) || self.in_mention(p) || function_word(self.form(p)) {
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
        words.truncate(if kind == Kind::Clause { MAX_CLAUSE } else { MAX_AFTER });
        // Function words trimmed from both ends ("the chieftain of" gives "chieftain").
        while words.last().is_some_and(|&w| function_word(self.form(w))) {
            words.pop();
        }
        let lead = words.iter().take_while(|&&w| function_word(self.form(w))).count();
        words.drain(..lead);
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
