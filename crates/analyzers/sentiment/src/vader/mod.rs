//! The `vader` mode: VADER 3.3.2 (Hutto & Gilbert, ICWSM 2014) reimplemented from the paper and
//! the package's documented behaviour, to give the same `neg`, `neu`, `pos` and `compound` as
//! vaderSentiment 3.3.2 on every text (checked on its 18,513 reference texts, see
//! `tests/vader_conformance.rs`), and to say which words produced the score.
//!
//! A text is scored in four steps: emoji become their descriptions (`split.rs`); the text is split at
//! whitespace into words with edge punctuation stripped (`split.rs`); each word gets a valence from
//! the lexicon, shifted by the words before it ([`rules`]); the valences are weighed around "but" and
//! summed into the four scores ([`Vader::score`]). The rules are documented in `docs/sentiment.md`.

pub mod lexicon;
mod rules;
mod split;
mod table;

use crate::LexiconError;
use crate::pytext;
use lexicon::Rules;
use rustc_hash::FxHashMap;
pub use split::Word;

/// The four VADER scores of a text, rounded as vaderSentiment rounds them (3 decimals, compound 4).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Polarity {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
}

/// A word that moved the score, with the valence it contributed after every rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    /// Byte range in the scored text (for an emoji, the emoji's bytes).
    pub span: (usize, usize),
    pub valence: f64,
}

/// A VADER scorer: lexicon, emoji descriptions and rules.
#[derive(Debug, Clone)]
pub struct Vader {
    lexicon: FxHashMap<Box<str>, f64>,
    emoji: FxHashMap<char, Box<str>>,
    /// The smallest emoji character: text below it needs no emoji lookup.
    min_emoji: char,
    rules: Rules,
    /// Everything the rules need to know about a word, found with one lookup.
    known: FxHashMap<Box<str>, Known>,
    /// The words of `known`, by [`Known::id`]: the lowercase form of a known word without keeping
    /// a lowercase copy of every word of the text.
    keys: Vec<Box<str>>,
    /// What VADER knows about each word of `keys`, by id.
    by_id: Vec<Known>,
    /// The lexicon valence of each word of `keys`, by id (0 for a word outside the lexicon): a
    /// fifth of the size of `by_id`, so that scoring mostly finds it in the cache.
    valence_by_id: Vec<f64>,
    /// The ids and flags of the known words of at most fifteen ASCII bytes, by their packed
    /// lower-case form.
    short: table::ShortTable,
}

/// What VADER knows about a lowercase word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Known {
    pub lexicon: Option<f64>,
    pub booster: Option<f64>,
    /// [`flag`]s.
    pub flags: u16,
    /// The word's index in [`Vader::keys`]; [`Known::UNKNOWN`] for a word VADER does not know.
    pub id: u32,
}

impl Known {
    pub const UNKNOWN: u32 = u32::MAX;
}

impl Default for Known {
    fn default() -> Self {
        Known { lexicon: None, booster: None, flags: 0, id: Known::UNKNOWN }
    }
}

/// The words the rules test for, as bits of [`Known::flags`] and [`Word::flags`].
pub mod flag {
    pub const NEGATOR: u16 = 1;
    /// A word of a booster phrase or special case.
    pub const IN_PHRASE: u16 = 1 << 1;
    pub const NO: u16 = 1 << 2;
    pub const KIND: u16 = 1 << 3;
    pub const OF: u16 = 1 << 4;
    pub const LEAST: u16 = 1 << 5;
    pub const AT_VERY: u16 = 1 << 6;
    pub const NEVER: u16 = 1 << 7;
    pub const SO_THIS: u16 = 1 << 8;
    pub const WITHOUT: u16 = 1 << 9;
    pub const DOUBT: u16 = 1 << 10;
    pub const OR_NOR: u16 = 1 << 11;
    pub const BUT: u16 = 1 << 12;
    /// In the valence lexicon ([`super::Known::lexicon`] is set).
    pub const LEXICON: u16 = 1 << 13;
    /// A single-word booster or dampener ([`super::Known::booster`] is set).
    pub const BOOSTER: u16 = 1 << 14;

    /// The flags a word has by its spelling alone.
    pub fn of_word(word: &str) -> u16 {
        match word {
            "no" => NO,
            "kind" => KIND,
            "of" => OF,
            "least" => LEAST,
            "at" | "very" => AT_VERY,
            "never" => NEVER,
            "so" | "this" => SO_THIS,
            "without" => WITHOUT,
            "doubt" => DOUBT,
            "or" | "nor" => OR_NOR,
            "but" => BUT,
            _ => 0,
        }
    }
}

/// Buffers reused from text to text (one per thread), so scoring allocates nothing in the steady state.
#[derive(Debug, Default)]
pub struct Scratch {
    words: split::Split,
    sentiments: Vec<f64>,
}

impl Scratch {
    /// Whether the buffers have grown past what ordinary sentences need ([`split::Split::is_large`]).
    pub fn is_large(&self) -> bool {
        self.words.is_large() || self.sentiments.capacity() > 1 << 16
    }
}

impl Vader {
    /// The vendored VADER 3.3.2 lexicon, emoji lexicon and rules.
    pub fn builtin() -> Vader {
        // The vendored files are tested to parse (`lexicon::tests`).
        Vader::from_texts(
            (lexicon::LEXICON_LABEL, lexicon::LEXICON),
            (lexicon::EMOJI_LABEL, lexicon::EMOJI),
            (lexicon::RULES_LABEL, lexicon::RULES),
        )
        .unwrap_or_else(|e| unreachable!("vendored VADER data: {e}"))
    }

    /// A scorer from the texts of a lexicon, an emoji lexicon and a rules file, each `(path, text)`.
    pub fn from_texts(lexicon: (&str, &str), emoji: (&str, &str), rules: (&str, &str)) -> Result<Vader, LexiconError> {
        let emoji = lexicon::parse_emoji(emoji.0, emoji.1)?;
        let mut vader = Vader {
            lexicon: lexicon::parse_lexicon(lexicon.0, lexicon.1)?,
            min_emoji: emoji.keys().copied().min().unwrap_or(char::MAX),
            emoji,
            rules: Rules::parse(rules.0, rules.1)?,
            known: FxHashMap::default(),
            keys: Vec::new(),
            by_id: Vec::new(),
            valence_by_id: Vec::new(),
            short: table::ShortTable::default(),
        };
        vader.index();
        Ok(vader)
    }

    /// Replace lexicon valences (a domain override). Words are lowercased; a value of 0 removes
    /// the word from the lexicon, so that it is an ordinary word again (a lexicon word of valence 0
    /// would still take boosters and shield its neighbours from them).
    pub fn override_words<'a>(&mut self, words: impl IntoIterator<Item = (&'a str, f64)>) {
        for (w, v) in words {
            let w = w.to_lowercase();
            if v == 0.0 {
                self.lexicon.remove(w.as_str());
            } else {
                self.lexicon.insert(w.into(), v);
            }
        }
        self.index();
    }

    /// Rebuild [`Vader::known`] from the lexicon and the rules.
    fn index(&mut self) {
        let r = &self.rules;
        let words = self.lexicon.keys().chain(r.boosters.keys()).chain(&r.negations).chain(&r.phrase_words);
        // Sized at once: growing it step by step was most of the time a run spends building VADER.
        let mut known: FxHashMap<Box<str>, Known> =
            FxHashMap::with_capacity_and_hasher(words.clone().count() + 14, Default::default());
        let spelled = ["no", "kind", "of", "least", "at", "very", "never", "so", "this", "without", "doubt"];
        for w in words.map(|w| &**w).chain(spelled).chain(["or", "nor", "but"]) {
            let mut flags = flag::of_word(w);
            if r.negations.contains(w) {
                flags |= flag::NEGATOR;
            }
            if r.phrase_words.contains(w) {
                flags |= flag::IN_PHRASE;
            }
            let (lexicon, booster) = (self.lexicon.get(w).copied(), r.boosters.get(w).copied());
            if lexicon.is_some() {
                flags |= flag::LEXICON;
            }
            if booster.is_some() {
                flags |= flag::BOOSTER;
            }
            let k = Known { lexicon, booster, flags, id: 0 };
            known.insert(w.into(), k);
        }
        // Ids in sorted order, so that they do not depend on hash-map iteration.
        let mut keys: Vec<Box<str>> = known.keys().cloned().collect();
        keys.sort_unstable();
        for (id, key) in keys.iter().enumerate() {
            if let Some(k) = known.get_mut(key) {
                k.id = id as u32;
            }
        }
        self.by_id = keys.iter().map(|k| known.get(k).copied().unwrap_or_default()).collect();
        self.valence_by_id = self.by_id.iter().map(|k| k.lexicon.unwrap_or(0.0)).collect();
        self.short =
            table::ShortTable::new(keys.iter().zip(&self.by_id).map(|(k, known)| (&**k, known.id, known.flags)));
        self.keys = keys;
        self.known = known;
    }

    /// The lowercase form of a known word.
    fn key(&self, id: u32) -> &str {
        &self.keys[id as usize]
    }

    /// What VADER knows about a lowercase word.
    fn known(&self, word: &str) -> Known {
        self.known.get(word).copied().unwrap_or_default()
    }

    /// The lexicon valence of a word of a split text.
    #[inline]
    fn lexicon_of(&self, w: &Word) -> Option<f64> {
        if w.flags & flag::LEXICON == 0 { None } else { self.valence_by_id.get(w.id as usize).copied() }
    }

    /// The booster (+) or dampener (−) value of a word of a split text.
    #[inline]
    fn booster_of(&self, w: &Word) -> Option<f64> {
        if w.flags & flag::BOOSTER == 0 { None } else { self.by_id[w.id as usize].booster }
    }

    /// The lexicon valence of a lowercase word.
    pub fn valence(&self, word: &str) -> Option<f64> {
        self.lexicon.get(word).copied()
    }

    /// Score a text as vaderSentiment's `polarity_scores` does. With `contributions`, also list
    /// every word whose final valence is not zero.
    pub fn score(&self, text: &str, scratch: &mut Scratch, contributions: Option<&mut Vec<Contribution>>) -> Polarity {
        scratch.words.split(text, self);
        let words = &scratch.words;
        rules::valences(self, words, &mut scratch.sentiments);
        but_weighting(words, &mut scratch.sentiments);
        // Only a lexicon word has a valence that is not zero: the rest is read there alone.
        let lexicon = words.lexicon_words();
        if let Some(out) = contributions {
            out.clear();
            for &i in lexicon {
                let v = scratch.sentiments[i as usize];
                if v != 0.0 {
                    out.push(Contribution { span: words.source_span(&words.words[i as usize]), valence: v });
                }
            }
        }
        let nonzero = lexicon.iter().map(|&i| scratch.sentiments[i as usize]).filter(|&v| v != 0.0);
        polarity(nonzero, words.words.len(), words.exclamations, words.questions)
    }
}

/// "But" shifts weight to what follows it: valences before the first "but" are halved, those after
/// it multiplied by 1.5. vaderSentiment finds each valence's position by looking up its value in the
/// list (the first equal value), so when two words have the same valence the first one is weighted
/// twice and the later one not at all; that behaviour is kept here, since the scores must agree.
/// (A zero valence moves nothing, and only lexicon words have others.)
fn but_weighting(words: &split::Split, sentiments: &mut [f64]) {
    if words.flags_seen & flag::BUT == 0 {
        return;
    }
    let Some(but) = words.words.iter().position(|w| w.flags & flag::BUT != 0) else { return };
    let lexicon = words.lexicon_words();
    for &k in lexicon {
        let v = sentiments[k as usize];
        if v == 0.0 {
            continue;
        }
        let Some(first) = lexicon.iter().map(|&j| j as usize).find(|&j| sentiments[j] == v) else { continue };
        if first < but {
            sentiments[first] = v * 0.5;
        } else if first > but {
            sentiments[first] = v * 1.5;
        }
    }
}

/// `x / sqrt(x² + 15)`, clamped to [−1, 1]: VADER's compound score from the summed valence.
pub fn normalize(x: f64) -> f64 {
    (x / (x * x + 15.0).sqrt()).clamp(-1.0, 1.0)
}

/// Emphasis from "!" (0.292 each, at most 4) and "?" (0.18 each for 2 or 3; 0.96 for more).
fn punctuation_emphasis(exclamations: usize, questions: usize) -> f64 {
    let ep = exclamations.min(4) as f64 * 0.292;
    let qm = match questions {
        0 | 1 => 0.0,
        2 | 3 => questions as f64 * 0.18,
        _ => 0.96,
    };
    ep + qm
}

/// The four scores from the valences that are not zero (in word order), the number of words and
/// the text's "!" and "?" counts. (Zeros change no sum: the sums start at +0.0 and never become
/// -0.0.)
fn polarity(
    nonzero: impl Iterator<Item = f64> + Clone,
    words: usize,
    exclamations: usize,
    questions: usize,
) -> Polarity {
    if words == 0 {
        return Polarity::default();
    }
    let emphasis = punctuation_emphasis(exclamations, questions);
    let mut sum = nonzero.clone().fold(0.0, |acc, v| acc + v);
    if sum > 0.0 {
        sum += emphasis;
    } else if sum < 0.0 {
        sum -= emphasis;
    }
    let compound = normalize(sum);
    // Each positive (negative) word counts its valence plus (minus) one, so that a neutral word,
    // which counts 1, weighs the same as a word of valence ±1 would without the shift.
    let (mut pos_sum, mut neg_sum, mut neutral) = (0.0, 0.0, words);
    for v in nonzero {
        if v > 0.0 {
            pos_sum += v + 1.0;
        }
        if v < 0.0 {
            neg_sum += v - 1.0;
        }
        // Every word but these is neutral (a NaN from a lexicon counts as neither, as in
        // vaderSentiment).
        neutral -= 1;
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += emphasis;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= emphasis;
    }
    let total = pos_sum + neg_sum.abs() + neutral as f64;
    Polarity {
        neg: pytext::round((neg_sum / total).abs(), 3),
        neu: pytext::round((neutral as f64 / total).abs(), 3),
        pos: pytext::round((pos_sum / total).abs(), 3),
        compound: pytext::round(compound, 4),
    }
}

#[cfg(test)]
mod tests;
