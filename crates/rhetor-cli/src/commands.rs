//! The subcommands: `dispatch` hands each to its module; `analyze` picks the kind of run (batch,
//! stream, shard); `analyzers` and `config` are answered here.

use crate::Failure;
use crate::args::{AnalyzeArgs, Command, ConfigCommand, ListFormat, OutFormat};
use crate::common::{DEFAULT_CONFIG, ingest_options, load_config, registry};
use crate::output::print;
use crate::render::formats_of;
use anyhow::anyhow;
use rhetor_engine::Plan;
use rhetor_ingest::IngestOptions;
use std::path::Path;

pub fn dispatch(command: Command) -> Result<(), Failure> {
    match command {
        Command::Analyze(a) => analyze(a),
        Command::Analyzers { format } => list_analyzers(format),
        Command::Config(ConfigCommand::Default) => print(DEFAULT_CONFIG).map_err(Failure::Analysis),
        Command::Config(ConfigCommand::Check { file }) => config_check(&file),
        Command::Tokens(t) => crate::tokens::run(t),
        Command::Ingest(i) => crate::ingest::run(i),
        Command::Dict(d) => crate::dict::run(d),
        Command::Sentiment(s) => crate::sentiment::run(s),
        Command::Kwic(k) => crate::kwic::run(k),
        Command::Freq(f) => crate::keyness::freq(f),
        Command::Collate(c) => crate::collate::run(c),
        Command::Merge(m) => crate::shard::merge(m),
        Command::Evidence(e) => crate::evidence::run(&e),
        Command::MergeEvidence(m) => crate::evidence::merge(&m),
        Command::Splits(s) => crate::splits::run(&s),
        Command::Serve(s) => crate::serve::run(&s),
        Command::Keyness(k) => crate::keyness::keyness(k),
    }
}

fn analyze(args: AnalyzeArgs) -> Result<(), Failure> {
    let registry = registry()?;
    let config = load_config(args.input.config.as_deref())?;
    let plan =
        Plan::from_config(&config, &registry, args.analyzers.as_deref()).map_err(|e| Failure::Usage(e.into()))?;
    let rows_batch = args.stdin_jsonl && (args.out.is_some() || args.shard.is_some());
    if args.stdin_jsonl {
        rows_usage(&args)?;
    }
    if (args.stream || args.stdin_jsonl) && !rows_batch {
        if args.shard.is_some() {
            return Err(Failure::Usage(anyhow!("--shard is a batch run: not with --stream")));
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

/// A run over rows on stdin (a batch, a shard or the streaming mode): what it cannot take.
fn rows_usage(args: &AnalyzeArgs) -> Result<(), Failure> {
    let refuse = |what: &str| Err(Failure::Usage(anyhow!("--stdin-jsonl reads rows, not files: not with {what}")));
    if args.stream {
        return refuse("--stream (rows alone are written as they are read)");
    }
    if args.input.paths.iter().any(|p| p != Path::new("corpus")) || args.input.manifest.is_some() {
        return refuse("paths or --manifest");
    }
    if args.splits.is_some() || args.cleaning_evidence.is_some() {
        return refuse("--splits or --cleaning-evidence (rows are decoded, not cleaned)");
    }
    if args.input.profile.is_some_and(|p| p != crate::args::ProfileArg::None) {
        return refuse("a cleaning --profile (rows are decoded, not cleaned)");
    }
    if args.input.lossy {
        return refuse("--lossy (rows are JSON, in UTF-8)");
    }
    if args.shard.is_some() && args.row_number.is_none() {
        let msg = "--shard --stdin-jsonl needs --row-number FIELD: each row's number in the whole corpus, \
                   which puts the shards' documents back in order";
        return Err(Failure::Usage(anyhow!(msg)));
    }
    Ok(())
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
