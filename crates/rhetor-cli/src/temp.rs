//! Temporary files of a run, removed on every way out: renamed into place on success, removed by
//! their guard's `Drop` on an error or a panic (unwinding), and on SIGINT, SIGTERM or SIGHUP by a
//! watcher thread that removes every file still registered and exits with 128 + the signal. A run
//! killed outright (SIGKILL, a power cut) cannot clean up: the next run writing into the same
//! folder removes what a process that no longer exists left there ([`sweep_stale`]).
//!
//! Every temporary name is `.NAME.tmp-PID` or `.NAME.documents-PID` beside its target, so a
//! stale one is known by its name and the process id in it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files that exist now and are removed if a signal ends the run.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file: registered while it exists, removed when dropped unless renamed into place.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// The temporary file `.NAME.KIND-PID` in `dir` (KIND: `tmp` or `documents`), registered for
    /// removal; nothing is created yet.
    pub fn beside(dir: &Path, name: &str, kind: &str) -> TempFile {
        TempFile::at(dir.join(format!(".{name}.{kind}-{}", std::process::id())))
    }

    /// A temporary file at `path`, registered for removal.
    pub fn at(path: PathBuf) -> TempFile {
        live().push(path.clone());
        TempFile { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Rename into place: the file is no longer temporary.
    pub fn persist(self, target: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, target)
        // Dropped here: unregistered, and the (now absent) file's removal fails quietly; on an
        // error the temporary file is removed.
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let mut live = live();
        if let Some(i) = live.iter().rposition(|p| *p == self.path) {
            live.swap_remove(i);
        }
    }
}

/// Watch for SIGINT, SIGTERM and SIGHUP: on one, remove every temporary file and exit with 128 +
/// the signal number. Call once, early.
pub fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return; // no watcher: the guards still clean up on errors and panics
        };
        let _ = std::thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                for path in live().iter() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    }
}

/// Remove the temporary files that runs which no longer exist left in `dir` (killed outright).
/// Returns how many were removed. Where processes cannot be looked up (no `/proc`), files are
/// removed only when a day old.
pub fn sweep_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let own = std::process::id();
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(stale_pid) else { continue };
        if pid == own || alive(pid, &e) {
            continue;
        }
        if std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary file's name (`.NAME.tmp-PID`, `.NAME.documents-PID`).
fn stale_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (head, pid) = name.rsplit_once('-')?;
    if !(head.ends_with(".tmp") || head.ends_with(".documents")) || pid.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// Whether the process that named a temporary file may still be writing it.
fn alive(pid: u32, entry: &std::fs::DirEntry) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let day = std::time::Duration::from_secs(24 * 3600);
    let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_and_their_process() {
        assert_eq!(stale_pid(".results.json.tmp-4242"), Some(4242));
        assert_eq!(stale_pid(".results.jsonl.documents-17"), Some(17));
        assert_eq!(stale_pid("results.json"), None);
        assert_eq!(stale_pid(".results.json.tmp-"), None);
        assert_eq!(stale_pid(".notes-12"), None);
        assert_eq!(stale_pid(".results.json.tmp-12x"), None);
    }

    #[test]
    fn a_dead_runs_files_are_swept_and_a_live_ones_kept() {
        let dir = std::env::temp_dir().join(format!("rhetor-sweep-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch file");
        // Process ids past the kernel's limit (2^22) never exist.
        let dead = dir.join(".results.json.tmp-4999999");
        let mine = dir.join(format!(".report.html.tmp-{}", std::process::id()));
        let other = dir.join("results.json");
        for p in [&dead, &mine, &other] {
            std::fs::write(p, "x").expect("scratch file");
        }
        assert_eq!(sweep_stale(&dir), 1);
        assert!(!dead.exists() && mine.exists() && other.exists());
        std::fs::remove_dir_all(&dir).expect("scratch file");
    }

    #[test]
    fn a_guard_removes_its_file_unless_persisted() {
        let dir = std::env::temp_dir().join(format!("rhetor-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch file");
        let t = TempFile::beside(&dir, "a.json", "tmp");
        std::fs::write(t.path(), "x").expect("scratch file");
        let p = t.path().to_path_buf();
        assert!(live().contains(&p));
        drop(t);
        assert!(!p.exists() && !live().contains(&p));
        let t = TempFile::beside(&dir, "b.json", "tmp");
        std::fs::write(t.path(), "y").expect("scratch file");
        t.persist(&dir.join("b.json")).expect("scratch file");
        assert_eq!(std::fs::read_to_string(dir.join("b.json")).expect("read"), "y");
        std::fs::remove_dir_all(&dir).expect("scratch file");
    }
}
