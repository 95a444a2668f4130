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

/// Merge two formula lists sorted by words.
pub fn merge_formulae(a: &[Formula], b: &[Formula]) -> Vec<Formula> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.words.cmp(&y.words),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                out.push(a[i].clone());
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j].clone());
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let mut f = a[i].clone();
                f.count += b[j].count;
                f.documents += b[j].documents;
                out.push(f);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// [`merge_formulae`] into `acc`, moving its formulae rather than copying them (only `part`'s are
/// cloned): merging a document into a group costs no allocation per formula of the group.
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
