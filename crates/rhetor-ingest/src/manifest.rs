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
//!
//! [[source]]                   # how to read a file or a folder of files
//! path = "kcna.json"           # a file, a folder (every file under it), or a pattern ("*.json")
//! format = "json"              # text, markdown, json, jsonl, csv, tsv (default: by extension)
//! profile = "web"              # cleaning profile for its documents
//! fields = { text = "story_text", title = "headline", date = "date" }  # rhetor name = source field
//! set = { outlet = "KCNA" }    # constant metadata for every document of the source
//! drop = ["date_str"]          # source fields not kept as metadata (default: every other field kept)
//! date_unit = "ms"             # numeric dates: "ms" or "s" since 1970-01-01 UTC (default: ms)
//! metadata = "metadata.csv"    # a CSV table with a row of metadata per file of the folder …
//! key = "fileid"               # … found by this column, matched to the file's id
//! where = { language = ["en", "en-GB"] }  # keep only records whose field holds one of these
//! min_words = 50               # keep only records whose text has at least this many words
//! paragraph_separator = " || " # a literal the scraper put for each paragraph break
//! ```
//!
//! Records a filter leaves out are logged as drops (`record N: left out by `where.language``) and
//! counted in a warning per file; each record's separators become blank lines, logged once per
//! record.
//!
//! Paths are relative to the manifest's folder; a manifest given with `--manifest` (or `[ingest]
//! manifest`) describes the folder being ingested, so its paths are relative to that folder.
//! They stay inside it: an absolute path or one that climbs out with `..` is an error (a file
//! outside the folder is read only when given on the command line).
//! A file's *id* is its path relative to the `[[source]]` path (or to the folder), without extension.
//! Records of a JSON, JSONL or CSV file become documents `{file id}/{record number}` unless
//! `fields.id` names a field. Metadata precedence: `[[document]]`, then Markdown front matter, then
//! `fields` and `metadata` rows, then `set`.

use rhetor_config::{ConfigError, ConfigFile};
use rhetor_doc::Metadata;
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
            extra: self.extra.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }
}

/// One `[[source]]` entry: how the files under a path are read and what metadata they carry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// A file, a folder, or a pattern of file names (`*`, `?`; they do not match `/`).
    pub path: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub profile: Option<crate::Profile>,
    /// rhetor field (text, id, title, date, outlet, speaker, kind, or any other name) → source field.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub set: BTreeMap<String, String>,
    #[serde(default)]
    pub drop: Vec<String>,
    #[serde(default)]
    pub date_unit: Option<String>,
    #[serde(default)]
    pub metadata: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    /// Keep only the records whose fields (source names) hold one of the values given:
    /// `where = { language = "en" }` or `{ language = ["en", "en-GB"] }`.
    #[serde(default, rename = "where")]
    pub keep_where: BTreeMap<String, OneOrMany>,
    /// Keep only the records whose text has at least this many words (whitespace-separated).
    #[serde(default)]
    pub min_words: Option<usize>,
    /// A literal string that stands for a paragraph break in the texts (a scraper's flattened
    /// `<p>`s, e.g. `" || "`): each becomes a blank line, logged.
    #[serde(default)]
    pub paragraph_separator: Option<String>,
}

/// One value or a list of values.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn contains(&self, value: &str) -> bool {
        match self {
            OneOrMany::One(v) => v == value,
            OneOrMany::Many(vs) => vs.iter().any(|v| v == value),
        }
    }
}

impl SourceEntry {
    /// Whether the path is a pattern (`*` for any characters but `/`, `?` for one).
    pub fn is_pattern(&self) -> bool {
        self.path.contains(['*', '?'])
    }

    /// Whether `relative` (a file path relative to the manifest's folder) is under this source.
    pub fn covers(&self, relative: &str) -> bool {
        let p = self.path.trim_end_matches('/');
        if self.is_pattern() {
            return glob_match(p.as_bytes(), relative.as_bytes());
        }
        p.is_empty() || p == "." || relative == p || relative.strip_prefix(p).is_some_and(|r| r.starts_with('/'))
    }

    /// The file id of a covered path: relative to the source's path when it is a folder.
    pub fn file_id(&self, relative: &str) -> String {
        let p = self.path.trim_end_matches('/');
        let rest = if p.is_empty() || p == "." || self.is_pattern() {
            relative
        } else {
            relative.strip_prefix(p).and_then(|r| r.strip_prefix('/')).unwrap_or(relative)
        };
        strip_extension(rest)
    }

    /// The source field mapped to a rhetor field, or the default name.
    pub fn field<'a>(&'a self, name: &'a str) -> &'a str {
        self.fields.get(name).map_or(name, String::as_str)
    }
}

/// `*` matches any run of characters but `/`, `?` one character but `/`. Time in proportion to
/// the lengths' product, however many `*` the pattern holds (no backtracking).
fn glob_match(p: &[u8], s: &[u8]) -> bool {
    // By characters, so that `?` matches `é` (both are UTF-8 paths).
    let p: Vec<char> = String::from_utf8_lossy(p).chars().collect();
    let s: Vec<char> = String::from_utf8_lossy(s).chars().collect();
    // can[j]: the pattern read so far matches the first j characters of `s`.
    let mut can = vec![false; s.len() + 1];
    can[0] = true;
    for &c in &p {
        let mut next = vec![false; s.len() + 1];
        for j in 0..=s.len() {
            next[j] = match c {
                '*' => can[j] || (j > 0 && next[j - 1] && s[j - 1] != '/'),
                '?' => j > 0 && can[j - 1] && s[j - 1] != '/',
                _ => j > 0 && can[j - 1] && s[j - 1] == c,
            };
        }
        can = next;
    }
    can[s.len()]
}

/// A parsed `corpus.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(default)]
    pub corpus: CorpusInfo,
    #[serde(default, rename = "document")]
    pub documents: Vec<DocumentEntry>,
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceEntry>,
    /// The folder the manifest's paths are relative to (not read from the file).
    #[serde(skip)]
    pub base: std::path::PathBuf,
    /// Each `[[document]]` path's entry, by position.
    #[serde(skip)]
    by_path: rustc_hash::FxHashMap<String, usize>,
}

/// Whether a manifest path stays inside the manifest's folder: relative, with no `..` and no
/// drive or root.
fn stays_inside(path: &str) -> bool {
    use std::path::Component;
    !path.starts_with('/')
        && !path.starts_with('\\')
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

impl Manifest {
    /// Read and check `dir/corpus.toml`, if there is one: every listed file exists, dates are valid,
    /// paths are listed once. Errors name the file, line and key. For a shard (`split`), a listed
    /// file of another shard, and a source path, may be absent: its folder holds its own files.
    pub fn load(dir: &Path, split: Option<crate::Split>) -> Result<Option<(Manifest, ConfigFile)>, ConfigError> {
        let path = dir.join(MANIFEST);
        if !path.is_file() {
            return Ok(None);
        }
        Manifest::load_file(&path, dir, split).map(Some)
    }

    /// Read and check a manifest file whose paths are relative to `dir` (see [`Manifest::load`]).
    pub fn load_file(
        path: &Path,
        dir: &Path,
        split: Option<crate::Split>,
    ) -> Result<(Manifest, ConfigFile), ConfigError> {
        let mut file = ConfigFile::load(path)?;
        file.path = crate::display_path(path);
        let mut manifest: Manifest = file.section(&[])?;
        manifest.base = dir.to_path_buf();
        let locate = |needle: &str| file.text.find(needle);
        let outside = |p: &str, key: String| {
            let msg = format!(
                "`{p}` leads out of the manifest's folder {}: manifest paths stay inside it (give a file \
                 outside it on the command line)",
                crate::display_path(dir)
            );
            ConfigError::at(&file, locate(&format!("\"{p}\"")), key, msg)
        };
        for (i, s) in manifest.sources.iter().enumerate() {
            if !stays_inside(&s.path) {
                return Err(outside(&s.path, format!("source[{i}].path")));
            }
            if let Some(m) = s.metadata.as_deref().filter(|m| !stays_inside(m)) {
                return Err(outside(m, format!("source[{i}].metadata")));
            }
            let quoted = format!("\"{}\"", s.path);
            // A shard's folder holds its own files: it may lack a source's.
            let excused = split.is_some();
            if !s.is_pattern() && !dir.join(&s.path).exists() && !excused {
                let msg = format!("source path `{}` does not exist under {}", s.path, crate::display_path(dir));
                return Err(ConfigError::at(&file, locate(&quoted), format!("source[{i}].path"), msg));
            }
            if let Some(f) = s.format.as_deref().filter(|f| crate::formats::Format::parse(f).is_none()) {
                let msg = format!("unknown format `{f}` (text, markdown, json, jsonl, csv, tsv)");
                return Err(ConfigError::at(&file, locate(&format!("\"{f}\"")), format!("source[{i}].format"), msg));
            }
            if s.paragraph_separator.as_deref().is_some_and(|p| p.trim().is_empty()) {
                let msg = "a paragraph separator must hold more than whitespace";
                return Err(ConfigError::at(
                    &file,
                    locate("paragraph_separator"),
                    format!("source[{i}].paragraph_separator"),
                    msg,
                ));
            }
            if let Some(u) = s.date_unit.as_deref().filter(|u| !matches!(*u, "ms" | "s")) {
                let msg = format!("unknown date unit `{u}` (ms or s)");
                return Err(ConfigError::at(&file, locate(&format!("\"{u}\"")), format!("source[{i}].date_unit"), msg));
            }
            if let Some(m) = &s.metadata {
                // Through links too: the table must lie inside the folder.
                let inside = std::fs::canonicalize(dir).ok();
                let target = std::fs::canonicalize(dir.join(m)).ok();
                if let (Some(inside), Some(target)) = (&inside, &target) {
                    if !target.starts_with(inside) {
                        return Err(outside(m, format!("source[{i}].metadata")));
                    }
                }
                if !dir.join(m).is_file() {
                    let msg = format!("metadata table `{m}` does not exist");
                    return Err(ConfigError::at(
                        &file,
                        locate(&format!("\"{m}\"")),
                        format!("source[{i}].metadata"),
                        msg,
                    ));
                }
                if s.key.is_none() {
                    let msg = "a metadata table needs `key`, the column holding each file's id";
                    return Err(ConfigError::at(&file, locate(&format!("\"{m}\"")), format!("source[{i}].key"), msg));
                }
            }
        }
        for (i, d) in manifest.documents.iter().enumerate() {
            if !stays_inside(&d.path) {
                return Err(outside(&d.path, format!("document[{i}].path")));
            }
            let quoted = format!("\"{}\"", d.path);
            let others = split.is_some_and(|s| !s.owns(&crate::display_path(&dir.join(&d.path))));
            if !dir.join(&d.path).is_file() && !others {
                let msg = format!("listed file `{}` does not exist", d.path);
                return Err(ConfigError::at(&file, locate(&quoted), format!("document[{i}].path"), msg));
            }
            if *manifest.by_path.entry(d.path.clone()).or_insert(i) != i {
                let msg = format!("`{}` is listed twice", d.path);
                return Err(ConfigError::at(&file, file.text.rfind(&quoted), format!("document[{i}].path"), msg));
            }
            if let Some(date) = d.date.as_deref().filter(|d| !Metadata::valid_date(d)) {
                let msg = format!("`{date}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD");
                return Err(ConfigError::at(&file, locate(&format!("\"{date}\"")), format!("document[{i}].date"), msg));
            }
        }
        Ok((manifest, file))
    }

    /// The entry for a file, by its path relative to the manifest's folder.
    pub fn entry(&self, relative: &str) -> Option<&DocumentEntry> {
        self.by_path.get(relative).map(|&i| &self.documents[i])
    }

    /// The most specific `[[source]]` covering a file (by its path relative to the manifest's folder).
    pub fn source(&self, relative: &str) -> Option<&SourceEntry> {
        self.source_index(relative).map(|i| &self.sources[i])
    }

    /// The index in `sources` of [`Manifest::source`]'s entry (the last of the most specific).
    pub fn source_index(&self, relative: &str) -> Option<usize> {
        let covering = self.sources.iter().enumerate().filter(|(_, s)| s.covers(relative));
        covering.max_by_key(|(_, s)| s.path.trim_end_matches('/').len()).map(|(i, _)| i)
    }
}

/// A file's path relative to the folder read, without its extension: its document id by default.
pub(crate) fn strip_extension(rel: &str) -> String {
    match rel.rfind('.') {
        Some(dot) if !rel[dot..].contains('/') && dot > 0 => rel[..dot].to_string(),
        _ => rel.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_without_backtracking() {
        for (p, s, want) in [
            ("*.json", "a.json", true),
            ("*.json", "dir/a.json", false),
            ("data/*/x?.csv", "data/2021/x1.csv", true),
            ("data/*/x?.csv", "data/2021/x12.csv", false),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "aXbY/c", false),
            ("", "", true),
            ("*", "", true),
            ("?.txt", "é.txt", true),
            ("?.txt", "中.txt", true),
        ] {
            assert_eq!(glob_match(p.as_bytes(), s.as_bytes()), want, "{p} {s}");
        }
        // Forty stars against a long path that fails at its end: exponential for a backtracking
        // matcher, a few thousand steps here.
        let stars = "*a".repeat(40) + "b";
        assert!(!glob_match(stars.as_bytes(), "a".repeat(200).as_bytes()));
    }

    #[test]
    fn manifest_paths_that_leave_the_folder() {
        for p in ["a.txt", "dir/a.txt", "./a.txt", "*.json", "data/"] {
            assert!(stays_inside(p), "{p}");
        }
        for p in ["../a.txt", "dir/../../a.txt", "/etc/passwd", "\\\\server\\share"] {
            assert!(!stays_inside(p), "{p}");
        }
    }

    #[test]
    fn sources_cover_files_folders_and_patterns() {
        let e = |p: &str| SourceEntry { path: p.into(), ..SourceEntry::default() };
        assert!(e("speeches").covers("speeches/1790-a.txt"));
        assert!(!e("speeches").covers("speeches2/a.txt"));
        assert_eq!(e("speeches").file_id("speeches/sub/1790-a.txt"), "sub/1790-a");
        assert!(e("*.json").covers("kcna.json"));
        assert!(!e("*.json").covers("sub/kcna.json"));
        assert!(e("*/*.json").covers("sub/kcna.json"));
        assert!(e("k?na.json").covers("kcna.json"));
        assert_eq!(e("*.json").file_id("kcna.json"), "kcna");
        assert!(e(".").covers("a/b.txt"));
    }
}
