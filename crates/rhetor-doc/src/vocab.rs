//! The corpus vocabulary: every normalized token form interned once as a [`FormId`].
//!
//! Ids are dense `u32`s in order of first occurrence in document order, so the same corpus always gets
//! the same ids whatever the thread count. Forms live in one string arena; the hash table holds ids
//! only, so interning a new form costs no allocation of its own.

use crate::short_forms::ShortForms;
use crate::token::FormId;
use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Interned normalized forms.
#[derive(Default, Clone)]
pub struct Vocabulary {
    /// Tells this vocabulary from every other of the process (a clone is another): caches of
    /// per-form data keyed by it stay right when a vocabulary is freed and another takes its place.
    instance: Instance,
    arena: String,
    /// (start, end) of each form in `arena`, by id.
    spans: Vec<(u32, u32)>,
    /// The hash of each form, by id: growing the table and merging vocabularies never rehash text.
    hashes: Vec<u64>,
    table: HashTable<u32>,
    /// The tokenizer's cache of short forms' ids.
    pub(crate) recent: ShortForms,
}

/// A number no other vocabulary of the process has.
#[derive(Debug, PartialEq, Eq)]
struct Instance(u64);

impl Default for Instance {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Instance(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Clone for Instance {
    fn clone(&self) -> Self {
        Instance::default()
    }
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary").field("forms", &self.spans.len()).finish()
    }
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Byte equality for the short strings forms are, without a call to `memcmp`.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        // Two overlapping loads cover the whole string.
        4..=7 => load4(a, 0) == load4(b, 0) && load4(a, n - 4) == load4(b, n - 4),
        8..=16 => load8(a, 0) == load8(b, 0) && load8(a, n - 8) == load8(b, n - 8),
        _ => a == b,
    }
}

#[inline]
fn load4(s: &[u8], i: usize) -> u32 {
    let mut x = [0; 4];
    x.copy_from_slice(&s[i..i + 4]);
    u32::from_ne_bytes(x)
}

#[inline]
fn load8(s: &[u8], i: usize) -> u64 {
    let mut x = [0; 8];
    x.copy_from_slice(&s[i..i + 8]);
    u64::from_ne_bytes(x)
}

fn text<'a>(arena: &'a str, spans: &[(u32, u32)], id: u32) -> &'a str {
    let (s, e) = spans[id as usize];
    &arena[s as usize..e as usize]
}

impl Vocabulary {
    /// A number that tells this vocabulary from every other of the process, clones included; its
    /// forms only ever grow, so data computed for its first n forms stays right.
    pub fn instance(&self) -> u64 {
        self.instance.0
    }

    pub fn new() -> Self {
        Self::default()
    }

    /// An empty vocabulary with room for `forms` forms of `bytes` bytes in all.
    pub fn with_capacity(forms: usize, bytes: usize) -> Self {
        Vocabulary {
            instance: Instance::default(),
            arena: String::with_capacity(bytes),
            spans: Vec::with_capacity(forms),
            hashes: Vec::with_capacity(forms),
            table: HashTable::with_capacity(forms),
            recent: ShortForms::default(),
        }
    }

    /// The id of `form`, adding it when new.
    #[inline]
    pub fn intern(&mut self, form: &str) -> FormId {
        self.intern_hashed(form, hash(form))
    }

    /// [`Vocabulary::intern`] with the form's hash already known.
    #[inline]
    fn intern_hashed(&mut self, form: &str, h: u64) -> FormId {
        let (arena, spans) = (self.arena.as_bytes(), &self.spans);
        let wanted = form.as_bytes();
        if let Some(&id) = self.table.find(h, |&id| {
            let (s, e) = spans[id as usize];
            same_bytes(&arena[s as usize..e as usize], wanted)
        }) {
            return FormId(id);
        }
        let id = u32::try_from(self.spans.len()).expect("fewer than 2^32 distinct forms");
        let start = self.arena.len() as u32;
        self.arena.push_str(form);
        self.spans.push((start, self.arena.len() as u32));
        self.hashes.push(h);
        let hashes = &self.hashes;
        self.table.insert_unique(h, id, |&id| hashes[id as usize]);
        FormId(id)
    }

    /// The id in this vocabulary of every form of `other`, in `other`'s id order, adding the forms
    /// this one lacks in that order.
    pub fn merge(&mut self, other: &Vocabulary) -> Vec<FormId> {
        (0..other.spans.len())
            .map(|i| self.intern_hashed(text(&other.arena, &other.spans, i as u32), other.hashes[i]))
            .collect()
    }

    /// The id of `form` if it occurs in the corpus. `form` must already be normalized (lowercase,
    /// straight apostrophes): see [`crate::normalize_form`].
    pub fn get(&self, form: &str) -> Option<FormId> {
        self.table.find(hash(form), |&id| text(&self.arena, &self.spans, id) == form).map(|&id| FormId(id))
    }

    /// The normalized text of a form.
    pub fn form(&self, id: FormId) -> &str {
        text(&self.arena, &self.spans, id.0)
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// All forms in id order.
    pub fn iter(&self) -> impl Iterator<Item = (FormId, &str)> {
        (0..self.spans.len() as u32).map(|i| (FormId(i), text(&self.arena, &self.spans, i)))
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.spans.capacity() * 8
            + self.hashes.capacity() * 8
            + self.table.capacity() * 5
            + self.recent.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_once_in_first_occurrence_order() {
        let mut v = Vocabulary::new();
        let words = ["the", "party", "the", "people", "party"];
        let ids: Vec<u32> = words.iter().map(|w| v.intern(w).0).collect();
        assert_eq!(ids, [0, 1, 0, 2, 1]);
        assert_eq!(v.len(), 3);
        assert_eq!(v.form(FormId(2)), "people");
        assert_eq!(v.get("party"), Some(FormId(1)));
        assert_eq!(v.get("parties"), None);
        // Many forms: the table grows and rehashes from the arena.
        for i in 0..10_000 {
            v.intern(&format!("w{i}"));
        }
        assert_eq!(v.get("w9999"), Some(FormId(10_002)));
        assert_eq!(v.iter().nth(1).map(|(_, f)| f), Some("party"));
    }

    #[test]
    fn same_bytes_agrees_with_slice_equality() {
        let words: Vec<Vec<u8>> = (0..40usize)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n).map(|k| b'a' + (k % 26) as u8).collect();
                // The same length with one byte changed at each position.
                let variants = (0..n).map(move |k| {
                    let mut v: Vec<u8> = (0..n).map(|k| b'a' + (k % 26) as u8).collect();
                    v[k] ^= 1;
                    v
                });
                std::iter::once(base).chain(variants)
            })
            .collect();
        for a in &words {
            for b in words.iter().filter(|b| b.len() + 1 >= a.len() && b.len() <= a.len() + 1) {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }
}
