//! Finishing files: reading them (decode, prepare) in parallel, cleaning their units with the
//! corpus's evidence and detecting their languages, then handing their documents on in corpus
//! order through an [`Emitter`] that checks ids and finds repeated texts — what [`crate::cleaner`]
//! does a chunk of files at a time.
//!
//! Exact repeats of an earlier document are found by a 128-bit fingerprint of the cleaned text and
//! its length (see [`crate::fingerprint`]), so that earlier texts need not be kept.

use crate::build::CleanDoc;
use crate::clean::evidence::{Evidence, HashedWords, Wanted};
use crate::clean::evidence_rounds;
use crate::clean::{self, Article, Stage};
use crate::fingerprint::fingerprint;
use crate::read::{File, Planned, Read, read_one};
use crate::{IngestError, IngestOptions, Warning, language};
use rayon::prelude::*;
use rhetor_doc::{FileOrder, InputFile, LogEntry, Source};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What cleaning leaves besides the documents.
#[derive(Debug, Default)]
pub struct CleanedRest {
    /// Every file read (documents, manifests, metadata tables), in order, with its SHA-256.
    pub inputs: Vec<InputFile>,
    /// Planning and reading warnings, then each file's own, then repeated texts.
    pub warnings: Vec<Warning>,
    /// Every edit ingest made, file by file in input order.
    pub log: Vec<LogEntry>,
    /// The files read, in corpus order, with their places in it, and each one's source (for a
    /// record file of a split plan, what the shard read of it).
    pub files: Vec<FileOrder>,
    pub sources: Vec<Arc<Source>>,
    /// Documents whose language was detected, and those `[ingest] languages` left out, by language.
    pub languages: (usize, Vec<(String, usize)>),
}

/// Read (decode, prepare) files in parallel, in order; skipped files and each file's own warning go
/// to their lists.
pub(crate) fn read_files(
    plans: Vec<Planned>,
    options: &IngestOptions,
    skipped: &mut Vec<Warning>,
    file_warnings: &mut Vec<Warning>,
) -> Result<Vec<File>, IngestError> {
    // A panic while cleaning a file is a bug: an error naming the file, not a crash.
    let read: Vec<Result<Read, IngestError>> = plans
        .into_par_iter()
        .map(|p| {
            let path = p.order.path.clone();
            rhetor_doc::catch(|| read_one(p, options))
                .unwrap_or_else(|message| Err(IngestError::Internal { path, message }))
        })
        .collect();
    let mut files = Vec::new();
    for r in read {
        match r? {
            Read::Files(blocks) => {
                for f in blocks {
                    for w in &f.warnings {
                        add_warning(file_warnings, w.clone());
                    }
                    files.push(f);
                }
            }
            Read::Skipped(w) => skipped.push(w),
        }
    }
    Ok(files)
}

/// Add a file's warning to the list: a later block's warning of a kind the file has one of already
/// joins it (see [`Warning::absorb`]); a file's records without text are said before its filters.
pub fn add_warning(list: &mut Vec<Warning>, w: Warning) {
    let mut w = Some(w);
    let n = list.len();
    for earlier in list[n.saturating_sub(2)..].iter_mut() {
        if let Some(x) = w.take() {
            w = earlier.absorb(x);
        }
    }
    let Some(w) = w else { return };
    match (list.last(), &w) {
        (Some(Warning::Filtered { path, .. }), Warning::NoText { path: p, .. }) if path == p => list.insert(n - 1, w),
        _ => list.push(w),
    }
}

/// What the print and web stages of `files` want, their texts, and their words already hashed.
pub(crate) fn sources<'a>(
    files: impl Iterator<Item = &'a File> + Clone,
) -> (Wanted, Vec<&'a str>, Vec<&'a HashedWords>) {
    let units = || files.clone().flat_map(|f| &f.units);
    let mut wanted =
        Wanted { skip_lower_words: !units().any(|u| matches!(u.stage, Stage::Web(_))), ..Wanted::default() };
    for u in units() {
        if let Stage::Print(p) = &u.stage {
            p.wanted(&mut wanted);
        }
    }
    let texts: Vec<&str> = units().flat_map(|u| u.stage.texts()).collect();
    let hashed: Vec<_> = units().filter_map(|u| u.stage.hashed()).collect();
    (wanted, texts, hashed)
}

/// Evidence from every text of `files` (print and web stages say which words they want).
pub(crate) fn gather<'a>(files: impl Iterator<Item = &'a File> + Clone) -> Evidence {
    let (wanted, texts, hashed) = sources(files);
    evidence_rounds::gather(texts.iter().copied(), hashed.iter().copied(), &wanted)
}

/// An article and its detected language (none when detection is off).
type Detected = (Article, Option<&'static str>);

/// Finish files in corpus order: their units cleaned and their languages detected in parallel, all
/// files of the batch at once (a corpus of speeches has one unit a file: file by file, that work
/// ran on one thread), then each file's documents handed on in order.
pub(crate) fn finish_files(
    files: Vec<File>,
    evidence: &Evidence,
    options: &IngestOptions,
    rest: &mut CleanedRest,
    emit: &mut Emitter,
    each: &mut impl FnMut(CleanDoc),
) -> Result<(), IngestError> {
    let mut files = files;
    let finished: Vec<Vec<Finished>> = files.par_iter_mut().map(|f| finish_units(f, evidence, options)).collect();
    for (f, finished) in files.into_iter().zip(finished) {
        // A file read in blocks is one file.
        if rest.files.last().is_none_or(|o| o.path != f.order.path) {
            rest.files.push(f.order.clone());
            rest.sources.push(f.source.clone());
            rest.inputs.push(f.input.clone());
        }
        hand_on(f, finished, options, emit, &mut rest.log, each)?;
    }
    Ok(())
}

/// A unit of a file, and its articles as cleaned with their detected languages.
type Finished = (crate::read::Unit, Vec<Detected>);

/// Clean a file's units (in parallel) and detect their articles' languages.
fn finish_units(f: &mut File, evidence: &Evidence, options: &IngestOptions) -> Vec<Finished> {
    std::mem::take(&mut f.units)
        .into_par_iter()
        .map(|mut u| {
            let stage = std::mem::replace(&mut u.stage, Stage::Done(Vec::new()));
            let arts = clean::finish(stage, evidence, &options.names, &options.passes, &mut u.log);
            let detect = |a: Article| {
                let lang = options.detect_language.then(|| language::detect(&a.text.text));
                (a, lang)
            };
            (u, arts.into_iter().map(detect).collect())
        })
        .collect()
}

/// A finished file's (or block's) log, then its documents handed on in order.
fn hand_on(
    mut f: File,
    mut finished: Vec<Finished>,
    options: &IngestOptions,
    emit: &mut Emitter,
    log: &mut Vec<LogEntry>,
    each: &mut impl FnMut(CleanDoc),
) -> Result<(), IngestError> {
    let mut entries = std::mem::take(&mut f.log.entries);
    // Every byte of the file is in a text or in the log: the blank space the passes trimmed at
    // edges is logged here, once the file's texts are final. A text in a language `[ingest]
    // languages` does not keep is logged as dropped, piece by piece of its source.
    let mut kept: Vec<(u32, u32)> = Vec::new();
    for (u, arts) in &mut finished {
        entries.append(&mut u.log.entries);
        for (a, lang) in arts.iter() {
            match lang.filter(|l| !options.languages.keeps(l)) {
                None => {
                    kept.extend(a.text.segments().iter().filter(|s| s.src_len > 0).map(|s| (s.src_start, s.src_end())))
                }
                Some(l) => {
                    let reason = format!("text in {} ({l}), not in [ingest] languages", language::name(l));
                    for (x, y) in a.text.covered() {
                        f.log.drop("languages", &reason, x, y, "");
                    }
                }
            }
        }
    }
    entries.append(&mut f.log.entries);
    f.log.account_whitespace(&kept, &mut entries);
    log.append(&mut entries);
    let mut seq = 0u32;
    for (u, arts) in finished {
        let many = arts.len() > 1;
        for (k, (a, lang)) in arts.into_iter().enumerate() {
            seq += 1;
            if let Some(l) = lang {
                emit.detected += 1;
                if !options.languages.keeps(l) {
                    *emit.left_out.entry(l).or_default() += 1;
                    continue;
                }
            }
            let mut meta = u.meta.clone();
            if meta.title.is_none() || many {
                if let Some(t) = &a.title {
                    if many {
                        meta.extra
                            .entry("source_title".into())
                            .or_insert_with(|| meta.title.clone().unwrap_or_default());
                    }
                    meta.title = Some(t.clone());
                }
            }
            for (key, v) in a.extra {
                meta.extra.entry(key).or_insert(v);
            }
            meta.extra.entry("profile".into()).or_insert_with(|| u.profile.name().to_string());
            if let Some(l) = lang {
                meta.extra.insert(language::KEY.into(), l.to_string());
            }
            let id = if many { format!("{}/{:02}", u.id, k + 1) } else { u.id.clone() };
            let (source, markdown, block) = (f.source.clone(), u.markdown, f.block);
            let doc = CleanDoc { id, block, seq: seq - 1, meta, text: a.text, source, markdown };
            if let Some(doc) = emit.check(doc)? {
                each(doc);
            }
        }
    }
    Ok(())
}

/// Checks documents as they go out: ids must be unique; repeated texts are reported (and dropped when
/// configured).
pub(crate) struct Emitter {
    skip_duplicates: bool,
    /// Whether repeated texts are looked for (not in a shard: the merge looks across shards).
    repeats_wanted: bool,
    /// Each id handed on, with its source path (shared with the document's source: kept to the
    /// end of the run, for tens of thousands of documents).
    ids: FxHashMap<Arc<str>, Arc<str>>,
    /// The fingerprint of each non-blank text handed on, with the first id that had it (shared
    /// with `ids`).
    texts: FxHashMap<(usize, u64, u64), Arc<str>>,
    pub(crate) repeats: Vec<Warning>,
    /// Documents whose language was detected, and those `[ingest] languages` left out, by language.
    pub(crate) detected: usize,
    pub(crate) left_out: BTreeMap<&'static str, usize>,
    /// Documents handed on.
    pub(crate) handed_on: usize,
}

impl Emitter {
    pub(crate) fn new(skip_duplicates: bool, repeats_wanted: bool) -> Self {
        Emitter {
            skip_duplicates,
            repeats_wanted,
            ids: FxHashMap::default(),
            texts: FxHashMap::default(),
            repeats: Vec::new(),
            detected: 0,
            left_out: BTreeMap::new(),
            handed_on: 0,
        }
    }

    pub(crate) fn check(&mut self, doc: CleanDoc) -> Result<Option<CleanDoc>, IngestError> {
        let id: Arc<str> = Arc::from(doc.id.as_str());
        if let Some(first) = self.ids.insert(Arc::clone(&id), Arc::clone(&doc.source.path)) {
            return Err(IngestError::DuplicateId {
                id: doc.id,
                first: first.to_string(),
                second: doc.source.path.to_string(),
            });
        }
        if !self.repeats_wanted {
            self.handed_on += 1;
            return Ok(Some(doc));
        }
        let key = fingerprint(&doc.text.text);
        if let Some(first) = self.texts.get(&key) {
            self.repeats.push(Warning::Duplicate { id: doc.id.clone(), first: first.to_string() });
            if self.skip_duplicates {
                return Ok(None);
            }
        } else if !doc.text.text.trim().is_empty() {
            self.texts.insert(key, id);
        }
        self.handed_on += 1;
        Ok(Some(doc))
    }
}
