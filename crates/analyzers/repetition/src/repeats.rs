//! Maximal repeated n-grams, level by level, in time linear in the number of words per level.
//!
//! Level 1 groups every word by its form. Level n+1 is built only from positions whose n-gram and
//! whose following n-gram both repeat (an (n+1)-gram can only repeat if both its n-gram halves do):
//! the pair (group of the n-gram at p, form at p + n) names the (n+1)-gram's group. Groups seen once
//! are dropped, so the work per level shrinks to the repeated material; a text of N words costs at
//! most N hash-map steps per level and `max_n` levels, never a comparison of every pair of positions.
//!
//! A repeat is reported when it is *maximal*: no repeat one word longer, to the right or to the
//! left, has the same number of occurrences (then every occurrence extends the same way, and the
//! longer repeat says everything the shorter one does). A repeat longer than `max_n` is reported once,
//! by its first `max_n` words. Occurrences may overlap ("the the the" holds "the the" twice).

use rustc_hash::FxHashMap;

const NONE: u32 = u32::MAX;

/// A maximal repeat: its length in words and the word positions where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub len: usize,
    pub starts: Vec<u32>,
}

/// The maximal repeats of `forms` of `min_n..=max_n` words whose words lie in one unit (`units[p]`
/// equal for all of them), in order of length, then of first occurrence.
pub fn maximal_repeats(forms: &[u32], units: &[u32], min_n: usize, max_n: usize) -> Vec<Repeat> {
    let n_words = forms.len();
    let mut out = Vec::new();
    if n_words < 2 || max_n < 1 {
        return out;
    }
    // Level 1: group by form, keep forms seen twice or more.
    let mut ids: FxHashMap<u32, u32> = FxHashMap::default();
    let mut counts: Vec<u32> = Vec::new();
    let mut gid: Vec<u32> = forms
        .iter()
        .map(|f| {
            let next = counts.len() as u32;
            let g = *ids.entry(*f).or_insert(next);
            if g == next {
                counts.push(0);
            }
            counts[g as usize] += 1;
            g
        })
        .collect();
    drop(ids);
    keep_repeated(&mut gid, &mut counts);
    let mut len = 1;
    loop {
        // The next level, with each new group's prefix and suffix group at this level.
        let last_level = len == max_n;
        // The next level is built at the last level too, to tell where a longer repeat starts.
        let (next, next_counts, prefix, suffix) = next_level(forms, units, &gid, len);
        if len >= min_n {
            // Groups of this level that a group of the next level extends with every occurrence.
            // At `max_n` only extension to the left counts: a longer repeat is then reported once,
            // by its first `max_n` words, not by every window of it.
            let mut extended = vec![false; counts.len()];
            for (h, &c) in next_counts.iter().enumerate() {
                let sides = if last_level { [suffix[h], suffix[h]] } else { [prefix[h], suffix[h]] };
                for g in sides {
                    if counts[g as usize] == c {
                        extended[g as usize] = true;
                    }
                }
            }
            collect(&gid, &counts, &extended, len, &mut out);
        }
        if last_level || next_counts.is_empty() {
            break;
        }
        gid = next;
        counts = next_counts;
        len += 1;
    }
    out
}

/// Drop groups seen once: their positions become `NONE`; the rest are renumbered densely in order
/// of first occurrence.
fn keep_repeated(gid: &mut [u32], counts: &mut Vec<u32>) {
    let mut renumber = vec![NONE; counts.len()];
    let mut kept = Vec::new();
    for g in gid.iter_mut() {
        if *g == NONE {
            continue;
        }
        let c = counts[*g as usize];
        if c < 2 {
            *g = NONE;
            continue;
        }
        if renumber[*g as usize] == NONE {
            renumber[*g as usize] = kept.len() as u32;
            kept.push(c);
        }
        *g = renumber[*g as usize];
    }
    *counts = kept;
}

/// Level `len + 1` from level `len`: (groups by position, counts, prefix group, suffix group).
fn next_level(forms: &[u32], units: &[u32], gid: &[u32], len: usize) -> (Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>) {
    let n_words = forms.len();
    let mut next = vec![NONE; n_words];
    let mut ids: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut counts: Vec<u32> = Vec::new();
    let mut prefix: Vec<u32> = Vec::new();
    for p in 0..n_words.saturating_sub(len) {
        let (a, b) = (gid[p], gid[p + 1]);
        if a == NONE || b == NONE || units[p] != units[p + len] {
            continue;
        }
        let key = (a, forms[p + len]);
        let fresh = counts.len() as u32;
        let h = *ids.entry(key).or_insert(fresh);
        if h == fresh {
            counts.push(0);
            prefix.push(a);
        }
        counts[h as usize] += 1;
        next[p] = h;
    }
    // The suffix group of each new group: the level-`len` group at p + 1 of any occurrence (all
    // occurrences agree, since the (len+1)-gram fixes its last `len` words).
    let mut suffix = vec![NONE; counts.len()];
    for p in 0..n_words {
        let h = next[p];
        if h != NONE && suffix[h as usize] == NONE {
            suffix[h as usize] = gid[p + 1];
        }
    }
    // Renumber to the repeated groups only, carrying prefix and suffix along.
    let mut renumber = vec![NONE; counts.len()];
    let (mut kept, mut kept_prefix, mut kept_suffix) = (Vec::new(), Vec::new(), Vec::new());
    for h in next.iter_mut() {
        if *h == NONE {
            continue;
        }
        let old = *h as usize;
        if counts[old] < 2 {
            *h = NONE;
            continue;
        }
        if renumber[old] == NONE {
            renumber[old] = kept.len() as u32;
            kept.push(counts[old]);
            kept_prefix.push(prefix[old]);
            kept_suffix.push(suffix[old]);
        }
        *h = renumber[old];
    }
    (next, kept, kept_prefix, kept_suffix)
}

/// Push the maximal groups of this level, their starts in order.
fn collect(gid: &[u32], counts: &[u32], extended: &[bool], len: usize, out: &mut Vec<Repeat>) {
    let mut slot = vec![NONE; counts.len()];
    let base = out.len();
    for (p, &g) in gid.iter().enumerate() {
        if g == NONE || extended[g as usize] {
            continue;
        }
        let s = &mut slot[g as usize];
        if *s == NONE {
            *s = (out.len() - base) as u32;
            out.push(Repeat { len, starts: Vec::with_capacity(counts[g as usize] as usize) });
        }
        out[base + *s as usize].starts.push(p as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Repeats of a space-separated text, as (words, starts), one unit per `|`.
    fn check(text: &str, min_n: usize, max_n: usize, expected: &[(&str, &[u32])]) {
        let mut forms = Vec::new();
        let mut units = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        let mut unit = 0;
        for w in text.split_whitespace() {
            if w == "|" {
                unit += 1;
                continue;
            }
            let id = names.iter().position(|n| *n == w).unwrap_or_else(|| {
                names.push(w);
                names.len() - 1
            });
            forms.push(id as u32);
            units.push(unit);
        }
        let got: Vec<(String, Vec<u32>)> = maximal_repeats(&forms, &units, min_n, max_n)
            .into_iter()
            .map(|r| {
                let s = r.starts[0] as usize;
                let words: Vec<&str> = forms[s..s + r.len].iter().map(|&f| names[f as usize]).collect();
                (words.join(" "), r.starts)
            })
            .collect();
        let want: Vec<(String, Vec<u32>)> = expected.iter().map(|(w, s)| (w.to_string(), s.to_vec())).collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn maximal_repeats_only() {
        // "a b c" twice: "a b" and "b c" are inside it with the same two occurrences.
        check("a b c x a b c y", 2, 12, &[("a b c", &[0, 4])]);
        // "a b" occurs three times, "a b c" twice: both are maximal.
        check("a b c x a b c y a b z", 2, 12, &[("a b", &[0, 4, 8]), ("a b c", &[0, 4])]);
        // Left extension with the same occurrences suppresses the shorter repeat.
        check("x a b y x a b z", 2, 12, &[("x a b", &[0, 4])]);
        // Nothing repeats.
        check("a b c d e f", 2, 12, &[]);
    }

    #[test]
    fn single_words_when_asked_and_overlaps() {
        // "the" occurs three times and "the the" twice (overlapping): both are maximal.
        check("the the the", 1, 12, &[("the", &[0, 1, 2]), ("the the", &[0, 1])]);
        check("a x a y", 1, 12, &[("a", &[0, 2])]);
    }

    #[test]
    fn units_bound_repeats_and_max_n_caps_them() {
        // The second "b c" would cross a unit boundary, so only "a b" repeats.
        check("a b c | x a b | c", 2, 12, &[("a b", &[0, 4])]);
        // A five-word repeat reported once, by its first three words.
        check("a b c d e x a b c d e", 2, 3, &[("a b c", &[0, 6])]);
    }

    #[test]
    fn agrees_with_brute_force_on_generated_texts() {
        // A small alphabet makes many repeats; compare with a quadratic reference.
        let mut x: u64 = 7;
        for round in 0..30 {
            let n = 20 + round * 7;
            let forms: Vec<u32> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((x >> 33) % 4) as u32
                })
                .collect();
            let units = vec![0; n];
            let got = maximal_repeats(&forms, &units, 2, 6);
            assert_eq!(got, brute(&forms, 2, 6), "round {round}");
        }
    }

    fn brute(forms: &[u32], min_n: usize, max_n: usize) -> Vec<Repeat> {
        let starts_of = |g: &[u32]| -> Vec<u32> {
            (0..=forms.len() - g.len()).filter(|&p| &forms[p..p + g.len()] == g).map(|p| p as u32).collect()
        };
        let mut out = Vec::new();
        for len in min_n..=max_n.min(forms.len()) {
            let mut seen: Vec<&[u32]> = Vec::new();
            for p in 0..=forms.len() - len {
                let g = &forms[p..p + len];
                if seen.contains(&g) {
                    continue;
                }
                seen.push(g);
                let starts = starts_of(g);
                if starts.len() < 2 {
                    continue;
                }
                let c = starts.len();
                let right = len < max_n
                    && starts.iter().all(|&s| {
                        let s = s as usize;
                        s + len < forms.len() && forms[s + len] == forms[starts[0] as usize + len]
                    });
                let left = starts.iter().all(|&s| s > 0 && forms[s as usize - 1] == forms[starts[0] as usize - 1]);
                let extended = (right || left) && c >= 2;
                if !extended {
                    out.push(Repeat { len, starts });
                }
            }
        }
        out
    }
}
