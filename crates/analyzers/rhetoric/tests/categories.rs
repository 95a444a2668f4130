//! The default dictionary's category table for each seed document and for four State of the Union
//! addresses from four eras, as reviewed snapshots; and the shard property: counts for a corpus equal
//! the sums over any split of it.

use rhetor_engine::{Analyzer, Cell, Context};
use rhetor_ingest::{IngestOptions, Ingested, ingest};
use rhetor_rhetoric::{Rhetoric, RhetoricConfig, Summary};
use std::path::{Path, PathBuf};

fn ingested(path: &str) -> Ingested {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    ingest(&[p], &IngestOptions::default()).expect("ingest")
}

fn analyzer() -> Rhetoric {
    Rhetoric::from_config(RhetoricConfig::default()).expect("the built-in dictionary parses")
}

/// Each document's category table as text: `id: hits/negated/net per_1000`, categories with hits.
fn tables(i: &Ingested) -> String {
    let r = analyzer();
    let ctx = Context::new(&i.corpus.vocab);
    let mut out = String::new();
    for d in &i.corpus.documents {
        let a = r.analyze(d, &ctx).expect("analyze");
        let table = a.output.tables.iter().find(|t| t.name == "categories").expect("categories table");
        out.push_str(&format!("== {} ({} words)\n", d.id, a.summary.words));
        for row in &table.rows {
            let text = |c: &Cell| match c {
                Cell::Int(n) => n.to_string(),
                Cell::Float(x) => format!("{x:.2}"),
                Cell::Text(s) => s.to_string(),
                Cell::Null => "-".into(),
            };
            if matches!(row[2], Cell::Int(0)) {
                continue;
            }
            out.push_str(&format!(
                "  {:<24} hits {:>4}  negated {:>2}  net {:>4}  per 1000 {:>6}  sentences {}\n",
                text(&row[0]),
                text(&row[2]),
                text(&row[3]),
                text(&row[4]),
                text(&row[5]),
                text(&row[6])
            ));
        }
    }
    out
}

#[test]
fn seed_documents() {
    insta::assert_snapshot!("seeds", tables(&ingested("../../../corpus")));
}

#[test]
fn four_sotu_addresses() {
    insta::assert_snapshot!("sotu", tables(&ingested("tests/data/sotu")));
}

#[test]
fn corpus_counts_equal_the_sums_over_any_split() {
    let i = ingested("../../../corpus");
    let r = analyzer();
    let ctx = Context::new(&i.corpus.vocab);
    let parts: Vec<Summary> = i.corpus.documents.iter().map(|d| r.analyze(d, &ctx).expect("analyze").summary).collect();
    let mut whole = Summary::default();
    for p in &parts {
        r.merge(&mut whole, p);
    }
    for cut in 0..=parts.len() {
        let (mut a, mut b) = (Summary::default(), Summary::default());
        parts[..cut].iter().for_each(|p| r.merge(&mut a, p));
        parts[cut..].iter().for_each(|p| r.merge(&mut b, p));
        r.merge(&mut a, &b);
        assert_eq!(a, whole, "split at {cut}");
    }
    assert!(whole.categories.iter().map(|c| c.hits).sum::<u64>() > 1000);
}
