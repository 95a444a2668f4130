//! `cargo xtask fuzz [TARGET] [--time SECONDS]`: coverage-guided fuzzing of the parsers with
//! cargo-fuzz (libFuzzer, nightly toolchain) in `fuzz/`. Runs one target, or every target of
//! `cargo +nightly fuzz list` in turn, for SECONDS each (default 60), then prints per target the
//! executions and whether a crash was found (its panic message and the input libFuzzer saved).
//! New corpus entries go to `fuzz/corpus-run/TARGET` (ignored by git); `fuzz/corpus/TARGET` holds the
//! committed seeds. Installs nothing: without cargo-fuzz it says how to install it and fails.

use anyhow::{Context as _, bail};
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Seconds per target when `--time` is not given.
const DEFAULT_SECONDS: u64 = 60;

/// What one run of one target gave.
struct Outcome {
    target: String,
    seconds: u64,
    /// Inputs executed (libFuzzer's `stat::number_of_executed_units`, else the last `#N` line).
    executions: Option<u64>,
    /// The panic (or sanitizer report) and the saved input, when the run crashed.
    crash: Option<Crash>,
    /// The run failed without a libFuzzer report (a build error, a bad argument).
    failed: bool,
}

struct Crash {
    message: String,
    input: Option<String>,
}

/// A `cargo` for the nightly toolchain: the environment a `cargo xtask` run inherits from the
/// stable toolchain's proxies must not pin the toolchain or the target directory.
fn nightly_cargo(fuzz_dir: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("+nightly")
        .current_dir(fuzz_dir)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .env("CARGO_TARGET_DIR", fuzz_dir.join("target"));
    cmd
}

pub fn fuzz(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let mut target: Option<String> = None;
    let mut seconds = DEFAULT_SECONDS;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time" => {
                let v = it.next().context("--time needs a number of seconds")?;
                seconds = v.parse().with_context(|| format!("--time {v}: not a number of seconds"))?;
            }
            s if s.starts_with("--time=") => {
                let v = &s["--time=".len()..];
                seconds = v.parse().with_context(|| format!("--time {v}: not a number of seconds"))?;
            }
            s if s.starts_with('-') => bail!("unknown option {s}; usage: cargo xtask fuzz [TARGET] [--time SECONDS]"),
            s if target.is_none() => target = Some(s.to_string()),
            s => bail!("one target at most (got {} and {s})", target.as_deref().unwrap_or("")),
        }
    }
    let fuzz_dir = root.join("fuzz");
    let installed = nightly_cargo(&fuzz_dir)
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        bail!(
            "cargo-fuzz is not installed for the nightly toolchain: install it with `cargo install cargo-fuzz` \
             (and the toolchain with `rustup toolchain install nightly`); nothing was run"
        );
    }
    let all = list_targets(&fuzz_dir)?;
    let targets = match target {
        Some(t) if all.contains(&t) => vec![t],
        Some(t) => bail!("no fuzz target `{t}`; the targets: {}", all.join(", ")),
        None => all,
    };
    let mut outcomes = Vec::new();
    for t in &targets {
        eprintln!("\n=== cargo fuzz run {t} for {seconds} s ===");
        let outcome = run_target(&fuzz_dir, t, seconds)?;
        if outcome.failed && outcome.crash.is_none() && outcome.executions.is_none() {
            bail!("`cargo +nightly fuzz run {t}` failed before fuzzing (see its output above)");
        }
        outcomes.push(outcome);
    }
    println!("\n{:<16} {:>8} {:>13} {:>9}  result", "target", "seconds", "executions", "exec/s");
    for o in &outcomes {
        let execs = o.executions.map_or("?".to_string(), |n| n.to_string());
        let rate = o.executions.map_or("?".to_string(), |n| format!("{:.0}", n as f64 / o.seconds.max(1) as f64));
        let result = match &o.crash {
            None => "no crash".to_string(),
            Some(c) => format!("CRASH: {}", c.message),
        };
        println!("{:<16} {:>8} {:>13} {:>9}  {result}", o.target, o.seconds, execs, rate);
        if let Some(Crash { input: Some(input), .. }) = &o.crash {
            println!("{:<16} {:>8} {:>13} {:>9}  input: {input}", "", "", "", "");
            println!(
                "{:<16} {:>8} {:>13} {:>9}  minimize: (cd fuzz && cargo +nightly fuzz tmin {} {input})",
                "", "", "", "", o.target
            );
        }
    }
    let crashed: Vec<&str> = outcomes.iter().filter(|o| o.crash.is_some()).map(|o| o.target.as_str()).collect();
    if !crashed.is_empty() {
        bail!("crashes found in: {}", crashed.join(", "));
    }
    Ok(())
}

/// The targets `cargo fuzz list` names.
fn list_targets(fuzz_dir: &Path) -> anyhow::Result<Vec<String>> {
    let out = nightly_cargo(fuzz_dir).args(["fuzz", "list"]).output().context("cannot run cargo +nightly fuzz list")?;
    if !out.status.success() {
        bail!("cargo +nightly fuzz list failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    let targets: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if targets.is_empty() {
        bail!("{}: no fuzz targets", fuzz_dir.display());
    }
    Ok(targets)
}

/// Run one target for `seconds`, echoing libFuzzer's output, and read the outcome from it.
fn run_target(fuzz_dir: &Path, target: &str, seconds: u64) -> anyhow::Result<Outcome> {
    let grown: PathBuf = fuzz_dir.join("corpus-run").join(target);
    let seeds: PathBuf = fuzz_dir.join("corpus").join(target);
    std::fs::create_dir_all(&grown).with_context(|| grown.display().to_string())?;
    std::fs::create_dir_all(&seeds).with_context(|| seeds.display().to_string())?;
    // The first corpus folder receives the new inputs: the committed seeds stay as written.
    let mut child = nightly_cargo(fuzz_dir)
        .args(["fuzz", "run", target])
        .arg(&grown)
        .arg(&seeds)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run cargo +nightly fuzz run")?;
    let mut executions: Option<u64> = None;
    let mut panic: Option<String> = None;
    let mut deadly: Option<String> = None;
    let mut input: Option<String> = None;
    let mut after_panic = false;
    let stderr = child.stderr.take().context("no stderr")?;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap_or_default();
        eprintln!("{line}");
        if after_panic {
            // The line after "panicked at FILE:LINE:COL:" is the message.
            if let Some(p) = &mut panic {
                p.push(' ');
                p.push_str(line.trim());
            }
            after_panic = false;
        }
        if let Some(n) = line.strip_prefix("stat::number_of_executed_units:") {
            executions = n.trim().parse().ok().or(executions);
        } else if let Some(rest) = line.strip_prefix("Done ") {
            // "Done 123456 runs in 121 second(s)"
            if let Some(n) = rest.split_whitespace().next().and_then(|n| n.parse().ok()) {
                executions = Some(n);
            }
        } else if let Some(rest) = line.strip_prefix('#') {
            // Status lines: "#4096\tpulse  cov: …"; the last one seen counts the runs so far.
            if let Some(n) = rest.split(|c: char| !c.is_ascii_digit()).next().and_then(|n| n.parse::<u64>().ok()) {
                if executions.is_none_or(|e| n > e) {
                    executions = Some(n);
                }
            }
        }
        if let Some(at) = line.find("panicked at ") {
            if panic.is_none() {
                panic = Some(line[at..].trim_end_matches(':').to_string());
                after_panic = true;
            }
        } else if line.contains("ERROR: libFuzzer:") || line.contains("ERROR: AddressSanitizer:") {
            deadly.get_or_insert_with(|| line.trim().to_string());
        } else if let Some(at) = line.find("Test unit written to ") {
            input = Some(line[at + "Test unit written to ".len()..].trim().to_string());
        }
    }
    let status = child.wait().context("cargo fuzz run")?;
    let crash = match (panic, deadly) {
        (Some(message), _) => Some(Crash { message, input }),
        (None, Some(message)) => Some(Crash { message, input }),
        (None, None) if input.is_some() => Some(Crash { message: "crash (no panic message)".into(), input }),
        (None, None) => None,
    };
    Ok(Outcome { target: target.to_string(), seconds, executions, crash, failed: !status.success() })
}
