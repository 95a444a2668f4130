//! The documents of `results.json` as the explorer reads them, in every layout rhetor has written:
//! compact results' table (`{"columns", "data"}`, `rhetor-results/5`), compact document objects
//! (`"metrics": {name: value}`, `rhetor-results/3` and `/4`) and documents in full (`--evidence
//! all`, a list whose evidence is skipped unread). Each gives the documents' metadata and their
//! row of metric values.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::{BTreeMap, HashMap};

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

/// Compact results' documents table, or documents as objects. Read by their JSON shape (an object
/// or a list) without buffering the value first, so that the full layout's evidence is skipped as
/// it is read and an error keeps its line and column.
pub(crate) enum RawDocuments {
    Table { columns: Vec<String>, data: Vec<Vec<serde_json::Value>> },
    Full(Vec<RawDoc>),
}

impl<'de> Deserialize<'de> for RawDocuments {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> Visitor<'de> for Shape {
            type Value = RawDocuments;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of documents ({\"columns\", \"data\"}) or a list of documents")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawDocuments, A::Error> {
                let mut docs = Vec::new();
                while let Some(d) = seq.next_element()? {
                    docs.push(d);
                }
                Ok(RawDocuments::Full(docs))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDocuments, A::Error> {
                let (mut columns, mut data) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "columns" => columns = Some(map.next_value()?),
                        "data" => data = Some(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let columns = columns.ok_or_else(|| serde::de::Error::missing_field("columns"))?;
                let data = data.ok_or_else(|| serde::de::Error::missing_field("data"))?;
                Ok(RawDocuments::Table { columns, data })
            }
        }
        d.deserialize_any(Shape)
    }
}

#[derive(Deserialize)]
pub(crate) struct RawDoc {
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
    Full(Vec<FullMetric>),
}

/// A metric of a document written in full (its unit and description are the corpus's).
#[derive(Deserialize)]
struct FullMetric {
    name: String,
    value: Option<f64>,
}

/// Documents written in full, or as compact objects (`"metrics": {name: value}`): their metadata and
/// their row of metric values (`metrics`' order, NaN where absent).
pub(crate) fn full_documents(
    documents: Vec<RawDoc>,
    metrics: usize,
    slot: &HashMap<(&str, &str), usize>,
) -> (Vec<Doc>, Vec<f64>) {
    let mut values = vec![f64::NAN; documents.len() * metrics];
    let mut docs = Vec::with_capacity(documents.len());
    for (i, d) in documents.into_iter().enumerate() {
        let row = &mut values[i * metrics..(i + 1) * metrics];
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
pub(crate) fn table_documents(
    columns: &[String],
    data: &[Vec<serde_json::Value>],
    sha: &HashMap<&str, &str>,
    analyzers: &[&str],
    metrics: usize,
    slot: &HashMap<(&str, &str), usize>,
) -> Result<(Vec<Doc>, Vec<f64>), String> {
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
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let mut values = vec![f64::NAN; data.len() * metrics];
    let mut docs = Vec::with_capacity(data.len());
    for (i, cells) in data.iter().enumerate() {
        if cells.len() != cols.len() {
            return Err(format!(
                "row {i} of results.json's documents table has {} cells for {} columns",
                cells.len(),
                cols.len()
            ));
        }
        let row = &mut values[i * metrics..(i + 1) * metrics];
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
