//! Fuzz target `tokenize`: the document model on arbitrary text (the input read as lossy UTF-8):
//! `tokenize`, `split_sentences` over all the tokens, `normalize_form` of every token, and
//! `Document::build` as plain text and as Markdown. Invariants: every token span is non-empty, in
//! order and on char boundaries inside the text; sentence pairs are in bounds and in order; the built
//! documents hold the model's invariants ([`rhetor_fuzz::check_document`]).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rhetor_doc::{
    Abbreviations, Document, Metadata, OffsetMap, SegmentOptions, Source, Vocabulary, normalize_form, split_sentences,
    tokenize,
};
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    if text.len() > u32::MAX as usize / 2 {
        return;
    }
    let mut vocab = Vocabulary::new();
    let mut tokens = Vec::new();
    tokenize(text, &mut vocab, &mut tokens);
    let mut prev_end = 0;
    for (i, t) in tokens.iter().enumerate() {
        let (a, b) = (t.start as usize, t.end as usize);
        assert!(a < b, "token {i} empty or reversed: {a}..{b}");
        assert!(prev_end <= a, "token {i} ({a}..{b}) overlaps the previous token (ending at {prev_end})");
        assert!(text.get(a..b).is_some(), "token {i} ({a}..{b}) off a char boundary or beyond {} bytes", text.len());
        prev_end = b;
        let _ = normalize_form(&text[a..b]);
        let _ = vocab.form(t.form);
    }
    let abbreviations = Abbreviations::with_extra(&["Cde".to_string(), "Amb.".to_string()]);
    let mut pairs = Vec::new();
    split_sentences(text, &tokens, (0, tokens.len()), &abbreviations, &mut pairs);
    let mut prev = 0;
    for &(a, b) in &pairs {
        assert!(prev <= a && a < b && b as usize <= tokens.len(), "sentence pair {a}..{b} out of order or bounds");
        prev = b;
    }

    for markdown in [false, true] {
        let source = Arc::new(Source::new("x.txt".into(), text.as_bytes(), String::new()));
        let options = SegmentOptions { abbreviations: abbreviations.clone(), markdown };
        let mut vocab = Vocabulary::new();
        let doc = Document::build(
            "x".into(),
            Metadata::default(),
            text.to_string(),
            source,
            OffsetMap::identity(0, text.len() as u32),
            &options,
            &mut vocab,
        );
        rhetor_fuzz::check_document(&doc);
        for i in 0..doc.tokens.len() {
            let _ = doc.token_text(i);
        }
        let _ = doc.word_count();
    }
});
