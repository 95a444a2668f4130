//! The Parquet dataset (`evidence.parquet`, `metrics.parquet`, `documents.parquet`,
//! `tables.parquet`, `series.parquet`, `ingest-log.parquet`, `texts.parquet`) read by independent readers: `tests/dataset/check.py` reads it with pyarrow,
//! DuckDB and pandas and checks row counts and totals against `results.json` and `results.csv` of
//! the same run. Without Python and those packages the test says so and passes on a developer
//! machine, and fails under CI (`CI` set; `.ci/run` installs them).

#![allow(clippy::print_stderr)] // says when the readers are missing

mod common;

use common::{rhetor, scratch, stderr};
use std::process::Command;

/// The dataset's files.
const FILES: [&str; 17] = [
    "evidence.parquet",
    "metrics.parquet",
    "documents.parquet",
    "tables.parquet",
    "series.parquet",
    "ingest-log.parquet",
    "texts.parquet",
    "repetition.figures.parquet",
    "repetition.repeats.parquet",
    "rhetoric.categories.parquet",
    "rhetoric.top_entries.parquet",
    "sentiment.sentences.parquet",
    "sentiment.top_words.parquet",
    "targets.co_mentions.parquet",
    "targets.targets.parquet",
    "targets.top_aliases.parquet",
    "text-stats.sentence_lengths.parquet",
];

fn python() -> String {
    std::env::var("RHETOR_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn readers_available() -> bool {
    Command::new(python()).args(["-c", "import pyarrow, duckdb, pandas"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn dataset_read_by_pyarrow_duckdb_and_pandas_agrees_with_results_json() {
    let dir = scratch("dataset");
    let (full, default) = (dir.join("full"), dir.join("default"));
    for (out, extra) in [(&full, Some("all")), (&default, None)] {
        let out_s = out.to_string_lossy().into_owned();
        let mut args = vec!["analyze", "corpus", "--group-by", "kind", "--out", &out_s, "--format", "json"];
        args.extend(["--format", "csv", "-q"]);
        if let Some(e) = extra {
            args.extend(["--evidence", e]);
        }
        let o = rhetor(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for f in FILES {
        assert!(full.join(f).is_file(), "{f} written");
    }
    if !readers_available() {
        assert!(std::env::var_os("CI").is_none(), "CI needs pyarrow, duckdb and pandas (.ci/run installs them)");
        eprintln!("skipped: {} cannot import pyarrow, duckdb and pandas", python());
        return;
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/dataset/check.py");
    let o = Command::new(python()).arg(&script).arg(&full).arg(&default).output().expect("python runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.trim_end().ends_with("ok"), "{out}");
}

/// The Parquet files are the same bytes with one thread and with two.
#[test]
fn dataset_is_byte_identical_with_one_and_two_threads() {
    let dir = scratch("dataset-threads");
    let mut files = Vec::new();
    for t in ["1", "2"] {
        let out = dir.join(t);
        let out_s = out.to_string_lossy().into_owned();
        let o = rhetor(&["analyze", "corpus", "--group-by", "kind", "--out", &out_s, "--threads", t, "-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let read = |f: &str| std::fs::read(out.join(f)).expect("written");
        files.push(FILES.map(read));
    }
    assert!(files[0] == files[1], "one thread and two give the same files");
    assert!(files[0][0].starts_with(b"PAR1") && files[0][0].ends_with(b"PAR1"));
}

/// A run that keeps going past a failing document writes the texts of the documents it has results
/// for, in their order (texts.parquet is written beside the run's last work, from its documents).
#[test]
fn texts_of_a_run_that_keeps_going_are_those_of_its_results() {
    let dir = scratch("dataset-keep-going");
    let out = dir.join("out");
    let failing = "kcna-cell-secretaries-speeches-2021-04";
    let o = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["analyze", "corpus", "--out", &out.to_string_lossy(), "--keep-going", "-q"])
        .current_dir(common::root())
        .env("RHETOR_FAIL_ON_DOCUMENT", failing)
        .output()
        .expect("rhetor runs");
    assert!(o.status.success(), "{}", stderr(&o));
    if !readers_available() {
        assert!(std::env::var_os("CI").is_none(), "CI needs pyarrow, duckdb and pandas (.ci/run installs them)");
        eprintln!("skipped: {} cannot import pyarrow, duckdb and pandas", python());
        return;
    }
    let script = "import json, sys, pyarrow.parquet as pq\n\
                  d = sys.argv[1]\n\
                  texts = pq.read_table(d + '/texts.parquet').column('id').to_pylist()\n\
                  table = json.load(open(d + '/results.json'))['documents']\n\
                  results = [row[table['columns'].index('id')] for row in table['data']]\n\
                  print(json.dumps([texts, results]))";
    let o = Command::new(python()).args(["-c", script]).arg(&out).output().expect("python runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let [texts, results]: [Vec<String>; 2] = serde_json::from_slice(&o.stdout).expect("two lists");
    assert_eq!(texts, results);
    assert_eq!(texts.len(), 4);
    assert!(!texts.iter().any(|t| t == failing), "{texts:?}");
}
