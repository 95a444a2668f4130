//! VADER's tokenization. Each single-character emoji in the emoji lexicon becomes its description
//! (preceded by a space unless a space or another emoji came just before, as vaderSentiment does);
//! the text is split at Python whitespace; ASCII punctuation is stripped from both ends of a word
//! unless that leaves two characters or fewer (so ":)" and "no." survive as written). Each word keeps
//! its byte span, its lowercase form, its lexicon valence, its booster value and whether it is
//! ALL CAPS.

use super::{Vader, flag};
use crate::pytext;

/// One word as VADER sees it.
#[derive(Debug, Clone, Copy)]
pub struct Word {
    /// Byte range in the analysed text (the text after emoji expansion).
    pub start: u32,
    pub end: u32,
    /// Byte range of the lowercase form in [`Split::lower_text`].
    lower: (u32, u32),
    /// Lexicon valence of the lowercase form.
    pub lexicon: Option<f64>,
    /// Booster (+) or dampener (−) value of the lowercase form.
    pub booster: Option<f64>,
    pub upper: bool,
    /// [`super::flag`]s of the lowercase form (a form containing "n't" is a negator).
    pub flags: u16,
}

/// A text split into words, with the buffers kept for reuse.
#[derive(Debug, Default)]
pub struct Split {
    pub words: Vec<Word>,
    lower_text: String,
    /// The text with emoji expanded, when it had any; `expanded_from[i]` is the byte range in the
    /// original text of the character that produced byte `i`.
    expanded: String,
    expanded_from: Vec<(u32, u32)>,
    has_emoji: bool,
    pub exclamations: usize,
    pub questions: usize,
    /// More than zero and fewer than all words are ALL CAPS.
    pub caps_differ: bool,
}

impl Split {
    /// The lowercase form of `w`.
    pub fn lower(&self, w: &Word) -> &str {
        &self.lower_text[w.lower.0 as usize..w.lower.1 as usize]
    }

    /// The lowercase form of the word at `i`.
    pub fn lower_at(&self, i: usize) -> &str {
        self.lower(&self.words[i])
    }

    /// The byte span of `w` in the text that was split (an emoji's description maps to the emoji).
    pub fn source_span(&self, w: &Word) -> (usize, usize) {
        if self.has_emoji {
            let from = &self.expanded_from;
            (from[w.start as usize].0 as usize, from[w.end as usize - 1].1 as usize)
        } else {
            (w.start as usize, w.end as usize)
        }
    }

    /// Split `text` into words, with their lexicon and booster lookups.
    pub fn split(&mut self, text: &str, vader: &Vader) {
        self.words.clear();
        self.lower_text.clear();
        self.has_emoji = !text.is_ascii() && text.chars().any(|c| c >= vader.min_emoji && vader.emoji.contains_key(&c));
        let mut expanded = std::mem::take(&mut self.expanded);
        if self.has_emoji {
            expand_emoji(text, vader, &mut expanded, &mut self.expanded_from);
        }
        self.tokenize(if self.has_emoji { &expanded } else { text }, vader);
        self.expanded = expanded;
    }

    fn tokenize(&mut self, text: &str, vader: &Vader) {
        let bytes = text.as_bytes();
        self.exclamations = memchr::memchr_iter(b'!', bytes).count();
        self.questions = memchr::memchr_iter(b'?', bytes).count();
        let mut start = None;
        if text.is_ascii() {
            for (i, &b) in bytes.iter().enumerate() {
                let space = matches!(b, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
                match (space, start) {
                    (true, Some(s)) => {
                        self.push_word(text, s, i, vader);
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
        } else {
            for (i, c) in text.char_indices() {
                match (pytext::is_space(c), start) {
                    (true, Some(s)) => {
                        self.push_word(text, s, i, vader);
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
        }
        if let Some(s) = start {
            self.push_word(text, s, text.len(), vader);
        }
        let caps = self.words.iter().filter(|w| w.upper).count();
        let others = self.words.len() - caps;
        self.caps_differ = 0 < others && others < self.words.len();
    }

    /// Add the whitespace-delimited token `text[s..e]`.
    fn push_word(&mut self, text: &str, s: usize, e: usize, vader: &Vader) {
        let token = &text[s..e];
        let (a, b) = pytext::strip_punctuation(token);
        let stripped_chars = if token.is_ascii() { b - a } else { pytext::char_len(&token[a..b]) };
        let (s, e) = if stripped_chars <= 2 { (s, e) } else { (s + a, s + b) };
        let word = &text[s..e];
        let lower_start = self.lower_text.len();
        let upper = if word.is_ascii() {
            self.lower_text.push_str(word);
            self.lower_text[lower_start..].make_ascii_lowercase();
            // Some byte changed (an uppercase letter) and none was lowercase already.
            let lower = &self.lower_text.as_bytes()[lower_start..];
            lower != word.as_bytes() && !word.bytes().any(|b| b.is_ascii_lowercase())
        } else {
            self.lower_text.push_str(&word.to_lowercase());
            pytext::is_upper(word)
        };
        let lower = &self.lower_text[lower_start..];
        let known = vader.known(lower);
        let nt =
            if memchr::memchr(b'\'', lower.as_bytes()).is_some() && lower.contains("n't") { flag::NEGATOR } else { 0 };
        self.words.push(Word {
            start: s as u32,
            end: e as u32,
            lower: (lower_start as u32, self.lower_text.len() as u32),
            lexicon: known.lexicon,
            booster: known.booster,
            upper,
            flags: known.flags | nt,
        });
    }
}

/// Replace each emoji of the emoji lexicon by its description, noting for each output byte the
/// input character it came from.
fn expand_emoji(text: &str, vader: &Vader, out: &mut String, from: &mut Vec<(u32, u32)>) {
    out.clear();
    from.clear();
    let mut previous_space = true;
    for (i, c) in text.char_indices() {
        let source = (i as u32, (i + c.len_utf8()) as u32);
        if let Some(description) = vader.emoji.get(&c) {
            if !previous_space {
                out.push(' ');
            }
            out.push_str(description);
            previous_space = false;
        } else {
            out.push(c);
            previous_space = c == ' ';
        }
        from.resize(out.len(), source);
    }
}
