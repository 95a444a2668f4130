//! `report.md`: the run, the documents, then per analyzer a metrics table (documents, groups, corpus),
//! the corpus tables, and the evidence with source locations.

use crate::machine_readable::value_text;
use rhetor_engine::{AnalyzerResult, Cell, Metric, RunResults, Value};
use std::fmt::Write;

/// Text from the corpus or the config as literal Markdown, safe in a table cell: every character
/// Markdown or HTML would read as markup (`<script>`, `*`, `[link](…)`, `|`) escaped with a
/// backslash, line breaks as spaces. A hostile corpus writes text, never markup.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as a Markdown code span, safe in a table cell: a fence longer than any run of backticks
/// in it, `|` escaped (GitHub tables read `\|` inside code spans too), line breaks as spaces.
fn code(s: &str) -> String {
    let flat = s.replace(['\n', '\r'], " ").replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        return format!("`{flat}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {flat} {fence}")
}

/// A metric for reading: integers as they are, floats to 2 decimals, nothing as "–".
fn shown(v: Value) -> String {
    match v {
        Value::Float(f) => format!("{f:.2}"),
        Value::Null => "–".into(),
        v => value_text(v),
    }
}

fn shown_cell(c: &Cell) -> String {
    match c {
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => format!("{f:.3}"),
        Cell::Text(t) => cell(t),
        Cell::Null => "–".into(),
    }
}

fn table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", header.iter().map(|_| "---|").collect::<String>());
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out.push('\n');
}

/// Render the Markdown report.
/// Input files listed one by one; the rest are counted.
const MAX_INPUTS: usize = 20;
/// Evidence rows per analyzer.
const MAX_EVIDENCE_ROWS: usize = 120;
/// Rows shown of a corpus table (a table by period and target runs to thousands on a long corpus);
/// every row is in tables.parquet and results.json.
const MAX_TABLE_ROWS: usize = 60;

pub fn markdown(results: &RunResults) -> String {
    let mut out = String::new();
    let run = &results.run;
    let _ = writeln!(out, "# rhetor report\n");
    let _ = writeln!(out, "- rhetor {} · results schema `{}`", run.rhetor_version, results.schema);
    let _ = writeln!(out, "- config: {} (SHA-256 `{}`)", code(&run.config_path), run.config_sha256);
    if let Some(ts) = &run.timestamp {
        let _ = writeln!(out, "- run at {ts}");
    }
    let _ = writeln!(out, "- inputs:");
    for i in run.inputs.iter().take(MAX_INPUTS) {
        let _ = writeln!(out, "  - {} ({} bytes, SHA-256 `{}`)", code(&i.path), i.bytes, i.sha256);
    }
    if run.inputs.len() > MAX_INPUTS {
        let bytes: u64 = run.inputs.iter().map(|i| i.bytes).sum();
        let more = run.inputs.len() - MAX_INPUTS;
        let _ = writeln!(
            out,
            "  - … and {more} more ({} files, {bytes} bytes in all: `run.inputs` of results.json)",
            run.inputs.len()
        );
    }
    let _ = writeln!(out, "\n## Documents\n");
    // A summary at any corpus size: the documents in detail are those of the HTML report's drill-down.
    let detailed = crate::html::drilled(results);
    let in_detail = detailed.iter().filter(|s| **s).count();
    if in_detail < results.documents.len() {
        let _ = writeln!(
            out,
            "{} documents, {in_detail} of them here (for each analyzer's first metrics, the highest and the lowest); \
             every document is in `documents.parquet`, every number in `metrics.parquet` and `results.csv`, every \
             evidence item in `evidence.parquet`.\n",
            results.documents.len()
        );
    }
    let header: Vec<String> =
        ["document", "title", "kind", "date", "tokens", "sentences", "paragraphs", "sections"].map(String::from).into();
    let rows: Vec<Vec<String>> = results
        .documents
        .iter()
        .enumerate()
        .filter(|(i, _)| detailed[*i])
        .map(|(_, d)| {
            vec![
                code(&d.id),
                cell(d.meta.title.as_deref().unwrap_or("")),
                cell(d.meta.kind.as_deref().unwrap_or("")),
                cell(d.meta.date.as_deref().unwrap_or("")),
                d.counts.tokens.to_string(),
                d.counts.sentences.to_string(),
                d.counts.paragraphs.to_string(),
                cell(&d.sections.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join("; ")),
            ]
        })
        .collect();
    table(&mut out, &header, &rows);

    if let Some(c) = &results.comparison {
        comparison(&mut out, c);
    }
    for (k, info) in results.analyzers.iter().enumerate() {
        let _ = writeln!(out, "## {}\n\n{}\n", info.id, info.summary);
        let scopes = scopes(results, k, &detailed);
        if scopes.is_empty() {
            continue;
        }
        // Every metric any scope has, in order of first appearance (the corpus may have more,
        // from work across documents); a scope without one shows an empty cell.
        let mut metrics: Vec<&Metric> = Vec::new();
        for m in scopes.iter().flat_map(|(_, r)| &r.metrics) {
            match metrics.iter_mut().find(|x| x.name() == m.name()) {
                None => metrics.push(m),
                // Compact documents' metrics have no description; a group's or the corpus's has.
                Some(x) if x.description().is_empty() => *x = m,
                Some(_) => {}
            }
        }
        let mut header = vec!["scope".to_string()];
        header.extend(metrics.iter().map(|m| format!("{} ({})", cell(&m.name()), cell(&m.unit()))));
        let rows: Vec<Vec<String>> = scopes
            .iter()
            .map(|(name, r)| {
                let mut row = vec![name.clone()];
                row.extend(metrics.iter().map(|m| {
                    r.metrics.iter().find(|x| x.name() == m.name()).map(|x| shown(x.value)).unwrap_or_default()
                }));
                row
            })
            .collect();
        table(&mut out, &header, &rows);
        let _ = writeln!(out, "Metrics:\n");
        for m in &metrics {
            let _ = writeln!(out, "- {}: {}", code(&m.name()), cell(&m.description()));
        }
        out.push('\n');
        if let Some(corpus) = results.corpus.results.get(k) {
            for t in &corpus.tables {
                let _ = writeln!(out, "### Corpus table `{}`: {}\n", t.name, cell(&t.description));
                let rows: Vec<Vec<String>> =
                    t.rows.iter().take(MAX_TABLE_ROWS).map(|r| r.iter().map(shown_cell).collect()).collect();
                let columns: Vec<String> = t.columns.iter().map(|c| cell(c)).collect();
                table(&mut out, &columns, &rows);
                if t.rows.len() > MAX_TABLE_ROWS {
                    let _ = writeln!(
                        out,
                        "{MAX_TABLE_ROWS} of {} rows shown; all are in `tables.parquet` and `results.json`.\n",
                        t.rows.len()
                    );
                }
            }
        }
        let corpus_evidence = results.corpus.results.get(k).map(|r| r.evidence.as_slice()).unwrap_or_default();
        let evidence: Vec<_> = results
            .documents
            .iter()
            .enumerate()
            .filter(|(i, _)| detailed[*i])
            .flat_map(|(_, d)| &d.results[k].evidence)
            .chain(corpus_evidence)
            .collect();
        if !evidence.is_empty() {
            let _ = writeln!(out, "### Evidence\n");
            let all = evidence.len();
            let evidence = &evidence[..all.min(MAX_EVIDENCE_ROWS)];
            if all > evidence.len() {
                let _ = writeln!(
                    out,
                    "The first {} of {all} items; all are in results.json and evidence.parquet.\n",
                    evidence.len()
                );
            }
            let header: Vec<String> = ["document", "label", "source", "text"].map(String::from).into();
            let rows: Vec<Vec<String>> = evidence
                .iter()
                .map(|e| {
                    vec![
                        code(&e.document),
                        cell(&e.label),
                        code(&format!("{}:{}:{}", e.source.path, e.source.line, e.source.column)),
                        cell(&clip(&e.text, 200)),
                    ]
                })
                .collect();
            table(&mut out, &header, &rows);
        }
    }
    out
}

fn opt(x: Option<f64>, digits: usize) -> String {
    x.filter(|x| x.is_finite()).map_or(String::new(), |x| format!("{x:.digits$}"))
}

fn comparison(out: &mut String, c: &rhetor_engine::Comparison) {
    let _ = writeln!(out, "## Comparison: {} vs {}\n", cell(&c.a), cell(&c.b));
    let _ = writeln!(
        out,
        "Sizes: {} and {} words. Counts are compared by log-likelihood G² against these sizes; {} counts were \
         tested, so with a Bonferroni correction a difference needs G² > {:.2} for p < 0.05 (3.84 for one test).\n",
        c.a_words, c.b_words, c.tests, c.bonferroni_g2
    );
    let header: Vec<String> =
        ["analyzer", "metric", "unit", "A", "B", "A − B", "G²", "p", "log ratio", "%DIFF"].map(String::from).into();
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                cell(&r.analyzer),
                cell(&r.metric),
                cell(&r.unit),
                shown(r.a),
                shown(r.b),
                shown(r.difference),
                opt(r.g2, 2),
                r.p.map_or(String::new(), |p| format!("{p:.2e}")),
                opt(r.log_ratio, 2),
                opt(r.pct_diff, 1),
            ]
        })
        .collect();
    table(out, &header, &rows);
}

/// Every scope's result for analyzer `k`: the documents `detailed`, groups, corpus.
fn scopes<'a>(results: &'a RunResults, k: usize, detailed: &[bool]) -> Vec<(String, &'a AnalyzerResult)> {
    let mut v: Vec<(String, &AnalyzerResult)> = results
        .documents
        .iter()
        .enumerate()
        .filter(|(i, _)| detailed[*i])
        .filter_map(|(_, d)| d.results.get(k).map(|r| (code(&d.id), r)))
        .collect();
    if let Some(g) = &results.grouping {
        for group in &g.groups {
            if let Some(r) = group.results.get(k) {
                v.push((format!("{} = {}", cell(&g.field), cell(&group.name)), r));
            }
        }
    }
    if let Some(r) = results.corpus.results.get(k) {
        v.push(("**corpus**".into(), r));
    }
    v
}

fn clip(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max_chars).collect();
    t.push('…');
    t
}
