//! [`Extra`]: a document's free metadata fields, a map of texts to texts kept as one sorted list.
//! A document has a handful of them (its profile, language, record number), and a run keeps every
//! document's metadata for its reports: a `BTreeMap` spent a node of about 540 bytes on the first
//! field of each, and a document's metadata is kept in two or three places.
//!
//! It reads, writes and orders as `BTreeMap<String, String>` did: keys in byte order, a key once
//! (the last value given wins), serialized as a map.

use serde::{Deserialize, Serialize};

/// Free metadata fields, in order of their keys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Extra(Vec<(String, String)>);

impl Extra {
    pub fn new() -> Extra {
        Extra::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        // Fields mostly come in order (records' columns, sorted maps): check the end first.
        match self.0.last() {
            Some((last, _)) if last.as_str() < key => Err(self.0.len()),
            _ => self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Set `key` to `value`, giving back the value it had.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    /// The place of `key`, to fill when empty.
    pub fn entry(&mut self, key: String) -> Entry<'_> {
        Entry { map: self, key }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields, in order of their keys.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
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
        let i = match self.map.find(&self.key) {
            Ok(i) => i,
            Err(i) => {
                self.map.0.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.map.0[i].1
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

impl IntoIterator for Extra {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, String)>, fn(&(String, String)) -> (&String, &String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
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
                f.write_str("a map of strings to strings")
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
    use super::Extra;
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

    #[test]
    fn reads_a_map_the_last_value_winning() {
        let e: Extra = serde_json::from_str(r#"{"b": "1", "a": "2", "b": "3"}"#).expect("a map");
        assert_eq!(e.iter().collect::<Vec<_>>(), [(&"a".to_string(), &"2".to_string()), (&"b".into(), &"3".into())]);
        assert!(serde_json::from_str::<Extra>(r#"{"a": 1}"#).is_err());
    }
}
