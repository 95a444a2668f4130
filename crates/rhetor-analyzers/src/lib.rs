//! The umbrella that links every analyzer into a binary. `inventory` only registers analyzers from
//! crates that some source file names, so each analyzer crate is named here; the lint below makes a
//! dependency that is not named a compile error.
//!
//! Architecture Invariant: every crate under `crates/analyzers/` except `_template` is a dependency of
//! this crate and is named below.
#![deny(unused_crate_dependencies)]

use rhetor_repetition as _;
use rhetor_rhetoric as _;
use rhetor_sentiment as _;
use rhetor_text_stats as _;

pub use rhetor_engine::{DuplicateId, Registry};

/// The registry of every linked analyzer: sorted by id, duplicate ids rejected.
pub fn registry() -> Result<Registry, DuplicateId> {
    Registry::discover()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_ids() {
        let registry = registry().expect("no duplicate ids");
        let listing: Vec<String> = registry.entries().iter().map(|r| format!("{}  ({})", r.id, r.module)).collect();
        insta::assert_snapshot!(listing.join("\n"));
    }

    #[test]
    fn every_analyzer_builds_from_its_declared_defaults() {
        let registry = registry().expect("no duplicate ids");
        for reg in registry.entries() {
            let mut toml = format!("[analyzers.{}]\n", reg.id);
            for key in reg.keys {
                toml.push_str(&format!("{} = {}\n", key.name, key.default));
            }
            let file = rhetor_engine::ConfigFile::new("defaults.toml", toml);
            let built = (reg.build)(&rhetor_engine::AnalyzerSection { file: &file, id: reg.id });
            assert!(built.is_ok(), "{}: declared defaults rejected: {:?}", reg.id, built.err().map(|e| e.to_string()));
        }
    }
}
