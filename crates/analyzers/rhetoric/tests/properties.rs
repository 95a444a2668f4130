//! Property tests of the dictionary readers on generated hostile text: rhetor's TOML and the five
//! importers (LIWC `.dic`, LIWC-22 `.dicx`, Lexicoder `.lc3`, quanteda YAML, WordStat `.cat`),
//! fed lines built from each format's own syntax mixed with multi-byte, zero-width, control and
//! right-to-left characters. Invariants: no panic; an import either fails with a line inside the
//! file or gives TOML that reads back as a dictionary; a dictionary that reads compiles and scans a
//! document with hits inside it. Cases: `PROPTEST_CASES`, else 48.

use proptest::prelude::*;
use rhetor_engine::ConfigFile;
use rhetor_rhetoric::Dictionary;
use rhetor_rhetoric::Matcher;
use rhetor_rhetoric::{DictionaryFormat as Format, import};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
}

/// Pieces of dictionary syntax of every format, and hostile characters.
const PIECES: &[&str] = &[
    "%",
    "\n",
    "\t",
    " ",
    "1",
    "2",
    "\tpositive",
    "\tnegative",
    "good",
    "bad*",
    "*ness",
    "great leader",
    "we",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    ":",
    "- ",
    "  ",
    "+",
    "+pos",
    ",",
    "DicTerm",
    "X",
    "=",
    "#",
    "!WE",
    "{0,2}",
    "/a(b/",
    "regex",
    "entries = [",
    "[[category]]\nid = \"c\"\n",
    "[macros]\n",
    "é",
    "中",
    "😀",
    "\u{200B}",
    "\u{0301}",
    "\u{0}",
    "\u{7}",
    "\u{7f}",
    "שלום",
    "\u{FEFF}",
    "\r\n",
    "(1)",
    "POSITIVE",
];

fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

const SAMPLE: &str = "We must fight the great leader's enemy. Good people are not bad! 中文 😀 we we.";

fn scan(dict: Dictionary) {
    let categories = dict.categories.len();
    let m = Matcher::new(dict);
    let corpus = rhetor_doc::corpus_from_text("t", SAMPLE);
    let doc = &corpus.documents[0];
    let (words, matched) = m.scan(doc, &corpus.vocab, |h| {
        assert!(h.category < categories && h.first_token <= h.last_token && h.last_token < doc.tokens.len());
    });
    assert!(matched <= words);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_dictionary_format_reads_or_says_where(text in hostile()) {
        if let Ok(d) = Dictionary::parse(&ConfigFile::new("d.toml", text.as_str())) {
            scan(d);
        }
        for format in [Format::Liwc, Format::Liwc22, Format::Lexicoder, Format::Yaml, Format::WordStat] {
            match import(&text, format) {
                Ok(imported) => {
                    let toml = imported.to_toml("generated");
                    let read = Dictionary::parse(&ConfigFile::new("imported.toml", toml.clone()));
                    // An imported entry may still be no valid pattern (a lone `!`): an error with
                    // its line, never a panic or invalid TOML.
                    match read {
                        Ok(d) => scan(d),
                        Err(e) => prop_assert!(!e.to_string().contains("TOML parse error"), "{format:?}: {e}\n{toml}"),
                    }
                }
                Err(e) => {
                    let lines = text.lines().count().max(1);
                    prop_assert!((1..=lines).contains(&e.line), "{format:?}: line {} of {lines}: {}", e.line, e.message);
                }
            }
        }
    }
}
