//! The `targets` analyzer's benchmark: `kcna-2024` and SOTU, already tokenized, analyzed on one
//! thread with each shipped targets file (`config/targets/`), in full (the rhetoric categories
//! beside each target and VADER on the sentences naming one, the defaults), each part alone, and
//! with mentions only.
//! Target: ≥ 50 MB/s on one thread. The median of nine runs each, the configurations taking turns.

use rhetor_engine::{Analyzer, ConfigFile, Context};
use rhetor_ingest::{IngestOptions, ingest};
use rhetor_targets::{Targets, TargetsConfig};
use std::path::Path;
use std::time::Instant;

const RUNS: usize = 9;

/// One row: corpus, targets file, configuration, megabytes, seconds.
pub struct TargetsRow {
    pub corpus: &'static str,
    pub file: &'static str,
    pub config: &'static str,
    pub mb: f64,
    pub seconds: f64,
}

/// Every corpus (or `only` the one named) × shipped file × configuration; corpora not on the
/// machine are left out.
pub fn targets(root: &Path, only: Option<&str>) -> anyhow::Result<Vec<TargetsRow>> {
    let data = root.join("../shared/data");
    let corpora = [
        ("kcna-2024", data.join("kcna-2024"), Some(root.join("config/sources/kcna-2024.toml"))),
        ("sotu", data.join("sotu"), Some(root.join("config/sources/sotu.toml"))),
    ];
    let rhetoric = ConfigFile::new(rhetor_rhetoric::BUILTIN_LABEL, rhetor_rhetoric::BUILTIN);
    let mut rows = Vec::new();
    for (name, dir, manifest) in corpora {
        if !dir.exists() || only.is_some_and(|o| o != name) {
            continue;
        }
        let options = IngestOptions { manifest, ..IngestOptions::default() };
        let ingested = ingest(&[dir], &options)?;
        let corpus = &ingested.corpus;
        let mb = corpus.documents.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
        let ctx = Context::new(&corpus.vocab);
        for file in ["dprk-state-media.toml", "political-speech.toml"] {
            let path = root.join("config/targets").join(file);
            let text = ConfigFile::load(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
            // The default (categories and VADER), each part alone, and mentions only.
            let configs = [
                ("default (categories, VADER)", true, true),
                ("categories, no VADER", true, false),
                ("VADER, no categories", false, true),
                ("mentions only", false, false),
            ];
            let mut built = Vec::new();
            for (label, categories, sentiment) in configs {
                let config = TargetsConfig { sentiment, categories, ..TargetsConfig::default() };
                let t =
                    Targets::new(config, &text, categories.then_some(&rhetoric)).map_err(|e| anyhow::anyhow!("{e}"))?;
                built.push((label, t));
            }
            let time = |t: &Targets| -> anyhow::Result<f64> {
                let start = Instant::now();
                for d in &corpus.documents {
                    std::hint::black_box(t.analyze(d, &ctx).map_err(|e| anyhow::anyhow!("{e}"))?);
                }
                Ok(start.elapsed().as_secs_f64())
            };
            let mut times = vec![Vec::new(); built.len()];
            rhetor_engine::with_threads(1, || -> anyhow::Result<()> {
                for _ in 0..RUNS {
                    for ((_, t), times) in built.iter().zip(&mut times) {
                        times.push(time(t)?);
                    }
                }
                Ok(())
            })?;
            for ((config, _), mut times) in built.into_iter().zip(times) {
                times.sort_by(f64::total_cmp);
                rows.push(TargetsRow { corpus: name, file, config, mb, seconds: times[RUNS / 2] });
            }
        }
    }
    Ok(rows)
}
