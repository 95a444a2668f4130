//! The seeds' recall measured by collation equals the ingest issue's measure
//! (`crates/rhetor-ingest/tests/print_seed.rs`: lower-case words, hyphens and apostrophes deleted,
//! the transcript's speech against the article's, longest common subsequence): the alignment finds
//! a common subsequence as long as the exact one, so recall and precision are the same figures.

#![allow(clippy::print_stderr)]

use rhetor_collate::align::{Step, align};
use rhetor_collate::witness::{Forms, Normalize, Witness};
use rhetor_ingest::measure::{lcs, words};
use rhetor_ingest::{IngestOptions, ingest};
use std::path::PathBuf;

#[test]
fn recall_equals_the_ingest_measure() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let corpus = ingest(&[dir], &IngestOptions::default()).expect("ingest").corpus;
    let transcript = corpus.documents.iter().find(|d| d.id.starts_with("kcna")).expect("transcript");
    for (heading, article) in
        [("Opening Speech", "pyongyang-times-2021-04-10/01"), ("Closing Speech", "pyongyang-times-2021-04-10/03")]
    {
        let text = &transcript.text;
        let start = text.find(&format!("{heading}\n")).expect("heading") + heading.len();
        let rest = &text[start..];
        let end =
            ["Opening Speech\n", "Closing Speech\n"].iter().filter_map(|h| rest.find(h)).min().unwrap_or(rest.len());
        let art = &corpus.documents.iter().find(|d| d.id == article).expect("article").text;
        let speech = &art[art.find(":\n").map_or(0, |i| i + 2)..];
        let (t, a) = (words(&rest[..end]), words(speech));
        let (tr, ar): (Vec<&str>, Vec<&str>) =
            (t.iter().map(String::as_str).collect(), a.iter().map(String::as_str).collect());
        let (wt, wa) = (
            Witness::from_tokens("t", &tr, Normalize::default()),
            Witness::from_tokens("a", &ar, Normalize::default()),
        );
        let mut forms = Forms::default();
        let aligned = align(&forms.ids(&wt), &forms.ids(&wa)).iter().filter(|s| matches!(s, Step::Match(..))).count();
        let exact = lcs(&t, &a);
        eprintln!(
            "{heading}: collation recall {:.2}%, precision {:.2}%; ingest measure {:.2}%, {:.2}%",
            100.0 * aligned as f64 / t.len() as f64,
            100.0 * aligned as f64 / a.len() as f64,
            100.0 * exact as f64 / t.len() as f64,
            100.0 * exact as f64 / a.len() as f64
        );
        assert_eq!(aligned, exact, "{heading}");
    }
}
