//! Readers for the word-list formats researchers have. Every error names the file and the line.
//!
//! | Kind | Format |
//! |---|---|
//! | AFINN | `word<TAB>integer` per line; entries may be several words |
//! | Bing (Hu & Liu) | a folder with `positive-words.txt` and `negative-words.txt` (one word per line, `;` comments), or a CSV `word,sentiment` (tidytext's `get_sentiments("bing")`) |
//! | NRC EmoLex | `word<TAB>emotion<TAB>0/1` (word-level file): `positive`/`negative` give the value, the eight emotions are counted |
//! | Lexicoder LSD2015 | `.lc3` (`+category` lines, then entries) or quanteda YAML (`category:` then `- entry` lines); `positive` and `neg_negative` count +1, `negative` and `neg_positive` −1; globs `abandon*` |
//! | rhetor dictionary | TOML with `[[category]]` tables whose `id` is `positive` or `negative` and whose `entries` are words, globs or phrases |

use crate::LexiconError;
use crate::wordlist::{EMOTIONS, WordList};
use std::path::Path;

/// A word-list format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Afinn,
    Bing,
    Nrc,
    Lsd,
    Dictionary,
}

impl Format {
    /// The format of a lexicon name (`afinn`, `bing`, `nrc`, `lsd`, `dictionary`).
    pub fn named(name: &str) -> Option<Format> {
        Some(match name {
            "afinn" => Format::Afinn,
            "bing" => Format::Bing,
            "nrc" => Format::Nrc,
            "lsd" => Format::Lsd,
            "dictionary" => Format::Dictionary,
            _ => return None,
        })
    }

    /// The format a file appears to be in: by extension, else (for `.txt`) by its first line.
    pub fn guess(path: &Path, text: &str) -> Option<Format> {
        if path.is_dir() {
            return Some(Format::Bing);
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "lc3" | "yml" | "yaml" => Some(Format::Lsd),
            "toml" => Some(Format::Dictionary),
            "csv" => Some(Format::Bing),
            _ => {
                let first = text.lines().find(|l| !l.trim().is_empty() && !l.starts_with(';'))?;
                match first.split('\t').count() {
                    3 => Some(Format::Nrc),
                    2 => Some(Format::Afinn),
                    _ => None,
                }
            }
        }
    }
}

fn read(path: &Path) -> Result<String, LexiconError> {
    let bytes = std::fs::read(path).map_err(|source| LexiconError::Io { path: path.display().to_string(), source })?;
    // Hu & Liu's lists are Latin-1 in places: read them without failing, other files strictly.
    let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    // A byte order mark is no part of the first entry.
    Ok(text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text))
}

/// Load a word list from a file (or, for Bing, a folder) in `format`.
pub fn load(path: &Path, format: Format) -> Result<WordList, LexiconError> {
    let shown = path.display().to_string();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("lexicon");
    match format {
        Format::Bing if path.is_dir() => {
            let mut list = WordList::new("bing");
            for (file, value) in [("positive-words.txt", 1.0), ("negative-words.txt", -1.0)] {
                let p = path.join(file);
                bing_list(&mut list, &read(&p)?, value);
            }
            Ok(list)
        }
        Format::Bing => bing_csv(&shown, &read(path)?),
        Format::Afinn => afinn(&shown, "afinn", &read(path)?),
        Format::Nrc => nrc(&shown, &read(path)?),
        Format::Lsd => lsd(&shown, &read(path)?),
        Format::Dictionary => dictionary(&shown, stem, &read(path)?),
    }
}

/// AFINN: `word<TAB>integer`.
pub fn afinn(path: &str, name: &str, text: &str) -> Result<WordList, LexiconError> {
    let mut list = WordList::new(name);
    for (word, value) in crate::afinn::entries(path, text)? {
        list.add(word, value as f64, 0);
    }
    Ok(list)
}

fn bing_list(list: &mut WordList, text: &str, value: f64) {
    for line in text.lines() {
        let w = line.trim();
        if !w.is_empty() && !w.starts_with(';') {
            list.add(w, value, 0);
        }
    }
}

/// Bing as CSV: `word,sentiment` with `positive`/`negative` (a header line is skipped).
fn bing_csv(path: &str, text: &str) -> Result<WordList, LexiconError> {
    let mut list = WordList::new("bing");
    for (i, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split(',').map(|f| f.trim().trim_matches('"')).collect();
        match fields.as_slice() {
            [] | [""] => {}
            ["word", "sentiment"] if i == 0 => {}
            [word, "positive"] => list.add(word, 1.0, 0),
            [word, "negative"] => list.add(word, -1.0, 0),
            _ => return Err(LexiconError::line(path, i + 1, "expected `word,positive` or `word,negative`")),
        }
    }
    Ok(list)
}

/// NRC EmoLex word-level: `word<TAB>emotion<TAB>0/1`.
fn nrc(path: &str, text: &str) -> Result<WordList, LexiconError> {
    let mut list = WordList::new("nrc");
    list.has_emotions = true;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |m: &str| LexiconError::line(path, i + 1, m.to_string());
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [word, emotion, flag] = f.as_slice() else { return Err(bad("expected `word<TAB>emotion<TAB>0/1`")) };
        let on = match *flag {
            "1" => true,
            "0" => false,
            other => return Err(bad(&format!("association `{other}` is not 0 or 1"))),
        };
        let (value, emotions) = match *emotion {
            "positive" => (1.0, 0),
            "negative" => (-1.0, 0),
            e => match EMOTIONS.iter().position(|x| x == &e) {
                Some(k) => (0.0, 1u8 << k),
                None => return Err(bad(&format!("unknown emotion `{e}`"))),
            },
        };
        if on {
            list.add(word, value, emotions);
        }
    }
    Ok(list)
}

/// The value of an LSD category, or `None` for a category to skip.
fn lsd_value(category: &str) -> Option<f64> {
    match category {
        "positive" | "neg_negative" => Some(1.0),
        "negative" | "neg_positive" => Some(-1.0),
        _ => None,
    }
}

/// Lexicoder `.lc3` or quanteda YAML.
fn lsd(path: &str, text: &str) -> Result<WordList, LexiconError> {
    let mut list = WordList::new("lsd");
    let mut value: Option<f64> = None;
    let mut seen_category = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t == "---" {
            continue;
        }
        let category = t.strip_prefix('+').or_else(|| t.strip_suffix(':').filter(|_| !line.starts_with([' ', '\t'])));
        if let Some(c) = category {
            value = lsd_value(c.trim().trim_matches(['"', '\'']).to_lowercase().as_str());
            seen_category = true;
            continue;
        }
        if !seen_category {
            return Err(LexiconError::line(path, i + 1, "entry before any category (`+positive` or `positive:`)"));
        }
        let entry = t.strip_prefix("- ").unwrap_or(t).trim().trim_matches(['"', '\'']);
        if let Some(v) = value {
            list.add(entry, v, 0);
        }
    }
    Ok(list)
}

/// A rhetor dictionary's `positive` and `negative` categories.
fn dictionary(path: &str, name: &str, text: &str) -> Result<WordList, LexiconError> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        category: Vec<Category>,
    }
    #[derive(serde::Deserialize)]
    struct Category {
        id: String,
        #[serde(default)]
        entries: Vec<String>,
    }
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        LexiconError::Invalid { path: path.to_string(), line, message: e.message().to_string() }
    })?;
    let mut list = WordList::new(name);
    let mut found = false;
    for c in &file.category {
        let value = match c.id.as_str() {
            "positive" => 1.0,
            "negative" => -1.0,
            _ => continue,
        };
        found = true;
        for e in &c.entries {
            list.add(e, value, 0);
        }
    }
    if !found {
        return Err(LexiconError::Invalid {
            path: path.to_string(),
            line: None,
            message: "no category with id `positive` or `negative`".into(),
        });
    }
    Ok(list)
}

#[cfg(test)]
mod tests;
