//! `cargo xtask bench shards`: a distributed run simulated on one machine. SOTU ×10 split into 2, 4
//! and 8 shards, each run one after another (one thread) in a folder that holds only its own files
//! (hard links); per shard the bytes of corpus files it was given, its time and peak memory; then,
//! with every shard's folder deleted, the merge's time and memory, the parts' size, and whether its
//! results.json is byte-identical to one run's. Then the same corpus as one record file read in
//! blocks (`bench_blocks.rs`).

use crate::measure::{make_copies, timed};
use std::path::{Path, PathBuf};

/// Every file below `dir`, as (path below it with `/` separators, full path), sorted.
fn files_below(dir: &Path, rel: &str, out: &mut Vec<(String, PathBuf)>) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let below = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        if e.file_type()?.is_dir() {
            files_below(&e.path(), &below, out)?;
        } else {
            out.push((below, e.path()));
        }
    }
    Ok(())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

pub fn shards_bench(root: &Path, rhetor: &Path) -> anyhow::Result<()> {
    let sotu = root.join("../shared/data/sotu/speeches");
    if !sotu.is_dir() {
        println!("{} is absent: nothing to run", sotu.display());
        return Ok(());
    }
    let bench = root.join("target/bench");
    let name = "sotu-x10";
    make_copies(&sotu, &bench.join(name), 10)?;
    let mut files = Vec::new();
    files_below(&bench.join(name), "", &mut files)?;
    let input: u64 = files.iter().map(|(_, p)| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    let work = bench.join("shards");
    let _ = std::fs::remove_dir_all(&work);
    // `timed` keeps each run's stderr in target/bench/ below the folder it runs in.
    std::fs::create_dir_all(work.join("target/bench"))?;
    std::fs::create_dir_all(bench.join("target/bench"))?;
    let one = work.join("one").to_string_lossy().into_owned();
    let (secs, peak) = timed(rhetor, &["analyze", "-q", "--threads", "1", "--out", &one, name], &bench)?;
    println!(
        "SOTU x10 ({:.1} MB, {} files), one run, one thread: {secs:.2} s, peak {peak:.0} MB",
        mb(input),
        files.len()
    );
    for n in [2usize, 4, 8] {
        let parts = work.join(format!("parts-{n}"));
        let (mut read, mut times, mut peaks) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..n {
            // The shard's folder: its own files only, at the paths one run sees them.
            let home = work.join(format!("shard-{k}-of-{n}"));
            let mut bytes = 0;
            for (rel, path) in &files {
                if rhetor_doc::shard_of(&format!("{name}/{rel}"), n) != k {
                    continue;
                }
                let target = home.join(name).join(rel);
                std::fs::create_dir_all(target.parent().unwrap_or(&home))?;
                if std::fs::hard_link(path, &target).is_err() {
                    std::fs::copy(path, &target)?;
                }
                bytes += std::fs::metadata(path)?.len();
            }
            std::fs::create_dir_all(home.join(name))?;
            let shard = format!("{k}/{n}");
            let out = parts.to_string_lossy().into_owned();
            let args = ["analyze", "-q", "--threads", "1", "--shard", &shard, "--out", &out, name];
            std::fs::create_dir_all(home.join("target/bench"))?;
            let (s, p) = timed(rhetor, &args, &home)?;
            std::fs::remove_dir_all(&home)?;
            read.push(bytes);
            times.push(s);
            peaks.push(p);
        }
        let part_bytes: u64 = std::fs::read_dir(&parts)?.flatten().map(|e| e.metadata().map_or(0, |m| m.len())).sum();
        let merged = work.join(format!("merged-{n}")).to_string_lossy().into_owned();
        let mut args = vec!["merge".to_string(), "-q".into(), "--threads".into(), "1".into(), "--out".into(), merged];
        args.extend((0..n).map(|k| parts.join(format!("part-{k}-of-{n}.jsonl")).to_string_lossy().into_owned()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // The merge runs where no corpus file is: the shards' folders are gone.
        let (merge_secs, merge_peak) = timed(rhetor, &args, &work)?;
        let same = std::fs::read(work.join("one/results.json"))?
            == std::fs::read(work.join(format!("merged-{n}/results.json")))?;
        let (lo, hi) = (read.iter().min().copied().unwrap_or(0), read.iter().max().copied().unwrap_or(0));
        let slowest = times.iter().copied().fold(0.0, f64::max);
        let total: f64 = times.iter().sum();
        println!(
            "{n} shards: each read {:.1}-{:.1} MB of the corpus (1/{n} is {:.1}), slowest {slowest:.2} s, all {total:.2} s, \
             peak {:.0} MB; parts {:.0} MB; merge {merge_secs:.2} s, peak {merge_peak:.0} MB; results.json {}",
            mb(lo),
            mb(hi),
            mb(input) / n as f64,
            peaks.iter().copied().fold(0.0, f64::max),
            mb(part_bytes),
            if same { "identical to one run's" } else { "DIFFERS from one run's" }
        );
    }
    Ok(())
}
