//! `rhetor analyze --shard K/N` and `rhetor merge PARTS...`: a run split across processes or
//! machines, then combined into the results one run gives, byte for byte.
//!
//! A shard reads its own files (and its own blocks of the record files a split plan cuts, see
//! `splits.rs`), analyses their documents and
//! writes its part (`part-K-of-N.jsonl`, see `part.rs`) a batch of documents at a time. The merge
//! checks that the parts belong together and cover every shard once, puts the corpus back together
//! from the parts alone (`reassemble.rs`; it never reads the corpus), resolves, writes and samples
//! each document's evidence in corpus order, and hands the rest to `rhetor_engine::merge_shards`.

use crate::Failure;
use crate::args::{AnalyzeArgs, Input, MergeArgs, ProfileArg};
use crate::common::{ingest_options, load_config, read_corpus};
use crate::dataset::DatasetFiles;
use crate::output::Staged;
use crate::part::{
    CorpusKey, Header, IngestRecord, MAX_SHARDS, PartDocument, PartSource, PartWarning, SHARD_SCHEMA, SharedPrints,
    parse_shard, read_evidence, read_part,
};
use crate::reassemble::{Reassembled, reassemble, resolve};
use crate::render::{finish_outcome, formats_of, render_results};
use crate::run_info::{Languages, print_language_warnings, run_info, warnings_of};
use anyhow::anyhow;
use clap::ValueEnum as _;
use rhetor_engine::{ConfigFile, Plan};
use rhetor_ingest::clean::evidence_rounds;
use rhetor_ingest::{GivenEvidence, IngestOptions, Split, sha256_hex};
use std::io::Write as _;
use std::path::PathBuf;

/// `rhetor analyze --shard K/N`: read the shard's files (those whose path [`rhetor_ingest::Split`]
/// gives it), analyse their documents, write the part.
pub fn run(
    args: &AnalyzeArgs,
    plan: &Plan,
    config: &ConfigFile,
    options: &IngestOptions,
    shard: &str,
) -> Result<(), Failure> {
    let (k, n) = parse_shard(shard)?;
    if args.formats.iter().any(|f| *f != crate::args::OutFormat::Jsonl) {
        return Err(Failure::Usage(anyhow!("--shard writes its part as JSONL only")));
    }
    let threads = args.input.threads.unwrap_or(plan.run.threads);
    let (header, ingested) = rhetor_engine::with_threads(threads, || -> Result<_, Failure> {
        let evidence = match &args.cleaning_evidence {
            Some(path) => Some(given_evidence(path, n, args, config)?),
            None => None,
        };
        let (blocks, splits_sha256) = match &args.splits {
            Some(path) => {
                let (blocks, sha) = crate::splits::given(path, n, &args.input, config)?;
                (Some(blocks), Some(sha))
            }
            None => (None, None),
        };
        let split = Some(Split { shard: k, shards: n });
        let options = IngestOptions { split, evidence, blocks: blocks.clone(), ..options.clone() };
        let ingested = if args.stdin_jsonl {
            let (stdin, field) = (std::io::stdin().lock(), args.row_number.as_deref());
            rhetor_ingest::rows::ingest_rows(stdin, field, &options).map_err(crate::common::ingest_failure)?
        } else {
            read_corpus(&args.input, &options)?
        };
        // Every source read, with the blocks read of a record file of the plan.
        let mut sources: Vec<PartSource> = ingested
            .sources
            .iter()
            .map(|s| match blocks.as_ref().and_then(|b| b.0.get(&*s.path)) {
                Some(plan) => {
                    let mine = plan.of_shard(k).into_iter().map(|i| i as u32).collect();
                    PartSource::of(s, mine, plan.blocks.len() as u32)
                }
                None => PartSource::of(s, Vec::new(), 0),
            })
            .collect();
        sources.sort_by(|a, b| a.path.cmp(&b.path));
        sources.dedup_by(|a, b| a.path == b.path);
        let ingest = IngestRecord {
            files: ingested.files.clone(),
            inputs: ingested.inputs.clone(),
            log: ingested.log.clone(),
            warnings: ingested.warnings.iter().map(PartWarning::of).collect(),
            languages: ingested.languages.clone(),
        };
        let header = Header {
            scope: "shard".into(),
            schema: SHARD_SCHEMA.into(),
            rhetor_version: env!("CARGO_PKG_VERSION").into(),
            shard: k,
            shards: n,
            documents: ingested.corpus.documents.len(),
            paths: if args.stdin_jsonl {
                vec![PathBuf::from(rhetor_ingest::rows::STDIN)]
            } else {
                args.input.paths.clone()
            },
            config: args.input.config.clone(),
            config_sha256: sha256_hex(config.text.as_bytes()),
            profile: args.input.profile.and_then(|p| p.to_possible_value()).map(|v| v.get_name().to_string()),
            manifest: args.input.manifest.clone(),
            lossy: args.input.lossy,
            analyzers: args.analyzers.clone(),
            group_by: args.group_by.clone(),
            splits_sha256,
            sources,
            ingest,
        };
        Ok((header, ingested))
    })?;
    let name = format!("part-{k}-of-{n}.jsonl");
    // The header, then the documents a batch at a time as they are analysed: a shard holds one
    // batch's results, not all of them.
    let write = |w: &mut dyn std::io::Write| -> anyhow::Result<()> {
        serde_json::to_writer(&mut *w, &header)?;
        w.write_all(b"\n")?;
        let file_of: std::collections::HashMap<&str, usize> =
            ingested.files.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
        let all: Vec<usize> = (0..ingested.corpus.documents.len()).collect();
        let batch = rhetor_engine::with_threads(threads, rhetor_engine::BatchRun::batch_size);
        for chunk in all.chunks(batch.max(1)) {
            let group_by = args.group_by.as_deref();
            let docs = rhetor_engine::with_threads(threads, || {
                rhetor_engine::run_shard(&ingested.corpus, plan, group_by, chunk, &|| {})
            })?;
            for d in docs {
                let doc = &ingested.corpus.documents[d.index];
                let file = file_of.get(&*doc.source.path).copied().unwrap_or(usize::MAX);
                let seq = ingested.seqs.get(d.index).copied().unwrap_or_default();
                serde_json::to_writer(&mut *w, &PartDocument::new(d, doc, file, seq))?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    };
    match &args.out {
        Some(dir) => {
            let mut staged = Staged::new(dir).map_err(Failure::Analysis)?;
            staged.with(&name, |w| write(w)).map_err(Failure::Analysis)?;
            let paths = staged.commit().map_err(Failure::Analysis)?;
            if !args.quiet {
                eprintln!("shard {k} of {n}: analyzed {} documents", header.documents);
                for p in paths {
                    eprintln!("wrote {}", p.display());
                }
            }
            Ok(())
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out).and_then(|()| out.flush().map_err(Into::into)).map_err(Failure::Analysis)
        }
    }
}

/// The merged round 2 of `rhetor evidence` over the `n` shards, as ingest takes it.
fn given_evidence(
    path: &std::path::Path,
    n: usize,
    args: &AnalyzeArgs,
    config: &ConfigFile,
) -> Result<GivenEvidence, Failure> {
    let f = read_evidence(path)?;
    if f.corpus != CorpusKey::of(&args.input, config) {
        return Err(Failure::Usage(anyhow!(
            "{}: evidence of another corpus or config (paths, manifest or config SHA-256 differ)",
            path.display()
        )));
    }
    match f.counted {
        Some(counted) if f.shard.is_none() && f.shards == n => {
            Ok(GivenEvidence(std::sync::Arc::new(evidence_rounds::evidence(&f.asked, counted))))
        }
        _ => Err(Failure::Usage(anyhow!(
            "{}: --cleaning-evidence takes the merged round 2 of the {n} shards (`rhetor merge-evidence`)",
            path.display()
        ))),
    }
}

/// `rhetor merge PARTS...`: reads the parts only, never the corpus.
pub fn merge(args: MergeArgs) -> Result<(), Failure> {
    let mut headers: Vec<(PathBuf, Header)> = Vec::new();
    let mut seen: Vec<Option<PathBuf>> = Vec::new();
    let mut parts = Vec::new();
    let shared = args.shared_prints.as_deref().map(SharedPrints::read).transpose()?;
    let mut by_text = crate::part::PrintsByText::new();
    for path in &args.parts {
        let (h, docs) = read_part(path, shared.as_ref(), &mut by_text)?;
        if h.shards == 0 || h.shards > MAX_SHARDS || h.shard >= h.shards {
            return Err(Failure::Usage(anyhow!(
                "{}: shard {} of {} is not a shard of a run (shards are 0 to N-1, N at most {MAX_SHARDS})",
                path.display(),
                h.shard,
                h.shards
            )));
        }
        match headers.first() {
            None => seen = vec![None; h.shards],
            Some((_, first)) if first.run_key() != h.run_key() => {
                return Err(Failure::Usage(anyhow!(
                    "{} is a part of another run than {} (corpus, config, analyzers, grouping or shard count differ)",
                    path.display(),
                    args.parts[0].display()
                )));
            }
            Some(_) => {}
        }
        if let Some(earlier) = seen.get_mut(h.shard).and_then(|s| s.replace(path.clone())) {
            return Err(Failure::Usage(anyhow!(
                "{} and {} are both shard {}",
                earlier.display(),
                path.display(),
                h.shard
            )));
        }
        headers.push((path.clone(), h));
        parts.push(docs);
    }
    let Some((_, header)) = headers.first() else { return Err(Failure::Usage(anyhow!("no parts given"))) };
    let header = header.clone();
    let missing: Vec<String> = (0..header.shards).filter(|&k| seen[k].is_none()).map(|k| k.to_string()).collect();
    if !missing.is_empty() {
        return Err(Failure::Usage(anyhow!(
            "shards {} of {} are missing: give every part-K-of-{}.jsonl",
            missing.join(", "),
            header.shards,
            header.shards
        )));
    }
    let profile = match &header.profile {
        Some(p) => Some(ProfileArg::from_str(p, true).map_err(|e| Failure::Usage(anyhow!("profile {p}: {e}")))?),
        None => None,
    };
    let input = Input {
        paths: header.paths.clone(),
        config: header.config.clone(),
        threads: args.threads,
        profile,
        manifest: header.manifest.clone(),
        lossy: header.lossy,
    };
    let config = load_config(input.config.as_deref())?;
    if sha256_hex(config.text.as_bytes()) != header.config_sha256 {
        return Err(Failure::Usage(anyhow!(
            "the config ({}) is not the one the shards ran with (its SHA-256 differs)",
            config.path
        )));
    }
    let registry = rhetor_builtins::registry().map_err(|e| Failure::Usage(e.into()))?;
    let plan =
        Plan::from_config(&config, &registry, header.analyzers.as_deref()).map_err(|e| Failure::Usage(e.into()))?;
    let options = ingest_options(&config, &input)?;
    let formats = formats_of(&args.formats, args.out.is_some())?;
    let threads = args.threads.unwrap_or(plan.run.threads);
    let outcome = rhetor_engine::with_threads(threads, || -> Result<_, Failure> {
        let Reassembled { ingested, warnings: warning_lines, documents: mut parts, evidence } =
            reassemble(&headers, parts, &options)?;
        drop(headers);
        for w in &warning_lines {
            eprintln!("warning: {w}");
        }
        let languages = Languages::of(&ingested.corpus.documents).warnings(&plan);
        print_language_warnings(&languages);
        let warnings = warnings_of(warning_lines, &languages);
        let info = run_info(&config, ingested.inputs.clone(), ingested.log.clone(), warnings);
        // Document by document, as one run: its evidence resolved, the whole of it to the dataset,
        // then the sample a run keeps (the same files as one run's, one document's evidence held
        // at a time).
        let mut staged = args.out.as_deref().map(Staged::new).transpose().map_err(Failure::Analysis)?;
        let mut dataset =
            staged.as_mut().map(|s| DatasetFiles::open(s, &plan)).transpose().map_err(Failure::Analysis)?;
        for ((d, items), doc) in parts.iter_mut().zip(evidence).zip(&ingested.corpus.documents) {
            resolve(d, items, doc)?;
            if let Some(ds) = dataset.as_mut() {
                ds.document(&d.result);
            }
            d.result.results.iter_mut().for_each(|r| r.compact(plan.run.evidence_sample));
        }
        let filtered = args.shared_prints.is_some();
        let mut results =
            rhetor_engine::merge_shards(&ingested.corpus, &plan, header.group_by.as_deref(), parts, info, filtered)
                .map_err(|e| Failure::Analysis(e.into()))?;
        if let Some(ds) = dataset {
            ds.finish(&results, &ingested.corpus.documents).map_err(Failure::Analysis)?;
        }
        results.run.summarize_ingest_log();
        results.run.evidence_sample = Some(plan.run.evidence_sample as u64);
        // Beside the dataset a document shows `document_evidence_sample` items, as in one run.
        if staged.is_some() {
            results.run.document_evidence_sample = Some(crate::stream::documents_sample(&plan) as u64);
        }
        let outcome = render_results(&results, &ingested.corpus, &formats, staged)?;
        std::mem::forget(results);
        std::mem::forget(ingested);
        Ok(outcome)
    })?;
    let summary = format!("merged {} shards", header.shards);
    finish_outcome(outcome, args.quiet, &summary)
}
