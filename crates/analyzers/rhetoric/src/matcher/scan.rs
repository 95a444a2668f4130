//! The scan of one sentence: whether a word token matches an atom, how an entry's steps follow
//! the words (phrase words adjacent, gaps within a clause), and whether a match is negated.

use super::{CEntry, CStep, FormAtoms, Matcher};
use rhetor_doc::{Document, Vocabulary};

/// What [`Scan::steps_from`] found for each (steps left, word) of one entry at one start.
pub(super) struct Memo<'t> {
    table: &'t mut Vec<u32>,
    steps: usize,
}

pub(super) struct Scan<'a> {
    pub(super) m: &'a Matcher,
    pub(super) doc: &'a Document,
    pub(super) vocab: &'a Vocabulary,
    pub(super) forms: &'a FormAtoms,
    pub(super) words: &'a [usize],
    pub(super) adjacent: &'a [bool],
    pub(super) clause_break: &'a [bool],
}

impl Scan<'_> {
    fn has(&self, j: usize, a: u32) -> bool {
        let t = &self.doc.tokens[self.words[j]];
        if self.m.sensitive[a as usize] {
            self.m.atoms[a as usize].matches(self.vocab.form(t.form), self.doc.token_text(self.words[j]))
        } else {
            self.forms.of(t.form.0 as usize).contains(&a)
        }
    }

    /// The end of the longest match of `seq` starting at word `j` (consecutive adjacent words).
    fn seq_from(&self, seq: &[u32], j: usize) -> Option<usize> {
        let mut p = j;
        for (k, &a) in seq.iter().enumerate() {
            if p >= self.words.len() || (k > 0 && !self.adjacent[p - 1]) || !self.has(p, a) {
                return None;
            }
            p += 1;
        }
        Some(p)
    }

    /// The end of the longest match of entry `e` with its first slot at word `j`.
    pub(super) fn entry_from(&self, e: &CEntry, j: usize) -> Option<usize> {
        // With two gaps or more, the ways to place the slots multiply (gap widths times each
        // other): each (step, word) is then worked out once and remembered.
        if e.steps.iter().skip(1).filter(|s| s.gap.1 > 0).count() >= 2 {
            let mut memo = vec![0u32; (e.steps.len() + 1) * (self.words.len() + 1)];
            return self.steps_from(&e.steps, j, true, &mut Some(Memo { table: &mut memo, steps: e.steps.len() }));
        }
        self.steps_from(&e.steps, j, true, &mut None)
    }

    fn steps_from(&self, steps: &[CStep], p: usize, first: bool, memo: &mut Option<Memo<'_>>) -> Option<usize> {
        // Remembered: 0 not yet, 1 no match, 2 + end.
        let key = memo.as_ref().map(|m| (m.steps - steps.len()) * (self.words.len() + 1) + p);
        if let (Some(m), Some(k)) = (memo.as_ref(), key) {
            match m.table.get(k).copied() {
                Some(1) => return None,
                Some(v) if v >= 2 => return Some(v as usize - 2),
                _ => {}
            }
        }
        let found = self.steps_uncached(steps, p, first, memo);
        if let (Some(m), Some(k)) = (memo.as_mut(), key) {
            if let Some(slot) = m.table.get_mut(k) {
                *slot = found.map_or(1, |e| e as u32 + 2);
            }
        }
        found
    }

    fn steps_uncached(&self, steps: &[CStep], p: usize, first: bool, memo: &mut Option<Memo<'_>>) -> Option<usize> {
        let Some((step, rest)) = steps.split_first() else { return Some(p) };
        let (lo, hi) = if first { (0, 0) } else { step.gap };
        let mut best: Option<usize> = None;
        for skip in lo..=hi {
            let q = p + skip as usize;
            if q >= self.words.len() {
                break;
            }
            if !first {
                // The words from the previous slot to this one stay in one clause; with no gap the
                // slot must follow right after (a phrase).
                if (p.saturating_sub(1)..q).any(|k| self.clause_break[k]) || (skip == 0 && !self.adjacent[p - 1]) {
                    break;
                }
            }
            // The word's atoms, looked up once to pass the alternatives whose first atom it lacks.
            let atoms = step.insensitive_firsts.then(|| self.forms.of(self.doc.tokens[self.words[q]].form.0 as usize));
            if atoms.is_some_and(<[u32]>::is_empty) {
                continue;
            }
            for alt in &step.alts {
                if atoms.is_some_and(|atoms| alt.first().is_some_and(|a| !atoms.contains(a))) {
                    continue;
                }
                if let Some(end) = self.seq_from(alt, q) {
                    if let Some(done) = self.steps_from(rest, end, false, memo) {
                        best = Some(best.map_or(done, |b: usize| b.max(done)));
                    }
                }
            }
        }
        best
    }

    fn form(&self, j: usize) -> &str {
        self.vocab.form(self.doc.tokens[self.words[j]].form)
    }

    fn is_negator(&self, j: usize) -> bool {
        self.forms.is_negator(self.doc.tokens[self.words[j]].form.0 as usize) && !self.in_ignored_phrase(j)
    }

    /// Whether word `j` is inside one of the negation's ignored phrases (adjacent words).
    fn in_ignored_phrase(&self, j: usize) -> bool {
        self.m.ignore.iter().any(|p| {
            (0..p.len()).filter(|&k| p[k] == self.form(j)).any(|k| {
                let Some(start) = j.checked_sub(k) else { return false };
                start + p.len() <= self.words.len()
                    && p.iter().enumerate().all(|(i, w)| self.form(start + i) == w)
                    && (start..start + p.len() - 1).all(|x| self.adjacent[x])
            })
        })
    }

    pub(super) fn negated(&self, start: usize, end: usize) -> bool {
        let Some(neg) = &self.m.dict.negation else { return false };
        let mut j = start;
        for _ in 0..neg.before {
            if j == 0 || self.clause_break[j - 1] {
                break;
            }
            j -= 1;
            if self.is_negator(j) {
                return true;
            }
        }
        let mut j = end - 1;
        for _ in 0..neg.after {
            if j + 1 >= self.words.len() || self.clause_break[j] {
                break;
            }
            j += 1;
            if self.is_negator(j) {
                return true;
            }
        }
        false
    }
}
