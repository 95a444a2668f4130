//! Paragraphs and sections (headings) found in a document's text.
//!
//! Paragraphs: when the text has blank lines, a paragraph is a run of non-blank lines between them;
//! a text without blank lines has one paragraph per line. In Markdown, a `#` heading line is a
//! paragraph of its own.
//!
//! Headings: a Markdown `#` line, or a one-line paragraph of at most 12 words, in title case (every
//! word of four or more letters capitalized), not ending in punctuation, followed by a paragraph of
//! prose (one ending in punctuation or of at least 12 words). "Opening Speech" is a heading; "Dear
//! comrade cell secretaries," and a signature followed by a date line are not.

use crate::token::{Span, Token, TokenKind};

/// A paragraph found in the text, before tokens are assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawParagraph {
    pub span: Span,
    pub markdown_heading: bool,
}

/// Finds paragraph spans (trimmed of surrounding whitespace).
pub(crate) fn find_paragraphs(text: &str, markdown: bool) -> Vec<RawParagraph> {
    let lines = lines(text);
    let blank = |&(s, e): &(usize, usize)| text[s..e].trim().is_empty();
    let has_blank_lines = lines.iter().any(blank);
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let flush = |cur: &mut Option<(usize, usize)>, out: &mut Vec<RawParagraph>, heading: bool| {
        if let Some((s, e)) = cur.take() {
            let raw = &text[s..e];
            let lead = raw.len() - raw.trim_start().len();
            let trail = raw.len() - raw.trim_end().len();
            let span = Span::new((s + lead) as u32, (e - trail) as u32);
            out.push(RawParagraph { span, markdown_heading: heading });
        }
    };
    for line in &lines {
        if blank(line) {
            flush(&mut current, &mut out, false);
            continue;
        }
        let is_md_heading = markdown && is_markdown_heading(&text[line.0..line.1]);
        if is_md_heading || !has_blank_lines {
            flush(&mut current, &mut out, false);
            current = Some(*line);
            flush(&mut current, &mut out, is_md_heading);
            continue;
        }
        current = Some(match current {
            Some((s, _)) => (s, line.1),
            None => *line,
        });
    }
    flush(&mut current, &mut out, false);
    out
}

fn is_markdown_heading(line: &str) -> bool {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
}

/// Lines as (start, end) byte offsets, without their terminators (`\n`, `\r\n` or `\r`).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The `\n` of a `\r\n`.
            continue;
        }
        out.push((start, i));
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

/// The title of a Markdown heading paragraph: its text without the leading `#`s.
pub(crate) fn markdown_title(text: &str) -> &str {
    text.trim_start().trim_start_matches('#').trim()
}

/// Whether a paragraph (its text and tokens) looks like a heading, given the paragraph after it.
/// `base` is the offset of `text` in the document: tokens hold document offsets.
pub(crate) fn looks_like_heading(text: &str, base: u32, tokens: &[Token], next: Option<(&str, &[Token])>) -> bool {
    let Some((next_text, next_tokens)) = next else {
        return false;
    };
    if !text.chars().last().is_some_and(char::is_alphanumeric) {
        return false;
    }
    // Cheap tests first: most paragraphs are long prose.
    if tokens.iter().filter(|t| t.kind.is_wordlike()).nth(12).is_some() {
        return false;
    }
    let words: Vec<&Token> = tokens.iter().filter(|t| t.kind.is_wordlike()).collect();
    if words.is_empty() || words.len() > 12 || memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some() {
        return false;
    }
    let word_text = |t: &Token| {
        let (Some(s), Some(e)) = (t.start.checked_sub(base), t.end.checked_sub(base)) else { return "" };
        text.get(s as usize..e as usize).unwrap_or("")
    };
    let title_case = words.iter().enumerate().all(|(i, t)| {
        let w = word_text(t);
        let first = w.chars().next().unwrap_or(' ');
        let long = w.chars().count() >= 4 || i == 0;
        t.kind != TokenKind::Word || !long || !first.is_lowercase()
    });
    if !title_case {
        return false;
    }
    let next_words = next_tokens.iter().filter(|t| t.kind.is_wordlike()).count();
    let prose_end = next_text.trim_end().chars().last().is_some_and(|c| ".,;:!?\"”’')".contains(c));
    prose_end || next_words >= 12
}
