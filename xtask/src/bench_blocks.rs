//! `cargo xtask bench shards`, second half: one large record file read by shards, each its own
//! blocks. SOTU ×10 written as one JSON Lines file (a record per speech), cut into blocks of 8 MiB
//! by `rhetor splits`; for 2, 4 and 8 shards, each run one after another (one thread) in a folder
//! whose copy of the file holds only its own blocks' bytes (the rest zeros); per shard the bytes it
//! was given and its time; the plan's time and memory; the merge's; and whether the merged
//! results.json is byte-identical to one run's.

use crate::measure::timed;
use std::io::Write as _;
use std::path::Path;

/// Block size of the bench: 8 MiB, 15 blocks of the 122 MB file.
const BLOCK_BYTES: u64 = 8 << 20;

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// SOTU ×10 (the copies' text files, in order) as one JSON Lines file with a manifest, in `dir`.
fn write_jsonl(copies: &Path, dir: &Path) -> anyhow::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut files = Vec::new();
    for copy in std::fs::read_dir(copies)?.flatten() {
        for f in std::fs::read_dir(copy.path())?.flatten() {
            files.push(f.path());
        }
    }
    files.sort();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("sotu.jsonl"))?);
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f)?;
        let id = format!("speech-{i:05}");
        writeln!(out, "{}", serde_json::json!({"id": id, "text": text}))?;
    }
    out.flush()?;
    let manifest =
        "[[source]]\npath = \"sotu.jsonl\"\nformat = \"jsonl\"\nprofile = \"transcript\"\nfields = { id = \"id\" }\n";
    std::fs::write(dir.join("corpus.toml"), manifest)?;
    Ok(std::fs::metadata(dir.join("sotu.jsonl"))?.len())
}

pub fn blocks_bench(root: &Path, rhetor: &Path) -> anyhow::Result<()> {
    let bench = root.join("target/bench");
    let copies = bench.join("sotu-x10");
    if !copies.is_dir() {
        println!("{} is absent: nothing to run", copies.display());
        return Ok(());
    }
    let work = bench.join("blocks");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("target/bench"))?;
    let name = "sotu-jsonl";
    let input = write_jsonl(&copies, &work.join(name))?;
    let config = std::fs::read_to_string(root.join("config/default.toml"))?
        .replace("record_block_bytes = 67108864", &format!("record_block_bytes = {BLOCK_BYTES}"));
    std::fs::write(work.join("config.toml"), config)?;
    let cfg = ["--config", "config.toml"];
    let one = ["analyze", "-q", "--threads", "1", "--out", "one", name];
    let (secs, peak) = timed(rhetor, &[&one[..], &cfg].concat(), &work)?;
    println!(
        "SOTU x10 as one JSON Lines file ({:.1} MB, blocks of {} MiB), one run, one thread: {secs:.2} s, peak {peak:.0} MB",
        mb(input),
        BLOCK_BYTES >> 20
    );
    for n in [2usize, 4, 8] {
        let plan = format!("splits-{n}.json");
        let shards = n.to_string();
        let args = ["splits", "-q", "--threads", "1", "--shards", &shards, "-o", &plan, name];
        let (plan_secs, plan_peak) = timed(rhetor, &[&args[..], &cfg].concat(), &work)?;
        let planned: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(work.join(&plan))?)?;
        let blocks = planned["files"][0]["blocks"].as_array().cloned().unwrap_or_default();
        let whole = std::fs::read(work.join(name).join("sotu.jsonl"))?;
        let parts = work.join(format!("parts-{n}")).to_string_lossy().into_owned();
        let (mut read, mut times) = (Vec::new(), Vec::new());
        for k in 0..n {
            // The shard's folder: the manifest, and the file with only its own blocks' bytes.
            let home = work.join(format!("shard-{k}"));
            std::fs::create_dir_all(home.join(name))?;
            std::fs::create_dir_all(home.join("target/bench"))?;
            std::fs::copy(work.join(name).join("corpus.toml"), home.join(name).join("corpus.toml"))?;
            std::fs::copy(work.join("config.toml"), home.join("config.toml"))?;
            let mut own = vec![0u8; whole.len()];
            let mut bytes = 0;
            for b in blocks.iter().filter(|b| b["shard"] == k) {
                let (s, e) = (b["start"].as_u64().unwrap_or(0) as usize, b["end"].as_u64().unwrap_or(0) as usize);
                own[s..e].copy_from_slice(&whole[s..e]);
                bytes += (e - s) as u64;
            }
            std::fs::write(home.join(name).join("sotu.jsonl"), own)?;
            let shard = format!("{k}/{n}");
            let plan_path = work.join(&plan).to_string_lossy().into_owned();
            let args =
                ["analyze", "-q", "--threads", "1", "--shard", &shard, "--splits", &plan_path, "--out", &parts, name];
            let (s, _) = timed(rhetor, &[&args[..], &cfg].concat(), &home)?;
            std::fs::remove_dir_all(&home)?;
            read.push(bytes);
            times.push(s);
        }
        let mut args: Vec<String> = ["merge", "-q", "--threads", "1", "--out"].map(String::from).to_vec();
        args.push(format!("merged-{n}"));
        args.extend((0..n).map(|k| format!("{parts}/part-{k}-of-{n}.jsonl")));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (merge_secs, merge_peak) = timed(rhetor, &args, &work)?;
        let same = std::fs::read(work.join("one/results.json"))?
            == std::fs::read(work.join(format!("merged-{n}/results.json")))?;
        let (lo, hi) = (read.iter().min().copied().unwrap_or(0), read.iter().max().copied().unwrap_or(0));
        println!(
            "{n} shards, {} blocks: plan {plan_secs:.2} s, peak {plan_peak:.0} MB; each shard read {:.1}-{:.1} MB of the file \
             (1/{n} is {:.1}), slowest {:.2} s, all {:.2} s; merge {merge_secs:.2} s, peak {merge_peak:.0} MB; results.json {}",
            blocks.len(),
            mb(lo),
            mb(hi),
            mb(input) / n as f64,
            times.iter().copied().fold(0.0, f64::max),
            times.iter().sum::<f64>(),
            if same { "identical to one run's" } else { "DIFFERS from one run's" }
        );
    }
    Ok(())
}
