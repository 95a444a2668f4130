//! `rhetor analyze --stream`: documents read, analysed and written one at a time as JSONL (the
//! layout of `results.jsonl`: a `run` line, a line per document, then the group lines and the
//! corpus line), with groups and the corpus kept as merged summaries. Memory holds one batch of
//! files and document models and the summaries (see `rhetor_ingest::stream_documents`), never the
//! whole corpus. The run line lists every input and edit, so document lines wait in a spill file
//! until the last file is read. Work
//! across documents (shared passages) is left out of group and corpus lines (see
//! `rhetor_engine::Stream`).

use crate::Failure;
use crate::args::{AnalyzeArgs, EvidenceKeep};
use crate::common::{ingest_options, load_config, print_warnings, warning_lines};
use crate::run_info::{Languages, print_language_warnings, run_info, warnings_of};
use crate::temp::TempFile;
use anyhow::anyhow;
use rhetor_engine::{Plan, Stream};
use std::io::Write;
use std::path::Path;

/// Documents tokenized together before being analysed one by one.
const BATCH: usize = 64;

pub fn run(args: &AnalyzeArgs, plan: &Plan) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let threads = args.input.threads.unwrap_or(plan.run.threads);
    let fail = |what: &Path, e: std::io::Error| Failure::Analysis(anyhow!("{}: {e}", what.display()));
    // The run line names every input and edit, known only once every file is read: document lines
    // wait in a spill file beside the output (or in the temporary folder for stdout), and the
    // output is assembled at the end into a temporary file renamed into place (never a partial
    // results.jsonl).
    // The temporary files are guards: removed on an error, a panic or a signal.
    let (target, temp, spill) = match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
            crate::temp::sweep_stale(dir);
            let temp = TempFile::beside(dir, "results.jsonl", "tmp");
            (Some(dir.join("results.jsonl")), Some(temp), TempFile::beside(dir, "results.jsonl", "documents"))
        }
        None => {
            let spill = std::env::temp_dir().join(format!(".rhetor-stream.documents-{}", std::process::id()));
            (None, None, TempFile::at(spill))
        }
    };
    let docs = stream_into(
        args,
        plan,
        &config,
        &options,
        threads,
        target.as_deref(),
        temp.as_ref().map(TempFile::path),
        spill.path(),
    )?;
    drop(spill);
    if let (Some(target), Some(temp)) = (target, temp) {
        temp.persist(&target).map_err(|e| fail(&target, e))?;
        if !args.quiet {
            eprintln!("streamed {docs} documents with {}", plan.ids().join(", "));
            eprintln!("wrote {}", target.display());
        }
    }
    Ok(())
}

/// An IO error as a failure naming the file.
fn io(what: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure::Analysis(anyhow!("{}: {e}", what.display()))
}

/// Stream the corpus: document lines into `spill`, then the run line, the spilled lines and the
/// group and corpus lines into `temp` (or stdout). Returns the number of documents.
#[allow(clippy::too_many_arguments)]
fn stream_into(
    args: &AnalyzeArgs,
    plan: &Plan,
    config: &rhetor_engine::ConfigFile,
    options: &rhetor_ingest::IngestOptions,
    threads: usize,
    target: Option<&Path>,
    temp: Option<&Path>,
    spill: &Path,
) -> Result<usize, Failure> {
    let spill_file = std::fs::File::create(spill).map_err(io(spill))?;
    let mut lines = std::io::BufWriter::with_capacity(1 << 16, spill_file);
    let (docs, streamed, grouping, corpus, languages) =
        rhetor_engine::with_threads(threads, || -> Result<_, Failure> {
            let mut stream = Stream::new(plan, args.group_by.as_deref());
            let sample = evidence_sample(args, plan);
            let mut failed: Option<Failure> = None;
            let mut docs = 0;
            let mut languages = Languages::default();
            let streamed = rhetor_ingest::stream_documents(&args.input.paths, options, BATCH, |doc, vocab| {
                if failed.is_some() {
                    return;
                }
                languages.add(&doc);
                let line = stream
                    .document(&doc, vocab)
                    .map_err(|e| Failure::Analysis(e.into()))
                    .map(|r| compact(r, sample))
                    .and_then(|r| rhetor_report::jsonl_document(&r, sample).map_err(|e| Failure::Analysis(e.into())))
                    .and_then(|l| lines.write_all(l.as_bytes()).map_err(io(spill)));
                docs += 1;
                if let Err(e) = line {
                    failed = Some(e);
                }
            })
            .map_err(|e| Failure::Analysis(e.into()))?;
            if let Some(e) = failed {
                return Err(e);
            }
            let (grouping, corpus) = stream.finish(&streamed.vocab);
            Ok((docs, streamed, grouping, corpus, languages))
        })?;
    lines.flush().map_err(io(spill))?;
    drop(lines);
    print_warnings(&streamed.warnings, options);
    let languages = languages.warnings(plan);
    print_language_warnings(&languages);
    let warnings = warnings_of(warning_lines(&streamed.warnings, options), &languages);
    let mut info = run_info(config, streamed.inputs, streamed.log, warnings);
    if let Some(k) = evidence_sample(args, plan) {
        info.summarize_ingest_log();
        info.evidence_sample = Some(k as u64);
    }
    let head = rhetor_report::jsonl_run(rhetor_engine::SCHEMA, &info, &plan.infos())
        .map_err(|e| Failure::Analysis(e.into()))?;
    let tail = rhetor_report::jsonl_groups(grouping.as_ref(), &corpus, evidence_sample(args, plan))
        .map_err(|e| Failure::Analysis(e.into()))?;
    let shown = target.unwrap_or(Path::new("stdout"));
    let sink: Box<dyn Write> = match temp {
        Some(t) => Box::new(std::fs::File::create(t).map_err(io(t))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    out.write_all(head.as_bytes()).map_err(io(shown))?;
    let mut spilled = std::fs::File::open(spill).map_err(io(spill))?;
    std::io::copy(&mut spilled, &mut out).map_err(io(shown))?;
    out.write_all(tail.as_bytes()).map_err(io(shown))?;
    out.flush().map_err(io(shown))?;
    Ok(docs)
}

/// `rhetor analyze --stdin-jsonl`: one document per input line (`{"id", "text", and metadata:
/// "title", "date", "outlet", "speaker", "kind", any other string field as `extra`}`), one
/// `document` line of results.jsonl out per input line, in order — the map step of a distributed
/// run (see docs/distributed.md). Texts are decoded as a file's bytes are, not cleaned; a document's
/// source is `stdin:N`, N its line or its number (`--row-number`; see `rhetor_ingest::rows`).
pub fn stdin_jsonl(args: &AnalyzeArgs, plan: &Plan) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let segment = rhetor_doc::SegmentOptions {
        abbreviations: rhetor_doc::Abbreviations::with_extra(&options.extra_abbreviations),
        markdown: false,
    };
    let mut stream = Stream::new(plan, args.group_by.as_deref());
    let mut vocab = rhetor_doc::Vocabulary::new();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut left_out: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut lines_read = 0;
    let mut rows = rhetor_ingest::rows::Lines::new(std::io::stdin().lock());
    let failed = |e: rhetor_ingest::IngestError| Failure::Analysis(e.into());
    while let Some(row) = rows.next_row(args.row_number.as_deref()).map_err(failed)? {
        lines_read += 1;
        // Decoded and its language detected as in a batch run over the rows; a row in a language
        // `[ingest] languages` leaves out gives no result line, and is counted on stderr at the end.
        let ready = rhetor_ingest::rows::ready(row, &options).map_err(failed)?;
        let Some(doc) = ready.doc else {
            if let Some(l) = ready.language {
                *left_out.entry(l).or_insert(0usize) += 1;
            }
            continue;
        };
        let (text, offsets) = doc.text.into_parts();
        let (id, meta, source) = (doc.id, doc.meta, doc.source);
        let mut local = rhetor_doc::Vocabulary::new();
        let mut doc = rhetor_doc::Document::build(id, meta, text, source, offsets, &segment, &mut local);
        rhetor_doc::adopt(&mut vocab, &mut doc, &local);
        let result = stream.document(&doc, &vocab).map_err(|e| Failure::Analysis(e.into()))?;
        let sample = evidence_sample(args, plan);
        let result = compact(result, sample);
        let l = rhetor_report::jsonl_document(&result, sample).map_err(|e| Failure::Analysis(e.into()))?;
        match out.write_all(l.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            r => r.map_err(|e| Failure::Analysis(e.into()))?,
        }
    }
    if !left_out.is_empty() {
        let left_out = left_out.into_iter().collect();
        let w = rhetor_ingest::Warning::Languages { kept: options.languages.0.clone(), left_out, total: lines_read };
        eprintln!("warning: {w}");
    }
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| Failure::Analysis(e.into())),
    }
}

/// The evidence a document's result keeps (`--evidence`, else `[run] evidence_sample`); `None`: all.
pub fn evidence_sample(args: &AnalyzeArgs, plan: &Plan) -> Option<usize> {
    match args.evidence {
        Some(EvidenceKeep::All) => None,
        Some(EvidenceKeep::Sample(n)) => Some(n),
        None => Some(plan.run.evidence_sample),
    }
}

/// The evidence items a document shows in the results files: beside `evidence.parquet` (with
/// `--out`), `--evidence N`, else `[run] document_evidence_sample` up to `evidence_sample`; without
/// it, all that the document keeps ([`evidence_sample`]). `None`: all.
pub fn document_evidence_sample(args: &AnalyzeArgs, plan: &Plan) -> Option<usize> {
    match (args.evidence, &args.out) {
        (Some(EvidenceKeep::All), _) => None,
        (Some(EvidenceKeep::Sample(n)), _) => Some(n),
        (None, None) => Some(plan.run.evidence_sample),
        (None, Some(_)) => Some(documents_sample(plan)),
    }
}

/// `[run] document_evidence_sample`, up to `evidence_sample`: what a document shows beside the
/// dataset.
pub fn documents_sample(plan: &Plan) -> usize {
    plan.run.document_evidence_sample.min(plan.run.evidence_sample)
}

/// A document's result as the batch run keeps it (see `AnalyzerResult::compact`).
fn compact(mut r: rhetor_engine::DocumentResult, sample: Option<usize>) -> rhetor_engine::DocumentResult {
    if let Some(k) = sample {
        r.results.iter_mut().for_each(|a| a.compact(k));
    }
    r
}
