//! Passes inside one block: whitespace, Unicode NFC and letter-spaced words, each logging what it
//! rewrote.

use crate::log::Log;
use crate::mapped::Mapped;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Whitespace inside a block: line breaks, tabs, no-break spaces and runs of spaces become one space.
/// One log entry per block that changed.
pub fn whitespace(m: Mapped, log: &mut Log) -> Mapped {
    let t = &m.text;
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    // Fast path: nothing but single ASCII spaces between words (each test a vectorized search).
    let b = t.as_bytes();
    let wide_space = |i: usize| t.get(i..).and_then(|r| r.chars().next()).is_some_and(char::is_whitespace);
    let odd = memchr::memchr3(b'\n', b'\t', b'\r', b).is_some()
        || memchr::memchr2(0x0B, 0x0C, b).is_some()
        || memchr::memmem::find(b, b"  ").is_some()
        || memchr::memchr3_iter(0xC2, 0xE1, 0xE2, b).any(wide_space)
        || memchr::memchr_iter(0xE3, b).any(wide_space);
    if !odd {
        return m;
    }
    // The whitespace character at `i`, if any, and its length.
    let space_at = |i: usize| -> Option<usize> {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => Some(1),
            x if x < 0x80 => None,
            _ => t[i..].chars().next().filter(|c| c.is_whitespace()).map(char::len_utf8),
        }
    };
    let mut i = 0;
    while i < b.len() {
        let Some(len) = space_at(i) else {
            i += if b[i] < 0x80 { 1 } else { t[i..].chars().next().map_or(1, char::len_utf8) };
            continue;
        };
        let start = i;
        let mut plain = b[i] == b' ';
        i += len;
        while i < b.len() {
            let Some(len) = space_at(i) else { break };
            plain = false;
            i += len;
        }
        if !plain {
            edits.push((start, i, " "));
        }
    }
    if edits.is_empty() {
        return m;
    }
    let (a, z) = m.src_extent();
    log.replace("whitespace", &format!("{} line breaks or odd spaces made single spaces", edits.len()), a, z, "", "");
    // A single line break or tab becomes a space in place: one byte for one byte, so the offset
    // map needs no new segment. Longer runs are rewritten.
    let (single, runs): (Vec<_>, Vec<_>) = edits.into_iter().partition(|&(i, j, _)| j == i + 1);
    let single: Vec<usize> = single.into_iter().map(|(i, _, _)| i).collect();
    let runs: Vec<(usize, usize)> = runs.into_iter().map(|(i, j, _)| (i, j)).collect();
    let mut m = m;
    m.set_ascii_bytes(&single, b' ');
    if runs.is_empty() { m } else { m.rewrite(runs.into_iter().map(|(i, j)| (i, j, " "))) }
}

/// Unicode NFC. Logged once per block that changed.
pub fn nfc(m: Mapped, log: &mut Log) -> Mapped {
    // Characters below U+0300 are starters that are always NFC; in UTF-8 every other character
    // begins with a byte 0xCC or above (never a continuation byte). The quick check reads only
    // those: a starter between two of them can only make a "yes" likelier, so "yes" here is "yes"
    // for the whole text.
    // Blocks of 64 bytes whose largest byte is below 0xCC (most of them) are skipped whole.
    let t = &m.text;
    let rest = t
        .as_bytes()
        .chunks(64)
        .enumerate()
        .filter(|(_, block)| block.iter().copied().fold(0, u8::max) >= 0xCC)
        .flat_map(|(k, block)| block.iter().enumerate().filter(|&(_, &b)| b >= 0xCC).map(move |(j, _)| k * 64 + j))
        .filter_map(|i| t[i..].chars().next());
    if is_nfc_quick(rest) == IsNormalized::Yes {
        return m;
    }
    // Rewrite chunk by chunk so that the map stays fine-grained: a chunk starts at a character
    // that nothing before it can compose with (a starter whose NFC quick check is "yes"), so the
    // NFC of a text is the NFC of its chunks, and a quote before a composed letter keeps its own
    // place in the source (evidence for "école" starts at its "e", not at the quote before it).
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let t = &m.text;
    let stable = |c: char| {
        unicode_normalization::char::canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
    };
    let mut start = 0;
    for (i, c) in t.char_indices().skip(1).chain(std::iter::once((t.len(), ' '))) {
        if stable(c) {
            let w: &str = &t[start..i];
            if !w.chars().all(stable) {
                let n: String = w.nfc().collect();
                if n != w {
                    edits.push((start, i, n));
                }
            }
            start = i;
        }
    }
    for (a, b, n) in &edits {
        let (sa, sb) = m.src_span(*a, *b);
        log.replace("nfc", "Unicode NFC", sa, sb, "", n);
    }
    m.rewrite(edits.iter().map(|(a, b, n)| (*a, *b, n.as_str())))
}

/// Letter-spaced words: three or more single letters separated by single spaces, all lower case after
/// the first ("n u m e r o u s" → "numerous", "A m i d" → "Amid"). All-capital runs ("U S A") and
/// runs next to other letters are left alone.
pub fn letter_spacing(m: Mapped, log: &mut Log) -> Mapped {
    let t = m.text.as_bytes();
    // Quick test: three one-letter words in a row, one space apart.
    let n = t.len();
    let single = |i: usize| {
        t[i].is_ascii_alphabetic()
            && (i == 0 || !t[i - 1].is_ascii_alphabetic())
            && (i + 1 == n || !t[i + 1].is_ascii_alphabetic())
    };
    let spaced = t.windows(5).enumerate().any(|(i, w)| {
        w[1] == b' '
            && w[3] == b' '
            && w[0].is_ascii_alphabetic()
            && w[2].is_ascii_alphabetic()
            && w[4].is_ascii_alphabetic()
            && single(i)
            && single(i + 2)
            && single(i + 4)
    });
    if !spaced {
        return m;
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    let is_letter = |b: u8| b.is_ascii_alphabetic();
    while i < t.len() {
        let boundary = i == 0 || !(is_letter(t[i - 1]) || t[i - 1] == b'\'' || t[i - 1] == b'-');
        if !(boundary && is_letter(t[i]) && (i + 1 == t.len() || t[i + 1] == b' ')) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut letters = vec![t[i]];
        while j + 2 < t.len() && t[j + 1] == b' ' && is_letter(t[j + 2]) && (j + 3 == t.len() || !is_letter(t[j + 3])) {
            j += 2;
            letters.push(t[j]);
        }
        let tail_lower = letters[1..].iter().all(u8::is_ascii_lowercase);
        if letters.len() >= 3 && tail_lower {
            let word: String = letters.iter().map(|&b| b as char).collect();
            edits.push((i, j + 1, word));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    for (a, b, w) in &edits {
        let (sa, sb) = m.src_span(*a, *b);
        log.replace("letter-spacing", "letter-spaced word closed up", sa, sb, "", w);
    }
    m.rewrite(edits.iter().map(|(a, b, w)| (*a, *b, w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Log {
        Log::new("t", b"")
    }

    #[test]
    fn letter_spacing_closes_up_spaced_words_only() {
        let mut l = log();
        let m = Mapped::verbatim("overcome n u m e r o u s challenges. A m i d the music", 0);
        let r = letter_spacing(m.clone(), &mut l);
        assert_eq!(r.text, "overcome numerous challenges. Amid the music");
        assert_eq!(r.src_span(9, 17), (9, 24));
        for keep in ["the U S A and", "a b", "I a", "plan B is a x"] {
            assert_eq!(letter_spacing(Mapped::verbatim(keep, 0), &mut l).text, keep);
        }
    }

    #[test]
    fn whitespace_and_nfc() {
        let mut l = log();
        let m = Mapped::verbatim("Kim Jong Un\nFriday,\u{a0} April", 0);
        assert_eq!(whitespace(m.clone(), &mut l).text, "Kim Jong Un Friday, April");
        let m = Mapped::verbatim("Cafe\u{301} ok", 0);
        let r = nfc(m, &mut l);
        assert_eq!(r.text, "Caf\u{e9} ok");
        assert_eq!(r.src_span(0, 5), (0, 6));
        // Already NFC, with characters on both sides of U+0300 (é, an em dash, Hangul): unchanged.
        let before = l.entries.len();
        let m = Mapped::verbatim("Caf\u{e9} \u{2014} \u{c870}\u{c120} ok", 0);
        assert_eq!(nfc(m.clone(), &mut l).text, m.text);
        assert_eq!(l.entries.len(), before);
        // A combining mark after an em dash is still found.
        let r = nfc(Mapped::verbatim("\u{2014} e\u{301}", 0), &mut l);
        assert_eq!(r.text, "\u{2014} \u{e9}");
    }
}
