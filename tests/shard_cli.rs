//! `rhetor analyze --shard K/N` and `rhetor merge`: the merged parts give the files one run gives,
//! byte for byte — every format on the bundled corpus (grouped, with 1, 2, 3 and 7 shards, parts
//! given in any order), the default files on the State of the Union addresses (1, 2, 3 and 7
//! shards) and `kcna-2024` when `../shared` is present — each shard in a folder that holds only its
//! own files (of a record file cut into blocks by `rhetor splits`, a copy whose bytes outside its
//! own blocks are zeros), the print and web evidence gathered in rounds (`rhetor evidence`), and
//! the corpus deleted before the merge (it reads the parts only); and parts that do not belong
//! together, or that were edited, are refused.
#![allow(clippy::print_stderr)] // says when the SOTU test is skipped

mod common;
use common::{assert_same_files, rhetor, rhetor_in, root, scratch, stderr};
use std::path::Path;

const FORMATS: [&str; 10] =
    ["--format", "json", "--format", "jsonl", "--format", "csv", "--format", "md", "--format", "html"];

fn run(args: &[&str]) {
    let o = rhetor(args);
    assert!(o.status.success(), "rhetor {}: {}", args.join(" "), stderr(&o));
}

fn run_in(dir: &Path, args: &[&str]) {
    let o = rhetor_in(dir, args);
    assert!(o.status.success(), "rhetor {}: {}", args.join(" "), stderr(&o));
}

/// Copy the folder `from` to `to`, recursively, the files for which `keep` (given the path below
/// `from`) says so; the number copied.
fn copy_dir(from: &Path, to: &Path, rel: &str, keep: &dyn Fn(&str) -> bool) -> usize {
    std::fs::create_dir_all(to).expect("folder");
    let mut copied = 0;
    for e in std::fs::read_dir(from).expect("folder") {
        let e = e.expect("entry");
        let name = e.file_name().to_string_lossy().into_owned();
        let below = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        let target = to.join(&name);
        if e.file_type().expect("type").is_dir() {
            copied += copy_dir(&e.path(), &target, &below, keep);
        } else if keep(&below) {
            std::fs::copy(e.path(), &target).expect("copy");
            copied += 1;
        }
    }
    copied
}

/// Whether a file (by its path below the corpus folder) is a document file, given to one shard
/// only; manifests and metadata tables go to every shard.
fn is_document(rel: &str) -> bool {
    [".txt", ".md"].iter().any(|x| rel.ends_with(x)) || is_records(rel)
}

/// Whether a file is a record file, which every shard is given when the run is split into blocks
/// (each reading its own blocks: the bytes of the others zeroed).
fn is_records(rel: &str) -> bool {
    [".json", ".jsonl", ".csv", ".tsv"].iter().any(|x| rel.ends_with(x)) && !rel.starts_with("meta")
}

/// Copy the corpus folder `corpus` into a scratch folder as `name`; there, analyse `input` (which
/// names it) with `options` once; then in each of `shards` shards, each in a folder of its own that
/// holds only its own document files when `own_folders` (else the whole corpus: a shard reads the
/// others' files only as evidence for the print and web profiles). With `own_folders` the shards
/// first gather the corpus evidence in two rounds (`rhetor evidence`, `rhetor merge-evidence`).
/// With `blocks`, the config's `record_block_bytes`, record files are cut into blocks by a split
/// plan (`rhetor splits`), and each shard's copy of one holds zeros outside its own blocks.
/// Then every copy is deleted, the parts merged (in reverse order; `formats` are the merge's
/// options) and the files compared.
#[allow(clippy::too_many_arguments)] // the test's whole setting, named at each call
fn check(
    test: &str,
    corpus: &Path,
    name: &str,
    input: &[&str],
    options: &[&str],
    formats: &[&str],
    shards: &[usize],
    own_folders: bool,
    blocks: Option<u64>,
) {
    let dir = scratch(test);
    let mut config = root().join("config/default.toml").to_string_lossy().into_owned();
    if let Some(b) = blocks {
        let text = std::fs::read_to_string(&config).expect("config");
        let text = text.replace("record_block_bytes = 67108864", &format!("record_block_bytes = {b}"));
        config = dir.join("config.toml").to_string_lossy().into_owned();
        std::fs::write(&config, text).expect("config");
    }
    let config: [&str; 2] = ["--config", &config];
    let one = "one";
    let all = copy_dir(corpus, &dir.join(name), "", &|_| true);
    run_in(&dir, &[&["analyze", "-q", "--out", one][..], &config, input, options, formats].concat());
    // The split plans, while the corpus is at hand.
    for &n in shards.iter().filter(|_| blocks.is_some()) {
        let plan = format!("splits-{n}.json");
        run_in(&dir, &[&["splits", "-q", "--shards", &n.to_string(), "-o", &plan][..], &config, input].concat());
    }
    std::fs::remove_dir_all(dir.join(name)).expect("corpus copy deleted");
    let documents = copy_dir(corpus, &dir.join("count"), "", &|rel| is_document(rel) && !is_records(rel));
    let records = copy_dir(corpus, &dir.join("count-records"), "", &|rel| is_records(rel));
    for &n in shards {
        let parts = dir.join(format!("parts-{n}")).to_string_lossy().into_owned();
        let evidence = dir.join(format!("evidence-{n}"));
        std::fs::create_dir_all(&evidence).expect("folder");
        let ev = |f: &str| evidence.join(f).to_string_lossy().into_owned();
        let home = |k: usize| dir.join(format!("shard-{k}-of-{n}"));
        let mut given = 0;
        let plan: Option<serde_json::Value> = blocks.map(|_| {
            let text = std::fs::read_to_string(dir.join(format!("splits-{n}.json"))).expect("split plan");
            serde_json::from_str(&text).expect("split plan")
        });
        let planned = |rel: &str| {
            plan.as_ref().is_some_and(|p| {
                p["files"].as_array().is_some_and(|f| f.iter().any(|f| f["path"] == format!("{name}/{rel}").as_str()))
            })
        };
        let split_files = copy_dir(corpus, &dir.join("count-planned"), "", &|rel| planned(rel));
        for k in 0..n {
            let own =
                |rel: &str| !is_document(rel) || planned(rel) || rhetor_doc::shard_of(&format!("{name}/{rel}"), n) == k;
            let copied = copy_dir(corpus, &home(k).join(name), "", &|rel| !own_folders || own(rel));
            given += copied - (all - documents - records) - split_files;
            // A record file of the plan: zeros but for the shard's own blocks.
            for f in plan.iter().flat_map(|p| p["files"].as_array().cloned().unwrap_or_default()) {
                let path = home(k).join(f["path"].as_str().expect("path"));
                let bytes = std::fs::read(&path).expect("record file");
                let mut own = vec![0u8; bytes.len()];
                for b in f["blocks"].as_array().expect("blocks").iter().filter(|b| b["shard"] == k) {
                    let (s, e) =
                        (b["start"].as_u64().expect("start") as usize, b["end"].as_u64().expect("end") as usize);
                    own[s..e].copy_from_slice(&bytes[s..e]);
                }
                std::fs::write(&path, own).expect("zeroed copy");
            }
        }
        let splits: Vec<String> = match blocks {
            Some(_) => vec!["--splits".into(), dir.join(format!("splits-{n}.json")).to_string_lossy().into_owned()],
            None => Vec::new(),
        };
        let splits: Vec<&str> = splits.iter().map(String::as_str).collect();
        let mut cleaning: Vec<String> = Vec::new();
        if own_folders {
            assert_eq!(
                given,
                documents + records - split_files,
                "each document file in one shard's folder, and in no other (record files of the plan in all)"
            );
            // The corpus evidence in two rounds, each mapped over the shards and merged.
            for round in [1, 2] {
                let mut files = Vec::new();
                for k in 0..n {
                    let (shard, out) = (format!("{k}/{n}"), ev(&format!("round-{round}-{k}.json")));
                    let asked = ev("round-1.json");
                    let more: Vec<&str> = if round == 2 { vec!["--asked", &asked] } else { vec![] };
                    run_in(
                        &home(k),
                        &[&["evidence", "--shard", &shard, "-o", &out][..], &config, input, &more, &splits].concat(),
                    );
                    files.push(out);
                }
                let merged = ev(&format!("round-{round}.json"));
                run_in(
                    &dir,
                    &[&["merge-evidence", "-o", &merged][..], &files.iter().map(String::as_str).collect::<Vec<_>>()]
                        .concat(),
                );
            }
            cleaning = vec!["--cleaning-evidence".into(), ev("round-2.json")];
        }
        let cleaning: Vec<&str> = cleaning.iter().map(String::as_str).collect();
        let mut files = Vec::new();
        for k in 0..n {
            let shard = format!("{k}/{n}");
            run_in(
                &home(k),
                &[
                    &["analyze", "-q", "--shard", &shard, "--out", &parts][..],
                    &config,
                    input,
                    options,
                    &cleaning,
                    &splits,
                ]
                .concat(),
            );
            files.push(format!("{parts}/part-{k}-of-{n}.jsonl"));
            // The merge reads the parts only: the corpus is gone.
            std::fs::remove_dir_all(home(k)).expect("corpus copy deleted");
        }
        files.reverse();
        let merged = format!("merged-{n}");
        let merge: Vec<&str> =
            [&["merge", "-q", "--out", &merged][..], formats, &files.iter().map(String::as_str).collect::<Vec<_>>()]
                .concat();
        run_in(&dir, &merge);
        assert!(assert_same_files(&dir.join(one), &dir.join(&merged)) >= 1, "{n} shards");
        // The merge given only the fingerprints found in two documents or more, as a Spark
        // `groupBy` over the parts gives them: the same files.
        let (shared, kept, total) = shared_prints(&files);
        assert!(kept < total, "{n} shards: {kept} of {total} fingerprints in two documents or more");
        let list = dir.join(format!("shared-prints-{n}.jsonl"));
        std::fs::write(&list, shared).expect("shared fingerprints");
        let (list, merged) = (list.to_string_lossy().into_owned(), format!("merged-shared-{n}"));
        let merge: Vec<&str> = [
            &["merge", "-q", "--shared-prints", &list, "--out", &merged][..],
            formats,
            &files.iter().map(String::as_str).collect::<Vec<_>>(),
        ]
        .concat();
        run_in(&dir, &merge);
        assert!(assert_same_files(&dir.join(one), &dir.join(&merged)) >= 1, "{n} shards, shared fingerprints");
    }
}

/// The fingerprints of the parts `files` found in two documents or more, grouped as a Spark job
/// groups them (docs/distributed.md), as `rhetor merge --shared-prints` reads them; with how many
/// distinct ones that is, of how many.
fn shared_prints(files: &[String]) -> (String, usize, usize) {
    // (analyzer, hash) -> (the first document with it, whether another has it too)
    let mut docs: std::collections::HashMap<(usize, u32), (usize, bool)> = std::collections::HashMap::new();
    let mut doc = 0;
    for f in files {
        let text = std::fs::read_to_string(f).expect("part");
        for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("part line");
            doc += 1;
            for (k, t) in v["prints"].as_array().expect("prints").iter().enumerate() {
                for p in rhetor_engine::prints::decode(t.as_str().expect("text")).expect("fingerprints") {
                    let e = docs.entry((k, p.hash)).or_insert((doc, false));
                    e.1 |= e.0 != doc;
                }
            }
        }
    }
    let mut shared: Vec<(usize, u32)> = docs.iter().filter(|(_, e)| e.1).map(|(&key, _)| key).collect();
    shared.sort_unstable();
    let lines: String = shared.iter().map(|(k, h)| format!("{{\"analyzer\": {k}, \"hash\": {h}}}\n")).collect();
    (lines, shared.len(), docs.len())
}

#[test]
fn merged_shards_equal_one_run_on_the_bundled_corpus() {
    let corpus = root().join("corpus");
    let options = ["--group-by", "kind"];
    check("shards-corpus", &corpus, "corpus", &["corpus"], &options, &FORMATS, &[1, 2, 3, 7], true, None);
    // Without the evidence rounds, a shard with the print file reads the other files as evidence.
    check("shards-corpus-fallback", &corpus, "corpus", &["corpus"], &options, &[], &[2], false, None);
}

#[test]
fn merged_shards_equal_one_run_on_the_state_of_the_union() {
    let sotu = root().join("../shared/data/sotu");
    if !sotu.is_dir() {
        eprintln!("skipped: {} is absent", sotu.display());
        return;
    }
    let manifest = root().join("config/sources/sotu.toml").to_string_lossy().into_owned();
    let input = ["--manifest", manifest.as_str(), "sotu"];
    check("shards-sotu", &sotu, "sotu", &input, &["--group-by", "party"], &[], &[1, 2, 3, 7], true, None);
}

#[test]
fn merged_shards_equal_one_run_on_kcna_2024() {
    let kcna = root().join("../shared/data/kcna-2024");
    if !kcna.is_dir() {
        eprintln!("skipped: {} is absent", kcna.display());
        return;
    }
    // One record file of web articles (4.2 MB), cut into 16 blocks of about 256 KiB: each shard
    // reads its own blocks (its copy is zeros elsewhere), cleaned with the evidence of the rounds
    // (each shard's round over its own blocks).
    let manifest = root().join("config/sources/kcna-2024.toml").to_string_lossy().into_owned();
    let input = ["--manifest", manifest.as_str(), "kcna-2024"];
    let month = ["--group-by", "month"];
    check("shards-kcna", &kcna, "kcna-2024", &input, &month, &[], &[1, 2, 3, 7], true, Some(256 << 10));
    // Its records are split among the shards: every part holds some.
    for k in 0..7 {
        let part = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("shards-kcna/parts-7/part-{k}-of-7.jsonl"));
        let part = std::fs::read_to_string(&part).unwrap_or_default();
        let header: serde_json::Value = serde_json::from_str(part.lines().next().unwrap_or("{}")).expect("header");
        assert!(header["documents"].as_u64().is_some_and(|n| n > 100), "shard {k}: {}", header["documents"]);
    }
}

/// A metadata table missing the rows of files in several shards gives one warning, as one run's,
/// and so do a record file's records without text, read in blocks by several shards; a shard
/// whose folder lacks a record file the split plan gives it blocks of is refused.
#[test]
fn warnings_across_shards_and_record_files_every_shard_needs() {
    let src = scratch("shards-warnings-src");
    std::fs::create_dir_all(src.join("texts")).expect("folder");
    let manifest = "[[source]]\npath = \"texts\"\nformat = \"text\"\nmetadata = \"meta.csv\"\nkey = \"fileid\"\n\n\
                    [[source]]\npath = \"records.jsonl\"\nformat = \"jsonl\"\n";
    std::fs::write(src.join("corpus.toml"), manifest).expect("write");
    std::fs::write(src.join("meta.csv"), "fileid,speaker\nt01,A\n").expect("write");
    for i in 1..=12 {
        std::fs::write(src.join(format!("texts/t{i:02}.txt")), format!("Speech number {i}. The people rise.\n"))
            .expect("write");
    }
    let records: String = (0..20)
        .map(|i| match i % 7 {
            3 => "{\"text\": null}\n".to_string(),
            _ => format!("{{\"text\": \"Record {i} says the party leads.\"}}\n"),
        })
        .collect();
    std::fs::write(src.join("records.jsonl"), records).expect("write");
    check("shards-warnings", &src, "c", &["c"], &[], &[], &[3], true, Some(200));
    let one = std::fs::read_to_string(Path::new(env!("CARGO_TARGET_TMPDIR")).join("shards-warnings/one/results.json"))
        .expect("results");
    assert!(one.contains("no row for 11 file(s)"), "the run warns of the missing rows");
    assert!(one.contains("3 of 20 records have no text in `text`, skipped (records 4, 11, 18)"), "one warning");
    // Shard 1 of 3 without the record file the plan gives it blocks of: refused.
    let dir = scratch("shards-record-missing");
    copy_dir(&src, &dir.join("c"), "", &|_| true);
    let config = std::fs::read_to_string(root().join("config/default.toml")).expect("config");
    let config = config.replace("record_block_bytes = 67108864", "record_block_bytes = 200");
    std::fs::write(dir.join("config.toml"), config).expect("write");
    let cfg = ["--config", "config.toml"];
    let o = rhetor_in(&dir, &[&["splits", "c", "--shards", "3", "-o", "splits.json"][..], &cfg].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_file(dir.join("c/records.jsonl")).expect("remove");
    let mut refused = 0;
    for k in 0..3 {
        let shard = format!("{k}/3");
        let args = ["analyze", "-q", "c", "--shard", &shard, "--splits", "splits.json", "--out", "parts"];
        let o = rhetor_in(&dir, &[&args[..], &cfg].concat());
        if !o.status.success() {
            assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
            assert!(stderr(&o).contains("records.jsonl: the split plan gives shard"), "{}", stderr(&o));
            refused += 1;
        }
    }
    assert!(refused >= 2, "the shards with blocks of the absent file are refused");
}

#[test]
fn parts_that_do_not_belong_together_are_refused() {
    let dir = scratch("shards-refused");
    let parts = dir.join("parts").to_string_lossy().into_owned();
    run(&["analyze", "-q", "corpus", "--shard", "0/2", "--out", &parts]);
    run(&["analyze", "-q", "corpus", "--shard", "1/2", "--out", &parts, "--analyzers", "text-stats"]);
    let p = |k: usize| format!("{parts}/part-{k}-of-2.jsonl");
    let missing = rhetor(&["merge", &p(0)]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("shards 1 of 2 are missing"), "{}", stderr(&missing));
    let other = rhetor(&["merge", &p(0), &p(1)]);
    assert_eq!(other.status.code(), Some(2));
    assert!(stderr(&other).contains("part of another run"), "{}", stderr(&other));
    let twice = rhetor(&["merge", &p(0), &p(0)]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("are both shard 0"), "{}", stderr(&twice));
    // A part whose text no longer fits its offset map, or whose document went missing.
    let whole = format!("{parts}/whole");
    run(&["analyze", "-q", "corpus", "--shard", "0/1", "--out", &whole]);
    let part = std::fs::read_to_string(format!("{whole}/part-0-of-1.jsonl")).expect("part");
    let edited = part.replacen("\"markdown\":false,\"text\":\"", "\"markdown\":false,\"text\":\"x", 1);
    assert_ne!(edited, part);
    std::fs::write(format!("{whole}/edited.jsonl"), edited).expect("write");
    let o = rhetor(&["merge", &format!("{whole}/edited.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("offsets do not tile its text"), "{}", stderr(&o));
    let lines: Vec<&str> = part.lines().collect();
    // Evidence past its text.
    let mut doc: serde_json::Value = serde_json::from_str(lines[1]).expect("a document line");
    let items = doc["evidence"]
        .as_array_mut()
        .and_then(|a| a.iter_mut().find_map(|x| x.as_array_mut().filter(|x| !x.is_empty())));
    items.expect("some evidence")[0][2] = serde_json::json!(u32::MAX);
    let out_of_text =
        [lines[0].to_string(), doc.to_string()].into_iter().chain(lines[2..].iter().map(|l| l.to_string()));
    std::fs::write(format!("{whole}/past.jsonl"), out_of_text.collect::<Vec<_>>().join("\n")).expect("write");
    let o = rhetor(&["merge", &format!("{whole}/past.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("lies outside its text"), "{}", stderr(&o));
    let short = [&lines[..1], &lines[2..]].concat().join("\n");
    std::fs::write(format!("{whole}/short.jsonl"), short).expect("write");
    let o = rhetor(&["merge", &format!("{whole}/short.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("numbered otherwise than the"), "{}", stderr(&o));
    // Fingerprints that do not read, and a list of shared ones that does not.
    let mut doc: serde_json::Value = serde_json::from_str(lines[1]).expect("a document line");
    let prints =
        doc["prints"].as_array_mut().and_then(|p| p.iter_mut().find(|t| t.as_str().is_some_and(|t| t.len() > 8)));
    *prints.expect("some fingerprints") = serde_json::json!("AwcA");
    let cut = [lines[0].to_string(), doc.to_string()].into_iter().chain(lines[2..].iter().map(|l| l.to_string()));
    std::fs::write(format!("{whole}/cut.jsonl"), cut.collect::<Vec<_>>().join("\n")).expect("write");
    let o = rhetor(&["merge", &format!("{whole}/cut.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cut.jsonl:2: not a document of a part: fingerprints that do not read"),
        "{}",
        stderr(&o)
    );
    // Fingerprints that read but are not the text's: one hash changed.
    let mut doc: serde_json::Value = serde_json::from_str(lines[1]).expect("a document line");
    let list =
        doc["prints"].as_array_mut().and_then(|p| p.iter_mut().find(|t| t.as_str().is_some_and(|t| t.len() > 8)));
    let list = list.expect("some fingerprints");
    let mut prints = rhetor_engine::prints::decode(list.as_str().expect("text")).expect("fingerprints");
    prints[0].hash ^= 1;
    *list = serde_json::json!(rhetor_engine::prints::encode(&prints));
    let changed = [lines[0].to_string(), doc.to_string()].into_iter().chain(lines[2..].iter().map(|l| l.to_string()));
    std::fs::write(format!("{whole}/changed.jsonl"), changed.collect::<Vec<_>>().join("\n")).expect("write");
    let o = rhetor(&["merge", &format!("{whole}/changed.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("are not those of its text"), "{}", stderr(&o));
    std::fs::write(format!("{whole}/shared.jsonl"), "{\"analyzer\": 1, \"hash\": 5}\n{\"analyzer\": 1}\n")
        .expect("write");
    let o =
        rhetor(&["merge", "--shared-prints", &format!("{whole}/shared.jsonl"), &format!("{whole}/part-0-of-1.jsonl")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("shared.jsonl:2: not a shared fingerprint"), "{}", stderr(&o));
    // Evidence rounds of another config are refused.
    let ev = |f: &str| format!("{parts}/{f}");
    run(&["evidence", "corpus", "--shard", "0/1", "-o", &ev("r1-0.json")]);
    run(&["merge-evidence", "-o", &ev("r1.json"), &ev("r1-0.json")]);
    let config = std::fs::read_to_string(root().join("config/default.toml")).expect("config");
    std::fs::write(ev("other.toml"), format!("{config}\n# another config\n")).expect("write");
    let other_config = ev("other.toml");
    let other = rhetor(&["evidence", "corpus", "--shard", "0/1", "--asked", &ev("r1.json"), "--config", &other_config]);
    assert_eq!(other.status.code(), Some(2), "{}", stderr(&other));
    assert!(stderr(&other).contains("made with these paths and this config"), "{}", stderr(&other));
    run(&["evidence", "corpus", "--shard", "0/1", "--asked", &ev("r1.json"), "-o", &ev("r2-0.json")]);
    let twice = rhetor(&["merge-evidence", &ev("r2-0.json"), &ev("r2-0.json")]);
    assert_eq!(twice.status.code(), Some(2), "{}", stderr(&twice));
    assert!(stderr(&twice).contains("given twice"), "{}", stderr(&twice));
    run(&["merge-evidence", "-o", &ev("r2.json"), &ev("r2-0.json")]);
    let elsewhere = rhetor(&[
        "analyze",
        "corpus/pyongyang-times-2021-04-10.txt",
        "--shard",
        "0/1",
        "--cleaning-evidence",
        &ev("r2.json"),
    ]);
    assert_eq!(elsewhere.status.code(), Some(2), "{}", stderr(&elsewhere));
    assert!(stderr(&elsewhere).contains("another corpus or config"), "{}", stderr(&elsewhere));
    let bad = rhetor(&["analyze", "corpus", "--shard", "2/2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("expected K/N"), "{}", stderr(&bad));
    let streamed = rhetor(&["analyze", "corpus", "--shard", "0/2", "--stream"]);
    assert_eq!(streamed.status.code(), Some(2));
    assert!(stderr(&streamed).contains("--shard is a batch run"), "{}", stderr(&streamed));
}
