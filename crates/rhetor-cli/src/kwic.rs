//! `rhetor kwic PATTERN [PATHS]`: keyword-in-context lines. PATTERN is an entry in the `rhetoric`
//! dictionary syntax — a word, a glob (`imperialis*`), a phrase (`the great leader`), with slots and
//! gaps — or `@CATEGORY`, every entry of that category of the configured dictionary. Each line has
//! the document, the source file with line and column (through ingest's offset map), and the
//! context: `--left` and `--right` words, within the sentence with `--sentence`.

use crate::Failure;
use crate::args::{KwicArgs, KwicFormat, KwicSort};
use crate::common::{ingest_options, load_config, read_corpus};
use crate::output::print;
use anyhow::anyhow;
use rhetor_doc::{Document, Span};
use rhetor_engine::ConfigFile;
use rhetor_rhetoric::dictionary::Dictionary;
use rhetor_rhetoric::matcher::Matcher;
use rhetor_rhetoric::{BUILTIN, RhetoricConfig};
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

/// The dictionary to match with, and the category to keep.
fn dictionary(pattern: &str, config: &ConfigFile) -> Result<(Dictionary, usize), Failure> {
    let usage = |e: rhetor_engine::ConfigError| Failure::Usage(e.into());
    if let Some(category) = pattern.strip_prefix('@') {
        let rc: RhetoricConfig = config.section(&["analyzers", "rhetoric"]).map_err(usage)?;
        let file = if rc.dictionary.is_empty() {
            ConfigFile::new("(built-in) config/dictionaries/political-rhetoric.toml", BUILTIN)
        } else {
            ConfigFile::load(std::path::Path::new(&rc.dictionary)).map_err(usage)?
        };
        let dict = Dictionary::parse(&file).map_err(usage)?;
        let index = dict.categories.iter().position(|c| c.spec.id == category).ok_or_else(|| {
            let ids: Vec<&str> = dict.categories.iter().map(|c| c.spec.id.as_str()).collect();
            Failure::Usage(anyhow!("no category `{category}` in {}; its categories: {}", file.path, ids.join(", ")))
        })?;
        return Ok((dict, index));
    }
    // A phrase may come quoted as in the help (`"great leader"`): the quotes are not part of it.
    let pattern = pattern.trim();
    let pattern = pattern.strip_prefix('"').and_then(|p| p.strip_suffix('"')).unwrap_or(pattern).trim();
    if pattern.is_empty() {
        return Err(Failure::Usage(anyhow!("an empty pattern: give a word, glob, phrase or @CATEGORY")));
    }
    let quoted = serde_json::to_string(pattern).map_err(|e| Failure::Usage(e.into()))?;
    let toml = format!("[dictionary]\nname = \"kwic\"\n\n[[category]]\nid = \"kwic\"\nentries = [{quoted}]\n");
    // The pattern's own problem, without the place in the dictionary it is wrapped in.
    let dict = Dictionary::parse(&ConfigFile::new("PATTERN", toml)).map_err(|e| {
        let why = e.diagnostic().map_or_else(|| e.to_string(), |d| d.message.clone());
        Failure::Usage(anyhow!("pattern `{pattern}`: {why}"))
    })?;
    Ok((dict, 0))
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
    let (dict, category) = dictionary(&args.pattern, &config)?;
    let ingested = read_corpus(&args.input, &options)?;
    let corpus = &ingested.corpus;
    let matcher = Matcher::new(dict);
    let mut lines = Vec::new();
    for doc in &corpus.documents {
        let mut hits = Vec::new();
        matcher.scan(doc, &corpus.vocab, |h| {
            if h.category == category {
                hits.push(h);
            }
        });
        hits.sort_by_key(|h| (h.first_token, h.last_token));
        for h in hits {
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
                entry: matcher.entry_text(h.category, h.entry).to_string(),
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
            crate::compare::csv_text(&header, rows.iter().map(|r| r.iter().map(String::as_str).collect()))
        }
        KwicFormat::Json => serde_json::to_string_pretty(&lines).map_err(|e| Failure::Analysis(e.into()))? + "\n",
    };
    eprintln!("{} lines", lines.len());
    print(&text).map_err(Failure::Analysis)
}
