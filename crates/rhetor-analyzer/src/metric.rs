//! [`Metric`]: a named measurement of 24 bytes, and its [`Value`]. A run keeps every document's metrics for its
//! reports (about 70 a document); their name, unit and description are one interned [`Key`]
//! beside the value, so that a metric costs a pointer and a number, not three names and a number
//! (40 bytes).
//!
//! Architecture Invariant: as [`Name`]s, keys live as long as the process and come from the
//! vocabulary config and analyzers bound (a metric's name, unit and description), never from the
//! texts of documents.

use crate::name::Name;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};

/// A number, or nothing when it is undefined (a mean of no sentences).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Float(f64),
    Null,
}

impl Value {
    /// A float, or `Null` when not finite.
    pub fn float(x: f64) -> Value {
        if x.is_finite() { Value::Float(x) } else { Value::Null }
    }
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            Value::Null => None,
        }
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Int(n as i64)
    }
}

/// A named measurement.
#[derive(Clone, Copy, PartialEq)]
pub struct Metric {
    key: &'static Key,
    pub value: Value,
}

/// A metric's name, unit and description, interned together.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    name: Name,
    /// `count`, `words`, `ratio`, `score`, `grade`, … free text.
    unit: Name,
    /// One line saying what it measures (left out of documents' metrics in compact results: the
    /// corpus's metric of the same name has it).
    description: Name,
}

/// Every key, each allocated once and never freed.
fn table() -> &'static Mutex<FxHashMap<[Name; 3], &'static Key>> {
    static TABLE: OnceLock<Mutex<FxHashMap<[Name; 3], &'static Key>>> = OnceLock::new();
    TABLE.get_or_init(Mutex::default)
}

thread_local! {
    /// The keys this thread has looked up, so that a metric made for every document takes the
    /// shared table's lock once per thread, not once per document.
    static SEEN: RefCell<FxHashMap<[Name; 3], &'static Key>> = RefCell::default();
}

fn key(name: Name, unit: Name, description: Name) -> &'static Key {
    let names = [name, unit, description];
    if let Some(k) = SEEN.with(|s| s.borrow().get(&names).copied()) {
        return k;
    }
    let k = {
        // A thread that panicked while holding the lock left the table whole (an insert is the
        // only change made under it).
        let mut table = table().lock().unwrap_or_else(PoisonError::into_inner);
        *table.entry(names).or_insert_with(|| Box::leak(Box::new(Key { name, unit, description })))
    };
    SEEN.with(|s| s.borrow_mut().insert(names, k));
    k
}

impl Metric {
    /// A metric of a name, unit and description.
    pub fn new(name: &str, value: impl Into<Value>, unit: &str, description: &str) -> Metric {
        Metric::shared(Name::new(name), value, Name::new(unit), Name::new(description))
    }

    /// The same as [`Metric::new`] (kept for analyzers written against it).
    pub fn owned(name: &str, value: impl Into<Value>, unit: &str, description: &str) -> Metric {
        Metric::new(name, value, unit, description)
    }

    /// A metric of names looked up once and kept (a copy of a [`Name`] is a pointer's).
    pub fn shared(name: Name, value: impl Into<Value>, unit: Name, description: Name) -> Metric {
        Metric { key: key(name, unit, description), value: value.into() }
    }

    pub fn name(&self) -> Name {
        self.key.name
    }

    /// `count`, `words`, `ratio`, `score`, `grade`, … free text.
    pub fn unit(&self) -> Name {
        self.key.unit
    }

    /// One line saying what it measures; empty in documents' metrics of compact results.
    pub fn description(&self) -> Name {
        self.key.description
    }

    /// The same metric without its description (a document's, in compact results).
    pub fn without_description(self) -> Metric {
        Metric::shared(self.key.name, self.value, self.key.unit, Name::default())
    }
}

impl fmt::Debug for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metric")
            .field("name", &self.key.name)
            .field("value", &self.value)
            .field("unit", &self.key.unit)
            .field("description", &self.key.description)
            .finish()
    }
}

/// A metric as results files write it.
#[derive(Serialize, Deserialize)]
struct Written {
    name: Name,
    value: Value,
    unit: Name,
    #[serde(default, skip_serializing_if = "Name::is_empty")]
    description: Name,
}

impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let k = self.key;
        Written { name: k.name, value: self.value, unit: k.unit, description: k.description }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Metric {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Metric, D::Error> {
        let w = Written::deserialize(d)?;
        Ok(Metric::shared(w.name, w.value, w.unit, w.description))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metric_is_a_key_and_a_value() {
        assert_eq!(size_of::<Metric>(), 24);
        let a = Metric::new("ttr", Value::Float(0.5), "ratio", "types per token");
        let b = Metric::shared(Name::new("ttr"), Value::Float(0.5), Name::new("ratio"), Name::new("types per token"));
        assert!(std::ptr::eq(a.key, b.key), "one key for one name, unit and description");
        assert_eq!((a.name(), a.unit(), a.description()), ("ttr".into(), "ratio".into(), "types per token".into()));
        let short = a.without_description();
        assert!(short.description().is_empty() && short.name() == a.name() && short.value == a.value);
        assert_ne!(short, a);
    }

    #[test]
    fn metrics_read_back_as_written() {
        let m = Metric::new("hits", 3usize, "count", "");
        let json = serde_json::to_string(&m).expect("serialize");
        assert_eq!(json, r#"{"name":"hits","value":3,"unit":"count"}"#);
        let back: Metric = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, m);
        let full: Metric =
            serde_json::from_str(r#"{"name":"a","value":null,"unit":"u","description":"d"}"#).expect("full");
        assert_eq!((full.description().as_str(), full.value), ("d", Value::Null));
    }
}
