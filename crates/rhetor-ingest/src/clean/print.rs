//! The `print` profile: a newspaper's pages dumped from PDF, turned back into its articles.
//!
//! 1. Blocks are classified: running heads and folios, jump lines, the masthead (everything before the
//!    first headline), captions in another script, photo captions, credit lines, lines duplicated by
//!    the extraction; the rest is body text. Only body text and headlines reach a document; every
//!    other block is logged as dropped or moved to metadata.
//! 2. Continuations are matched: a *tail* (a body block starting in lower case, or a fragment of at
//!    most four words after a line cut at an open word or a hyphen) is joined to a *head* (a body
//!    block ending without final punctuation). Candidate pairs are scored on documented evidence —
//!    adjacency (+2), a jump line pointing at the head's page (+3), the same voice, first or third
//!    person (+1, different voices −3), the longest word sequence across the join that the corpus
//!    attests elsewhere (+1.5 per word beyond two: a bare bigram such as "of the" proves nothing; at
//!    most +6), distance (−0.02 per block) — and accepted greedily, best first, when they score at
//!    least 1.5. A head ending in a comma ("Comrades,") takes only the line right after it; a tail of
//!    four words or fewer joins only the line before it or across a jump line.
//! 3. Each paragraph chain goes to the article of the text it follows in the source; a third-person
//!    chain ("he said") following a speech on a page where a report began goes to the report.
//!    A lower-case chain that no head claimed, and that follows text of another article, joins the
//!    nearest unfinished paragraph of its own article within twelve blocks before it.
//! 4. Each article is read in order: after a chain, the next is the one that starts next in the
//!    source after where that chain ended (so a passage continued from another page comes first).
//!    Tails that no head claims stay where they are and are listed in the log as unplaced.

use crate::clean::blocks::{
    Block, Jump, Voice, VoiceTally, credit_line, ends_unfinished, headline_shaped, is_open_word, jump_line,
    masthead_field, other_script, running_head, shares_lead, split_blocks, starts_lower, words,
};
use crate::clean::words::{
    Evidence, HashedWords, JOIN_NGRAM, Wanted, apply_compounds, compound_edit, letter_spacing, seq_extend, seq_hash,
    whitespace,
};
use crate::clean::{Article, Passes};
use crate::log::Log;
use crate::mapped::Mapped;
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

/// A candidate join of a head block to a tail block, scored without the n-gram evidence yet.
#[derive(Clone, Debug)]
struct Candidate {
    head: usize,
    tail: usize,
    score: f64,
}

/// Hashes of a block's last three and first three words: what the word sequences across a join are
/// made of.
#[derive(Clone, Copy, Debug, Default)]
struct Ends {
    last: [u64; 3],
    n_last: u8,
    first: [u64; 3],
    n_first: u8,
    /// Words in the block, and the tally behind its voice (see [`crate::clean::blocks::voice`]).
    words: usize,
    tally: VoiceTally,
}

impl Ends {
    /// A block's ends from its word hashes (in order) and its voice.
    fn of(hashes: &[u64], tally: VoiceTally) -> Ends {
        let mut e = Ends::default();
        let n = hashes.len();
        let (f, l) = (n.min(3), n.min(3));
        e.first[..f].copy_from_slice(&hashes[..f]);
        e.n_first = f as u8;
        e.last[..l].copy_from_slice(&hashes[n - l..]);
        e.n_last = l as u8;
        e.words = n;
        e.tally = tally;
        e
    }

    fn last(&self) -> &[u64] {
        &self.last[..self.n_last as usize]
    }
}

/// Each word sequence across a join of `head` to `tail` (one to three words of each, at most
/// [`JOIN_NGRAM`] in all): its hash and its length in words.
fn join_ngrams(head: &Ends, tail: &Ends, mut f: impl FnMut(u64, usize)) {
    let hw = head.last();
    let tw = &tail.first[..tail.n_first as usize];
    for k in 1..=hw.len() {
        let mut h = seq_hash(&hw[hw.len() - k..]);
        for (m, &w) in tw.iter().enumerate() {
            if k + m + 1 > JOIN_NGRAM {
                break;
            }
            h = seq_extend(h, w);
            f(h, k + m + 1);
        }
    }
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

fn last_words(s: &str, n: usize) -> Vec<&str> {
    let mut w: Vec<&str> = words(s).collect();
    let k = w.len().saturating_sub(n);
    w.drain(..k);
    w
}

/// What the join scoring needs of each block, computed once.
struct Features<'a> {
    text: &'a str,
    unfinished: bool,
    comma: bool,
    hyphen: bool,
    voice: Voice,
    words: usize,
}

/// Where each block's issue starts: a page number lower than the one before begins a new issue
/// (a file holding several issues), and no join crosses issues.
fn issue_starts(pages: &[u32]) -> Vec<usize> {
    let mut out = Vec::with_capacity(pages.len());
    let mut start = 0;
    for (i, &p) in pages.iter().enumerate() {
        if i > 0 && p < pages[i - 1] {
            start = i;
        }
        out.push(start);
    }
    out
}

/// How far (in blocks) a continuation may be from its head without a jump line between them.
const NEAR_BLOCKS: usize = 80;

fn candidates(blocks: &[Block], kinds: &[Kind], pages: &[u32], ends: &[Ends]) -> Vec<Candidate> {
    let body: Vec<usize> = (0..blocks.len()).filter(|&i| kinds[i] == Kind::Body).collect();
    let feats: Vec<Option<Features>> = (0..blocks.len())
        .map(|i| {
            (kinds[i] == Kind::Body).then(|| {
                let text = blocks[i].text.text.as_str();
                Features {
                    text,
                    unfinished: ends_unfinished(text),
                    comma: text.trim_end().ends_with(','),
                    hyphen: text.ends_with('-'),
                    voice: ends[i].tally.voice(),
                    words: ends[i].words,
                }
            })
        })
        .collect();
    let feat = |i: usize| feats[i].as_ref().expect("body blocks have features");
    let issue = issue_starts(pages);
    let column_end = |i: usize| i + 1 >= blocks.len() || kinds[i + 1] != Kind::Body;
    let jump_before = |t: usize| {
        let mut j = t;
        while j > 0 {
            j -= 1;
            match kinds[j] {
                Kind::Jump(Jump::From(n)) => return Some(n),
                Kind::RunningHead => continue,
                _ => return None,
            }
        }
        None
    };
    // The page a block opens, when it is the first body block after a running head.
    let page_start = |t: usize| (t > 0 && kinds[t - 1] == Kind::RunningHead).then(|| pages[t]);
    let see_after = |h: usize| match kinds.get(h + 1) {
        Some(Kind::Jump(Jump::See(n))) => Some(*n),
        _ => None,
    };
    let mut out = Vec::new();
    for (bi, &t) in body.iter().enumerate() {
        let ft = feat(t);
        let tt = ft.text;
        // The body block before, with only captions or duplicates between.
        let prev_adjacent = (bi > 0
            && kinds[body[bi - 1] + 1..t]
                .iter()
                .all(|k| matches!(k, Kind::Caption | Kind::OtherScript | Kind::Duplicate)))
        .then(|| body[bi - 1]);
        let fragment_after_open = prev_adjacent.is_some_and(|h| {
            let ht = feat(h).text;
            ft.words <= 4 && (feat(h).hyphen || last_words(ht, 1).first().is_some_and(|w| is_open_word(w)))
        });
        let lower = starts_lower(tt);
        let jump = jump_before(t);
        let opens_page = page_start(t);
        if !lower && !fragment_after_open && jump.is_none() && opens_page.is_none() {
            continue;
        }
        // Heads: every body block of the issue before the tail when a jump line may point back to
        // one, else only those near the tail (every other head fails `allowed` below).
        let lo = if jump.is_some() || opens_page.is_some() { issue[t] } else { t.saturating_sub(NEAR_BLOCKS) };
        let hi = t.saturating_add(NEAR_BLOCKS + 1).min(blocks.len());
        let first = body.partition_point(|&b| b < lo);
        let last = body.partition_point(|&b| b < hi);
        for &h in &body[first..last] {
            let fh = feat(h);
            if h == t || !fh.unfinished || issue[h] != issue[t] {
                continue;
            }
            // A salutation or list line ending in a comma takes only the line right after it.
            let adjacent = prev_adjacent == Some(h);
            let jumped = jump.is_some_and(|n| column_end(h) && pages[h] <= n && h < t)
                || (opens_page.is_some() && see_after(h) == opens_page && h < t);
            let near = pages[h].abs_diff(pages[t]) <= 1 && h.abs_diff(t) <= NEAR_BLOCKS;
            let allowed = if fh.comma {
                adjacent
            } else if lower {
                // A column fragment (four words or fewer) joins only where it stands or across a jump.
                adjacent || jumped || (near && ft.words > 4)
            } else {
                (adjacent && fragment_after_open) || jumped
            };
            if !allowed {
                continue;
            }
            let mut score = 0.0;
            if adjacent {
                score += 2.0;
                if fh.hyphen {
                    score += 2.0;
                }
            } else {
                score -= 0.02 * h.abs_diff(t) as f64;
            }
            if jumped {
                score += if jump == Some(pages[h]) || jump.is_none() { 3.0 } else { 2.0 };
            }
            match (fh.voice, ft.voice) {
                (Voice::Neutral, _) | (_, Voice::Neutral) => {}
                (a, b) if a == b => score += 1.0,
                _ => score -= 3.0,
            }
            out.push(Candidate { head: h, tail: t, score });
        }
    }
    out
}

/// Accept joins best first. Returns `next[head] = tail`.
/// Links between blocks (`next[head] = tail`, or the reverse), one slot a block.
struct Links(Vec<usize>);

impl Links {
    const NONE: usize = usize::MAX;

    fn new(n: usize) -> Links {
        Links(vec![Links::NONE; n])
    }

    fn get(&self, i: usize) -> Option<usize> {
        self.0.get(i).copied().filter(|&j| j != Links::NONE)
    }

    fn set(&mut self, i: usize, j: usize) {
        self.0[i] = j;
    }

    /// The reverse links.
    fn reversed(&self) -> Links {
        let mut r = Links::new(self.0.len());
        for (i, &j) in self.0.iter().enumerate() {
            if j != Links::NONE {
                r.set(j, i);
            }
        }
        r
    }
}

fn match_joins(p: &Prepared, ev: &Evidence) -> Links {
    let mut scored: Vec<(f64, usize, usize)> = p
        .candidates
        .iter()
        .map(|c| {
            let mut best = 2;
            join_ngrams(&p.ends[c.head], &p.ends[c.tail], |g, n| {
                if n > best && ev.ngram_count(g) > 0 {
                    best = n;
                }
            });
            let evidence = (1.5 * (best - 2) as f64).min(6.0);
            (c.score + evidence, c.head, c.tail)
        })
        .filter(|&(s, _, _)| s >= 1.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2))).then(a.2.cmp(&b.2)));
    let mut next = Links::new(p.blocks.len());
    let mut prev = Links::new(p.blocks.len());
    for (_, h, t) in scored {
        if next.get(h).is_some() || prev.get(t).is_some() {
            continue;
        }
        // No cycles: following the chain from the tail must not reach the head.
        let mut x = t;
        let mut cycle = false;
        while let Some(y) = next.get(x) {
            if y == h {
                cycle = true;
                break;
            }
            x = y;
        }
        if cycle || h == t {
            continue;
        }
        next.set(h, t);
        prev.set(t, h);
    }
    next
}

/// Finish a print file: joins, articles, reading order, text and log.
pub fn finish(p: Prepared, ev: &Evidence, passes: &Passes, log: &mut Log) -> Vec<Article> {
    let Prepared { lead, blocks, kinds, pages, .. } = &p;
    if lead.1 > lead.0 {
        log.drop("blocks", "whitespace before the first paragraph", lead.0, lead.1, "");
    }
    let next = match_joins(&p, ev);
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
            if a != latest && !headlines.is_empty() && !speech[latest] && chain_voice() == Voice::Third {
                a = latest;
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
        let host = (s.saturating_sub(12)..s).rev().filter_map(|h| ending[h]).find(|&cj| {
            let h = *chains[cj].last().unwrap_or(&usize::MAX);
            let ht = blocks[h].text.text.as_str();
            cj != ci && chain_article[cj] == a && ends_unfinished(ht) && !ht.trim_end().ends_with(',')
        });
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
                log.unplaced("joins", "continuation with no head found: left in place (unplaced)", x, y);
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

/// The compound edits of an article (see [`crate::clean::words::compounds`]), found from the words
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
