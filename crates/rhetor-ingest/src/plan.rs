//! What to read: walking folders in sorted order (hidden entries, links and the manifest handled),
//! and joining the manifest's metadata (entries, metadata tables, front matter) to each file.

use crate::decode::decode;
use crate::formats::{Format, read_records, records};
use crate::log::Log;
use crate::manifest::{MANIFEST, Manifest, SourceEntry, strip_extension};
use crate::read::{Planned, decode_error, format_error, sha256_hex};
use crate::{IngestError, IngestOptions, Warning, display_path};
use rhetor_doc::InputFile;
use rhetor_doc::{Metadata, Source};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) fn plan_root(
    root_index: usize,
    root: &Path,
    options: &IngestOptions,
    planned: &mut Vec<Planned>,
    inputs: &mut Vec<InputFile>,
    warnings: &mut Vec<Warning>,
) -> Result<(), IngestError> {
    let shown_root = display_path(root);
    let meta = std::fs::metadata(root).map_err(|_| IngestError::Missing { path: shown_root.clone() })?;
    let is_dir = meta.is_dir();
    let base = if is_dir {
        root.to_path_buf()
    } else {
        root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf()
    };
    let manifest = load_manifest(&base, options, inputs)?;
    let mut files = Vec::new();
    if is_dir {
        let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let mut walked =
            Walk { root, inside: &inside, options, manifest: manifest.as_ref(), warnings, passed: BTreeMap::new() };
        walked.walk(root, &mut files)?;
        // A shard's folder may hold no file of the corpus: another shard has them all.
        if files.is_empty() && options.split.is_none() {
            let extensions = options.extensions.join(", .");
            return Err(IngestError::NoTextFiles { path: shown_root, extensions, found: walked.found() });
        }
    } else {
        files.push(root.to_path_buf());
    }
    let mut tables: FxHashMap<String, MetadataTable> = FxHashMap::default();
    let mut unmatched: FxHashMap<String, Vec<(String, String)>> = FxHashMap::default();
    // Each file of a `[[source]]` shares its entry (tens of thousands of files can have one).
    let shared: Vec<Arc<SourceEntry>> =
        manifest.as_ref().map(|m| m.sources.iter().cloned().map(Arc::new).collect()).unwrap_or_default();
    for path in files {
        let rel = display_path(path.strip_prefix(&base).unwrap_or(&path));
        let shown = display_path(&path);
        let order = rhetor_doc::FileOrder { path: shown.clone(), root: root_index, rel: rel.clone() };
        let entry = manifest.as_ref().and_then(|m| m.entry(&rel));
        let source = manifest.as_ref().and_then(|m| m.source_index(&rel)).map(|k| Arc::clone(&shared[k]));
        let file_id = source.as_ref().map_or_else(|| strip_extension(&rel), |s| s.file_id(&rel));
        let format = source
            .as_ref()
            .and_then(|s| s.format.as_deref())
            .and_then(Format::parse)
            .unwrap_or_else(|| Format::of_path(&path));
        // A record file that the split plan cuts into blocks is read block by block, each block by
        // its shard; any other file by the shard its path gives.
        let plan = options.blocks.as_ref().and_then(|g| g.0.get(&shown)).filter(|_| format.is_records());
        let (own, blocks) = match (options.split, plan) {
            (Some(s), Some(plan)) => {
                let (mine, theirs): (Vec<usize>, Vec<usize>) =
                    (0..plan.blocks.len()).partition(|&i| plan.blocks[i].shard == s.shard);
                let plan = Arc::clone(plan);
                (!mine.is_empty(), Some((plan, mine, theirs)))
            }
            (s, _) => (s.is_none_or(|s| s.owns(&shown)), None),
        };
        let mut base_meta = Metadata::default();
        // Another shard's file is read, if at all, only as evidence: its metadata is not looked up.
        if let Some(s) = source.as_ref().filter(|_| own) {
            let row = match &s.metadata {
                Some(table) => {
                    if !tables.contains_key(table) {
                        let t = MetadataTable::load(&base.join(table), s, inputs)?;
                        tables.insert(table.clone(), t);
                    }
                    let row = tables.get(table).and_then(|t| t.rows.get(&file_id));
                    if row.is_none() {
                        unmatched.entry(table.clone()).or_default().push((file_id.clone(), shown.clone()));
                    }
                    row.cloned()
                }
                None => None,
            };
            base_meta = row.unwrap_or_else(|| records::metadata(std::iter::empty(), s));
        }
        let p = Planned {
            id: entry.and_then(|e| e.id.clone()).unwrap_or(file_id),
            base_meta: crate::read::boxed(base_meta),
            doc_meta: entry.map(|e| e.metadata()).and_then(crate::read::boxed),
            format,
            source,
            path,
            order,
            own,
            blocks: None,
        };
        match blocks {
            None => planned.push(p),
            // The shard's own blocks, then (read only as evidence, if at all) the others'.
            Some((plan, mine, theirs)) => {
                for (own, which) in [(true, mine), (false, theirs)] {
                    if !which.is_empty() {
                        planned.push(Planned { own, blocks: Some((plan.clone(), which)), ..p.clone() });
                    }
                }
            }
        }
    }
    let mut unmatched: Vec<_> = unmatched.into_iter().collect();
    unmatched.sort();
    for (table, files) in unmatched {
        let (ids, paths) = files.into_iter().unzip();
        warnings.push(Warning::NoMetadataRow { table: display_path(&base.join(table)), ids, paths });
    }
    Ok(())
}

/// Every record file of which the split plan gives this shard blocks was found: a shard whose
/// folder lacks one would leave its blocks unread.
pub(crate) fn check_blocks_found(planned: &[Planned], options: &IngestOptions) -> Result<(), IngestError> {
    let (Some(split), Some(given)) = (options.split, options.blocks.as_ref()) else { return Ok(()) };
    for (path, plan) in given.0.iter() {
        if !plan.of_shard(split.shard).is_empty() && !planned.iter().any(|p| p.own && p.order.path == *path) {
            return Err(IngestError::PlannedMissing { path: path.clone(), shard: split.shard });
        }
    }
    Ok(())
}

/// A `[[source]]` metadata table: one row of metadata per file id.
struct MetadataTable {
    rows: FxHashMap<String, Metadata>,
}

impl MetadataTable {
    fn load(path: &Path, entry: &SourceEntry, inputs: &mut Vec<InputFile>) -> Result<MetadataTable, IngestError> {
        let shown = display_path(path);
        let bytes = std::fs::read(path).map_err(|e| IngestError::Io { path: shown.clone(), source: e })?;
        inputs.push(InputFile { path: shown.clone(), sha256: sha256_hex(&bytes), bytes: bytes.len() as u64 });
        let info = Arc::new(Source::new(shown.clone(), &bytes, String::new()));
        let bytes = Arc::new(bytes);
        let mut log = Log::for_source(info.clone(), bytes.clone());
        let (m, _) = decode(&bytes, false, &mut log).map_err(|e| decode_error(&shown, e))?;
        let format = match Format::of_path(path) {
            Format::Tsv => Format::Tsv,
            Format::Json => Format::Json,
            Format::Jsonl => Format::Jsonl,
            _ => Format::Csv,
        };
        let recs =
            read_records(format, &m.text).map_err(|(at, message)| format_error(&shown, &info, &m, at, message))?;
        let key = entry.key.clone().unwrap_or_default();
        let mut rows = FxHashMap::default();
        for r in &recs {
            let Some(k) = r.get(&key).and_then(|c| c.text(&m.text)) else {
                let msg = format!("record {} has no key column `{key}`", r.number);
                return Err(format_error(&shown, &info, &m, r.span.0, msg));
            };
            let fields = r.fields.iter().filter(|(n, _)| *n != key).map(|(n, c)| (n.as_str(), c.text(&m.text), false));
            rows.insert(k, records::metadata(fields, entry));
        }
        Ok(MetadataTable { rows })
    }
}

fn load_manifest(
    dir: &Path,
    options: &IngestOptions,
    inputs: &mut Vec<InputFile>,
) -> Result<Option<Manifest>, IngestError> {
    let loaded = match &options.manifest {
        Some(path) => Some(Manifest::load_file(path, dir, options.split)?),
        None => Manifest::load(dir, options.split)?,
    };
    let Some((manifest, file)) = loaded else { return Ok(None) };
    if !inputs.iter().any(|i| i.path == file.path) {
        inputs.push(InputFile {
            path: file.path.clone(),
            sha256: sha256_hex(file.text.as_bytes()),
            bytes: file.text.len() as u64,
        });
    }
    Ok(Some(manifest))
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Files under `dir` to read, recursively, sorted by path; hidden entries and the manifest skipped.
/// With a manifest that has `[[source]]` entries, the files they cover (metadata tables excepted) and
/// the files its `[[document]]` entries list; otherwise the files with a configured extension.
/// What a folder walk needs: the folder given, its canonical path (for symlinks), the options and
/// manifest, and the warnings for what it skips.
struct Walk<'a> {
    root: &'a Path,
    inside: &'a Path,
    options: &'a IngestOptions,
    manifest: Option<&'a Manifest>,
    warnings: &'a mut Vec<Warning>,
    /// Files passed over for their extension, by extension: said when nothing else was found.
    passed: BTreeMap<String, usize>,
}

impl Walk<'_> {
    /// What a folder with no text file holds instead, and how to read record files.
    fn found(&self) -> String {
        if self.passed.is_empty() {
            return String::new();
        }
        let each: Vec<String> = self
            .passed
            .iter()
            .map(|(x, n)| if x.starts_with('(') { format!("{n} {x}") } else { format!("{n} .{x}") })
            .collect();
        let records = self.passed.keys().any(|x| matches!(x.as_str(), "json" | "jsonl" | "csv" | "tsv"));
        let hint = if records {
            "; record files are read when given on the command line, or named by a [[source]] in a \
             corpus.toml or --manifest (see config/sources/)"
        } else {
            "; [ingest] extensions names others to read"
        };
        format!("; the folder holds {}{hint}", each.join(", "))
    }

    /// Collect the files to read under `dir`, in sorted order. Hidden entries and the manifest are
    /// passed over. Only regular files are read: a FIFO, socket or device is skipped with a warning
    /// (reading a FIFO would wait forever), and so is a symbolic link that is broken, points to a
    /// folder (no cycles) or leads out of the folder given: a corpus folder never reads a file
    /// outside itself. A link to a file inside the folder is read.
    fn walk(&mut self, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), IngestError> {
        let io = |e| IngestError::Io { path: display_path(dir), source: e };
        let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(io)?.collect::<Result<_, _>>().map_err(io)?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == MANIFEST {
                continue;
            }
            let path = e.path();
            let kind = e.file_type().map_err(io)?;
            if kind.is_dir() {
                self.walk(&path, out)?;
                continue;
            }
            let rel = display_path(path.strip_prefix(self.root).unwrap_or(&path));
            let wanted = match self.manifest.filter(|m| !m.sources.is_empty()) {
                Some(m) => {
                    let table = m.sources.iter().any(|s| s.metadata.as_deref() == Some(rel.as_str()));
                    (m.source(&rel).is_some() && !table) || m.entry(&rel).is_some()
                }
                None => self.options.extensions.iter().any(|x| has_extension(&path, x)),
            };
            if !wanted {
                let ext = path.extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
                *self.passed.entry(if ext.is_empty() { "(no extension)".into() } else { ext }).or_default() += 1;
                continue;
            }
            let skip = if kind.is_symlink() {
                match (std::fs::metadata(&path), std::fs::canonicalize(&path)) {
                    (Ok(m), Ok(target)) if m.is_file() && target.starts_with(self.inside) => None,
                    (Ok(m), Ok(target)) if m.is_file() => Some(format!(
                        "symbolic link to {}, outside the folder read, skipped (give the file itself to read it)",
                        display_path(&target)
                    )),
                    (Ok(m), _) if m.is_dir() => Some("symbolic link to a folder, skipped".to_string()),
                    (Ok(_), _) => Some("symbolic link to something that is not a regular file, skipped".to_string()),
                    (Err(e), _) => Some(format!("broken symbolic link ({}), skipped", crate::os_message(&e))),
                }
            } else if !kind.is_file() {
                Some(format!("not a regular file ({}), skipped", file_kind(&kind)))
            } else {
                None
            };
            match skip {
                Some(reason) => self.warnings.push(Warning::Skipped { path: display_path(&path), reason }),
                None => out.push(path),
            }
        }
        Ok(())
    }
}

/// What a directory entry that is neither a file, a folder nor a link is.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = kind;
    "not a file"
}
