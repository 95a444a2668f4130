//! `rhetor analyze` as a batch run: documents read, cleaned and tokenized a batch at a time
//! (`rhetor_ingest::stream_documents`; rows on stdin: `rhetor_ingest::rows::stream_rows`), each
//! batch analysed in parallel as it comes, its results
//! sent to the dataset's writer thread and kept compact, its documents kept without their tokens
//! (`rhetor_engine::BatchRun`). The groups, the corpus, the work across documents and the reports
//! follow once the last file is read. Memory: the texts, the compact results and one batch of
//! document models, never the corpus's tokens.

use crate::Failure;
use crate::args::AnalyzeArgs;
use crate::common::{ingest_options, load_config, print_warnings, warning_lines};
use crate::dataset::{DatasetFiles, DatasetWriter};
use crate::output::Staged;
use crate::render::{finish_outcome, formats_of, render_results};
use crate::run_info::{Languages, print_language_warnings, run_info, warnings_of};
use anyhow::anyhow;
use indicatif::{ProgressBar, ProgressStyle};
use rhetor_engine::{BatchRun, DocumentResult, Plan, RunInfo};
use rhetor_report::Format;
use std::io::IsTerminal;

/// Files read together by ingest before their documents are tokenized and analysed.
const FILES_READ_TOGETHER: usize = 64;

pub fn run(args: &AnalyzeArgs, plan: &Plan) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let formats = formats_of(&args.formats, args.out.is_some())?;
    let threads = args.input.threads.unwrap_or(plan.run.threads);
    let sample = crate::stream::evidence_sample(args, plan);
    let group_by = args.group_by.as_deref();
    let done = rhetor_engine::with_threads(threads, || -> Result<_, Failure> {
        let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} analyzing: {pos} documents done") {
                bar.set_style(style);
            }
            bar
        });
        let tick = || {
            if let Some(b) = &bar {
                b.inc(1);
            }
        };
        let mut run = BatchRun::new(plan, group_by, sample, args.keep_going);
        if shows_no_document_evidence(&formats, crate::stream::document_evidence_sample(args, plan)) {
            run.keep_detail_only();
        }
        // The output folder is made once the first documents are read (a run that cannot read its
        // corpus leaves none), and the dataset's files take every document's rows as the run goes,
        // written by a thread of their own.
        let mut staged: Option<Staged> = None;
        let mut dataset: Option<DatasetWriter> = None;
        // texts.parquet, written while the run finishes (see `BatchRun::finish_beside`).
        let mut texts: Option<std::io::BufWriter<std::fs::File>> = None;
        let mut failed: Option<Failure> = None;
        let mut languages = Languages::default();
        let mut pending: Vec<rhetor_doc::Document> = Vec::new();
        let batch = BatchRun::batch_size();
        let mut analyse = |pending: &mut Vec<rhetor_doc::Document>,
                           vocab: &rhetor_doc::Vocabulary,
                           staged: &mut Option<Staged>,
                           dataset: &mut Option<DatasetWriter>,
                           texts: &mut Option<std::io::BufWriter<std::fs::File>>,
                           failed: &mut Option<Failure>| {
            if failed.is_some() || pending.is_empty() {
                pending.clear();
                return;
            }
            if let (None, Some(dir)) = (&staged, &args.out) {
                match Staged::new(dir).and_then(|mut s| DatasetFiles::open(&mut s, plan).map(|f| (s, f))) {
                    Ok((s, mut files)) => {
                        *staged = Some(s);
                        *texts = files.take_texts();
                        *dataset = Some(DatasetWriter::start(files, batch));
                    }
                    Err(e) => {
                        *failed = Some(Failure::Analysis(e));
                        return;
                    }
                }
            }
            let mut send = |d: DocumentResult| {
                if let Some(w) = dataset.as_ref() {
                    w.send(d);
                }
            };
            let sink: Option<&mut dyn FnMut(DocumentResult)> = if dataset.is_some() { Some(&mut send) } else { None };
            run.documents(std::mem::take(pending), vocab, &tick, sink);
        };
        let mut each = |doc: rhetor_doc::Document, vocab: &rhetor_doc::Vocabulary| {
            languages.add(&doc);
            pending.push(doc);
            if pending.len() >= batch {
                analyse(&mut pending, vocab, &mut staged, &mut dataset, &mut texts, &mut failed);
            }
        };
        let streamed = if args.stdin_jsonl {
            let field = args.row_number.as_deref();
            let stdin = std::io::stdin().lock();
            rhetor_ingest::rows::stream_rows(stdin, field, &options, FILES_READ_TOGETHER, &mut each)
        } else {
            rhetor_ingest::stream_documents(&args.input.paths, &options, FILES_READ_TOGETHER, &mut each)
        }
        .map_err(crate::common::ingest_failure)?;
        analyse(&mut pending, &streamed.vocab, &mut staged, &mut dataset, &mut texts, &mut failed);
        if let Some(e) = failed {
            return Err(e);
        }
        print_warnings(&streamed.warnings, &options);
        let languages = languages.warnings(plan);
        print_language_warnings(&languages);
        let warnings = warnings_of(warning_lines(&streamed.warnings, &options), &languages);
        let info = RunInfo {
            timestamp: args.timestamp.then(crate::common::timestamp),
            ..run_info(&config, streamed.inputs, streamed.log, warnings)
        };
        let write_texts =
            |docs: &[rhetor_doc::Document]| texts.map(|out| crate::dataset::write_texts(out, docs.iter()));
        let (mut results, documents, texts_written) =
            run.finish_beside(&streamed.vocab, info, write_texts).map_err(|e| Failure::Analysis(e.into()))?;
        for s in &results.run.skipped {
            eprintln!("warning: {} ({}): skipped: {}", s.document, s.path, s.error);
        }
        if let Some([a, b]) = args.compare.as_deref() {
            let comparison = rhetor_keyness::scopes::compare(&results, a, b).map_err(|e| Failure::Usage(anyhow!(e)))?;
            results.comparison = Some(comparison);
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        if let Some(w) = dataset {
            w.finish().and_then(|files| files.finish(&results, &documents)).map_err(Failure::Analysis)?;
        }
        texts_written.transpose().map_err(Failure::Analysis)?;
        // Compact results count the ingest log; its entries are in ingest-log.parquet.
        if let Some(k) = sample {
            results.run.summarize_ingest_log();
            results.run.evidence_sample = Some(k as u64);
            // What a document shows beside evidence.parquet (without it: all that it keeps).
            if args.out.is_some() {
                results.run.document_evidence_sample =
                    crate::stream::document_evidence_sample(args, plan).map(|n| n as u64);
            }
        }
        // Without an output folder yet (no document was read into a batch), it is made now.
        if let (None, Some(dir)) = (&staged, &args.out) {
            staged = Some(Staged::new(dir).map_err(Failure::Analysis)?);
        }
        let tokens: u64 = results.documents.iter().map(|d| d.counts.tokens).sum();
        let docs = results.documents.len();
        let corpus = rhetor_doc::Corpus { documents, vocab: streamed.vocab };
        let outcome = render_results(&results, &corpus, &formats, staged)?;
        // The process ends soon after: freeing the corpus and results piece by piece would only
        // cost time on one thread.
        std::mem::forget(results);
        std::mem::forget(corpus);
        Ok((outcome, docs, tokens))
    });
    let (outcome, docs, tokens) = done?;
    let summary = format!("analyzed {docs} documents, {tokens} tokens, with {}", plan.ids().join(", "));
    finish_outcome(outcome, args.quiet, &summary)
}

/// Whether files in `formats` show no document's evidence but that of the documents a report
/// shows in detail: the reports, and `results.json` when its documents show none
/// (`document_sample`). CSV and JSONL write every document's sample in their evidence files.
fn shows_no_document_evidence(formats: &[Format], document_sample: Option<usize>) -> bool {
    formats.iter().all(|f| match f {
        Format::Html | Format::Md => true,
        Format::Json => document_sample == Some(0),
        Format::Csv | Format::Jsonl => false,
    })
}
