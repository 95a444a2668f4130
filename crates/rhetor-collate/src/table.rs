//! The alignment table of several witnesses against a base, in CollateX's layout: columns of
//! segments, each witness's cell the tokens it has there (or none). Base tokens give the columns;
//! a witness's replacement for base tokens sits in their column, its insertions in a column of
//! their own. Consecutive columns are merged into one segment while every witness keeps the same
//! relation to the base (matching, or inside the same variant).
//!
//! Rendered as CollateX's plain-text table, CollateX JSON (`{"witnesses", "table"}`), CSV (a row
//! per segment) and TEI parallel segmentation (`<app><rdg wit="#…">`).

use crate::align::Step;
use crate::witness::Witness;
use std::fmt::Write as _;

/// A witness's relation to one base column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Match,
    /// Inside variant `n` of this witness (replaced or omitted base tokens).
    Gap(usize),
}

/// The table: per segment, per witness (base first), token indices.
#[derive(Debug, Clone)]
pub struct Table<'w> {
    pub witnesses: Vec<&'w Witness>,
    pub segments: Vec<Vec<Option<Vec<usize>>>>,
}

impl<'w> Table<'w> {
    /// Build from the base and, per other witness, its alignment steps against the base.
    pub fn build(base: &'w Witness, others: &[(&'w Witness, Vec<Step>)]) -> Table<'w> {
        let n = base.tokens.len();
        let k = others.len();
        // Per base column and witness: tokens and relation; per insertion slot (before base column
        // i, i = n for the end) and witness: tokens.
        let mut cells: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); k]; n];
        let mut rel: Vec<Vec<Rel>> = vec![vec![Rel::Match; k]; n];
        let mut inserted: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); k]; n + 1];
        // A run of unmatched tokens before base column `next`: replaced (or omitted) base tokens
        // take the witness's tokens in their first column; with no base tokens, an insertion.
        let mut flush = |w: usize,
                         left: &mut Vec<usize>,
                         right: &mut Vec<usize>,
                         next: usize,
                         gap: &mut usize,
                         cells: &mut Vec<Vec<Vec<usize>>>| {
            if left.is_empty() {
                inserted[next][w].append(right);
                return;
            }
            *gap += 1;
            for &i in left.iter() {
                rel[i][w] = Rel::Gap(*gap);
            }
            cells[left[0]][w].append(right);
            left.clear();
        };
        for (w, (_, steps)) in others.iter().enumerate() {
            let mut gap = 0;
            let (mut left, mut right): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
            for s in steps {
                match *s {
                    Step::Match(i, j) => {
                        flush(w, &mut left, &mut right, i, &mut gap, &mut cells);
                        cells[i][w].push(j);
                    }
                    Step::Left(i) => left.push(i),
                    Step::Right(j) => right.push(j),
                }
            }
            flush(w, &mut left, &mut right, n, &mut gap, &mut cells);
        }
        let mut segments: Vec<Vec<Option<Vec<usize>>>> = Vec::new();
        let mut last_rel: Option<&Vec<Rel>> = None;
        for i in 0..=n {
            if inserted[i].iter().any(|c| !c.is_empty()) {
                let mut seg = vec![None];
                seg.extend(inserted[i].iter().map(|c| (!c.is_empty()).then(|| c.clone())));
                segments.push(seg);
                last_rel = None;
            }
            if i == n {
                break;
            }
            let merge = last_rel == Some(&rel[i]);
            if merge {
                let seg = segments.last_mut().expect("a segment to extend");
                seg[0].get_or_insert_with(Vec::new).push(i);
                for (w, c) in cells[i].iter().enumerate() {
                    if !c.is_empty() {
                        seg[w + 1].get_or_insert_with(Vec::new).extend(c);
                    }
                }
            } else {
                let mut seg = vec![Some(vec![i])];
                seg.extend(cells[i].iter().map(|c| (!c.is_empty()).then(|| c.clone())));
                segments.push(seg);
            }
            last_rel = Some(&rel[i]);
        }
        let mut witnesses = vec![base];
        witnesses.extend(others.iter().map(|(w, _)| *w));
        Table { witnesses, segments }
    }

    /// The text of witness `w`'s cell in segment `s` (its tokens joined as in its text), if any.
    pub fn cell_text(&self, s: usize, w: usize) -> Option<String> {
        let toks = self.segments[s][w].as_ref()?;
        let wit = self.witnesses[w];
        let words: Vec<&str> = toks.iter().map(|&t| wit.token_text(t)).collect();
        Some(join(wit, toks, &words))
    }

    /// The normalized forms of witness `w`'s cell in segment `s`: what agreement is judged on.
    fn cell_norm(&self, s: usize, w: usize) -> Option<Vec<&str>> {
        let wit = self.witnesses[w];
        self.segments[s][w].as_ref().map(|toks| toks.iter().map(|&t| wit.tokens[t].norm.as_str()).collect())
    }

    /// Whether the witnesses' readings of segment `s` differ (by normalized form).
    fn differs(&self, s: usize) -> bool {
        let first = self.cell_norm(s, 0);
        (1..self.witnesses.len()).any(|w| self.cell_norm(s, w) != first)
    }

    /// CollateX's plain-text table.
    pub fn plain(&self) -> String {
        let cells: Vec<Vec<String>> = (0..self.witnesses.len())
            .map(|w| (0..self.segments.len()).map(|s| self.cell_text(s, w).unwrap_or_else(|| "-".into())).collect())
            .collect();
        let idw = self.witnesses.iter().map(|w| w.id.chars().count()).max().unwrap_or(1);
        let widths: Vec<usize> =
            (0..self.segments.len()).map(|s| cells.iter().map(|r| r[s].chars().count()).max().unwrap_or(1)).collect();
        let rule = {
            let mut r = format!("+{}+", "-".repeat(idw + 2));
            for w in &widths {
                r.push_str(&"-".repeat(w + 2));
                r.push('+');
            }
            r
        };
        let mut out = rule.clone() + "\n";
        for (w, row) in cells.iter().enumerate() {
            let _ = write!(out, "| {:<idw$} |", self.witnesses[w].id);
            for (c, width) in row.iter().zip(&widths) {
                let _ = write!(out, " {c:<width$} |");
            }
            out.push('\n');
        }
        out + &rule + "\n"
    }

    /// TEI parallel segmentation: agreeing segments as text, the others as `<app>` with one `<rdg>`
    /// per distinct reading.
    pub fn tei(&self) -> String {
        let mut out = String::from("<p>");
        for s in 0..self.segments.len() {
            let readings: Vec<Option<String>> = (0..self.witnesses.len()).map(|w| self.cell_text(s, w)).collect();
            if !self.differs(s) {
                let _ = write!(out, "{} ", xml(readings[0].as_deref().unwrap_or("")));
                continue;
            }
            out.push_str("<app>");
            let mut done: Vec<&Option<String>> = Vec::new();
            for r in &readings {
                if done.contains(&r) {
                    continue;
                }
                done.push(r);
                let wits: Vec<String> = readings
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| *x == r)
                    .map(|(w, _)| format!("#{}", xml(&self.witnesses[w].id)))
                    .collect();
                let _ = write!(out, "<rdg wit=\"{}\">{}</rdg>", wits.join(" "), xml(r.as_deref().unwrap_or("")));
            }
            out.push_str("</app> ");
        }
        out.trim_end().to_string() + "</p>\n"
    }

    /// CollateX's JSON alignment table: `{"witnesses": [ids], "table": [per witness: [per segment:
    /// null or [{"t", "n"}]]]}` (token text and normalized form).
    pub fn collatex_json(&self) -> serde_json::Value {
        let table: Vec<serde_json::Value> = self
            .witnesses
            .iter()
            .enumerate()
            .map(|(w, wit)| {
                let cells = self.segments.iter().map(|seg| match &seg[w] {
                    None => serde_json::Value::Null,
                    Some(toks) => toks
                        .iter()
                        .map(|&t| serde_json::json!({"t": wit.token_text(t), "n": wit.tokens[t].norm}))
                        .collect(),
                });
                cells.collect()
            })
            .collect();
        let ids: Vec<&str> = self.witnesses.iter().map(|w| w.id.as_str()).collect();
        serde_json::json!({ "witnesses": ids, "table": table })
    }

    /// A self-contained HTML page: a row per segment, a column per witness, the segments where the
    /// witnesses differ highlighted (and a cell a witness lacks marked as a gap).
    pub fn html(&self) -> String {
        let ids: Vec<String> = self.witnesses.iter().map(|w| xml(&w.id)).collect();
        let mut out = String::from(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>collation</title><style>\
             body{font:14px/1.45 system-ui,sans-serif;margin:16px}table{border-collapse:collapse}\
             td,th{border:1px solid #ddd;padding:3px 8px;vertical-align:top;text-align:left}\
             tr.var td{background:#fff3c4}td.gap{background:#f4d6d6;color:#999}</style></head><body>",
        );
        let _ = write!(out, "<h1>Collation of {}</h1><table><thead><tr><th>#</th>", ids.join(", "));
        for id in &ids {
            let _ = write!(out, "<th>{id}</th>");
        }
        out.push_str("</tr></thead><tbody>");
        for s in 0..self.segments.len() {
            let readings: Vec<Option<String>> = (0..self.witnesses.len()).map(|w| self.cell_text(s, w)).collect();
            let _ = write!(out, "<tr{}><td>{}</td>", if self.differs(s) { " class=\"var\"" } else { "" }, s + 1);
            for r in &readings {
                match r {
                    Some(t) => {
                        let _ = write!(out, "<td>{}</td>", xml(t));
                    }
                    None => out.push_str("<td class=\"gap\">–</td>"),
                }
            }
            out.push_str("</tr>");
        }
        out + "</tbody></table></body></html>\n"
    }

    /// A row per segment, a column per witness.
    pub fn rows(&self) -> Vec<Vec<String>> {
        (0..self.segments.len())
            .map(|s| (0..self.witnesses.len()).map(|w| self.cell_text(s, w).unwrap_or_default()).collect())
            .collect()
    }
}

/// Tokens joined with a space where their text has whitespace between them.
fn join(w: &Witness, toks: &[usize], words: &[&str]) -> String {
    let mut out = String::new();
    for (k, (&t, word)) in toks.iter().zip(words).enumerate() {
        if k > 0 {
            let prev = &w.tokens[toks[k - 1]];
            let between = w.text.get(prev.end..w.tokens[t].start).unwrap_or(" ");
            if !between.is_empty() {
                out.push(' ');
            }
        }
        out.push_str(word);
    }
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::align;
    use crate::witness::{Forms, Normalize};

    fn table_of(texts: &[(&str, &str)]) -> String {
        let ws: Vec<Witness> = texts.iter().map(|(id, t)| Witness::new(id, t, Normalize::default())).collect();
        let mut forms = Forms::default();
        let ids: Vec<Vec<u32>> = ws.iter().map(|w| forms.ids(w)).collect();
        let others: Vec<(&Witness, Vec<Step>)> = (1..ws.len()).map(|k| (&ws[k], align(&ids[0], &ids[k]))).collect();
        Table::build(&ws[0], &others).plain()
    }

    /// CollateX 2.3's tables of its three classic examples
    /// (`shared/data/collation-darwin/classic_examples_with_collatex23_output.json`).
    #[test]
    fn classic_examples_as_collatex_tables_them() {
        assert_eq!(
            table_of(&[
                ("1", "The same clock as when for example Magee once died."),
                ("2", "The same as when for example Magee once died.")
            ]),
            "+---+----------+-------+--------------------------------------+\n\
             | 1 | The same | clock | as when for example Magee once died. |\n\
             | 2 | The same | -     | as when for example Magee once died. |\n\
             +---+----------+-------+--------------------------------------+\n"
        );
        assert_eq!(
            table_of(&[
                ("A", "This very quick very quick brown wombat"),
                ("B", "That very quick brown koala"),
                ("C", "That very quick brown kangaroo")
            ]),
            "+---+-----------------+------------------+----------+\n\
             | A | This very quick | very quick brown | wombat   |\n\
             | B | That            | very quick brown | koala    |\n\
             | C | That            | very quick brown | kangaroo |\n\
             +---+-----------------+------------------+----------+\n"
        );
        assert_eq!(
            table_of(&[
                ("A", "The quick brown fox jumps over the dog."),
                ("B", "The brown fox jumps over the lazy dog.")
            ]),
            "+---+-----+-------+--------------------------+------+------+\n\
             | A | The | quick | brown fox jumps over the | -    | dog. |\n\
             | B | The | -     | brown fox jumps over the | lazy | dog. |\n\
             +---+-----+-------+--------------------------+------+------+\n"
        );
    }

    #[test]
    fn html_side_by_side_escapes_and_highlights() {
        let ws = [
            Witness::new("A", "The <b> fox", Normalize::default()),
            Witness::new("B", "The fox", Normalize::default()),
        ];
        let mut forms = Forms::default();
        let (a, b) = (forms.ids(&ws[0]), forms.ids(&ws[1]));
        let html = Table::build(&ws[0], &[(&ws[1], align(&a, &b))]).html();
        assert!(html.contains("<tr class=\"var\"><td>2</td><td>&lt;b&gt;</td><td class=\"gap\">–</td></tr>"), "{html}");
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn tei_parallel_segmentation() {
        let ws = [
            Witness::new("A", "The quick fox", Normalize::default()),
            Witness::new("B", "The slow fox", Normalize::default()),
        ];
        let mut forms = Forms::default();
        let (a, b) = (forms.ids(&ws[0]), forms.ids(&ws[1]));
        let t = Table::build(&ws[0], &[(&ws[1], align(&a, &b))]);
        assert_eq!(t.tei(), "<p>The <app><rdg wit=\"#A\">quick</rdg><rdg wit=\"#B\">slow</rdg></app> fox</p>\n");
    }
}
