//! The print-profile benchmark of the ingest issue: cleaning a 100× concatenation of the bundled
//! newspaper dump (`corpus/pyongyang-times-2021-04-10.txt`, 7.8 MB) with the `print` profile on one
//! thread, in process: read, decode, every print pass, the corpus evidence and the joins — everything
//! before tokenizing. Target: ≥ 50 MB/s. The median of five runs.

use anyhow::Context as _;
use rhetor_ingest::{IngestOptions, Profile, clean_paths};
use std::path::Path;
use std::time::Instant;

/// Copies of the seed concatenated, and runs timed. `XTASK_PRINT_COPIES` and `XTASK_PRINT_RUNS`
/// change them (a profiler run: `valgrind --tool=callgrind` with 10 copies and 1 run).
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

/// `(megabytes, median seconds, documents)`.
pub fn print_profile(root: &Path) -> anyhow::Result<(f64, f64, usize)> {
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
    let mut docs = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let cleaned = rhetor_engine::with_threads(1, || clean_paths(std::slice::from_ref(&file), &options))?;
        times.push(start.elapsed().as_secs_f64());
        docs = cleaned.docs.len();
        std::hint::black_box(&cleaned);
    }
    times.sort_by(f64::total_cmp);
    Ok(((seed.len() * copies) as f64 / 1e6, times[runs / 2], docs))
}
