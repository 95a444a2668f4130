//! An alignment read as variants between a base witness and another.
//!
//! Between two matched tokens, the unmatched tokens of each side form a gap: only base tokens is an
//! omission, only other tokens an insertion, both a substitution — or, when the two runs have the
//! same length and each pair of tokens is within [`Options::near`] edits (and at most half the
//! longer token), a near match per pair ("loval"/"loyal", "II"/"Il"). An omission and an insertion
//! of the same tokens (at least [`Options::min_block`] of them) in different places are one
//! transposition: a passage moved.

use crate::align::Step;
use crate::witness::Witness;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// The kinds of variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Insertion,
    Omission,
    Substitution,
    NearMatch,
    Transposition,
}

impl Kind {
    pub const ALL: [Kind; 5] =
        [Kind::Insertion, Kind::Omission, Kind::Substitution, Kind::NearMatch, Kind::Transposition];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Insertion => "insertion",
            Kind::Omission => "omission",
            Kind::Substitution => "substitution",
            Kind::NearMatch => "near-match",
            Kind::Transposition => "transposition",
        }
    }
}

/// One variant: its kind and the token ranges `[start, end)` in the base and the other witness
/// (an empty range where a side has nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    pub kind: Kind,
    pub base: (usize, usize),
    pub other: (usize, usize),
}

/// Options.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Most character edits for a near match.
    pub near: usize,
    /// Fewest tokens of a transposed block.
    pub min_block: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { near: 2, min_block: 3 }
    }
}

/// Levenshtein distance in characters, stopping early past `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Is `a` a near match of `b`?
fn near(a: &str, b: &str, max: usize) -> bool {
    let longest = a.chars().count().max(b.chars().count());
    let d = edit_distance(a, b, max);
    d > 0 && d <= max && d * 2 <= longest
}

/// The variants of an alignment of `base` and `other`.
pub fn variants(steps: &[Step], base: &Witness, other: &Witness, options: Options) -> Vec<Variant> {
    let mut out = Vec::new();
    let (mut left, mut right): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let flush = |left: &mut Vec<usize>, right: &mut Vec<usize>, out: &mut Vec<Variant>, at: (usize, usize)| {
        let span = |v: &[usize], default: usize| v.first().map_or((default, default), |&f| (f, v[v.len() - 1] + 1));
        let (b, o) = (span(left, at.0), span(right, at.1));
        match (left.is_empty(), right.is_empty()) {
            (true, true) => {}
            (false, true) => out.push(Variant { kind: Kind::Omission, base: b, other: o }),
            (true, false) => out.push(Variant { kind: Kind::Insertion, base: b, other: o }),
            (false, false) => {
                let pairwise = left.len() == right.len()
                    && left
                        .iter()
                        .zip(right.iter())
                        .all(|(&i, &j)| near(&base.tokens[i].norm, &other.tokens[j].norm, options.near));
                if pairwise {
                    for (&i, &j) in left.iter().zip(right.iter()) {
                        out.push(Variant { kind: Kind::NearMatch, base: (i, i + 1), other: (j, j + 1) });
                    }
                } else {
                    out.push(Variant { kind: Kind::Substitution, base: b, other: o });
                }
            }
        }
        left.clear();
        right.clear();
    };
    for s in steps {
        match *s {
            Step::Match(i, j) => flush(&mut left, &mut right, &mut out, (i, j)),
            Step::Left(i) => left.push(i),
            Step::Right(j) => right.push(j),
        }
    }
    flush(&mut left, &mut right, &mut out, (base.tokens.len(), other.tokens.len()));
    transpositions(&mut out, base, other, options.min_block);
    out
}

/// Mark an omission and an insertion of the same tokens as one transposition.
fn transpositions(out: &mut Vec<Variant>, base: &Witness, other: &Witness, min_block: usize) {
    // The block's words: punctuation at either end does not count (". last part" and
    // "last part ." are the same moved block).
    fn key(w: &Witness, r: (usize, usize)) -> Vec<&str> {
        let words = |t: &&crate::witness::Token| t.norm.chars().any(char::is_alphanumeric);
        let toks = &w.tokens[r.0..r.1];
        let (Some(a), Some(b)) = (toks.iter().position(|t| words(&t)), toks.iter().rposition(|t| words(&t))) else {
            return Vec::new();
        };
        toks[a..=b].iter().map(|t| t.norm.as_str()).collect()
    }
    let mut inserted: FxHashMap<Vec<&str>, Vec<usize>> = FxHashMap::default();
    for (k, v) in out.iter().enumerate() {
        if v.kind == Kind::Insertion && v.other.1 - v.other.0 >= min_block {
            let k2 = key(other, v.other);
            if k2.len() >= min_block {
                inserted.entry(k2).or_default().push(k);
            }
        }
    }
    let mut moved = Vec::new();
    for (k, v) in out.iter().enumerate() {
        if v.kind == Kind::Omission && v.base.1 - v.base.0 >= min_block {
            if let Some(list) = inserted.get_mut(&key(base, v.base)) {
                if let Some(ins) = list.pop() {
                    moved.push((k, ins));
                }
            }
        }
    }
    let mut drop = Vec::new();
    for (omission, insertion) in moved {
        let other_range = out[insertion].other;
        out[omission] = Variant { kind: Kind::Transposition, base: out[omission].base, other: other_range };
        drop.push(insertion);
    }
    drop.sort_unstable();
    for k in drop.into_iter().rev() {
        out.remove(k);
    }
}

/// How well `other` covers `base`: matched tokens, recall (matched / base tokens), precision
/// (matched / other tokens), and variants by kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub base: String,
    pub witness: String,
    pub base_tokens: usize,
    pub witness_tokens: usize,
    pub aligned: usize,
    pub recall: f64,
    pub precision: f64,
    pub variants: Vec<(Kind, usize)>,
}

pub fn summary(steps: &[Step], base: &Witness, other: &Witness, variants: &[Variant]) -> Summary {
    let aligned = steps.iter().filter(|s| matches!(s, Step::Match(..))).count();
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Summary {
        base: base.id.clone(),
        witness: other.id.clone(),
        base_tokens: base.tokens.len(),
        witness_tokens: other.tokens.len(),
        aligned,
        recall: ratio(aligned, base.tokens.len()),
        precision: ratio(aligned, other.tokens.len()),
        variants: Kind::ALL.iter().map(|&k| (k, variants.iter().filter(|v| v.kind == k).count())).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::align;
    use crate::witness::{Forms, Normalize};

    fn collate(a: &str, b: &str) -> (Witness, Witness, Vec<Variant>) {
        let (wa, wb) = (Witness::new("a", a, Normalize::loose()), Witness::new("b", b, Normalize::loose()));
        let mut forms = Forms::default();
        let (ia, ib) = (forms.ids(&wa), forms.ids(&wb));
        let steps = align(&ia, &ib);
        let v = variants(&steps, &wa, &wb, Options::default());
        (wa, wb, v)
    }

    fn kinds(v: &[Variant]) -> Vec<Kind> {
        v.iter().map(|v| v.kind).collect()
    }

    #[test]
    fn each_class() {
        let (_, _, v) = collate("the people are loyal to the party", "the people are loval to the party");
        assert_eq!(kinds(&v), [Kind::NearMatch]);
        let (_, _, v) = collate("we shall win", "we shall surely win");
        assert_eq!(kinds(&v), [Kind::Insertion]);
        assert_eq!(v[0].other, (2, 3));
        let (_, _, v) = collate("we shall surely win", "we shall win");
        assert_eq!(kinds(&v), [Kind::Omission]);
        let (_, _, v) = collate("a great victory today", "a glorious triumph today");
        assert_eq!(kinds(&v), [Kind::Substitution]);
        assert_eq!((v[0].base, v[0].other), ((1, 3), (1, 3)));
    }

    #[test]
    fn a_moved_passage_is_a_transposition() {
        let (a, b) = (
            "first part here . the moved block of words . last part there",
            "first part here . last part there . the moved block of words",
        );
        let (_, _, v) = collate(a, b);
        assert!(kinds(&v).contains(&Kind::Transposition), "{v:?}");
    }

    #[test]
    fn edit_distance_bounds() {
        assert_eq!(edit_distance("loval", "loyal", 2), 1);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        // One edit in two letters ("II" / "Il") is near; one in one ("a" / "b") is not.
        assert!(near("II", "Il", 2));
        assert!(near("loval", "loyal", 2));
        assert!(!near("a", "b", 2), "at most half the letters");
    }
}
