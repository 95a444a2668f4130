//! The corpus vocabulary: every normalized token form interned once as a [`FormId`].
//!
//! Ids are dense `u32`s in order of first occurrence in document order, so the same corpus always gets
//! the same ids whatever the thread count.

use crate::token::FormId;
use rustc_hash::FxHashMap;

/// Interned normalized forms.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    forms: Vec<Box<str>>,
    ids: FxHashMap<Box<str>, FormId>,
}

impl Vocabulary {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `form`, adding it when new.
    pub fn intern(&mut self, form: &str) -> FormId {
        if let Some(&id) = self.ids.get(form) {
            return id;
        }
        let id = FormId(u32::try_from(self.forms.len()).expect("fewer than 2^32 distinct forms"));
        self.forms.push(form.into());
        self.ids.insert(form.into(), id);
        id
    }

    /// The id of `form` if it occurs in the corpus. `form` must already be normalized (lowercase,
    /// straight apostrophes): see [`crate::normalize_form`].
    pub fn get(&self, form: &str) -> Option<FormId> {
        self.ids.get(form).copied()
    }

    /// The normalized text of a form.
    pub fn form(&self, id: FormId) -> &str {
        &self.forms[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// All forms in id order.
    pub fn iter(&self) -> impl Iterator<Item = (FormId, &str)> {
        self.forms.iter().enumerate().map(|(i, f)| (FormId(i as u32), &**f))
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self.forms.iter().map(|f| f.len()).sum();
        // Each form is stored twice (vector and map key) plus the map's slots.
        2 * strings + self.forms.capacity() * 16 + self.ids.capacity() * 24
    }
}
