//! A document's source file (`/source?id=…&start=…&end=…`): the lines around source bytes
//! `start..end` (the document's whole range when not given), with line numbers and the range
//! marked. Only the file the results record for that document, and only while its SHA-256 matches:
//! no path comes from the request.

use crate::explorer::Explorer;
use crate::html::{Html, Link, page};
use crate::query::Query;
use crate::reply::Reply;

/// Lines shown around the range, and at most.
const AROUND: u32 = 3;
const MAX_LINES: u32 = 400;

pub fn source(ex: &Explorer, q: &Query) -> Reply {
    let r = &ex.results;
    let id = q.get("id");
    let Some(&d) = r.by_id.get(id) else { return Reply::NotFound(format!("no document `{id}` in these results")) };
    let path = &r.docs[d].source.path;
    let file = match ex.store.source(path) {
        Ok(f) => f,
        Err(e) => return Reply::NotFound(format!("the source cannot be shown: {e}")),
    };
    let segs = ex.store.segments(d);
    let lo = segs.iter().map(|s| s.src_start).min().unwrap_or(0);
    let hi = segs.iter().map(|s| s.src_end()).max().unwrap_or(0);
    let len = u32::try_from(file.bytes.len()).unwrap_or(u32::MAX);
    let start = q.get("start").parse::<u32>().unwrap_or(lo).min(len);
    let end = q.get("end").parse::<u32>().unwrap_or(hi).clamp(start, len);
    let (l0, _) = file.line_column(start);
    let (l1, _) = file.line_column(end.saturating_sub(1).max(start));
    let first = l0.saturating_sub(AROUND).max(1);
    let last = (l1 + AROUND).min(first + MAX_LINES);
    let (a, b) = file.lines(first, last);
    let mut h = Html::new();
    h.el("h1", &[], path);
    h.raw("<p class=\"nav\">").link(&Link::to("/document").with("id", id), &format!("← {id}")).raw("</p>");
    h.el("p", &[], &format!("bytes {start} to {end}, lines {l0} to {l1}; shown: lines {first} to {last}"));
    h.raw("<pre class=\"source\">");
    let mut line = first;
    let mut pos = a;
    let text = |x: usize, y: usize| String::from_utf8_lossy(file.bytes.get(x..y).unwrap_or(&[])).into_owned();
    let (s, e) = (start as usize, end as usize);
    while pos < b && line <= last {
        let (_, next) = file.lines(line, line);
        let next = next.min(b).max(pos + 1);
        h.open("span", &[("class", "ln")]).num(line).close("span");
        // The line in up to three pieces: before, inside and after the range.
        let (x, y) = (s.clamp(pos, next), e.clamp(pos, next));
        h.text(&text(pos, x));
        if y > x {
            h.raw("<mark class=\"hit\">").text(&text(x, y)).raw("</mark>");
        }
        h.text(&text(y, next));
        pos = next;
        line += 1;
    }
    h.raw("</pre>");
    Reply::Page(page(path, &ex.name, "/documents", h))
}
