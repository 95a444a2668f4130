//! Two articles' columns read across (step 3 of [`super`]'s list): where a report begins on a page
//! that a speech goes on on, side by side, a dump that reads the page across gives the blocks in
//! the order of where each starts down the page, each column's in its own order. Which column a
//! paragraph with no voice of its own belongs to follows from that order: the assignment of the
//! page's blocks to the two columns under which the order fits best.
//!
//! The model: a column's blocks stack, each starting where the one before it in the column ends,
//! and a block's height is its number of words (the columns of a page share one width). The first
//! column starts at the top; the second starts level with the block the dump gives just before its
//! first block (the two are side by side). Reading across gives the blocks by where they start, so
//! each block should start no higher than the block before it in the dump; where it starts higher,
//! the words of the difference count against the assignment. An article's end mark closes its
//! column: every later block of the page is the other's. Blocks whose side is known (their voice,
//! or a paragraph begun before the report's headline) stay on it, and every block of one paragraph
//! chain is on one side. Of assignments that fit equally well, the one closest to the side each
//! block would get otherwise (the text it follows) is taken. The search is bounded: at each block
//! the [`MAX_STATES`] best partial assignments are kept.

use super::{Kind, Prepared};
use crate::clean::blocks::{Jump, Voice, VoiceTally, end_mark};
use crate::clean::scan::words;
use crate::log::Log;
use std::collections::BTreeMap;

/// A block of the page, for [`read_across`]. Sides: `false` is the report's column, `true` the
/// speech's.
#[derive(Clone, Debug)]
pub(super) struct Item {
    /// The block's height: its words.
    pub(super) words: usize,
    /// The side its own evidence puts it on, if any.
    pub(super) known: Option<bool>,
    /// The paragraph chain it belongs to (blocks of one chain share a side).
    pub(super) chain: usize,
    /// It ends with an end mark: its column ends with it.
    pub(super) end: bool,
    /// The side it would get otherwise.
    pub(super) default: bool,
}

/// The words of a line of a newspaper column (35 to 45 characters): heights counted in words are
/// off by up to a line at each block.
pub(super) const LINE_WORDS: usize = 8;

/// How many partial assignments are kept at each block.
pub(super) const MAX_STATES: usize = 256;

/// What a partial assignment's future depends on: the columns' fills, where the last block
/// started, and the column an end mark closed. Of two partial assignments alike in these, only the
/// better is kept.
type Key = (Option<usize>, Option<usize>, usize, Option<bool>);

#[derive(Clone, Debug)]
struct State {
    /// Where each column's next block starts (`None`: the column has not started).
    fill: [Option<usize>; 2],
    /// Where the last block started.
    last_top: usize,
    /// The column an end mark closed.
    closed: Option<bool>,
    /// Words out of order, then blocks off their default side.
    cost: (usize, usize),
    /// The most words out of order at one block.
    worst: usize,
    sides: Vec<bool>,
}

/// The side of each item (see the module doc); `None` when even the best assignment has a block
/// starting more than a line ([`LINE_WORDS`]) above the block before it: the page is then not two
/// columns read across (fragments beside a photo, a third article), and nothing is to be changed.
pub(super) fn read_across(items: &[Item]) -> Option<Vec<bool>> {
    let mut states =
        vec![State { fill: [None, None], last_top: 0, closed: None, cost: (0, 0), worst: 0, sides: Vec::new() }];
    // The first item of each chain: later ones take its side.
    let mut first_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        first_of.entry(it.chain).or_insert(i);
    }
    for (i, it) in items.iter().enumerate() {
        let mut next: BTreeMap<Key, State> = BTreeMap::new();
        for st in &states {
            for side in [false, true] {
                let forced = st.closed.map(|c| !c);
                let chain_side = first_of.get(&it.chain).filter(|&&f| f < i).and_then(|&f| st.sides.get(f)).copied();
                let wanted = forced.or(chain_side).or(it.known);
                if wanted.is_some_and(|w| w != side) {
                    continue;
                }
                let s = usize::from(side);
                let top = st.fill[s].unwrap_or(st.last_top);
                let mut n = st.clone();
                n.cost.0 += st.last_top.saturating_sub(top);
                n.worst = n.worst.max(st.last_top.saturating_sub(top));
                n.cost.1 += usize::from(side != it.default);
                n.fill[s] = Some(top + it.words);
                n.last_top = top;
                if it.end {
                    n.closed = Some(side);
                }
                n.sides.push(side);
                let key = (n.fill[0], n.fill[1], n.last_top, n.closed);
                match next.get(&key) {
                    Some(o) if (o.cost, &o.sides) <= (n.cost, &n.sides) => {}
                    _ => {
                        next.insert(key, n);
                    }
                }
            }
        }
        states = next.into_values().collect();
        states.sort_by(|a, b| a.cost.cmp(&b.cost).then_with(|| a.sides.cmp(&b.sides)));
        states.truncate(MAX_STATES);
    }
    states.into_iter().next().filter(|s| s.worst <= LINE_WORDS).map(|s| s.sides)
}

/// The articles of the paragraph chains of a page where a report's columns and a speech's are read
/// across (see the module doc), from each report's headline to the end of its page (a running head,
/// another headline or a credit line). Only where the page holds text of the report and of one
/// speech (a chain begun before the headline, or assigned to it for its first person), and some
/// chain there has no voice of its own. Each chain moved is logged as a guess.
pub(super) fn assign(
    p: &Prepared,
    headlines: &[usize],
    speech: &[bool],
    chains: &[Vec<usize>],
    chain_article: &mut [Option<usize>],
    item_article: &mut [Option<usize>],
    log: &mut Log,
) {
    let Prepared { blocks, kinds, pages, ends, .. } = p;
    let mut chain_of = vec![usize::MAX; blocks.len()];
    for (ci, c) in chains.iter().enumerate() {
        for &i in c {
            chain_of[i] = ci;
        }
    }
    for (r, &h) in headlines.iter().enumerate() {
        if speech[r] {
            continue;
        }
        let end = (h + 1..blocks.len())
            .find(|&j| pages[j] != pages[h] || matches!(kinds[j], Kind::RunningHead | Kind::Headline | Kind::Credit))
            .unwrap_or(blocks.len());
        let body: Vec<usize> = (h + 1..end).filter(|&j| kinds[j] == Kind::Body && chain_of[j] != usize::MAX).collect();
        let Some(&lead) = body.first() else { continue };
        // The speech sharing the page: the one other article its chains were given.
        let mut others = body.iter().filter_map(|&j| chain_article[chain_of[j]]).filter(|&a| a != r);
        let Some(s) = others.next() else { continue };
        if !speech[s] || others.any(|a| a != s) {
            continue;
        }
        let chain_voice =
            |ci: usize| chains[ci].iter().fold(VoiceTally::default(), |v, &i| v.or(ends[i].tally)).voice();
        let mut items = Vec::with_capacity(body.len());
        let mut jump_words = 0;
        for j in h + 1..end {
            if let Kind::Jump(Jump::From(_)) = kinds[j] {
                jump_words += words(&blocks[j].text.text).count();
            }
            if kinds[j] != Kind::Body || chain_of[j] == usize::MAX {
                continue;
            }
            let ci = chain_of[j];
            let known = if chains[ci][0] < h {
                Some(chain_article[ci] == Some(s))
            } else if chains[ci][0] == lead {
                Some(false)
            } else {
                match chain_voice(ci) {
                    Voice::First => Some(true),
                    Voice::Third => Some(false),
                    Voice::Neutral => None,
                }
            };
            let words = ends[j].words + std::mem::take(&mut jump_words);
            let end = end_mark(&blocks[j].text.text);
            items.push(Item { words, known, chain: ci, end, default: chain_article[ci] == Some(s) });
        }
        // The columns must be seen to interleave: the report's text known to go on after the
        // speech's began beside it, and a paragraph of neither voice among them.
        let first_speech = items.iter().position(|it| it.known == Some(true));
        let interleaved = first_speech.is_some_and(|f| items[f..].iter().any(|it| it.known == Some(false)));
        if !interleaved || items.iter().all(|it| it.known.is_some()) {
            continue;
        }
        let Some(sides) = read_across(&items) else { continue };
        for (it, &side) in items.iter().zip(&sides) {
            let ci = it.chain;
            let (start, a) = (chains[ci][0], if side { s } else { r });
            if start < h || body.binary_search(&start).is_err() || chain_article[ci] == Some(a) {
                continue;
            }
            let why = if it.known.is_some() {
                "the other article's end mark came before it on the page"
            } else {
                "its place in the order of the page's two columns read across, by where each paragraph starts"
            };
            let was = chain_article[ci].map_or(String::from("none"), |b| (b + 1).to_string());
            let reason = format!("placed in article {} ({why}); also possible: article {was}", a + 1);
            let (x, y) = blocks[start].text.src_extent();
            log.guessed("articles", &reason, x, y);
            chain_article[ci] = Some(a);
            for &i in &chains[ci] {
                item_article[i] = Some(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items from (words, known side, chain), defaulting to the report's side.
    fn items(spec: &[(usize, Option<bool>, usize)]) -> Vec<Item> {
        spec.iter().map(|&(words, known, chain)| Item { words, known, chain, end: false, default: false }).collect()
    }

    const R: Option<bool> = Some(false);
    const S: Option<bool> = Some(true);

    #[test]
    fn voiceless_blocks_follow_the_alternation_of_two_columns() {
        // Report 40 | speech 40, read across: R S R S R S; the voiceless blocks sit between known ones.
        let it = items(&[(40, R, 0), (40, S, 1), (40, None, 2), (40, None, 3), (40, R, 4), (40, S, 5)]);
        assert_eq!(read_across(&it), Some(vec![false, true, false, true, false, true]));
    }

    #[test]
    fn a_long_paragraph_lets_the_other_column_give_several() {
        // The report's 90-word paragraph spans four of the speech's: R S R ? ? ? S R.
        let it = items(&[
            (10, R, 0),
            (10, S, 1),
            (90, R, 2),
            (20, None, 3),
            (20, None, 4),
            (20, None, 5),
            (20, S, 6),
            (30, R, 7),
        ]);
        assert_eq!(read_across(&it), Some(vec![false, true, false, true, true, true, true, false]));
    }

    #[test]
    fn the_second_column_starts_level_with_the_block_before_it() {
        // A lead above the report's column: the speech starts level with the report's second block.
        let it = items(&[(15, R, 0), (35, R, 1), (35, S, 2), (50, None, 3), (50, None, 4), (30, R, 5), (40, S, 6)]);
        assert_eq!(read_across(&it), Some(vec![false, false, true, false, true, false, true]));
    }

    #[test]
    fn an_end_mark_closes_its_column() {
        let mut it = items(&[(40, R, 0), (40, S, 1), (40, R, 2), (10, None, 3), (60, None, 4), (60, R, 5)]);
        it[2].end = true;
        // After the report's end mark every block is the speech's, even one whose voice says report.
        assert_eq!(read_across(&it), Some(vec![false, true, false, true, true, true]));
    }

    #[test]
    fn blocks_of_one_chain_share_a_side() {
        // Chain 2 is two blocks: its tail stays with its head even where the order alone would not.
        let it = items(&[(40, R, 0), (40, S, 1), (40, None, 2), (40, None, 2), (40, S, 3)]);
        let sides = read_across(&it).expect("an assignment");
        assert_eq!(sides[2], sides[3]);
    }

    #[test]
    fn a_page_the_order_does_not_fit_is_left_alone() {
        // The speech's second block starts far above where the report's ended: not two columns.
        let it = items(&[(10, R, 0), (10, S, 1), (200, R, 2), (10, None, 3), (10, R, 4), (10, S, 5)]);
        assert_eq!(read_across(&it), None);
    }

    #[test]
    fn known_sides_are_kept_even_against_the_order() {
        // The speech's block starts level with the report's second, yet the report's third comes after.
        let it = items(&[(40, R, 0), (40, R, 1), (10, S, 2), (40, R, 3)]);
        assert_eq!(read_across(&it), Some(vec![false, false, true, false]));
        assert_eq!(read_across(&[]), Some(vec![]));
    }
}
