//! The analyzers built into rhetor: the umbrella that links every analyzer crate into a binary. `inventory` only registers analyzers from
//! crates that some source file names, so each analyzer crate is named here; the lint below makes a
//! dependency that is not named a compile error.
//!
//! Architecture Invariant: every crate under `crates/analyzers/` except `_template` is a dependency of
//! this crate and is named below.
#![deny(unused_crate_dependencies)]

use rhetor_repetition as _;
use rhetor_rhetoric as _;
use rhetor_sentiment as _;
use rhetor_targets as _;
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

/// An analyzer's defaults live in three places: its config struct's `Default`, the keys it
/// declares, and `config/default.toml` (tests/cli.rs checks the last two agree). Here the first two:
/// every analyzer gives the same results with no section at all as with every declared key at its
/// declared default.
#[cfg(test)]
mod defaults_agree {
    use super::*;

    #[test]
    fn no_section_and_the_declared_defaults_give_the_same_results() {
        let registry = registry().expect("no duplicate ids");
        let text = "Who are we? We are the people, the great people of a great nation! We will never \
                    surrender. The enemy is weak and the future is bright. We shall win, we shall win, \
                    we shall win.";
        let corpus = rhetor_engine::rhetor_doc::corpus_from_texts(&[("a", text), ("b", text), ("c", "No. Yes?")]);
        for reg in registry.entries() {
            let run = |toml: String| {
                let file = rhetor_engine::ConfigFile::new("t.toml", toml);
                let only = [reg.id.to_string()];
                let plan = rhetor_engine::Plan::from_config(&file, &registry, Some(&only)).expect("plan");
                let results = rhetor_engine::run(&corpus, &plan, None, Default::default(), &|| {}).expect("run");
                serde_json::to_string(&results).expect("json")
            };
            let mut declared = format!("[analyzers.{}]\n", reg.id);
            for key in reg.keys {
                declared.push_str(&format!("{} = {}\n", key.name, key.default));
            }
            assert_eq!(run(String::new()), run(declared), "{}: its Default and its declared keys differ", reg.id);
        }
    }
}

/// Property test: any config text, however hostile, gives a plan or an error with the file and a
/// line inside it, never a panic (every analyzer's section read and range-checked).
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The pieces a config text is made of: the run's and ingest's, every registered analyzer's
    /// section and declared keys (table-valued ones as sections), and hostile values and syntax.
    fn pieces() -> Vec<String> {
        let mut out: Vec<String> =
            ["[run]\n", "[ingest]\n", "[analyzers.nope]\n", "threads = ", "profile = "].map(String::from).to_vec();
        out.push("analyzers = [\"rhetoric\"]".into());
        for reg in registry().expect("no duplicate ids").entries() {
            out.push(format!("[analyzers.{}]\n", reg.id));
            for key in reg.keys {
                out.push(if key.default == "{}" {
                    format!("[analyzers.{}.{}]\n", reg.id, key.name)
                } else {
                    format!("{} = ", key.name)
                });
            }
        }
        let values = [
            "0",
            "1",
            "-1",
            "1e400",
            "nan",
            "inf",
            "99999999999999999999",
            "0.5",
            "\"x\"",
            "\"vader\"",
            "true",
            "[",
            "]",
            "{",
            "}",
            "=",
            "\n",
            " ",
            "\"",
            "é",
            "中",
            "\u{0}",
            "\u{200B}",
            "#",
            ",",
        ];
        out.extend(values.map(String::from));
        out
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_config_text_gives_a_plan_or_a_located_error(
            parts in proptest::collection::vec(proptest::sample::select(pieces()), 0..40)
        ) {
            let text = parts.concat();
            let registry = registry().expect("no duplicate ids");
            let file = rhetor_engine::ConfigFile::new("c.toml", text.as_str());
            if let Err(e) = rhetor_engine::Plan::from_config(&file, &registry, None) {
                let lines = text.lines().count().max(1) as u32;
                if let Some((line, _)) = e.diagnostic().and_then(|d| d.line) {
                    prop_assert!((1..=lines + 1).contains(&line), "line {line} of {lines}: {e}");
                }
                prop_assert!(e.to_string().starts_with("c.toml"), "{e}");
            }
        }
    }
}
