//! `cargo xtask new-analyzer NAME`, end to end: in a temporary copy of the workspace (its tracked
//! files), the command makes an analyzer `probe` from the template; the copy builds, `rhetor
//! analyzers` lists it and a report of the bundled corpus has its results, without any other edit.
//! The copy builds into `target/new-analyzer-check` (its dependencies compiled once, then kept).
#![allow(clippy::print_stderr)] // a skipped test says why

mod common;
use common::{root, scratch};
use std::path::Path;
use std::process::Command;

fn run(program: &Path, args: &[&str], dir: &Path, target: &Path) -> std::process::Output {
    let o = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    assert!(
        o.status.success(),
        "{} {}: {}\n{}",
        program.display(),
        args.join(" "),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

#[test]
fn a_new_analyzer_builds_registers_and_reports() {
    let root = root();
    let Ok(files) = Command::new("git").args(["ls-files", "-z"]).current_dir(&root).output() else {
        eprintln!("skipped: no git to list the workspace's files");
        return;
    };
    if !files.status.success() {
        eprintln!("skipped: the workspace is not a git checkout");
        return;
    }
    let copy = scratch("new-analyzer-workspace");
    for name in files.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let to = copy.join(&name);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        // A file deleted but not yet committed is simply not copied.
        let _ = std::fs::copy(root.join(&name), &to);
    }
    let cargo = std::path::PathBuf::from(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    let target = root.join("target/new-analyzer-check");
    let made = run(&cargo, &["run", "-q", "--offline", "-p", "xtask", "--", "new-analyzer", "probe"], &copy, &target);
    let said = String::from_utf8_lossy(&made.stdout);
    assert!(said.contains("wrote crates/analyzers/probe/src/lib.rs"), "{said}");
    run(&cargo, &["build", "-q", "--offline", "-p", "rhetor-cli"], &copy, &target);
    let rhetor = target.join("debug/rhetor");
    let listed = run(&rhetor, &["analyzers"], &copy, &target);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.lines().any(|l| l.starts_with("probe ")), "{listed}");
    let report = run(&rhetor, &["analyze", "corpus", "--format", "md"], &copy, &target);
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(report.contains("probe") && report.contains("question_share"), "the report has the new analyzer");
    let config = std::fs::read_to_string(copy.join("config/default.toml")).expect("config");
    assert!(config.contains("[analyzers.probe]\n") && config.contains(", \"probe\"]"), "configured and run by default");
}
