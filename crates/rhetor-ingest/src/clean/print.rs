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

mod articles;
mod columns;
mod joins;

use crate::clean::blocks::{
    Block, Jump, VoiceTally, credit_line, headline_shaped, jump_line, masthead_field, other_script, running_head,
    shares_lead, split_blocks, starts_lower, tally_outside_quotes,
};
use crate::clean::evidence::{Evidence, HashedWords, Wanted, compound_edit};
use crate::clean::inline::{letter_spacing, whitespace};
use crate::clean::scan::{seq_hash, words};
use crate::clean::{Article, Passes};
use crate::log::Log;
use crate::mapped::Mapped;
use joins::{Candidate, Ends, candidates, join_ngrams, match_joins};

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

/// Finish a print file: joins, articles, reading order, text and log (steps 2 to 4 of the module
/// doc; the articles' stages are in `articles.rs`).
pub fn finish(p: Prepared, ev: &Evidence, passes: &Passes, log: &mut Log) -> Vec<Article> {
    if p.lead.1 > p.lead.0 {
        log.drop("blocks", "whitespace before the first paragraph", p.lead.0, p.lead.1, "");
    }
    let joins = match_joins(&p, ev, log);
    let prev = joins.next.reversed();
    let headlines = articles::Headlines::new(&p);
    let chains = articles::chains(&p, &joins.next, &prev);
    let (mut chain_article, mut item_article) = articles::assign(&p, &headlines, &chains, log);
    columns::assign(&p, &headlines.at, &headlines.speech, &chains, &mut chain_article, &mut item_article, log);
    let meta = articles::furniture(&p, &headlines, log);
    articles::log_moves(&p, &prev, log);
    let chains = articles::place_unclaimed(&p, chains, &chain_article, &item_article, &joins.best_rejected, log);
    articles::assemble(&p, &headlines, &chains, &chain_article, &item_article, meta, ev, passes, log)
}

/// The compound edits of an article (see [`crate::clean::evidence::compounds`]), found from the words
/// hashed when the blocks were prepared instead of scanning the article again: only the words whose
/// hash the evidence knows as a compound are looked at, and the words rejoined at removed hyphens.
fn compound_edits(p: &Prepared, text: &str, placed: &articles::Placed, ev: &Evidence) -> Vec<(usize, usize, String)> {
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
