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
/// equal for all of them; an empty `units` makes the whole text one unit), in order of length,
/// then of first occurrence.
pub fn maximal_repeats(forms: &[u32], units: &[u32], min_n: usize, max_n: usize) -> Vec<Repeat> {
    let n_words = forms.len();
    let mut out = Vec::new();
    if n_words < 2 || max_n < 1 {
        return out;
    }
    // Level 1: group by form, keep forms seen twice or more.
    let (mut gid, types) = crate::word_forms::dense(forms);
    let mut counts = vec![0u32; types];
    for &g in &gid {
        counts[g as usize] += 1;
    }
    let mut level = Level::default();
    keep_repeated(&mut gid, &counts, &mut level);
    drop(counts);
    let mut len = 1;
    loop {
        // The next level, with each new group's prefix and suffix group at this level. It is
        // built at the last level too, to tell where a longer repeat starts.
        let last_level = len == max_n;
        let (next, next_groups) = next_level(forms, units, &gid, &level, len);
        if len >= min_n {
            // Groups of this level that a group of the next level extends with every occurrence.
            // At `max_n` only extension to the left counts: a longer repeat is then reported once,
            // by its first `max_n` words, not by every window of it.
            let mut extended = vec![false; level.counts.len()];
            for (h, &c) in next.counts.iter().enumerate() {
                let sides =
                    if last_level { [next.suffix[h], next.suffix[h]] } else { [next.prefix[h], next.suffix[h]] };
                for g in sides {
                    if level.counts[g as usize] == c {
                        extended[g as usize] = true;
                    }
                }
            }
            collect(&gid, &level, &extended, len, &mut out);
        }
        if last_level || next.counts.is_empty() {
            break;
        }
        // `gid` holds the next level: clear this level's positions, write the next one's.
        for &p in &level.positions {
            gid[p as usize] = NONE;
        }
        for (&p, &g) in next.positions.iter().zip(&next_groups) {
            gid[p as usize] = g;
        }
        level = next;
        len += 1;
    }
    out
}

/// The repeated n-grams of one length: the positions where one starts (in order; their groups are
/// in `gid`), each group's count, and (from the second level on) each group's prefix and suffix
/// group at the level below. Only these positions are visited, so the work shrinks with the level.
#[derive(Debug, Default)]
struct Level {
    positions: Vec<u32>,
    counts: Vec<u32>,
    prefix: Vec<u32>,
    suffix: Vec<u32>,
}

/// Level 1 from the form groups: drop groups seen once (their positions become `NONE`) and
/// renumber the rest densely in order of first occurrence.
fn keep_repeated(gid: &mut [u32], counts: &[u32], level: &mut Level) {
    let mut renumber = vec![NONE; counts.len()];
    let mut kept = Vec::new();
    for (p, g) in gid.iter_mut().enumerate() {
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
        level.positions.push(p as u32);
    }
    level.counts = kept;
}

/// Level `len + 1` from level `len` (whose groups `gid` holds by position, `NONE` elsewhere), and
/// the group of each of its positions.
fn next_level(forms: &[u32], units: &[u32], gid: &[u32], level: &Level, len: usize) -> (Level, Vec<u32>) {
    let n_words = forms.len();
    // Sized for every position at once (up to 2^17), so the table never grows on a usual document.
    let mut ids: FxHashMap<(u32, u32), u32> =
        FxHashMap::with_capacity_and_hasher(level.positions.len().min(1 << 17), rustc_hash::FxBuildHasher);
    let (mut counts, mut prefix, mut suffix) = (Vec::new(), Vec::new(), Vec::new());
    // The group of the (len+1)-gram at each position of this level, NONE where there is none.
    let mut groups: Vec<u32> = Vec::with_capacity(level.positions.len());
    for &p in &level.positions {
        let p = p as usize;
        let b = if p + len < n_words { gid[p + 1] } else { NONE };
        if b == NONE || (!units.is_empty() && units[p] != units[p + len]) {
            groups.push(NONE);
            continue;
        }
        let a = gid[p];
        let fresh = counts.len() as u32;
        let h = *ids.entry((a, forms[p + len])).or_insert(fresh);
        if h == fresh {
            counts.push(0);
            prefix.push(a);
            // Every occurrence has the same last `len` words, so any gives the suffix group.
            suffix.push(b);
        }
        counts[h as usize] += 1;
        groups.push(h);
    }
    drop(ids);
    // Keep the repeated groups only, renumbered in order of first occurrence; `groups` is
    // compacted in place to the kept positions.
    let mut renumber = vec![NONE; counts.len()];
    let mut next = Level::default();
    let mut kept = 0;
    for i in 0..groups.len() {
        let h = groups[i];
        if h == NONE || counts[h as usize] < 2 {
            continue;
        }
        let old = h as usize;
        if renumber[old] == NONE {
            renumber[old] = next.counts.len() as u32;
            next.counts.push(counts[old]);
            next.prefix.push(prefix[old]);
            next.suffix.push(suffix[old]);
        }
        next.positions.push(level.positions[i]);
        groups[kept] = renumber[old];
        kept += 1;
    }
    groups.truncate(kept);
    (next, groups)
}

/// Push the maximal groups of this level, their starts in order.
fn collect(gid: &[u32], level: &Level, extended: &[bool], len: usize, out: &mut Vec<Repeat>) {
    let mut slot = vec![NONE; level.counts.len()];
    let base = out.len();
    for &p in &level.positions {
        let g = gid[p as usize];
        if extended[g as usize] {
            continue;
        }
        let s = &mut slot[g as usize];
        if *s == NONE {
            *s = (out.len() - base) as u32;
            out.push(Repeat { len, starts: Vec::with_capacity(level.counts[g as usize] as usize) });
        }
        out[base + *s as usize].starts.push(p);
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
