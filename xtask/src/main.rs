//! Project tasks, run as `cargo xtask TASK`:
//! - `report`: analyze the bundled corpus with `config/default.toml` in every format into
//!   `target/report/`;
//! - `bench`: throughput (MB/s) and peak memory of ingest and of the full default run on the SOTU
//!   corpus (1× and 10×, 1 and 2 threads), beside a bare word count as the reference ceiling, and
//!   the print profile on the 100× print seed, and the `rhetoric` analyzer with the default and a
//!   5,000-entry dictionary, and the `repetition` analyzer (whole and by stage); `bench tokens`,
//!   `bench print`, `bench rhetoric`, `bench repetition`, `bench targets [kcna-2024|sotu]` and `bench sentiment` (VADER beside
//!   vaderSentiment) run one part; the full bench also runs the peers when installed and the
//!   scaling series (1×, 2×, 4×, 10×, batch and streaming); `bench --peers` lists the peers and how
//!   to install them (it installs nothing); `bench hostile` the inputs that once grew a run faster
//!   than its size (identical documents, a vocabulary growing under `--stream`, large dictionaries)
//!   at three sizes each; `bench outputs [CORPUS]` the results at corpus scale (SOTU, SOTU ×10,
//!   kcna-2024, SOTU's paragraphs as 25,000 documents, or the one named: time, peak memory and every
//!   output's bytes against the targets, and the memory a document costs beyond its text); `bench serve` the
//!   explorer on `kcna-2024` ×10: start-up, then 2,000 requests from 8 clients (median and p99 per
//!   page);
//! - `new-analyzer NAME`: a new analyzer crate from `crates/analyzers/_template`, linked into the
//!   umbrella and configured in `config/default.toml` (see `new_analyzer.rs`);
//! - `spark`: the Spark recipe of docs/distributed.md on PySpark in local mode, compared with one run;
//! - `conformance`: `rhetor sentiment` against the full vaderSentiment and afinn reference sets;
//! - `fuzz [TARGET] [--time SECONDS]`: the cargo-fuzz targets of `fuzz/` (nightly), one or all in turn.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod bench;
mod bench_blocks;
mod bench_collate;
mod bench_hostile;
mod bench_outputs;
mod bench_peers;
mod bench_print;
mod bench_repetition;
mod bench_rhetoric;
mod bench_sentiment;
mod bench_serve;
mod bench_shards;
mod bench_stack;
mod bench_targets;
mod conformance;
mod fuzz;
mod measure;
mod new_analyzer;
mod spark;

use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("report") => report(),
        Some("conformance") => conformance::conformance(&root()),
        Some("fuzz") => fuzz::fuzz(&root(), &args[1..]),
        Some("new-analyzer") => match args.get(1) {
            Some(id) if args.len() == 2 => new_analyzer::new_analyzer(&root(), id),
            _ => bail!("usage: cargo xtask new-analyzer NAME"),
        },
        Some("bench") if args.get(1).is_some_and(|a| a == "print") => {
            let b = bench_print::print_profile(&root())?;
            let (rate, ceiling) = (b.mb / b.seconds, b.mb / b.ceiling_seconds);
            println!(
                "print profile, 1 thread: {:.1} MB in {:.3} s = {rate:.1} MB/s ({} articles); \
                 bare word count {ceiling:.1} MB/s; ratio {:.2}x",
                b.mb,
                b.seconds,
                b.docs,
                rate / ceiling
            );
            Ok(())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "rhetoric") => {
            let (mb, default, large, n) = bench_rhetoric::rhetoric(&root())?;
            println!(
                "rhetoric, 1 thread, SOTU {mb:.1} MB tokenized: default dictionary {:.1} MB/s; \
                 {n}-entry dictionary {:.1} MB/s ({:.0}% of the default's speed)",
                mb / default,
                mb / large,
                100.0 * default / large
            );
            Ok(())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "targets") => {
            println!("targets, 1 thread, tokenized (target: >= 50 MB/s with each shipped file):");
            for r in bench_targets::targets(&root(), args.get(2).map(String::as_str))? {
                let (c, f, k, mb) = (r.corpus, r.file, r.config, r.mb);
                println!("  {c} ({mb:.1} MB), {f}, {k}: {:.1} MB/s", mb / r.seconds);
            }
            Ok(())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "repetition") => {
            let (mb, parts) = bench_repetition::repetition(&root())?;
            println!("repetition, 1 thread, {mb:.1} MB tokenized (target: whole analyzer >= 25 MB/s):");
            for p in &parts {
                println!(
                    "  {:<16} {:>7.3} s  {:>6.1} MB/s (fastest run {:.1} MB/s)",
                    p.name,
                    p.seconds,
                    mb / p.seconds,
                    mb / p.fastest
                );
            }
            Ok(())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "collate") => {
            let (n, m, seconds, variants, moved) = bench_collate::collate(&root())?;
            println!(
                "collate, 1 thread: {n} and {m} tokens (2% changed, a passage moved) tokenized, aligned and classified \
                 in {seconds:.3} s ({variants} variants, {moved} transposition; target < 2 s)"
            );
            Ok(())
        }
        Some("spark") => spark::spark(&root()),
        Some("bench") if args.get(1).is_some_and(|a| a == "--peers") => {
            bench_peers::list();
            Ok(())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "peers") => {
            let (words, ours, peer) = bench_peers::lexical_diversity(&root())?;
            print!("lexical diversity, 1 thread, SOTU ({words} words): rhetor (all seven measures) {ours:.3} s");
            match peer {
                Some(p) => println!("; lexicalrichness MTLD alone {p:.3} s; ratio {:.0}x", p / ours),
                None => println!(),
            }
            let (words, ours, peer) = bench_peers::ngram_counting(&root())?;
            print!("repeated n-grams, 1 thread, SOTU ({words} words): rhetor maximal repeats {ours:.3} s");
            match peer {
                Some(p) => println!("; nltk counting every n-gram {p:.3} s; ratio {:.1}x", p / ours),
                None => println!(),
            }
            let b = bench_peers::bing(&root())?;
            if let Some((r, a)) = &b.tidytext {
                println!(
                    "Bing, 1 thread, SOTU ({} documents, {:.1} MB): rhetor sentiment (whole process) {:.3} s; R tidytext \
                     unnest_tokens + join + count {r:.3} s; ratio {:.1}x",
                    b.documents,
                    b.mb,
                    b.rhetor_seconds,
                    r / b.rhetor_seconds
                );
                println!("{}", bench_peers::agreement_line(a, b.documents));
            }
            Ok(())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "sentiment") => {
            print_vader(&bench_sentiment::vader(&root())?);
            Ok(())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "tokens") => bench::tokens(&root()),
        Some("bench") if args.get(1).is_some_and(|a| a == "hostile") => bench_hostile::hostile(&root()),
        Some("bench") if args.get(1).is_some_and(|a| a == "outputs") => {
            let root = root();
            let rhetor = build_rhetor(&root)?;
            bench_outputs::outputs_bench(&root, &rhetor, args.get(2).map(String::as_str))
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "serve") => {
            let root = root();
            let rhetor = build_rhetor(&root)?;
            bench_serve::serve_bench(&root, &rhetor)
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "shards") => {
            let root = root();
            let rhetor = build_rhetor(&root)?;
            bench_shards::shards_bench(&root, &rhetor)?;
            bench_blocks::blocks_bench(&root, &rhetor)
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "stack") => {
            let root = root();
            let rhetor = build_rhetor(&root)?;
            if let Some((stack, ours, mb)) = bench_stack::peer_stack(&root, &rhetor)? {
                println!("{}", bench_stack::line(stack, ours, mb));
            }
            Ok(())
        }
        Some("bench") => bench::bench(&root()),
        _ => {
            eprintln!(
                "usage: cargo xtask <report|conformance|spark|fuzz [TARGET] [--time SECONDS]|bench [tokens|print|rhetoric|repetition|sentiment|collate|hostile|outputs [CORPUS]|serve|shards|peers|stack|--peers]>"
            );
            std::process::exit(2)
        }
    }
}

/// Print the VADER benchmark's line.
pub fn print_vader(b: &bench_sentiment::VaderBench) {
    let rate = b.mb / b.seconds;
    print!("sentiment (vader), 1 thread, SOTU {:.1} MB in {} sentences: {rate:.1} MB/s", b.mb, b.sentences);
    match b.python_seconds {
        Some(py) => println!(
            "; vaderSentiment {:.2} MB/s; ratio {:.0}x (targets: >= 90 MB/s, >= 100x)",
            b.mb / py,
            py / b.seconds
        ),
        None => println!(" (target >= 90 MB/s)"),
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf()
}

/// Build the release `rhetor` binary and return its path.
pub fn build_rhetor(root: &Path) -> anyhow::Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--package", "rhetor-cli", "--bin", "rhetor"])
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("building rhetor failed");
    }
    Ok(root.join("target/release/rhetor"))
}

fn report() -> anyhow::Result<()> {
    let root = root();
    let rhetor = build_rhetor(&root)?;
    let out = root.join("target/report");
    let status = Command::new(&rhetor)
        .args(["analyze", "corpus", "--config", "config/default.toml", "--group-by", "kind", "--out", "target/report"])
        .args(["--format", "json", "--format", "jsonl", "--format", "csv", "--format", "md", "--format", "html"])
        .current_dir(&root)
        .status()
        .context("cannot run rhetor")?;
    if !status.success() {
        bail!("rhetor analyze failed");
    }
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).context("results.json")?)?;
    println!("\nSummary of the bundled corpus:");
    // Compact results (the default) give the documents as a table: a column per metric.
    let table = &results["documents"];
    let columns: Vec<&str> = table["columns"].as_array().into_iter().flatten().filter_map(|c| c.as_str()).collect();
    let at = |name: &str| columns.iter().position(|c| *c == name);
    for row in table["data"].as_array().into_iter().flatten() {
        let cell = |name: &str| at(name).map_or(&serde_json::Value::Null, |k| &row[k]);
        let metric = |name: &str| cell(name).as_f64().unwrap_or(f64::NAN);
        println!(
            "  {:<42} {:>6} words {:>4} sentences  Flesch reading ease {:.1}",
            cell("id").as_str().unwrap_or(""),
            metric("text-stats.words"),
            metric("text-stats.sentences"),
            metric("text-stats.flesch_reading_ease"),
        );
    }
    println!("\nOpen target/report/report.html in a browser (or read target/report/report.md).");
    println!(
        "Explore it (search, filter, every piece of evidence in its text, the concordance): \
         target/release/rhetor serve target/report   (then open the URL it prints)"
    );
    sotu_reports(&root, &rhetor)
}

/// The State of the Union corpus beside the repository, grouped by party and by century, into
/// `target/report-sotu/{party,century}/` (skipped with a note when `../shared/data/sotu` is absent).
fn sotu_reports(root: &Path, rhetor: &Path) -> anyhow::Result<()> {
    let sotu = root.join("../shared/data/sotu");
    if !sotu.is_dir() {
        println!("(no {}: the State of the Union reports are skipped)", sotu.display());
        return Ok(());
    }
    for field in ["party", "century"] {
        let out = root.join("target/report-sotu").join(field);
        println!("\nState of the Union addresses by {field}:");
        let status = Command::new(rhetor)
            .args(["analyze", "--manifest", "config/sources/sotu.toml"])
            .arg(&sotu)
            .args(["--config", "config/default.toml", "--group-by", field, "--out"])
            .arg(&out)
            .args(["--format", "json", "--format", "csv", "--format", "md", "--format", "html"])
            .current_dir(root)
            .status()
            .context("cannot run rhetor")?;
        if !status.success() {
            bail!("rhetor analyze failed on the State of the Union corpus");
        }
    }
    println!("\nOpen target/report-sotu/party/report.html and target/report-sotu/century/report.html.");
    Ok(())
}
