//! `results.json` read into what the pages need: the run, every document's metadata and metrics
//! (one column per metric, for sorting and timelines), the groups' and the corpus's results.
//! Compact results' documents table (`{"columns", "data"}`, `rhetor-results/5`), compact documents of
//! earlier schemas (`"metrics": {name: value}`) and full ones (`--evidence all`: a list) all read.

use crate::error::ServeError;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
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

/// One document's metadata and counts.
#[derive(Debug, Clone, Deserialize)]
pub struct Doc {
    pub id: String,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub meta: Meta,
    pub source: DocSource,
    pub counts: Counts,
    #[serde(skip)]
    pub evidence: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub speaker: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DocSource {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Counts {
    pub bytes: u64,
    pub tokens: u64,
    pub sentences: u64,
    pub paragraphs: u64,
    pub sections: u64,
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

/// Compact results' documents table (`{"columns", "data"}`), or documents in full (`--evidence all`).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawDocuments {
    Table { columns: Vec<String>, data: Vec<Vec<serde_json::Value>> },
    Full(Vec<RawDoc>),
}

#[derive(Deserialize)]
struct RawDoc {
    #[serde(flatten)]
    doc: Doc,
    #[serde(default)]
    results: Vec<RawDocResult>,
}

#[derive(Deserialize)]
struct RawDocResult {
    analyzer: String,
    metrics: RawMetrics,
    #[serde(default)]
    evidence_count: Option<u64>,
    #[serde(default)]
    evidence: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawMetrics {
    Compact(HashMap<String, Option<f64>>),
    Full(Vec<Metric>),
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
            RawDocuments::Full(documents) => full_documents(documents, &metrics, &slot),
            RawDocuments::Table { columns, data } => {
                table_documents(&columns, data, &raw.run, &raw.corpus, &metrics, &slot)
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

/// Documents written in full, or as compact objects (`"metrics": {name: value}`): their metadata and
/// their row of metric values (`metrics`' order, NaN where absent).
fn full_documents(
    documents: Vec<RawDoc>,
    metrics: &[MetricInfo],
    slot: &HashMap<(&str, &str), usize>,
) -> (Vec<Doc>, Vec<f64>) {
    let mut values = vec![f64::NAN; documents.len() * metrics.len()];
    let mut docs = Vec::with_capacity(documents.len());
    for (i, d) in documents.into_iter().enumerate() {
        let row = &mut values[i * metrics.len()..(i + 1) * metrics.len()];
        let mut doc = d.doc;
        for r in &d.results {
            doc.evidence += r.evidence_count.unwrap_or(r.evidence.len() as u64);
            let mut put = |name: &str, v: Option<f64>| {
                if let Some(&k) = slot.get(&(r.analyzer.as_str(), name)) {
                    row[k] = v.unwrap_or(f64::NAN);
                }
            };
            match &r.metrics {
                RawMetrics::Compact(m) => m.iter().for_each(|(n, v)| put(n, *v)),
                RawMetrics::Full(m) => m.iter().for_each(|x| put(&x.name, x.value)),
            }
        }
        docs.push(doc);
    }
    (docs, values)
}

/// What a column of the documents table holds.
enum Col {
    Id,
    Group,
    Meta(fn(&mut Meta) -> &mut Option<String>),
    Extra(String),
    Source,
    Count(fn(&mut Counts) -> &mut u64),
    Metric(usize),
    EvidenceCount,
    Other,
}

/// The documents table of compact results: each row's metadata and metric values. A document's
/// source SHA-256 is its path's in `run.inputs`.
fn table_documents(
    columns: &[String],
    data: Vec<Vec<serde_json::Value>>,
    run: &Run,
    corpus: &RawScope,
    metrics: &[MetricInfo],
    slot: &HashMap<(&str, &str), usize>,
) -> Result<(Vec<Doc>, Vec<f64>), String> {
    let analyzers: Vec<&str> = corpus.results.iter().map(|r| r.analyzer.as_str()).collect();
    let cols: Vec<Col> = columns
        .iter()
        .map(|c| match c.as_str() {
            "id" => Col::Id,
            "group" => Col::Group,
            "title" => Col::Meta(|m| &mut m.title),
            "date" => Col::Meta(|m| &mut m.date),
            "outlet" => Col::Meta(|m| &mut m.outlet),
            "speaker" => Col::Meta(|m| &mut m.speaker),
            "kind" => Col::Meta(|m| &mut m.kind),
            "source" => Col::Source,
            "bytes" => Col::Count(|c| &mut c.bytes),
            "tokens" => Col::Count(|c| &mut c.tokens),
            "sentences" => Col::Count(|c| &mut c.sentences),
            "paragraphs" => Col::Count(|c| &mut c.paragraphs),
            "sections" => Col::Count(|c| &mut c.sections),
            _ => match c.split_once('.') {
                Some(("extra", key)) => Col::Extra(key.to_string()),
                Some((a, "evidence_count")) if analyzers.contains(&a) => Col::EvidenceCount,
                Some((a, name)) => slot.get(&(a, name)).map_or(Col::Other, |&k| Col::Metric(k)),
                None => Col::Other,
            },
        })
        .collect();
    if !cols.iter().any(|c| matches!(c, Col::Id)) {
        return Err("results.json's documents table has no `id` column".into());
    }
    let sha: HashMap<&str, &str> = run.inputs.iter().map(|i| (i.path.as_str(), i.sha256.as_str())).collect();
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let mut values = vec![f64::NAN; data.len() * metrics.len()];
    let mut docs = Vec::with_capacity(data.len());
    for (i, cells) in data.iter().enumerate() {
        if cells.len() != cols.len() {
            return Err(format!(
                "row {i} of results.json's documents table has {} cells for {} columns",
                cells.len(),
                cols.len()
            ));
        }
        let row = &mut values[i * metrics.len()..(i + 1) * metrics.len()];
        let mut doc = Doc {
            id: String::new(),
            group: None,
            meta: Meta::default(),
            source: DocSource { path: String::new(), sha256: String::new() },
            counts: Counts::default(),
            evidence: 0,
        };
        for (col, v) in cols.iter().zip(cells) {
            match col {
                Col::Id => doc.id = text(v).unwrap_or_default(),
                Col::Group => doc.group = text(v),
                Col::Meta(field) => *field(&mut doc.meta) = text(v),
                Col::Extra(key) => {
                    if let Some(v) = text(v) {
                        doc.meta.extra.insert(key.clone(), v);
                    }
                }
                Col::Source => {
                    doc.source.path = text(v).unwrap_or_default();
                    doc.source.sha256 = sha.get(doc.source.path.as_str()).map(|s| s.to_string()).unwrap_or_default();
                }
                Col::Count(field) => *field(&mut doc.counts) = v.as_u64().unwrap_or(0),
                Col::Metric(k) => row[*k] = v.as_f64().unwrap_or(f64::NAN),
                Col::EvidenceCount => doc.evidence += v.as_u64().unwrap_or(0),
                Col::Other => {}
            }
        }
        docs.push(doc);
    }
    Ok((docs, values))
}
