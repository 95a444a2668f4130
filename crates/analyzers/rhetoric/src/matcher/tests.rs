//! The matcher's tests: hand-checked matches (`check`), forms compiled once per vocabulary.
use super::*;
use rhetor_analyzer::ConfigFile;

const MACROS: &str = "[macros]\nWE = [\"we\", \"our\", \"us\"]\nMUST = [\"must\", \"should\", \"have to\"]\n\
    [negation]\nnegators = [\"not\", \"no\", \"n't\", \"without\"]\nbefore = 3\nignore = [\"not only\", \"without fail\"]\n";

thread_local! {
    /// Forms compiled on this thread (each test runs on its own).
    pub(super) static COMPILED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[test]
fn a_growing_vocabulary_compiles_each_form_once_and_matches_as_a_fresh_one() {
    // As under --stream: one new form per document, the matcher asked after each.
    let toml = format!("{MACROS}[[category]]\nid = \"c\"\nentries = [\"new*\", \"*3x\", \"fight\", \"we must\"]\n");
    let m = Matcher::new(Dictionary::parse(&ConfigFile::new("t.toml", toml)).unwrap_or_else(|e| panic!("{e}")));
    let mut corpus = rhetor_doc::corpus_from_text("t", "We must fight the enemy.");
    COMPILED.with(|c| c.set(0));
    let mut forms = m.forms(&corpus.vocab);
    for i in 0..3000 {
        // Every seventh new form a negator ("n't"), so that joined chunks keep their flags aligned.
        let form = if i % 7 == 0 { format!("can{i}n't") } else { format!("new{i}x") };
        corpus.vocab.intern(&form);
        forms = m.forms(&corpus.vocab);
    }
    let n = corpus.vocab.len();
    assert_eq!(COMPILED.with(std::cell::Cell::get), n, "every form compiled once, not once per document");
    assert!(forms.chunks.len() <= 2 * (usize::BITS - n.leading_zeros()) as usize, "{}", forms.chunks.len());
    let fresh = FormAtoms::default().extended(m.compile(&corpus.vocab, 0));
    for id in 0..n {
        assert_eq!(forms.of(id), fresh.of(id), "{}", corpus.vocab.form(FormId(id as u32)));
        assert_eq!(forms.entries_of(id), fresh.entries_of(id));
        assert_eq!(forms.is_negator(id), fresh.is_negator(id));
        assert_eq!(forms.is_negator(id), corpus.vocab.form(FormId(id as u32)).ends_with("n't"));
    }
    assert!(!forms.of(corpus.vocab.get("new2993x").map_or(0, |f| f.0 as usize)).is_empty());
}

/// A vocabulary freed and another of the same shape made in its place (the same address, the
/// same form lengths): the matcher must not take the first one's forms for the second's.
#[test]
fn a_new_vocabulary_in_the_place_of_a_freed_one_is_compiled_anew() {
    let dict = Dictionary::parse(&ConfigFile::new("t.toml", "[[category]]\nid = \"b\"\nentries = [\"british\"]\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    let m = Matcher::new(dict);
    for (text, hits) in [("the Mexican Government", 0), ("the British Government", 1), ("the Mexican Government", 0)] {
        let corpus = rhetor_doc::corpus_from_text("t", text);
        let mut n = 0;
        m.scan(&corpus.documents[0], &corpus.vocab, |_| n += 1);
        assert_eq!(n, hits, "{text}");
    }
}

/// Match `text` with categories given as `(id, entries)`; hits shown as `id: matched text`,
/// with `(negated)` where negated.
fn check(categories: &[(&str, &[&str])], text: &str, expected: &[&str]) {
    let mut toml = MACROS.to_string();
    for (id, entries) in categories {
        let list: Vec<String> = entries.iter().map(|e| format!("{e:?}")).collect();
        toml.push_str(&format!("[[category]]\nid = \"{id}\"\nentries = [{}]\n", list.join(", ")));
    }
    let dict = Dictionary::parse(&ConfigFile::new("t.toml", toml)).unwrap_or_else(|e| panic!("{e}"));
    let m = Matcher::new(dict);
    let corpus = rhetor_doc::corpus_from_text("t", text);
    let doc = &corpus.documents[0];
    let mut hits = Vec::new();
    m.scan(doc, &corpus.vocab, |h| hits.push(h));
    hits.sort_by_key(|h| (h.category, h.first_token));
    let shown: Vec<String> = hits
        .iter()
        .map(|h| {
            let (a, b) = (doc.tokens[h.first_token].start as usize, doc.tokens[h.last_token].end as usize);
            let id = &m.dict.categories[h.category].spec.id;
            format!("{id}: {}{}", &doc.text[a..b], if h.negated { " (negated)" } else { "" })
        })
        .collect();
    assert_eq!(shown, expected, "in {text:?}");
}

#[test]
fn words_globs_and_the_longest_phrase() {
    check(
        &[("enemy", &["hostile", "hostile force*", "imperialis*", "*socialist"])],
        "Hostile forces and imperialists, the hostile anti-socialist acts.",
        &["enemy: Hostile forces", "enemy: imperialists", "enemy: hostile", "enemy: anti-socialist"],
    );
}

#[test]
fn phrases_do_not_cross_punctuation() {
    check(
        &[("m", &["fighting efficiency"])],
        "The fighting efficiency; fighting, efficiency.",
        &["m: fighting efficiency"],
    );
}

#[test]
fn macros_and_gaps_stay_in_one_clause() {
    check(
        &[("ob", &["!WE {0,2} !MUST"])],
        "We must win. We all must go. We, all, must stop. Our people have to work. Us here and there should.",
        &["ob: We must", "ob: We all must", "ob: Our people have to"],
    );
}

#[test]
fn a_token_counts_once_per_category_and_may_count_in_several() {
    check(
        &[("a", &["great", "great leader"]), ("b", &["leader"])],
        "The great leader spoke.",
        &["a: great leader", "b: leader"],
    );
}

#[test]
fn negation_within_the_clause_only() {
    check(
        &[("enemy", &["hostile"])],
        "This is not hostile. It isn't really hostile. Not at all, hostile. They are hostile. \
         Not only hostile. Without fail hostile.",
        &[
            "enemy: hostile (negated)",
            "enemy: hostile (negated)",
            "enemy: hostile",
            "enemy: hostile",
            "enemy: hostile",
            "enemy: hostile",
        ],
    );
}

#[test]
fn case_sensitive_words_and_regexes() {
    let mut toml = String::from("[[category]]\nid = \"org\"\n");
    toml.push_str("entries = [{ pattern = \"WPK\", case_sensitive = true }, { regex = \"^kim(il|jong)\" }]\n");
    let m = Matcher::new(Dictionary::parse(&ConfigFile::new("t.toml", toml)).unwrap_or_else(|e| panic!("{e}")));
    let corpus = rhetor_doc::corpus_from_text("t", "The WPK, the wpk and Kimilsungism.");
    let mut hits = Vec::new();
    m.scan(&corpus.documents[0], &corpus.vocab, |h| hits.push(h));
    assert_eq!(hits.len(), 2, "{hits:?}");
}

#[test]
fn many_gaps_take_the_longest_placement() {
    // Two gaps or more: each (step, word) worked out once (the placements multiply otherwise).
    check(
        &[("g", &["a {0,3} b {0,3} c {0,3} d", "x {0,9} * {0,9} * {0,9} * {0,9} y"])],
        "a b x b c c d d. x p q r s t u v w y z y.",
        &["g: a b x b c c d d", "g: x p q r s t u v w y z y"],
    );
}

/// The quick decisions (a one-word entry at a word listed for it; a phrase refused by its next
/// word's atoms) give the very hits that following every entry's steps gives: over the bundled
/// corpus's two texts, with the built-in dictionary and entries made to catch the edge cases (a
/// case-sensitive second word, punctuation inside a phrase, gaps, globs, a macro first slot).
#[test]
fn quick_decisions_give_the_hits_of_following_the_steps() {
    let extra = "[[category]]\nid = \"edge\"\nentries = [\"the u.s.\", \"u.s. imperialists\", \
        { pattern = \"Arduous March\", case_sensitive = true }, \"party members\", \"party *\", \
        \"puppet* regime\", \"*ist party\", \"!WE {0,2} !MUST\", \"we must\", \"anti-us\", \"of the\"]\n";
    let toml = format!("{}\n{extra}", crate::BUILTIN);
    let dict = || Dictionary::parse(&ConfigFile::new("t.toml", toml.clone())).unwrap_or_else(|e| panic!("{e}"));
    let quick = Matcher::new(dict());
    let mut slow = Matcher::new(dict());
    slow.entries.iter_mut().for_each(|e| e.quick = Quick::Steps);
    assert!(quick.entries.iter().filter(|e| e.quick != Quick::Steps).count() > 100, "most entries decide quickly");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../corpus");
    let mut total = 0;
    for name in ["kcna-cell-secretaries-speeches-2021-04.txt", "pyongyang-times-2021-04-10.txt"] {
        let text = std::fs::read_to_string(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let corpus = rhetor_doc::corpus_from_text(name, &text);
        let doc = &corpus.documents[0];
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let counts_a = quick.scan(doc, &corpus.vocab, |h| a.push(h));
        let counts_b = slow.scan(doc, &corpus.vocab, |h| b.push(h));
        assert_eq!(counts_a, counts_b, "{name}");
        assert_eq!(a, b, "{name}");
        assert!(a.iter().any(|h| h.category == quick.dict.categories.len() - 1), "{name}: the edge entries match");
        total += a.len();
    }
    assert!(total > 1000, "{total} hits");
}
