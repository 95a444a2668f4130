//! N-gram counts over documents: word-like tokens (words, numbers, other-script words) by their
//! normalized form ids, within sentences (an n-gram never spans a sentence end), n from 1 to 4.
//! Frequency lists report, per item, its frequency, frequency per million, the documents it occurs
//! in, and Gries' DP dispersion (0: spread over the documents in proportion to their sizes; near 1:
//! all in one small part).

use rhetor_doc::{Document, FormId, Vocabulary};
use rustc_hash::FxHashMap;

/// Longest n-gram counted.
pub const MAX_N: usize = 4;

/// An n-gram of form ids; unused slots are `u32::MAX`.
pub type Gram = [u32; MAX_N];

/// N-gram counts of one or more documents.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub n: usize,
    /// Positions counted: the number of n-grams (for n = 1, word tokens).
    pub total: u64,
    pub grams: FxHashMap<Gram, u64>,
}

impl Counts {
    /// Count the n-grams of `doc` (`n` is clamped to 1..=4).
    pub fn of_document(doc: &Document, n: usize) -> Counts {
        let n = n.clamp(1, MAX_N);
        let mut counts = Counts { n, ..Counts::default() };
        let mut forms = Vec::new();
        for s in &doc.sentences {
            forms.clear();
            forms.extend(doc.tokens[s.tokens.range()].iter().filter(|t| t.kind.is_wordlike()).map(|t| t.form.0));
            for w in forms.windows(n) {
                let mut g = [u32::MAX; MAX_N];
                g[..n].copy_from_slice(w);
                *counts.grams.entry(g).or_default() += 1;
                counts.total += 1;
            }
        }
        counts
    }

    /// Add another document's or group's counts.
    pub fn add(&mut self, other: &Counts) {
        self.n = other.n;
        self.total += other.total;
        for (g, c) in &other.grams {
            *self.grams.entry(*g).or_default() += c;
        }
    }

    /// The count of `g` (0 when absent).
    pub fn get(&self, g: &Gram) -> u64 {
        self.grams.get(g).copied().unwrap_or(0)
    }
}

/// The text of an n-gram: its forms joined by spaces.
pub fn text(g: &Gram, vocab: &Vocabulary) -> String {
    let words: Vec<&str> = g.iter().take_while(|&&f| f != u32::MAX).map(|&f| vocab.form(FormId(f))).collect();
    words.join(" ")
}

/// One row of a frequency list.
#[derive(Debug, Clone, PartialEq)]
pub struct FreqRow {
    pub gram: Gram,
    pub freq: u64,
    pub per_million: f64,
    /// Documents it occurs in.
    pub documents: u64,
    /// Gries' DP over the documents: `0.5 Σ |v_i − s_i|`, `v_i` the share of the item's occurrences
    /// in document `i`, `s_i` the share of all positions that document `i` holds.
    pub dp: f64,
}

/// The frequency list of `docs` at `n`, most frequent first (ties in form-id order, which is
/// first-seen order in the corpus), items below `min_freq` left out.
pub fn frequency_list(docs: &[&Document], n: usize, min_freq: u64) -> (Counts, Vec<FreqRow>) {
    let per_doc: Vec<Counts> = docs.iter().map(|d| Counts::of_document(d, n)).collect();
    let mut all = Counts { n: n.clamp(1, MAX_N), ..Counts::default() };
    for c in &per_doc {
        all.add(c);
    }
    // DP: Σ over documents holding the item of |v_i − s_i|, plus the shares of those without it.
    let total = all.total.max(1) as f64;
    let mut acc: FxHashMap<Gram, (u64, f64, f64)> = FxHashMap::default();
    for c in &per_doc {
        let s = c.total as f64 / total;
        for (g, &f) in &c.grams {
            let freq = all.get(g) as f64;
            let e = acc.entry(*g).or_default();
            e.0 += 1;
            e.1 += (f as f64 / freq - s).abs();
            e.2 += s;
        }
    }
    let mut rows: Vec<FreqRow> = all
        .grams
        .iter()
        .filter(|(_, f)| **f >= min_freq)
        .map(|(g, &freq)| {
            let (documents, sum_abs, sum_s) = acc.get(g).copied().unwrap_or_default();
            FreqRow {
                gram: *g,
                freq,
                per_million: freq as f64 * 1e6 / total,
                documents,
                dp: (0.5 * (sum_abs + (1.0 - sum_s).max(0.0))).clamp(0.0, 1.0),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.freq.cmp(&a.freq).then(a.gram.cmp(&b.gram)));
    (all, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rhetor_doc::corpus_from_texts;

    #[test]
    fn counts_within_sentences_and_dispersion() {
        let corpus =
            corpus_from_texts(&[("a", "The people. The people won."), ("b", "The enemy lost. The people won.")]);
        let docs: Vec<&Document> = corpus.documents.iter().collect();
        let (all, rows) = frequency_list(&docs, 2, 1);
        // Bigrams never cross a sentence end: a has "the people" ×2 and "people won"; b has
        // "the enemy", "enemy lost", "the people", "people won".
        assert_eq!(all.total, 7);
        let row = |t: &str| rows.iter().find(|r| text(&r.gram, &corpus.vocab) == t).cloned().expect(t);
        let the_people = row("the people");
        assert_eq!((the_people.freq, the_people.documents), (3, 2));
        // Sizes: a holds 3 of 7 positions, b 4 of 7. "the people": 2 of 3 in a, 1 of 3 in b:
        // DP = 0.5 (|2/3 − 3/7| + |1/3 − 4/7|) = 0.5 (0.238095 + 0.238095) = 0.238095.
        assert!((the_people.dp - 0.238095).abs() < 1e-6, "{}", the_people.dp);
        // "the enemy" is only in b: DP = 0.5 (|1 − 4/7| + 3/7) = 0.428571.
        assert!((row("the enemy").dp - 0.428571).abs() < 1e-6);
        assert_eq!(rows[0].freq, 3, "most frequent first");
    }
}
