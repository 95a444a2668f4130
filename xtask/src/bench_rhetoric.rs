//! The `rhetoric` analyzer's benchmark: the SOTU corpus, already tokenized, analyzed on one thread
//! with the default dictionary and with a generated 5,000-entry dictionary (words of the corpus
//! vocabulary, globs on their stems, two-word phrases). Target: ≥ 50 MB/s per thread, and the large
//! dictionary within 10% of the default's speed. The median of seven runs each, the two dictionaries taking turns.

use rhetor_engine::{Analyzer, ConfigFile, Context};
use rhetor_ingest::{IngestOptions, ingest};
use rhetor_rhetoric::Dictionary;
use rhetor_rhetoric::{BUILTIN, Rhetoric, RhetoricConfig};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const RUNS: usize = 7;

/// `(megabytes, default seconds, large seconds, large entries)`.
pub fn rhetoric(root: &Path) -> anyhow::Result<(f64, f64, f64, usize)> {
    let sotu = root.join("../shared/data/sotu/speeches");
    let ingested = ingest(&[sotu], &IngestOptions::default())?;
    let corpus = &ingested.corpus;
    let mb = corpus.documents.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let (large, entries) = generated_dictionary(corpus);
    let build = |toml: &str| -> anyhow::Result<Rhetoric> {
        let dict = Dictionary::parse(&ConfigFile::new("bench.toml", toml)).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Rhetoric::new(RhetoricConfig::default(), dict))
    };
    let (small, big) = (build(BUILTIN)?, build(&large)?);
    let ctx = Context::new(&corpus.vocab);
    let time = |r: &Rhetoric| -> anyhow::Result<f64> {
        let start = Instant::now();
        for d in &corpus.documents {
            std::hint::black_box(r.analyze(d, &ctx).map_err(|e| anyhow::anyhow!("{e}"))?);
        }
        Ok(start.elapsed().as_secs_f64())
    };
    // Interleaved, so that both dictionaries see the same machine.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    rhetor_engine::with_threads(1, || -> anyhow::Result<()> {
        for _ in 0..RUNS {
            a.push(time(&small)?);
            b.push(time(&big)?);
        }
        Ok(())
    })?;
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    Ok((mb, a[RUNS / 2], b[RUNS / 2], entries))
}

/// 5,000 entries in 15 categories from the corpus vocabulary: every third word as a word, stems of
/// long words as globs, pairs of words as phrases.
fn generated_dictionary(corpus: &rhetor_doc::Corpus) -> (String, usize) {
    let mut forms: Vec<&str> = corpus
        .vocab
        .iter()
        .map(|(_, f)| f)
        .filter(|f| f.len() > 3 && f.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    forms.sort_unstable();
    let mut entries: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (i, f) in forms.iter().enumerate() {
        if entries.len() >= 5000 {
            break;
        }
        match i % 9 {
            0 | 3 | 6 | 8 => entries.insert((*f).to_string()),
            1 if f.len() > 6 => entries.insert(format!("{}*", &f[..5])),
            4 => entries.insert(format!("{} {}", f, forms[(i * 7919) % forms.len()])),
            _ => false,
        };
    }
    let entries: Vec<String> = entries.into_iter().collect();
    let mut out = String::from("[dictionary]\nname = \"generated\"\n");
    for (k, chunk) in entries.chunks(entries.len().div_ceil(15)).enumerate() {
        let list: Vec<String> = chunk.iter().map(|e| format!("{e:?}")).collect();
        let _ = write!(out, "[[category]]\nid = \"c{k}\"\nentries = [{}]\n", list.join(", "));
    }
    (out, entries.len())
}
