//! Fuzz target `dictionary`: the rhetoric analyzer's dictionary readers. The first input byte picks
//! the reader (byte % 6): rhetor's native TOML (`Dictionary::parse`), or an importer — LIWC `.dic`,
//! LIWC-22 `.dicx`, Lexicoder `.lc3`, quanteda YAML, WordStat `.cat` (`import::import`); the rest is
//! the file (lossy UTF-8). Invariants: an import's `to_toml` output is valid TOML (what
//! `rhetor dict convert` writes must read back; set `RHETOR_FUZZ_ALLOW_INVALID_TOML=1` to look past
//! a known failure of it); a dictionary that parses compiles into a `Matcher` whose hits on a fixed
//! document name existing categories and tokens. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rhetor_doc::Corpus;
use rhetor_engine::ConfigFile;
use rhetor_rhetoric::Dictionary;
use rhetor_rhetoric::{DictionaryFormat as Format, import};
use rhetor_rhetoric::Matcher;
use std::sync::OnceLock;

const FORMATS: [Format; 5] = [Format::Liwc, Format::Liwc22, Format::Lexicoder, Format::Yaml, Format::WordStat];

/// A document for the matcher: words of the seed dictionaries, negations, a phrase, punctuation.
const SAMPLE: &str = "The great leader said we must fight the enemy. We will not abandon our victory! \
    Comrades, the people's struggle is not only for freedom but for bread and jobs; \
    they don't fear the puppet regime. Economic growth, kind of, made us happy? The U.S. and Dr. Kim \
    met at 5 p.m. on the 2nd. We, the workers, shall never surrender -- never!\n\n\
    # A heading\n\nTerrorists and recession: unemployment rose 10%. Good day, bad day.";

fn sample() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| rhetor_doc::corpus_from_text("sample", SAMPLE))
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, body)) = rhetor_fuzz::split_selector(data) else { return };
    let text = String::from_utf8_lossy(body);
    match usize::from(selector % 6) {
        0 => match_with(Dictionary::parse(&ConfigFile::new("d.toml", text.as_ref())).ok()),
        k => {
            let Ok(imported) = import(&text, FORMATS[k - 1]) else { return };
            let toml = imported.to_toml("fuzzed");
            if let Err(e) = toml.parse::<toml::Table>() {
                if std::env::var_os("RHETOR_FUZZ_ALLOW_INVALID_TOML").is_none() {
                    panic!("{:?} import wrote invalid TOML: {e}\n--- TOML ---\n{toml}", FORMATS[k - 1]);
                }
            }
            match_with(Dictionary::parse(&ConfigFile::new("imported.toml", toml)).ok());
        }
    }
});

/// Compile a dictionary and scan the sample document with it.
fn match_with(dict: Option<Dictionary>) {
    let Some(dict) = dict else { return };
    let categories = dict.categories.len();
    let matcher = Matcher::new(dict);
    let corpus = sample();
    let doc = &corpus.documents[0];
    let (words, matched) = matcher.scan(doc, &corpus.vocab, |hit| {
        assert!(hit.category < categories, "hit in category {} of {categories}", hit.category);
        assert!(
            hit.first_token <= hit.last_token && hit.last_token < doc.tokens.len(),
            "hit tokens {}..={} of {}",
            hit.first_token,
            hit.last_token,
            doc.tokens.len()
        );
        assert!(hit.start < hit.end, "empty hit {}..{}", hit.start, hit.end);
        let _ = matcher.entry_text(hit.category, hit.entry);
    });
    assert!(matched <= words, "{matched} matched word tokens of {words}");
}
