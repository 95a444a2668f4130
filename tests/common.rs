//! Helpers shared by the end-to-end tests: run the `rhetor` binary from the workspace root.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (where `corpus/` and `config/` are).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Run `rhetor` with `args` in the workspace root.
pub fn rhetor(args: &[&str]) -> Output {
    rhetor_in(&root(), args)
}

/// Run `rhetor` with `args` in `dir`.
pub fn rhetor_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rhetor")).args(args).current_dir(dir).output().expect("rhetor runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The documents of a `results.json` as JSON objects: compact results' table (`{"columns", "data"}`)
/// as one object per row, of column name → cell (`"id"`, `"bytes"`, `"text-stats.tokens"`, …);
/// documents written in full (`--evidence all`) as they are.
pub fn documents(results: &serde_json::Value) -> Vec<serde_json::Value> {
    let table = &results["documents"];
    if let Some(full) = table.as_array() {
        return full.clone();
    }
    let columns: Vec<&str> =
        table["columns"].as_array().expect("columns").iter().map(|c| c.as_str().expect("name")).collect();
    table["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|row| {
            let cells = row.as_array().expect("a row");
            assert_eq!(cells.len(), columns.len(), "a row has a cell per column");
            serde_json::Value::Object(columns.iter().map(|c| c.to_string()).zip(cells.iter().cloned()).collect())
        })
        .collect()
}

/// The documents of a compact `results.json` rebuilt as objects in the layout of `rhetor-results/4`
/// (`{"id", "group", "meta", "source": {"path", "sha256"}, "counts", "sections", "results":
/// [{"analyzer", "metrics": {name: value}, "evidence", "evidence_count"}]}`), from the table's
/// columns: so that a test compares the table with what it replaced, value for value.
pub fn compact_documents(results: &serde_json::Value) -> Vec<serde_json::Value> {
    use serde_json::{Map, Value, json};
    let analyzers: Vec<&str> =
        results["analyzers"].as_array().expect("analyzers").iter().map(|a| a["id"].as_str().expect("id")).collect();
    let sha = |path: &Value| -> Value {
        let inputs = results["run"]["inputs"].as_array().expect("inputs");
        inputs.iter().find(|i| i["path"] == *path).map(|i| i["sha256"].clone()).expect("the source is an input")
    };
    documents(results)
        .into_iter()
        .map(|row| {
            let row = row.as_object().expect("a row").clone();
            let mut meta = Map::new();
            let mut extra = Map::new();
            let mut per: Vec<(String, Map<String, Value>, u64)> =
                analyzers.iter().map(|a| (a.to_string(), Map::new(), 0)).collect();
            for (column, value) in &row {
                if let Some(key) = column.strip_prefix("extra.") {
                    if !value.is_null() {
                        extra.insert(key.into(), value.clone());
                    }
                } else if ["title", "date", "outlet", "speaker", "kind"].contains(&column.as_str()) {
                    if !value.is_null() {
                        meta.insert(column.clone(), value.clone());
                    }
                } else if let Some((a, name)) = column.split_once('.') {
                    let (_, metrics, count) = per.iter_mut().find(|(x, ..)| x == a).expect("an analyzer's column");
                    if name == "evidence_count" {
                        *count = value.as_u64().expect("a count");
                    } else {
                        metrics.insert(name.into(), value.clone());
                    }
                }
            }
            if !extra.is_empty() {
                meta.insert("extra".into(), Value::Object(extra));
            }
            let results: Vec<Value> = per
                .into_iter()
                .map(|(a, metrics, count)| {
                    let mut r = json!({ "analyzer": a, "metrics": metrics });
                    if let Some(items) = row.get("evidence").and_then(|e| e.get(&a)) {
                        r["evidence"] = items.clone();
                    }
                    if count > 0 {
                        r["evidence_count"] = json!(count);
                    }
                    r
                })
                .collect();
            let mut doc = json!({
                "id": row["id"],
                "meta": meta,
                "source": { "path": row["source"], "sha256": sha(&row["source"]) },
                "counts": { "bytes": row["bytes"], "tokens": row["tokens"], "sentences": row["sentences"],
                            "paragraphs": row["paragraphs"], "sections": row["sections"] },
                "sections": row["section_titles"],
                "results": results,
            });
            if let Some(g) = row.get("group").filter(|g| !g.is_null()) {
                doc["group"] = g.clone();
            }
            doc
        })
        .collect()
}

/// Every file of the folder `a` has a byte-identical twin in `b`, and `b` has no other file (a
/// single run's outputs against the merged shards'): how many.
pub fn assert_same_files(a: &Path, b: &Path) -> usize {
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
        assert!(x == y, "{n} differs between {} and {}", a.display(), b.display());
    }
    names(a).len()
}
