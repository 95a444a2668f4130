//! Reading one file: checking and decoding its bytes, splitting a record file into records, and
//! cleaning each text as far as it can be without the corpus's evidence.

use crate::clean::{self, Profile, Stage};
use crate::decode::{DecodeError, decode};
use crate::formats::{Format, front_matter, records};
use crate::log::Log;
use crate::manifest::SourceEntry;
use crate::mapped::Mapped;
use crate::{IngestError, IngestOptions, Warning};
use rhetor_doc::InputFile;
use rhetor_doc::{Metadata, Source};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// How many leading bytes are checked for a NUL when telling binary files from text.
const BINARY_PROBE: usize = 8192;

/// A file to read, with what the manifest says of it.
#[derive(Clone)]
pub(crate) struct Planned {
    pub(crate) path: PathBuf,
    pub(crate) shown: String,
    pub(crate) id: String,
    /// Metadata from the manifest: the `[[source]]` layer (fields of a metadata row, `set`).
    pub(crate) base_meta: Metadata,
    /// Metadata from the `[[document]]` entry, laid over everything else.
    pub(crate) doc_meta: Metadata,
    pub(crate) format: Format,
    pub(crate) source: Option<SourceEntry>,
    /// Its place in corpus order.
    pub(crate) order: rhetor_doc::FileOrder,
    /// Whether this run cleans it (false: a file of another shard, read only as evidence).
    pub(crate) own: bool,
    /// A record file whose records are split among shards by id: this shard hands on its own.
    pub(crate) split_records: bool,
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

/// A file read and decoded, its units (one for a text file, one per record with text) cleaned as
/// far as they can be without corpus evidence.
#[derive(Debug)]
pub(crate) struct File {
    pub(crate) source: Arc<Source>,
    pub(crate) input: InputFile,
    /// Edits to the file as a whole (decoding, record structure).
    pub(crate) log: Log,
    pub(crate) units: Vec<Unit>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) order: rhetor_doc::FileOrder,
    pub(crate) split_records: bool,
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
    File(Box<File>),
    Skipped(Warning),
}

/// A file is binary when its first bytes hold more than 1% NUL bytes or any of the bytes 0x01–0x08
/// together with a NUL (UTF-16 files are told apart by their byte order mark first).
pub(crate) fn looks_binary(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    let first = probe.iter().position(|&b| b == 0)?;
    let nuls = probe.iter().filter(|&&b| b == 0).count();
    let odd = probe.iter().any(|&b| (1..=8).contains(&b));
    (nuls * 100 > probe.len() || odd).then_some(first)
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

/// Whether a text's first bytes have a NUL at every other place and nowhere else: UTF-16 of mostly
/// ASCII text, without a byte order mark.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    half >= 2 && ((zeros(1) * 4 >= half * 3 && zeros(0) == 0) || (zeros(0) * 4 >= half * 3 && zeros(1) == 0))
}

pub(crate) fn read_one(p: Planned, options: &IngestOptions) -> Result<Read, IngestError> {
    let order = p.order.clone();
    let split_records = p.split_records;
    let io = |e| IngestError::Io { path: p.shown.clone(), source: e };
    let len = std::fs::metadata(&p.path).map_err(io)?.len();
    if len > u64::from(u32::MAX) {
        return Err(IngestError::TooLarge { path: p.shown, bytes: len });
    }
    let bytes = std::fs::read(&p.path).map_err(io)?;
    if let Some(offset) = looks_binary(&bytes) {
        let utf16 = looks_utf16(&bytes);
        return Ok(Read::Skipped(Warning::Binary { path: p.shown, offset: offset as u64, utf16 }));
    }
    let sha256 = sha256_hex(&bytes);
    let source = Arc::new(Source::new(p.shown.clone(), &bytes, sha256.clone()));
    let input = InputFile { path: p.shown.clone(), sha256, bytes: len };
    let bytes = Arc::new(bytes);
    let mut log = Log::for_source(source.clone(), bytes.clone());
    let (mut mapped, _encoding) = decode(&bytes, options.lossy, &mut log).map_err(|e| decode_error(&p.shown, e))?;
    // Decoding can make a text longer than its file (UTF-16, replacement characters): offsets are
    // 32-bit, so the decoded text must fit too.
    if mapped.text.len() > u32::MAX as usize {
        return Err(IngestError::TooLarge { path: p.shown, bytes: mapped.text.len() as u64 });
    }
    drop(bytes);
    let profile_of = |meta: &Metadata, text: &str| {
        // The configured profile, else the source's, else `auto`.
        let source = p.source.as_ref().and_then(|s| s.profile).unwrap_or(Profile::Auto);
        let chosen = if options.profile == Profile::Auto { source } else { options.profile };
        chosen.resolve(meta.kind.as_deref(), text)
    };
    let mut units = Vec::new();
    let mut warnings = Vec::new();
    if p.format.is_records() {
        let entry = p.source.clone().unwrap_or_default();
        let got = records::documents(p.format, &mapped, &entry, &mut log)
            .map_err(|(at, message)| format_error(&p.shown, &source, &mapped, at, message))?;
        if !got.without_text.is_empty() {
            warnings.push(Warning::NoText {
                path: p.shown.clone(),
                field: entry.field("text").to_string(),
                records: got.without_text.clone(),
                total: got.total,
            });
        }
        if !got.filtered.is_empty() {
            let filters = got.filtered.iter().map(|(f, n)| (f.clone(), *n)).collect();
            warnings.push(Warning::Filtered { path: p.shown.clone(), filters, total: got.total });
        }
        let width = got.total.to_string().len();
        for d in got.docs {
            let mut meta = p.base_meta.clone();
            overlay(&mut meta, &d.meta);
            overlay(&mut meta, &p.doc_meta);
            meta.extra.insert("record".into(), d.number.to_string());
            let id = d.id.unwrap_or_else(|| format!("{}/{:0width$}", p.id, d.number));
            let profile = profile_of(&meta, &d.text.text);
            let mut ulog = log.fork();
            let stage = clean::prepare(d.text, profile, &options.passes, &mut ulog);
            units.push(Unit { id, meta, markdown: false, profile, log: ulog, stage });
        }
    } else {
        let mut meta = p.base_meta.clone();
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
                Err((at, message)) => return Err(format_error(&p.shown, &source, &mapped, at, message)),
            }
        }
        overlay(&mut meta, &p.doc_meta);
        let profile = profile_of(&meta, &mapped.text);
        let mut ulog = log.fork();
        let stage = clean::prepare(mapped, profile, &options.passes, &mut ulog);
        units.push(Unit { id: p.id, meta, markdown, profile, log: ulog, stage });
    }
    Ok(Read::File(Box::new(File { source, input, log, units, warnings, order, split_records })))
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
