//! The words VADER knows, keyed for the ASCII fast path: each known word of at most sixteen bytes
//! packed by [`rhetor_doc::ascii::lower_key`] into an open-addressing table of `(key, id)` slots. A text
//! word is looked up by its key alone (no hashing of text, no string compare, no lower-case copy);
//! longer words go to the hash map. Most words of a text are not known: a filter of one bit per
//! hash value, small enough to stay in the first-level cache, turns most of them away before the
//! table (a few hundred kilobytes, mostly out of cache) is touched.

/// Bits of the filter: 64 Ki bits, 8 KiB.
const FILTER_BITS: u32 = 16;

#[derive(Debug, Clone, Default)]
pub struct ShortTable {
    /// `(key low, key high)`; a zero key marks an empty slot (a word has at least one byte).
    keys: Vec<(u64, u64)>,
    ids: Vec<u32>,
    mask: usize,
    /// Bit `hash >> (64 - FILTER_BITS)` set for every stored key.
    filter: Vec<u64>,
}

impl ShortTable {
    /// A table of `words` with their ids. Lookups are by lower-case forms, so words with capitals
    /// (the lexicon's ":P" beside ":p") are left out, as are words over sixteen bytes or not ASCII.
    pub fn new<'a>(words: impl ExactSizeIterator<Item = (&'a str, u32)>) -> ShortTable {
        // At most half full.
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table = ShortTable {
            keys: vec![(0, 0); size],
            ids: vec![0; size],
            mask: size - 1,
            filter: vec![0; 1 << (FILTER_BITS - 6)],
        };
        for (word, id) in words {
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                continue;
            }
            if let Some(key) = rhetor_doc::ascii::lower_key(word.as_bytes(), 0, word.len()) {
                let hash = hash(key);
                table.filter[(hash >> (64 - FILTER_BITS)) as usize / 64] |= 1 << (hash >> (64 - FILTER_BITS) & 63);
                let mut i = hash as usize & table.mask;
                while table.keys[i] != (0, 0) {
                    i = (i + 1) & table.mask;
                }
                table.keys[i] = key;
                table.ids[i] = id;
            }
        }
        table
    }

    /// The id stored for `key`, if any.
    #[inline]
    pub fn get(&self, key: (u64, u64)) -> Option<u32> {
        let hash = hash(key);
        let bit = (hash >> (64 - FILTER_BITS)) as usize;
        if self.filter.get(bit / 64)? & (1 << (bit & 63)) == 0 {
            return None;
        }
        let mut i = hash as usize & self.mask;
        loop {
            let k = *self.keys.get(i)?;
            if k == key {
                return self.ids.get(i).copied();
            }
            if k == (0, 0) {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// One multiply: the high bits pick the filter bit, the low bits the slot.
#[inline]
fn hash((lo, hi): (u64, u64)) -> u64 {
    let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_short_word_and_no_other() {
        let words = ["good", "great", ":P", ":p", "no", "internationalism", "internationalisms", "café"];
        let table = ShortTable::new(words.iter().enumerate().map(|(i, w)| (*w, i as u32)));
        let get = |w: &str| rhetor_doc::ascii::lower_key(w.as_bytes(), 0, w.len()).and_then(|k| table.get(k));
        assert_eq!(get("good"), Some(0));
        assert_eq!(get("GREAT"), Some(1));
        assert_eq!(get(":P"), Some(3), "the lower-case entry, never the capital one");
        assert_eq!(get("internationalism"), Some(5), "sixteen bytes");
        assert_eq!(get("internationalisms"), None, "seventeen bytes: the hash map's");
        assert_eq!(get("goo"), None);
        assert_eq!(get("goods"), None);
        assert_eq!(get("ok"), None);
    }
}
