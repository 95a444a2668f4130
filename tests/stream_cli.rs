//! `rhetor analyze --stream`: the same JSONL as the batch run (byte for byte without work across
//! documents; with it, only the shared passages missing from group and corpus lines), written
//! atomically with --out, and a tiny summary cap degrading as documented rather than failing.

mod common;
use common::{rhetor, root, scratch, stderr, stdout};

fn lines(s: &str) -> Vec<serde_json::Value> {
    s.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

#[test]
fn streaming_equals_the_batch_run() {
    let analyzers = "text-stats,rhetoric,sentiment";
    let s = rhetor(&["analyze", "corpus", "--stream", "--group-by", "kind", "--analyzers", analyzers]);
    let b = rhetor(&["analyze", "corpus", "--format", "jsonl", "--group-by", "kind", "--analyzers", analyzers]);
    assert!(s.status.success() && b.status.success(), "{}{}", stderr(&s), stderr(&b));
    assert_eq!(stdout(&s), stdout(&b), "byte-identical");
    assert_eq!(stdout(&s).lines().count(), 1 + 5 + 2 + 1, "run, five documents, two groups, corpus");
}

#[test]
fn streaming_leaves_out_only_the_work_across_documents() {
    let s = lines(&stdout(&rhetor(&["analyze", "corpus", "--stream"])));
    let b = lines(&stdout(&rhetor(&["analyze", "corpus", "--format", "jsonl"])));
    assert_eq!(s.len(), b.len());
    assert_eq!(s[..6], b[..6], "the run line and every document line are the same");
    // The corpus line: the repetition analyzer's shared passages (found across documents) are the
    // only difference.
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        for r in v["results"].as_array_mut().expect("results") {
            if let Some(m) = r["metrics"].as_array_mut() {
                m.retain(|m| m["name"] != "shared_passages");
            }
            if let Some(t) = r["tables"].as_array_mut() {
                t.retain(|t| t["name"] != "shared_passages");
            }
            if let Some(e) = r.get_mut("evidence").and_then(|e| e.as_array_mut()) {
                e.retain(|e| !e["label"].as_str().unwrap_or("").starts_with("shared passage"));
                if e.is_empty() {
                    r.as_object_mut().expect("object").remove("evidence");
                }
            }
            // What the results give of the corpus's evidence is a sample with its count.
            r.as_object_mut().expect("object").remove("evidence_count");
        }
        v
    };
    assert_ne!(s[6], b[6], "the batch corpus line has shared passages");
    assert_eq!(strip(&s[6]), strip(&b[6]));
}

#[test]
fn writes_results_jsonl_atomically_and_refuses_other_formats() {
    let dir = scratch("stream-out");
    let out = dir.join("out");
    let o = rhetor(&["analyze", "corpus", "--stream", "--quiet", "--out", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["results.jsonl"], "no temporary file left");
    let o = rhetor(&["analyze", "corpus", "--stream", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--stream and --stdin-jsonl write JSONL only"), "{}", stderr(&o));
}

#[test]
fn a_tiny_summary_cap_degrades_as_documented() {
    let dir = scratch("stream-cap");
    let config = std::fs::read_to_string(root().join("config/default.toml")).expect("config");
    let config = config.replace("corpus_cap = 10000", "corpus_cap = 3");
    assert!(config.contains("corpus_cap = 3"));
    std::fs::write(dir.join("tiny.toml"), config).expect("write");
    let o = rhetor(&["analyze", "corpus", "--stream", "--config", dir.join("tiny.toml").to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let corpus = lines(&stdout(&o)).pop().expect("corpus line");
    let repetition = corpus["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["analyzer"] == "repetition")
        .expect("repetition");
    let formulae =
        repetition["tables"].as_array().expect("tables").iter().find(|t| t["name"] == "formulae").expect("formulae");
    assert!(formulae["rows"].as_array().expect("rows").len() <= 3, "the table holds at most the cap");
}

#[test]
fn stdin_jsonl_maps_each_line_to_its_result() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let dir = scratch("stdin-jsonl");
    let texts =
        [("first", "We must fight for our great people. The enemy is weak!"), ("second", "Good news for all of us.")];
    for (id, text) in texts {
        std::fs::write(dir.join(format!("{id}.txt")), text).expect("write");
    }
    let input: String = texts
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text, "kind": "speech"}).to_string() + "\n")
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["analyze", "--stdin-jsonl"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rhetor runs");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    let o = child.wait_with_output().expect("finishes");
    assert!(o.status.success());
    let mapped = lines(&stdout(&o));
    assert_eq!(mapped.len(), 2, "one line out per line in");
    assert_eq!((mapped[0]["id"].as_str(), mapped[0]["meta"]["kind"].as_str()), (Some("first"), Some("speech")));
    assert_eq!(mapped[1]["source"]["path"], "stdin:2");
    // The same texts read as files give the same results, but for where the evidence points.
    let files = rhetor(&["analyze", dir.to_str().expect("utf-8"), "--stream", "--profile", "none"]);
    let streamed = lines(&stdout(&files));
    let results = |v: &serde_json::Value| {
        let mut r = v["results"].clone();
        for a in r.as_array_mut().expect("results") {
            for e in a.get_mut("evidence").and_then(|e| e.as_array_mut()).into_iter().flatten() {
                e["source"]["path"] = serde_json::Value::Null;
            }
        }
        r
    };
    for (m, s) in mapped.iter().zip(&streamed[1..3]) {
        assert_eq!(m["id"], s["id"]);
        assert_eq!(results(m), results(s), "{}", m["id"]);
    }
    let o = rhetor(&["analyze", "--stdin-jsonl", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2));
}
