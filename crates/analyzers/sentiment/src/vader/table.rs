//! The words VADER knows, keyed for the ASCII fast path: each known word of at most fifteen bytes
//! packed by [`key`] (its lower-case bytes and its length) into an open-addressing table whose
//! slots hold the key, the word's id and its flags. A text word is looked up by its key alone (no
//! hashing of text, no string compare, no lower-case copy), and a hit reads nothing but its slot;
//! longer words go to the hash map. Most words of a text are not known: a filter of one bit per
//! hash value, small enough to stay in the first-level cache, turns most of them away before the
//! table (a few hundred kilobytes, mostly out of cache) is touched.

/// Bits of the filter: 64 Ki bits, 8 KiB.
const FILTER_BITS: u32 = 16;

/// The key of the lower-case form of `lo`, `hi` (the zero-padded bytes of an ASCII word of `len`
/// bytes, at most fifteen): the bytes lower-cased, the length in the last byte. Distinct words get
/// distinct keys, whatever bytes they hold.
#[inline]
pub fn key(lo: u64, hi: u64, len: usize) -> (u64, u64) {
    use rhetor_doc::ascii::lower_ascii8;
    (lower_ascii8(lo), lower_ascii8(hi) | (len as u64) << 56)
}

/// A slot: key, id and flags; a zero key marks an empty slot.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    lo: u64,
    hi: u64,
    id: u32,
    flags: u16,
}

#[derive(Debug, Clone, Default)]
pub struct ShortTable {
    slots: Vec<Slot>,
    mask: usize,
    /// Bit `hash >> (64 - FILTER_BITS)` set for every stored key.
    filter: Vec<u64>,
}

impl ShortTable {
    /// A table of `words` with their ids and flags. Lookups are by lower-case forms, so words with
    /// capitals (the lexicon's ":P" beside ":p") are left out, as are words over fifteen bytes or not
    /// ASCII.
    pub fn new<'a>(words: impl ExactSizeIterator<Item = (&'a str, u32, u16)>) -> ShortTable {
        // At most half full.
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table =
            ShortTable { slots: vec![Slot::default(); size], mask: size - 1, filter: vec![0; 1 << (FILTER_BITS - 6)] };
        for (word, id, flags) in words {
            let b = word.as_bytes();
            if b.len() > 15 || b.iter().any(|c| c.is_ascii_uppercase() || !c.is_ascii()) {
                continue;
            }
            let Some((lo, hi)) = rhetor_doc::ascii::load16(b, 0, b.len()) else { continue };
            let (lo, hi) = key(lo, hi, b.len());
            let hash = hash(lo, hi);
            let bit = (hash >> (64 - FILTER_BITS)) as usize;
            table.filter[bit / 64] |= 1 << (bit % 64);
            let mut i = hash as usize & table.mask;
            while table.slots[i].hi != 0 {
                i = (i + 1) & table.mask;
            }
            table.slots[i] = Slot { lo, hi, id, flags };
        }
        table
    }

    /// The id and flags stored for a [`key`], if any.
    #[inline]
    pub fn get(&self, (lo, hi): (u64, u64)) -> Option<(u32, u16)> {
        let hash = hash(lo, hi);
        let bit = (hash >> (64 - FILTER_BITS)) as usize;
        if self.filter.get(bit / 64)? & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mut i = hash as usize & self.mask;
        loop {
            let slot = self.slots.get(i)?;
            if slot.lo == lo && slot.hi == hi {
                return Some((slot.id, slot.flags));
            }
            if slot.hi == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// One multiply: the high bits pick the filter bit, the low bits the slot.
#[inline]
fn hash(lo: u64, hi: u64) -> u64 {
    let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_short_word_and_no_other() {
        let words =
            ["good", "great", ":P", ":p", "no", "internationali", "internationalis", "internationalism", "café"];
        let table = ShortTable::new(words.iter().enumerate().map(|(i, w)| (*w, i as u32, i as u16 * 3)));
        let get = |w: &str| {
            let (lo, hi) = rhetor_doc::ascii::load16(w.as_bytes(), 0, w.len()).filter(|_| w.len() <= 15)?;
            table.get(key(lo, hi, w.len())).map(|(id, _)| id)
        };
        assert_eq!(get("good"), Some(0));
        assert_eq!(
            table.get({
                let (lo, hi) = rhetor_doc::ascii::load16(b"good", 0, 4).unwrap_or_default();
                key(lo, hi, 4)
            }),
            Some((0, 0))
        );
        assert_eq!(get("GREAT"), Some(1));
        assert_eq!(get(":P"), Some(3), "the lower-case entry, never the capital one");
        assert_eq!(get("internationalis"), Some(6), "fifteen bytes");
        assert_eq!(get("internationalism"), None, "sixteen bytes: the hash map's");
        assert_eq!(get("goo"), None);
        assert_eq!(get("goods"), None);
        assert_eq!(get("good\0"), None, "a NUL byte is a byte like any other");
        assert_eq!(get("ok"), None);
    }
}
