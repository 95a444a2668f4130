//! The `rhetor` command. Exit codes: 0 success, 1 analysis or input error, 2 usage or config error.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod analyze;
mod args;
mod attribution;
mod collate;
mod commands;
mod common;
mod dataset;
mod dict;
mod evidence;
mod ingest;
mod keyness;
mod kwic;
mod output;
mod part;
mod reassemble;
mod render;
mod run_info;
mod sentiment;
mod serve;
mod shard;
mod splits;
mod stream;
mod temp;
mod tokens;

use clap::Parser;
use std::process::ExitCode;

/// A failed command and the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or configuration: exit 2.
    Usage(anyhow::Error),
    /// Bad input or a failed analysis: exit 1.
    Analysis(anyhow::Error),
}

impl Failure {
    fn report(&self) -> ExitCode {
        let (err, code) = match self {
            Failure::Usage(e) => (e, 2),
            Failure::Analysis(e) => (e, 1),
        };
        eprintln!("error: {}", message(err));
        ExitCode::from(code)
    }
}

/// An error and its causes on one line, each cause once: a cause whose text the message already
/// holds (an OS error quoted by the error above it) is not repeated.
fn message(err: &anyhow::Error) -> String {
    let mut msg = err.to_string();
    for cause in err.chain().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    temp::clean_up_on_signals();
    // A panic is a bug: reported on one line with exit 1, never a backtrace; the temporary files
    // are removed as it unwinds. Inside one document's work it names the document.
    rhetor_engine::quiet_panics();
    match rhetor_engine::catch(|| commands::dispatch(cli.command)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(f)) => f.report(),
        Err(panic) => {
            eprintln!("error: internal error, a bug in rhetor (please report it): {panic}");
            ExitCode::from(1)
        }
    }
}
