//! Fuzz target `lexicon`: the sentiment analyzer's lexicon readers, and scoring with what they read.
//! The first input byte picks the reader (byte % 12), the rest is the file (lossy UTF-8):
//!
//! | byte % 12 | reader |
//! |---|---|
//! | 0 | AFINN `word<TAB>integer` (`formats::afinn`, `Afinn::parse`, then AFINN scoring of the text) |
//! | 1 | Bing CSV `word,sentiment` (`formats::load` of `x.csv`) |
//! | 2 | Bing folder: the text's halves as `positive-words.txt` and `negative-words.txt` |
//! | 3 | NRC EmoLex `word<TAB>emotion<TAB>0/1` (`formats::load` of `x.txt`) |
//! | 4 | Lexicoder `.lc3` (`formats::load`) |
//! | 5 | quanteda YAML (`formats::load` of `x.yml`) |
//! | 6 | rhetor dictionary TOML (`formats::load` of `x.toml`) |
//! | 7 | `Format::guess` on `x.txt`, then `formats::load` in the guessed format |
//! | 8 | VADER lexicon (`Vader::from_texts` with the built-in rules), then scoring with it |
//! | 9 | VADER emoji lexicon (`parse_emoji`) |
//! | 10 | VADER `rules.toml` (`Rules::parse`) |
//! | 11 | the built-in VADER and AFINN scoring the text itself |
//!
//! A word list read is looked up with the words of a fixed sentence and of the input. Invariants:
//! VADER's contribution spans and AFINN's match spans lie inside the text on char boundaries; the
//! built-in VADER's scores are in range (neg, neu, pos in [0, 1], compound in [-1, 1]) and the
//! built-in AFINN's finite. Ok or Err, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rhetor_sentiment::afinn::{self, Afinn};
use rhetor_sentiment::{LexiconFormat as Format, afinn_word_list, load_word_list};
use rhetor_sentiment::vader::lexicon::{self, Rules};
use rhetor_sentiment::vader::{self, Vader};
use rhetor_sentiment::WordList;
use std::sync::OnceLock;

const SENTENCE: &str = "The VERY good leader did not abandon the victory, but the enemy was sad :) and kind of bad!!";

fn builtin() -> &'static (Vader, Afinn) {
    static BUILTIN: OnceLock<(Vader, Afinn)> = OnceLock::new();
    BUILTIN.get_or_init(|| (Vader::builtin(), Afinn::builtin()))
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, body)) = rhetor_fuzz::split_selector(data) else { return };
    let text = String::from_utf8_lossy(body);
    let text: &str = &text;
    let load = |name: &str, format: Format| {
        let path = rhetor_fuzz::write_scratch(name, text.as_bytes());
        load_word_list(&path, format).ok()
    };
    let list = match selector % 12 {
        0 => {
            if let Ok(a) = Afinn::parse("x.txt", text) {
                score_afinn(&a, SENTENCE);
                score_afinn(&a, text);
            }
            afinn_word_list("x.txt", "afinn", text).ok()
        }
        1 => load("x.csv", Format::Bing),
        2 => {
            let dir = rhetor_fuzz::scratch().join("bing");
            let _ = std::fs::create_dir_all(&dir);
            let mut mid = text.len() / 2;
            while !text.is_char_boundary(mid) {
                mid -= 1;
            }
            let _ = std::fs::write(dir.join("positive-words.txt"), &text[..mid]);
            let _ = std::fs::write(dir.join("negative-words.txt"), &text[mid..]);
            load_word_list(&dir, Format::Bing).ok()
        }
        3 => load("x.txt", Format::Nrc),
        4 => load("x.lc3", Format::Lsd),
        5 => load("x.yml", Format::Lsd),
        6 => load("x.toml", Format::Dictionary),
        7 => {
            let path = rhetor_fuzz::write_scratch("guess.txt", text.as_bytes());
            Format::guess(&path, text).and_then(|f| load_word_list(&path, f).ok())
        }
        8 => {
            let emoji = (":) emoji", ":)\tsmiling face\n");
            if let Ok(v) = Vader::from_texts(("x.txt", text), emoji, (lexicon::RULES_LABEL, lexicon::RULES)) {
                score_vader(&v, SENTENCE);
                score_vader(&v, text);
            }
            None
        }
        9 => {
            let _ = lexicon::parse_emoji("x.txt", text);
            None
        }
        10 => {
            let _ = Rules::parse("rules.toml", text);
            None
        }
        _ => {
            let (v, a) = builtin();
            let p = score_vader(v, text);
            let in_unit = |x: f64| (0.0..=1.0).contains(&x);
            assert!(
                in_unit(p.neg) && in_unit(p.neu) && in_unit(p.pos) && (-1.0..=1.0).contains(&p.compound),
                "built-in VADER scores out of range: {p:?}"
            );
            let score = score_afinn(a, text);
            assert!(score.is_finite(), "built-in AFINN score {score}");
            None
        }
    };
    if let Some(list) = list {
        look_up(&list, SENTENCE);
        look_up(&list, text);
    }
});

/// Look up every position of a text's lowercase words in a word list.
fn look_up(list: &WordList, text: &str) {
    let lower = text.to_lowercase();
    let forms: Vec<&str> = lower.split_whitespace().collect();
    for i in 0..forms.len() {
        if let Some(found) = list.find(&forms[i..]) {
            assert!(found.words >= 1 && found.words <= forms.len() - i, "a match of {} words at {i}", found.words);
        }
    }
}

/// Score with VADER; every contribution's span lies inside the text on char boundaries.
fn score_vader(v: &Vader, text: &str) -> vader::Polarity {
    let mut scratch = vader::Scratch::default();
    let mut contributions = Vec::new();
    let p = v.score(text, &mut scratch, Some(&mut contributions));
    for c in &contributions {
        let (a, b) = c.span;
        assert!(a <= b && text.get(a..b).is_some(), "VADER span {a}..{b} off the text ({} bytes)", text.len());
    }
    p
}

/// Score with AFINN; every match's span lies inside the text on char boundaries.
fn score_afinn(a: &Afinn, text: &str) -> f64 {
    let mut scratch = afinn::Scratch::default();
    a.matches(text, &mut scratch, |m| {
        let (s, e) = m.span;
        assert!(s <= e && text.get(s..e).is_some(), "AFINN span {s}..{e} off the text ({} bytes)", text.len());
    })
}
