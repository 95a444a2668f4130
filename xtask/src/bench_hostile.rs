//! `cargo xtask bench hostile`: the inputs that once made a run grow faster than its input, each at
//! three sizes (n, 2n, 4n), to show time and memory now grow in proportion:
//!
//! - identical documents (one sentence as n JSONL records: shared passages compared every pair),
//! - a vocabulary that grows by one word a document under `--stream` (the rhetoric dictionary was
//!   compiled again over the whole vocabulary for every document),
//! - a dictionary of n entries (`rhetor dict check`, and `rhetor analyze` of the bundled corpus with
//!   it: duplicate entries were looked for entry by entry).
//!
//! Each figure is the median of three runs. Prints, per series, seconds and peak MB per size and the
//! time per unit against the smallest size (1.00 is linear; the old quadratic paths gave 2 and 4).

use crate::measure::{median, timed};
use std::fmt::Write as _;
use std::path::Path;

const RUNS: usize = 3;

/// One series: its name, and per size (units, seconds, peak MB).
struct Series {
    name: &'static str,
    unit: &'static str,
    points: Vec<(usize, f64, f64)>,
}

pub fn hostile(root: &Path) -> anyhow::Result<()> {
    let rhetor = root.join("target/release/rhetor");
    anyhow::ensure!(rhetor.is_file(), "build the release binary first: cargo build --release");
    let dir = root.join("target/bench/hostile");
    std::fs::create_dir_all(&dir)?;
    let mut all = Vec::new();

    let mut s = Series { name: "identical documents (analyze)", unit: "documents", points: Vec::new() };
    for n in [10_000, 20_000, 40_000] {
        let path = dir.join(format!("identical-{n}.jsonl"));
        let line = "{\"text\": \"We must march forward with the great power of unity and resolve today.\"}\n";
        std::fs::write(&path, line.repeat(n))?;
        let out = dir.join("out");
        let args = ["analyze", path.to_str().unwrap_or_default(), "--out", out.to_str().unwrap_or_default()];
        s.points.push(measure(&rhetor, &args, root, n)?);
    }
    all.push(s);

    let mut s = Series { name: "new word per document (--stream)", unit: "documents", points: Vec::new() };
    for n in [10_000, 20_000, 40_000] {
        let path = dir.join(format!("vocabulary-{n}.jsonl"));
        let mut text = String::new();
        for i in 0..n {
            let _ = writeln!(text, "{{\"text\": \"We must fight the enemy word{i}x today.\"}}");
        }
        std::fs::write(&path, text)?;
        let out = dir.join("out");
        let args =
            ["analyze", "--stream", path.to_str().unwrap_or_default(), "--out", out.to_str().unwrap_or_default()];
        s.points.push(measure(&rhetor, &args, root, n)?);
    }
    all.push(s);

    let mut check = Series { name: "dictionary entries (dict check)", unit: "entries", points: Vec::new() };
    let mut analyze = Series { name: "dictionary entries (analyze corpus/)", unit: "entries", points: Vec::new() };
    for n in [25_000, 50_000, 100_000] {
        let dict = dir.join(format!("dictionary-{n}.toml"));
        std::fs::write(&dict, dictionary(n))?;
        let d = dict.to_str().unwrap_or_default();
        check.points.push(measure(&rhetor, &["dict", "check", d], root, n)?);
        let config = dir.join(format!("config-{n}.toml"));
        std::fs::write(&config, format!("[analyzers.rhetoric]\ndictionary = {d:?}\n"))?;
        let (c, out) = (config.to_str().unwrap_or_default(), dir.join("out"));
        let args =
            ["analyze", "corpus", "--config", c, "--analyzers", "rhetoric", "--out", out.to_str().unwrap_or_default()];
        analyze.points.push(measure(&rhetor, &args, root, n)?);
    }
    all.extend([check, analyze]);

    println!("{:<40} {:>9} {:>9} {:>9} {:>14}", "series", "size", "seconds", "peak MB", "time/unit vs n");
    for s in &all {
        let (n0, t0, _) = s.points[0];
        for &(n, t, mb) in &s.points {
            let per = (t / n as f64) / (t0 / n0 as f64);
            println!("{:<40} {:>9} {:>9.3} {:>9.1} {:>14.2}", s.name, format!("{n} {}", s.unit), t, mb, per);
        }
    }
    Ok(())
}

/// The median seconds and the peak MB of `RUNS` runs, for `n` units.
fn measure(rhetor: &Path, args: &[&str], root: &Path, n: usize) -> anyhow::Result<(usize, f64, f64)> {
    let mut times = Vec::new();
    let mut peak = 0.0f64;
    for _ in 0..RUNS {
        let (s, mb) = timed(rhetor, args, root)?;
        times.push(s);
        peak = peak.max(mb);
    }
    Ok((n, median(times), peak))
}

/// A dictionary of `n` distinct entries in 10 categories: words, two-word phrases, prefix and
/// suffix globs (a fixed generator: the same file every run).
fn dictionary(n: usize) -> String {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut word = || {
        let mut w = String::new();
        for _ in 0..7 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            w.push((b'a' + (state % 26) as u8) as char);
        }
        w
    };
    let mut out = String::from("[dictionary]\nname = \"generated\"\n");
    let per = n / 10;
    let mut k = 0;
    for c in 0..10 {
        let _ = write!(out, "\n[[category]]\nid = \"c{c}\"\nentries = [");
        for i in 0..per {
            let entry = match i % 10 {
                0..=5 => format!("{}{k}", word()),
                6 | 7 => format!("{}{k} {}", word(), word()),
                8 => format!("{}{k}*", word()),
                _ => format!("*{}{k}", word()),
            };
            k += 1;
            let _ = write!(out, "{}\"{entry}\"", if i == 0 { "" } else { ", " });
        }
        out.push_str("]\n");
    }
    out
}
