//! The words of a text and their hashes: the word scan every cleaning pass shares (runs of letters,
//! digits, apostrophes and hyphens, trimmed) and the case-insensitive hashes of words and word
//! sequences that the corpus evidence is keyed by.
//!
//! Architecture Invariant: the bottom of `clean`; it imports no other cleaning module.

/// The words of a text: maximal runs of letters, digits, apostrophes and hyphens, trimmed.
pub fn words(s: &str) -> Words<'_> {
    Words { s, pos: 0 }
}

/// The iterator of [`words`]: runs of letters, digits, apostrophes and hyphens, with apostrophes and
/// hyphens trimmed from both ends; ASCII is scanned byte by byte.
#[derive(Clone, Debug)]
pub struct Words<'a> {
    s: &'a str,
    pos: usize,
}

/// ASCII bytes that belong in a word: letters, digits, apostrophe, hyphen.
const WORD_BYTE: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize || b == b'-' as usize;
        b += 1;
    }
    t
};

impl Words<'_> {
    /// Whether the non-ASCII character at `i` belongs in a word, and its length.
    #[cold]
    fn wide_char(&self, i: usize) -> (bool, usize) {
        let c = self.s[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric() || c == '’', c.len_utf8())
    }

    /// The first position from `i` whose character does (`inside == false`) or does not
    /// (`inside == true`) belong in a word.
    #[inline]
    fn scan_from(&self, mut i: usize, inside: bool) -> usize {
        let b = self.s.as_bytes();
        while i < b.len() {
            let c = b[i];
            if c < 0x80 {
                if WORD_BYTE[c as usize] != inside {
                    return i;
                }
                i += 1;
            } else {
                let (ok, len) = self.wide_char(i);
                if ok != inside {
                    return i;
                }
                i += len;
            }
        }
        i
    }
}

/// `’` in UTF-8.
const RIGHT_QUOTE: &[u8] = "’".as_bytes();

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        loop {
            let start = self.scan_from(self.pos, false);
            if start >= b.len() {
                self.pos = b.len();
                return None;
            }
            let end = self.scan_from(start, true);
            self.pos = end;
            let (a, z) = trim_word(b, start, end);
            if a < z {
                return Some(&self.s[a..z]);
            }
        }
    }
}

/// A run of word characters `[a, z)` with apostrophes and hyphens trimmed from both ends.
#[inline]
fn trim_word(b: &[u8], a: usize, z: usize) -> (usize, usize) {
    if b[a].is_ascii_alphanumeric() && b[z - 1].is_ascii_alphanumeric() {
        return (a, z);
    }
    trim_word_slow(b, a, z)
}

fn trim_word_slow(b: &[u8], mut a: usize, mut z: usize) -> (usize, usize) {
    loop {
        if a < z && (b[a] == b'\'' || b[a] == b'-') {
            a += 1;
        } else if b[a..z].starts_with(RIGHT_QUOTE) {
            a += RIGHT_QUOTE.len();
        } else {
            break;
        }
    }
    loop {
        if a < z && (b[z - 1] == b'\'' || b[z - 1] == b'-') {
            z -= 1;
        } else if b[a..z].ends_with(RIGHT_QUOTE) {
            z -= RIGHT_QUOTE.len();
        } else {
            break;
        }
    }
    (a, z)
}

/// Every word of [`words`] with its [`word_hash`] and whether it has a
/// hyphen, in one pass over the text (ASCII bytes classified by table).
pub fn for_each_word_hashed(text: &str, mut f: impl FnMut(&str, u64, bool)) {
    let w = Words { s: text, pos: 0 };
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        i = w.scan_from(i, false);
        if i >= b.len() {
            return;
        }
        let start = i;
        let mut hyphen = false;
        let mut ascii = true;
        while i < b.len() {
            let c = b[i];
            if c < 0x80 {
                if !WORD_BYTE[c as usize] {
                    break;
                }
                hyphen |= c == b'-';
                i += 1;
            } else {
                let (ok, len) = w.wide_char(i);
                if !ok {
                    break;
                }
                ascii = false;
                i += len;
            }
        }
        let (a, z) = trim_word(b, start, i);
        if a < z {
            let hyphen = hyphen && b[a..z].contains(&b'-');
            let h = if ascii { ascii_word_hash_in(b, a, z) } else { word_hash(&text[a..z]) };
            f(&text[a..z], h, hyphen);
        }
    }
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const MUL: u64 = 0x517c_c1b7_2722_0a95;
const HIGH: u64 = 0x8080_8080_8080_8080;

#[inline]
fn step64(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(MUL)
}

/// Eight ASCII bytes lower-cased at once (each byte below 0x80: `+ 0x3f` reaches 0x80 from 'A' on,
/// `+ 0x25` from '[' on, and no byte carries into the next).
#[inline]
fn lower8(x: u64) -> u64 {
    let from_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = x.wrapping_add(0x2525_2525_2525_2525);
    x | ((from_a & !past_z & HIGH) >> 2)
}

#[inline]
fn load8(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Hash of `bytes[start..end]`, eight bytes a step (a latency-bound byte-by-byte hash costs a
/// multiply per byte); `lower` lower-cases ASCII first. The last step reads eight bytes from the
/// buffer when it has them (masking off what follows the word) and copies otherwise.
#[inline]
fn hash_range(bytes: &[u8], start: usize, end: usize, lower: bool) -> u64 {
    let fix = |x: u64| if lower { lower8(x) } else { x };
    let mut h = SEED;
    let mut i = start;
    while i + 8 <= end {
        h = step64(h, fix(load8(&bytes[i..])));
        i += 8;
    }
    let r = end - i;
    if r > 0 {
        let x = if i + 8 <= bytes.len() {
            load8(&bytes[i..]) & (u64::MAX >> (8 * (8 - r)))
        } else {
            let mut a = [0u8; 8];
            a[..r].copy_from_slice(&bytes[i..end]);
            u64::from_le_bytes(a)
        };
        h = step64(h, fix(x));
    }
    h
}

/// Hash of a word, case-insensitive: the bytes of its lower-case form (ASCII words are lower-cased
/// eight bytes at once).
pub fn word_hash(w: &str) -> u64 {
    if w.is_ascii() {
        hash_range(w.as_bytes(), 0, w.len(), true)
    } else {
        let lower: String = w.chars().flat_map(char::to_lowercase).collect();
        hash_range(lower.as_bytes(), 0, lower.len(), false)
    }
}

/// [`word_hash`] of the ASCII word `bytes[start..end]`, reading past its end in `bytes` where it can
/// (the caller knows the word is ASCII: the word scan has looked at every byte).
#[inline]
pub fn ascii_word_hash_in(bytes: &[u8], start: usize, end: usize) -> u64 {
    hash_range(bytes, start, end, true)
}

/// [`word_hash`] of the word with its hyphens left out ("five-point" hashes as "fivepoint").
pub fn word_hash_unhyphenated(w: &str) -> u64 {
    let closed: String = w.chars().filter(|&c| c != '-').collect();
    word_hash(&closed)
}

/// Hash of a word sequence (from [`word_hash`]es).
pub fn seq_hash(hashes: &[u64]) -> u64 {
    hashes.iter().fold(SEQ_SEED, |h, &w| seq_step(h, w))
}

const SEQ_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

fn seq_step(h: u64, w: u64) -> u64 {
    (h.rotate_left(7) ^ w).wrapping_mul(MUL)
}

/// The [`seq_hash`] of a sequence extended by one word, from the sequence's hash.
pub fn seq_extend(h: u64, w: u64) -> u64 {
    seq_step(h, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_words_are_the_words_with_their_hashes() {
        for s in ["The Party’s grass-roots -- 'units' (2021), café—naïve 동당!", "- ' ’ --x-- a’b ,,, ", "", "a"]
        {
            let mut got = Vec::new();
            for_each_word_hashed(s, |w, h, hy| got.push((w.to_string(), h, hy)));
            let want: Vec<_> = words(s).map(|w| (w.to_string(), word_hash(w), w.contains('-'))).collect();
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn eight_byte_lower_casing_and_hashing_agree() {
        for b in 0u8..0x80 {
            let x = u64::from_le_bytes([b, b'A', b'z', b'Z', b'@', b'[', b'`', b'{']);
            let want = u64::from_le_bytes([b.to_ascii_lowercase(), b'a', b'z', b'z', b'@', b'[', b'`', b'{']);
            assert_eq!(lower8(x), want, "byte {b:#x}");
        }
        assert_eq!(word_hash("Party"), word_hash("PARTY"));
        assert_eq!(word_hash("Ünited"), word_hash("ünited"));
        assert_eq!(word_hash("Juche-oriented"), word_hash("juche-ORIENTED"));
        assert_eq!(word_hash_unhyphenated("five-point"), word_hash("Fivepoint"));
        assert_ne!(word_hash("party"), word_hash("partyx"));
        assert_ne!(word_hash("conference"), word_hash("conferencf"));
        let t = "the Party’s conference, UNITED";
        for (a, z) in [(0, 3), (4, 9), (14, 24), (26, 32), (27, 32)] {
            assert_eq!(ascii_word_hash_in(t.as_bytes(), a, z), word_hash(&t[a..z]), "{}", &t[a..z]);
        }
    }
}
