//! The crate graph written in ARCHITECTURE.md ("The crate graph") is the workspace's: every normal
//! dependency between workspace crates is an edge the document allows, and every crate is listed.

mod common;
use common::root;
use std::collections::{BTreeMap, BTreeSet};

/// The allowed edges: crate (or `(analyzers)`, every analyzer crate) → allowed dependencies
/// (`(analyzers)`, `(any)`); an analyzer crate's own line adds to the `(analyzers)` line.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let block = doc.split("```crate-graph\n").nth(1).and_then(|b| b.split("```").next()).expect("a crate-graph block");
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (from, to) = l.split_once("->").unwrap_or_else(|| panic!("not `a -> b c`: {l}"));
            (from.trim().to_string(), to.split_whitespace().map(str::to_string).collect())
        })
        .collect()
}

#[test]
fn every_dependency_is_an_edge_the_architecture_allows() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let analyzers_dir = root().join("crates/analyzers");
    let is_analyzer = |p: &serde_json::Value| {
        std::path::Path::new(p["manifest_path"].as_str().unwrap_or("")).starts_with(&analyzers_dir)
    };
    let analyzers: BTreeSet<String> =
        packages.iter().filter(|p| is_analyzer(p)).filter_map(|p| p["name"].as_str()).map(str::to_string).collect();
    let names: BTreeSet<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(analyzers.len() >= 4, "analyzer crates found: {analyzers:?}");
    let rules = allowed();
    let mut wrong = Vec::new();
    for p in packages {
        let name = p["name"].as_str().expect("name");
        // An analyzer follows the `(analyzers)` line, and a line of its own adds to it.
        let rule: Option<BTreeSet<String>> = if is_analyzer(p) {
            let own = rules.get(name).into_iter().flatten();
            rules.get("(analyzers)").map(|r| r.iter().chain(own).cloned().collect())
        } else {
            rules.get(name).cloned()
        };
        let Some(rule) = rule else {
            wrong.push(format!("{name} is not in ARCHITECTURE.md's crate graph"));
            continue;
        };
        for d in p["dependencies"].as_array().expect("dependencies") {
            let dep = d["name"].as_str().expect("dependency name");
            if !names.contains(dep) || !d["kind"].is_null() {
                continue; // a third-party crate, or a dev- or build-dependency
            }
            let ok = rule.contains(dep)
                || rule.contains("(any)")
                || (rule.contains("(analyzers)") && analyzers.contains(dep));
            if !ok {
                wrong.push(format!("{name} -> {dep}"));
            }
        }
    }
    assert!(wrong.is_empty(), "edges the architecture does not allow: {wrong:?}");
}
