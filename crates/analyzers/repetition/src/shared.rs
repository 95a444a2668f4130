//! The corpus output of work across documents: passages two documents share ([`crate::passages`]),
//! as a metric, a table of the longest and both places of each as evidence.

use crate::word_forms::Words;
use crate::{RepetitionConfig, passages};
use rayon::prelude::*;
use rhetor_analyzer::SmolStr;
use rhetor_analyzer::{Cell, DocEvidence, Metric, Output, PrintsOf, Table};
use rhetor_doc::{Document, Token, Vocabulary};

/// The length of the runs fingerprinted for shared passages, and the winnowing window: runs of
/// `passage_min_n + 1 - window` words, so that `passage_min_n` words shared give a fingerprint.
pub fn run_and_window(c: &RepetitionConfig) -> (usize, usize) {
    let window = c.passage_window.clamp(1, c.passage_min_n.max(1));
    (c.passage_min_n + 1 - window, window)
}

/// Passages of `passage_min_n` words or more that two documents share (`prints(i)` the
/// fingerprints of `docs[i]`): a metric, a table of the longest `max_passages`, and both spans of
/// each as evidence.
pub fn shared_output(c: &RepetitionConfig, docs: &[&Document], prints: &PrintsOf<'_>, vocab: &Vocabulary) -> Output {
    // The documents' words, in order, up to `passage_max_words` in all: memory stays within about
    // 8 bytes a word of that many (16 at most); later documents are left out, and the table says how many.
    let mut forms: Vec<std::borrow::Cow<'_, [u32]>> = Vec::new();
    // Each document's words as an index into `forms`: documents with the same text (copies are
    // common in agency archives) share one sequence, read once.
    let mut of_doc: Vec<usize> = Vec::new();
    let mut first_with: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let mut read = 0usize;
    // Documents whose tokens a batch run let go of kept their words; others are read from their
    // tokens, a few at a time in parallel.
    'read: for chunk in docs.chunks(64) {
        let mut new: Vec<&Document> = Vec::new();
        let slots: Vec<usize> = chunk
            .iter()
            .map(|d| {
                *first_with.entry(d.text.as_str()).or_insert_with(|| {
                    new.push(d);
                    forms.len() + new.len() - 1
                })
            })
            .collect();
        let words: Vec<std::borrow::Cow<'_, [u32]>> = new.par_iter().map(|d| d.word_forms()).collect();
        forms.extend(words);
        for slot in slots {
            read += forms[slot].len();
            if read > c.passage_max_words {
                break 'read;
            }
            of_doc.push(slot);
        }
    }
    let left_out = docs.len() - of_doc.len();
    let refs: Vec<&[u32]> = of_doc.iter().map(|&k| &*forms[k]).collect();
    let (k, _) = run_and_window(c);
    let word_hash = |f: u32| passages::word_hash(vocab.form(rhetor_doc::FormId(f)));
    let found =
        passages::shared(&refs, prints, c.passage_min_n, k, c.passage_max_occurrences, c.max_passages, &word_hash);
    drop(refs);
    drop(forms);
    let shown = &found.longest;
    // Word positions to spans, for the documents shown only.
    let mut words: std::collections::BTreeMap<usize, (Vec<Token>, Words)> = std::collections::BTreeMap::new();
    for p in shown {
        for d in [p.a, p.b] {
            words.entry(d).or_insert_with(|| {
                let tokens = docs[d].tokens(vocab).into_owned();
                let w = Words::of(docs[d], &tokens, true);
                (tokens, w)
            });
        }
    }
    let span = |d: usize, start: usize, len: usize| {
        let (tokens, w) = &words[&d];
        w.span_in(tokens, start, len)
    };
    let mut output = Output::default();
    output.metrics.push(Metric::owned(
        "shared_passages",
        found.total as usize,
        "count",
        &format!("passages of {}+ words that two documents share (one per pair of places)", c.passage_min_n),
    ));
    let mut rows = Vec::new();
    for (k, p) in shown.iter().enumerate() {
        let (sa, sb) = (span(p.a, p.a_start, p.len), span(p.b, p.b_start, p.len));
        let text = docs[p.a].span_text(sa);
        let preview: String = match text.char_indices().nth(120) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text.to_string(),
        };
        rows.push(vec![
            Cell::Text(docs[p.a].id.as_str().into()),
            Cell::Text(docs[p.b].id.as_str().into()),
            Cell::Int(p.len as i64),
            Cell::Text(preview.into()),
        ]);
        for (d, other, sp) in [(p.a, p.b, sa), (p.b, p.a, sb)] {
            output.document_evidence.push(DocEvidence {
                document: docs[d].id.clone(),
                label: format!("shared passage {} ({} words), also in {}", k + 1, p.len, docs[other].id),
                span: sp,
            });
        }
    }
    output.tables.push(Table {
        name: "shared_passages".into(),
        description: format!(
            "passages of {}+ words that two documents share, longest first{}{}",
            c.passage_min_n,
            if found.total > shown.len() as u64 {
                format!(" (the first {} of {})", shown.len(), found.total)
            } else {
                String::new()
            },
            if left_out > 0 {
                format!("; {left_out} later document(s) not read (over passage_max_words)")
            } else {
                String::new()
            }
        )
        .into(),
        columns: ["document_a", "document_b", "words", "passage"].map(SmolStr::from).to_vec(),
        rows,
    });
    output
}
