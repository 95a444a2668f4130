//! Finishing files: reading them (decode, prepare) in parallel, cleaning their units with the
//! corpus's evidence and detecting their languages, then handing their documents on in corpus
//! order through an [`Emitter`] that checks ids and finds repeated texts — what [`crate::cleaner`]
//! does a chunk of files at a time.
//!
//! Exact repeats of an earlier document are found by a 128-bit fingerprint of the cleaned text and
//! its length, so that earlier texts need not be kept.

use crate::build::CleanDoc;
use crate::clean::evidence::{Evidence, HashedWords, Wanted};
use crate::clean::evidence_rounds;
use crate::clean::{self, Article, Stage};
use crate::read::{File, Planned, Read, read_one};
use crate::{IngestError, IngestOptions, Warning, language};
use rayon::prelude::*;
use rhetor_doc::{FileOrder, InputFile, LogEntry};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// What cleaning leaves besides the documents.
#[derive(Debug, Default)]
pub struct CleanedRest {
    /// Every file read (documents, manifests, metadata tables), in order, with its SHA-256.
    pub inputs: Vec<InputFile>,
    /// Planning and reading warnings, then each file's own, then repeated texts.
    pub warnings: Vec<Warning>,
    /// Every edit ingest made, file by file in input order.
    pub log: Vec<LogEntry>,
    /// The files read, in corpus order, with their places in it.
    pub files: Vec<FileOrder>,
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
            let path = p.shown.clone();
            rhetor_doc::catch(|| read_one(p, options))
                .unwrap_or_else(|message| Err(IngestError::Internal { path, message }))
        })
        .collect();
    let mut files = Vec::new();
    for r in read {
        match r? {
            Read::File(f) => {
                file_warnings.extend(f.warnings.iter().cloned());
                files.push(*f);
            }
            Read::Skipped(w) => skipped.push(w),
        }
    }
    Ok(files)
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
        rest.files.push(f.order.clone());
        hand_on(f, finished, options, rest, emit, each)?;
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

/// A finished file's log, then its documents handed on in order.
fn hand_on(
    mut f: File,
    mut finished: Vec<Finished>,
    options: &IngestOptions,
    rest: &mut CleanedRest,
    emit: &mut Emitter,
    each: &mut impl FnMut(CleanDoc),
) -> Result<(), IngestError> {
    rest.inputs.push(f.input.clone());
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
    rest.log.append(&mut entries);
    // A record file split among shards: this shard hands on the records whose id is its own.
    let split_records = f.split_records;
    let others = |id: &str| split_records && options.split.is_some_and(|s| !s.owns(id));
    let mut seq = 0u32;
    for (u, arts) in finished {
        let many = arts.len() > 1;
        let theirs = others(&u.id);
        for (k, (a, lang)) in arts.into_iter().enumerate() {
            seq += 1;
            if theirs {
                continue;
            }
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
            let doc = CleanDoc { id, seq: seq - 1, meta, text: a.text, source: f.source.clone(), markdown: u.markdown };
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
    /// Each id handed on, with its source path.
    ids: FxHashMap<String, String>,
    /// The fingerprint of each non-blank text handed on, with the first id that had it.
    texts: FxHashMap<(usize, u64, u64), String>,
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

    fn check(&mut self, doc: CleanDoc) -> Result<Option<CleanDoc>, IngestError> {
        if let Some(first) = self.ids.insert(doc.id.clone(), doc.source.path.to_string()) {
            return Err(IngestError::DuplicateId { id: doc.id, first, second: doc.source.path.to_string() });
        }
        if !self.repeats_wanted {
            self.handed_on += 1;
            return Ok(Some(doc));
        }
        let key = fingerprint(&doc.text.text);
        if let Some(first) = self.texts.get(&key) {
            self.repeats.push(Warning::Duplicate { id: doc.id.clone(), first: first.clone() });
            if self.skip_duplicates {
                return Ok(None);
            }
        } else if !doc.text.text.trim().is_empty() {
            self.texts.insert(key, doc.id.clone());
        }
        self.handed_on += 1;
        Ok(Some(doc))
    }
}

/// A text's length and two 64-bit hashes of different construction (FxHash's add-multiply, and an
/// xor-rotate-multiply mix in four lanes over the same eight-byte words): a 128-bit fingerprint for
/// telling repeated texts apart without keeping them.
pub fn fingerprint(text: &str) -> (usize, u64, u64) {
    use std::hash::Hasher as _;
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = text.as_bytes();
    let mut fx = rustc_hash::FxHasher::default();
    fx.write(bytes);
    let word = |w: &[u8]| {
        let mut eight = [0u8; 8];
        eight[..w.len()].copy_from_slice(w);
        u64::from_le_bytes(eight)
    };
    let mut lanes: [u64; 4] =
        [0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89];
    let mut blocks = bytes.chunks_exact(32);
    for b in blocks.by_ref() {
        for (k, lane) in lanes.iter_mut().enumerate() {
            *lane = (*lane ^ word(&b[8 * k..8 * k + 8])).rotate_left(29).wrapping_mul(K);
        }
    }
    for (k, w) in blocks.remainder().chunks(8).enumerate() {
        lanes[k] = (lanes[k] ^ word(w) ^ (w.len() as u64) << 56).rotate_left(29).wrapping_mul(K);
    }
    let h = lanes.iter().fold(0u64, |h, &l| (h ^ l).rotate_left(23).wrapping_mul(K));
    (bytes.len(), fx.finish(), h ^ (h >> 32))
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_tell_texts_apart() {
        let texts = ["", "a", "b", "ab", "ba", "the party", "the partx", "eight by", "eight bytes and more"];
        for (i, a) in texts.iter().enumerate() {
            for (j, b) in texts.iter().enumerate() {
                assert_eq!(fingerprint(a) == fingerprint(b), i == j, "{a:?} {b:?}");
            }
        }
        // The same words in another order.
        assert_ne!(fingerprint("abcdefgh12345678"), fingerprint("12345678abcdefgh"));
    }
}
