//! Documents given as rows of JSON Lines on a reader (standard input), one document a line:
//! `{"id", "text", and metadata}` — what a distributed engine pipes to `rhetor` (Spark's
//! `RDD.pipe`), or any program that has its documents in a table rather than in files.
//!
//! A row's text is its own source, taken as it is (no cleaning profile): it is named `stdin:N`, N
//! the row's number, and its spans are byte offsets in the text. N is the row's line, or, given a
//! field that numbers the rows (`number`), that field's integer: what a driver that splits rows
//! among shards gives each (Spark's `zipWithIndex`). Each row is a file of its own in corpus
//! order, ordered by N, so the rows of a corpus handed to shards in any order and merged give the
//! documents of one run over all of them.
//!
//! Architecture Invariant: rows are read here and nowhere else; a row's every byte is in its
//! document or in a `drop` entry of the log (a row in a language `[ingest] languages` leaves out).

use crate::build::CleanDoc;
use crate::finish::{CleanedRest, Emitter};
use crate::mapped::Mapped;
use crate::{IngestError, IngestOptions, Log, Streamed, Warning, language, sha256_hex};
use rayon::prelude::*;
use rhetor_doc::{Document, FileOrder, InputFile, Metadata, Source, Vocabulary};
use std::io::BufRead;
use std::sync::Arc;

/// What standard input is called in messages.
pub const STDIN: &str = "stdin";

/// One row read: its number, id, metadata and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The line it was read from (from 1).
    pub line: u64,
    pub number: u64,
    pub id: String,
    pub meta: Metadata,
    pub text: String,
}

impl Row {
    /// The name of the row's source: `stdin:N`.
    pub fn source_path(&self) -> String {
        format!("{STDIN}:{}", self.number)
    }
}

/// Parse line `line` (from 1) of the rows: a JSON object with a string field `text`; `id` a string
/// or a number (else `row-N`); `number`, when given, the field holding the row's number (an
/// integer from 1; else the line is the number). Every other string, number or boolean field is
/// metadata as a record file gives it (dates normalised); nested values and nulls are left out.
pub fn parse_row(json: &str, line: u64, field: Option<&str>) -> Result<Row, IngestError> {
    let bad = |column: usize, message: String| IngestError::Format {
        path: STDIN.into(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| bad(e.column(), format!("not a JSON object: {e}")))?;
    let serde_json::Value::Object(obj) = value else {
        return Err(bad(1, "not a JSON object".into()));
    };
    let text = match obj.get("text") {
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => return Err(bad(1, "no string field `text`".into())),
    };
    if text.len() > u32::MAX as usize {
        return Err(bad(1, "a text larger than the 4 GiB a document may hold".into()));
    }
    let number = match field {
        None => line,
        Some(field) => match obj.get(field).and_then(serde_json::Value::as_u64) {
            Some(n) if n >= 1 => n,
            _ => return Err(bad(1, format!("no row number (an integer from 1) in the field `{field}`"))),
        },
    };
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(x)) => x.to_string(),
        _ => format!("row-{number}"),
    };
    let mut meta = Metadata::default();
    for (k, value) in &obj {
        if k == "id" || k == "text" || Some(k.as_str()) == field {
            continue;
        }
        let s = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(x) => x.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        crate::formats::records::set_field(&mut meta, k, s, false);
    }
    Ok(Row { line, number, id, meta, text })
}

/// A row made ready in parallel: its document (none when its language is left out), its file
/// and source, and its log.
struct Ready {
    doc: Option<CleanDoc>,
    language: Option<&'static str>,
    input: InputFile,
    file: FileOrder,
    source: Arc<Source>,
    log: Vec<rhetor_doc::LogEntry>,
}

fn ready(row: Row, options: &IngestOptions) -> Ready {
    let path = row.source_path();
    let sha256 = sha256_hex(row.text.as_bytes());
    let source = Arc::new(Source::new(path.clone(), row.text.as_bytes(), sha256.clone()));
    let input = InputFile { path: path.clone(), sha256, bytes: row.text.len() as u64 };
    // Corpus order sorts a root's files by their paths part by part: the number, zero-padded.
    let file = FileOrder { path: path.clone(), root: 0, rel: format!("{:020}", row.number) };
    let language = options.detect_language.then(|| language::detect(&row.text));
    let mut meta = row.meta;
    if let Some(l) = language {
        if !options.languages.keeps(l) {
            let mut dropped = Log::new(&path, row.text.as_bytes());
            let reason = format!("text in {} ({l}), not in [ingest] languages", language::name(l));
            dropped.drop("languages", &reason, 0, row.text.len() as u32, "");
            return Ready { doc: None, language, input, file, source, log: dropped.entries };
        }
        meta.extra.insert(language::KEY.into(), l.to_string());
    }
    let text = Mapped::verbatim(&row.text, 0);
    let doc = CleanDoc { id: row.id, block: 0, seq: 0, meta, text, source: source.clone(), markdown: false };
    Ready { doc: Some(doc), language, input, file, source, log: Vec::new() }
}

/// Read the rows of `reader` (see the module documentation), `chunk` lines at a time, parsed and
/// their languages detected in parallel, handing each document on in corpus order. One run (no
/// `options.split`) takes the rows in order of their numbers (a number not above the last is an
/// error); a shard takes its rows in any order, and hands them on in order of their numbers.
pub fn clean_rows(
    reader: impl BufRead,
    field: Option<&str>,
    options: &IngestOptions,
    chunk: usize,
    mut each: impl FnMut(CleanDoc),
) -> Result<CleanedRest, IngestError> {
    let shard = options.split.is_some();
    let mut emit = Emitter::new(options.skip_duplicates && !shard, !shard);
    let mut rest = CleanedRest::default();
    let mut rows = 0usize;
    let mut last: Option<(u64, u64)> = None;
    let mut held: Vec<Row> = Vec::new();
    let mut lines = reader.lines();
    let mut line = 0u64;
    let io = |e: std::io::Error| IngestError::Io { path: STDIN.into(), source: e };
    loop {
        let mut batch: Vec<(u64, String)> = Vec::new();
        for l in lines.by_ref() {
            line += 1;
            let l = l.map_err(io)?;
            if !l.trim().is_empty() {
                batch.push((line, l));
                if batch.len() >= chunk.max(1) {
                    break;
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        rows += batch.len();
        let parsed: Vec<Row> =
            batch.into_par_iter().map(|(n, l)| parse_row(&l, n, field)).collect::<Result<_, IngestError>>()?;
        if shard {
            held.extend(parsed);
            continue;
        }
        for row in &parsed {
            if let Some((before, at)) = last.filter(|&(before, _)| row.number <= before) {
                let message = format!(
                    "row number {} after {before} (line {at}): one run takes the rows in order of their numbers",
                    row.number
                );
                return Err(row_error(row.line, message));
            }
            last = Some((row.number, row.line));
        }
        hand_on(parsed, options, &mut emit, &mut rest, &mut each)?;
    }
    if shard {
        held.sort_by_key(|r| r.number);
        if let Some(w) = held.windows(2).find(|w| w[0].number == w[1].number) {
            let (a, b) = if w[0].line < w[1].line { (&w[0], &w[1]) } else { (&w[1], &w[0]) };
            let message = format!("row number {} again (first at line {})", b.number, a.line);
            return Err(row_error(b.line, message));
        }
        while !held.is_empty() {
            let rest_of = held.split_off(held.len().min(chunk.max(1)));
            hand_on(std::mem::replace(&mut held, rest_of), options, &mut emit, &mut rest, &mut each)?;
        }
    }
    rest.languages = (emit.detected, emit.left_out.iter().map(|(l, n)| (l.to_string(), *n)).collect());
    if shard {
        // Whether the corpus holds a document, what repeats and what languages left out are the
        // merge's to say, across shards.
        return Ok(rest);
    }
    if rows == 0 {
        let why = "no rows (one JSON object a line, with a string field `text`)".into();
        return Err(IngestError::NoDocuments { path: STDIN.into(), why });
    }
    rest.warnings.append(&mut emit.repeats);
    if !emit.left_out.is_empty() {
        let left_out = emit.left_out.into_iter().collect();
        let w = Warning::Languages { kept: options.languages.0.clone(), left_out, total: emit.detected };
        if emit.handed_on == 0 {
            return Err(IngestError::NoDocuments { path: STDIN.into(), why: w.to_string() });
        }
        rest.warnings.push(w);
    }
    Ok(rest)
}

fn row_error(line: u64, message: String) -> IngestError {
    IngestError::Format { path: STDIN.into(), line: u32::try_from(line).unwrap_or(u32::MAX), column: 1, message }
}

/// Make rows ready in parallel, then hand their documents on in order: each row's input, file and
/// source recorded, its language counted, a row left out logged as dropped.
fn hand_on(
    rows: Vec<Row>,
    options: &IngestOptions,
    emit: &mut Emitter,
    rest: &mut CleanedRest,
    each: &mut impl FnMut(CleanDoc),
) -> Result<(), IngestError> {
    let ready: Vec<Ready> = rows.into_par_iter().map(|r| ready(r, options)).collect();
    for r in ready {
        rest.inputs.push(r.input);
        rest.files.push(r.file);
        rest.sources.push(r.source);
        rest.log.extend(r.log);
        if let Some(l) = r.language {
            emit.detected += 1;
            if !options.languages.keeps(l) {
                *emit.left_out.entry(l).or_default() += 1;
            }
        }
        if let Some(doc) = r.doc {
            if let Some(doc) = emit.check(doc)? {
                each(doc);
            }
        }
    }
    Ok(())
}

/// The rows of `reader` read and cleaned ([`clean_rows`]) and tokenized into one corpus, as
/// [`crate::ingest`] does files.
pub fn ingest_rows(
    reader: impl BufRead,
    field: Option<&str>,
    options: &IngestOptions,
) -> Result<crate::Ingested, IngestError> {
    let mut docs = Vec::new();
    let rest = clean_rows(reader, field, options, 1024, |d| docs.push(d))?;
    let CleanedRest { inputs, warnings, log, files, sources, languages } = rest;
    crate::build(crate::Cleaned { docs, inputs, warnings, log, files, sources, languages }, options)
}

/// The rows of `reader` read, cleaned and tokenized `batch` at a time, each document handed to
/// `each` in corpus order with the corpus vocabulary, as [`crate::stream_documents`] does files.
pub fn stream_rows(
    reader: impl BufRead,
    field: Option<&str>,
    options: &IngestOptions,
    batch: usize,
    each: impl FnMut(Document, &Vocabulary),
) -> Result<Streamed, IngestError> {
    crate::batches::stream_cleaned(options, batch, each, |hand| clean_rows(reader, field, options, batch, hand))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_gives_its_number_id_and_metadata() {
        let json = r#"{"text": "We win.", "id": 7, "n": 12, "speaker": "A  B", "page": 3, "ok": true, "x": {"y": 1}, "z": null}"#;
        let row = parse_row(json, 4, Some("n")).expect("a row");
        assert_eq!((row.line, row.number, row.id.as_str(), row.text.as_str()), (4, 12, "7", "We win."));
        assert_eq!(row.meta.speaker.as_deref(), Some("A B"));
        let extra: Vec<(&str, &str)> = row.meta.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(extra, [("ok", "true"), ("page", "3")], "the number, nested values and nulls left out");
        assert_eq!(row.source_path(), "stdin:12");
        let row = parse_row(r#"{"text": ""}"#, 9, None).expect("a row");
        assert_eq!((row.number, row.id.as_str()), (9, "row-9"));
    }

    #[test]
    fn a_bad_row_is_an_error_naming_its_line() {
        let cases = [
            (r#"{"text": 5}"#, "stdin:3:1: no string field `text`"),
            ("[1]", "stdin:3:1: not a JSON object"),
            (r#"{"text": "a", "n": -1}"#, "stdin:3:1: no row number (an integer from 1) in the field `n`"),
            (r#"{"text": "a", "n": "2"}"#, "stdin:3:1: no row number (an integer from 1) in the field `n`"),
        ];
        for (json, message) in cases {
            let e = parse_row(json, 3, Some("n")).expect_err(json);
            assert_eq!(e.to_string(), message);
        }
        let e = parse_row(r#"{"text": "a""#, 3, None).expect_err("cut short");
        assert!(e.to_string().starts_with("stdin:3:12: not a JSON object: EOF"), "{e}");
    }
}
