//! Two scopes side by side (`/compare?a=…&b=…`): each a group, a document id or `corpus`; every
//! metric both have, their difference, and for counts and rates per 1,000 words the
//! log-likelihood G² of the two counts against the two sizes in words, with p and the log ratio
//! (`rhetor_analyzer::keyness`, as `rhetor analyze --compare`; a rate is turned back into its count
//! with the analyzer's own words). Rows are ordered by G²; each links to the evidence behind it.

use crate::explorer::{Explorer, show};
use crate::html::{Html, Link, page};
use crate::query::Query;
use crate::reply::Reply;
use rhetor_analyzer::keyness::{Counts, p_value};

/// A scope's metrics: (analyzer, metric, unit, value).
type Values = Vec<(String, String, String, f64)>;

enum Scope {
    Corpus,
    Group(String),
    Document(String),
}

fn scope(ex: &Explorer, name: &str) -> Option<(Scope, Values, f64)> {
    let r = &ex.results;
    let from = |res: &[crate::results::ScopeResult]| -> Values {
        res.iter()
            .flat_map(|x| {
                x.metrics
                    .iter()
                    .map(|m| (x.analyzer.clone(), m.name.clone(), m.unit.clone(), m.value.unwrap_or(f64::NAN)))
            })
            .collect()
    };
    if name == "corpus" {
        let words = (0..r.docs.len()).map(|d| r.words(d)).sum();
        return Some((Scope::Corpus, from(&r.corpus), words));
    }
    if let Some(g) = r.group(name) {
        let words = g.documents.iter().map(|&d| r.words(d)).sum();
        return Some((Scope::Group(name.into()), from(&g.results), words));
    }
    let &d = r.by_id.get(name)?;
    let values = r
        .metrics
        .iter()
        .enumerate()
        .map(|(k, m)| (m.analyzer.clone(), m.name.clone(), m.unit.clone(), r.value(d, k)))
        .filter(|v| v.3.is_finite())
        .collect();
    Some((Scope::Document(name.into()), values, r.words(d)))
}

/// The scope's count of metric `(analyzer, name)`, and its size, for G².
fn count(values: &Values, words: f64, analyzer: &str, unit: &str, value: f64) -> Option<(u64, u64)> {
    let own = values.iter().find(|v| v.0 == analyzer && v.1 == "words").map_or(words, |v| v.3);
    let n = if unit == "count" {
        value
    } else if unit.starts_with("per 1,000") {
        (value * own / 1000.0).round()
    } else {
        return None;
    };
    (n.is_finite() && n >= 0.0 && own >= n && own > 0.0).then_some((n as u64, own as u64))
}

pub fn compare(ex: &Explorer, q: &Query) -> Reply {
    let r = &ex.results;
    let (a, b) = (q.get("a"), q.get("b"));
    let mut h = Html::new();
    h.el("h1", &[], "Compare");
    h.open("form", &[("method", "get"), ("action", "/compare"), ("class", "picker")]);
    h.raw("<label>A ")
        .open("input", &[("name", "a"), ("value", a), ("list", "scopes"), ("size", "30")])
        .raw("</label>");
    h.raw(" <label>B ")
        .open("input", &[("name", "b"), ("value", b), ("list", "scopes"), ("size", "30")])
        .raw("</label>");
    h.raw(" <button type=\"submit\">compare</button><datalist id=\"scopes\"><option value=\"corpus\">");
    for g in &r.groups {
        h.open("option", &[("value", &g.name)]);
    }
    h.raw("</datalist></form>");
    h.el("p", &[("class", "note")], "Each side is a group, a document id, or corpus.");
    if a.is_empty() || b.is_empty() {
        return Reply::Page(page("Compare", &ex.name, "/compare", h));
    }
    let Some((sa, va, wa)) = scope(ex, a) else {
        return Reply::NotFound(format!("`{a}` is neither a group, a document nor corpus"));
    };
    let Some((sb, vb, wb)) = scope(ex, b) else {
        return Reply::NotFound(format!("`{b}` is neither a group, a document nor corpus"));
    };
    let mut rows = Vec::new();
    for (an, name, unit, x) in &va {
        let Some((_, _, _, y)) = vb.iter().find(|v| &v.0 == an && &v.1 == name) else { continue };
        let tested = !matches!(name.as_str(), "words" | "tokens" | "documents");
        let test = match (tested, count(&va, wa, an, unit, *x), count(&vb, wb, an, unit, *y)) {
            (true, Some((p, n1)), Some((q, n2))) => {
                let k = Counts::new(p, n1, q, n2);
                Some((k.g2(), p_value(k.g2()), k.log_ratio()))
            }
            _ => None,
        };
        rows.push((an, name, unit, *x, *y, test));
    }
    rows.sort_by(|p, q| {
        let g = |t: &Option<(f64, f64, f64)>| t.map_or(-1.0, |t| t.0);
        g(&q.5).total_cmp(&g(&p.5))
    });
    h.open("p", &[("class", "count")])
        .text(&format!("{a} ({} words) against {b} ({} words): {} metrics", show(wa), show(wb), rows.len()))
        .close("p");
    h.raw("<table class=\"data\"><thead>");
    h.header_row(&["analyzer", "metric", "unit", a, b, "difference", "G²", "p", "log ratio", "evidence"]);
    h.raw("</thead><tbody>");
    for (an, name, unit, x, y, test) in &rows {
        h.raw("<tr>").el("td", &[], an).el("td", &[], name).el("td", &[], unit);
        h.el("td", &[("class", "n")], &show(*x)).el("td", &[("class", "n")], &show(*y)).el(
            "td",
            &[("class", "n")],
            &show(x - y),
        );
        match test {
            Some((g2, p, lr)) => {
                let class = if *p < 0.05 { "n significant" } else { "n" };
                h.el("td", &[("class", class)], &format!("{g2:.2}")).el("td", &[("class", "n")], &format!("{p:.3}"));
                h.el("td", &[("class", "n")], &show(*lr));
            }
            None => {
                h.raw("<td></td><td></td><td></td>");
            }
        }
        h.raw("<td>");
        for (side, s) in [(a, &sa), (b, &sb)] {
            evidence_link(&mut h, side, s, an, name, unit);
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    Reply::Page(page("Compare", &ex.name, "/compare", h))
}

/// A link to the evidence of metric `analyzer.name` in one side.
fn evidence_link(h: &mut Html, side: &str, s: &Scope, analyzer: &str, name: &str, unit: &str) {
    let key = format!("{analyzer}.{name}");
    // A rhetoric category's rate: its hits in the concordance.
    let category = analyzer == "rhetoric" && unit.starts_with("per 1,000");
    let link = match s {
        Scope::Document(id) => {
            Link::to("/document").with("id", id.clone()).with("only", format!("{analyzer}/{name}")).at("evidence")
        }
        Scope::Group(g) if category => Link::to("/concordance").with("q", format!("@{name}")).with("group", g.clone()),
        Scope::Group(g) => Link::to("/documents").with("group", g.clone()).with("sort", key),
        Scope::Corpus if category => Link::to("/concordance").with("q", format!("@{name}")),
        Scope::Corpus => Link::to("/documents").with("sort", key),
    };
    h.link(&link, side).text(" ");
}
