//! The `web` profile: an agency's web archive item.
//!
//! - Dateline: "Pyongyang, January 2 (KCNA) -- " at the start → metadata `dateline` (a place of one to
//!   four capitalized words, a month and a day, an agency in parentheses, a double dash).
//! - End marker: a final "-0-" dropped.
//! - Glued names: a configured leader name ("Kim Jong Un") glued to the word before it
//!   ("ComradeKim Jong Un") or after it ("Kim Jong Uninvited") is separated by a space. After the
//!   name, the split is made only when the rest is a word the corpus attests in lower case
//!   ("invited", "to"), or has three letters or more and is no derivation of the name ("-ism"):
//!   "Kim Jong Ununrolled" → "unrolled", while "Kim Jong Unit" stays.
//!   A name glued to a digit before it ("August 4Kim Jong Un") is separated too. The log shows each split.
//! - Whitespace and NFC as in the transcript profile; paragraphs are the lines.

use crate::clean::evidence::Evidence;
use crate::clean::inline::{nfc, whitespace};
use crate::clean::{Article, Passes};
use crate::log::Log;
use crate::mapped::Mapped;

/// Length in bytes of an agency dateline at the start of `text`, if there is one.
pub fn dateline_len(text: &str) -> Option<usize> {
    let mut end = text.len().min(120);
    while !text.is_char_boundary(end) {
        end -= 1; // never past 0, a boundary
    }
    let head = &text[..end];
    let paren = head.find(" (")?;
    let close = head[paren..].find(") -- ")? + paren;
    let agency = &head[paren + 2..close];
    if agency.is_empty() || !agency.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let (place, date) = head[..paren].rsplit_once(", ")?;
    let place_ok = (1..=4).contains(&place.split_whitespace().count())
        && place.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let mut d = date.split_whitespace();
    let month_ok = d.next().is_some_and(|m| m.chars().next().is_some_and(char::is_uppercase));
    let day_ok = d.next().is_some_and(|n| n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit())) && d.next().is_none();
    (place_ok && month_ok && day_ok).then_some(close + 5)
}

pub fn clean(m: &Mapped, ev: &Evidence, names: &[String], passes: &Passes, log: &mut Log) -> Article {
    let mut art = Article::default();
    let mut m = m.clone();
    if passes.dateline {
        if let Some(n) = dateline_len(&m.text) {
            let (a, b) = m.src_span(0, n);
            log.metadata("web", "agency dateline", a, b, "dateline");
            art.extra.insert("dateline".into(), m.text[..n - 4].to_string());
            m = m.slice(n, m.len());
        }
        let trimmed = m.text.trim_end();
        if let Some(body) = trimmed.strip_suffix("-0-") {
            let cut = body.trim_end().len();
            let (a, b) = m.src_span(cut, m.len());
            log.drop("web", "end marker -0-", a, b, "");
            m = m.slice(0, cut);
        }
    }
    if passes.names {
        m = glued_names(&m, ev, names, log);
    }
    // Paragraphs are lines: each line a paragraph, separated by blank lines in the text.
    let mut out = Mapped::default();
    let mut pos = 0;
    let text = m.text.clone();
    for line in text.split('\n') {
        let start = pos;
        pos += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if pos <= text.len() {
                let (a, b) = m.src_span(start, pos.min(text.len()));
                if b > a && !out.is_empty() {
                    out.push_replaced("", (a, b));
                } else if b > a {
                    log.drop("blocks", "blank line", a, b, "");
                }
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let mut para = m.slice(start + lead, start + lead + trimmed.len());
        if passes.whitespace {
            para = whitespace(para, log);
        }
        if passes.nfc {
            para = nfc(para, log);
        }
        if lead > 0 {
            out.push_replaced("", m.src_span(start, start + lead));
        }
        out.push_mapped(&para);
        let end = start + lead + trimmed.len();
        let (a, b) = m.src_span(end, pos.min(text.len()));
        out.push_replaced(if pos <= text.len() { "\n\n" } else { "\n" }, (a, b));
    }
    art.text = out;
    art
}

/// Whether lower-case letters right after a name are a word glued to it: the corpus writes that word
/// in lower case, or it has three letters or more and is no derivation of the name (-ism, -ist,
/// -ite, -ian). (A name never goes on in lower case, so the doubt is only about short rests.)
fn glued_after(rest: &str, ev: &Evidence) -> bool {
    let derivation = ["ism", "ist", "ite", "ian"].iter().any(|s| rest.starts_with(s));
    ev.is_word(rest) || (rest.chars().count() >= 3 && !derivation)
}

fn glued_names(m: &Mapped, ev: &Evidence, names: &[String], log: &mut Log) -> Mapped {
    let t = &m.text;
    let mut inserts: Vec<usize> = Vec::new();
    for name in names.iter().filter(|n| !n.is_empty()) {
        let mut from = 0;
        while let Some(i) = t[from..].find(name.as_str()) {
            let at = from + i;
            let end = at + name.len();
            from = end;
            if t[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
                inserts.push(at);
            }
            let rest: String = t[end..].chars().take_while(|c| c.is_alphabetic()).collect();
            if rest.chars().next().is_some_and(char::is_lowercase) && glued_after(&rest, ev) {
                inserts.push(end);
            }
        }
    }
    inserts.sort_unstable();
    inserts.dedup();
    for &i in &inserts {
        let (a, _) = m.src_span(i, i);
        let ctx_a = t[..i].char_indices().rev().nth(7).map_or(0, |(k, _)| k);
        let ctx_b = t[i..].char_indices().nth(8).map_or(t.len(), |(k, _)| i + k);
        log.replace("names", &format!("glued name separated: \"{}\"", &t[ctx_a..ctx_b]), a, a, "", " ");
    }
    m.rewrite(inserts.iter().map(|&i| (i, i, " ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::evidence::Wanted;

    #[test]
    fn dateline_end_marker_and_glued_names() {
        let src = "Pyongyang, January 2 (KCNA) -- ComradeKim Jong Uninvited them.\nHe spoke byKim Jong Unto all. \
                   On August 4Kim Jong Ununrolled it. -0-";
        let ev = crate::clean::evidence_rounds::gather(
            ["he invited them to all"].into_iter(),
            std::iter::empty(),
            &Wanted::default(),
        );
        let mut log = Log::new("t", src.as_bytes());
        let names = vec!["Kim Jong Un".to_string()];
        let a = clean(&Mapped::verbatim(src, 0), &ev, &names, &Passes::default(), &mut log);
        assert_eq!(a.extra["dateline"], "Pyongyang, January 2 (KCNA)");
        assert_eq!(
            a.text.text,
            "Comrade Kim Jong Un invited them.\n\nHe spoke by Kim Jong Un to all. On August 4 Kim Jong Un unrolled it.\n"
        );
        assert_eq!(dateline_len("In Pyongyang (KCNA) -- x"), None);
    }

    #[test]
    fn names_not_glued_are_left_alone() {
        let src = "Kim Jong Un's visit. Kim Jong Unit, Kim Jong Unism";
        let ev = crate::clean::evidence_rounds::gather(["visit"].into_iter(), std::iter::empty(), &Wanted::default());
        let mut log = Log::new("t", src.as_bytes());
        let a = clean(&Mapped::verbatim(src, 0), &ev, &["Kim Jong Un".to_string()], &Passes::default(), &mut log);
        assert_eq!(a.text.text, "Kim Jong Un's visit. Kim Jong Unit, Kim Jong Unism\n");
    }
}
