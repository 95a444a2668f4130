//! What can keep the explorer from starting: a folder that is not a results folder, files that do
//! not match each other, a port that cannot be bound.

use std::path::PathBuf;

/// An error opening a results folder or starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{dir}: not a results folder ({why}); make one with `rhetor analyze CORPUS --out {dir}` (the explorer \
         reads its results.json and Parquet files)"
    )]
    NotResults { dir: PathBuf, why: String },
    #[error("{path}: {why}")]
    Mismatch { path: PathBuf, why: String },
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: line {line}, column {column}: {message}")]
    Json { path: PathBuf, line: usize, column: usize, message: String },
    #[error("{path}: not a Parquet file rhetor can read: {source}")]
    Parquet { path: PathBuf, source: parquet::errors::ParquetError },
    #[error("cannot listen on {address}: {why}")]
    Bind { address: String, why: String },
}
