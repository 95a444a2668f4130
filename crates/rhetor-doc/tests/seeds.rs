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

/// The document model splits sentences jumping between the tokens that can end one (marked by the
/// tokenizer); the public splitter looks at every token. Both give the same sentences on both seeds,
/// on every SOTU address when `../shared` is present, and on text built to stress the marks (lists,
/// abbreviations, ellipses, bullets).
#[test]
fn marked_splitting_equals_the_token_by_token_splitter() {
    let stress = "1. First item. 2. Second item\n\nMr. Smith met Gen. Lee at 5 p.m. in the U.S. Capitol. \
                  He said . . . nothing. • one • two. a. alpha b. beta. \"Why?\" she asked. (Yes!) No.\n\n\
                  Compounds. . . . The end... Or not?! e.g. this i.e. that. 3.5 percent. U.S.A. Then.";
    let mut texts = vec![TRANSCRIPT.to_string(), PRINT.to_string(), stress.to_string()];
    let sotu = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sotu/speeches");
    if let Ok(dir) = std::fs::read_dir(&sotu) {
        let mut files: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        texts.extend(files.iter().filter_map(|f| std::fs::read_to_string(f).ok()));
    }
    let abbr = rhetor_doc::Abbreviations::default();
    let mut sentences = 0;
    for text in &texts {
        let corpus = corpus_from_text("t", text);
        let doc = &corpus.documents[0];
        let mut expected = Vec::new();
        for p in &doc.paragraphs {
            let mut pairs = Vec::new();
            let r = p.tokens.range();
            rhetor_doc::split_sentences(&doc.text, &doc.tokens, (r.start, r.end), &abbr, &mut pairs);
            expected.extend(pairs);
        }
        let got: Vec<(u32, u32)> =
            doc.sentences.iter().map(|s| (s.tokens.range().start as u32, s.tokens.range().end as u32)).collect();
        assert_eq!(got, expected, "{}", &text[..60.min(text.len())]);
        sentences += got.len();
    }
    eprintln!("{} texts, {sentences} sentences split alike", texts.len());
    assert!(sentences > 100);
}

/// Tokens let go of and given back are the same tokens, spans and form ids, on both seeds as one
/// corpus (the second document's forms partly the first's) and on a text of every script.
#[test]
fn tokens_given_back_are_the_tokens_let_go_of() {
    let mixed = "Ünïcode “quotes” — 2,000 won; 조선 로동당 ١٢٣ e-mail: a@b.c https://x.y/z?q=1 U.S. ... ﬁnal";
    let mut corpus = rhetor_doc::corpus_from_texts(&[("t", TRANSCRIPT), ("p", PRINT), ("m", mixed)]);
    let before: Vec<Vec<rhetor_doc::Token>> = corpus.documents.iter().map(|d| d.tokens.clone()).collect();
    let words: Vec<Vec<u32>> = corpus.documents.iter().map(|d| d.word_forms().into_owned()).collect();
    for d in &mut corpus.documents {
        d.let_go_of_tokens();
        assert!(d.tokens.is_empty());
    }
    for ((d, want), want_words) in corpus.documents.iter().zip(&before).zip(&words) {
        let again = d.tokens(&corpus.vocab);
        assert!(!want.is_empty());
        assert_eq!(&again[..], &want[..], "document {}", d.id);
        // The words kept are the word-like tokens' forms, sentence by sentence.
        let wordlike: Vec<u32> = d
            .sentences
            .iter()
            .flat_map(|s| want[s.tokens.range()].iter().filter(|t| t.kind.is_wordlike()).map(|t| t.form.0))
            .collect();
        assert!(wordlike.len() > 5 && wordlike.len() < want.len(), "document {}", d.id);
        assert_eq!(&d.word_forms()[..], &wordlike[..], "document {}", d.id);
        assert_eq!(want_words, &wordlike, "document {}", d.id);
    }
}

/// Documents of one text share their words once let go of; documents of different texts do not.
#[test]
fn copies_share_their_words() {
    let mut corpus = rhetor_doc::corpus_from_texts(&[("a", TRANSCRIPT), ("b", TRANSCRIPT), ("c", PRINT)]);
    for d in &mut corpus.documents {
        d.let_go_of_tokens();
    }
    let (first, rest) = corpus.documents.split_at_mut(1);
    assert!(rest[0].share_words_with(&first[0]));
    assert!(!rest[1].share_words_with(&first[0]));
    assert_eq!(rest[0].word_forms(), first[0].word_forms());
    assert!(std::ptr::eq(rest[0].word_forms().as_ptr(), first[0].word_forms().as_ptr()));
    assert_ne!(rest[1].word_forms(), first[0].word_forms());
}
