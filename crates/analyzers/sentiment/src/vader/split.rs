//! VADER's tokenization. Each single-character emoji in the emoji lexicon becomes its description
//! (preceded by a space unless a space or another emoji came just before, as vaderSentiment does);
//! the text is split at Python whitespace; ASCII punctuation is stripped from both ends of a word
//! unless that leaves two characters or fewer (so ":)" and "no." survive as written). Each word keeps
//! its byte span, its lowercase form's id and flags, and whether it is ALL CAPS.

use super::{Vader, flag, table};
use crate::pytext;
use rhetor_doc::ascii;

/// One word as VADER sees it (sixteen bytes: its lexicon and booster values are looked up by id
/// when a [`flag`] says it has them).
#[derive(Debug, Clone, Copy)]
pub struct Word {
    /// Byte range in the analysed text (the text after emoji expansion).
    pub start: u32,
    pub end: u32,
    /// The lowercase form's index among the words VADER knows ([`super::Known::id`]).
    pub id: u32,
    /// [`super::flag`]s of the lowercase form (a form containing "n't" is a negator).
    pub flags: u16,
    pub upper: bool,
}

impl Word {
    /// In the valence lexicon.
    #[inline]
    pub fn in_lexicon(&self) -> bool {
        self.flags & flag::LEXICON != 0
    }
}

/// A text split into words, with the buffers kept for reuse.
#[derive(Debug, Default)]
pub struct Split {
    pub words: Vec<Word>,
    /// `lexicon_at[..lexicon_count]`: the indices of the words in the valence lexicon.
    lexicon_at: Vec<u32>,
    lexicon_count: usize,
    /// Words in ALL CAPS.
    caps: usize,
    /// The union of the words' flags.
    pub flags_seen: u16,
    /// The lowercase form of the current word, when it differs from the word.
    lower_buf: String,
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
    /// Whether the buffers have grown past what ordinary sentences need (65,536 words), as one
    /// pathological text makes them: a thread keeping them for later texts should let them go.
    pub fn is_large(&self) -> bool {
        const LARGE: usize = 1 << 16;
        self.words.capacity() > LARGE
            || self.lexicon_at.len() > LARGE
            || self.expanded_from.capacity() > LARGE
            || self.expanded.capacity() > LARGE * 8
            || self.lower_buf.capacity() > LARGE * 8
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
        // n words take at least n bytes and n - 1 spaces: room for every word.
        (self.lexicon_count, self.caps, self.flags_seen) = (0, 0, 0);
        if self.lexicon_at.len() < bytes.len().div_ceil(2) + 1 {
            self.lexicon_at.resize(bytes.len().div_ceil(2) + 1, 0);
        }
        // One pass for both marks (a sentence has few or none).
        (self.exclamations, self.questions) = (0, 0);
        for i in memchr::memchr2_iter(b'!', b'?', bytes) {
            if bytes[i] == b'!' {
                self.exclamations += 1;
            } else {
                self.questions += 1;
            }
        }
        if text.is_ascii() {
            let mut i = 0;
            while i < bytes.len() {
                if CLASS[bytes[i] as usize] & SPACE != 0 {
                    i += 1;
                    continue;
                }
                let end = space_from(bytes, i);
                self.push_ascii_word(text, i, end, vader);
                i = end;
            }
        } else {
            let mut start = None;
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
            if let Some(s) = start {
                self.push_word(text, s, text.len(), vader);
            }
        }
        let others = self.words.len() - self.caps;
        self.caps_differ = 0 < others && others < self.words.len();
    }

    /// [`Split::push_word`] for ASCII text. A word of up to fifteen bytes is loaded once into two
    /// `u64`s, which give its capitals, small letters, apostrophes and lexicon key without a loop.
    fn push_ascii_word(&mut self, text: &str, s: usize, e: usize, vader: &Vader) {
        let bytes = text.as_bytes();
        let mut a = s;
        while a < e && CLASS[bytes[a] as usize] & PUNCT != 0 {
            a += 1;
        }
        let mut b = e;
        while b > a && CLASS[bytes[b - 1] as usize] & PUNCT != 0 {
            b -= 1;
        }
        let (s, e) = if b - a <= 2 { (s, e) } else { (a, b) };
        if let Some((lo, hi)) = ascii::load16(bytes, s, e).filter(|_| e - s <= vader.short.max_len()) {
            // The zero padding is no apostrophe: only a word with one can hold "n't".
            if !has_byte(lo, b'\'') && !has_byte(hi, b'\'') {
                let key = table::key(lo, hi, e - s);
                let upper = key.0 != lo || key.1 & !(0xff << 56) != hi;
                let caps = upper && (ascii::in_range(lo, b'a', b'z') | ascii::in_range(hi, b'a', b'z')) == 0;
                let (id, flags) = vader.short.get(key);
                self.push(s, e, id, flags, caps);
                return;
            }
        }
        let word = &text[s..e];
        let upper = word.bytes().any(|c| c.is_ascii_uppercase());
        let lower = word.bytes().any(|c| c.is_ascii_lowercase());
        self.lower_buf.clear();
        self.lower_buf.push_str(word);
        self.lower_buf.make_ascii_lowercase();
        let known = vader.known(&self.lower_buf);
        let negator = self.lower_buf.contains("n't");
        self.push_known(s, e, known, upper && !lower, negator);
    }

    #[inline]
    fn push(&mut self, s: usize, e: usize, id: u32, flags: u16, upper: bool) {
        // The index noted in the next place whatever the word, kept only for a lexicon word: no
        // branch on a one-in-twelve event (`lexicon_at` has room for every word of the text).
        let i = self.words.len();
        self.words.push(Word { start: s as u32, end: e as u32, id, upper, flags });
        if let Some(slot) = self.lexicon_at.get_mut(self.lexicon_count) {
            *slot = i as u32;
        }
        self.lexicon_count += usize::from(flags & flag::LEXICON != 0);
        self.caps += usize::from(upper);
        self.flags_seen |= flags;
    }

    /// The indices of the words in the valence lexicon, in order.
    pub fn lexicon_words(&self) -> &[u32] {
        &self.lexicon_at[..self.lexicon_count.min(self.lexicon_at.len())]
    }

    /// [`Split::push`] for what VADER knows about the word, and whether it holds "n't".
    fn push_known(&mut self, s: usize, e: usize, known: super::Known, upper: bool, negator: bool) {
        self.push(s, e, known.id, known.flags | if negator { flag::NEGATOR } else { 0 }, upper);
    }

    /// Add the whitespace-delimited token `text[s..e]`.
    fn push_word(&mut self, text: &str, s: usize, e: usize, vader: &Vader) {
        let token = &text[s..e];
        // An ASCII word of a text that is not: Python's rules read the same on its bytes.
        if token.is_ascii() {
            return self.push_ascii_word(text, s, e, vader);
        }
        let (a, b) = pytext::strip_punctuation(token);
        let (s, e) = if pytext::char_len(&token[a..b]) <= 2 { (s, e) } else { (s + a, s + b) };
        let word = &text[s..e];
        let lower = word.to_lowercase();
        let known = vader.known(&lower);
        self.push_known(s, e, known, pytext::is_upper(word), lower.contains("n't"));
    }
}

/// Byte classes for the ASCII path: Python's whitespace (space, `\t`..`\r`, U+001C..U+001F) and
/// ASCII punctuation (Python's `string.punctuation`).
const SPACE: u8 = 1;
const PUNCT: u8 = 2;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c == b' ' || (c >= b'\t' && c <= b'\r') || (c >= 0x1c && c <= 0x1f) {
            t[b] = SPACE;
        } else if c.is_ascii_punctuation() {
            t[b] = PUNCT;
        }
        b += 1;
    }
    t
};

/// Whether a byte of `x` is `b` (no false positives: the borrow chain of the zero-byte test only
/// starts at a real zero byte).
#[inline]
fn has_byte(x: u64, b: u8) -> bool {
    let v = x ^ (b as u64 * 0x0101_0101_0101_0101);
    v.wrapping_sub(0x0101_0101_0101_0101) & !v & ascii::HIGH != 0
}

/// The first whitespace byte at or after `i` in ASCII `bytes` (or their end), eight bytes a step.
fn space_from(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        let space = ascii::in_range(x, b'\t', b'\r') | ascii::in_range(x, 0x1c, b' ');
        if space != 0 {
            return i + (space.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && CLASS[bytes[i] as usize] & SPACE == 0 {
        i += 1;
    }
    i
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
