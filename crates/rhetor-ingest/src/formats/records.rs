//! Records to documents: the text field becomes the document's text (mapped to its bytes in the
//! file), the other fields its metadata, as a `[[source]]` entry of the manifest says.
//!
//! The log gets, per record, one `metadata` entry for the bytes between the previous record's text
//! and this one's (field names, other fields, punctuation), a `drop` entry for each record without
//! text, and one `replace` entry per file counting the string escapes decoded.

use crate::formats::{BlockPlace, Format, Record, read_records_in};
use crate::log::Log;
use crate::manifest::SourceEntry;
use crate::mapped::Mapped;
use rhetor_doc::Metadata;
use std::collections::BTreeMap;

/// A document made from one record.
#[derive(Clone, Debug)]
pub struct RecordDoc {
    pub number: usize,
    /// The value of the id field, when `fields.id` names one.
    pub id: Option<String>,
    pub meta: Metadata,
    pub text: Mapped,
}

/// What a record file gave.
#[derive(Clone, Debug, Default)]
pub struct FromRecords {
    pub docs: Vec<RecordDoc>,
    /// Numbers of the records with no text (null, empty or missing), skipped.
    pub without_text: Vec<usize>,
    /// Records left out by each filter of the source (`where.FIELD`, `min_words`), in order.
    pub filtered: BTreeMap<String, usize>,
    pub total: usize,
}

/// Documents from the records of a file, or of a block of it (`m` is the decoded file or block;
/// `place` says which). A block's log accounts for its own bytes: what lies between its last text
/// and its end is logged with it.
pub fn documents(
    format: Format,
    m: &Mapped,
    entry: &SourceEntry,
    log: &mut Log,
    place: &BlockPlace,
) -> Result<FromRecords, (usize, String)> {
    let src = m.text.as_str();
    let records = read_records_in(format, src, place)?;
    let text_field = entry.field("text");
    // (A block of a file is read only when some record of the file has the field.)
    let whole = place.first && place.last;
    if whole && !records.is_empty() && records.iter().all(|r| r.get(text_field).is_none()) {
        let names: Vec<&str> = records[0].fields.iter().map(|(n, _)| n.as_str()).collect();
        let msg = format!(
            "no record has the text field `{text_field}` (fields: {}); name it with `fields = {{ text = \"…\" }}` \
             in a [[source]] entry of the manifest",
            names.join(", ")
        );
        return Err((records[0].span.0, msg));
    }
    let mut out = FromRecords { total: records.len(), ..FromRecords::default() };
    let mut pos = 0;
    let mut escapes = 0;
    let mut first_escape: Option<(u32, u32)> = None;
    for r in &records {
        let cell = r.get(text_field);
        let mapped = cell.and_then(|c| c.mapped(m)).filter(|(t, _)| !t.text.trim().is_empty());
        let (Some((text, n)), Some(inner)) = (mapped, cell.and_then(|c| c.inner())) else {
            let (a, b) = m.src_span(r.span.0, r.span.1);
            log.drop("records", &format!("record {}: no text in `{text_field}` (skipped)", r.number), a, b, "");
            out.without_text.push(r.number);
            continue;
        };
        if n > 0 {
            escapes += n;
            if first_escape.is_none() {
                if let Some(i) = src[inner.0..inner.1].find(['\\', '"']) {
                    first_escape = Some(m.src_span(inner.0 + i, inner.0 + i + 2));
                }
            }
        }
        if let Some(filter) = left_out(r, src, &text.text, entry) {
            let (a, b) = m.src_span(r.span.0, r.span.1);
            log.drop("records", &format!("record {}: left out by `{filter}`", r.number), a, b, "");
            *out.filtered.entry(filter).or_default() += 1;
            continue;
        }
        let text = match entry.paragraph_separator.as_deref() {
            Some(sep) => split_paragraphs(text, sep, r.number, log),
            None => text,
        };
        let meta = metadata(r.fields.iter().map(|(k, c)| (k.as_str(), c.text(src), c.is_number())), entry);
        if inner.0 > pos {
            let (a, b) = m.src_span(pos, inner.0);
            let taken = taken_fields(r, entry);
            log.metadata("records", &format!("record {}: fields other than `{text_field}`", r.number), a, b, &taken);
        }
        pos = inner.1;
        let id = entry.fields.get("id").and_then(|f| r.get(f)).and_then(|c| c.text(src));
        out.docs.push(RecordDoc { number: r.number, id, meta, text });
    }
    if pos < src.len() {
        let (a, b) = m.src_span(pos, src.len());
        let what = if place.last {
            "fields after the last text, and the end of the file"
        } else {
            "fields after the last text of the block, to the next block"
        };
        log.metadata("records", what, a, b, "");
    }
    if let Some((a, b)) = first_escape {
        let what = if format == Format::Csv || format == Format::Tsv { "doubled quotes" } else { "string escapes" };
        log.replace("records", &format!("{escapes} {what} decoded in the texts (the first shown)"), a, b, "", "");
    }
    Ok(out)
}

/// The filter of `entry` that leaves record `r` out, if one does: `where.FIELD` (the field's value,
/// by its source name, is not one of those given; a record without the field is left out too) or
/// `min_words`.
fn left_out(r: &Record, src: &str, text: &str, entry: &SourceEntry) -> Option<String> {
    for (field, allowed) in &entry.keep_where {
        let value = r.get(field).and_then(|c| c.text(src));
        if !value.is_some_and(|v| allowed.contains(v.trim())) {
            return Some(format!("where.{field}"));
        }
    }
    let min = entry.min_words?;
    (text.split_whitespace().nth(min.saturating_sub(1)).is_none() && min > 0).then(|| "min_words".to_string())
}

/// Each `sep` in a record's text made a paragraph break (a blank line); one log entry per record.
fn split_paragraphs(text: Mapped, sep: &str, number: usize, log: &mut Log) -> Mapped {
    let at: Vec<usize> = text.text.match_indices(sep).map(|(i, _)| i).collect();
    let Some(&first) = at.first() else { return text };
    let (a, b) = text.src_span(first, first + sep.len());
    let what = if at.len() == 1 { "separator" } else { "separators" };
    let reason =
        format!("record {number}: {} paragraph {what} `{sep}` made paragraph breaks (the first shown)", at.len());
    log.replace("records", &reason, a, b, "", "\n\n");
    text.rewrite(at.into_iter().map(|i| (i, i + sep.len(), "\n\n")))
}

/// The rhetor metadata names a record's fields went to, for the log.
fn taken_fields(r: &Record, entry: &SourceEntry) -> String {
    let text = entry.field("text");
    let names: Vec<String> = r
        .fields
        .iter()
        .filter(|(k, _)| k != text && !entry.drop.contains(k))
        .map(|(k, _)| entry.fields.iter().find(|(_, s)| *s == k).map_or_else(|| k.clone(), |(n, _)| n.clone()))
        .collect();
    names.join(", ")
}

/// Metadata from `(source field, value, is a number)` triples as the entry maps them, then the
/// entry's constants (`set`) where nothing was given.
pub fn metadata<'a>(fields: impl Iterator<Item = (&'a str, Option<String>, bool)>, entry: &SourceEntry) -> Metadata {
    let mut meta = Metadata::default();
    let text = entry.field("text");
    let id = entry.fields.get("id").map(String::as_str);
    for (source, value, _number) in fields {
        let Some(value) = value else { continue };
        if source == text || Some(source) == id || entry.drop.iter().any(|d| d == source) {
            continue;
        }
        let name = match entry.fields.iter().find(|(_, s)| *s == source) {
            Some((n, _)) => n.as_str(),
            // An unmapped field keeps its name, unless that name is mapped to another field.
            None if entry.fields.contains_key(source) => {
                meta.extra.insert(format!("source_{source}"), value);
                continue;
            }
            None => source,
        };
        set_field(&mut meta, name, value, entry.date_unit.as_deref() == Some("s"));
    }
    for (k, v) in &entry.set {
        if meta.get(k).is_none() {
            set_field(&mut meta, k, v.clone(), false);
        }
    }
    meta
}

/// Set one metadata field by its rhetor name. A date that cannot be read is kept as `date_raw`.
/// The typed fields (title, outlet, speaker, kind) have their whitespace runs made single spaces.
pub fn set_field(meta: &mut Metadata, name: &str, value: String, seconds: bool) {
    let one_line = |v: &str| v.split_whitespace().collect::<Vec<_>>().join(" ");
    let value = if matches!(name, "title" | "outlet" | "speaker" | "kind") { one_line(&value) } else { value };
    match name {
        "title" => meta.title = Some(value),
        "outlet" => meta.outlet = Some(value),
        "speaker" => meta.speaker = Some(value),
        "kind" => meta.kind = Some(value),
        "date" => match normalize_date(&value, seconds) {
            Some(d) => meta.date = Some(d),
            None => {
                meta.extra.insert("date_raw".into(), value);
            }
        },
        _ => {
            meta.extra.insert(name.to_string(), value);
        }
    }
}

/// A date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: as written, the date part of an ISO 8601 date-time,
/// eight digits of a valid compact date (`20210101`), or a number of milliseconds (seconds when
/// `seconds`) since 1970-01-01 UTC that falls in the years 1 to 9999. Anything else is no date
/// (the caller keeps it as `date_raw`).
pub fn normalize_date(v: &str, seconds: bool) -> Option<String> {
    let v = v.trim();
    if Metadata::valid_date(v) {
        return Some(v.to_string());
    }
    if v.len() > 10
        && v.is_char_boundary(10)
        && Metadata::valid_date(&v[..10])
        && matches!(v.as_bytes()[10], b'T' | b' ')
    {
        return Some(v[..10].to_string());
    }
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        let dashed = format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..]);
        if Metadata::valid_date(&dashed) {
            return Some(dashed);
        }
    }
    let n: i64 = v.parse().ok()?;
    let secs = if seconds { n } else { n.div_euclid(1000) };
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    (1..=9999).contains(&y).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kcna_entry() -> SourceEntry {
        let mut e = SourceEntry { path: "k.json".into(), ..SourceEntry::default() };
        for (k, v) in [("text", "story_text"), ("title", "headline")] {
            e.fields.insert(k.into(), v.into());
        }
        e.set.insert("outlet".into(), "KCNA".into());
        e.drop.push("date_str".into());
        e
    }

    #[test]
    fn dates_from_epochs_and_iso_strings() {
        assert_eq!(normalize_date("1703376000000", false).as_deref(), Some("2023-12-24"));
        assert_eq!(normalize_date("1703376000", true).as_deref(), Some("2023-12-24"));
        assert_eq!(normalize_date("0", false).as_deref(), Some("1970-01-01"));
        // A compact date is a date, not milliseconds; days a month lacks and years past 9999 are
        // no date.
        assert_eq!(normalize_date("20210101", false).as_deref(), Some("2021-01-01"));
        assert_eq!(normalize_date("2021-02-31", false), None);
        assert_eq!(normalize_date("2024-02-29", false).as_deref(), Some("2024-02-29"));
        assert_eq!(normalize_date("2023-02-29", false), None);
        assert_eq!(normalize_date(&i64::MAX.to_string(), false), None);
        assert_eq!(normalize_date(&i64::MIN.to_string(), true), None);
        assert_eq!(normalize_date("951782400", true).as_deref(), Some("2000-02-29"));
        assert_eq!(normalize_date("2024-01-02T09:00:00Z", false).as_deref(), Some("2024-01-02"));
        assert_eq!(normalize_date("1790", false).as_deref(), Some("1790"));
        assert_eq!(normalize_date("January 2", false), None);
    }

    #[test]
    fn json_records_become_documents_with_every_byte_accounted_for() {
        let src = "[{\"topic\":\"News\",\"headline\":\"A \\\"B\\\"\",\"date\":1703376000000,\"date_str\":\"x\",\
                   \"story_text\":\"Line one.\\nLine two.\"},\n {\"headline\":\"Photo\",\"story_text\":\"\"}]";
        let m = Mapped::verbatim(src, 0);
        let mut log = Log::new("k.json", src.as_bytes());
        let r = documents(Format::Json, &m, &kcna_entry(), &mut log, &BlockPlace::whole()).unwrap_or_default();
        assert_eq!((r.total, r.docs.len(), r.without_text.clone()), (2, 1, vec![2]));
        let d = &r.docs[0];
        assert_eq!(d.text.text, "Line one.\nLine two.");
        assert_eq!(d.meta.title.as_deref(), Some("A \"B\""));
        assert_eq!(d.meta.date.as_deref(), Some("2023-12-24"));
        assert_eq!(d.meta.outlet.as_deref(), Some("KCNA"));
        assert_eq!(d.meta.extra.get("topic").map(String::as_str), Some("News"));
        assert!(!d.meta.extra.contains_key("date_str"), "dropped fields are not kept");
        let (a, b) = d.text.src_span(9, 10);
        assert_eq!(&src[a as usize..b as usize], "\\n");
        let kept = d.text.covered();
        assert_eq!(crate::log::uncovered(src.len() as u32, &kept, &log.entries), vec![]);
        let reasons: Vec<&str> = log.entries.iter().map(|e| e.reason.as_str()).collect();
        assert!(reasons.iter().any(|r| r.starts_with("record 2: no text")), "{reasons:?}");
        assert!(reasons.iter().any(|r| r.starts_with("1 string escapes")), "{reasons:?}");
    }

    #[test]
    fn csv_and_jsonl_records() {
        let src = "id,speech,year\nA,\"We, the people\",1790\nB,,1791\n";
        let mut e = SourceEntry::default();
        e.fields.insert("text".into(), "speech".into());
        e.fields.insert("id".into(), "id".into());
        e.fields.insert("date".into(), "year".into());
        let mut log = Log::new("s.csv", src.as_bytes());
        let r =
            documents(Format::Csv, &Mapped::verbatim(src, 0), &e, &mut log, &BlockPlace::whole()).unwrap_or_default();
        assert_eq!(r.docs.len(), 1);
        assert_eq!(r.docs[0].id.as_deref(), Some("A"));
        assert_eq!(r.docs[0].text.text, "We, the people");
        assert_eq!(r.docs[0].meta.date.as_deref(), Some("1790"));
        let src = "{\"text\":\"one\"}\n\n{\"text\":\"two\",\"title\":\"T\"}\n";
        let mut log = Log::new("s.jsonl", src.as_bytes());
        let r = documents(
            Format::Jsonl,
            &Mapped::verbatim(src, 0),
            &SourceEntry::default(),
            &mut log,
            &BlockPlace::whole(),
        )
        .unwrap_or_default();
        assert_eq!(r.docs.iter().map(|d| d.text.text.as_str()).collect::<Vec<_>>(), ["one", "two"]);
        assert_eq!(r.docs[1].number, 2);
        assert_eq!(r.docs[1].meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn a_missing_text_field_is_an_error_listing_the_fields() {
        let src = "[{\"body\":\"x\"}]";
        let mut log = Log::new("k.json", src.as_bytes());
        let e =
            documents(Format::Json, &Mapped::verbatim(src, 0), &SourceEntry::default(), &mut log, &BlockPlace::whole())
                .err()
                .unwrap_or_default();
        assert!(e.1.contains("`text`") && e.1.contains("fields: body"), "{}", e.1);
    }
}
