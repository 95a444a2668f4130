//! Rendering results in the formats asked for: to stdout, or staged in the output folder and
//! committed at the end (all files or none).

use crate::Failure;
use crate::args::OutFormat;
use crate::output::{Staged, print};
use anyhow::anyhow;
use rhetor_report::Format;

/// The documents' texts, for the context around evidence in the HTML report.
struct CorpusText<'a>(std::collections::HashMap<&'a str, &'a rhetor_doc::Document>);

impl<'a> CorpusText<'a> {
    fn new(corpus: &'a rhetor_doc::Corpus) -> Self {
        CorpusText(corpus.documents.iter().map(|d| (d.id.as_str(), d)).collect())
    }
}

impl rhetor_report::Around for CorpusText<'_> {
    fn around(&self, document: &str, span: [u32; 2]) -> Option<(String, String)> {
        const CHARS: usize = 45;
        let text = &self.0.get(document)?.text;
        let (start, end) = (span[0] as usize, span[1] as usize);
        let (before, after) = (text.get(..start)?, text.get(end..)?);
        let left: Vec<char> = before.chars().rev().take(CHARS).collect();
        let left: String = left.into_iter().rev().collect();
        let right: String = after.chars().take(CHARS).collect();
        let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
        Some((flat(&left), flat(&right)))
    }
}

/// The formats asked for (json when none), sorted; several need an output folder.
pub fn formats_of(asked: &[OutFormat], has_out: bool) -> Result<Vec<Format>, Failure> {
    let mut formats: Vec<Format> = asked
        .iter()
        .map(|f| match f {
            OutFormat::Json => Format::Json,
            OutFormat::Jsonl => Format::Jsonl,
            OutFormat::Csv => Format::Csv,
            OutFormat::Md => Format::Md,
            OutFormat::Html => Format::Html,
        })
        .collect();
    formats.sort();
    formats.dedup();
    if formats.is_empty() {
        formats.push(Format::Json);
    }
    if !has_out && formats.len() > 1 {
        return Err(Failure::Usage(anyhow!("several formats need --out DIR")));
    }
    Ok(formats)
}

/// Render results in `formats`: the first to a string for stdout without an output folder, else
/// every file staged in `staged` (results.json written while it is rendered, never held whole).
pub fn render_results(
    results: &rhetor_engine::RunResults,
    corpus: &rhetor_doc::Corpus,
    formats: &[Format],
    staged: Option<Staged>,
) -> Result<Rendered, Failure> {
    let around = CorpusText::new(corpus);
    let render = |e: rhetor_report::RenderError| Failure::Analysis(e.into());
    let Some(mut staged) = staged else {
        return Ok(Rendered::Stdout(rhetor_report::render(results, formats[0], &around).map_err(render)?));
    };
    for f in formats {
        if *f == Format::Json {
            // Written while it is rendered, never held whole.
            staged
                .with(f.file_name(), |w| rhetor_report::write_json(results, w).map_err(anyhow::Error::from))
                .map_err(Failure::Analysis)?;
            continue;
        }
        for (name, text) in rhetor_report::files(results, *f, &around).map_err(render)? {
            staged.text(&name, &text).map_err(Failure::Analysis)?;
        }
    }
    Ok(Rendered::Files(staged))
}

/// Print or commit what was rendered; with files, say so (unless quiet) after `summary`.
pub fn finish_outcome(outcome: Rendered, quiet: bool, summary: &str) -> Result<(), Failure> {
    match outcome {
        Rendered::Stdout(text) => print(&text).map_err(Failure::Analysis)?,
        Rendered::Files(staged) => {
            let paths = staged.commit().map_err(Failure::Analysis)?;
            if !quiet {
                eprintln!("{summary}");
                for p in paths {
                    eprintln!("wrote {}", p.display());
                }
            }
        }
    }
    Ok(())
}

/// What `rhetor analyze` made: one format's text for stdout, or files staged in the output folder.
pub enum Rendered {
    Stdout(String),
    Files(Staged),
}
