//! The words VADER knows, keyed for the ASCII fast path: each known word of at most fifteen bytes
//! packed by [`key`] (its lower-case bytes and its length) into a slot that also holds the word's
//! id and flags. A text word is looked up by its key alone: no hashing of text, no string compare,
//! no lower-case copy, and no branch: the table is a perfect hash (hash and displace), so a word can
//! only be in one slot, found from its hash and a small displacement table that stays in the
//! first-level cache (the slots are 192 KiB for the VADER lexicon). Longer words go to the hash map.

use super::Known;

/// The longest word the table holds.
pub const MAX_LEN: usize = 15;

/// The key of the lower-case form of `lo`, `hi` (the zero-padded bytes of an ASCII word of `len`
/// bytes, at most [`MAX_LEN`]): the bytes lower-cased, the length in the last byte. Distinct words
/// get distinct keys, whatever bytes they hold, and no key is zero.
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
    /// log2 of the number of slots and of buckets.
    slot_bits: u32,
    bucket_bits: u32,
    /// Per bucket, the displacement that gives its words free slots, mixed ([`mix`]).
    displacement: Vec<u32>,
    /// [`MAX_LEN`], or 0 when no table could be built (every word then goes to the hash map).
    max_len: usize,
}

impl ShortTable {
    /// A table of `words` with their ids and flags. Lookups are by lower-case forms, so words with
    /// capitals (the lexicon's ":P" beside ":p") are left out, as are words over [`MAX_LEN`] bytes
    /// or not ASCII.
    pub fn new<'a>(words: impl Iterator<Item = (&'a str, u32, u16)>) -> ShortTable {
        let mut entries = Vec::new();
        for (word, id, flags) in words {
            let b = word.as_bytes();
            if b.len() > MAX_LEN || b.iter().any(|c| c.is_ascii_uppercase() || !c.is_ascii()) {
                continue;
            }
            if let Some((lo, hi)) = rhetor_doc::ascii::load16(b, 0, b.len()) {
                let (lo, hi) = key(lo, hi, b.len());
                entries.push(Slot { lo, hi, id, flags });
            }
        }
        // About one slot per word and four words per bucket; a looser table if that fails (it
        // has not, for the vendored lexicon).
        let bits = (entries.len().max(2) - 1).ilog2() + 1;
        (bits..bits + 4)
            .find_map(|slot_bits| build(&entries, slot_bits, slot_bits.saturating_sub(2).max(1)))
            .unwrap_or_default()
    }

    /// The longest word to look up here (0: none; use the hash map).
    #[inline]
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// The id and flags stored for a [`key`]; [`Known::UNKNOWN`] and no flags when it is not there.
    #[inline]
    pub fn get(&self, (lo, hi): (u64, u64)) -> (u32, u16) {
        let h = hash(lo, hi);
        let d = self.displacement.get((h >> (64 - self.bucket_bits)) as usize).copied().unwrap_or(0);
        // (The displacement comes mixed: one multiply less between the word and its slot.)
        let Some(slot) = self.slots.get(position(h, d, self.slot_bits)) else { return (Known::UNKNOWN, 0) };
        // All ones on a hit, zero otherwise: selected with masks, since a branch on whether a word
        // is known would be mispredicted about one time in five.
        let hit = u32::from((slot.lo ^ lo) | (slot.hi ^ hi) == 0).wrapping_neg();
        ((slot.id & hit) | (Known::UNKNOWN & !hit), slot.flags & hit as u16)
    }
}

/// Place `entries` in `1 << slot_bits` slots, each bucket's words displaced together into free
/// slots (largest buckets first); None when some bucket finds no displacement.
fn build(entries: &[Slot], slot_bits: u32, bucket_bits: u32) -> Option<ShortTable> {
    let mut buckets: Vec<Vec<(u64, usize)>> = vec![Vec::new(); 1 << bucket_bits];
    for (k, e) in entries.iter().enumerate() {
        let h = hash(e.lo, e.hi);
        buckets[(h >> (64 - bucket_bits)) as usize].push((h, k));
    }
    let mut order: Vec<usize> = (0..buckets.len()).collect();
    order.sort_by_key(|&b| (std::cmp::Reverse(buckets[b].len()), b));
    let mut slots = vec![Slot::default(); 1 << slot_bits];
    let mut displacement = vec![0u32; 1 << bucket_bits];
    let mut taken: Vec<usize> = Vec::new();
    for b in order {
        if buckets[b].is_empty() {
            break;
        }
        let found = (0..=u16::MAX).map(mix).find(|&d| {
            taken.clear();
            for &(h, _) in &buckets[b] {
                let p = position(h, d, slot_bits);
                if slots[p].lo | slots[p].hi != 0 || taken.contains(&p) {
                    return false;
                }
                taken.push(p);
            }
            true
        })?;
        displacement[b] = found;
        for &(h, k) in &buckets[b] {
            slots[position(h, found, slot_bits)] = entries[k];
        }
    }
    Some(ShortTable { slots, slot_bits, bucket_bits, displacement, max_len: MAX_LEN })
}

/// The key's hash: its high bits pick the bucket.
#[inline]
fn hash(lo: u64, hi: u64) -> u64 {
    let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 32)
}

/// A displacement as stored: spread over 32 bits.
fn mix(d: u16) -> u32 {
    (u64::from(d).wrapping_mul(0xD6E8_FEB8_6659_FD93) >> 32) as u32
}

/// The slot of a key of hash `h` in a bucket displaced by `d` (mixed).
#[inline]
fn position(h: u64, d: u32, slot_bits: u32) -> usize {
    let x = (h ^ u64::from(d)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    (x >> (64 - slot_bits)) as usize
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
            let (lo, hi) = rhetor_doc::ascii::load16(w.as_bytes(), 0, w.len()).filter(|_| w.len() <= MAX_LEN)?;
            Some(table.get(key(lo, hi, w.len()))).filter(|&(id, _)| id != Known::UNKNOWN).map(|(id, _)| id)
        };
        assert_eq!(get("good"), Some(0));
        assert_eq!(
            table.get({
                let (lo, hi) = rhetor_doc::ascii::load16(b"good", 0, 4).unwrap_or_default();
                key(lo, hi, 4)
            }),
            (0, 0)
        );
        assert_eq!(table.get(key(u64::from_le_bytes(*b":p\0\0\0\0\0\0"), 0, 2)), (3, 9), "id and flags");
        assert_eq!(get("GREAT"), Some(1));
        assert_eq!(get(":P"), Some(3), "the lower-case entry, never the capital one");
        assert_eq!(get("internationalis"), Some(6), "fifteen bytes");
        assert_eq!(get("internationalism"), None, "sixteen bytes: the hash map's");
        assert_eq!(get("goo"), None);
        assert_eq!(get("goods"), None);
        assert_eq!(get("good\0"), None, "a NUL byte is a byte like any other");
        assert_eq!(get("ok"), None);
    }

    /// Every short word VADER knows is in its one slot of the built-in table, with its id and flags.
    #[test]
    fn the_builtin_table_places_every_word() {
        let v = super::super::Vader::builtin();
        let mut short = 0;
        for (id, word) in v.keys.iter().enumerate() {
            let b = word.as_bytes();
            if b.len() > MAX_LEN || b.iter().any(|c| c.is_ascii_uppercase() || !c.is_ascii()) {
                continue;
            }
            short += 1;
            let (lo, hi) = rhetor_doc::ascii::load16(b, 0, b.len()).unwrap_or_default();
            assert_eq!(v.short.get(key(lo, hi, b.len())), (id as u32, v.by_id[id].flags), "{word}");
        }
        assert!(short > 7000, "{short}");
    }
}
