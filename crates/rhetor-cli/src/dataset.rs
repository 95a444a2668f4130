//! The results dataset beside the other outputs: `evidence.parquet`, `metrics.parquet`,
//! `documents.parquet`, `tables.parquet`, `series.parquet` and the analyzers' typed tables
//! (`ANALYZER.TABLE.parquet`) staged in the output folder and written as documents finish (see
//! `rhetor-dataset`), `texts.parquet` beside the run's last work (the work
//! across documents, the groups' results: `BatchRun::finish_beside`) or at the end, and
//! `ingest-log.parquet` at the end; committed with the other files or not at all.

use crate::output::Staged;
use anyhow::Context as _;
use rhetor_dataset::{Dataset, DocumentText};
use rhetor_doc::Document;
use rhetor_engine::{DocumentResult, Plan, RunResults};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write as _};

/// The dataset's files, in the order they are staged.
pub const FILES: [&str; 5] =
    ["evidence.parquet", "metrics.parquet", "documents.parquet", "tables.parquet", "series.parquet"];
/// The ingest log's file.
pub const LOG_FILE: &str = "ingest-log.parquet";
/// The documents' texts' file.
pub const TEXTS_FILE: &str = "texts.parquet";

/// The files being written, and the first error (a document's rows that could not be written
/// stop the writing; the error is reported when the run ends).
pub struct DatasetFiles {
    dataset: Option<Dataset<BufWriter<File>>>,
    log: Option<BufWriter<File>>,
    texts: Option<BufWriter<File>>,
    /// The typed tables' files' names, in the order the dataset gives their writers back.
    typed: Vec<String>,
    error: Option<anyhow::Error>,
}

impl DatasetFiles {
    /// Stage the files in `staged` (again: the earlier ones are replaced): the seven of every run,
    /// and one for each table that `plan`'s analyzers declare typed.
    pub fn open(staged: &mut Staged, plan: &Plan) -> anyhow::Result<DatasetFiles> {
        // A row group's pages are written whole (past the buffer); the buffer takes the small
        // writes between them. Sixteen files or more are open at once.
        let mut open = |name: &str| staged.file(name).map(|f| BufWriter::with_capacity(64 << 10, f));
        let (e, m, d, t, s) = (open(FILES[0])?, open(FILES[1])?, open(FILES[2])?, open(FILES[3])?, open(FILES[4])?);
        let log = Some(open(LOG_FILE)?);
        let texts = Some(open(TEXTS_FILE)?);
        let specs = rhetor_dataset::typed_files(&plan.typed_tables());
        let typed: Vec<String> = specs.iter().map(|f| f.file.clone()).collect();
        let writers =
            specs.into_iter().map(|f| open(&f.file.clone()).map(|w| (f, w))).collect::<anyhow::Result<_>>()?;
        let dataset = Some(Dataset::new([e, m, d, t, s], writers)?);
        Ok(DatasetFiles { dataset, log, texts, typed, error: None })
    }

    /// Write one document's rows (called in corpus order).
    pub fn document(&mut self, d: &DocumentResult) {
        if self.error.is_some() {
            return;
        }
        if let Some(ds) = &mut self.dataset {
            if let Err(e) = ds.document(d) {
                self.error = Some(e.into());
            }
        }
    }

    /// The groups' and the corpus's rows, then the footers, the ingest log and the texts of the
    /// results' documents (`documents`: the corpus's, in corpus order); any error met on the way.
    pub fn finish(mut self, results: &RunResults, documents: &[Document]) -> anyhow::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let Some(mut ds) = self.dataset.take() else { return Ok(()) };
        for g in results.grouping.iter().flat_map(|g| &g.groups) {
            ds.scope("group", Some(&g.name), &g.results)?;
        }
        ds.scope("corpus", None, &results.corpus.results)?;
        let (files, typed) = ds.finish()?;
        for (mut w, name) in files.into_iter().zip(FILES) {
            w.flush().with_context(|| format!("cannot write {name}"))?;
        }
        for (mut w, name) in typed.into_iter().zip(&self.typed) {
            w.flush().with_context(|| format!("cannot write {name}"))?;
        }
        if let Some(log) = self.log.take() {
            let mut w = rhetor_dataset::write_ingest_log(log, &results.run.ingest_log)?;
            w.flush().with_context(|| format!("cannot write {LOG_FILE}"))?;
        }
        if let Some(out) = self.texts.take() {
            // The results' documents (a document that failed under --keep-going has none).
            let by_id: HashMap<&str, &Document> = documents.iter().map(|d| (d.id.as_str(), d)).collect();
            write_texts(out, results.documents.iter().filter_map(|r| by_id.get(r.id.as_str()).copied()))?;
        }
        Ok(())
    }

    /// The texts' file, to be written apart ([`write_texts`]) rather than by [`DatasetFiles::finish`].
    pub fn take_texts(&mut self) -> Option<BufWriter<File>> {
        self.texts.take()
    }
}

/// Write `texts.parquet`: the cleaned text and offset map of each of `documents`, in that order.
pub fn write_texts<'a>(out: BufWriter<File>, documents: impl Iterator<Item = &'a Document>) -> anyhow::Result<()> {
    let texts = documents.map(|d| DocumentText {
        id: &d.id,
        text: &d.text,
        segments: d
            .offsets
            .segments()
            .iter()
            .map(|s| (s.doc_start, s.doc_len, s.src_start, s.src_len, s.copy))
            .collect(),
    });
    let mut w = rhetor_dataset::write_texts(out, texts)?;
    w.flush().with_context(|| format!("cannot write {TEXTS_FILE}"))?;
    Ok(())
}

/// [`DatasetFiles`] written by a thread of their own: documents are sent to it as the analysis
/// goes on (a bounded queue of two batches: the analysis waits rather than holding more). A
/// batch's results are sent at once; a queue shorter than a batch made the analysis wait for the
/// writer at every batch (a quarter of a one-thread run's time on `kcna-2024`'s short articles).
pub struct DatasetWriter {
    tx: Option<std::sync::mpsc::SyncSender<DocumentResult>>,
    handle: Option<std::thread::JoinHandle<DatasetFiles>>,
}

impl DatasetWriter {
    /// Start the writer; documents are handed in `batch` at a time.
    pub fn start(files: DatasetFiles, batch: usize) -> DatasetWriter {
        let (tx, rx) = std::sync::mpsc::sync_channel::<DocumentResult>(2 * batch);
        let handle = std::thread::Builder::new().name("dataset".into()).spawn(move || {
            let mut files = files;
            for d in rx {
                files.document(&d);
            }
            files
        });
        match handle {
            Ok(h) => DatasetWriter { tx: Some(tx), handle: Some(h) },
            // No thread to be had: a writer whose documents are lost, reported at the end.
            Err(_) => DatasetWriter { tx: None, handle: None },
        }
    }

    /// Queue one document's result (in corpus order).
    pub fn send(&self, d: DocumentResult) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(d);
        }
    }

    /// Wait for the queued documents to be written; the files back, to finish.
    pub fn finish(mut self) -> anyhow::Result<DatasetFiles> {
        drop(self.tx.take());
        match self.handle.take().map(std::thread::JoinHandle::join) {
            Some(Ok(files)) => Ok(files),
            Some(Err(_)) => anyhow::bail!("the dataset writer failed (a bug in rhetor, please report it)"),
            None => anyhow::bail!("cannot start a thread to write the dataset"),
        }
    }
}

impl Drop for DatasetWriter {
    /// A writer dropped without finishing (an error, a rerun) stops its thread before its files go.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
