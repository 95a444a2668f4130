//! [`Extra`]: a document's free metadata fields, a map of texts to texts kept as one sorted list.
//! A document has a handful of them (its profile, language, record number), and a run keeps every
//! document's metadata for its reports: a `BTreeMap` spent a node of about 540 bytes on the first
//! field of each, and a document's metadata is kept in two or three places.
//!
//! It reads, writes and orders as `BTreeMap<String, String>` did: keys in byte order, a key once
//! (the last value given wins), serialized as a map. Past [`FEW`] fields (a record file can give a
//! record any number of columns, in any order) it is that `BTreeMap`, so that filling one stays
//! O(n log n) rather than O(n²).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, btree_map};

/// Fields kept as a sorted list; one more makes the list a `BTreeMap`.
pub const FEW: usize = 32;

/// Free metadata fields, in order of their keys.
#[derive(Clone, Debug, Default)]
pub struct Extra(Repr);

#[derive(Clone, Debug)]
enum Repr {
    /// At most [`FEW`] fields, sorted by key.
    Few(Vec<(String, String)>),
    Many(BTreeMap<String, String>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Few(Vec::new())
    }
}

/// Where a key of a short list is, or would go.
fn find(v: &[(String, String)], key: &str) -> Result<usize, usize> {
    // Fields mostly come in order (records' columns, sorted maps): check the end first.
    match v.last() {
        Some((last, _)) if last.as_str() < key => Err(v.len()),
        _ => v.binary_search_by(|(k, _)| k.as_str().cmp(key)),
    }
}

impl Extra {
    pub fn new() -> Extra {
        Extra::default()
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        match &self.0 {
            Repr::Few(v) => find(v, key).ok().map(|i| &v[i].1),
            Repr::Many(m) => m.get(key),
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The list made a map when it is full (before a field is added to it).
    fn room(&mut self) {
        if let Repr::Few(v) = &mut self.0 {
            if v.len() >= FEW {
                self.0 = Repr::Many(std::mem::take(v).into_iter().collect());
            }
        }
    }

    /// Set `key` to `value`, giving back the value it had.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        if let Repr::Few(v) = &mut self.0 {
            match find(v, &key) {
                Ok(i) => return Some(std::mem::replace(&mut v[i].1, value)),
                Err(i) if v.len() < FEW => {
                    v.insert(i, (key, value));
                    return None;
                }
                Err(_) => self.room(),
            }
        }
        match &mut self.0 {
            Repr::Many(m) => m.insert(key, value),
            Repr::Few(_) => None,
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        match &mut self.0 {
            Repr::Few(v) => find(v, key).ok().map(|i| v.remove(i).1),
            Repr::Many(m) => m.remove(key),
        }
    }

    /// The place of `key`, to fill when empty.
    pub fn entry(&mut self, key: String) -> Entry<'_> {
        Entry { map: self, key }
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Few(v) => v.len(),
            Repr::Many(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The fields, in order of their keys.
    pub fn iter(&self) -> Iter<'_> {
        self.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(_, v)| v)
    }
}

/// A key's place in an [`Extra`] ([`Extra::entry`]).
#[derive(Debug)]
pub struct Entry<'a> {
    map: &'a mut Extra,
    key: String,
}

impl<'a> Entry<'a> {
    /// The key's value, `value` set first when it had none.
    pub fn or_insert(self, value: String) -> &'a mut String {
        self.or_insert_with(|| value)
    }

    /// The key's value, set first from `make` when it had none.
    pub fn or_insert_with(self, make: impl FnOnce() -> String) -> &'a mut String {
        let Entry { map, key } = self;
        if let Repr::Few(v) = &map.0 {
            if find(v, &key).is_err() {
                map.room();
            }
        }
        match &mut map.0 {
            Repr::Few(v) => {
                let i = match find(v, &key) {
                    Ok(i) => i,
                    Err(i) => {
                        v.insert(i, (key, make()));
                        i
                    }
                };
                &mut v[i].1
            }
            Repr::Many(m) => m.entry(key).or_insert_with(make),
        }
    }
}

/// The value of a key that is there (as `BTreeMap`'s, it panics when the key is not: for tests;
/// code reads [`Extra::get`]).
impl std::ops::Index<&str> for Extra {
    type Output = String;
    fn index(&self, key: &str) -> &String {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no metadata field {key:?}"),
        }
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Extra) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Extra {}

impl std::hash::Hash for Extra {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_usize(self.len());
        self.iter().for_each(|kv| kv.hash(h));
    }
}

impl Extend<(String, String)> for Extra {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, fields: I) {
        for (k, v) in fields {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, String)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(fields: I) -> Extra {
        let mut e = Extra::new();
        e.extend(fields);
        e
    }
}

/// The fields of an [`Extra`], in order of their keys.
#[derive(Debug)]
pub struct Iter<'a>(IterRepr<'a>);

#[derive(Debug)]
enum IterRepr<'a> {
    Few(std::slice::Iter<'a, (String, String)>),
    Many(btree_map::Iter<'a, String, String>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a String, &'a String);
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Few(i) => i.next().map(|(k, v)| (k, v)),
            IterRepr::Many(i) => i.next(),
        }
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a String);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        Iter(match &self.0 {
            Repr::Few(v) => IterRepr::Few(v.iter()),
            Repr::Many(m) => IterRepr::Many(m.iter()),
        })
    }
}

impl IntoIterator for Extra {
    type Item = (String, String);
    type IntoIter = Box<dyn Iterator<Item = (String, String)>>;
    fn into_iter(self) -> Self::IntoIter {
        match self.0 {
            Repr::Few(v) => Box::new(v.into_iter()),
            Repr::Many(m) => Box::new(m.into_iter()),
        }
    }
}

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Extra, D::Error> {
        struct ExtraVisitor;
        impl<'de> serde::de::Visitor<'de> for ExtraVisitor {
            type Value = Extra;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
                let mut e = Extra::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    e.insert(k, v);
                }
                Ok(e)
            }
        }
        d.deserialize_map(ExtraVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{Extra, FEW};
    use std::collections::BTreeMap;

    /// Inserts, entries and reads against `BTreeMap`'s, in an order that lands at the start, the
    /// middle and the end, with repeats.
    #[test]
    fn behaves_as_a_btreemap_of_strings() {
        let mut e = Extra::new();
        let mut b = BTreeMap::new();
        let keys = ["profile", "language", "record", "a", "zz", "language", "m", "profile", "", "ä"];
        for (i, k) in keys.iter().enumerate() {
            let v = format!("v{i}");
            assert_eq!(e.insert(k.to_string(), v.clone()), b.insert(k.to_string(), v));
            let w = format!("w{i}");
            assert_eq!(e.entry(format!("{k}.")).or_insert(w.clone()), b.entry(format!("{k}.")).or_insert(w));
        }
        assert_eq!(e.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
        assert_eq!(e.len(), b.len());
        assert_eq!(e.get("language"), b.get("language"));
        assert_eq!(e.get("nope"), None);
        assert_eq!(e.remove("m"), b.remove("m"));
        assert!(!e.contains_key("m"));
        assert_eq!(serde_json::to_string(&e).ok(), serde_json::to_string(&b).ok());
    }

    /// Past `FEW` fields, in any order: the same as a `BTreeMap`, and each field added at a cost
    /// of O(log n), not O(n) (a record of many columns in reverse order).
    #[test]
    fn many_fields_in_any_order_behave_as_a_btreemap() {
        for n in [FEW - 1, FEW, FEW + 1, 5000] {
            let mut e = Extra::new();
            let mut b = BTreeMap::new();
            for i in (0..n).rev() {
                let k = format!("field_{:05}", (i * 7919) % n);
                assert_eq!(e.insert(k.clone(), i.to_string()), b.insert(k.clone(), i.to_string()));
                let w = format!("w{i}");
                assert_eq!(e.entry(format!("{k}.")).or_insert(w.clone()), b.entry(format!("{k}.")).or_insert(w));
            }
            assert_eq!(e.len(), b.len());
            assert!(e.iter().eq(b.iter()), "{n} fields");
            assert_eq!(e.get("field_00000"), b.get("field_00000"));
            assert_eq!(e.remove("field_00000"), b.remove("field_00000"));
            let back: Extra = serde_json::from_str(&serde_json::to_string(&e).expect("json")).expect("read");
            assert_eq!(back, e);
            assert!(e.clone().into_iter().eq(b.clone().into_iter()));
        }
    }

    #[test]
    fn reads_a_map_the_last_value_winning() {
        let e: Extra = serde_json::from_str(r#"{"b": "1", "a": "2", "b": "3"}"#).expect("a map");
        assert_eq!(e.iter().collect::<Vec<_>>(), [(&"a".to_string(), &"2".to_string()), (&"b".into(), &"3".into())]);
        assert!(serde_json::from_str::<Extra>(r#"{"a": 1}"#).is_err());
    }
}
