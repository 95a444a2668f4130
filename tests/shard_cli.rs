//! `rhetor analyze --shard K/N` and `rhetor merge`: the merged parts give the files one run gives,
//! byte for byte — every format on the bundled corpus (grouped, with 1, 2 and 3 shards, parts
//! given in any order), results.json on the State of the Union addresses when `../shared` is
//! present — and parts that do not belong together are refused with exit code 2.
#![allow(clippy::print_stderr)] // says when the SOTU test is skipped

mod common;
use common::{rhetor, root, scratch, stderr};
use std::path::Path;

const FORMATS: [&str; 10] =
    ["--format", "json", "--format", "jsonl", "--format", "csv", "--format", "md", "--format", "html"];

fn run(args: &[&str]) {
    let o = rhetor(args);
    assert!(o.status.success(), "rhetor {}: {}", args.join(" "), stderr(&o));
}

/// Every file of `a` has a byte-identical twin in `b`, and `b` has no other file.
fn assert_same_files(a: &Path, b: &Path) -> usize {
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("output folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(a), names(b));
    for n in names(a) {
        let (x, y) = (std::fs::read(a.join(&n)).expect("file"), std::fs::read(b.join(&n)).expect("file"));
        assert!(x == y, "{n} differs between the single run and the merged shards");
    }
    names(a).len()
}

/// Analyse `input` once and in `n` shards; merge the parts (in reverse order); compare.
fn check(name: &str, input: &[&str], extra: &[&str], n: usize) {
    let dir = scratch(name);
    let one = dir.join("one");
    let merged = dir.join("merged");
    let parts = dir.join("parts");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (one_s, merged_s, parts_s) = (s(&one), s(&merged), s(&parts));
    run(&[&["analyze", "-q", "--out", &one_s], input, extra].concat());
    let mut files = Vec::new();
    for k in 0..n {
        let shard = format!("{k}/{n}");
        run(&[&["analyze", "-q", "--shard", &shard, "--out", &parts_s], input].concat());
        files.push(s(&parts.join(format!("part-{k}-of-{n}.jsonl"))));
    }
    files.reverse();
    let formats: Vec<&str> = extra.iter().copied().filter(|a| !a.starts_with("--group-by") && *a != "kind").collect();
    let merge: Vec<&str> =
        [&["merge", "-q", "--out", &merged_s][..], &formats, &files.iter().map(String::as_str).collect::<Vec<_>>()]
            .concat();
    run(&merge);
    assert!(assert_same_files(&one, &merged) >= 1);
}

#[test]
fn merged_shards_equal_one_run_on_the_bundled_corpus() {
    for n in [1, 2, 3] {
        check(&format!("shards-corpus-{n}"), &["corpus", "--group-by", "kind"], &FORMATS, n);
    }
}

#[test]
fn merged_shards_equal_one_run_on_the_state_of_the_union() {
    let sotu = root().join("../shared/data/sotu");
    if !sotu.is_dir() {
        eprintln!("skipped: {} is absent", sotu.display());
        return;
    }
    let sotu = sotu.to_string_lossy().into_owned();
    let input = ["--manifest", "config/sources/sotu.toml", sotu.as_str(), "--group-by", "party"];
    check("shards-sotu", &input, &[], 2);
}

#[test]
fn parts_that_do_not_belong_together_are_refused() {
    let dir = scratch("shards-refused");
    let parts = dir.join("parts").to_string_lossy().into_owned();
    run(&["analyze", "-q", "corpus", "--shard", "0/2", "--out", &parts]);
    run(&["analyze", "-q", "corpus", "--shard", "1/2", "--out", &parts, "--analyzers", "text-stats"]);
    let p = |k: usize| format!("{parts}/part-{k}-of-2.jsonl");
    let missing = rhetor(&["merge", &p(0)]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("shards 1 of 2 are missing"), "{}", stderr(&missing));
    let other = rhetor(&["merge", &p(0), &p(1)]);
    assert_eq!(other.status.code(), Some(2));
    assert!(stderr(&other).contains("part of another run"), "{}", stderr(&other));
    let twice = rhetor(&["merge", &p(0), &p(0)]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("are both shard 0"), "{}", stderr(&twice));
    let bad = rhetor(&["analyze", "corpus", "--shard", "2/2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("expected K/N"), "{}", stderr(&bad));
    let streamed = rhetor(&["analyze", "corpus", "--shard", "0/2", "--stream"]);
    assert_eq!(streamed.status.code(), Some(2));
    assert!(stderr(&streamed).contains("--shard is a batch run"), "{}", stderr(&streamed));
}
