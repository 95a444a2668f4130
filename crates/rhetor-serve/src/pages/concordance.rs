//! The concordance (`/concordance?q=…`): `rhetor kwic`'s patterns (a word, glob, phrase, or
//! `@CATEGORY` of the run's dictionary) across the documents chosen by group and date range,
//! sorted by document, left or right context, 50 lines a page, each line linked to its document
//! with the match marked, and to its place in the source file.

use crate::explorer::Explorer;
use crate::html::{Html, Link, page};
use crate::kwic::MAX_LINES;
use crate::pages::controls::{filters, pager};
use crate::query::Query;
use crate::reply::Reply;

const PAGE: usize = 50;
const CONTEXT: usize = 8;

pub fn concordance(ex: &Explorer, q: &Query) -> Reply {
    let r = &ex.results;
    let pattern = q.get("q");
    let group = q.get("group");
    if !group.is_empty() && r.group(group).is_none() {
        return Reply::NotFound(format!("no group `{group}` in these results"));
    }
    let sort = match q.get("sort") {
        "" | "document" => "document",
        "left" => "left",
        "right" => "right",
        other => return Reply::BadRequest(format!("cannot sort by `{other}`: give document, left or right")),
    };
    let mut h = Html::new();
    h.el("h1", &[], "Concordance");
    h.open("form", &[("method", "get"), ("action", "/concordance"), ("class", "picker")]);
    h.raw("<label>pattern ").open("input", &[("name", "q"), ("value", pattern), ("type", "search"), ("size", "30")]);
    h.raw("</label>");
    filters(&mut h, ex, q);
    h.raw(" <label>sort <select name=\"sort\">");
    for s in ["document", "left", "right"] {
        h.option(s, s, s == sort);
    }
    h.raw("</select></label> <button type=\"submit\">search</button></form>");
    h.el("p", &[("class", "note")], "A word (liberation), a glob (imperialis*), a phrase (the great leader), or @CATEGORY: every entry of a category of the run's dictionary (@enemy.threat).");
    if pattern.is_empty() {
        return Reply::Page(page("Concordance", &ex.name, "/concordance", h));
    }
    let selected = ex.select(&Query::parse(&format!(
        "group={}&from={}&to={}",
        crate::html::encode(group),
        crate::html::encode(q.get("from")),
        crate::html::encode(q.get("to"))
    )));
    let key = format!("{pattern}\u{1f}{group}\u{1f}{}\u{1f}{}", q.get("from"), q.get("to"));
    let found = match ex.kwic.find(&key, pattern, &selected, CONTEXT) {
        Ok(f) => f,
        Err(e) => {
            h.el("p", &[("class", "error")], &e);
            return Reply::Invalid(page("Concordance", &ex.name, "/concordance", h));
        }
    };
    let order = ex.kwic.order(&found, sort);
    let docs: std::collections::BTreeSet<usize> = found.lines.iter().map(|l| l.doc).collect();
    h.open("p", &[("class", "count")]).num(found.lines.len()).text(" lines in ").num(docs.len());
    h.text(&format!(" documents (of {} searched)", selected.len()));
    if found.truncated {
        h.text(&format!(
            "; the search stopped early (at {MAX_LINES} lines, or after 10 seconds): narrow the pattern, group or dates"
        ));
    }
    h.close("p");
    let pages = order.len().div_ceil(PAGE).max(1);
    let p = q.number("page", 1).clamp(1, pages);
    h.raw("<table class=\"data kwic\"><thead>");
    h.header_row(&["document", "left", "match", "right", "source", ""]);
    h.raw("</thead><tbody>");
    for &i in order.iter().skip((p - 1) * PAGE).take(PAGE) {
        let l = &found.lines[i];
        let doc = &r.docs[l.doc];
        let flat = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        h.raw("<tr><td>");
        let hl = format!("{}-{}", l.hit.start, l.hit.end);
        h.link(&Link::to("/document").with("id", doc.id.clone()).with("hl", hl).at("hit"), &doc.id);
        h.raw("</td>").el("td", &[("class", "left")], &flat(ex.kwic.text(l.doc, l.left)));
        h.el("td", &[("class", "match"), ("title", &l.entry)], &flat(ex.kwic.text(l.doc, l.hit)));
        h.el("td", &[("class", "right")], &flat(ex.kwic.text(l.doc, l.right))).raw("<td>");
        let at = ex.kwic.source_offset(l.doc, l.hit.start);
        let place = at.and_then(|s| ex.store.source(&doc.source.path).ok().map(|f| f.line_column(s)));
        let label = match place {
            Some((line, col)) => format!("line {line}, column {col}"),
            None => format!("byte {}", at.unwrap_or(0)),
        };
        let end = ex.kwic.source_offset(l.doc, l.hit.end.saturating_sub(1)).map_or(0, |e| e + 1);
        let link = Link::to("/source").with("id", doc.id.clone()).with("start", at.unwrap_or(0).to_string());
        h.link(&link.with("end", end.to_string()), &label).raw("</td><td>");
        h.link(&Link::to("/compare").with("a", doc.id.clone()).with("b", "corpus"), "compare").raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    pager(&mut h, p, pages, |n| {
        let mut l = Link::to("/concordance");
        for k in ["q", "group", "from", "to", "sort"] {
            l = l.with(k, q.get(k));
        }
        l.with("page", n.to_string())
    });
    Reply::Page(page("Concordance", &ex.name, "/concordance", h))
}
