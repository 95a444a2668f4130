//! `report.html`: one self-contained file (inline CSS, SVG and a small script for sorting and
//! filtering tables; nothing fetched). Sections: the run, the corpus overview with its documents
//! table, per analyzer its metrics for the groups, the corpus and the documents shown in detail,
//! with charts and tables, then a drill-down per document shown in detail whose counts link to
//! their evidence: keyword-in-context lines with the matched words marked and the original file,
//! line and column.
//!
//! Bounded at any corpus size: up to [`drilled::MAX_DRILL_DOWN`] documents are shown in detail (all of them
//! in a smaller corpus; else the highest and lowest on each analyzer's first metrics, see
//! [`drilled`]); over 500 documents, the documents table is compact JSON that the script pages,
//! sorts and filters. Every number of every document stays in the Parquet dataset.
//!
//! Architecture Invariant: the page is a function of the results and the document texts; no analyzer
//! id is matched, and every piece of text from them goes through [`esc`].

mod charts;
mod drilled;
mod paged;

pub use drilled::drilled;

use crate::svg::{self, esc};
use charts::{over_time, period_charts, rate_bars, series_charts};
use rhetor_engine::{AnalyzerResult, Cell, Evidence, Metric, RunResults, Table, Value};
use std::fmt::Write as _;

/// The text around a piece of evidence, which the results do not hold.
pub trait Around {
    /// Up to a few dozen characters before and after `span` of document `document`.
    fn around(&self, document: &str, span: [u32; 2]) -> Option<(String, String)>;
}

/// No context: evidence shows its own text only.
impl Around for () {
    fn around(&self, _: &str, _: [u32; 2]) -> Option<(String, String)> {
        None
    }
}

/// Evidence items shown per list: per metric of a document, and across documents (all are in
/// `results.json`).
pub const MAX_EVIDENCE: usize = 25;
const MAX_CORPUS_EVIDENCE: usize = 100;
/// Table rows shown per document table.
const MAX_ROWS: usize = 50;
/// Documents drawn in a chart with one mark per document (groups are drawn instead when present).
const MAX_CHART_DOCS: usize = 12;
// The first documents are drawn only if a run keeps their series (`rhetor_engine::detail`).
const _: () = assert!(MAX_CHART_DOCS <= rhetor_engine::detail::ALL_UP_TO);
/// Above this many documents the documents table is paged by the page's script from compact data
/// instead of written out as rows.
const PAGED_TABLE: usize = 500;
/// Rows a page of the paged documents table shows.
pub(crate) const PAGE_ROWS: usize = 100;
/// The most bytes of the header's list of input files.
const INPUTS_BYTES: usize = 1 << 20;

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;color:#222}\
h1{font-size:24px}h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:36px}h3{font-size:15px;margin-top:22px}\
table.data{border-collapse:collapse;margin:8px 0;font-size:13px}table.data th,table.data td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}\
table.data th{background:#f3f3f3;cursor:pointer;user-select:none}table.data td.n{text-align:right;font-variant-numeric:tabular-nums}\
.scroll{overflow:auto;max-height:520px}input.filter{margin:4px 0;padding:2px 6px;width:260px}\
ol.kwic{font-family:ui-monospace,monospace;font-size:12.5px;padding-left:2.5em}ol.kwic li{margin:1px 0}\
.kwic .l{color:#555}.kwic .r{color:#555}mark{background:#ffe08a;padding:0 1px}.kwic .src{color:#888;margin-left:1em}\
.lbl{display:inline-block;min-width:12em;color:#0b5394}details{margin:6px 0}summary{cursor:pointer;font-weight:600}\
.chart{display:block;margin:10px 0;font-size:11px}.chart .chart-title{font-size:13px;font-weight:600}.chart .axis{stroke:#888}\
.chart .zero{stroke:#bbb;stroke-dasharray:3 3}.chart .strip{fill:#f4f4f4}.note{color:#666;font-size:12px}dl.meta dt{font-weight:600}";

const SCRIPT: &str = "(function(){\
function key(t){var s=t.textContent.trim(),n=parseFloat(s.replace(/,/g,''));return isNaN(n)||!/^[-+]?[0-9.,]+(e[-+]?[0-9]+)?$/i.test(s)?[1,s.toLowerCase()]:[0,n];}\
document.querySelectorAll('table.data:not(#documents-paged)').forEach(function(t){t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){\
var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),d=th.dataset.dir==='asc'?-1:1;th.dataset.dir=d===1?'asc':'desc';\
rows.sort(function(x,y){var a=key(x.cells[i]),c=key(y.cells[i]);return a[0]-c[0]||(a[1]<c[1]?-d:a[1]>c[1]?d:0);});rows.forEach(function(r){b.appendChild(r);});});});});\
document.querySelectorAll('input.filter[data-table]').forEach(function(inp){var t=document.getElementById(inp.dataset.table);inp.addEventListener('input',function(){\
var q=inp.value.toLowerCase();Array.prototype.forEach.call(t.tBodies[0].rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});});\
function open(){var id;try{id=decodeURIComponent(location.hash.slice(1))}catch(x){return}if(!id)return;var e=document.getElementById(id);\
for(var p=e;p;p=p.parentElement){if(p.tagName==='DETAILS')p.open=true;}if(e)e.scrollIntoView();}\
var dd=document.getElementById('documents-data');if(dd){var all=JSON.parse(dd.textContent),rows=all,page=0,col=-1,dir=1,q='',N=100,\
tb=document.getElementById('documents-paged'),body=tb.tBodies[0],cnt=document.getElementById('documents-count');\
var ent={'&':'&amp;','<':'&lt;','>':'&gt;','\\x22':'&quot;'};function esc(v){return String(v).replace(/[&<>\\x22]/g,function(c){return ent[c];});}\
function pick(){rows=q?all.filter(function(r){return r.slice(0,6).join(' ').toLowerCase().indexOf(q)>=0;}):all;}\
function draw(){var last=Math.max(0,Math.ceil(rows.length/N)-1);page=Math.max(0,Math.min(page,last));var h='';\
rows.slice(page*N,page*N+N).forEach(function(r){h+='<tr>';for(var i=0;i<8;i++){var v=esc(r[i]);if(i===0&&r[8]!==null)v='<a href=\\x22#doc-'+r[8]+'\\x22>'+v+'</a>';\
h+=(i>5?'<td class=\\x22n\\x22>':'<td>')+v+'</td>';}h+='</tr>';});body.innerHTML=h;\
cnt.textContent=rows.length?(page*N+1)+'-'+Math.min(rows.length,page*N+N)+' of '+rows.length:'no documents';}\
document.getElementById('documents-filter').addEventListener('input',function(e){q=e.target.value.toLowerCase();pick();page=0;draw();});\
document.getElementById('documents-prev').addEventListener('click',function(){page--;draw();});\
document.getElementById('documents-next').addEventListener('click',function(){page++;draw();});\
tb.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){dir=col===i?-dir:1;col=i;\
all.sort(function(a,b){var x=a[i],y=b[i];return (x<y?-1:x>y?1:0)*dir;});pick();page=0;draw();});});draw();}\
window.addEventListener('hashchange',open);open();})();";

fn num(v: Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.abs() >= 100.0 => format!("{f:.1}"),
        Value::Float(f) => format!("{f:.3}"),
        Value::Null => "–".into(),
    }
}

fn cell(c: &Cell) -> (String, bool) {
    match c {
        Cell::Int(i) => (i.to_string(), true),
        Cell::Float(f) => (format!("{f:.3}"), true),
        Cell::Text(t) => (esc(t), false),
        Cell::Null => ("–".into(), true),
    }
}

/// A sortable table with an optional filter box; `rows` hold HTML already escaped, with a flag for
/// numbers (right-aligned).
fn data_table(out: &mut String, id: &str, header: &[impl AsRef<str>], rows: &[Vec<(String, bool)>], filter: bool) {
    if filter && rows.len() > 10 {
        let _ = write!(out, "<input class=\"filter\" type=\"search\" placeholder=\"filter rows\" data-table=\"{id}\">");
    }
    let _ = write!(out, "<div class=\"scroll\"><table class=\"data\" id=\"{id}\"><thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h.as_ref()));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for (c, n) in r {
            let _ = write!(out, "<td{}>{c}</td>", if *n { " class=\"n\"" } else { "" });
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

fn table(out: &mut String, id: &str, t: &Table, max_rows: usize) {
    let _ = write!(out, "<h3>{} <span class=\"note\">{}</span></h3>", esc(&t.name), esc(&t.description));
    let rows: Vec<Vec<(String, bool)>> = t.rows.iter().take(max_rows).map(|r| r.iter().map(cell).collect()).collect();
    data_table(out, id, &t.columns, &rows, true);
    if t.rows.len() > max_rows {
        let _ =
            write!(out, "<p class=\"note\">{} of {} rows shown; all are in results.json.</p>", max_rows, t.rows.len());
    }
}

/// The scopes of analyzer `k`: `(name, link target, result)` for documents, groups and the corpus.
fn scopes<'a>(results: &'a RunResults, k: usize, shown: &[bool]) -> Vec<(String, Option<String>, &'a AnalyzerResult)> {
    let mut v: Vec<_> = results
        .documents
        .iter()
        .enumerate()
        .filter(|(i, _)| shown.get(*i).copied().unwrap_or(false))
        .filter_map(|(i, d)| d.results.get(k).map(|r| (d.id.clone(), Some(format!("doc-{i}")), r)))
        .collect();
    if let Some(g) = &results.grouping {
        v.extend(
            g.groups.iter().filter_map(|gr| gr.results.get(k).map(|r| (format!("{} = {}", g.field, gr.name), None, r))),
        );
    }
    if let Some(r) = results.corpus.results.get(k) {
        v.push(("corpus".into(), None, r));
    }
    v
}

/// Render the HTML report.
pub fn html(results: &RunResults, around: &dyn Around) -> String {
    let mut out = String::with_capacity(1 << 16);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(out, "<title>rhetor report</title><style>{STYLE}</style></head><body>");
    let shown = drilled(results);
    run_section(&mut out, results);
    overview(&mut out, results, &shown);
    if let Some(c) = &results.comparison {
        comparison(&mut out, c);
    }
    for k in 0..results.analyzers.len() {
        analyzer_section(&mut out, results, k, around, &shown);
    }
    documents(&mut out, results, around, &shown);
    let _ = writeln!(out, "<script>{SCRIPT}</script></body></html>");
    out
}

fn run_section(out: &mut String, results: &RunResults) {
    let run = &results.run;
    let _ = write!(out, "<header><h1>rhetor report</h1><ul class=\"run\">");
    let _ = write!(
        out,
        "<li>rhetor {} · results schema <code>{}</code></li>",
        esc(&run.rhetor_version),
        esc(&results.schema)
    );
    let _ = write!(
        out,
        "<li>config <code>{}</code> (SHA-256 <code>{}</code>)</li>",
        esc(&run.config_path),
        esc(&run.config_sha256)
    );
    if let Some(ts) = &run.timestamp {
        let _ = write!(out, "<li>run at {}</li>", esc(ts));
    }
    let _ = write!(out, "<li><details><summary>{} input files</summary><ul>", run.inputs.len());
    // Within a byte budget whatever the corpus (an archive of files holds one a document).
    let mut budget = INPUTS_BYTES;
    for (k, i) in run.inputs.iter().enumerate() {
        let item = format!(
            "<li><code>{}</code> ({} bytes, SHA-256 <code>{}</code>)</li>",
            esc(&i.path),
            i.bytes,
            esc(&i.sha256)
        );
        if item.len() > budget {
            let _ = write!(
                out,
                "<li>and {} more: every input file, with its size and SHA-256, is in results.json (<code>run.inputs</code>)</li>",
                run.inputs.len() - k
            );
            break;
        }
        budget -= item.len();
        out.push_str(&item);
    }
    out.push_str("</ul></details></li></ul>");
    out.push_str("<nav>Contents: <a href=\"#overview\">corpus</a>");
    for (k, a) in results.analyzers.iter().enumerate() {
        let _ = write!(out, " · <a href=\"#a-{k}\">{}</a>", esc(&a.id));
    }
    out.push_str(" · <a href=\"#documents\">documents</a></nav></header>");
}

fn overview(out: &mut String, results: &RunResults, shown: &[bool]) {
    let tokens: u64 = results.documents.iter().map(|d| d.counts.tokens).sum();
    let _ = write!(
        out,
        "<section id=\"overview\"><h2>Corpus</h2><p>{} documents, {} tokens, {} sentences.</p>",
        results.documents.len(),
        tokens,
        results.documents.iter().map(|d| d.counts.sentences).sum::<u64>()
    );
    let header: Vec<String> =
        ["document", "title", "date", "kind", "speaker", "outlet", "tokens", "sentences"].map(String::from).into();
    if results.documents.len() > PAGED_TABLE {
        paged::documents(out, results, shown, &header, paged::TABLE_BYTES);
        out.push_str("</section>");
        return;
    }
    let opt = |s: &Option<String>| (esc(s.as_deref().unwrap_or("")), false);
    let rows: Vec<Vec<(String, bool)>> = results
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let id = if shown[i] { format!("<a href=\"#doc-{i}\">{}</a>", esc(&d.id)) } else { esc(&d.id) };
            vec![
                (id, false),
                opt(&d.meta.title),
                opt(&d.meta.date),
                opt(&d.meta.kind),
                opt(&d.meta.speaker),
                opt(&d.meta.outlet),
                (d.counts.tokens.to_string(), true),
                (d.counts.sentences.to_string(), true),
            ]
        })
        .collect();
    data_table(out, "documents-table", &header, &rows, true);
    out.push_str("</section>");
}

fn comparison(out: &mut String, c: &rhetor_engine::Comparison) {
    let _ = write!(
        out,
        "<section id=\"comparison\"><h2>Comparison: {} vs {}</h2><p>Sizes: {} and {} words. Counts are compared by \
         log-likelihood G² against these sizes; {} counts were tested, so with a Bonferroni correction a difference \
         needs G² &gt; {:.2} for p &lt; 0.05 (3.84 for one test).</p>",
        esc(&c.a),
        esc(&c.b),
        c.a_words,
        c.b_words,
        c.tests,
        c.bonferroni_g2
    );
    let header: Vec<String> =
        ["analyzer", "metric", "unit", "A", "B", "A − B", "G²", "p", "log ratio", "%DIFF"].map(String::from).into();
    let f = |x: Option<f64>| (x.filter(|x| x.is_finite()).map_or(String::new(), |x| format!("{x:.2}")), true);
    let rows: Vec<Vec<(String, bool)>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                (esc(&r.analyzer), false),
                (esc(&r.metric), false),
                (esc(&r.unit), false),
                (num(r.a), true),
                (num(r.b), true),
                (num(r.difference), true),
                f(r.g2),
                (r.p.map_or(String::new(), |p| format!("{p:.2e}")), true),
                f(r.log_ratio),
                f(r.pct_diff),
            ]
        })
        .collect();
    data_table(out, "comparison-table", &header, &rows, true);
    out.push_str("</section>");
}

/// Metrics in order of first appearance over the scopes.
fn metric_list<'a>(scopes: &[(String, Option<String>, &'a AnalyzerResult)]) -> Vec<&'a Metric> {
    let mut metrics: Vec<&Metric> = Vec::new();
    for m in scopes.iter().flat_map(|s| &s.2.metrics) {
        match metrics.iter_mut().find(|x| x.name() == m.name()) {
            None => metrics.push(m),
            // Compact documents' metrics have no description; a group's or the corpus's has.
            Some(x) if x.description().is_empty() => *x = m,
            Some(_) => {}
        }
    }
    metrics
}

fn analyzer_section(out: &mut String, results: &RunResults, k: usize, around: &dyn Around, shown: &[bool]) {
    let info = &results.analyzers[k];
    let _ = write!(out, "<section id=\"a-{k}\"><h2>{}</h2><p>{}</p>", esc(&info.id), esc(&info.summary));
    let scopes = scopes(results, k, shown);
    let in_detail = shown.iter().filter(|s| **s).count();
    if in_detail < results.documents.len() {
        let _ = write!(
            out,
            "<p class=\"note\">Documents: the {in_detail} of {} shown in detail below (the highest and lowest on \
             each analyzer's first metrics); all are in metrics.parquet and results.csv.</p>",
            results.documents.len()
        );
    }
    let metrics = metric_list(&scopes);
    let mut header = vec!["scope".to_string()];
    header.extend(metrics.iter().map(|m| format!("{} ({})", m.name(), m.unit())));
    let rows: Vec<Vec<(String, bool)>> = scopes
        .iter()
        .map(|(name, link, r)| {
            let first = match link {
                Some(l) => format!("<a href=\"#{l}\">{}</a>", esc(name)),
                None => format!("<b>{}</b>", esc(name)),
            };
            let mut row = vec![(first, false)];
            row.extend(metrics.iter().map(|m| {
                (r.metrics.iter().find(|x| x.name() == m.name()).map(|x| num(x.value)).unwrap_or_default(), true)
            }));
            row
        })
        .collect();
    data_table(out, &format!("a-{k}-metrics"), &header, &rows, true);
    out.push_str("<details><summary>What the metrics mean</summary><ul>");
    for m in &metrics {
        let _ = write!(out, "<li><code>{}</code> ({}): {}</li>", esc(&m.name()), esc(&m.unit()), esc(&m.description()));
    }
    out.push_str("</ul></details>");
    rate_bars(out, results, &scopes, &metrics);
    over_time(out, results, k, &metrics);
    period_charts(out, results, k);
    series_charts(out, results, k);
    if let Some(corpus) = results.corpus.results.get(k) {
        for (t, tab) in corpus.tables.iter().enumerate() {
            table(out, &format!("a-{k}-t{t}"), tab, usize::MAX);
        }
        if !corpus.evidence.is_empty() {
            out.push_str("<h3>Evidence across documents</h3>");
            kwic(out, &corpus.evidence, around, MAX_CORPUS_EVIDENCE);
        }
    }
    out.push_str("</section>");
}

/// Characters of an evidence text a KWIC line shows whole; a longer one (a shared passage can be a
/// whole speech) shows its first 200 and last 100, and how many it has (the whole text is in
/// `evidence.parquet`), so that the report stays small on any corpus.
const KWIC_CHARS: usize = 320;

fn shortened(text: &str) -> std::borrow::Cow<'_, str> {
    let n = text.chars().count();
    if n <= KWIC_CHARS {
        return text.into();
    }
    let head: String = text.chars().take(200).collect();
    let tail: String = text.chars().skip(n - 100).collect();
    format!("{head} … [{n} characters in all] … {tail}").into()
}

/// Keyword-in-context lines for evidence: context, the marked match (shortened past
/// [`KWIC_CHARS`]), and the source place.
fn kwic(out: &mut String, evidence: &[Evidence], around: &dyn Around, max: usize) {
    out.push_str("<ol class=\"kwic\">");
    for e in evidence.iter().take(max) {
        let (left, right) = around.around(&e.document, e.doc_span).unwrap_or_default();
        let _ = write!(
            out,
            "<li><span class=\"lbl\">{}</span> <span class=\"l\">{}</span><mark>{}</mark><span class=\"r\">{}</span><span class=\"src\">{}:{}:{}</span></li>",
            esc(&e.label),
            esc(&left),
            esc(&shortened(&e.text)),
            esc(&right),
            esc(&e.source.path),
            e.source.line,
            e.source.column
        );
    }
    out.push_str("</ol>");
    if evidence.len() > max {
        let _ = write!(
            out,
            "<p class=\"note\">{max} of {} shown; all are in results.json and evidence.jsonl.</p>",
            evidence.len()
        );
    }
}

fn documents(out: &mut String, results: &RunResults, around: &dyn Around, shown: &[bool]) {
    out.push_str("<section id=\"documents\"><h2>Documents</h2>");
    let in_detail = shown.iter().filter(|s| **s).count();
    if in_detail < results.documents.len() {
        let _ = write!(
            out,
            "<p class=\"note\">{in_detail} of {} documents in detail: for each analyzer's first metrics, the \
             document with the highest value and the one with the lowest.</p>",
            results.documents.len()
        );
    }
    for (i, d) in results.documents.iter().enumerate().filter(|(i, _)| shown[*i]) {
        let title = d.meta.title.as_deref().unwrap_or("");
        let _ = write!(
            out,
            "<details id=\"doc-{i}\"><summary>{} <span class=\"note\">{}</span></summary>",
            esc(&d.id),
            esc(title)
        );
        let _ = write!(
            out,
            "<p class=\"note\">source <code>{}</code> · {} tokens · {} sentences · sections: {}</p>",
            esc(&d.source.path),
            d.counts.tokens,
            d.counts.sentences,
            esc(&d.sections.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join("; "))
        );
        for (k, r) in d.results.iter().enumerate() {
            let ev = format!("ev-d{i}-a{k}");
            let _ = write!(out, "<h3>{}</h3>", esc(&r.analyzer));
            // Each count links to its evidence: the items whose label starts with the metric's name
            // when there are some, else all of the analyzer's evidence for this document.
            let header: Vec<String> = ["metric", "value", "unit", "evidence"].map(String::from).into();
            let rows: Vec<Vec<(String, bool)>> = r
                .metrics
                .iter()
                .enumerate()
                .map(|(m, metric)| {
                    let owner = |e: &Evidence| r.metrics.iter().position(|x| e.label.starts_with(&*x.name()));
                    let own = r.evidence.iter().filter(|e| owner(e) == Some(m)).count();
                    let link = match (own, r.evidence.is_empty()) {
                        (n, _) if n > 0 => format!("<a href=\"#{ev}-m{m}\">{n} items</a>"),
                        (_, false) => format!("<a href=\"#{ev}\">all {}</a>", r.evidence.len()),
                        _ => String::new(),
                    };
                    vec![
                        (esc(&metric.name()), false),
                        (num(metric.value), true),
                        (esc(&metric.unit()), false),
                        (link, false),
                    ]
                })
                .collect();
            data_table(out, &format!("d{i}-a{k}-metrics"), &header, &rows, false);
            for s in &r.series {
                let stepped = s.points.iter().all(|p| p[0] == p[0].trunc());
                out.push_str(&if stepped {
                    svg::lines(&s.name, &s.x_label, &s.y_label, &[(d.id.clone(), s.points.clone(), false)])
                } else {
                    svg::strips(&s.name, &s.x_label, &[(d.id.clone(), s.points.iter().map(|p| p[0]).collect())])
                });
            }
            for (t, tab) in r.tables.iter().enumerate() {
                table(out, &format!("d{i}-a{k}-t{t}"), tab, MAX_ROWS);
            }
            if !r.evidence.is_empty() {
                let _ = write!(out, "<details id=\"{ev}\"><summary>Evidence ({})</summary>", r.evidence.len());
                // Each item once: under the first metric its label starts with, else under "other".
                let owner = |e: &Evidence| r.metrics.iter().position(|m| e.label.starts_with(&*m.name()));
                for (m, metric) in r.metrics.iter().enumerate() {
                    let own: Vec<Evidence> = r.evidence.iter().filter(|e| owner(e) == Some(m)).cloned().collect();
                    if !own.is_empty() {
                        let _ = write!(out, "<div id=\"{ev}-m{m}\"><h4>{} ({})</h4>", esc(&metric.name()), own.len());
                        kwic(out, &own, around, MAX_EVIDENCE);
                        out.push_str("</div>");
                    }
                }
                let other: Vec<Evidence> = r.evidence.iter().filter(|e| owner(e).is_none()).cloned().collect();
                if !other.is_empty() {
                    let _ = write!(out, "<div id=\"{ev}-other\"><h4>{} items</h4>", other.len());
                    kwic(out, &other, around, MAX_EVIDENCE);
                    out.push_str("</div>");
                }
                out.push_str("</details>");
            }
        }
        out.push_str("</details>");
    }
    out.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(inputs: usize) -> RunResults {
        let input = |i: usize| serde_json::json!({"path": format!("archive/{:03}/item-{i:06}.txt", i / 1000), "sha256": "ab".repeat(32), "bytes": 900});
        serde_json::from_value(serde_json::json!({
            "schema": "s", "run": {"rhetor_version": "0", "config_path": "c", "config_sha256": "h",
                                   "inputs": (0..inputs).map(input).collect::<Vec<_>>()},
            "analyzers": [], "documents": [], "corpus": {"name": "corpus", "documents": [], "results": []},
        }))
        .expect("results")
    }

    /// Every input file is listed while they fit in [`INPUTS_BYTES`]; past that the list says how
    /// many more there are and where they all are.
    #[test]
    fn the_list_of_input_files_stays_within_its_budget() {
        let mut few = String::new();
        run_section(&mut few, &results(300));
        assert_eq!(few.matches("<li><code>archive/").count(), 300);
        assert!(!few.contains("more: every input file"));
        let mut many = String::new();
        run_section(&mut many, &results(30_000));
        let listed = many.matches("<li><code>archive/").count();
        assert!(listed > 1000 && listed < 30_000, "{listed}");
        assert!(many.len() < INPUTS_BYTES + 4096, "{} bytes", many.len());
        assert!(many.contains(&format!("<li>and {} more: every input file", 30_000 - listed)), "says how many more");
        assert!(many.contains("<summary>30000 input files</summary>"));
    }
}
