//! Steps 3 and 4 of the print profile (see the parent module): each paragraph chain given to its
//! article, what is not body text logged (dropped, or moved to metadata), continuations moved and
//! lower-case chains no head claimed placed, then each article read in order into its text.

use super::joins::{Links, last_words};
use super::{Kind, Prepared, compound_edits};
use crate::clean::blocks::{Block, Jump, Voice, VoiceTally, ends_unfinished, starts_lower};
use crate::clean::evidence::{Evidence, apply_compounds};
use crate::clean::scan::words;
use crate::clean::{Article, Passes};
use crate::log::Log;
use crate::mapped::Mapped;
use std::collections::BTreeMap;

/// How far back (in blocks, on the same page) a first-person passage amid a report looks for the
/// speech it belongs to.
const SHARED_PAGE_BLOCKS: usize = 80;

/// The articles of a file: one per headline (or one for the whole file), and which of them are
/// speeches (their first paragraph ends in a colon: "Dear comrades:").
pub(super) struct Headlines {
    pub(super) at: Vec<usize>,
    pub(super) speech: Vec<bool>,
}

impl Headlines {
    pub(super) fn new(p: &Prepared) -> Headlines {
        let Prepared { blocks, kinds, .. } = p;
        let at: Vec<usize> = (0..blocks.len()).filter(|&i| kinds[i] == Kind::Headline).collect();
        let speech: Vec<bool> = at
            .iter()
            .map(|&h| {
                (h + 1..blocks.len())
                    .find(|&j| kinds[j] == Kind::Body)
                    .is_some_and(|j| blocks[j].text.text.trim_end().ends_with(':'))
            })
            .collect();
        Headlines { at, speech }
    }

    /// The article of the latest headline at or before block `i` (the first article before any).
    pub(super) fn article_at(&self, i: usize) -> usize {
        self.at.partition_point(|&h| h <= i).saturating_sub(1)
    }
}

/// The paragraph chains: from each body block that continues no other, the blocks the joins link.
pub(super) fn chains(p: &Prepared, next: &Links, prev: &Links) -> Vec<Vec<usize>> {
    let Prepared { blocks, kinds, .. } = p;
    let starts: Vec<usize> = (0..blocks.len()).filter(|&i| kinds[i] == Kind::Body && prev.get(i).is_none()).collect();
    let chain_of = |s: usize| {
        let mut c = vec![s];
        while let Some(t) = next.get(*c.last().unwrap_or(&s)) {
            c.push(t);
        }
        c
    };
    starts.iter().map(|&s| chain_of(s)).collect()
}

/// Step 3: the article of each chain, and of each block in one: `(chain_article, item_article)`.
pub(super) fn assign(
    p: &Prepared,
    headlines: &Headlines,
    chains: &[Vec<usize>],
    log: &mut Log,
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let Prepared { blocks, kinds, pages, .. } = p;
    let (speech, article_at) = (&headlines.speech, |i: usize| headlines.article_at(i));
    let headlines = &headlines.at;
    let mut item_article: Vec<Option<usize>> = vec![None; blocks.len()];
    let mut chain_article: Vec<Option<usize>> = vec![None; chains.len()];
    loop {
        let mut progress = false;
        let mut deferred = None;
        for (ci, chain) in chains.iter().enumerate() {
            if chain_article[ci].is_some() {
                continue;
            }
            let s = chain[0];
            let latest = article_at(s);
            let p_body = (0..s).rev().find(|&j| matches!(kinds[j], Kind::Body | Kind::Headline));
            let default = match p_body {
                None => Some(latest),
                Some(j) if kinds[j] == Kind::Headline => Some(latest),
                Some(j) => item_article[j],
            };
            let Some(mut a) = default else {
                deferred.get_or_insert(ci);
                continue;
            };
            // The chain's voice: the tallies of its blocks together (as `voice` of the joined text).
            let chain_voice = || chain.iter().fold(VoiceTally::default(), |v, &i| v.or(p.ends[i].tally)).voice();
            let report_here = !headlines.is_empty() && !speech[latest];
            let (x, y) = blocks[s].text.src_extent();
            if report_here && a != latest && chain_voice() == Voice::Third {
                let reason = format!(
                    "placed in article {} (a report begun on this page, and the passage is in the third person); \
                     also possible: article {}, whose text it follows in the source",
                    latest + 1,
                    a + 1
                );
                log.guessed("articles", &reason, x, y);
                a = latest;
            } else if report_here && a == latest && chain_voice() == Voice::First {
                // A first-person chain amid the text of a report begun on this page goes to the speech
                // whose text is nearest before it on the page after the report's headline: a speech
                // continued onto the page, sharing it with the report.
                let h = headlines[latest];
                let speech_here = (h.max(s.saturating_sub(SHARED_PAGE_BLOCKS))..s)
                    .rev()
                    .take_while(|&j| pages[j] == pages[s] && pages[h] == pages[s])
                    .filter_map(|j| item_article[j])
                    .find(|&b| b != latest && speech[b]);
                if let Some(b) = speech_here {
                    let reason = format!(
                        "placed in article {} (a speech with text on this page, and the passage is in the first \
                         person); also possible: article {}, a report, whose text it follows in the source",
                        b + 1,
                        a + 1
                    );
                    log.guessed("articles", &reason, x, y);
                    a = b;
                }
            }
            chain_article[ci] = Some(a);
            for &i in chain {
                item_article[i] = Some(a);
            }
            progress = true;
        }
        if !progress {
            let Some(ci) = deferred else { break };
            let a = article_at(chains[ci][0]);
            chain_article[ci] = Some(a);
            for &i in &chains[ci] {
                item_article[i] = Some(a);
            }
        }
    }

    (chain_article, item_article)
}

/// The metadata of each article and the metadata every article shares.
pub(super) type Meta = (Vec<BTreeMap<String, String>>, BTreeMap<String, String>);

/// Every block that is not body text or a headline, logged as dropped or as moved to metadata:
/// the articles' metadata (captions, credits) and the masthead's, which every article shares.
pub(super) fn furniture(p: &Prepared, headlines: &Headlines, log: &mut Log) -> Meta {
    let Prepared { blocks, kinds, .. } = p;
    let article_at = |i: usize| headlines.article_at(i);
    let headlines = &headlines.at;
    let mut meta: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); headlines.len().max(1)];
    let mut shared_meta: BTreeMap<String, String> = BTreeMap::new();
    for (i, b) in blocks.iter().enumerate() {
        if matches!(kinds[i], Kind::Body | Kind::Headline) {
            continue;
        }
        let (a, z) = b.text.src_extent();
        let range = (a, b.gap.1.max(z));
        let t = b.text.text.as_str();
        let add = |m: &mut BTreeMap<String, String>, k: &str| {
            let e = m.entry(k.to_string()).or_default();
            if !e.is_empty() {
                e.push_str(" | ");
            }
            e.push_str(t);
        };
        match kinds[i] {
            Kind::Body | Kind::Headline => {}
            Kind::RunningHead => log.drop("furniture", "running head or folio", range.0, range.1, ""),
            Kind::Jump(Jump::From(n)) => {
                log.drop("furniture", &format!("jump line (continued from page {n})"), range.0, range.1, "")
            }
            Kind::Jump(Jump::See(n)) => {
                log.drop("furniture", &format!("jump line (continued on page {n})"), range.0, range.1, "")
            }
            Kind::Masthead(f) => {
                log.metadata("furniture", "masthead line", range.0, range.1, f);
                add(&mut shared_meta, f);
            }
            Kind::OtherScript => {
                log.metadata("captions", "caption in another script", range.0, range.1, "captions");
                add(&mut meta[article_at(i)], "captions");
            }
            Kind::Caption => {
                log.metadata(
                    "captions",
                    "photo caption (a headline-shaped line its next paragraph does not repeat)",
                    range.0,
                    range.1,
                    "captions",
                );
                add(&mut meta[article_at(i)], "captions");
            }
            Kind::Credit => {
                log.metadata("furniture", "credit line", range.0, range.1, "credit");
                add(&mut meta[article_at(i)], "credit");
            }
            Kind::Duplicate => log.drop(
                "duplicates",
                "line duplicated by the extraction (the next paragraph begins with it)",
                range.0,
                range.1,
                "",
            ),
        }
    }
    (meta, shared_meta)
}

/// Continuations joined to a paragraph they do not follow in the source, logged as moved.
pub(super) fn log_moves(p: &Prepared, prev: &Links, log: &mut Log) {
    let Prepared { blocks, kinds, .. } = p;
    for (t, h) in (0..blocks.len()).filter_map(|t| prev.get(t).map(|h| (t, h))) {
        let (lo, hi) = (h.min(t), h.max(t));
        if t != h + 1 && kinds[lo + 1..hi].contains(&Kind::Body) {
            let (a, b) = blocks[t].text.src_extent();
            let line = log.line_of(blocks[h].text.src_extent().0);
            log.moved("joins", &format!("continuation moved to the paragraph it completes (line {line})"), a, b);
        }
    }
}

/// A second chance for lower-case chains no head claimed: one that follows text of another article
/// joins the nearest unfinished paragraph of its own article within twelve blocks before it (a
/// guess, logged); the others stay where they are, logged as unplaced with their best rejected
/// candidate.
pub(super) fn place_unclaimed(
    p: &Prepared,
    mut chains: Vec<Vec<usize>>,
    chain_article: &[Option<usize>],
    item_article: &[Option<usize>],
    best_rejected: &BTreeMap<usize, (f64, usize)>,
    log: &mut Log,
) -> Vec<Vec<usize>> {
    let Prepared { blocks, kinds, .. } = p;
    // The chain each block ends, kept current as chains grow.
    let mut ending: Vec<Option<usize>> = vec![None; blocks.len()];
    for (ci, c) in chains.iter().enumerate() {
        if let Some(&l) = c.last() {
            ending[l] = Some(ci);
        }
    }
    for ci in 0..chains.len() {
        let s = chains[ci][0];
        if !starts_lower(&blocks[s].text.text) {
            continue;
        }
        let a = chain_article[ci];
        let p_body = (0..s).rev().find(|&j| kinds[j] == Kind::Body);
        let interleaved = p_body.is_some_and(|j| item_article[j] != a);
        // The nearest chain of the same article ending unfinished within twelve blocks before.
        let mut hosts = (s.saturating_sub(12)..s).rev().filter_map(|h| ending[h]).filter(|&cj| {
            let h = *chains[cj].last().unwrap_or(&usize::MAX);
            let ht = blocks[h].text.text.as_str();
            cj != ci && chain_article[cj] == a && ends_unfinished(ht) && !ht.trim_end().ends_with(',')
        });
        let host = hosts.next();
        if let Some(cj) = host.filter(|_| interleaved) {
            // The farther hosts it might have joined instead.
            let others: Vec<usize> = hosts.filter_map(|cj| chains[cj].last().copied()).collect();
            if !others.is_empty() {
                let line = |i: usize| log.line_of(blocks[i].text.src_extent().0);
                let h = *chains[cj].last().unwrap_or(&0);
                let alts: Vec<String> =
                    others.iter().map(|&o| format!("after line {} ({} blocks before)", line(o), s - o)).collect();
                let reason = format!(
                    "placed after the nearest unfinished paragraph of its article, line {} ({} blocks before); \
                     also possible: {}",
                    line(h),
                    s - h,
                    alts.join(", ")
                );
                let (x, y) = blocks[s].text.src_extent();
                log.guessed("joins", &reason, x, y);
            }
        }
        match host.filter(|_| interleaved) {
            Some(cj) => {
                let moved = std::mem::take(&mut chains[ci]);
                let h = *chains[cj].last().unwrap_or(&0);
                ending[h] = None;
                if let Some(&l) = moved.last() {
                    ending[l] = Some(cj);
                }
                let (x, y) = blocks[s].text.src_extent();
                let line = log.line_of(blocks[h].text.src_extent().0);
                log.moved(
                    "joins",
                    &format!("continuation joined to the nearest unfinished paragraph of its article (line {line})"),
                    x,
                    y,
                );
                chains[cj].extend(moved);
            }
            None => {
                let (x, y) = blocks[s].text.src_extent();
                let mut reason = String::from("continuation with no head found: left in place (unplaced)");
                if let Some(&(score, h)) = best_rejected.get(&s) {
                    let line = log.line_of(blocks[h].text.src_extent().0);
                    reason.push_str(&format!("; best candidate rejected: after line {line} ({score:.2})"));
                }
                log.unplaced("joins", &reason, x, y);
            }
        }
    }

    chains
}

/// Step 4: each article read in order (after a chain, the next is the one that starts next in the
/// source after where that chain ended) into its text, with its metadata; then the compound hyphens
/// the corpus attests restored.
#[allow(clippy::too_many_arguments)]
pub(super) fn assemble(
    p: &Prepared,
    headlines: &Headlines,
    chains: &[Vec<usize>],
    chain_article: &[Option<usize>],
    item_article: &[Option<usize>],
    (meta, shared_meta): Meta,
    ev: &Evidence,
    passes: &Passes,
    log: &mut Log,
) -> Vec<Article> {
    let Prepared { blocks, pages, .. } = p;
    let speech = &headlines.speech;
    let headlines = &headlines.at;
    let n_articles = headlines.len().max(1);
    let mut by_article: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); n_articles];
    for (c, chain) in chains.iter().enumerate() {
        if let (Some(a), Some(&s)) = (chain_article[c], chain.first()) {
            by_article[a].insert(s, c);
        }
    }
    let mut page_range: Vec<Option<(u32, u32)>> = vec![None; n_articles];
    for (i, a) in item_article.iter().enumerate() {
        if let Some(a) = *a {
            let r = page_range[a].get_or_insert((pages[i], pages[i]));
            *r = (r.0.min(pages[i]), r.1.max(pages[i]));
        }
    }
    let mut out = Vec::with_capacity(n_articles);
    let mut placements = Vec::with_capacity(n_articles);
    for (a, mut remaining) in by_article.into_iter().enumerate() {
        // Chains by start; after each chain, the next is the first starting after where it ended.
        let mut order = Vec::with_capacity(remaining.len());
        let mut after = 0usize;
        while let Some((&s, &c)) = remaining.range(after + 1..).next().or_else(|| remaining.iter().next()) {
            remaining.remove(&s);
            after = *chains[c].last().unwrap_or(&s);
            order.push(c);
        }
        // Room for every block of the article, so the text is never copied while it grows.
        let blocks_of = order.iter().flat_map(|&c| chains[c].iter()).chain(headlines.get(a));
        let (bytes, segs) = blocks_of.fold((0, 0), |(n, k), &i| (n + blocks[i].text.len() + 2, k + 2));
        let mut text = Mapped::with_capacity(bytes, segs);
        let mut title = None;
        let mut placed = Placed::default();
        if let Some(&h) = headlines.get(a) {
            title = Some(blocks[h].text.text.clone());
            placed.blocks.push((h, 0));
            text.push_mapped(&blocks[h].text);
            text.push_replaced("\n\n", blocks[h].gap);
        }
        for (k, &c) in order.iter().enumerate() {
            let chain = &chains[c];
            let last = k + 1 == order.len();
            push_chain(&mut text, blocks, chain, ev, passes, log, &mut placed);
            let gap = blocks[*chain.last().unwrap_or(&chain[0])].gap;
            text.push_replaced(if last { "\n" } else { "\n\n" }, gap);
        }
        let mut extra = shared_meta.clone();
        extra.extend(meta[a].clone());
        if !headlines.is_empty() {
            extra.insert("article".into(), format!("{}", a + 1));
            extra.insert("article_kind".into(), if speech[a] { "speech" } else { "report" }.into());
            if let Some((lo, hi)) = page_range[a] {
                extra.insert("article_pages".into(), if lo == hi { lo.to_string() } else { format!("{lo}-{hi}") });
            }
        }
        out.push(Article { title, extra, text });
        placements.push(placed);
    }
    if passes.compounds {
        for (art, placed) in out.iter_mut().zip(&placements) {
            let edits = compound_edits(p, &art.text.text, placed, ev);
            art.text = apply_compounds(std::mem::take(&mut art.text), edits, log);
        }
    }
    out
}

/// Where each block went in an article's text, and where a line-end hyphen was removed to rejoin a
/// word (the word there is new, made of the two blocks' edge words).
#[derive(Debug, Default)]
pub(super) struct Placed {
    pub(super) blocks: Vec<(usize, usize)>,
    pub(super) rejoined: Vec<usize>,
}

/// Append one chain of blocks joined into a paragraph.
fn push_chain(
    text: &mut Mapped,
    blocks: &[Block],
    chain: &[usize],
    ev: &Evidence,
    passes: &Passes,
    log: &mut Log,
    placed: &mut Placed,
) {
    for (k, &i) in chain.iter().enumerate() {
        let b = &blocks[i];
        placed.blocks.push((i, text.len()));
        let Some(&t) = chain.get(k + 1) else {
            text.push_mapped(&b.text);
            break;
        };
        let ht = b.text.text.as_str();
        let tt = blocks[t].text.text.as_str();
        if passes.hyphenation && ht.ends_with('-') && starts_lower(tt) {
            let a = last_words(ht, 1).first().copied().unwrap_or("");
            let z = words(tt).next().unwrap_or("");
            if ev.has_hyphenated(a, z) {
                text.push_mapped(&b.text);
                text.push_replaced("", b.gap);
                log.join(
                    "hyphenation",
                    "line-end hyphen kept: the corpus attests the hyphenated word",
                    b.gap.0,
                    b.gap.1,
                    "",
                );
            } else {
                let cut = ht.len() - 1;
                text.push_mapped(&b.text.slice(0, cut));
                placed.rejoined.push(text.len());
                let hy = b.text.src_span(cut, ht.len());
                text.push_replaced("", (hy.0, b.gap.1.max(hy.1)));
                log.join("hyphenation", "line-end hyphen removed and the word rejoined", hy.0, b.gap.1.max(hy.1), "");
            }
        } else {
            text.push_mapped(&b.text);
            text.push_replaced(" ", b.gap);
            let reason = if t == i + 1 {
                "column fragment or broken line rejoined"
            } else {
                "paragraph split by a page or column break rejoined"
            };
            log.join("joins", reason, b.gap.0, b.gap.1, " ");
        }
    }
}
