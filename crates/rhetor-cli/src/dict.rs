//! `rhetor dict convert` and `rhetor dict check`: dictionaries of the `rhetoric` analyzer in the
//! formats researchers have, and what a dictionary's entries do on real documents.

use crate::Failure;
use crate::args::DictCommand;
use crate::output::print;
use anyhow::anyhow;
use rhetor_engine::ConfigFile;
use rhetor_ingest::IngestOptions;
use rhetor_rhetoric::commands::{self, DictionaryFileError};
use std::path::Path;

pub fn run(command: DictCommand) -> Result<(), Failure> {
    match command {
        DictCommand::Convert { input, to } => {
            if to != "toml" {
                return Err(Failure::Usage(anyhow!("--to {to}: only `toml` (rhetor's format) is written")));
            }
            let (toml, _) = to_toml(&input)?;
            print(&toml).map_err(Failure::Analysis)
        }
        DictCommand::Check { file, paths } => check(&file, &paths),
    }
}

/// The dictionary file as rhetor TOML (converted when it is in another format), and its shown path.
fn to_toml(path: &Path) -> Result<(String, String), Failure> {
    commands::dictionary_toml(path).map_err(|e| match e {
        DictionaryFileError::UnknownFormat { .. } => Failure::Usage(e.into()),
        e => Failure::Analysis(e.into()),
    })
}

fn check(path: &Path, paths: &[std::path::PathBuf]) -> Result<(), Failure> {
    let (toml, shown) = to_toml(path)?;
    let file = ConfigFile::new(shown, toml);
    let ingested = if paths.is_empty() {
        None
    } else {
        Some(rhetor_ingest::ingest(paths, &IngestOptions::default()).map_err(|e| Failure::Analysis(e.into()))?)
    };
    let report =
        commands::check_report(&file, ingested.as_ref().map(|i| &i.corpus)).map_err(|e| Failure::Analysis(e.into()))?;
    print(&report).map_err(Failure::Analysis)
}
