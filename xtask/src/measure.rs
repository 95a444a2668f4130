//! Measuring for `cargo xtask bench`: timed runs of a command (wall time and peak memory), the
//! median, the bare word count that is the speed ceiling, and copies of a corpus.
//!
//! Architecture Invariant: the bottom of the bench modules; it imports none of them.

use anyhow::{Context as _, bail};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use unicode_segmentation::UnicodeSegmentation;

/// The median of timings (NaN for none).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

pub fn text_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| d.display().to_string())? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `copies` copies of every file of `src` under `dst/copy-K/` (hard links where possible).
pub fn make_copies(src: &Path, dst: &Path, copies: usize) -> anyhow::Result<()> {
    let files = text_files(src)?;
    for k in 0..copies {
        let dir = dst.join(format!("copy-{k}"));
        std::fs::create_dir_all(&dir)?;
        for f in &files {
            let target = dir.join(f.file_name().unwrap_or_default());
            if !target.exists() && std::fs::hard_link(f, &target).is_err() {
                std::fs::copy(f, &target)?;
            }
        }
    }
    Ok(())
}

/// The reference ceiling: read every file, split into Unicode words, lowercase, count.
pub fn word_count(files: &[PathBuf]) -> anyhow::Result<f64> {
    let start = Instant::now();
    let mut counts: FxHashMap<String, u64> = FxHashMap::default();
    for f in files {
        let text = std::fs::read_to_string(f)?;
        for w in text.unicode_words() {
            *counts.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    std::hint::black_box(&counts);
    Ok(start.elapsed().as_secs_f64())
}

/// Run a command; wall seconds and peak RSS in MB (from wait4).
pub fn timed(bin: &Path, args: &[&str], dir: &Path) -> anyhow::Result<(f64, f64)> {
    timed_cpu(bin, args, dir).map(|(secs, peak, _)| (secs, peak))
}

/// [`timed`], with the CPU time the run took too (user and system, every thread), in seconds.
pub fn timed_cpu(bin: &Path, args: &[&str], dir: &Path) -> anyhow::Result<(f64, f64, f64)> {
    // Warnings (the 10x copies repeat every text) go to a file, shown only if the run fails.
    let log_path = dir.join("target/bench/stderr.txt");
    let log = std::fs::File::create(&log_path).context("cannot create target/bench/stderr.txt")?;
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn()
        .context("cannot run rhetor")?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // wait4 reaps the child and fills its resource usage; `child` is not waited on again.
    #[allow(unsafe_code)]
    let (rc, usage) = unsafe {
        let rc = libc::wait4(pid, &mut status, 0, usage.as_mut_ptr());
        (rc, usage.assume_init())
    };
    let secs = start.elapsed().as_secs_f64();
    if rc != pid || status != 0 {
        let err = std::fs::read_to_string(&log_path).unwrap_or_default();
        bail!("rhetor {} failed (status {status}):\n{err}", args.join(" "));
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    Ok((secs, usage.ru_maxrss as f64 / 1024.0, cpu))
}

/// Run `copies` copies of a command at once; wall seconds until the last one ends. What a machine
/// gives work that shares nothing (two one-thread runs on two cores): the ceiling of any program's
/// two-thread speed-up there (cores that share a physical core, caches or a host's time give less
/// than twice one).
pub fn timed_together(bin: &Path, args: &[&str], dir: &Path, copies: usize) -> anyhow::Result<f64> {
    let start = Instant::now();
    let children: Vec<std::process::Child> = (0..copies)
        .map(|_| {
            Command::new(bin)
                .args(args)
                .current_dir(dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .context("cannot run rhetor")
        })
        .collect::<anyhow::Result<_>>()?;
    for mut c in children {
        let status = c.wait().context("cannot wait for rhetor")?;
        if !status.success() {
            bail!("rhetor {} failed ({status})", args.join(" "));
        }
    }
    Ok(start.elapsed().as_secs_f64())
}
