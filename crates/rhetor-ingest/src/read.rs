//! Reading one file: checking and decoding its bytes, splitting a record file into records (a
//! large one block by block, see [`crate::blocks`]), and cleaning each text as far as it can be
//! without the corpus's evidence.

use crate::blocks::{BlockedFile, plan_blocks};
use crate::clean::{self, Profile, Stage};
use crate::decode::{DecodeError, decode, decode_at, looks_binary, looks_utf16};
use crate::formats::{BlockPlace, Format, front_matter, records};
use crate::log::Log;
use crate::manifest::SourceEntry;
use crate::mapped::Mapped;
use crate::{IngestError, IngestOptions, Warning};
use rhetor_doc::InputFile;
use rhetor_doc::{Metadata, Source};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// A file to read, with what the manifest says of it.
#[derive(Clone)]
pub(crate) struct Planned {
    pub(crate) path: PathBuf,
    pub(crate) id: String,
    /// Metadata from the manifest: the `[[source]]` layer (fields of a metadata row, `set`); none
    /// when empty (plans are kept to the end of the run: tens of thousands of files).
    pub(crate) base_meta: Option<Box<Metadata>>,
    /// Metadata from the `[[document]]` entry, laid over everything else.
    pub(crate) doc_meta: Option<Box<Metadata>>,
    pub(crate) format: Format,
    pub(crate) source: Option<Arc<SourceEntry>>,
    /// Its place in corpus order.
    pub(crate) order: rhetor_doc::FileOrder,
    /// Whether this run cleans it (false: a file of another shard, read only as evidence).
    pub(crate) own: bool,
    /// A record file of a split plan: the plan, and the blocks of it to read (no other byte).
    pub(crate) blocks: Option<(Arc<BlockedFile>, Vec<usize>)>,
}

/// `meta` boxed, or none when it is empty.
pub(crate) fn boxed(meta: Metadata) -> Option<Box<Metadata>> {
    (meta != Metadata::default()).then(|| Box::new(meta))
}

/// `top` laid over `base`: its fields win where set.
pub(crate) fn overlay(base: &mut Metadata, top: &Metadata) {
    for (slot, v) in [
        (&mut base.title, &top.title),
        (&mut base.date, &top.date),
        (&mut base.outlet, &top.outlet),
        (&mut base.speaker, &top.speaker),
        (&mut base.kind, &top.kind),
    ] {
        if v.is_some() {
            slot.clone_from(v);
        }
    }
    base.extra.extend(top.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
}

/// A file read and decoded, or a block of a record file, its units (one for a text file, one per
/// record with text) cleaned as far as they can be without corpus evidence.
#[derive(Debug)]
pub(crate) struct File {
    pub(crate) source: Arc<Source>,
    pub(crate) input: InputFile,
    /// Edits to the file (or block) as a whole (decoding, record structure).
    pub(crate) log: Log,
    pub(crate) units: Vec<Unit>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) order: rhetor_doc::FileOrder,
    /// The block of its file (0 for a file read whole).
    pub(crate) block: u32,
}

/// One text on its way to becoming one or more documents.
#[derive(Debug)]
pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) meta: Metadata,
    pub(crate) markdown: bool,
    pub(crate) profile: Profile,
    pub(crate) log: Log,
    pub(crate) stage: Stage,
}

pub(crate) enum Read {
    /// A file, or the blocks of it read, in order.
    Files(Vec<File>),
    Skipped(Warning),
}

pub(crate) fn decode_error(path: &str, e: DecodeError) -> IngestError {
    match e {
        DecodeError::InvalidUtf8 { offset, line } => IngestError::InvalidUtf8 { path: path.into(), offset, line },
        DecodeError::OddUtf16 { offset } => IngestError::InvalidUtf8 { path: path.into(), offset, line: 0 },
    }
}

/// A syntax error in a record file or front matter, at decoded offset `at`, named by source line.
pub(crate) fn format_error(path: &str, info: &Source, m: &Mapped, at: usize, message: String) -> IngestError {
    let src = m.src_span(at, (at + 1).min(m.len())).0;
    let (line, column) = info.line_column(src);
    IngestError::Format { path: path.into(), line, column, message }
}

pub(crate) fn read_one(p: Planned, options: &IngestOptions) -> Result<Read, IngestError> {
    if let Some((plan, own)) = &p.blocks {
        return read_planned(&p, plan, own, options).map(Read::Files);
    }
    let io = |e| IngestError::Io { path: p.order.path.clone(), source: e };
    let len = std::fs::metadata(&p.path).map_err(io)?.len();
    if len > u64::from(u32::MAX) {
        return Err(IngestError::TooLarge { path: p.order.path, bytes: len });
    }
    let bytes = std::fs::read(&p.path).map_err(io)?;
    if let Some(offset) = looks_binary(&bytes) {
        let utf16 = looks_utf16(&bytes);
        return Ok(Read::Skipped(Warning::Binary { path: p.order.path, offset: offset as u64, utf16 }));
    }
    let sha256 = sha256_hex(&bytes);
    let source = Arc::new(Source::new(p.order.path.clone(), &bytes, sha256.clone()));
    let input = InputFile { path: p.order.path.clone(), sha256: sha256.clone(), bytes: len };
    let bytes = Arc::new(bytes);
    let text_field = p.source.as_ref().map_or("text", |s| s.field("text"));
    if let Some(plan) = plan_blocks(&p.order.path, p.format, &bytes, &sha256, text_field, options.record_block_bytes, 1)
    {
        let all: Vec<usize> = (0..plan.blocks.len()).collect();
        return read_blocks(&p, &plan, &all, &bytes, 0, &source, &input, options).map(Read::Files);
    }
    let mut log = Log::for_source(source.clone(), bytes.clone());
    let (mut mapped, _encoding) =
        decode(&bytes, options.lossy, &mut log).map_err(|e| decode_error(&p.order.path, e))?;
    // Decoding can make a text longer than its file (UTF-16, replacement characters): offsets are
    // 32-bit, so the decoded text must fit too.
    if mapped.text.len() > u32::MAX as usize {
        return Err(IngestError::TooLarge { path: p.order.path, bytes: mapped.text.len() as u64 });
    }
    drop(bytes);
    if p.format.is_records() {
        let (units, warnings, _) = record_units(&p, &mapped, &source, &mut log, &BlockPlace::whole(), None, options)?;
        return Ok(Read::Files(vec![File { source, input, log, units, warnings, order: p.order, block: 0 }]));
    }
    let mut meta = p.base_meta.as_deref().cloned().unwrap_or_default();
    let markdown = p.format == Format::Markdown;
    if markdown {
        match front_matter::read(&mapped.text) {
            Ok(Some(fm)) => {
                let (a, b) = mapped.src_span(0, fm.len);
                let names: Vec<&str> = fm.fields.keys().map(String::as_str).collect();
                log.metadata("front-matter", "Markdown front matter", a, b, &names.join(", "));
                let mut top = Metadata::default();
                for (k, v) in fm.fields {
                    records::set_field(&mut top, &k, v, false);
                }
                overlay(&mut meta, &top);
                mapped = mapped.slice(fm.len, mapped.len());
            }
            Ok(None) => {}
            Err((at, message)) => return Err(format_error(&p.order.path, &source, &mapped, at, message)),
        }
    }
    if let Some(top) = &p.doc_meta {
        overlay(&mut meta, top);
    }
    let profile = profile_of(&p, options, &meta, &mapped.text);
    let mut ulog = log.fork();
    let stage = clean::prepare(mapped, profile, &options.passes, &mut ulog);
    let units = vec![Unit { id: p.id, meta, markdown, profile, log: ulog, stage }];
    Ok(Read::Files(vec![File { source, input, log, units, warnings: Vec::new(), order: p.order, block: 0 }]))
}

/// The profile a text is cleaned with: the configured one, else its source's, else `auto`.
fn profile_of(p: &Planned, options: &IngestOptions, meta: &Metadata, text: &str) -> Profile {
    let source = p.source.as_ref().and_then(|s| s.profile).unwrap_or(Profile::Auto);
    let chosen = if options.profile == Profile::Auto { source } else { options.profile };
    chosen.resolve(meta.kind.as_deref(), text)
}

/// A shard's blocks of a record file of the split plan: only their bytes are read, and checked
/// against the plan.
fn read_planned(
    p: &Planned,
    plan: &BlockedFile,
    own: &[usize],
    options: &IngestOptions,
) -> Result<Vec<File>, IngestError> {
    use std::io::{Read as _, Seek as _};
    let (Some(&first), Some(&last)) = (own.first(), own.last()) else { return Ok(Vec::new()) };
    let io = |e| IngestError::Io { path: p.order.path.clone(), source: e };
    let changed = |what: &str| IngestError::Changed { path: p.order.path.clone(), what: what.to_string() };
    let text_field = p.source.as_ref().map_or("text", |s| s.field("text"));
    if plan.format != p.format.name() || plan.text_field != text_field {
        let what = format!(
            "read as {} with its text in `{text_field}`, planned as {} with its text in `{}` (the manifest changed)",
            p.format.name(),
            plan.format,
            plan.text_field
        );
        return Err(changed(&what));
    }
    let read = || -> Result<Vec<u8>, IngestError> {
        let mut file = std::fs::File::open(&p.path).map_err(io)?;
        if file.metadata().map_err(io)?.len() != plan.bytes {
            return Err(changed("its size changed since the split plan was made"));
        }
        let (start, end) = (plan.blocks[first].start, plan.blocks[last].end);
        file.seek(std::io::SeekFrom::Start(u64::from(start))).map_err(io)?;
        let mut bytes = vec![0u8; (end - start) as usize];
        file.read_exact(&mut bytes).map_err(io)?;
        Ok(bytes)
    };
    // Other shards' blocks are read only as evidence, when they are at hand: those that are not
    // (a copy of the file holding only this shard's blocks) are passed over.
    let bytes = match read() {
        Ok(bytes) => bytes,
        Err(_) if !p.own => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let start = plan.blocks[first].start;
    let mut at_hand = Vec::with_capacity(own.len());
    for &i in own {
        let b = &plan.blocks[i];
        if plan.matches(i, &bytes[(b.start - start) as usize..(b.end - start) as usize]) {
            at_hand.push(i);
        } else if p.own {
            let what =
                format!("bytes {}-{} (block {}), or what the split plan says of them, changed", b.start, b.end, i + 1);
            return Err(changed(&what));
        }
    }
    let own = &at_hand[..];
    let Some(&first) = own.first() else { return Ok(Vec::new()) };
    let first_block = &plan.blocks[first];
    let source = Arc::new(Source::partial(
        p.order.path.clone(),
        plan.sha256.clone(),
        plan.bytes,
        &bytes[(first_block.start - start) as usize..],
        first_block.start,
        first_block.first_line,
        first_block.line_start,
    ));
    let input = InputFile { path: p.order.path.clone(), sha256: plan.sha256.clone(), bytes: plan.bytes };
    read_blocks(p, plan, own, &Arc::new(bytes), start, &source, &input, options)
}

/// Blocks `which` of a record file, in parallel: `bytes` holds at least their bytes, from offset
/// `base`.
#[allow(clippy::too_many_arguments)] // the file, its blocks and what was read of it
fn read_blocks(
    p: &Planned,
    plan: &BlockedFile,
    which: &[usize],
    bytes: &Arc<Vec<u8>>,
    base: u32,
    source: &Arc<Source>,
    input: &InputFile,
    options: &IngestOptions,
) -> Result<Vec<File>, IngestError> {
    use rayon::prelude::*;
    which
        .par_iter()
        .map(|&i| {
            let b = &plan.blocks[i];
            let mut log = Log::for_range(source.clone(), bytes.clone(), base, (b.start, b.end));
            let slice = &bytes[(b.start - base) as usize..(b.end - base) as usize];
            let mapped =
                decode_at(slice, b.start, options.lossy, &mut log).map_err(|e| decode_error(&p.order.path, e))?;
            let place = BlockPlace {
                first: i == 0,
                last: i + 1 == plan.blocks.len(),
                first_record: b.first_record,
                header: if i == 0 { None } else { plan.header.clone() },
            };
            let (units, warnings, read) =
                record_units(p, &mapped, source, &mut log, &place, Some(plan.records), options)?;
            if read != b.records {
                let what = format!("block {} holds {read} records, not the {} of the split plan", i + 1, b.records);
                return Err(IngestError::Changed { path: p.order.path.clone(), what });
            }
            let (source, input, order) = (source.clone(), input.clone(), p.order.clone());
            Ok(File { source, input, log, units, warnings, order, block: i as u32 })
        })
        .collect()
}

/// The units of a record file's text (`mapped`, the whole file or the block `place` says), and
/// its warnings, and how many records it holds; `total` is the file's record count when the text
/// is a block of it.
#[allow(clippy::too_many_arguments)] // the file, its text and where it stands
fn record_units(
    p: &Planned,
    mapped: &Mapped,
    source: &Source,
    log: &mut Log,
    place: &BlockPlace,
    total: Option<usize>,
    options: &IngestOptions,
) -> Result<(Vec<Unit>, Vec<Warning>, usize), IngestError> {
    let none = SourceEntry::default();
    let entry = p.source.as_deref().unwrap_or(&none);
    let got = records::documents(p.format, mapped, entry, log, place)
        .map_err(|(at, message)| format_error(&p.order.path, source, mapped, at, message))?;
    let read = got.total;
    let total = total.unwrap_or(got.total);
    let mut warnings = Vec::new();
    if !got.without_text.is_empty() {
        let field = entry.field("text").to_string();
        warnings.push(Warning::NoText { path: p.order.path.clone(), field, records: got.without_text.clone(), total });
    }
    if !got.filtered.is_empty() {
        let filters = got.filtered.iter().map(|(f, n)| (f.clone(), *n)).collect();
        warnings.push(Warning::Filtered { path: p.order.path.clone(), filters, total });
    }
    let width = total.to_string().len();
    let mut units = Vec::with_capacity(got.docs.len());
    for d in got.docs {
        let mut meta = p.base_meta.as_deref().cloned().unwrap_or_default();
        overlay(&mut meta, &d.meta);
        if let Some(top) = &p.doc_meta {
            overlay(&mut meta, top);
        }
        meta.extra.insert("record".into(), d.number.to_string());
        let id = d.id.unwrap_or_else(|| format!("{}/{:0width$}", p.id, d.number));
        let profile = profile_of(p, options, &meta, &d.text.text);
        let mut ulog = log.fork();
        let stage = clean::prepare(d.text, profile, &options.passes, &mut ulog);
        units.push(Unit { id, meta, markdown: false, profile, log: ulog, stage });
    }
    Ok((units, warnings, read))
}

/// SHA-256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    s
}
