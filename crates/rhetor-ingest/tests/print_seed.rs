//! The print seed against the transcript seed: the recall and precision measure of the ingest issue,
//! the strings that must not survive, the articles found, and the cleaned text as reviewed snapshots.
//!
//! Measured (corpus as bundled): opening speech recall 98.64%, precision 99.74%; closing speech recall
//! 99.15%, precision 99.85%. The print file alone (no transcript in the corpus, so no evidence from
//! it for the joins) reaches the same figures: the page-7 interleaving of the closing speech with a
//! report is undone from the page itself (jump lines, voice, the order of interleaved columns).
//! Raw text reaches about 98.3% and 96.1% recall. `cargo test -p rhetor-ingest --test print_seed --
//! --nocapture` prints the figures.
#![allow(clippy::print_stdout)] // the measure prints its figures

mod common;

use rhetor_doc::Document;
use rhetor_ingest::{IngestOptions, Ingested, ingest};
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn ingested() -> Ingested {
    match ingest(&[corpus_dir()], &IngestOptions::default()) {
        Ok(i) => i,
        Err(e) => panic!("ingest failed: {e}"),
    }
}

use rhetor_ingest::measure::{lcs, words as measure_words};

/// The transcript's speech under `heading`: to the next heading or the signature.
fn transcript_speech(doc: &Document, heading: &str) -> String {
    let text = &doc.text;
    let start = text.find(&format!("{heading}\n")).unwrap_or_else(|| panic!("no heading {heading}")) + heading.len();
    let rest = &text[start..];
    let end = ["Opening Speech\n", "Closing Speech\n"].iter().filter_map(|h| rest.find(h)).min().unwrap_or(rest.len());
    rest[..end].to_string()
}

/// A print article's speech: the paragraphs after its lead ("The following is the full text:").
fn article_speech(doc: &Document) -> String {
    let text = &doc.text;
    let start = text.find(":\n").map_or(0, |i| i + 2);
    text[start..].to_string()
}

fn find<'a>(i: &'a Ingested, title_part: &str) -> &'a Document {
    i.corpus
        .documents
        .iter()
        .find(|d| d.meta.title.as_deref().is_some_and(|t| t.contains(title_part)) && d.id.contains('/'))
        .unwrap_or_else(|| panic!("no article titled …{title_part}…"))
}

#[test]
fn recall_and_precision_against_the_transcript() {
    let i = ingested();
    let transcript = i.corpus.documents.iter().find(|d| d.id.starts_with("kcna")).expect("transcript");
    let mut report = String::new();
    let mut figures = Vec::new();
    for (heading, title) in [("Opening Speech", "declares Sixth Conference"), ("Closing Speech", "address to close")] {
        let t = measure_words(&transcript_speech(transcript, heading));
        let a = measure_words(&article_speech(find(&i, title)));
        let l = lcs(&t, &a);
        let recall = l as f64 / t.len() as f64;
        let precision = l as f64 / a.len() as f64;
        report.push_str(&format!(
            "{heading}: transcript {} words, article {} words, LCS {l}: recall {:.2}%, precision {:.2}%\n",
            t.len(),
            a.len(),
            recall * 100.0,
            precision * 100.0
        ));
        figures.push((recall, precision));
    }
    println!("{report}");
    let (open, close) = (figures[0], figures[1]);
    assert!(open.0 >= 0.985, "opening recall {report}");
    assert!(close.0 >= 0.990, "closing recall {report}");
    assert!(open.1 >= 0.96 && close.1 >= 0.96, "precision {report}");
}

#[test]
fn recall_without_the_transcript_as_evidence() {
    let print = match ingest(&[corpus_dir().join("pyongyang-times-2021-04-10.txt")], &IngestOptions::default()) {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    };
    let i = ingested();
    let transcript = i.corpus.documents.iter().find(|d| d.id.starts_with("kcna")).expect("transcript");
    for (heading, title) in [("Opening Speech", "declares Sixth Conference"), ("Closing Speech", "address to close")] {
        let t = measure_words(&transcript_speech(transcript, heading));
        let a = measure_words(&article_speech(find(&print, title)));
        let l = lcs(&t, &a);
        let (recall, precision) = (l as f64 / t.len() as f64, l as f64 / a.len() as f64);
        println!("print alone, {heading}: recall {:.2}%, precision {:.2}%", recall * 100.0, precision * 100.0);
        // Measured: opening 98.64% / 99.74%, closing 99.15% / 99.85% (before the page-end, voice and
        // interleaved-column rules: closing 83.23%, three passages of page 7 misplaced). The targets
        // of the issue: recall 98.5% and 99.0%, precision 96%.
        let floor = if heading.starts_with("Opening") { 0.985 } else { 0.990 };
        assert!(recall >= floor && precision >= 0.96, "{heading}: {recall} {precision}");
    }
}

/// Strings the issue names that must not survive in any document's text.
#[test]
fn no_furniture_survives() {
    let i = ingested();
    for d in &i.corpus.documents {
        for s in
            ["Juche 110(2021) Page", "FROM PAGE", "SEE PAGE", "n u m e r o u s", "A m i d", "var-", "exem-", "Pyong-"]
        {
            assert!(!d.text.contains(s), "{} still holds {s:?}", d.id);
        }
    }
    let ids: Vec<(&str, Option<&str>)> =
        i.corpus.documents.iter().map(|d| (d.id.as_str(), d.meta.title.as_deref())).collect();
    insta::assert_debug_snapshot!("documents", ids);
}

/// The invariant: every source byte is in a document (through its offset map) or in a logged drop.
/// And each token's text equals the source text at its mapped span, up to the documented edits
/// (whitespace, hyphens and letter spacing removed; compared case-insensitively).
#[test]
fn every_byte_accounted_for_and_tokens_map_back() {
    let (files, tokens) = common::check_provenance(&ingested());
    assert_eq!(files, 2);
    assert!(tokens > 15_000, "{tokens} tokens checked");
}

/// The cleaned print articles and the log, for review.
#[test]
fn print_articles_and_log_snapshot() {
    let i = ingested();
    let mut out = String::new();
    for d in i.corpus.documents.iter().filter(|d| d.id.starts_with("pyongyang")) {
        out.push_str(&format!("==== {} | {}\n", d.id, d.meta.title.as_deref().unwrap_or("")));
        for (k, v) in &d.meta.extra {
            out.push_str(&format!("  {k}: {v}\n"));
        }
        out.push_str(&d.text);
        out.push('\n');
    }
    insta::assert_snapshot!("print_articles", out);
    let log: String = i
        .log
        .iter()
        .map(|e| {
            format!(
                "{}:{} [{}-{}) {} {}: {} {:?} -> {:?}\n",
                e.path.rsplit('/').next().unwrap_or(""),
                e.line,
                e.start,
                e.end,
                e.pass,
                e.action,
                e.reason,
                e.before.chars().take(60).collect::<String>(),
                e.after
            )
        })
        .collect();
    insta::assert_snapshot!("ingest_log", log);
}
