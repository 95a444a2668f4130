//! Figures of repetition, each with its members' spans.
//!
//! Units are sentences (or paragraphs, with `figure_unit = "paragraph"`), as word sequences.
//! - **Anaphora**: a run of at least `min_run` consecutive units that begin with the same 1–4 words.
//!   Runs are found for each opening length from 4 down to 1; a shorter opening is reported too when
//!   its run covers a unit the longer ones do not. An opening made only of stop words ("The …",
//!   "It …", "For the …") counts only when it has two words or more and runs over three units or
//!   more, unless `stop_openings = true`.
//! - **Epistrophe**: the same for unit endings (words only; final punctuation is not a word).
//! - **Enumeration**: units whose first three words hold an ordinal ("first" … "twentieth",
//!   "firstly" …, "1st", "2nd" …) or that open with a list number ("1.", "2)"), grouped by the word
//!   that follows the ordinal ("The first task …", "The second task …" share `task`; "First, …" has
//!   none). A series is a chain of such units, in document order, whose numbers rise; gaps are
//!   allowed and listed ("missing 3"). Reported with three members or more, or two that are 1 and 2.
//! - **Triad** (a heuristic): inside one sentence, "A, B(,) and/or C" where B has 1–4 words between
//!   a comma and the conjunction, A is the same number of words before that comma and C the same
//!   number after the conjunction, no item crosses punctuation, no comma precedes A (that would be
//!   a longer list), C ends the list (punctuation, the sentence's end or a stop word follows it), and
//!   the items are parallel: single content words ("courage, wisdom and unity"), or all three share
//!   their first or their last word ("the party, the army and the people").

use crate::word_forms::Words;
use rhetor_doc::{Document, TokenKind};
use rustc_hash::FxHashSet;

/// What kind of figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Anaphora,
    Epistrophe,
    Enumeration,
    Triad,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Anaphora => "anaphora",
            Kind::Epistrophe => "epistrophe",
            Kind::Enumeration => "enumeration",
            Kind::Triad => "triad",
        }
    }
}

/// One figure: its kind, the shared pattern (as word positions of its first member), its members
/// as word ranges, and a note (enumeration gaps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub kind: Kind,
    /// Word range of the shared words in the first member (the opening, ending, ordinal head).
    pub pattern: (usize, usize),
    /// Word ranges of the members (for anaphora and epistrophe, the shared words of each unit; for
    /// enumerations, the ordinal and its head; for triads, the three items).
    pub members: Vec<(usize, usize)>,
    pub note: String,
}

/// Options for finding figures.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub min_run: usize,
    pub stop_openings: bool,
    pub stop: &'a FxHashSet<u32>,
    /// Units as word ranges, in order.
    pub units: Vec<(usize, usize)>,
}

/// Units as word ranges: each sentence's words, or each paragraph's.
pub fn units(doc: &Document, words: &Words, paragraphs: bool) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut para_of_sentence = vec![0u32; doc.sentences.len()];
    for (p, para) in doc.paragraphs.iter().enumerate() {
        for s in para.sentences.range() {
            para_of_sentence[s] = p as u32;
        }
    }
    let key = |i: usize| {
        let s = words.sentences[i];
        if paragraphs { para_of_sentence[s as usize] } else { s }
    };
    let mut start = 0;
    for i in 1..=words.len() {
        if i == words.len() || key(i) != key(start) {
            if i > start {
                out.push((start, i));
            }
            start = i;
        }
    }
    out
}

pub fn find(doc: &Document, words: &Words, vocab: &rhetor_doc::Vocabulary, o: &Options<'_>) -> Vec<Figure> {
    let mut out = Vec::new();
    runs(words, o, false, &mut out);
    runs(words, o, true, &mut out);
    enumerations(doc, words, vocab, o, &mut out);
    let conjunctions = ["and", "or"].map(|c| vocab.get(c).map_or(u32::MAX, |f| f.0));
    triads(doc, words, o, conjunctions, &mut out);
    out.sort_by_key(|f| (f.members[0].0, f.kind, std::cmp::Reverse(f.pattern.1 - f.pattern.0)));
    out
}

/// Anaphora (`from_end = false`) or epistrophe runs.
fn runs(words: &Words, o: &Options<'_>, from_end: bool, out: &mut Vec<Figure>) {
    let f = &words.forms;
    // The k shared words of unit u, as a word range.
    let edge = |u: (usize, usize), k: usize| if from_end { (u.1 - k, u.1) } else { (u.0, u.0 + k) };
    let same = |a: (usize, usize), b: (usize, usize), k: usize| {
        a.1 - a.0 >= k && b.1 - b.0 >= k && {
            let (x, y) = (edge(a, k), edge(b, k));
            f[x.0..x.1] == f[y.0..y.1]
        }
    };
    let mut covered = vec![false; o.units.len()];
    let kind = if from_end { Kind::Epistrophe } else { Kind::Anaphora };
    for k in (1..=4).rev() {
        let mut i = 0;
        while i < o.units.len() {
            let mut j = i;
            while j + 1 < o.units.len() && same(o.units[i], o.units[j + 1], k) {
                j += 1;
            }
            let run = j + 1 - i;
            // Whole units said again ("Welcome. Welcome.") are an anaphora, not also an epistrophe.
            let whole = from_end && o.units[i..=j].iter().all(|u| u.1 - u.0 == k);
            if run >= o.min_run.max(2) && !whole && covered[i..=j].iter().any(|c| !c) {
                let pattern = edge(o.units[i], k);
                let stop_only = f[pattern.0..pattern.1].iter().all(|w| o.stop.contains(w));
                let allowed = !stop_only || o.stop_openings || (k >= 2 && run >= 3);
                if allowed {
                    covered[i..=j].iter_mut().for_each(|c| *c = true);
                    let members = o.units[i..=j].iter().map(|&u| edge(u, k)).collect();
                    out.push(Figure { kind, pattern, members, note: String::new() });
                }
            }
            i = j + 1;
        }
    }
}

const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The number an ordinal word stands for: "second", "secondly", "2nd" → 2.
fn ordinal(form: &str) -> Option<u32> {
    let base = form.strip_suffix("ly").unwrap_or(form);
    if let Some(i) = ORDINALS.iter().position(|o| *o == base) {
        return Some(i as u32 + 1);
    }
    let digits = form.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &form[digits.len()..];
    let n: u32 = digits.parse().ok()?;
    let want = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    (suffix == want && n > 0).then_some(n)
}

fn enumerations(doc: &Document, words: &Words, vocab: &rhetor_doc::Vocabulary, o: &Options<'_>, out: &mut Vec<Figure>) {
    // (unit, number, head form or u32::MAX, word range of ordinal + head)
    let mut items: Vec<(u32, u32, (usize, usize))> = Vec::new();
    for &(a, b) in &o.units {
        let t0 = doc.tokens[words.tokens[a] as usize];
        // A list number: "1." or "2)" opening the unit.
        if t0.kind == TokenKind::Number {
            let next = doc.tokens.get(words.tokens[a] as usize + 1);
            let marker = next.is_some_and(|n| n.start == t0.end && matches!(&doc.text[n.span().range()], "." | ")"));
            if let (true, Ok(n)) = (marker, doc.text[t0.span().range()].parse::<u32>()) {
                items.push((n, u32::MAX - 1, (a, a + 1)));
                continue;
            }
        }
        for p in a..b.min(a + 3) {
            if let Some(n) = ordinal(vocab.form(rhetor_doc::FormId(words.forms[p]))) {
                // The head: the next word when no punctuation comes between.
                let next_tok = words.tokens[p] as usize + 1;
                let head = (p + 1 < b && words.tokens[p + 1] as usize == next_tok).then(|| words.forms[p + 1]);
                let end = if head.is_some() { p + 2 } else { p + 1 };
                items.push((n, head.unwrap_or(u32::MAX), (p, end)));
                break;
            }
        }
    }
    // Chains per head, in document order, numbers rising.
    let mut heads: Vec<u32> = items.iter().map(|i| i.1).collect();
    heads.sort_unstable();
    heads.dedup();
    for head in heads {
        let mut chain: Vec<(u32, (usize, usize))> = Vec::new();
        let flush = |chain: &mut Vec<(u32, (usize, usize))>, out: &mut Vec<Figure>| {
            let ok = chain.len() >= 3 || (chain.len() == 2 && chain[0].0 == 1 && chain[1].0 == 2);
            if ok {
                let last = chain.last().map_or(0, |c| c.0);
                let present: FxHashSet<u32> = chain.iter().map(|c| c.0).collect();
                let missing: Vec<String> = (1..last).filter(|n| !present.contains(n)).map(|n| n.to_string()).collect();
                let note = if missing.is_empty() { String::new() } else { format!("missing {}", missing.join(", ")) };
                out.push(Figure {
                    kind: Kind::Enumeration,
                    pattern: chain[0].1,
                    members: chain.iter().map(|c| c.1).collect(),
                    note,
                });
            }
            chain.clear();
        };
        for &(n, h, range) in &items {
            if h != head {
                continue;
            }
            if chain.last().is_some_and(|c| c.0 >= n) {
                flush(&mut chain, out);
            }
            chain.push((n, range));
        }
        flush(&mut chain, out);
    }
}

/// `conjunctions`: the form ids of "and" and "or" (u32::MAX when the corpus has none).
fn triads(doc: &Document, words: &Words, o: &Options<'_>, conjunctions: [u32; 2], out: &mut Vec<Figure>) {
    let w = words;
    let n = w.len();
    // Punctuation between word p and word p + 1: the token after word p is not word p + 1.
    let gap = |p: usize| p + 1 >= n || w.tokens[p + 1] != w.tokens[p] + 1 || w.sentences[p + 1] != w.sentences[p];
    let comma_after = |p: usize| {
        let t = w.tokens[p] as usize + 1;
        doc.tokens.get(t).is_some_and(|x| &doc.text[x.span().range()] == ",")
    };
    for c in 1..n {
        if !conjunctions.contains(&w.forms[c]) {
            continue;
        }
        // B ends at c − 1 (with or without an Oxford comma) and starts after a comma.
        let b_end = c;
        let mut b_start = c;
        while b_start > 0 && b_start + 4 > b_end && !gap(b_start - 1) {
            b_start -= 1;
        }
        if b_start == 0 || b_start == b_end || !comma_after(b_start - 1) {
            continue;
        }
        // An Oxford comma is a gap before the conjunction; otherwise B runs straight into it.
        if gap(b_end - 1) && !comma_after(b_end - 1) {
            continue;
        }
        let len = b_end - b_start;
        if len > 4 || b_start < len || w.sentences[b_start - len] != w.sentences[c] {
            continue;
        }
        let a = (b_start - len, b_start);
        let cc = (c + 1, c + 1 + len);
        if cc.1 > n || w.sentences[cc.1 - 1] != w.sentences[c] {
            continue;
        }
        let inner_gap = |r: (usize, usize)| (r.0..r.1 - 1).any(gap);
        if inner_gap(a) || inner_gap(cc) || gap(c) || inner_gap((b_start, b_end)) {
            continue;
        }
        // C ends the list: punctuation, the sentence's end or a stop word follows ("… and unity.",
        // "… and unity are"), not more of a noun phrase ("… and industrial establishments").
        let after = cc.1;
        if !(gap(after - 1) || o.stop.contains(&w.forms[after])) {
            continue;
        }
        // No comma before A: a longer list.
        if a.0 > 0 && w.sentences[a.0 - 1] == w.sentences[a.0] && comma_after(a.0 - 1) {
            continue;
        }
        let items = [a, (b_start, b_end), cc];
        let forms = |r: (usize, usize)| &w.forms[r.0..r.1];
        let same_first = items.iter().all(|r| w.forms[r.0] == w.forms[a.0]);
        let same_last = items.iter().all(|r| w.forms[r.1 - 1] == w.forms[a.1 - 1]);
        let single_content = len == 1
            && items.iter().all(|r| {
                let t = doc.tokens[w.tokens[r.0] as usize];
                t.kind == TokenKind::Word && !o.stop.contains(&w.forms[r.0])
            })
            && forms(items[0]) != forms(items[1]);
        if same_first || same_last || single_content {
            out.push(Figure { kind: Kind::Triad, pattern: (a.0, cc.1), members: items.to_vec(), note: String::new() });
        }
    }
}
