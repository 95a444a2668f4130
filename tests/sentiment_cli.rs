//! `rhetor sentiment`, the command the sentiment conformance tests drive: on the vendored samples
//! of the reference outputs (2,000 texts for vaderSentiment 3.3.2 and for afinn 0.1, 2,000 VADER
//! rule cases; see crates/analyzers/sentiment/tests/data/README.md), sentence units, NRC emotion
//! columns, and bad input. The full 18,513-text sets run in `cargo xtask conformance`.

#![allow(clippy::print_stderr)]

mod common;
use common::{rhetor, root, scratch, stderr, stdout};

const DATA: &str = "crates/analyzers/sentiment/tests/data";

/// Write `(id, text)` pairs as JSONL and score them; returns the output rows by id.
fn score(name: &str, rows: &[(String, String)], lexicon: &str) -> Vec<Vec<String>> {
    let dir = scratch(name);
    let file = dir.join("in.jsonl");
    let jsonl: String =
        rows.iter().map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n").collect();
    std::fs::write(&file, jsonl).expect("write");
    let o = rhetor(&["sentiment", "--lexicon", lexicon, file.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let header = lines.next().expect("header");
    assert_eq!(header, if lexicon == "vader" { "id\tneg\tneu\tpos\tcompound" } else { "id\tscore" });
    lines.map(|l| l.split('\t').map(String::from).collect()).collect()
}

/// Compare a sample file's reference columns with the command's output; returns the mismatches.
fn conformance(file: &str, lexicon: &str, id_col: usize, want_cols: &[usize], text_col: usize) -> usize {
    let tsv = std::fs::read_to_string(root().join(DATA).join(file)).expect("sample");
    let rows: Vec<Vec<&str>> = tsv.lines().skip(1).map(|l| l.splitn(text_col + 1, '\t').collect()).collect();
    assert_eq!(rows.len(), 2000, "{file}");
    let input: Vec<(String, String)> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| (format!("{k}:{}", r[id_col]), r[text_col].replace("\\t", "\t").replace("\\n", "\n")))
        .collect();
    let got = score(&file.replace('.', "-"), &input, lexicon);
    assert_eq!(got.len(), rows.len(), "one output row per input");
    let mut mismatches = 0;
    for ((row, (id, _)), out) in rows.iter().zip(&input).zip(&got) {
        assert_eq!(&out[0], id, "ids kept in order");
        let differs = want_cols.iter().zip(&out[1..]).any(|(&c, g)| {
            let (w, g): (f64, f64) = (row[c].parse().expect("number"), g.parse().expect("number"));
            (w - g).abs() > 1e-4
        });
        if differs {
            mismatches += 1;
            eprintln!(
                "{file} {id}: want {:?}, got {:?}",
                want_cols.iter().map(|&c| row[c]).collect::<Vec<_>>(),
                &out[1..]
            );
        }
    }
    eprintln!("{file}: {mismatches} of {} texts differ", rows.len());
    mismatches
}

#[test]
fn vader_reference_sample() {
    // source, id, human_mean, neg, neu, pos, compound, text
    assert_eq!(conformance("vader_reference_sample.tsv", "vader", 1, &[3, 4, 5, 6], 7), 0);
}

#[test]
fn vader_rule_cases() {
    // id, neg, neu, pos, compound, text
    assert_eq!(conformance("vader_rule_cases.tsv", "vader", 0, &[1, 2, 3, 4], 5), 0);
}

#[test]
fn afinn_reference_sample() {
    // source, id, afinn_en165, afinn_en165_emoticons, text
    assert_eq!(conformance("afinn_reference_sample.tsv", "afinn", 1, &[2], 4), 0);
}

#[test]
fn sentence_units_and_plain_lines() {
    let dir = scratch("sentiment-lines");
    let file = dir.join("in.txt");
    std::fs::write(&file, "The book was good. The movie was terrible!\r\n\nNothing here\n").expect("write");
    let o = rhetor(&["sentiment", "--unit", "sentence", file.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    // vaderSentiment 3.3.2: "The book was good." -> 0.0 0.508 0.492 0.4404;
    // "The movie was terrible!" -> 0.531 0.469 0.0 -0.5255; "Nothing here" -> 0.0 1.0 0.0 0.0.
    assert_eq!(
        stdout(&o),
        "id\tsentence\tneg\tneu\tpos\tcompound\n\
         1\t0\t0.0\t0.508\t0.492\t0.4404\n\
         1\t1\t0.531\t0.469\t0.0\t-0.5255\n\
         3\t0\t0.0\t1.0\t0.0\t0.0\n"
    );
}

#[test]
fn nrc_emotion_columns() {
    let nrc = root().join(DATA).join("lexicons/nrc.txt");
    let dir = scratch("sentiment-nrc");
    let file = dir.join("in.txt");
    std::fs::write(&file, "The enemy will abandon the victory\n").expect("write");
    let o = rhetor(&[
        "sentiment",
        "--lexicon",
        "nrc",
        "--lexicon-path",
        nrc.to_str().expect("utf-8"),
        file.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // enemy: negative, anger; abandon: negative, fear, sadness; victory: positive, joy, trust.
    assert_eq!(
        stdout(&o),
        "id\tscore\tanger\tanticipation\tdisgust\tfear\tjoy\tsadness\tsurprise\ttrust\n1\t-1.0\t1\t0\t0\t1\t1\t1\t0\t1\n"
    );
}

#[test]
fn bad_input_and_bad_lexicons() {
    let dir = scratch("sentiment-bad");
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"text\": \"fine\"}\n{\"text\": 3}\n").expect("write");
    let o = rhetor(&["sentiment", bad.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.jsonl:2: no string field `text`"), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "no partial output");
    let o = rhetor(&["sentiment", "--lexicon", "nrc", bad.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the nrc lexicon is not bundled: give its file with --lexicon-path"), "{}", stderr(&o));
    let lexicon = dir.join("mine.txt");
    std::fs::write(&lexicon, "good\t3\nbad\tminus\n").expect("write");
    let o = rhetor(&["sentiment", "--lexicon", lexicon.to_str().expect("utf-8"), bad.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("mine.txt:2: score `minus` is not an integer"), "{}", stderr(&o));
    let o = rhetor(&["sentiment", "--lexicon", "nonsense", bad.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a lexicon name"), "{}", stderr(&o));
}

#[test]
fn reads_stdin() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["sentiment", "--lexicon", "afinn", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rhetor runs");
    child.stdin.take().expect("stdin").write_all(b"good\nvery bad\n").expect("write");
    let o = child.wait_with_output().expect("finishes");
    assert!(o.status.success());
    // afinn 0.1: "good" 3, "very bad" -3 (no shifters unless --shifters).
    assert_eq!(stdout(&o), "id\tscore\n1\t3.0\n2\t-3.0\n");
}
