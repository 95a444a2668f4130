//! Peers measured beside rhetor in the same run when they are installed (nothing is installed
//! here; `cargo xtask bench peers` says how): `lexicalrichness`'s MTLD against the `repetition`
//! analyzer's lexical-diversity measures, on the SOTU documents' words (rhetor's tokens, so the
//! measures alone are compared). rhetor's figure covers all its diversity measures (TTR, MATTR, MTLD,
//! MTLD-MA, HD-D, Maas, Yule's K), the peer's MTLD alone. vaderSentiment is in `bench sentiment`.
//! Each side's figure is the median of five runs (a peer times its own five, reading excluded).

use rhetor_ingest::{IngestOptions, ingest};
use rhetor_repetition::RepetitionConfig;
use rhetor_repetition::bench::{Prepared, diversity, lexical_forms};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const PYTHON: &str = r#"
import json, sys, time
from lexicalrichness import LexicalRichness
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
times = []
for _ in range(5):
    start = time.perf_counter()
    for w in docs:
        LexicalRichness(w, preprocessor=None, tokenizer=None).mtld(threshold=0.72)
    times.append(time.perf_counter() - start)
print(sorted(times)[2])
"#;

/// `(words, rhetor seconds, lexicalrichness seconds when installed)`.
pub fn lexical_diversity(root: &Path) -> anyhow::Result<(usize, f64, Option<f64>)> {
    let corpus = ingest(&[root.join("../shared/data/sotu/speeches")], &IngestOptions::default())?.corpus;
    let docs: Vec<Vec<u32>> = corpus.documents.iter().map(lexical_forms).collect();
    let n: usize = docs.iter().map(Vec::len).sum();
    let c = RepetitionConfig::default();
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        for d in &docs {
            std::hint::black_box(diversity(d, &c));
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let peer = python_peer(root, "lexicalrichness", PYTHON, &corpus.vocab, &docs, "sotu-words.jsonl", &[])?;
    Ok((n, times[2], peer))
}

/// Whether Python can import `module`.
pub fn python_has(module: &str) -> bool {
    Command::new("python3").args(["-c", &format!("import {module}")]).output().is_ok_and(|o| o.status.success())
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
    if !python_has(module) {
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
times = []
for _ in range(5):
    start = time.perf_counter()
    for w in docs:
        for n in range(lo, hi + 1):
            Counter(ngrams(w, n))
    times.append(time.perf_counter() - start)
print(sorted(times)[2])
"#;

/// `(words, rhetor seconds, nltk seconds when installed)`: the `repetition` analyzer's maximal
/// repeats (every repeated n-gram of `min_n..=max_n` words, reduced to the maximal ones) against
/// nltk counting every n-gram of those lengths with `Counter(ngrams(words, n))`, on the SOTU
/// documents' words (rhetor's tokens, so the counting alone is compared).
pub fn ngram_counting(root: &Path) -> anyhow::Result<(usize, f64, Option<f64>)> {
    let corpus = ingest(&[root.join("../shared/data/sotu/speeches")], &IngestOptions::default())?.corpus;
    let c = RepetitionConfig::default();
    let words: Vec<Prepared> = corpus.documents.iter().map(Prepared::new).collect();
    let n: usize = words.iter().map(|w| w.forms().len()).sum();
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        for w in &words {
            std::hint::black_box(w.maximal_repeats(&c));
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let docs: Vec<Vec<u32>> = words.iter().map(|w| w.forms().to_vec()).collect();
    let args = [c.min_n.to_string(), c.max_n.to_string()];
    let peer = python_peer(root, "nltk", NLTK, &corpus.vocab, &docs, "sotu-words-repeats.jsonl", &args)?;
    Ok((n, times[2], peer))
}

/// `cargo xtask bench --peers`: which peers this machine has, and the commands that install the
/// others. Installs nothing.
pub fn list() {
    let python = python_has;
    let r_tidytext =
        Command::new("Rscript").args(["-e", "library(tidytext)"]).output().is_ok_and(|o| o.status.success());
    let rows = [
        ("vaderSentiment", python("vaderSentiment"), "pip install vaderSentiment", "bench sentiment"),
        ("lexicalrichness", python("lexicalrichness"), "pip install lexicalrichness", "bench peers"),
        ("nltk", python("nltk"), "pip install nltk", "bench peers"),
        (
            "R tidytext",
            r_tidytext,
            "apt-get install r-cran-tidytext (or R's install.packages(\"tidytext\"))",
            "bench peers",
        ),
    ];
    println!("{:<16} {:<10} {:<24} install with", "peer", "installed", "measured by");
    for (name, have, install, by) in rows {
        println!("{name:<16} {:<10} {by:<24} {install}", if have { "yes" } else { "no" });
    }
}

const TIDYTEXT: &str = r#"
suppressMessages({ library(dplyr); library(tidytext) })
args <- commandArgs(trailingOnly = TRUE)
docs <- read.delim(args[1], header = FALSE, quote = "", col.names = c("id", "text"),
                   colClasses = "character", encoding = "UTF-8")
bing <- get_sentiments("bing")
write.csv(bing, args[2], row.names = FALSE)
net <- NULL
runs <- sapply(1:5, function(i) system.time({
  counts <<- tibble(id = docs$id, text = docs$text) %>%
    unnest_tokens(word, text) %>%
    inner_join(bing, by = "word", relationship = "many-to-many") %>%
    count(id, sentiment)
})[["elapsed"]])
secs <- median(runs)
net <- counts %>% group_by(id) %>%
  summarise(net = sum(ifelse(sentiment == "positive", n, -n)), .groups = "drop")
write.table(net, args[3], sep = "\t", row.names = FALSE, quote = FALSE)
cat(secs, "\n")
"#;

/// The Bing comparison: seconds for R tidytext's `unnest_tokens`, inner join with its Bing lexicon
/// and counts by document (timed inside R, reading excluded), and for `rhetor sentiment --lexicon
/// bing` with the same lexicon (exported from tidytext) on the same documents (the whole process:
/// reading, lexicon, tokenizing, scoring); and how the documents' net scores (positive minus
/// negative words) agree.
pub struct BingBench {
    pub mb: f64,
    pub documents: usize,
    pub rhetor_seconds: f64,
    /// When R and tidytext are installed: R's seconds and how the net scores agree.
    pub tidytext: Option<(f64, Agreement)>,
}

/// The agreement as a line of the report.
pub fn agreement_line(a: &Agreement, documents: usize) -> String {
    format!(
        "bing against tidytext: same net score in {} of {documents} documents; mean absolute difference {:.1} \
         on net scores of {:.1} on average ({:.1}%)",
        a.same,
        a.mean_abs_difference,
        a.mean_abs_net,
        100.0 * a.mean_abs_difference / a.mean_abs_net
    )
}

/// How rhetor's net Bing scores agree with tidytext's.
pub struct Agreement {
    /// Documents with the same net score.
    pub same: usize,
    /// Mean absolute difference of the net scores, and mean absolute net score (tidytext's).
    pub mean_abs_difference: f64,
    pub mean_abs_net: f64,
}

pub fn bing(root: &Path) -> anyhow::Result<BingBench> {
    let sotu = root.join("../shared/data/sotu/speeches");
    let mut files: Vec<_> = std::fs::read_dir(&sotu)?.filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    files.sort();
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let (mut tsv, mut jsonl, mut bytes) = (String::new(), String::new(), 0usize);
    for f in &files {
        let id = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(f)?.replace(['\n', '\r', '\t'], " ");
        bytes += text.len();
        tsv.push_str(&format!("{id}\t{text}\n"));
        jsonl.push_str(&(serde_json::json!({"id": id, "text": text}).to_string() + "\n"));
    }
    let (tsv_path, jsonl_path) = (dir.join("sotu-docs.tsv"), dir.join("sotu-docs.jsonl"));
    std::fs::write(&tsv_path, tsv)?;
    std::fs::write(&jsonl_path, jsonl)?;
    let (lexicon, r_net) = (dir.join("bing-tidytext.csv"), dir.join("bing-tidytext-net.tsv"));
    let installed = Command::new("Rscript").args(["-e", "library(tidytext)"]).output();
    if !installed.is_ok_and(|o| o.status.success()) {
        eprintln!(
            "R tidytext not installed: `apt-get install r-cran-tidytext` (or install.packages(\"tidytext\")) to compare"
        );
        return Ok(BingBench {
            mb: bytes as f64 / 1e6,
            documents: files.len(),
            rhetor_seconds: f64::NAN,
            tidytext: None,
        });
    }
    let out = Command::new("Rscript").args(["-e", TIDYTEXT]).arg(&tsv_path).arg(&lexicon).arg(&r_net).output()?;
    if !out.status.success() {
        anyhow::bail!("tidytext failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let r_seconds: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(f64::NAN);
    let rhetor = crate::build_rhetor(root)?;
    let args = ["sentiment", "--lexicon", "bing", "--lexicon-path"];
    let mut times = Vec::new();
    let mut scores = String::new();
    for _ in 0..5 {
        let start = Instant::now();
        let o = Command::new(&rhetor).args(args).arg(&lexicon).arg(&jsonl_path).output()?;
        times.push(start.elapsed().as_secs_f64());
        if !o.status.success() {
            anyhow::bail!("rhetor sentiment failed: {}", String::from_utf8_lossy(&o.stderr));
        }
        scores = String::from_utf8_lossy(&o.stdout).into_owned();
    }
    times.sort_by(f64::total_cmp);
    // Net scores by document: tidytext's (documents without a Bing word are absent: 0) and rhetor's.
    let table = |text: &str| -> std::collections::HashMap<String, f64> {
        text.lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(id, v)| Some((id.to_string(), v.parse().ok()?)))
            .collect()
    };
    let (theirs, ours) = (table(&std::fs::read_to_string(&r_net)?), table(&scores));
    let diffs: Vec<f64> = ours.iter().map(|(id, v)| (theirs.get(id).copied().unwrap_or(0.0) - v).abs()).collect();
    let n = diffs.len().max(1) as f64;
    let agreement = Agreement {
        same: diffs.iter().filter(|d| **d < 1e-9).count(),
        mean_abs_difference: diffs.iter().sum::<f64>() / n,
        mean_abs_net: ours.keys().map(|id| theirs.get(id).copied().unwrap_or(0.0).abs()).sum::<f64>() / n,
    };
    Ok(BingBench {
        mb: bytes as f64 / 1e6,
        documents: files.len(),
        rhetor_seconds: times[2],
        tidytext: Some((r_seconds, agreement)),
    })
}
