//! End-to-end tests of the `rhetor` command: listings, config checks, outputs, determinism, exit
//! codes, and every kind of bad input.

mod common;
use common::{documents, rhetor, rhetor_in, root, scratch, stderr, stdout};

#[test]
fn analyzers_listing() {
    let o = rhetor(&["analyzers"]);
    assert!(o.status.success());
    insta::assert_snapshot!(stdout(&o));
    let o = rhetor(&["analyzers", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let ids: Vec<&str> = v.as_array().expect("array").iter().filter_map(|a| a["id"].as_str()).collect();
    // Sorted by id, one per analyzer crate (the template is not linked).
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "sorted by id, each once");
    let crates = std::fs::read_dir(root().join("crates/analyzers")).expect("analyzers").count() - 1;
    assert_eq!(ids.len(), crates, "every analyzer crate but _template registered: {ids:?}");
    let stats = v.as_array().expect("array").iter().find(|a| a["id"] == "text-stats").expect("text-stats");
    assert_eq!(stats["config"][0]["name"], "evidence_sentences");
}

#[test]
fn default_config_is_the_file_and_documents_every_key() {
    let o = rhetor(&["config", "default"]);
    let file = std::fs::read_to_string(root().join("config/default.toml")).expect("config");
    assert_eq!(stdout(&o), file);
    let o = rhetor(&["config", "check", "config/default.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The analyzers it runs: its `[run] analyzers`, in order.
    let run: Vec<&str> = file
        .lines()
        .find_map(|l| l.strip_prefix("analyzers = [").and_then(|l| l.strip_suffix(']')))
        .expect("[run] analyzers")
        .split(", ")
        .map(|id| id.trim_matches('"'))
        .collect();
    assert!(run.starts_with(&["text-stats", "rhetoric", "repetition", "sentiment"]), "{run:?}");
    assert_eq!(stdout(&o), format!("config/default.toml: ok; analyzers: {}\n", run.join(", ")));
    // Every key every analyzer declares appears, with its declared default, in its section.
    let o = rhetor(&["analyzers", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    for a in list.as_array().expect("array") {
        let id = a["id"].as_str().expect("id");
        let section = file.split(&format!("[analyzers.{id}]")).nth(1).unwrap_or_else(|| panic!("no [analyzers.{id}]"));
        for key in a["config"].as_array().expect("keys") {
            let (name, default) = (key["name"].as_str().expect("name"), key["default"].as_str().expect("default"));
            // A key whose default is a table has its own section.
            let line = if default == "{}" { format!("[analyzers.{id}.{name}]") } else { format!("{name} = {default}") };
            assert!(section.contains(&line), "config/default.toml lacks `{line}` in [analyzers.{id}]");
        }
    }
}

#[test]
fn config_errors_exit_2_naming_file_line_and_key() {
    let dir = scratch("bad-config");
    std::fs::write(
        dir.join("c.toml"),
        "[run]\nanalyzers = [\"text-stats\"]\n\n[analyzers.text-stats]\nevidence_sentences = \"many\"\n",
    )
    .expect("write");
    let o = rhetor(&["config", "check", dir.join("c.toml").to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("c.toml:5:22: key `analyzers.text-stats.evidence_sentences`: invalid type"),
        "{}",
        stderr(&o)
    );
    std::fs::write(dir.join("d.toml"), "[run\n").expect("write");
    let o = rhetor(&["analyze", "--config", dir.join("d.toml").to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("d.toml:1:"), "{}", stderr(&o));
    let o = rhetor(&["analyze", "--analyzers", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    // The message lists the registered ids, sorted (as `rhetor analyzers` does).
    let listing = rhetor(&["analyzers", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&listing.stdout).expect("json");
    let ids: Vec<&str> = list.as_array().expect("array").iter().filter_map(|a| a["id"].as_str()).collect();
    let want = format!("unknown analyzer `nope`; registered analyzers: {}", ids.join(", "));
    assert!(stderr(&o).contains(&want), "{}", stderr(&o));
    let o = rhetor(&["analyze", "--format", "json", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("several formats need --out DIR"));
    let o = rhetor(&["analyze", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn writes_every_format_atomically() {
    let out = scratch("all-formats");
    let o = rhetor(&[
        "analyze",
        "--quiet",
        "--out",
        out.to_str().expect("utf-8"),
        "--format",
        "json",
        "--format",
        "jsonl",
        "--format",
        "csv",
        "--format",
        "md",
        "--format",
        "html",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "documents.parquet",
            "evidence-repetition.csv",
            "evidence-rhetoric.csv",
            "evidence-sentiment.csv",
            "evidence-targets.csv",
            "evidence-text-stats.csv",
            "evidence.jsonl",
            "evidence.parquet",
            "ingest-log.parquet",
            "metrics.parquet",
            "repetition.figures.parquet",
            "repetition.repeats.parquet",
            "report.html",
            "report.md",
            "results.csv",
            "results.json",
            "results.jsonl",
            "rhetoric.categories.parquet",
            "rhetoric.top_entries.parquet",
            "sentiment.sentences.parquet",
            "sentiment.top_words.parquet",
            "series.parquet",
            "tables.parquet",
            "targets.co_mentions.parquet",
            "targets.targets.parquet",
            "targets.top_aliases.parquet",
            "text-stats.sentence_lengths.parquet",
            "texts.parquet"
        ],
        "no temporary files left"
    );
    // Every piece of evidence the run keeps once in evidence.jsonl, and in its analyzer's CSV: the
    // corpus's, and of each document's the sample of `run.evidence_sample` (results.json shows
    // `document_evidence_sample` of them beside evidence.parquet).
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("json")).expect("json");
    let sample = results["run"]["evidence_sample"].as_u64().expect("a sample");
    assert_eq!(results["run"]["document_evidence_sample"], 0);
    let kept = |n: &serde_json::Value| n.as_u64().unwrap_or(0).min(sample) as usize;
    let docs = documents(&results);
    assert!(docs.iter().all(|d| d.get("evidence").is_none()), "no sample beside evidence.parquet");
    let in_documents: usize = docs
        .iter()
        .flat_map(|d| d.as_object().expect("a row").iter())
        .filter(|(column, _)| column.ends_with(".evidence_count"))
        .map(|(_, n)| kept(n))
        .sum();
    let in_corpus: usize = results["corpus"]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["evidence"].as_array().map_or(0, Vec::len))
        .sum();
    let in_results = in_documents + in_corpus;
    let jsonl_lines = std::fs::read_to_string(out.join("evidence.jsonl")).expect("evidence").lines().count();
    assert_eq!(jsonl_lines, in_results);
    // One evidence CSV per analyzer of the run.
    let ran: Vec<&str> =
        results["analyzers"].as_array().expect("analyzers").iter().filter_map(|a| a["id"].as_str()).collect();
    let csv_rows: usize = ran
        .iter()
        .map(|a| std::fs::read_to_string(out.join(format!("evidence-{a}.csv"))).expect("csv").lines().count() - 1)
        .sum();
    assert!(csv_rows >= in_results, "a row per piece of evidence (quoted texts may span lines)");
    let csv = std::fs::read_to_string(out.join("results.csv")).expect("csv");
    assert!(csv.starts_with("scope,document,group,analyzer,metric,value,unit\n"));
    assert!(csv.contains("corpus,,,text-stats,documents,5,count\n"), "the transcript and the four print articles");
    let jsonl = std::fs::read_to_string(out.join("results.jsonl")).expect("jsonl");
    let scopes: Vec<String> = jsonl
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("line")["scope"].as_str().expect("scope").to_string()
        })
        .collect();
    assert_eq!(scopes, ["run", "document", "document", "document", "document", "document", "corpus"]);
}

#[test]
fn output_is_byte_identical_with_one_and_two_threads() {
    let one = rhetor(&["analyze", "--threads", "1", "--group-by", "kind"]);
    let two = rhetor(&["analyze", "--threads", "2", "--group-by", "kind"]);
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout);
    let again = rhetor(&["analyze", "--threads", "2", "--group-by", "kind"]);
    assert_eq!(one.stdout, again.stdout, "two runs are byte-identical (no time stamp by default)");
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("json");
    assert_eq!(v["grouping"]["field"], "kind");
    assert_eq!(v["grouping"]["groups"][0]["name"], "print");
    assert!(v["run"].get("timestamp").is_none());
}

#[test]
fn missing_path_exits_1_naming_it() {
    let o = rhetor(&["analyze", "no/such/place"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "error: no/such/place: no such file or folder\n");
}

#[test]
fn folder_without_text_files_exits_1() {
    let dir = scratch("no-text");
    std::fs::write(dir.join("data.csv"), "a,b\n").expect("write");
    let o = rhetor_in(&dir, &["analyze", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(".: no text files (looked for .txt, .md)"), "{}", stderr(&o));
}

#[test]
fn invalid_utf8_exits_1_naming_file_and_byte_offset() {
    let dir = scratch("bad-utf8");
    std::fs::write(dir.join("bad.txt"), b"Line one.\nCaf\xE9 au lait.\n").expect("write");
    let o = rhetor_in(&dir, &["analyze", "bad.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "error: bad.txt:2: invalid UTF-8 at byte offset 13\n");
    assert!(o.stdout.is_empty(), "no partial output");
}

#[test]
fn empty_file_is_a_document_with_zero_tokens() {
    let dir = scratch("empty");
    std::fs::write(dir.join("empty.txt"), b"").expect("write");
    let o = rhetor_in(&dir, &["analyze", "empty.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    // Compact results (the default) give the documents as a table: a column per count and metric.
    let doc = &documents(&v)[0];
    assert_eq!(doc["tokens"], 0);
    assert_eq!(doc["text-stats.tokens"], 0);
    assert!(doc["text-stats.mean_sentence_length"].is_null(), "mean of no sentences is null: {doc}");
}

/// Without `--out` (no `evidence.parquet` beside it) the documents table ends with an `evidence`
/// column: each analyzer's sample of at most `evidence_sample` items, each the source's bytes at
/// its span, and no more than the analyzer's `evidence_count` column says it found.
#[test]
fn documents_table_shows_a_sample_of_evidence_without_the_dataset() {
    let dir = scratch("table-evidence");
    let text = "We must win. We must fight, we must work, we must win again. The enemy threatens us.";
    std::fs::write(dir.join("a.txt"), text).expect("write");
    let o = rhetor_in(&dir, &["analyze", "a.txt", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let sample = v["run"]["evidence_sample"].as_u64().expect("a sample");
    let columns = v["documents"]["columns"].as_array().expect("columns");
    assert_eq!(columns.last().and_then(|c| c.as_str()), Some("evidence"), "{columns:?}");
    let doc = &documents(&v)[0];
    let evidence = doc["evidence"].as_object().expect("an object of analyzer -> items");
    assert!(!evidence.is_empty(), "{doc}");
    let mut items = 0;
    for (analyzer, list) in evidence {
        let list = list.as_array().expect("items");
        let found = doc[format!("{analyzer}.evidence_count").as_str()].as_u64().expect("a count");
        assert!(!list.is_empty() && list.len() as u64 <= sample.min(found), "{analyzer}: {} of {found}", list.len());
        for e in list {
            let (start, end) =
                (e["source"]["start"].as_u64().expect("start"), e["source"]["end"].as_u64().expect("end"));
            assert_eq!(&text[start as usize..end as usize], e["text"].as_str().expect("text"), "{analyzer}: {e}");
            items += 1;
        }
    }
    assert!(items >= 3, "{evidence:?}");
}

#[test]
fn binary_file_is_skipped_with_a_warning_naming_it() {
    let dir = scratch("binary");
    std::fs::write(dir.join("a.txt"), "We must win.").expect("write");
    std::fs::write(dir.join("b.txt"), b"PK\x03\x04\x00\x00binary").expect("write");
    let o = rhetor_in(&dir, &["analyze", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "warning: ./b.txt: binary file (NUL byte at offset 4), skipped\n");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(documents(&v).len(), 1);
}

#[test]
fn manifest_errors_name_the_manifest_line() {
    let dir = scratch("bad-manifest");
    std::fs::write(dir.join("a.txt"), "Text.").expect("write");
    std::fs::write(dir.join("corpus.toml"), "[[document]]\npath = \"a.txt\"\ndate = \"April 2021\"\n").expect("write");
    let o = rhetor_in(&dir, &["analyze", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("corpus.toml:3:8: key `document[0].date`: `April 2021` is not a date"),
        "{}",
        stderr(&o)
    );
    std::fs::write(dir.join("corpus.toml"), "[[document]]\npath = \"missing.txt\"\n").expect("write");
    let o = rhetor_in(&dir, &["analyze", "."]);
    assert!(
        stderr(&o).contains("corpus.toml:2:8: key `document[0].path`: listed file `missing.txt` does not exist"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn tokens_command_shows_what_analyzers_count() {
    let dir = scratch("tokens");
    std::fs::write(dir.join("t.txt"), "Party’s grass-roots.\n\n동당").expect("write");
    let o = rhetor_in(&dir, &["tokens", "t.txt"]);
    assert_eq!(
        stdout(&o),
        "document\tsentence\tstart\tend\tkind\ttext\tform\n\
         t\t0\t0\t9\tword\tParty’s\tparty's\n\
         t\t0\t10\t21\tword\tgrass-roots\tgrass-roots\n\
         t\t0\t21\t22\tpunct\t.\t.\n\
         t\t1\t24\t30\tother-script\t동당\t동당\n"
    );
    let o = rhetor_in(&dir, &["tokens", "--count", "t.txt"]);
    assert_eq!(stdout(&o), "documents\ttokens\tsentences\tparagraphs\tbytes\n1\t4\t2\t2\t30\n");
}

/// A run that cannot read its corpus leaves no output folder behind; `--shard` takes no
/// `--evidence` (its parts hold every item; `[run] evidence_sample` governs the merge).
#[test]
fn failed_runs_leave_no_output_folder_and_shards_refuse_evidence() {
    let dir = scratch("no-out-folder");
    let out = dir.join("out");
    let out_s = out.to_string_lossy().into_owned();
    let o = rhetor(&["analyze", "no/such/corpus", "--out", &out_s]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "no output folder");
    // A corpus that fails half-way, once the first documents are analysed (their output folder
    // made): the folder and the parents the run made are removed, an existing folder is kept.
    let corpus = dir.join("half");
    std::fs::create_dir_all(&corpus).expect("dir");
    for i in 0..100 {
        std::fs::write(corpus.join(format!("a{i:03}.txt")), format!("Speech {i}. We march on.\n")).expect("write");
    }
    std::fs::write(corpus.join("zzz.txt"), b"Caf\xE9.\n").expect("write");
    let deep = dir.join("new/deep/out");
    let o = rhetor(&["analyze", &corpus.to_string_lossy(), "--out", &deep.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("zzz.txt") && stderr(&o).contains("invalid UTF-8"), "{}", stderr(&o));
    assert!(!dir.join("new").exists(), "no folder left of those the run made");
    let kept = dir.join("kept");
    std::fs::create_dir_all(&kept).expect("dir");
    let o = rhetor(&["analyze", &corpus.to_string_lossy(), "--out", &kept.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        kept.is_dir() && std::fs::read_dir(&kept).expect("read").next().is_none(),
        "an existing folder kept, empty"
    );
    let o = rhetor(&["analyze", "corpus", "--shard", "0/2", "--evidence", "all", "--out", &out_s]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("evidence_sample"), "{}", stderr(&o));
}
