//! Passages shared by two documents: word sequences of at least `min_n` words found in both (a
//! speech reprinted in a newspaper, a paragraph copied from one address to the next).
//!
//! Every run of `min_n` words of every document (across sentence ends) is hashed. A first pass
//! notes in a table of two-bit cells (one cell per hash slot, about eight per run) which slots are
//! hit twice; a second keeps only the runs in those slots, most of a corpus's runs being unique,
//! and sorts them by hash. A pair of equal runs in two different documents, checked word by word (so
//! a hash collision never reports a passage), starts a passage when the words before them differ;
//! the passage is then extended word by word to its maximal length. Time: two hashing passes over
//! the corpus's words, a sort of the runs whose slot is hit twice, one step per pair of equal runs,
//! and the length of each passage. Memory: two to four bytes per word of the corpus for the table,
//! eight per run kept, and the passages found. (Words past the first 2³² of the corpus are not
//! read for shared passages.)
//!
//! A run found in more than `max_occurrences` places is common phrasing ("the state of the union
//! is") rather than a copied passage: its pairs are not visited, which keeps the work from growing
//! with the square of the number of places. A longer shared passage around it is still found, whole,
//! from its other runs.
//!
//! Documents with identical word sequences (a corpus holding the same file twice) are compared once
//! ([`shared`]): each pair of copies shares its whole text, and a passage their text shares with
//! another text counts once for each pair of documents, without being searched for again; common
//! phrasing is then counted over the distinct texts.

use rustc_hash::FxHashSet;

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

/// The passages `docs` (each a sequence of form ids) share. Documents with identical word
/// sequences are compared once: each pair of them shares its whole text (one passage; the text's
/// own repeats are the repeats table's business), and every passage their text shares with another
/// text is one passage for each pair of copies. Common phrasing is counted over the distinct texts.
pub fn shared(docs: &[&[u32]], min_n: usize, max_occurrences: usize, keep: usize) -> Shared {
    if min_n == 0 || docs.len() < 2 {
        return Shared::default();
    }
    // Classes of identical texts, each led by its first document.
    let mut by_text: rustc_hash::FxHashMap<&[u32], usize> = rustc_hash::FxHashMap::default();
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
    // Groups of passages that share one length: a passage between two texts, or the whole text of
    // a class with copies; each stands for one passage per pair of their documents.
    let mut groups: Vec<(usize, Option<Passage>, usize)> = Vec::new(); // (len, passage among leaders, class)
    for p in shared_passages(&leaders, min_n, max_occurrences) {
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

/// Call `f` with the position and hash of every run of `min_n` words of `words` (at least `min_n`
/// of them), in order: a polynomial hash of mixed form ids, rolled one word at a time.
fn each_run(words: &[u32], min_n: usize, mut f: impl FnMut(usize, u64)) {
    let mix = |f: u32| (u64::from(f) ^ 0x5851_f42d_4c95_7f2d).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    const BASE: u64 = 0x0000_0100_0000_01b3;
    let top = (1..min_n).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut h = words[..min_n].iter().fold(0u64, |h, &w| h.wrapping_mul(BASE).wrapping_add(mix(w)));
    f(0, h);
    for p in 1..=words.len() - min_n {
        h = h
            .wrapping_sub(mix(words[p - 1]).wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(mix(words[p + min_n - 1]));
        f(p, h);
    }
}

/// The shared passages of `docs` (each a sequence of form ids), longest first, then by documents
/// and positions. Documents `a < b` in each pair.
pub fn shared_passages(docs: &[&[u32]], min_n: usize, max_occurrences: usize) -> Vec<Passage> {
    if min_n == 0 || docs.len() < 2 {
        return Vec::new();
    }
    // Every run of min_n words as one u64: the top 32 bits of its hash, then its index among all
    // the corpus's words (so equal hashes sort together, in document and position order). Two
    // runs that only share those 32 bits are told apart by the word-by-word check.
    let mut offsets: Vec<u64> = Vec::with_capacity(docs.len() + 1);
    let mut base = 0u64;
    for words in docs {
        offsets.push(base);
        base += words.len() as u64;
    }
    let read = |d: usize| docs[d].len() >= min_n && offsets[d] + docs[d].len() as u64 <= u64::from(u32::MAX);
    let total: usize = (0..docs.len()).filter(|&d| read(d)).map(|d| docs[d].len() + 1 - min_n).sum();
    // Two bits per slot, about eight slots per run: 0 unseen, 1 hit once, 3 hit more often. A run
    // alone in its slot has no equal; about one unique run in eight shares a slot and is kept too.
    let slots = (total.max(1) * 8).next_power_of_two().min(1 << 30);
    let slot = |h: u64| ((h >> 32) as usize) & (slots - 1);
    let mut cells = vec![0u64; slots.div_ceil(32)];
    for d in (0..docs.len()).filter(|&d| read(d)) {
        each_run(docs[d], min_n, |_, h| {
            let (i, shift) = (slot(h) / 32, slot(h) % 32 * 2);
            let cell = (cells[i] >> shift) & 3;
            cells[i] |= (1 | ((cell << 1) & 2)) << shift;
        });
    }
    let mut runs: Vec<u64> = Vec::new();
    for d in (0..docs.len()).filter(|&d| read(d)) {
        each_run(docs[d], min_n, |p, h| {
            if (cells[slot(h) / 32] >> (slot(h) % 32 * 2)) & 2 != 0 {
                runs.push((h & !0xffff_ffff) | (offsets[d] + p as u64));
            }
        });
    }
    drop(cells);
    runs.sort_unstable();
    // A run's document and position.
    let place = |r: u64| -> (u32, u32) {
        let i = r & 0xffff_ffff;
        let d = offsets.partition_point(|&o| o <= i) - 1;
        (d as u32, (i - offsets[d]) as u32)
    };
    let same_hash = |x: &u64, y: &u64| x >> 32 == y >> 32;
    // Each pair of equal runs in two documents, checked word by word, either starts a passage
    // (the words before differ, or one document starts there) or lies inside one found from its
    // start. Only starts are kept, and each is extended word by word: no pair is stored, so many
    // copies of one text cost time in proportion to the pairs, not memory.
    // Runs of common phrasing: no pair of them is visited, so a passage is reported from its
    // first visited pair and extended back over them.
    let common: FxHashSet<(u32, u32)> = runs
        .chunk_by(same_hash)
        .filter(|g| g.len() > max_occurrences)
        .flat_map(|g| g.iter().map(|&r| place(r)))
        .collect();
    let mut out = Vec::new();
    let mut group: Vec<(u32, u32)> = Vec::new();
    for g in runs.chunk_by(same_hash) {
        if g.len() < 2 || g.len() > max_occurrences {
            continue;
        }
        group.clear();
        group.extend(g.iter().map(|&r| place(r)));
        if group.iter().all(|r| r.0 == group[0].0) {
            continue;
        }
        for (i, &x) in group.iter().enumerate() {
            for &y in &group[i + 1..] {
                if x.0 == y.0 {
                    continue;
                }
                // Sorted by document then position, so x is in the earlier document.
                let (da, db) = (docs[x.0 as usize], docs[y.0 as usize]);
                let (mut pa, mut pb) = (x.1 as usize, y.1 as usize);
                if pa > 0 && pb > 0 && da[pa - 1] == db[pb - 1] && !common.contains(&(x.0, x.1 - 1)) {
                    continue; // the pair before is visited and reports this passage
                }
                if da[pa..pa + min_n] != db[pb..pb + min_n] {
                    continue;
                }
                let mut len =
                    min_n + da[pa + min_n..].iter().zip(&db[pb + min_n..]).take_while(|(u, v)| u == v).count();
                while pa > 0 && pb > 0 && da[pa - 1] == db[pb - 1] {
                    (pa, pb, len) = (pa - 1, pb - 1, len + 1);
                }
                out.push(Passage { a: x.0 as usize, a_start: pa, b: y.0 as usize, b_start: pb, len });
            }
        }
    }
    drop(runs);
    out.sort_by_key(|p| (std::cmp::Reverse(p.len), p.a, p.b, p.a_start, p.b_start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_ids as ids;

    fn check(texts: &[&str], min_n: usize, want: &[(usize, usize, usize, usize, usize)]) {
        let docs = ids(texts);
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let got: Vec<_> =
            shared_passages(&refs, min_n, 64).iter().map(|p| (p.a, p.a_start, p.b, p.b_start, p.len)).collect();
        assert_eq!(got, want, "{texts:?}");
    }

    #[test]
    fn a_passage_is_found_whole_in_both_documents() {
        check(&["x y a b c d e z", "q a b c d e r s"], 3, &[(0, 2, 1, 1, 5)]);
        // Shorter than min_n: nothing.
        check(&["x a b y", "a b"], 3, &[]);
        // Within one document only: a repeat, not a shared passage.
        check(&["a b c a b c", "x y z"], 3, &[]);
    }

    #[test]
    fn every_pair_and_every_copy() {
        // Three documents share "a b c"; the third has it twice.
        check(
            &["a b c", "x a b c", "a b c y a b c"],
            3,
            &[(0, 0, 1, 1, 3), (0, 0, 2, 0, 3), (0, 0, 2, 4, 3), (1, 1, 2, 0, 3), (1, 1, 2, 4, 3)],
        );
    }

    #[test]
    fn common_phrasing_seeds_nothing_but_a_passage_through_it_is_whole() {
        let docs = ids(&["a b c"; 70]);
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        assert!(shared_passages(&refs, 3, 64).is_empty());
        // "a b c" is common (in 70 documents); two more share "a b c d e f", which starts with it.
        let mut texts = vec!["a b c"; 68];
        texts.extend(["x a b c d e f y", "a b c d e f z"]);
        let docs = ids(&texts);
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let got: Vec<_> =
            shared_passages(&refs, 3, 64).iter().map(|p| (p.a, p.a_start, p.b, p.b_start, p.len)).collect();
        assert_eq!(got, [(68, 1, 69, 0, 6)]);
    }

    #[test]
    fn identical_documents_are_compared_once_and_counted_for_every_pair() {
        // Documents 0 and 2 are the same text; document 1 shares "a b c d" with it.
        let docs = ids(&["x a b c d y z", "q a b c d r", "x a b c d y z"]);
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let all = shared(&refs, 3, 64, 10);
        let got: Vec<_> = all.longest.iter().map(|p| (p.a, p.a_start, p.b, p.b_start, p.len)).collect();
        assert_eq!(got, [(0, 0, 2, 0, 7), (0, 1, 1, 1, 4), (1, 1, 2, 1, 4)]);
        assert_eq!(all.total, 3);
        // The longest one only, with the total still counted.
        let top = shared(&refs, 3, 64, 1);
        assert_eq!((top.longest.len(), top.longest[0].len, top.total), (1, 7, 3));
        // Without copies, the same passages as comparing every document.
        let docs = ids(&["a b c", "x a b c", "a b c y a b c"]);
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        assert_eq!(shared(&refs, 3, 64, 100).longest, shared_passages(&refs, 3, 64));
    }

    #[test]
    fn many_copies_of_a_text_keep_memory_to_the_passages_kept() {
        // 60,000 copies: 1.8 billion pairs of documents. Listing them all before keeping the
        // longest `keep` needs 72 GB; only the first pairs by document are candidates.
        let words = ids(&["a b c d e f g h i j", "q a b c d e f r", "z a b c d e f g"]);
        let (one, other, two) = (&words[0][..], &words[1][..], &words[2][..]);
        let mut texts: Vec<&[u32]> = vec![one; 60_000];
        texts.push(other);
        let all = shared(&texts, 3, 64, 5);
        let m = 60_000u64;
        assert_eq!(all.total, m * (m - 1) / 2 + m);
        let got: Vec<_> = all.longest.iter().map(|p| (p.a, p.b, p.len)).collect();
        assert_eq!(got, [(0, 1, 10), (0, 2, 10), (0, 3, 10), (0, 4, 10), (0, 5, 10)]);
        // Two classes of copies sharing a passage: the first pairs by document, not all of them.
        let mut texts: Vec<&[u32]> = Vec::new();
        for _ in 0..30_000 {
            texts.extend([two, other]);
        }
        let all = shared(&texts, 3, 64, 3);
        let got: Vec<_> = all.longest.iter().map(|p| (p.a, p.b, p.len)).collect();
        assert_eq!(got, [(0, 2, 8), (0, 4, 8), (0, 6, 8)]);
    }

    /// Every passage by brute force: each pair of positions in two documents where `min_n` words
    /// agree and the words before do not, extended as far as they agree.
    fn every_passage(docs: &[&[u32]], min_n: usize) -> Vec<Passage> {
        let mut out = Vec::new();
        for (a, da) in docs.iter().enumerate() {
            for (b, db) in docs.iter().enumerate().skip(a + 1) {
                for i in 0..(da.len() + 1).saturating_sub(min_n) {
                    for j in 0..(db.len() + 1).saturating_sub(min_n) {
                        if (i > 0 && j > 0 && da[i - 1] == db[j - 1]) || da[i..i + min_n] != db[j..j + min_n] {
                            continue;
                        }
                        let len = da[i..].iter().zip(&db[j..]).take_while(|(u, v)| u == v).count();
                        out.push(Passage { a, a_start: i, b, b_start: j, len });
                    }
                }
            }
        }
        out.sort_by_key(|p| (std::cmp::Reverse(p.len), p.a, p.b, p.a_start, p.b_start));
        out
    }

    #[test]
    fn the_same_passages_as_comparing_every_pair_of_positions() {
        // Texts over a vocabulary of three words: runs of three repeat everywhere; of eight, most
        // are unique, and some of those share a slot of the first pass's table with another run.
        let mut x = 12345u64;
        let docs: Vec<Vec<u32>> = (0..12)
            .map(|d| {
                (0..40 + 7 * d)
                    .map(|_| {
                        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                        (x >> 61) as u32 % 3
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        for min_n in [3, 5, 8] {
            let want = every_passage(&refs, min_n);
            assert!(want.len() > 20, "min_n {min_n}: {} passages", want.len());
            assert_eq!(shared_passages(&refs, min_n, usize::MAX), want, "min_n {min_n}");
        }
    }

    #[test]
    fn many_copies_give_every_pair_once() {
        let docs = ids(&["p q r s t u"; 10]);
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let got = shared_passages(&refs, 3, 64);
        assert_eq!(got.len(), 45);
        assert!(got.iter().all(|p| p.len == 6 && p.a_start == 0 && p.b_start == 0 && p.a < p.b));
    }
}
