//! `results.json` read into what the pages need: the run, every document's metadata and metrics
//! (one column per metric, for sorting and timelines), the groups' and the corpus's results.
//! The documents are read in every layout rhetor has written (see `result_documents`).

use crate::error::ServeError;
use crate::result_documents::{Doc, RawDocuments, full_documents, table_documents};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// A metric of the catalogue: the corpus's metrics, in the order the analyzers give them.
#[derive(Debug, Clone)]
pub struct MetricInfo {
    pub analyzer: String,
    pub name: String,
    pub unit: String,
    pub description: String,
}

impl MetricInfo {
    /// `analyzer.metric`, the key in URLs.
    pub fn key(&self) -> String {
        format!("{}.{}", self.analyzer, self.name)
    }
}

/// A metric as groups and the corpus write it.
#[derive(Debug, Clone, Deserialize)]
pub struct Metric {
    pub name: String,
    pub value: Option<f64>,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub description: String,
}

/// A table of a group's or the corpus's result.
#[derive(Debug, Clone, Deserialize)]
pub struct Table {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// One analyzer's result for a group or the corpus.
#[derive(Debug, Clone, Deserialize)]
pub struct ScopeResult {
    pub analyzer: String,
    pub metrics: Vec<Metric>,
    #[serde(default)]
    pub tables: Vec<Table>,
    #[serde(default)]
    pub evidence_count: Option<u64>,
}

/// A group of the grouping: its name, documents (indices) and results.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub documents: Vec<usize>,
    pub results: Vec<ScopeResult>,
}

/// The run's provenance, as `results.json` gives it.
#[derive(Debug, Clone, Deserialize)]
pub struct Run {
    #[serde(default)]
    pub rhetor_version: String,
    #[serde(default)]
    pub config_path: String,
    #[serde(default)]
    pub config_sha256: String,
    #[serde(default)]
    pub inputs: Vec<Input>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Input {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// Everything the pages read from `results.json`.
#[derive(Debug)]
pub struct Results {
    pub schema: String,
    pub run: Run,
    pub docs: Vec<Doc>,
    pub by_id: HashMap<String, usize>,
    /// The metric catalogue, and each document's value of each (`values[doc * metrics.len() + k]`,
    /// NaN where the document has none or it is undefined).
    pub metrics: Vec<MetricInfo>,
    values: Vec<f64>,
    pub group_field: Option<String>,
    pub groups: Vec<Group>,
    pub corpus: Vec<ScopeResult>,
}

#[derive(Deserialize)]
struct RawResults {
    schema: String,
    run: Run,
    documents: RawDocuments,
    #[serde(default)]
    grouping: Option<RawGrouping>,
    corpus: RawScope,
}

#[derive(Deserialize)]
struct RawGrouping {
    field: String,
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
struct RawGroup {
    name: String,
    documents: Vec<String>,
    results: Vec<ScopeResult>,
}

#[derive(Deserialize)]
struct RawScope {
    results: Vec<ScopeResult>,
}

impl Results {
    /// Read `results.json` of `dir`.
    pub fn read(dir: &Path) -> Result<Results, ServeError> {
        let path = dir.join("results.json");
        let text = std::fs::read(&path).map_err(|e| ServeError::NotResults {
            dir: dir.to_path_buf(),
            why: format!("no readable results.json: {e}"),
        })?;
        let raw: RawResults = serde_json::from_slice(&text).map_err(|e| ServeError::Json {
            path: path.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if !raw.schema.starts_with("rhetor-results/") {
            return Err(ServeError::NotResults {
                dir: dir.to_path_buf(),
                why: format!("results.json has schema `{}`, not rhetor-results", raw.schema),
            });
        }
        let metrics: Vec<MetricInfo> = raw
            .corpus
            .results
            .iter()
            .flat_map(|r| {
                r.metrics.iter().map(|m| MetricInfo {
                    analyzer: r.analyzer.clone(),
                    name: m.name.clone(),
                    unit: m.unit.clone(),
                    description: m.description.clone(),
                })
            })
            .collect();
        let slot: HashMap<(&str, &str), usize> =
            metrics.iter().enumerate().map(|(k, m)| ((m.analyzer.as_str(), m.name.as_str()), k)).collect();
        let (docs, values) = match raw.documents {
            RawDocuments::Full(documents) => full_documents(documents, metrics.len(), &slot),
            RawDocuments::Table { columns, data } => {
                let sha: HashMap<&str, &str> =
                    raw.run.inputs.iter().map(|i| (i.path.as_str(), i.sha256.as_str())).collect();
                let analyzers: Vec<&str> = raw.corpus.results.iter().map(|r| r.analyzer.as_str()).collect();
                table_documents(&columns, &data, &sha, &analyzers, metrics.len(), &slot)
                    .map_err(|why| ServeError::NotResults { dir: dir.to_path_buf(), why })?
            }
        };
        let by_id: HashMap<String, usize> = docs.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
        let (group_field, groups) = match raw.grouping {
            Some(g) => {
                let groups = g
                    .groups
                    .into_iter()
                    .map(|x| Group {
                        documents: x.documents.iter().filter_map(|id| by_id.get(id).copied()).collect(),
                        name: x.name,
                        results: x.results,
                    })
                    .collect();
                (Some(g.field), groups)
            }
            None => (None, Vec::new()),
        };
        Ok(Results {
            schema: raw.schema,
            run: raw.run,
            docs,
            by_id,
            metrics,
            values,
            group_field,
            groups,
            corpus: raw.corpus.results,
        })
    }

    /// Document `doc`'s value of metric `k` (NaN when it has none).
    pub fn value(&self, doc: usize, k: usize) -> f64 {
        self.values.get(doc * self.metrics.len() + k).copied().unwrap_or(f64::NAN)
    }

    /// The catalogue index of `analyzer.metric`.
    pub fn metric(&self, key: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m.analyzer.len() < key.len() && key == m.key())
    }

    /// A document's size in words: the `words` metric of text-stats or any analyzer, else tokens.
    pub fn words(&self, doc: usize) -> f64 {
        let k = self.metrics.iter().position(|m| m.name == "words");
        k.map(|k| self.value(doc, k)).filter(|w| w.is_finite()).unwrap_or(self.docs[doc].counts.tokens as f64)
    }

    /// A group by name.
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::Results;

    /// A `results.json` with `documents` as given, one analyzer (`a`, metrics `m` and `n.x`) and
    /// one input, read by [`Results::read`] from a folder of its own.
    fn read(name: &str, documents: &str) -> Result<Results, String> {
        let dir = std::env::temp_dir().join(format!("rhetor-serve-docs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let text = format!(
            r#"{{"schema": "rhetor-results/5",
                "run": {{"inputs": [{{"path": "p.txt", "sha256": "abc", "bytes": 9}}]}},
                "analyzers": [{{"id": "a", "summary": ""}}],
                "documents": {documents},
                "corpus": {{"name": "corpus", "documents": [], "results": [{{"analyzer": "a",
                    "metrics": [{{"name": "m", "value": 1}}, {{"name": "n.x", "value": 2}}]}}]}}}}"#
        );
        std::fs::write(dir.join("results.json"), text).map_err(|e| e.to_string())?;
        let r = Results::read(&dir).map_err(|e| e.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        r
    }

    /// The same two documents in the three layouts give the same metadata, counts, evidence counts
    /// and metric values.
    #[test]
    fn every_layout_reads_alike() {
        let table = r#"{"columns": ["id", "group", "title", "date", "outlet", "speaker", "kind", "extra.topic",
                "source", "bytes", "tokens", "sentences", "paragraphs", "sections", "section_titles",
                "a.m", "a.n.x", "a.evidence_count", "evidence"],
            "data": [["d0", "g", "T", "2024-01-02", null, null, "web", "war", "p.txt", 9, 3, 1, 1, 1, [""], 1.5, null, 4, {}],
                     ["d1", "g", null, null, null, null, null, null, "p.txt", 0, 0, 0, 0, 1, [""], null, 7, 0, {}]]}"#;
        let doc = |id: &str, meta: &str, counts: &str, results: &str| {
            format!(
                r#"{{"id": "{id}", "group": "g", "meta": {meta}, "source": {{"path": "p.txt", "sha256": "abc"}},
                    "counts": {counts}, "sections": [""], "results": [{results}]}}"#
            )
        };
        let meta0 = r#"{"title": "T", "date": "2024-01-02", "kind": "web", "extra": {"topic": "war"}}"#;
        let counts0 = r#"{"bytes": 9, "tokens": 3, "sentences": 1, "paragraphs": 1, "sections": 1}"#;
        let counts1 = r#"{"bytes": 0, "tokens": 0, "sentences": 0, "paragraphs": 0, "sections": 1}"#;
        let compact = format!(
            "[{}, {}]",
            doc("d0", meta0, counts0, r#"{"analyzer": "a", "metrics": {"m": 1.5, "n.x": null}, "evidence_count": 4}"#),
            doc("d1", "{}", counts1, r#"{"analyzer": "a", "metrics": {"m": null, "n.x": 7}}"#),
        );
        let evidence = r#"[{"label": "l", "text": "t", "document": "d0"}, {}, {}, {}]"#;
        let full = format!(
            "[{}, {}]",
            doc(
                "d0",
                meta0,
                counts0,
                &format!(
                    r#"{{"analyzer": "a", "metrics": [{{"name": "m", "value": 1.5}}, {{"name": "n.x", "value": null}}], "evidence": {evidence}}}"#
                )
            ),
            doc(
                "d1",
                "{}",
                counts1,
                r#"{"analyzer": "a", "metrics": [{"name": "m", "value": null}, {"name": "n.x", "value": 7}]}"#
            ),
        );
        for (name, documents) in [("table", table.to_string()), ("compact", compact), ("full", full)] {
            let r = read(name, &documents).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(r.docs.len(), 2, "{name}");
            let d = &r.docs[0];
            assert_eq!((d.id.as_str(), d.group.as_deref()), ("d0", Some("g")), "{name}");
            assert_eq!(d.meta.title.as_deref(), Some("T"), "{name}");
            assert_eq!(d.meta.extra.get("topic").map(String::as_str), Some("war"), "{name}");
            assert_eq!((d.source.path.as_str(), d.source.sha256.as_str()), ("p.txt", "abc"), "{name}");
            assert_eq!((d.counts.bytes, d.counts.tokens, d.evidence), (9, 3, 4), "{name}");
            assert_eq!(r.docs[1].meta.title, None, "{name}");
            let (m, nx) = (r.metric("a.m").expect("a.m"), r.metric("a.n.x").expect("a.n.x"));
            assert_eq!(r.value(0, m), 1.5, "{name}");
            assert!(r.value(0, nx).is_nan() && r.value(1, m).is_nan(), "{name}: null is NaN");
            assert_eq!(r.value(1, nx), 7.0, "{name}");
        }
    }

    /// A table whose rows do not fit its columns, or without ids, is refused with a reason; a
    /// documents value of another shape names what was expected.
    #[test]
    fn a_broken_table_is_refused() {
        let short = r#"{"columns": ["id", "source", "a.m"], "data": [["d0", "p.txt"]]}"#;
        assert!(read("short", short).is_err_and(|e| e.contains("row 0") && e.contains("2 cells for 3 columns")));
        let no_id = r#"{"columns": ["source"], "data": [["p.txt"]]}"#;
        assert!(read("no-id", no_id).is_err_and(|e| e.contains("no `id` column")));
        let no_data = r#"{"columns": ["id"]}"#;
        assert!(read("no-data", no_data).is_err_and(|e| e.contains("data")));
        assert!(read("number", "3").is_err_and(|e| e.contains("a table of documents")));
    }
}
