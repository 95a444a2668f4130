//! `cargo xtask bench`: MB/s and peak RSS of (a) ingest + tokenize + sentences (`rhetor tokens
//! --count`) and (b) the full default run (`rhetor analyze`, JSON results), on the SOTU speeches and
//! on a 10× copy built under `target/bench/`, with 1 and 2 threads; and in the same run a bare word
//! count (unicode-segmentation words, lowercased, counted in a hash map) over the same bytes as the
//! reference ceiling. Each figure is the median of five runs, the workloads that are compared taken
//! in turn run by run (so that the drift of this shared machine hits them alike). Writes
//! `target/bench/bench.json`.

use crate::measure::{make_copies, median, text_files, timed, word_count};
use anyhow::bail;
use std::path::Path;

struct Row {
    workload: String,
    corpus: String,
    threads: usize,
    mb: f64,
    seconds: f64,
    peak_rss_mb: f64,
}

impl Row {
    /// A row timed inside this process, on one thread (no peak memory of its own).
    fn in_process(workload: impl Into<String>, corpus: impl Into<String>, mb: f64, seconds: f64) -> Row {
        Row { workload: workload.into(), corpus: corpus.into(), threads: 1, mb, seconds, peak_rss_mb: f64::NAN }
    }
}

pub fn bench(root: &Path) -> anyhow::Result<()> {
    let sotu = root.join("../shared/data/sotu/speeches");
    if !sotu.is_dir() {
        bail!(
            "the benchmark corpus is missing: {} does not exist.\n\
             `cargo xtask bench` needs the shared data folder beside the repository (../shared/data/sotu).",
            sotu.display()
        );
    }
    let rhetor = crate::build_rhetor(root)?;
    let x10 = root.join("target/bench/sotu-x10");
    make_copies(&sotu, &x10, 10)?;
    let mut rows = Vec::new();
    let runs = 5;
    for (name, dir) in [("sotu", sotu.clone()), ("sotu-x10", x10.clone())] {
        let files = text_files(&dir)?;
        let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).sum();
        let mb = bytes as f64 / 1e6;
        let d = dir.to_string_lossy().to_string();
        let out = root.join("target/bench/out");
        let o = out.to_string_lossy().to_string();
        let mut workloads = Vec::new();
        for (threads, t) in [(1, "1"), (2, "2")] {
            workloads.push(("ingest+tokenize+sentences", threads, vec!["tokens", "--count", "--threads", t, &d]));
            let full = vec!["analyze", "--quiet", "--threads", t, "--out", &o, &d];
            workloads.push(("full default run (JSON)", threads, full));
        }
        // Run by run, the ceiling and every workload once, so that the machine's drift (this is a
        // shared virtual machine) hits them all alike.
        let mut ceiling = Vec::new();
        let args: Vec<&[&str]> = workloads.iter().map(|(_, _, a)| a.as_slice()).collect();
        let measured = in_turn(&rhetor, root, &args, runs, || {
            ceiling.push(word_count(&files)?);
            Ok(())
        })?;
        rows.push(Row::in_process("ceiling: bare word count", name, mb, median(ceiling)));
        for ((workload, threads, _), (times, peak)) in workloads.into_iter().zip(measured) {
            rows.push(Row {
                workload: workload.into(),
                corpus: name.into(),
                threads,
                mb,
                seconds: median(times),
                peak_rss_mb: peak,
            });
        }
    }
    // Before the benchmarks run in this process: a child's peak memory counts what it shares with
    // this process when it starts, and those hold whole corpora.
    let scale = scaling(root, &rhetor, &sotu, &mut rows)?;
    let pb = crate::bench_print::print_profile(root)?;
    for (workload, seconds) in
        [("ceiling: bare word count", pb.ceiling_seconds), ("print profile (in process)", pb.seconds)]
    {
        rows.push(Row::in_process(workload, "print-x100", pb.mb, seconds));
    }
    let (mb, default, large, entries) = crate::bench_rhetoric::rhetoric(root)?;
    for (workload, seconds) in
        [("rhetoric, default dictionary".to_string(), default), (format!("rhetoric, {entries}-entry dict"), large)]
    {
        rows.push(Row::in_process(workload, "sotu (tokenized)", mb, seconds));
    }
    for r in crate::bench_targets::targets(root, None)? {
        rows.push(Row::in_process(
            format!("targets: {}, {}", r.file, r.config),
            format!("{} (tokenized)", r.corpus),
            r.mb,
            r.seconds,
        ));
    }
    let (mb, parts) = crate::bench_repetition::repetition(root)?;
    for p in &parts {
        rows.push(Row::in_process(format!("repetition: {}", p.name), "sotu-x10 (tokenized)", mb, p.seconds));
    }
    let vader = crate::bench_sentiment::vader(root)?;
    let corpus = "sotu sentences".to_string();
    rows.push(Row::in_process("sentiment: vader", corpus.clone(), vader.mb, vader.seconds));
    if let Some(seconds) = vader.python_seconds {
        rows.push(Row::in_process("peer: vaderSentiment 3.3.2", corpus, vader.mb, seconds));
    }
    let (words, ours, peer) = crate::bench_peers::lexical_diversity(root)?;
    let sotu_mb = rows.iter().find(|r| r.corpus == "sotu").map_or(f64::NAN, |r| r.mb);
    rows.push(Row::in_process("repetition: diversity (7 measures)", format!("sotu ({words} words)"), sotu_mb, ours));
    if let Some(seconds) = peer {
        rows.push(Row::in_process("peer: lexicalrichness MTLD", format!("sotu ({words} words)"), sotu_mb, seconds));
    }
    let (n, _, seconds, _, _) = crate::bench_collate::collate(root)?;
    rows.push(Row::in_process(
        "collate: align + classify",
        format!("{n} tokens x2, 2% changed"),
        (n * 2) as f64 * 6.0 / 1e6,
        seconds,
    ));
    let (words, ours, nltk) = crate::bench_peers::ngram_counting(root)?;
    rows.push(Row::in_process("repetition: maximal repeats", format!("sotu ({words} words)"), sotu_mb, ours));
    if let Some(seconds) = nltk {
        rows.push(Row::in_process("peer: nltk n-gram counts", format!("sotu ({words} words)"), sotu_mb, seconds));
    }
    let b = crate::bench_peers::bing(root)?;
    let mut bing_note = String::from("R tidytext not installed: Bing not compared");
    if let Some((r, a)) = &b.tidytext {
        let corpus = format!("sotu ({} documents)", b.documents);
        for (workload, seconds) in
            [("sentiment: bing (whole process)", b.rhetor_seconds), ("peer: R tidytext bing", *r)]
        {
            rows.push(Row::in_process(workload, corpus.clone(), b.mb, seconds));
        }
        bing_note = crate::bench_peers::agreement_line(a, b.documents);
    }
    let stack = crate::bench_stack::peer_stack(root, &rhetor)?;
    if let Some((stack, ours, mb)) = stack {
        rows.push(Row::in_process("full run (whole process, --out)", "sotu", mb, ours));
        rows.push(Row::in_process("peer stack (whole process)", "sotu", mb, stack));
    }
    print_table(&rows);
    if let Some((stack, ours, mb)) = stack {
        println!("{}", crate::bench_stack::line(stack, ours, mb));
    }
    println!("{scale}");
    println!("{bing_note}");
    crate::print_vader(&vader);
    println!("collate: target < 2 s for two 100,000-token witnesses with 2% variation (MB counted at 6 bytes a token)");
    println!("print profile: {} articles from the 100x print seed; target >= 50 MB/s on one thread", pb.docs);
    println!("rhetoric: targets >= 50 MB/s on one thread; the large dictionary within 10% of the default");
    println!("repetition: target >= 25 MB/s on one thread for the whole analyzer (its stages shown alone)");
    println!("targets: target >= 50 MB/s on one thread with each shipped targets file");
    write_json(root, &rows)
}

/// The scaling series: the full default run (JSON, two threads) and the streaming run (JSONL, one
/// thread) on 1x, 2x, 4x and 10x copies of SOTU; rows for the table, and a line with the time per
/// megabyte against 1x (target: linear within 15%) and the streaming run's peak memory at 10x
/// against 1x (target: at most 1.5x).
fn scaling(root: &Path, rhetor: &Path, sotu: &Path, rows: &mut Vec<Row>) -> anyhow::Result<String> {
    let runs = 5;
    let out = root.join("target/bench/out");
    let mut per_mb = Vec::new();
    let mut stream_rss = Vec::new();
    // The corpora and their workloads, then the runs round-robin over them (the machine's drift
    // hits every size alike).
    let mut series = Vec::new();
    for k in [1usize, 2, 4, 10] {
        let dir = if k == 1 { sotu.to_path_buf() } else { root.join(format!("target/bench/sotu-x{k}")) };
        if k > 1 {
            make_copies(sotu, &dir, k)?;
        }
        let files = text_files(&dir)?;
        let mb = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).sum::<u64>() as f64 / 1e6;
        let d = dir.to_string_lossy().to_string();
        let o = out.to_string_lossy().to_string();
        for (workload, args, threads) in [
            ("scaling: full run (JSON)", vec!["analyze", "--quiet", "--threads", "2", "--out", &o, &d], 2),
            ("scaling: --stream (JSONL)", vec!["analyze", "--stream", "--quiet", "--threads", "1", "--out", &o, &d], 1),
        ] {
            let args: Vec<String> = args.into_iter().map(String::from).collect();
            series.push((k, mb, workload, args, threads));
        }
    }
    let args: Vec<Vec<&str>> = series.iter().map(|(.., a, _)| a.iter().map(String::as_str).collect()).collect();
    let args: Vec<&[&str]> = args.iter().map(Vec::as_slice).collect();
    let measured = in_turn(rhetor, root, &args, runs, || Ok(()))?;
    for ((k, mb, workload, _, threads), (times, peak)) in series.into_iter().zip(measured) {
        let seconds = median(times);
        if threads == 2 {
            per_mb.push((k, seconds / mb));
        } else {
            stream_rss.push((k, peak));
        }
        rows.push(Row {
            workload: workload.into(),
            corpus: format!("sotu x{k}"),
            threads,
            mb,
            seconds,
            peak_rss_mb: peak,
        });
    }
    let base = per_mb.first().map_or(f64::NAN, |p| p.1);
    let linear: Vec<String> = per_mb.iter().map(|(k, s)| format!("{k}x {:.2}", s / base)).collect();
    let rss = |k: usize| stream_rss.iter().find(|r| r.0 == k).map_or(f64::NAN, |r| r.1);
    Ok(format!(
        "scaling: full run time per MB against 1x: {} (target within 1.15); --stream peak memory 10x/1x: {:.2} \
         ({:.0} MB / {:.0} MB; target <= 1.5)",
        linear.join(", "),
        rss(10) / rss(1),
        rss(10),
        rss(1)
    ))
}

/// `cargo xtask bench tokens`: only the ingest + tokenize + sentences workload on SOTU ×10, each run
/// beside a run of the ceiling (interleaved, so the machine's drift hits both alike). Prints the
/// medians and their ratios.
pub fn tokens(root: &Path) -> anyhow::Result<()> {
    let sotu = root.join("../shared/data/sotu/speeches");
    if !sotu.is_dir() {
        bail!("the benchmark corpus is missing: {} does not exist", sotu.display());
    }
    let rhetor = crate::build_rhetor(root)?;
    let x10 = root.join("target/bench/sotu-x10");
    make_copies(&sotu, &x10, 10)?;
    let files = text_files(&x10)?;
    let mb = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).sum::<u64>() as f64 / 1e6;
    let d = x10.to_string_lossy().to_string();
    let runs: usize = std::env::var("XTASK_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let (mut ceiling, mut one, mut two) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        ceiling.push(word_count(&files)?);
        one.push(timed(&rhetor, &["tokens", "--count", "--threads", "1", &d], root)?.0);
        two.push(timed(&rhetor, &["tokens", "--count", "--threads", "2", &d], root)?.0);
    }
    let (c, t1, t2) = (mb / median(ceiling), mb / median(one), mb / median(two));
    println!(
        "SOTU x10 ({mb:.1} MB), median of {runs}: ceiling {c:.1} MB/s; ingest+tokenize+sentences \
         1 thread {t1:.1} MB/s ({:.2}x the ceiling), 2 threads {t2:.1} MB/s ({:.2}x)",
        t1 / c,
        t2 / c
    );
    Ok(())
}

/// `runs` rounds of `before` and then each command of `workloads` once (into an empty
/// `target/bench/out`: replacing the last run's files is not the analysis), so that the machine's
/// drift hits them alike; per command, its times and its peak RSS in MB.
fn in_turn(
    rhetor: &Path,
    root: &Path,
    workloads: &[&[&str]],
    runs: usize,
    mut before: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Vec<(Vec<f64>, f64)>> {
    let mut measured = vec![(Vec::new(), 0.0f64); workloads.len()];
    for _ in 0..runs {
        before()?;
        for (args, (times, peak)) in workloads.iter().zip(&mut measured) {
            let _ = std::fs::remove_dir_all(root.join("target/bench/out"));
            let (s, rss) = timed(rhetor, args, root)?;
            times.push(s);
            *peak = peak.max(rss);
        }
    }
    Ok(measured)
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<28} {:<9} {:>7} {:>8} {:>9} {:>9} {:>11}",
        "workload", "corpus", "threads", "MB", "MB/s", "peak MB", "x ceiling"
    );
    for r in rows {
        let ceiling = rows
            .iter()
            .find(|c| c.corpus == r.corpus && c.workload.starts_with("ceiling"))
            .map_or(f64::NAN, |c| c.mb / c.seconds);
        let rate = r.mb / r.seconds;
        println!(
            "{:<28} {:<9} {:>7} {:>8.1} {:>9.1} {:>9.0} {:>10.2}x",
            r.workload,
            r.corpus,
            r.threads,
            r.mb,
            rate,
            r.peak_rss_mb,
            rate / ceiling
        );
    }
}

fn write_json(root: &Path, rows: &[Row]) -> anyhow::Result<()> {
    let list: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "workload": r.workload, "corpus": r.corpus, "threads": r.threads, "mb": r.mb,
                "median_seconds": r.seconds, "mb_per_s": r.mb / r.seconds,
                "peak_rss_mb": if r.peak_rss_mb.is_finite() { serde_json::json!(r.peak_rss_mb) } else { serde_json::Value::Null },
            })
        })
        .collect();
    let path = root.join("target/bench/bench.json");
    std::fs::write(&path, serde_json::to_string_pretty(&list)? + "\n")?;
    println!("wrote {}", path.display());
    Ok(())
}
