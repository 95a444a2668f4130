//! The tokenizer: one pass over the bytes with an ASCII fast path, no regular expressions.
//!
//! Rules (each has a case in the tests):
//! - A word is a run of letters and digits; an inner hyphen (`-`, U+2010, U+2011) or apostrophe (`'`,
//!   U+2019) followed by a letter or digit continues it: "grass-roots", "Kimilsungist-Kimjongilist",
//!   "five-year", "Party's", "Party’s". Em and en dashes never join: "construction–this" is three tokens.
//! - Dotted abbreviations of one- or two-letter groups are one word with their final period: "U.S.",
//!   "a.m.", "U.S.A.", "e.g.".
//! - A number is digits with inner `.`/`,` before a digit ("1.5", "1,000", "100.00") and thousands
//!   grouped by a space, no-break or thin space ("10 000"); a number running into letters is a word
//!   ("5th", "1990s", "19-year-old"). "110(2021)" is `110`, `(`, `2021`, `)`.
//! - A run of `.`, `!` and `?` is one punctuation token ("...", "!?"); other punctuation is one token
//!   per character, except runs of ASCII hyphens ("--").
//! - URLs (`http://`, `https://`, `www.`) and e-mail addresses are one symbol token, without trailing
//!   punctuation.
//! - A word with letters outside the Latin script (Hangul, CJK, Cyrillic, …) is `OtherScript`.
//! - Whitespace, control characters, zero-width characters and the BOM separate tokens and are not
//!   tokens.
//!
//! The normalized form is lowercase with typographic apostrophes and hyphens replaced by ASCII ones and
//! grouping spaces removed from numbers.

use crate::ascii::{ascii_alnum_run, plain_word};
use crate::sentence::is_candidate;
use crate::short_forms;
use crate::token::{Token, TokenKind};
use crate::vocab::Vocabulary;

/// Tokenize `text`, interning forms into `vocab` and appending tokens to `out`.
pub fn tokenize(text: &str, vocab: &mut Vocabulary, out: &mut Vec<Token>) {
    tokenize_marked(text, vocab, out, &mut Vec::new());
}

/// [`tokenize`], also appending to `marks` the index of every token that is not a plain word (see
/// [`crate::sentence::is_candidate`]), for the sentence splitter.
pub(crate) fn tokenize_marked(text: &str, vocab: &mut Vocabulary, out: &mut Vec<Token>, marks: &mut Vec<u32>) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    vocab.recent.reserve_for_text(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (end, kind, plain) = if b < 0x80 {
            match b {
                b'a'..=b'z' | b'A'..=b'Z' => {
                    let maybe_url = matches!(b, b'h' | b'H' | b'w' | b'W');
                    if let Some((end, key, upper)) = plain_word(bytes, i).filter(|_| !maybe_url) {
                        // The commonest token: a plain ASCII word, its key packed on the way.
                        let form = match vocab.recent.get(key) {
                            Some(form) => form,
                            None => {
                                let raw = &text[i..end];
                                let form = if upper {
                                    buf.clear();
                                    normalize_into(raw, TokenKind::Word, &mut buf);
                                    vocab.intern(&buf)
                                } else {
                                    vocab.intern(raw)
                                };
                                vocab.recent.put(key, form);
                                form
                            }
                        };
                        out.push(Token { start: i as u32, end: end as u32, form, kind: TokenKind::Word });
                        i = end;
                        continue;
                    }
                    if let Some(end) = url_at(bytes, i) { (end, TokenKind::Symbol, false) } else { scan_word(text, i) }
                }
                b'0'..=b'9' => scan_number(text, i),
                b'.' | b'!' | b'?' => (run_of(bytes, i, |c| matches!(c, b'.' | b'!' | b'?')), TokenKind::Punct, true),
                b'-' => (run_of(bytes, i, |c| c == b'-'), TokenKind::Punct, true),
                b'$' | b'%' | b'&' | b'*' | b'+' | b'<' | b'=' | b'>' | b'@' | b'^' | b'`' | b'|' | b'~' | b'#' => {
                    (i + 1, TokenKind::Symbol, true)
                }
                0..=0x20 | 0x7F => {
                    i += 1;
                    continue;
                }
                _ => (i + 1, TokenKind::Punct, true),
            }
        } else {
            let c = decode(text, i);
            let len = c.len_utf8();
            if is_separator(c) {
                i += len;
                continue;
            }
            if c.is_alphanumeric() {
                scan_word(text, i)
            } else if is_punct(c) {
                (i + len, TokenKind::Punct, false)
            } else {
                (i + len, TokenKind::Symbol, false)
            }
        };
        let raw = &text[i..end];
        let intern = |vocab: &mut Vocabulary, buf: &mut String| {
            if plain {
                vocab.intern(raw)
            } else {
                buf.clear();
                normalize_into(raw, kind, buf);
                vocab.intern(buf)
            }
        };
        let key = short_forms::key(bytes, i, end, plain || kind != TokenKind::Number);
        let form = match key {
            Some(key) => vocab.recent.get(key).unwrap_or_else(|| {
                let form = intern(vocab, &mut buf);
                vocab.recent.put(key, form);
                form
            }),
            None => intern(vocab, &mut buf),
        };
        let token = Token { start: i as u32, end: end as u32, form, kind };
        if is_candidate(&token, bytes[end - 1]) {
            marks.push(out.len() as u32);
        }
        out.push(token);
        i = end;
    }
}

/// The normalized form of a token's text, as the tokenizer interns it: for looking words up in a
/// [`Vocabulary`].
pub fn normalize_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let kind = if text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'.' | b',')) {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    normalize_into(text, kind, &mut out);
    out
}

fn normalize_into(raw: &str, kind: TokenKind, out: &mut String) {
    if raw.is_ascii() && kind != TokenKind::Number {
        let start = out.len();
        out.push_str(raw);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in raw.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' if kind == TokenKind::Number => {}
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

fn decode(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\u{FFFD}')
}

fn run_of(bytes: &[u8], i: usize, f: impl Fn(u8) -> bool) -> usize {
    let mut j = i + 1;
    while j < bytes.len() && f(bytes[j]) {
        j += 1;
    }
    j
}

/// Characters that separate tokens and are dropped.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}')
}

/// Non-ASCII punctuation: general punctuation, CJK punctuation, guillemets, inverted marks.
fn is_punct(c: char) -> bool {
    matches!(c,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3000}'..='\u{303F}' |
        '\u{00A1}' | '\u{00AB}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}' | '\u{FF01}'..='\u{FF0F}')
}

/// Combining marks continue a word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{0250}'..='\u{02AF}' | '\u{1E00}'..='\u{1EFF}' |
        '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}' | '\u{00AA}' | '\u{00BA}')
        || is_mark(c)
}

/// Byte length of an alphanumeric (or combining) character at `j`, and whether it is Latin, or None.
#[inline]
fn word_char(text: &str, j: usize) -> Option<(usize, bool)> {
    let b = *text.as_bytes().get(j)?;
    if b < 0x80 {
        return b.is_ascii_alphanumeric().then_some((1, true));
    }
    multibyte_word_char(text, j)
}

#[inline(never)]
fn multibyte_word_char(text: &str, j: usize) -> Option<(usize, bool)> {
    let c = decode(text, j);
    (c.is_alphanumeric() || is_mark(c)).then(|| (c.len_utf8(), c.is_numeric() || is_latin(c)))
}

/// Length of an inner joiner (hyphen or apostrophe, ASCII or typographic) at `j`.
fn joiner_len(bytes: &[u8], j: usize) -> usize {
    match bytes.get(j) {
        Some(b'-' | b'\'') => 1,
        // U+2019 RIGHT SINGLE QUOTATION MARK, U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN
        Some(0xE2) if matches!(bytes.get(j + 1..j + 3), Some([0x80, 0x99 | 0x90 | 0x91])) => 3,
        _ => 0,
    }
}

/// Scan a word starting at `i`: returns (end, kind, form is the raw text as it stands).
fn scan_word(text: &str, i: usize) -> (usize, TokenKind, bool) {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut latin = true;
    let mut plain = true;
    loop {
        let (run, upper) = ascii_alnum_run(bytes, j);
        // "U.S.", "a.m.": only a word of one or two letters before a period can start one.
        if j == i && run <= 2 && bytes.get(i + run) == Some(&b'.') {
            if let Some(end) = dotted_abbreviation(bytes, i) {
                return (end, TokenKind::Word, end_is_lower_ascii(bytes, i, end));
            }
        }
        j += run;
        plain &= !upper;
        while let Some((len, is_latin)) = word_char(text, j) {
            if len == 1 {
                plain &= !bytes[j].is_ascii_uppercase();
            } else {
                plain = false;
            }
            latin &= is_latin;
            j += len;
        }
        let jl = joiner_len(bytes, j);
        if jl > 0 && word_char(text, j + jl).is_some() {
            plain &= jl == 1;
            j += jl;
            continue;
        }
        // An address continues past "@" or a "." with more of it after ("john.smith@…").
        let address_next = match bytes.get(j) {
            Some(b'@') => true,
            Some(b'.') => bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric),
            _ => false,
        };
        if address_next {
            if let Some(end) = email_at(bytes, i) {
                return (end, TokenKind::Symbol, false);
            }
        }
        break;
    }
    (j, if latin { TokenKind::Word } else { TokenKind::OtherScript }, plain)
}

fn end_is_lower_ascii(bytes: &[u8], i: usize, end: usize) -> bool {
    !bytes[i..end].iter().any(u8::is_ascii_uppercase)
}

/// "U.S.", "a.m.", "U.S.A.", "e.g.", "Ph.D.": two or more groups of one or two ASCII letters, each
/// followed by a period, not followed by a letter or digit.
fn dotted_abbreviation(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    let mut groups = 0;
    loop {
        let start = j;
        while j < bytes.len() && bytes[j].is_ascii_alphabetic() && j - start < 3 {
            j += 1;
        }
        let n = j - start;
        if n == 0 || n > 2 || bytes.get(j) != Some(&b'.') {
            break;
        }
        j += 1;
        groups += 1;
        if !bytes.get(j).is_some_and(u8::is_ascii_alphabetic) {
            break;
        }
    }
    let end_ok = !bytes.get(j).is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
    (groups >= 2 && bytes[j - 1] == b'.' && end_ok).then_some(j)
}

/// Scan a number (or a word that starts with digits) at `i`.
fn scan_number(text: &str, i: usize) -> (usize, TokenKind, bool) {
    let bytes = text.as_bytes();
    let digits = |mut j: usize| {
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let mut j = digits(i);
    let mut plain = true;
    // Thousands grouped by spaces: "10 000", "1 000 000".
    if j - i <= 3 {
        loop {
            let sep = match bytes.get(j) {
                Some(b' ') => 1,
                Some(0xC2) if bytes.get(j + 1) == Some(&0xA0) => 2,
                Some(0xE2) if matches!(bytes.get(j + 1..j + 3), Some([0x80, 0xAF | 0x89])) => 3,
                _ => 0,
            };
            if sep == 0 {
                break;
            }
            let k = digits(j + sep);
            let next_is_alnum = bytes.get(k).is_some_and(|b| b.is_ascii_alphanumeric());
            if k - (j + sep) != 3 || next_is_alnum {
                break;
            }
            plain = false;
            j = k;
        }
    }
    // Decimal and grouping separators before a digit: "1.5", "1,000", "1026.253.553".
    while matches!(bytes.get(j), Some(b'.' | b',')) && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j = digits(j + 1);
    }
    // A number running into letters is a word: "5th", "1990s", "19-year-old".
    let letter_next = word_char(text, j).is_some()
        || (joiner_len(bytes, j) > 0 && bytes.get(j + joiner_len(bytes, j)).is_some_and(u8::is_ascii_alphabetic));
    if letter_next {
        let (end, kind, word_plain) = scan_word(text, j);
        return (end, kind, plain && word_plain);
    }
    (j, TokenKind::Number, plain)
}

/// A URL starting at `i` ("http://", "https://", "www."), without trailing punctuation.
fn url_at(bytes: &[u8], i: usize) -> Option<usize> {
    if !matches!(bytes[i], b'h' | b'H' | b'w' | b'W') {
        return None;
    }
    let rest = &bytes[i..];
    let starts = |p: &[u8]| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://") || starts(b"https://") || starts(b"www.")) {
        return None;
    }
    Some(trim_trailing_punct(bytes, i, non_space_end(bytes, i)))
}

/// An e-mail address starting at `i`, without trailing punctuation.
fn email_at(bytes: &[u8], i: usize) -> Option<usize> {
    let end = trim_trailing_punct(bytes, i, non_space_end(bytes, i));
    let run = &bytes[i..end];
    let at = run.iter().position(|&b| b == b'@')?;
    let domain = &run[at + 1..];
    let ok = at > 0
        && domain.contains(&b'.')
        && domain.last().is_some_and(u8::is_ascii_alphanumeric)
        && run.iter().all(|&b| b.is_ascii_alphanumeric() || b"@._%+-".contains(&b));
    ok.then_some(end)
}

fn non_space_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] >= 0x21 {
        j += 1;
    }
    j
}

fn trim_trailing_punct(bytes: &[u8], i: usize, mut end: usize) -> usize {
    while end > i && b".,;:!?)]}\"'".contains(&bytes[end - 1]) {
        end -= 1;
    }
    end
}
