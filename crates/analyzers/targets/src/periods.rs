//! Targets over time: each document's counts under its date's month ("2024-03"; a date of a year
//! only gives the year), summed over a group or the corpus; then by month when the dates' years
//! differ by under five (and all give a month), by year otherwise — the report's rule for time
//! charts. Every period from the first to the last is listed, those without documents too (their
//! figures null), so that a chart keeps its time scale. The `over_time` table gives each target's
//! figures per period, and `changes` the largest differences between one period and the next in a
//! target's rate (periods of 1,000 words or more) and in the mean sentiment of the sentences that
//! name it (periods of five such sentences or more). Documents without a date are left out of
//! both.

use crate::{TargetCounts, Targets, cell};
use rhetor_analyzer::SmolStr;
use rhetor_analyzer::{Cell, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the documents of one period add up to.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Period {
    pub documents: u64,
    pub words: u64,
    pub sentences: u64,
    /// Per target: mentions, sentences, sentiment (only what the over-time tables need).
    pub targets: Vec<TargetCounts>,
}

impl Period {
    pub fn add(&mut self, part: &Period) {
        self.documents += part.documents;
        self.words += part.words;
        self.sentences += part.sentences;
        TargetCounts::add_all(&mut self.targets, &part.targets);
    }
}

/// The month of a date ("2024-03-15" gives "2024-03"), or its year when it gives no month; `None`
/// for a missing or unreadable date.
pub fn month_of(date: Option<&str>) -> Option<String> {
    let d = date?.trim();
    let b = d.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let month = d.get(5..7).filter(|m| b[4] == b'-' && m.bytes().all(|c| c.is_ascii_digit()));
    Some(match month.and_then(|m| m.parse::<u8>().ok()).filter(|m| (1..=12).contains(m)) {
        Some(m) => format!("{}-{m:02}", &d[..4]),
        None => d[..4].to_string(),
    })
}

/// The periods of a summary's months: by month when the years differ by under five, else by
/// year; every period from the first to the last, empty ones included.
pub fn periods(months: &BTreeMap<String, Period>) -> BTreeMap<String, Period> {
    let year = |k: &str| k.get(..4).and_then(|y| y.parse::<i32>().ok()).unwrap_or(0);
    let (Some(first), Some(last)) = (months.keys().next(), months.keys().next_back()) else {
        return BTreeMap::new();
    };
    let (y0, y1) = (year(first), year(last));
    let monthly = y1 - y0 < 5 && months.keys().all(|k| k.len() == 7);
    let mut out: BTreeMap<String, Period> = BTreeMap::new();
    if monthly {
        let month = |k: &str| k.get(5..7).and_then(|m| m.parse::<i32>().ok()).unwrap_or(1);
        let (m0, m1) = (y0 * 12 + month(first) - 1, y1 * 12 + month(last) - 1);
        for m in m0..=m1 {
            out.insert(format!("{}-{:02}", m / 12, m % 12 + 1), Period::default());
        }
    } else {
        for y in y0..=y1 {
            out.insert(y.to_string(), Period::default());
        }
    }
    for (k, p) in months {
        let key = if monthly { k.clone() } else { k[..4].to_string() };
        out.entry(key).or_default().add(p);
    }
    out
}

/// Mention sentences a period needs, on both sides, for a change of mean sentiment to be listed.
pub const MIN_SENTENCES: u64 = 5;
/// Words a period needs, on both sides, for a change of rate to be listed.
pub const MIN_WORDS: u64 = 1000;

/// `over_time` and `changes` for the periods of a group or the corpus, when there are two or more.
pub fn tables(periods: &BTreeMap<String, Period>, ids: &[&str], top: usize, sentiment: bool) -> Vec<Table> {
    if periods.len() < 2 {
        return Vec::new();
    }
    let (rate, share) = (Targets::rate, Targets::share);
    let mean = TargetCounts::mean_compound;
    let mut rows = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        for (name, p) in periods {
            let t = p.targets.get(k).cloned().unwrap_or_default();
            let mut row = vec![
                Cell::Text(SmolStr::new(id)),
                Cell::Text(name.as_str().into()),
                Cell::Int(p.documents as i64),
                Cell::Int(p.words as i64),
                Cell::Int(t.mentions as i64),
                cell(rate(t.mentions, p.words)),
                Cell::Int(t.sentences as i64),
                cell(share(t.sentences, p.sentences)),
            ];
            if sentiment {
                row.push(cell(mean(&t)));
                row.push(cell(share(t.negative, t.sentences)));
            }
            rows.push(row);
        }
    }
    let mut columns =
        vec!["target", "period", "documents", "words", "mentions", "per_1000_words", "sentences", "sentence_share"];
    if sentiment {
        columns.extend(["mean_sentiment", "negative_share"]);
    }
    let over_time = Table {
        name: "over_time".into(),
        description: SmolStr::new_static(
            "per target and period (month, or year over five years and more): the documents and words \
                      of the period, the target's mentions, per 1,000 words, the sentences naming it and their \
                      share, and the mean VADER compound and negative share of those sentences",
        ),
        columns: columns.into_iter().map(SmolStr::from).collect(),
        rows,
    };
    // The largest changes from one period to the next, per target and measure.
    let mut changes: Vec<(usize, &str, &str, &str, f64, f64)> = Vec::new();
    let list: Vec<(&String, &Period)> = periods.iter().collect();
    for (k, _) in ids.iter().enumerate() {
        let mut mine: Vec<(usize, &str, &str, &str, f64, f64)> = Vec::new();
        for w in list.windows(2) {
            let ((from, a), (to, b)) = (w[0], w[1]);
            let (ta, tb) =
                (a.targets.get(k).cloned().unwrap_or_default(), b.targets.get(k).cloned().unwrap_or_default());
            let (ra, rb) = (rate(ta.mentions, a.words), rate(tb.mentions, b.words));
            if a.words >= MIN_WORDS && b.words >= MIN_WORDS && ra != rb {
                mine.push((k, "per_1000_words", from, to, ra, rb));
            }
            if sentiment && ta.sentences >= MIN_SENTENCES && tb.sentences >= MIN_SENTENCES {
                let (ma, mb) = (mean(&ta), mean(&tb));
                if ma != mb {
                    mine.push((k, "mean_sentiment", from, to, ma, mb));
                }
            }
        }
        for measure in ["per_1000_words", "mean_sentiment"] {
            let mut of: Vec<_> = mine.iter().filter(|c| c.1 == measure).cloned().collect();
            // Largest first; ties by the earlier period.
            of.sort_by(|x, y| (y.5 - y.4).abs().total_cmp(&(x.5 - x.4).abs()).then(x.2.cmp(y.2)));
            changes.extend(of.into_iter().take(top));
        }
    }
    let changes = Table {
        name: "changes".into(),
        description: format!(
            "per target, the {top} largest changes from one period to the next in mentions per 1,000 words and \
             in the mean VADER compound of the sentences naming it (periods of {MIN_WORDS} words, and of \
             {MIN_SENTENCES} such sentences, or more); the mentions behind each are the evidence of the documents dated in the two periods"
        ).into(),
        columns: ["target", "measure", "from", "to", "before", "after", "change"].map(SmolStr::from).to_vec(),
        rows: changes
            .into_iter()
            .map(|(k, measure, from, to, a, b)| {
                vec![
                    Cell::Text(SmolStr::new(ids[k])),
                    Cell::Text(measure.into()),
                    Cell::Text(from.into()),
                    Cell::Text(to.into()),
                    cell(a),
                    cell(b),
                    cell(b - a),
                ]
            })
            .collect(),
    };
    vec![over_time, changes]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_years_of_dates() {
        assert_eq!(month_of(Some("2024-03-15")).as_deref(), Some("2024-03"));
        assert_eq!(month_of(Some("2024-3-15")).as_deref(), Some("2024"));
        assert_eq!(month_of(Some("1990")).as_deref(), Some("1990"));
        assert_eq!(month_of(Some("2024-13-01")).as_deref(), Some("2024"));
        assert_eq!(month_of(Some("March 2024")), None);
        assert_eq!(month_of(None), None);
    }

    #[test]
    fn by_year_over_five_years_of_span() {
        let p = |d: u64| Period { documents: d, ..Period::default() };
        let near: BTreeMap<String, Period> = [("2020-01".to_string(), p(1)), ("2024-12".to_string(), p(2))].into();
        let months = periods(&near);
        assert_eq!(months.len(), 60, "years four apart: every month, empty ones too");
        assert_eq!((months["2020-01"].documents, months["2022-06"].documents, months["2024-12"].documents), (1, 0, 2));
        let far: BTreeMap<String, Period> =
            [("2019-01".to_string(), p(1)), ("2019-05".to_string(), p(2)), ("2024-12".to_string(), p(4))].into();
        let by_year = periods(&far);
        assert_eq!(by_year.keys().collect::<Vec<_>>(), ["2019", "2020", "2021", "2022", "2023", "2024"]);
        assert_eq!((by_year["2019"].documents, by_year["2021"].documents), (3, 0));
    }
}
