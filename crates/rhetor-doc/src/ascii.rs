//! Eight bytes a step over ASCII text: the bit tricks behind the tokenizer's fast paths.
//!
//! A `u64` holds eight bytes; [`in_range`] marks the bytes in a range without a branch per byte.
//! [`ascii_alnum_run`] finds the end of a run of letters and digits; [`plain_word`] recognizes the
//! commonest token of all, an ASCII word that nothing can continue, and packs its lower-case form
//! into the key of [`crate::short_forms`] from the bytes already loaded. [`load16`], [`lower_ascii8`]
//! and [`in_range`] are public for other crates' ASCII fast paths (VADER's word splitter).

pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte of a word.
pub(crate) const fn repeat(b: u8) -> u64 {
    b as u64 * 0x0101_0101_0101_0101
}

/// The high bit of each byte of `x` (7-bit values) that lies in `lo..=hi`.
#[inline]
pub const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // No borrow crosses bytes: each byte of `x | HIGH` is at least 0x80 >= lo, and each byte of
    // `repeat(hi) | HIGH` is above every 7-bit value.
    ((x | HIGH) - repeat(lo)) & ((repeat(hi) | HIGH) - x) & HIGH
}

/// The low `k` bytes of a word, for `k` in `0..=8`.
pub(crate) const MASKS: [u64; 9] = {
    let mut m = [0u64; 9];
    let mut k = 0;
    while k < 8 {
        m[k] = (1u64 << (8 * k)) - 1;
        k += 1;
    }
    m[8] = u64::MAX;
    m
};

#[inline]
fn load8(bytes: &[u8], i: usize) -> Option<u64> {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(bytes.get(i..i + 8)?);
    Some(u64::from_le_bytes(eight))
}

/// Eight bytes at `i` under `mask`, lower-cased when ASCII; None when any is not ASCII.
#[inline]
pub(crate) fn lower8(bytes: &[u8], i: usize, mask: u64) -> Option<u64> {
    let x = load8(bytes, i)? & mask;
    if x & HIGH != 0 {
        return None;
    }
    // ASCII upper case to lower case: add 0x20 to each byte in A..=Z.
    Some(lower_ascii8(x))
}

/// The bytes `bytes[start..end]` (at most sixteen) zero-padded into two little-endian `u64`s, or
/// None for a longer run. Near the end of `bytes` they are copied first.
#[inline]
pub fn load16(bytes: &[u8], start: usize, end: usize) -> Option<(u64, u64)> {
    let len = end.checked_sub(start)?;
    if len > 16 {
        return None;
    }
    if bytes.len() >= start + 16 {
        let lo = load8(bytes, start)? & MASKS[len.min(8)];
        let hi = if len > 8 { load8(bytes, start + 8)? & MASKS[len - 8] } else { 0 };
        return Some((lo, hi));
    }
    let mut padded = [0u8; 16];
    padded[..len].copy_from_slice(bytes.get(start..end)?);
    Some((load8(&padded, 0)?, load8(&padded, 8)?))
}

/// `x` (ASCII bytes) with its capitals lower-cased.
#[inline]
pub fn lower_ascii8(x: u64) -> u64 {
    x + (in_range(x, b'A', b'Z') >> 2)
}

/// The letters and digits of `x`, and its upper-case letters (high bit of each such byte).
#[inline]
fn classify(x: u64) -> (u64, u64) {
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    let up = in_range(low, b'A', b'Z') & ascii;
    let alnum = (in_range(low, b'0', b'9') | up | in_range(low, b'a', b'z')) & ascii;
    (alnum, up)
}

/// Length of the run of ASCII letters and digits at `j`, and whether it holds an upper-case letter.
/// Eight bytes a step: the end of a run is found without a branch per byte.
#[inline]
pub(crate) fn ascii_alnum_run(bytes: &[u8], j: usize) -> (usize, bool) {
    let mut k = j;
    let mut upper = 0;
    while let Some(chunk) = bytes.get(k..k + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        let (alnum, up) = classify(x);
        let stop = !alnum & HIGH;
        if stop != 0 {
            let n = (stop.trailing_zeros() / 8) as usize;
            // The upper-case bits of the `n` bytes before the stop.
            let before = (1u64 << (8 * n)).wrapping_sub(1);
            upper |= up & before;
            return (k + n - j, upper != 0);
        }
        upper |= up;
        k += 8;
    }
    let mut flags = 0;
    while let Some(&b) = bytes.get(k) {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        flags |= u64::from(b.is_ascii_uppercase());
        k += 1;
    }
    (k - j, upper != 0 || flags != 0)
}

/// The commonest token: at `i`, a run of at most fifteen ASCII letters and digits followed by an
/// ASCII byte that can neither continue the word (`-`, `'`) nor make it an abbreviation or an
/// address (`.`, `@`). Returns its end, its key in [`crate::short_forms`] (the same key
/// [`crate::short_forms::key`] gives) and whether it holds an upper-case letter; None otherwise,
/// and within sixteen bytes of the end of the text.
#[inline]
pub(crate) fn plain_word(bytes: &[u8], i: usize) -> Option<(usize, (u64, u64), bool)> {
    if bytes.len() < i + 16 {
        return None;
    }
    let x0 = load8(bytes, i)?;
    let (alnum0, up0) = classify(x0);
    let stop0 = !alnum0 & HIGH;
    let (run, key, upper) = if stop0 != 0 {
        let n = (stop0.trailing_zeros() / 8) as usize;
        let up = up0 & MASKS[n];
        (n, ((x0 & MASKS[n]) + (up >> 2), 0), up != 0)
    } else {
        let x1 = load8(bytes, i + 8)?;
        let (alnum1, up1) = classify(x1);
        let stop1 = !alnum1 & HIGH;
        if stop1 == 0 {
            return None;
        }
        let n = (stop1.trailing_zeros() / 8) as usize;
        let up = up1 & MASKS[n];
        (8 + n, (x0 + (up0 >> 2), (x1 & MASKS[n]) + (up >> 2)), (up0 | up) != 0)
    };
    let next = bytes[i + run];
    if next >= 0x80 || matches!(next, b'-' | b'\'' | b'.' | b'@') {
        return None;
    }
    Some((i + run, key, upper))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-bytes-a-step run finder agrees with a byte loop, at every offset of text that mixes
    /// letters, digits, upper case, punctuation, spaces and multi-byte characters.
    #[test]
    fn ascii_alnum_run_agrees_with_a_byte_loop() {
        let text = "Kimilsungist-Kimjongilist grass-roots U.S. 1990s ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \
                    abcdefghijklmnopqrstuvwxyz Party\u{2019}s 조선 café @[`{/:";
        let bytes = text.as_bytes();
        for j in 0..=bytes.len() {
            let mut k = j;
            let mut upper = false;
            while k < bytes.len() && bytes[k].is_ascii_alphanumeric() {
                upper |= bytes[k].is_ascii_uppercase();
                k += 1;
            }
            assert_eq!(ascii_alnum_run(bytes, j), (k - j, upper), "at byte {j}");
        }
    }

    /// `load16` then `lower_ascii8` give the short-form key of a word wherever it lies, near the
    /// end of the text too (where `load16` copies); `load16` declines runs over sixteen bytes.
    #[test]
    fn load16_and_lower_ascii8_pack_the_short_form_key() {
        let text = "Government of the People, administrations café OF";
        let b = text.as_bytes();
        let lower = |s: usize, e: usize| load16(b, s, e).map(|(lo, hi)| (lower_ascii8(lo), lower_ascii8(hi)));
        for (s, e) in [(0, 10), (11, 13), (14, 17), (18, 24)] {
            let expected = crate::short_forms::key(b, s, e, true);
            assert!(expected.is_some());
            assert_eq!(lower(s, e), expected, "{}", &text[s..e]);
        }
        let end = b.len();
        assert_eq!(lower(end - 2, end), Some((u64::from_le_bytes(*b"of\0\0\0\0\0\0"), 0)));
        assert_eq!(lower(26, 41), Some((u64::from_le_bytes(*b"administ"), u64::from_le_bytes(*b"rations\0"))));
        assert_eq!(load16(b, 26, 43), None, "17 bytes");
    }

    /// The fast path agrees with the packed key and with the run finder wherever it answers, and
    /// declines words that a joiner, a period, an address or a non-ASCII byte could continue.
    #[test]
    fn plain_word_agrees_with_the_key_and_the_run() {
        let text = "The Kimilsungist-Kimjongilist grass-roots U.S. Party's Administrations \
                    internationalization 1990s e.mail@x.org caf\u{e9} People, GOVERNMENT; x                 ";
        let bytes = text.as_bytes();
        let mut answered = 0;
        for i in 0..bytes.len() {
            if !bytes[i].is_ascii_alphabetic() {
                continue;
            }
            let (run, upper) = ascii_alnum_run(bytes, i);
            if let Some((end, key, up)) = plain_word(bytes, i) {
                answered += 1;
                assert_eq!((end - i, up), (run, upper), "at byte {i}");
                assert_eq!(Some(key), crate::short_forms::key(bytes, i, end, true), "at byte {i}");
                assert!(!matches!(bytes[end], b'-' | b'\'' | b'.' | b'@') && bytes[end] < 0x80);
            } else {
                let next = bytes.get(i + run).copied().unwrap_or(0);
                let declined =
                    run >= 16 || bytes.len() < i + 16 || next >= 0x80 || matches!(next, b'-' | b'\'' | b'.' | b'@');
                assert!(declined, "declined at byte {i}");
            }
        }
        assert!(answered > 40, "{answered}");
    }
}
