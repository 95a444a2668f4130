//! The subcommands.

use crate::Failure;
use crate::args::{
    AnalyzeArgs, Command, ConfigCommand, Input, ListFormat, OutFormat, ProfileArg, TokenFormat, TokensArgs,
};
use crate::output::{Staged, print, tsv};
use anyhow::anyhow;
use rhetor_engine::{ConfigFile, Plan, Registry};
use rhetor_ingest::{IngestOptions, Ingested, Profile, Warning};
use rhetor_report::Format;
use std::path::Path;

/// The built-in default config: the same file as `config/default.toml`.
pub const DEFAULT_CONFIG: &str = include_str!("../../../config/default.toml");
const DEFAULT_CONFIG_LABEL: &str = "(built-in default)";

pub fn dispatch(command: Command) -> Result<(), Failure> {
    match command {
        Command::Analyze(a) => analyze(a),
        Command::Analyzers { format } => list_analyzers(format),
        Command::Config(ConfigCommand::Default) => print(DEFAULT_CONFIG).map_err(Failure::Analysis),
        Command::Config(ConfigCommand::Check { file }) => config_check(&file),
        Command::Tokens(t) => tokens(t),
        Command::Ingest(i) => crate::ingest::run(i),
        Command::Dict(d) => crate::dict::run(d),
        Command::Sentiment(s) => crate::sentiment::run(s),
        Command::Kwic(k) => crate::kwic::run(k),
        Command::Freq(f) => crate::compare::freq(f),
        Command::Collate(c) => crate::collate::run(c),
        Command::Merge(m) => crate::shard::merge(m),
        Command::Keyness(k) => crate::compare::keyness(k),
    }
}

fn registry() -> Result<Registry, Failure> {
    rhetor_analyzers::registry().map_err(|e| Failure::Usage(e.into()))
}

/// The config file: `--config`, else `./config/default.toml`, else the built-in default.
pub fn load_config(path: Option<&Path>) -> Result<ConfigFile, Failure> {
    let usage = |e: rhetor_engine::ConfigError| Failure::Usage(e.into());
    match path {
        Some(p) => ConfigFile::load(p).map_err(usage),
        None if Path::new("config/default.toml").is_file() => {
            ConfigFile::load(Path::new("config/default.toml")).map_err(usage)
        }
        None => Ok(ConfigFile::new(DEFAULT_CONFIG_LABEL, DEFAULT_CONFIG)),
    }
}

/// The `[ingest]` section with the command line's overrides.
pub fn ingest_options(config: &ConfigFile, input: &Input) -> Result<IngestOptions, Failure> {
    let mut options: IngestOptions = config.section(&["ingest"]).map_err(|e| Failure::Usage(e.into()))?;
    if !options.languages.0.is_empty() && !options.detect_language {
        let msg = "needs detect_language = true: documents are kept by the language detected";
        return Err(Failure::Usage(config.invalid(&["ingest", "languages"], msg).into()));
    }
    if let Some(p) = input.profile {
        options.profile = match p {
            ProfileArg::Auto => Profile::Auto,
            ProfileArg::None => Profile::None,
            ProfileArg::Transcript => Profile::Transcript,
            ProfileArg::Print => Profile::Print,
            ProfileArg::Web => Profile::Web,
        };
    }
    if input.manifest.is_some() {
        options.manifest.clone_from(&input.manifest);
    }
    options.lossy |= input.lossy;
    Ok(options)
}

/// How many duplicate-text warnings are printed one by one before the rest are counted.
const DUPLICATES_SHOWN: usize = 10;

pub fn read_corpus(input: &Input, options: &IngestOptions) -> Result<Ingested, Failure> {
    let ingested = rhetor_ingest::ingest(&input.paths, options).map_err(ingest_failure)?;
    print_warnings(&ingested.warnings, options);
    Ok(ingested)
}

/// A manifest error is a usage error (exit 2); any other ingest error is an analysis error (exit 1).
pub fn ingest_failure(e: rhetor_ingest::IngestError) -> Failure {
    match e {
        rhetor_ingest::IngestError::Manifest(e) => Failure::Usage(e.into()),
        e => Failure::Analysis(e.into()),
    }
}

/// Ingest warnings on stderr, duplicate-text warnings summarised after the first few.
pub fn print_warnings(warnings: &[Warning], options: &IngestOptions) {
    for w in warning_lines(warnings, options) {
        eprintln!("warning: {w}");
    }
}

/// Ingest warnings as printed and as the results record them: duplicate-text warnings one by one
/// for the first few, then counted.
pub fn warning_lines(warnings: &[Warning], options: &IngestOptions) -> Vec<String> {
    let mut out = Vec::new();
    let mut duplicates = 0;
    for w in warnings {
        if matches!(w, Warning::Duplicate { .. }) {
            duplicates += 1;
            if duplicates > DUPLICATES_SHOWN {
                continue;
            }
        }
        out.push(w.to_string());
    }
    if duplicates > DUPLICATES_SHOWN {
        let more = duplicates - DUPLICATES_SHOWN;
        let skipped = if options.skip_duplicates { "skipped" } else { "kept (set [ingest] skip_duplicates to skip)" };
        out.push(format!("… and {more} more documents repeat an earlier text; {duplicates} in all, {skipped}"));
    }
    out
}

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

fn analyze(args: AnalyzeArgs) -> Result<(), Failure> {
    let registry = registry()?;
    let config = load_config(args.input.config.as_deref())?;
    let plan =
        Plan::from_config(&config, &registry, args.analyzers.as_deref()).map_err(|e| Failure::Usage(e.into()))?;
    if args.stream || args.stdin_jsonl {
        if args.shard.is_some() {
            return Err(Failure::Usage(anyhow!("--shard is a batch run: not with --stream or --stdin-jsonl")));
        }
        if args.compare.is_some() || args.formats.iter().any(|f| *f != OutFormat::Jsonl) {
            return Err(Failure::Usage(anyhow!("--stream and --stdin-jsonl write JSONL only, without --compare")));
        }
        if args.stdin_jsonl {
            return crate::stream::stdin_jsonl(&args, &plan);
        }
        return crate::stream::run(&args, &plan);
    }
    let options = ingest_options(&config, &args.input)?;
    // Checked before anything is read.
    formats_of(&args.formats, args.out.is_some())?;
    if let Some(shard) = &args.shard {
        if args.evidence.is_some() {
            let msg = "--shard writes every evidence item to its part; set [run] evidence_sample in the config for \
                       what `rhetor merge` keeps in the results files";
            return Err(Failure::Usage(anyhow!(msg)));
        }
        if args.compare.is_some() {
            return Err(Failure::Usage(anyhow!("--shard writes a part for `rhetor merge`, without --compare")));
        }
        return crate::shard::run(&args, &plan, &config, &options, shard);
    }
    crate::analyze::run(&args, &plan)
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

/// Render results in `formats`: the first to a string for stdout without `out`, else every file
/// staged in `out` (results.json written while it is rendered).
/// Render the formats asked for into `staged` (the output folder), or the one format for stdout.
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

/// Seconds since the Unix epoch, as text (no time-zone database needed).
pub fn timestamp() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format!("unix:{secs}")
}

fn list_analyzers(format: ListFormat) -> Result<(), Failure> {
    let registry = registry()?;
    let text = match format {
        ListFormat::Table => {
            let width = registry.entries().iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            let mut s = format!("{:width$}  summary\n", "id");
            for r in registry.entries() {
                s.push_str(&format!("{:width$}  {}\n", r.id, r.summary));
            }
            s
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = registry
                .entries()
                .iter()
                .map(|r| {
                    let keys: Vec<serde_json::Value> = r
                        .keys
                        .iter()
                        .map(
                            |k| serde_json::json!({"name": k.name, "default": k.default, "description": k.description}),
                        )
                        .collect();
                    serde_json::json!({"id": r.id, "summary": r.summary, "config": keys})
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).map_err(|e| Failure::Analysis(e.into()))?;
            s.push('\n');
            s
        }
    };
    print(&text).map_err(Failure::Analysis)
}

fn config_check(file: &Path) -> Result<(), Failure> {
    let registry = registry()?;
    let config = load_config(Some(file))?;
    let plan = Plan::from_config(&config, &registry, None).map_err(|e| Failure::Usage(e.into()))?;
    let ingest: IngestOptions = config.section(&["ingest"]).map_err(|e| Failure::Usage(e.into()))?;
    if let Some(m) = ingest.manifest.as_deref().filter(|m| !m.is_file()) {
        let msg = format!("manifest `{}` does not exist (or is not a file)", m.display());
        return Err(Failure::Usage(config.invalid(&["ingest", "manifest"], msg).into()));
    }
    print(&format!("{}: ok; analyzers: {}\n", config.path, plan.ids().join(", "))).map_err(Failure::Analysis)
}

/// Files read and documents tokenized per parallel batch by `rhetor tokens`, which streams: it never
/// holds the whole corpus's tokens (nor, for transcripts, its texts).
const TOKENS_BATCH: usize = 64;

fn tokens(args: TokensArgs) -> Result<(), Failure> {
    use std::io::Write as _;
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let threads = args.input.threads.unwrap_or(0);
    let mut totals = [0usize; 5];
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut written = Ok(());
    if !args.count && args.format == TokenFormat::Tsv {
        written = out.write_all(b"document\tsentence\tstart\tend\tkind\ttext\tform\n");
    }
    let streamed = rhetor_engine::with_threads(threads, || {
        rhetor_ingest::stream_documents(&args.input.paths, &options, TOKENS_BATCH, |doc, vocab| {
            let counts = [1, doc.tokens.len(), doc.sentences.len(), doc.paragraphs.len(), doc.text.len()];
            for (t, n) in totals.iter_mut().zip(counts) {
                *t += n;
            }
            if !args.count && written.is_ok() {
                written = write_tokens(&mut out, &doc, vocab, args.format);
            }
        })
        .map_err(ingest_failure)
    })?;
    print_warnings(&streamed.warnings, &options);
    if args.count {
        let [docs, tokens, sentences, paragraphs, bytes] = totals;
        written = writeln!(
            out,
            "documents\ttokens\tsentences\tparagraphs\tbytes\n{docs}\t{tokens}\t{sentences}\t{paragraphs}\t{bytes}"
        );
    }
    written.and_then(|()| out.flush()).or_else(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => Ok(()),
        _ => Err(Failure::Analysis(anyhow!("cannot write to stdout: {e}"))),
    })
}

/// Write one document's tokens (a corpus's tokens can be many times its size: never one string).
fn write_tokens(
    out: &mut impl std::io::Write,
    doc: &rhetor_doc::Document,
    vocab: &rhetor_doc::Vocabulary,
    format: TokenFormat,
) -> std::io::Result<()> {
    let mut sentence = 0usize;
    for (i, t) in doc.tokens.iter().enumerate() {
        while sentence < doc.sentences.len() && doc.sentences[sentence].tokens.end as usize <= i {
            sentence += 1;
        }
        let text = doc.token_text(i);
        let form = vocab.form(t.form);
        let kind = t.kind.as_str();
        match format {
            TokenFormat::Tsv => {
                let (id, text, form) = (tsv(&doc.id), tsv(text), tsv(form));
                writeln!(out, "{id}\t{sentence}\t{}\t{}\t{kind}\t{text}\t{form}", t.start, t.end)?
            }
            TokenFormat::Jsonl => {
                let line = serde_json::json!({
                    "document": doc.id, "sentence": sentence, "start": t.start, "end": t.end,
                    "kind": kind, "text": text, "form": form,
                });
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}
