//! A direct-mapped cache in front of the [`crate::Vocabulary`] hash table for short ASCII tokens.
//!
//! Most tokens are short and frequent. A token of at most sixteen ASCII bytes whose form is its
//! lower-case text is packed into two `u64`s (its [`key`]); the cache maps keys to form ids
//! without hashing or comparing text, and without touching the vocabulary's (large, cold) table.
//! The cache lives in the vocabulary, so a corpus tokenized into one vocabulary keeps it warm from
//! document to document.

use crate::ascii::{MASKS, lower8};
use crate::token::FormId;

/// For a token `bytes[i..end]` of at most sixteen ASCII bytes whose form is its lower-case text
/// (`lowers` says lower-casing is its whole normalization), that form packed in two `u64`s. None for
/// longer or non-ASCII tokens, and within sixteen bytes of the end of the text. Distinct forms get
/// distinct keys: the unused bytes are zero, and no token holds a NUL byte.
#[inline]
pub(crate) fn key(bytes: &[u8], i: usize, end: usize, lowers: bool) -> Option<(u64, u64)> {
    let len = end - i;
    if len > 16 || !lowers || bytes.len() < i + 16 {
        return None;
    }
    let lo = lower8(bytes, i, MASKS[len.min(8)])?;
    let hi = if len > 8 { lower8(bytes, i + 8, MASKS[len - 8])? } else { 0 };
    Some((lo, hi))
}

/// The cache: slots of (key, id); a zero key marks an empty slot.
#[derive(Clone, Default)]
pub(crate) struct ShortForms {
    slots: Vec<(u64, u64, FormId)>,
    shift: u32,
}

impl ShortForms {
    /// Make room for a text of `len` bytes about to be tokenized: a cache sized for it, or the one
    /// there already when it is at least as large.
    pub(crate) fn reserve_for_text(&mut self, len: usize) {
        let bits = (len / 16).clamp(64, 8192).next_power_of_two().trailing_zeros();
        if self.slots.len() < 1 << bits {
            *self = ShortForms { slots: vec![(0, 0, FormId(0)); 1 << bits], shift: 64 - bits };
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * size_of::<(u64, u64, FormId)>()
    }

    #[inline]
    fn slot(&self, (lo, hi): (u64, u64)) -> usize {
        ((lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    pub(crate) fn get(&self, key: (u64, u64)) -> Option<FormId> {
        let (lo, hi, id) = *self.slots.get(self.slot(key))?;
        ((lo, hi) == key).then_some(id)
    }

    #[inline]
    pub(crate) fn put(&mut self, key: (u64, u64), id: FormId) {
        let slot = self.slot(key);
        if let Some(s) = self.slots.get_mut(slot) {
            *s = (key.0, key.1, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are the lower-cased bytes, zero-padded; too long, non-ASCII and near-the-end tokens get
    /// none.
    #[test]
    fn keys_pack_the_lower_case_bytes() {
        let text = "Government of the People, administrations café                ";
        let b = text.as_bytes();
        let k = |i: usize, end: usize| key(b, i, end, true);
        assert_eq!(k(0, 10), Some((u64::from_le_bytes(*b"governme"), u64::from_le_bytes(*b"nt\0\0\0\0\0\0"))));
        assert_eq!(k(11, 13), Some((u64::from_le_bytes(*b"of\0\0\0\0\0\0"), 0)));
        assert_eq!(k(18, 24), Some((u64::from_le_bytes(*b"people\0\0"), 0)));
        assert_eq!(k(26, 41), Some((u64::from_le_bytes(*b"administ"), u64::from_le_bytes(*b"rations\0"))));
        assert_eq!(k(26, 43), None, "longer than sixteen bytes");
        assert_eq!(k(42, 47), None, "not ASCII");
        assert_eq!(k(b.len() - 3, b.len()), None, "near the end");
        assert_eq!(key(b, 0, 10, false), None);
        // Eight bytes exactly: the second word is empty.
        assert_eq!(k(26, 34), Some((u64::from_le_bytes(*b"administ"), 0)));
    }

    #[test]
    fn the_cache_returns_what_was_put() {
        let mut c = ShortForms::default();
        assert_eq!(c.get((1, 2)), None, "an empty cache has no slots");
        c.reserve_for_text(0);
        c.put((1, 2), FormId(7));
        assert_eq!(c.get((1, 2)), Some(FormId(7)));
        assert_eq!(c.get((1, 3)), None);
        c.reserve_for_text(1 << 20);
        assert_eq!(c.get((1, 2)), None, "a larger cache starts empty");
    }
}
