//! The dictionary: categories of entries, word-class macros and the negation rule, read from the
//! native TOML format (documented in `config/dictionaries/README.md`).
//!
//! ```toml
//! [dictionary]
//! name = "political-rhetoric"
//!
//! [macros]
//! WE = ["we", "our", "us", "ourselves"]
//! MUST = ["must", "should", "have to", "need to"]
//!
//! [negation]
//! negators = ["not", "no", "never", "n't"]
//! before = 3
//! after = 0
//!
//! [[category]]
//! id = "obligation"
//! label = "Obligation and exhortation"
//! definition = "…"
//! entries = ["must", "it is necessary", "!WE {0,2} !MUST", { pattern = "WPK", case_sensitive = true }]
//! ```
//!
//! Every error names the file, the line and the entry (`category[3].entries[7]`).

use crate::pattern::{self, Pattern};
use rhetor_analyzer::{ConfigError, ConfigFile};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The analyzer's own metric names, beside which each category's rate is a metric named by its id:
/// a category may not take one (a document's metrics are an object keyed by name), nor
/// `evidence_count`, the name of the analyzer's evidence count in `results.json`'s documents table.
pub const RESERVED_IDS: [&str; 4] = ["words", "hits", "coverage", "evidence_count"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// Entries match case-sensitively unless they say otherwise (default: case-insensitive).
    #[serde(default)]
    pub case_sensitive: bool,
}

/// The negation rule: a hit is negated when a negator stands within `before` words before it or
/// `after` words after it, in the same clause (clause punctuation and sentence ends stop the look),
/// unless the negator is part of one of the `ignore` phrases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Negation {
    /// Negating words; `n't` stands for any word ending in "n't" ("don't", "can't").
    pub negators: Vec<String>,
    pub before: usize,
    pub after: usize,
    /// Phrases in which a negator does not negate ("not only", "without fail").
    pub ignore: Vec<String>,
}

impl Default for Negation {
    fn default() -> Self {
        Negation { negators: Vec::new(), before: 3, after: 0, ignore: Vec::new() }
    }
}

/// An entry as written: a pattern string, or a table for a case-sensitive pattern or a regex.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum EntrySpec {
    Plain(String),
    Table(EntryTable),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryTable {
    #[serde(default)]
    pub pattern: Option<String>,
    /// A regular expression over one token's text (anchor it with `^…$` to match whole tokens).
    #[serde(default)]
    pub regex: Option<String>,
    #[serde(default)]
    pub case_sensitive: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategorySpec {
    pub id: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub include: String,
    #[serde(default)]
    pub exclude: String,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub entries: Vec<EntrySpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    dictionary: Header,
    #[serde(default)]
    macros: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    negation: Option<Negation>,
    #[serde(default, rename = "category")]
    categories: Vec<CategorySpec>,
}

/// One entry, parsed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// As written in the dictionary (shown in the top-entries table).
    pub text: String,
    pub pattern: Pattern,
}

/// A category and its entries.
#[derive(Debug, Clone)]
pub struct Category {
    pub spec: CategorySpec,
    pub entries: Vec<Entry>,
}

/// A parsed dictionary.
#[derive(Debug, Clone)]
pub struct Dictionary {
    pub header: Header,
    pub negation: Option<Negation>,
    pub categories: Vec<Category>,
    /// Warnings that do not stop a run (an empty category).
    pub warnings: Vec<String>,
}

impl Dictionary {
    /// Parse a dictionary file. Errors name the file, line and entry.
    pub fn parse(file: &ConfigFile) -> Result<Dictionary, ConfigError> {
        let raw: File = file.section(&[])?;
        // Locate a quoted string in the file, for error positions.
        let locate = |s: &str| file.text.find(&format!("\"{s}\""));
        let mut macros = BTreeMap::new();
        for (name, alts) in &raw.macros {
            let mut parsed = Vec::new();
            for (k, alt) in alts.iter().enumerate() {
                let p = pattern::parse_sequence(alt, raw.dictionary.case_sensitive)
                    .map_err(|m| ConfigError::at(file, locate(alt), format!("macros.{name}[{k}]"), m))?;
                parsed.push(p);
            }
            macros.insert(name.clone(), parsed);
        }
        let mut categories = Vec::new();
        let mut warnings = Vec::new();
        // Category ids and each category's entry texts, by first position: a dictionary of 100,000
        // entries is checked in time in proportion to its size.
        let mut ids: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        let mut texts: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        for (ci, spec) in raw.categories.iter().enumerate() {
            if spec.id.trim().is_empty() || spec.id.contains(char::is_whitespace) {
                let msg = format!("category id `{}` must be a non-empty word (dots allowed)", spec.id);
                return Err(ConfigError::at(file, locate(&spec.id), format!("category[{ci}].id"), msg));
            }
            if RESERVED_IDS.contains(&spec.id.as_str()) {
                let msg = format!(
                    "category id `{}` is the name of one of the analyzer's own metrics ({}): rename the category",
                    spec.id,
                    RESERVED_IDS.join(", ")
                );
                return Err(ConfigError::at(file, locate(&spec.id), format!("category[{ci}].id"), msg));
            }
            if let Some(&first) = ids.get(spec.id.as_str()) {
                let msg = format!("category `{}` is defined twice (first as category[{first}])", spec.id);
                return Err(ConfigError::at(
                    file,
                    file.text.rfind(&format!("\"{}\"", spec.id)),
                    format!("category[{ci}].id"),
                    msg,
                ));
            }
            ids.insert(&spec.id, ci);
            texts.clear();
            let mut entries: Vec<Entry> = Vec::new();
            for (ei, e) in spec.entries.iter().enumerate() {
                let key = format!("category[{ci}].entries[{ei}]");
                let (text, parsed) = match e {
                    EntrySpec::Plain(s) => (s.clone(), pattern::parse(s, raw.dictionary.case_sensitive, &macros)),
                    EntrySpec::Table(t) => {
                        let case = t.case_sensitive.unwrap_or(raw.dictionary.case_sensitive);
                        match (&t.pattern, &t.regex) {
                            (Some(p), None) => (p.clone(), pattern::parse(p, case, &macros)),
                            (None, Some(r)) => (format!("/{r}/"), pattern::regex(r, case)),
                            _ => {
                                (String::new(), Err("an entry table needs exactly one of `pattern` and `regex`".into()))
                            }
                        }
                    }
                };
                let shown = if text.is_empty() { String::new() } else { text.trim_matches('/').to_string() };
                let pattern = parsed.map_err(|m| ConfigError::at(file, locate(&shown), key.clone(), m))?;
                if let Some(&first) = texts.get(&text) {
                    let msg = format!("entry `{text}` is listed twice in `{}` (first as entries[{first}])", spec.id);
                    return Err(ConfigError::at(file, file.text.rfind(&format!("\"{text}\"")), key, msg));
                }
                texts.insert(text.clone(), entries.len());
                entries.push(Entry { text, pattern });
            }
            if entries.is_empty() {
                warnings.push(format!("{}: category `{}` has no entries", file.path, spec.id));
            }
            categories.push(Category { spec: spec.clone(), entries });
        }
        Ok(Dictionary { header: raw.dictionary, negation: raw.negation, categories, warnings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Dictionary, String> {
        Dictionary::parse(&ConfigFile::new("d.toml", text)).map_err(|e| e.to_string())
    }

    #[test]
    fn errors_name_file_line_and_entry() {
        let e = parse("[[category]]\nid = \"a\"\nentries = [\"ok\", \"bad {2,1} gap\"]\n").err().unwrap_or_default();
        assert!(e.starts_with("d.toml:3:"), "{e}");
        assert!(e.contains("category[0].entries[1]"), "{e}");
        let e = parse("[[category]]\nid = \"a\"\nentries = [{ regex = \"(\" }]\n").err().unwrap_or_default();
        assert!(e.contains("category[0].entries[0]") && e.contains("regex"), "{e}");
        let e = parse("[[category]]\nid = \"a\"\nentries = [\"!NOPE must\"]\n").err().unwrap_or_default();
        assert!(e.contains("unknown macro `!NOPE`"), "{e}");
        let e = parse("[[category]]\nid = \"a\"\n[[category]]\nid = \"a\"\n").err().unwrap_or_default();
        assert!(e.starts_with("d.toml:4:") && e.contains("defined twice"), "{e}");
        let e = parse("[[category]]\nid = \"a\"\nentries = [\"x\", \"x\"]\n").err().unwrap_or_default();
        assert!(e.contains("listed twice"), "{e}");
        let e = parse("[dictionary]\nnmae = \"x\"\n").err().unwrap_or_default();
        assert!(e.contains("nmae"), "{e}");
        // A category may not take the name of the analyzer's own metrics.
        for id in RESERVED_IDS {
            let e =
                parse(&format!("[[category]]\nid = \"a\"\n[[category]]\nid = \"{id}\"\n")).err().unwrap_or_default();
            assert!(e.starts_with("d.toml:4:") && e.contains("own metrics"), "{e}");
        }
    }

    #[test]
    fn an_empty_category_warns() {
        let d = parse("[[category]]\nid = \"empty\"\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.warnings, ["d.toml: category `empty` has no entries"]);
    }
}
