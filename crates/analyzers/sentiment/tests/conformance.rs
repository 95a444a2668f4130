//! Conformance on the vendored samples (see `tests/data/README.md`): 2,000 of the 18,513 reference
//! texts scored by vaderSentiment 3.3.2 and by `afinn` 0.1, and 2,000 generated texts that exercise
//! every VADER rule (scored by vaderSentiment 3.3.2). The full reference sets run through
//! `cargo xtask conformance`, which drives `rhetor sentiment`.

#![allow(clippy::print_stderr)]

use rhetor_sentiment::afinn::{self, Afinn};
use rhetor_sentiment::vader::{self, Vader};

/// Rows of a TSV file with a header, split into at most `columns` fields.
fn rows(tsv: &str, columns: usize) -> Vec<Vec<&str>> {
    tsv.lines().skip(1).map(|l| l.splitn(columns, '\t').collect()).collect()
}

fn check_vader(rows: &[Vec<&str>], scores: std::ops::Range<usize>, text: usize) -> usize {
    let v = Vader::builtin();
    let mut scratch = vader::Scratch::default();
    let mut mismatches = 0;
    for row in rows {
        let want: Vec<f64> = row[scores.clone()].iter().map(|x| x.parse().expect("number")).collect();
        let text = row[text].replace("\\t", "\t").replace("\\n", "\n");
        let p = v.score(&text, &mut scratch, None);
        if [p.neg, p.neu, p.pos, p.compound].iter().zip(&want).any(|(a, b)| (a - b).abs() > 1e-4) {
            mismatches += 1;
            eprintln!("mismatch {}: {p:?} vs {want:?}: {text:?}", row[0]);
        }
    }
    mismatches
}

#[test]
fn vader_reproduces_vader_sentiment_on_the_reference_sample() {
    let rows = rows(include_str!("data/vader_reference_sample.tsv"), 8);
    assert_eq!(rows.len(), 2000);
    let mismatches = check_vader(&rows, 3..7, 7);
    eprintln!("vader: {mismatches} of {} reference texts differ", rows.len());
    assert_eq!(mismatches, 0);
}

#[test]
fn vader_reproduces_vader_sentiment_on_the_rule_cases() {
    let rows = rows(include_str!("data/vader_rule_cases.tsv"), 6);
    assert_eq!(rows.len(), 2000);
    let mismatches = check_vader(&rows, 1..5, 5);
    eprintln!("vader: {mismatches} of {} rule cases differ", rows.len());
    assert_eq!(mismatches, 0);
}

#[test]
fn afinn_reproduces_afinn_on_the_reference_sample() {
    let rows = rows(include_str!("data/afinn_reference_sample.tsv"), 5);
    assert_eq!(rows.len(), 2000);
    let a = Afinn::builtin();
    let mut scratch = afinn::Scratch::default();
    let mismatches = rows
        .iter()
        .filter(|row| {
            let want: f64 = row[2].parse().expect("number");
            let got = a.score(row[4], &mut scratch);
            if got != want {
                eprintln!("mismatch {}: {got} vs {want}: {}", row[1], row[4]);
            }
            got != want
        })
        .count();
    eprintln!("afinn: {mismatches} of {} reference texts differ", rows.len());
    assert_eq!(mismatches, 0);
}
