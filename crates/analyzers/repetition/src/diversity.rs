//! Lexical diversity of a sequence of word forms. The definitions follow the Python package
//! `lexicalrichness` 0.5.1 where it has the measure (checked against its outputs, fixture
//! `tests/data/lexicalrichness.json`); natural logarithms throughout.
//!
//! - TTR: types / tokens.
//! - MATTR(w): the mean TTR of every window of `w` consecutive words (undefined when the text is
//!   shorter than `w`).
//! - MTLD(t): the mean of a forward and a backward pass. A pass reads words, keeping the TTR of the
//!   current factor; when it falls to `t` or below, one factor is complete and a new one starts. The
//!   unfinished last factor counts as (1 − TTR) / (1 − t) of a factor. MTLD = words / factors. (When
//!   no factor is counted at all, the whole text's TTR is used in the same way, or one factor if it
//!   is 1.)
//! - MTLD-MA (bidirectional; not in `lexicalrichness`): from every start position, read forward
//!   until the factor's TTR falls to `t` or below and record the factor's length; the mean of the
//!   lengths, averaged over the text and its reverse. Reading stops at the first start whose factor
//!   runs into the end of the text (later starts have fewer words left and would bias the mean
//!   toward short factors), or once the factors read add up to 256 words per word of the text (a
//!   list-like text, whose factors run for thousands of words; prose stays near 50–100), so the
//!   time stays linear. Thirty-two starts are read at once, each word once for all of them.
//! - HD-D(d): the sum over types of (1 − P(the type is absent from `d` words drawn without
//!   replacement)) / d, as `lexicalrichness` computes it (the "ATTR" scale, 0–1).
//! - Maas: (ln N − ln V) / (ln N)².
//! - Yule's K: 10⁴ · (Σᵢ i² Vᵢ / N² − 1/N), Vᵢ the number of types seen i times.
//!
//! Undefined values (too short a text) are NaN, which the result model reports as null.

use rustc_hash::FxHashMap;

/// Parameters of the measures.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub mattr_window: usize,
    pub mtld_threshold: f64,
    pub hdd_draws: usize,
}

/// Every measure for one text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Diversity {
    pub tokens: usize,
    pub types: usize,
    pub ttr: f64,
    pub mattr: f64,
    pub mtld: f64,
    pub mtld_ma_bid: f64,
    pub hdd: f64,
    pub maas: f64,
    pub yule_k: f64,
}

pub fn measure(words: &[u32], p: &Params) -> Diversity {
    let (w, types) = crate::word_forms::dense(words);
    let n = w.len();
    let nf = n as f64;
    let mut freq = vec![0u32; types];
    for &x in &w {
        freq[x as usize] += 1;
    }
    let ttr = if n == 0 { f64::NAN } else { types as f64 / nf };
    let maas = (nf.ln() - (types as f64).ln()) / (nf.ln() * nf.ln());
    let sum_sq: f64 = freq.iter().map(|&f| f64::from(f) * f64::from(f)).sum();
    let yule_k = 1e4 * (sum_sq / (nf * nf) - 1.0 / nf);
    let mut limits = Limits::new(p.mtld_threshold);
    let mtld = (mtld_pass(w.iter().copied(), n, types, ttr, &mut limits)
        + mtld_pass(w.iter().rev().copied(), n, types, ttr, &mut limits))
        / 2.0;
    let mattr = mattr(&w, types, p.mattr_window);
    let forward = mtld_ma(&w, types, &mut limits);
    let mut w = w;
    w.reverse();
    let mtld_ma_bid = (forward + mtld_ma(&w, types, &mut limits)) / 2.0;
    Diversity {
        tokens: n,
        types,
        ttr,
        mattr,
        mtld: if n == 0 { f64::NAN } else { mtld },
        mtld_ma_bid,
        hdd: hdd(&freq, n, p.hdd_draws),
        maas: if n < 2 { f64::NAN } else { maas },
        yule_k: if n == 0 { f64::NAN } else { yule_k },
    }
}

fn mattr(w: &[u32], types: usize, window: usize) -> f64 {
    if window == 0 || window > w.len() {
        return f64::NAN;
    }
    let mut counts = vec![0u32; types];
    let mut distinct = 0usize;
    for &x in &w[..window] {
        counts[x as usize] += 1;
        distinct += usize::from(counts[x as usize] == 1);
    }
    // The windows' type counts summed exactly, divided once.
    let mut sum = distinct as u64;
    for i in window..w.len() {
        let (add, drop) = (w[i] as usize, w[i - window] as usize);
        counts[drop] -= 1;
        distinct -= usize::from(counts[drop] == 0);
        counts[add] += 1;
        distinct += usize::from(counts[add] == 1);
        sum += distinct as u64;
    }
    sum as f64 / window as f64 / (w.len() - window + 1) as f64
}

fn mtld_pass(words: impl Iterator<Item = u32>, n: usize, types: usize, whole_ttr: f64, limits: &mut Limits) -> f64 {
    let threshold = limits.threshold;
    let mut seen = vec![0u32; types];
    // Factor number, so `seen` needs no clearing: a type is in the factor when seen[t] == factor.
    let mut factor_id = 1u32;
    let (mut count, mut distinct) = (0usize, 0i32);
    let mut factors = 0.0;
    for x in words {
        count += 1;
        if seen[x as usize] != factor_id {
            seen[x as usize] = factor_id;
            distinct += 1;
        }
        // TTR at or below the threshold, as an integer test (the same float test, tabled).
        if count >= limits.allow.len() {
            limits.grow(count * 2);
        }
        if distinct <= limits.allow[count] {
            count = 0;
            distinct = 0;
            factor_id += 1;
            factors += 1.0;
        }
    }
    if count > 0 {
        let ttr = f64::from(distinct) / count as f64;
        factors += (1.0 - ttr) / (1.0 - threshold);
    }
    if factors == 0.0 {
        factors = if whole_ttr == 1.0 { 1.0 } else { (1.0 - whole_ttr) / (1.0 - threshold) };
    }
    n as f64 / factors
}

fn mtld_ma(w: &[u32], types: usize, limits: &mut Limits) -> f64 {
    // prev[j]: the last position before j holding the same word, or -1. A factor from `start`
    // gains a type at j exactly when prev[j] < start: a scan of one array, no per-start set.
    let n = w.len();
    if n >= 1 << 30 {
        return f64::NAN;
    }
    let mut last = vec![-1i32; types];
    let prev: Vec<i32> =
        w.iter().enumerate().map(|(j, &x)| std::mem::replace(&mut last[x as usize], j as i32)).collect();
    drop(last);
    let (mut total, mut factors) = (0usize, 0usize);
    // LANES consecutive starts at once, reading each word once for all of them: lane k starts
    // REL[k] words after the batch's first start (so that the allowances of the lanes' lengths
    // are consecutive in the table). Per word, each started lane adds a type when prev is before
    // its start, and completes at the first length where its type count is within the allowance.
    // Counts and lengths fit in i16 (32 lanes in four SSE registers) up to SHORT words; a
    // factor longer than that is read one start at a time.
    let mut s = 0;
    'batches: while s < n {
        let lanes = LANES.min(n - s);
        // Per lane: types read; -1 while the factor is open, 0 once complete; and the words read
        // while it stayed open (its length is one more).
        let (mut distinct, mut open, mut steps) = ([0i16; LANES], [-1i16; LANES], [0i16; LANES]);
        let mut e = s;
        while e < n && open.contains(&-1) && e - s + 8 < SHORT {
            // Eight words at a time between checks; local copies keep the lanes in registers.
            let stop = (e + 8).min(n);
            limits.grow(stop - s);
            let (mut d, mut o, mut st) = (distinct, open, steps);
            let all_started = e - s >= LANES - 1;
            for (e, &p) in prev.iter().enumerate().take(stop).skip(e) {
                let read = (e - s) as i16;
                let allow = limits.window(e - s + 1);
                let before = (p - s as i32).clamp(-1, LANES as i32) as i16;
                if all_started {
                    for k in 0..LANES {
                        d[k] += i16::from(before < REL[k]);
                        o[k] &= -i16::from(d[k] > allow[k]);
                        st[k] -= o[k];
                    }
                } else {
                    // The first words of the batch: only lanes that have started.
                    for k in 0..LANES {
                        let started = -i16::from(read >= REL[k]);
                        d[k] += started & i16::from(before < REL[k]);
                        o[k] &= -i16::from(d[k] > allow[k]) | !started;
                        st[k] -= o[k] & started;
                    }
                }
            }
            (distinct, open, steps) = (d, o, st);
            e = stop;
        }
        // Results in start order: lane LANES - 1 first.
        for k in (LANES - lanes..LANES).rev() {
            let len = match open[k] {
                0 => steps[k] as usize + 1,
                _ if e < n => match limits.factor(&prev, s + REL[k] as usize) {
                    Some(len) => len,
                    None => break 'batches,
                },
                // This start's factor runs into the end of the text: stop here.
                _ => break 'batches,
            };
            total += len;
            factors += 1;
        }
        s += lanes;
        if total > FACTOR_WORDS_CAP * n {
            // A list-like text whose factors run for thousands of words: the starts read so far
            // give the mean, and the time stays linear.
            break;
        }
    }
    if factors == 0 { f64::NAN } else { total as f64 / factors as f64 }
}

const LANES: usize = 32;

/// Lane k's start, in words after the batch's first start.
const REL: [i16; LANES] = {
    let mut r = [0i16; LANES];
    let mut k = 0;
    while k < LANES {
        r[k] = (LANES - 1 - k) as i16;
        k += 1;
    }
    r
};

/// The longest factor the lanes follow (their counts are i16).
const SHORT: usize = 32_000;

/// MTLD-MA reads no more starts once their factors add up to this many words per word of the text
/// (prose has factors of 50–100 words; only a list-like text reaches the cap).
const FACTOR_WORDS_CAP: usize = 256;

/// `allow(len)`: the most types a factor of `len` words may hold with its TTR at or below the
/// threshold (the same float test as MTLD's), grown on demand, so the scans compare integers.
struct Limits {
    threshold: f64,
    allow: Vec<i32>,
    /// `allow` as i16 up to SHORT words, after LANES zeros (lanes not yet started read them).
    short: Vec<i16>,
}

impl Limits {
    fn new(threshold: f64) -> Limits {
        Limits { threshold, allow: vec![0], short: vec![0; LANES + 1] }
    }

    /// Make `allow` cover lengths up to `len` at least.
    fn grow(&mut self, len: usize) {
        let t = self.threshold;
        while self.allow.len() <= len {
            let l = self.allow.len();
            let mut d = (t * l as f64).floor().clamp(0.0, l as f64) as usize;
            while d < l && (d + 1) as f64 / l as f64 <= t {
                d += 1;
            }
            while d > 0 && d as f64 / l as f64 > t {
                d -= 1;
            }
            self.allow.push(d as i32);
            if l < SHORT {
                self.short.push(d as i16);
            }
        }
    }

    /// The allowances of the lanes' lengths when the first lane has read `base` words: lane k's
    /// length is base - REL[k] (zero or less before it starts).
    fn window(&self, base: usize) -> [i16; LANES] {
        let w = &self.short[base + 1..base + 1 + LANES];
        std::array::from_fn(|k| w[k])
    }

    /// The length of the factor from `start`, one word at a time (None: it runs into the end).
    fn factor(&mut self, prev: &[i32], start: usize) -> Option<usize> {
        let mut distinct = 0;
        for (k, &p) in prev[start..].iter().enumerate() {
            distinct += i32::from(p < start as i32);
            self.grow(k + 1);
            if distinct <= self.allow[k + 1] {
                return Some(k + 1);
            }
        }
        None
    }
}

fn hdd(freq: &[u32], n: usize, draws: usize) -> f64 {
    if draws == 0 || n < draws {
        return f64::NAN;
    }
    // Types seen equally often contribute equally: each frequency is computed once.
    let mut by_frequency: FxHashMap<u32, f64> = FxHashMap::default();
    freq.iter()
        .map(|&f| {
            *by_frequency.entry(f).or_insert_with(|| {
                // P(no copy of the type among `draws` words drawn from `n`, `f` of them the type).
                let f = f as usize;
                let absent = if n - f < draws {
                    0.0
                } else {
                    (0..draws).map(|j| (n - f - j) as f64 / (n - j) as f64).product::<f64>()
                };
                (1.0 - absent) / draws as f64
            })
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Params = Params { mattr_window: 3, mtld_threshold: 0.72, hdd_draws: 2 };

    fn ids(text: &str) -> Vec<u32> {
        crate::test_ids(&[text]).remove(0)
    }

    #[test]
    fn hand_computed_values() {
        // a b a c: N = 4, V = 3.
        let d = measure(&ids("a b a c"), &P);
        assert_eq!((d.tokens, d.types), (4, 3));
        assert!((d.ttr - 0.75).abs() < 1e-12);
        // Windows: "a b a" 2/3, "b a c" 3/3.
        assert!((d.mattr - (2.0 / 3.0 + 1.0) / 2.0).abs() < 1e-12);
        // Yule's K: Σ i²Vᵢ = 1·2 + 4·1 = 6; 10⁴ (6/16 − 1/4) = 1250.
        assert!((d.yule_k - 1250.0).abs() < 1e-9);
        // Maas: (ln 4 − ln 3) / ln² 4.
        assert!((d.maas - (4f64.ln() - 3f64.ln()) / (4f64.ln() * 4f64.ln())).abs() < 1e-12);
        // HD-D with 2 draws from 4: "a" (2 of 4) absent with p = 2/4 · 1/3 = 1/6; "b", "c" with 3/4 · 2/3 = 1/2.
        let want = ((1.0 - 1.0 / 6.0) + 2.0 * (1.0 - 0.5)) / 2.0;
        assert!((d.hdd - want).abs() < 1e-12);
    }

    #[test]
    fn mtld_counts_factors_and_the_partial_one() {
        // Forward: a a → TTR 0.5 ≤ 0.72: one factor; then "b" alone: TTR 1, partial 0.
        // So 3 words / 1 factor. Backward: b a a → TTR 1, 1, 2/3: one factor, nothing left: 3 / 1.
        let d = measure(&ids("a a b"), &Params { mtld_threshold: 0.72, ..P });
        assert!((d.mtld - 3.0).abs() < 1e-12, "{}", d.mtld);
        // All distinct: no factor ever completes; whole TTR is 1, so one factor: MTLD = N.
        let d = measure(&ids("a b c d"), &P);
        assert!((d.mtld - 4.0).abs() < 1e-12);
        assert!(d.mtld_ma_bid.is_nan());
    }

    /// MTLD-MA one start at a time, with a set per factor: the definition, read plainly.
    fn mtld_ma_plain(w: &[u32], threshold: f64) -> f64 {
        let (mut total, mut factors) = (0usize, 0usize);
        for start in 0..w.len() {
            let mut seen = std::collections::HashSet::new();
            let complete = (start..w.len()).find(|&e| {
                seen.insert(w[e]);
                seen.len() as f64 / (e + 1 - start) as f64 <= threshold
            });
            match complete {
                Some(e) => {
                    total += e + 1 - start;
                    factors += 1;
                }
                None => break,
            }
        }
        if factors == 0 { f64::NAN } else { total as f64 / factors as f64 }
    }

    #[test]
    fn eight_starts_at_once_agree_with_one_at_a_time() {
        // Pseudo-random texts of every small length and a few vocabulary sizes (xorshift, fixed seed).
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for len in (0..40).chain([63, 64, 65, 200, 1000]) {
            for vocab in [2u64, 5, 30, 400] {
                let w: Vec<u32> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x % vocab) as u32
                    })
                    .collect();
                let (dense_w, types) = crate::word_forms::dense(&w);
                for t in [0.72, 0.5, 0.9] {
                    let (got, want) = (mtld_ma(&dense_w, types, &mut Limits::new(t)), mtld_ma_plain(&w, t));
                    assert!(
                        got == want || (got.is_nan() && want.is_nan()),
                        "len {len} vocab {vocab} t {t}: {got} vs {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_list_like_text_stops_at_the_work_cap() {
        // 20,000 different words, then 20,000 times the same one: every early factor runs for
        // thousands of words. The cap stops the reading; the value is still a mean of factors.
        let w: Vec<u32> = (0..20_000).chain(std::iter::repeat_n(20_000, 20_000)).collect();
        let v = mtld_ma(&w, 20_001, &mut Limits::new(0.72));
        assert!(v.is_finite() && v > 1000.0, "{v}");
    }

    #[test]
    fn factors_longer_than_the_lanes_follow_are_read_one_start_at_a_time() {
        // 33,000 different words, then 30,000 times "a": the factor from start s holds the
        // 33,000 - s different words and "a", and completes after m "a"s with (U + 1)/(U + m) at
        // the threshold: over 32,000 words for every start the cap lets the reading reach.
        let (unique, repeats) = (33_000usize, 30_000usize);
        let w: Vec<u32> = (0..unique as u32).chain(std::iter::repeat_n(unique as u32, repeats)).collect();
        let n = w.len();
        let factor = |s: usize| {
            let u = unique - s;
            (1..=repeats).find(|&m| (u + 1) as f64 / (u + m) as f64 <= 0.72).map(|m| u + m)
        };
        // Expected: whole batches of LANES starts until the lengths pass the cap.
        let (mut total, mut count, mut s) = (0usize, 0usize, 0usize);
        while total <= FACTOR_WORDS_CAP * n {
            for k in s..s + LANES {
                total += factor(k).expect("completes");
                count += 1;
            }
            s += LANES;
        }
        assert!(factor(0).expect("completes") > SHORT);
        let got = mtld_ma(&w, unique + 1, &mut Limits::new(0.72));
        assert_eq!(got, total as f64 / count as f64);
    }

    #[test]
    fn mtld_ma_averages_factor_lengths_from_every_start() {
        // "a a a a": from each start the factor "a a" completes at 2 words, until the last start.
        let d = measure(&ids("a a a a"), &P);
        assert!((d.mtld_ma_bid - 2.0).abs() < 1e-12);
    }

    #[test]
    fn short_texts_are_undefined_not_wrong() {
        let d = measure(&ids("a b"), &P);
        assert!(d.mattr.is_nan(), "window 3 > 2 words");
        let d = measure(&[], &P);
        assert!(d.ttr.is_nan() && d.maas.is_nan() && d.yule_k.is_nan() && d.hdd.is_nan());
    }
}
