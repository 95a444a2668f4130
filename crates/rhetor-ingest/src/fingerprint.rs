//! A 128-bit fingerprint of a text or of bytes: for telling repeated texts apart without keeping
//! them, and for checking that a block of a record file is the one a split plan describes.

/// A text's length and two 64-bit hashes of different construction (FxHash's add-multiply, and an
/// xor-rotate-multiply mix in four lanes over the same eight-byte words): a 128-bit fingerprint for
/// telling repeated texts apart without keeping them.
pub fn fingerprint(text: &str) -> (usize, u64, u64) {
    fingerprint_bytes(text.as_bytes())
}

/// [`fingerprint`] of bytes.
pub fn fingerprint_bytes(bytes: &[u8]) -> (usize, u64, u64) {
    use std::hash::Hasher as _;
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut fx = rustc_hash::FxHasher::default();
    fx.write(bytes);
    let word = |w: &[u8]| {
        let mut eight = [0u8; 8];
        eight[..w.len()].copy_from_slice(w);
        u64::from_le_bytes(eight)
    };
    let mut lanes: [u64; 4] =
        [0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89];
    let mut blocks = bytes.chunks_exact(32);
    for b in blocks.by_ref() {
        for (k, lane) in lanes.iter_mut().enumerate() {
            *lane = (*lane ^ word(&b[8 * k..8 * k + 8])).rotate_left(29).wrapping_mul(K);
        }
    }
    for (k, w) in blocks.remainder().chunks(8).enumerate() {
        lanes[k] = (lanes[k] ^ word(w) ^ (w.len() as u64) << 56).rotate_left(29).wrapping_mul(K);
    }
    let h = lanes.iter().fold(0u64, |h, &l| (h ^ l).rotate_left(23).wrapping_mul(K));
    (bytes.len(), fx.finish(), h ^ (h >> 32))
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_tell_texts_apart() {
        let texts = ["", "a", "b", "ab", "ba", "the party", "the partx", "eight by", "eight bytes and more"];
        for (i, a) in texts.iter().enumerate() {
            for (j, b) in texts.iter().enumerate() {
                assert_eq!(fingerprint(a) == fingerprint(b), i == j, "{a:?} {b:?}");
            }
        }
        // The same words in another order.
        assert_ne!(fingerprint("abcdefgh12345678"), fingerprint("12345678abcdefgh"));
    }
}
