//! The overview (`/`): the corpus in figures; one metric over time (by month or year) with a
//! picker for any metric, category or target and for the groups; the groups side by side; the
//! corpus's (or the group's) tables, each a link to the whole table; the corpus's metrics, each a
//! link to its timeline and to the documents sorted by it.

use crate::explorer::{Explorer, fill_periods, show};
use crate::html::{Html, Link, page};
use crate::query::Query;
use crate::reply::Reply;
use rhetor_report::svg;
use std::collections::BTreeMap;

/// The metric shown when none is asked for: the first rate per 1,000 words, else the first.
fn default_metric(ex: &Explorer) -> usize {
    ex.results.metrics.iter().position(|m| m.unit.starts_with("per 1,000")).unwrap_or(0)
}

pub fn overview(ex: &Explorer, q: &Query) -> Reply {
    let r = &ex.results;
    if r.metrics.is_empty() {
        return Reply::Page(page("Overview", &ex.name, "/", Html::new()));
    }
    let k = match q.get("metric") {
        "" => default_metric(ex),
        key => match r.metric(key) {
            Some(k) => k,
            None => return Reply::NotFound(format!("no metric `{key}` in these results")),
        },
    };
    let period = q.get("period");
    if !matches!(period, "" | "auto" | "month" | "year") {
        return Reply::BadRequest(format!("period `{period}`: give auto, month or year"));
    }
    let len = ex.period_length(period);
    let group = q.get("group");
    if !group.is_empty() && group != "each" && r.group(group).is_none() {
        return Reply::NotFound(format!("no group `{group}` in these results"));
    }
    let mut h = Html::new();
    h.el("h1", &[], &ex.name);
    figures(ex, &mut h);

    // The picker: a form whose GET is the page's own URL.
    h.el("h2", &[("id", "time")], "Over time");
    h.open("form", &[("method", "get"), ("action", "/"), ("class", "picker")]);
    h.raw("<label>metric <select name=\"metric\" data-submit>");
    let mut last = "";
    for (j, m) in r.metrics.iter().enumerate() {
        if m.analyzer != last {
            if !last.is_empty() {
                h.raw("</optgroup>");
            }
            h.open("optgroup", &[("label", &m.analyzer)]);
            last = &m.analyzer;
        }
        h.option(&m.key(), &format!("{} ({})", m.name, m.unit), j == k);
    }
    h.raw("</optgroup></select></label> <label>by <select name=\"period\" data-submit>");
    for p in ["auto", "month", "year"] {
        let on = period == p || (period.is_empty() && p == "auto");
        h.option(p, p, on);
    }
    h.raw("</select></label>");
    if !r.groups.is_empty() {
        h.raw(" <label>groups <select name=\"group\" data-submit>");
        let mut choices = vec![("", "all documents".to_string()), ("each", "each group".to_string())];
        choices.extend(r.groups.iter().map(|g| (g.name.as_str(), g.name.clone())));
        for (v, label) in choices {
            h.option(v, &label, v == group);
        }
        h.raw("</select></label>");
    }
    h.raw(" <button type=\"submit\">show</button></form>");
    timeline(ex, &mut h, k, len, group);
    groups(ex, &mut h, k);
    let scope = if group.is_empty() || group == "each" { "corpus" } else { group };
    h.el("h2", &[("id", "tables")], &format!("Tables of the {}", if scope == "corpus" { "corpus" } else { "group" }));
    crate::pages::tables::list(ex, &mut h, scope);
    corpus_metrics(ex, &mut h);
    Reply::Page(page("Overview", &ex.name, "/", h))
}

fn figures(ex: &Explorer, h: &mut Html) {
    let r = &ex.results;
    let words: f64 = (0..r.docs.len()).map(|d| r.words(d)).sum();
    let tokens: u64 = r.docs.iter().map(|d| d.counts.tokens).sum();
    let evidence: u64 = r.docs.iter().map(|d| d.evidence).sum();
    let dates: Vec<&str> = r.docs.iter().filter_map(|d| d.meta.date.as_deref()).collect();
    let (first, last) = (dates.iter().min().copied().unwrap_or("–"), dates.iter().max().copied().unwrap_or("–"));
    h.raw("<table class=\"figures\"><tbody>");
    let mut row = |name: &str, value: &str| {
        h.raw("<tr>").el("th", &[], name).el("td", &[], value).raw("</tr>");
    };
    row("documents", &r.docs.len().to_string());
    row("words", &show(words));
    row("tokens", &tokens.to_string());
    row("evidence items", &evidence.to_string());
    row("dates", &format!("{first} to {last} ({} dated)", dates.len()));
    if let Some(f) = &r.group_field {
        row("groups", &format!("{} by {f}", r.groups.len()));
    }
    let sources: std::collections::BTreeSet<&str> = r.docs.iter().map(|d| d.source.path.as_str()).collect();
    row("source files", &format!("{} ({} files read, with manifests and tables)", sources.len(), r.run.inputs.len()));
    row("analysis", &format!("rhetor {} with {}", r.run.rhetor_version, r.run.config_path));
    h.raw("</tbody></table>");
}

/// The metric by period: chart and table, each period a link to its documents.
fn timeline(ex: &Explorer, h: &mut Html, k: usize, len: usize, group: &str) {
    let r = &ex.results;
    let m = &r.metrics[k];
    let sets: Vec<(String, Vec<usize>)> = match group {
        "each" => r.groups.iter().map(|g| (g.name.clone(), g.documents.clone())).collect(),
        "" => vec![("all documents".into(), (0..r.docs.len()).collect())],
        g => r.group(g).map(|g| (g.name.clone(), g.documents.clone())).into_iter().collect(),
    };
    let mut by_period: Vec<BTreeMap<String, Vec<usize>>> = Vec::new();
    for (_, docs) in &sets {
        let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &d in docs {
            if let Some(p) = r.docs[d].meta.date.as_deref().and_then(|s| s.get(..len)) {
                map.entry(p.to_string()).or_default().push(d);
            }
        }
        by_period.push(map);
    }
    let first = by_period.iter().filter_map(|m| m.keys().next()).min().cloned();
    let last = by_period.iter().filter_map(|m| m.keys().next_back()).max().cloned();
    let (Some(first), Some(last)) = (first, last) else {
        h.el("p", &[], "No document has a date: nothing to draw over time.");
        return;
    };
    let periods = fill_periods(&first, &last);
    let unit_name = if len == 4 { "year" } else { "month" };
    let title = format!("{} · {} by {unit_name}", m.analyzer, m.name);
    if sets.len() == 1 {
        let values: Vec<(f64, usize)> = periods
            .iter()
            .map(|p| by_period[0].get(p).map_or((f64::NAN, 0), |d| (ex.rules.over(r, k, d), d.len())))
            .collect();
        h.chart(svg::timeline(&title, unit_name, &m.unit, &periods, &values));
    } else {
        let series: Vec<(String, Vec<[f64; 2]>, bool)> = sets
            .iter()
            .zip(&by_period)
            .map(|((name, _), map)| {
                let pts = periods
                    .iter()
                    .enumerate()
                    .map(|(i, p)| [i as f64, map.get(p).map_or(f64::NAN, |d| ex.rules.over(r, k, d))])
                    .collect();
                (name.clone(), pts, false)
            })
            .collect();
        h.chart(svg::lines(&title, &format!("{unit_name} (0 = {first})"), &m.unit, &series));
    }
    h.open("p", &[("class", "note")])
        .text(&format!("{}: {}. A period's value is {}; ", m.name, m.description, ex.rules.describe(r, k)))
        .text("a period links to its documents, sorted by this metric.")
        .close("p");
    h.raw("<table class=\"data\"><thead><tr><th>period</th>");
    for (name, _) in &sets {
        h.el("th", &[], &format!("{name}: documents")).el("th", &[], &format!("{name}: {}", m.name));
    }
    h.raw("</tr></thead><tbody>");
    for p in &periods {
        let (from, to) = (p.clone(), p.clone());
        h.raw("<tr><td>");
        let link = Link::to("/documents")
            .with("from", from)
            .with("to", to)
            .with("sort", m.key())
            .with("group", if group == "each" { "" } else { group });
        h.link(&link, p).raw("</td>");
        for (s, (name, _)) in sets.iter().enumerate() {
            let docs = by_period[s].get(p);
            let n = docs.map_or(0, Vec::len);
            h.raw("<td class=\"n\">");
            if n > 0 && sets.len() > 1 {
                let link =
                    Link::to("/documents").with("from", p.clone()).with("to", p.clone()).with("group", name.clone());
                h.link(&link.with("sort", m.key()), &n.to_string());
            } else {
                h.num(n);
            }
            h.raw("</td>").el("td", &[("class", "n")], &docs.map_or("–".into(), |d| show(ex.rules.over(r, k, d))));
        }
        h.raw("</tr>");
    }
    h.raw("</tbody></table>");
}

/// The groups side by side: documents, words, and the metric as each group's results give it.
fn groups(ex: &Explorer, h: &mut Html, k: usize) {
    let r = &ex.results;
    if r.groups.is_empty() {
        return;
    }
    let m = &r.metrics[k];
    h.el("h2", &[("id", "groups")], &format!("Groups by {}", r.group_field.as_deref().unwrap_or("group")));
    h.raw("<table class=\"data\"><thead>");
    h.header_row(&["group", "documents", "words", &m.name, "compare"]);
    h.raw("</thead><tbody>");
    for g in &r.groups {
        let value = g
            .results
            .iter()
            .find(|x| x.analyzer == m.analyzer)
            .and_then(|x| x.metrics.iter().find(|y| y.name == m.name))
            .and_then(|y| y.value)
            .unwrap_or(f64::NAN);
        let words: f64 = g.documents.iter().map(|&d| r.words(d)).sum();
        h.raw("<tr><td>").link(&Link::to("/documents").with("group", g.name.clone()).with("sort", m.key()), &g.name);
        h.raw("</td>").el("td", &[("class", "n")], &g.documents.len().to_string());
        h.el("td", &[("class", "n")], &show(words)).el("td", &[("class", "n")], &show(value)).raw("<td>");
        h.link(&Link::to("/compare").with("a", g.name.clone()).with("b", "corpus"), "with the corpus");
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
}

/// The corpus's metrics, analyzer by analyzer.
fn corpus_metrics(ex: &Explorer, h: &mut Html) {
    let r = &ex.results;
    h.el("h2", &[("id", "metrics")], "The corpus's metrics");
    h.raw("<table class=\"data\"><thead>");
    h.header_row(&["analyzer", "metric", "value", "unit", "documents"]);
    h.raw("</thead><tbody>");
    for res in &r.corpus {
        for m in &res.metrics {
            let key = format!("{}.{}", res.analyzer, m.name);
            h.raw("<tr>").el("td", &[], &res.analyzer).raw("<td>");
            h.open(
                "a",
                &[("href", &Link::to("/").with("metric", key.clone()).at("time").url()), ("title", &m.description)],
            )
            .text(&m.name)
            .close("a");
            h.raw("</td>").el("td", &[("class", "n")], &show(m.value.unwrap_or(f64::NAN))).el("td", &[], &m.unit);
            h.raw("<td>").link(&Link::to("/documents").with("sort", key), "sorted by it").raw("</td></tr>");
        }
    }
    h.raw("</tbody></table>");
}
