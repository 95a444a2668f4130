//! rhetor's renderers. Each turns [`RunResults`] into the text of one output file, knowing nothing of
//! any analyzer: they read the uniform result model only.
//!
//! | format | file | content |
//! |---|---|---|
//! | `json` | `results.json` | everything, schema `rhetor-results/5` (see `docs/results-schema.md`) |
//! | `jsonl` | `results.jsonl` | one record a line: the run, then each document, group and the corpus; and `evidence.jsonl`, a line per piece of evidence |
//! | `csv` | `results.csv` | tidy long format: `scope, document, group, analyzer, metric, value, unit`; and `evidence-<analyzer>.csv`, a row per piece of evidence of each kind |
//! | `md` | `report.md` | Markdown tables for reading and for snapshot diffs |
//! | `html` | `report.html` | one self-contained page: charts (inline SVG), sortable tables, a drill-down per document with keyword-in-context evidence |
//!
//! Architecture Invariant: renderers are pure functions of the results; same results, same bytes.

mod compact;
pub(crate) mod html;
mod machine_readable;
mod markdown;
pub mod svg;

pub use compact::CompactDocument;
pub use html::{Around, MAX_EVIDENCE, html};
pub use machine_readable::{
    csv, document_sample, evidence_csv, evidence_jsonl, json, jsonl, jsonl_document, jsonl_groups, jsonl_run,
    write_json,
};
pub use markdown::markdown;

use rhetor_engine::RunResults;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Md,
    Html,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Json, Format::Jsonl, Format::Csv, Format::Md, Format::Html];

    /// The file this format is written to in an output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "results.json",
            Format::Jsonl => "results.jsonl",
            Format::Csv => "results.csv",
            Format::Md => "report.md",
            Format::Html => "report.html",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Html => "html",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s)
    }
}

/// A rendering failure (only serialization can fail).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("JSON serialization failed: {0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV serialization failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("CSV writer failed: {0}")]
    CsvFlush(String),
    #[error("cannot write: {0}")]
    Io(String),
}

/// Every file a format writes, `(name, contents)`: its main file first, then the evidence files of
/// `csv` (one per analyzer with evidence) and `jsonl`.
pub fn files(results: &RunResults, format: Format, around: &dyn Around) -> Result<Vec<(String, String)>, RenderError> {
    let mut out = vec![(format.file_name().to_string(), render(results, format, around)?)];
    match format {
        Format::Csv => {
            for a in &results.analyzers {
                let has = |r: &[rhetor_engine::AnalyzerResult]| {
                    r.iter().any(|x| x.analyzer == a.id && !x.evidence.is_empty())
                };
                let groups = results.grouping.iter().flat_map(|g| &g.groups).any(|g| has(&g.results));
                if results.documents.iter().any(|d| has(&d.results)) || groups || has(&results.corpus.results) {
                    out.push((format!("evidence-{}.csv", a.id), evidence_csv(results, &a.id)?));
                }
            }
        }
        Format::Jsonl => out.push(("evidence.jsonl".to_string(), evidence_jsonl(results)?)),
        _ => {}
    }
    Ok(out)
}

/// Render results in a format; `around` gives the HTML report the text around each piece of
/// evidence (pass `&()` for none).
pub fn render(results: &RunResults, format: Format, around: &dyn Around) -> Result<String, RenderError> {
    match format {
        Format::Json => json(results),
        Format::Jsonl => jsonl(results),
        Format::Csv => csv(results),
        Format::Md => Ok(markdown(results)),
        Format::Html => Ok(html(results, around)),
    }
}
