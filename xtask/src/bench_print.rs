//! The print-profile benchmark of the ingest issue: cleaning a 100× concatenation of the bundled
//! newspaper dump (`corpus/pyongyang-times-2021-04-10.txt`, 7.8 MB) with the `print` profile on one
//! thread, in process: read, decode, every print pass, the corpus evidence and the joins — everything
//! before tokenizing. Target: ≥ 50 MB/s. The median of five runs.

use anyhow::Context as _;
use rhetor_ingest::{IngestOptions, Profile, clean_paths};
use std::path::Path;
use std::time::Instant;

/// Copies of the seed concatenated.
const COPIES: usize = 100;
const RUNS: usize = 5;

/// `(megabytes, median seconds, documents)`.
pub fn print_profile(root: &Path) -> anyhow::Result<(f64, f64, usize)> {
    let seed = std::fs::read(root.join("corpus/pyongyang-times-2021-04-10.txt")).context("the print seed")?;
    let dir = root.join("target/bench/print-x100");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("pyongyang-times-x100.txt");
    if std::fs::metadata(&file).map_or(true, |m| m.len() != (seed.len() * COPIES) as u64) {
        std::fs::write(&file, seed.repeat(COPIES))?;
    }
    let options = IngestOptions { profile: Profile::Print, ..IngestOptions::default() };
    let mut times = Vec::new();
    let mut docs = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let cleaned = rhetor_engine::with_threads(1, || clean_paths(std::slice::from_ref(&file), &options))?;
        times.push(start.elapsed().as_secs_f64());
        docs = cleaned.docs.len();
        std::hint::black_box(&cleaned);
    }
    times.sort_by(f64::total_cmp);
    Ok(((seed.len() * COPIES) as f64 / 1e6, times[RUNS / 2], docs))
}
