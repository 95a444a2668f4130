//! The joins of the `print` profile: which block continues which (steps 2 and 4 of [`super`]'s
//! list). Candidate pairs are found and scored here from the page alone; the corpus evidence is
//! added and the joins accepted best first in [`match_joins`], which logs every join chosen among
//! competitors as a guess.

use super::{Kind, Prepared};
use crate::clean::blocks::{Block, Jump, Voice, VoiceTally, end_mark, ends_unfinished, is_open_word, starts_lower};
use crate::clean::evidence::{Evidence, JOIN_NGRAM};
use crate::clean::scan::{seq_extend, seq_hash, words};
use crate::log::Log;
use std::collections::BTreeMap;
/// A candidate join of a head block to a tail block, scored without the n-gram evidence yet.
#[derive(Clone, Debug)]
pub(super) struct Candidate {
    pub(super) head: usize,
    pub(super) tail: usize,
    pub(super) score: f64,
}

/// Hashes of a block's last three and first three words: what the word sequences across a join are
/// made of.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Ends {
    pub(super) last: [u64; 3],
    pub(super) n_last: u8,
    pub(super) first: [u64; 3],
    pub(super) n_first: u8,
    /// Words in the block, and the tally behind its voice (see [`crate::clean::blocks::voice`]).
    pub(super) words: usize,
    pub(super) tally: VoiceTally,
}

impl Ends {
    /// A block's ends from its word hashes (in order) and its voice.
    pub(super) fn of(hashes: &[u64], tally: VoiceTally) -> Ends {
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

    pub(super) fn last(&self) -> &[u64] {
        &self.last[..self.n_last as usize]
    }
}

/// Each word sequence across a join of `head` to `tail` (one to three words of each, at most
/// [`JOIN_NGRAM`] in all): its hash and its length in words.
pub(super) fn join_ngrams(head: &Ends, tail: &Ends, mut f: impl FnMut(u64, usize)) {
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
pub(super) fn last_words(s: &str, n: usize) -> Vec<&str> {
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

/// A block's voice as read on the page, and whether it is the block's own.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PageVoice {
    pub(super) voice: Voice,
    pub(super) own: bool,
}

/// Each block's voice as read on the page (rule 2 of [`super`]): its own when its words show one
/// (first or third person, see [`crate::clean::blocks::voice`]); else the voice of the body block
/// before it in the same column run — quoted speech goes on until the report speaks again. A run
/// ends at a running head, a jump line, a headline, a credit line or after an end mark: what follows
/// them may be another article's. A tail (`tail[i]`: a block starting in lower case) takes no voice
/// from the block before it: it goes on with a paragraph from elsewhere, whose voice is its head's.
pub(super) fn page_voices(
    kinds: &[Kind],
    ends: &[Ends],
    tail: impl Fn(usize) -> bool,
    end: impl Fn(usize) -> bool,
) -> Vec<PageVoice> {
    let mut carry = Voice::Neutral;
    let mut out = Vec::with_capacity(kinds.len());
    for (i, (k, e)) in kinds.iter().zip(ends).enumerate() {
        out.push(match k {
            Kind::Body => {
                let own = e.tally.voice();
                let v = if own != Voice::Neutral {
                    carry = own;
                    PageVoice { voice: own, own: true }
                } else if tail(i) {
                    PageVoice::default()
                } else {
                    PageVoice { voice: carry, own: false }
                };
                if end(i) {
                    carry = Voice::Neutral;
                }
                v
            }
            Kind::Caption | Kind::OtherScript | Kind::Duplicate => PageVoice::default(),
            _ => {
                carry = Voice::Neutral;
                PageVoice::default()
            }
        });
    }
    out
}

/// First person against third: a speech's words against a report's.
fn opposed(a: Voice, b: Voice) -> bool {
    matches!((a, b), (Voice::First, Voice::Third) | (Voice::Third, Voice::First))
}

/// The voice term of a join: the same voice +1, opposed voices −3, each halved when a side's voice
/// is only carried over from the block before it; nothing when a side has none.
fn voice_score(h: PageVoice, t: PageVoice) -> f64 {
    let weight = if h.own && t.own { 1.0 } else { 0.5 };
    match (h.voice, t.voice) {
        (Voice::Neutral, _) | (_, Voice::Neutral) => 0.0,
        (a, b) if a == b => weight,
        _ => -3.0 * weight,
    }
}

/// Where each unfinished head's column goes on when the dump interleaves a speech's and a report's
/// columns on a page (rule 2 of [`super`]): the extraction alternates between the columns but keeps
/// each column's pieces in their order, so the head's column goes on at the next lower-case block of
/// more than four words on its page whose voice does not oppose the head's — when a continuation
/// (a lower-case block) in the opposed voice lies between them, the proof that the other column's
/// pieces alternate with the head's there. That is looked for
/// after a head the dump follows at once with another paragraph and, wrapping to the top of its
/// page, before a head that ends its page with no jump line after it (it can only go on on its own
/// page). Heads ending in a comma have none.
fn stream_next(
    body: &[usize],
    blocks: &[Block],
    kinds: &[Kind],
    pages: &[u32],
    voices: &[PageVoice],
    fits_tail: impl Fn(usize) -> bool,
) -> Vec<Option<usize>> {
    let mut out = vec![None; blocks.len()];
    for (bi, &h) in body.iter().enumerate() {
        let ht = blocks[h].text.text.as_str();
        let v = voices[h].voice;
        if v == Voice::Neutral || !ends_unfinished(ht) || ht.trim_end().ends_with(',') {
            continue;
        }
        let same_page = |j: &&usize| pages[**j] == pages[h] && j.abs_diff(h) <= NEAR_BLOCKS;
        let fits = |j: usize| fits_tail(j) && !opposed(v, voices[j].voice);
        let opposed_between = |a: usize, b: usize| {
            (a + 1..b)
                .any(|j| kinds[j] == Kind::Body && opposed(v, voices[j].voice) && starts_lower(&blocks[j].text.text))
        };
        out[h] = if kinds.get(h + 1) == Some(&Kind::Body) {
            let found = body[bi + 1..].iter().take_while(same_page).copied().find(|&j| fits(j));
            found.filter(|&t| opposed_between(h, t))
        } else if kinds.get(h + 1).is_none_or(|k| *k == Kind::RunningHead) {
            let top = body[..bi].iter().rev().take_while(same_page).count();
            let found = body[bi - top..bi].iter().copied().find(|&j| fits(j));
            found.filter(|&t| opposed_between(t, h))
        } else {
            None
        };
    }
    out
}

pub(super) fn candidates(blocks: &[Block], kinds: &[Kind], pages: &[u32], ends: &[Ends]) -> Vec<Candidate> {
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
                    words: ends[i].words,
                }
            })
        })
        .collect();
    let feat = |i: usize| feats[i].as_ref().expect("body blocks have features");
    let issue = issue_starts(pages);
    let voices = page_voices(kinds, ends, |i| starts_lower(&blocks[i].text.text), |i| end_mark(&blocks[i].text.text));
    let stream = stream_next(&body, blocks, kinds, pages, &voices, |j| starts_lower(feat(j).text) && feat(j).words > 4);
    // The page a block ends, when the running head of the next page follows it: the last column of
    // page n ends right before page n + 1's head, even when page n's own head was lost.
    let page_end = |h: usize| match kinds.get(h + 1) {
        Some(Kind::RunningHead) if pages[h + 1] >= 2 => Some(pages[h + 1] - 1),
        _ => None,
    };
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
                // The next piece of the head's own column, where columns interleave.
                if stream[h] == Some(t) {
                    score += 2.0;
                }
            }
            if jumped {
                let to_its_page = jump.is_none() || jump == Some(pages[h]) || jump == page_end(h);
                score += if to_its_page { 3.0 } else { 2.0 };
                // The head's own jump line "SEE PAGE n" names the tail's page.
                if see_after(h).is_some_and(|n| n == pages[t]) {
                    score += 1.0;
                }
            }
            score += voice_score(voices[h], voices[t]);
            out.push(Candidate { head: h, tail: t, score });
        }
    }
    out
}

/// Links between blocks (`next[head] = tail`, or the reverse), one slot a block.
pub(super) struct Links(Vec<usize>);

impl Links {
    const NONE: usize = usize::MAX;

    fn new(n: usize) -> Links {
        Links(vec![Links::NONE; n])
    }

    pub(super) fn get(&self, i: usize) -> Option<usize> {
        self.0.get(i).copied().filter(|&j| j != Links::NONE)
    }

    fn set(&mut self, i: usize, j: usize) {
        self.0[i] = j;
    }

    /// The reverse links.
    pub(super) fn reversed(&self) -> Links {
        let mut r = Links::new(self.0.len());
        for (i, &j) in self.0.iter().enumerate() {
            if j != Links::NONE {
                r.set(j, i);
            }
        }
        r
    }
}

/// A join scores at least this much to be accepted.
const MIN_SCORE: f64 = 1.5;

/// The joins accepted, and for each tail left without a head its best rejected candidate (score
/// and head), for the log.
pub(super) struct Joins {
    pub(super) next: Links,
    pub(super) best_rejected: BTreeMap<usize, (f64, usize)>,
}

/// Accept joins best first (`next[head] = tail`), adding the corpus evidence to each candidate's
/// score. Every join chosen among competitors — a tail other heads could also take, or a head
/// other tails could also continue — is logged as a guess, with the competitors and their scores.
pub(super) fn match_joins(p: &Prepared, ev: &Evidence, log: &mut Log) -> Joins {
    let scored: Vec<(f64, usize, usize)> = p
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
        .collect();
    let mut best_rejected: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
    for &(s, h, t) in scored.iter().filter(|c| c.0 < MIN_SCORE) {
        let e = best_rejected.entry(t).or_insert((s, h));
        if s > e.0 || (s == e.0 && h.abs_diff(t) < e.1.abs_diff(t)) {
            *e = (s, h);
        }
    }
    let mut scored: Vec<(f64, usize, usize)> = scored.into_iter().filter(|&(s, _, _)| s >= MIN_SCORE).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2))).then(a.2.cmp(&b.2)));
    let mut next = Links::new(p.blocks.len());
    let mut prev = Links::new(p.blocks.len());
    let mut accepted = Vec::new();
    for &(s, h, t) in &scored {
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
        accepted.push((s, h, t));
    }
    for (_, _, t) in &accepted {
        best_rejected.remove(t);
    }
    log_guesses(p, &scored, &accepted, log);
    Joins { next, best_rejected }
}

/// Log each accepted join that had competitors: the other heads that could take its tail, and the
/// other tails that could continue its head (all scoring at least [`MIN_SCORE`]). Lines are the
/// source lines where the paragraphs start.
fn log_guesses(p: &Prepared, scored: &[(f64, usize, usize)], accepted: &[(f64, usize, usize)], log: &mut Log) {
    let mut by_tail: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    let mut by_head: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    for &(s, h, t) in scored {
        by_tail.entry(t).or_default().push((s, h));
        by_head.entry(h).or_default().push((s, t));
    }
    let line = |log: &Log, i: usize| log.line_of(p.blocks[i].text.src_extent().0);
    let mut guesses: Vec<(usize, String)> = Vec::new();
    for &(s, h, t) in accepted {
        let heads: Vec<(f64, usize)> = by_tail.get(&t).into_iter().flatten().copied().filter(|x| x.1 != h).collect();
        let tails: Vec<(f64, usize)> = by_head.get(&h).into_iter().flatten().copied().filter(|x| x.1 != t).collect();
        if heads.is_empty() && tails.is_empty() {
            continue;
        }
        let mut reason = format!("placed after the paragraph at line {} (score {s:.2})", line(log, h));
        if !heads.is_empty() {
            let alts: Vec<String> =
                heads.iter().map(|&(s, x)| format!("after line {} ({s:.2})", line(log, x))).collect();
            reason.push_str(&format!("; also possible: {}", alts.join(", ")));
        }
        if !tails.is_empty() {
            let alts: Vec<String> = tails.iter().map(|&(s, x)| format!("line {} ({s:.2})", line(log, x))).collect();
            reason.push_str(&format!("; line {} could also go on with: {}", line(log, h), alts.join(", ")));
        }
        guesses.push((t, reason));
    }
    guesses.sort_by_key(|g| g.0);
    for (t, reason) in guesses {
        let (a, b) = p.blocks[t].text.src_extent();
        log.guessed("joins", &reason, a, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::blocks::split_blocks;
    use crate::mapped::Mapped;

    /// Blocks of a hand-made page (blank-line separated), their kinds (a "Page n" line is a running
    /// head, "FROM PAGE n" a jump line, the rest body) and ends.
    fn page(text: &str) -> (Vec<Block>, Vec<Kind>, Vec<Ends>) {
        let (_, blocks) = split_blocks(&Mapped::verbatim(text, 0));
        let kinds: Vec<Kind> = blocks
            .iter()
            .map(|b| match b.text.text.as_str() {
                t if t.starts_with("Page ") => Kind::RunningHead,
                t if t.starts_with("FROM PAGE ") => Kind::Jump(Jump::From(1)),
                _ => Kind::Body,
            })
            .collect();
        let ends = blocks
            .iter()
            .map(|b| {
                let mut tally = VoiceTally::default();
                words(&b.text.text).for_each(|w| tally.add(w));
                Ends::of(&vec![0; words(&b.text.text).count()], tally)
            })
            .collect();
        (blocks, kinds, ends)
    }

    fn voices(text: &str) -> Vec<(Voice, bool)> {
        let (blocks, kinds, ends) = page(text);
        let tail = |i: usize| starts_lower(&blocks[i].text.text);
        let end = |i: usize| end_mark(&blocks[i].text.text);
        page_voices(&kinds, &ends, tail, end).into_iter().map(|v| (v.voice, v.own)).collect()
    }

    #[test]
    fn a_voiceless_block_carries_the_voice_before_it_in_its_run() {
        let v =
            voices("We shall win.\n\nThe plan is bold.\n\nPage 2\n\nThe plan is bold.\n\nHe said so.\n\nIt is bold.\n");
        use Voice::*;
        assert_eq!(
            v,
            [(First, true), (First, false), (Neutral, false), (Neutral, false), (Third, true), (Third, false)]
        );
    }

    #[test]
    fn a_tail_takes_no_voice_and_an_end_mark_ends_the_run() {
        let v = voices("He said so.\n\nof the plan, which is bold.\n\nIt is bold. -0-\n\nThe plan is bold.\n");
        use Voice::*;
        assert_eq!(v, [(Third, true), (Neutral, false), (Third, false), (Neutral, false)]);
    }

    /// The next piece of each unfinished head's column where a speech's and a report's interleave.
    fn stream(text: &str) -> Vec<Option<usize>> {
        let (blocks, kinds, ends) = page(text);
        let pages = vec![1; blocks.len()];
        let body: Vec<usize> = (0..blocks.len()).filter(|&i| kinds[i] == Kind::Body).collect();
        let tail = |i: usize| starts_lower(&blocks[i].text.text);
        let voices = page_voices(&kinds, &ends, tail, |_| false);
        let fits = |j: usize| starts_lower(&blocks[j].text.text) && ends[j].words > 4;
        stream_next(&body, &blocks, &kinds, &pages, &voices, fits)
    }

    #[test]
    fn an_interleaved_head_goes_on_past_the_other_voices_continuation() {
        let s = stream(
            "We shall build the plan and\n\nHe said that the plan was\n\nin the works of the year, he added.\n\n\
             carry it out in every unit.\n",
        );
        assert_eq!(s[0], Some(3), "the speech's head skips the report's lower-case piece");
        assert_eq!(s[1], None, "the report's head is followed at once by its piece: adjacency, not interleaving");
    }

    #[test]
    fn without_the_other_voice_between_there_is_no_interleaving() {
        let s = stream("We shall build the plan and\n\nThe plan was set out here.\n\ncarry it out in every unit.\n");
        assert_eq!(s[0], None);
    }
}
