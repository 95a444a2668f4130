//! Writing outputs: every file rendered in memory first, then written to a temporary file beside its
//! target and renamed, so a failed run never leaves a partial file.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Write `files` (name, contents) into `dir` atomically, creating `dir` if needed. Returns the paths.
pub fn write_all<N: AsRef<str>>(dir: &Path, files: &[(N, String)]) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let mut temps = Vec::new();
    for (name, contents) in files {
        let name = name.as_ref();
        let target = dir.join(name);
        let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let written =
            std::fs::File::create(&temp).and_then(|mut f| f.write_all(contents.as_bytes()).and_then(|()| f.sync_all()));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            for (t, _) in &temps {
                let _ = std::fs::remove_file(t);
            }
            return Err(e).with_context(|| format!("cannot write {}", target.display()));
        }
        temps.push((temp, target));
    }
    let mut done = Vec::new();
    for (temp, target) in temps {
        std::fs::rename(&temp, &target).with_context(|| format!("cannot write {}", target.display()))?;
        done.push(target);
    }
    Ok(done)
}

/// Print to stdout, treating a closed pipe (`| head`) as success.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to stdout"),
    }
}
