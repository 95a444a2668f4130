//! The documents a report can show in detail, followed as a run takes its documents, so that a
//! run whose files show no document's evidence keeps evidence samples and series only for those:
//! an archive of many short documents then costs no sample per document.
//!
//! A report shows in detail every document of a corpus of up to [`ALL_UP_TO`] documents; of a
//! larger one, for some metrics, the document with the highest value and the one with the lowest
//! among those of at least [`MIN_TOKENS`] tokens (the earliest on a tie), and draws the series of
//! the first documents. Whatever metrics it picks, the documents it can choose are among the first
//! [`ALL_UP_TO`] and the current extremes of every metric, which is what [`Detail`] keeps.
//!
//! Architecture Invariant: a report that shows evidence or series of a document shows them only
//! for documents [`Detail::take`] keeps (`rhetor-report`'s `drilled` chooses among them).

use crate::result::DocumentResult;
use rhetor_analyzer::Name;
use std::collections::HashMap;

/// Every document of a corpus of up to this many is shown in detail; the first this many keep
/// their evidence samples and series whatever their metrics.
pub const ALL_UP_TO: usize = 40;

/// Documents of fewer tokens are not chosen as the extremes of a metric: extremes of a line of
/// text say little.
pub const MIN_TOKENS: u64 = 50;

/// The highest and lowest value of one metric so far: (document index, value).
#[derive(Debug, Clone, Copy)]
struct Extremes {
    max: (usize, f64),
    min: (usize, f64),
}

/// The current extremes of every metric of every analyzer, and how many each document holds.
#[derive(Debug, Default)]
pub struct Detail {
    /// By analyzer position and metric name.
    extremes: HashMap<(usize, Name), Extremes>,
    /// Documents holding at least one extreme, and how many.
    holds: HashMap<usize, u32>,
}

impl Detail {
    /// Take document `index` (documents are taken in corpus order, each once) with its result.
    /// Says whether it is kept in detail, and adds to `released` the earlier documents that no
    /// longer are (no extreme held, and not among the first [`ALL_UP_TO`]).
    pub fn take(&mut self, index: usize, d: &DocumentResult, released: &mut Vec<usize>) -> bool {
        if d.counts.tokens >= MIN_TOKENS {
            for (k, r) in d.results.iter().enumerate() {
                for (j, m) in r.metrics.iter().enumerate() {
                    // A report reads the first metric of a name.
                    if r.metrics[..j].iter().any(|x| x.name() == m.name()) {
                        continue;
                    }
                    let Some(v) = m.value.as_f64() else { continue };
                    self.offer(index, (k, m.name()), v, released);
                }
            }
        }
        index < ALL_UP_TO || self.holds.contains_key(&index)
    }

    fn offer(&mut self, index: usize, key: (usize, Name), v: f64, released: &mut Vec<usize>) {
        use std::cmp::Ordering::{Greater, Less};
        let mut gained = 0;
        let mut lost: [Option<usize>; 2] = [None, None];
        match self.extremes.get_mut(&key) {
            None => {
                self.extremes.insert(key, Extremes { max: (index, v), min: (index, v) });
                gained = 2;
            }
            Some(e) => {
                if v.total_cmp(&e.max.1) == Greater {
                    lost[0] = Some(e.max.0);
                    e.max = (index, v);
                    gained += 1;
                }
                if v.total_cmp(&e.min.1) == Less {
                    lost[1] = Some(e.min.0);
                    e.min = (index, v);
                    gained += 1;
                }
            }
        }
        if gained > 0 {
            *self.holds.entry(index).or_default() += gained;
        }
        for j in lost.into_iter().flatten() {
            if let Some(n) = self.holds.get_mut(&j) {
                *n -= 1;
                if *n == 0 {
                    self.holds.remove(&j);
                    if j >= ALL_UP_TO {
                        released.push(j);
                    }
                }
            }
        }
    }
}

/// Let go of a document's evidence sample and series (its evidence counts stay).
pub fn release(d: &mut DocumentResult) {
    for r in &mut d.results {
        r.evidence_count = r.evidence_count.max(r.evidence.len() as u64);
        r.evidence = Vec::new();
        r.series = Vec::new();
    }
}

#[cfg(test)]
mod tests;
