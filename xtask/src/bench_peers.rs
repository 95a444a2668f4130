//! Peers measured beside rhetor in the same run when they are installed (nothing is installed
//! here; `cargo xtask bench peers` says how): `lexicalrichness`'s MTLD against the `repetition`
//! analyzer's lexical-diversity measures, on the SOTU documents' words (rhetor's tokens, so the
//! measures alone are compared). rhetor's figure covers all its diversity measures (TTR, MATTR, MTLD,
//! MTLD-MA, HD-D, Maas, Yule's K), the peer's MTLD alone. vaderSentiment is in `bench sentiment`.

use rhetor_ingest::{IngestOptions, ingest};
use rhetor_repetition::{RepetitionConfig, diversity, words};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const PYTHON: &str = r#"
import json, sys, time
from lexicalrichness import LexicalRichness
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
start = time.perf_counter()
for w in docs:
    LexicalRichness(w, preprocessor=None, tokenizer=None).mtld(threshold=0.72)
print(time.perf_counter() - start)
"#;

/// `(words, rhetor seconds, lexicalrichness seconds when installed)`.
pub fn lexical_diversity(root: &Path) -> anyhow::Result<(usize, f64, Option<f64>)> {
    let corpus = ingest(&[root.join("../shared/data/sotu/speeches")], &IngestOptions::default())?.corpus;
    let docs: Vec<Vec<u32>> = corpus.documents.iter().map(words::lexical_forms).collect();
    let n: usize = docs.iter().map(Vec::len).sum();
    let c = RepetitionConfig::default();
    let params =
        diversity::Params { mattr_window: c.mattr_window, mtld_threshold: c.mtld_threshold, hdd_draws: c.hdd_draws };
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        for d in &docs {
            std::hint::black_box(diversity::measure(d, &params));
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let peer = python_peer(root, "lexicalrichness", PYTHON, &corpus.vocab, &docs, "sotu-words.jsonl", &[])?;
    Ok((n, times[2], peer))
}

/// The seconds a Python peer's `script` prints when given a file of `docs`' words (one JSON list a
/// line, written under `target/bench/` as `name`) and `args`; None, with a note, when `module` is not
/// installed.
fn python_peer(
    root: &Path,
    module: &str,
    script: &str,
    vocab: &rhetor_doc::Vocabulary,
    docs: &[Vec<u32>],
    name: &str,
    args: &[String],
) -> anyhow::Result<Option<f64>> {
    let installed = Command::new("python3").args(["-c", &format!("import {module}")]).output();
    if !installed.is_ok_and(|o| o.status.success()) {
        eprintln!("{module} not installed: `pip install {module}` to compare");
        return Ok(None);
    }
    std::fs::create_dir_all(root.join("target/bench"))?;
    let file = root.join("target/bench").join(name);
    let lines: Vec<String> = docs
        .iter()
        .map(|d| {
            let forms: Vec<&str> = d.iter().map(|&f| vocab.form(rhetor_doc::FormId(f))).collect();
            serde_json::to_string(&forms).unwrap_or_default()
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n")?;
    let out = Command::new("python3").args(["-c", script]).arg(&file).args(args).output()?;
    if !out.status.success() {
        anyhow::bail!("{module} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse().ok())
}

const NLTK: &str = r#"
import json, sys, time
from collections import Counter
from nltk.util import ngrams
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
lo, hi = int(sys.argv[2]), int(sys.argv[3])
start = time.perf_counter()
for w in docs:
    for n in range(lo, hi + 1):
        Counter(ngrams(w, n))
print(time.perf_counter() - start)
"#;

/// `(words, rhetor seconds, nltk seconds when installed)`: the `repetition` analyzer's maximal
/// repeats (every repeated n-gram of `min_n..=max_n` words, reduced to the maximal ones) against
/// nltk counting every n-gram of those lengths with `Counter(ngrams(words, n))`, on the SOTU
/// documents' words (rhetor's tokens, so the counting alone is compared).
pub fn ngram_counting(root: &Path) -> anyhow::Result<(usize, f64, Option<f64>)> {
    let corpus = ingest(&[root.join("../shared/data/sotu/speeches")], &IngestOptions::default())?.corpus;
    let c = RepetitionConfig::default();
    let words: Vec<words::Words> = corpus.documents.iter().map(|d| words::Words::new(d, false)).collect();
    let n: usize = words.iter().map(|w| w.forms.len()).sum();
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        for w in &words {
            std::hint::black_box(rhetor_repetition::repeats::maximal_repeats(&w.forms, w.units(), c.min_n, c.max_n));
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let docs: Vec<Vec<u32>> = words.iter().map(|w| w.forms.clone()).collect();
    let args = [c.min_n.to_string(), c.max_n.to_string()];
    let peer = python_peer(root, "nltk", NLTK, &corpus.vocab, &docs, "sotu-words-repeats.jsonl", &args)?;
    Ok((n, times[2], peer))
}

/// `cargo xtask bench --peers`: which peers this machine has, and the commands that install the
/// others. Installs nothing.
pub fn list() {
    let python = |module: &str| {
        Command::new("python3").args(["-c", &format!("import {module}")]).output().is_ok_and(|o| o.status.success())
    };
    let r_tidytext =
        Command::new("Rscript").args(["-e", "library(tidytext)"]).output().is_ok_and(|o| o.status.success());
    let rows = [
        ("vaderSentiment", python("vaderSentiment"), "pip install vaderSentiment", "bench sentiment"),
        ("lexicalrichness", python("lexicalrichness"), "pip install lexicalrichness", "bench peers"),
        ("nltk", python("nltk"), "pip install nltk", "bench peers"),
        (
            "R tidytext",
            r_tidytext,
            "apt-get install r-base && Rscript -e 'install.packages(\"tidytext\")'",
            "not measured yet",
        ),
    ];
    println!("{:<16} {:<10} {:<24} install with", "peer", "installed", "measured by");
    for (name, have, install, by) in rows {
        println!("{name:<16} {:<10} {by:<24} {install}", if have { "yes" } else { "no" });
    }
}
