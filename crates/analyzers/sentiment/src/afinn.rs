//! The `afinn` mode: Finn Årup Nielsen's AFINN word list (`word<TAB>integer`, some entries several
//! words long, like "does not work"), matched as the `afinn` 0.1 package matches it, so that
//! [`Afinn::score`] equals `Afinn(language="en").score(text)` on every text (checked on the
//! reference texts, see `tests/afinn_conformance.rs`):
//!
//! runs of whitespace become one space; the text is lowercased; then, left to right, at each word
//! boundary the longest entry that starts there and also ends at a word boundary is taken, and the
//! scan goes on after it (Python `re`'s `\b(?:longest|...|shortest)\b` with `findall`). A word
//! boundary lies between a word character (letter, digit, `_`) and another character or the text's
//! end. The score is the sum of the matched entries' values.

use crate::LexiconError;
use crate::pytext;
use rustc_hash::FxHashMap;

/// The vendored AFINN-en-165 list (ODbL 1.0, Finn Årup Nielsen: see `config/lexicons/afinn/`).
pub const AFINN_EN_165: &str = include_str!("../../../../config/lexicons/afinn/AFINN-en-165.txt");
pub const AFINN_LABEL: &str = "(built-in) config/lexicons/afinn/AFINN-en-165.txt";

/// An AFINN-style list: entries and their values.
#[derive(Debug, Clone)]
pub struct Afinn {
    entries: FxHashMap<Box<str>, f64>,
    /// The longest entry, in characters.
    max_chars: usize,
}

/// A matched entry: its byte span in the scored text and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub span: (usize, usize),
    pub value: f64,
}

/// Buffers reused from text to text.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The normalized text (whitespace collapsed, lowercase).
    norm: String,
    /// For each character of `norm`: its byte offset there, its source byte range, and whether it
    /// is a word character.
    chars: Vec<(u32, (u32, u32), bool)>,
}

impl Afinn {
    /// The vendored AFINN-en-165 list.
    pub fn builtin() -> Afinn {
        Afinn::parse(AFINN_LABEL, AFINN_EN_165).unwrap_or_else(|e| unreachable!("vendored AFINN list: {e}"))
    }

    /// Parse `word<TAB>integer` lines (surrounding whitespace ignored; a later line for the same
    /// entry replaces an earlier one).
    pub fn parse(path: &str, text: &str) -> Result<Afinn, LexiconError> {
        let entries: FxHashMap<Box<str>, f64> =
            entries(path, text)?.into_iter().map(|(w, v)| (w.into(), v as f64)).collect();
        let max_chars = entries.keys().map(|k| pytext::char_len(k)).max().unwrap_or(0);
        Ok(Afinn { entries, max_chars })
    }

    /// The sum of the values of the entries found in `text`, as `afinn` 0.1 computes it.
    pub fn score(&self, text: &str, scratch: &mut Scratch) -> f64 {
        self.matches(text, scratch, |_| {})
    }

    /// Like [`Afinn::score`], also calling `each` with every match (spans in `text`).
    pub fn matches(&self, text: &str, scratch: &mut Scratch, mut each: impl FnMut(Match)) -> f64 {
        normalize(text, scratch);
        let chars = &scratch.chars;
        let n = chars.len();
        let offset = |k: usize| if k < n { chars[k].0 as usize } else { scratch.norm.len() };
        let boundary = |k: usize| {
            let before = k > 0 && chars[k - 1].2;
            let after = k < n && chars[k].2;
            before != after
        };
        let mut sum = 0.0;
        let mut k = 0;
        while k < n {
            if boundary(k) {
                let last = (k + self.max_chars).min(n);
                let found = (k + 1..=last)
                    .rev()
                    .filter(|&e| boundary(e))
                    .find_map(|e| self.entries.get(&scratch.norm[offset(k)..offset(e)]).map(|&v| (e, v)));
                if let Some((e, value)) = found {
                    sum += value;
                    each(Match { span: (chars[k].1.0 as usize, chars[e - 1].1.1 as usize), value });
                    k = e;
                    continue;
                }
            }
            k += 1;
        }
        sum
    }
}

/// The `(entry, score)` lines of an AFINN file, in order; blank lines skipped.
pub fn entries<'t>(path: &str, text: &'t str) -> Result<Vec<(&'t str, i64)>, LexiconError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (word, value) =
            line.split_once('\t').ok_or_else(|| LexiconError::line(path, i + 1, "expected `word<TAB>score`"))?;
        let value = value.trim();
        let value: i64 =
            value.parse().map_err(|_| LexiconError::line(path, i + 1, format!("score `{value}` is not an integer")))?;
        out.push((word, value));
    }
    Ok(out)
}

/// Collapse whitespace runs to one space and lowercase, keeping each character's source range.
fn normalize(text: &str, scratch: &mut Scratch) {
    scratch.norm.clear();
    scratch.chars.clear();
    let mut space_run: Option<(u32, u32)> = None;
    let flush = |run: &mut Option<(u32, u32)>, s: &mut Scratch| {
        if let Some(range) = run.take() {
            s.chars.push((s.norm.len() as u32, range, false));
            s.norm.push(' ');
        }
    };
    for (i, c) in text.char_indices() {
        let range = (i as u32, (i + c.len_utf8()) as u32);
        if pytext::is_space(c) {
            space_run = Some(space_run.map_or(range, |(s, _)| (s, range.1)));
            continue;
        }
        flush(&mut space_run, scratch);
        for lower in c.to_lowercase() {
            scratch.chars.push((scratch.norm.len() as u32, range, pytext::is_word_char(lower)));
            scratch.norm.push(lower);
        }
    }
    flush(&mut space_run, scratch);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> f64 {
        Afinn::builtin().score(text, &mut Scratch::default())
    }

    #[test]
    fn words_phrases_and_boundaries() {
        // good 3, bad -3; "does not work" -3 is one entry; "badminton" holds no boundary after "bad", "bad-minton"
        // does (values from afinn 0.1).
        assert_eq!(score("Good, BAD."), 0.0);
        assert_eq!(score("It does  not\twork"), -3.0);
        assert_eq!(score("badminton"), 0.0);
        assert_eq!(score("bad-minton"), -3.0);
        assert_eq!(score("no fun at all"), -3.0);
    }

    #[test]
    fn matches_map_to_source_bytes() {
        let a = Afinn::builtin();
        let mut found = Vec::new();
        let text = "Ünd it does \n not  work, GOOD";
        a.matches(text, &mut Scratch::default(), |m| found.push((&text[m.span.0..m.span.1], m.value)));
        assert_eq!(found, [("does \n not  work", -3.0), ("GOOD", 3.0)]);
    }

    #[test]
    fn bad_line_names_file_and_line() {
        let err = Afinn::parse("list.txt", "good\t3\nbad\t-x\n").expect_err("bad score");
        assert_eq!(err.to_string(), "list.txt:2: score `-x` is not an integer");
    }
}
