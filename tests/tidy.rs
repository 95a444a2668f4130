//! Tidy checks of docs/dev/style.md that a test can make: every Rust file of the workspace opens with
//! a `//!` comment, and none is over 600 lines but for the listed ones, which may not grow (the list
//! only shrinks: a listed file now under the limit fails the test until it is taken off).

mod common;
use common::root;

const MAX_LINES: usize = 600;

/// Files still over the limit, with the lines they may have at most.
const OVER_THE_LIMIT: &[(&str, usize)] = &[
    ("crates/analyzers/rhetoric/src/matcher.rs", 668),
    ("crates/rhetor-ingest/src/clean/blocks.rs", 647),
    ("crates/rhetor-ingest/src/clean/print.rs", 647),
    ("crates/rhetor-ingest/src/read.rs", 616),
    ("crates/rhetor-report/src/html.rs", 711),
];

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if !matches!(name, "target" | ".git" | "snapshots" | "corpus" | "artifacts" | "corpus-run") {
                rust_files(&p, out);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_file_has_a_header_and_a_readable_length() {
    let root = root();
    let mut files = Vec::new();
    for dir in ["crates", "tests", "xtask", "fuzz"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "found {} Rust files", files.len());
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap_or(f).to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap_or_default();
        if !text.trim_start().starts_with("//!") {
            wrong.push(format!("{rel}: no `//!` header"));
        }
        let lines = text.lines().count();
        match OVER_THE_LIMIT.iter().find(|(p, _)| *p == rel) {
            Some((_, cap)) if lines > *cap => wrong.push(format!("{rel}: {lines} lines, more than its {cap}")),
            Some(_) if lines <= MAX_LINES => wrong.push(format!("{rel}: {lines} lines now; take it off the list")),
            Some(_) => {}
            None if lines > MAX_LINES => wrong.push(format!("{rel}: {lines} lines, over {MAX_LINES}")),
            None => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
