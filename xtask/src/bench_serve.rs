//! `cargo xtask bench serve`: the explorer under load. `kcna-2024` ×10 (18,620 documents: ten
//! copies of the archive under new file names) analysed once into `target/bench/kcna-x10-out`;
//! `rhetor serve` started on it (start-up: until it prints its URL), the first concordance timed
//! apart (it waits for the index), then 2,000 requests over every page from 8 concurrent clients
//! on loopback, the URLs a fixed mix. Per page: requests, errors, median and p99 latency.
//! Targets: start-up ≤ 2 s; p99 ≤ 200 ms for every page, ≤ 500 ms for a corpus-wide concordance.

use anyhow::{Context as _, bail};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const REQUESTS: usize = 2_000;
const CLIENTS: usize = 8;

/// Words searched once each (the first 40 requests of the kind; later rounds find them cached).
const COLD: [&str; 40] = [
    "peace",
    "war",
    "sanctions",
    "nuclear",
    "socialism",
    "youth",
    "farm",
    "harvest",
    "factory",
    "army",
    "navy",
    "rocket",
    "satellite",
    "election",
    "revolution",
    "struggle",
    "victory",
    "traitor",
    "puppet",
    "imperialist",
    "hostile",
    "friendship",
    "delegation",
    "congratulations",
    "birthday",
    "anniversary",
    "museum",
    "school",
    "hospital",
    "flood",
    "typhoon",
    "rice",
    "steel",
    "coal",
    "power",
    "railway",
    "bridge",
    "housing",
    "science",
    "education",
];

/// One GET; status and seconds.
fn get(addr: &str, target: &str) -> anyhow::Result<(u16, f64)> {
    let start = Instant::now();
    let mut s = TcpStream::connect(addr)?;
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let status = String::from_utf8_lossy(&raw[..raw.len().min(16)])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, start.elapsed().as_secs_f64()))
}

/// The request mix: (page, URL), cycled through.
fn mix(ids: &[String]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let pick = |k: usize| &ids[(k * 7919) % ids.len()];
    for k in 0..40 {
        let metrics = ["rhetoric.enemy.threat", "targets.usa", "sentiment.mean_sentence_score", "text-stats.words"];
        out.push(("overview", format!("/?metric={}", metrics[k % 4])));
        let sort = ["rhetoric.hits", "date", "targets.usa", "title"][k % 4];
        out.push(("documents", format!("/documents?sort={sort}&page={}", 1 + k % 30)));
        out.push(("documents (search)", format!("/documents?q={}", ["missile", "party", "korea", "leader"][k % 4])));
        let id = pick(k).replace('/', "%2F");
        out.push(("document", format!("/document?id={id}")));
        out.push(("source", format!("/source?id={id}")));
        out.push(("compare", format!("/compare?a=corpus&b={id}")));
        let q = ["%40enemy.threat", "imperialis*", "great+leader", "missile", "%40leader.veneration"][k % 5];
        let sort = ["document", "left", "right"][k % 3];
        out.push(("concordance (corpus-wide)", format!("/concordance?q={q}&sort={sort}&page={}", 1 + k % 5)));
        // A new word every time round: a search nothing cached.
        let word = COLD[k % COLD.len()];
        out.push(("concordance (new query)", format!("/concordance?q={word}&sort={sort}")));
    }
    out
}

pub fn serve_bench(root: &Path, rhetor: &Path) -> anyhow::Result<()> {
    let archive = root.join("../shared/data/kcna-2024/kcna_headlines_2024-11-11.json");
    if !archive.is_file() {
        println!("serve: skipped, no {}", archive.display());
        return Ok(());
    }
    let corpus = root.join("target/bench/kcna-x10");
    let out = root.join("target/bench/kcna-x10-out");
    std::fs::create_dir_all(&corpus)?;
    for k in 0..10 {
        let copy = corpus.join(format!("kcna_headlines_2024-11-11-{k}.json"));
        if !copy.exists() && std::fs::hard_link(&archive, &copy).is_err() {
            std::fs::copy(&archive, &copy)?;
        }
    }
    let manifest = root.join("config/sources/kcna-2024.toml");
    let args = ["analyze", "--manifest", &manifest.to_string_lossy(), &corpus.to_string_lossy(), "--out"];
    let status = Command::new(rhetor)
        .args(args)
        .arg(&out)
        .args(["--format", "json", "-q"])
        .current_dir(root)
        .stderr(Stdio::null())
        .status()
        .context("cannot run rhetor")?;
    if !status.success() {
        bail!("rhetor analyze failed on {}", corpus.display());
    }
    let results: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("results.json"))?)?;
    // The documents table of compact results: `id` is its first column.
    let ids: Vec<String> = results["documents"]["data"]
        .as_array()
        .map(|d| d.iter().filter_map(|row| row[0].as_str().map(String::from)).collect())
        .unwrap_or_default();
    if ids.is_empty() {
        anyhow::bail!(
            "{}: no documents table with ids (rhetor-results/5's compact layout)",
            out.join("results.json").display()
        );
    }
    let start = Instant::now();
    let mut child = Command::new(rhetor)
        .args(["serve", &out.to_string_lossy(), "--port", "0"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run rhetor serve")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut line)?;
    let startup = start.elapsed().as_secs_f64();
    let addr = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or("").trim_start_matches("http://");
    let addr = addr.trim_end_matches('/').to_string();
    let first = get(&addr, "/concordance?q=%40enemy.threat")?.1;
    let urls = mix(&ids);
    let next = AtomicUsize::new(0);
    let times: Mutex<Vec<(&'static str, u16, f64)>> = Mutex::new(Vec::new());
    let wall = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..CLIENTS {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= REQUESTS {
                        break;
                    }
                    let (page, url) = &urls[i % urls.len()];
                    let (status, secs) = get(&addr, url).unwrap_or((0, f64::NAN));
                    if let Ok(mut t) = times.lock() {
                        t.push((page, status, secs));
                    }
                }
            });
        }
    });
    let wall = wall.elapsed().as_secs_f64();
    let peak = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l[6..].trim().to_string()))
        .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    let times = times.into_inner().unwrap_or_default();
    let errors = times.iter().filter(|t| t.1 != 200).count();
    println!(
        "serve, kcna-2024 x10 ({} documents): start-up {startup:.2} s (target <= 2 s); first concordance (waits for \
         the index) {:.0} ms; {} requests from {CLIENTS} clients in {wall:.1} s, {errors} errors; peak memory {peak}",
        ids.len(),
        first * 1000.0,
        times.len()
    );
    let mut pages: Vec<&str> = times.iter().map(|t| t.0).collect();
    pages.sort_unstable();
    pages.dedup();
    for page in pages {
        let mut ms: Vec<f64> = times.iter().filter(|t| t.0 == page).map(|t| t.2 * 1000.0).collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
        let target = if page.starts_with("concordance") { 500.0 } else { 200.0 };
        let verdict = if at(0.99) <= target { "met" } else { "NOT met" };
        println!(
            "  {page:<26} {:>4} requests  median {:>6.1} ms  p99 {:>6.1} ms  (target p99 <= {target:.0} ms: {verdict})",
            ms.len(),
            at(0.5),
            at(0.99)
        );
    }
    if errors > 0 {
        let mut failed: Vec<String> = times.iter().filter(|t| t.1 != 200).map(|t| format!("{} {}", t.0, t.1)).collect();
        failed.sort();
        failed.dedup();
        bail!("{errors} requests failed: {}", failed.join(", "));
    }
    Ok(())
}
