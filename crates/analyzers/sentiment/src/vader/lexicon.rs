//! VADER's data: the valence lexicon (`word<TAB>mean<TAB>sd<TAB>ratings`), the emoji lexicon
//! (`emoji<TAB>description`) and the rule word lists (`rules.toml`). The vendored files in
//! `config/lexicons/vader/` are built in; other files in the same formats can be loaded. The lexicon
//! files have CRLF endings and no final newline and are read as they are.

use crate::LexiconError;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

/// The vendored VADER 3.3.2 lexicon.
pub const LEXICON: &str = include_str!("../../../../../config/lexicons/vader/vader_lexicon.txt");
/// The vendored VADER 3.3.2 emoji lexicon.
pub const EMOJI: &str = include_str!("../../../../../config/lexicons/vader/emoji_utf8_lexicon.txt");
/// The vendored rule constants and word lists.
pub const RULES: &str = include_str!("../../../../../config/lexicons/vader/rules.toml");

pub const LEXICON_LABEL: &str = "(built-in) config/lexicons/vader/vader_lexicon.txt";
pub const EMOJI_LABEL: &str = "(built-in) config/lexicons/vader/emoji_utf8_lexicon.txt";
pub const RULES_LABEL: &str = "(built-in) config/lexicons/vader/rules.toml";

/// The lines of a lexicon file as vaderSentiment reads them: the text without trailing `\n`s, split
/// at `\n`, empty lines skipped, each line trimmed of whitespace (so CRLF ends are fine). Yields the
/// 1-based line number and the trimmed line.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.trim_end_matches('\n').split('\n').enumerate().filter(|(_, l)| !l.is_empty()).map(|(i, l)| (i + 1, l.trim()))
}

/// Parse a VADER valence lexicon: the first field is the token, the second its mean valence. A
/// later line for the same token replaces an earlier one.
pub fn parse_lexicon(path: &str, text: &str) -> Result<FxHashMap<Box<str>, f64>, LexiconError> {
    let mut map = FxHashMap::default();
    for (line, l) in lines(text) {
        let mut fields = l.split('\t');
        let (Some(word), Some(value)) = (fields.next(), fields.next()) else {
            return Err(LexiconError::line(path, line, "expected `token<TAB>valence`"));
        };
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| LexiconError::line(path, line, format!("valence `{value}` is not a number")))?;
        map.insert(word.into(), value);
    }
    Ok(map)
}

/// Parse an emoji lexicon: `emoji<TAB>description`. Only single-character emoji are replaced in a
/// text (as vaderSentiment does, character by character), so only those are kept.
pub fn parse_emoji(path: &str, text: &str) -> Result<FxHashMap<char, Box<str>>, LexiconError> {
    let mut map = FxHashMap::default();
    for (line, l) in lines(text) {
        let mut fields = l.split('\t');
        let (Some(emoji), Some(description)) = (fields.next(), fields.next()) else {
            return Err(LexiconError::line(path, line, "expected `emoji<TAB>description`"));
        };
        let mut chars = emoji.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            map.insert(c, description.into());
        }
    }
    Ok(map)
}

/// `rules.toml`, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    booster_increment: f64,
    caps_increment: f64,
    negation_scalar: f64,
    boosters: Vec<String>,
    dampeners: Vec<String>,
    negations: Vec<String>,
    special_cases: std::collections::BTreeMap<String, f64>,
}

/// VADER's rule data, ready for lookups.
#[derive(Debug, Clone)]
pub struct Rules {
    pub booster_increment: f64,
    pub caps_increment: f64,
    pub negation_scalar: f64,
    /// Single-word boosters (+increment) and dampeners (−increment).
    pub boosters: FxHashMap<Box<str>, f64>,
    /// Multi-word boosters and dampeners ("kind of"), as word lists.
    pub booster_phrases: Vec<(Vec<Box<str>>, f64)>,
    pub negations: FxHashSet<Box<str>>,
    /// Special-case phrases as word lists, with the valence that replaces the word's.
    pub special_cases: Vec<(Vec<Box<str>>, f64)>,
    /// Every word of a booster phrase or special case: a word sequence can only match a phrase when
    /// all its words are here.
    pub phrase_words: FxHashSet<Box<str>>,
}

impl Rules {
    /// Parse a rules file (errors name the file, line and key).
    pub fn parse(path: &str, text: &str) -> Result<Rules, LexiconError> {
        let raw: RulesFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            LexiconError::Invalid { path: path.to_string(), line, message: e.message().to_string() }
        })?;
        let mut boosters = FxHashMap::default();
        let mut booster_phrases = Vec::new();
        let signed = raw.boosters.iter().map(|w| (w, raw.booster_increment));
        for (word, value) in signed.chain(raw.dampeners.iter().map(|w| (w, -raw.booster_increment))) {
            let parts = split_phrase(word);
            if parts.len() == 1 {
                boosters.insert(parts[0].clone(), value);
            } else {
                booster_phrases.push((parts, value));
            }
        }
        let special_cases: Vec<_> = raw.special_cases.iter().map(|(k, &v)| (split_phrase(k), v)).collect();
        let phrase_words = booster_phrases.iter().chain(&special_cases).flat_map(|(p, _)| p.iter().cloned()).collect();
        Ok(Rules {
            booster_increment: raw.booster_increment,
            caps_increment: raw.caps_increment,
            negation_scalar: raw.negation_scalar,
            boosters,
            booster_phrases,
            negations: raw.negations.iter().map(|w| w.as_str().into()).collect(),
            special_cases,
            phrase_words,
        })
    }

    /// The value of the phrase among `phrases` whose words are `words`, if any.
    pub fn phrase<'a>(phrases: &'a [(Vec<Box<str>>, f64)], words: &[&str]) -> Option<&'a f64> {
        phrases
            .iter()
            .find(|(p, _)| p.len() == words.len() && p.iter().zip(words).all(|(a, b)| &**a == *b))
            .map(|(_, v)| v)
    }
}

fn split_phrase(s: &str) -> Vec<Box<str>> {
    s.split(' ').filter(|w| !w.is_empty()).map(Into::into).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_files_load_as_they_are() {
        assert!(LEXICON.contains("\r\n") && !LEXICON.ends_with('\n'), "vendored with CRLF, no final newline");
        let lex = parse_lexicon(LEXICON_LABEL, LEXICON).expect("lexicon parses");
        assert_eq!(lex.len(), 7506); // len(SentimentIntensityAnalyzer().lexicon) in vaderSentiment 3.3.2
        assert_eq!(lex.get("good"), Some(&1.9));
        assert_eq!(lex.get(":)"), Some(&2.0));
        let emoji = parse_emoji(EMOJI_LABEL, EMOJI).expect("emoji parse");
        assert_eq!(emoji.get(&'😀').map(|d| &**d), Some("grinning face"));
        let rules = Rules::parse(RULES_LABEL, RULES).expect("rules parse");
        assert_eq!(rules.boosters.get("very"), Some(&0.293));
        assert_eq!(rules.boosters.get("barely"), Some(&-0.293));
        assert_eq!(Rules::phrase(&rules.booster_phrases, &["kind", "of"]), Some(&-0.293));
        assert_eq!(Rules::phrase(&rules.special_cases, &["kiss", "of", "death"]), Some(&-1.5));
        assert!(rules.negations.contains("without") && rules.negations.len() == 59);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let err = parse_lexicon("my.txt", "good\t1.9\r\nbad\tx\r\n").expect_err("bad valence");
        assert_eq!(err.to_string(), "my.txt:2: valence `x` is not a number");
        let err = parse_lexicon("my.txt", "good\t1.9\n\nlonely").expect_err("one field");
        assert_eq!(err.to_string(), "my.txt:3: expected `token<TAB>valence`");
        let err = Rules::parse("r.toml", "booster_increment = 0.2\ncaps_increment = \"x\"\n").expect_err("bad type");
        assert!(err.to_string().starts_with("r.toml:2: "), "{err}");
    }
}
