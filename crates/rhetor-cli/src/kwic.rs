//! `rhetor kwic PATTERN [PATHS]`: keyword-in-context lines. PATTERN is an entry in the `rhetoric`
//! dictionary syntax — a word, a glob (`imperialis*`), a phrase (`the great leader`), with slots and
//! gaps — or `@CATEGORY`, every entry of that category of the configured dictionary. Each line has
//! the document, the source file with line and column (through ingest's offset map), and the
//! context: `--left` and `--right` words, within the sentence with `--sentence`.

use crate::Failure;
use crate::args::{KwicArgs, KwicFormat, KwicSort};
use crate::common::{ingest_options, load_config, read_corpus};
use crate::output::print;
use rhetor_doc::{Document, Span};
use rhetor_rhetoric::commands::Concordance;
use std::fmt::Write as _;

/// One concordance line.
#[derive(Debug, serde::Serialize)]
struct Line {
    document: String,
    source: String,
    line: u32,
    column: u32,
    sentence: usize,
    left: String,
    #[serde(rename = "match")]
    hit: String,
    right: String,
    /// The dictionary entry that matched (for `@CATEGORY`).
    entry: String,
}

/// Text with every whitespace run made one space.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The spans of the `n` word tokens before token `first` and after token `last`, bounded by the
/// sentence (with `sentence`) or the document.
fn context(
    doc: &Document,
    sentence: usize,
    first: usize,
    last: usize,
    n: (usize, usize),
    within: bool,
) -> (Span, Span) {
    let (lo, hi) = if within {
        let r = doc.sentences[sentence].tokens.range();
        (r.start, r.end)
    } else {
        (0, doc.tokens.len())
    };
    let mut start = first;
    let mut words = 0;
    while start > lo && words < n.0 {
        start -= 1;
        words += usize::from(doc.tokens[start].kind.is_wordlike());
    }
    // Up to the `n.1`-th word after the match, with the punctuation that follows it.
    let mut end = last + 1;
    words = 0;
    while end < hi {
        if doc.tokens[end].kind.is_wordlike() {
            if words == n.1 {
                break;
            }
            words += 1;
        }
        end += 1;
    }
    let left = Span::new(doc.tokens[start].start, doc.tokens[first].start);
    let right =
        Span::new(doc.tokens[last].end, if end > last + 1 { doc.tokens[end - 1].end } else { doc.tokens[last].end });
    (left, right)
}

pub fn run(args: KwicArgs) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let concordance = Concordance::new(&args.pattern, &config).map_err(|e| Failure::Usage(e.into()))?;
    let ingested = read_corpus(&args.input, &options)?;
    let corpus = &ingested.corpus;
    let mut lines = Vec::new();
    for doc in &corpus.documents {
        for h in concordance.hits(doc, &corpus.vocab) {
            let (left, right) =
                context(doc, h.sentence, h.first_token, h.last_token, (args.left, args.right), args.sentence);
            let span = Span::new(doc.tokens[h.first_token].start, doc.tokens[h.last_token].end);
            let src = doc.source_span(span);
            lines.push(Line {
                document: doc.id.clone(),
                source: src.path.to_string(),
                line: src.line,
                column: src.column,
                sentence: h.sentence,
                left: flat(doc.span_text(left)),
                hit: flat(doc.span_text(span)),
                right: flat(doc.span_text(right)),
                entry: h.entry.to_string(),
            });
        }
    }
    let key = |s: &str| s.to_lowercase();
    match args.sort {
        KwicSort::Document => {}
        // By the words nearest the match first: L1, L2, … read leftwards.
        KwicSort::Left => {
            lines.sort_by_cached_key(|l| key(&l.left).split(' ').rev().map(String::from).collect::<Vec<_>>())
        }
        KwicSort::Right => lines.sort_by_cached_key(|l| key(&l.right)),
    }
    let text = match args.format {
        KwicFormat::Text => {
            let width = 40;
            let mut out = String::new();
            for l in &lines {
                let left: String = {
                    let chars: Vec<char> = l.left.chars().collect();
                    chars[chars.len().saturating_sub(width)..].iter().collect()
                };
                let right: String = l.right.chars().take(width).collect();
                let place = format!("{}:{}:{}", l.source, l.line, l.column);
                let _ = writeln!(out, "{left:>width$}  [{}]  {right:<width$}  {place}", l.hit);
            }
            out
        }
        KwicFormat::Csv => {
            let header = ["document", "source", "line", "column", "sentence", "left", "match", "right", "entry"];
            let rows: Vec<[String; 9]> = lines
                .iter()
                .map(|l| {
                    let n = |x: u32| x.to_string();
                    [
                        l.document.clone(),
                        l.source.clone(),
                        n(l.line),
                        n(l.column),
                        l.sentence.to_string(),
                        l.left.clone(),
                        l.hit.clone(),
                        l.right.clone(),
                        l.entry.clone(),
                    ]
                })
                .collect();
            crate::output::csv_text(&header, rows.iter().map(|r| r.iter().map(String::as_str).collect()))
        }
        KwicFormat::Json => serde_json::to_string_pretty(&lines).map_err(|e| Failure::Analysis(e.into()))? + "\n",
    };
    eprintln!("{} lines", lines.len());
    print(&text).map_err(Failure::Analysis)
}
