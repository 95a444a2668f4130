//! [`Name`]: an interned text of eight bytes, for the few texts that every document's metrics
//! repeat (names, units, descriptions). A run keeps every document's metrics for its reports: at
//! tens of thousands of short documents, a metric's three texts were most of what a document cost
//! (three `SmolStr`s, 72 bytes, against 24 as three names, and 8 now that a [`crate::Metric`]
//! interns its three names together).
//!
//! Architecture Invariant: a name's text lives as long as the process, so names are for a
//! vocabulary that config and analyzers bound (metric names, units, descriptions), never for the
//! texts of documents. Reading results back (`rhetor merge` reads the parts' metrics) interns the
//! names they hold: at most the distinct names of the files read, once each, in a process that
//! ends with the merge.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};

/// An interned text: copying one copies a pointer, and two names of the same text are one
/// allocation. The empty text is the default and allocates nothing.
#[derive(Clone, Copy, Default)]
pub struct Name(Option<&'static Text>);

/// A name's text: a `Box<str>` behind a reference of one pointer (a `&str` is two).
struct Text(Box<str>);

/// Every name's text, each allocated once and never freed.
fn table() -> &'static Mutex<FxHashMap<&'static str, &'static Text>> {
    static TABLE: OnceLock<Mutex<FxHashMap<&'static str, &'static Text>>> = OnceLock::new();
    TABLE.get_or_init(Mutex::default)
}

thread_local! {
    /// The names this thread has looked up, so that a metric made for every document takes the
    /// shared table's lock once per thread, not once per document.
    static SEEN: RefCell<FxHashMap<&'static str, Name>> = RefCell::default();
}

impl Name {
    /// The name of `text`, interned on first use.
    pub fn new(text: &str) -> Name {
        if text.is_empty() {
            return Name(None);
        }
        if let Some(n) = SEEN.with(|s| s.borrow().get(text).copied()) {
            return n;
        }
        let name = {
            // A thread that panicked while holding the lock left the table whole (an insert is
            // the only change made under it).
            let mut table = table().lock().unwrap_or_else(PoisonError::into_inner);
            match table.get(text) {
                Some(&b) => Name(Some(b)),
                None => {
                    let b: &'static Text = Box::leak(Box::new(Text(Box::from(text))));
                    table.insert(&b.0, b);
                    Name(Some(b))
                }
            }
        };
        SEEN.with(|s| s.borrow_mut().insert(name.as_str(), name));
        name
    }

    pub fn as_str(&self) -> &'static str {
        self.0.map_or("", |b| &b.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<&smol_str::SmolStr> for Name {
    fn from(s: &smol_str::SmolStr) -> Name {
        Name::new(s)
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        // Interned: the same text is the same allocation.
        match (self.0, other.0) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By text, as a `String` orders.
impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        struct NameVisitor;
        impl serde::de::Visitor<'_> for NameVisitor {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, v: &str) -> Result<Name, E> {
                Ok(Name::new(v))
            }
        }
        d.deserialize_str(NameVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn a_text_is_interned_once_across_threads() {
        let here = Name::new("per 1,000 words");
        let there = std::thread::spawn(|| Name::new("per 1,000 words")).join().expect("thread");
        assert_eq!(here, there);
        assert!(std::ptr::eq(here.as_str(), there.as_str()));
        assert_eq!(here, "per 1,000 words");
        assert_ne!(here, Name::new("per 1,000 sentences"));
    }

    #[test]
    fn the_empty_text_is_the_default() {
        assert!(Name::new("").is_empty());
        assert_eq!(Name::new(""), Name::default());
        assert_eq!(Name::default().as_str(), "");
        assert_ne!(Name::new("x"), Name::default());
    }

    #[test]
    fn names_order_and_read_back_as_their_texts() {
        let mut v = vec![Name::new("b"), Name::new("a"), Name::new("ab")];
        v.sort();
        assert_eq!(v.iter().map(Name::as_str).collect::<Vec<_>>(), ["a", "ab", "b"]);
        let json = serde_json::to_string(&v).expect("json");
        assert_eq!(json, r#"["a","ab","b"]"#);
        let back: Vec<Name> = serde_json::from_str(&json).expect("read");
        assert_eq!(back, v);
        assert_eq!(size_of::<Name>(), 8);
    }
}
