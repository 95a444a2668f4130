//! Analyzer `rhetoric`: how often a text uses each rhetorical device of a category dictionary, with
//! every hit as evidence. The dictionary format and the default political-rhetoric dictionary are in
//! `config/dictionaries/`; matching rules are in `pattern.rs` and `matcher.rs`. rhetor's own commands
//! (`rhetor dict`, `rhetor kwic`) use [`commands`].
//!
//! Per document (and per section, group and corpus): for each category the hits, the negated hits,
//! the net count, the rate per 1,000 words and the share of sentences with a hit; the entries that
//! matched most; the dictionary's coverage (share of word tokens matched by any category).

pub mod commands;
mod dictionary;
mod import;
mod matcher;
mod pattern;

// The dictionary and its matcher, for the crate's conformance and property tests, the fuzz targets
// and `cargo xtask bench` (rhetor's commands use [`commands`]).
pub use dictionary::Dictionary;
pub use import::{Format as DictionaryFormat, import};
pub use matcher::Matcher;

use matcher::Hit;
use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, Cell, CellKind, ConfigError, ConfigFile, ConfigKey, Context, DocAnalysis,
    DynAnalyzer, EvidenceSpan, Metric, Name, Output, SmolStr, Table, TypedTable, Value,
};

/// The categories table's columns.
const CATEGORY_COLUMNS: [(&str, CellKind); 7] = [
    ("category", CellKind::Text),
    ("label", CellKind::Text),
    ("hits", CellKind::Int),
    ("negated", CellKind::Int),
    ("net", CellKind::Int),
    ("per_1000_words", CellKind::Float),
    ("sentence_share", CellKind::Float),
];

/// The top entries table's columns.
const TOP_ENTRY_COLUMNS: [(&str, CellKind); 3] =
    [("category", CellKind::Text), ("entry", CellKind::Text), ("hits", CellKind::Int)];
use rhetor_doc::Document;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default dictionary, the same file as `config/dictionaries/political-rhetoric.toml`.
pub const BUILTIN: &str = include_str!("../../../../config/dictionaries/political-rhetoric.toml");
pub const BUILTIN_LABEL: &str = "(built-in) config/dictionaries/political-rhetoric.toml";

/// `[analyzers.rhetoric]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RhetoricConfig {
    /// Dictionary file (native TOML); empty for the built-in political-rhetoric dictionary.
    pub dictionary: String,
    /// At most this many hits per document are shown as evidence: those of the first sentences, in
    /// document order (the counts always cover every hit); 0 shows every hit.
    pub max_evidence: usize,
    /// Entries listed per category in the top-entries table.
    pub top_entries: usize,
    /// The dictionary's language (ISO 639-1); documents detected in another make a warning. Empty:
    /// no check.
    pub language: String,
}

impl Default for RhetoricConfig {
    fn default() -> Self {
        RhetoricConfig { dictionary: String::new(), max_evidence: 10_000, top_entries: 5, language: "en".into() }
    }
}

/// The analyzer: the compiled dictionary and the config.
#[derive(Debug)]
pub struct Rhetoric {
    config: RhetoricConfig,
    matcher: Matcher,
    /// Evidence labels, `category: entry`, by category and entry.
    labels: Vec<Vec<SmolStr>>,
    /// Per category: its id, its label (the id without one) and its metric's description, made
    /// once for every document's output.
    names: Vec<[SmolStr; 3]>,
}

/// One category's counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CategoryCount {
    pub hits: u64,
    pub negated: u64,
    /// Sentences with at least one hit.
    pub sentences: u64,
}

/// What a document adds to a group or corpus total.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    pub words: u64,
    pub sentences: u64,
    /// Word tokens inside a hit of any category.
    pub matched_words: u64,
    pub categories: Vec<CategoryCount>,
    /// Hits per `category<TAB>entry`.
    pub entries: BTreeMap<String, u64>,
}

impl Rhetoric {
    pub fn new(config: RhetoricConfig, dict: Dictionary) -> Rhetoric {
        let labels = dict
            .categories
            .iter()
            .map(|c| c.entries.iter().map(|e| format!("{}: {}", c.spec.id, e.text).into()).collect())
            .collect();
        let names = dict
            .categories
            .iter()
            .map(|c| {
                let label = if c.spec.label.is_empty() { &c.spec.id } else { &c.spec.label };
                let description = format!("{label}: net hits per 1,000 words");
                [SmolStr::new(&c.spec.id), SmolStr::new(label), description.into()]
            })
            .collect();
        Rhetoric { config, matcher: Matcher::new(dict), labels, names }
    }

    /// Load the configured dictionary (file, line and entry named on error).
    pub fn from_config(config: RhetoricConfig) -> Result<Rhetoric, ConfigError> {
        let file = if config.dictionary.is_empty() {
            ConfigFile::new(BUILTIN_LABEL, BUILTIN)
        } else {
            ConfigFile::load(std::path::Path::new(&config.dictionary))?
        };
        Ok(Rhetoric::new(config, Dictionary::parse(&file)?))
    }

    fn categories(&self) -> &[dictionary::Category] {
        &self.matcher.dict.categories
    }
}

fn per_thousand(n: i64, words: u64) -> f64 {
    if words == 0 { f64::NAN } else { n as f64 * 1000.0 / words as f64 }
}

impl Analyzer for Rhetoric {
    type Summary = Summary;

    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Summary>, AnalyzeError> {
        let cats = self.categories();
        let mut s = Summary {
            sentences: doc.sentences.len() as u64,
            categories: vec![CategoryCount::default(); cats.len()],
            ..Summary::default()
        };
        let mut entry_hits: Vec<Vec<u64>> = cats.iter().map(|c| vec![0; c.entries.len()]).collect();
        let mut last_sentence: Vec<Option<usize>> = vec![None; cats.len()];
        let mut sections = SectionCounts::new(doc, cats.len());
        let limit = if self.config.max_evidence == 0 { usize::MAX } else { self.config.max_evidence };
        let mut evidence: Vec<EvidenceSpan> = Vec::new();
        // Evidence in document order: the hits come sentence by sentence (sentences in order, each
        // one's by category), so each sentence's items are sorted when the next sentence begins.
        let (mut sentence, mut from) = (0, 0);
        let by_span = |e: &EvidenceSpan| (e.span.start, e.span.end);
        let (words, matched) = self.matcher.scan(doc, ctx.vocab, |h| {
            if h.sentence != sentence {
                evidence[from..].sort_by_key(by_span);
                (sentence, from) = (h.sentence, evidence.len());
            }
            let c = &mut s.categories[h.category];
            c.hits += 1;
            c.negated += u64::from(h.negated);
            if last_sentence[h.category] != Some(h.sentence) {
                c.sentences += 1;
                last_sentence[h.category] = Some(h.sentence);
            }
            entry_hits[h.category][h.entry] += 1;
            sections.add(&h);
            if evidence.len() < limit {
                let span = rhetor_doc::Span::new(doc.tokens[h.first_token].start, doc.tokens[h.last_token].end);
                let label = &self.labels[h.category][h.entry];
                let label = if h.negated { [label.as_str(), " (negated)"].concat().into() } else { label.clone() };
                evidence.push(EvidenceSpan { label, span });
            }
        });
        s.words = words;
        s.matched_words = matched;
        for (ci, counts) in entry_hits.iter().enumerate() {
            for (ei, &n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                s.entries.insert([cats[ci].spec.id.as_str(), "\t", self.matcher.entry_text(ci, ei)].concat(), n);
            }
        }
        evidence[from..].sort_by_key(by_span);
        let mut output = self.summarize(&s, ctx);
        // A document's tables name the categories it has, and its sections only when it has more
        // than one (one section's table would repeat the categories).
        output.tables = output.tables.into_iter().map(|t| t.keep_counted("hits")).collect();
        if doc.sections.len() > 1 {
            output.tables.push(sections.table(doc, cats));
        }
        output.evidence = evidence;
        Ok(DocAnalysis { output, summary: s })
    }

    fn merge(&self, acc: &mut Summary, part: &Summary) {
        acc.words += part.words;
        acc.sentences += part.sentences;
        acc.matched_words += part.matched_words;
        if acc.categories.len() < part.categories.len() {
            acc.categories.resize(part.categories.len(), CategoryCount::default());
        }
        for (a, p) in acc.categories.iter_mut().zip(&part.categories) {
            a.hits += p.hits;
            a.negated += p.negated;
            a.sentences += p.sentences;
        }
        for (k, v) in &part.entries {
            // The key copied only when new to the group.
            match acc.entries.get_mut(k) {
                Some(n) => *n += v,
                None => {
                    acc.entries.insert(k.clone(), *v);
                }
            }
        }
    }

    /// A document's categories and top entries, written wide by the dataset.
    fn typed_tables(&self) -> Vec<TypedTable> {
        vec![TypedTable::new("categories", &CATEGORY_COLUMNS), TypedTable::new("top_entries", &TOP_ENTRY_COLUMNS)]
    }

    fn language(&self) -> Option<&str> {
        Some(self.config.language.as_str()).filter(|l| !l.is_empty())
    }

    fn summarize(&self, s: &Summary, _ctx: &Context<'_>) -> Output {
        let cats = self.categories();
        let count = |i: usize| s.categories.get(i).cloned().unwrap_or_default();
        let total: u64 = (0..cats.len()).map(|i| count(i).hits).sum();
        let coverage = if s.words == 0 { f64::NAN } else { s.matched_words as f64 / s.words as f64 };
        let mut metrics = vec![
            Metric::new("words", s.words as usize, "words", "word tokens"),
            Metric::new(
                "hits",
                total as usize,
                "count",
                "matches of all categories (a token counts once per category)",
            ),
            Metric::new(
                "coverage",
                Value::float(coverage),
                "ratio",
                "share of word tokens inside a match of any category",
            ),
        ];
        let mut rows = Vec::new();
        for i in 0..cats.len() {
            let n = count(i);
            let net = n.hits as i64 - n.negated as i64;
            let rate = per_thousand(net, s.words);
            let share = if s.sentences == 0 { f64::NAN } else { n.sentences as f64 / s.sentences as f64 };
            let [id, label, description] = self.names[i].clone();
            metrics.push(Metric::shared(
                Name::from(&id),
                Value::float(rate),
                Name::new("per 1,000 words"),
                Name::from(&description),
            ));
            rows.push(vec![
                Cell::Text(id),
                Cell::Text(label),
                Cell::Int(n.hits as i64),
                Cell::Int(n.negated as i64),
                Cell::Int(net),
                float_cell(rate),
                float_cell(share),
            ]);
        }
        // The tree: each dotted prefix that is not itself a category gets the sums of the categories
        // under it (a token matched in two of them counts twice there; its sentence share is unknown).
        let mut parents: BTreeMap<String, (u64, u64, usize)> = BTreeMap::new();
        for (i, c) in cats.iter().enumerate() {
            let n = count(i);
            let parts: Vec<&str> = c.spec.id.split('.').collect();
            for k in 1..parts.len() {
                let prefix = parts[..k].join(".");
                if cats.iter().all(|x| x.spec.id != prefix) {
                    let e = parents.entry(prefix).or_default();
                    e.0 += n.hits;
                    e.1 += n.negated;
                    e.2 += 1;
                }
            }
        }
        // A parent of one category only would repeat it.
        for (id, (hits, negated, _)) in parents.into_iter().filter(|(_, p)| p.2 > 1) {
            let net = hits as i64 - negated as i64;
            rows.push(vec![
                Cell::Text(id.as_str().into()),
                Cell::Text(format!("{id}.* (sum)").into()),
                Cell::Int(hits as i64),
                Cell::Int(negated as i64),
                Cell::Int(net),
                float_cell(per_thousand(net, s.words)),
                Cell::Null,
            ]);
        }
        let categories = Table {
            name: "categories".into(),
            description: SmolStr::new_static(
                "per category: hits, negated hits, net, net per 1,000 words, share of sentences with a hit; \
                          then each parent of dotted ids, as the sums of its categories",
            ),
            columns: CATEGORY_COLUMNS.map(|(c, _)| SmolStr::from(c)).to_vec(),
            rows,
        };
        Output { metrics, tables: vec![categories, self.top_table(s)], ..Output::default() }
    }
}

fn float_cell(x: f64) -> Cell {
    if x.is_finite() { Cell::Float((x * 1e4).round() / 1e4) } else { Cell::Null }
}

impl Rhetoric {
    /// The entries that matched most, per category (ties by entry text).
    fn top_table(&self, s: &Summary) -> Table {
        let mut rows = Vec::new();
        for c in self.categories() {
            let prefix = format!("{}\t", c.spec.id);
            let mut mine: Vec<(&str, u64)> =
                s.entries.iter().filter_map(|(k, v)| k.strip_prefix(&prefix).map(|e| (e, *v))).collect();
            mine.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            for (e, v) in mine.into_iter().take(self.config.top_entries) {
                rows.push(vec![
                    Cell::Text(c.spec.id.as_str().into()),
                    Cell::Text(SmolStr::new(e)),
                    Cell::Int(v as i64),
                ]);
            }
        }
        Table {
            name: "top_entries".into(),
            description: format!("the {} entries with most hits per category", self.config.top_entries).into(),
            columns: TOP_ENTRY_COLUMNS.map(|(c, _)| SmolStr::from(c)).to_vec(),
            rows,
        }
    }
}

/// Hits per section and category, found from each hit's first token without a per-token table.
struct SectionCounts<'a> {
    doc: &'a Document,
    /// `(hits, negated)` by section, then category.
    counts: Vec<Vec<(i64, i64)>>,
    categories: usize,
    /// The tokens of the last paragraph looked up, and its section: hits come sentence by
    /// sentence, so most fall in the paragraph of the hit before.
    last: (u32, u32, usize),
}

impl<'a> SectionCounts<'a> {
    fn new(doc: &'a Document, categories: usize) -> Self {
        SectionCounts { doc, counts: vec![Vec::new(); doc.sections.len().max(1)], categories, last: (0, 0, 0) }
    }

    /// The section holding token `t`: its paragraph by binary search (unless it is the last
    /// one's), then the paragraph's section.
    fn section_of(&mut self, t: usize) -> usize {
        let t = t as u32;
        if self.last.0 <= t && t < self.last.1 {
            return self.last.2;
        }
        let p = self.doc.paragraphs.partition_point(|p| p.tokens.end <= t);
        let section = self.doc.sections.partition_point(|s| s.paragraphs.end <= p as u32);
        if let Some(par) = self.doc.paragraphs.get(p) {
            self.last = (par.tokens.start, par.tokens.end, section);
        }
        section
    }

    fn add(&mut self, h: &Hit) {
        let si = self.section_of(h.first_token).min(self.counts.len() - 1);
        let row = &mut self.counts[si];
        if row.is_empty() {
            row.resize(self.categories, (0, 0));
        }
        row[h.category].0 += 1;
        row[h.category].1 += i64::from(h.negated);
    }

    /// Per section and category with hits: hits, negated, net, net per 1,000 words of the section.
    fn table(self, doc: &Document, cats: &[dictionary::Category]) -> Table {
        let words_in = |si: usize| -> u64 {
            let Some(s) = doc.sections.get(si) else { return 0 };
            doc.paragraphs[s.paragraphs.range()]
                .iter()
                .flat_map(|p| p.tokens.range())
                .filter(|&t| doc.tokens[t].kind.is_wordlike())
                .count() as u64
        };
        let rows = self
            .counts
            .into_iter()
            .enumerate()
            .filter(|(_, row)| !row.is_empty())
            .flat_map(|(si, row)| {
                let w = words_in(si);
                row.into_iter().enumerate().filter(|(_, c)| c.0 > 0).map(move |(ci, c)| (si, ci, c, w))
            })
            .map(|(si, ci, (n, neg), w)| {
                let title = doc.sections.get(si).map_or(String::new(), |s| s.title.clone());
                vec![
                    Cell::Int(si as i64),
                    Cell::Text(title.into()),
                    Cell::Text(cats[ci].spec.id.as_str().into()),
                    Cell::Int(n),
                    Cell::Int(neg),
                    Cell::Int(n - neg),
                    float_cell(per_thousand(n - neg, w)),
                ]
            })
            .collect();
        Table {
            name: "sections".into(),
            description: SmolStr::new_static(
                "per section and category with hits: hits, negated, net, net per 1,000 words of the section",
            ),
            columns: ["section", "title", "category", "hits", "negated", "net", "per_1000_words"]
                .map(SmolStr::from)
                .to_vec(),
            rows,
        }
    }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    let config: RhetoricConfig = section.parse()?;
    section.check_range("max_evidence", config.max_evidence, 0, 10_000_000)?;
    section.check_range("top_entries", config.top_entries, 0, 10_000)?;
    Ok(Box::new(Rhetoric::from_config(config)?))
}

rhetor_analyzer::register_analyzer! {
    id: "rhetoric",
    summary: "Rhetorical-pattern counts from a category dictionary (hits, negated, net, per 1,000 words), every hit as evidence",
    keys: &[
        ConfigKey { name: "dictionary", default: "\"\"", description: "dictionary file (native TOML); empty: the built-in political-rhetoric dictionary" },
        ConfigKey { name: "max_evidence", default: "10000", description: "hits shown as evidence per document at most; 0: every hit" },
        ConfigKey { name: "top_entries", default: "5", description: "entries listed per category in the top-entries table" },
        ConfigKey { name: "language", default: "\"en\"", description: "the dictionary's language (ISO 639-1): documents detected in another are counted in a warning; empty: no check" },
    ],
    build: build,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_of_two_categories_get_their_sums() {
        let toml = "[[category]]\nid = \"m.a\"\nentries = [\"fortress\"]\n\
                    [[category]]\nid = \"m.b\"\nentries = [\"vanguard\", \"fortress\"]\n\
                    [[category]]\nid = \"solo.x\"\nentries = [\"banner\"]\n";
        let dict = Dictionary::parse(&ConfigFile::new("t.toml", toml)).unwrap_or_else(|e| panic!("{e}"));
        let r = Rhetoric::new(RhetoricConfig::default(), dict);
        let corpus = rhetor_doc::corpus_from_text("t", "The fortress and the vanguard under the banner.");
        let a = r.analyze(&corpus.documents[0], &Context::new(&corpus.vocab)).unwrap_or_else(|e| panic!("{e}"));
        let table = &a.output.tables[0];
        let ids: Vec<String> = table
            .rows
            .iter()
            .map(|row| if let Cell::Text(t) = &row[0] { t.to_string() } else { String::new() })
            .collect();
        assert_eq!(ids, ["m.a", "m.b", "solo.x", "m"], "a parent of one category is not repeated");
        assert_eq!(table.rows[3][2], Cell::Int(3), "fortress counts in both children, so twice in the sum");
        assert_eq!(a.output.evidence.len(), 4);
        assert_eq!(a.summary.matched_words, 3);
    }
}
