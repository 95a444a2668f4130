//! What the subcommands share: the config file, the `[ingest]` options with the command line's
//! overrides, reading a corpus and its warnings, the analyzer registry, the time stamp.
//!
//! Architecture Invariant: this module imports no other subcommand module (it is the bottom: every
//! command may use it).

use crate::Failure;
use crate::args::{Input, ProfileArg};
use rhetor_engine::{ConfigFile, Registry};
use rhetor_ingest::{IngestOptions, Ingested, Profile, Warning};
use std::path::Path;

/// The built-in default config: the same file as `config/default.toml`.
pub const DEFAULT_CONFIG: &str = include_str!("../../../config/default.toml");
pub const DEFAULT_CONFIG_LABEL: &str = "(built-in default)";

pub fn registry() -> Result<Registry, Failure> {
    rhetor_builtins::registry().map_err(|e| Failure::Usage(e.into()))
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

/// Seconds since the Unix epoch, as text (no time-zone database needed).
pub fn timestamp() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format!("unix:{secs}")
}
