//! The registry of analyzers: every `register_analyzer!` linked into the binary, sorted by id.
//!
//! Architecture Invariant: `inventory` only sees crates that some source file names; the
//! `rhetor-builtins` umbrella crate names every analyzer crate so that none is dropped.

use crate::analyzer::Registration;

/// Two analyzers registered the same id.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("analyzer id `{id}` is registered twice: by `{first}` and by `{second}`")]
pub struct DuplicateId {
    pub id: &'static str,
    pub first: &'static str,
    pub second: &'static str,
}

/// Registered analyzers, sorted by id, ids unique.
#[derive(Debug, Clone)]
pub struct Registry {
    entries: Vec<&'static Registration>,
}

impl Registry {
    /// Every analyzer registered in this binary.
    pub fn discover() -> Result<Registry, DuplicateId> {
        Registry::from_entries(inventory::iter::<Registration>.into_iter().collect())
    }

    /// A registry of the given entries: sorted by id (then module), duplicates rejected.
    pub fn from_entries(mut entries: Vec<&'static Registration>) -> Result<Registry, DuplicateId> {
        entries.sort_by(|a, b| a.id.cmp(b.id).then(a.module.cmp(b.module)));
        if let Some(w) = entries.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(DuplicateId { id: w[0].id, first: w[0].module, second: w[1].module });
        }
        Ok(Registry { entries })
    }

    pub fn get(&self, id: &str) -> Option<&'static Registration> {
        self.entries.iter().copied().find(|r| r.id == id)
    }

    pub fn entries(&self) -> &[&'static Registration] {
        &self.entries
    }

    pub fn ids(&self) -> Vec<&'static str> {
        self.entries.iter().map(|r| r.id).collect()
    }
}
