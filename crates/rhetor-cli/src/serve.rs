//! `rhetor serve DIR`: open a results folder (`rhetor_serve::Explorer`), choose the config whose
//! dictionary `@CATEGORY` concordances use, listen, print the URL, and serve until stopped.

use crate::Failure;
use crate::args::ServeArgs;
use crate::common::{DEFAULT_CONFIG, DEFAULT_CONFIG_LABEL};
use anyhow::anyhow;
use rhetor_engine::ConfigFile;
use rhetor_ingest::sha256_hex;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The config the results record, when it is still there with the same SHA-256; else the
/// built-in default, with a warning.
fn recorded_config(recorded: &str, sha: &str, root: &Path) -> ConfigFile {
    let builtin = || ConfigFile::new(DEFAULT_CONFIG_LABEL, DEFAULT_CONFIG);
    if recorded.is_empty() || recorded == DEFAULT_CONFIG_LABEL {
        return builtin();
    }
    let path = if Path::new(recorded).is_absolute() { PathBuf::from(recorded) } else { root.join(recorded) };
    match ConfigFile::load(&path) {
        Ok(c) if sha256_hex(c.text.as_bytes()) == sha => c,
        _ => {
            eprintln!(
                "warning: the run's config {recorded} is gone or changed: @CATEGORY concordances use the built-in \
                 dictionary (give --config to choose)"
            );
            builtin()
        }
    }
}

pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    let root = match &args.root {
        Some(r) => r.clone(),
        None => std::env::current_dir().map_err(|e| Failure::Usage(anyhow!("no current folder: {e}")))?,
    };
    let given = args.config.as_deref().map(ConfigFile::load).transpose().map_err(|e| Failure::Usage(e.into()))?;
    let base = root.clone();
    let explorer = rhetor_serve::Explorer::open(&args.dir, root, move |path, sha| {
        given.unwrap_or_else(|| recorded_config(path, sha, &base))
    })
    .map_err(|e| Failure::Usage(e.into()))?;
    let loopback = matches!(args.host.as_str(), "127.0.0.1" | "localhost" | "::1") || args.host.starts_with("127.");
    if !loopback {
        eprintln!(
            "warning: listening on {}: other machines can read these results and the source files they name",
            args.host
        );
    }
    let running =
        rhetor_serve::start(explorer, &args.host, args.port, args.threads).map_err(|e| Failure::Analysis(e.into()))?;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "rhetor serve: {} (Ctrl-C to stop)", running.url);
    let _ = out.flush();
    running.wait();
    Ok(())
}
