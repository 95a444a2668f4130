//! Snapshots of the reports on the bundled corpus: the diff a reviewer reads when an analyzer,
//! the tokenizer or the renderers change. Floats are rounded to 6 decimals before snapshotting.

mod common;
use common::{compact_documents, rhetor, stderr};

/// Evidence texts over 120 bytes shortened to their ends and length, for snapshots a reviewer reads
/// (the spans and source places stay; the full texts are checked against the documents elsewhere).
fn shorten_texts(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(serde_json::Value::String(t)) = o.get_mut("text") {
                if t.len() > 120 {
                    let head: String = t.chars().take(60).collect();
                    let tail: String = t.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
                    *t = format!("{head} … [{} bytes] … {tail}", t.len());
                }
            }
            o.values_mut().for_each(shorten_texts);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(shorten_texts),
        _ => {}
    }
}

/// JSON laid out for reading in a diff: objects a key a line, but an object of 200 bytes or less
/// (a metric, an evidence item) and an array of plain values (points, spans, table rows) on one line.
fn readable(v: &serde_json::Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent + 1);
    let plain = |x: &serde_json::Value| {
        !x.is_object() && x.as_array().is_none_or(|a| a.iter().all(|y| !y.is_object() && !y.is_array()))
    };
    let short = v.is_object() && v.to_string().len() <= 200;
    match v {
        serde_json::Value::Object(o) if !o.is_empty() && !short => {
            out.push_str("{\n");
            for (k, (key, val)) in o.iter().enumerate() {
                out.push_str(&format!("{pad}{}: ", serde_json::Value::String(key.clone())));
                readable(val, indent + 1, out);
                out.push_str(if k + 1 < o.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}}}", "  ".repeat(indent)));
        }
        serde_json::Value::Array(a) if !a.is_empty() && !a.iter().all(plain) => {
            out.push_str("[\n");
            for (k, x) in a.iter().enumerate() {
                out.push_str(&pad);
                readable(x, indent + 1, out);
                out.push_str(if k + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}]", "  ".repeat(indent)));
        }
        other => out.push_str(&other.to_string()),
    }
}

fn round_floats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            *v = serde_json::json!((x * 1e6).round() / 1e6);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(round_floats),
        serde_json::Value::Object(o) => o.values_mut().for_each(round_floats),
        _ => {}
    }
}

/// `results.json` of the bundled corpus, read as a reviewer reads it: the run (the ingest log
/// counted by file, pass and action; rhetor-ingest's snapshots hold it entry by entry) and one snapshot
/// per analyzer (every document's compact result, the groups', the corpus's). Then, structurally,
/// the full results (`--evidence all`): the same but for the evidence and tables the compact
/// documents leave out, each compact sample a subsequence of the full evidence.
#[test]
fn bundled_corpus_json() {
    let o = rhetor(&["analyze", "--group-by", "kind"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    round_floats(&mut v);
    let mut run = v["run"].clone();
    // The ingest log, counted by file, pass and action (compact results; the entries are in
    // ingest-log.parquet and rhetor-ingest's snapshots), one line each.
    let summary: Vec<String> = run["ingest_log_summary"]
        .as_array()
        .expect("log summary")
        .iter()
        .map(|e| format!("{} {} {}: {} entries, {} bytes", e["path"], e["pass"], e["action"], e["entries"], e["bytes"]))
        .collect();
    run["ingest_log_summary"] = serde_json::json!(summary);
    insta::assert_json_snapshot!("bundled_corpus_run", run, {
        ".rhetor_version" => "[version]",
        ".config_sha256" => "[sha256 of config/default.toml]",
    });
    // The documents table rebuilt as the compact documents it replaced: the snapshots are unchanged.
    let docs = &compact_documents(&v);
    let groups = v["grouping"]["groups"].as_array().expect("groups");
    let of = |results: &serde_json::Value, id: &str| {
        results.as_array().expect("results").iter().find(|r| r["analyzer"] == id).cloned().expect("analyzer result")
    };
    for a in v["analyzers"].as_array().expect("analyzers") {
        let id = a["id"].as_str().expect("id");
        let part = serde_json::json!({
            "documents": docs.iter().map(|d| serde_json::json!({
                "id": d["id"], "group": d["group"], "counts": d["counts"], "result": of(&d["results"], id),
            })).collect::<Vec<_>>(),
            "groups": groups.iter().map(|g| serde_json::json!({
                "name": g["name"], "documents": g["documents"], "result": of(&g["results"], id),
            })).collect::<Vec<_>>(),
            "corpus": of(&v["corpus"]["results"], id),
        });
        // The evidence of groups and the corpus (work across documents) in a snapshot of its own.
        let mut part = part;
        let take = |r: &mut serde_json::Value| r.as_object_mut().and_then(|o| o.remove("evidence")).unwrap_or_default();
        let groups: Vec<serde_json::Value> =
            part["groups"].as_array_mut().expect("groups").iter_mut().map(|g| take(&mut g["result"])).collect();
        let corpus = take(&mut part["corpus"]);
        let across = serde_json::json!({ "groups": groups, "corpus": corpus });
        let has_across = across.to_string().contains("doc_span");
        for (name, mut value) in
            [(format!("bundled_corpus_{id}"), part), (format!("bundled_corpus_{id}_across"), across)]
        {
            if name.ends_with("_across") && !has_across {
                continue;
            }
            shorten_texts(&mut value);
            let mut text = String::new();
            readable(&value, 0, &mut text);
            insta::assert_snapshot!(name, text);
        }
    }
    let metadata: Vec<_> =
        docs.iter().map(|d| serde_json::json!([d["id"], d["meta"], d["source"], d["sections"]])).collect();
    insta::assert_json_snapshot!("bundled_corpus_documents", metadata);

    let o = rhetor(&["analyze", "--group-by", "kind", "--evidence", "all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut full: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    round_floats(&mut full);
    // Groups and the corpus alike but for their evidence: a sample of the full run's, with its count.
    let scopes = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut v: Vec<serde_json::Value> = r["grouping"]["groups"].as_array().cloned().unwrap_or_default();
        v.push(r["corpus"].clone());
        v
    };
    let sample = v["run"]["evidence_sample"].as_u64().expect("a sample") as usize;
    for (mut f, mut c) in scopes(&full).into_iter().zip(scopes(&v)) {
        let results = |x: &serde_json::Value| -> Vec<serde_json::Map<String, serde_json::Value>> {
            x["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|r| r.as_object().cloned().expect("a result"))
                .collect()
        };
        for (mut fr, mut cr) in results(&f).into_iter().zip(results(&c)) {
            let list = |x: Option<serde_json::Value>| x.and_then(|e| e.as_array().cloned()).unwrap_or_default();
            let (all, kept) = (list(fr.remove("evidence")), list(cr.remove("evidence")));
            assert!(kept.len() <= sample && kept.iter().all(|e| all.contains(e)), "{:?}: a sample", cr["analyzer"]);
            let count = cr.remove("evidence_count").and_then(|n| n.as_u64()).unwrap_or(0);
            assert_eq!(count, all.len() as u64, "{:?}", cr["analyzer"]);
            assert_eq!(kept.len(), all.len().min(sample));
            assert_eq!(fr, cr, "groups and the corpus alike but for their evidence");
        }
        f["results"] = serde_json::Value::Null;
        c["results"] = serde_json::Value::Null;
        assert_eq!(f, c, "groups and the corpus alike");
    }
    for (f, c) in full["documents"].as_array().expect("documents").iter().zip(docs) {
        for (fr, cr) in f["results"].as_array().expect("results").iter().zip(c["results"].as_array().expect("results"))
        {
            let all = fr["evidence"].as_array().cloned().unwrap_or_default();
            let sample = cr["evidence"].as_array().cloned().unwrap_or_default();
            assert_eq!(fr["evidence_count"], cr["evidence_count"], "{} {}", f["id"], fr["analyzer"]);
            assert_eq!(all.len() as u64, fr["evidence_count"].as_u64().unwrap_or(0));
            assert!(sample.len() <= 3 && (sample.len() == all.len().min(3)), "a sample of three at most");
            // A compact item is the full item without its document, analyzer and source path (the
            // document's own).
            let compact = |e: &serde_json::Value| -> serde_json::Value {
                let mut e = e.clone();
                assert_eq!(e["document"], f["id"]);
                assert_eq!(e["analyzer"], fr["analyzer"]);
                assert_eq!(e["source"]["path"], f["source"]["path"]);
                if let Some(o) = e.as_object_mut() {
                    o.remove("document");
                    o.remove("analyzer");
                }
                if let Some(o) = e["source"].as_object_mut() {
                    o.remove("path");
                }
                e
            };
            let mut rest = all.iter().map(compact);
            assert!(sample.iter().all(|e| rest.any(|x| x == *e)), "the sample is a subsequence of all the evidence");
            // Compact documents' metrics are an object of name → value (read back here with its
            // keys sorted).
            let mut full_metrics: Vec<serde_json::Value> = fr["metrics"]
                .as_array()
                .expect("metrics")
                .iter()
                .map(|m| serde_json::json!([m["name"], m["value"]]))
                .collect();
            let compact_metrics: Vec<serde_json::Value> = cr["metrics"]
                .as_object()
                .expect("metrics as an object")
                .iter()
                .map(|(name, value)| serde_json::json!([name, value]))
                .collect();
            full_metrics.sort_by_key(|m| m[0].as_str().unwrap_or_default().to_string());
            assert_eq!(full_metrics, compact_metrics, "the same metrics");
            assert!(cr.get("series").is_none(), "series are left to series.parquet");
        }
    }
}

#[test]
fn bundled_corpus_markdown() {
    let o = rhetor(&["analyze", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).expect("utf-8");
    let text: String = text
        .lines()
        .map(|l| if l.starts_with("- rhetor ") { "- rhetor [version] · results schema `rhetor-results/3`" } else { l })
        .map(|l| if l.starts_with("- config: ") { "- config: `config/default.toml` (SHA-256 [redacted])" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(text);
}

/// Every evidence item of the bundled corpus (`--evidence all`) is exactly the source bytes of its
/// pieces, up to the edits ingest logs (whitespace, line-end hyphens, letter spacing, case): its
/// letters and digits, lower-cased, are theirs. An item joined across places of the source (the
/// print seed's "cell secretaries" at line 639 runs over another article's paragraph) has a piece
/// for each, and its overall source span no longer stands for its text.
#[test]
fn every_evidence_item_is_its_source_pieces() {
    let o = rhetor(&["analyze", "--evidence", "all", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let root = common::root();
    let mut sources: std::collections::HashMap<String, Vec<u8>> = std::collections::HashMap::new();
    let norm = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let results = v["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .chain(std::iter::once(&v["corpus"]))
        .flat_map(|d| d["results"].as_array().expect("results"));
    let (mut items, mut joined) = (0, Vec::new());
    for e in results.flat_map(|r| r["evidence"].as_array().cloned().unwrap_or_default()) {
        let path = e["source"]["path"].as_str().expect("path").to_string();
        let bytes = sources.entry(path.clone()).or_insert_with(|| std::fs::read(root.join(&path)).expect("source"));
        let span =
            |p: &serde_json::Value| (p[0].as_u64().expect("start") as usize, p[1].as_u64().expect("end") as usize);
        let pieces: Vec<(usize, usize)> = match e["pieces"].as_array() {
            Some(p) => p.iter().map(span).collect(),
            None => vec![span(&serde_json::json!([e["source"]["start"], e["source"]["end"]]))],
        };
        let from_source: String =
            pieces.iter().map(|&(a, b)| String::from_utf8_lossy(&bytes[a..b]).into_owned()).collect();
        let text = e["text"].as_str().expect("text");
        assert_eq!(norm(&from_source), norm(text), "{e}");
        items += 1;
        if pieces.len() > 1 {
            // The overall source range spans every piece, wherever a page jump put them.
            let (start, end) = span(&serde_json::json!([e["source"]["start"], e["source"]["end"]]));
            assert!(pieces.iter().all(|&(a, b)| start <= a && b <= end), "{e}");
            joined.push((e["source"]["line"].as_u64(), text.to_string(), pieces));
        }
    }
    assert!(items > 5000, "{items} items checked");
    let cell =
        joined.iter().find(|(line, text, _)| *line == Some(639) && text == "cell secretaries").expect("line 639");
    assert_eq!(cell.2.len(), 2, "two pieces: {cell:?}");
    assert!(cell.2.iter().all(|(a, b)| b - a < 20), "each piece is a word, not the paragraph between: {cell:?}");
}
