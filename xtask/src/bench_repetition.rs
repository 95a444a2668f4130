//! The `repetition` analyzer's benchmark: the SOTU x10 concatenation, already tokenized, analyzed
//! on one thread (the whole analyzer, then each stage alone: repeats, diversity, figures, the passages
//! shared across documents, compression).
//! Target: ≥ 25 MB/s per thread for the whole analyzer. Medians of `XTASK_RUNS` runs (default 5).

use rhetor_engine::{Analyzer, Context};
use rhetor_ingest::{IngestOptions, ingest};
use rhetor_repetition::bench::{Prepared, diversity, lexical_forms};
use rhetor_repetition::{Repetition, RepetitionConfig};
use std::path::Path;
use std::time::Instant;

/// One timed part: its name and median seconds.
pub struct Part {
    pub name: &'static str,
    pub seconds: f64,
    /// The fastest run (the least disturbed by the rest of the machine).
    pub fastest: f64,
}

/// `(megabytes, parts)`; the first part is the whole analyzer.
pub fn repetition(root: &Path) -> anyhow::Result<(f64, Vec<Part>)> {
    let runs: usize = std::env::var("XTASK_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    // The SOTU x10 concatenation, as the target says; XTASK_CORPUS=path reads another corpus.
    let corpus_path = match std::env::var("XTASK_CORPUS") {
        Ok(path) => path.into(),
        Err(_) => {
            let x10 = root.join("target/bench/sotu-x10");
            crate::measure::make_copies(&root.join("../shared/data/sotu/speeches"), &x10, 10)?;
            x10
        }
    };
    let ingested = ingest(&[corpus_path], &IngestOptions::default())?;
    let corpus = &ingested.corpus;
    let mb = corpus.documents.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let ctx = Context::new(&corpus.vocab);
    let all_docs: Vec<&rhetor_doc::Document> = corpus.documents.iter().collect();
    let config = RepetitionConfig::default();
    let analyzer = Repetition::new(config.clone());
    let words: Vec<Prepared> = corpus.documents.iter().map(Prepared::new).collect();
    let prints: Vec<Vec<rhetor_engine::Print>> = corpus.documents.iter().map(|d| analyzer.prints(d, &ctx)).collect();
    let refs: Vec<&[rhetor_engine::Print]> = prints.iter().map(Vec::as_slice).collect();
    type Stage<'a> = (&'static str, Box<dyn Fn() -> anyhow::Result<()> + Send + Sync + 'a>);
    // XTASK_STAGE=name times that stage alone (for a profiler).
    let only = std::env::var("XTASK_STAGE").ok();
    let mut stages: Vec<Stage<'_>> = vec![
        (
            "whole analyzer",
            Box::new(|| {
                for d in &corpus.documents {
                    std::hint::black_box(analyzer.analyze(d, &ctx).map_err(|e| anyhow::anyhow!("{e}"))?);
                }
                let made = |i: usize| std::borrow::Cow::Owned(analyzer.prints(all_docs[i], &ctx));
                std::hint::black_box(analyzer.across(&all_docs, &made, &ctx));
                Ok(())
            }),
        ),
        (
            "repeats",
            Box::new(|| {
                for w in &words {
                    std::hint::black_box(w.maximal_repeats(&config));
                }
                Ok(())
            }),
        ),
        (
            "diversity",
            Box::new(|| {
                for d in &corpus.documents {
                    std::hint::black_box(diversity(&lexical_forms(d), &config));
                }
                Ok(())
            }),
        ),
        (
            "figures",
            Box::new(|| {
                for (d, w) in corpus.documents.iter().zip(&words) {
                    std::hint::black_box(w.figures(d, &corpus.vocab, &config));
                }
                Ok(())
            }),
        ),
        (
            "fingerprints",
            Box::new(|| {
                for d in &corpus.documents {
                    std::hint::black_box(analyzer.prints(d, &ctx));
                }
                Ok(())
            }),
        ),
        (
            "shared passages (given fingerprints)",
            Box::new(|| {
                std::hint::black_box(analyzer.across(&all_docs, &|i| std::borrow::Cow::Borrowed(refs[i]), &ctx));
                Ok(())
            }),
        ),
        (
            "compression",
            Box::new(|| {
                for d in &corpus.documents {
                    std::hint::black_box(rhetor_repetition::deflated_len(d.text.as_bytes()));
                }
                Ok(())
            }),
        ),
    ];
    if let Some(only) = &only {
        stages.retain(|(name, _)| name == only);
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); stages.len()];
    rhetor_engine::with_threads(1, || -> anyhow::Result<()> {
        for _ in 0..runs {
            for (k, (_, f)) in stages.iter().enumerate() {
                let start = Instant::now();
                f()?;
                times[k].push(start.elapsed().as_secs_f64());
            }
        }
        Ok(())
    })?;
    let parts = stages
        .iter()
        .zip(&mut times)
        .map(|((name, _), t)| {
            t.sort_by(f64::total_cmp);
            Part { name, seconds: t[t.len() / 2], fastest: t[0] }
        })
        .collect();
    Ok((mb, parts))
}
