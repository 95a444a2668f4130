//! `rhetor analyze --stream`: documents read, analysed and written one at a time as JSONL (the
//! layout of `results.jsonl`: a `run` line, a line per document, then the group lines and the
//! corpus line), with groups and the corpus kept as merged summaries. Memory holds the cleaned
//! texts, one batch of document models and the summaries, never the whole corpus's tokens. Work
//! across documents (shared passages) is left out of group and corpus lines (see
//! `rhetor_engine::Stream`).

use crate::Failure;
use crate::args::AnalyzeArgs;
use crate::commands::{ingest_options, load_config, print_warnings};
use anyhow::anyhow;
use rhetor_engine::{Plan, RunInfo, Stream};
use rhetor_ingest::sha256_hex;
use std::io::Write;

/// Documents tokenized together before being analysed one by one.
const BATCH: usize = 64;

pub fn run(args: &AnalyzeArgs, plan: &Plan) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let threads = args.input.threads.unwrap_or(plan.run.threads);
    // Into a temporary file renamed at the end (never a partial results.jsonl), or to stdout.
    let (target, temp) = match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Failure::Analysis(anyhow!("{}: {e}", dir.display())))?;
            (Some(dir.join("results.jsonl")), Some(dir.join(format!(".results.jsonl.tmp-{}", std::process::id()))))
        }
        None => (None, None),
    };
    let sink: Box<dyn Write + Send> = match &temp {
        Some(t) => Box::new(std::fs::File::create(t).map_err(|e| Failure::Analysis(anyhow!("{}: {e}", t.display())))?),
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let written = rhetor_engine::with_threads(threads, || -> Result<usize, Failure> {
        let cleaned =
            rhetor_ingest::clean_paths(&args.input.paths, &options).map_err(|e| Failure::Analysis(e.into()))?;
        let info = RunInfo {
            rhetor_version: env!("CARGO_PKG_VERSION").into(),
            config_path: config.path.clone(),
            config_sha256: sha256_hex(config.text.as_bytes()),
            inputs: cleaned.inputs.clone(),
            ingest_log: cleaned.log.clone(),
            timestamp: None,
        };
        let line = rhetor_report::jsonl_run(rhetor_engine::SCHEMA, &info, &plan.infos())
            .map_err(|e| Failure::Analysis(e.into()))?;
        out.write_all(line.as_bytes()).map_err(|e| Failure::Analysis(e.into()))?;
        let mut stream = Stream::new(plan, args.group_by.as_deref());
        let mut failed: Option<Failure> = None;
        let mut docs = 0;
        let streamed = rhetor_ingest::build_each(cleaned, &options, BATCH, |doc, vocab| {
            if failed.is_some() {
                return;
            }
            let line = stream
                .document(&doc, vocab)
                .map_err(|e| Failure::Analysis(e.into()))
                .and_then(|r| rhetor_report::jsonl_document(&r).map_err(|e| Failure::Analysis(e.into())))
                .and_then(|l| out.write_all(l.as_bytes()).map_err(|e| Failure::Analysis(e.into())));
            docs += 1;
            if let Err(e) = line {
                failed = Some(e);
            }
        })
        .map_err(|e| Failure::Analysis(e.into()))?;
        if let Some(e) = failed {
            return Err(e);
        }
        print_warnings(&streamed.warnings, &options);
        let (grouping, corpus) = stream.finish(&streamed.vocab);
        let tail = rhetor_report::jsonl_groups(grouping.as_ref(), &corpus).map_err(|e| Failure::Analysis(e.into()))?;
        out.write_all(tail.as_bytes()).map_err(|e| Failure::Analysis(e.into()))?;
        out.flush().map_err(|e| Failure::Analysis(e.into()))?;
        Ok(docs)
    });
    match (written, target, temp) {
        (Ok(docs), Some(target), Some(temp)) => {
            std::fs::rename(&temp, &target).map_err(|e| Failure::Analysis(anyhow!("{}: {e}", target.display())))?;
            if !args.quiet {
                eprintln!("streamed {docs} documents with {}", plan.ids().join(", "));
                eprintln!("wrote {}", target.display());
            }
            Ok(())
        }
        (Ok(_), _, _) => Ok(()),
        (Err(e), _, temp) => {
            if let Some(t) = temp {
                let _ = std::fs::remove_file(t);
            }
            Err(e)
        }
    }
}
