//! `cargo xtask bench outputs`: the results at corpus scale. For SOTU, `kcna-2024` and SOTU ×10
//! (each when present), one full default run with `--out` (results.json and the Parquet files) on
//! one and on two threads, and one with the reports (`--format json --format md --format html`):
//! wall time, MB/s, peak memory, and the bytes of every output against the input, each line
//! checked against its target (outputs ≤ 2× the input, evidence.parquet ≤ 1×, peak memory ≤ 3× the
//! input + 150 MB, report.html ≤ 10 MB, report.md ≤ 200 KB); and the output's share of the run's
//! wall and CPU time, against the same run without the dataset (`--evidence 0`, results.json to
//! stdout), medians of three runs of each taken in turn. Beside the two-thread speed-up, the
//! machine's own ceiling for it: two one-thread runs without the dataset started at once, against
//! one alone (a virtual machine's two cores can give much less than twice one core's work).

use crate::measure::{make_copies, timed, timed_cpu, timed_together};

/// Runs of each kind per corpus and thread count, taken in turn (the medians are shown).
const RUNS: usize = 3;

fn median(xs: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = xs.collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() { f64::NAN } else { v[v.len() / 2] }
}
use std::path::{Path, PathBuf};

/// A corpus to run: its name, the arguments that name its input, and its input bytes.
struct Corpus {
    name: &'static str,
    args: Vec<String>,
    bytes: u64,
}

fn size(path: &Path) -> u64 {
    if path.is_file() {
        return std::fs::metadata(path).map_or(0, |m| m.len());
    }
    std::fs::read_dir(path).map_or(0, |d| d.flatten().map(|e| size(&e.path())).sum())
}

fn corpora(root: &Path) -> anyhow::Result<Vec<Corpus>> {
    let data = root.join("../shared/data");
    let mut out = Vec::new();
    let sotu = data.join("sotu");
    if sotu.join("speeches").is_dir() {
        let manifest = root.join("config/sources/sotu.toml").to_string_lossy().to_string();
        out.push(Corpus {
            name: "sotu",
            args: vec!["--manifest".into(), manifest, sotu.to_string_lossy().to_string()],
            bytes: size(&sotu.join("speeches")),
        });
        let x10 = root.join("target/bench/sotu-x10");
        make_copies(&sotu.join("speeches"), &x10, 10)?;
        out.push(Corpus { name: "sotu-x10", args: vec![x10.to_string_lossy().to_string()], bytes: size(&x10) });
    }
    let kcna = data.join("kcna-2024");
    if kcna.is_dir() {
        let manifest = root.join("config/sources/kcna-2024.toml").to_string_lossy().to_string();
        out.push(Corpus {
            name: "kcna-2024",
            args: vec!["--manifest".into(), manifest, kcna.to_string_lossy().to_string()],
            bytes: size(&kcna),
        });
    }
    Ok(out)
}

/// The outputs of one run: (file name, bytes), sorted by name.
fn outputs(dir: &Path) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| (e.file_name().to_string_lossy().to_string(), size(&e.path()))).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn mark(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT MET" }
}

pub fn outputs_bench(root: &Path, rhetor: &Path) -> anyhow::Result<()> {
    let out: PathBuf = root.join("target/bench/out");
    let o = out.to_string_lossy().to_string();
    println!("results at corpus scale: full default run with --out, release build, one run each");
    println!(
        "{:<10} {:>9} {:>7} {:>8} {:>7} {:>9} {:>10}   outputs",
        "corpus", "input MB", "threads", "seconds", "MB/s", "peak MB", "peak goal"
    );
    for c in corpora(root)? {
        let mb = c.bytes as f64 / 1e6;
        let goal = 3.0 * mb + 150.0;
        let (mut one, mut one_bare) = (0.0, 0.0);
        // This machine's ceiling for two threads: two one-thread runs at once against one alone.
        let mut bare_one: Vec<&str> = vec!["analyze", "--quiet", "--threads", "1", "--evidence", "0"];
        bare_one.extend(c.args.iter().map(String::as_str));
        let (mut alone, mut together) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            alone.push(timed_cpu(rhetor, &bare_one, root)?.0);
            together.push(timed_together(rhetor, &bare_one, root, 2)?);
        }
        let ceiling = 2.0 * median(alone.iter().copied()) / median(together.iter().copied());
        for threads in ["1", "2"] {
            let _ = std::fs::remove_dir_all(&out);
            let mut args: Vec<&str> = vec!["analyze", "--quiet", "--threads", threads, "--out", &o];
            args.extend(c.args.iter().map(String::as_str));
            // The same analyses without the dataset: results.json only, without evidence, to
            // stdout (discarded). Three runs of each, taken in turn, medians compared.
            let mut bare: Vec<&str> = vec!["analyze", "--quiet", "--threads", threads, "--evidence", "0"];
            bare.extend(c.args.iter().map(String::as_str));
            let (mut with, mut without) = (Vec::new(), Vec::new());
            for _ in 0..RUNS {
                let _ = std::fs::remove_dir_all(&out);
                with.push(timed_cpu(rhetor, &args, root)?);
                without.push(timed_cpu(rhetor, &bare, root)?);
            }
            let (seconds, peak) = (median(with.iter().map(|r| r.0)), with.iter().map(|r| r.1).fold(0.0, f64::max));
            let (cpu, bare_seconds, bare_cpu) = (
                median(with.iter().map(|r| r.2)),
                median(without.iter().map(|r| r.0)),
                median(without.iter().map(|r| r.2)),
            );
            let files = outputs(&out);
            let total: u64 = files.iter().map(|(_, b)| b).sum();
            let evidence = files.iter().find(|(n, _)| n == "evidence.parquet").map_or(0, |f| f.1);
            let ratio = total as f64 / c.bytes as f64;
            let ev = evidence as f64 / c.bytes as f64;
            if threads == "1" {
                (one, one_bare) = (seconds, bare_seconds);
            }
            let speedup = if threads == "2" {
                let bare_speedup = one_bare / bare_seconds;
                format!(
                    ", {:.2}x one thread (goal 1.8x; {bare_speedup:.2}x without the dataset; this machine's ceiling {ceiling:.2}x: two one-thread runs at once took {:.2} s against {:.2} s alone)",
                    one / seconds,
                    median(together.iter().copied()),
                    median(alone.iter().copied()),
                )
            } else {
                String::new()
            };
            println!(
                "{:<10} {:>9.1} {:>7} {:>8.2} {:>7.1} {:>9.0} {:>7.0} {}   {:.2}x the input ({}; goal 2x), evidence.parquet {:.2}x ({}; goal 1x){speedup}",
                c.name,
                mb,
                threads,
                seconds,
                mb / seconds,
                peak,
                goal,
                if peak <= goal { "met" } else { "NOT" },
                ratio,
                mark(ratio <= 2.0),
                ev,
                mark(ev <= 1.0),
            );
            let wall_share = 1.0 - bare_seconds / seconds;
            println!(
                "{:<10} {:>9} {:>7} output's share: {:.0}% of the wall time ({}; goal < 10%; {bare_seconds:.2} s without the dataset and evidence), {:.0}% of the CPU time ({cpu:.2} s against {bare_cpu:.2} s)",
                "",
                "",
                threads,
                100.0 * wall_share,
                mark(wall_share < 0.10),
                100.0 * (1.0 - bare_cpu / cpu),
            );
        }
        let _ = std::fs::remove_dir_all(&out);
        let mut args: Vec<&str> =
            vec!["analyze", "--quiet", "--out", &o, "--format", "json", "--format", "md", "--format", "html"];
        args.extend(c.args.iter().map(String::as_str));
        let (seconds, peak) = timed(rhetor, &args, root)?;
        let files = outputs(&out);
        let of = |name: &str| files.iter().find(|(n, _)| n == name).map_or(0, |f| f.1);
        let (html, md) = (of("report.html"), of("report.md"));
        println!(
            "{:<10} with the reports: {seconds:.2} s, peak {peak:.0} MB; report.html {:.2} MB ({}; goal 10 MB), report.md {:.0} KB ({}; goal 200 KB); every file: {}",
            c.name,
            html as f64 / 1e6,
            mark(html <= 10_000_000),
            md as f64 / 1e3,
            mark(md <= 200_000),
            files.iter().map(|(n, b)| format!("{n} {:.2} MB", *b as f64 / 1e6)).collect::<Vec<_>>().join(", ")
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}
