//! Sentence segmentation over tokens, in the spirit of UAX #29's sentence rules plus the knowledge
//! those rules lack: abbreviations, initials, numbers, ellipses, quotes, brackets and lists.
//!
//! A sentence never crosses a paragraph. Inside a paragraph a sentence ends after a terminator (a run
//! of `.`, `!`, `?`, or `…`, with any closing quotes and brackets attached to it) that whitespace
//! separates from the next token, unless:
//! - the next word starts in lower case, or is a number ("p. 55", "N°. 1026");
//! - the period belongs to a title or other prepositive abbreviation ("Mr.", "St.", "Gen.");
//! - the period belongs to another abbreviation ("co.", "Inc.", "U.S.", "a.m.", and the configured
//!   list) and the next word is not a common sentence opener ("U.S. Government" goes on; "U.S. How"
//!   ends);
//! - the period follows an initial inside a name ("Jonas E. Smith");
//! - the terminator is a bracketed ellipsis ("[...]") or a spaced three-dot ellipsis (". . .");
//! - a spaced ellipsis after a sentence's own period (". . . ." after "compounds.") starts the next
//!   sentence rather than ending this one.
//!
//! Lists: a sentence that opens with a list marker ("1.", "2)", "1.)", "a.", "• 9.") ends before the
//! next marker of the same series, with or without a period.

use crate::token::{Token, TokenKind};
use rustc_hash::FxHashSet;

/// Titles and other abbreviations that precede a name or number and never end a sentence.
pub const PREPOSITIVE: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "st", "mt", "ft", "gen", "lt", "col", "maj", "capt",
    "cmdr", "adm", "sgt", "cpl", "pvt", "rev", "hon", "gov", "sen", "rep", "pres", "supt", "insp", "gov't",
];

/// Abbreviations that may end a sentence: they end one only before a common sentence opener.
pub const AMBIGUOUS: &[&str] = &[
    "co", "corp", "inc", "ltd", "jr", "sr", "bros", "etc", "al", "esp", "dept", "est", "approx", "misc", "vs", "viz",
    "cf", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vol",
    "vols", "fig", "figs", "p", "pp", "ch", "chap", "art", "sec", "para", "ed", "eds", "op",
];

/// Words that commonly open a sentence; after an ambiguous abbreviation they signal a boundary.
const OPENERS: &[&str] = &[
    "a",
    "an",
    "the",
    "i",
    "we",
    "he",
    "she",
    "it",
    "they",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "how",
    "what",
    "why",
    "when",
    "where",
    "who",
    "which",
    "but",
    "and",
    "so",
    "if",
    "in",
    "on",
    "at",
    "for",
    "as",
    "after",
    "before",
    "however",
    "then",
    "our",
    "my",
    "his",
    "her",
    "their",
    "its",
    "let",
    "all",
    "yes",
    "one",
    "some",
    "many",
    "most",
    "each",
    "every",
    "today",
    "now",
    "thus",
    "therefore",
    "while",
    "although",
    "though",
    "because",
    "since",
    "with",
    "without",
    "by",
    "from",
    "to",
    "not",
    "did",
    "do",
    "does",
    "is",
    "are",
    "was",
    "were",
    "can",
    "will",
    "would",
    "should",
    "may",
    "must",
];

/// The abbreviation lists a segmenter uses.
#[derive(Debug, Clone)]
pub struct Abbreviations {
    prepositive: FxHashSet<String>,
    ambiguous: FxHashSet<String>,
    openers: FxHashSet<&'static str>,
}

impl Default for Abbreviations {
    fn default() -> Self {
        Self::with_extra(&[])
    }
}

impl Abbreviations {
    /// The built-in lists plus `extra` abbreviations (with or without their final period; case is
    /// ignored), which are treated as ambiguous.
    pub fn with_extra(extra: &[String]) -> Self {
        let norm = |s: &str| s.trim_end_matches('.').to_ascii_lowercase();
        Abbreviations {
            prepositive: PREPOSITIVE.iter().map(|s| norm(s)).collect(),
            ambiguous: AMBIGUOUS.iter().map(|s| norm(s)).chain(extra.iter().map(|s| norm(s))).collect(),
            openers: OPENERS.iter().copied().collect(),
        }
    }
}

/// Splits the tokens `tokens[range]` of one paragraph into sentences, pushing `[start, end)` token index
/// pairs to `out`.
pub fn split_sentences(
    text: &str,
    tokens: &[Token],
    range: (usize, usize),
    abbr: &Abbreviations,
    out: &mut Vec<(u32, u32)>,
) {
    split_marked(text, tokens, range, abbr, None, out);
}

/// [`split_sentences`], given (when `marks` is some) the indices in increasing order of every token
/// of the range that is not a plain word (see [`is_candidate`]): the splitter then jumps from mark to
/// mark instead of looking at every word.
pub(crate) fn split_marked(
    text: &str,
    tokens: &[Token],
    range: (usize, usize),
    abbr: &Abbreviations,
    marks: Option<&[u32]>,
    out: &mut Vec<(u32, u32)>,
) {
    let mut cursor = 0;
    let s = Splitter { text, tokens, abbr };
    let bytes = text.as_bytes();
    let (a, b) = range;
    if a >= b {
        return;
    }
    let mut start = a;
    let mut i = a;
    let mut list: Option<Marker> = None;
    let mut buf = String::new();
    while i < b {
        if i == start {
            if let Some((len, marker)) = s.list_marker(i, b) {
                list = Some(marker);
                i += len;
                continue;
            }
            list = None;
        } else if let Some(expected) = list.map(Marker::next) {
            if s.gap_before(i) {
                if let Some((_, m)) = s.list_marker(i, b) {
                    if m == expected {
                        out.push((start as u32, i as u32));
                        start = i;
                        continue;
                    }
                }
            }
        }
        if list.is_none() && i > start {
            // Outside a list, skip the run of words that end nothing in a tight loop.
            i = match marks {
                Some(m) => {
                    while m.get(cursor).is_some_and(|&k| (k as usize) < i) {
                        cursor += 1;
                    }
                    m.get(cursor).map_or(b, |&k| (k as usize).min(b))
                }
                None => plain_words_end(tokens, bytes, i, b),
            };
            if i >= b {
                break;
            }
        }
        let t = s.tokens[i];
        // Most tokens are words that end nothing: decide those from the kind and the last byte.
        let is_dotted_abbr = t.kind == TokenKind::Word && t.end - t.start > 2 && bytes[t.end as usize - 1] == b'.';
        if t.kind.is_wordlike() && !is_dotted_abbr {
            i += 1;
            continue;
        }
        let txt = s.text(i);
        if i > start && !t.kind.is_wordlike() && is_bullet(txt) && s.gap_before(i) {
            out.push((start as u32, i as u32));
            start = i;
            continue;
        }
        let is_term =
            t.kind == TokenKind::Punct && (txt.bytes().all(|c| matches!(c, b'.' | b'!' | b'?')) || txt == "…");
        if !(is_term || is_dotted_abbr) {
            i += 1;
            continue;
        }
        // A spaced ellipsis: ". . ." or ". . . .".
        if txt == "." {
            let mut k = i + 1;
            while k < b && s.text(k) == "." && s.tokens[k].start == s.tokens[k - 1].end + 1 {
                k += 1;
            }
            let dots = k - i;
            if dots >= 3 {
                let attached = i > start && s.attached(i) && s.tokens[i - 1].kind.is_wordlike();
                let after = s.closers_end(k, b);
                if attached && dots == 4 {
                    // "compounds. . . . The": the first period ends this sentence; the rest open the next.
                    if after < b && s.next_starts_sentence(after, b) {
                        out.push((start as u32, (i + 1) as u32));
                        start = i + 1;
                    }
                    i = k;
                    continue;
                }
                if dots >= 4 && after < b && s.gap_before(after) && s.next_starts_sentence(after, b) {
                    out.push((start as u32, after as u32));
                    start = after;
                    i = after;
                    continue;
                }
                i = k;
                continue;
            }
        }
        let end = s.closers_end(i + 1, b);
        if end >= b {
            break;
        }
        if s.is_boundary(i, start, end, b, is_dotted_abbr, &mut buf) {
            out.push((start as u32, end as u32));
            start = end;
        }
        i = end;
    }
    if start < b {
        out.push((start as u32, b as u32));
    }
}

/// Whether a token is a candidate (a mark): not a word-like token, or a dotted abbreviation ("U.S."). Only marks
/// can end a sentence or start a bullet; `last` is the token's last byte.
#[inline]
pub(crate) fn is_candidate(t: &Token, last: u8) -> bool {
    !t.kind.is_wordlike() || (t.kind == TokenKind::Word && t.end - t.start > 2 && last == b'.')
}

/// The first mark at or after `i`, or `b`.
#[inline]
fn plain_words_end(tokens: &[Token], bytes: &[u8], mut i: usize, b: usize) -> usize {
    while let Some(t) = tokens.get(i).filter(|_| i < b) {
        if is_candidate(t, bytes[t.end as usize - 1]) {
            break;
        }
        i += 1;
    }
    i
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Marker {
    Number(u32),
    Letter(u8),
}

impl Marker {
    fn next(self) -> Marker {
        match self {
            Marker::Number(n) => Marker::Number(n + 1),
            Marker::Letter(c) => Marker::Letter(c + 1),
        }
    }
}

fn is_bullet(t: &str) -> bool {
    matches!(t, "•" | "⁃" | "‣" | "◦" | "▪" | "▸" | "·")
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "}")
}

fn is_opener(t: &str) -> bool {
    matches!(t, "\"" | "'" | "“" | "‘" | "(" | "[" | "«" | "{" | "—" | "–")
}

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    abbr: &'a Abbreviations,
}

impl Splitter<'_> {
    fn text(&self, i: usize) -> &str {
        &self.text[self.tokens[i].span().range()]
    }

    /// Whitespace separates token `i` from the one before it.
    fn gap_before(&self, i: usize) -> bool {
        i > 0 && self.tokens[i].start > self.tokens[i - 1].end
    }

    /// Token `i` touches the token before it.
    fn attached(&self, i: usize) -> bool {
        i > 0 && self.tokens[i].start == self.tokens[i - 1].end
    }

    /// Index after closing quotes and brackets attached to the token before `i`.
    fn closers_end(&self, mut i: usize, b: usize) -> usize {
        while i < b && self.attached(i) && is_closer(self.text(i)) {
            i += 1;
        }
        i
    }

    /// A list marker at `i`: an optional bullet, then 1-3 digits or one lower-case letter, then an
    /// attached ".", ")" or ".)", then whitespace. Returns (tokens consumed, marker).
    fn list_marker(&self, i: usize, b: usize) -> Option<(usize, Marker)> {
        let mut j = i;
        if is_bullet(self.text(j)) {
            j += 1;
        }
        let t = self.tokens.get(j).filter(|_| j < b)?;
        let txt = self.text(j);
        let marker = match t.kind {
            TokenKind::Number if txt.len() <= 3 && txt.bytes().all(|c| c.is_ascii_digit()) => {
                Marker::Number(txt.parse().ok()?)
            }
            TokenKind::Word if txt.len() == 1 && txt.as_bytes()[0].is_ascii_lowercase() => {
                Marker::Letter(txt.as_bytes()[0])
            }
            _ => return None,
        };
        j += 1;
        let mut punct = 0;
        while j < b && self.attached(j) && matches!(self.text(j), "." | ")") && punct < 2 {
            j += 1;
            punct += 1;
        }
        let closes = punct > 0 && (j >= b || self.gap_before(j));
        let letter_needs_dot =
            matches!(marker, Marker::Letter(_)) && self.text(j - 1) != "." && self.text(j - 1) != ")";
        (closes && !letter_needs_dot && j < b).then_some((j - i, marker))
    }

    /// Whether the first word at or after `i` (past opening quotes and brackets) could open a sentence:
    /// it starts with an upper-case letter, or is not a word at all (a symbol, other script).
    fn next_starts_sentence(&self, mut i: usize, b: usize) -> bool {
        while i < b && is_opener(self.text(i)) {
            i += 1;
        }
        if i >= b {
            return true;
        }
        let t = self.tokens[i];
        let first = self.text(i).chars().next().unwrap_or(' ');
        match t.kind {
            TokenKind::Number => false,
            TokenKind::Word => !first.is_lowercase(),
            _ => true,
        }
    }

    fn next_is_opener(&self, mut i: usize, b: usize, buf: &mut String) -> bool {
        while i < b && is_opener(self.text(i)) {
            i += 1;
        }
        if i >= b {
            return true;
        }
        buf.clear();
        buf.push_str(self.text(i));
        buf.make_ascii_lowercase();
        self.abbr.openers.contains(buf.as_str())
    }

    /// Whether the terminator at `i`, whose closers end at `end` (< b), ends the sentence.
    fn is_boundary(&self, i: usize, start: usize, end: usize, b: usize, dotted: bool, buf: &mut String) -> bool {
        if !self.gap_before(end) || !self.next_starts_sentence(end, b) {
            return false;
        }
        let txt = self.text(i);
        if dotted {
            return self.next_is_opener(end, b, buf);
        }
        if txt.starts_with('.') && i > start && self.tokens[i - 1].kind == TokenKind::Punct && self.text(i - 1) == "[" {
            return false;
        }
        if txt != "." || i == start || !self.attached(i) {
            return true;
        }
        // A period attached to the word before it.
        let prev = self.text(i - 1);
        buf.clear();
        buf.push_str(prev);
        buf.make_ascii_lowercase();
        if self.abbr.prepositive.contains(buf.as_str()) {
            return false;
        }
        if self.abbr.ambiguous.contains(buf.as_str()) {
            return self.next_is_opener(end, b, buf);
        }
        // An initial inside a name: "Jonas E. Smith", "Albert I. Jones", but not "you and I. Did".
        let is_initial = prev.len() == 1 && prev.as_bytes()[0].is_ascii_uppercase();
        if is_initial && i >= 2 && i - 1 > start {
            let before = self.text(i - 2);
            let capitalized = before.chars().next().is_some_and(char::is_uppercase);
            if capitalized && self.tokens[i - 2].kind == TokenKind::Word {
                return false;
            }
        }
        true
    }
}
