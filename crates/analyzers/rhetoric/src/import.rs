//! Importers: dictionaries in the formats researchers already have, turned into rhetor's native
//! TOML (then read like any native dictionary, so there is one matching path).
//!
//! - LIWC `.dic` (2001, 2007 and 2015 layouts): a `%`-delimited header of `number<TAB>name`, then
//!   `entry<TAB>numbers…`; trailing `*` is a glob as in rhetor. LIWC 2015's conditional codes
//!   (`(02 134)125/464`) are read as their plain category (the condition is dropped and listed).
//! - LIWC-22 `.dicx`: CSV with a `DicTerm` column and one column per category, `X` where an entry
//!   belongs.
//! - Lexicoder `.lc3`: `+category` lines, each followed by its entries, one a line.
//! - quanteda YAML: nested keys, each category's entries as a `- item` list or `[a, b]`; nested keys
//!   become dotted ids (`economy.positive`).
//! - WordStat `.cat`: unindented category lines, indented `ENTRY (1)` lines; `_` joins phrase words.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A dictionary format rhetor can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Liwc,
    Liwc22,
    Lexicoder,
    Yaml,
    WordStat,
    Toml,
}

impl Format {
    /// By file extension: `.dic`, `.dicx`, `.lc3`, `.yml`/`.yaml`, `.cat`, `.toml`.
    pub fn of_path(path: &str) -> Option<Format> {
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "dic" => Format::Liwc,
            "dicx" => Format::Liwc22,
            "lc3" => Format::Lexicoder,
            "yml" | "yaml" => Format::Yaml,
            "cat" => Format::WordStat,
            "toml" => Format::Toml,
            _ => return None,
        })
    }
}

/// Categories in order, each with its entries in order; notes on what was dropped.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    pub categories: Vec<(String, Vec<String>)>,
    pub notes: Vec<String>,
    /// Each category's position, and each (category, entry) seen: imports stay linear in size.
    seen_categories: rustc_hash::FxHashMap<String, usize>,
    seen_entries: rustc_hash::FxHashSet<(usize, String)>,
}

/// A TOML basic string: `\\`, `"` and every control character escaped (TOML allows none raw
/// but the tab), so that whatever an imported file holds, the TOML written reads back.
pub(crate) fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Imported {
    fn add(&mut self, category: &str, entry: &str) {
        let entry = entry.trim();
        if entry.is_empty() {
            return;
        }
        let i = match self.seen_categories.get(category) {
            Some(&i) => i,
            None => {
                self.categories.push((category.to_string(), Vec::new()));
                self.seen_categories.insert(category.to_string(), self.categories.len() - 1);
                self.categories.len() - 1
            }
        };
        if self.seen_entries.insert((i, entry.to_string())) {
            self.categories[i].1.push(entry.to_string());
        }
    }

    /// The dictionary in rhetor's TOML format.
    pub fn to_toml(&self, name: &str) -> String {
        let q = toml_string;
        let mut out = String::new();
        let _ = writeln!(out, "# Imported by `rhetor dict convert`.");
        for n in &self.notes {
            let _ = writeln!(out, "# note: {n}");
        }
        let _ = writeln!(out, "\n[dictionary]\nname = {}\n", q(name));
        for (id, entries) in &self.categories {
            let id: String = id.chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect();
            let list: Vec<String> = entries.iter().map(|e| q(e)).collect();
            let _ = writeln!(out, "[[category]]\nid = {}\nentries = [{}]\n", q(&id), list.join(", "));
        }
        out
    }
}

/// An import error: the line (1-based) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> ImportError {
    ImportError { line, message: message.into() }
}

/// Read a dictionary in `format`.
pub fn import(text: &str, format: Format) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let imported = match format {
        Format::Liwc => liwc(text),
        Format::Liwc22 => liwc22(text),
        Format::Lexicoder => lexicoder(text),
        Format::Yaml => yaml(text),
        Format::WordStat => wordstat(text),
        Format::Toml => Err(err(1, "already rhetor's TOML format")),
    }?;
    if imported.categories.iter().any(|(name, _)| name.trim().is_empty()) {
        return Err(err(1, "a category without a name"));
    }
    // A file that parses to nothing is not a dictionary of this format: never an empty import.
    if imported.categories.iter().all(|(_, entries)| entries.is_empty()) {
        return Err(err(text.lines().count().max(1), "no entries found: is this a dictionary of this format?"));
    }
    Ok(imported)
}

fn liwc(text: &str) -> Result<Imported, ImportError> {
    let mut out = Imported::default();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut marks = 0;
    let mut dropped = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim() == "%" {
            marks += 1;
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        match marks {
            0 => return Err(err(n + 1, "a LIWC dictionary starts with a `%` line")),
            1 => {
                let mut parts = line.split_whitespace();
                let (Some(num), Some(name)) = (parts.next(), parts.next()) else {
                    return Err(err(n + 1, "a category line is `number<TAB>name`"));
                };
                names.insert(num.to_string(), name.to_string());
            }
            _ => {
                // The entry is everything before the first category code (LIWC 2015 allows phrases);
                // conditions in parentheses are dropped: `(02 134)125/464` reads as 125.
                let (line, conditions) = strip_parens(line);
                dropped += conditions;
                let fields: Vec<&str> = line.split('\t').filter(|f| !f.trim().is_empty()).collect();
                let (entry, codes): (String, Vec<&str>) = if fields.len() >= 2 {
                    (fields[0].trim().to_string(), fields[1..].iter().flat_map(|f| f.split_whitespace()).collect())
                } else {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    let k =
                        words.iter().position(|w| w.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(words.len());
                    (words[..k].join(" "), words[k..].to_vec())
                };
                for code in codes {
                    let plain = code.split('/').next().unwrap_or("");
                    if plain.is_empty() {
                        continue;
                    }
                    let Some(name) = names.get(plain) else {
                        return Err(err(n + 1, format!("category code `{plain}` is not in the header")));
                    };
                    out.add(name, &entry);
                }
            }
        }
    }
    if marks < 2 {
        return Err(err(text.lines().count().max(1), "the header's closing `%` line is missing"));
    }
    if dropped > 0 {
        out.notes.push(format!("{dropped} conditional LIWC codes read as their plain category"));
    }
    Ok(out)
}

/// A line without its parenthesized groups, and how many there were.
fn strip_parens(line: &str) -> (String, usize) {
    let mut out = String::with_capacity(line.len());
    let (mut depth, mut groups) = (0usize, 0usize);
    for c in line.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth == 1 {
                    groups += 1;
                }
            }
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    (out, groups)
}

/// One CSV line's fields (quotes allowed, no line breaks inside fields).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn liwc22(text: &str) -> Result<Imported, ImportError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else { return Err(err(1, "an empty .dicx file")) };
    let names = csv_fields(header);
    if names.first().map(|s| s.trim()) != Some("DicTerm") {
        return Err(err(1, "a LIWC-22 .dicx file starts with a `DicTerm` column"));
    }
    let mut out = Imported::default();
    for (n, line) in lines {
        let f = csv_fields(line);
        if f.len() > names.len() {
            return Err(err(n + 1, format!("{} fields, the header has {}", f.len(), names.len())));
        }
        for (k, mark) in f.iter().enumerate().skip(1) {
            if !mark.trim().is_empty() {
                out.add(names[k].trim(), &f[0]);
            }
        }
    }
    Ok(out)
}

fn lexicoder(text: &str) -> Result<Imported, ImportError> {
    let mut out = Imported::default();
    let mut current: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(cat) = line.strip_prefix('+') {
            if cat.trim().is_empty() {
                return Err(err(n + 1, "a `+category` line without a name"));
            }
            current = Some(cat.trim().to_string());
        } else {
            let Some(cat) = &current else { return Err(err(n + 1, "an entry before any `+category` line")) };
            out.add(cat, line);
        }
    }
    Ok(out)
}

/// Whether a value opens a quote it does not close.
fn unclosed_quote(s: &str) -> bool {
    let s = s.trim();
    let opens = |q: char| s.starts_with(q) && (s.len() < 2 || !s.ends_with(q));
    opens('"') || opens('\'')
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(s)
}

fn yaml(text: &str) -> Result<Imported, ImportError> {
    let mut out = Imported::default();
    // The key path by indentation.
    let mut path: Vec<(usize, String)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or("").trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') || line.trim() == "---" {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        if line[..indent].contains('\t') {
            return Err(err(n + 1, "a tab in the indentation (YAML indents with spaces)"));
        }
        if let Some(item) = body.strip_prefix("- ").or_else(|| (body == "-").then_some("")) {
            let Some((_, _)) = path.last() else { return Err(err(n + 1, "a list item outside any key")) };
            if unclosed_quote(item) {
                return Err(err(n + 1, "a quoted entry without its closing quote"));
            }
            let id: Vec<&str> = path.iter().map(|(_, k)| k.as_str()).collect();
            out.add(&id.join("."), unquote(item));
            continue;
        }
        let Some((key, rest)) = body.split_once(':') else {
            return Err(err(n + 1, "a line must be `key:`, `key: [a, b]` or `- entry`"));
        };
        while path.last().is_some_and(|(i, _)| *i >= indent) {
            path.pop();
        }
        path.push((indent, unquote(key).to_string()));
        let rest = rest.trim();
        if let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            let id: Vec<&str> = path.iter().map(|(_, k)| k.as_str()).collect();
            if inner.contains(['[', ']', '{', '}']) || inner.split(',').any(unclosed_quote) {
                return Err(err(n + 1, "a list must be `[a, b, \"c d\"]`: brackets or quotes do not match"));
            }
            for item in inner.split(',') {
                out.add(&id.join("."), unquote(item));
            }
        } else if !rest.is_empty() {
            return Err(err(n + 1, "a key's value must be a list"));
        }
    }
    Ok(out)
}

fn wordstat(text: &str) -> Result<Imported, ImportError> {
    let mut out = Imported::default();
    let mut path: Vec<(usize, String)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        // An entry has a weight in parentheses: `GOOD (1)`; a category line has none.
        if let Some(open) = body.rfind(" (").filter(|_| body.ends_with(')')) {
            let Some((_, _)) = path.last() else { return Err(err(n + 1, "an entry before any category")) };
            let id: Vec<&str> = path.iter().map(|(_, k)| k.as_str()).collect();
            let entry = body[..open].trim().replace('_', " ").to_lowercase();
            out.add(&id.join("."), &entry);
        } else {
            while path.last().is_some_and(|(i, _)| *i >= indent) {
                path.pop();
            }
            path.push((indent, body.to_lowercase()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(i: &Imported) -> Vec<(String, Vec<String>)> {
        i.categories.clone()
    }

    #[test]
    fn liwc_2007_and_2015_layouts() {
        let dic = "%\n1\tposemo\n2\tnegemo\n%\nabandon*\t2\ngood\t1\nlike\t(02 134)1/2\nkind of\t1\n";
        let i = import(dic, Format::Liwc).unwrap_or_default();
        assert_eq!(
            cats(&i),
            vec![
                ("negemo".into(), vec!["abandon*".into()]),
                ("posemo".into(), vec!["good".into(), "like".into(), "kind of".into()])
            ]
        );
        assert_eq!(i.notes.len(), 1);
        let dic2001 = "%\n1 Pronoun\n%\ni 1\nwe 1\n";
        let i = import(dic2001, Format::Liwc).unwrap_or_default();
        assert_eq!(cats(&i), vec![("Pronoun".into(), vec!["i".into(), "we".into()])]);
        assert_eq!(import("%\n1\ta\n%\nx\t9\n", Format::Liwc).map_err(|e| e.line), Err(4));
        assert!(import("x\t1\n", Format::Liwc).is_err());
    }

    #[test]
    fn liwc22_lexicoder_yaml_wordstat() {
        let i =
            import("DicTerm,Positive,Negative\ngood,X,\nbad*,,X\n\"so, so\",X,X\n", Format::Liwc22).unwrap_or_default();
        assert_eq!(
            cats(&i),
            vec![
                ("Positive".into(), vec!["good".into(), "so, so".into()]),
                ("Negative".into(), vec!["bad*".into(), "so, so".into()])
            ]
        );
        let i = import("+positive\nability*\ngood day\n+negative\nabandon*\n", Format::Lexicoder).unwrap_or_default();
        assert_eq!(cats(&i)[0], ("positive".into(), vec!["ability*".into(), "good day".into()]));
        assert!(import("ability\n", Format::Lexicoder).is_err());
        let yaml = "economy:\n  positive:\n    - growth\n    - \"jobs\"\n  negative: [recession, unemploy*]\nterror:\n  - terror*\n";
        let i = import(yaml, Format::Yaml).unwrap_or_default();
        assert_eq!(
            cats(&i),
            vec![
                ("economy.positive".into(), vec!["growth".into(), "jobs".into()]),
                ("economy.negative".into(), vec!["recession".into(), "unemploy*".into()]),
                ("terror".into(), vec!["terror*".into()]),
            ]
        );
        let cat = "POSITIVE\n    GOOD (1)\n    GREAT_LEADER (1)\nNEGATIVE\n    BAD* (1)\n";
        let i = import(cat, Format::WordStat).unwrap_or_default();
        assert_eq!(
            cats(&i),
            vec![
                ("positive".into(), vec!["good".into(), "great leader".into()]),
                ("negative".into(), vec!["bad*".into()])
            ]
        );
    }

    #[test]
    fn broken_files_are_errors_at_their_line_never_an_empty_import() {
        let e = |text: &str, f: Format| import(text, f).err().map(|e| (e.line, e.message));
        assert_eq!(e("", Format::Liwc).map(|e| e.0), Some(1), "an empty .dic names line 1, not 0");
        let (line, msg) = e("a:\n\t- x\n", Format::Yaml).unwrap_or_default();
        assert!(line == 2 && msg.contains("tab"), "{msg}");
        let (line, msg) = e("a:\n  - \"x\n", Format::Yaml).unwrap_or_default();
        assert!(line == 2 && msg.contains("closing quote"), "{msg}");
        let (line, msg) = e("a: [b, \"c]\n", Format::Yaml).unwrap_or_default();
        assert!(line == 1 && msg.contains("do not match"), "{msg}");
        for (text, f) in [("+pos\n", Format::Lexicoder), ("DicTerm,pos\n", Format::Liwc22), ("a:\n", Format::Yaml)] {
            let (_, msg) = e(text, f).unwrap_or_default();
            assert!(msg.contains("no entries found"), "{f:?}: {msg}");
        }
    }

    #[test]
    fn imported_toml_is_a_valid_dictionary() {
        let i = import("+pos\ngood\nsay \"hi\"\n", Format::Lexicoder).unwrap_or_default();
        let toml = i.to_toml("lexi");
        let d = crate::dictionary::Dictionary::parse(&rhetor_analyzer::ConfigFile::new("x.toml", toml.clone()));
        assert!(d.is_ok(), "{toml}\n{:?}", d.err().map(|e| e.to_string()));
    }
}
