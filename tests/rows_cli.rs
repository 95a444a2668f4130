//! Documents as rows on stdin (`rhetor analyze --stdin-jsonl`), as a distributed engine pipes
//! them: one run over the rows with `--out` writes every file; the same rows dealt to 1, 2, 3 and
//! 7 shards in any order (each numbered by `--row-number`, each shard run in an empty folder: it
//! reads nothing but its rows) and merged give those files byte for byte — on rows made from the
//! bundled corpus's files (with metadata of every JSON type, a repeated text, an empty text, two
//! languages) and, when `../shared` is present, on the State of the Union addresses. Rows out of
//! order, numbered twice or not numbered for a shard are refused, naming the line.
#![allow(clippy::print_stderr)] // says when the SOTU test is skipped

mod common;
use common::{assert_same_files, rhetor_in, root, scratch, stderr, stdout};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run `rhetor` in `dir` with `input` on its stdin.
fn with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rhetor runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_string();
    // Written from a thread: a shard reads every row before it writes, one run writes as it goes.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("finishes");
    writer.join().expect("writer").expect("rows written");
    out
}

fn ok(o: Output, what: &str) -> Output {
    assert!(o.status.success(), "{what}: {}", stderr(&o));
    o
}

/// One run over `rows` (in order, numbered by their lines) against the same rows, each given its
/// line as the field `n`, dealt to each of `shards` shards out of order, merged.
fn check(test: &str, rows: &[serde_json::Value], options: &[&str], formats: &[&str], shards: &[usize]) {
    let dir = scratch(test);
    let lines: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let one = dir.join("one");
    let out = one.to_string_lossy().into_owned();
    let args = [&["analyze", "-q", "--stdin-jsonl", "--out", &out][..], options, formats].concat();
    ok(with_stdin(&dir, &args, &lines), "one run");
    for &n in shards {
        let parts = dir.join(format!("parts-{n}"));
        let mut dealt: Vec<Vec<String>> = vec![Vec::new(); n];
        for (i, r) in rows.iter().enumerate() {
            let mut r = r.clone();
            r["n"] = serde_json::json!(i + 1);
            dealt[(i * 5 + 1) % n].push(format!("{r}\n"));
        }
        for (k, mine) in dealt.iter().enumerate() {
            // An empty folder: the shard reads its rows and nothing else.
            let own = dir.join(format!("shard-{n}-{k}"));
            std::fs::create_dir_all(&own).expect("folder");
            let input: String = mine.iter().rev().cloned().collect();
            let (shard, out) = (format!("{k}/{n}"), parts.to_string_lossy().into_owned());
            let args = [
                &["analyze", "-q", "--stdin-jsonl", "--row-number", "n", "--shard", &shard, "--out", &out][..],
                options,
            ]
            .concat();
            ok(with_stdin(&own, &args, &input), &format!("shard {k} of {n}"));
            assert_eq!(std::fs::read_dir(&own).expect("folder").count(), 0, "the shard wrote only its part");
        }
        let mut files: Vec<String> = std::fs::read_dir(&parts)
            .expect("parts")
            .map(|e| e.expect("entry").path().to_string_lossy().into_owned())
            .collect();
        files.sort();
        files.reverse();
        let merged = format!("merged-{n}");
        let args =
            [&["merge", "-q", "--out", &merged][..], formats, &files.iter().map(String::as_str).collect::<Vec<_>>()]
                .concat();
        ok(rhetor_in(&dir, &args), &format!("merge of {n}"));
        assert!(assert_same_files(&one, &dir.join(&merged)) >= 2, "{n} shards");
    }
}

/// A path in the tests' scratch space.
fn scratch_path(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(rel)
}

/// Rows made from the bundled corpus's text files, and rows that test what rows may hold.
fn bundled_rows() -> Vec<serde_json::Value> {
    let mut rows = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for (i, p) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(p).expect("text");
        let id = p.file_stem().expect("name").to_string_lossy().into_owned();
        let kind = if id.starts_with("pyongyang") { "print" } else { "transcript" };
        rows.push(serde_json::json!({"id": id, "text": text, "kind": kind, "date": "2021-04-10", "page": i + 1,
            "checked": i == 0, "nested": {"left": "out"}, "missing": null}));
        // And its pieces of 60 lines, each a row: more rows than one digit numbers.
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for (j, piece) in lines.chunks(60).enumerate() {
            rows.push(serde_json::json!({"id": format!("{id}-{j}"), "text": piece.concat(), "kind": kind}));
        }
    }
    let speech = "Comrades, we shall build a powerful country. The enemies are weak and we are strong! ".repeat(20);
    rows.push(serde_json::json!({"id": "copy", "text": speech, "kind": "transcript", "date": 1618000000000u64}));
    rows.push(serde_json::json!({"id": "again", "text": speech, "kind": "transcript"}));
    rows.push(serde_json::json!({"id": 17, "text": "", "kind": "empty"}));
    rows.push(
        serde_json::json!({"text": "Nous devons défendre la patrie. “Quotes” at every offset…", "kind": "other"}),
    );
    // Decoded as a file is: the mark, the line ends and the control characters.
    let raw = "\u{feff}We must win the war\u{1b}[31m now.\r\n\u{c}We must win.\u{7}\u{0} We must win!";
    rows.push(serde_json::json!({"id": "controls", "text": raw, "kind": "other"}));
    rows
}

#[test]
fn merged_row_shards_equal_one_run_over_the_rows() {
    let rows = bundled_rows();
    assert!(rows.len() > 20, "{} rows", rows.len());
    let formats = ["--format", "json", "--format", "jsonl", "--format", "csv", "--format", "md", "--format", "html"];
    check("rows-bundled", &rows, &["--group-by", "kind"], &formats, &[1, 2, 3, 7]);
    let md = std::fs::read(scratch_path("rows-bundled/one/report.md")).expect("report.md");
    assert!(!md.iter().any(|&b| b < 0x20 && b != b'\n'), "no control character reaches the report");
}

#[test]
fn merged_row_shards_equal_one_run_on_the_state_of_the_union() {
    let sotu = root().join("../shared/data/sotu");
    if !sotu.is_dir() {
        eprintln!("skipped: {} is absent", sotu.display());
        return;
    }
    let table = std::fs::read_to_string(sotu.join("metadata.csv")).expect("metadata");
    let mut lines = table.lines();
    let names: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |n: &str| names.iter().position(|c| *c == n).expect("column");
    let (id, date, party) = (col("fileid"), col("date"), col("party"));
    let rows: Vec<serde_json::Value> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let text = std::fs::read_to_string(sotu.join("speeches").join(format!("{}.txt", f[id]))).expect("speech");
            serde_json::json!({"id": f[id], "date": f[date], "party": f[party], "text": text})
        })
        .collect();
    assert!(rows.len() > 200);
    check("rows-sotu", &rows, &["--group-by", "party"], &[], &[2, 7]);
}

#[test]
fn rows_out_of_order_twice_or_unnumbered_are_refused() {
    let dir = scratch("rows-refused");
    let row = |n: u64, id: &str| format!("{{\"id\": \"{id}\", \"text\": \"We must win.\", \"n\": {n}}}\n");
    let out = dir.join("out").to_string_lossy().into_owned();
    // One run takes rows in order of their numbers.
    let o = with_stdin(
        &dir,
        &["analyze", "--stdin-jsonl", "--row-number", "n", "--out", &out],
        &(row(2, "a") + &row(1, "b")),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("stdin:2:1: row number 1 after 2 (line 1)"), "{}", stderr(&o));
    assert!(!dir.join("out").exists(), "no output folder from a refused run");
    // A shard, in any order, but each number once.
    let shard = ["analyze", "--stdin-jsonl", "--row-number", "n", "--shard", "0/1", "--out", &out];
    let o = with_stdin(&dir, &shard, &(row(2, "a") + "\n" + &row(2, "b")));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("stdin:3:1: row number 2 again (first at line 1)"), "{}", stderr(&o));
    let o = with_stdin(&dir, &shard, &(row(1, "a") + "{\"id\": \"b\", \"text\": \"x\", \"n\": 0}\n"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("stdin:2:1: no row number (an integer from 1) in the field `n`"), "{}", stderr(&o));
    let o = with_stdin(&dir, &["analyze", "--stdin-jsonl", "--shard", "0/1", "--out", &out], &row(1, "a"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("needs --row-number"), "{}", stderr(&o));
    let o = with_stdin(&dir, &["analyze", "--stdin-jsonl", "speeches", "--out", &out], &row(1, "a"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Two shards that both hold row 1 do not merge.
    let parts = dir.join("parts").to_string_lossy().into_owned();
    for k in 0..2 {
        let shard = format!("{k}/2");
        let args = ["analyze", "-q", "--stdin-jsonl", "--row-number", "n", "--shard", &shard, "--out", &parts];
        ok(with_stdin(&dir, &args, &row(1, &format!("doc-{k}"))), "a shard");
    }
    let o = rhetor_in(&dir, &["merge", &format!("{parts}/part-0-of-2.jsonl"), &format!("{parts}/part-1-of-2.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let both = format!("row stdin:1 is in two parts, {parts}/part-0-of-2.jsonl and {parts}/part-1-of-2.jsonl");
    assert!(stderr(&o).contains(&both), "{}", stderr(&o));
    // Even a row that gives no document (its language left out) is one part's only.
    let config = stdout(&ok(rhetor_in(&dir, &["config", "default"]), "config"));
    let english = config.replacen("\nlanguages = []", "\nlanguages = [\"en\"]", 1);
    assert_ne!(english, config);
    std::fs::write(dir.join("en.toml"), english).expect("config");
    let french = "Le peuple travaille dans les usines et les champs pour la patrie et pour la gloire de la nation.";
    let english = "We must unite. The enemy threatens our people, and we will win this war together.";
    let line = |n: u64, text: &str| format!("{{\"text\": \"{text}\", \"n\": {n}}}\n");
    let dealt = [line(1, english) + &line(2, french), line(2, french) + &line(3, english)];
    let parts = dir.join("parts-en").to_string_lossy().into_owned();
    for (k, rows) in dealt.iter().enumerate() {
        let shard = format!("{k}/2");
        let args = ["analyze", "-q", "--config", "en.toml", "--stdin-jsonl", "--row-number", "n", "--shard", &shard];
        ok(with_stdin(&dir, &[&args[..], &["--out", &parts]].concat(), rows), "a shard");
    }
    let o = rhetor_in(&dir, &["merge", &format!("{parts}/part-0-of-2.jsonl"), &format!("{parts}/part-1-of-2.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("row stdin:2 is in two parts"), "{}", stderr(&o));
    // The streaming mode takes no more than a batch run.
    let o = with_stdin(&dir, &["analyze", "--stdin-jsonl", "--lossy"], &row(1, "a"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Bytes that are not UTF-8, a key given twice, --lossy.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["analyze", "--stdin-jsonl", "--out", &out])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rhetor runs");
    child.stdin.take().expect("stdin").write_all(b"{\"text\": \"a\"}\n{\"text\": \"\xC3\x28\"}\n").expect("write");
    let o = child.wait_with_output().expect("finishes");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("stdin:2: invalid UTF-8 at byte offset 10"), "{}", stderr(&o));
    let o = with_stdin(&dir, &["analyze", "--stdin-jsonl", "--out", &out], "{\"text\": \"a\", \"text\": \"b\"}\n");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("stdin:1:1: the key `text` twice"), "{}", stderr(&o));
    let o = with_stdin(&dir, &["analyze", "--stdin-jsonl", "--lossy", "--out", &out], &row(1, "a"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!dir.join("out").exists());
    // Stdin that holds no row.
    let o = with_stdin(&dir, &["analyze", "--stdin-jsonl", "--out", &out], "\n\n");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("stdin: no documents to read: no rows"), "{}", stderr(&o));
    assert!(!dir.join("out").exists());
}

#[test]
fn rows_missing_below_the_highest_number_are_a_warning_in_one_run_and_in_the_merge() {
    let dir = scratch("rows-missing");
    let row = |n: u64| format!("{{\"id\": \"r{n}\", \"text\": \"We must win, row {n}.\", \"n\": {n}}}\n");
    let rows = [1, 2, 4, 7].map(row);
    let one =
        with_stdin(&dir, &["analyze", "-q", "--stdin-jsonl", "--row-number", "n", "--out", "one"], &rows.concat());
    let warning = "stdin: rows numbered up to 7, 4 given: 3 numbers missing (the first: 3); rows lost on their way?";
    assert!(stderr(&ok(one, "one run")).contains(warning));
    for (k, mine) in [[&rows[3], &rows[0]], [&rows[2], &rows[1]]].iter().enumerate() {
        let shard = format!("{k}/2");
        let args = ["analyze", "-q", "--stdin-jsonl", "--row-number", "n", "--shard", &shard, "--out", "parts"];
        let shard = ok(with_stdin(&dir, &args, &(mine[0].clone() + mine[1])), "a shard");
        assert!(!stderr(&shard).contains("missing"), "a shard cannot tell: {}", stderr(&shard));
    }
    let merged = ok(
        rhetor_in(&dir, &["merge", "-q", "parts/part-1-of-2.jsonl", "parts/part-0-of-2.jsonl", "--out", "merged"]),
        "merge",
    );
    assert!(stderr(&merged).contains(warning), "{}", stderr(&merged));
    assert!(assert_same_files(&dir.join("one"), &dir.join("merged")) > 10);
    let results = std::fs::read_to_string(dir.join("one/results.json")).expect("results");
    assert!(results.contains(warning));
}
