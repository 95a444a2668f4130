//! The documents table of a large corpus: compact rows that the page's script shows a page at a
//! time, sorted and filtered over the whole list, within a byte budget whatever the corpus.

use super::PAGE_ROWS;
use crate::svg::esc;
use rhetor_engine::RunResults;
use std::fmt::Write as _;

/// The most bytes of the paged documents table's data (a row is 60–300 bytes: 20,000 to 100,000
/// documents fit). With the list of input files (at most 1 MiB) and the bounded drill-down, the
/// page stays within 10 MB whatever the corpus.
pub const TABLE_BYTES: usize = 6 << 20;

/// The documents table of a large corpus: its rows as compact JSON that the page's script shows a
/// page at a time, sorted and filtered on the whole list. Past `budget` bytes of rows ([`TABLE_BYTES`] in a report), the
/// documents shown in detail and the first of the others in corpus order are listed, and the page
/// says how many and where every one is.
pub fn documents(out: &mut String, results: &RunResults, shown: &[bool], header: &[String], budget: usize) {
    let row = |(i, d): (usize, &rhetor_engine::DocumentResult)| {
        let m = &d.meta;
        let s = |x: &Option<String>| x.clone().unwrap_or_default();
        let link = if shown[i] { serde_json::json!(i) } else { serde_json::Value::Null };
        serde_json::json!([
            d.id,
            s(&m.title),
            s(&m.date),
            s(&m.kind),
            s(&m.speaker),
            s(&m.outlet),
            d.counts.tokens,
            d.counts.sentences,
            link
        ])
        .to_string()
        // Inside a script element "</script" would end it and "<!--" would change how its end is
        // found: every "<" is written as the JSON escape \u003c (the same string once parsed).
        .replace('<', "\\u003c")
    };
    let all = results.documents.len();
    // The documents shown in detail first (few), then the rest in corpus order while they fit;
    // each row made once, and none past the first that does not fit.
    let mut budget = budget;
    let mut listed: Vec<(usize, String)> = Vec::new();
    for (i, d) in results.documents.iter().enumerate().filter(|(i, _)| shown[*i]) {
        let r = row((i, d));
        budget = budget.saturating_sub(r.len() + 1);
        listed.push((i, r));
    }
    for (i, d) in results.documents.iter().enumerate().filter(|(i, _)| !shown[*i]) {
        let r = row((i, d));
        if r.len() + 1 > budget {
            break;
        }
        budget -= r.len() + 1;
        listed.push((i, r));
    }
    listed.sort_unstable_by_key(|(i, _)| *i);
    let count = listed.len();
    let rows: Vec<String> = listed.into_iter().map(|(_, r)| r).collect();
    let data = format!("[{}]", rows.join(","));
    let partial = if count < all {
        format!(
            " Listed here: {count} of the {all} documents (the page's budget): those shown in detail below, then the \
             first in corpus order; every document is in documents.parquet."
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<p class=\"note\">The documents, {PAGE_ROWS} a page: click a header to sort, type to filter.{partial} \
         Every number of every document is in metrics.parquet and results.csv, every evidence item in \
         evidence.parquet (or ask <code>rhetor kwic</code>).</p>\
         <input class=\"filter\" type=\"search\" placeholder=\"filter documents\" id=\"documents-filter\">\
         <span class=\"note\" id=\"documents-count\"></span> <button id=\"documents-prev\">previous</button>\
         <button id=\"documents-next\">next</button><div class=\"scroll\"><table class=\"data\" id=\"documents-paged\"><thead><tr>"
    );
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    let _ = write!(
        out,
        "</tr></thead><tbody></tbody></table></div><script type=\"application/json\" id=\"documents-data\">{data}</script>"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(documents: usize) -> RunResults {
        let doc = |i: usize| {
            serde_json::json!({
                "id": format!("d{i:05}"), "meta": {"title": format!("Story {i}"), "extra": {}},
                "source": {"path": "p", "sha256": "s"},
                "counts": {"bytes": 1, "tokens": 2, "sentences": 1, "paragraphs": 1, "sections": 1},
                "sections": [""], "results": []
            })
        };
        serde_json::from_value(serde_json::json!({
            "schema": "s", "run": {"rhetor_version": "0", "config_path": "c", "config_sha256": "h", "inputs": []},
            "analyzers": [], "documents": (0..documents).map(doc).collect::<Vec<_>>(),
            "corpus": {"name": "corpus", "documents": [], "results": []},
        }))
        .expect("results")
    }

    fn listed(page: &str) -> Vec<serde_json::Value> {
        let data = page.split("id=\"documents-data\">").nth(1).and_then(|d| d.split("</script>").next()).expect("data");
        serde_json::from_str(data).expect("rows are JSON")
    }

    /// Within the budget every document is listed and nothing is said; past it, the documents shown
    /// in detail and the first others in corpus order, within the budget, and the page says so.
    #[test]
    fn rows_stay_within_the_budget_and_say_so() {
        let r = results(3000);
        let mut shown = vec![false; 3000];
        shown[2500] = true;
        let header: Vec<String> = vec!["id".into()];
        let mut whole = String::new();
        documents(&mut whole, &r, &shown, &header, TABLE_BYTES);
        assert_eq!(listed(&whole).len(), 3000);
        assert!(!whole.contains("Listed here"));
        let mut cut = String::new();
        documents(&mut cut, &r, &shown, &header, 20_000);
        let rows = listed(&cut);
        let data = cut.split("id=\"documents-data\">").nth(1).and_then(|d| d.split("</script>").next()).expect("data");
        assert!(data.len() <= 20_000, "{} bytes", data.len());
        assert!(rows.len() > 100 && rows.len() < 3000, "{}", rows.len());
        // In corpus order: the first ones, then the document shown in detail, linked by its index.
        assert_eq!(rows[0][0], "d00000");
        assert_eq!(rows[rows.len() - 2][0], format!("d{:05}", rows.len() - 2));
        assert_eq!(rows[rows.len() - 1][0], "d02500");
        assert_eq!(rows[rows.len() - 1][8], 2500);
        assert!(cut.contains(&format!("Listed here: {} of the 3000 documents", rows.len())), "the page says so");
    }
}
