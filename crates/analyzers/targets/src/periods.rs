//! Targets over time: each document's counts under its date's month ("2024-03"; a date of a year
//! only gives the year), summed over a group or the corpus; then by month when the dates span under
//! five years (and all give a month), by year otherwise — the report's rule for time charts. The
//! `over_time` table gives each target's figures per period, and `changes` the largest differences
//! between one period and the next in a target's rate and in the mean sentiment of the sentences
//! that name it. Documents without a date are left out of both.

use crate::{TargetCounts, cell};
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
        if self.targets.len() < part.targets.len() {
            self.targets.resize(part.targets.len(), TargetCounts::default());
        }
        for (a, p) in self.targets.iter_mut().zip(&part.targets) {
            a.mentions += p.mentions;
            a.sentences += p.sentences;
            a.documents += p.documents;
            a.compound_sum += p.compound_sum;
            a.positive += p.positive;
            a.negative += p.negative;
        }
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

/// The periods of a summary's months: by month under five years of span, else by year.
pub fn periods(months: &BTreeMap<String, Period>) -> BTreeMap<String, Period> {
    let year = |k: &str| k.get(..4).and_then(|y| y.parse::<i32>().ok()).unwrap_or(0);
    let (first, last) = (months.keys().next(), months.keys().next_back());
    let monthly = match (first, last) {
        (Some(a), Some(b)) => year(b) - year(a) < 5 && months.keys().all(|k| k.len() == 7),
        _ => true,
    };
    if monthly {
        return months.clone();
    }
    let mut out: BTreeMap<String, Period> = BTreeMap::new();
    for (k, p) in months {
        out.entry(k[..4].to_string()).or_default().add(p);
    }
    out
}

/// Mention sentences a period needs, on both sides, for a change of mean sentiment to be listed.
pub const MIN_SENTENCES: u64 = 5;

/// `over_time` and `changes` for the periods of a group or the corpus, when there are two or more.
pub fn tables(periods: &BTreeMap<String, Period>, ids: &[&str], top: usize, sentiment: bool) -> Vec<Table> {
    if periods.len() < 2 {
        return Vec::new();
    }
    let rate = |n: u64, w: u64| if w == 0 { f64::NAN } else { n as f64 * 1000.0 / w as f64 };
    let mean = |t: &TargetCounts| {
        if t.sentences == 0 { f64::NAN } else { t.compound_sum as f64 / 1e4 / t.sentences as f64 }
    };
    let share = |n: u64, of: u64| if of == 0 { f64::NAN } else { n as f64 / of as f64 };
    let mut rows = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        for (name, p) in periods {
            let t = p.targets.get(k).cloned().unwrap_or_default();
            let mut row = vec![
                Cell::Text(id.to_string()),
                Cell::Text(name.clone()),
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
        description: "per target and period (month, or year over five years and more): the documents and words \
                      of the period, the target's mentions, per 1,000 words, the sentences naming it and their \
                      share, and the mean VADER compound and negative share of those sentences"
            .into(),
        columns: columns.into_iter().map(String::from).collect(),
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
            if ra.is_finite() && rb.is_finite() && ra != rb {
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
             in the mean VADER compound of the sentences naming it (periods of {MIN_SENTENCES} such sentences or \
             more); the mentions behind each are the evidence of the documents dated in the two periods"
        ),
        columns: ["target", "measure", "from", "to", "before", "after", "change"].map(String::from).to_vec(),
        rows: changes
            .into_iter()
            .map(|(k, measure, from, to, a, b)| {
                vec![
                    Cell::Text(ids[k].to_string()),
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
        assert_eq!(periods(&near).len(), 2, "under five years: months");
        let far: BTreeMap<String, Period> =
            [("2019-01".to_string(), p(1)), ("2019-05".to_string(), p(2)), ("2024-12".to_string(), p(4))].into();
        let by_year = periods(&far);
        assert_eq!(by_year.keys().collect::<Vec<_>>(), ["2019", "2024"]);
        assert_eq!(by_year["2019"].documents, 3);
    }
}
