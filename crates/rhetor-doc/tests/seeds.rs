//! Tokens and sentences of fixed paragraphs of both seed texts (insta snapshots), and the model's
//! memory per token on the whole seeds.
#![allow(clippy::print_stderr)] // tests report their measured figures

use rhetor_doc::{Corpus, corpus_from_text};

const TRANSCRIPT: &str = include_str!("../../../corpus/kcna-cell-secretaries-speeches-2021-04.txt");
const PRINT: &str = include_str!("../../../corpus/pyongyang-times-2021-04-10.txt");

/// The paragraph of `text` that starts with `start`, up to its blank line.
fn paragraph<'a>(text: &'a str, start: &str) -> &'a str {
    let at = text.find(start).unwrap_or_else(|| panic!("no paragraph starting {start:?}"));
    let rest = &text[at..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

/// One line per sentence, then its tokens as `text/kind[form]` (form shown when it differs).
fn render(corpus: &Corpus) -> String {
    let doc = &corpus.documents[0];
    let mut out = String::new();
    for (i, s) in doc.sentences.iter().enumerate() {
        out.push_str(&format!("sentence {i} [{}..{}]: {}\n", s.span.start, s.span.end, doc.span_text(s.span)));
        let tokens: Vec<String> = s
            .tokens
            .range()
            .map(|t| {
                let tok = doc.tokens[t];
                let text = doc.token_text(t);
                let form = corpus.vocab.form(tok.form);
                let kind = tok.kind.as_str();
                if form == text { format!("{text}/{kind}") } else { format!("{text}/{kind}[{form}]") }
            })
            .collect();
        out.push_str(&format!("  {}\n", tokens.join(" ")));
    }
    out
}

#[test]
fn transcript_paragraphs() {
    let text = [
        paragraph(TRANSCRIPT, "This is because the implementation"),
        paragraph(TRANSCRIPT, "Now our Party must, at all costs"),
        paragraph(TRANSCRIPT, "To this end, it must become"),
    ]
    .join("\n\n");
    insta::assert_snapshot!(render(&corpus_from_text("transcript", &text)));
}

#[test]
fn print_paragraphs() {
    let text = [
        paragraph(PRINT, "No. 15 (3 155)"),
        paragraph(PRINT, "Sat, April 10, Juche 110(2021)"),
        paragraph(PRINT, "동당"),
        paragraph(PRINT, "have to overcome unprecedentedly n u m e r o u s"),
    ]
    .join("\n\n");
    insta::assert_snapshot!(render(&corpus_from_text("print", &text)));
}

#[test]
fn memory_per_token() {
    for (name, text) in [("transcript", TRANSCRIPT), ("print", PRINT)] {
        let corpus = corpus_from_text(name, text);
        let doc = &corpus.documents[0];
        let per_token = doc.model_heap_bytes() as f64 / doc.tokens.len() as f64;
        eprintln!("{name}: {} tokens, {per_token:.2} model bytes per token (text excluded)", doc.tokens.len());
        assert_eq!(size_of::<rhetor_doc::Token>(), 16);
        assert!(per_token <= 24.0, "{name}: {per_token:.2} bytes per token");
    }
}
