//! `rhetor ingest`: read and clean documents with the same ingest as `rhetor analyze`, and print them
//! (title, metadata, sections, paragraphs with their source line and column) and, with `--log`,
//! every edit cleaning made, the passages whose place was a guess first. Text for reading, JSON for
//! programs.

use crate::Failure;
use crate::args::{IngestArgs, IngestFormat};
use crate::common::{ingest_options, load_config, read_corpus};
use crate::output::tsv;
use anyhow::anyhow;
use rhetor_doc::{Document, Span};
use rhetor_engine::LogEntry;
use std::io::Write;

pub fn run(args: IngestArgs) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let threads = args.input.threads.unwrap_or(0);
    let ingested = rhetor_engine::with_threads(threads, || read_corpus(&args.input, &options))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        IngestFormat::Text => write_text(&mut out, &ingested, &args),
        IngestFormat::Json => write_json(&mut out, &ingested, &args),
    };
    written.and_then(|()| out.flush()).or_else(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => Ok(()),
        _ => Err(Failure::Analysis(anyhow!("cannot write to stdout: {e}"))),
    })
}

fn profile(d: &Document) -> &str {
    d.meta.extra.get("profile").map_or("none", String::as_str)
}

fn write_text(out: &mut impl Write, ing: &rhetor_ingest::Ingested, args: &IngestArgs) -> std::io::Result<()> {
    let docs = &ing.corpus.documents;
    if args.brief {
        writeln!(out, "id\tprofile\tparagraphs\twords\ttitle")?;
    }
    for d in docs {
        let title = d.meta.title.as_deref().unwrap_or("");
        if args.brief {
            let (id, title) = (tsv(&d.id), tsv(title));
            writeln!(out, "{id}\t{}\t{}\t{}\t{title}", profile(d), d.paragraphs.len(), d.word_count())?;
            continue;
        }
        writeln!(out, "# {}{}{title}", d.id, if title.is_empty() { "" } else { " — " })?;
        let whole = d.source_span(Span { start: 0, end: d.text.len() as u32 });
        writeln!(out, "source: {} (from line {})", d.source.path, whole.line)?;
        let m = &d.meta;
        let typed = [("date", &m.date), ("outlet", &m.outlet), ("speaker", &m.speaker), ("kind", &m.kind)];
        for (k, v) in typed.iter().filter_map(|(k, v)| v.as_deref().map(|v| (k, v))) {
            writeln!(out, "{k}: {v}")?;
        }
        for (k, v) in &m.extra {
            writeln!(out, "{k}: {}", one_line(v, 200))?;
        }
        writeln!(
            out,
            "{} sections, {} paragraphs, {} sentences, {} words",
            d.sections.len(),
            d.paragraphs.len(),
            d.sentences.len(),
            d.word_count()
        )?;
        for s in &d.sections {
            if !s.title.is_empty() {
                writeln!(out, "\n## {}", s.title)?;
            }
            for pi in s.paragraphs.range() {
                if s.heading == Some(pi as u32) {
                    continue;
                }
                let p = &d.paragraphs[pi];
                let at = d.source_span(p.span);
                writeln!(out, "\n[{}:{}] {}", at.line, at.column, d.span_text(p.span))?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "{} documents from {} files", docs.len(), ing.inputs.len())?;
    if args.log {
        writeln!(out, "\n# cleaning log: {} entries", ing.log.len())?;
        writeln!(out, "path:line\tpass\taction\treason\tbytes\tbefore\tafter")?;
        for e in guesses_first(&ing.log) {
            write_entry(out, e)?;
        }
    }
    Ok(())
}

/// The log with the passages whose place was a guess first (what a reader should check), then the
/// rest, each in the order ingest wrote them.
fn guesses_first(log: &[LogEntry]) -> impl Iterator<Item = &LogEntry> {
    let guess = |e: &&LogEntry| e.action == "guess";
    log.iter().filter(guess).chain(log.iter().filter(move |e| !guess(e)))
}

fn write_entry(out: &mut impl Write, e: &LogEntry) -> std::io::Result<()> {
    writeln!(
        out,
        "{}:{}\t{}\t{}\t{}\t{}-{}\t{}\t{}",
        tsv(&e.path),
        e.line,
        e.pass,
        e.action,
        e.reason,
        e.start,
        e.end,
        one_line(&e.before, 80),
        one_line(&e.after, 80)
    )
}

/// A value on one line: line breaks and tabs shown as `\n` and `\t`, cut after `max` characters.
fn one_line(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn write_json(out: &mut impl Write, ing: &rhetor_ingest::Ingested, args: &IngestArgs) -> std::io::Result<()> {
    let docs: Vec<serde_json::Value> = ing
        .corpus
        .documents
        .iter()
        .map(|d| {
            let sections: Vec<serde_json::Value> = d
                .sections
                .iter()
                .map(|s| {
                    let paragraphs: Vec<serde_json::Value> = s
                        .paragraphs
                        .range()
                        .filter(|&pi| s.heading != Some(pi as u32) || args.brief)
                        .map(|pi| {
                            let p = &d.paragraphs[pi];
                            let at = d.source_span(p.span);
                            serde_json::json!({
                                "text": if args.brief { None } else { Some(d.span_text(p.span)) },
                                "start": p.span.start, "end": p.span.end,
                                "source": {"start": at.start, "end": at.end, "line": at.line, "column": at.column},
                            })
                        })
                        .collect();
                    serde_json::json!({"title": s.title, "paragraphs": paragraphs})
                })
                .collect();
            serde_json::json!({
                "id": d.id, "metadata": d.meta, "source": {"path": d.source.path, "sha256": d.source.sha256},
                "words": d.word_count(), "sections": sections,
            })
        })
        .collect();
    let warnings: Vec<String> = ing.warnings.iter().map(ToString::to_string).collect();
    let mut value = serde_json::json!({ "documents": docs, "inputs": ing.inputs, "warnings": warnings });
    if args.log {
        value["log"] = serde_json::json!(guesses_first(&ing.log).collect::<Vec<_>>());
    }
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
