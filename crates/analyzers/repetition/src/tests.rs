//! Unit tests on hand-built texts: each figure with its negatives, repeats, the fresh-sentence
//! property and the config.

use super::*;
use rhetor_doc::corpus_from_text;

/// The figures of `text` as `kind: pattern xN [note]` lines.
fn figures_of(text: &str, config: RepetitionConfig) -> Vec<String> {
    let corpus = corpus_from_text("t", text);
    let doc = &corpus.documents[0];
    let a = Repetition::new(config);
    let out = Analyzer::analyze(&a, doc, &Context::new(&corpus.vocab)).expect("runs").output;
    let table = out.tables.iter().find(|t| t.name == "figures").expect("figures table");
    table
        .rows
        .iter()
        .map(|r| match (&r[0], &r[1], &r[2], &r[3]) {
            (Cell::Text(k), Cell::Text(p), Cell::Int(n), Cell::Text(note)) => {
                format!("{k}: {p} x{n}{}", if note.is_empty() { String::new() } else { format!(" [{note}]") })
            }
            other => panic!("unexpected row {other:?}"),
        })
        .collect()
}

fn check(text: &str, want: &[&str]) {
    assert_eq!(figures_of(text, RepetitionConfig::default()), want, "{text}");
}

#[test]
fn anaphora_with_content_and_with_stop_word_openings() {
    check(
        "We shall fight on the beaches. We shall fight on the seas. Nothing else.",
        &["anaphora: We shall fight on x2"],
    );
    // The closing lines of the seed speech: "For the" is two stop words over three lines.
    check(
        "For the prosperity of our state,\n\nFor the unity of our Party, and\n\nFor the happiness of our people,\n",
        &["anaphora: For the x3"],
    );
    // Negatives: a one-word stop opening, and a two-word stop opening over only two sentences.
    check("The sky is blue. The sea is green.", &[]);
    check("For the people we work. For the nation we stand.", &[]);
    // Unless configured.
    let any = RepetitionConfig { stop_openings: true, ..RepetitionConfig::default() };
    assert_eq!(figures_of("The sky is blue. The sea is green.", any), ["anaphora: The x2"]);
}

#[test]
fn epistrophe() {
    check(
        "They fought for freedom and justice. We live for freedom and justice. Rain fell.",
        &["epistrophe: for freedom and justice x2"],
    );
    // Negative: an ending made only of stop words, over two sentences.
    check("He came for it. She went for it.", &[]);
}

#[test]
fn enumerations_with_gaps_and_varied_wording() {
    let text = "The first task facing cells is study.\n\nSome words here.\n\nThe second task facing cells at present \
                is education.\n\nThe fourth task is discipline.\n\nThe fifth task facing the cell is work.";
    check(text, &["enumeration: first task x4 [missing 3]"]);
    check("First, we grow. Second, we build. Third, we win.", &["enumeration: First x3"]);
    check("1. Grow wheat.\n2. Build homes.\n3. Win.", &["enumeration: 1 x3"]);
    // Negatives: a lone ordinal; numbers that do not rise.
    check("The first day was cold. It rained.", &[]);
    check("The second task is one. The first task is two. The third task is odd.", &[]);
}

#[test]
fn triads_and_their_negatives() {
    check("We need courage, wisdom and unity.", &["triad: courage, wisdom and unity x3"]);
    check("It belongs to the party, the army and the people.", &["triad: the party, the army and the people x3"]);
    check("Courage, wisdom and unity are needed.", &["triad: Courage, wisdom and unity x3"]);
    // A list of four is not a triad; nor are items that do not match.
    check("We need courage, wisdom, strength and unity.", &[]);
    check("In the morning, we grew and prices fell.", &[]);
    // The third item goes on as a noun phrase: not a closed list of three.
    check("Officials of cities, counties and industrial establishments met.", &[]);
}

#[test]
fn repeats_and_formulaicity() {
    let text = "The party central committee met. The party central committee spoke. Rain fell on the hills.";
    let corpus = corpus_from_text("t", text);
    let doc = &corpus.documents[0];
    let r = Analyzer::analyze(&Repetition::default(), doc, &Context::new(&corpus.vocab)).expect("runs");
    let repeats = &r.output.tables[0];
    assert_eq!(repeats.rows[0][0], Cell::Text("The party central committee".into()));
    assert_eq!(repeats.rows[0][2], Cell::Int(2));
    // 8 of 15 words are inside the two occurrences.
    assert_eq!(r.summary.formulaic_words, 8);
    assert_eq!(r.summary.words, 15);
    assert_eq!(r.summary.formulae.iter().next().map(|f| f.words), Some("the party central committee"));
    let labels: Vec<&str> = r.output.evidence.iter().map(|e| e.label.as_str()).collect();
    // The two sentences also open alike: an anaphora, whose members come first.
    assert_eq!(
        labels,
        [
            "anaphora: The party central committee (1/2)",
            "anaphora: The party central committee (2/2)",
            "repeat x2: the party central committee",
            "repeat x2: the party central committee"
        ]
    );
}

/// Appending a sentence of fresh words changes no repeat: the repeats table and the figures stay the
/// same, for several texts.
#[test]
fn a_fresh_sentence_changes_nothing_else() {
    for text in [
        "We shall fight on the beaches. We shall fight on the seas. The party central committee met.",
        "The first task is study. The second task is work. The third task is rest. Courage, wisdom and unity.",
        "Party cells must grow. Party cells must learn. Party cells must lead the people and the army.",
    ] {
        let with = format!("{text} Zebras quietly xylophone yesterday.");
        let run = |t: &str| {
            let corpus = corpus_from_text("t", t);
            let doc = &corpus.documents[0];
            let out =
                Analyzer::analyze(&Repetition::default(), doc, &Context::new(&corpus.vocab)).expect("runs").output;
            (out.tables[0].rows.clone(), out.tables[1].rows.clone(), out.evidence)
        };
        assert_eq!(run(text), run(&with), "{text}");
    }
}

#[test]
fn formulae_merge_and_cap_deterministically() {
    let table = |rows: &[(&str, u64)]| {
        let mut t = Formulae::default();
        for &(w, count) in rows {
            t.add_in_document(w.into(), 3, count);
        }
        t
    };
    let rows = |t: &Formulae| t.iter().map(|x| (x.words.to_string(), x.count, x.documents)).collect::<Vec<_>>();
    let a = table(&[("x y z", 5), ("a b c", 2)]);
    let b = table(&[("a b c", 3), ("d e f", 2)]);
    let mut m = a.clone();
    m.merge(&b);
    assert_eq!(rows(&m), [("a b c".into(), 5, 2), ("d e f".into(), 2, 1), ("x y z".into(), 5, 1)]);
    // Written as the list it was, in order of the words, and read back the same.
    let json = serde_json::to_string(&m).expect("writes");
    assert_eq!(
        json,
        r#"[{"words":"a b c","len":3,"count":5,"documents":2},{"words":"d e f","len":3,"count":2,"documents":1},{"words":"x y z","len":3,"count":5,"documents":1}]"#
    );
    assert_eq!(serde_json::from_str::<Formulae>(&json).expect("reads"), m);
    // A list with a formula twice reads as the two merged.
    let twice =
        r#"[{"words":"x y z","len":3,"count":1,"documents":1},{"words":"x y z","len":3,"count":4,"documents":2}]"#;
    assert_eq!(rows(&serde_json::from_str::<Formulae>(twice).expect("reads")), [("x y z".into(), 5, 3)]);
    // On longer interleaved tables, the same as summing by words in a sorted map, whatever the
    // order of the merges.
    let list = |step: usize, n: usize| -> Formulae {
        let mut t = Formulae::default();
        for i in 0..n {
            t.add_in_document(format!("w{:04}", i * step), 3, (i % 7) as u64 + 1);
        }
        t
    };
    for (x, y) in [(list(2, 300), list(3, 200)), (list(5, 0), list(1, 50)), (list(1, 50), list(5, 0))] {
        let (mut xy, mut yx) = (x.clone(), y.clone());
        xy.merge(&y);
        yx.merge(&x);
        assert_eq!(xy, yx);
        let mut sums: std::collections::BTreeMap<String, (u64, u64)> = std::collections::BTreeMap::new();
        for g in x.iter().chain(y.iter()) {
            let e = sums.entry(g.words.to_string()).or_default();
            e.0 += g.count;
            e.1 += g.documents;
        }
        assert_eq!(rows(&xy), sums.into_iter().map(|(w, (c, d))| (w, c, d)).collect::<Vec<_>>());
    }
    let mut floor = 0;
    m.cap(&mut floor, 2);
    // The cut falls on count 2: "d e f" goes, and the floor says so.
    assert_eq!(m.len(), 2);
    assert_eq!(floor, 2);
    // Ties at the cut all go: three formulae of count 5 capped at 2 leave none.
    let mut ties = table(&[("a", 5), ("b", 5), ("c", 5)]);
    let mut floor = 0;
    ties.cap(&mut floor, 2);
    assert!(ties.is_empty());
    assert_eq!(floor, 5);
}

#[test]
fn config_errors_name_the_key() {
    let registry = rhetor_engine::Registry::discover().expect("unique ids");
    let reg = registry.get("repetition").expect("registered");
    let bad = rhetor_analyzer::ConfigFile::new("t.toml", "[analyzers.repetition]\nfigure_unit = \"page\"\n");
    let err = (reg.build)(&AnalyzerSection { file: &bad, id: "repetition" }).err().expect("rejected");
    assert!(err.to_string().starts_with("t.toml:2:"), "{err}");
    assert!(err.to_string().contains("figure_unit"), "{err}");
}

#[test]
fn deflated_len_is_the_length_of_the_compressed_vector() {
    let text = "The Party must lead the people. ".repeat(5000) + &"abcdefghij".repeat(20_000);
    // In one thread, one compressor reset each time: a long text, short ones, the long one again.
    for data in [text.as_bytes(), b"", b"a", text.as_bytes()] {
        let want = miniz_oxide::deflate::compress_to_vec(data, COMPRESSION_LEVEL).len() as u64;
        assert_eq!(deflated_len(data), want);
    }
}

#[test]
fn shared_passages_read_at_most_passage_max_words() {
    let passage = "we shall build a strong and prosperous country for our people";
    let texts = [format!("First, {passage}."), format!("Then {passage} again."), format!("And {passage} too.")];
    let corpus = rhetor_doc::corpus_from_texts(&[("d0", &texts[0]), ("d1", &texts[1]), ("d2", &texts[2])]);
    let docs: Vec<&Document> = corpus.documents.iter().collect();
    let ctx = Context::new(&corpus.vocab);
    let table = |config: RepetitionConfig| {
        let r = Repetition::new(config);
        let out = r.across(&docs, &|i| std::borrow::Cow::Owned(r.prints(docs[i], &ctx)), &ctx);
        let t = out.tables.into_iter().find(|t| t.name == "shared_passages").expect("table");
        let pairs: Vec<String> = t.rows.iter().map(|r| format!("{:?}-{:?}", r[0], r[1])).collect();
        (pairs.len(), t.description)
    };
    // Every pair of the three documents shares the eleven-word passage.
    let (pairs, description) = table(RepetitionConfig::default());
    assert_eq!(pairs, 3, "{description}");
    assert!(!description.contains("not read"));
    // Room for two documents' words only: the third is left out, and the table says so.
    let (pairs, description) = table(RepetitionConfig { passage_max_words: 26, ..RepetitionConfig::default() });
    assert_eq!(pairs, 1);
    assert!(description.ends_with("; 1 later document(s) not read (over passage_max_words)"), "{description}");
}
