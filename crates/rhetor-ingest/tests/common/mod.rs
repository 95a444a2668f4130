//! Checks shared by the ingest tests: the provenance invariants on any ingested corpus.

use rhetor_ingest::Ingested;

/// The source text of a mapped span, as a reader would compare it: JSON string escapes decoded for
/// JSON sources, then letters and digits only, lower-cased.
fn normalized_source(path: &str, raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    let text = if path.ends_with(".json") || path.ends_with(".jsonl") {
        serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
    } else {
        raw.to_string()
    };
    letters(&text)
}

/// Letters and digits only, lower-cased, compatibility-decomposed: the documented edits (NFC,
/// whitespace, hyphens, letter spacing) do not change it.
fn letters(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    text.nfkd().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Every source byte is in a document (through its offset map) or in a logged drop or metadata
/// entry; every token's text is found in the source at its mapped span. Returns (files, tokens)
/// checked.
pub fn check_provenance(i: &Ingested) -> (usize, usize) {
    let mut tokens = 0;
    let mut files = 0;
    for input in &i.inputs {
        let docs: Vec<_> = i.corpus.documents.iter().filter(|d| *d.source.path == *input.path).collect();
        if docs.is_empty() {
            continue; // a manifest or a metadata table
        }
        files += 1;
        let bytes = std::fs::read(&input.path).expect("read source");
        let mut kept: Vec<(u32, u32)> = Vec::new();
        for d in docs {
            kept.extend(d.offsets.segments().iter().filter(|s| s.src_len > 0).map(|s| (s.src_start, s.src_end())));
            for t in &d.tokens {
                let text = &d.text[t.start as usize..t.end as usize];
                let (a, b) = d.offsets.map_span(t.start, t.end);
                let src = normalized_source(&input.path, &bytes[a as usize..b as usize]);
                let own = letters(text);
                assert!(src.contains(&own), "{}: token {text:?} maps to {src:?} ({a}..{b})", d.id);
                tokens += 1;
            }
        }
        let log: Vec<_> = i.log.iter().filter(|e| e.path == input.path).cloned().collect();
        let gaps = rhetor_ingest::uncovered(bytes.len() as u32, &kept, &log);
        assert!(gaps.is_empty(), "{}: bytes lost silently: {:?}", input.path, &gaps[..gaps.len().min(10)]);
    }
    (files, tokens)
}
