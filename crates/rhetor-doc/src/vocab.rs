//! The corpus vocabulary: every normalized token form interned once as a [`FormId`].
//!
//! Ids are dense `u32`s in order of first occurrence in document order, so the same corpus always gets
//! the same ids whatever the thread count. Forms live in one string arena; the hash table holds ids
//! only, so interning a new form costs no allocation of its own.

use crate::token::FormId;
use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Interned normalized forms.
#[derive(Default, Clone)]
pub struct Vocabulary {
    arena: String,
    /// (start, end) of each form in `arena`, by id.
    spans: Vec<(u32, u32)>,
    table: HashTable<u32>,
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

fn text<'a>(arena: &'a str, spans: &[(u32, u32)], id: u32) -> &'a str {
    let (s, e) = spans[id as usize];
    &arena[s as usize..e as usize]
}

impl Vocabulary {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `form`, adding it when new.
    pub fn intern(&mut self, form: &str) -> FormId {
        let h = hash(form);
        let (arena, spans) = (&self.arena, &self.spans);
        if let Some(&id) = self.table.find(h, |&id| text(arena, spans, id) == form) {
            return FormId(id);
        }
        let id = u32::try_from(self.spans.len()).expect("fewer than 2^32 distinct forms");
        let start = self.arena.len() as u32;
        self.arena.push_str(form);
        self.spans.push((start, self.arena.len() as u32));
        let (arena, spans) = (&self.arena, &self.spans);
        self.table.insert_unique(h, id, |&id| hash(text(arena, spans, id)));
        FormId(id)
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
        self.arena.capacity() + self.spans.capacity() * 8 + self.table.capacity() * 5
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
}
