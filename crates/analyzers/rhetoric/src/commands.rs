//! What rhetor's own commands use of this analyzer, and nothing more: `rhetor dict convert` and
//! `rhetor dict check` (a dictionary file as rhetor's TOML; what its entries do on documents) and
//! `rhetor kwic` (the hits of one pattern or of one category of the configured dictionary, as
//! token spans). The CLI reads files and prints; the dictionary's structure stays in this crate.

use crate::dictionary::Dictionary;
use crate::import::{Format, import, toml_string};
use crate::matcher::Matcher;
use crate::pattern::{Atom, Slot};
use crate::{BUILTIN, BUILTIN_LABEL, RhetoricConfig};
use rhetor_analyzer::{ConfigError, ConfigFile};
use rhetor_doc::{Corpus, Document, Vocabulary};
use std::fmt::Write as _;
use std::path::Path;

/// A dictionary file that cannot be turned into rhetor's TOML.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryFileError {
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
    /// The file's extension names no format rhetor reads (a usage error).
    #[error("{path}: unknown dictionary format (.toml, .dic, .dicx, .lc3, .yml, .yaml, .cat)")]
    UnknownFormat { path: String },
    #[error("{path}:{line}: {message}")]
    Import { path: String, line: usize, message: String },
}

/// The dictionary file at `path` as rhetor's TOML (converted from LIWC, Lexicoder, quanteda YAML or
/// WordStat by its extension), and the path as shown in messages.
pub fn dictionary_toml(path: &Path) -> Result<(String, String), DictionaryFileError> {
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|source| DictionaryFileError::Read { path: shown.clone(), source })?;
    let format = Format::of_path(&shown).ok_or_else(|| DictionaryFileError::UnknownFormat { path: shown.clone() })?;
    if format == Format::Toml {
        return Ok((text, shown));
    }
    let imported = import(&text, format).map_err(|e| DictionaryFileError::Import {
        path: shown.clone(),
        line: e.line,
        message: e.message,
    })?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((imported.to_toml(&name), shown))
}

/// Each word a pattern's steps may match (the alternatives of a slot, flattened).
fn atoms(steps: &[crate::pattern::Step]) -> impl Iterator<Item = &Atom> {
    steps.iter().flat_map(|s| match &s.slot {
        Slot::One(a) => vec![a],
        Slot::Alt(alts) => alts.iter().flatten().collect(),
    })
}

/// `rhetor dict check`: the dictionary's size and warnings, entries in several categories, entries
/// that can never match; with a corpus, the entries that never match in it and the words each glob
/// matched.
pub fn check_report(file: &ConfigFile, corpus: Option<&Corpus>) -> Result<String, ConfigError> {
    let dict = Dictionary::parse(file)?;
    let mut out = String::new();
    let entries: usize = dict.categories.iter().map(|c| c.entries.len()).sum();
    let _ = writeln!(out, "{}: {} categories, {entries} entries", file.path, dict.categories.len());
    for w in &dict.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    // Entries listed in several categories (allowed: a token may count in several).
    let mut seen: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for c in &dict.categories {
        for e in &c.entries {
            seen.entry(e.text.as_str()).or_default().push(c.spec.id.as_str());
        }
    }
    for (e, cats) in seen.iter().filter(|(_, c)| c.len() > 1) {
        let _ = writeln!(out, "note: `{e}` is in {} categories: {}", cats.len(), cats.join(", "));
    }
    // Entries that can never match: a word with no letter or digit is never a word token.
    for c in &dict.categories {
        for e in &c.entries {
            let hopeless = e.pattern.steps.iter().any(|s| {
                atoms(std::slice::from_ref(s)).all(|a| match a {
                    Atom::Word { text, .. } => !text.chars().any(char::is_alphanumeric),
                    _ => false,
                })
            });
            if hopeless {
                let _ = writeln!(
                    out,
                    "warning: `{}` in `{}` can never match: a word with no letter or digit is never a word token",
                    e.text, c.spec.id
                );
            }
        }
    }
    if let Some(corpus) = corpus {
        corpus_report(&dict, corpus, &mut out);
    }
    Ok(out)
}

/// The part of [`check_report`] that reads documents.
fn corpus_report(dict: &Dictionary, corpus: &Corpus, out: &mut String) {
    let matcher = Matcher::new(dict.clone());
    let mut hits: Vec<Vec<u64>> = dict.categories.iter().map(|c| vec![0; c.entries.len()]).collect();
    for d in &corpus.documents {
        matcher.scan(d, &corpus.vocab, |h| hits[h.category][h.entry] += 1);
    }
    let _ = writeln!(out, "\nentries that never match in {} documents:", corpus.documents.len());
    for (ci, c) in dict.categories.iter().enumerate() {
        let never: Vec<&str> =
            c.entries.iter().enumerate().filter(|(ei, _)| hits[ci][*ei] == 0).map(|(_, e)| e.text.as_str()).collect();
        if !never.is_empty() {
            let _ = writeln!(out, "  {}: {}", c.spec.id, never.join(", "));
        }
    }
    let _ = writeln!(out, "\nwords each glob matched (so that `ir*` catching \"Ireland\" shows):");
    for c in &dict.categories {
        for e in &c.entries {
            let globs: Vec<&Atom> = atoms(&e.pattern.steps).filter(|a| matches!(a, Atom::Glob { .. })).collect();
            if globs.is_empty() {
                continue;
            }
            let mut words: Vec<&str> =
                corpus.vocab.iter().map(|(_, f)| f).filter(|f| globs.iter().any(|g| g.matches(f, f))).collect();
            words.sort_unstable();
            let more = words.len().saturating_sub(20);
            words.truncate(20);
            let tail = if more > 0 { format!(" … and {more} more") } else { String::new() };
            let list = if words.is_empty() { "(none)".to_string() } else { words.join(", ") };
            let _ = writeln!(out, "  {} `{}`: {list}{tail}", c.spec.id, e.text);
        }
    }
}

/// A pattern or category `rhetor kwic` cannot use (a usage error).
#[derive(Debug, thiserror::Error)]
pub enum ConcordanceError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("no category `{category}` in {path}; its categories: {ids}")]
    NoCategory { category: String, path: String, ids: String },
    #[error("an empty pattern: give a word, glob, phrase or @CATEGORY")]
    Empty,
    #[error("pattern `{pattern}`: {why}")]
    Pattern { pattern: String, why: String },
}

/// One pattern, or one category of a dictionary, compiled to find in documents (`rhetor kwic`).
#[derive(Debug)]
pub struct Concordance {
    matcher: Matcher,
    category: usize,
}

/// A hit of a [`Concordance`]: its tokens (first and last, inclusive), its sentence, and the
/// dictionary entry that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcordanceHit<'a> {
    pub first_token: usize,
    pub last_token: usize,
    pub sentence: usize,
    pub entry: &'a str,
}

impl Concordance {
    /// `@CATEGORY` or a pattern in the dictionary syntax (a word, glob, phrase with slots and
    /// gaps; quotes around it are dropped); a category is looked up in the dictionary of
    /// `config`'s `[analyzers.rhetoric]` (the built-in one when none is set).
    pub fn new(pattern: &str, config: &ConfigFile) -> Result<Concordance, ConcordanceError> {
        if let Some(category) = pattern.strip_prefix('@') {
            let rc: RhetoricConfig = config.section(&["analyzers", "rhetoric"])?;
            let file = if rc.dictionary.is_empty() {
                ConfigFile::new(BUILTIN_LABEL, BUILTIN)
            } else {
                ConfigFile::load(Path::new(&rc.dictionary))?
            };
            let dict = Dictionary::parse(&file)?;
            let index = dict.categories.iter().position(|c| c.spec.id == category).ok_or_else(|| {
                let ids: Vec<&str> = dict.categories.iter().map(|c| c.spec.id.as_str()).collect();
                ConcordanceError::NoCategory { category: category.into(), path: file.path.clone(), ids: ids.join(", ") }
            })?;
            // That category alone: hits are found category by category (leftmost-longest within
            // each), so the others' entries would only cost time.
            let mut dict = dict;
            let category = dict.categories.swap_remove(index);
            dict.categories = vec![category];
            return Ok(Concordance { matcher: Matcher::new(dict), category: 0 });
        }
        // A phrase may come quoted as in the help (`"great leader"`): the quotes are not part of it.
        let pattern = pattern.trim();
        let pattern = pattern.strip_prefix('"').and_then(|p| p.strip_suffix('"')).unwrap_or(pattern).trim();
        if pattern.is_empty() {
            return Err(ConcordanceError::Empty);
        }
        let toml = format!(
            "[dictionary]\nname = \"kwic\"\n\n[[category]]\nid = \"kwic\"\nentries = [{}]\n",
            toml_string(pattern)
        );
        // The pattern's own problem, without the place in the dictionary it is wrapped in.
        let dict = Dictionary::parse(&ConfigFile::new("PATTERN", toml)).map_err(|e| ConcordanceError::Pattern {
            pattern: pattern.into(),
            why: e.diagnostic().map_or_else(|| e.to_string(), |d| d.message.clone()),
        })?;
        Ok(Concordance { matcher: Matcher::new(dict), category: 0 })
    }

    /// Which forms of `vocab` may begin a hit (a mask by form id), to skip documents that have
    /// none; `None` when that cannot be known from forms (a case-sensitive glob or regex first).
    pub fn start_forms(&self, vocab: &Vocabulary) -> Option<Vec<bool>> {
        self.matcher.start_forms(vocab, self.category)
    }

    /// The hits in `doc`, in token order.
    pub fn hits(&self, doc: &Document, vocab: &Vocabulary) -> Vec<ConcordanceHit<'_>> {
        let mut hits = Vec::new();
        self.matcher.scan(doc, vocab, |h| {
            if h.category == self.category {
                hits.push(h);
            }
        });
        hits.sort_by_key(|h| (h.first_token, h.last_token));
        hits.into_iter()
            .map(|h| ConcordanceHit {
                first_token: h.first_token,
                last_token: h.last_token,
                sentence: h.sentence,
                entry: self.matcher.entry_text(h.category, h.entry),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_with_a_hit_has_a_start_form() {
        let config = ConfigFile::new("(test)", "");
        let texts = ["The imperialists threaten peace.", "Peace and friendship.", "Down with imperialism!"];
        let mut vocab = Vocabulary::default();
        let docs: Vec<Document> = texts
            .iter()
            .map(|t| {
                let source = std::sync::Arc::new(rhetor_doc::Source::new(String::new(), &[], String::new()));
                let offsets = rhetor_doc::OffsetMap::identity(0, t.len() as u32);
                let options = rhetor_doc::SegmentOptions::default();
                Document::build(String::new(), Default::default(), t.to_string(), source, offsets, &options, &mut vocab)
            })
            .collect();
        for (pattern, with_hits) in [("imperialis*", vec![0, 2]), ("peace", vec![0, 1]), ("@enemy.threat", vec![0, 2])]
        {
            let c = Concordance::new(pattern, &config).expect("pattern");
            let mask = c.start_forms(&vocab).expect("forms known");
            let has = |d: &Document| d.tokens.iter().any(|t| mask[t.form.0 as usize]);
            let hit: Vec<usize> = (0..docs.len()).filter(|&i| !c.hits(&docs[i], &vocab).is_empty()).collect();
            assert_eq!(hit, with_hits, "{pattern}");
            let candidates: Vec<usize> = (0..docs.len()).filter(|&i| has(&docs[i])).collect();
            assert!(hit.iter().all(|i| candidates.contains(i)), "{pattern}: {candidates:?}");
            assert!(candidates.len() < docs.len(), "{pattern}: the mask rules a document out");
        }
    }

    #[test]
    fn patterns_are_quoted_as_toml_strings() {
        for p in ["plain", "say \"no\"", "back\\slash", "tab\there", "ünï"] {
            let toml = format!("x = {}", toml_string(p));
            let v: std::collections::BTreeMap<String, String> = toml::from_str(&toml).expect("TOML");
            assert_eq!(v["x"], p);
        }
    }
}
