//! Hostile and careless input, end to end: every case here once crashed a run, hung it, read
//! outside the corpus, left a file behind, wrote live markup or said the wrong thing (the
//! bad-input battery of issue 20). Each runs the `rhetor` binary as a user would and checks the
//! exit code, the message and the files left.

mod common;
use common::{documents, rhetor, rhetor_in, root, scratch, stderr, stdout};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Files in `dir` whose names start with a dot: temporary files of a run.
fn hidden_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with('.')).collect()
}

#[test]
fn a_multibyte_character_at_any_offset_of_the_opening_is_read() {
    // A dateline is looked for in the first 120 bytes: a character across byte 120 crashed every
    // reading command under the default profile.
    let dir = scratch("hostile-offsets");
    for (i, mark) in ["\u{2013}", "\u{2019}", "\u{4e2d}", "\u{1F600}", "\u{0301}"].iter().enumerate() {
        for k in 112..=124 {
            let text = format!("{}{mark} rest. Pyongyang, May 2 (KCNA) -- We must march.\n", "a".repeat(k));
            std::fs::write(dir.join(format!("m{i}-{k}.txt")), text).expect("write");
        }
    }
    let d = s(&dir);
    let out = dir.join("out");
    for args in [
        vec!["analyze", d, "--out", s(&out), "-q"],
        vec!["analyze", d, "--stream", "--out", s(&out), "-q"],
        vec!["ingest", d, "--brief"],
        vec!["tokens", d, "--count"],
        vec!["kwic", "march", d],
        vec!["freq", d],
    ] {
        let o = rhetor(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_paragraph_opening_with_a_zero_width_character_is_read_in_every_profile() {
    let dir = scratch("hostile-zero-width");
    for (i, mark) in ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}"].iter().enumerate() {
        for (j, first) in ["A Heading", "I Speak", "Of Us"].iter().enumerate() {
            let text = format!("Intro.\n\n{mark}{first}\n\nWe must march on, comrades, to the end.\n");
            std::fs::write(dir.join(format!("z{i}-{j}.txt")), text).expect("write");
        }
    }
    for profile in ["auto", "none", "transcript", "print", "web"] {
        let o = rhetor(&["ingest", s(&dir), "--profile", profile, "--brief"]);
        assert_eq!(o.status.code(), Some(0), "{profile}: {}", stderr(&o));
        let rows = stdout(&o).lines().filter(|l| l.contains('\t')).count();
        assert_eq!(rows, 16, "{profile}: a header and 15 documents");
    }
}

#[test]
fn config_values_out_of_range_are_errors_at_their_line() {
    let dir = scratch("hostile-config");
    let cases = [
        ("[analyzers.text-stats]\narc_segments = 100000000\n", "2:1: key `analyzers.text-stats.arc_segments`"),
        ("[run]\nthreads = 100000\n", "2:1: key `run.threads`"),
        ("[analyzers.repetition]\nmin_n = 0\n", "2:1: key `analyzers.repetition.min_n`"),
        ("[analyzers.repetition]\nmin_n = 5\nmax_n = 3\n", "3:1: key `analyzers.repetition.max_n`"),
        ("[analyzers.repetition]\nmattr_window = 0\n", "key `analyzers.repetition.mattr_window`"),
        ("[analyzers.repetition]\nhdd_draws = 0\n", "key `analyzers.repetition.hdd_draws`"),
        ("[analyzers.repetition]\nmtld_threshold = nan\n", "key `analyzers.repetition.mtld_threshold`"),
        ("[analyzers.repetition]\nmtld_threshold = -5.0\n", "key `analyzers.repetition.mtld_threshold`"),
        (
            "[analyzers.sentiment.shifters]\namplifier_weight = inf\n",
            "2:1: key `analyzers.sentiment.shifters.amplifier_weight`",
        ),
        ("[ingest]\nmanifest = \"no-such-manifest.toml\"\n", "2:1: key `ingest.manifest`"),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let file = dir.join(format!("c{i}.toml"));
        std::fs::write(&file, text).expect("write");
        let o = rhetor(&["config", "check", s(&file)]);
        assert_eq!(o.status.code(), Some(2), "{text}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{text}: {}", stderr(&o));
        assert!(stderr(&o).contains(&format!("c{i}.toml:")), "{}", stderr(&o));
    }
    let o = rhetor(&["analyze", "--threads", "100000"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// Run with a deadline: a hang fails the test instead of stopping the suite.
fn run_with_deadline(args: &[&str], dir: &Path, limit: Duration) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rhetor runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("rhetor {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn pipes_devices_and_links_out_of_a_folder_are_skipped_with_a_warning() {
    let dir = scratch("hostile-folder");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("a.txt"), "We must march.\n").expect("write");
    std::fs::write(dir.join("secret.txt"), "Outside the corpus.\n").expect("write");
    assert!(Command::new("mkfifo").arg(corpus.join("pipe.txt")).status().expect("mkfifo").success());
    std::os::unix::fs::symlink(dir.join("secret.txt"), corpus.join("out.txt")).expect("symlink");
    std::os::unix::fs::symlink(corpus.join("a.txt"), corpus.join("in.txt")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("nothing.txt"), corpus.join("broken.txt")).expect("symlink");
    let o = run_with_deadline(&["ingest", "corpus", "--brief"], &dir, Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("corpus/pipe.txt: not a regular file (a named pipe), skipped"), "{err}");
    assert!(err.contains("corpus/out.txt: symbolic link to") && err.contains("outside the folder read"), "{err}");
    assert!(err.contains("corpus/broken.txt: broken symbolic link"), "{err}");
    let listing = stdout(&o);
    let ids: Vec<&str> =
        listing.lines().skip(1).filter(|l| l.contains('\t')).filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(ids, ["a", "in"], "a link inside the folder is read; nothing outside it");
    assert!(!stdout(&o).contains("Outside"));
}

#[test]
fn manifest_paths_stay_inside_the_corpus_folder() {
    let dir = scratch("hostile-manifest");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("a.txt"), "We must march.\n").expect("write");
    std::fs::write(dir.join("secret.csv"), "id,password\na,hunter2\n").expect("write");
    let cases = [
        (
            "[[source]]\npath = \"a.txt\"\nmetadata = \"../secret.csv\"\nkey = \"id\"\n",
            "3:12: key `source[0].metadata`",
        ),
        ("[[document]]\npath = \"/etc/passwd\"\n", "2:8: key `document[0].path`"),
        ("[[source]]\npath = \"../corpus/a.txt\"\n", "2:8: key `source[0].path`"),
    ];
    for (text, want) in cases {
        std::fs::write(corpus.join("corpus.toml"), text).expect("write");
        let o = rhetor_in(&dir, &["analyze", "corpus"]);
        assert_eq!(o.status.code(), Some(2), "{text}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{text}: {}", stderr(&o));
        assert!(stderr(&o).contains("leads out of the manifest's folder"), "{}", stderr(&o));
        assert!(!stdout(&o).contains("hunter2") && !stderr(&o).contains("hunter2"));
    }
}

#[test]
fn a_failing_document_is_named_and_leaves_no_file_unless_skipped() {
    let dir = scratch("hostile-failure");
    let out = dir.join("out");
    let failing = "kcna-cell-secretaries-speeches-2021-04";
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rhetor"))
            .args([&["analyze", "corpus", "--out", s(&out), "--format", "json", "--format", "md"], extra].concat())
            .current_dir(root())
            .env("RHETOR_FAIL_ON_DOCUMENT", failing)
            .output()
            .expect("rhetor runs")
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("failed on document `{failing}`")), "{err}");
    assert!(err.contains("corpus/kcna-cell-secretaries-speeches-2021-04.txt"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("stack backtrace"), "{err}");
    assert_eq!(std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0), 0, "no output, not even a temporary one");
    let o = run(&["--keep-going"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("warning: {failing}")), "{}", stderr(&o));
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).expect("results")).expect("json");
    assert_eq!(results["run"]["skipped"][0]["document"], failing);
    let docs = documents(&results);
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids.len(), 4);
    assert!(!ids.contains(&failing));
    assert!(hidden_files(&out).is_empty());
}

#[test]
fn temporary_files_of_a_killed_run_are_swept_by_the_next() {
    let dir = scratch("hostile-stale");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    // Process ids past the kernel's limit (2^22) belong to no process.
    for name in [".results.json.tmp-4999999", ".results.jsonl.documents-4999998", ".report.html.tmp-4999997"] {
        std::fs::write(out.join(name), "partial").expect("write");
    }
    std::fs::write(out.join(".keep"), "a user's file").expect("write");
    let o = rhetor(&["analyze", "corpus", "--out", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(hidden_files(&out), [".keep"]);
}

#[cfg(unix)]
#[test]
fn a_run_ended_by_a_signal_removes_its_temporary_files() {
    let dir = scratch("hostile-signal");
    let out = dir.join("out");
    let pipe = dir.join("records.jsonl");
    assert!(Command::new("mkfifo").arg(&pipe).status().expect("mkfifo").success());
    // The streamed run creates its spill file, then waits on the pipe for records.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["analyze", "--stream", s(&pipe), "--out", s(&out), "-q"])
        .stderr(Stdio::null())
        .spawn()
        .expect("rhetor runs");
    let start = Instant::now();
    while hidden_files(&out).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(60), "no temporary files appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Keep the pipe open for writing so that the reader stays blocked, then end the run.
    let writer = std::fs::OpenOptions::new().write(true).open(&pipe).expect("open pipe");
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill").success());
    let status = child.wait().expect("wait");
    drop(writer);
    assert_eq!(status.code(), Some(128 + 15));
    assert!(hidden_files(&out).is_empty(), "{:?}", hidden_files(&out));
    assert!(!out.join("results.jsonl").exists());
}

/// Outside code spans, every `<` is escaped; inside them, nothing is markup.
fn assert_no_live_markup(md: &str) {
    for line in md.lines() {
        let mut in_code = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            }
            assert!(in_code || c != '<' || prev == '\\', "live markup in: {line}");
            prev = c;
        }
    }
}

#[test]
fn report_md_writes_hostile_text_as_text() {
    let dir = scratch("hostile-markdown");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let text = "---\ntitle: \"<script>alert(1)</script> [click](javascript:alert(2))\"\nkind: \"<b>x</b>\"\n---\n\n\
                We must <img src=x onerror=alert(3)> march | on *now*.\n";
    std::fs::write(corpus.join("<script>x.md"), text).expect("write");
    let out = dir.join("out");
    let o = rhetor(&["analyze", s(&corpus), "--format", "md", "--out", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    assert_no_live_markup(&md);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\> \\[click\\](javascript:alert(2))"), "{md}");
}

#[cfg(unix)]
#[test]
fn tsv_rows_keep_their_fields_whatever_the_names() {
    let dir = scratch("hostile-tsv");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("tab\there.txt"), "We must march.\n").expect("write");
    std::fs::write(corpus.join("line\nbreak.txt"), "We must win.\n").expect("write");
    let o = rhetor(&["ingest", s(&corpus), "--brief"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let listing = stdout(&o);
    let rows: Vec<&str> = listing.lines().filter(|l| !l.ends_with(" files")).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.split('\t').count() == 5), "{rows:?}");
    assert!(rows.iter().any(|r| r.starts_with("tab\\there\t")), "{rows:?}");
    assert!(rows.iter().any(|r| r.starts_with("line\\nbreak\t")), "{rows:?}");
    let o = rhetor(&["tokens", s(&corpus)]);
    assert!(stdout(&o).lines().all(|r| r.split('\t').count() == 7), "{}", stdout(&o));
}

#[test]
fn messages_say_what_is_wrong() {
    let dir = scratch("hostile-messages");
    std::fs::write(dir.join("nul.txt"), b"abc\0def").expect("write");
    let utf16: Vec<u8> = "We must march on.".encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.join("utf16.txt"), utf16).expect("write");
    std::fs::write(dir.join("empty.json"), "[]").expect("write");
    std::fs::write(dir.join("header.csv"), "id,text\n").expect("write");
    std::fs::create_dir_all(dir.join("archive")).expect("mkdir");
    std::fs::write(dir.join("archive/stories.json"), "[{\"text\": \"We must march.\"}]").expect("write");
    let cases = [
        (vec!["analyze", "nul.txt"], "nul.txt: binary file (NUL byte at offset 3)"),
        (vec!["analyze", "utf16.txt"], "looks like UTF-16 without a byte order mark"),
        (vec!["analyze", "empty.json"], "empty.json: no records with text"),
        (vec!["analyze", "header.csv"], "header.csv: no records with text"),
        (vec!["collate", "missing.txt", "missing.txt"], "`missing.txt`: no such file"),
        (vec!["ingest", "missing.txt"], "missing.txt: no such file or folder"),
        (vec!["analyze", "archive"], "the folder holds 1 .json; record files are read when given on the command line"),
        (vec!["dict", "check", "missing.dic"], "missing.dic"),
    ];
    for (args, want) in cases {
        let o = rhetor_in(&dir, &args);
        assert!(matches!(o.status.code(), Some(1 | 2)), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(err.matches("os error").count() <= 1, "{args:?} says the OS error twice: {err}");
        assert!(!err.contains("no text files") || args[1] == "archive", "{args:?}: {err}");
    }
    // The example in `kwic --help` works.
    let help = stdout(&rhetor(&["kwic", "--help"]));
    let example = help.split("(`@").nth(1).and_then(|r| r.split('`').next()).expect("an @CATEGORY example");
    let o = rhetor(&["kwic", &format!("@{example}"), "corpus"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn merge_refuses_parts_whose_evidence_points_nowhere() {
    let dir = scratch("hostile-merge");
    let parts = dir.join("parts");
    let o = rhetor(&["analyze", "-q", "corpus", "--shard", "0/1", "--out", s(&parts)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let part = std::fs::read_dir(&parts).expect("parts").flatten().next().expect("a part").path();
    let text = std::fs::read_to_string(&part).expect("part");
    // A document's evidence (as `[label, start, end]`) made to point backwards, or past its text.
    let lines: Vec<&str> = text.lines().collect();
    for (i, span) in [[50, 10], [0, 99_999_999]].iter().enumerate() {
        let mut doc: serde_json::Value = serde_json::from_str(lines[1]).expect("a document line");
        let items = doc["evidence"]
            .as_array_mut()
            .and_then(|a| a.iter_mut().find_map(|x| x.as_array_mut().filter(|x| !x.is_empty())))
            .expect("evidence in the part");
        items[0][1] = serde_json::json!(span[0]);
        items[0][2] = serde_json::json!(span[1]);
        let edited_lines: Vec<String> = [lines[0].to_string(), doc.to_string()]
            .into_iter()
            .chain(lines[2..].iter().map(|l| l.to_string()))
            .collect();
        let edited = dir.join(format!("edited-{i}.jsonl"));
        std::fs::write(&edited, edited_lines.join("\n")).expect("write");
        let o = rhetor(&["merge", "-q", s(&edited), "--out", s(&dir.join("merged"))]);
        assert_ne!(o.status.code(), Some(0), "{span:?}");
        assert!(stderr(&o).contains("lies outside its text"), "{span:?}: {}", stderr(&o));
    }
    let huge = text.replacen("\"shards\":1", "\"shards\":999999999999", 1);
    assert_ne!(huge, text, "the part's header names its shard count");
    std::fs::write(dir.join("huge.jsonl"), huge).expect("write");
    let o = rhetor(&["merge", "-q", s(&dir.join("huge.jsonl")), "--out", s(&dir.join("merged"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// The second battery (run on this branch): each case below was a bug it found.
#[cfg(unix)]
#[test]
fn second_battery() {
    let dir = scratch("hostile-second");
    let d = |p: &str| dir.join(p);
    // A manifest's metadata table reached through a link out of the folder.
    std::fs::create_dir_all(d("m1")).expect("mkdir");
    std::fs::write(d("m1/a.txt"), "Text.\n").expect("write");
    std::fs::write(d("out.csv"), "fileid,speaker\na,LEAKED\n").expect("write");
    std::os::unix::fs::symlink(d("out.csv"), d("m1/meta.csv")).expect("symlink");
    std::fs::write(d("m1/corpus.toml"), "[[source]]\npath = \".\"\nmetadata = \"meta.csv\"\nkey = \"fileid\"\n")
        .expect("write");
    let o = rhetor_in(&dir, &["ingest", "m1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("leads out of the manifest's folder") && !stdout(&o).contains("LEAKED"));
    // `?` in a manifest pattern is one character, not one byte.
    std::fs::create_dir_all(d("g")).expect("mkdir");
    std::fs::write(d("g/é.txt"), "Un.\n").expect("write");
    std::fs::write(d("g/a.txt"), "Deux.\n").expect("write");
    std::fs::write(d("g/corpus.toml"), "[[source]]\npath = \"?.txt\"\n").expect("write");
    let o = rhetor_in(&dir, &["ingest", "g", "--brief"]);
    assert!(stdout(&o).lines().any(|l| l.starts_with("é\t")), "{}", stdout(&o));
    // kwic: an empty pattern is a usage error; a phrase quoted as in the help is the phrase.
    let o = rhetor(&["kwic", "", "corpus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("an empty pattern") && !stderr(&o).contains("category[0]"), "{}", stderr(&o));
    let plain = stdout(&rhetor(&["kwic", "Kim Jong Un", "corpus"]));
    assert_eq!(stdout(&rhetor(&["kwic", "\"Kim Jong Un\"", "corpus"])), plain);
    assert!(plain.lines().count() > 5);
    // keyness of a group against itself says so.
    let o = rhetor(&[
        "keyness",
        "corpus",
        "--group-by",
        "outlet",
        "--target",
        "The Pyongyang Times",
        "--reference",
        "The Pyongyang Times",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the target and the reference are the same"), "{}", stderr(&o));
    // A byte order mark is no part of a lexicon's first word.
    std::fs::write(d("bom.txt"), "\u{FEFF}good\t3\nbad\t-1\n").expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["sentiment", "-", "--lexicon", s(&d("bom.txt"))])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rhetor runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), b"good\n").expect("write");
    let o = child.wait_with_output().expect("output");
    assert!(stdout(&o).lines().nth(1).is_some_and(|l| l.ends_with("\t3.0")), "{}", stdout(&o));
    // A category without a name is refused where it is written.
    std::fs::write(d("e.lc3"), "+\ngood\n").expect("write");
    let o = rhetor(&["dict", "convert", s(&d("e.lc3"))]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("e.lc3:1:"), "{}", stderr(&o));
    // A category id full of markup stays text in report.md's headers.
    std::fs::write(d("s.dic"), "%\n1\t<b>x|y</b>\n%\nthe\t1\n").expect("write");
    let toml = stdout(&rhetor(&["dict", "convert", s(&d("s.dic"))]));
    std::fs::write(d("s.toml"), toml).expect("write");
    std::fs::write(d("c.toml"), format!("[analyzers.rhetoric]\ndictionary = {:?}\n", s(&d("s.toml")))).expect("write");
    let out = d("md");
    let o = rhetor(&["analyze", "corpus", "--config", s(&d("c.toml")), "--format", "md", "--out", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    assert_no_live_markup(&md);
    assert!(md.contains("\\<b\\>x\\|y\\</b\\>"), "the id shown as text");
    // Metadata on stdin is read as in a record file: numbers too, dates normalised.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["analyze", "--stdin-jsonl", "-q", "--analyzers", "text-stats"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rhetor runs");
    let line = b"{\"id\":\"a\",\"text\":\"x y.\",\"speaker\":5,\"date\":1618000000000}\n";
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), line).expect("write");
    let o = child.wait_with_output().expect("output");
    let meta = "\"meta\":{\"date\":\"2021-04-09\",\"speaker\":\"5\",\"extra\":{\"detected_language\":\"und\"}}";
    assert!(stdout(&o).contains(meta), "{}", stdout(&o));
}

#[test]
fn an_output_that_cannot_be_written_leaves_none_of_the_others() {
    let dir = scratch("hostile-commit");
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("report.md")).expect("a folder where report.md goes");
    let o = rhetor(&["analyze", "corpus", "--out", s(&out), "--format", "json", "--format", "md", "-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("report.md"), "{}", stderr(&o));
    assert!(!out.join("results.json").exists(), "no output of a failed run");
    assert!(hidden_files(&out).is_empty(), "{:?}", hidden_files(&out));
}

#[test]
fn a_letter_composed_by_nfc_keeps_its_own_column() {
    let dir = scratch("hostile-nfc");
    std::fs::write(dir.join("n.txt"), "The \u{201C}e\u{301}cole\u{201D} (cafe\u{301}) now.\n").expect("write");
    let o = rhetor(&["kwic", "*", s(&dir.join("n.txt")), "--format", "csv"]);
    let rows: Vec<String> = stdout(&o).lines().skip(1).map(|l| l.split(',').nth(3).unwrap_or("").to_string()).collect();
    // Byte columns of "The", "école" (after the 3-byte quote), "café" (after "("), "now".
    assert_eq!(rows, ["1", "8", "20", "28"], "{}", stdout(&o));
}
