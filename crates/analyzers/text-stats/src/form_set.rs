//! The distinct forms of a document, group or corpus, each by a stable hash of its text: summaries
//! made over different vocabularies (shards on other machines, each tokenizing only its own
//! documents) merge by union, which form ids, numbered per corpus, would not allow.

use rhetor_analyzer::packed::{from_text, push_varint, read_varint, to_text};
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

/// Written as text: the base64 (standard, padded) of the sorted hashes' gaps (the first from 0) as
/// LEB128, about 11 characters a form where a JSON list of the numbers takes 20 (a shard's part
/// carries one set per document). A list of numbers is read too.
impl Serialize for FormSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut sorted: Vec<u64> = self.0.iter().copied().collect();
        sorted.sort_unstable();
        let mut bytes = Vec::with_capacity(sorted.len() * 9);
        let mut last = 0u64;
        for h in sorted {
            push_varint(&mut bytes, h - last);
            last = h;
        }
        to_text(&bytes).serialize(s)
    }
}

impl<'de> Deserialize<'de> for FormSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Text(String),
            List(Vec<u64>),
        }
        let hashes = match Written::deserialize(d)? {
            Written::List(v) => v,
            Written::Text(t) => {
                let bad = || serde::de::Error::custom("a set of forms that does not read (cut short or edited?)");
                let bytes = from_text(&t).ok_or_else(bad)?;
                let (mut out, mut last, mut i) = (Vec::with_capacity(bytes.len() / 8), 0u64, 0usize);
                while i < bytes.len() {
                    let gap = read_varint(&bytes, &mut i).ok_or_else(bad)?;
                    if gap == 0 && !out.is_empty() {
                        return Err(bad());
                    }
                    last = last.checked_add(gap).ok_or_else(bad)?;
                    out.push(last);
                }
                out
            }
        };
        let mut set = FormSet::with_capacity(hashes.len());
        set.0.extend(hashes);
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
        // The same text whatever the set's order; a list of the sorted numbers reads the same.
        let mut sorted: Vec<u64> = a.0.iter().copied().collect();
        sorted.sort_unstable();
        let list: FormSet = serde_json::from_str(&serde_json::to_string(&sorted).expect("json")).expect("list");
        assert_eq!(list, a);
        assert_eq!(serde_json::to_string(&list).expect("json"), json);
        let mut b = FormSet::default();
        b.insert_form("people");
        b.insert_form("masses");
        b.union(&a);
        assert_eq!(b.len(), 4);
        let round: FormSet = serde_json::from_str(&json).expect("json");
        assert_eq!(round, a);
    }

    #[test]
    fn sets_read_back_as_written_and_edited_ones_do_not() {
        let mut a = FormSet::default();
        a.0.extend([0, 1, 127, 128, 300, u64::MAX - 1, u64::MAX]);
        let json = serde_json::to_string(&a).expect("json");
        assert_eq!(serde_json::from_str::<FormSet>(&json).expect("read"), a);
        assert_eq!(serde_json::to_string(&FormSet::default()).expect("json"), "\"\"");
        for bad in ["\"not base64!\"", "\"gA==\"", "\"AAA=\"", "\"/////////////w==\""] {
            assert!(serde_json::from_str::<FormSet>(bad).is_err(), "{bad}");
        }
    }
}
