//! `rhetor serve DIR`: a local, read-only web explorer over a folder that `rhetor analyze --out`
//! wrote. It reads `results.json` (documents, metrics, groups), the Parquet files (every
//! document's text and evidence, the ingest log) and the source files the results record, and
//! never analyses again. Pages (each state in its URL, so links can be shared and back and forward
//! work):
//!
//! - **Overview** (`/`): the corpus in figures, any metric over time by month or year, by group,
//!   the groups side by side;
//! - **Documents** (`/documents`): search, filter by group and dates, sort by any metric, paged;
//! - **Document** (`/document`): the cleaned text with every evidence item highlighted, toggled by
//!   analyzer and category, each with its source file, line and column; the cleaning edits;
//! - **Concordance** (`/concordance`): `rhetor kwic`'s patterns across the corpus;
//! - **Compare** (`/compare`): two groups or documents, metric by metric, with G² and log ratio;
//! - **Source** (`/source`): the lines of a recorded source file around a span.
//!
//! Architecture Invariant: every text from the results or the corpus reaches a page through
//! [`html::Html`]'s escaping; no path from a request reaches the file system.

mod aggregate;
mod columns;
mod error;
mod explorer;
mod html;
mod kwic;
mod pages;
mod query;
mod reply;
mod result_documents;
mod results;
mod server;
mod store;

pub use error::ServeError;
pub use explorer::Explorer;
pub use server::{Response, Running, respond, start};
