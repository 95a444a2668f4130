//! The tables of the corpus and the groups (`/table?scope=…&analyzer=…&name=…`): any analyzer's
//! table (the rhetoric categories, the targets' epithets and periods, the repeats, …) as the
//! results give it, 100 rows a page; and the list of them for the overview.

use crate::explorer::{Explorer, show};
use crate::html::{Html, Link, page};
use crate::pages::controls::pager;
use crate::query::Query;
use crate::reply::Reply;
use crate::results::ScopeResult;

const PAGE: usize = 100;

/// The results of scope `corpus` or a group.
fn scope<'a>(ex: &'a Explorer, name: &str) -> Option<&'a [ScopeResult]> {
    if name == "corpus" { Some(&ex.results.corpus) } else { ex.results.group(name).map(|g| g.results.as_slice()) }
}

/// A list of the tables of `scope_name`, each a link, for the overview.
pub fn list(ex: &Explorer, h: &mut Html, scope_name: &str) {
    let Some(results) = scope(ex, scope_name) else { return };
    h.raw("<ul class=\"tables\">");
    for r in results {
        for t in &r.tables {
            let link = Link::to("/table").with("scope", scope_name).with("analyzer", r.analyzer.clone());
            h.raw("<li>").link(&link.with("name", t.name.clone()), &format!("{} · {}", r.analyzer, t.name));
            h.text(&format!(" ({} rows)", t.rows.len()));
            if !t.description.is_empty() {
                h.text(": ").text(&t.description);
            }
            h.raw("</li>");
        }
    }
    h.raw("</ul>");
}

pub fn table(ex: &Explorer, q: &Query) -> Reply {
    let (scope_name, analyzer, name) = (q.get("scope"), q.get("analyzer"), q.get("name"));
    let scope_name = if scope_name.is_empty() { "corpus" } else { scope_name };
    let Some(results) = scope(ex, scope_name) else {
        return Reply::NotFound(format!("no group `{scope_name}` in these results"));
    };
    let Some(t) = results.iter().filter(|r| r.analyzer == analyzer).flat_map(|r| &r.tables).find(|t| t.name == name)
    else {
        return Reply::NotFound(format!("no table `{name}` of `{analyzer}` in {scope_name}"));
    };
    let mut h = Html::new();
    h.el("h1", &[], &format!("{analyzer} · {name} ({scope_name})"));
    if !t.description.is_empty() {
        h.el("p", &[("class", "note")], &t.description);
    }
    let pages = t.rows.len().div_ceil(PAGE).max(1);
    let p = q.number("page", 1).clamp(1, pages);
    h.raw("<table class=\"data\"><thead><tr>");
    for c in &t.columns {
        h.el("th", &[], c);
    }
    h.raw("</tr></thead><tbody>");
    for row in t.rows.iter().skip((p - 1) * PAGE).take(PAGE) {
        h.raw("<tr>");
        for cell in row {
            match cell {
                serde_json::Value::Number(n) => {
                    h.el("td", &[("class", "n")], &show(n.as_f64().unwrap_or(f64::NAN)));
                }
                serde_json::Value::String(s) => {
                    h.el("td", &[], s);
                }
                serde_json::Value::Null => {
                    h.el("td", &[("class", "n")], "–");
                }
                other => {
                    h.el("td", &[], &other.to_string());
                }
            }
        }
        h.raw("</tr>");
    }
    h.raw("</tbody></table>");
    pager(&mut h, p, pages, |n| {
        Link::to("/table")
            .with("scope", scope_name)
            .with("analyzer", analyzer)
            .with("name", name)
            .with("page", n.to_string())
    });
    Reply::Page(page(name, &ex.name, "/", h))
}
