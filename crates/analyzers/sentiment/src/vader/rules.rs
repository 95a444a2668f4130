//! VADER's word-level rules: each word's valence from the lexicon, shifted by the up to three words
//! before it. In order, for a lexicon word at position `i`:
//!
//! 1. "no" before another lexicon word counts 0 itself; a lexicon word with "no" one or two words
//!    before it (or three, with "or"/"nor" just before it) takes its valence × −0.74.
//! 2. ALL CAPS, when the text also has words that are not: ±0.733 away from zero.
//! 3. For each of the three words before it that is not itself in the lexicon (nearest first): a
//!    booster or dampener adds ±0.293 (×0.95 at distance 2, ×0.9 at distance 3; ±0.733 more if it is
//!    in caps), signed with the valence; then a negator at that distance multiplies by −0.74 —
//!    except "never so/this" (×1.25) and "without doubt" (no change); at distance 3, special-case
//!    phrases ("the bomb", "kiss of death") replace the valence and booster phrases ("kind of")
//!    shift it.
//! 4. "least" just before it negates, unless "at least" or "very least".
//!
//! Boosters and "kind" in "kind of" count 0 themselves. The arithmetic follows vaderSentiment
//! 3.3.2 step by step, including the grouping of its conditions, so that the scores agree exactly;
//! `docs/sentiment.md` notes where that behaviour is surprising.

use super::lexicon::Rules;
use super::split::Split;
use super::{Vader, flag};

/// The valence of every word of `words`, into `out`. Only lexicon words have one; the others
/// (boosters and "kind" in "kind of" among them) count 0.
pub fn valences(vader: &Vader, words: &Split, out: &mut Vec<f64>) {
    out.clear();
    let n = words.words.len();
    out.resize(n, 0.0);
    for &i in words.lexicon_words() {
        let i = i as usize;
        let w = &words.words[i];
        if w.flags & flag::BOOSTER != 0
            || (i + 1 < n && w.flags & flag::KIND != 0 && words.words[i + 1].flags & flag::OF != 0)
        {
            continue;
        }
        if let Some(v) = vader.lexicon_of(w) {
            out[i] = valence(vader, words, i, v);
        }
    }
}

fn valence(vader: &Vader, words: &Split, i: usize, lexicon_value: f64) -> f64 {
    let r = &vader.rules;
    let ws = &words.words;
    let is = |j: usize, f: u16| ws[j].flags & f != 0;
    let mut valence = lexicon_value;
    if is(i, flag::NO) && i + 1 < ws.len() && ws[i + 1].in_lexicon() {
        valence = 0.0;
    }
    if (i > 0 && is(i - 1, flag::NO))
        || (i > 1 && is(i - 2, flag::NO))
        || (i > 2 && is(i - 3, flag::NO) && is(i - 1, flag::OR_NOR))
    {
        valence = lexicon_value * r.negation_scalar;
    }
    if ws[i].upper && words.caps_differ {
        if valence > 0.0 {
            valence += r.caps_increment;
        } else {
            valence -= r.caps_increment;
        }
    }
    for distance in 1..=3 {
        if i < distance || ws[i - distance].in_lexicon() {
            continue;
        }
        let mut shift = booster_shift(vader, words, i - distance, valence);
        if shift != 0.0 {
            shift *= match distance {
                2 => 0.95,
                3 => 0.9,
                _ => 1.0,
            };
        }
        valence += shift;
        valence = negation(r, words, i, distance, valence);
        if distance == 3 {
            valence = phrases(vader, words, i, valence);
        }
    }
    least(words, i, valence, r.negation_scalar)
}

/// What the booster or dampener at `j` adds to `valence`.
fn booster_shift(vader: &Vader, words: &Split, j: usize, valence: f64) -> f64 {
    let (r, w) = (&vader.rules, &words.words[j]);
    let Some(mut shift) = vader.booster_of(w) else { return 0.0 };
    if valence < 0.0 {
        shift = -shift;
    }
    if w.upper && words.caps_differ {
        if valence > 0.0 {
            shift += r.caps_increment;
        } else {
            shift -= r.caps_increment;
        }
    }
    shift
}

/// Negation by the word `distance` before `i`, with the "never so" and "without doubt" exceptions.
fn negation(r: &Rules, words: &Split, i: usize, distance: usize, valence: f64) -> f64 {
    let is = |j: usize, f: u16| words.words[j].flags & f != 0;
    use flag::{DOUBT, NEGATOR, NEVER, SO_THIS, WITHOUT};
    match distance {
        1 if is(i - 1, NEGATOR) => valence * r.negation_scalar,
        2 if is(i - 2, NEVER) && is(i - 1, SO_THIS) => valence * 1.25,
        2 if is(i - 2, WITHOUT) && is(i - 1, DOUBT) => valence,
        2 if is(i - 2, NEGATOR) => valence * r.negation_scalar,
        // As in vaderSentiment, "so"/"this" just before the word counts here without "never".
        3 if (is(i - 3, NEVER) && is(i - 2, SO_THIS)) || is(i - 1, SO_THIS) => valence * 1.25,
        3 if is(i - 3, WITHOUT) && (is(i - 2, DOUBT) || is(i - 1, DOUBT)) => valence,
        3 if is(i - 3, NEGATOR) => valence * r.negation_scalar,
        _ => valence,
    }
}

/// Special-case phrases around `i` (the first that matches among those ending at or before `i`;
/// then those starting at `i`, the longer last) and booster phrases before `i`.
fn phrases(vader: &Vader, words: &Split, i: usize, mut valence: f64) -> f64 {
    let r = &vader.rules;
    let n = words.words.len();
    // Every phrase is two words or more, all of them phrase words: without two adjacent phrase
    // words among i−3..=i+2 nothing can match.
    let mut bits = 0u8;
    for (k, j) in (i - 3..(i + 3).min(n)).enumerate() {
        bits |= u8::from(words.words[j].flags & flag::IN_PHRASE != 0) << k;
    }
    if bits & (bits >> 1) == 0 {
        return valence;
    }
    let matches = |phrases: &[(Vec<Box<str>>, f64)], from: usize, to: usize| -> Option<f64> {
        if to >= n || !(from..=to).all(|j| words.words[j].flags & flag::IN_PHRASE != 0) {
            return None;
        }
        // Every word here is a phrase word, so VADER knows it and has its lowercase form.
        let mut seq = [""; 3];
        for (k, j) in (from..=to).enumerate() {
            seq[k] = vader.key(words.words[j].id);
        }
        Rules::phrase(phrases, &seq[..=to - from]).copied()
    };
    let before = [(i - 1, i), (i - 2, i), (i - 2, i - 1), (i - 3, i - 1), (i - 3, i - 2)];
    if let Some(v) = before.iter().find_map(|&(a, b)| matches(&r.special_cases, a, b)) {
        valence = v;
    }
    if let Some(v) = matches(&r.special_cases, i, i + 1) {
        valence = v;
    }
    if let Some(v) = matches(&r.special_cases, i, i + 2) {
        valence = v;
    }
    for (a, b) in [(i - 3, i - 1), (i - 3, i - 2), (i - 2, i - 1)] {
        if let Some(v) = matches(&r.booster_phrases, a, b) {
            valence += v;
        }
    }
    valence
}

/// "least" just before a word negates it, unless preceded by "at" or "very".
fn least(words: &Split, i: usize, valence: f64, scalar: f64) -> f64 {
    let ws = &words.words;
    if i == 0 || ws[i - 1].in_lexicon() || ws[i - 1].flags & flag::LEAST == 0 {
        return valence;
    }
    if i > 1 && ws[i - 2].flags & flag::AT_VERY != 0 { valence } else { valence * scalar }
}
