//! What the pages' forms and lists share: the group and date-range filters, and the pager.

use crate::explorer::Explorer;
use crate::html::{Html, Link};
use crate::query::Query;

/// The group (when the results are grouped), `from` and `to` fields of a filter form.
pub fn filters(h: &mut Html, ex: &Explorer, q: &Query) {
    let groups = &ex.results.groups;
    if !groups.is_empty() {
        h.raw(" <label>group <select name=\"group\">");
        for g in std::iter::once("").chain(groups.iter().map(|g| g.name.as_str())) {
            h.option(g, if g.is_empty() { "all" } else { g }, g == q.get("group"));
        }
        h.raw("</select></label>");
    }
    h.raw(" <label>from ").open("input", &[("name", "from"), ("value", q.get("from")), ("size", "10")]).raw("</label>");
    h.raw(" <label>to ").open("input", &[("name", "to"), ("value", q.get("to")), ("size", "10")]).raw("</label>");
}

/// Previous and next links, and where this page is.
pub fn pager(h: &mut Html, p: usize, pages: usize, link: impl Fn(usize) -> Link) {
    h.raw("<p class=\"pager\">");
    if p > 1 {
        h.link(&link(p - 1), "← previous").text(" ");
    }
    h.text(&format!("page {p} of {pages}"));
    if p < pages {
        h.text(" ").link(&link(p + 1), "next →");
    }
    h.raw("</p>");
}
