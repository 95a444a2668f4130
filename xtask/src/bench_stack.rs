//! The peer stack: the Python tools a researcher would chain for what one `rhetor analyze` run
//! gives, run as one whole process over the SOTU speeches beside rhetor's own whole-process run
//! (default analyzers and outputs, `--out`, one worker thread). The stack reads each file and, per
//! document: splits sentences and words with regular expressions (nltk's punkt would need a model
//! download); scores every sentence with vaderSentiment; MTLD with lexicalrichness; counts 2- to
//! 4-grams with nltk; Flesch reading ease and grade with textstat (syllables by pyphen: its cmudict
//! would be a download); counts the single-word and
//! prefix entries of rhetor's default dictionary (`config/dictionaries/political-rhetoric.toml`).
//! It is less than rhetor does (no evidence, no byte spans, no groups, no cleaning), so the ratio
//! flatters the stack. One run each: the stack takes minutes.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The Python modules the stack needs, by the names `pip install` takes and Python imports.
pub const MODULES: [(&str, &str); 4] = [
    ("vaderSentiment", "vaderSentiment"),
    ("lexicalrichness", "lexicalrichness"),
    ("nltk", "nltk"),
    ("textstat", "textstat"),
];

const STACK: &str = r#"
import os, re, sys, tomllib
from collections import Counter
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
from lexicalrichness import LexicalRichness
from nltk.util import ngrams
import textstat
import textstat.backend.counts._count_syllables as syllables
# textstat's English syllables come from nltk's cmudict, a download; the network is closed here, so
# its own fallback, pyphen's hyphenation dictionary (installed with it), counts them.
syllables.get_cmudict = lambda lang: None
folder, dictionary = sys.argv[1], sys.argv[2]
entries = [(e["pattern"] if isinstance(e, dict) else e).lower()
           for c in tomllib.load(open(dictionary, "rb")).get("category", []) for e in c.get("entries", [])]
exact = {e for e in entries if " " not in e and not e.endswith("*")}
prefixes = tuple(e[:-1] for e in entries if " " not in e and e.endswith("*"))
vader = SentimentIntensityAnalyzer()
out = 0
for name in sorted(os.listdir(folder)):
    if not name.endswith(".txt"):
        continue
    text = open(os.path.join(folder, name), encoding="utf-8").read()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    scores = [vader.polarity_scores(s)["compound"] for s in sentences]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    lower = [w.lower() for w in words]
    mtld = LexicalRichness(" ".join(words)).mtld(threshold=0.72) if len(words) > 10 else 0.0
    grams = [Counter(ngrams(lower, n)) for n in range(2, 5)]
    ease, grade = textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text)
    hits = sum(1 for w in lower if w in exact or w.startswith(prefixes))
    out += len(scores) + len(grams) + hits + int(mtld + ease + grade > -1e9)
print(out)
"#;

/// `(stack seconds, rhetor seconds, MB)`, or None (with a note naming what to install) when a
/// module is missing.
pub fn peer_stack(root: &Path, rhetor: &Path) -> anyhow::Result<Option<(f64, f64, f64)>> {
    let missing: Vec<&str> =
        MODULES.iter().filter(|(_, import)| !crate::bench_peers::python_has(import)).map(|(pip, _)| *pip).collect();
    if !missing.is_empty() {
        eprintln!("peer stack not measured: `pip install {}` to compare", missing.join(" "));
        return Ok(None);
    }
    let sotu = root.join("../shared/data/sotu/speeches");
    let mb = std::fs::read_dir(&sotu)?
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6;
    let dictionary = root.join("config/dictionaries/political-rhetoric.toml");
    let start = Instant::now();
    let out = Command::new("python3").args(["-c", STACK]).arg(&sotu).arg(&dictionary).output()?;
    let stack = start.elapsed().as_secs_f64();
    if !out.status.success() {
        anyhow::bail!("the peer stack failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let dir = root.join("target/bench/stack-out");
    let _ = std::fs::remove_dir_all(&dir);
    let start = Instant::now();
    let status = Command::new(rhetor)
        .args(["analyze"])
        .arg(&sotu)
        .args(["--out"])
        .arg(&dir)
        .args(["--threads", "1", "-q"])
        .current_dir(root)
        .status()?;
    let ours = start.elapsed().as_secs_f64();
    anyhow::ensure!(status.success(), "rhetor analyze failed");
    Ok(Some((stack, ours, mb)))
}

/// The row's summary: both times, throughputs and the ratio.
pub fn line(stack: f64, ours: f64, mb: f64) -> String {
    format!(
        "peer stack, SOTU ({mb:.1} MB), whole processes, one thread: Python stack (vaderSentiment + lexicalrichness MTLD \
         + nltk 2-4-grams + textstat Flesch + a dictionary count) {stack:.1} s ({:.2} MB/s); rhetor analyze --out \
         (everything, with evidence and the Parquet dataset) {ours:.2} s ({:.2} MB/s); ratio {:.0}x (target >= 50x)",
        mb / stack,
        mb / ours,
        stack / ours
    )
}
