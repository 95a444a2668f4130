//! The print-profile benchmark of the ingest issue: cleaning a 100× concatenation of the bundled
//! newspaper dump (`corpus/pyongyang-times-2021-04-10.txt`, 7.8 MB) with the `print` profile on one
//! thread, in process: read, decode, every print pass, the corpus evidence and the joins — everything
//! before tokenizing. Target: ≥ 50 MB/s. The median of five runs, each beside a bare word count of
//! the same file (the reference ceiling of `cargo xtask bench`), so the ratio is stable on a busy
//! machine even when the MB/s are not.

use anyhow::Context as _;
use rhetor_ingest::{IngestOptions, Profile, clean_paths};
use std::path::Path;
use std::time::Instant;

/// Copies of the seed concatenated, and runs timed. `XTASK_PRINT_COPIES` and `XTASK_PRINT_RUNS`
/// change them (a profiler run: `valgrind --tool=callgrind` with 10 copies and 1 run).
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

/// Run the benchmark.
pub fn print_profile(root: &Path) -> anyhow::Result<PrintBench> {
    let (copies, runs) = (setting("XTASK_PRINT_COPIES", 100), setting("XTASK_PRINT_RUNS", 5));
    let seed = std::fs::read(root.join("corpus/pyongyang-times-2021-04-10.txt")).context("the print seed")?;
    let dir = root.join(format!("target/bench/print-x{copies}"));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(format!("pyongyang-times-x{copies}.txt"));
    if std::fs::metadata(&file).map_or(true, |m| m.len() != (seed.len() * copies) as u64) {
        std::fs::write(&file, seed.repeat(copies))?;
    }
    let options = IngestOptions { profile: Profile::Print, ..IngestOptions::default() };
    let mut times = Vec::new();
    let mut ceiling = Vec::new();
    let mut docs = 0;
    for _ in 0..runs {
        // The reference ceiling on the same bytes, interleaved so both see the same machine.
        ceiling.push(crate::measure::word_count(std::slice::from_ref(&file))?);
        let start = Instant::now();
        let cleaned = rhetor_engine::with_threads(1, || clean_paths(std::slice::from_ref(&file), &options))?;
        times.push(start.elapsed().as_secs_f64());
        docs = cleaned.docs.len();
        std::hint::black_box(&cleaned);
    }
    times.sort_by(f64::total_cmp);
    ceiling.sort_by(f64::total_cmp);
    Ok(PrintBench {
        mb: (seed.len() * copies) as f64 / 1e6,
        seconds: times[runs / 2],
        ceiling_seconds: ceiling[runs / 2],
        docs,
    })
}

/// The print-profile figures: megabytes, median seconds of the profile and of the bare word count
/// on the same file, articles found.
pub struct PrintBench {
    pub mb: f64,
    pub seconds: f64,
    pub ceiling_seconds: f64,
    pub docs: usize,
}
