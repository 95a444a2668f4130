//! Keyness: how much more (or less) often an item occurs in a target corpus than in a reference,
//! from four counts — `a` occurrences in the target of `c` items in all, `b` in the reference of `d`.
//!
//! - Log-likelihood G² (Rayson & Garside 2000): with expected `E1 = c(a+b)/(c+d)` and
//!   `E2 = d(a+b)/(c+d)`, `G² = 2(a ln(a/E1) + b ln(b/E2))` (a zero count adds nothing); its p-value
//!   from the χ² distribution with one degree of freedom. The measure for word frequencies, where
//!   an item is rare among the `c` and `d` tokens.
//! - G² of the whole 2×2 table `[[a, c−a], [b, d−b]]`, `2 Σ O ln(O/E)` over its four cells (E from
//!   the margins): the test for units that either have the item or not (sentences with a category,
//!   documents with a word), where the "without" cells are not small.
//! - χ² with Yates' correction on the 2×2 table `[[a, b], [c−a, d−b]]`:
//!   `N(|a(d−b) − b(c−a)| − N/2)² / ((a+b)(c+d−a−b)cd)`, `N = c+d`, and 0 when `|…| < N/2`.
//! - Log ratio (Hardie 2014): `log2((a/c)/(b/d))`, a zero count taken as 0.5 — the effect size: +1
//!   is twice as frequent in the target, −1 half as frequent.
//! - %DIFF (Gabrielatos & Marchi 2012): `100(a/c − b/d)/(b/d)`; undefined when `b` is 0.

/// The four counts of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Occurrences in the target and its size.
    pub a: u64,
    pub c: u64,
    /// Occurrences in the reference and its size.
    pub b: u64,
    pub d: u64,
}

/// G² critical values for p < 0.05, 0.01, 0.001 and 0.0001 (one degree of freedom).
pub const CRITICAL: [(f64, f64); 4] = [(0.05, 3.84), (0.01, 6.63), (0.001, 10.83), (0.0001, 15.13)];

impl Counts {
    pub fn new(a: u64, c: u64, b: u64, d: u64) -> Counts {
        Counts { a, c, b, d }
    }

    /// Log-likelihood G².
    pub fn g2(&self) -> f64 {
        let (a, b, c, d) = (self.a as f64, self.b as f64, self.c as f64, self.d as f64);
        if c + d == 0.0 || a + b == 0.0 {
            return 0.0;
        }
        let e1 = c * (a + b) / (c + d);
        let e2 = d * (a + b) / (c + d);
        let term = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
        2.0 * (term(a, e1) + term(b, e2))
    }

    /// G² of the whole 2×2 table `[[a, c−a], [b, d−b]]` (see the module documentation).
    pub fn g2_table(&self) -> f64 {
        let (a, b, c, d) = (self.a as f64, self.b as f64, self.c as f64, self.d as f64);
        let n = c + d;
        let (with, without) = (a + b, n - a - b);
        if n == 0.0 || with == 0.0 || without <= 0.0 || c == 0.0 || d == 0.0 {
            return 0.0;
        }
        let term = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
        2.0 * (term(a, c * with / n)
            + term(c - a, c * without / n)
            + term(b, d * with / n)
            + term(d - b, d * without / n))
    }

    /// χ² with Yates' continuity correction.
    pub fn chi2_yates(&self) -> f64 {
        let (a, b, c, d) = (self.a as f64, self.b as f64, self.c as f64, self.d as f64);
        let n = c + d;
        let (r1, r2) = (a + b, n - a - b);
        if r1 == 0.0 || r2 == 0.0 || c == 0.0 || d == 0.0 {
            return 0.0;
        }
        let diff = (a * (d - b) - b * (c - a)).abs();
        if diff < n / 2.0 {
            return 0.0;
        }
        n * (diff - n / 2.0).powi(2) / (r1 * r2 * c * d)
    }

    /// Log ratio, binary log of the ratio of relative frequencies (zero counts taken as 0.5).
    pub fn log_ratio(&self) -> f64 {
        let (a, b) = ((self.a as f64).max(0.5), (self.b as f64).max(0.5));
        ((a / self.c as f64) / (b / self.d as f64)).log2()
    }

    /// %DIFF; `None` when the item does not occur in the reference.
    pub fn pct_diff(&self) -> Option<f64> {
        if self.b == 0 || self.c == 0 {
            return None;
        }
        let (ra, rb) = (self.a as f64 / self.c as f64, self.b as f64 / self.d as f64);
        Some(100.0 * (ra - rb) / rb)
    }

    /// +1 when relatively more frequent in the target, −1 when less, 0 when equal.
    pub fn direction(&self) -> i8 {
        let (l, r) = (self.a as u128 * self.d as u128, self.b as u128 * self.c as u128);
        (l > r) as i8 - (l < r) as i8
    }
}

/// The p-value of a χ² statistic with one degree of freedom: `erfc(√(x/2))`.
pub fn p_value(x: f64) -> f64 {
    if x <= 0.0 { 1.0 } else { erfc((x / 2.0).sqrt()) }
}

/// The complementary error function, with fractional error below 1.2e-7 (Numerical Recipes'
/// Chebyshev fit).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// The G² a result must reach to stay significant at `alpha` after a Bonferroni correction for
/// `tests` comparisons: the χ²(1) quantile of `alpha / tests`, found by bisection.
pub fn bonferroni_critical(alpha: f64, tests: usize) -> f64 {
    let target = alpha / tests.max(1) as f64;
    let (mut lo, mut hi) = (0.0f64, 200.0f64);
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if p_value(mid) > target { lo = mid } else { hi = mid }
    }
    (lo + hi) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of docs/comparisons.md, computed by hand:
    /// a = 20 of c = 1,000 target words, b = 5 of d = 2,000 reference words.
    /// E1 = 1000 × 25 / 3000 = 8.333333, E2 = 2000 × 25 / 3000 = 16.666667;
    /// G² = 2 (20 ln(20 / 8.333333) + 5 ln(5 / 16.666667))
    ///    = 2 (20 × 0.875469 + 5 × −1.203973) = 2 (17.509374 − 6.019864) = 22.979021.
    /// Yates: N = 3000, |20 × 1995 − 5 × 980| = |39900 − 4900| = 35000;
    ///    χ² = 3000 (35000 − 1500)² / (25 × 2975 × 1000 × 2000) = 3000 × 1.12225e9 / 1.4875e11 = 22.633613.
    /// Log ratio = log2((20/1000) / (5/2000)) = log2(0.02 / 0.0025) = log2(8) = 3.
    /// %DIFF = 100 (0.02 − 0.0025) / 0.0025 = 700.
    #[test]
    fn worked_example() {
        let k = Counts::new(20, 1000, 5, 2000);
        assert!((k.g2() - 22.979021).abs() < 1e-6, "{}", k.g2());
        assert!((k.chi2_yates() - 22.633613).abs() < 1e-6, "{}", k.chi2_yates());
        assert_eq!(k.log_ratio(), 3.0);
        assert!((k.pct_diff().expect("defined") - 700.0).abs() < 1e-9);
        assert_eq!(k.direction(), 1);
        // p for G² = 22.98 with one degree of freedom: 1.64e-6 (scipy.stats.chi2.sf(22.979021, 1)).
        assert!((p_value(k.g2()) - 1.64e-6).abs() < 0.01e-6, "{}", p_value(k.g2()));
    }

    /// 3 of 3 sentences against 1 of 5: the table [[3, 0], [1, 4]], N = 8, margins 4 and 4 with
    /// and without; E = [[1.5, 1.5], [2.5, 2.5]]; G² = 2 (3 ln 2 + 1 ln 0.4 + 4 ln 1.6) = 6.086.
    /// (scipy.stats.chi2_contingency([[3, 0], [1, 4]], lambda_="log-likelihood", correction=False)
    /// gives 6.0863.) The two-cell form gives 2.33 here: it is for rare items.
    #[test]
    fn whole_table_g2() {
        let k = Counts::new(3, 3, 1, 5);
        assert!((k.g2_table() - 6.086_3).abs() < 1e-4, "{}", k.g2_table());
        assert!((k.g2() - 2.326_3).abs() < 1e-4, "{}", k.g2());
        assert_eq!(Counts::new(0, 4, 0, 4).g2_table(), 0.0);
        assert_eq!(Counts::new(4, 4, 4, 4).g2_table(), 0.0, "every unit has it");
        // Symmetric in the two groups.
        assert!((Counts::new(1, 5, 3, 3).g2_table() - k.g2_table()).abs() < 1e-12);
    }

    #[test]
    fn zero_counts_and_symmetry() {
        let only_target = Counts::new(10, 1000, 0, 1000);
        // G² = 2 × 10 ln(10 / 5) = 13.862944; log ratio with b as 0.5: log2(10 / 0.5) = 4.321928.
        assert!((only_target.g2() - 13.862944).abs() < 1e-6);
        assert!((only_target.log_ratio() - 4.321928).abs() < 1e-6);
        assert_eq!(only_target.pct_diff(), None);
        let swapped = Counts::new(0, 1000, 10, 1000);
        assert!((swapped.g2() - only_target.g2()).abs() < 1e-12);
        assert_eq!(swapped.direction(), -1);
        assert_eq!(Counts::new(5, 100, 10, 200).g2(), 0.0);
        assert_eq!(Counts::new(5, 100, 10, 200).direction(), 0);
    }

    #[test]
    fn p_values_and_critical_values() {
        for (alpha, critical) in CRITICAL {
            assert!((p_value(critical) - alpha).abs() / alpha < 0.01, "{alpha}: {}", p_value(critical));
        }
        // Bonferroni for 1,000 tests at 0.05: the χ²(1) quantile of 5e-5 is 16.45.
        assert!((bonferroni_critical(0.05, 1000) - 16.45).abs() < 0.02, "{}", bonferroni_critical(0.05, 1000));
    }
}
