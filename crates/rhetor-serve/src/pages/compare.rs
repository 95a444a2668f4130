//! Two scopes side by side (`/compare?a=…&b=…`): each a group, a document id or `corpus`; every
//! metric both have, their difference, and for counts (but words, tokens and documents) the
//! log-likelihood G² of the two counts against the two sizes in words, with p and the log ratio,
//! significant past the Bonferroni threshold for the counts tested — the rule and the numbers of
//! `rhetor analyze --compare` (`rhetor_analyzer::keyness`). Rows are ordered by G²; each links to
//! the evidence behind it.

use crate::explorer::{Explorer, show};
use crate::html::{Html, Link, page};
use crate::query::Query;
use crate::reply::Reply;
use rhetor_analyzer::keyness::{Counts, bonferroni_critical, p_value};

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

/// The scope's count of a count metric and its size in words, for G² (as `rhetor analyze
/// --compare`: the size is the scope's `words`).
fn count(values: &Values, words: f64, unit: &str, value: f64) -> Option<(u64, u64)> {
    let size = values.iter().find(|v| v.1 == "words").map_or(words, |v| v.3);
    (unit == "count" && value.is_finite() && value >= 0.0 && size >= value && size > 0.0)
        .then_some((value as u64, size as u64))
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
        let test = match (tested, count(&va, wa, unit, *x), count(&vb, wb, unit, *y)) {
            (true, Some((p, n1)), Some((q, n2))) => {
                let k = Counts::new(p, n1, q, n2);
                Some((k.g2(), p_value(k.g2()), k.log_ratio()))
            }
            _ => None,
        };
        rows.push((an, name, unit, *x, *y, test));
    }
    let tests = rows.iter().filter(|r| r.5.is_some()).count();
    let critical = bonferroni_critical(0.05, tests.max(1));
    rows.sort_by(|p, q| {
        let g = |t: &Option<(f64, f64, f64)>| t.map_or(-1.0, |t| t.0);
        g(&q.5).total_cmp(&g(&p.5))
    });
    h.open("p", &[("class", "count")])
        .text(&format!(
            "{a} ({} words) against {b} ({} words): {} metrics, {tests} counts tested",
            show(wa),
            show(wb),
            rows.len()
        ))
        .close("p");
    h.el(
        "p",
        &[("class", "note")],
        &format!(
            "G²: log-likelihood of the two counts against the two sizes in words, as rhetor analyze --compare; \
             significant (bold) past {critical:.2}, the Bonferroni threshold for p < 0.05 over {tests} tests. \
             Rates, shares and scores are compared by their difference."
        ),
    );
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
                let class = if *g2 >= critical { "n significant" } else { "n" };
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

/// A link to the evidence of metric `analyzer.name` in one side: a category's own evidence where
/// the metric is a rate of one (the rhetoric categories, the targets), else the analyzer's.
fn evidence_link(h: &mut Html, side: &str, s: &Scope, analyzer: &str, name: &str, unit: &str) {
    let key = format!("{analyzer}.{name}");
    let category = unit.starts_with("per 1,000");
    let link = match s {
        Scope::Document(id) if category => {
            Link::to("/document").with("id", id.clone()).with("only", format!("{analyzer}/{name}")).at("evidence")
        }
        Scope::Document(id) => {
            Link::to("/document").with("id", id.clone()).with("hide", format!("!{analyzer}")).at("evidence")
        }
        Scope::Group(g) if category && analyzer == "rhetoric" => {
            Link::to("/concordance").with("q", format!("@{name}")).with("group", g.clone())
        }
        Scope::Group(g) => Link::to("/documents").with("group", g.clone()).with("sort", key),
        Scope::Corpus if category && analyzer == "rhetoric" => Link::to("/concordance").with("q", format!("@{name}")),
        Scope::Corpus => Link::to("/documents").with("sort", key),
    };
    h.link(&link, side).text(" ");
}
