//! `rhetor ingest` end to end: documents and the cleaning log as a reader sees them, record files,
//! front matter, and bad inputs (each an error naming file, line and column, with no output).

mod common;

use common::{documents, rhetor, rhetor_in, scratch, stderr, stdout};

#[test]
fn bundled_corpus_brief_listing() {
    let o = rhetor(&["ingest", "corpus", "--brief"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let ids: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(
        ids,
        [
            "kcna-cell-secretaries-speeches-2021-04",
            "pyongyang-times-2021-04-10/01",
            "pyongyang-times-2021-04-10/02",
            "pyongyang-times-2021-04-10/03",
            "pyongyang-times-2021-04-10/04",
            "5 documents from 3 files"
        ]
    );
}

#[test]
fn text_output_shows_metadata_sections_paragraph_places_and_the_log() {
    let o = rhetor(&["ingest", "corpus/pyongyang-times-2021-04-10.txt", "--log"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("# pyongyang-times-2021-04-10/01 — General Secretary Kim Jong Un declares"), "{out}");
    assert!(out.contains("\ncaptions: 동당 제6차 세포비서대회"), "the Korean caption is metadata");
    assert!(out.contains("\n[17:1] Dear comrade cell secretaries,\n"), "paragraphs carry their source line and column");
    assert!(out.contains("# cleaning log: "));
    assert!(out.contains("\tfurniture\tdrop\trunning head or folio\t"), "log lines: pass, action, reason");
    assert!(!out.contains("FROM PAGE 2\n"), "jump lines are only in the log");
}

/// The log lists the passages whose place was a guess first (what a reader should check), then the
/// rest: in the text output and in the JSON.
#[test]
fn the_log_lists_guesses_first() {
    let o = rhetor(&["ingest", "corpus/pyongyang-times-2021-04-10.txt", "--log"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let log = out.split("# cleaning log: ").nth(1).expect("a cleaning log");
    let actions: Vec<&str> = log.lines().skip(2).filter_map(|l| l.split('\t').nth(2)).collect();
    let guesses = actions.iter().take_while(|&&a| a == "guess").count();
    assert!(guesses > 0, "the seed's print log has guesses: {actions:?}");
    assert!(guesses < actions.len(), "and other entries");
    assert!(!actions[guesses..].contains(&"guess"), "every guess comes before the other entries");

    let o = rhetor(&["ingest", "corpus/pyongyang-times-2021-04-10.txt", "--format", "json", "--log"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let actions: Vec<&str> =
        v["log"].as_array().expect("a log array").iter().filter_map(|e| e["action"].as_str()).collect();
    let guesses = actions.iter().take_while(|&&a| a == "guess").count();
    assert!(guesses > 0 && !actions[guesses..].contains(&"guess"), "{actions:?}");
}

#[test]
fn json_records_with_front_matter_and_csv() {
    let dir = scratch("ingest-records");
    std::fs::write(
        dir.join("items.jsonl"),
        "{\"headline\":\"First\",\"body\":\"We \\\"must\\\" win.\\nAgain.\",\"when\":1703376000000}\n\
         {\"headline\":\"Photo\",\"body\":null,\"when\":1703376000000}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("speech.md"),
        "---\ntitle: \"A Speech\"\ndate: 2021-04-06\nvenue: Pyongyang\n---\nDear comrades,\n",
    )
    .expect("write");
    std::fs::write(dir.join("table.csv"), "id,text\nx1,\"One, two\"\n").expect("write");
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\npath = \"items.jsonl\"\nprofile = \"web\"\nfields = { text = \"body\", title = \"headline\", date = \"when\" }\n\n\
         [[source]]\npath = \"*.md\"\n\n[[source]]\npath = \"table.csv\"\nfields = { id = \"id\" }\n",
    )
    .expect("write");
    let o = rhetor_in(&dir, &["ingest", ".", "--format", "json", "--log"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "warning: ./items.jsonl: 1 of 2 records have no text in `body`, skipped (records 2)\n");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let docs = v["documents"].as_array().expect("documents");
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, ["items/1", "speech", "x1"]);
    assert_eq!(docs[0]["metadata"]["title"], "First");
    assert_eq!(docs[0]["metadata"]["date"], "2023-12-24");
    assert_eq!(docs[0]["sections"][0]["paragraphs"][0]["text"], "We \"must\" win.");
    assert_eq!(docs[0]["sections"][0]["paragraphs"][1]["source"]["column"], 47, "after the `\\n` escape");
    assert_eq!(docs[1]["metadata"]["title"], "A Speech");
    assert_eq!(docs[1]["metadata"]["extra"]["venue"], "Pyongyang");
    assert_eq!(docs[1]["sections"][0]["paragraphs"][0]["source"]["line"], 6);
    assert_eq!(docs[2]["sections"][0]["paragraphs"][0]["text"], "One, two");
    let passes: Vec<&str> = v["log"].as_array().expect("log").iter().filter_map(|e| e["pass"].as_str()).collect();
    assert!(passes.contains(&"records") && passes.contains(&"front-matter"), "{passes:?}");
}

#[test]
fn malformed_records_exit_1_naming_file_line_and_column() {
    let dir = scratch("ingest-bad-records");
    for (name, text, expected) in [
        ("a.json", "[\n  {\"text\": \"a\"},\n  {\"text\": \"b\"\n", "a.json:4:1: `,` or `}` expected"),
        ("b.json", "[{\"text\": \"a\\q\"}]", "b.json:1:13: invalid escape in a string"),
        ("c.json", "[{\"body\": \"a\"}]", "c.json:1:2: no record has the text field `text` (fields: body)"),
        ("d.csv", "id,text\n1,\"open\n", "d.csv:2:3: quoted field not closed"),
        ("e.csv", "id,text\n1,a,extra\n", "e.csv:2:1: record 1 has 3 fields, the header 2"),
        ("f.md", "---\ntitle: x\n", "f.md:1:1: front matter opened with `---` is not closed"),
    ] {
        std::fs::write(dir.join(name), text).expect("write");
        let o = rhetor_in(&dir, &["ingest", name]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).starts_with(&format!("error: {expected}")), "{name}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{name}: no partial output");
    }
}

#[test]
fn lossy_turns_invalid_utf8_into_a_logged_replacement() {
    let dir = scratch("ingest-lossy");
    std::fs::write(dir.join("bad.txt"), b"Caf\xE9 au lait.\n").expect("write");
    let o = rhetor_in(&dir, &["ingest", "bad.txt", "--lossy", "--log"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Caf\u{FFFD} au lait."), "{out}");
    assert!(
        out.contains("bad.txt:1\tdecode\treplace\tinvalid UTF-8 replaced (--lossy)\t3-4\t\\xE9\t\u{FFFD}"),
        "{out}"
    );
}

#[test]
fn manifest_source_errors_exit_2_naming_the_line() {
    let dir = scratch("ingest-bad-source");
    std::fs::write(dir.join("a.json"), "[]").expect("write");
    std::fs::write(dir.join("m.toml"), "[[source]]\npath = \"a.json\"\nformat = \"xml\"\n").expect("write");
    let o = rhetor_in(&dir, &["ingest", ".", "--manifest", "m.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("m.toml:3:10: key `source[0].format`: unknown format `xml`"), "{}", stderr(&o));
}

#[test]
fn profile_flag_overrides_auto() {
    let o = rhetor(&["ingest", "corpus/pyongyang-times-2021-04-10.txt", "--profile", "none", "--brief"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("pyongyang-times-2021-04-10\tnone\t"), "{}", stdout(&o));
}

#[test]
fn dict_convert_and_check() {
    let dir = scratch("dict");
    std::fs::write(dir.join("d.lc3"), "+enemy\nhostile force*\nimperialis*\n+empty\n").expect("write");
    let o = rhetor_in(&dir, &["dict", "convert", "d.lc3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("[[category]]\nid = \"enemy\"\nentries = [\"hostile force*\", \"imperialis*\"]"),
        "{}",
        stdout(&o)
    );
    std::fs::write(dir.join("t.txt"), "The hostile forces of the imperialists. Ireland.").expect("write");
    std::fs::write(dir.join("g.yml"), "place:\n  - ir*\nenemy:\n  - imperialis*\n  - aggressor*\n").expect("write");
    let o = rhetor_in(&dir, &["dict", "check", "g.yml", "t.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("g.yml: 2 categories, 3 entries\n"), "{out}");
    assert!(out.contains("  enemy: aggressor*\n"), "never-matching entries listed: {out}");
    assert!(out.contains("  place `ir*`: ireland\n"), "the words a glob caught: {out}");
    std::fs::write(dir.join("never.lc3"), "+punct\n,\n--\n+ok\ngood\n").expect("write");
    let o = rhetor_in(&dir, &["dict", "check", "never.lc3"]);
    assert!(stdout(&o).contains("warning: `,` in `punct` can never match"), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning: `--` in `punct` can never match"), "{}", stdout(&o));
    std::fs::write(dir.join("bad.dic"), "%\n1\tpos\n%\ngood\t7\n").expect("write");
    let o = rhetor_in(&dir, &["dict", "check", "bad.dic"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.dic:4: category code `7` is not in the header"), "{}", stderr(&o));
}

/// Documents in other languages than the analyzers' English word lists: one warning on stderr and
/// in the results' run info, counted by language; `--group-by detected_language` groups them;
/// `[ingest] languages` leaves them out (and needs detection on).
#[test]
fn languages_detected_warned_grouped_and_filtered() {
    let dir = scratch("languages");
    std::fs::write(
        dir.join("en.txt"),
        "The delegation arrived in the capital on Monday to discuss trade and the building of new schools. \
         Officials said the talks were friendly and would continue next month.",
    )
    .expect("write");
    std::fs::write(
        dir.join("es.txt"),
        "La delegación llegó a la capital el lunes para hablar del comercio y de la construcción de nuevas \
         escuelas. Los funcionarios dijeron que las conversaciones fueron amistosas.",
    )
    .expect("write");
    let o = rhetor_in(&dir, &["analyze", ".", "--group-by", "detected_language"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let warning = "1 document(s) detected in other languages than English (en) reached text-stats, rhetoric, \
                   sentiment, whose word lists are English: 1 Spanish (es); set [ingest] languages = [\"en\"] \
                   to leave them out";
    assert_eq!(stderr(&o), format!("warning: {warning}\n"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["run"]["warnings"], serde_json::json!([warning]));
    let groups: Vec<&str> = v["grouping"]["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["key"].as_str().or_else(|| g["name"].as_str()))
        .collect();
    assert_eq!(groups, ["en", "es"]);

    std::fs::write(dir.join("en-only.toml"), "[ingest]\nlanguages = [\"en\"]\n").expect("write");
    let o = rhetor_in(&dir, &["analyze", ".", "--config", "en-only.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "warning: 1 of 2 documents left out by [ingest] languages = [en]: 1 Spanish (es)\n");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(documents(&v).len(), 1);
    let logged = v["run"]["ingest_log_summary"].as_array().expect("log").iter().any(|e| e["pass"] == "languages");
    assert!(logged, "the Spanish text's bytes are logged as dropped");

    std::fs::write(dir.join("off.toml"), "[ingest]\ndetect_language = false\nlanguages = [\"en\"]\n").expect("write");
    let o = rhetor_in(&dir, &["analyze", ".", "--config", "off.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("off.toml:3") && stderr(&o).contains("needs detect_language = true"), "{}", stderr(&o));
}
