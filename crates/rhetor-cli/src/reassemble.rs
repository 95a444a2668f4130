//! The corpus that the parts of a sharded run make, put back together from the parts alone: files
//! and documents in corpus order, inputs, cleaning log and warnings as one run records them,
//! repeated texts found across shards, and the texts tokenized again in corpus order.

use crate::Failure;
use crate::common::warning_lines;
use crate::part::{Header, PartDocument, PartSource, PartWarning};
use anyhow::anyhow;
use rhetor_doc::{InputFile, LogEntry, OffsetMap, Segment, Source};
use rhetor_engine::{ShardDocument, SmolStr};
use rhetor_ingest::{CleanDoc, Cleaned, IngestOptions, Ingested, Mapped, Warning, fingerprint, language};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What [`reassemble`] gives: the corpus as one run ingests it, the warnings as one run prints
/// them, and the shards' documents in corpus order (`index` their place in it), their evidence
/// still as spans ([`resolve`] it document by document).
pub struct Reassembled {
    pub ingested: Ingested,
    pub warnings: Vec<String>,
    pub documents: Vec<ShardDocument>,
    pub evidence: Vec<Vec<Vec<(SmolStr, u32, u32)>>>,
}

/// Put the parts (headers and documents, as read) back together.
pub fn reassemble(
    headers: &[(PathBuf, Header)],
    parts: Vec<Vec<PartDocument>>,
    options: &IngestOptions,
) -> Result<Reassembled, Failure> {
    let fail = |m: String| Failure::Analysis(anyhow!(m));
    // Rows on stdin: each row, numbered by its driver, is one part's (even a row whose language
    // left it out, which has no document to collide with).
    if is_rows(headers) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (p, (path, h)) in headers.iter().enumerate() {
            for f in &h.ingest.files {
                if let Some(q) = seen.insert(&f.path, p) {
                    return Err(fail(format!(
                        "row {} is in two parts, {} and {}: a row number given twice",
                        f.path,
                        headers[q].0.display(),
                        path.display()
                    )));
                }
            }
        }
    }
    let sources = sources_of(headers)?;
    // Every file read, in corpus order: (its order, its part, its place in the part's list).
    let mut files: Vec<(&rhetor_doc::FileOrder, usize, usize)> = Vec::new();
    for (p, (_, h)) in headers.iter().enumerate() {
        files.extend(h.ingest.files.iter().enumerate().map(|(i, f)| (f, p, i)));
    }
    // A record file read in blocks is read by several shards: one place for it.
    files.sort_by(|a, b| a.0.key().cmp(&b.0.key()).then(a.1.cmp(&b.1)));
    if let Some(w) = files.windows(2).find(|w| w[0].0.path == w[1].0.path && w[0].0 != w[1].0) {
        return Err(fail(format!("{} has two places in corpus order", w[0].0.path)));
    }
    let mut rank: HashMap<(usize, usize), usize> = HashMap::new();
    let mut unique: Vec<(&rhetor_doc::FileOrder, usize, usize)> = Vec::new();
    for &(f, p, i) in &files {
        if unique.last().is_none_or(|u| u.0.path != f.path) {
            unique.push((f, p, i));
        }
        rank.insert((p, i), unique.len() - 1);
    }
    let files = unique;
    let rank_of_path: HashMap<&str, usize> = files.iter().enumerate().map(|(r, f)| (f.0.path.as_str(), r)).collect();

    // (file's rank, (block, place in it), part, place in the part, the document)
    type Placed = (usize, (u32, u32), usize, usize, PartDocument);
    let mut docs: Vec<Placed> = Vec::new();
    for (p, part) in parts.into_iter().enumerate() {
        let (path, h) = (&headers[p].0, &headers[p].1);
        let mut places: Vec<usize> = part.iter().map(|d| d.index).collect();
        places.sort_unstable();
        if places.len() != h.documents || places.iter().enumerate().any(|(i, &x)| i != x) {
            return Err(fail(format!(
                "{}: the part holds {} documents, numbered otherwise than the {} its header counts (cut short or edited?)",
                path.display(),
                places.len(),
                h.documents
            )));
        }
        for d in part {
            let &r = rank.get(&(p, d.file)).ok_or_else(|| {
                fail(format!(
                    "{}: document `{}` names file {}, not in its header",
                    headers[p].0.display(),
                    d.result.id,
                    d.file
                ))
            })?;
            docs.push((r, (d.block, d.seq), p, d.index, d));
        }
    }
    docs.sort_by_key(|&(r, seq, p, i, _)| (r, seq, p, i));
    if let Some(w) = docs.windows(2).find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1)) {
        let (a, b) = (&w[0], &w[1]);
        return Err(fail(format!(
            "documents `{}` ({}, in {}) and `{}` ({}, in {}) have one place in corpus order",
            a.4.result.id,
            a.4.result.source.path,
            headers[a.2].0.display(),
            b.4.result.id,
            b.4.result.source.path,
            headers[b.2].0.display()
        )));
    }

    // Repeated texts and ids, across shards, in corpus order (as one run finds them).
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut texts: HashMap<(usize, u64, u64), String> = HashMap::new();
    let mut repeats: Vec<Warning> = Vec::new();
    let mut clean = Vec::with_capacity(docs.len());
    let mut documents = Vec::with_capacity(docs.len());
    let mut evidence = Vec::with_capacity(docs.len());
    for (_, _, _, _, d) in docs {
        let id = d.result.id.clone();
        if let Some(first) = ids.insert(id.clone(), d.result.source.path.clone()) {
            let second = d.result.source.path.clone();
            return Err(Failure::Analysis(rhetor_ingest::IngestError::DuplicateId { id, first, second }.into()));
        }
        let key = fingerprint(&d.text);
        if let Some(first) = texts.get(&key) {
            repeats.push(Warning::Duplicate { id: id.clone(), first: first.clone() });
            if options.skip_duplicates {
                continue;
            }
        } else if !d.text.trim().is_empty() {
            texts.insert(key, id.clone());
        }
        let mut d = d;
        evidence.push(std::mem::take(&mut d.evidence));
        let (doc, shard_doc) = clean_doc(d, &sources, documents.len())?;
        clean.push(doc);
        documents.push(shard_doc);
    }
    if documents.is_empty() {
        let shown: Vec<String> = headers[0].1.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(fail(format!("{}: no documents in any shard", shown.join(", "))));
    }

    let (inputs, log) = inputs_and_log(headers, &files, &rank_of_path);
    let warnings = warnings_of(headers, &rank_of_path, repeats, options);
    let cleaned = Cleaned {
        docs: clean,
        inputs,
        warnings: Vec::new(),
        log,
        files: files.iter().map(|f| f.0.clone()).collect(),
        sources: files.iter().filter_map(|f| sources.get(&f.0.path).cloned()).collect(),
        languages: (0, Vec::new()),
    };
    let ingested = rhetor_ingest::build_released(cleaned, options).map_err(|e| Failure::Analysis(e.into()))?;
    Ok(Reassembled { ingested, warnings, documents, evidence })
}

/// A document's evidence, carried as spans, resolved against the document as one run resolves it.
pub fn resolve(
    d: &mut ShardDocument,
    items: Vec<Vec<(SmolStr, u32, u32)>>,
    doc: &rhetor_doc::Document,
) -> Result<(), Failure> {
    let id = &d.result.id;
    if items.len() != d.result.results.len() {
        return Err(Failure::Analysis(anyhow!(
            "document `{id}`: evidence for {} analyzers, results of {}",
            items.len(),
            d.result.results.len()
        )));
    }
    for (r, items) in d.result.results.iter_mut().zip(items) {
        let spans = items.into_iter().map(|(label, start, end)| (label, rhetor_doc::Span { start, end }));
        r.evidence = rhetor_engine::resolve_evidence(doc, &r.analyzer, spans).ok_or_else(|| {
            Failure::Analysis(anyhow!(
                "document `{id}`: evidence of `{}` lies outside its text or inside a character",
                r.analyzer
            ))
        })?;
    }
    Ok(())
}

/// The source files the parts describe, by path: a record file read in blocks by several shards,
/// each describing its blocks, once, with its lines from all of them; every block read once.
fn sources_of(headers: &[(PathBuf, Header)]) -> Result<HashMap<String, Arc<Source>>, Failure> {
    let fail = |m: String| Failure::Analysis(anyhow!(m));
    let mut described: HashMap<&str, (&PartSource, Vec<u32>, Vec<u32>)> = HashMap::new();
    for (path, h) in headers {
        for s in &h.sources {
            match described.get_mut(s.path.as_str()) {
                None => {
                    described.insert(&s.path, (s, s.line_starts.clone(), s.blocks.clone()));
                }
                Some((first, lines, blocks)) => {
                    if (&first.sha256, first.bytes, first.of_blocks) != (&s.sha256, s.bytes, s.of_blocks) {
                        return Err(fail(format!(
                            "{}: source {} differs from another part's (SHA-256, size or blocks)",
                            path.display(),
                            s.path
                        )));
                    }
                    lines.extend(&s.line_starts);
                    blocks.extend(&s.blocks);
                }
            }
        }
    }
    let mut sources = HashMap::new();
    for (path, (s, mut lines, mut blocks)) in described {
        blocks.sort_unstable();
        if s.of_blocks > 0 && !blocks.iter().copied().eq(0..s.of_blocks) {
            return Err(fail(format!(
                "{path} is read in {} blocks, but the parts read blocks {blocks:?} (from 0): give every shard's part of one split plan",
                s.of_blocks
            )));
        }
        lines.sort_unstable();
        lines.dedup();
        let source = Source::recorded(path.to_string(), s.sha256.clone(), s.bytes, lines)
            .ok_or_else(|| fail(format!("source {path} is described wrongly")))?;
        sources.insert(path.to_string(), Arc::new(source));
    }
    Ok(sources)
}

/// The record file a record file's warning is about.
fn warning_path(w: &Warning) -> Option<&str> {
    match w {
        Warning::NoText { path, .. } | Warning::Filtered { path, .. } => Some(path),
        _ => None,
    }
}

/// A part's document as ingest hands it on (its offsets checked against its text and source), and
/// as the engine merges it, at `index` in the corpus.
fn clean_doc(
    d: PartDocument,
    sources: &HashMap<String, Arc<Source>>,
    index: usize,
) -> Result<(CleanDoc, ShardDocument), Failure> {
    let id = &d.result.id;
    let source =
        sources.get(&d.result.source.path).filter(|s| s.sha256 == d.result.source.sha256).ok_or_else(|| {
            Failure::Analysis(anyhow!("document `{id}`: its source {} is not in its part", d.result.source.path))
        })?;
    let segments = d
        .offsets
        .iter()
        .map(|&[doc_start, doc_len, src_start, src_len, copy]| Segment {
            doc_start,
            doc_len,
            src_start,
            src_len,
            copy: copy != 0,
        })
        .collect();
    let len = u32::try_from(d.text.len()).ok();
    let map = len.and_then(|len| OffsetMap::checked(segments, len, source.len)).ok_or_else(|| {
        Failure::Analysis(anyhow!("document `{id}`: its offsets do not tile its text within its source"))
    })?;
    let doc = CleanDoc {
        id: id.clone(),
        block: d.block,
        seq: d.seq,
        meta: d.result.meta.clone(),
        text: Mapped::from_parts(d.text, map),
        source: source.clone(),
        markdown: d.markdown,
    };
    Ok((doc, ShardDocument { index, result: d.result, summaries: d.summaries, prints: d.prints }))
}

/// The inputs as one run lists them (the manifests and metadata tables, in the order the parts
/// first name them, then every file in corpus order), and the cleaning log file by file.
fn inputs_and_log(
    headers: &[(PathBuf, Header)],
    files: &[(&rhetor_doc::FileOrder, usize, usize)],
    rank_of_path: &HashMap<&str, usize>,
) -> (Vec<InputFile>, Vec<LogEntry>) {
    let mut first: Vec<InputFile> = Vec::new();
    let mut by_file: Vec<Option<InputFile>> = vec![None; files.len()];
    // Parts by their first file, so that planning inputs come in the order of the files using them.
    let mut order: Vec<usize> = (0..headers.len()).collect();
    order.sort_by_key(|&p| headers[p].1.ingest.files.first().and_then(|f| rank_of_path.get(f.path.as_str())).copied());
    for &p in &order {
        for i in &headers[p].1.ingest.inputs {
            match rank_of_path.get(i.path.as_str()) {
                Some(&r) => by_file[r] = Some(i.clone()),
                None if !first.iter().any(|f| f.path == i.path) => first.push(i.clone()),
                None => {}
            }
        }
    }
    let inputs = first.into_iter().chain(by_file.into_iter().flatten()).collect();
    // A file's log in the order of its blocks (a record file read in blocks by several shards,
    // each logging its own).
    let mut log: Vec<(usize, usize, LogEntry)> = Vec::new();
    for (_, h) in headers {
        for e in &h.ingest.log {
            let block = rhetor_doc::block_rank(&e.path, h.shard, h.shards);
            log.push((rank_of_path.get(e.path.as_str()).map_or(0, |r| r + 1), block, e.clone()));
        }
    }
    log.sort_by_key(|&(r, block, _)| (r, block));
    (inputs, log.into_iter().map(|(_, _, e)| e).collect())
}

/// The warnings as one run prints them: the shards' own in the order of their classes and paths
/// (one of each; a record file's, read in blocks, joined), then repeated texts and the languages
/// left out, across shards.
fn warnings_of(
    headers: &[(PathBuf, Header)],
    rank_of_path: &HashMap<&str, usize>,
    repeats: Vec<Warning>,
    options: &IngestOptions,
) -> Vec<String> {
    let mut own: Vec<(&PartWarning, usize)> = headers
        .iter()
        .flat_map(|(_, h)| h.ingest.warnings.iter().map(|w| (w, rhetor_doc::block_rank(&w.path, h.shard, h.shards))))
        .collect();
    let key = |w: &PartWarning| (w.class, rank_of_path.get(w.path.as_str()).copied(), w.path.clone());
    own.sort_by_key(|(w, block)| (key(w), *block));
    // A record file's warnings, block by block, joined as one run joins them.
    let mut typed: Vec<Warning> = Vec::new();
    for (w, _) in &own {
        if let Some(t) = w.warning() {
            rhetor_ingest::add_warning(&mut typed, t);
        }
    }
    let mut own: Vec<&PartWarning> = own.into_iter().map(|(w, _)| w).collect();
    own.dedup_by(|a, b| a.class == b.class && a.text == b.text);
    let mut lines: Vec<String> = Vec::new();
    let mut typed = typed.into_iter().peekable();
    for (i, w) in own.iter().enumerate() {
        if w.records.is_some() {
            // The joined warnings of this file, once.
            while let Some(t) = typed.next_if(|t| warning_path(t) == Some(w.path.as_str())) {
                lines.push(t.to_string());
            }
            continue;
        }
        if w.rows.is_empty() {
            lines.push(w.text.clone());
            continue;
        }
        // A metadata table's missing rows, from every shard, as one warning in corpus order.
        if i > 0 && own[i - 1].class == w.class && own[i - 1].path == w.path {
            continue;
        }
        let mut rows: Vec<&(String, String)> =
            own[i..].iter().take_while(|v| v.class == w.class && v.path == w.path).flat_map(|v| &v.rows).collect();
        rows.sort_by_key(|(_, path)| rank_of_path.get(path.as_str()).copied());
        rows.dedup();
        let (ids, paths) = rows.into_iter().cloned().unzip();
        lines.push(Warning::NoMetadataRow { table: w.path.clone(), ids, paths }.to_string());
    }
    let mut across = repeats;
    let mut left_out: Vec<(&'static str, usize)> = Vec::new();
    let mut total = 0;
    for (_, h) in headers {
        total += h.ingest.languages.0;
        for (code, n) in &h.ingest.languages.1 {
            let Some(code) = language::normalize(code) else { continue };
            match left_out.iter_mut().find(|(c, _)| *c == code) {
                Some((_, m)) => *m += n,
                None => left_out.push((code, *n)),
            }
        }
    }
    if !left_out.is_empty() {
        left_out.sort();
        across.push(Warning::Languages { kept: options.languages.0.clone(), left_out, total });
    }
    // Rows given on stdin (numbered by their driver: a shard of rows needs `--row-number`).
    if is_rows(headers) {
        across.extend(rhetor_ingest::rows::missing_rows(headers.iter().flat_map(|(_, h)| &h.ingest.files)));
    }
    lines.extend(warning_lines(&across, options));
    lines
}

/// Whether the parts are shards of rows given on stdin (`analyze --stdin-jsonl --shard`).
fn is_rows(headers: &[(PathBuf, Header)]) -> bool {
    headers.iter().all(|(_, h)| h.paths == [PathBuf::from(rhetor_ingest::rows::STDIN)])
}
