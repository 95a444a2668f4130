//! Order-preserving alignment of two token sequences (as interned form ids).
//!
//! 1. Common prefix and suffix are matched.
//! 2. Tokens that occur exactly once in each side are anchors candidates; the longest increasing
//!    run of them (patience sorting) is matched, and the gaps between anchors are aligned the same
//!    way, recursively.
//! 3. A gap with no unique anchor is aligned by an exact longest common subsequence when it is
//!    small (at most [`DP_CELLS`] cells), else left as an omission and an insertion.
//!
//! Time and memory are near-linear for witnesses that mostly agree (a few per cent of variation);
//! no table over the whole witnesses is ever built.

use rustc_hash::FxHashMap;

/// One step of an alignment: a token of each side (a match), or of one side only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Match(usize, usize),
    /// Only in the first sequence (the base).
    Left(usize),
    /// Only in the second.
    Right(usize),
}

/// Largest gap aligned by the exact LCS table (cells).
pub const DP_CELLS: usize = 4_000_000;

/// Align `a` and `b`.
pub fn align(a: &[u32], b: &[u32]) -> Vec<Step> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    gap(a, b, 0, a.len(), 0, b.len(), &mut out);
    out
}

fn gap(a: &[u32], b: &[u32], mut a0: usize, mut a1: usize, mut b0: usize, mut b1: usize, out: &mut Vec<Step>) {
    // Common prefix.
    while a0 < a1 && b0 < b1 && a[a0] == b[b0] {
        out.push(Step::Match(a0, b0));
        a0 += 1;
        b0 += 1;
    }
    // Common suffix, pushed after the middle.
    let mut suffix = 0;
    while a0 < a1 && b0 < b1 && a[a1 - 1] == b[b1 - 1] {
        a1 -= 1;
        b1 -= 1;
        suffix += 1;
    }
    if a0 == a1 {
        out.extend((b0..b1).map(Step::Right));
    } else if b0 == b1 {
        out.extend((a0..a1).map(Step::Left));
    } else {
        let anchors = unique_anchors(a, b, a0, a1, b0, b1);
        if anchors.is_empty() {
            small(a, b, a0, a1, b0, b1, out);
        } else {
            let (mut pa, mut pb) = (a0, b0);
            for (i, j) in anchors {
                gap(a, b, pa, i, pb, j, out);
                out.push(Step::Match(i, j));
                (pa, pb) = (i + 1, j + 1);
            }
            gap(a, b, pa, a1, pb, b1, out);
        }
    }
    out.extend((0..suffix).map(|k| Step::Match(a1 + k, b1 + k)));
}

/// Tokens once in `a[a0..a1]` and once in `b[b0..b1]`, the longest chain increasing in both.
fn unique_anchors(a: &[u32], b: &[u32], a0: usize, a1: usize, b0: usize, b1: usize) -> Vec<(usize, usize)> {
    // Per form: (count in a, position in a, count in b, position in b).
    let mut seen: FxHashMap<u32, (u32, usize, u32, usize)> = FxHashMap::default();
    for (i, &f) in a[a0..a1].iter().enumerate() {
        let e = seen.entry(f).or_insert((0, 0, 0, 0));
        e.0 += 1;
        e.1 = a0 + i;
    }
    for (j, &f) in b[b0..b1].iter().enumerate() {
        if let Some(e) = seen.get_mut(&f) {
            e.2 += 1;
            e.3 = b0 + j;
        }
    }
    let mut pairs: Vec<(usize, usize)> = seen.values().filter(|e| e.0 == 1 && e.2 == 1).map(|e| (e.1, e.3)).collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest chain of `pairs` (sorted by first) increasing in second: patience sorting.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new(); // index into pairs of the tail of each pile
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let pile = tails.partition_point(|&t| pairs[t].1 < j);
        prev[k] = pile.checked_sub(1).map(|p| tails[p]);
        if pile == tails.len() {
            tails.push(k);
        } else {
            tails[pile] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied();
    while let Some(i) = k {
        chain.push(pairs[i]);
        k = prev[i];
    }
    chain.reverse();
    chain
}

/// A gap without unique anchors: exact LCS when small enough, else all of `a` then all of `b`.
fn small(a: &[u32], b: &[u32], a0: usize, a1: usize, b0: usize, b1: usize, out: &mut Vec<Step>) {
    let (n, m) = (a1 - a0, b1 - b0);
    if n.saturating_mul(m) > DP_CELLS {
        out.extend((a0..a1).map(Step::Left));
        out.extend((b0..b1).map(Step::Right));
        return;
    }
    // lcs[i][j]: LCS length of a[a0+i..a1] and b[b0+j..b1].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[a0 + i] == b[b0 + j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[a0 + i] == b[b0 + j] && lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1 {
            out.push(Step::Match(a0 + i, b0 + j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            out.push(Step::Left(a0 + i));
            i += 1;
        } else {
            out.push(Step::Right(b0 + j));
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<u32> {
        s.split(' ').map(|w| w.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))).collect()
    }

    fn shape(steps: &[Step]) -> String {
        steps
            .iter()
            .map(|s| match s {
                Step::Match(..) => '=',
                Step::Left(_) => '-',
                Step::Right(_) => '+',
            })
            .collect()
    }

    #[test]
    fn matches_insertions_and_omissions() {
        let (a, b) = (ids("the black cat sat on the mat"), ids("the cat sat on the red mat"));
        assert_eq!(shape(&align(&a, &b)), "=-====+=");
        // Every token of each side appears once, in order.
        let steps = align(&a, &b);
        let left: Vec<usize> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Match(i, _) | Step::Left(i) => Some(*i),
                _ => None,
            })
            .collect();
        assert_eq!(left, (0..a.len()).collect::<Vec<_>>());
    }

    #[test]
    fn repeated_words_without_anchors_use_the_exact_lcs() {
        let (a, b) = (ids("a b a b a"), ids("b a b a b"));
        let steps = align(&a, &b);
        assert_eq!(steps.iter().filter(|s| matches!(s, Step::Match(..))).count(), 4);
    }

    #[test]
    fn long_witnesses_align_in_near_linear_time() {
        // 100,000 tokens with a change every 50: the alignment finds every unchanged token.
        let a: Vec<u32> = (0..100_000).collect();
        let b: Vec<u32> = (0..100_000).map(|i| if i % 50 == 7 { 1_000_000 + i } else { i }).collect();
        let steps = align(&a, &b);
        assert_eq!(steps.iter().filter(|s| matches!(s, Step::Match(..))).count(), 98_000);
    }
}
