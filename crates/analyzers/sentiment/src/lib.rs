//! Analyzer `sentiment`: sentence sentiment from lexicons researchers already use, with the words
//! behind every score. Modes: [`vader`] (VADER 3.3.2, reproducing vaderSentiment exactly), [`afinn`]
//! (reproducing the `afinn` package) and the word-list lexicons of [`WordList`] read by `formats.rs`
//! (AFINN, Bing, NRC EmoLex, Lexicoder LSD2015, rhetor dictionaries) with the valence shifters (`shifters.rs`).
//!
//! Per document, section, group and corpus: the mean sentence score, the shares of positive,
//! negative and neutral sentences, the sums and rates per 1,000 words of positive and negative
//! contributions, the arc (mean score per tenth of the document), the words that contributed most,
//! and with a second lexicon the sentences where the two disagree in sign. Never VADER's compound
//! over a whole document: it saturates on long text (see `docs/sentiment.md`).

pub mod afinn;
mod analyzer;
pub mod commands;
mod formats;
mod pytext;
mod score;
mod shifters;
mod summary;
pub mod vader;
mod wordlist;

pub use analyzer::{Sentiment, SentimentConfig, load_lexicon};
// The word-list formats, for the crate's property tests and the fuzz targets (rhetor's commands
// use [`commands`]); `vader` and `afinn` are the reference scorers the conformance tests drive.
pub use formats::{Format as LexiconFormat, afinn as afinn_word_list, load as load_word_list};
use std::fmt;
pub use wordlist::WordList;

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
