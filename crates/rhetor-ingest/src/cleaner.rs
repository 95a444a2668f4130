//! Cleaning a corpus a chunk of files at a time, each chunk asked for ([`Cleaner::next_chunk`]):
//! what [`crate::clean_each`] loops over, and what lets a streaming run read and clean the next
//! chunk while the last one is analysed (see [`crate::stream_documents`]).
//!
//! Files are planned all at once (cheap: paths and metadata), then read, decoded and cleaned a
//! chunk at a time in parallel. At the first file that needs evidence from the whole corpus (the
//! print and web profiles), the rest of the corpus is read at once, the files already handed on
//! are read again for their texts, and the files left are finished a chunk at a time with the
//! evidence of all of them.

use crate::build::CleanDoc;
use crate::clean::evidence::Evidence;
use crate::finish::{CleanedRest, Emitter, finish_files, gather, read_files};
use crate::plan::{check_blocks_found, plan_root};
use crate::read::{File, Planned};
use crate::{IngestError, IngestOptions, Warning, display_path};
use std::path::PathBuf;

/// A corpus being cleaned, a chunk of files at a time, its documents handed out in corpus order.
pub(crate) struct Cleaner<'a> {
    paths: &'a [PathBuf],
    options: &'a IngestOptions,
    /// Files read together.
    chunk: usize,
    rest: CleanedRest,
    /// This shard's files (every file without shards) in corpus order: those before `next` handed
    /// on, kept (as plans) in case a later file needs their texts as evidence, the rest not read yet.
    planned: Vec<Planned>,
    next: usize,
    /// Another shard's files, read only as evidence for the print and web profiles.
    others: Vec<Planned>,
    emit: Emitter,
    file_warnings: Vec<Warning>,
    any_units: bool,
    /// Files read that held no document (an empty record file), for the error when none did.
    empty: Vec<String>,
    /// Once a file needed the corpus's evidence: the files left to finish, and the evidence.
    with_evidence: Option<(std::vec::IntoIter<File>, Evidence)>,
    done: bool,
}

impl<'a> Cleaner<'a> {
    /// Plan the files of `paths` (walking folders, reading manifests); `chunk` files are read together.
    pub(crate) fn new(paths: &'a [PathBuf], options: &'a IngestOptions, chunk: usize) -> Result<Self, IngestError> {
        let mut planned = Vec::new();
        let mut rest = CleanedRest::default();
        for (i, root) in paths.iter().enumerate() {
            plan_root(i, root, options, &mut planned, &mut rest.inputs, &mut rest.warnings)?;
        }
        check_blocks_found(&planned, options)?;
        let split = options.split.is_some();
        let (mut planned, others): (Vec<Planned>, Vec<Planned>) = planned.into_iter().partition(|p| p.own);
        // Kept to the end of the run (tens of thousands of files at hundreds of bytes each).
        planned.shrink_to_fit();
        Ok(Cleaner {
            paths,
            options,
            chunk: chunk.max(1),
            rest,
            planned,
            next: 0,
            others,
            emit: Emitter::new(options.skip_duplicates && !split, !split),
            file_warnings: Vec::new(),
            any_units: false,
            empty: Vec::new(),
            with_evidence: None,
            done: false,
        })
    }

    /// The documents of the next chunk of files, in corpus order (none, for a chunk of files
    /// without text); `None` once every file is handed on. A document repeating an earlier text is
    /// reported, and left out when `options.skip_duplicates` says so.
    pub(crate) fn next_chunk(&mut self) -> Result<Option<Vec<CleanDoc>>, IngestError> {
        let options = self.options;
        let mut out = Vec::new();
        if let Some((files, evidence)) = &mut self.with_evidence {
            let some: Vec<File> = files.by_ref().take(self.chunk).collect();
            if some.is_empty() {
                self.with_evidence = None;
                self.done = true;
                return Ok(None);
            }
            finish_files(some, evidence, options, &mut self.rest, &mut self.emit, &mut |d| out.push(d))?;
            return Ok(Some(out));
        }
        if self.done {
            return Ok(None);
        }
        let end = self.next.saturating_add(self.chunk).min(self.planned.len());
        if end == self.next {
            self.done = true;
            return Ok(None);
        }
        let chunk: Vec<Planned> = self.planned[self.next..end].to_vec();
        let mut files = read_files(chunk, options, &mut self.rest.warnings, &mut self.file_warnings)?;
        self.any_units |= files.iter().any(|f| !f.units.is_empty());
        note_empty(&mut self.empty, &files);
        let needs_evidence = files.iter().flat_map(|f| &f.units).any(|u| u.stage.needs_evidence());
        // Evidence gathered beforehand over every shard serves every chunk: nothing else is read.
        let given = options.evidence.as_ref().map(|g| &*g.0);
        if !needs_evidence || given.is_some() {
            let none = Evidence::default();
            finish_files(files, given.unwrap_or(&none), options, &mut self.rest, &mut self.emit, &mut |d| {
                out.push(d);
            })?;
            self.next = end;
            return Ok(Some(out));
        }
        let remaining: Vec<Planned> = self.planned.split_off(end);
        let more = read_files(remaining, options, &mut self.rest.warnings, &mut self.file_warnings)?;
        note_empty(&mut self.empty, &more);
        files.extend(more);
        self.any_units |= files.iter().any(|f| !f.units.is_empty());
        // The texts of the files handed on (and a shard's files of other shards) count as evidence
        // too; their warnings and edits are recorded elsewhere.
        self.planned.truncate(self.next);
        let mut again = std::mem::take(&mut self.planned);
        again.extend(self.others.iter().cloned());
        let again = read_files(again, options, &mut Vec::new(), &mut Vec::new())?;
        // (The evidence does not depend on the order of its files: see `evidence_rounds`.)
        let evidence = gather(again.iter().chain(&files));
        drop(again);
        self.with_evidence = Some((files.into_iter(), evidence));
        self.next_chunk()
    }

    /// What cleaning leaves besides the documents, once every chunk is handed out: the error when
    /// the corpus held no document.
    pub(crate) fn finish(self) -> Result<CleanedRest, IngestError> {
        let Cleaner { paths, options, mut rest, emit, mut file_warnings, any_units, empty, .. } = self;
        let mut emit = emit;
        rest.languages = (emit.detected, emit.left_out.iter().map(|(l, n)| (l.to_string(), *n)).collect());
        if options.split.is_some() {
            // Whether the corpus holds a document, what repeats and what languages left out are the
            // merge's to say, across shards.
            rest.warnings.append(&mut file_warnings);
            return Ok(rest);
        }
        if !any_units {
            let shown = paths.iter().map(|p| display_path(p)).collect::<Vec<_>>().join(", ");
            // Say why: what was skipped, and the files that held no records.
            let mut why: Vec<String> = rest.warnings.iter().chain(&file_warnings).map(ToString::to_string).collect();
            why.extend(empty.iter().map(|p| format!("{p}: no records with text")));
            if why.is_empty() {
                let extensions = options.extensions.join(", .");
                return Err(IngestError::NoTextFiles { path: shown, extensions, found: String::new() });
            }
            let more = why.len().saturating_sub(5);
            why.truncate(5);
            if more > 0 {
                why.push(format!("and {more} more"));
            }
            return Err(IngestError::NoDocuments { path: shown, why: why.join("; ") });
        }
        rest.warnings.append(&mut file_warnings);
        rest.warnings.append(&mut emit.repeats);
        if !emit.left_out.is_empty() {
            let left_out = emit.left_out.into_iter().collect();
            let w = Warning::Languages { kept: options.languages.0.clone(), left_out, total: emit.detected };
            if emit.handed_on == 0 {
                let shown = paths.iter().map(|p| display_path(p)).collect::<Vec<_>>().join(", ");
                return Err(IngestError::NoDocuments { path: shown, why: w.to_string() });
            }
            rest.warnings.push(w);
        }
        Ok(rest)
    }
}

/// Note the files read that held no document (a file read in blocks once, if none of its blocks
/// did: the error says so when no file held one).
fn note_empty(empty: &mut Vec<String>, files: &[File]) {
    for f in files.iter().filter(|f| f.units.is_empty()) {
        if empty.last() != Some(&f.input.path) {
            empty.push(f.input.path.clone());
        }
    }
}
