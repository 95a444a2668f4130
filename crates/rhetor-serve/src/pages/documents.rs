//! The documents (`/documents`): search ids, titles and metadata (`q`, every word), filter by
//! group and date range (`from`, `to`: a date's first characters, `2024-03` or `1861`), sort by id,
//! date, title or any metric (`sort`, `dir`), 50 a page (`page`).

use crate::explorer::{Explorer, show};
use crate::html::{Html, Link, page};
use crate::pages::controls::{filters, pager};
use crate::query::Query;
use crate::reply::Reply;
use std::cmp::Ordering;

/// Documents a page.
pub const PAGE: usize = 50;

pub fn documents(ex: &Explorer, q: &Query) -> Reply {
    let r = &ex.results;
    let group = q.get("group");
    if !group.is_empty() && r.group(group).is_none() {
        return Reply::NotFound(format!("no group `{group}` in these results"));
    }
    let sort = q.get("sort");
    let metric = match sort {
        "" | "id" | "date" | "title" => None,
        key => match r.metric(key) {
            Some(k) => Some(k),
            None => return Reply::BadRequest(format!("cannot sort by `{key}`: not a metric of these results")),
        },
    };
    let desc = match q.get("dir") {
        "asc" => false,
        "desc" => true,
        _ => metric.is_some(),
    };
    let mut docs = ex.select(q);
    let text = |d: usize| -> &str {
        let m = &r.docs[d].meta;
        match sort {
            "date" => m.date.as_deref().unwrap_or(""),
            "title" => m.title.as_deref().unwrap_or(""),
            _ => &r.docs[d].id,
        }
    };
    match metric {
        // Documents without a value last, whichever the direction.
        Some(k) => docs.sort_by(|&a, &b| {
            let (x, y) = (r.value(a, k), r.value(b, k));
            match (x.is_finite(), y.is_finite()) {
                (true, true) => {
                    if desc {
                        y.total_cmp(&x)
                    } else {
                        x.total_cmp(&y)
                    }
                }
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => Ordering::Equal,
            }
            .then(a.cmp(&b))
        }),
        None if sort.is_empty() => {}
        None => docs.sort_by(|&a, &b| {
            let o = text(a).cmp(text(b));
            if desc { o.reverse() } else { o }.then(a.cmp(&b))
        }),
    }
    let pages = docs.len().div_ceil(PAGE).max(1);
    let p = q.number("page", 1).clamp(1, pages);
    let mut h = Html::new();
    h.el("h1", &[], "Documents");
    h.open("form", &[("method", "get"), ("action", "/documents"), ("class", "picker")]);
    h.raw("<label>search ").open("input", &[("name", "q"), ("value", q.get("q")), ("type", "search")]).raw("</label>");
    filters(&mut h, ex, q);
    // Sort by id, date, title or any metric; either direction.
    h.raw(" <label>sort by <select name=\"sort\">");
    let mut choices: Vec<(String, String)> = ["", "id", "date", "title"]
        .iter()
        .map(|c| (c.to_string(), if c.is_empty() { "corpus order".into() } else { c.to_string() }))
        .collect();
    choices.extend(r.metrics.iter().map(|m| (m.key(), format!("{} ({})", m.key(), m.unit))));
    for (value, label) in &choices {
        h.option(value, label, value == sort);
    }
    h.raw("</select></label> <select name=\"dir\">");
    for (value, label) in [("desc", "highest first"), ("asc", "lowest first")] {
        h.option(value, label, (value == "desc") == desc);
    }
    h.raw("</select> <button type=\"submit\">find</button></form>");
    h.open("p", &[("class", "count")]).num(docs.len()).text(" of ").num(r.docs.len()).text(" documents");
    if let Some(k) = metric {
        let m = &r.metrics[k];
        h.text(&format!(", by {} ({}), {}", m.key(), m.unit, if desc { "highest first" } else { "lowest first" }));
    }
    h.close("p");
    let here = |key: &'static str, value: String| {
        let mut l = Link::to("/documents");
        for k in ["q", "group", "from", "to", "sort", "dir"] {
            l = l.with(k, q.get(k));
        }
        l.with(key, value)
    };
    h.raw("<table class=\"data\"><thead><tr>");
    for (key, name) in [("id", "document"), ("title", "title"), ("date", "date")] {
        let dir = if sort == key && !desc { "desc" } else { "asc" };
        h.raw("<th>").link(&here("sort", key.into()).with("dir", dir), name).raw("</th>");
    }
    h.raw("<th>group</th><th>words</th>");
    if let Some(k) = metric {
        h.el("th", &[], &r.metrics[k].name);
    }
    h.raw("</tr></thead><tbody>");
    for &d in docs.iter().skip((p - 1) * PAGE).take(PAGE) {
        let doc = &r.docs[d];
        h.raw("<tr><td>").link(&Link::to("/document").with("id", doc.id.clone()), &doc.id).raw("</td>");
        h.el("td", &[], doc.meta.title.as_deref().unwrap_or(""));
        h.el("td", &[], doc.meta.date.as_deref().unwrap_or(""));
        h.el("td", &[], doc.group.as_deref().unwrap_or(""));
        h.el("td", &[("class", "n")], &show(r.words(d)));
        if let Some(k) = metric {
            h.el("td", &[("class", "n")], &show(r.value(d, k)));
        }
        h.raw("</tr>");
    }
    h.raw("</tbody></table>");
    pager(&mut h, p, pages, |n| here("page", n.to_string()));
    Reply::Page(page("Documents", &ex.name, "/documents", h))
}
