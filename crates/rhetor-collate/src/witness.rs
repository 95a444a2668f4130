//! A witness: its tokens with byte spans into its text and a normalized form to compare by.
//!
//! Tokens are cut as CollateX 2.3 cuts them (`\w+\s*|\W+`): a run of word characters with the
//! whitespace after it, or a run of other characters (punctuation with its spaces). The token's
//! text is the run without trailing whitespace. The normalized form is that text, or with
//! [`Normalize::loose`] lowercased with typographic apostrophes made ASCII and hyphens and dashes
//! left out; loose tokens also run on through an inner hyphen or apostrophe ("grass-roots",
//! "Party's" are one token), so that "labour-consuming" and "labourconsuming" are the same word,
//! and so are "–" and "—".

use rustc_hash::FxHashMap;

/// How tokens are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Normalize {
    /// Lowercase, fold ’ ‘ ʼ to ', leave hyphens and dashes out (U+2010..U+2015 and `-`), and run
    /// words on through inner hyphens and apostrophes.
    pub loose: bool,
}

impl Normalize {
    pub fn loose() -> Self {
        Normalize { loose: true }
    }

    pub fn apply(&self, text: &str) -> String {
        if !self.loose {
            return text.to_string();
        }
        text.chars()
            .flat_map(|c| match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' => vec!['\''],
                '-' | '\u{2010}'..='\u{2015}' => Vec::new(),
                c => c.to_lowercase().collect(),
            })
            .collect()
    }
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the token's text (without trailing whitespace) in the witness text.
    pub start: usize,
    pub end: usize,
    /// The normalized form.
    pub norm: String,
}

/// A witness: an id, its text, its tokens.
#[derive(Debug, Clone)]
pub struct Witness {
    pub id: String,
    pub text: String,
    pub tokens: Vec<Token>,
}

fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Witness {
    /// Tokenize `text`.
    pub fn new(id: &str, text: &str, normalize: Normalize) -> Witness {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let at = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
        let mut tokens = Vec::new();
        let mut k = 0;
        let joiner = |c: char| matches!(c, '-' | '\'' | '\u{2019}' | '\u{2010}' | '\u{2011}');
        while k < chars.len() {
            let first = k;
            let word = is_word(chars[k].1);
            loop {
                while k < chars.len() && is_word(chars[k].1) == word {
                    k += 1;
                }
                // Loose: a word runs on through an inner hyphen or apostrophe.
                let inner =
                    word && normalize.loose && k + 1 < chars.len() && joiner(chars[k].1) && is_word(chars[k + 1].1);
                if !inner {
                    break;
                }
                k += 1;
            }
            let raw = &text[at(first)..at(k)];
            let lead = raw.len() - raw.trim_start().len();
            let trimmed = raw.trim();
            if !trimmed.is_empty() {
                let start = at(first) + lead;
                tokens.push(Token { start, end: start + trimmed.len(), norm: normalize.apply(trimmed) });
            }
        }
        Witness { id: id.to_string(), text: text.to_string(), tokens }
    }

    /// A witness from tokens given as text (CollateX's pre-tokenised `tokens[].t`): each token's
    /// span is its place in the text made by joining them.
    pub fn from_tokens(id: &str, tokens: &[&str], normalize: Normalize) -> Witness {
        let mut text = String::new();
        let mut out = Vec::new();
        for t in tokens {
            let start = text.len();
            text.push_str(t);
            let trimmed = t.trim();
            if !trimmed.is_empty() {
                let lead = t.len() - t.trim_start().len();
                out.push(Token {
                    start: start + lead,
                    end: start + lead + trimmed.len(),
                    norm: normalize.apply(trimmed),
                });
            }
            if !t.ends_with(char::is_whitespace) {
                text.push(' ');
            }
        }
        Witness { id: id.to_string(), text, tokens: out }
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }
}

/// Interns normalized forms of several witnesses to shared ids, so that alignment compares ids.
#[derive(Debug, Default)]
pub struct Forms {
    ids: FxHashMap<String, u32>,
}

impl Forms {
    pub fn ids(&mut self, w: &Witness) -> Vec<u32> {
        w.tokens
            .iter()
            .map(|t| {
                let n = self.ids.len() as u32;
                *self.ids.entry(t.norm.clone()).or_insert(n)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(w: &Witness) -> Vec<&str> {
        (0..w.tokens.len()).map(|i| w.token_text(i)).collect()
    }

    #[test]
    fn cut_as_collatex_cuts() {
        // CollateX 2.3: "WHEN we look ... sub-variety, of" -> WHEN|we|look|sub|-|variety|,|of
        let w = Witness::new("a", "WHEN we look sub-variety, of  our", Normalize::default());
        assert_eq!(texts(&w), ["WHEN", "we", "look", "sub", "-", "variety", ",", "of", "our"]);
        assert_eq!(w.tokens[0].norm, "WHEN");
        let loose = Witness::new("a", "Party’s WHEN grass-roots, labour‐consuming", Normalize::loose());
        let norms: Vec<&str> = loose.tokens.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["party's", "when", "grassroots", ",", "labourconsuming"]);
    }

    #[test]
    fn pretokenised_witnesses() {
        let w = Witness::from_tokens("a", &["The ", "black ", "cat"], Normalize::default());
        assert_eq!(texts(&w), ["The", "black", "cat"]);
    }
}
