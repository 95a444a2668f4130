//! Writing outputs: every file written to a temporary file beside its target and renamed, so a
//! failed run never leaves a partial file (nor, on any exit but SIGKILL, a temporary one; see
//! [`crate::temp`]).

use crate::temp::TempFile;
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output files written to temporary files beside their targets, renamed into place together by
/// [`Staged::commit`]; dropped without a commit (an error, a panic), the temporary files are removed.
pub struct Staged {
    dir: PathBuf,
    /// (temporary file, target), in order.
    files: Vec<(TempFile, PathBuf)>,
    /// The folders this run made for it (the folder and any missing parents), deepest first:
    /// dropped without a commit, it removes those that nothing else has come into.
    made: Vec<PathBuf>,
}

impl Drop for Staged {
    fn drop(&mut self) {
        // The temporary files first (each removes itself), then the folders made, if now empty.
        self.files.clear();
        for d in &self.made {
            let _ = std::fs::remove_dir(d);
        }
    }
}

impl Staged {
    /// Stage files for `dir`, creating it if needed; temporary files that a killed run left there
    /// are removed.
    pub fn new(dir: &Path) -> anyhow::Result<Staged> {
        let made: Vec<PathBuf> =
            dir.ancestors().take_while(|d| !d.as_os_str().is_empty() && !d.exists()).map(Path::to_path_buf).collect();
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create output folder {}", dir.display()))?;
        crate::temp::sweep_stale(dir);
        Ok(Staged { dir: dir.to_path_buf(), files: Vec::new(), made })
    }

    /// Stage a file with these contents.
    pub fn text(&mut self, name: &str, contents: &str) -> anyhow::Result<()> {
        self.with(name, |w| w.write_all(contents.as_bytes()).map_err(anyhow::Error::from))
    }

    /// Stage a file that `write` writes (through a buffer).
    pub fn with(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut (dyn Write + Send)) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let target = self.dir.join(name);
        let temp = TempFile::beside(&self.dir, name, "tmp");
        // No fsync: the rename guards against this program failing half way, and a results file
        // is cheap to make again; waiting for the disk would cost seconds on large runs.
        let written = std::fs::File::create(temp.path()).map_err(anyhow::Error::from).and_then(|f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
            write(&mut out)?;
            out.flush().map_err(anyhow::Error::from)
        });
        // Removed on drop from here, written or not.
        self.files.push((temp, target.clone()));
        written.with_context(|| format!("cannot write {}", target.display()))
    }

    /// Stage a file that the caller writes through the returned handle (Parquet files written as
    /// documents finish); staging `name` again replaces the earlier one (removed).
    pub fn file(&mut self, name: &str) -> anyhow::Result<std::fs::File> {
        let target = self.dir.join(name);
        self.files.retain(|(_, t)| *t != target);
        let temp = TempFile::beside(&self.dir, name, "tmp");
        let file = std::fs::File::create(temp.path());
        self.files.push((temp, target.clone()));
        file.with_context(|| format!("cannot write {}", target.display()))
    }

    /// Rename every staged file into place. Returns the targets. All or none: a target that is a
    /// folder stops the commit before any rename, and if a rename still fails, the files already
    /// renamed by this commit are removed (a failed run leaves none of its outputs).
    pub fn commit(mut self) -> anyhow::Result<Vec<PathBuf>> {
        if let Some((_, t)) = self.files.iter().find(|(_, t)| t.is_dir()) {
            anyhow::bail!("cannot write {}: a folder of that name is in the way", t.display());
        }
        let mut done = Vec::new();
        for (temp, target) in std::mem::take(&mut self.files) {
            if let Err(e) = temp.persist(&target) {
                for d in &done {
                    let _ = std::fs::remove_file(d);
                }
                return Err(e).with_context(|| format!("cannot write {}", target.display()));
            }
            done.push(target);
        }
        self.made.clear();
        Ok(done)
    }
}

/// A TSV field: a tab, line break or backslash in it written as `\t`, `\n`, `\r`, `\\` (the
/// "linear TSV" convention of PostgreSQL's COPY and many readers), so that every row has its fields.
pub fn tsv(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\t', '\n', '\r', '\\']) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.into()
}

/// Print to stdout, treating a closed pipe (`| head`) as success.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to stdout"),
    }
}

/// Rows as CSV (RFC 4180 quoting by the `csv` crate).
pub fn csv_text<'a>(header: &[&str], rows: impl Iterator<Item = Vec<&'a str>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned()
}
