//! Record files and manifests on real data: the bundled excerpts of the KCNA archive and the SOTU
//! corpus (always), and the full corpora in `../shared/data/` beside the repository (when present;
//! the test says when it skipped them).
#![allow(clippy::print_stdout)] // the full-corpus tests print their figures

mod common;

use rhetor_ingest::{IngestOptions, Ingested, Warning, ingest};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn with_manifest(manifest: &str, path: &Path) -> Ingested {
    let options = IngestOptions { manifest: Some(workspace().join(manifest)), ..IngestOptions::default() };
    ingest(&[path.to_path_buf()], &options).expect("ingest")
}

/// Leader names still glued to a neighbour: "ComradeKim Jong Un", "Kim Jong Uninvited".
fn glued_names(i: &Ingested) -> Vec<String> {
    let mut found = Vec::new();
    for d in &i.corpus.documents {
        for name in ["Kim Il Sung", "Kim Jong Il", "Kim Jong Un"] {
            for (at, _) in d.text.match_indices(name) {
                let before = d.text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
                let after = d.text[at + name.len()..].chars().next().is_some_and(char::is_lowercase);
                if before || after {
                    let a = d.text[..at].char_indices().rev().nth(10).map_or(0, |(k, _)| k);
                    found.push(format!("{}: {}", d.id, &d.text[a..(at + name.len() + 10).min(d.text.len())]));
                }
            }
        }
    }
    found
}

fn duplicates(i: &Ingested) -> usize {
    i.warnings.iter().filter(|w| matches!(w, Warning::Duplicate { .. })).count()
}

#[test]
fn kcna_excerpt_becomes_one_document_per_item_with_text() {
    let dir = workspace().join("crates/rhetor-ingest/tests/data/kcna-sample");
    let i = with_manifest("config/sources/kcna-2024.toml", &dir.join("kcna-sample.json"));
    assert_eq!(i.corpus.documents.len(), 29, "30 items, one without text");
    assert!(
        i.warnings.iter().any(|w| matches!(w, Warning::NoText { records, total: 30, .. } if records == &[25])),
        "{:?}",
        i.warnings
    );
    assert_eq!(duplicates(&i), 1, "item 28 repeats item 26");
    let d = &i.corpus.documents[0];
    assert_eq!(d.id, "kcna-sample/01");
    assert_eq!(d.meta.title.as_deref(), Some("Japan's Discharge of Nuclear-polluted Water Is Crime: KCNA Commentary"));
    assert_eq!(d.meta.date.as_deref(), Some("2023-12-24"), "epoch milliseconds read as a date");
    assert_eq!(d.meta.outlet.as_deref(), Some("Korean Central News Agency"));
    assert_eq!(d.meta.extra["topic"], "News Commentary");
    assert_eq!(d.meta.extra["dateline"], "Pyongyang, December 24 (KCNA)");
    assert!(!d.meta.extra.contains_key("date_str"));
    assert!(d.text.starts_with("Japan continues discharging"), "{}", &d.text[..60]);
    assert!(!d.text.contains("-0-"));
    assert_eq!(glued_names(&i), Vec::<String>::new());
    let (files, tokens) = common::check_provenance(&i);
    assert_eq!(files, 1);
    assert!(tokens > 5_000);
}

#[test]
fn sotu_excerpt_joins_its_metadata_table() {
    let dir = workspace().join("crates/rhetor-ingest/tests/data/sotu-sample");
    let i = with_manifest("config/sources/sotu.toml", &dir);
    let ids: Vec<&str> = i.corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["1790-Washington-1", "1790-Washington-2", "1791-Washington-1"], "README and LICENSE not read");
    let d = &i.corpus.documents[0];
    assert_eq!(d.meta.date.as_deref(), Some("1790-01-08"));
    assert_eq!(d.meta.speaker.as_deref(), Some("George Washington"));
    assert_eq!(d.meta.kind.as_deref(), Some("transcript"));
    assert_eq!(d.meta.extra["party"], "Nonpartisan");
    assert_eq!(d.meta.extra["sotu_type"], "spoken");
    assert!(!d.meta.extra.contains_key("sha256"), "dropped column kept");
    assert!(i.inputs.iter().any(|f| f.path.ends_with("metadata.csv")), "the metadata table is an input");
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    common::check_provenance(&i);
}

/// The shared data folder, or `None` (with a note) when this machine does not have it.
fn shared(sub: &str) -> Option<PathBuf> {
    let p = workspace().join("../shared/data").join(sub);
    if p.exists() {
        Some(p)
    } else {
        println!("skipped: {} is not on this machine", p.display());
        None
    }
}

#[test]
fn kcna_archive_in_full() {
    let Some(dir) = shared("kcna-2024") else { return };
    let i = with_manifest("config/sources/kcna-2024.toml", &dir);
    let docs = i.corpus.documents.len();
    let dups = duplicates(&i);
    println!("KCNA 2024: {docs} documents, {dups} repeat an earlier text, {} log entries", i.log.len());
    assert_eq!(docs, 1862);
    assert!(
        i.warnings.iter().any(|w| matches!(w, Warning::NoText { records, total: 2111, .. } if records.len() == 249)),
        "{:?}",
        i.warnings.iter().take(3).collect::<Vec<_>>()
    );
    assert_eq!(docs - dups, 1059, "distinct texts");
    assert_eq!(glued_names(&i), Vec::<String>::new());
    let separated = i.log.iter().filter(|e| e.pass == "names").count();
    assert!(separated > 1700, "{separated} glued names separated");
    common::check_provenance(&i);
}

#[test]
fn sotu_in_full() {
    let Some(dir) = shared("sotu") else { return };
    let i = with_manifest("config/sources/sotu.toml", &dir);
    assert_eq!(i.corpus.documents.len(), 249);
    assert!(i.corpus.documents.iter().all(|d| d.meta.date.is_some() && d.meta.speaker.is_some()));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    let (files, tokens) = common::check_provenance(&i);
    println!("SOTU: {files} files, {tokens} tokens mapped back");
}

#[test]
fn un_general_debate_files_with_byte_order_marks() {
    let Some(dir) = shared("ungdc-prk-kor") else { return };
    let i = ingest(&[dir], &IngestOptions::default()).expect("ingest");
    assert_eq!(i.corpus.documents.len(), 69, "68 speeches and the corpus README");
    let (files, tokens) = common::check_provenance(&i);
    println!("UNGDC: {files} files, {tokens} tokens mapped back");
}

/// Record filters and a flattened paragraph separator (an archive tried as a new user would):
/// records of another language, or without the field, or too short, are left out, logged and
/// counted by filter; the separator becomes paragraph breaks; every byte is still accounted for.
#[test]
fn record_filters_and_paragraph_separators() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("records-filters");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    let records = [
        r#"{"id": "a", "language": "en", "text": "We must march. || The enemy is hostile. || Long live unity."}"#,
        r#"{"id": "b", "language": "es", "text": "Debemos marchar adelante. || El enemigo es hostil."}"#,
        r#"{"id": "c", "language": "en", "text": "Short."}"#,
        r#"{"id": "d", "text": "No language field here at all today."}"#,
        r#"{"id": "e", "language": "en-GB", "text": "Colour and honour || are words."}"#,
    ];
    std::fs::write(dir.join("stories.jsonl"), records.join("\n") + "\n").expect("write");
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\npath = \"stories.jsonl\"\nfields = { id = \"id\" }\n\
         where = { language = [\"en\", \"en-GB\"] }\nmin_words = 3\nparagraph_separator = \" || \"\n",
    )
    .expect("write");
    let i = ingest(std::slice::from_ref(&dir), &IngestOptions::default()).expect("ingest");
    let docs: Vec<(&str, usize)> = i.corpus.documents.iter().map(|d| (d.id.as_str(), d.paragraphs.len())).collect();
    assert_eq!(docs, [("a", 3), ("e", 2)]);
    assert_eq!(i.corpus.documents[0].text, "We must march.\n\nThe enemy is hostile.\n\nLong live unity.");
    let filtered = i.warnings.iter().find_map(|w| match w {
        Warning::Filtered { filters, total, .. } => Some((filters.clone(), *total)),
        _ => None,
    });
    assert_eq!(filtered, Some((vec![("min_words".to_string(), 1), ("where.language".to_string(), 2)], 5)));
    let dropped = i.log.iter().filter(|e| e.action == "drop" && e.reason.contains("left out by")).count();
    assert_eq!(dropped, 3);
    common::check_provenance(&i);
}

/// Each document's language is detected into its metadata; `[ingest] languages` keeps some, logs
/// the others' bytes as dropped and counts them by language; a Spanish story labelled English is
/// told apart by its text, not its label; a text too short to tell is kept as `und`.
#[test]
fn detected_languages_and_the_languages_filter() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("records-languages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    let records = [
        r#"{"id": "en1", "language": "en", "text": "The delegation arrived in the capital on Monday to discuss trade and the building of new schools. || Officials said the talks were friendly and would continue next month."}"#,
        r#"{"id": "es1", "language": "en", "text": "La delegación llegó a la capital el lunes para hablar del comercio y de la construcción de nuevas escuelas. || Los funcionarios dijeron que las conversaciones fueron amistosas."}"#,
        r#"{"id": "ko1", "language": "ko", "text": "대표단은 월요일 수도에 도착하여 무역과 새 학교 건설 문제를 논의하였다. 관계자들은 회담이 우호적이었으며 다음 달에도 계속될 것이라고 말하였다."}"#,
        r#"{"id": "fr1", "language": "fr", "text": "La délégation est arrivée dans la capitale lundi pour discuter du commerce et de la construction de nouvelles écoles. Les responsables ont dit que les entretiens étaient amicaux."}"#,
        r#"{"id": "short", "language": "en", "text": "Ok."}"#,
        r#"{"id": "es2", "language": "es", "text": "El pueblo trabajador celebró la cosecha con canciones y bailes en todas las aldeas de la provincia, y los campesinos prometieron producir aún más el año que viene."}"#,
    ];
    std::fs::write(dir.join("stories.jsonl"), records.join("\n") + "\n").expect("write");
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\npath = \"stories.jsonl\"\nfields = { id = \"id\" }\nparagraph_separator = \" || \"\n",
    )
    .expect("write");
    let detected = |i: &Ingested| -> Vec<(String, String)> {
        i.corpus
            .documents
            .iter()
            .map(|d| (d.id.clone(), d.meta.extra.get("detected_language").cloned().unwrap_or_default()))
            .collect()
    };
    let all = ingest(std::slice::from_ref(&dir), &IngestOptions::default()).expect("ingest");
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(
        detected(&all),
        pairs(&[("en1", "en"), ("es1", "es"), ("ko1", "ko"), ("fr1", "fr"), ("short", "und"), ("es2", "es")])
    );
    assert_eq!(all.corpus.documents[1].meta.extra.get("language").map(String::as_str), Some("en"), "label kept");
    assert!(!all.warnings.iter().any(|w| matches!(w, Warning::Languages { .. })));

    let toml = "[ingest]\nlanguages = [\"eng\", \"fr\"]\n";
    let file = rhetor_config::ConfigFile::new("languages.toml", toml);
    let options: IngestOptions = file.section(&["ingest"]).expect("config");
    let some = ingest(std::slice::from_ref(&dir), &options).expect("ingest");
    assert_eq!(detected(&some), pairs(&[("en1", "en"), ("fr1", "fr"), ("short", "und")]));
    let warning = some.warnings.iter().find(|w| matches!(w, Warning::Languages { .. })).expect("a warning");
    assert_eq!(
        warning.to_string(),
        "3 of 6 documents left out by [ingest] languages = [en, fr]: 2 Spanish (es), 1 Korean (ko)"
    );
    let dropped: Vec<&str> =
        some.log.iter().filter(|e| e.pass == "languages" && e.action == "drop").map(|e| e.reason.as_str()).collect();
    assert_eq!(dropped.len(), 3, "one range per document, its separator inside: {dropped:?}");
    assert!(dropped.iter().all(|r| r.ends_with("not in [ingest] languages")));
    common::check_provenance(&some);

    // Nothing left: an error that says why, not an empty corpus.
    let file = rhetor_config::ConfigFile::new("languages.toml", "[ingest]\nlanguages = [\"de\"]\n");
    let options: IngestOptions = file.section(&["ingest"]).expect("config");
    let only_short = ingest(std::slice::from_ref(&dir), &options).expect("the undetermined one is kept");
    assert_eq!(detected(&only_short), pairs(&[("short", "und")]));
    std::fs::write(dir.join("stories.jsonl"), records[..4].join("\n") + "\n").expect("write");
    let e = ingest(std::slice::from_ref(&dir), &options).expect_err("no documents");
    assert!(e.to_string().contains("4 of 4 documents left out by [ingest] languages = [de]"), "{e}");
    // Unknown codes are refused with the key.
    let file = rhetor_config::ConfigFile::new("languages.toml", "[ingest]\nlanguages = [\"klingon\"]\n");
    let e = file.section::<IngestOptions>(&["ingest"]).expect_err("unknown code");
    assert!(e.to_string().contains("languages.toml:2") && e.to_string().contains("klingon"), "{e}");
}

/// A record file read in blocks whose last block holds only a record without text warns of it, as
/// the file read whole does (the check that some record has the text field is the file's, not a
/// block's).
#[test]
fn a_block_without_text_is_a_warning_not_an_error() {
    let dir = std::env::temp_dir().join(format!("rhetor-records-block-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join("corpus.toml"), "[[source]]\npath = \"x.jsonl\"\nformat = \"jsonl\"\n").expect("write");
    let text = "We will win. ".repeat(30);
    std::fs::write(dir.join("x.jsonl"), format!("{{\"text\": \"{text}\"}}\n{{\"title\": \"photo\"}}\n"))
        .expect("write");
    for block in [rhetor_ingest::blocks::DEFAULT_BLOCK_BYTES, 100] {
        let options = IngestOptions { record_block_bytes: block, ..IngestOptions::default() };
        let i = ingest(std::slice::from_ref(&dir), &options).expect("ingest");
        assert_eq!(i.corpus.documents.len(), 1, "blocks of {block} bytes");
        assert!(
            i.warnings.iter().any(|w| matches!(w, Warning::NoText { records, total: 2, .. } if records == &[2])),
            "{:?}",
            i.warnings
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
