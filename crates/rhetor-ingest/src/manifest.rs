//! The corpus manifest, `corpus.toml`: the corpus's own description and each document's metadata.
//!
//! ```toml
//! [corpus]
//! title = "…"
//! description = "…"
//!
//! [[document]]
//! path = "speech.txt"          # relative to the manifest
//! id = "speech"                # optional; default: the path without extension
//! title = "…"
//! date = "2021-04-09"          # YYYY, YYYY-MM or YYYY-MM-DD
//! outlet = "KCNA"
//! speaker = "Kim Jong Un"
//! kind = "transcript"          # transcript, print, web, …
//! extra = { language = "en" }  # any other metadata, as strings
//! ```

use rhetor_doc::Metadata;
use rhetor_engine::{ConfigError, ConfigFile};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest file name looked for in every folder ingested.
pub const MANIFEST: &str = "corpus.toml";

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CorpusInfo {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// One `[[document]]` entry.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DocumentEntry {
    pub path: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
}

impl DocumentEntry {
    pub fn metadata(&self) -> Metadata {
        Metadata {
            title: self.title.clone(),
            date: self.date.clone(),
            outlet: self.outlet.clone(),
            speaker: self.speaker.clone(),
            kind: self.kind.clone(),
            extra: self.extra.clone(),
        }
    }
}

/// A parsed `corpus.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(default)]
    pub corpus: CorpusInfo,
    #[serde(default, rename = "document")]
    pub documents: Vec<DocumentEntry>,
}

impl Manifest {
    /// Read and check `dir/corpus.toml`, if there is one: every listed file exists, dates are valid,
    /// paths are listed once. Errors name the file, line and key.
    pub fn load(dir: &Path) -> Result<Option<(Manifest, ConfigFile)>, ConfigError> {
        let path = dir.join(MANIFEST);
        if !path.is_file() {
            return Ok(None);
        }
        let mut file = ConfigFile::load(&path)?;
        file.path = crate::display_path(&path);
        let manifest: Manifest = file.section(&[])?;
        let locate = |needle: &str| file.text.find(needle);
        for (i, d) in manifest.documents.iter().enumerate() {
            let quoted = format!("\"{}\"", d.path);
            if !dir.join(&d.path).is_file() {
                let msg = format!("listed file `{}` does not exist", d.path);
                return Err(ConfigError::at(&file, locate(&quoted), format!("document[{i}].path"), msg));
            }
            if manifest.documents[..i].iter().any(|e| e.path == d.path) {
                let msg = format!("`{}` is listed twice", d.path);
                return Err(ConfigError::at(&file, file.text.rfind(&quoted), format!("document[{i}].path"), msg));
            }
            if let Some(date) = d.date.as_deref().filter(|d| !Metadata::valid_date(d)) {
                let msg = format!("`{date}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD");
                return Err(ConfigError::at(&file, locate(&format!("\"{date}\"")), format!("document[{i}].date"), msg));
            }
        }
        Ok(Some((manifest, file)))
    }

    /// The entry for a file, by its path relative to the manifest's folder.
    pub fn entry(&self, relative: &str) -> Option<&DocumentEntry> {
        self.documents.iter().find(|d| d.path == relative)
    }
}
