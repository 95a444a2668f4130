//! Property tests of the lexicon readers (AFINN, Bing, NRC, LSD, rhetor's dictionary TOML) on
//! generated hostile files, and of VADER on hostile text: lines built from each format's syntax
//! mixed with multi-byte, zero-width, control and right-to-left characters. Invariants: no panic; a
//! lexicon either loads or fails with a line inside the file; VADER's scores are finite and in
//! range. Cases: `PROPTEST_CASES`, else 48.

use proptest::prelude::*;
use rhetor_sentiment::LexiconError;
use rhetor_sentiment::vader;
use rhetor_sentiment::{LexiconFormat as Format, load_word_list as load};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
}

const PIECES: &[&str] = &[
    "\n",
    "\t",
    " ",
    ",",
    "good",
    "bad",
    "-2",
    "3",
    "1.5",
    "nan",
    "inf",
    "-",
    "+",
    "1e309",
    "positive",
    "negative",
    "anger",
    "joy",
    "0",
    "1",
    "word,sentiment\n",
    "[words]\n",
    "=",
    "\"",
    "'",
    ";",
    "*",
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
    "NOT",
    "VERY",
    "!!!",
    "?",
    ":)",
    "but",
    "never",
    "kind of",
];

fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_lexicon_format_loads_or_says_where(text in hostile()) {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("lexicon-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch");
        let path = dir.join("lexicon.txt");
        std::fs::write(&path, &text).expect("write");
        for format in [Format::Afinn, Format::Bing, Format::Nrc, Format::Lsd, Format::Dictionary] {
            match load(&path, format) {
                Ok(list) => drop(list.find(&["good"])),
                Err(LexiconError::Invalid { line: Some(line), .. }) => {
                    let lines = text.lines().count().max(1);
                    prop_assert!((1..=lines).contains(&line), "{format:?}: line {line} of {lines}");
                }
                Err(_) => {}
            }
        }
    }

    #[test]
    fn vader_scores_hostile_text_in_range(text in hostile()) {
        static VADER: std::sync::OnceLock<vader::Vader> = std::sync::OnceLock::new();
        let v = VADER.get_or_init(vader::Vader::builtin);
        let p = v.score(&text, &mut vader::Scratch::default(), None);
        for x in [p.neg, p.neu, p.pos] {
            prop_assert!((0.0..=1.0).contains(&x), "{p:?}");
        }
        prop_assert!((-1.0..=1.0).contains(&p.compound), "{p:?}");
    }
}
