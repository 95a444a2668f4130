//! The group and corpus formulae table: repeats of `formula_min_n` words or more found within
//! documents, merged by their words, counts summed and documents counted, capped at `corpus_cap`.

use serde::{Deserialize, Serialize};

/// A formula in a group's table: its normalized words, occurrences and documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Formula {
    pub words: String,
    pub len: u32,
    pub count: u64,
    pub documents: u64,
}

/// Merge `part` into `acc`, both sorted by words: a formula in both gets the sum of their counts and
/// documents. `acc`'s formulae are moved rather than copied (only `part`'s are cloned): merging a
/// document into a group costs no allocation per formula of the group.
pub fn merge_into(acc: &mut Vec<Formula>, part: &[Formula]) {
    if part.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(acc.len() + part.len());
    let mut b = part.iter().peekable();
    for f in acc.drain(..) {
        while let Some(y) = b.next_if(|y| y.words < f.words) {
            out.push(y.clone());
        }
        match b.next_if(|y| y.words == f.words) {
            Some(y) => out.push(Formula { count: f.count + y.count, documents: f.documents + y.documents, ..f }),
            None => out.push(f),
        }
    }
    out.extend(b.cloned());
    *acc = out;
}

/// Keep at most `limit` formulae: drop the least-counted ones (every formula with the count at the
/// cut, so the result does not depend on ties), raising `floor` to the largest count dropped.
pub fn cap(list: &mut Vec<Formula>, floor: &mut u64, limit: usize) {
    if list.len() <= limit {
        return;
    }
    let mut counts: Vec<u64> = list.iter().map(|f| f.count).collect();
    // The count at place `limit` in decreasing order, without sorting them all.
    let (_, &mut cut, _) = counts.select_nth_unstable_by(limit, |a, b| b.cmp(a));
    *floor = (*floor).max(cut);
    list.retain(|f| f.count > cut);
}
