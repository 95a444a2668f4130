//! Tidy checks of docs/dev/style.md that a test can make: every Rust file of the workspace opens with
//! a `//!` comment, and none is over 600 lines but for the listed ones, which may not grow (the list
//! only shrinks: a listed file now under the limit fails the test until it is taken off); and no two
//! modules of a crate import each other.

mod common;
use common::root;

const MAX_LINES: usize = 600;

/// Files still over the limit, with the lines they may have at most (empty since the last five
/// were split; a file goes here only with a reason).
const OVER_THE_LIMIT: &[(&str, usize)] = &[];

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

/// A crate's modules by path (`clean::words`; the crate root is ``), each with its file.
fn modules(src: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(src).ok()?.with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                parts.pop();
            }
            Some((parts.join("::"), f))
        })
        .collect()
}

/// The modules of its crate that a module's code names (`crate::a::b`, `super::a`): comments and
/// the `#[cfg(test)]` module left out (tests may reach anywhere).
fn imports(module: &str, is_mod_file: bool, text: &str, known: &[String]) -> Vec<String> {
    let code: String = text
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let parent = {
        let mut p: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
        if !is_mod_file {
            p.pop();
        }
        p.join("::")
    };
    let mut out = Vec::new();
    for (prefix, base) in [("crate::", String::new()), ("super::", parent)] {
        for (i, _) in code.match_indices(prefix) {
            if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: Vec<&str> = code[i + prefix.len()..]
                .split("::")
                .map(|seg| seg.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or(""))
                .take_while(|seg| !seg.is_empty() && seg.starts_with(|c: char| c.is_ascii_lowercase()))
                .collect();
            // The longest prefix of the path that is a module.
            for k in (1..=path.len()).rev() {
                let name = path[..k].join("::");
                let name = if base.is_empty() { name } else { format!("{base}::{name}") };
                if known.contains(&name) {
                    if name != module && !module.starts_with(&format!("{name}::")) && !out.contains(&name) {
                        out.push(name);
                    }
                    break;
                }
            }
        }
    }
    out
}

#[test]
fn no_two_modules_import_each_other() {
    let root = root();
    let mut crates = vec![root.join("xtask/src")];
    for dir in ["crates", "crates/analyzers"] {
        let mut found: Vec<_> =
            std::fs::read_dir(root.join(dir)).expect("crates").flatten().map(|e| e.path().join("src")).collect();
        found.sort();
        crates.extend(found.into_iter().filter(|p| p.is_dir()));
    }
    let mut cycles = Vec::new();
    let mut edges_seen = 0;
    for src in &crates {
        let mods = modules(src);
        let known: Vec<String> = mods.iter().map(|(m, _)| m.clone()).collect();
        let edges: Vec<(String, Vec<String>)> = mods
            .iter()
            .map(|(m, f)| {
                let is_mod_file = f.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs");
                (m.clone(), imports(m, is_mod_file, &std::fs::read_to_string(f).unwrap_or_default(), &known))
            })
            .collect();
        edges_seen += edges.iter().map(|(_, e)| e.len()).sum::<usize>();
        for (a, to) in &edges {
            for b in to {
                let back = edges.iter().find(|(m, _)| m == b).is_some_and(|(_, e)| e.contains(a));
                if back && a < b {
                    let krate = src.parent().and_then(|p| p.strip_prefix(&root).ok()).unwrap_or(src);
                    cycles.push(format!("{}: {a} <-> {b}", krate.display()));
                }
            }
        }
    }
    assert!(edges_seen > 100, "the imports were read ({edges_seen})");
    assert!(
        cycles.is_empty(),
        "modules that import each other (move what both need into a module below them): {cycles:#?}"
    );
}

#[test]
fn the_import_reader_sees_code_not_comments_or_tests() {
    let known: Vec<String> = ["a", "b", "b::c"].map(String::from).to_vec();
    let text = "//! see [`crate::a`]\nuse crate::b::c::Thing;\n// crate::a\nfn f() { super::a::g() }\n#[cfg(test)]\nmod tests {\n use crate::a; }\n";
    assert_eq!(imports("b::d", false, text, &known), ["b::c"], "super:: of b::d is b");
    assert_eq!(imports("x", false, text, &known), ["b::c", "a"]);
}
