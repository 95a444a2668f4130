//! `rhetor splits PATHS --shards N -o splits.json`: the split plan of a sharded run. Every record
//! file larger than `[ingest] record_block_bytes` is cut into blocks of whole records, each given
//! its shard; a shard given the plan (`--splits`) reads its own blocks of those files and no other
//! byte of them (see docs/distributed.md).
//!
//! The plan is what a shard cannot learn from its bytes alone: where each block starts and ends,
//! the number of its first record and its first line, a fingerprint of its bytes (checked by the
//! shard), and each file's size, SHA-256, record count and CSV column names.

use crate::Failure;
use crate::args::{Input, SplitsArgs};
use crate::common::{ingest_failure, ingest_options, load_config};
use crate::part::{CorpusKey, MAX_SHARDS};
use anyhow::anyhow;
use rhetor_engine::ConfigFile;
use rhetor_ingest::{BlockedFile, GivenBlocks, sha256_hex};
use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::path::Path;

/// The schema of a split plan.
pub const SPLITS_SCHEMA: &str = "rhetor-splits/1";

/// A split plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitsFile {
    pub schema: String,
    pub shards: usize,
    /// The corpus as read (its config's `[ingest] record_block_bytes` sizes the blocks).
    #[serde(flatten)]
    pub corpus: CorpusKey,
    pub record_block_bytes: u64,
    /// The record files cut into blocks (the others are read whole, each by the shard its path
    /// gives).
    pub files: Vec<BlockedFile>,
}

/// `rhetor splits`.
pub fn run(args: &SplitsArgs) -> Result<(), Failure> {
    if args.shards == 0 || args.shards > MAX_SHARDS {
        return Err(Failure::Usage(anyhow!("--shards {}: from 1 to {MAX_SHARDS}", args.shards)));
    }
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let threads = args.input.threads.unwrap_or(0);
    let files = rhetor_engine::with_threads(threads, || {
        rhetor_ingest::plan_splits(&args.input.paths, &options, args.shards).map_err(ingest_failure)
    })?;
    let plan = SplitsFile {
        schema: SPLITS_SCHEMA.into(),
        shards: args.shards,
        corpus: CorpusKey::of(&args.input, &config),
        record_block_bytes: options.record_block_bytes,
        files,
    };
    let mut json = serde_json::to_vec_pretty(&plan).map_err(|e| Failure::Analysis(e.into()))?;
    json.push(b'\n');
    match &args.out {
        Some(path) => {
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, &json)
                .and_then(|()| std::fs::rename(&tmp, path))
                .map_err(|e| Failure::Analysis(anyhow!("{}: {e}", path.display())))?;
            if !args.quiet {
                let blocks: usize = plan.files.iter().map(|f| f.blocks.len()).sum();
                let what = match blocks {
                    0 => format!(
                        "no record file larger than [ingest] record_block_bytes ({} bytes): each file is read \
                         whole, by the shard its path gives",
                        plan.record_block_bytes
                    ),
                    _ => format!("{} record files in {blocks} blocks for {} shards", plan.files.len(), plan.shards),
                };
                eprintln!("{what}; wrote {}", path.display());
            }
            Ok(())
        }
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(&json).map_err(|e| Failure::Analysis(e.into()))
        }
    }
}

/// The plan at `path` for a shard of `n` reading `input` with `config`, as ingest takes it, and the
/// plan's SHA-256 (which every part of the run names).
pub fn given(path: &Path, n: usize, input: &Input, config: &ConfigFile) -> Result<(GivenBlocks, String), Failure> {
    let bad = |m: String| Failure::Usage(anyhow!("{}: {m}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| Failure::Analysis(anyhow!("{}: {e}", path.display())))?;
    let plan: SplitsFile =
        serde_json::from_slice(&bytes).map_err(|e| bad(format!("not a split plan of `rhetor splits`: {e}")))?;
    if plan.schema != SPLITS_SCHEMA {
        return Err(bad(format!("schema `{}`, expected `{SPLITS_SCHEMA}`", plan.schema)));
    }
    if plan.shards != n {
        return Err(bad(format!("a plan for {} shards, not {n}", plan.shards)));
    }
    if plan.corpus != CorpusKey::of(input, config) {
        return Err(bad("the plan of another corpus or config (paths, manifest or config SHA-256 differ)".into()));
    }
    for f in &plan.files {
        f.check(n).map_err(|m| bad(format!("{}: {m}: run `rhetor splits` again", f.path)))?;
    }
    let files = plan.files.into_iter().map(|f| (f.path.clone(), std::sync::Arc::new(f))).collect();
    Ok((GivenBlocks(std::sync::Arc::new(files)), sha256_hex(&bytes)))
}
