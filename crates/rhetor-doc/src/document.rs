//! Documents, their metadata and their source, and how a document's text becomes tokens, sentences,
//! paragraphs and sections.

use crate::extra::Extra;
use crate::offsets::OffsetMap;
use crate::sentence::{Abbreviations, split_marked};
use crate::structure::{find_paragraphs, looks_like_heading, markdown_title};
use crate::token::{FormId, Span, Token};
use crate::tokenize::tokenize_marked;
use crate::vocab::Vocabulary;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// A half-open range of indices (tokens, sentences or paragraphs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexRange {
    pub start: u32,
    pub end: u32,
}

impl IndexRange {
    pub const fn new(start: u32, end: u32) -> Self {
        IndexRange { start, end }
    }
    pub const fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub const fn is_empty(self) -> bool {
        self.end == self.start
    }
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A sentence: its byte span and its tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub tokens: IndexRange,
}

/// A paragraph: its byte span, tokens and sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub span: Span,
    pub tokens: IndexRange,
    pub sentences: IndexRange,
}

/// A section: the paragraphs under one heading (or before the first heading).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading's text; empty for the part before the first heading.
    pub title: String,
    /// Index of the heading's own paragraph, if any.
    pub heading: Option<u32>,
    /// Paragraphs of the section, the heading included.
    pub paragraphs: IndexRange,
}

/// Metadata of a document: the common fields typed, everything else as free key/values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// ISO 8601 date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// What the text is: `transcript`, `print`, `web`, or any word the corpus uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// The ISO 8601 week of a valid `YYYY-MM-DD` date: `YYYY-Www`, the year being the week's (a date
/// in the first days of January can be in the last week of the year before, and one in the last
/// days of December in week 1 of the next).
fn iso_week(date: &str) -> Option<String> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil), then the weekday, Monday = 1.
    let days = |y: i64, m: i64, d: i64| {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    };
    let weekday = |n: i64| (n + 3).rem_euclid(7) + 1;
    let today = days(y, m, d);
    // The week's Thursday decides its year.
    let thursday = today - weekday(today) + 4;
    let week_year = if thursday < days(y, 1, 1) {
        y - 1
    } else if thursday >= days(y + 1, 1, 1) {
        y + 1
    } else {
        y
    };
    let week = (thursday - days(week_year, 1, 1)) / 7 + 1;
    Some(format!("{week_year:04}-W{week:02}"))
}

impl Metadata {
    /// A field by name: the typed fields, the free ones, and `year`, `decade` and `century` (`1700s`,
    /// `1800s`, …), `month` (`2021-04`, from a date with a month) and `week` (the ISO 8601 week,
    /// `2021-W14`, from a full date) derived from `date`.
    pub fn get(&self, field: &str) -> Option<Cow<'_, str>> {
        let typed = match field {
            "title" => self.title.as_deref(),
            "date" => self.date.as_deref(),
            "outlet" => self.outlet.as_deref(),
            "speaker" => self.speaker.as_deref(),
            "kind" => self.kind.as_deref(),
            _ => None,
        };
        if let Some(v) = typed.or_else(|| self.extra.get(field).map(String::as_str)) {
            return Some(Cow::Borrowed(v));
        }
        let year = self.date.as_deref().and_then(|d| d.get(..4)).filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
        let date = self.date.as_deref().filter(|d| Metadata::valid_date(d));
        match field {
            "year" => year.map(Cow::Borrowed),
            "decade" => year.map(|y| Cow::Owned(format!("{}0s", &y[..3]))),
            "century" => year.map(|y| Cow::Owned(format!("{}00s", &y[..2]))),
            "month" => date.and_then(|d| d.get(..7)).filter(|m| m.len() == 7).map(Cow::Borrowed),
            "week" => date.filter(|d| d.len() == 10).and_then(iso_week).map(Cow::Owned),
            _ => None,
        }
    }

    /// Whether `date` is a valid `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date.
    pub fn valid_date(date: &str) -> bool {
        let b = date.as_bytes();
        let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
        let month_ok = |r: std::ops::Range<usize>| {
            date.get(r).and_then(|m| m.parse::<u8>().ok()).is_some_and(|m| (1..=12).contains(&m))
        };
        // A day the month has (February 29 in leap years only).
        let day_ok = |r: std::ops::Range<usize>| {
            let (Some(y), Some(m)) = (date.get(0..4).and_then(|y| y.parse::<u32>().ok()), date.get(5..7)) else {
                return false;
            };
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = match m {
                "02" if leap => 29,
                "02" => 28,
                "04" | "06" | "09" | "11" => 30,
                _ => 31,
            };
            date.get(r).and_then(|d| d.parse::<u8>().ok()).is_some_and(|d| (1..=days).contains(&d))
        };
        match b.len() {
            4 => digits(0..4),
            7 => digits(0..4) && b[4] == b'-' && digits(5..7) && month_ok(5..7),
            10 => digits(0..4) && b[4] == b'-' && month_ok(5..7) && b[7] == b'-' && digits(8..10) && day_ok(8..10),
            _ => false,
        }
    }
}

/// The file a document came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The path as the user gave it (relative paths stay relative), with `/` separators. Shared
    /// with every [`SourceSpan`] in the file.
    pub path: Arc<str>,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub len: u64,
    #[serde(skip)]
    line_starts: Vec<u32>,
    /// The line number of `line_starts[0]`: 1, except for a source of which only a range was read
    /// (see [`Source::partial`]).
    #[serde(skip, default = "first_line")]
    first_line: u32,
}

/// A whole file's first line.
fn first_line() -> u32 {
    1
}

impl Source {
    /// Describe a source file from its bytes (hashing is the caller's: this crate does no IO and no
    /// cryptography).
    pub fn new(path: String, bytes: &[u8], sha256: String) -> Self {
        let mut line_starts = vec![0u32];
        // A line ends at LF, CRLF or a lone CR.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i as u32 + 1);
            }
        }
        Source { path: path.into(), sha256, len: bytes.len() as u64, line_starts, first_line: 1 }
    }

    /// A source of which only `bytes`, from offset `start`, were read (a block of a record file):
    /// the file's size, SHA-256, and the line that holds `start` (`first_line`, which begins at
    /// `line_start`) are known beforehand. Its line starts are those of the range, after
    /// `line_start`'s; offsets in the range get the lines and columns the whole file gives them.
    pub fn partial(
        path: String,
        sha256: String,
        len: u64,
        bytes: &[u8],
        start: u32,
        first_line: u32,
        line_start: u32,
    ) -> Self {
        let mut line_starts = vec![line_start.min(start)];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(start + i as u32 + 1);
            }
        }
        Source { path: path.into(), sha256, len, line_starts, first_line: first_line.max(1) }
    }

    /// The byte offset where each line of the file starts (the first is 0; for a
    /// [`Source::partial`], those of its range).
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    /// A source described by a run elsewhere (a shard's part), without its bytes: `None` unless the
    /// line starts begin at 0, rise, and lie within `len`.
    pub fn recorded(path: String, sha256: String, len: u64, line_starts: Vec<u32>) -> Option<Self> {
        let fits = line_starts.first() == Some(&0)
            && line_starts.windows(2).all(|w| w[0] < w[1])
            && line_starts.last().is_some_and(|&l| u64::from(l) <= len);
        fits.then(|| Source { path: path.into(), sha256, len, line_starts, first_line: 1 })
    }

    /// 1-based line and 1-based byte column of a source byte offset.
    pub fn line_column(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        (line as u32 - 1 + self.first_line, offset.saturating_sub(self.line_starts[line - 1]) + 1)
    }
}

/// Where a document span came from in its source file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// The source's path, shared (evidence items by the hundred thousand hold one each).
    pub path: Arc<str>,
    pub start: u32,
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based byte column of `start` within its line.
    pub column: u32,
}

/// Options for turning text into tokens, sentences, paragraphs and sections.
#[derive(Debug, Clone, Default)]
pub struct SegmentOptions {
    pub abbreviations: Abbreviations,
    /// Treat `#` lines as Markdown headings.
    pub markdown: bool,
}

/// One document of a corpus.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub meta: Metadata,
    /// Normalized UTF-8 text; all spans index into it.
    pub text: String,
    pub source: Arc<Source>,
    pub offsets: OffsetMap,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Paragraph>,
    pub sections: Vec<Section>,
    /// Whether `#` lines were read as Markdown headings (the segmentation option it was built with):
    /// what rebuilding it from its text needs.
    pub markdown: bool,
    /// Whether the tokens were let go of (see [`Document::let_go_of_tokens`]).
    tokens_released: bool,
    /// The form ids of its words, kept when the tokens are let go of (see
    /// [`Document::word_forms`]); shared between documents of one text.
    words: Arc<[u32]>,
}

impl Document {
    /// Segment `text` into tokens, sentences, paragraphs and sections, interning forms into `vocab`
    /// (a per-document vocabulary that [`crate::Corpus::assemble`] merges).
    pub fn build(
        id: String,
        meta: Metadata,
        text: String,
        source: Arc<Source>,
        offsets: OffsetMap,
        options: &SegmentOptions,
        vocab: &mut Vocabulary,
    ) -> Document {
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut marks = Vec::with_capacity(text.len() / 32);
        tokenize_marked(&text, vocab, &mut tokens, &mut marks);
        let mut mark = 0;
        tokens.shrink_to_fit();
        let raw = find_paragraphs(&text, options.markdown);
        let mut paragraphs = Vec::with_capacity(raw.len());
        let mut sentences = Vec::new();
        let mut pairs = Vec::new();
        let mut t = 0usize;
        let mut md_headings = Vec::new();
        for p in &raw {
            while t < tokens.len() && tokens[t].start < p.span.start {
                t += 1;
            }
            let first = t;
            while t < tokens.len() && tokens[t].end <= p.span.end {
                t += 1;
            }
            let s0 = sentences.len() as u32;
            pairs.clear();
            while marks.get(mark).is_some_and(|&k| (k as usize) < first) {
                mark += 1;
            }
            split_marked(&text, &tokens, (first, t), &options.abbreviations, Some(&marks[mark..]), &mut pairs);
            for &(a, b) in &pairs {
                let span = Span::new(tokens[a as usize].start, tokens[b as usize - 1].end);
                sentences.push(Sentence { span, tokens: IndexRange::new(a, b) });
            }
            md_headings.push(p.markdown_heading);
            paragraphs.push(Paragraph {
                span: p.span,
                tokens: IndexRange::new(first as u32, t as u32),
                sentences: IndexRange::new(s0, sentences.len() as u32),
            });
        }
        sentences.shrink_to_fit();
        let sections = find_sections(&text, &tokens, &paragraphs, &md_headings);
        let markdown = options.markdown;
        Document {
            id,
            meta,
            text,
            source,
            offsets,
            tokens,
            sentences,
            paragraphs,
            sections,
            markdown,
            tokens_released: false,
            words: Arc::from(Vec::new()),
        }
    }

    /// Let go of the tokens once every analyzer has read them (a batch run keeps the rest of the
    /// document for the work across documents and the reports); [`Document::tokens`] gives them
    /// back on demand.
    ///
    /// The form ids of its words are kept (four bytes a word): the work across documents reads
    /// them (passages two documents share) without tokenizing every text again.
    pub fn let_go_of_tokens(&mut self) {
        if !self.tokens_released {
            self.words = Arc::from(self.word_forms().into_owned());
        }
        self.tokens = Vec::new();
        self.tokens_released = true;
    }

    /// After [`Document::let_go_of_tokens`] on both, hold `other`'s words instead of this one's
    /// own copy when the two have the same text (copies are common in agency archives); whether
    /// they did.
    pub fn share_words_with(&mut self, other: &Document) -> bool {
        let same = self.tokens_released && other.tokens_released && self.text == other.text;
        if same {
            self.words = Arc::clone(&other.words);
        }
        same
    }

    /// The form ids of the document's words — its tokens of a word-like kind (words, numbers,
    /// other scripts) within its sentences, in order: from its tokens, or after
    /// [`Document::let_go_of_tokens`] as kept then (the same ids).
    pub fn word_forms(&self) -> Cow<'_, [u32]> {
        if self.tokens_released {
            return Cow::Borrowed(&self.words);
        }
        let mut out = Vec::with_capacity(self.tokens.len());
        for sentence in &self.sentences {
            out.extend(self.tokens[sentence.tokens.range()].iter().filter(|t| t.kind.is_wordlike()).map(|t| t.form.0));
        }
        Cow::Owned(out)
    }

    /// The document's tokens: its own, or, after [`Document::let_go_of_tokens`], the text
    /// tokenized again with its forms' ids in `vocab` (the corpus vocabulary, which holds every
    /// form already: the same tokens, spans and ids as before).
    pub fn tokens(&self, vocab: &Vocabulary) -> Cow<'_, [Token]> {
        if !self.tokens_released {
            return Cow::Borrowed(&self.tokens);
        }
        let mut local = Vocabulary::new();
        let mut tokens = Vec::with_capacity(self.text.len() / 5);
        crate::tokenize::tokenize(&self.text, &mut local, &mut tokens);
        let ids: Vec<FormId> = local.iter().map(|(_, form)| vocab.get(form).unwrap_or(FormId(u32::MAX))).collect();
        for t in &mut tokens {
            t.form = ids[t.form.0 as usize];
        }
        Cow::Owned(tokens)
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        &self.text[self.tokens[i].span().range()]
    }

    /// The text of a span.
    pub fn span_text(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Index of the sentence holding byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: u32) -> Option<u32> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        (i < self.sentences.len() && self.sentences[i].span.start <= pos).then_some(i as u32)
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of_token(&self, i: u32) -> Option<u32> {
        let k = self.sentences.partition_point(|s| s.tokens.end <= i);
        (k < self.sentences.len() && self.sentences[k].tokens.start <= i).then_some(k as u32)
    }

    /// The source file span that a document span came from.
    /// The source ranges of the pieces of `span` (see [`crate::OffsetMap::map_pieces`]): more than
    /// one when its text was joined from separate places of the source.
    pub fn source_pieces(&self, span: Span) -> Vec<(u32, u32)> {
        self.offsets.map_pieces(span.start, span.end)
    }

    pub fn source_span(&self, span: Span) -> SourceSpan {
        let (start, end) = self.offsets.map_span(span.start, span.end);
        let (line, column) = self.source.line_column(start);
        SourceSpan { path: self.source.path.clone(), start, end, line, column }
    }

    /// Number of word-like tokens (words, numbers, other-script words).
    pub fn word_count(&self) -> usize {
        self.tokens.iter().filter(|t| t.kind.is_wordlike()).count()
    }

    /// Heap bytes of the model beyond the text itself: tokens, sentences, paragraphs, sections, offsets.
    pub fn model_heap_bytes(&self) -> usize {
        self.tokens.capacity() * size_of::<Token>()
            + self.sentences.capacity() * size_of::<Sentence>()
            + self.paragraphs.capacity() * size_of::<Paragraph>()
            + self.sections.iter().map(|s| size_of::<Section>() + s.title.capacity()).sum::<usize>()
            + self.offsets.heap_bytes()
    }
}

fn find_sections(text: &str, tokens: &[Token], paragraphs: &[Paragraph], md_headings: &[bool]) -> Vec<Section> {
    let para = |i: usize| {
        let p = &paragraphs[i];
        (&text[p.span.range()], p.span.start, &tokens[p.tokens.range()])
    };
    let mut sections: Vec<Section> = Vec::new();
    let mut current = Section { title: String::new(), heading: None, paragraphs: IndexRange::new(0, 0) };
    for (i, &md_heading) in md_headings.iter().enumerate().take(paragraphs.len()) {
        let (ptext, pstart, ptoks) = para(i);
        let heading = if md_heading {
            Some(markdown_title(ptext).to_string())
        } else {
            let next = (i + 1 < paragraphs.len()).then(|| {
                let (t, _, toks) = para(i + 1);
                (t, toks)
            });
            looks_like_heading(ptext, pstart, ptoks, next).then(|| ptext.to_string())
        };
        if let Some(title) = heading {
            if current.heading.is_some() || !current.paragraphs.is_empty() {
                sections.push(current);
            }
            current = Section { title, heading: Some(i as u32), paragraphs: IndexRange::new(i as u32, i as u32) };
        }
        current.paragraphs.end = i as u32 + 1;
    }
    sections.push(current);
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_derived_from_the_date() {
        let meta = Metadata { date: Some("1862-12-01".into()), ..Metadata::default() };
        let get = |f: &str| meta.get(f).map(|v| v.into_owned());
        assert_eq!(
            (get("year"), get("decade"), get("century")),
            (Some("1862".into()), Some("1860s".into()), Some("1800s".into()))
        );
        assert_eq!(Metadata::default().get("century"), None);
        assert_eq!((get("month"), get("week")), (Some("1862-12".into()), Some("1862-W49".into())));
    }

    #[test]
    fn iso_weeks_at_the_turn_of_the_year() {
        // Checked against Python's date.isocalendar().
        for (date, week) in [
            ("2021-01-03", "2020-W53"),
            ("2021-01-04", "2021-W01"),
            ("2021-04-10", "2021-W14"),
            ("2019-12-30", "2020-W01"),
            ("2024-12-29", "2024-W52"),
            ("2024-12-30", "2025-W01"),
            ("2000-02-29", "2000-W09"),
            ("1790-01-08", "1790-W01"),
        ] {
            assert_eq!(iso_week(date).as_deref(), Some(week), "{date}");
        }
        let month_only = Metadata { date: Some("2021-04".into()), ..Metadata::default() };
        assert_eq!(month_only.get("month").as_deref(), Some("2021-04"));
        assert_eq!(month_only.get("week"), None, "a week needs a day");
        let year_only = Metadata { date: Some("2021".into()), ..Metadata::default() };
        assert_eq!(year_only.get("month"), None);
    }
}
