//! `rhetor dict convert` and `rhetor dict check`: dictionaries of the `rhetoric` analyzer in the
//! formats researchers have, and what a dictionary's entries do on real documents.

use crate::Failure;
use crate::args::DictCommand;
use crate::output::print;
use anyhow::anyhow;
use rhetor_engine::ConfigFile;
use rhetor_ingest::IngestOptions;
use rhetor_rhetoric::dictionary::Dictionary;
use rhetor_rhetoric::import::{self, Format};
use rhetor_rhetoric::matcher::Matcher;
use rhetor_rhetoric::pattern::{Atom, Slot};
use std::fmt::Write as _;
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
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Analysis(anyhow!("{shown}: {e}")))?;
    let format = Format::of_path(&shown).ok_or_else(|| {
        Failure::Usage(anyhow!("{shown}: unknown dictionary format (.toml, .dic, .dicx, .lc3, .yml, .yaml, .cat)"))
    })?;
    if format == Format::Toml {
        return Ok((text, shown));
    }
    let imported =
        import::import(&text, format).map_err(|e| Failure::Analysis(anyhow!("{shown}:{}: {}", e.line, e.message)))?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((imported.to_toml(&name), shown))
}

fn check(path: &Path, paths: &[std::path::PathBuf]) -> Result<(), Failure> {
    let (toml, shown) = to_toml(path)?;
    let file = ConfigFile::new(shown.clone(), toml);
    let dict = Dictionary::parse(&file).map_err(|e| Failure::Analysis(e.into()))?;
    let mut out = String::new();
    let entries: usize = dict.categories.iter().map(|c| c.entries.len()).sum();
    let _ = writeln!(out, "{shown}: {} categories, {entries} entries", dict.categories.len());
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
                let words: Vec<&Atom> = match &s.slot {
                    Slot::One(a) => vec![a],
                    Slot::Alt(alts) => alts.iter().flatten().collect(),
                };
                words.iter().all(|a| match a {
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
    if !paths.is_empty() {
        let ingested =
            rhetor_ingest::ingest(paths, &IngestOptions::default()).map_err(|e| Failure::Analysis(e.into()))?;
        let corpus = &ingested.corpus;
        let matcher = Matcher::new(dict.clone());
        let mut hits: Vec<Vec<u64>> = dict.categories.iter().map(|c| vec![0; c.entries.len()]).collect();
        for d in &corpus.documents {
            matcher.scan(d, &corpus.vocab, |h| hits[h.category][h.entry] += 1);
        }
        let _ = writeln!(out, "\nentries that never match in {} documents:", corpus.documents.len());
        for (ci, c) in dict.categories.iter().enumerate() {
            let never: Vec<&str> = c
                .entries
                .iter()
                .enumerate()
                .filter(|(ei, _)| hits[ci][*ei] == 0)
                .map(|(_, e)| e.text.as_str())
                .collect();
            if !never.is_empty() {
                let _ = writeln!(out, "  {}: {}", c.spec.id, never.join(", "));
            }
        }
        let _ = writeln!(out, "\nwords each glob matched (so that `ir*` catching \"Ireland\" shows):");
        for c in &dict.categories {
            for e in &c.entries {
                let globs: Vec<&Atom> = e
                    .pattern
                    .steps
                    .iter()
                    .flat_map(|s| match &s.slot {
                        Slot::One(a) => vec![a],
                        Slot::Alt(alts) => alts.iter().flatten().collect(),
                    })
                    .filter(|a| matches!(a, Atom::Glob { .. }))
                    .collect();
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
    print(&out).map_err(Failure::Analysis)
}
