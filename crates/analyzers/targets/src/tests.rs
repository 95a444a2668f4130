//! Hand-counted cases: overlapping aliases, possessives, a target twice in a sentence, a sentence
//! ending after "U.S.", co-mentions, merging, and the shipped targets files.

use super::*;
use rhetor_analyzer::Context;
use rhetor_doc::corpus_from_text;

fn targets(toml: &str) -> Targets {
    Targets::new(TargetsConfig::default(), &ConfigFile::new("t.toml", toml)).expect("targets file")
}

const SMALL: &str = r#"
[dictionary]
name = "t"

[[category]]
id = "usa"
label = "The United States"
entries = ["u.s.", "united states", "u.s. imperialists", "washington"]

[[category]]
id = "south_korea"
entries = ["south korea", "puppets", "puppet regime"]
"#;

/// Mentions per target, the evidence texts, and the sentences per target of `text`.
fn run(t: &Targets, text: &str) -> (Summary, Vec<String>) {
    let corpus = corpus_from_text("d", text);
    let doc = &corpus.documents[0];
    let r = Analyzer::analyze(t, doc, &Context::new(&corpus.vocab)).expect("runs");
    let ev = r.output.evidence.iter().map(|e| format!("{} = {}", e.label, doc.span_text(e.span))).collect();
    (r.summary, ev)
}

#[test]
fn overlapping_aliases_make_one_mention_and_possessives_count() {
    let t = targets(SMALL);
    let (s, ev) = run(&t, "The U.S. imperialists and the U.S.'s puppets met. Washington lied.");
    assert_eq!(s.targets[0].mentions, 3, "{ev:?}");
    assert_eq!(s.targets[1].mentions, 1);
    assert_eq!(
        ev,
        [
            "usa: u.s. imperialists = U.S. imperialists",
            "usa: u.s. = U.S.",
            "south_korea: puppets = puppets",
            "usa: washington = Washington"
        ]
    );
    // Two sentences name the United States; one names both.
    assert_eq!(s.targets[0].sentences, 2);
    assert_eq!(s.targets[1].sentences, 1);
    assert_eq!(s.co_mentions, BTreeMap::from([(0, BTreeMap::from([(1, 1)]))]));
}

#[test]
fn a_sentence_may_end_after_u_s_and_a_target_twice_counts_twice() {
    let t = targets(SMALL);
    let (s, _) = run(&t, "It was the U.S.\nThe United States and the U.S. again. South Korea stayed.");
    assert_eq!(s.sentences, 3);
    assert_eq!(s.targets[0].mentions, 3);
    assert_eq!(s.targets[0].sentences, 2, "the U.S. twice in one sentence is one sentence");
    assert_eq!(s.targets[1].sentences, 1);
    assert!(s.co_mentions.is_empty(), "never in the same sentence");
}

#[test]
fn negation_and_quotation_do_not_hide_a_mention() {
    // "not an enemy" still names the target: the analyzer counts mentions, not stances.
    let t = targets(SMALL);
    let (s, _) = run(&t, "South Korea is not an enemy. He said \"the puppet regime must go\".");
    assert_eq!(s.targets[1].mentions, 2);
}

#[test]
fn metrics_tables_and_merging() {
    let t = targets(SMALL);
    let (a, _) = run(&t, "The U.S. and South Korea met.");
    let (b, _) = run(&t, "Nothing here at all.");
    let mut acc = Summary::default();
    t.merge(&mut acc, &a);
    t.merge(&mut acc, &b);
    assert_eq!(acc.documents, 2);
    assert_eq!(acc.targets[0].documents, 1);
    let vocab = rhetor_doc::Vocabulary::default();
    let out = t.summarize(&acc, &Context::new(&vocab));
    let names: Vec<&str> = out.metrics.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["words", "mentions", "usa", "south_korea"]);
    assert_eq!(out.metrics[1].value, Value::Int(2));
    // 1 mention in 10 words: 100 per 1,000.
    assert_eq!(acc.words, 10);
    assert_eq!(out.metrics[2].value, Value::Float(100.0));
    let targets = &out.tables[0];
    assert_eq!(targets.columns.last().map(String::as_str), Some("document_share"));
    assert_eq!(targets.rows[0][10], Cell::Float(0.5), "document_share");
    assert_eq!(out.tables[2].rows, [vec![Cell::Text("usa".into()), Cell::Text("south_korea".into()), Cell::Int(1)]]);
}

#[test]
fn summaries_go_through_json_as_shards_send_them() {
    let t = targets(SMALL);
    let (s, _) = run(&t, "The U.S. and South Korea met. Washington's puppets.");
    let json = serde_json::to_value(&s).expect("serializes");
    let back: Summary = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, s);
}

#[test]
fn a_hit_inside_a_longer_hit_of_another_target_is_not_a_mention() {
    let t = targets(
        r#"
[dictionary]
name = "t"

[[category]]
id = "dprk"
entries = ["democratic people's republic of korea"]

[[category]]
id = "south_korea"
entries = ["republic of korea", "korea"]

[[category]]
id = "leader"
entries = ["kim jong un"]

[[category]]
id = "un"
entries = ["un"]

[[category]]
id = "korea_again"
entries = ["korea"]
"#,
    );
    let (s, ev) =
        run(&t, "The Democratic People's Republic of Korea and the Republic of Korea. Kim Jong Un spoke at the UN.");
    let mentions: Vec<u64> = s.targets.iter().map(|t| t.mentions).collect();
    // "Republic of Korea" inside the DPRK's name is no South Korea; "Un" inside "Kim Jong Un" is no
    // UN; "Korea" (another target's alias) lies inside a longer name both times it occurs.
    assert_eq!(mentions, [1, 1, 1, 1, 0], "{ev:?}");
    assert_eq!(
        covered(&[(0, 0, 0, 2, 5), (1, 0, 0, 5, 5), (2, 0, 0, 5, 5), (3, 0, 0, 3, 6)]),
        [false, true, true, false]
    );
    assert_eq!(covered(&[(0, 0, 0, 1, 1), (1, 0, 0, 1, 1)]), [false, false], "equal spans both stay");
}

#[test]
fn the_sentences_that_mention_a_target_are_scored_with_vader() {
    let t = targets(SMALL);
    let text = "The U.S. is a wonderful and kind friend. South Korea is a terrible, evil enemy. The U.S. met.";
    let (s, _) = run(&t, text);
    let vader = Vader::builtin();
    let mut scratch = VaderScratch::default();
    let mut c = |x: &str| (vader.score(x, &mut scratch, None).compound * 1e4).round() as i64;
    let (good, bad, plain) = (
        c("The U.S. is a wonderful and kind friend."),
        c("South Korea is a terrible, evil enemy."),
        c("The U.S. met."),
    );
    assert!(good >= 500 && bad <= -500 && plain.abs() < 500, "{good} {bad} {plain}");
    assert_eq!((s.targets[0].compound_sum, s.targets[0].positive, s.targets[0].negative), (good + plain, 1, 0));
    assert_eq!((s.targets[1].compound_sum, s.targets[1].positive, s.targets[1].negative), (bad, 0, 1));
    let vocab = rhetor_doc::Vocabulary::default();
    let out = t.summarize(&s, &Context::new(&vocab));
    let row = &out.tables[0].rows[0];
    assert_eq!(row[6], Cell::Float(round4((good + plain) as f64 / 1e4 / 2.0)), "mean compound of the U.S.'s sentences");
    assert_eq!(row[7], Cell::Float(0.5));
    // Off: no sentiment columns.
    let off =
        Targets::new(TargetsConfig { sentiment: false, ..TargetsConfig::default() }, &ConfigFile::new("t.toml", SMALL))
            .expect("targets");
    let (s, _) = run(&off, text);
    assert_eq!(s.targets[0].compound_sum, 0);
    assert_eq!(off.summarize(&s, &Context::new(&vocab)).tables[0].columns.len(), 6);
}

#[test]
fn reserved_ids_are_refused_with_their_line() {
    let bad = SMALL.replace("id = \"usa\"", "id = \"mentions\"");
    let e = Targets::new(TargetsConfig::default(), &ConfigFile::new("t.toml", bad)).expect_err("refused");
    assert!(e.to_string().contains("t.toml:"), "{e}");
    assert!(e.to_string().contains("`mentions`"), "{e}");
}

#[test]
fn the_shipped_files_parse_and_match_their_examples() {
    for (name, text) in [
        ("dprk-state-media.toml", BUILTIN),
        ("political-speech.toml", include_str!("../../../../config/targets/political-speech.toml")),
    ] {
        let t = targets(text);
        assert!(t.targets.len() >= 8, "{name}");
        // Every example of a target mentions it.
        let file = ConfigFile::new(name, text);
        let dict = Dictionary::parse(&file).expect("parses");
        for (k, c) in dict.categories.iter().enumerate() {
            for ex in &c.spec.examples {
                let (s, ev) = run(&t, ex);
                assert!(s.targets[k].mentions > 0, "{name}: `{ex}` does not mention {}: {ev:?}", c.spec.id);
            }
        }
    }
}
