//! One document (`/document?id=…`): its metadata and metrics, and its cleaned text with every
//! evidence item highlighted. Analyzers are toggled (`hide=a,b`), one category chosen
//! (`only=analyzer/category`; `hide=!analyzer` shows that analyzer's alone); hovering a highlight shows each item's analyzer, label, source
//! file, line and column, selecting it marks its row in the evidence table below. `hl=start-end`
//! marks a concordance line's match; `edits=1` lists the cleaning edits of the document's source
//! range (from `ingest-log.parquet`).

use crate::explorer::{Explorer, show};
use crate::html::{Html, Link, page};
use crate::query::Query;
use crate::reply::Reply;
use crate::store::Item;
use std::collections::BTreeMap;

/// Evidence rows listed under the text at most.
const LISTED: usize = 500;

pub fn document(ex: &Explorer, q: &Query) -> Reply {
    let r = &ex.results;
    let id = q.get("id");
    let Some(&d) = r.by_id.get(id) else { return Reply::NotFound(format!("no document `{id}` in these results")) };
    let doc = &r.docs[d];
    let text = ex.store.texts.get(d).map_or("", String::as_str);
    let items = match ex.store.evidence(d) {
        Ok(items) => items,
        Err(e) => return Reply::NotFound(e.to_string()),
    };
    let shown_only = q.get("hide").strip_prefix('!');
    let only = q.get("only");
    let analyzers: Vec<&str> = {
        let mut a: Vec<&str> = r.corpus.iter().map(|x| x.analyzer.as_str()).collect();
        a.extend(items.iter().map(|i| i.analyzer.as_str()).filter(|x| !r.corpus.iter().any(|c| c.analyzer == *x)));
        a.dedup();
        a
    };
    // `hide=a,b` hides those analyzers; `hide=!a` every analyzer but `a`.
    let hide: Vec<&str> = match shown_only {
        Some(keep) => analyzers.iter().copied().filter(|a| *a != keep).collect(),
        None => q.get("hide").split(',').filter(|s| !s.is_empty()).collect(),
    };
    let shown: Vec<(usize, &Item)> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| !hide.contains(&it.analyzer.as_str()))
        .filter(|(_, it)| only.is_empty() || only == format!("{}/{}", it.analyzer, it.category()))
        .collect();
    let base = || {
        let mut l = Link::to("/document").with("id", id);
        for k in ["hide", "only", "hl", "edits"] {
            l = l.with(k, q.get(k));
        }
        l
    };

    let mut h = Html::new();
    h.el("h1", &[], doc.meta.title.as_deref().unwrap_or(&doc.id));
    h.raw("<p class=\"nav\">");
    if d > 0 {
        h.link(&Link::to("/document").with("id", r.docs[d - 1].id.clone()), "← previous document").text(" · ");
    }
    h.link(&Link::to("/compare").with("a", id).with("b", "corpus"), "compare with the corpus");
    if d + 1 < r.docs.len() {
        h.text(" · ").link(&Link::to("/document").with("id", r.docs[d + 1].id.clone()), "next document →");
    }
    h.raw("</p>");
    h.raw("<table class=\"figures\"><tbody>");
    let row = |h: &mut Html, k: &str, v: &str| {
        h.raw("<tr>").el("th", &[], k).el("td", &[], v).raw("</tr>");
    };
    row(&mut h, "id", &doc.id);
    let m = &doc.meta;
    for (k, v) in
        [("title", &m.title), ("date", &m.date), ("outlet", &m.outlet), ("speaker", &m.speaker), ("kind", &m.kind)]
    {
        if let Some(v) = v {
            row(&mut h, k, v);
        }
    }
    if let Some(g) = &doc.group {
        row(&mut h, "group", g);
    }
    for (k, v) in &m.extra {
        row(&mut h, k, v);
    }
    h.raw("<tr><th>source</th><td>");
    let c = &doc.counts;
    h.link(&Link::to("/source").with("id", id), &doc.source.path);
    h.text(&format!(" (SHA-256 {}…)", doc.source.sha256.get(..12).unwrap_or(""))).raw("</td></tr>");
    row(
        &mut h,
        "counts",
        &format!("{} bytes, {} tokens, {} sentences, {} paragraphs", c.bytes, c.tokens, c.sentences, c.paragraphs),
    );
    h.raw("</tbody></table>");

    // Toggles: each analyzer on or off, and its categories.
    h.el("h2", &[("id", "evidence")], "Evidence");
    h.raw("<ul class=\"toggles\">");
    for (a_idx, a) in analyzers.iter().enumerate() {
        let n = items.iter().filter(|i| i.analyzer == *a).count();
        let on = !hide.contains(a);
        let mut next: Vec<&str> = hide.iter().copied().filter(|x| x != a).collect();
        if on {
            next.push(a);
        }
        let class = format!("m{} {}", a_idx % 8, if on { "on" } else { "off" });
        h.open("li", &[("class", &class)]);
        let link = base().with("hide", next.join(",")).at("evidence");
        let link =
            if next.is_empty() { Link::to("/document").with("id", id).with("only", only).at("evidence") } else { link };
        h.link(&link, &format!("{a} ({n}) {}", if on { "shown" } else { "hidden" }));
        let mut cats: BTreeMap<&str, usize> = BTreeMap::new();
        for it in items.iter().filter(|i| i.analyzer == *a) {
            *cats.entry(it.category()).or_default() += 1;
        }
        if on && !cats.is_empty() {
            h.raw(": ");
            for (cat, n) in cats.iter().take(40) {
                let key = format!("{a}/{cat}");
                let class = if only == key { "cat chosen" } else { "cat" };
                h.open("span", &[("class", class)]);
                h.link(&base().with("only", key).at("evidence"), &format!("{cat} {n}")).close("span").text(" ");
            }
            if cats.len() > 40 {
                h.text(&format!("and {} more", cats.len() - 40));
            }
        }
        h.close("li");
    }
    if !only.is_empty() {
        h.raw("<li>")
            .link(&Link::to("/document").with("id", id).with("hide", q.get("hide")).at("evidence"), "every category")
            .raw("</li>");
    }
    h.raw("</ul>");
    let hl = q.get("hl").split_once('-').and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?)));
    marked_text(&mut h, text, &shown, &analyzers, hl);
    evidence_table(&mut h, ex, id, &shown, &analyzers);
    metrics_table(&mut h, ex, d);
    edits(&mut h, ex, d, q.get("edits") == "1", &base().with("edits", "1").at("edits"));
    Reply::Page(page(&doc.id, &ex.name, "/documents", h))
}

/// The text with a `<mark>` over every run that evidence covers (and the match `hl`).
fn marked_text(h: &mut Html, text: &str, shown: &[(usize, &Item)], analyzers: &[&str], hl: Option<(usize, usize)>) {
    let mut points: Vec<usize> = vec![0, text.len()];
    for (_, it) in shown {
        points.extend([it.start.min(text.len()), it.end.min(text.len())]);
    }
    if let Some((a, b)) = hl {
        points.extend([a.min(text.len()), b.min(text.len())]);
    }
    points.retain(|&p| text.is_char_boundary(p));
    points.sort_unstable();
    points.dedup();
    // Items by start; the active ones swept along.
    let mut order: Vec<usize> = (0..shown.len()).collect();
    order.sort_by_key(|&k| shown[k].1.start);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut hit_anchored = false;
    h.raw("<div class=\"text\" id=\"text\">");
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        while next < order.len() && shown[order[next]].1.start <= a {
            active.push(order[next]);
            next += 1;
        }
        active.retain(|&k| shown[k].1.end > a);
        let piece = text.get(a..b).unwrap_or("");
        let is_hit = hl.is_some_and(|(x, y)| x <= a && b <= y && x < y);
        let covering: Vec<usize> = active.iter().copied().filter(|&k| shown[k].1.start < b).collect();
        if covering.is_empty() && !is_hit {
            h.text(piece);
            continue;
        }
        let mut title = String::new();
        for &k in covering.iter().take(6) {
            let it = shown[k].1;
            title.push_str(&format!(
                "{} · {} — {} line {}, column {}\n",
                it.analyzer, it.label, it.path, it.line, it.column
            ));
        }
        if covering.len() > 6 {
            title.push_str(&format!("and {} more", covering.len() - 6));
        }
        let ids: Vec<String> = covering.iter().map(|&k| shown[k].0.to_string()).collect();
        let first =
            covering.first().map_or(0, |&k| analyzers.iter().position(|a| *a == shown[k].1.analyzer).unwrap_or(0));
        let mut class =
            if covering.is_empty() { String::new() } else { format!("m{} d{}", first % 8, covering.len().min(3)) };
        if is_hit {
            class.push_str(" hit");
        }
        let ids = ids.join(" ");
        let mut attrs: Vec<(&'static str, &str)> = vec![("class", class.trim())];
        if !covering.is_empty() {
            attrs.extend([("data-ev", ids.as_str()), ("title", title.as_str())]);
        }
        // The match's first piece carries the anchor the concordance links to.
        if is_hit && !hit_anchored {
            attrs.push(("id", "hit"));
            hit_anchored = true;
        }
        h.open("mark", &attrs).text(piece).close("mark");
    }
    h.raw("</div>");
}

fn evidence_table(h: &mut Html, ex: &Explorer, id: &str, shown: &[(usize, &Item)], analyzers: &[&str]) {
    let text = ex.store.texts.get(ex.results.by_id.get(id).copied().unwrap_or(0)).map_or("", String::as_str);
    h.raw("<table class=\"data evidence\"><thead>");
    h.header_row(&["#", "analyzer", "label", "text", "source", "in the corpus"]);
    h.raw("</thead><tbody>");
    for (k, it) in shown.iter().take(LISTED) {
        let a = analyzers.iter().position(|a| *a == it.analyzer).unwrap_or(0);
        let row_id = format!("ev-{k}");
        h.open("tr", &[("id", &row_id)]).el("td", &[("class", "n")], &k.to_string());
        h.el("td", &[("class", &format!("m{}", a % 8))], &it.analyzer).el("td", &[], &it.label);
        let span = text.get(it.start..it.end).unwrap_or("");
        let short: String = span.chars().take(160).collect();
        h.el("td", &[], &short).raw("<td>");
        let link = Link::to("/source")
            .with("id", id)
            .with("start", it.source_start.to_string())
            .with("end", it.source_end.to_string());
        h.link(&link, &format!("{} {}:{}", it.path, it.line, it.column)).raw("</td><td>");
        // A word or short phrase of plain words: its concordance across the corpus.
        let plain = span.chars().all(|c| c.is_alphanumeric() || c == ' ') && span.split(' ').count() <= 5;
        if plain && !span.trim().is_empty() {
            let words = span.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            h.link(&Link::to("/concordance").with("q", words), "concordance");
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    if shown.len() > LISTED {
        h.el(
            "p",
            &[("class", "note")],
            &format!(
                "{} items shown of {}: choose a category above, or query evidence.parquet for all.",
                LISTED,
                shown.len()
            ),
        );
    }
}

fn metrics_table(h: &mut Html, ex: &Explorer, d: usize) {
    let r = &ex.results;
    h.el("h2", &[("id", "metrics")], "Metrics");
    h.raw("<table class=\"data\"><thead>");
    h.header_row(&["analyzer", "metric", "this document", "corpus", "unit", "rank"]);
    h.raw("</thead><tbody>");
    for (k, m) in r.metrics.iter().enumerate() {
        let v = r.value(d, k);
        if !v.is_finite() {
            continue;
        }
        let corpus = r
            .corpus
            .iter()
            .find(|x| x.analyzer == m.analyzer)
            .and_then(|x| x.metrics.iter().find(|y| y.name == m.name))
            .and_then(|y| y.value);
        h.raw("<tr>").el("td", &[], &m.analyzer).el("td", &[("title", &m.description)], &m.name);
        h.el("td", &[("class", "n")], &show(v)).el("td", &[("class", "n")], &show(corpus.unwrap_or(f64::NAN))).el(
            "td",
            &[],
            &m.unit,
        );
        h.raw("<td>").link(&Link::to("/documents").with("sort", m.key()), "documents by it").raw("</td></tr>");
    }
    h.raw("</tbody></table>");
}

/// The cleaning edits of the document's source range, or a link to them.
fn edits(h: &mut Html, ex: &Explorer, d: usize, open: bool, link: &Link) {
    h.el("h2", &[("id", "edits")], "Cleaning edits");
    if !open {
        h.raw("<p>").link(link, "show what ingest dropped, joined or rewrote in this document's source").raw("</p>");
        return;
    }
    let segs = ex.store.segments(d);
    let lo = segs.iter().map(|s| i64::from(s.src_start)).min().unwrap_or(0);
    let hi = segs.iter().map(|s| i64::from(s.src_end())).max().unwrap_or(0);
    let path = &ex.results.docs[d].source.path;
    match ex.store.edits(path, lo, hi) {
        Err(e) => {
            h.el("p", &[("class", "error")], &e);
        }
        Ok(list) => {
            h.el("p", &[], &format!("{} edits in {path}, bytes {lo} to {hi}", list.len()));
            h.raw("<table class=\"data\"><thead>");
            h.header_row(&["line", "pass", "action", "reason", "before", "after"]);
            h.raw("</thead><tbody>");
            for e in list.iter().take(2000) {
                h.raw("<tr>").el("td", &[("class", "n")], &e.line.to_string()).el("td", &[], &e.pass).el(
                    "td",
                    &[],
                    &e.action,
                );
                h.el("td", &[], &e.reason)
                    .el("td", &[("class", "raw")], &e.before)
                    .el("td", &[("class", "raw")], &e.after)
                    .raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
    }
}
