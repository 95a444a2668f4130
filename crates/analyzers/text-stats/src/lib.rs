//! Analyzer `text-stats`: how long a text is and how it is built. Per document, group and corpus:
//! tokens, word tokens, types, sentences, paragraphs, mean and median sentence length in words,
//! syllables per word, Flesch reading ease and Flesch–Kincaid grade.
//!
//! Definitions:
//! - word tokens: words, numbers and other-script words (not punctuation or symbols);
//! - types: distinct normalized forms of word tokens;
//! - sentence length: word tokens in the sentence; sentences without any are not counted;
//! - readability: over alphabetic words only (token kind `word`), syllables by the rule in
//!   `syllables.rs`; Flesch reading ease = 206.835 − 1.015 · words/sentence − 84.6 · syllables/word,
//!   Flesch–Kincaid grade = 0.39 · words/sentence + 11.8 · syllables/word − 15.59.
//!
//! Evidence: the longest sentences of each document.

mod form_set;
mod scratch;
mod syllables;

pub use form_set::{FormSet, form_hash};

use rhetor_analyzer::SmolStr;
use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, Cell, CellKind, ConfigError, ConfigKey, Context, DocAnalysis, DynAnalyzer,
    EvidenceSpan, Metric, Output, Series, Table, TypedTable, Value,
};

/// The sentence lengths table's columns.
const SENTENCE_LENGTH_COLUMNS: [(&str, CellKind); 3] =
    [("words", CellKind::Text), ("sentences", CellKind::Int), ("share", CellKind::Float)];
use rhetor_doc::{Document, TokenKind};
use scratch::{Scratch, UNKNOWN};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[analyzers.text-stats]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TextStatsConfig {
    /// How many of each document's longest sentences to give as evidence.
    pub evidence_sentences: usize,
    /// Segments of the sentence-length arc of each document.
    pub arc_segments: usize,
}

impl Default for TextStatsConfig {
    fn default() -> Self {
        TextStatsConfig { evidence_sentences: 1, arc_segments: 10 }
    }
}

/// The analyzer.
#[derive(Debug, Clone, Default)]
pub struct TextStats {
    config: TextStatsConfig,
}

impl TextStats {
    pub fn new(config: TextStatsConfig) -> Self {
        TextStats { config }
    }
}

/// Mergeable totals.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub documents: u64,
    pub tokens: u64,
    pub words: u64,
    pub paragraphs: u64,
    /// Sentences with at least one word token.
    pub sentences: u64,
    /// Alphabetic words and their syllables, for readability.
    pub alpha_words: u64,
    pub syllables: u64,
    /// Sentence length in words → number of sentences.
    pub lengths: BTreeMap<u32, u64>,
    /// The distinct lowercase forms of word tokens, by a stable hash of their text (not by form id,
    /// which is the corpus's own): summaries of shards that tokenized apart merge by union.
    pub types: FormSet,
}

/// Length buckets of the sentence-length table: (label, lowest, highest).
const BUCKETS: &[(&str, u32, u32)] = &[
    ("1-5", 1, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    ("21-30", 21, 30),
    ("31-40", 31, 40),
    ("41-60", 41, 60),
    ("61+", 61, u32::MAX),
];

impl Analyzer for TextStats {
    type Summary = Summary;

    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Summary>, AnalyzeError> {
        let mut s = Summary { documents: 1, tokens: doc.tokens.len() as u64, ..Summary::default() };
        s.paragraphs = doc.paragraphs.len() as u64;
        // Words per sentence, in order: (sentence index, words).
        let mut per_sentence: Vec<(usize, u32)> = Vec::with_capacity(doc.sentences.len());
        // Distinct forms and their syllables in this thread's scratch over the corpus vocabulary:
        // memory O(vocabulary) once per thread, time O(words) per document.
        s.types = Scratch::with(ctx.vocab.len(), |scratch| {
            for (i, sentence) in doc.sentences.iter().enumerate() {
                let mut words = 0u32;
                for t in &doc.tokens[sentence.tokens.range()] {
                    if !t.kind.is_wordlike() {
                        continue;
                    }
                    words += 1;
                    let f = t.form.0;
                    scratch.see(f);
                    if t.kind == TokenKind::Word {
                        // Syllables depend on the lower-cased letters only: once per form.
                        let n = match scratch.syllables(f) {
                            UNKNOWN => {
                                let n = syllables::syllables(ctx.vocab.form(t.form));
                                // (A freak token of 255 syllables or more is counted each time.)
                                if let Ok(small @ 0..=254) = u8::try_from(n) {
                                    scratch.note_syllables(f, small);
                                }
                                n
                            }
                            n => u32::from(n),
                        };
                        if n > 0 {
                            s.alpha_words += 1;
                            s.syllables += u64::from(n);
                        }
                    }
                }
                if words > 0 {
                    per_sentence.push((i, words));
                    *s.lengths.entry(words).or_default() += 1;
                }
                s.words += u64::from(words);
            }
            let mut set = FormSet::with_capacity(scratch.forms().len());
            for &f in scratch.forms() {
                set.insert_form(ctx.vocab.form(rhetor_doc::FormId(f)));
            }
            set
        });
        // Word tokens outside any sentence cannot exist (every token of a paragraph is in a sentence).
        s.sentences = per_sentence.len() as u64;

        let mut output = self.summarize(&s, ctx);
        let mut longest = per_sentence.clone();
        longest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(i, words) in longest.iter().take(self.config.evidence_sentences) {
            output.evidence.push(EvidenceSpan {
                label: format!("longest sentence: {words} words").into(),
                span: doc.sentences[i].span,
            });
        }
        output.series.push(arc(&per_sentence, doc, self.config.arc_segments));
        Ok(DocAnalysis { output, summary: s })
    }

    fn merge(&self, acc: &mut Summary, part: &Summary) {
        acc.documents += part.documents;
        acc.tokens += part.tokens;
        acc.words += part.words;
        acc.paragraphs += part.paragraphs;
        acc.sentences += part.sentences;
        acc.alpha_words += part.alpha_words;
        acc.syllables += part.syllables;
        for (&len, &n) in &part.lengths {
            *acc.lengths.entry(len).or_default() += n;
        }
        acc.types.union(&part.types);
    }

    /// The syllable rules and the Flesch formulas are English's.
    /// A document's sentence lengths, written wide by the dataset.
    fn typed_tables(&self) -> Vec<TypedTable> {
        vec![TypedTable::new("sentence_lengths", &SENTENCE_LENGTH_COLUMNS)]
    }

    fn language(&self) -> Option<&str> {
        Some("en")
    }

    fn summarize(&self, s: &Summary, _ctx: &Context<'_>) -> Output {
        let ratio = |a: u64, b: u64| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        let wps = ratio(s.alpha_words, s.sentences);
        let spw = ratio(s.syllables, s.alpha_words);
        let metrics = vec![
            Metric::new("documents", s.documents as usize, "count", "documents"),
            Metric::new("tokens", s.tokens as usize, "count", "all tokens, punctuation included"),
            Metric::new("words", s.words as usize, "count", "word tokens: words, numbers, other-script words"),
            Metric::new("types", s.types.len(), "count", "distinct lowercase forms of word tokens"),
            Metric::new("sentences", s.sentences as usize, "count", "sentences with at least one word"),
            Metric::new("paragraphs", s.paragraphs as usize, "count", "paragraphs, headings included"),
            Metric::new(
                "mean_sentence_length",
                Value::float(ratio(s.words, s.sentences)),
                "words",
                "mean words per sentence",
            ),
            Metric::new(
                "median_sentence_length",
                Value::float(median(&s.lengths)),
                "words",
                "median words per sentence",
            ),
            Metric::new("syllables_per_word", Value::float(spw), "syllables", "mean syllables per alphabetic word"),
            Metric::new(
                "flesch_reading_ease",
                Value::float(206.835 - 1.015 * wps - 84.6 * spw),
                "score",
                "Flesch reading ease (higher is easier; 30-50 is college level)",
            ),
            Metric::new(
                "flesch_kincaid_grade",
                Value::float(0.39 * wps + 11.8 * spw - 15.59),
                "grade",
                "Flesch-Kincaid US school grade level",
            ),
        ];
        let rows = BUCKETS
            .iter()
            .map(|&(label, lo, hi)| {
                let n: u64 = s.lengths.range(lo..=hi).map(|(_, n)| n).sum();
                let share = ratio(n, s.sentences);
                vec![
                    Cell::Text(label.into()),
                    Cell::Int(n as i64),
                    if share.is_finite() { Cell::Float(share) } else { Cell::Null },
                ]
            })
            .collect();
        let table = Table {
            name: "sentence_lengths".into(),
            description: SmolStr::new_static("sentences by length in words"),
            columns: SENTENCE_LENGTH_COLUMNS.map(|(c, _)| SmolStr::from(c)).to_vec(),
            rows,
        };
        Output { metrics, tables: vec![table], ..Output::default() }
    }
}

/// Median of a length histogram; the mean of the two middle values for an even count.
fn median(lengths: &BTreeMap<u32, u64>) -> f64 {
    let n: u64 = lengths.values().sum();
    if n == 0 {
        return f64::NAN;
    }
    let nth = |k: u64| {
        let mut seen = 0;
        for (&len, &c) in lengths {
            seen += c;
            if seen > k {
                return f64::from(len);
            }
        }
        f64::NAN
    };
    if n % 2 == 1 { nth(n / 2) } else { (nth(n / 2 - 1) + nth(n / 2)) / 2.0 }
}

/// Mean sentence length in each of `segments` equal stretches of the document's tokens.
fn arc(per_sentence: &[(usize, u32)], doc: &Document, segments: usize) -> Series {
    let segments = segments.max(1);
    let total = doc.tokens.len().max(1);
    let mut sums = vec![(0u64, 0u64); segments];
    for &(i, words) in per_sentence {
        let at = doc.sentences[i].tokens.start as usize;
        let k = (at * segments / total).min(segments - 1);
        sums[k].0 += u64::from(words);
        sums[k].1 += 1;
    }
    let points = sums
        .iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(k, (w, n))| [(k + 1) as f64, *w as f64 / *n as f64])
        .collect();
    Series {
        name: "sentence_length_arc".into(),
        description: format!("mean words per sentence in each of {segments} equal stretches of the document").into(),
        x_label: SmolStr::new_static("segment"),
        y_label: SmolStr::new_static("words per sentence"),
        points,
    }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    let config: TextStatsConfig = section.parse()?;
    section.check_range("evidence_sentences", config.evidence_sentences, 0, 10_000)?;
    section.check_range("arc_segments", config.arc_segments, 1, 10_000)?;
    Ok(Box::new(TextStats::new(config)))
}

rhetor_analyzer::register_analyzer! {
    id: "text-stats",
    summary: "Tokens, words, types, sentences, paragraphs, sentence lengths and Flesch readability",
    keys: &[
        ConfigKey {
            name: "evidence_sentences",
            default: "1",
            description: "how many of each document's longest sentences to show as evidence",
        },
        ConfigKey {
            name: "arc_segments",
            default: "10",
            description: "segments of each document's sentence-length arc",
        },
    ],
    build: build,
}
