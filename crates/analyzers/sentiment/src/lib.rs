//! Analyzer `sentiment`: sentence sentiment from lexicons researchers already use, with the words
//! behind every score. Modes: [`vader`] (VADER 3.3.2, reproducing vaderSentiment exactly) and the
//! word-list lexicons of [`wordlist`] (AFINN reproducing the `afinn` package, Bing, NRC EmoLex,
//! Lexicoder LSD2015, rhetor dictionaries).

pub mod afinn;
pub mod pytext;
pub mod vader;

use std::fmt;

/// A lexicon file that cannot be read or parsed: the file, the 1-based line when known, and why.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{path}: cannot read lexicon: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{}", Located(path, *line, message))]
    Invalid { path: String, line: Option<usize>, message: String },
}

struct Located<'a>(&'a str, Option<usize>, &'a str);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Some(line) => write!(f, "{}:{line}: {}", self.0, self.2),
            None => write!(f, "{}: {}", self.0, self.2),
        }
    }
}

impl LexiconError {
    /// An error at a line of a file.
    pub fn line(path: &str, line: usize, message: impl Into<String>) -> Self {
        LexiconError::Invalid { path: path.to_string(), line: Some(line), message: message.into() }
    }
}
