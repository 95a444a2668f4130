//! Loader tests: one fixture per format (`tests/data/lexicons/`), and bad lines named by file and line.

use super::*;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lexicons").join(name)
}

fn value(list: &WordList, words: &[&str]) -> Option<f64> {
    list.find(words).map(|f| list.entries[f.entry as usize].value)
}

#[test]
fn bing_folder_and_csv() {
    let dir = load(&fixture("bing"), Format::Bing).expect("folder loads");
    assert_eq!(
        (value(&dir, &["a+"]), value(&dir, &["2-faced"]), value(&dir, &["fierce"])),
        (Some(1.0), Some(-1.0), Some(-1.0))
    );
    assert_eq!(dir.entries.len(), 7, "comment and blank lines skipped");
    let csv = load(&fixture("bing.csv"), Format::Bing).expect("csv loads");
    assert_eq!((value(&csv, &["good"]), value(&csv, &["struggle"])), (Some(1.0), Some(-1.0)));
}

#[test]
fn nrc_values_and_emotions() {
    let nrc = load(&fixture("nrc.txt"), Format::Nrc).expect("loads");
    let e = |w: &str| nrc.find(&[w]).map(|f| nrc.entries[f.entry as usize].clone()).expect("entry");
    let abandon = e("abandon");
    assert_eq!(abandon.value, -1.0);
    let names: Vec<&str> = (0..8).filter(|k| abandon.emotions & (1 << k) != 0).map(|k| EMOTIONS[k]).collect();
    assert_eq!(names, ["fear", "sadness"]);
    assert_eq!(e("victory").value, 1.0);
}

#[test]
fn lsd_lc3_and_yaml_agree() {
    for name in ["lsd.lc3", "lsd.yml"] {
        let lsd = load(&fixture(name), Format::guess(&fixture(name), "").expect("known extension")).expect("loads");
        assert_eq!(value(&lsd, &["abandoned"]), Some(-1.0), "{name}: glob");
        assert_eq!(value(&lsd, &["not", "good"]), Some(-1.0), "{name}: neg_positive");
        assert_eq!(value(&lsd, &["not", "bad"]), Some(1.0), "{name}: neg_negative");
        assert_eq!(value(&lsd, &["good"]), Some(1.0), "{name}");
        assert_eq!(lsd.entries.len(), 7, "{name}");
    }
}

#[test]
fn rhetor_dictionary_positive_and_negative_only() {
    let d = load(&fixture("dict.toml"), Format::Dictionary).expect("loads");
    assert_eq!(value(&d, &["great", "leader"]), Some(1.0));
    assert_eq!(value(&d, &["puppets"]), Some(-1.0));
    assert_eq!(value(&d, &["fight"]), None, "other categories are not sentiment");
    assert_eq!(d.name, "dict");
}

#[test]
fn format_guessing() {
    assert_eq!(Format::guess(Path::new("x.txt"), "word\tanger\t1\n"), Some(Format::Nrc));
    assert_eq!(Format::guess(Path::new("x.txt"), "good\t3\n"), Some(Format::Afinn));
    assert_eq!(Format::guess(Path::new("x.lc3"), ""), Some(Format::Lsd));
    assert_eq!(Format::guess(Path::new("x.txt"), "just words\n"), None);
}

#[test]
fn bad_lines_name_file_and_line() {
    let err = nrc("n.txt", "good\tjoy\t1\ngood\tglee\t1\n").expect_err("unknown emotion");
    assert_eq!(err.to_string(), "n.txt:2: unknown emotion `glee`");
    let err = nrc("n.txt", "good\tjoy\t2\n").expect_err("bad flag");
    assert_eq!(err.to_string(), "n.txt:1: association `2` is not 0 or 1");
    let err = bing_csv("b.csv", "word,sentiment\ngood,positive\nbad,awful\n").expect_err("bad sentiment");
    assert_eq!(err.to_string(), "b.csv:3: expected `word,positive` or `word,negative`");
    let err = lsd("l.lc3", "abandon\n+negative\n").expect_err("entry first");
    assert!(err.to_string().starts_with("l.lc3:1: "), "{err}");
    let err = afinn("a.txt", "a", "good\t3\nbad\t-three\n").expect_err("bad score");
    assert_eq!(err.to_string(), "a.txt:2: score `-three` is not an integer");
    let err = dictionary("d.toml", "d", "[[category]]\nid = \"militancy\"\n").expect_err("no sentiment category");
    assert_eq!(err.to_string(), "d.toml: no category with id `positive` or `negative`");
    let err = load(Path::new("/nonexistent/nrc.txt"), Format::Nrc).expect_err("missing");
    assert!(err.to_string().starts_with("/nonexistent/nrc.txt: cannot read lexicon"), "{err}");
}
