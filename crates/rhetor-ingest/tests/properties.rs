//! Property tests of ingest on generated hostile text: pieces that put 2-, 3- and 4-byte
//! characters, zero-width and combining marks, CJK, right-to-left text, emoji, NUL and control
//! characters, page furniture, datelines, hyphens and blank lines at every offset, and runs of
//! ASCII whose lengths cross the windows the cleaning passes use (a dateline's 120 bytes, a
//! heading's 12 words). For every reader (text, Markdown, JSON, JSONL, CSV, TSV, manifests) and
//! every cleaning profile:
//!
//! - no panic: ingest returns documents or an error;
//! - every source byte accounted for: in a document through its offset map, or in a logged edit;
//!   every token maps back to its source text (`common::check_provenance`);
//! - determinism: one thread and two give the same documents.
//!
//! Cases per property: 48 by default (CI); `PROPTEST_CASES=5000` for a long run.

mod common;

use proptest::prelude::*;
use rhetor_ingest::{IngestOptions, Profile};
use std::path::{Path, PathBuf};

/// Pieces of hostile text; a generated text is a sequence of them.
const PIECES: &[&str] = &[
    "We must march forward. ",
    "the enemy",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "é",
    "\u{2013}",
    "\u{2019}",
    "中文",
    "😀",
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{2060}",
    "\u{FEFF}",
    "e\u{0301}",
    "\u{0301}",
    "שלום",
    "مرحبا",
    "\u{0}",
    "\u{1}",
    "\u{c}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "Pyongyang, May 2 (KCNA) -- ",
    "-0-",
    "Juche 110(2021) Page 7",
    "SEE PAGE 3",
    "(Continued on page 2)",
    "THE PYONGYANG TIMES",
    "com-\nrade",
    "-\n",
    "n u m e r o u s",
    "# A Heading\n",
    "Opening Speech\n\n",
    "---\ntitle: x\n---\n",
    "Kim Jong Uninvited",
    "ComradeKim Jong Un",
    "\"",
    "\u{201C}quoted\u{201D}",
    ".",
    "!?",
    "Dr.",
    "U.S.",
    "1,000",
];

/// Cases per property: `PROPTEST_CASES`, else 48 (bounded for CI).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
}

/// A hostile text: pieces, with runs of `a` of lengths around the windows the passes use.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => (110usize..130).prop_map(|n| "a".repeat(n)),
        1 => (1usize..20).prop_map(|n| "Word ".repeat(n)),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("properties-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn options(profile: Profile) -> IngestOptions {
    IngestOptions { profile, lossy: true, ..IngestOptions::default() }
}

const PROFILES: [Profile; 5] = [Profile::Auto, Profile::None, Profile::Transcript, Profile::Print, Profile::Web];

/// Ingest `paths` with one thread and with two: no panic; when it reads, provenance holds and
/// both give the same documents.
fn check(paths: &[PathBuf], options: &IngestOptions) {
    let with_threads = |n: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("thread pool");
        pool.install(|| rhetor_ingest::ingest(paths, options))
    };
    let (one, two) = (with_threads(1), with_threads(2));
    match (one, two) {
        (Ok(a), Ok(b)) => {
            common::check_provenance(&a);
            let docs = |i: &rhetor_ingest::Ingested| -> Vec<(String, String)> {
                i.corpus.documents.iter().map(|d| (d.id.clone(), d.text.clone())).collect()
            };
            assert_eq!(docs(&a), docs(&b), "one thread and two differ");
            assert_eq!(a.log, b.log);
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("one thread and two disagree: {:?} / {:?}", a.err(), b.err()),
    }
}

/// A record file read in blocks of `block` bytes gives the documents (ids, texts, metadata, offset
/// maps) and warnings it gives read whole, and its blocks' logs account for every byte.
fn check_blocks(paths: &[PathBuf], options: &IngestOptions, block: u64) {
    let blocked = IngestOptions { record_block_bytes: block, ..options.clone() };
    match (rhetor_ingest::ingest(paths, options), rhetor_ingest::ingest(paths, &blocked)) {
        (Ok(a), Ok(b)) => {
            common::check_provenance(&b);
            let docs = |i: &rhetor_ingest::Ingested| -> Vec<String> {
                i.corpus
                    .documents
                    .iter()
                    .map(|d| format!("{} {:?} {:?} {:?}", d.id, d.meta, d.text, d.offsets))
                    .collect()
            };
            assert_eq!(docs(&a), docs(&b), "read whole and in blocks of {block} bytes");
            let warnings =
                |i: &rhetor_ingest::Ingested| -> Vec<String> { i.warnings.iter().map(ToString::to_string).collect() };
            assert_eq!(warnings(&a), warnings(&b), "blocks of {block} bytes");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("whole and in blocks disagree: {:?} / {:?}", a.err(), b.err()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn text_and_markdown_files_in_every_profile(a in hostile_text(), b in hostile_text()) {
        let dir = scratch("text");
        std::fs::write(dir.join("a.txt"), &a).expect("write");
        std::fs::write(dir.join("b.md"), &b).expect("write");
        std::fs::write(dir.join("c.txt"), format!("{a}\n\n{b}")).expect("write");
        for profile in PROFILES {
            check(std::slice::from_ref(&dir), &options(profile));
        }
    }

    #[test]
    fn record_files_of_every_format(texts in proptest::collection::vec(hostile_text(), 1..6), cut in 0usize..400) {
        let dir = scratch("records");
        let records: Vec<serde_json::Value> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| serde_json::json!({"id": format!("r{i}"), "text": t, "title": t.chars().take(20).collect::<String>()}))
            .collect();
        let json = serde_json::to_string(&records).expect("json");
        let jsonl: String = records.iter().map(|r| format!("{r}\n")).collect();
        let mut csv = csv::Writer::from_writer(Vec::new());
        let mut tsv = csv::WriterBuilder::new().delimiter(b'\t').from_writer(Vec::new());
        for w in [&mut csv, &mut tsv] {
            w.write_record(["id", "text"]).expect("header");
            for (i, t) in texts.iter().enumerate() {
                w.write_record([format!("r{i}").as_str(), t.as_str()]).expect("row");
            }
        }
        let csv = csv.into_inner().expect("csv");
        let tsv = tsv.into_inner().expect("tsv");
        // Well-formed files, then each cut short at an arbitrary byte (malformed: an error or fewer
        // records, never a panic).
        for (name, bytes) in [("a.json", json.into_bytes()), ("b.jsonl", jsonl.into_bytes()), ("c.csv", csv), ("d.tsv", tsv)] {
            let whole = dir.join(name);
            std::fs::write(&whole, &bytes).expect("write");
            let cut_file = dir.join(format!("cut-{name}"));
            std::fs::write(&cut_file, &bytes[..cut.min(bytes.len())]).expect("write");
            for profile in [Profile::Auto, Profile::Print, Profile::Web] {
                check(std::slice::from_ref(&whole), &options(profile));
                check(std::slice::from_ref(&cut_file), &options(profile));
                // In blocks of a few records (sizes from one byte up).
                let block = 1 + (cut as u64 % 97);
                check_blocks(std::slice::from_ref(&whole), &options(profile), block);
                check_blocks(std::slice::from_ref(&cut_file), &options(profile), block);
            }
        }
    }

    #[test]
    fn manifests_of_generated_text(body in hostile_text(), key in proptest::sample::select(&["path", "title", "date", "id", "profile", "format", "metadata", "key", "fields", "set"][..])) {
        let dir = scratch("manifest");
        std::fs::write(dir.join("a.txt"), "We must march.\n").expect("write");
        let quoted = serde_json::to_string(&body).expect("quote");
        for manifest in [
            format!("[[document]]\npath = \"a.txt\"\n{key} = {quoted}\n"),
            format!("[[source]]\npath = {quoted}\n"),
            format!("[[source]]\npath = \"a.txt\"\n{key} = {quoted}\n"),
            body.clone(),
        ] {
            std::fs::write(dir.join("corpus.toml"), &manifest).expect("write");
            check(std::slice::from_ref(&dir), &options(Profile::Auto));
        }
    }

    #[test]
    fn raw_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let dir = scratch("bytes");
        for name in ["a.txt", "b.md", "c.json", "d.jsonl", "e.csv", "f.tsv"] {
            std::fs::write(dir.join(name), &bytes).expect("write");
        }
        for profile in PROFILES {
            let mut o = options(profile);
            check(std::slice::from_ref(&dir), &o);
            o.lossy = false;
            check(std::slice::from_ref(&dir), &o);
        }
    }
}
