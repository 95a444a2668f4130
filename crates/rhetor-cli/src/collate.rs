//! `rhetor collate A B [C…]`: align witnesses of one text against the first (the base) and list
//! what differs. A witness is a document id of the corpus read from `--corpus` (default `./corpus`,
//! cleaned by ingest, so an article of the print dump can be a witness), a text file, or a CollateX
//! JSON file (`{"witnesses":[{"id","content"}]}` or pre-tokenised `tokens[].t`), whose witnesses
//! all join. Each variant is shown with its text in both witnesses and its place in the source
//! files (line:column, through ingest's offset map).

use crate::Failure;
use crate::args::{CollateArgs, KwicFormat, TableOutput};
use crate::common::{ingest_options, load_config};
use crate::output::print;
use anyhow::anyhow;
use rhetor_collate::align::align;
use rhetor_collate::table::Table;
use rhetor_collate::variants::{self, Options, Variant};
use rhetor_collate::witness::{Forms, Normalize, Witness};
use rhetor_doc::{Document, Span};
use std::fmt::Write as _;
use std::path::Path;

/// A witness and, when it is an ingested document, the document (for source places).
struct Source<'a> {
    witness: Witness,
    doc: Option<&'a Document>,
}

fn json_witnesses(path: &Path, normalize: Normalize) -> Result<Vec<Witness>, Failure> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Analysis(anyhow!("{shown}: {e}")))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Failure::Analysis(anyhow!("{shown}: not CollateX JSON: {e}")))?;
    let list = v["witnesses"]
        .as_array()
        .ok_or_else(|| Failure::Analysis(anyhow!("{shown}: no `witnesses` array (CollateX JSON input)")))?;
    list.iter()
        .enumerate()
        .map(|(k, w)| {
            let id = w["id"].as_str().map_or_else(|| format!("w{}", k + 1), String::from);
            if let Some(content) = w["content"].as_str() {
                Ok(Witness::new(&id, content, normalize))
            } else if let Some(tokens) = w["tokens"].as_array() {
                let texts: Option<Vec<&str>> = tokens.iter().map(|t| t["t"].as_str()).collect();
                let texts =
                    texts.ok_or_else(|| Failure::Analysis(anyhow!("{shown}: witness {id}: a token without `t`")))?;
                Ok(Witness::from_tokens(&id, &texts, normalize))
            } else {
                Err(Failure::Analysis(anyhow!("{shown}: witness {id} has neither `content` nor `tokens`")))
            }
        })
        .collect()
}

pub fn run(args: CollateArgs) -> Result<(), Failure> {
    let normalize = if args.exact { Normalize::default() } else { Normalize::loose() };
    // Read the corpus only when some witness is not a file.
    let needs_corpus = args.witnesses.iter().any(|w| !Path::new(w).is_file());
    let input = crate::args::Input {
        paths: args.corpus.clone(),
        config: args.config.clone(),
        threads: None,
        profile: None,
        manifest: args.manifest.clone(),
        lossy: false,
    };
    let corpus = if needs_corpus {
        if let Some(missing) = input.paths.iter().find(|p| !p.exists()) {
            let w = args.witnesses.iter().find(|w| !Path::new(w).is_file()).map_or("", String::as_str);
            return Err(Failure::Usage(anyhow!(
                "`{w}`: no such file, nor a document id to look up: the corpus {} does not exist (--corpus)",
                missing.display()
            )));
        }
        let config = load_config(input.config.as_deref())?;
        let options = ingest_options(&config, &input)?;
        Some(crate::common::read_corpus(&input, &options)?.corpus)
    } else {
        None
    };
    let mut sources: Vec<Source<'_>> = Vec::new();
    for w in &args.witnesses {
        let p = Path::new(w);
        if p.is_file() && p.extension().is_some_and(|e| e == "json") {
            sources.extend(json_witnesses(p, normalize)?.into_iter().map(|witness| Source { witness, doc: None }));
        } else if p.is_file() {
            let text = std::fs::read_to_string(p).map_err(|e| Failure::Analysis(anyhow!("{w}: {e}")))?;
            sources.push(Source { witness: Witness::new(w, &text, normalize), doc: None });
        } else {
            let doc = corpus.as_ref().and_then(|c| c.documents.iter().find(|d| &d.id == w)).ok_or_else(|| {
                Failure::Usage(anyhow!("`{w}` is neither a file nor a document id of {}", input.paths[0].display()))
            })?;
            sources.push(Source { witness: Witness::new(w, &doc.text, normalize), doc: Some(doc) });
        }
    }
    if sources.len() < 2 {
        return Err(Failure::Usage(anyhow!("collation needs two witnesses or more; got {}", sources.len())));
    }
    if let Some(empty) = sources.iter().find(|s| s.witness.tokens.is_empty()) {
        return Err(Failure::Analysis(anyhow!("witness `{}` is empty", empty.witness.id)));
    }
    let mut forms = Forms::default();
    let ids: Vec<Vec<u32>> = sources.iter().map(|s| forms.ids(&s.witness)).collect();
    let options = Options { near: args.near, min_block: args.min_block };
    let base = &sources[0];
    if let Some(kind) = args.table {
        let others: Vec<(&Witness, Vec<rhetor_collate::align::Step>)> =
            sources.iter().enumerate().skip(1).map(|(k, s)| (&s.witness, align(&ids[0], &ids[k]))).collect();
        let table = Table::build(&base.witness, &others);
        let text = match kind {
            TableOutput::Plain => table.plain(),
            TableOutput::Json => {
                serde_json::to_string_pretty(&table.collatex_json()).map_err(|e| Failure::Analysis(e.into()))? + "\n"
            }
            TableOutput::Tei => table.tei(),
            TableOutput::Html => table.html(),
            TableOutput::Csv => {
                let header: Vec<&str> = table.witnesses.iter().map(|w| w.id.as_str()).collect();
                let rows = table.rows();
                crate::output::csv_text(&header, rows.iter().map(|r| r.iter().map(String::as_str).collect()))
            }
        };
        return print(&text).map_err(Failure::Analysis);
    }
    let mut out = String::new();
    let mut json = Vec::new();
    let mut all_variants = Vec::new();
    for (k, other) in sources.iter().enumerate().skip(1) {
        let steps = align(&ids[0], &ids[k]);
        let found = variants::variants(&steps, &base.witness, &other.witness, options);
        all_variants.push(found.clone());
        let summary = variants::summary(&steps, &base.witness, &other.witness, &found);
        match args.format {
            KwicFormat::Json => json.push(serde_json::json!({
                "summary": summary,
                "placed_by_ingest": moved_by_ingest(other),
                "variants": found.iter().map(|v| variant_json(v, base, other)).collect::<Vec<_>>(),
            })),
            KwicFormat::Text | KwicFormat::Csv => {
                let counts: Vec<String> =
                    summary.variants.iter().map(|(kind, n)| format!("{n} {}", kind.name())).collect();
                let moved = moved_by_ingest(other);
                let placed = if moved > 0 {
                    format!("; {moved} passages placed in reading order by ingest")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{} against {}: {} of {} base tokens aligned (recall {:.4}), {} of {} witness tokens (precision {:.4}); {}{placed} \
                     (* touches a cleaning edit)",
                    summary.witness,
                    summary.base,
                    summary.aligned,
                    summary.base_tokens,
                    summary.recall,
                    summary.aligned,
                    summary.witness_tokens,
                    summary.precision,
                    counts.join(", ")
                );
                for (n, v) in found.iter().enumerate() {
                    let j = variant_json(v, base, other);
                    let cleaned = if j["touches_cleaning"] == true { "*" } else { " " };
                    let _ = writeln!(
                        out,
                        "{cleaned}{:>4} {:<13} {:>9} | {:<40} | {:<40} {}",
                        format!("#{}", n + 1),
                        v.kind.name(),
                        j["base_place"].as_str().unwrap_or(""),
                        clip(j["base_text"].as_str().unwrap_or("")),
                        clip(j["witness_text"].as_str().unwrap_or("")),
                        j["witness_place"].as_str().unwrap_or("")
                    );
                }
            }
        }
    }
    if args.format == KwicFormat::Json {
        out = serde_json::to_string_pretty(&json).map_err(|e| Failure::Analysis(e.into()))? + "\n";
    }
    if args.metrics {
        let config = load_config(args.config.as_deref())?;
        let witnesses: Vec<&Witness> = sources.iter().map(|s| &s.witness).collect();
        out.push_str(&crate::attribution::report(&config, &witnesses, &all_variants)?);
    }
    print(&out).map_err(Failure::Analysis)
}

fn clip(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 40 { flat.chars().take(39).collect::<String>() + "…" } else { flat }
}

/// A token range's text and its place (`line:column` in the source file for an ingested document,
/// else in the witness text).
fn place(s: &Source<'_>, range: (usize, usize)) -> (String, String) {
    let w = &s.witness;
    if range.0 == range.1 {
        let at = w.tokens.get(range.0).map_or(w.text.len(), |t| t.start);
        return (String::new(), location(s, at));
    }
    let (start, end) = (w.tokens[range.0].start, w.tokens[range.1 - 1].end);
    (w.text[start..end].to_string(), location(s, start))
}

fn location(s: &Source<'_>, at: usize) -> String {
    match s.doc {
        Some(d) => {
            let src = d.source_span(Span::new(at as u32, at as u32));
            format!("{}:{}", src.line, src.column)
        }
        None => {
            let before = &s.witness.text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1;
            format!("{line}:{column}")
        }
    }
}

/// Passages ingest moved back into reading order in a witness (seams where the source goes
/// backwards: a page jump's continuation placed after the paragraph it completes).
fn moved_by_ingest(s: &Source<'_>) -> usize {
    s.doc.map_or(0, |d| d.offsets.segments().windows(2).filter(|p| p[1].src_start < p[0].src_end()).count())
}

/// Whether ingest edited the source around a token range of `s`: a replaced run overlaps it, or
/// bytes were dropped or moved at a seam inside it or at its edges.
fn touches_cleaning(s: &Source<'_>, range: (usize, usize)) -> bool {
    let Some(doc) = s.doc else { return false };
    let w = &s.witness;
    let (start, end) = if range.0 == range.1 {
        let at = w.tokens.get(range.0).map_or(w.text.len(), |t| t.start);
        (at, at)
    } else {
        (w.tokens[range.0].start, w.tokens[range.1 - 1].end)
    };
    let (start, end) = (start as u32, end as u32);
    let segs = doc.offsets.segments();
    segs.iter().any(|g| !g.copy && g.doc_start < end.max(start + 1) && g.doc_end() > start)
        || segs.windows(2).any(|p| {
            let seam = p[1].doc_start;
            seam >= start && seam <= end && p[0].src_end() != p[1].src_start
        })
}

fn variant_json(v: &Variant, base: &Source<'_>, other: &Source<'_>) -> serde_json::Value {
    let (bt, bp) = place(base, v.base);
    let (wt, wp) = place(other, v.other);
    serde_json::json!({
        "kind": v.kind.name(),
        "base_tokens": [v.base.0, v.base.1],
        "witness_tokens": [v.other.0, v.other.1],
        "base_text": bt, "base_place": bp,
        "witness_text": wt, "witness_place": wp,
        "touches_cleaning": touches_cleaning(base, v.base) || touches_cleaning(other, v.other),
    })
}
