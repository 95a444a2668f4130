//! Analyzer `repetition`: how much a text repeats itself, and how.
//!
//! Per document:
//! - **Repeats**: maximal repeated word sequences of `min_n..=max_n` words within a sentence
//!   (`repeats.rs`), each with its count and every occurrence as evidence; sequences made only of
//!   stop words are left out unless `include_stop_only`.
//! - **Formulaicity**: the share of words inside an occurrence of a reported repeat of at least
//!   `formula_min_n` words.
//! - **Figures** of repetition: anaphora, epistrophe, enumerations and triads (`figures.rs`).
//! - **Lexical diversity**: TTR, MATTR, MTLD, MTLD-MA (bidirectional), HD-D, Maas, Yule's K over
//!   the word tokens (words and other-script words; numbers left out, as `lexicalrichness` does)
//!   (`diversity.rs`).
//! - **Shared passages** (corpus only, `passages.rs`): passages of `passage_min_n` words or more that
//!   two documents share, each pair with both spans as evidence, found through fingerprints each
//!   document makes alone (`prints`, which a shard's part carries).
//! - **Compression ratio**: DEFLATE-compressed size over raw size of the normalized text, by
//!   `miniz_oxide` (raw DEFLATE stream, level 1, its fastest): lower means more repetitive.
//!
//! Groups and the corpus: words and formulaic words summed; diversity measures as means over
//! documents weighted by their words; compressed and raw bytes summed; figure counts summed; and the
//! **formulae** table: the repeats of `formula_min_n` words or more found within documents, their
//! counts summed and their documents counted. That table is capped at `corpus_cap` entries: when a
//! merge would exceed it, the entries seen least often are dropped and the largest dropped count is
//! kept as the table's floor (reported: counts at or below it may be incomplete). A phrase used once
//! in each of many documents is not a formula here (it does not repeat within a document).

pub mod bench;
mod compression;
mod diversity;
mod figures;
mod formulae;
mod passages;
mod repeats;
mod shared;
mod stopwords;
mod word_forms;

pub use compression::{COMPRESSION_LEVEL, deflated_len};
pub use formulae::{FormulaRef, Formulae};

use rhetor_analyzer::SmolStr;
use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, Cell, CellKind, ConfigError, ConfigKey, Context, DocAnalysis, DynAnalyzer,
    EvidenceSpan, Metric, Output, Print, PrintsOf, Series, Table, TypedTable, Value,
};

/// The repeats table's columns.
const REPEAT_COLUMNS: [(&str, CellKind); 4] =
    [("repeat", CellKind::Text), ("words", CellKind::Int), ("count", CellKind::Int), ("first_sentence", CellKind::Int)];

/// The figures table's columns.
const FIGURE_COLUMNS: [(&str, CellKind); 4] =
    [("figure", CellKind::Text), ("pattern", CellKind::Text), ("members", CellKind::Int), ("note", CellKind::Text)];
use rhetor_doc::{Document, FormId};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use word_forms::Words;

/// What a figure's units are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureUnit {
    Sentence,
    Paragraph,
}

/// `[analyzers.repetition]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RepetitionConfig {
    pub min_n: usize,
    pub max_n: usize,
    pub cross_sentences: bool,
    pub stop_words: Vec<String>,
    pub include_stop_only: bool,
    pub formula_min_n: usize,
    pub top_repeats: usize,
    pub max_evidence: usize,
    pub dispersion_repeats: usize,
    pub dispersion_points: usize,
    pub figure_unit: FigureUnit,
    pub min_run: usize,
    pub stop_openings: bool,
    pub mattr_window: usize,
    pub mtld_threshold: f64,
    pub hdd_draws: usize,
    pub corpus_cap: usize,
    pub passage_min_n: usize,
    pub max_passages: usize,
    pub passage_max_occurrences: usize,
    pub passage_window: usize,
    pub passage_max_words: usize,
}

impl Default for RepetitionConfig {
    fn default() -> Self {
        RepetitionConfig {
            min_n: 2,
            max_n: 12,
            cross_sentences: false,
            stop_words: Vec::new(),
            include_stop_only: false,
            formula_min_n: 3,
            top_repeats: 20,
            max_evidence: 2000,
            dispersion_repeats: 10,
            dispersion_points: 1000,
            figure_unit: FigureUnit::Sentence,
            min_run: 2,
            stop_openings: false,
            mattr_window: 50,
            mtld_threshold: 0.72,
            hdd_draws: 42,
            corpus_cap: 10_000,
            passage_min_n: 8,
            max_passages: 100,
            passage_max_occurrences: 64,
            passage_window: 4,
            passage_max_words: 50_000_000,
        }
    }
}

/// The analyzer.
#[derive(Debug, Clone, Default)]
pub struct Repetition {
    config: RepetitionConfig,
}

/// What a document adds to a group. Diversity measures are kept as word-weighted sums, in the order
/// of the `DIVERSITY` table (ttr, mattr, mtld, mtld_ma_bid, hdd, maas, yule_k).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub documents: u64,
    pub words: u64,
    pub formulaic_words: u64,
    pub repeats: u64,
    pub raw_bytes: u64,
    pub compressed_bytes: u64,
    pub figures: [u64; 4],
    pub diversity_sum: [f64; 7],
    pub diversity_words: [f64; 7],
    pub formulae: Formulae,
    /// The largest count dropped by the cap (0: nothing dropped).
    pub formulae_floor: u64,
}

/// Diversity metric names, units and descriptions, in summary order.
const DIVERSITY: [(&str, &str, &str); 7] = [
    ("ttr", "ratio", "type-token ratio of the word tokens"),
    ("mattr", "ratio", "moving-average TTR (window `mattr_window`)"),
    ("mtld", "words", "measure of textual lexical diversity (threshold `mtld_threshold`)"),
    ("mtld_ma_bid", "words", "moving-average MTLD, both directions"),
    ("hdd", "ratio", "HD-D (`hdd_draws` draws), lexicalrichness scale"),
    ("maas", "index", "Maas a² (lower is more diverse)"),
    ("yule_k", "index", "Yule's K (higher is more repetitive)"),
];

impl Repetition {
    pub fn new(config: RepetitionConfig) -> Repetition {
        Repetition { config }
    }

    fn stop_ids(&self, ctx: &Context<'_>) -> FxHashSet<u32> {
        let list: Vec<&str> = if self.config.stop_words.is_empty() {
            stopwords::ENGLISH.to_vec()
        } else {
            self.config.stop_words.iter().map(String::as_str).collect()
        };
        list.iter().filter_map(|w| ctx.vocab.get(&rhetor_doc::normalize_form(w))).map(|f| f.0).collect()
    }
}

fn diversity_values(d: &diversity::Diversity) -> [f64; 7] {
    [d.ttr, d.mattr, d.mtld, d.mtld_ma_bid, d.hdd, d.maas, d.yule_k]
}

impl Analyzer for Repetition {
    type Summary = Summary;

    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Summary>, AnalyzeError> {
        let c = &self.config;
        let stop = self.stop_ids(ctx);
        // Diversity and compression first, so that their buffers are gone before the repeats'.
        let lexical = word_forms::lexical_forms(doc);
        let params = diversity::Params {
            mattr_window: c.mattr_window,
            mtld_threshold: c.mtld_threshold,
            hdd_draws: c.hdd_draws,
        };
        let div = diversity::measure(&lexical, &params);
        let lexical_words = lexical.len();
        word_forms::give_back(lexical);
        let compressed = deflated_len(doc.text.as_bytes());

        let words = Words::new(doc, c.cross_sentences);
        let n = words.len();
        let found = repeats::maximal_repeats(&words.forms, words.units(), c.min_n.max(1), c.max_n.max(1));
        let stop_only = |r: &repeats::Repeat| {
            let s = r.starts[0] as usize;
            words.forms[s..s + r.len].iter().all(|f| stop.contains(f))
        };
        let mut kept: Vec<&repeats::Repeat> = found.iter().filter(|r| c.include_stop_only || !stop_only(r)).collect();
        // Most words covered first, then longer, then earlier.
        kept.sort_by_key(|r| (std::cmp::Reverse(r.len * r.starts.len()), std::cmp::Reverse(r.len), r.starts[0]));

        // Formulaicity: words inside an occurrence of a kept repeat of formula_min_n words or more.
        let mut delta = vec![0i32; n + 1];
        for r in kept.iter().filter(|r| r.len >= c.formula_min_n) {
            for &s in &r.starts {
                delta[s as usize] += 1;
                delta[s as usize + r.len] -= 1;
            }
        }
        let mut depth = 0;
        let mut formulaic = 0u64;
        for d in &delta[..n] {
            depth += d;
            formulaic += u64::from(depth > 0);
        }

        let fig_options = figures::Options {
            min_run: c.min_run,
            stop_openings: c.stop_openings,
            stop: &stop,
            units: figures::units(doc, &words, c.figure_unit == FigureUnit::Paragraph),
        };
        let figs = figures::find(doc, &words, ctx.vocab, &fig_options);

        let mut s = Summary {
            documents: 1,
            words: n as u64,
            formulaic_words: formulaic,
            repeats: kept.len() as u64,
            raw_bytes: doc.text.len() as u64,
            compressed_bytes: compressed,
            ..Summary::default()
        };
        for f in &figs {
            s.figures[f.kind as usize] += 1;
        }
        for (k, v) in diversity_values(&div).into_iter().enumerate() {
            if v.is_finite() {
                s.diversity_sum[k] = v * lexical_words as f64;
                s.diversity_words[k] = lexical_words as f64;
            }
        }
        let form_text = |start: usize, len: usize| {
            let mut text = String::with_capacity(len * 8);
            for (k, &f) in words.forms[start..start + len].iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                text.push_str(ctx.vocab.form(FormId(f)));
            }
            text
        };
        for r in kept.iter().filter(|r| r.len >= c.formula_min_n) {
            s.formulae.add_in_document(form_text(r.starts[0] as usize, r.len), r.len as u32, r.starts.len() as u64);
        }
        s.formulae.cap(&mut s.formulae_floor, c.corpus_cap);

        // The document's output: its metrics with exact (not re-weighted) diversity values.
        let mut output = self.report(&s, Some(diversity_values(&div)));
        let surface = |r: (usize, usize)| doc.span_text(words.span(doc, r.0, r.1 - r.0)).to_string();
        output.tables.push(Table {
            name: "repeats".into(),
            description: SmolStr::new_static("maximal repeated word sequences, most words covered first"),
            columns: REPEAT_COLUMNS.map(|(c, _)| SmolStr::from(c)).to_vec(),
            rows: kept
                .iter()
                .take(c.top_repeats)
                .map(|r| {
                    let s0 = r.starts[0] as usize;
                    vec![
                        Cell::Text(surface((s0, s0 + r.len)).into()),
                        Cell::Int(r.len as i64),
                        Cell::Int(r.starts.len() as i64),
                        Cell::Int(i64::from(words.sentences[s0])),
                    ]
                })
                .collect(),
        });
        output.tables.push(Table {
            name: "figures".into(),
            description: SmolStr::new_static("figures of repetition in document order"),
            columns: FIGURE_COLUMNS.map(|(c, _)| SmolStr::from(c)).to_vec(),
            rows: figs
                .iter()
                .map(|f| {
                    vec![
                        Cell::Text(f.kind.as_str().into()),
                        Cell::Text(surface(f.pattern).into()),
                        Cell::Int(f.members.len() as i64),
                        Cell::Text(f.note.as_str().into()),
                    ]
                })
                .collect(),
        });
        // Evidence: every figure member, then repeat occurrences, most important repeats first.
        let mut evidence: Vec<EvidenceSpan> = Vec::new();
        'figures: for f in &figs {
            let pattern = surface(f.pattern);
            let total = f.members.len();
            for (k, m) in f.members.iter().enumerate() {
                if evidence.len() >= c.max_evidence {
                    break 'figures;
                }
                evidence.push(EvidenceSpan {
                    label: format!("{}: {pattern} ({}/{total})", f.kind.as_str(), k + 1).into(),
                    span: words.span(doc, m.0, m.1 - m.0),
                });
            }
        }
        // Occurrences of the repeats in the table (the counts shown); `rhetor kwic` finds the rest.
        'repeats: for r in kept.iter().take(c.top_repeats) {
            let s0 = r.starts[0] as usize;
            let label = SmolStr::from(format!("repeat x{}: {}", r.starts.len(), form_text(s0, r.len)));
            for &st in &r.starts {
                if evidence.len() >= c.max_evidence {
                    break 'repeats;
                }
                evidence.push(EvidenceSpan { label: label.clone(), span: words.span(doc, st as usize, r.len) });
            }
        }
        output.evidence = evidence;
        output.series.push(dispersion(&kept, n, c.dispersion_repeats, c.dispersion_points));
        drop(kept);
        drop(found);
        words.recycle();
        Ok(DocAnalysis { output, summary: s })
    }

    /// A document's repeats and figures, written wide by the dataset.
    fn typed_tables(&self) -> Vec<TypedTable> {
        vec![TypedTable::new("repeats", &REPEAT_COLUMNS), TypedTable::new("figures", &FIGURE_COLUMNS)]
    }

    fn merge(&self, acc: &mut Summary, part: &Summary) {
        acc.documents += part.documents;
        acc.words += part.words;
        acc.formulaic_words += part.formulaic_words;
        acc.repeats += part.repeats;
        acc.raw_bytes += part.raw_bytes;
        acc.compressed_bytes += part.compressed_bytes;
        for k in 0..4 {
            acc.figures[k] += part.figures[k];
        }
        for k in 0..7 {
            acc.diversity_sum[k] += part.diversity_sum[k];
            acc.diversity_words[k] += part.diversity_words[k];
        }
        acc.formulae.merge(&part.formulae);
        acc.formulae_floor = acc.formulae_floor.max(part.formulae_floor);
        acc.formulae.cap(&mut acc.formulae_floor, self.config.corpus_cap);
    }

    fn prints(&self, doc: &Document, ctx: &Context<'_>) -> Vec<Print> {
        if self.config.passage_min_n == 0 {
            return Vec::new();
        }
        let (k, window) = shared::run_and_window(&self.config);
        let words: Vec<u64> =
            doc.word_forms().iter().map(|&f| passages::word_hash(ctx.vocab.form(FormId(f)))).collect();
        passages::winnow(&words, k, window)
    }

    fn across(&self, docs: &[&Document], prints: &PrintsOf<'_>, ctx: &Context<'_>) -> Output {
        if self.config.passage_min_n == 0 {
            Output::default()
        } else {
            shared::shared_output(&self.config, docs, prints, ctx.vocab)
        }
    }

    fn summarize(&self, s: &Summary, _ctx: &Context<'_>) -> Output {
        let mut output = self.report(s, None);
        let mut top: Vec<FormulaRef<'_>> = s.formulae.iter().collect();
        top.sort_by(|a, b| b.count.cmp(&a.count).then(b.len.cmp(&a.len)).then(a.words.cmp(b.words)));
        output.tables.push(Table {
            name: "formulae".into(),
            description: format!(
                "repeats of {}+ words within documents, counts summed{}",
                self.config.formula_min_n,
                if s.formulae_floor > 0 {
                    format!("; capped: counts at or below {} may be incomplete", s.formulae_floor)
                } else {
                    String::new()
                }
            )
            .into(),
            columns: ["formula", "words", "count", "documents"].map(SmolStr::from).to_vec(),
            rows: top
                .iter()
                .take(self.config.top_repeats)
                .map(|f| {
                    vec![
                        Cell::Text(f.words.into()),
                        Cell::Int(i64::from(f.len)),
                        Cell::Int(f.count as i64),
                        Cell::Int(f.documents as i64),
                    ]
                })
                .collect(),
        });
        output
    }
}

impl Repetition {
    /// Metrics from a summary; `exact` gives a single document's own diversity values.
    fn report(&self, s: &Summary, exact: Option<[f64; 7]>) -> Output {
        let ratio = |a: u64, b: u64| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        let mut metrics = vec![
            Metric::new("words", s.words as usize, "count", "word tokens (words, numbers, other-script words)"),
            Metric::new("repeats", s.repeats as usize, "count", "maximal repeated sequences reported"),
            Metric::new(
                "formulaicity",
                Value::float(ratio(s.formulaic_words, s.words)),
                "ratio",
                "share of words inside a repeat of `formula_min_n` words or more",
            ),
            Metric::new(
                "compression_ratio",
                Value::float(ratio(s.compressed_bytes, s.raw_bytes)),
                "ratio",
                "DEFLATE (miniz_oxide, level 1) size over raw size of the text; lower is more repetitive",
            ),
        ];
        for (k, kind) in
            [figures::Kind::Anaphora, figures::Kind::Epistrophe, figures::Kind::Enumeration, figures::Kind::Triad]
                .into_iter()
                .enumerate()
        {
            let description = match kind {
                figures::Kind::Anaphora => "anaphora figures",
                figures::Kind::Epistrophe => "epistrophe figures",
                figures::Kind::Enumeration => "enumeration figures",
                figures::Kind::Triad => "triad figures",
            };
            metrics.push(Metric::new(kind.as_str(), s.figures[k] as usize, "count", description));
        }
        for (k, (name, unit, description)) in DIVERSITY.iter().enumerate() {
            let value = match exact {
                Some(v) => v[k],
                None => s.diversity_sum[k] / s.diversity_words[k],
            };
            metrics.push(if exact.is_some() {
                Metric::new(name, Value::float(value), unit, description)
            } else {
                let description = format!("{description}; mean over documents weighted by words");
                Metric::owned(name, Value::float(value), unit, &description)
            });
        }
        Output { metrics, ..Output::default() }
    }
}

/// The positions of the top repeats along the document: x the share of words before the occurrence,
/// y the repeat's rank. A repeat with more than `per_repeat` occurrences shows every k-th one, k
/// the smallest stride that keeps it within the limit (a plot cannot show more marks anyway).
fn dispersion(kept: &[&repeats::Repeat], words: usize, top: usize, per_repeat: usize) -> Series {
    let mut points = Vec::new();
    let mut thinned = false;
    for (rank, r) in kept.iter().take(top).enumerate() {
        let stride = r.starts.len().div_ceil(per_repeat.max(1)).max(1);
        thinned |= stride > 1;
        for &s in r.starts.iter().step_by(stride) {
            points.push([s as f64 / words.max(1) as f64, (rank + 1) as f64]);
        }
    }
    let description = if thinned {
        format!(
            "where the top repeats occur: one row per repeat, one mark per occurrence (at most {per_repeat} marks per repeat: every k-th occurrence of a more frequent one)"
        )
    } else {
        "where the top repeats occur: one row per repeat, one mark per occurrence".into()
    };
    Series {
        name: "repeat dispersion".into(),
        description: description.into(),
        x_label: SmolStr::new_static("position in the document (share of words)"),
        y_label: SmolStr::new_static("repeat rank"),
        points,
    }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    let c: RepetitionConfig = section.parse()?;
    check(&c, section)?;
    Ok(Box::new(Repetition::new(c)))
}

/// Every numeric key within a range in which a run neither fails nor crawls: repeats of at most
/// 100 words, windows and samples of at least one word, an MTLD threshold strictly between 0 and 1.
fn check(c: &RepetitionConfig, s: &AnalyzerSection<'_>) -> Result<(), ConfigError> {
    s.check_range("min_n", c.min_n, 1, 100)?;
    s.check_range("max_n", c.max_n, c.min_n, 100)?;
    s.check_range("formula_min_n", c.formula_min_n, 1, 100)?;
    s.check_range("top_repeats", c.top_repeats, 0, 100_000)?;
    s.check_range("max_evidence", c.max_evidence, 0, 10_000_000)?;
    s.check_range("dispersion_repeats", c.dispersion_repeats, 0, 1_000)?;
    s.check_range("dispersion_points", c.dispersion_points, 1, 1_000_000)?;
    s.check_range("min_run", c.min_run, 2, 1_000)?;
    s.check_range("mattr_window", c.mattr_window, 1, 1_000_000)?;
    s.check_range("mtld_threshold", c.mtld_threshold, 0.01, 0.99)?;
    s.check_range("hdd_draws", c.hdd_draws, 1, 10_000)?;
    s.check_range("corpus_cap", c.corpus_cap, 0, 10_000_000)?;
    s.check_range("passage_min_n", c.passage_min_n, 0, 1_000)?;
    s.check_range("max_passages", c.max_passages, 0, 1_000_000)?;
    s.check_range("passage_max_occurrences", c.passage_max_occurrences, 2, 1_000)?;
    s.check_range("passage_window", c.passage_window, 1, 100)?;
    s.check_range("passage_max_words", c.passage_max_words, 0, u32::MAX as usize)
}

rhetor_analyzer::register_analyzer! {
    id: "repetition",
    summary: "Repeated phrases, formulaicity, anaphora and other figures, lexical diversity, compression",
    keys: &[
        ConfigKey { name: "min_n", default: "2", description: "shortest repeat reported, in words" },
        ConfigKey { name: "max_n", default: "12", description: "longest repeat, in words (a longer one is reported once, by its first max_n words)" },
        ConfigKey { name: "cross_sentences", default: "false", description: "let repeats span sentence ends" },
        ConfigKey { name: "stop_words", default: "[]", description: "stop list (empty: the built-in English list)" },
        ConfigKey { name: "include_stop_only", default: "false", description: "report repeats made only of stop words" },
        ConfigKey { name: "formula_min_n", default: "3", description: "shortest repeat that counts toward formulaicity and the formulae table" },
        ConfigKey { name: "top_repeats", default: "20", description: "rows in the repeats and formulae tables" },
        ConfigKey { name: "max_evidence", default: "2000", description: "most evidence items per document, in all: figure members first, then the occurrences of the repeats in the table" },
        ConfigKey { name: "dispersion_repeats", default: "10", description: "repeats shown in the dispersion series" },
        ConfigKey { name: "dispersion_points", default: "1000", description: "most marks per repeat in the dispersion series (a more frequent repeat shows every k-th occurrence)" },
        ConfigKey { name: "figure_unit", default: "\"sentence\"", description: "units for anaphora and epistrophe: \"sentence\" or \"paragraph\"" },
        ConfigKey { name: "min_run", default: "2", description: "fewest consecutive units that make an anaphora or epistrophe" },
        ConfigKey { name: "stop_openings", default: "false", description: "let openings and endings made only of stop words count in any run" },
        ConfigKey { name: "mattr_window", default: "50", description: "MATTR window, in words" },
        ConfigKey { name: "mtld_threshold", default: "0.72", description: "MTLD factor threshold" },
        ConfigKey { name: "hdd_draws", default: "42", description: "HD-D sample size" },
        ConfigKey { name: "corpus_cap", default: "10000", description: "most formulae kept per group and corpus" },
        ConfigKey { name: "passage_min_n", default: "8", description: "shortest passage two documents share that is reported, in words (0: look for none)" },
        ConfigKey { name: "max_passages", default: "100", description: "shared passages in the corpus table and its evidence (longest first)" },
        ConfigKey { name: "passage_max_occurrences", default: "64", description: "a run of passage_min_n words found in more places is common phrasing and seeds no shared passage (a longer passage through it is still found whole)" },
        ConfigKey { name: "passage_window", default: "4", description: "fingerprints for shared passages: the least hash of every passage_window runs of passage_min_n + 1 - passage_window words (1: every run of passage_min_n words; at most passage_min_n)" },
        ConfigKey { name: "passage_max_words", default: "50000000", description: "most words of a group or the corpus read for shared passages (about 8 bytes a word while it runs, 16 at most); later documents are left out, and the table says so" },
    ],
    build: build,
}

#[cfg(test)]
mod tests;

/// Texts of space-separated words as form ids, one id per distinct word across all the texts.
#[cfg(test)]
pub(crate) fn test_ids(texts: &[&str]) -> Vec<Vec<u32>> {
    let mut names: Vec<&str> = Vec::new();
    texts
        .iter()
        .map(|t| {
            t.split_whitespace()
                .map(|w| {
                    names.iter().position(|n| *n == w).unwrap_or_else(|| {
                        names.push(w);
                        names.len() - 1
                    }) as u32
                })
                .collect()
        })
        .collect()
}
