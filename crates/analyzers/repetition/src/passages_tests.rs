//! Tests of shared passages: every passage found, whatever the winnowing window, as comparing
//! every pair of positions finds them; copies compared once; common phrasing seeds nothing.

use super::*;
use crate::test_ids as ids;

/// Form ids' word hashes in these tests.
fn hash_of(w: u32) -> u64 {
    u64::from(w) * 0x0100_0000_01b3
}

/// Fingerprints of `docs` (form ids standing for word hashes) for passages of `min_n` words with
/// windows of `window` runs, and the runs' length.
fn prints_of(docs: &[&[u32]], min_n: usize, window: usize) -> (Vec<Vec<Print>>, usize) {
    let k = min_n + 1 - window;
    let prints = docs.iter().map(|d| winnow(&d.iter().map(|&w| hash_of(w)).collect::<Vec<_>>(), k, window)).collect();
    (prints, k)
}

/// The passages of `docs`, found with every window from 1 to `min_n`: the same for each.
fn find(docs: &[&[u32]], min_n: usize, max_occurrences: usize) -> Vec<Passage> {
    let mut first: Option<Vec<Passage>> = None;
    for window in 1..=min_n {
        let (prints, k) = prints_of(docs, min_n, window);
        let refs: Vec<&[Print]> = prints.iter().map(Vec::as_slice).collect();
        let got = shared_passages(docs, &refs, min_n, k, max_occurrences, &hash_of);
        match &first {
            None => first = Some(got),
            Some(f) => assert_eq!(&got, f, "window {window} finds otherwise than window 1"),
        }
    }
    first.unwrap_or_default()
}

fn shared_of(docs: &[&[u32]], min_n: usize, window: usize, keep: usize) -> Shared {
    let (prints, k) = prints_of(docs, min_n, window);
    let refs: Vec<&[Print]> = prints.iter().map(Vec::as_slice).collect();
    shared(docs, &|i| std::borrow::Cow::Borrowed(refs[i]), min_n, k, 64, keep, &hash_of)
}

fn check(texts: &[&str], min_n: usize, want: &[(usize, usize, usize, usize, usize)]) {
    let docs = ids(texts);
    let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
    let got: Vec<_> = find(&refs, min_n, 64).iter().map(|p| (p.a, p.a_start, p.b, p.b_start, p.len)).collect();
    assert_eq!(got, want, "{texts:?}");
}

#[test]
fn winnowing_keeps_a_least_hash_of_every_window() {
    let words: Vec<u64> = [5u64, 3, 9, 3, 7, 1, 8, 8, 2].iter().map(|w| w * 0x9e37_79b9).collect();
    for (k, window) in [(1, 1), (1, 3), (2, 2), (3, 4)] {
        let prints = winnow(&words, k, window);
        let runs = words.len() + 1 - k;
        // Positions rise, and every window of runs holds a kept one.
        assert!(prints.windows(2).all(|w| w[0].at < w[1].at), "{prints:?}");
        for start in 0..=runs.saturating_sub(window) {
            assert!(prints.iter().any(|p| (start..start + window).contains(&(p.at as usize))), "k {k} w {window}");
        }
        if window == 1 {
            assert_eq!(prints.len(), runs);
        }
    }
    // The same words give the same fingerprints wherever they stand.
    let a = winnow(&words, 2, 3);
    let mut shifted = vec![11 * 0x9e37_79b9, 13 * 0x9e37_79b9];
    shifted.extend(&words);
    let b = winnow(&shifted, 2, 3);
    let inner: Vec<u32> = a.iter().filter(|p| p.at >= 2).map(|p| p.hash).collect();
    assert!(b.iter().map(|p| p.hash).collect::<Vec<_>>().ends_with(&inner));
    assert!(winnow(&words[..1], 2, 3).is_empty());
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
    assert!(find(&refs, 3, 64).is_empty());
    // "a b c" is common (in 70 documents); two more share "a b c d e f", which starts with it.
    let mut texts = vec!["a b c"; 68];
    texts.extend(["x a b c d e f y", "a b c d e f z"]);
    let docs = ids(&texts);
    let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
    let got: Vec<_> = find(&refs, 3, 64).iter().map(|p| (p.a, p.a_start, p.b, p.b_start, p.len)).collect();
    assert_eq!(got, [(68, 1, 69, 0, 6)]);
}

#[test]
fn identical_documents_are_compared_once_and_counted_for_every_pair() {
    // Documents 0 and 2 are the same text; document 1 shares "a b c d" with it.
    let docs = ids(&["x a b c d y z", "q a b c d r", "x a b c d y z"]);
    let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
    let all = shared_of(&refs, 3, 2, 10);
    let got: Vec<_> = all.longest.iter().map(|p| (p.a, p.a_start, p.b, p.b_start, p.len)).collect();
    assert_eq!(got, [(0, 0, 2, 0, 7), (0, 1, 1, 1, 4), (1, 1, 2, 1, 4)]);
    assert_eq!(all.total, 3);
    // The longest one only, with the total still counted.
    let top = shared_of(&refs, 3, 2, 1);
    assert_eq!((top.longest.len(), top.longest[0].len, top.total), (1, 7, 3));
    // Without copies, the same passages as comparing every document.
    let docs = ids(&["a b c", "x a b c", "a b c y a b c"]);
    let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
    assert_eq!(shared_of(&refs, 3, 2, 100).longest, find(&refs, 3, 64));
}

#[test]
fn many_copies_of_a_text_keep_memory_to_the_passages_kept() {
    // 60,000 copies: 1.8 billion pairs of documents. Listing them all before keeping the
    // longest `keep` needs 72 GB; only the first pairs by document are candidates.
    let words = ids(&["a b c d e f g h i j", "q a b c d e f r", "z a b c d e f g"]);
    let (one, other, two) = (&words[0][..], &words[1][..], &words[2][..]);
    let mut texts: Vec<&[u32]> = vec![one; 60_000];
    texts.push(other);
    let all = shared_of(&texts, 3, 2, 5);
    let m = 60_000u64;
    assert_eq!(all.total, m * (m - 1) / 2 + m);
    let got: Vec<_> = all.longest.iter().map(|p| (p.a, p.b, p.len)).collect();
    assert_eq!(got, [(0, 1, 10), (0, 2, 10), (0, 3, 10), (0, 4, 10), (0, 5, 10)]);
    // Two classes of copies sharing a passage: the first pairs by document, not all of them.
    let mut texts: Vec<&[u32]> = Vec::new();
    for _ in 0..30_000 {
        texts.extend([two, other]);
    }
    let all = shared_of(&texts, 3, 2, 3);
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
    // Texts over small vocabularies: short runs repeat everywhere, long ones rarely, and some
    // fingerprints share a slot of the first pass's table with another. Every window finds
    // every passage (`find` checks that each window agrees).
    let mut x = 12345u64;
    for vocabulary in [2u32, 3, 5] {
        let docs: Vec<Vec<u32>> = (0..12)
            .map(|d| {
                (0..40 + 7 * d)
                    .map(|_| {
                        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                        (x >> 33) as u32 % vocabulary
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        for min_n in [3, 5, 8] {
            let want = every_passage(&refs, min_n);
            if vocabulary == 3 {
                assert!(want.len() > 20, "min_n {min_n}: {} passages", want.len());
            }
            assert_eq!(find(&refs, min_n, usize::MAX), want, "vocabulary {vocabulary}, min_n {min_n}");
            // With common phrasing left out, every window finds what comparing every run does:
            // the passages holding a run of min_n words found in max_occurrences places or fewer.
            let mut places: std::collections::HashMap<&[u32], usize> = std::collections::HashMap::new();
            for d in &refs {
                for run in d.windows(min_n) {
                    *places.entry(run).or_default() += 1;
                }
            }
            for max_occurrences in [2, 3, 5] {
                let rare: Vec<Passage> = want
                    .iter()
                    .filter(|p| {
                        refs[p.a][p.a_start..p.a_start + p.len].windows(min_n).any(|r| places[r] <= max_occurrences)
                    })
                    .copied()
                    .collect();
                assert_eq!(find(&refs, min_n, max_occurrences), rare, "max_occurrences {max_occurrences}");
            }
        }
    }
}

#[test]
fn many_copies_give_every_pair_once() {
    let docs = ids(&["p q r s t u"; 10]);
    let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
    let got = find(&refs, 3, 64);
    assert_eq!(got.len(), 45);
    assert!(got.iter().all(|p| p.len == 6 && p.a_start == 0 && p.b_start == 0 && p.a < p.b));
}
