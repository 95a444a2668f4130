//! The `print` profile: a newspaper's pages dumped from PDF, turned back into its articles.
//!
//! 1. Blocks are classified: running heads and folios, jump lines, the masthead (everything before the
//!    first headline), captions in another script, photo captions, credit lines, lines duplicated by
//!    the extraction; the rest is body text. Only body text and headlines reach a document; every
//!    other block is logged as dropped or moved to metadata.
//! 2. Continuations are matched (in [`joins`]): a *tail* (a body block starting in lower case, or a
//!    fragment of at most four words after a line cut at an open word or a hyphen) is joined to a
//!    *head* (a body block ending without final punctuation or an end mark "-0-": an unfinished
//!    sentence goes on somewhere). Candidate pairs are scored on documented evidence of the page itself and of the
//!    corpus, and accepted greedily, best first, when they score at least 1.5:
//!    - adjacency (+2, +2 more across a line-end hyphen); distance otherwise (−0.02 per block);
//!    - a jump line "FROM PAGE n" before the tail pointing at the head's page (+3, another page +2).
//!      The last column of page n ends right before page n + 1's running head, so the block there
//!      is on page n even when the dump lost page n's own head. The head's own jump line "SEE PAGE
//!      n" naming the tail's page adds +1: both ends of the jump agree;
//!    - voice, quoted against reported speech: the same voice, first person ("we", "our") or third
//!      ("he said", "his"), +1; opposed voices −3. Words inside double quotation marks do not count:
//!      a report quoting a slogan ("Let us …") stays a report. A block whose words show no voice reads in the
//!      voice of the body block before it in its column run (a run ends at a running head, a jump
//!      line, a headline, a credit line or after an end mark "-0-"): quoted speech goes on until the
//!      report speaks again. A tail takes no voice from the block before it: it goes on with a
//!      paragraph from elsewhere, whose voice is its head's. A carried voice counts half;
//!    - interleaved columns: where a speech's and a report's columns share a page the extraction
//!      alternates between them but keeps each column's pieces in order, so a head goes on at the
//!      next lower-case block (of more than four words) on its page whose voice does not oppose its
//!      own (+2), when a lower-case block of the opposed voice lies between them — after a head the
//!      dump follows at once with another paragraph, or, wrapping to the top of its page, for a
//!      head that ends its page with no jump line after it (it can only go on on its own page);
//!    - the longest word sequence across the join that the corpus attests elsewhere (+1.5 per word
//!      beyond two: a bare bigram such as "of the" proves nothing; at most +6).
//!
//!    A head ending in a comma ("Comrades,") takes only the line right after it; a tail of four words
//!    or fewer joins only the line before it or across a jump line. Every join chosen among
//!    competitors (another head could take the tail, or another tail continue the head) is logged
//!    as a `guess` naming the competing places and their scores; a tail left without a head is
//!    logged as unplaced with its best rejected candidate.
//! 3. Each paragraph chain goes to the article of the text it follows in the source; a third-person
//!    chain ("he said") following a speech on a page where a report began goes to the report (a
//!    guess, logged); a first-person chain following the text of a report begun on its page goes to
//!    the speech whose text is nearest before it on that page after the report's headline (a speech
//!    continued onto the page, sharing it; a guess, logged). A lower-case chain that no head
//!    claimed, and that follows text of another article, joins the nearest unfinished paragraph of
//!    its own article within twelve blocks before it (a guess, logged with the farther candidates
//!    when there were any). A chain with no voice of its own goes with the text it follows, except
//!    where a report's columns and a speech's are read across (in [`columns`]): from a report's
//!    headline to the end of its page, when the speech's text (begun before the headline, or in the
//!    first person) is seen to have the report's go on beside it, the dump gives the blocks in the
//!    order of where each starts down the page, each column stacking its blocks (a block's height:
//!    its words; the second column starts level with the block before its first). The voiceless
//!    chains take the side under which that order fits best (closest to the text-it-follows rule
//!    among equals); an article's end mark ("-0-") closes its column, so every later block of the
//!    page is the other's. Where even the best fit has a block starting more than a column line
//!    (eight words) above the one before it, the page is not two columns read across and is left
//!    alone. Each chain moved is a guess, logged.
//! 4. Each article is read in order: after a chain, the next is the one that starts next in the
//!    source after where that chain ended (so a passage continued from another page comes first).
//!    Tails that no head claims stay where they are and are listed in the log as unplaced.

mod columns;
mod joins;

use crate::clean::blocks::{
    Block, Jump, Voice, VoiceTally, credit_line, ends_unfinished, headline_shaped, jump_line, masthead_field,
    other_script, running_head, shares_lead, split_blocks, starts_lower, tally_outside_quotes,
};
use crate::clean::evidence::{Evidence, HashedWords, Wanted, apply_compounds, compound_edit};
use crate::clean::inline::{letter_spacing, whitespace};
use crate::clean::scan::{seq_hash, words};
use crate::clean::{Article, Passes};
use crate::log::Log;
use crate::mapped::Mapped;
use joins::{Candidate, Ends, candidates, join_ngrams, last_words, match_joins};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Body,
    Headline,
    Caption,
    RunningHead,
    Jump(Jump),
    Masthead(&'static str),
    OtherScript,
    Credit,
    Duplicate,
}

/// A print file after the passes that need no corpus evidence.
#[derive(Debug)]
pub struct Prepared {
    lead: (u32, u32),
    blocks: Vec<Block>,
    kinds: Vec<Kind>,
    pages: Vec<u32>,
    candidates: Vec<Candidate>,
    /// Per block (body blocks only; others default).
    ends: Vec<Ends>,
    /// The words of the body and headline blocks, and each block's index among them.
    hashed: HashedWords,
    hashed_block: Vec<u32>,
}

impl Prepared {
    /// Add the word sequences whose corpus counts the joins need.
    pub fn wanted(&self, into: &mut Wanted) {
        for c in &self.candidates {
            let (h, t) = (&self.ends[c.head], &self.ends[c.tail]);
            // Each sequence's first two words: two of the head's, or its last and the tail's first.
            let (hw, tw) = (h.last(), &t.first[..t.n_first as usize]);
            for k in 1..=hw.len() {
                let second = if k >= 2 { Some(hw[hw.len() - k + 1]) } else { tw.first().copied() };
                if let Some(b) = second {
                    into.bigrams.insert(seq_hash(&[hw[hw.len() - k], b]));
                }
            }
            // A bare bigram is no evidence (see `match_joins`): only longer sequences are counted.
            join_ngrams(h, t, |g, n| {
                if n > 2 {
                    into.grams.insert(g);
                }
            });
        }
    }

    /// The words of the body and headline blocks, hashed once, for the corpus evidence.
    pub fn hashed(&self) -> &HashedWords {
        &self.hashed
    }
}

pub fn prepare(m: &Mapped, passes: &Passes, log: &mut Log) -> Prepared {
    let (lead, mut blocks) = split_blocks(m);
    for b in &mut blocks {
        b.text = whitespace(std::mem::take(&mut b.text), log);
        if passes.letter_spacing {
            b.text = letter_spacing(std::mem::take(&mut b.text), log);
        }
    }
    let kinds = classify(&blocks, passes);
    let mut pages = Vec::with_capacity(blocks.len());
    let mut page = 1;
    for (b, k) in blocks.iter().zip(&kinds) {
        if *k == Kind::RunningHead {
            page = running_head(&b.text.text).filter(|&n| n > 0).unwrap_or(page);
        }
        pages.push(page);
    }
    let mut hashed = HashedWords::with_capacity(m.len());
    let mut hashed_block = vec![u32::MAX; blocks.len()];
    let ends: Vec<Ends> = blocks
        .iter()
        .zip(&kinds)
        .enumerate()
        .map(|(i, (b, k))| match k {
            Kind::Body | Kind::Headline => {
                hashed_block[i] = hashed.starts.len().saturating_sub(1) as u32;
                let from = hashed.hashes.len();
                let mut tally = VoiceTally::default();
                hashed.add_block_with(&b.text.text, |w| tally.add(w));
                let t = b.text.text.as_str();
                if t.contains('"') || t.contains('“') {
                    tally = tally_outside_quotes(t);
                }
                let e = Ends::of(&hashed.hashes[from..], tally);
                if *k == Kind::Body { e } else { Ends::default() }
            }
            _ => Ends::default(),
        })
        .collect();
    let candidates = if passes.joins { candidates(&blocks, &kinds, &pages, &ends) } else { Vec::new() };
    Prepared { lead, blocks, kinds, pages, candidates, ends, hashed, hashed_block }
}

fn classify(blocks: &[Block], passes: &Passes) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = blocks
        .iter()
        .map(|b| {
            let t = b.text.text.as_str();
            if passes.furniture && running_head(t).is_some() {
                Kind::RunningHead
            } else if let Some(j) = jump_line(t).filter(|_| passes.furniture) {
                Kind::Jump(j)
            } else if passes.captions && other_script(t) {
                Kind::OtherScript
            } else {
                Kind::Body
            }
        })
        .collect();
    let body_after = |kinds: &[Kind], i: usize| (i + 1..blocks.len()).find(|&j| kinds[j] == Kind::Body);
    for i in 0..blocks.len() {
        if kinds[i] != Kind::Body {
            continue;
        }
        let t = blocks[i].text.text.as_str();
        let next = body_after(&kinds, i);
        if passes.furniture && credit_line(t) && next.is_none_or(|j| headline_shaped(&blocks[j].text.text)) {
            kinds[i] = Kind::Credit;
        } else if passes.articles && headline_shaped(t) {
            if let Some(j) = next.filter(|&j| !starts_lower(&blocks[j].text.text)) {
                let lead = &blocks[j].text.text;
                kinds[i] = if shares_lead(t, lead) {
                    Kind::Headline
                } else if passes.captions && words(t).count() >= 8 {
                    Kind::Caption
                } else {
                    Kind::Body
                };
            }
        }
        if passes.duplicates && kinds[i] == Kind::Body && i + 1 < blocks.len() {
            let n = &blocks[i + 1].text.text;
            let stem = t.trim_end_matches([',', ' ']);
            if n.len() > t.len() && n.starts_with(stem) && words(t).count() <= 12 {
                kinds[i] = Kind::Duplicate;
            }
        }
    }
    if passes.furniture {
        if let Some(first) = kinds.iter().position(|k| *k == Kind::Headline) {
            for i in 0..first {
                if kinds[i] == Kind::Body {
                    let f = if i == 0 { "publication" } else { masthead_field(&blocks[i].text.text) };
                    kinds[i] = Kind::Masthead(f);
                }
            }
        }
    }
    kinds
}

/// How far back (in blocks, on the same page) a first-person passage amid a report looks for the
/// speech it belongs to.
const SHARED_PAGE_BLOCKS: usize = 80;

/// Finish a print file: joins, articles, reading order, text and log.
pub fn finish(p: Prepared, ev: &Evidence, passes: &Passes, log: &mut Log) -> Vec<Article> {
    let Prepared { lead, blocks, kinds, pages, .. } = &p;
    if lead.1 > lead.0 {
        log.drop("blocks", "whitespace before the first paragraph", lead.0, lead.1, "");
    }
    let joins = match_joins(&p, ev, log);
    let next = joins.next;
    let prev = next.reversed();

    // Articles: one per headline (or one for the whole file).
    let headlines: Vec<usize> = (0..blocks.len()).filter(|&i| kinds[i] == Kind::Headline).collect();
    let article_at = |i: usize| headlines.partition_point(|&h| h <= i).saturating_sub(1);
    let speech: Vec<bool> = headlines
        .iter()
        .map(|&h| {
            (h + 1..blocks.len())
                .find(|&j| kinds[j] == Kind::Body)
                .is_some_and(|j| blocks[j].text.text.trim_end().ends_with(':'))
        })
        .collect();

    // Chains, each with its article.
    let starts: Vec<usize> = (0..blocks.len()).filter(|&i| kinds[i] == Kind::Body && prev.get(i).is_none()).collect();
    let chain_of = |s: usize| {
        let mut c = vec![s];
        while let Some(t) = next.get(*c.last().unwrap_or(&s)) {
            c.push(t);
        }
        c
    };
    let chains: Vec<Vec<usize>> = starts.iter().map(|&s| chain_of(s)).collect();
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

    columns::assign(&p, &headlines, &speech, &chains, &mut chain_article, &mut item_article, log);

    // Log what is not body text.
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
    for (t, h) in (0..blocks.len()).filter_map(|t| prev.get(t).map(|h| (t, h))) {
        let (lo, hi) = (h.min(t), h.max(t));
        if t != h + 1 && kinds[lo + 1..hi].contains(&Kind::Body) {
            let (a, b) = blocks[t].text.src_extent();
            let line = log.line_of(blocks[h].text.src_extent().0);
            log.moved("joins", &format!("continuation moved to the paragraph it completes (line {line})"), a, b);
        }
    }
    // Second chance for lower-case chains no head claimed.
    let mut chains = chains;
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
                if let Some(&(score, h)) = joins.best_rejected.get(&s) {
                    let line = log.line_of(blocks[h].text.src_extent().0);
                    reason.push_str(&format!("; best candidate rejected: after line {line} ({score:.2})"));
                }
                log.unplaced("joins", &reason, x, y);
            }
        }
    }

    // Reading order and text.
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
            let edits = compound_edits(&p, &art.text.text, placed, ev);
            art.text = apply_compounds(std::mem::take(&mut art.text), edits, log);
        }
    }
    out
}

/// Where each block went in an article's text, and where a line-end hyphen was removed to rejoin a
/// word (the word there is new, made of the two blocks' edge words).
#[derive(Debug, Default)]
struct Placed {
    blocks: Vec<(usize, usize)>,
    rejoined: Vec<usize>,
}

/// The compound edits of an article (see [`crate::clean::evidence::compounds`]), found from the words
/// hashed when the blocks were prepared instead of scanning the article again: only the words whose
/// hash the evidence knows as a compound are looked at, and the words rejoined at removed hyphens.
fn compound_edits(p: &Prepared, text: &str, placed: &Placed, ev: &Evidence) -> Vec<(usize, usize, String)> {
    let mut edits = Vec::new();
    let word_at = |at: usize| -> &str {
        let rest = &text[at..];
        words(rest).next().filter(|w| w.as_ptr() == rest.as_ptr()).unwrap_or("")
    };
    for &(b, off) in &placed.blocks {
        let hb = p.hashed_block[b];
        if hb == u32::MAX {
            continue;
        }
        for (h, o) in p.hashed.block(hb as usize) {
            let at = off + o as usize;
            if !ev.may_be_compound(h) {
                continue;
            }
            // A word at a rejoined hyphen is looked at whole, below.
            let touches = |j: usize| at == j || (at < j && at + word_at(at).len() > j);
            if placed.rejoined.iter().any(|&j| touches(j)) {
                continue;
            }
            if let Some(e) = compound_edit(word_at(at), at, ev) {
                edits.push(e);
            }
        }
    }
    for &j in &placed.rejoined {
        let word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        let start = text[..j].char_indices().rev().find(|&(_, c)| !word_char(c)).map_or(0, |(i, c)| i + c.len_utf8());
        let w = word_at(start);
        if let Some(e) = compound_edit(w, start, ev) {
            edits.push(e);
        }
    }
    edits.sort_by_key(|e| e.0);
    edits.dedup_by_key(|e| e.0);
    edits
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
