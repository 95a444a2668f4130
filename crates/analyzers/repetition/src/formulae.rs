//! The group and corpus formulae table: repeats of `formula_min_n` words or more found within
//! documents, merged by their words, counts summed and documents counted, capped at `corpus_cap`.
//!
//! The table is a sorted map, not a sorted list: folding a document's few formulae into a corpus
//! table of `corpus_cap` entries costs a lookup each, where merging two sorted lists moved and
//! compared every entry of the table for every document (a pass per document over up to 10,000
//! strings, the run's largest serial cost on a corpus of many short documents).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A formula as read from a summary (a row of the table, written from a [`FormulaRef`]): its
/// normalized words, length, occurrences and documents.
#[derive(Deserialize)]
struct Formula {
    words: String,
    len: u32,
    count: u64,
    documents: u64,
}

/// A formula of the table, borrowed; a summary writes each as a row of these fields.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FormulaRef<'a> {
    pub words: &'a str,
    pub len: u32,
    pub count: u64,
    pub documents: u64,
}

/// What the table holds for one formula's words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Tally {
    len: u32,
    count: u64,
    documents: u64,
}

/// Formulae by their words (in byte order of the words, as written).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Formulae(BTreeMap<String, Tally>);

impl Formulae {
    /// Add `count` occurrences of a formula of `len` words seen in one document (a second entry
    /// with the same words adds its occurrences, not a document).
    pub fn add_in_document(&mut self, words: String, len: u32, count: u64) {
        let t = self.0.entry(words).or_insert(Tally { len, count: 0, documents: 1 });
        t.count += count;
    }

    /// Add every formula of `part`: a formula in both gets the sum of their counts and documents.
    /// Only `part`'s words new to `self` are copied.
    pub fn merge(&mut self, part: &Formulae) {
        for (words, p) in &part.0 {
            match self.0.get_mut(words) {
                Some(t) => {
                    t.count += p.count;
                    t.documents += p.documents;
                }
                None => {
                    self.0.insert(words.clone(), *p);
                }
            }
        }
    }

    /// Keep at most `limit` formulae: drop the least-counted ones (every formula with the count
    /// at the cut, so the result does not depend on ties), raising `floor` to the largest count
    /// dropped.
    pub fn cap(&mut self, floor: &mut u64, limit: usize) {
        if self.0.len() <= limit {
            return;
        }
        let mut counts: Vec<u64> = self.0.values().map(|t| t.count).collect();
        // The count at place `limit` in decreasing order, without sorting them all.
        let (_, &mut cut, _) = counts.select_nth_unstable_by(limit, |a, b| b.cmp(a));
        *floor = (*floor).max(cut);
        self.0.retain(|_, t| t.count > cut);
    }

    /// The formulae in order of their words.
    pub fn iter(&self) -> impl Iterator<Item = FormulaRef<'_>> {
        self.0.iter().map(|(words, t)| FormulaRef { words, len: t.len, count: t.count, documents: t.documents })
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Written as the list of its formulae in order of their words, as when the table was a list.
impl Serialize for Formulae {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Read from a list in any order; a formula listed twice is merged as from two parts.
impl<'de> Deserialize<'de> for Formulae {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut out = Formulae::default();
        for f in Vec::<Formula>::deserialize(d)? {
            let t = out.0.entry(f.words).or_insert(Tally { len: f.len, count: 0, documents: 0 });
            t.count += f.count;
            t.documents += f.documents;
        }
        Ok(out)
    }
}
