//! Synthetic newspaper pages: real texts laid out the way a PDF text dump of a newspaper comes out,
//! by a small deterministic generator whose recipes are written out below, and the `print` profile
//! asked to recover each article. None of the layouts is the seed's.
//!
//! Sources (in `tests/data`, see its README): three State of the Union addresses of 1790-1791
//! (public domain; first-person speeches) and two KCNA news items of January 2024 (CC0; third-person
//! reports). Each page is written to a temporary file and ingested alone (no other corpus evidence),
//! and each article's text after its lead is compared with its source by the word measure of the
//! ingest issue ([`rhetor_ingest::measure`]): recall and precision of the longest common
//! subsequence of words.
//!
//! What the generator does, as a dump does it:
//! - a masthead, then per article a headline and a lead that repeats it (a speech's lead ends
//!   "The following is the full text:");
//! - running heads ("Fri, January 8, 1790 Page 2", "Page 3 Fri, …" or a bare folio "Page 4"), one
//!   of them lost where a recipe says so;
//! - jump lines "SEE PAGE n" / "CONTINUED ON PAGE n" after a cut column and "FROM PAGE n" before its
//!   continuation;
//! - paragraphs cut by a column break: the cut falls before the first lower-case word after the
//!   given number of words (a break at a capitalised word leaves no trace in the text: the profile's
//!   documented limit) and the two parts are separate blocks;
//! - end-of-line hyphenation at a column break: a word of eight letters or more split in two with a
//!   hyphen;
//! - a narrow column beside a photo: a paragraph's first words as lines of at most fourteen
//!   characters, one block each, and a photo caption;
//! - two columns side by side (a report's and a speech's) read across by the extraction: their
//!   blocks interleaved by how far down the column each starts.
#![allow(clippy::print_stdout)] // the test prints its figures

mod common;

use rhetor_ingest::measure::{lcs, words as measure_words};
use rhetor_ingest::{IngestOptions, Ingested, Profile, ingest};
use std::path::PathBuf;

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

/// A source text: its paragraphs.
fn sotu(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(data(&format!("sotu-sample/speeches/{name}.txt"))).expect("sotu sample");
    text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect()
}

fn kcna(item: usize) -> Vec<String> {
    let text = std::fs::read_to_string(data("kcna-sample/kcna-sample.json")).expect("kcna sample");
    let items: serde_json::Value = serde_json::from_str(&text).expect("kcna json");
    let story = items[item]["story_text"].as_str().expect("story text");
    story.lines().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect()
}

/// Split a paragraph before the first word, from word `at` on, that starts in lower case and follows
/// a word without final punctuation (a column break inside a sentence). `None` when there is none.
fn cut(p: &str, at: usize) -> Option<(String, String)> {
    let w: Vec<&str> = p.split(' ').collect();
    let i = (at.max(1)..w.len()).find(|&i| {
        w[i].starts_with(|c: char| c.is_ascii_lowercase()) && !w[i - 1].ends_with(['.', '!', '?', ':', ';'])
    })?;
    Some((w[..i].join(" "), w[i..].join(" ")))
}

/// Split a paragraph inside the first word, from word `at` on, of eight lower-case letters or more,
/// with a line-end hyphen ("consti-" / "tution …").
fn hyphen_cut(p: &str, at: usize) -> Option<(String, String)> {
    let w: Vec<&str> = p.split(' ').collect();
    let i = (at..w.len()).find(|&i| w[i].len() >= 8 && w[i].bytes().all(|b| b.is_ascii_lowercase()))?;
    let (a, b) = w[i].split_at(w[i].len() / 2);
    let head = w[..i].iter().copied().chain([format!("{a}-").as_str()]).collect::<Vec<_>>().join(" ");
    let tail = [b].into_iter().chain(w[i + 1..].iter().copied()).collect::<Vec<_>>().join(" ");
    Some((head, tail))
}

/// A narrow column: the first `n` words of a paragraph as lines of at most fourteen characters
/// (a longer word alone), then the rest of the paragraph as one block.
fn narrow(p: &str, n: usize) -> Vec<String> {
    let w: Vec<&str> = p.split(' ').collect();
    let mut lines: Vec<String> = Vec::new();
    for word in w.iter().take(n) {
        match lines.last_mut() {
            Some(l) if l.len() + 1 + word.len() <= 14 => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push((*word).to_string()),
        }
    }
    if w.len() > n {
        lines.push(w[n..].join(" "));
    }
    lines
}

/// The dump being written: blocks separated by blank lines.
#[derive(Default)]
struct Dump(Vec<String>);

impl Dump {
    fn block(&mut self, s: impl Into<String>) {
        self.0.push(s.into());
    }

    fn blocks(&mut self, b: impl IntoIterator<Item = String>) {
        self.0.extend(b);
    }

    fn text(&self) -> String {
        self.0.join("\n\n") + "\n"
    }
}

/// Two columns side by side read across: each block placed by how many words of its column come
/// before it (its height), the left column first on a tie.
fn side_by_side(left: &[String], right: &[String]) -> Vec<String> {
    let heights = |c: &[String]| {
        let mut h = 0;
        c.iter()
            .map(|b| {
                let at = h;
                h += b.split(' ').count();
                at
            })
            .collect::<Vec<usize>>()
    };
    let mut all: Vec<(usize, usize, String)> = Vec::new();
    all.extend(heights(left).into_iter().zip(left).map(|(h, b)| (h, 0, b.clone())));
    all.extend(heights(right).into_iter().zip(right).map(|(h, b)| (h, 1, b.clone())));
    all.sort_by_key(|x| (x.0, x.1));
    all.into_iter().map(|x| x.2).collect()
}

/// An article of a page: its headline, lead and source paragraphs.
struct Article {
    headline: &'static str,
    lead: &'static str,
    source: Vec<String>,
}

fn washington_1790() -> Article {
    Article {
        headline: "President Washington Delivers First Annual Message to Congress",
        lead: "President George Washington delivered his first annual message to Congress in New York on Friday. \
               The following is the full text:",
        source: sotu("1790-Washington-1"),
    }
}

fn washington_1790_2() -> Article {
    Article {
        headline: "Second Annual Message of President Washington Read in Congress",
        lead: "The second annual message of President Washington was read in Congress in Philadelphia. The \
               following is the full text:",
        source: sotu("1790-Washington-2"),
    }
}

fn washington_1791() -> Article {
    Article {
        headline: "Washington Addresses Third Session of Congress",
        lead: "President Washington addresses the third session of Congress. The following is the full text:",
        source: sotu("1791-Washington-1"),
    }
}

fn personages_report() -> Article {
    Article {
        headline: "Leadership of Kim Jong Un Lauded by Foreign Personages",
        lead: "Foreign personages lauded the leadership of Kim Jong Un in their New Year messages.",
        source: kcna(13),
    }
}

fn banquets_report() -> Article {
    Article {
        headline: "Banquets Given in Celebration of New Year",
        lead: "Banquets were given in Pyongyang in celebration of the New Year.",
        source: kcna(7),
    }
}

const MASTHEAD: [&str; 4] = ["The Federal Gazette", "No. 7", "weekly", "Fri, January 8, 1790"];

fn masthead(d: &mut Dump) {
    d.blocks(MASTHEAD.iter().map(|s| s.to_string()));
}

fn headline(d: &mut Dump, a: &Article) {
    d.block(a.headline);
    d.block(a.lead);
}

/// Split paragraph `i` of `paras` with `f` (the recipe names a paragraph that has a place to cut).
fn split_at(paras: &[String], i: usize, f: impl Fn(&str) -> Option<(String, String)>) -> (String, String) {
    f(&paras[i]).expect("the recipe's paragraph has a place to cut")
}

/// Layout A, a broadsheet front page with two jumps: two speeches (both first person: no voice to
/// tell them apart) start on page 1 and are cut mid-sentence, the first "SEE PAGE 2", the second
/// "SEE PAGE 3"; each goes on after "FROM PAGE 1" on its page. On page 2 one paragraph is cut by a
/// column break, one hyphenated at a line end; on page 3 a paragraph starts in a narrow column
/// beside a photo with its caption.
fn layout_a() -> (String, Vec<Article>) {
    let (a, b) = (washington_1790(), washington_1790_2());
    let mut d = Dump::default();
    masthead(&mut d);
    headline(&mut d, &a);
    d.blocks(a.source[..3].iter().cloned());
    let (a_head, a_tail) = split_at(&a.source, 3, |p| cut(p, 12));
    d.block(a_head);
    d.block("SEE PAGE 2");
    headline(&mut d, &b);
    d.blocks(b.source[..2].iter().cloned());
    let (b_head, b_tail) = split_at(&b.source, 2, |p| cut(p, 15));
    d.block(b_head);
    d.block("SEE PAGE 3");
    d.block("Page 2 Fri, January 8, 1790");
    d.block("FROM PAGE 1");
    d.block(a_tail);
    for (i, p) in a.source.iter().enumerate().skip(4) {
        if i == 5 {
            let (h, t) = cut(p, 20).expect("a column break in paragraph 5");
            d.block(h);
            d.block(t);
        } else if i == 7 {
            let (h, t) = hyphen_cut(p, 10).expect("a hyphen in paragraph 7");
            d.block(h);
            d.block(t);
        } else {
            d.block(p.clone());
        }
    }
    d.block("Fri, January 8, 1790 Page 3");
    d.block("FROM PAGE 1");
    d.block(b_tail);
    for (i, p) in b.source.iter().enumerate().skip(3) {
        if i == 4 {
            d.blocks(narrow(p, 24));
            d.block("Federal Hall in New York Where the Congress Meets This Winter");
        } else {
            d.block(p.clone());
        }
    }
    (d.text(), vec![a, b])
}

/// Layout B, a speech and a report sharing a page: a speech starts on page 1 and its last
/// paragraph there is cut mid-sentence at the foot of the page, with no jump line; page 2's
/// running head is lost in the dump. On page 3 a report begins in the left columns while the
/// speech goes on (after "FROM PAGE 2") in the right ones; the extraction reads across, so the
/// report's and the speech's blocks alternate, each column's paragraphs cut where the column ends.
fn layout_b() -> (String, Vec<Article>) {
    let (s, r) = (washington_1791(), personages_report());
    let mut d = Dump::default();
    masthead(&mut d);
    headline(&mut d, &s);
    let first = 9;
    d.blocks(s.source[..first].iter().cloned());
    let (s_head, s_tail) = split_at(&s.source, first, |p| cut(p, 10));
    d.block(s_head);
    // Page 2 holds other news in the paper; here only its folio, lost: the speech's page-1 text is
    // continued "FROM PAGE 2" on page 3 as if page 2 ended where page 1 does.
    d.block("Page 3 Fri, January 8, 1790");
    headline(&mut d, &r);
    // The left column pair: the report; the right: the speech, its jump line at the top.
    let mut speech: Vec<String> = vec!["FROM PAGE 2".to_string(), s_tail];
    speech.extend(s.source[first + 1..].iter().cloned());
    let report: Vec<String> = r.source.clone();
    // Each column pair is cut after about 300 words of each side, the cut paragraph going on at the
    // top of the next pair.
    let columns = |paras: &[String], words: usize| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = vec![Vec::new()];
        let mut n = 0;
        for p in paras {
            let len = p.split(' ').count();
            if n + len > words && n < words {
                if let Some((h, t)) = cut(p, words - n) {
                    out.last_mut().expect("a column").push(h);
                    out.push(vec![t]);
                    n = out.last().map_or(0, |c| c[0].split(' ').count());
                    continue;
                }
            }
            if n >= words {
                out.push(Vec::new());
                n = 0;
            }
            out.last_mut().expect("a column").push(p.clone());
            n += len;
        }
        out
    };
    let left = columns(&report, 300);
    let right = columns(&speech, 300);
    for k in 0..left.len().max(right.len()) {
        let empty = Vec::new();
        d.blocks(side_by_side(left.get(k).unwrap_or(&empty), right.get(k).unwrap_or(&empty)));
    }
    (d.text(), vec![s, r])
}

/// Layout C, a tabloid with a back-page jump: a speech starts on page 1 and is cut with
/// "CONTINUED ON PAGE 4"; pages 2 and 3 (bare folios "Page 2", "Page 3") carry a report whose
/// sentence runs over the page break with no jump line (page 3 opens with its lower-case rest); the
/// speech goes on "FROM PAGE 1" on page 4, where a paragraph is hyphenated across a column break.
fn layout_c() -> (String, Vec<Article>) {
    let (s, r) = (washington_1790_2(), banquets_report());
    let mut d = Dump::default();
    masthead(&mut d);
    headline(&mut d, &s);
    d.blocks(s.source[..4].iter().cloned());
    let (s_head, s_tail) = split_at(&s.source, 4, |p| cut(p, 8));
    d.block(s_head);
    d.block("CONTINUED ON PAGE 4");
    d.block("Page 2");
    headline(&mut d, &r);
    let half = r.source.len() / 2;
    d.blocks(r.source[..half].iter().cloned());
    let (r_head, r_tail) = split_at(&r.source, half, |p| cut(p, 10));
    d.block(r_head);
    d.block("Page 3");
    d.block(r_tail);
    d.blocks(r.source[half + 1..].iter().cloned());
    d.block("Page 4 Fri, January 8, 1790");
    d.block("FROM PAGE 1");
    d.block(s_tail);
    for (i, p) in s.source.iter().enumerate().skip(5) {
        if i == 6 {
            let (h, t) = hyphen_cut(p, 6).expect("a hyphen in paragraph 6");
            d.block(h);
            d.block(t);
        } else {
            d.block(p.clone());
        }
    }
    (d.text(), vec![s, r])
}

/// Ingest a generated page alone with the print profile.
fn ingest_page(name: &str, text: &str) -> (PathBuf, Ingested) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("print-synthetic-{name}.txt"));
    std::fs::write(&path, text).expect("write the page");
    let options = IngestOptions { profile: Profile::Print, ..IngestOptions::default() };
    match ingest(std::slice::from_ref(&path), &options) {
        Ok(i) => (path, i),
        Err(e) => panic!("{name}: {e}"),
    }
}

/// Recall and precision of each article against its source; the figures printed.
fn measure(name: &str, text: &str, articles: &[Article]) -> Vec<(f64, f64)> {
    let (_, ingested) = ingest_page(name, text);
    let (files, _) = common::check_provenance(&ingested);
    assert_eq!(files, 1, "{name}: every byte accounted for");
    articles
        .iter()
        .map(|a| {
            let doc = ingested
                .corpus
                .documents
                .iter()
                .find(|d| d.meta.title.as_deref() == Some(a.headline))
                .unwrap_or_else(|| panic!("{name}: no article {:?}", a.headline));
            let body = doc.text.find(a.lead).map_or(doc.text.as_str(), |i| &doc.text[i + a.lead.len()..]);
            let (want, got) = (measure_words(&a.source.join("\n\n")), measure_words(body));
            let l = lcs(&want, &got);
            let (recall, precision) = (l as f64 / want.len() as f64, l as f64 / got.len().max(1) as f64);
            println!("{name}: {}: recall {:.2}%, precision {:.2}%", a.headline, recall * 100.0, precision * 100.0);
            (recall, precision)
        })
        .collect()
}

/// The thresholds the synthetic articles must reach: those the issue sets for the seed's closing
/// speech (recall 99%, precision 96%). Layouts A, B and C measure 100% recall and precision for all
/// six articles.
const RECALL: f64 = 0.99;
const PRECISION: f64 = 0.96;

#[test]
fn two_speeches_with_jump_lines_to_different_pages() {
    let (text, articles) = layout_a();
    for (r, p) in measure("layout-a", &text, &articles) {
        assert!(r >= RECALL && p >= PRECISION, "layout A: recall {r}, precision {p}");
    }
}

/// Whole paragraphs of a speech and a report alternate, many with no voice of their own: they are
/// placed by the order of the two columns read across (rule 3 of the profile). Measured: speech
/// recall 100.00%, precision 100.00%; report recall 100.00%, precision 100.00% (before that rule,
/// and before tails stopped carrying the voice of the block before them: 58.11% / 84.06% and
/// 77.40% / 31.14%). The jump and the lost page head are undone too.
#[test]
fn speech_and_report_read_across_side_by_side_columns() {
    let (text, articles) = layout_b();
    for (r, p) in measure("layout-b", &text, &articles) {
        assert!(r >= RECALL && p >= PRECISION, "layout B: recall {r}, precision {p}");
    }
}

#[test]
fn back_page_jump_and_a_sentence_over_a_page_break() {
    let (text, articles) = layout_c();
    for (r, p) in measure("layout-c", &text, &articles) {
        assert!(r >= RECALL && p >= PRECISION, "layout C: recall {r}, precision {p}");
    }
}

/// The generator is deterministic: the same page twice.
#[test]
fn the_layouts_are_deterministic() {
    assert_eq!(layout_a().0, layout_a().0);
    assert_eq!(layout_b().0, layout_b().0);
    assert_eq!(layout_c().0, layout_c().0);
}
