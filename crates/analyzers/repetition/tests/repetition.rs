//! The `repetition` analyzer on real texts: its diversity measures against `lexicalrichness` 0.5.1
//! (fixture `tests/data/lexicalrichness.json`, made by `tests/data/make_lexicalrichness.py`), reviewed
//! snapshots of the seed documents and three State of the Union addresses, and the shard property.

use rhetor_engine::{Analyzer, Cell, Context, Metric, Value};
use rhetor_ingest::{IngestOptions, Ingested, ingest};
use rhetor_repetition::{Repetition, Summary};
use std::path::{Path, PathBuf};

fn ingested(path: &str) -> Ingested {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    ingest(&[p], &IngestOptions::default()).expect("ingest")
}

/// The four SOTU addresses bundled with the rhetoric analyzer's tests (MIT; see its NOTICE).
const SOTU: &str = "../rhetoric/tests/data/sotu";

fn metric(metrics: &[Metric], name: &str) -> f64 {
    metrics.iter().find(|m| m.name() == name).and_then(|m| m.value.as_f64()).unwrap_or(f64::NAN)
}

#[test]
fn diversity_matches_lexicalrichness() {
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lexicalrichness.json"))
            .expect("fixture"),
    )
    .expect("json");
    assert_eq!(fixture["version"], "0.5.1");
    let i = ingested(SOTU);
    let a = Repetition::default();
    let ctx = Context::new(&i.corpus.vocab);
    let mut compared = 0;
    for want in fixture["documents"].as_array().expect("documents") {
        let doc = i.corpus.documents.iter().find(|d| d.id == want["id"]).expect("document");
        let m = a.analyze(doc, &ctx).expect("analyze").output.metrics;
        for (ours, theirs) in [
            ("ttr", "ttr"),
            ("mattr", "mattr_50"),
            ("mtld", "mtld_0.72"),
            ("hdd", "hdd_42"),
            ("maas", "maas"),
            ("yule_k", "yule_k"),
        ] {
            let (x, y) = (metric(&m, ours), want[theirs].as_f64().expect("number"));
            assert!((x - y).abs() < 1e-6, "{}: {ours} {x} vs lexicalrichness {y}", doc.id);
            compared += 1;
        }
    }
    assert_eq!(compared, 4 * 6);
}

/// Each document's metrics, repeats and figures as text.
fn report(i: &Ingested) -> String {
    let a = Repetition::default();
    let ctx = Context::new(&i.corpus.vocab);
    let cell = |c: &Cell| match c {
        Cell::Int(n) => n.to_string(),
        Cell::Float(x) => format!("{x:.3}"),
        Cell::Text(s) => s.to_string(),
        Cell::Null => "-".into(),
    };
    let mut out = String::new();
    for d in &i.corpus.documents {
        let r = a.analyze(d, &ctx).expect("analyze");
        out.push_str(&format!("== {}\n", d.id));
        let metrics: Vec<String> = r
            .output
            .metrics
            .iter()
            .map(|m| match m.value {
                Value::Int(n) => format!("{} {n}", m.name()),
                Value::Float(x) => format!("{} {x:.3}", m.name()),
                Value::Null => format!("{} -", m.name()),
            })
            .collect();
        out.push_str(&format!("  {}\n", metrics.join(", ")));
        for t in &r.output.tables {
            let rows = if t.name == "repeats" { 10 } else { usize::MAX };
            out.push_str(&format!("  -- {} ({})\n", t.name, t.columns.join(", ")));
            for row in t.rows.iter().take(rows) {
                out.push_str(&format!("    {}\n", row.iter().map(cell).collect::<Vec<_>>().join(" | ")));
            }
        }
    }
    // Passages shared across documents: the count, the longest 15, and where the longest 3 are
    // in each source file.
    let docs: Vec<&rhetor_doc::Document> = i.corpus.documents.iter().collect();
    let across = a.across(&docs, &|i| std::borrow::Cow::Owned(a.prints(docs[i], &ctx)), &ctx);
    out.push_str(&format!("== corpus\n  shared_passages {}\n", metric(&across.metrics, "shared_passages")));
    for t in &across.tables {
        out.push_str(&format!("  -- {} ({})\n", t.name, t.columns.join(", ")));
        for row in t.rows.iter().take(15) {
            let cells: Vec<String> = row.iter().map(cell).map(|c| c.chars().take(60).collect()).collect();
            out.push_str(&format!("    {}\n", cells.join(" | ").replace('\n', " ")));
        }
    }
    for e in across.document_evidence.iter().take(6) {
        let doc = i.corpus.documents.iter().find(|d| d.id == e.document).expect("evidence document");
        let s = doc.source_span(e.span);
        let file = Path::new(&*s.path).file_name().map(|f| f.to_string_lossy()).unwrap_or_default();
        out.push_str(&format!(
            "  evidence: {} | {file}:{}:{} bytes {}..{}\n",
            e.label, s.line, s.column, s.start, s.end
        ));
    }
    out
}

#[test]
fn seed_documents() {
    insta::assert_snapshot!("seeds", report(&ingested("../../../corpus")));
}

#[test]
fn three_sotu_addresses() {
    let mut i = ingested(SOTU);
    i.corpus.documents.retain(|d| d.id != "1862-Lincoln-1");
    insta::assert_snapshot!("sotu", report(&i));
}

#[test]
fn corpus_summary_equals_the_merge_over_any_split() {
    let i = ingested("../../../corpus");
    let a = Repetition::default();
    let ctx = Context::new(&i.corpus.vocab);
    let parts: Vec<Summary> = i.corpus.documents.iter().map(|d| a.analyze(d, &ctx).expect("analyze").summary).collect();
    let mut whole = Summary::default();
    parts.iter().for_each(|p| a.merge(&mut whole, p));
    for cut in 0..=parts.len() {
        let (mut x, mut y) = (Summary::default(), Summary::default());
        parts[..cut].iter().for_each(|p| a.merge(&mut x, p));
        parts[cut..].iter().for_each(|p| a.merge(&mut y, p));
        a.merge(&mut x, &y);
        // Counts and the formulae table are exact; the weighted sums agree to rounding.
        assert_eq!(
            (x.words, x.formulaic_words, &x.formulae, x.figures),
            (whole.words, whole.formulaic_words, &whole.formulae, whole.figures),
            "split at {cut}"
        );
        for k in 0..7 {
            assert!((x.diversity_sum[k] - whole.diversity_sum[k]).abs() < 1e-6 * whole.diversity_sum[k].abs().max(1.0));
        }
    }
    let top = whole.formulae.iter().max_by_key(|f| f.count).expect("formulae");
    assert_eq!(top.words, "of the party");
    assert!(
        whole
            .formulae
            .iter()
            .any(|f| f.words == "the party's members and the other working people" && f.documents == 3)
    );
}
