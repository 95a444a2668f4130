//! The batch run that `rhetor analyze` makes (documents handed in as ingest reads them, each let go
//! of its tokens once analysed; `rhetor_engine::BatchRun`) gives the results of the run over the
//! whole corpus in memory (`rhetor_engine::run_with`), byte for byte: in batches of 1, 2 and 3
//! documents, with and without groups, with every evidence item or a sample, and with the dataset's
//! sink seeing the same documents in the same order. (A failing document, with and without
//! `--keep-going`, is tested end to end through `rhetor analyze` in tests/cli.rs.)

use rhetor_engine::{BatchRun, DocumentResult, Plan, RunInfo};
use std::path::PathBuf;

fn plan() -> Plan {
    let registry = rhetor_builtins::registry().expect("registry");
    let config = rhetor_engine::ConfigFile::new("test", include_str!("../config/default.toml"));
    Plan::from_config(&config, &registry, None).expect("plan")
}

fn corpus() -> rhetor_doc::Corpus {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let options = rhetor_ingest::IngestOptions::default();
    let ingested = rhetor_ingest::ingest(&[root], &options).expect("bundled corpus");
    assert!(ingested.corpus.documents.len() >= 4);
    ingested.corpus
}

fn json(r: &rhetor_engine::RunResults) -> String {
    serde_json::to_string(r).expect("results serialize")
}

#[test]
fn batches_of_documents_without_their_tokens_give_the_whole_run() {
    let plan = plan();
    let corpus = corpus();
    for (group_by, sample) in [(None, None), (Some("kind"), Some(2)), (Some("title"), Some(0))] {
        let mut sunk: Vec<DocumentResult> = Vec::new();
        let mut sink = |d: DocumentResult| sunk.push(d);
        let whole =
            rhetor_engine::run_with(&corpus, &plan, group_by, RunInfo::default(), &|| {}, sample, Some(&mut sink))
                .expect("whole run");
        for size in [1, 2, 3] {
            let mut run = BatchRun::new(&plan, group_by, sample, false);
            let mut batch_sunk: Vec<DocumentResult> = Vec::new();
            for docs in corpus.documents.chunks(size) {
                let mut sink = |d: DocumentResult| batch_sunk.push(d);
                run.documents(docs.to_vec(), &corpus.vocab, &|| {}, Some(&mut sink));
            }
            let (batched, kept) = run.finish(&corpus.vocab, RunInfo::default()).expect("batch run");
            assert_eq!(json(&batched), json(&whole), "group_by {group_by:?}, sample {sample:?}, batches of {size}");
            assert_eq!(batch_sunk, sunk, "the sink's documents");
            assert_eq!(kept.len(), corpus.documents.len());
            assert!(kept.iter().all(|d| d.tokens.is_empty()), "tokens let go of");
            assert!(kept.iter().zip(&corpus.documents).all(|(k, d)| k.text == d.text && k.id == d.id));
        }
    }
}

/// Rows of the bundled corpus's paragraphs of at least `min` bytes: a corpus of many documents.
fn paragraphs(min: usize) -> rhetor_doc::Corpus {
    let mut rows = String::new();
    for (i, p) in corpus().documents.iter().flat_map(|d| d.text.split("\n\n")).filter(|p| p.len() >= min).enumerate() {
        let row = serde_json::json!({"id": format!("p{i:04}"), "text": p});
        rows.push_str(&row.to_string());
        rows.push('\n');
    }
    let options = rhetor_ingest::IngestOptions::default();
    rhetor_ingest::rows::ingest_rows(rows.as_bytes(), None, &options).expect("rows").corpus
}

/// A run that keeps evidence samples and series only for the documents a report can show in
/// detail (`BatchRun::keep_detail_only`) gives the reports and `results.json` (beside the dataset)
/// of a run that keeps them for every document, byte for byte, and keeps far fewer.
#[test]
fn keeping_detail_only_for_the_documents_shown_gives_the_same_reports() {
    let plan = plan();
    let corpus = paragraphs(200);
    let n = corpus.documents.len();
    assert!(n > 3 * rhetor_engine::detail::ALL_UP_TO, "{n} documents");
    let run = |detail_only: bool| {
        let mut run = BatchRun::new(&plan, None, Some(3), false);
        if detail_only {
            run.keep_detail_only();
        }
        for docs in corpus.documents.chunks(7) {
            run.documents(docs.to_vec(), &corpus.vocab, &|| {}, None);
        }
        run.finish(&corpus.vocab, RunInfo::default()).expect("batch run").0
    };
    let (mut all, mut detail) = (run(false), run(true));
    assert_eq!(rhetor_report::html(&detail, &()), rhetor_report::html(&all, &()));
    assert_eq!(rhetor_report::markdown(&detail), rhetor_report::markdown(&all));
    // results.json beside evidence.parquet: documents show no evidence.
    let json = |r: &mut rhetor_engine::RunResults| {
        (r.run.evidence_sample, r.run.document_evidence_sample) = (Some(3), Some(0));
        let mut out = Vec::new();
        rhetor_report::write_json(r, &mut out).expect("results.json");
        out
    };
    assert_eq!(json(&mut detail), json(&mut all));
    let with = |r: &rhetor_engine::RunResults| {
        r.documents.iter().filter(|d| d.results.iter().any(|a| !a.evidence.is_empty() || !a.series.is_empty())).count()
    };
    let (kept_all, kept) = (with(&all), with(&detail));
    assert!(kept_all > 2 * kept && kept > rhetor_engine::detail::ALL_UP_TO, "{kept_all} documents, {kept} kept");
    // Evidence counts stay.
    let counts = |r: &rhetor_engine::RunResults| -> Vec<u64> {
        r.documents.iter().flat_map(|d| &d.results).map(|a| a.evidence_count.max(a.evidence.len() as u64)).collect()
    };
    assert_eq!(counts(&detail), counts(&all));
}
