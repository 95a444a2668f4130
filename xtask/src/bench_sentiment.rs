//! The `sentiment` analyzer's VADER benchmark: every sentence of the SOTU corpus (split by rhetor,
//! outside the timing) scored as one text, on one thread, by rhetor's `vader` mode and, when
//! Python and `vaderSentiment` are installed, by `SentimentIntensityAnalyzer.polarity_scores` on the
//! same sentences (timed inside Python, lexicon loading excluded). Targets: ≥ 90 MB/s, ≥ 50×
//! vaderSentiment (issue 6) and ≥ 100× (issue 9). Each side is the median of `XTASK_RUNS` runs
//! (default 5), the two interleaved run by run so that the machine's drift hits both alike; a run of
//! rhetor's is the median of [`PASSES`] passes over the sentences, one of vaderSentiment's is one.

use crate::measure::median;
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

/// Passes over the sentences in one run of rhetor's side.
const PASSES: usize = 5;

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
    // Sentences on one line each (a line break inside a sentence becomes a space, for both sides),
    // in one buffer as the analyzer reads them from a document's text: 75,000 strings of their own,
    // scattered through a heap that earlier benchmarks left fragmented, made this pass 25% slower
    // in a full `cargo xtask bench` than alone.
    let mut lines = String::new();
    let mut spans = Vec::new();
    for d in &ingested.corpus.documents {
        for s in &d.sentences {
            let start = lines.len();
            lines.extend(d.span_text(s.span).chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
            spans.push(start..lines.len());
            lines.push('\n');
        }
    }
    drop(ingested);
    let sentences: Vec<&str> = spans.into_iter().map(|r| &lines[r]).collect();
    let mb = sentences.iter().map(|s| s.len()).sum::<usize>() as f64 / 1e6;
    let vader = Vader::builtin();
    let mut scratch = Scratch::default();
    let file = python_input(root, &lines)?;
    let (mut times, mut python_times) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        // A pass takes about 50 ms, shorter than the hiccups of this kind of machine: a single pass
        // straight after five seconds of Python measured anywhere from 150 to 235 MB/s. A run's
        // figure is the median of five passes (a quarter of a second), Python's is one pass of
        // about five seconds.
        let passes: Vec<f64> = (0..PASSES)
            .map(|_| {
                let start = Instant::now();
                for s in &sentences {
                    std::hint::black_box(vader.score(s, &mut scratch, None));
                }
                start.elapsed().as_secs_f64()
            })
            .collect();
        times.push(median(passes));
        if let Some(file) = &file {
            python_times.push(python(file)?);
        }
    }
    let python_seconds = (!python_times.is_empty()).then(|| median(python_times));
    Ok(VaderBench { mb, sentences: sentences.len(), seconds: median(times), python_seconds })
}

/// The sentences (`lines`, one a line) written for vaderSentiment, or `None` with a note when it is not
/// installed.
fn python_input(root: &Path, lines: &str) -> anyhow::Result<Option<std::path::PathBuf>> {
    if !crate::bench_peers::python_has("vaderSentiment") {
        eprintln!("vaderSentiment not installed: `pip install vaderSentiment==3.3.2` to compare");
        return Ok(None);
    }
    let file = root.join("target/bench/sotu-sentences.txt");
    std::fs::create_dir_all(root.join("target/bench"))?;
    std::fs::write(&file, lines)?;
    Ok(Some(file))
}

/// vaderSentiment's seconds for one pass over the sentences in `file`.
fn python(file: &Path) -> anyhow::Result<f64> {
    let out = Command::new("python3").args(["-c", PYTHON]).arg(file).output()?;
    if !out.status.success() {
        anyhow::bail!("vaderSentiment failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().map_err(|e| anyhow::anyhow!("vaderSentiment's time: {e}"))
}
