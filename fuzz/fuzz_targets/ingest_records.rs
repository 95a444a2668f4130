//! Fuzz target `ingest_records`: record files. The first input byte picks the format (byte % 4:
//! JSON array, JSON Lines, CSV, TSV) and the cleaning profile ((byte / 4) % 5: auto, none,
//! transcript, print, web); the rest is the file, ingested from `x.json`, `x.jsonl`, `x.csv` or
//! `x.tsv` with `lossy = true`. The record parser is also run on the text directly: every record and
//! cell span lies inside the text on char boundaries. Ok or Err, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rhetor_ingest::formats::{Format, read_records};
use rhetor_ingest::{IngestOptions, Profile, ingest};

const FORMATS: [(Format, &str); 4] =
    [(Format::Json, "x.json"), (Format::Jsonl, "x.jsonl"), (Format::Csv, "x.csv"), (Format::Tsv, "x.tsv")];
const PROFILES: [Profile; 5] = [Profile::Auto, Profile::None, Profile::Transcript, Profile::Print, Profile::Web];

fuzz_target!(|data: &[u8]| {
    let Some((selector, body)) = rhetor_fuzz::split_selector(data) else { return };
    let (format, name) = FORMATS[usize::from(selector % 4)];
    let profile = PROFILES[usize::from(selector / 4 % 5)];

    if let Ok(text) = std::str::from_utf8(body) {
        if let Ok(records) = read_records(format, text) {
            let in_text = |(a, b): (usize, usize)| a <= b && text.get(a..b).is_some();
            for r in &records {
                assert!(
                    in_text(r.span),
                    "record {} span {:?} outside the text or off a char boundary",
                    r.number,
                    r.span
                );
                for (field, cell) in &r.fields {
                    if let Some(inner) = cell.inner() {
                        assert!(in_text(inner), "record {} field `{field}`: span {inner:?} off the text", r.number);
                    }
                    let _ = cell.text(text);
                }
            }
        }
    }

    let path = rhetor_fuzz::write_scratch(name, body);
    let options = IngestOptions { profile, lossy: true, ..IngestOptions::default() };
    if let Ok(ingested) = ingest(&[path], &options) {
        for doc in &ingested.corpus.documents {
            rhetor_fuzz::check_document(doc);
        }
    }
});
