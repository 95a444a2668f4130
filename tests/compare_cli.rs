//! `rhetor freq` and `rhetor keyness` end to end: frequency lists with dispersion on the bundled
//! corpus, keyness between two documents checked against a hand computation, JSON output, and
//! usage errors.

mod common;
use common::{rhetor, scratch, stderr, stdout};

#[test]
fn frequency_lists() {
    let o = rhetor(&["freq", "corpus", "--top", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "rank\titem\tfreq\tper_million\tdocuments\tdp");
    assert!(lines[1].starts_with("1\tthe\t"), "{out}");
    assert_eq!(lines.len(), 4);
    let o = rhetor(&["freq", "corpus", "--ngram", "3", "--top", "1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["rows"][0]["item"], "of the party");
    assert_eq!(v["rows"][0]["documents"], 5.0);
    let o = rhetor(&["freq", "corpus", "--ngram", "5"]);
    assert_eq!(o.status.code(), Some(2), "n-grams stop at 4");
}

#[test]
fn keyness_between_two_documents_matches_a_hand_computation() {
    let dir = scratch("keyness");
    // Target: 10 words, "struggle" 4 times; reference: 20 words, "struggle" once.
    std::fs::write(dir.join("a.txt"), "Struggle and struggle. We struggle on, struggle ahead and win.\n")
        .expect("write");
    std::fs::write(
        dir.join("b.txt"),
        "We work and we build. The plan is good and the work is hard. We build on. One more struggle.\n",
    )
    .expect("write");
    let d = dir.to_str().expect("utf-8");
    let o = rhetor(&["keyness", d, "--target", "a", "--min-freq", "1", "--top", "0", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!((v["target"]["items"].as_u64(), v["reference"]["items"].as_u64()), (Some(10), Some(20)));
    let row = v["rows"].as_array().expect("rows").iter().find(|r| r["item"] == "struggle").expect("struggle");
    // a = 4 of c = 10, b = 1 of d = 20: E1 = 10 × 5 / 30 = 1.666667, E2 = 3.333333;
    // G² = 2 (4 ln(4 / 1.666667) + 1 ln(1 / 3.333333)) = 2 (3.501875 − 1.203973) = 4.595805.
    // Log ratio = log2((4/10) / (1/20)) = log2(8) = 3; %DIFF = 100 (0.4 − 0.05) / 0.05 = 700.
    assert!((row["g2"].as_f64().expect("g2") - 4.5958).abs() < 1e-4, "{row}");
    assert_eq!(row["log_ratio"].as_f64(), Some(3.0));
    assert_eq!(row["pct_diff"].as_f64(), Some(700.0));
    assert_eq!(row["direction"], "+");
    assert_eq!(v["rows"][0]["item"], "struggle", "ranked by G²");
    assert!(stderr(&o).contains("with a Bonferroni correction G2 must exceed"), "{}", stderr(&o));
}

#[test]
fn keyness_usage_errors() {
    let o = rhetor(&["keyness", "corpus", "--group-by", "kind", "--target", "speech"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no document is kind = speech"), "{}", stderr(&o));
    let o = rhetor(&["keyness", "corpus", "--group-by", "kind", "--target", "print", "--reference", "radio"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the reference (kind = radio) has no documents"), "{}", stderr(&o));
}

#[test]
fn kwic_lines_point_into_the_source_files() {
    let o = rhetor(&["kwic", "militant", "corpus", "--left", "3", "--right", "3", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).expect("json");
    assert!(lines.len() >= 14, "{}", lines.len());
    for l in &lines {
        assert_eq!(l["match"].as_str().map(str::to_lowercase).as_deref(), Some("militant"));
        // The line and column name the match in the original file (the print dump included).
        let text = std::fs::read_to_string(common::root().join(l["source"].as_str().expect("source"))).expect("source");
        let line = text.lines().nth(l["line"].as_u64().expect("line") as usize - 1).expect("line exists");
        let at: String = line.chars().skip(l["column"].as_u64().expect("column") as usize - 1).take(8).collect();
        assert_eq!(at.to_lowercase(), "militant", "{l}");
        assert!(l["left"].as_str().expect("left").split(' ').count() <= 3);
    }
    assert_eq!(lines[0]["left"], "mission as the");
    assert_eq!(lines[0]["right"], "General Staff that");
}

#[test]
fn kwic_sorting_sentences_and_categories() {
    let o = rhetor(&["kwic", "party", "corpus", "--right", "1", "--sort", "right", "--format", "json"]);
    let lines: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).expect("json");
    let rights: Vec<String> = lines.iter().map(|l| l["right"].as_str().expect("right").to_lowercase()).collect();
    assert!(rights.windows(2).all(|w| w[0] <= w[1]), "sorted by the right context");
    // Within the sentence: a sentence-initial match has no left context.
    let o = rhetor(&["kwic", "dear", "corpus", "--sentence", "--format", "json"]);
    let lines: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).expect("json");
    assert!(!lines.is_empty() && lines.iter().all(|l| l["left"] == ""), "{lines:?}");
    // A category of the configured dictionary; the entry that matched is named.
    let o = rhetor(&["kwic", "@militancy.metaphor", "corpus", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("document,source,line,column,sentence,left,match,right,entry\n"));
    assert!(out.lines().count() > 10, "{out}");
    let o = rhetor(&["kwic", "@nope", "corpus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no category `nope`"), "{}", stderr(&o));
}

#[test]
fn analyze_compare_two_groups() {
    let o =
        rhetor(&["analyze", "corpus", "--group-by", "kind", "--compare", "transcript", "print", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let c = &v["comparison"];
    assert_eq!((c["a"].as_str(), c["b"].as_str()), (Some("transcript"), Some("print")));
    let (wa, wb) = (c["a_words"].as_u64().expect("a"), c["b_words"].as_u64().expect("b"));
    let rows = c["rows"].as_array().expect("rows");
    let hits = rows.iter().find(|r| r["analyzer"] == "rhetoric" && r["metric"] == "hits").expect("rhetoric hits");
    let (a, b) = (hits["a"].as_u64().expect("a"), hits["b"].as_u64().expect("b"));
    assert_eq!(hits["difference"].as_i64(), Some(a as i64 - b as i64));
    // G² from the two counts and sizes, as `keyness` computes it.
    let (fa, fb, fwa, fwb) = (a as f64, b as f64, wa as f64, wb as f64);
    let (e1, e2) = (fwa * (fa + fb) / (fwa + fwb), fwb * (fa + fb) / (fwa + fwb));
    let g2 = 2.0 * (fa * (fa / e1).ln() + fb * (fb / e2).ln());
    assert!((hits["g2"].as_f64().expect("g2") - g2).abs() < 1e-9, "{hits}");
    let words = rows.iter().find(|r| r["analyzer"] == "text-stats" && r["metric"] == "words").expect("words");
    assert!(words.get("g2").is_none(), "the size itself is not tested");
    assert!(c["tests"].as_u64().expect("tests") > 10 && c["bonferroni_g2"].as_f64().expect("threshold") > 3.84);
    let o = rhetor(&["analyze", "corpus", "--compare", "x", "corpus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`x` is neither a group"), "{}", stderr(&o));
}
