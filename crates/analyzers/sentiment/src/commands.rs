//! What rhetor's own `rhetor sentiment` command uses of this analyzer: a [`Scorer`] that scores a
//! unit of text (a line, or each of its sentences) with a lexicon and gives the values of the
//! command's columns, exactly as the reference packages print them where it reproduces one
//! (vaderSentiment's `polarity_scores`, `afinn`'s `score`). The CLI reads the units and prints.

use crate::afinn::{self, Afinn};
use crate::score::{Lexicon, Scratch, SentenceScore};
use crate::shifters::{ShifterConfig, Shifters};
use crate::wordlist::EMOTIONS;
use crate::{LexiconError, load_lexicon, vader};

/// A lexicon ready to score units one after another (its scratch space kept between them).
#[derive(Debug)]
pub struct Scorer {
    lexicon: Lexicon,
    shifters: Shifters,
    /// `afinn` over whole texts without shifters: the reference package's own matching.
    exact_afinn: Option<Afinn>,
    by_sentence: bool,
    vader_scratch: vader::Scratch,
    afinn_scratch: afinn::Scratch,
    scratch: Scratch,
}

impl Scorer {
    /// The lexicon `name` (`vader`, `afinn`, `bing`, `nrc`, `lsd`, `dictionary`, or a lexicon file)
    /// with its file `path` where it needs one; word lists with the valence shifters when
    /// `shifters`; each unit scored whole, or sentence by sentence when `by_sentence`.
    pub fn new(name: &str, path: Option<&str>, shifters: bool, by_sentence: bool) -> Result<Scorer, LexiconError> {
        let lexicon = load_lexicon(name, path.unwrap_or(""))?;
        let exact_afinn = (name == "afinn" && path.is_none() && !by_sentence && !shifters).then(Afinn::builtin);
        Ok(Scorer {
            lexicon,
            shifters: Shifters::new(ShifterConfig { enabled: shifters, ..ShifterConfig::default() }),
            exact_afinn,
            by_sentence,
            vader_scratch: vader::Scratch::default(),
            afinn_scratch: afinn::Scratch::default(),
            scratch: Scratch::default(),
        })
    }

    /// The names of the score columns: `neg neu pos compound` for VADER, else `score` and, for a
    /// lexicon with emotions, one column per emotion.
    pub fn columns(&self) -> Vec<&'static str> {
        match (&self.lexicon, &self.exact_afinn) {
            (_, Some(_)) => vec!["score"],
            (Lexicon::Vader(_), None) => vec!["neg", "neu", "pos", "compound"],
            (Lexicon::Words(_), None) => {
                let mut c = vec!["score"];
                if self.lexicon.has_emotions() {
                    c.extend(EMOTIONS);
                }
                c
            }
        }
    }

    /// The values of [`Scorer::columns`] for `text` as one unit (one row), or for each of its
    /// sentences (a row each), floats as Python's `repr` prints them.
    pub fn score(&mut self, text: &str) -> Vec<Vec<String>> {
        if let Some(a) = &self.exact_afinn {
            return vec![vec![py(a.score(text, &mut self.afinn_scratch))]];
        }
        if let (Lexicon::Vader(v), false) = (&self.lexicon, self.by_sentence) {
            let p = v.score(text, &mut self.vader_scratch, None);
            return vec![vec![py(p.neg), py(p.neu), py(p.pos), py(p.compound)]];
        }
        // Through rhetor's tokens and sentences: one document per unit.
        let corpus = rhetor_doc::corpus_from_text("unit", text);
        let doc = &corpus.documents[0];
        let (lexicon, shifters, scratch) = (&self.lexicon, &self.shifters, &mut self.scratch);
        let scores = doc.sentences.iter().map(|s| lexicon.score(doc, s, &corpus.vocab, shifters, scratch));
        if self.by_sentence {
            return scores.map(|s| row(&s, lexicon)).collect();
        }
        // A whole text in a word-list mode: the sum over its sentences.
        let mut total = SentenceScore { score: 0.0, vader: None, contributions: Vec::new() };
        for s in scores {
            total.score += s.score;
            total.contributions.extend(s.contributions);
        }
        vec![row(&total, lexicon)]
    }
}

/// A sentence's (or a text's) values.
fn row(s: &SentenceScore, lexicon: &Lexicon) -> Vec<String> {
    match s.vader {
        Some(p) => vec![py(p.neg), py(p.neu), py(p.pos), py(p.compound)],
        None => {
            let mut v = vec![py(s.score)];
            if lexicon.has_emotions() {
                for k in 0..EMOTIONS.len() {
                    v.push(s.contributions.iter().filter(|c| c.emotions >> k & 1 == 1).count().to_string());
                }
            }
            v
        }
    }
}

/// A float as Python's `repr` prints it for these values (`0.0`, `0.4404`, `-3.0`).
fn py(x: f64) -> String {
    format!("{x:?}")
}
