//! `rhetor evidence` and `rhetor merge-evidence`: the corpus evidence of the print and web profiles
//! gathered shard by shard in two rounds, so that a shard of `analyze --shard` given the merged
//! evidence (`--cleaning-evidence`) reads no file but its own. Round 1 reads a shard's files and
//! says what its print stages will ask about and which hyphenated forms it writes; the rounds 1 of
//! every shard merged, round 2 counts, in each shard, what they ask; the rounds 2 merged are the
//! evidence one run gathers from the whole corpus.

use crate::Failure;
use crate::args::{EvidenceArgs, MergeEvidenceArgs};
use crate::common::{ingest_failure, ingest_options, load_config};
use crate::part::{CorpusKey, EVIDENCE_SCHEMA, EvidenceFile, parse_shard, read_evidence};
use anyhow::anyhow;
use rhetor_ingest::{EvidenceRound, IngestOptions, Split};
use std::io::Write as _;
use std::path::Path;

/// Files read per batch.
const BATCH: usize = 64;

/// Write `file` as JSON to `out` (whole or not at all) or stdout.
fn write(file: &EvidenceFile, out: Option<&Path>) -> Result<(), Failure> {
    let json = serde_json::to_vec(file).map_err(|e| Failure::Analysis(e.into()))?;
    match out {
        Some(path) => {
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, &json)
                .and_then(|()| std::fs::rename(&tmp, path))
                .map_err(|e| Failure::Analysis(anyhow!("{}: {e}", path.display())))
        }
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(&json).and_then(|()| o.write_all(b"\n")).map_err(|e| Failure::Analysis(e.into()))
        }
    }
}

/// `rhetor evidence PATHS --shard K/N [--asked ROUND1]`.
pub fn run(args: &EvidenceArgs) -> Result<(), Failure> {
    let (k, n) = parse_shard(&args.shard)?;
    let config = load_config(args.input.config.as_deref())?;
    let corpus = CorpusKey::of(&args.input, &config);
    let blocks = match &args.splits {
        Some(path) => Some(crate::splits::given(path, n, &args.input, &config)?.0),
        None => None,
    };
    let options =
        IngestOptions { split: Some(Split { shard: k, shards: n }), blocks, ..ingest_options(&config, &args.input)? };
    let asked = match &args.asked {
        Some(path) => {
            let f = read_evidence(path)?;
            if f.round != 1 || f.shard.is_some() || f.shards != n || f.corpus != corpus {
                return Err(Failure::Usage(anyhow!(
                    "{}: --asked takes the merged round 1 of the {n} shards, made with these paths and this config (`rhetor merge-evidence`)",
                    path.display()
                )));
            }
            Some(f.asked)
        }
        None => None,
    };
    let threads = args.input.threads.unwrap_or(0);
    let round = rhetor_engine::with_threads(threads, || {
        rhetor_ingest::evidence_round(&args.input.paths, &options, asked.as_ref(), BATCH).map_err(ingest_failure)
    })?;
    let (round, asked, counted) = match round {
        EvidenceRound::Asked(a) => (1, a, None),
        EvidenceRound::Counted(c) => (2, asked.unwrap_or_default(), Some(c)),
    };
    let file =
        EvidenceFile { schema: EVIDENCE_SCHEMA.into(), round, shard: Some(k), shards: n, corpus, asked, counted };
    write(&file, args.out.as_deref())
}

/// `rhetor merge-evidence FILES`: every shard's file of one round, once each.
pub fn merge(args: &MergeEvidenceArgs) -> Result<(), Failure> {
    let usage = |m: String| Failure::Usage(anyhow!(m));
    let mut merged: Option<EvidenceFile> = None;
    let mut seen: Vec<bool> = Vec::new();
    for path in &args.files {
        let f = read_evidence(path)?;
        let Some(k) = f.shard else {
            return Err(usage(format!("{} is merged already", path.display())));
        };
        match merged.as_mut() {
            None => {
                if f.shards == 0 || f.shards > crate::part::MAX_SHARDS {
                    return Err(usage(format!("{}: {} shards is not a shard count", path.display(), f.shards)));
                }
                seen = vec![false; f.shards];
                merged = Some(EvidenceFile { shard: None, ..f.clone() });
            }
            Some(m) => {
                if m.round != f.round || m.shards != f.shards {
                    return Err(usage(format!("{} is of another round or shard count", path.display())));
                }
                if m.corpus != f.corpus {
                    return Err(usage(format!("{} is of another corpus or config", path.display())));
                }
                if m.round == 1 {
                    m.asked.merge(&f.asked);
                } else if m.asked != f.asked {
                    return Err(usage(format!("{} counted for another round 1", path.display())));
                } else if let (Some(c), Some(d)) = (m.counted.as_mut(), f.counted.as_ref()) {
                    c.merge(d);
                }
            }
        }
        match seen.get_mut(k) {
            Some(s) if !*s => *s = true,
            Some(_) => return Err(usage(format!("shard {k} is given twice ({})", path.display()))),
            None => return Err(usage(format!("{}: shard {k} of {}", path.display(), seen.len()))),
        }
    }
    let Some(merged) = merged else { return Err(usage("no evidence files given".into())) };
    let missing: Vec<String> = seen.iter().enumerate().filter(|(_, s)| !**s).map(|(k, _)| k.to_string()).collect();
    if !missing.is_empty() {
        return Err(usage(format!("shards {} of {} are missing", missing.join(", "), seen.len())));
    }
    write(&merged, args.out.as_deref())
}
