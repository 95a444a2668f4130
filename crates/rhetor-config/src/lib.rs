//! A config file and its diagnostics: any table of a TOML file deserialized straight from the
//! original text, so that every error names the file, the line and column, and the dotted key.
//! Unknown keys and wrong types are errors. rhetor's file has `[run]`, `[ingest]` and
//! `[analyzers.<id>]` sections: ingest reads `[ingest]`, the engine `[run]` and each analyzer its own.
//!
//! Architecture Invariant: knows no section; the crates that read one define its type.

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

/// A configuration error. Displays as `file:line:column: key `a.b`: message`.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Invalid(Box<Diagnostic>),
}

/// Where and what is wrong in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    /// 1-based line and column, when the error has a place in the file.
    pub line: Option<(u32, u32)>,
    /// Dotted key, e.g. `analyzers.text-stats.evidence_sentences`; empty for the whole file.
    pub key: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some((line, col)) = self.line {
            write!(f, ":{line}:{col}")?;
        }
        if !self.key.is_empty() {
            write!(f, ": key `{}`", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ConfigError {
    /// An error at a key, located at byte `offset` of `file` when known.
    pub fn at(file: &ConfigFile, offset: Option<usize>, key: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError::Invalid(Box::new(Diagnostic {
            path: file.path.clone(),
            line: offset.map(|o| file.line_column(o)),
            key: key.into(),
            message: message.into(),
        }))
    }

    /// The diagnostic, for errors that have one.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            ConfigError::Invalid(d) => Some(d),
            ConfigError::Io { .. } => None,
        }
    }
}

/// A config file's path and text.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: String,
    pub text: String,
}

impl ConfigFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        ConfigFile { path: path.into(), text: text.into() }
    }

    /// Read a config file. A file that is not UTF-8 is an error naming the byte offset.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ConfigError::Io { path: shown.clone(), source })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(ConfigFile { path: shown, text }),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let file = ConfigFile { path: shown, text: String::from_utf8_lossy(e.as_bytes()).into_owned() };
                Err(ConfigError::at(&file, Some(at), "", format!("invalid UTF-8 at byte {at}")))
            }
        }
    }

    /// The byte offset of the key at `path` (e.g. `["analyzers", "repetition", "min_n"]`), when
    /// the file sets it.
    pub fn key_offset(&self, path: &[&str]) -> Option<usize> {
        let doc = toml::de::DeTable::parse(&self.text).ok()?;
        let mut table = doc.get_ref();
        let (last, parents) = path.split_last()?;
        for key in parents {
            match table.get(*key).map(toml::Spanned::get_ref) {
                Some(toml::de::DeValue::Table(t)) => table = t,
                _ => return None,
            }
        }
        table.get_key_value(*last).map(|(k, _)| k.span().start)
    }

    /// An error at the key `path` of this file: its line when the file sets it.
    pub fn invalid(&self, path: &[&str], message: impl Into<String>) -> ConfigError {
        ConfigError::at(self, self.key_offset(path), path.join("."), message)
    }

    /// Check that the value of the key at `path` lies in `min..=max` (a NaN never does).
    pub fn check_range<T: PartialOrd + fmt::Display + Copy>(
        &self,
        path: &[&str],
        value: T,
        min: T,
        max: T,
    ) -> Result<(), ConfigError> {
        if min <= value && value <= max {
            Ok(())
        } else {
            Err(self.invalid(path, format!("{value} is out of range: allowed {min} to {max}")))
        }
    }

    fn line_column(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        (line as u32, column as u32)
    }

    /// Deserialize the table at `path` (e.g. `["analyzers", "text-stats"]`; `[]` for the whole file)
    /// into `T`. A missing table deserializes from an empty one, so `T`'s defaults apply.
    pub fn section<T: DeserializeOwned>(&self, path: &[&str]) -> Result<T, ConfigError> {
        let de = toml::Deserializer::parse(&self.text).map_err(|e| self.toml_error(&e, String::new()))?;
        let mut track = serde_path_to_error::Track::new();
        let wrapped = serde_path_to_error::Deserializer::new(de, &mut track);
        let found = Pick::<T> { path, marker: PhantomData }.deserialize(wrapped);
        match found {
            Ok(Some(value)) => Ok(value),
            Ok(None) => {
                let empty = toml::Deserializer::parse("").map_err(|e| self.toml_error(&e, String::new()))?;
                T::deserialize(empty).map_err(|e| self.toml_error(&e, path.join(".")))
            }
            Err(e) => {
                let key = track.path().to_string();
                Err(self.toml_error(&e, key))
            }
        }
    }

    fn toml_error(&self, e: &toml::de::Error, mut key: String) -> ConfigError {
        let message = e.message().trim().to_string();
        // serde reports an unknown field at its parent: name the field itself.
        if let Some(rest) = message.strip_prefix("unknown field `") {
            if let Some(field) = rest.split('`').next() {
                if key == "." || key.is_empty() {
                    key = field.to_string();
                } else if !key.ends_with(&format!(".{field}")) && key != field {
                    key = format!("{key}.{field}");
                }
            }
        }
        if key == "." {
            key.clear();
        }
        ConfigError::at(self, e.span().map(|s| s.start), key, message)
    }
}

/// Deserializes the value at a path of table keys, ignoring everything else.
struct Pick<'p, T> {
    path: &'p [&'p str],
    marker: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Pick<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        if self.path.is_empty() {
            return T::deserialize(d).map(Some);
        }
        d.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Pick<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a table `{}`", self.path[0])
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.path[0] && found.is_none() {
                found = map.next_value_seed(Pick::<T> { path: &self.path[1..], marker: PhantomData })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}
