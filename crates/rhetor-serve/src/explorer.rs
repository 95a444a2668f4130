//! The explorer's state: a results folder opened (`results.json`, the Parquet files checked
//! against it, the texts), the concordance index, and what the pages share: selecting documents
//! by group and date range, periods of dates, numbers as text.

use crate::aggregate::Rules;
use crate::error::ServeError;
use crate::kwic::Kwic;
use crate::query::Query;
use crate::results::Results;
use crate::store::Store;
use rhetor_config::ConfigFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An opened results folder.
#[derive(Debug)]
pub struct Explorer {
    pub results: Results,
    pub store: Store,
    pub kwic: Kwic,
    /// How each metric combines over documents.
    pub rules: Rules,
    /// The automatic period's length (7: months, 4: years).
    auto_period: usize,
    /// The folder's name, shown in every page.
    pub name: String,
    /// Each document's search text: id, title and metadata values, lowercase.
    haystacks: Vec<String>,
}

impl Explorer {
    /// Open `dir`; relative source paths are found under `root`; `config`, given the config path
    /// and SHA-256 the results record, gives the dictionary of `@CATEGORY` concordances. The
    /// concordance index is built by [`Explorer::build_index`].
    pub fn open(
        dir: &Path,
        root: PathBuf,
        config: impl FnOnce(&str, &str) -> ConfigFile,
    ) -> Result<Arc<Explorer>, ServeError> {
        if !dir.is_dir() {
            let why = if dir.exists() { "a file, not a folder" } else { "no such folder" };
            return Err(ServeError::NotResults { dir: dir.to_path_buf(), why: why.into() });
        }
        let results = Results::read(dir)?;
        let config = config(&results.run.config_path, &results.run.config_sha256);
        let ids: Vec<&str> = results.docs.iter().map(|d| d.id.as_str()).collect();
        let mut recorded: HashMap<String, String> =
            results.run.inputs.iter().map(|i| (i.path.clone(), i.sha256.clone())).collect();
        for d in &results.docs {
            recorded.entry(d.source.path.clone()).or_insert_with(|| d.source.sha256.clone());
        }
        let counts: Vec<u64> = results.docs.iter().map(|d| d.evidence).collect();
        let store = Store::open(dir, &ids, &counts, root, recorded)?;
        let haystacks = results
            .docs
            .iter()
            .map(|d| {
                let m = &d.meta;
                let mut s = d.id.clone();
                for v in [&m.title, &m.date, &m.outlet, &m.speaker, &m.kind, &d.group].into_iter().flatten() {
                    s.push('\u{1f}');
                    s.push_str(v);
                }
                for v in m.extra.values() {
                    s.push('\u{1f}');
                    s.push_str(v);
                }
                s.to_lowercase()
            })
            .collect();
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string());
        let rules = Rules::new(&results);
        let auto_period = auto_period(&results);
        Ok(Arc::new(Explorer { results, store, kwic: Kwic::new(config), rules, auto_period, name, haystacks }))
    }

    /// Tokenize the texts for the concordance (a second or so on 20,000 documents).
    pub fn build_index(&self) {
        let texts = (0..self.results.docs.len())
            .map(|i| {
                let text = self.store.texts.get(i).cloned().unwrap_or_default();
                (self.results.docs[i].id.clone(), text, self.store.segments(i))
            })
            .collect();
        self.kwic.build(texts);
    }

    /// The documents that `q`'s `group`, `from`, `to` and `q` (search) select, in corpus order.
    pub fn select(&self, q: &Query) -> Vec<usize> {
        let (group, from, to) = (q.get("group"), q.get("from"), q.get("to"));
        let search = q.get("q").to_lowercase();
        // Each word once, twenty at most (a longer list only costs time).
        let mut words: Vec<&str> = search.split_whitespace().collect();
        words.sort_unstable();
        words.dedup();
        words.truncate(20);
        (0..self.results.docs.len())
            .filter(|&i| {
                let d = &self.results.docs[i];
                if !group.is_empty() && d.group.as_deref() != Some(group) {
                    return false;
                }
                if !from.is_empty() || !to.is_empty() {
                    let Some(date) = d.meta.date.as_deref() else { return false };
                    if !from.is_empty() && date < from {
                        return false;
                    }
                    if !to.is_empty() && date.get(..to.len()).unwrap_or(date) > to {
                        return false;
                    }
                }
                words.iter().all(|w| self.haystacks[i].contains(w))
            })
            .collect()
    }

    /// The period rule of the report: months when the dates span under five years, else years
    /// (worked out once, when the folder is opened).
    pub fn period_length(&self, asked: &str) -> usize {
        match asked {
            "year" => 4,
            "month" => 7,
            _ => self.auto_period,
        }
    }
}

/// The length of the automatic period (`YYYY-MM` or `YYYY`) for the documents' dates.
fn auto_period(results: &Results) -> usize {
    let years = results.docs.iter().filter_map(|d| d.meta.date.as_deref()?.get(..4)?.parse::<i32>().ok());
    let (lo, hi) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    if lo <= hi && hi - lo < 5 { 7 } else { 4 }
}

/// A value for a table cell: integers without decimals, others to four significant places.
pub fn show(x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.0}")
    } else if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.4}")
    }
}

/// Every period from the first to the last of `periods` (sorted `YYYY` or `YYYY-MM`), gaps filled.
pub fn fill_periods(first: &str, last: &str) -> Vec<String> {
    let parse = |p: &str| -> Option<(i32, u32)> {
        let y = p.get(..4)?.parse().ok()?;
        let m = if p.len() >= 7 { p.get(5..7)?.parse().ok()? } else { 0 };
        Some((y, m))
    };
    let (Some((y0, m0)), Some((y1, m1))) = (parse(first), parse(last)) else { return Vec::new() };
    let mut out = Vec::new();
    let (mut y, mut m) = (y0, m0);
    while (y, m) <= (y1, m1) && out.len() < 10_000 {
        out.push(if m == 0 { format!("{y:04}") } else { format!("{y:04}-{m:02}") });
        if m == 0 {
            y += 1;
        } else if m == 12 {
            (y, m) = (y + 1, 1);
        } else {
            m += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_filled_from_first_to_last() {
        assert_eq!(fill_periods("2023-11", "2024-02"), ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(fill_periods("1861", "1863"), ["1861", "1862", "1863"]);
        assert!(fill_periods("x", "1863").is_empty());
        assert_eq!(show(3.0), "3");
        assert_eq!(show(0.123456), "0.1235");
        assert_eq!(show(f64::NAN), "–");
    }
}
