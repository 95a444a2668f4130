//! Source formats: plain text, Markdown (with front matter), and record files — a JSON array of
//! objects, JSON Lines, CSV and TSV with a header row — whose records each become a document.
//!
//! Architecture Invariant: a record's text keeps its byte spans in the file (escapes and doubled
//! quotes map to the bytes they stand for), and every byte of a record file outside the documents'
//! texts is in a `metadata` or `drop` log entry (see [`records`]).

pub mod csv;
pub mod front_matter;
pub mod json;
pub mod records;

use crate::mapped::Mapped;
use json::{Span, Value};
use std::path::Path;

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Jsonl,
    Csv,
    Tsv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            _ => return None,
        })
    }

    /// By extension; anything unknown is text.
    pub fn of_path(p: &Path) -> Format {
        p.extension().and_then(|e| Format::parse(&e.to_string_lossy())).unwrap_or(Format::Text)
    }

    pub fn is_records(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl | Format::Csv | Format::Tsv)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }
}

/// One field value of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Json(Value),
    Csv(csv::Field),
}

impl Cell {
    /// The value as metadata text; `None` for JSON null.
    pub fn text(&self, src: &str) -> Option<String> {
        match self {
            Cell::Json(v) => v.as_text(src),
            Cell::Csv(f) => Some(f.text(src)),
        }
    }

    /// A string value as mapped text and the number of escapes decoded; `None` for other values.
    pub fn mapped(&self, src: &Mapped) -> Option<(Mapped, usize)> {
        match self {
            Cell::Json(v) => v.as_mapped(src),
            Cell::Csv(f) => Some((f.mapped(src), usize::from(f.doubled_quotes))),
        }
    }

    /// The span of a string value's content.
    pub fn inner(&self) -> Option<Span> {
        match self {
            Cell::Json(Value::Str { inner, .. }) => Some(*inner),
            Cell::Csv(f) => Some(f.inner),
            Cell::Json(_) => None,
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Json(Value::Num(_)))
    }
}

/// One record: its 1-based number in the file, its span, and its fields in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub number: usize,
    pub span: Span,
    pub fields: Vec<(String, Cell)>,
}

impl Record {
    pub fn get(&self, name: &str) -> Option<&Cell> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }
}

/// Where the text given to [`read_records_in`] stands in its record file: the whole file, or a
/// block of it (see [`crate::blocks`]) that parses alone.
#[derive(Clone, Debug)]
pub struct BlockPlace {
    /// Whether the text starts the file (a JSON array's `[`, a CSV file's header).
    pub first: bool,
    /// Whether the text ends the file (a JSON array's `]`).
    pub last: bool,
    /// The number of the text's first record in the file.
    pub first_record: usize,
    /// A CSV or TSV file's column names, for a block without the header.
    pub header: Option<Vec<String>>,
}

impl BlockPlace {
    /// A whole file.
    pub fn whole() -> BlockPlace {
        BlockPlace { first: true, last: true, first_record: 1, header: None }
    }
}

/// The records of a record file, or the offset and reason of its first syntax error.
pub fn read_records(format: Format, text: &str) -> Result<Vec<Record>, (usize, String)> {
    read_records_in(format, text, &BlockPlace::whole())
}

/// The records of a record file's text, or of a block of it (`place`), numbered in the file.
pub fn read_records_in(format: Format, text: &str, place: &BlockPlace) -> Result<Vec<Record>, (usize, String)> {
    let number = |i: usize| place.first_record + i;
    match format {
        Format::Json if !(place.first && place.last) => {
            let items =
                json::parse_items(text, 0, text.len(), place.first, place.last).map_err(|e| (e.at, e.message))?;
            items.into_iter().enumerate().map(|(i, v)| object(number(i), v)).collect()
        }
        Format::Json => {
            let v = json::parse(text, 0, text.len()).map_err(|e| (e.at, e.message))?;
            match v {
                Value::Arr(items, _) => items.into_iter().enumerate().map(|(i, v)| object(number(i), v)).collect(),
                v @ Value::Obj(..) => Ok(vec![object(number(0), v)?]),
                _ => Err((0, "a JSON source must be an array of objects".into())),
            }
        }
        Format::Jsonl => {
            let mut out = Vec::new();
            let mut pos = 0;
            for line in text.split_inclusive('\n') {
                let (a, b) = (pos, pos + line.trim_end_matches('\n').len());
                pos += line.len();
                if text[a..b].trim().is_empty() {
                    continue;
                }
                let v = json::parse(text, a, b).map_err(|e| (e.at, e.message))?;
                out.push(object(number(out.len()), v)?);
            }
            Ok(out)
        }
        Format::Csv | Format::Tsv => {
            let delim = if format == Format::Csv { b',' } else { b'\t' };
            let rows = csv::rows(text, delim).map_err(|e| (e.at, e.message))?;
            let mut it = rows.into_iter();
            let names: Vec<String> = match (&place.header, place.first) {
                (Some(names), false) => names.clone(),
                _ => {
                    let Some(header) = it.next() else { return Ok(Vec::new()) };
                    header.fields.iter().map(|f| f.text(text).trim().to_string()).collect()
                }
            };
            it.enumerate()
                .map(|(i, row)| {
                    if row.fields.len() != names.len() {
                        let msg =
                            format!("record {} has {} fields, the header {}", number(i), row.fields.len(), names.len());
                        return Err((row.span.0, msg));
                    }
                    let fields = names.iter().cloned().zip(row.fields.into_iter().map(Cell::Csv)).collect();
                    Ok(Record { number: number(i), span: row.span, fields })
                })
                .collect()
        }
        Format::Text | Format::Markdown => Ok(Vec::new()),
    }
}

fn object(number: usize, v: Value) -> Result<Record, (usize, String)> {
    match v {
        Value::Obj(fields, span) => {
            Ok(Record { number, span, fields: fields.into_iter().map(|(k, v)| (k, Cell::Json(v))).collect() })
        }
        Value::Arr(_, (a, _)) | Value::Num((a, _)) => Err((a, format!("record {number} is not an object"))),
        Value::Str { inner, .. } => Err((inner.0.saturating_sub(1), format!("record {number} is not an object"))),
        _ => Err((0, format!("record {number} is not an object"))),
    }
}
