//! The distinct forms of a document, group or corpus, each by a stable hash of its text: summaries
//! made over different vocabularies (shards on other machines, each tokenizing only its own
//! documents) merge by union, which form ids, numbered per corpus, would not allow.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// FNV-1a (64 bits, [`rhetor_doc::fnv1a`]) of a form's bytes: the same on every machine and in
/// every version. Two of `n` distinct forms share a hash with probability about `n² / 2⁶⁵` (3 in
/// 100 million at a million forms), which would undercount the types by one.
pub fn form_hash(form: &str) -> u64 {
    rhetor_doc::fnv1a(form.as_bytes())
}

/// A set of [`form_hash`]es. Written as the sorted list of its hashes, so that a summary's JSON
/// does not depend on the set's internal order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormSet(FxHashSet<u64>);

impl FormSet {
    pub fn with_capacity(n: usize) -> FormSet {
        FormSet(FxHashSet::with_capacity_and_hasher(n, Default::default()))
    }

    pub fn insert_form(&mut self, form: &str) {
        self.0.insert(form_hash(form));
    }

    /// Add every form of `other`.
    pub fn union(&mut self, other: &FormSet) {
        self.0.extend(other.0.iter().copied());
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for FormSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut sorted: Vec<u64> = self.0.iter().copied().collect();
        sorted.sort_unstable();
        sorted.serialize(s)
    }
}

impl<'de> Deserialize<'de> for FormSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<u64>::deserialize(d)?;
        let mut set = FormSet::with_capacity(v.len());
        set.0.extend(v);
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_fnv1a_and_sets_serialize_sorted() {
        // FNV-1a 64 of "a" (published test vector).
        assert_eq!(form_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(form_hash(""), 0xcbf2_9ce4_8422_2325);
        let mut a = FormSet::default();
        for w in ["the", "party", "the", "people"] {
            a.insert_form(w);
        }
        assert_eq!(a.len(), 3);
        let json = serde_json::to_string(&a).expect("json");
        let back: Vec<u64> = serde_json::from_str(&json).expect("json");
        assert!(back.windows(2).all(|w| w[0] < w[1]), "{json}");
        let mut b = FormSet::default();
        b.insert_form("people");
        b.insert_form("masses");
        b.union(&a);
        assert_eq!(b.len(), 4);
        let round: FormSet = serde_json::from_str(&json).expect("json");
        assert_eq!(round, a);
    }
}
