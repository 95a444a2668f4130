//! `cargo xtask bench outputs`: the results at corpus scale. For SOTU, `kcna-2024`, SOTU ×10 and
//! SOTU's paragraphs as 25,000 short documents (each when present), one full default run with `--out` (results.json and the Parquet files) on
//! one and on two threads, and one with the reports (`--format json --format md --format html`):
//! wall time, MB/s, peak memory, and the bytes of every output against the input, each line
//! checked against its target (outputs ≤ 2× the input, evidence.parquet ≤ 1×, peak memory ≤ 3× the
//! input + 150 MB, report.html ≤ 10 MB, report.md ≤ 200 KB); and the output's share of the run's
//! wall and CPU time, against the same run without the dataset (`--evidence 0`, results.json to
//! stdout), medians of three runs of each taken in turn. Beside the two-thread speed-up, the
//! machine's own ceiling for it: two one-thread runs without the dataset started at once, against
//! one alone (a virtual machine's two cores can give much less than twice one core's work).
//! Last, the memory a document costs beyond its text: the peak of a one-thread run over every
//! paragraph against one over the paragraphs of the first half of the speeches.

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
        let (paragraphs, _) =
            make_paragraphs(&sotu.join("speeches"), &root.join("target/bench/sotu-paragraphs"), None)?;
        out.push(Corpus {
            name: "sotu-paras",
            args: vec![paragraphs.to_string_lossy().to_string()],
            bytes: size(&paragraphs),
        });
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

/// SOTU's speeches cut into one document per paragraph (text between blank lines), a folder per
/// speech, into `dst` (made once): an archive of many short documents. With `speeches`, only the
/// first that many speeches. The folder and its number of documents.
fn make_paragraphs(src: &Path, dst: &Path, speeches: Option<usize>) -> anyhow::Result<(PathBuf, usize)> {
    let mut files = crate::measure::text_files(src)?;
    files.sort();
    files.truncate(speeches.unwrap_or(usize::MAX));
    // Written beside `dst` and renamed when whole: a run stopped halfway leaves no partial corpus.
    let fresh = !dst.is_dir();
    let partial = dst.with_extension("partial");
    if fresh {
        let _ = std::fs::remove_dir_all(&partial);
    }
    let mut n = 0;
    for f in &files {
        let text = std::fs::read_to_string(f)?.replace("\r\n", "\n");
        let stem = f.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let dir = partial.join(&stem);
        if fresh {
            std::fs::create_dir_all(&dir)?;
        }
        for (k, p) in text.split("\n\n").filter(|p| !p.trim().is_empty()).enumerate() {
            if fresh {
                std::fs::write(dir.join(format!("{stem}-{k:04}.txt")), format!("{}\n", p.trim()))?;
            }
            n += 1;
        }
    }
    if fresh {
        std::fs::rename(&partial, dst)?;
    }
    Ok((dst.to_path_buf(), n))
}

/// The memory a document costs beyond its text: peaks of one-thread runs with `--out` over SOTU's
/// paragraphs and over those of its first half of speeches, their difference less the difference
/// of their inputs, per document more.
fn per_document(root: &Path, rhetor: &Path, out: &Path) -> anyhow::Result<()> {
    let speeches = root.join("../shared/data/sotu/speeches");
    if !speeches.is_dir() {
        return Ok(());
    }
    let total = crate::measure::text_files(&speeches)?.len();
    let runs = [
        (root.join("target/bench/sotu-paragraphs-half"), Some(total / 2)),
        (root.join("target/bench/sotu-paragraphs"), None),
    ];
    let mut measured = Vec::new();
    for (dir, speeches_taken) in runs {
        let (dir, docs) = make_paragraphs(&speeches, &dir, speeches_taken)?;
        let _ = std::fs::remove_dir_all(out);
        let (d, o) = (dir.to_string_lossy().to_string(), out.to_string_lossy().to_string());
        let (seconds, peak) = timed(rhetor, &["analyze", "--quiet", "--threads", "1", "--out", &o, &d], root)?;
        measured.push((docs, size(&dir) as f64 / 1e6, seconds, peak));
    }
    let ((n0, mb0, s0, p0), (n1, mb1, s1, p1)) = (measured[0], measured[1]);
    let per_doc_kb = ((p1 - p0) - (mb1 - mb0)) * 1e3 / (n1 - n0).max(1) as f64;
    println!(
        "memory a document costs beyond its text (one thread, --out): {n0} paragraphs ({mb0:.1} MB) peak {p0:.0} MB in {s0:.2} s, {n1} paragraphs ({mb1:.1} MB) peak {p1:.0} MB in {s1:.2} s: {per_doc_kb:.1} KB a document (goal: a few KB; {:.2} ms a document)",
        1e3 * (s1 - s0) / (n1 - n0).max(1) as f64,
    );
    Ok(())
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

/// With `only`, the corpus of that name only (`sotu`, `sotu-x10`, `kcna-2024`, `sotu-paras`), and the
/// memory per document when it is `sotu-paras`.
pub fn outputs_bench(root: &Path, rhetor: &Path, only: Option<&str>) -> anyhow::Result<()> {
    let out: PathBuf = root.join("target/bench/out");
    let o = out.to_string_lossy().to_string();
    println!("results at corpus scale: full default run with --out, release build, one run each");
    println!(
        "{:<10} {:>9} {:>7} {:>8} {:>7} {:>9} {:>10}   outputs",
        "corpus", "input MB", "threads", "seconds", "MB/s", "peak MB", "peak goal"
    );
    for c in corpora(root)?.into_iter().filter(|c| only.is_none_or(|o| o == c.name)) {
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
    if only.is_none_or(|o| o == "sotu-paras") {
        per_document(root, rhetor, &out)?;
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}
