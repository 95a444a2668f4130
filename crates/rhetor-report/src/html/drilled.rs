//! The documents the reports show in detail ([`drilled`]): all of a small corpus, else the
//! extremes of the analyzers' headline metrics. A run that writes no document's evidence keeps
//! evidence samples and series only for the documents this can choose (`rhetor_engine::detail`).

use rhetor_engine::RunResults;
use rhetor_engine::detail::{ALL_UP_TO, MIN_TOKENS};

/// Documents with a drill-down section and a row in each analyzer's metrics table: all of them up
/// to this many, else this many chosen by [`drilled`]; the others are in the documents table (and
/// every number of every document in the Parquet dataset and `results.csv`).
pub const MAX_DRILL_DOWN: usize = ALL_UP_TO;

/// The documents shown in detail: every one up to [`MAX_DRILL_DOWN`]; else, analyzer by analyzer
/// and for each of its first metrics that is not a count, the document with the highest value and
/// the one with the lowest, until [`MAX_DRILL_DOWN`] are chosen (documents of fewer than [`MIN_TOKENS`] tokens
/// left out: extremes of a line of text say little).
pub fn drilled(results: &RunResults) -> Vec<bool> {
    let n = results.documents.len();
    if n <= MAX_DRILL_DOWN {
        return vec![true; n];
    }
    let mut shown = vec![false; n];
    let mut count = 0;
    let eligible: Vec<usize> = (0..n).filter(|&i| results.documents[i].counts.tokens >= MIN_TOKENS).collect();
    let value = |i: usize, k: usize, name: &str| -> Option<f64> {
        results.documents[i].results.get(k)?.metrics.iter().find(|m| m.name() == name)?.value.as_f64()
    };
    // Round by round: the first headline metric of every analyzer, then the second, …
    let headlines: Vec<Vec<String>> = (0..results.analyzers.len())
        .map(|k| {
            let first = results.corpus.results.get(k).map(|r| r.metrics.as_slice()).unwrap_or_default();
            first.iter().filter(|m| m.unit() != "count" && m.unit() != "words").map(|m| m.name().to_string()).collect()
        })
        .collect();
    let rounds = headlines.iter().map(Vec::len).max().unwrap_or(0);
    'rounds: for round in 0..rounds {
        for (k, names) in headlines.iter().enumerate() {
            let Some(name) = names.get(round) else { continue };
            let values: Vec<(usize, f64)> = eligible.iter().filter_map(|&i| Some((i, value(i, k, name)?))).collect();
            let max = values.iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let min = values.iter().min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            for &(i, _) in max.into_iter().chain(min) {
                if !shown[i] {
                    shown[i] = true;
                    count += 1;
                    if count == MAX_DRILL_DOWN {
                        break 'rounds;
                    }
                }
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests;
