//! Fuzz target `config`: a run config (the input, lossy UTF-8, as `c.toml`) validated the way
//! `rhetor analyze --config` does: `Plan::from_config` against the registry of every linked analyzer,
//! and the `[ingest]` section read as `IngestOptions`. A plan that builds is run on a small fixed
//! corpus. Ok or Err, never a panic.
//!
//! Analyzer options may name files (a dictionary, a lexicon); inputs naming anything under `/dev`,
//! `/proc` or `/sys` are skipped so that the fuzzer cannot make a run read a device.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rhetor_doc::Corpus;
use rhetor_engine::{ConfigFile, Plan, Registry, RunInfo};
use rhetor_ingest::IngestOptions;
use std::sync::OnceLock;

const SAMPLE: &[(&str, &str)] = &[
    (
        "a",
        "My fellow citizens, we will not abandon our victory. The great leader said: fight the enemy!\n\n\
         The people's struggle is a struggle for bread, for jobs and for peace. Peace, peace, peace.",
    ),
    ("b", "A second document. It is short; it repeats: a second document.\n\n# Heading\n\nGood day."),
];

fn fixtures() -> &'static (Registry, Corpus) {
    static FIXTURES: OnceLock<(Registry, Corpus)> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let _ = rhetor_fuzz::scratch(); // the one-thread rayon pool
        let registry = rhetor_builtins::registry().expect("no duplicate analyzer ids");
        (registry, rhetor_doc::corpus_from_texts(SAMPLE))
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if ["/dev", "/proc", "/sys"].iter().any(|p| text.contains(p)) {
        return;
    }
    let (registry, corpus) = fixtures();
    let file = ConfigFile::new("c.toml", text.as_ref());
    let _ = file.section::<IngestOptions>(&["ingest"]);
    let Ok(plan) = Plan::from_config(&file, registry, None) else { return };
    let _ = rhetor_engine::run(corpus, &plan, None, RunInfo::default(), &|| {});
});
