//! Markdown front matter: a block of `key: value` lines between `---` lines at the very start of a
//! `.md` file (the YAML subset that Jekyll, Hugo and Pandoc users write for one document's metadata).
//!
//! Values may be quoted with `"` or `'`; a value that is a YAML list (`[a, b]`) is kept as written.
//! Nested YAML (indented lines) is not read: such a block is left in the text, and the reason is
//! returned so the caller can warn.

use std::collections::BTreeMap;

/// Front matter found at the start of a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub fields: BTreeMap<String, String>,
    /// Bytes from the start of the text to the end of the closing `---` line (its line end included).
    pub len: usize,
}

/// Read front matter at the start of `text`. `Ok(None)`: there is none. `Err`: the block is there but
/// not readable (offset of the bad line, reason).
pub fn read(text: &str) -> Result<Option<FrontMatter>, (usize, String)> {
    let Some(body) = text.strip_prefix("---\n") else { return Ok(None) };
    let mut fields = BTreeMap::new();
    let mut pos = 4;
    for line in body.split_inclusive('\n') {
        let at = pos;
        pos += line.len();
        let l = line.trim_end_matches('\n');
        if l == "---" || l == "..." {
            return Ok(Some(FrontMatter { fields, len: pos }));
        }
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        if l.starts_with([' ', '\t', '-']) {
            return Err((at, "nested YAML in front matter is not read (only `key: value` lines)".into()));
        }
        let Some((k, v)) = l.split_once(':') else {
            return Err((at, "a front matter line must be `key: value`".into()));
        };
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
            .unwrap_or(v);
        fields.insert(k.trim().to_string(), v.to_string());
    }
    Err((0, "front matter opened with `---` is not closed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_key_values_and_leaves_other_texts_alone() {
        let t = "---\ntitle: \"Opening Speech\"\ndate: 2021-04-06\n# a comment\ntags: [a, b]\n---\n# Heading\n";
        let f = read(t).ok().flatten().unwrap_or_default();
        assert_eq!(f.fields["title"], "Opening Speech");
        assert_eq!(f.fields["date"], "2021-04-06");
        assert_eq!(f.fields["tags"], "[a, b]");
        assert_eq!(&t[f.len..], "# Heading\n");
        assert_eq!(read("# Heading\n---\n"), Ok(None));
        assert_eq!(read("---\ntitle: x\n").map_err(|e| e.0), Err(0));
        assert_eq!(read("---\ntitle: x\nlist:\n  - a\n---\n").map_err(|e| e.0), Err(19));
    }
}
