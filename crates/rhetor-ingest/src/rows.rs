//! Documents given as rows of JSON Lines on a reader (standard input), one document a line:
//! `{"id", "text", and metadata}` — what a distributed engine pipes to `rhetor` (Spark's
//! `RDD.pipe`), or any program that has its documents in a table rather than in files.
//!
//! A row's text is its own source, decoded as a file's bytes are but not cleaned (no profile): it
//! is named `stdin:N`, N the row's number, and its spans are byte offsets in the text. N is the
//! row's line, or, given a field that numbers the rows (`field`), that field's integer: what a
//! driver that splits rows
//! among shards gives each (Spark's `zipWithIndex`). Each row is a file of its own in corpus
//! order, ordered by N, so the rows of a corpus handed to shards in any order and merged give the
//! documents of one run over all of them.
//!
//! Architecture Invariant: rows are read here and nowhere else; a row's every byte is in its
//! document or in the log (decoding's drops and rewrites, or a row in a language `[ingest]
//! languages` leaves out).

use crate::build::CleanDoc;
use crate::finish::{CleanedRest, Emitter};
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

/// A JSON object's members in order, every one kept (a key given twice is refused, not
/// overwritten).
struct Members(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, serde_json::Value>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Parse line `line` (from 1) of the rows: a JSON object with a string field `text`; `id` a string
/// or a number (else `row-N`); `number`, when given, the field holding the row's number (an
/// integer from 1; else the line is the number). Every other string, number or boolean field is
/// metadata as a record file gives it (dates normalised); nested values and nulls are left out. A
/// key given twice is an error (which of the two was meant?).
pub fn parse_row(json: &str, line: u64, field: Option<&str>) -> Result<Row, IngestError> {
    let bad = |column: usize, message: String| IngestError::Format {
        path: STDIN.into(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        message,
    };
    let Members(mut members) = serde_json::from_str(json).map_err(|e| {
        // serde's message ends with its own position ("at line 1 column 9"): the column is given.
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
        bad(e.column().max(1), format!("not a JSON object: {message}"))
    })?;
    let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    if let Some(k) = keys.windows(2).find(|w| w[0] == w[1]) {
        return Err(bad(1, format!("the key `{}` twice", k[0])));
    }
    let text = match members.iter_mut().find(|(k, _)| k == "text") {
        // Moved out, not copied: a text may be most of the memory a row takes.
        Some((_, serde_json::Value::String(s))) => std::mem::take(s),
        _ => return Err(bad(1, "no string field `text`".into())),
    };
    if text.len() > u32::MAX as usize {
        return Err(bad(1, "a text larger than the 4 GiB a document may hold".into()));
    }
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let number = match field {
        None => line,
        Some(field) => match get(field).and_then(serde_json::Value::as_u64) {
            Some(n) if n >= 1 => n,
            _ => return Err(bad(1, format!("no row number (an integer from 1) in the field `{field}`"))),
        },
    };
    let id = match get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(x)) => x.to_string(),
        _ => format!("row-{number}"),
    };
    let mut meta = Metadata::default();
    for (k, value) in members {
        if k == "id" || k == "text" || Some(k.as_str()) == field {
            continue;
        }
        let s = match value {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(x) => x.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        crate::formats::records::set_field(&mut meta, &k, s, false);
    }
    Ok(Row { line, number, id, meta, text })
}

/// A row made ready: its document (none when its language is left out), its file and source, and
/// its log.
#[derive(Debug)]
pub struct Ready {
    pub doc: Option<CleanDoc>,
    pub language: Option<&'static str>,
    pub input: InputFile,
    pub file: FileOrder,
    pub source: Arc<Source>,
    pub log: Vec<rhetor_doc::LogEntry>,
}

/// Make a row ready: its text decoded as a file's bytes are (a byte order mark dropped, CRLF and
/// CR made LF, control characters dropped, a form feed made a blank line; each logged), its
/// language detected, and a row `[ingest] languages` leaves out logged as dropped.
pub fn ready(row: Row, options: &IngestOptions) -> Result<Ready, IngestError> {
    let path = row.source_path();
    let sha256 = sha256_hex(row.text.as_bytes());
    let source = Arc::new(Source::new(path.clone(), row.text.as_bytes(), sha256.clone()));
    let input = InputFile { path: path.clone(), sha256, bytes: row.text.len() as u64 };
    // Corpus order sorts a root's files by their paths part by part: the number, zero-padded.
    let file = FileOrder { path: path.clone(), root: 0, rel: format!("{:020}", row.number) };
    let bytes = Arc::new(row.text.into_bytes());
    let mut log = Log::for_source(source.clone(), Arc::clone(&bytes));
    let (text, _) = crate::decode::decode(&bytes, false, &mut log).map_err(|e| IngestError::Internal {
        path: path.clone(),
        message: format!("a row's text did not decode: {e:?}"),
    })?;
    drop(bytes);
    let language = options.detect_language.then(|| language::detect(&text.text));
    let mut meta = row.meta;
    if let Some(l) = language {
        if !options.languages.keeps(l) {
            let reason = format!("text in {} ({l}), not in [ingest] languages", language::name(l));
            for (x, y) in text.covered() {
                log.drop("languages", &reason, x, y, "");
            }
            return Ok(Ready { doc: None, language, input, file, source, log: log.entries });
        }
        meta.extra.insert(language::KEY.into(), l.to_string());
    }
    let doc = CleanDoc { id: row.id, block: 0, seq: 0, meta, text, source: source.clone(), markdown: false };
    Ok(Ready { doc: Some(doc), language, input, file, source, log: log.entries })
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
    let mut lines = Lines::new(reader);
    loop {
        // A chunk of lines; a line that does not read ends it, and is the error unless an earlier
        // line is one too (the first bad line is the one named, whatever the chunk).
        let mut batch: Vec<(u64, String)> = Vec::new();
        let mut unread: Option<IngestError> = None;
        loop {
            match lines.next() {
                Ok(Some((line, l))) => {
                    if !l.trim().is_empty() {
                        batch.push((line, l));
                        if batch.len() >= chunk.max(1) {
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    unread = Some(e);
                    break;
                }
            }
        }
        if batch.is_empty() {
            match unread {
                Some(e) => return Err(e),
                None => break,
            }
        }
        rows += batch.len();
        let parsed: Vec<Result<Row, IngestError>> =
            batch.into_par_iter().map(|(n, l)| parse_row(&l, n, field)).collect();
        let mut good = Vec::with_capacity(parsed.len());
        for row in parsed {
            let row = row?;
            if !shard {
                if let Some((before, at)) = last.filter(|&(before, _)| row.number <= before) {
                    let message = if row.number == before {
                        format!("row number {before} again (first at line {at})")
                    } else {
                        format!(
                            "row number {} after {before} (line {at}): one run takes the rows in order of their numbers",
                            row.number
                        )
                    };
                    return Err(row_error(row.line, message));
                }
                last = Some((row.number, row.line));
            }
            good.push(row);
        }
        if let Some(e) = unread {
            return Err(e);
        }
        if shard {
            held.extend(good);
            continue;
        }
        hand_on(good, options, &mut emit, &mut rest, &mut each)?;
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
    if field.is_some() {
        rest.warnings.extend(missing_rows(rest.files.iter()));
    }
    Ok(rest)
}

/// The warning for rows numbered by their driver with numbers missing below the highest, given
/// every row's file (its `rel` is its number): one run's and a merge's alike.
pub fn missing_rows<'a>(files: impl Iterator<Item = &'a FileOrder>) -> Option<Warning> {
    let mut numbers: Vec<u64> = files.filter_map(|f| f.rel.parse().ok()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let highest = *numbers.last()?;
    let given = numbers.len() as u64;
    if given >= highest {
        return None;
    }
    let first = (1u64..).zip(&numbers).find(|&(k, &n)| k != n).map_or(given + 1, |(k, _)| k);
    Some(Warning::RowsMissing { highest, given, first })
}

/// The lines of the rows, as text: each must be UTF-8 (an error names the line and byte), a byte
/// order mark before the first is dropped, and a line ends at LF or CRLF.
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    line: u64,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines { reader, line: 0 }
    }

    /// The next row, lines that hold only blanks passed over.
    pub fn next_row(&mut self, field: Option<&str>) -> Result<Option<Row>, IngestError> {
        while let Some((line, l)) = self.next()? {
            if !l.trim().is_empty() {
                return parse_row(&l, line, field).map(Some);
            }
        }
        Ok(None)
    }

    fn next(&mut self) -> Result<Option<(u64, String)>, IngestError> {
        let mut buf = Vec::new();
        let n =
            self.reader.read_until(b'\n', &mut buf).map_err(|e| IngestError::Io { path: STDIN.into(), source: e })?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        let mark = self.line == 1 && buf.starts_with(&[0xEF, 0xBB, 0xBF]);
        if mark {
            buf.drain(..3);
        }
        match String::from_utf8(buf) {
            Ok(s) => Ok(Some((self.line, s))),
            Err(e) => Err(IngestError::InvalidUtf8 {
                path: STDIN.into(),
                line: self.line,
                offset: e.utf8_error().valid_up_to() as u64 + if mark { 3 } else { 0 },
            }),
        }
    }
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
    let ready: Vec<Ready> = rows.into_par_iter().map(|r| ready(r, options)).collect::<Result<_, _>>()?;
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
    fn lines_are_utf8_a_first_bom_dropped_and_gaps_in_numbers_found() {
        let mut lines = Lines::new(&b"\xEF\xBB\xBF{\"text\": \"a\"}\r\n\n{\"text\": \"\xC3\x28\"}\n"[..]);
        let row = lines.next_row(None).expect("a row").expect("one");
        assert_eq!((row.line, row.text.as_str()), (1, "a"));
        let e = lines.next_row(None).expect_err("not UTF-8");
        assert_eq!(e.to_string(), "stdin:3: invalid UTF-8 at byte offset 10");
        let e = Lines::new(&b"\xEF\xBB\xBF{\"text\": \"\xff\"}"[..]).next_row(None).expect_err("not UTF-8");
        assert_eq!(e.to_string(), "stdin:1: invalid UTF-8 at byte offset 13", "the offset in the bytes given");
        // The first bad line is the one named, whatever comes after it in its chunk.
        let rows = &b"{\"text\": \"a\"}\n{bad\n{\"text\": \"b\"}\n{\"text\": \"\xff\"}\n"[..];
        let e = clean_rows(rows, None, &IngestOptions::default(), 64, |_| {}).expect_err("bad");
        assert!(e.to_string().starts_with("stdin:2:2: not a JSON object"), "{e}");
        let rows = &b"{\"text\": \"a\", \"n\": 2}\n{\"text\": \"b\", \"n\": 1}\n{bad\n"[..];
        let e = clean_rows(rows, Some("n"), &IngestOptions::default(), 64, |_| {}).expect_err("bad");
        assert!(e.to_string().starts_with("stdin:2:1: row number 1 after 2"), "{e}");
        let file = |n: u64| FileOrder { path: format!("stdin:{n}"), root: 0, rel: format!("{n:020}") };
        let files: Vec<FileOrder> = [1, 2, 4, 7].into_iter().map(file).collect();
        let w = missing_rows(files.iter()).expect("a gap");
        assert_eq!(
            w.to_string(),
            "stdin: rows numbered up to 7, 4 given: 3 numbers missing (the first: 3); rows lost on their way?"
        );
        let files: Vec<FileOrder> = [2, 1, 3].into_iter().map(file).collect();
        assert!(missing_rows(files.iter()).is_none());
    }

    #[test]
    fn a_row_is_decoded_as_a_file_is() {
        let row = parse_row(r#"{"text": "\ufeffWe\r\nwin\u001b[31m.\u0000"}"#, 1, None).expect("a row");
        let ready = ready(row, &IngestOptions::default()).expect("ready");
        let doc = ready.doc.expect("a document");
        assert_eq!(doc.text.text, "We\nwin[31m.");
        let passes: Vec<&str> = ready.log.iter().map(|e| e.pass.as_str()).collect();
        assert!(passes.contains(&"decode"), "{passes:?}");
    }

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
            ("[1]", "stdin:3:1: not a JSON object: invalid type: sequence, expected a JSON object"),
            (r#"{"text": "a", "text": "b"}"#, "stdin:3:1: the key `text` twice"),
            (r#"{"text": "a", "n": -1}"#, "stdin:3:1: no row number (an integer from 1) in the field `n`"),
            (r#"{"text": "a", "n": "2"}"#, "stdin:3:1: no row number (an integer from 1) in the field `n`"),
        ];
        for (json, message) in cases {
            let e = parse_row(json, 3, Some("n")).expect_err(json);
            assert_eq!(e.to_string(), message);
        }
        let e = parse_row(r#"{"text": "a""#, 3, None).expect_err("cut short");
        assert_eq!(e.to_string(), "stdin:3:12: not a JSON object: EOF while parsing an object");
    }
}
