//! Passages shared by two documents: word sequences of at least `min_n` words found in both (a
//! speech reprinted in a newspaper, a paragraph copied from one address to the next).
//!
//! Each document is fingerprinted alone ([`winnow`]): every run of `k` words is hashed from the
//! words' text, and of every `window` consecutive runs the least hash is kept, `k + window - 1`
//! being `min_n`, so that any passage of `min_n` words two documents share gives both the same
//! fingerprint. A shard makes its documents' fingerprints, so the search needs no other shard's
//! tokens ([`rhetor_analyzer::Analyzer::prints`]); one run makes the same ones.
//!
//! The search ([`shared_passages`]) groups equal fingerprints (a table of two-bit cells first drops
//! most of those seen once, then the rest are sorted by hash); each pair of places in two
//! documents is checked word by word (so a hash collision never reports a passage) and extended
//! both ways to its maximal length, unless it lies in a passage already found on that alignment.
//! Time: a pass over the fingerprints, a sort of those whose slot is hit twice, about `min_n +
//! window` steps for each of their places, one step per pair of places (a lookup among the
//! passages found on its alignment), and the length of each passage, extended once. Memory: about
//! a byte per word for the table, eight per fingerprint kept, and the passages found (twice: as
//! results and by alignment). (Words past the first 2³² of the corpus are not read for shared
//! passages.)
//!
//! A run of `min_n` words found in more than `max_occurrences` places is common phrasing ("the
//! state of the union is") rather than a copied passage: its pairs are not visited, which keeps the work
//! from growing with the square of the number of places. A longer shared passage around it is
//! still found, whole, from its other fingerprints.
//!
//! Documents with identical word sequences (a corpus holding the same file twice) are compared once
//! ([`shared`]): each pair of copies shares its whole text, and a passage their text shares with
//! another text counts once for each pair of documents, without being searched for again; common
//! phrasing is then counted over the distinct texts.

use rayon::prelude::*;
use rhetor_analyzer::{Print, PrintsOf};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// A passage two documents share: word positions in each and its length in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    pub a: usize,
    pub a_start: usize,
    pub b: usize,
    pub b_start: usize,
    pub len: usize,
}

/// Shared passages of a corpus: the total, and the longest `keep` (longest first, then by
/// documents and positions; documents `a < b` in each pair).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    pub total: u64,
    pub longest: Vec<Passage>,
}

/// The passages `docs` (each a sequence of form ids, its fingerprints `prints(i)`, made with runs
/// of `k` words of the hashes `word_hash` gives) share. Documents with identical word sequences are compared once: each pair of them shares its whole text (one passage; the text's
/// own repeats are the repeats table's business), and every passage their text shares with another
/// text is one passage for each pair of copies. Common phrasing is counted over the distinct texts.
pub fn shared(
    docs: &[&[u32]],
    prints: &PrintsOf<'_>,
    min_n: usize,
    k: usize,
    max_occurrences: usize,
    keep: usize,
    word_hash: &dyn Fn(u32) -> u64,
) -> Shared {
    if min_n == 0 || docs.len() < 2 {
        return Shared::default();
    }
    // Classes of identical texts, each led by its first document.
    let mut by_text: FxHashMap<&[u32], usize> = FxHashMap::default();
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for (d, words) in docs.iter().enumerate() {
        let class = *by_text.entry(words).or_insert(classes.len());
        if class == classes.len() {
            classes.push(Vec::new());
        }
        classes[class].push(d);
    }
    drop(by_text);
    let leaders: Vec<&[u32]> = classes.iter().map(|c| docs[c[0]]).collect();
    let leader_prints: Vec<std::borrow::Cow<'_, [Print]>> = classes.par_iter().map(|c| prints(c[0])).collect();
    let leader_prints: Vec<&[Print]> = leader_prints.iter().map(|p| &**p).collect();
    // Groups of passages that share one length: a passage between two texts, or the whole text of
    // a class with copies; each stands for one passage per pair of their documents.
    let mut groups: Vec<(usize, Option<Passage>, usize)> = Vec::new(); // (len, passage among leaders, class)
    for p in shared_passages(&leaders, &leader_prints, min_n, k, max_occurrences, word_hash) {
        groups.push((p.len, Some(p), 0));
    }
    for (k, c) in classes.iter().enumerate() {
        if c.len() > 1 && docs[c[0]].len() >= min_n {
            groups.push((docs[c[0]].len(), None, k));
        }
    }
    let size = |g: &(usize, Option<Passage>, usize)| -> u64 {
        match g.1 {
            Some(p) => (classes[p.a].len() * classes[p.b].len()) as u64,
            None => {
                let m = classes[g.2].len() as u64;
                m * (m - 1) / 2
            }
        }
    };
    let total = groups.iter().map(size).sum();
    // Expand only the groups as long as the `keep`-th longest passage.
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    let (mut expanded, mut cut) = (0u64, 0usize);
    for g in &groups {
        if expanded >= keep as u64 && g.0 < cut {
            break;
        }
        expanded += size(g);
        cut = g.0;
    }
    let mut longest = Vec::new();
    for g in groups.iter().take_while(|g| g.0 >= cut && keep > 0) {
        match g.1 {
            // A class's documents are in ascending order, and only the first `keep` pairs of a
            // group (by documents) can be among the `keep` kept: a document past the first `keep`
            // of its class pairs after `keep` pairs of the same length that hold an earlier one.
            // So a group adds at most keep² candidates, however many copies a text has.
            Some(p) => {
                for &a in classes[p.a].iter().take(keep) {
                    for &b in classes[p.b].iter().take(keep) {
                        longest.push(if a < b {
                            Passage { a, a_start: p.a_start, b, b_start: p.b_start, len: p.len }
                        } else {
                            Passage { a: b, a_start: p.b_start, b: a, b_start: p.a_start, len: p.len }
                        });
                    }
                }
            }
            None => {
                let c = &classes[g.2];
                let mut added = 0;
                'pairs: for (i, &a) in c.iter().enumerate() {
                    for &b in &c[i + 1..] {
                        if added == keep {
                            break 'pairs;
                        }
                        longest.push(Passage { a, a_start: 0, b, b_start: 0, len: g.0 });
                        added += 1;
                    }
                }
            }
        }
    }
    longest.sort_by_key(|p| (std::cmp::Reverse(p.len), p.a, p.b, p.a_start, p.b_start));
    longest.truncate(keep);
    Shared { total, longest }
}

/// A word's hash for fingerprints: FNV-1a (64 bits) of its form's text, the same in every shard
/// and on every machine.
pub fn word_hash(form: &str) -> u64 {
    rhetor_doc::fnv1a(form.as_bytes())
}

/// The fingerprints of a document whose words have the hashes `words` ([`word_hash`]): each run
/// of `k` words gets a rolling polynomial hash (its top 32 bits kept), and of every `window`
/// consecutive runs the one with the least hash (the last of equals) is kept, once: winnowing
/// (Schleimer, Wilkerson and Aiken, 2003). A window's choice depends on its words alone, so two
/// documents that share `k + window - 1` words in a row share a fingerprint there, at the same
/// place in the passage; about `2 / (window + 1)` of the runs are kept. A document shorter than
/// `k` words has none.
pub fn winnow(words: &[u64], k: usize, window: usize) -> Vec<Print> {
    let runs = run_hashes(words, k);
    if runs.is_empty() {
        return Vec::new();
    }
    let window = window.clamp(1, runs.len());
    let mut out: Vec<Print> = Vec::with_capacity(runs.len() * 2 / (window + 1) + 1);
    for start in 0..=runs.len() - window {
        let best = chosen(&runs[start..start + window]) + start;
        if out.last().is_none_or(|p| p.at as usize != best) {
            out.push(Print { at: best as u32, hash: runs[best] });
        }
    }
    out
}

/// The hash of every run of `k` of `words` (word hashes), in order: [`rolling`]'s top 32 bits.
fn run_hashes(words: &[u64], k: usize) -> Vec<u32> {
    let mut runs = Vec::with_capacity((words.len() + 1).saturating_sub(k));
    rolling(words, k, |h| runs.push((h >> 32) as u32));
    runs
}

/// Call `f` with the hash of every run of `k` of `values`, in order: a polynomial hash of the mixed
/// values, rolled one value at a time.
fn rolling(values: &[u64], k: usize, mut f: impl FnMut(u64)) {
    if k == 0 || values.len() < k {
        return;
    }
    let mix = |w: u64| (w ^ 0x5851_f42d_4c95_7f2d).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    const BASE: u64 = 0x0000_0100_0000_01b3;
    let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut h = values[..k].iter().fold(0u64, |h, &w| h.wrapping_mul(BASE).wrapping_add(mix(w)));
    f(h);
    for p in 1..=values.len() - k {
        h = h
            .wrapping_sub(mix(values[p - 1]).wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(mix(values[p + k - 1]));
        f(h);
    }
}

/// The run a window of run hashes chooses: the least, the last of equals.
fn chosen(window: &[u32]) -> usize {
    let mut best = 0;
    for (i, &h) in window.iter().enumerate().skip(1) {
        if h <= window[best] {
            best = i;
        }
    }
    best
}

/// The shared passages of `docs` (each a sequence of form ids, with its fingerprints in `prints`
/// from [`winnow`] with runs of `k` words; `word_hash` the hash each form id's text was given), of
/// `min_n` words or more, longest first, then by
/// documents and positions; documents `a < b` in each pair.
///
/// Fingerprints found in two places or more (a table of two-bit cells first drops most of those
/// found once) are sorted by hash; each pair of their places in two documents is checked word by
/// word (a hash collision never reports a passage) and extended both ways to the passage's whole
/// length, unless it lies in a passage already found on the same alignment of the same documents.
/// So each passage is found once, whichever of its fingerprints comes first. A run of `min_n`
/// words found in more than `max_occurrences` places seeds nothing, whatever the window: the
/// passages found are those of comparing every run of `min_n` words, and extension passes over
/// common phrasing.
pub fn shared_passages(
    docs: &[&[u32]],
    prints: &[&[Print]],
    min_n: usize,
    k: usize,
    max_occurrences: usize,
    word_hash: &dyn Fn(u32) -> u64,
) -> Vec<Passage> {
    if min_n == 0 || k == 0 || docs.len() < 2 {
        return Vec::new();
    }
    let mut offsets: Vec<u64> = Vec::with_capacity(docs.len() + 1);
    let mut base = 0u64;
    for words in docs {
        offsets.push(base);
        base += words.len() as u64;
    }
    let read = |d: usize| docs[d].len() >= min_n && offsets[d] + docs[d].len() as u64 <= u64::from(u32::MAX);
    let of =
        |d: usize| prints.get(d).copied().unwrap_or(&[]).iter().filter(move |p| p.at as usize + k <= docs[d].len());
    let total: usize = (0..docs.len()).filter(|&d| read(d)).map(|d| of(d).count()).sum();
    // Two bits per slot, about eight slots per fingerprint: 0 unseen, 1 hit once, 3 hit more often.
    let slots = (total.max(1) * 8).next_power_of_two().min(1 << 30);
    let slot = |h: u32| (h as usize) & (slots - 1);
    let mut cells = vec![0u64; slots.div_ceil(32)];
    for d in (0..docs.len()).filter(|&d| read(d)) {
        for p in of(d) {
            let (i, shift) = (slot(p.hash) / 32, slot(p.hash) % 32 * 2);
            let cell = (cells[i] >> shift) & 3;
            cells[i] |= (1 | ((cell << 1) & 2)) << shift;
        }
    }
    // Each kept fingerprint as one u64: its hash, then its index among all the corpus's words (so
    // equal hashes sort together, in document and position order).
    let mut kept: Vec<u64> = Vec::new();
    for d in (0..docs.len()).filter(|&d| read(d)) {
        for p in of(d) {
            if (cells[slot(p.hash) / 32] >> (slot(p.hash) % 32 * 2)) & 2 != 0 {
                kept.push((u64::from(p.hash) << 32) | (offsets[d] + u64::from(p.at)));
            }
        }
    }
    drop(cells);
    kept.sort_unstable();
    let place = |r: u64| -> (u32, u32) {
        let i = r & 0xffff_ffff;
        let d = offsets.partition_point(|&o| o <= i) - 1;
        (d as u32, (i - offsets[d]) as u32)
    };
    // The passages found on each alignment (documents, and the offset of b's place from a's), as
    // a's start to end: a pair inside one is skipped, so each passage is extended once.
    let mut found: FxHashMap<(u32, u32, i64), BTreeMap<usize, usize>> = FxHashMap::default();
    let mut out = Vec::new();
    // Check a pair of places (x in the earlier document) word by word and extend it to its passage.
    let mut visit = |x: (u32, u32), y: (u32, u32)| {
        let (da, db) = (docs[x.0 as usize], docs[y.0 as usize]);
        let (mut pa, mut pb) = (x.1 as usize, y.1 as usize);
        let key = (x.0, y.0, pb as i64 - pa as i64);
        let inside = |spans: &BTreeMap<usize, usize>| spans.range(..=pa).next_back().is_some_and(|(_, &e)| pa < e);
        if found.get(&key).is_some_and(inside) || da[pa..pa + k] != db[pb..pb + k] {
            return;
        }
        let mut len = k + da[pa + k..].iter().zip(&db[pb + k..]).take_while(|(u, v)| u == v).count();
        while pa > 0 && pb > 0 && da[pa - 1] == db[pb - 1] {
            (pa, pb, len) = (pa - 1, pb - 1, len + 1);
        }
        found.entry(key).or_default().insert(pa, pa + len);
        if len >= min_n {
            out.push(Passage { a: x.0 as usize, a_start: pa, b: y.0 as usize, b_start: pb, len });
        }
    };
    let window = min_n + 1 - k;
    let mut group: Vec<(u32, u32)> = Vec::new();
    // (offset in the run of min_n words, the run's hash, document, position)
    let mut runs: Vec<(u32, u64, u32, u32)> = Vec::new();
    let (mut near, mut ids, mut choices, mut keys): (Vec<u64>, Vec<u64>, Vec<u32>, Vec<u64>) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for g in kept.chunk_by(|x, y| x >> 32 == y >> 32) {
        if g.len() < 2 {
            continue;
        }
        group.clear();
        group.extend(g.iter().map(|&r| place(r)));
        if group.iter().all(|r| r.0 == group[0].0) {
            continue;
        }
        // The fingerprint's places by the run of min_n words each was chosen in: at offset j of
        // the run, for each j below the window that chose it there (the runs of k words around
        // it hashed again, from the words' text). Every place of a run of min_n words has its
        // fingerprint at the same offset, so a run's places here are all its places: one in more
        // than max_occurrences is common phrasing and seeds nothing, and the rest pair. The
        // passages found are those that comparing every run of min_n words finds, whatever the
        // window, and whichever fingerprints a merge was given beside these. Each place costs
        // about min_n + window steps: the words from window - 1 before it to min_n after.
        runs.clear();
        for &(d, at) in &group {
            let words = docs[d as usize];
            let (at, w) = (at as usize, window);
            let from = at.saturating_sub(w - 1);
            let to = (at + min_n).min(words.len());
            if to < from + min_n {
                continue;
            }
            let region = &words[from..to];
            ids.clear();
            ids.extend(region.iter().map(|&f| u64::from(f)));
            keys.clear();
            rolling(&ids, min_n, |h| keys.push(h));
            if w > 1 {
                near.clear();
                near.extend(region.iter().map(|&f| word_hash(f)));
                choices.clear();
                choices.extend(run_hashes(&near, k));
            }
            // The run of min_n words starting at s = at - j, for each j that fits the document.
            for j in 0..w.min(at - from + 1) {
                let s = at - j - from;
                if s + min_n > region.len() || (w > 1 && chosen(&choices[s..s + w]) != j) {
                    continue;
                }
                runs.push((j as u32, keys[s], d, at as u32));
            }
        }
        runs.sort_unstable();
        for r in runs.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            if r.len() >= 2 && r.len() <= max_occurrences {
                group_pairs(r, &mut visit);
            }
        }
    }
    drop(kept);
    // Each passage was pushed once: a pair inside one found already on its alignment is skipped.
    out.sort_by_key(|p| (std::cmp::Reverse(p.len), p.a, p.b, p.a_start, p.b_start));
    out
}

/// Visit every pair of `places` (offset, hash, document, position; sorted) in two documents.
fn group_pairs(places: &[(u32, u64, u32, u32)], visit: &mut impl FnMut((u32, u32), (u32, u32))) {
    for (i, &(_, _, da, pa)) in places.iter().enumerate() {
        for &(_, _, db, pb) in &places[i + 1..] {
            if da != db {
                visit((da, pa), (db, pb));
            }
        }
    }
}

#[cfg(test)]
#[path = "passages_tests.rs"]
mod tests;
