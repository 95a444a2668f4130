//! The report's charts of one analyzer: its rates side by side (groups or documents, and the
//! corpus), its headline metrics over time for dated corpora, its corpus tables by period (one
//! chart per row key), and its series (lines for parts of a text, barcode strips for positions in
//! it).

use super::MAX_CHART_DOCS;
use crate::svg;
use rhetor_engine::{AnalyzerResult, Cell, Metric, RunResults, Series, Table};
use std::fmt::Write as _;

/// Bars of every metric measured per 1,000 words (or as a rate), for the groups when there are
/// some, else for the documents (at most [`MAX_CHART_DOCS`]), and the corpus.
pub(super) fn rate_bars(
    out: &mut String,
    results: &RunResults,
    scopes: &[(String, Option<String>, &AnalyzerResult)],
    metrics: &[&Metric],
) {
    let rates: Vec<&&Metric> = metrics.iter().filter(|m| m.unit().contains("1,000") || m.unit() == "rate").collect();
    if rates.is_empty() {
        return;
    }
    let grouped = results.grouping.is_some();
    let shown: Vec<&(String, Option<String>, &AnalyzerResult)> = scopes
        .iter()
        .filter(|s| if grouped { s.1.is_none() } else { true })
        .filter(|s| s.1.is_none() || results.documents.len() <= MAX_CHART_DOCS)
        .collect();
    let categories: Vec<String> = rates.iter().map(|m| m.name().to_string()).collect();
    let series: Vec<(String, Vec<Option<f64>>)> = shown
        .iter()
        .map(|(name, _, r)| {
            let values = rates
                .iter()
                .map(|m| r.metrics.iter().find(|x| x.name() == m.name()).and_then(|x| x.value.as_f64()))
                .collect();
            (name.clone(), values)
        })
        .collect();
    let unit = rates[0].unit();
    out.push_str(&svg::bars("Rates by document, group and corpus", &unit, &categories, &series));
}

/// The analyzer's first three metrics that are not counts over time, when at least three
/// documents carry a date: the mean over the documents of each period, by month when the dates span
/// under five years, by year otherwise (every period between the first and the last, empty ones
/// left as gaps).
pub(super) fn over_time(out: &mut String, results: &RunResults, k: usize, metrics: &[&Metric]) {
    let dated: Vec<(&str, usize)> = results
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            d.meta
                .date
                .as_deref()
                .filter(|s| s.len() >= 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit))
                .map(|s| (s, i))
        })
        .collect();
    if dated.len() < 3 {
        return;
    }
    let year = |s: &str| s.get(..4).and_then(|y| y.parse::<i32>().ok()).unwrap_or(0);
    let (first, last) = dated.iter().fold((i32::MAX, i32::MIN), |(a, b), (s, _)| (a.min(year(s)), b.max(year(s))));
    let monthly = last - first < 5 && dated.iter().all(|(s, _)| s.len() >= 7);
    // Period index of a date: months since the first year's January, or years since the first.
    let period = |s: &str| -> usize {
        let y = (year(s) - first) as usize;
        if monthly {
            y * 12 + s.get(5..7).and_then(|m| m.parse::<usize>().ok()).unwrap_or(1).clamp(1, 12) - 1
        } else {
            y
        }
    };
    let spans: Vec<usize> = dated.iter().map(|(s, _)| period(s)).collect();
    let (lo, hi) = (spans.iter().copied().min().unwrap_or(0), spans.iter().copied().max().unwrap_or(0));
    if hi == lo {
        return;
    }
    let names: Vec<String> = (lo..=hi)
        .map(|p| {
            if monthly {
                format!("{}-{:02}", first + (p / 12) as i32, p % 12 + 1)
            } else {
                (first + p as i32).to_string()
            }
        })
        .collect();
    for metric in metrics.iter().filter(|m| m.unit() != "count" && m.unit() != "words").take(3) {
        let mut sums = vec![(0.0f64, 0usize); hi - lo + 1];
        for (&p, (_, i)) in spans.iter().zip(&dated) {
            let v =
                results.documents[*i].results.get(k).and_then(|r| r.metrics.iter().find(|m| m.name() == metric.name()));
            if let Some(v) = v.and_then(|m| m.value.as_f64()).filter(|v| v.is_finite()) {
                sums[p - lo].0 += v;
                sums[p - lo].1 += 1;
            }
        }
        let values: Vec<(f64, usize)> =
            sums.iter().map(|&(s, n)| (if n > 0 { s / n as f64 } else { f64::NAN }, n)).collect();
        let by = if monthly { "month" } else { "year" };
        let title = format!("{} by {by} (mean over the documents of each {by})", metric.name());
        out.push_str(&svg::timeline(&title, by, &metric.unit(), &names, &values));
    }
}

/// Charts of the analyzer's series: lines when x steps through whole numbers (parts of a text),
/// barcode strips otherwise (positions in a text).
pub(super) fn series_charts(out: &mut String, results: &RunResults, k: usize) {
    let docs: Vec<(&str, &AnalyzerResult)> = results
        .documents
        .iter()
        .filter_map(|d| d.results.get(k).map(|r| (d.id.as_str(), r)))
        .take(MAX_CHART_DOCS)
        .collect();
    let mut names: Vec<&Series> = Vec::new();
    for s in
        docs.iter().flat_map(|d| &d.1.series).chain(results.corpus.results.get(k).into_iter().flat_map(|r| &r.series))
    {
        if !names.iter().any(|x| x.name == s.name) {
            names.push(s);
        }
    }
    for proto in names {
        let find = |r: &AnalyzerResult| r.series.iter().find(|s| s.name == proto.name).cloned();
        let stepped = proto.points.iter().all(|p| p[0] == p[0].trunc());
        if stepped {
            let mut lines: Vec<(String, Vec<[f64; 2]>, bool)> =
                docs.iter().filter_map(|(id, r)| find(r).map(|s| (id.to_string(), s.points, false))).collect();
            if let Some(s) = results.corpus.results.get(k).and_then(find) {
                lines.push(("corpus".into(), s.points, true));
            }
            out.push_str(&svg::lines(
                &format!("{}: {}", proto.name, proto.description),
                &proto.x_label,
                &proto.y_label,
                &lines,
            ));
        } else {
            let rows: Vec<(String, Vec<f64>)> = docs
                .iter()
                .filter_map(|(id, r)| find(r).map(|s| (id.to_string(), s.points.iter().map(|p| p[0]).collect())))
                .collect();
            out.push_str(&svg::strips(&format!("{}: {}", proto.name, proto.description), &proto.x_label, &rows));
        }
    }
}

/// Charts of the corpus tables that give figures by period: a table whose second column is
/// `period` is drawn as one timeline per value of its first column (a target, a category), of its
/// first column of decimals (a rate), in the table's order of periods; its `documents` column, when
/// it has one, is the count shown with each point. The charts sit in one folded section.
pub(super) fn period_charts(out: &mut String, results: &RunResults, k: usize) {
    let Some(corpus) = results.corpus.results.get(k) else { return };
    for t in corpus.tables.iter().filter(|t| t.columns.get(1).is_some_and(|c| c == "period")) {
        let Some(y) = (2..t.columns.len()).find(|&c| t.rows.iter().any(|r| matches!(r.get(c), Some(Cell::Float(_)))))
        else {
            continue;
        };
        let docs = t.columns.iter().position(|c| c == "documents");
        let keys = keys_in_order(t);
        if keys.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<details><summary>{} by period: one chart per {} ({})</summary>",
            svg::esc(&t.name),
            svg::esc(&t.columns[0]),
            keys.len()
        );
        for key in keys {
            let rows: Vec<&Vec<Cell>> = t.rows.iter().filter(|r| text(r.first()) == key).collect();
            let names: Vec<String> = rows.iter().map(|r| text(r.get(1)).to_string()).collect();
            let values: Vec<(f64, usize)> = rows
                .iter()
                .map(|r| {
                    let n = docs.and_then(|d| match r.get(d) {
                        Some(Cell::Int(n)) => usize::try_from(*n).ok(),
                        _ => None,
                    });
                    (number(r.get(y)), n.unwrap_or(0))
                })
                .collect();
            let title = format!("{key}: {} by period", t.columns[y]);
            out.push_str(&svg::timeline(&title, "period", &t.columns[y], &names, &values));
        }
        out.push_str("</details>");
    }
}

/// The distinct values of a table's first column, in the order they first appear.
fn keys_in_order(t: &Table) -> Vec<&str> {
    let mut keys: Vec<&str> = Vec::new();
    for r in &t.rows {
        let key = text(r.first());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

fn text(c: Option<&Cell>) -> &str {
    match c {
        Some(Cell::Text(s)) => s,
        _ => "",
    }
}

fn number(c: Option<&Cell>) -> f64 {
    match c {
        Some(Cell::Float(x)) => *x,
        Some(Cell::Int(n)) => *n as f64,
        _ => f64::NAN,
    }
}
