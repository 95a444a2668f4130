//! The `sentiment` analyzer on the seed speeches: reviewed snapshots of sentence scores, sections,
//! arcs, top words and the most positive and negative sentences (VADER, the default), AFINN with
//! VADER as the second lexicon (disagreements), and the domain override.

use rhetor_engine::{Analyzer, Cell, Context, Metric, Output, Value};
use rhetor_ingest::{IngestOptions, Ingested, ingest};
use rhetor_sentiment::vader::{Scratch, Vader};
use rhetor_sentiment::{Sentiment, SentimentConfig};
use std::path::Path;

fn seeds() -> Ingested {
    ingest(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../corpus")], &IngestOptions::default()).expect("ingest")
}

fn cell(c: &Cell) -> String {
    match c {
        Cell::Int(n) => n.to_string(),
        Cell::Float(x) => format!("{x:.3}"),
        Cell::Text(s) => s.to_string(),
        Cell::Null => "-".into(),
    }
}

fn metrics(m: &[Metric]) -> String {
    m.iter()
        .map(|m| match m.value {
            Value::Int(n) => format!("{} {n}", m.name()),
            Value::Float(x) => format!("{} {x:.3}", m.name()),
            Value::Null => format!("{} -", m.name()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each document's metrics, first sentences (with their text), tables, arc and extreme sentences.
fn report(i: &Ingested, a: &Sentiment) -> String {
    let ctx = Context::new(&i.corpus.vocab);
    let mut out = String::new();
    let mut summaries = Vec::new();
    for d in &i.corpus.documents {
        let r = a.analyze(d, &ctx).expect("analyze");
        out.push_str(&format!("== {}\n  {}\n", d.id, metrics(&r.output.metrics)));
        for t in &r.output.tables {
            out.push_str(&format!("  -- {} ({})\n", t.name, t.columns.join(", ")));
            for row in t.rows.iter().take(if t.name == "sentences" { 12 } else { 10 }) {
                let mut line = row.iter().map(cell).collect::<Vec<_>>().join(" | ");
                if t.name == "sentences" || t.name == "disagreements" {
                    let Cell::Int(si) = row[0] else { panic!("sentence index") };
                    let text: String = d.span_text(d.sentences[si as usize].span).chars().take(70).collect();
                    line.push_str(&format!(" | {}", text.replace('\n', " ")));
                }
                out.push_str(&format!("    {line}\n"));
            }
        }
        series(&mut out, &r.output);
        for e in r.output.evidence.iter().filter(|e| e.label.starts_with("most")) {
            let s = d.source_span(e.span);
            let text: String = d.span_text(e.span).chars().take(60).collect();
            out.push_str(&format!("  {} | line {}:{} | {}\n", e.label, s.line, s.column, text.replace('\n', " ")));
        }
        let words: Vec<&str> = r
            .output
            .evidence
            .iter()
            .filter(|e| !e.label.starts_with("most"))
            .take(8)
            .map(|e| e.label.as_str())
            .collect();
        out.push_str(&format!("  first contributions: {}\n", words.join("; ")));
        summaries.push(r.summary);
    }
    let mut acc = Default::default();
    for s in &summaries {
        a.merge(&mut acc, s);
    }
    let total = a.summarize(&acc, &ctx);
    out.push_str(&format!("== corpus\n  {}\n", metrics(&total.metrics)));
    series(&mut out, &total);
    out
}

fn series(out: &mut String, o: &Output) {
    for s in &o.series {
        let points: Vec<String> = s.points.iter().map(|p| format!("{:.3}", p[1])).collect();
        out.push_str(&format!("  ~~ {}: {}\n", s.name, points.join(" ")));
    }
}

#[test]
fn seeds_with_vader() {
    let a = Sentiment::new(SentimentConfig::default()).expect("builds");
    insta::assert_snapshot!("seeds_vader", report(&seeds(), &a));
}

#[test]
fn seeds_with_afinn_against_vader() {
    let config = SentimentConfig { lexicon: "afinn".into(), compare: "vader".into(), ..SentimentConfig::default() };
    let a = Sentiment::new(config).expect("builds");
    insta::assert_snapshot!("seeds_afinn_vs_vader", report(&seeds(), &a));
}

#[test]
fn vader_sentence_scores_are_vader_on_the_sentence_text() {
    let i = seeds();
    let a = Sentiment::new(SentimentConfig::default()).expect("builds");
    let v = Vader::builtin();
    let ctx = Context::new(&i.corpus.vocab);
    let d = &i.corpus.documents[0];
    let r = a.analyze(d, &ctx).expect("analyze");
    let table = &r.output.tables[0];
    assert_eq!(table.name, "sentences");
    for row in &table.rows {
        let (Cell::Int(si), Cell::Float(score)) = (&row[0], &row[1]) else { panic!("row shape") };
        let text = d.span_text(d.sentences[*si as usize].span);
        assert_eq!(*score, v.score(text, &mut Scratch::default(), None).compound, "{text}");
    }
    // Every contribution's evidence span holds the word it names.
    for e in r.output.evidence.iter().filter(|e| !e.label.starts_with("most")) {
        let word = e.label.rsplit_once(' ').map(|(w, _)| w).expect("label");
        assert_eq!(d.span_text(e.span).to_lowercase(), word, "{e:?}");
    }
}

#[test]
fn domain_override_changes_only_its_words() {
    let i = seeds();
    let ctx = Context::new(&i.corpus.vocab);
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../config/lexicons/domain/state-media.toml");
    let plain = Sentiment::new(SentimentConfig::default()).expect("builds");
    let config = SentimentConfig { domain: domain.display().to_string(), ..SentimentConfig::default() };
    let domain = Sentiment::new(config).expect("builds");
    let d = &i.corpus.documents[0];
    // The words that contributed (their values may move: VADER's "but" weighting depends on them).
    let words = |a: &Sentiment| -> std::collections::BTreeSet<String> {
        let output = a.analyze(d, &ctx).expect("analyze").output;
        let labels = output.evidence.iter().filter(|e| !e.label.starts_with("most"));
        labels.map(|e| e.label.rsplit_once(' ').expect("label").0.to_string()).collect()
    };
    let (before, after) = (words(&plain), words(&domain));
    assert!(before.contains("struggle") && before.contains("fighting"), "the seed speaks of struggle: {before:?}");
    assert!(!after.contains("struggle") && !after.contains("fighting"), "neutral under the override: {after:?}");
    let removed: Vec<&String> = before.difference(&after).collect();
    assert!(
        removed.iter().all(|w| w.starts_with("struggl") || w.starts_with("fight") || w.starts_with("part")),
        "{removed:?}"
    );
    assert!(after.is_subset(&before), "nothing new appears");
}

#[test]
fn nrc_emotions_in_metrics_and_arcs() {
    let nrc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lexicons/nrc.txt");
    let config = SentimentConfig {
        lexicon: "nrc".into(),
        lexicon_path: nrc.display().to_string(),
        arc_segments: 2,
        ..SentimentConfig::default()
    };
    let a = Sentiment::new(config).expect("builds");
    // 12 words: the first half has the enemy (anger) and abandon (fear, sadness), the second the
    // victory (joy, trust).
    let corpus = rhetor_doc::corpus_from_text("t", "The enemy will abandon us. We won the victory today.");
    let r = a.analyze(&corpus.documents[0], &Context::new(&corpus.vocab)).expect("analyze");
    let m = |name: &str| r.output.metrics.iter().find(|m| m.name() == name).and_then(|m| m.value.as_f64());
    // 10 words: 1 anger word = 100 per 1,000 words.
    assert_eq!(
        (m("anger_per_1000_words"), m("joy_per_1000_words"), m("surprise_per_1000_words")),
        (Some(100.0), Some(100.0), Some(0.0))
    );
    let arc = |name: &str| r.output.series.iter().find(|s| s.name == name).map(|s| s.points.clone()).expect(name);
    // Part 1 holds the first 5 words (sentence 1), part 2 the next 5: 1 per 5 words = 200 per 1,000.
    assert_eq!(arc("arc_anger"), [[1.0, 200.0], [2.0, 0.0]]);
    assert_eq!(arc("arc_trust"), [[1.0, 0.0], [2.0, 200.0]]);
    // Sentence scores: −2 (enemy, abandon) and +1 (victory).
    assert_eq!(arc("arc"), [[1.0, -2.0], [2.0, 1.0]]);
}

/// Every table the analyzer declares typed (written wide by the dataset) fits its declaration on
/// every seed document: the sentences table with VADER (neg/neu/pos columns) and with AFINN (none),
/// and the top words.
#[test]
fn sentences_table_fits_its_declaration() {
    let i = seeds();
    let ctx = Context::new(&i.corpus.vocab);
    for (lexicon, columns) in [("vader", 7), ("afinn", 4)] {
        let a =
            Sentiment::new(SentimentConfig { lexicon: lexicon.into(), ..SentimentConfig::default() }).expect("builds");
        let declared = a.typed_tables();
        let names: Vec<&str> = declared.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["sentences", "top_words"]);
        assert_eq!(declared[0].columns.len(), columns, "{lexicon}");
        for d in &i.corpus.documents {
            let r = a.analyze(d, &ctx).expect("analyze");
            for t in &declared {
                let table = r.output.tables.iter().find(|x| x.name == t.name).expect("declared table");
                assert!(!table.rows.is_empty(), "{} {}", d.id, t.name);
                assert!(t.fits(table), "{lexicon} {} {}", d.id, t.name);
            }
        }
    }
}
