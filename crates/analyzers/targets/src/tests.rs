//! Hand-counted cases: overlapping aliases, possessives, a target twice in a sentence, a sentence
//! ending after "U.S.", negation, co-mentions, epithets, the rhetoric categories beside a target,
//! periods and their changes, merging, and the shipped targets files.

use super::*;
use rhetor_analyzer::Context;
use rhetor_doc::corpus_from_text;

/// The targets of `toml`, without the rhetoric categories (their evidence is left out).
fn targets(toml: &str) -> Targets {
    Targets::new(TargetsConfig::default(), &ConfigFile::new("t.toml", toml), None).expect("targets file")
}

/// The targets of `toml` with the built-in rhetoric dictionary's categories, as the default config.
fn with_categories(toml: &str) -> Targets {
    let rhetoric = ConfigFile::new(rhetor_rhetoric::BUILTIN_LABEL, rhetor_rhetoric::BUILTIN);
    Targets::new(TargetsConfig::default(), &ConfigFile::new("t.toml", toml), Some(&rhetoric)).expect("targets file")
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
    // With the rhetoric dictionary's negation rules, a mention under a negator is marked.
    let enemy = "[dictionary]\nname = \"e\"\n\n[[category]]\nid = \"enemy\"\nentries = [\"enemy\", \"enemies\"]\n";
    let (s, ev) = run(&with_categories(enemy), "He is not an enemy. The enemy attacked. No enemies.");
    assert_eq!((s.targets[0].mentions, s.targets[0].negated), (3, 2), "{ev:?}");
    assert!(ev.contains(&"enemy: enemy (negated) = enemy".to_string()), "{ev:?}");
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
    let names: Vec<&str> = out.metrics.iter().map(|m| m.name().as_str()).collect();
    assert_eq!(names, ["words", "mentions", "usa", "south_korea"]);
    assert_eq!(out.metrics[1].value, Value::Int(2));
    // 1 mention in 10 words: 100 per 1,000.
    assert_eq!(acc.words, 10);
    assert_eq!(out.metrics[2].value, Value::Float(100.0));
    let targets = &out.tables[0];
    assert_eq!(targets.columns.last().map(SmolStr::as_str), Some("document_share"));
    assert_eq!(targets.rows[0][11], Cell::Float(0.5), "document_share");
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
        covered(&[(0, 0, 0, 2, 5, false), (1, 0, 0, 5, 5, false), (2, 0, 0, 5, 5, false), (3, 0, 0, 3, 6, false)]),
        [false, true, true, false]
    );
    assert_eq!(covered(&[(0, 0, 0, 1, 1, false), (1, 0, 0, 1, 1, false)]), [false, false], "equal spans both stay");
}

#[test]
fn the_sentences_that_mention_a_target_are_scored_with_vader() {
    let t = targets(SMALL);
    let text = "The U.S. is a wonderful and kind friend. South Korea is a terrible, evil enemy. The U.S. met.";
    let (s, _) = run(&t, text);
    let vader = Vader::builtin();
    let mut scratch = rhetor_sentiment::vader::Scratch::default();
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
    assert_eq!(row[7], Cell::Float(round4((good + plain) as f64 / 1e4 / 2.0)), "mean compound of the U.S.'s sentences");
    assert_eq!(row[8], Cell::Float(0.5));
    // Off: no sentiment columns.
    let off = Targets::new(
        TargetsConfig { sentiment: false, ..TargetsConfig::default() },
        &ConfigFile::new("t.toml", SMALL),
        None,
    )
    .expect("targets");
    let (s, _) = run(&off, text);
    assert_eq!(s.targets[0].compound_sum, 0);
    assert_eq!(off.summarize(&s, &Context::new(&vocab)).tables[0].columns.len(), 7);
}

#[test]
fn reserved_ids_are_refused_with_their_line() {
    let bad = SMALL.replace("id = \"usa\"", "id = \"mentions\"");
    let e = Targets::new(TargetsConfig::default(), &ConfigFile::new("t.toml", bad), None).expect_err("refused");
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
        let file = ConfigFile::new(name, text);
        let dict = Dictionary::parse(&file).expect("parses");
        // Every example of a target mentions it; an example of a phrase that is no mention has
        // fewer mentions than without those phrases.
        let without = dict.categories.iter().position(|c| c.spec.id == NOT_A_MENTION).map(|k| {
            let mut table: toml::Table = toml::from_str(text).expect("toml");
            if let Some(toml::Value::Array(c)) = table.get_mut("category") {
                c.remove(k);
            }
            targets(&toml::to_string(&table).expect("toml"))
        });
        let total = |s: &Summary| s.targets.iter().map(|x| x.mentions).sum::<u64>();
        for c in &dict.categories {
            for ex in &c.spec.examples {
                let (s, ev) = run(&t, ex);
                if c.spec.id == NOT_A_MENTION {
                    let (all, _) = run(without.as_ref().expect("the file has the phrases"), ex);
                    assert!(total(&s) < total(&all), "{name}: `{ex}` is still a mention: {ev:?}");
                } else {
                    let k = t.targets.iter().position(|x| x.0 == c.spec.id).expect("a target");
                    assert!(s.targets[k].mentions > 0, "{name}: `{ex}` does not mention {}: {ev:?}", c.spec.id);
                }
            }
        }
        assert!(t.targets.iter().all(|x| x.0 != NOT_A_MENTION), "{name}: the phrases are no target");
    }
}

#[test]
fn epithets_before_in_apposition_and_in_clauses() {
    let t = targets(SMALL);
    let text = "The warmongering U.S. imperialists threatened us. Washington, the chieftain of aggression, lied. \
                The puppet regime which is hell-bent on war failed. AUKUS regards South Korea as a tool. \
                Then the south puppets, the U.S.'s servants, fled. Slammed the U.S., a state that is in decline \
                and in debt, today.";
    let (s, ev) = run(&t, text);
    let epithets = |k: usize| s.targets[k].epithets.iter().map(|(e, n)| format!("{e} x{n}")).collect::<Vec<_>>();
    assert_eq!(
        epithets(0),
        ["apposition\tchieftain of aggression x1", "before\twarmongering x1"],
        "no apposition that runs on without punctuation within six words: {ev:?}"
    );
    // "which is" left out and the clause cut at three words; "AUKUS regards" is no modifier run
    // (no determiner before it); "the south puppets": "south"; ", the U.S.'s servants," holds a
    // mention and is cut there, leaving no apposition.
    assert_eq!(epithets(1), ["before\tsouth x1", "clause\thell-bent on war x1"]);
    assert!(ev.contains(&"usa epithet: chieftain of aggression = chieftain of aggression".to_string()), "{ev:?}");
    // Ranked: in the corpus table, with counts per mention and both ranks.
    let vocab = rhetor_doc::Vocabulary::default();
    let out = t.summarize(&s, &Context::new(&vocab));
    let table = out.tables.iter().find(|t| t.name == "epithets").expect("epithets table");
    assert_eq!(table.rows.len(), 4);
    assert_eq!(table.rows[0][0], Cell::Text("usa".into()));
    assert_eq!(table.rows[0][3], Cell::Int(1));
}

#[test]
fn rhetoric_categories_beside_a_target_against_the_other_sentences() {
    let t = with_categories(SMALL);
    let text = "The U.S. prepares a war of aggression. The U.S. talks. We build houses. We build roads.";
    let (s, ev) = run(&t, text);
    let enemy = t.categories.iter().position(|c| c == "enemy.threat").expect("a category");
    assert_eq!(s.targets[0].sentences, 2);
    let [with, hits] = s.targets[0].categories[&enemy];
    assert_eq!(with, 1, "one of the two sentences naming the U.S. has an enemy.threat hit: {ev:?}");
    assert!(hits >= 1);
    assert_eq!(s.category_sentences[enemy], 1, "and no other sentence");
    assert!(ev.iter().any(|e| e.starts_with("usa with enemy.threat: ")), "{ev:?}");
    let vocab = rhetor_doc::Vocabulary::default();
    let out = t.summarize(&s, &Context::new(&vocab));
    let table = out.tables.iter().find(|t| t.name == "categories").expect("categories table");
    let row = table.rows.iter().find(|r| r[1] == Cell::Text("enemy.threat".into())).expect("a row");
    // Share 1/2 beside the U.S., 0/2 elsewhere: G² of the table [[1, 1], [0, 2]], 1.7261.
    assert_eq!((row[2].clone(), row[3].clone(), row[4].clone()), (Cell::Int(1), Cell::Float(0.5), Cell::Float(0.0)));
    assert_eq!(row[7], Cell::Float(1.7261));
    // Every category the corpus has is a row, those never beside the target too.
    assert_eq!(table.rows.len(), s.category_sentences.iter().filter(|n| **n > 0).count());
    // A category hit on a mention's words is not beside it: "Party" is an alias of the party and
    // an `organisation` entry; "the Central Committee" beside it is.
    let party = "[dictionary]\nname = \"p\"\n\n[[category]]\nid = \"party\"\nentries = [\"party\"]\n";
    let t = with_categories(party);
    let organisation = t.categories.iter().position(|c| c == "organisation").expect("a category");
    let (s, ev) = run(&t, "The Party leads. The Party and the Central Committee lead.");
    assert_eq!(s.targets[0].categories[&organisation], [1, 1], "{ev:?}");
    assert_eq!(s.category_sentences[organisation], 1, "the other sentences alike");
    assert!(!ev.iter().any(|e| e.starts_with("party with organisation: party")), "{ev:?}");
}

#[test]
fn months_of_dated_documents_and_their_largest_changes() {
    let t = targets(SMALL);
    let dated = |date: &str, text: &str| {
        let mut corpus = corpus_from_text("d", text);
        corpus.documents[0].meta.date = Some(date.into());
        Analyzer::analyze(&t, &corpus.documents[0], &Context::new(&corpus.vocab)).expect("runs").summary
    };
    let plain = |n: usize| "plain ".repeat(n) + ".";
    let mut acc = Summary::default();
    for (date, text) in [
        ("2024-01-05", format!("The U.S. met. {}", plain(1200))),
        ("2024-01-20", "Nothing at all is said.".to_string()),
        ("2024-02-10", format!("The U.S. and Washington met. {}", plain(1000))),
        ("2024-04-02", "The U.S. met.".to_string()),
        ("undated", "The U.S. met.".to_string()),
    ] {
        t.merge(&mut acc, &dated(date, &text));
    }
    assert_eq!(acc.months.keys().collect::<Vec<_>>(), ["2024-01", "2024-02", "2024-04"], "an unreadable date is out");
    assert_eq!(acc.months["2024-01"].documents, 2);
    let vocab = rhetor_doc::Vocabulary::default();
    let out = t.summarize(&acc, &Context::new(&vocab));
    let over = out.tables.iter().find(|t| t.name == "over_time").expect("over_time");
    let usa: Vec<&Vec<Cell>> = over.rows.iter().filter(|r| r[0] == Cell::Text("usa".into())).collect();
    let periods: Vec<Cell> = usa.iter().map(|r| r[1].clone()).collect();
    assert_eq!(periods, ["2024-01", "2024-02", "2024-03", "2024-04"].map(|p| Cell::Text(p.into())));
    let (jan, feb) = (acc.months["2024-01"].words, acc.months["2024-02"].words);
    assert_eq!((usa[0][3].clone(), usa[0][4].clone()), (Cell::Int(jan as i64), Cell::Int(1)));
    assert_eq!((usa[1][3].clone(), usa[1][4].clone()), (Cell::Int(feb as i64), Cell::Int(2)));
    // March has no document: its figures are null, and the chart keeps its time scale.
    assert_eq!((usa[2][2].clone(), usa[2][5].clone()), (Cell::Int(0), Cell::Null));
    let changes = out.tables.iter().find(|t| t.name == "changes").expect("changes");
    // The one change between periods of 1,000 words or more: January to February.
    assert_eq!(changes.rows.len(), 1, "{:?}", changes.rows);
    assert_eq!(
        changes.rows[0][..4],
        [
            Cell::Text("usa".into()),
            Cell::Text("per_1000_words".into()),
            Cell::Text("2024-01".into()),
            Cell::Text("2024-02".into())
        ]
    );
    let rate = |n: f64, w: u64| n * 1000.0 / w as f64;
    assert_eq!(changes.rows[0][6], Cell::Float(round4(rate(2.0, feb) - rate(1.0, jan))));
    // A document alone has no over-time tables.
    let one = t.summarize(&dated("2024-01-05", "The U.S. met."), &Context::new(&vocab));
    assert!(one.tables.iter().all(|t| t.name != "over_time"));
}

#[test]
fn the_transcript_seed_counted_by_hand() {
    // The transcript seed, whole (its header line too). Counted with grep -o -i -w over the file:
    // "Party" 98, "Party's" 7, "party" 2, "WPK" 4 — each alias of the party holds one of those
    // words ("Workers' Party of Korea", "Party Central Committee"), so 111 mentions; "parties" (1)
    // is no alias. The leader: "Kim Jong Un" in the header and the signature, "General
    // Secretary" in "its General Secretary": 3.
    let text = include_str!("../../../../corpus/kcna-cell-secretaries-speeches-2021-04.txt");
    let t = targets(BUILTIN);
    let (s, ev) = run(&t, text);
    let k = |id: &str| t.targets.iter().position(|x| x.0 == id).expect("a target");
    assert_eq!(s.targets[k("party")].mentions, 111);
    assert_eq!(
        s.targets[k("leader")].mentions,
        3,
        "{:?}",
        ev.iter().filter(|e| e.starts_with("leader")).collect::<Vec<_>>()
    );
    let others: u64 = s.targets.iter().map(|x| x.mentions).sum::<u64>() - 114;
    assert_eq!(others, 0, "no other target is named in the speeches");
}

#[test]
fn a_mention_inside_a_phrase_that_is_no_mention_is_none() {
    let file = "[dictionary]\nname = \"p\"\n\n[[category]]\nid = \"party\"\nentries = [\"party\"]\n\n\
                [[category]]\nid = \"not_a_mention\"\nentries = [\"communist party\", \"guilty party\"]\n\n\
                [[category]]\nid = \"russia\"\nentries = [\"russia\"]\n";
    let t = targets(file);
    assert_eq!(t.targets.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["party", "russia"], "no target");
    let (s, ev) = run(&t, "The Communist Party of China greeted the Party. The guilty party fled to Russia.");
    assert_eq!((s.targets[0].mentions, s.targets[1].mentions), (1, 1), "{ev:?}");
    assert_eq!(ev, ["party: party = Party", "russia: russia = Russia"]);
}
