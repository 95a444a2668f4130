//! The `sentiment` analyzer's VADER benchmark: every sentence of the SOTU corpus (split by rhetor,
//! outside the timing) scored as one text, on one thread, by rhetor's `vader` mode and, when
//! Python and `vaderSentiment` are installed, by `SentimentIntensityAnalyzer.polarity_scores` on the
//! same sentences (timed inside Python, lexicon loading excluded). Target: ≥ 50× vaderSentiment and
//! ≥ 90 MB/s. Medians of `XTASK_RUNS` runs (default 5).

use rhetor_ingest::{IngestOptions, ingest};
use rhetor_sentiment::vader::{Scratch, Vader};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The result: megabytes, sentences, rhetor's median seconds, and vaderSentiment's (when installed).
#[derive(Debug)]
pub struct VaderBench {
    pub mb: f64,
    pub sentences: usize,
    pub seconds: f64,
    pub python_seconds: Option<f64>,
}

const PYTHON: &str = r#"
import sys, time
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
texts = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
sia = SentimentIntensityAnalyzer()
start = time.perf_counter()
for t in texts:
    sia.polarity_scores(t)
print(time.perf_counter() - start)
"#;

pub fn vader(root: &Path) -> anyhow::Result<VaderBench> {
    let runs: usize = std::env::var("XTASK_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let ingested = ingest(&[root.join("../shared/data/sotu/speeches")], &IngestOptions::default())?;
    // Sentences on one line each (a line break inside a sentence becomes a space, for both sides).
    let sentences: Vec<String> = ingested
        .corpus
        .documents
        .iter()
        .flat_map(|d| d.sentences.iter().map(|s| d.span_text(s.span).replace(['\n', '\r'], " ")))
        .collect();
    let mb = sentences.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let vader = Vader::builtin();
    let mut scratch = Scratch::default();
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        for s in &sentences {
            std::hint::black_box(vader.score(s, &mut scratch, None));
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let python_seconds = python(root, &sentences)?;
    Ok(VaderBench { mb, sentences: sentences.len(), seconds: times[runs / 2], python_seconds })
}

/// vaderSentiment's time on the same sentences (one run: it takes a while), or `None` with a note
/// when it is not installed.
fn python(root: &Path, sentences: &[String]) -> anyhow::Result<Option<f64>> {
    let has_vader = Command::new("python3").args(["-c", "import vaderSentiment"]).output();
    if !has_vader.is_ok_and(|o| o.status.success()) {
        eprintln!("vaderSentiment not installed: `pip install vaderSentiment==3.3.2` to compare");
        return Ok(None);
    }
    let file = root.join("target/bench/sotu-sentences.txt");
    std::fs::create_dir_all(root.join("target/bench"))?;
    std::fs::write(&file, sentences.iter().map(|s| format!("{s}\n")).collect::<String>())?;
    let out = Command::new("python3").args(["-c", PYTHON]).arg(&file).output()?;
    if !out.status.success() {
        anyhow::bail!("vaderSentiment failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse().ok())
}
