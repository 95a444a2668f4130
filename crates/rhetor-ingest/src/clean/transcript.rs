//! The `transcript` profile: a clean text with, perhaps, a title line, an editorial note, headings and
//! a signature with a date at the end.
//!
//! - Title line: the first paragraph, when it is one line of at most 20 words without final
//!   punctuation and at least two paragraphs follow → metadata `title_line`.
//! - Editorial note: the paragraph after the title line, when it has ten words or more and the
//!   paragraph after it is a heading (at most six words, no final punctuation) → metadata `note`.
//! - Signature and date: a last paragraph of one or two lines, each a name (two to four capitalized
//!   words) or a date (a month name and a four-digit year, at most six words) → metadata
//!   `signature` and `signed_date`.
//!
//! Headings stay in the text, where the document model makes them sections.

use crate::clean::blocks::{Block, MONTHS, ends_unfinished, is_page_date, split_blocks};
use crate::clean::inline::{nfc, whitespace};
use crate::clean::scan::words;
use crate::clean::{Article, Passes};
use crate::log::Log;
use crate::mapped::Mapped;

fn is_heading(s: &str) -> bool {
    let n = words(s).count();
    (1..=6).contains(&n) && ends_unfinished(s) && !s.contains(',') && !s.contains('\n')
}

fn is_name_line(s: &str) -> bool {
    let ws: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&ws.len())
        && ws.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
}

fn is_date_line(s: &str) -> bool {
    let n = s.split_whitespace().count();
    n <= 6
        && (MONTHS.iter().any(|m| s.contains(m)) && s.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
            || is_page_date(s))
}

pub fn clean(m: Mapped, passes: &Passes, log: &mut Log) -> Article {
    let (lead, mut blocks) = split_blocks(&m);
    let mut art = Article::default();
    let mut keep = vec![true; blocks.len()];
    if passes.transcript_metadata && blocks.len() >= 3 {
        let first = &blocks[0].text.text;
        if !first.contains('\n') && words(first).count() <= 20 && ends_unfinished(first) && !first.ends_with(',') {
            to_meta(&blocks[0], "title_line", "title line", &mut art, log);
            art.title = Some(first.clone());
            keep[0] = false;
            let note = &blocks[1].text.text;
            if words(note).count() >= 10 && is_heading(&blocks[2].text.text) {
                to_meta(&blocks[1], "note", "editorial note", &mut art, log);
                keep[1] = false;
            }
        }
        let last = blocks.len() - 1;
        let lines: Vec<&str> = blocks[last].text.text.lines().collect();
        if lines.len() <= 2 && keep[last] {
            let kinds: Vec<Option<&str>> = lines
                .iter()
                .map(|l| {
                    if is_date_line(l) {
                        Some("signed_date")
                    } else if is_name_line(l) {
                        Some("signature")
                    } else {
                        None
                    }
                })
                .collect();
            if kinds.iter().all(Option::is_some) && kinds.contains(&Some("signature")) {
                let b = &blocks[last];
                let (a, _) = b.text.src_extent();
                log.metadata(
                    "transcript",
                    "signature and date lines",
                    a,
                    b.gap.1.max(b.text.src_extent().1),
                    "signature",
                );
                for (l, k) in lines.iter().zip(kinds) {
                    art.extra.insert(k.unwrap_or("signature").to_string(), (*l).to_string());
                }
                keep[last] = false;
            }
        }
    }
    let needs_change = |b: &Block| {
        let t = &b.text.text;
        passes.whitespace
            && (memchr::memchr3(b'\n', b'\t', 0xC2, t.as_bytes()).is_some()
                || memchr::memchr2(0xE2, 0xE3, t.as_bytes()).is_some()
                || memchr::memmem::find(t.as_bytes(), b"  ").is_some())
            || passes.nfc && !t.is_ascii()
    };
    if keep.iter().all(|&k| k) && !blocks.iter().any(needs_change) {
        // Nothing to change: the text as decoded, leading whitespace and all.
        art.text = m;
        return art;
    }
    if lead.1 > lead.0 {
        log.drop("blocks", "whitespace before the first paragraph", lead.0, lead.1, "");
    }
    art.text = Mapped::with_capacity(m.len(), 2 * blocks.len());
    for (i, b) in blocks.iter_mut().enumerate() {
        if !keep[i] {
            continue;
        }
        if passes.whitespace {
            b.text = whitespace(std::mem::take(&mut b.text), log);
        }
        if passes.nfc {
            b.text = nfc(std::mem::take(&mut b.text), log);
        }
        art.text.push_mapped(&b.text);
        art.text.push_slice(&m, b.gap_range.0, b.gap_range.1);
    }
    art
}

fn to_meta(b: &Block, field: &str, what: &str, art: &mut Article, log: &mut Log) {
    let (a, e) = b.text.src_extent();
    log.metadata("transcript", what, a, b.gap.1.max(e), field);
    art.extra.insert(field.to_string(), b.text.text.split_whitespace().collect::<Vec<_>>().join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_note_and_signature_become_metadata_headings_stay() {
        let src = "Opening and Closing Speeches\n\nText of the speeches delivered by Kim Jong Un to the conference, \
                   as translated by KCNA.\n\nOpening Speech\n\nDear comrades,\n\nWe meet.\n\nKim Jong Un\nFriday, April 9, 2021";
        let mut log = Log::new("t", src.as_bytes());
        let a = clean(Mapped::verbatim(src, 0), &Passes::default(), &mut log);
        assert_eq!(a.title.as_deref(), Some("Opening and Closing Speeches"));
        assert_eq!(a.text.text, "Opening Speech\n\nDear comrades,\n\nWe meet.\n\n");
        assert_eq!(a.extra["signature"], "Kim Jong Un");
        assert_eq!(a.extra["signed_date"], "Friday, April 9, 2021");
        assert!(a.extra["note"].starts_with("Text of the speeches"));
    }

    #[test]
    fn a_plain_speech_is_left_alone() {
        let src = "Fellow-Citizens of the Senate:\n\nI embrace the opportunity.\n\nThank you.\n";
        let mut log = Log::new("t", src.as_bytes());
        let a = clean(Mapped::verbatim(src, 0), &Passes::default(), &mut log);
        assert_eq!(a.text.text, src);
        assert!(a.extra.is_empty() && log.entries.is_empty());
    }
}
