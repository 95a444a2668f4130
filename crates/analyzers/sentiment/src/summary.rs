//! What a document adds to a group or corpus total, and the metrics, tables and series reported
//! from it (the same for a document, a group and the corpus).

use rhetor_analyzer::SmolStr;
use rhetor_analyzer::{Cell, CellKind, Metric, Output, Series, Table, Value};

/// The top words table's columns.
pub(crate) const TOP_WORD_COLUMNS: [(&str, CellKind); 3] =
    [("entry", CellKind::Text), ("matches", CellKind::Int), ("contribution", CellKind::Float)];
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::wordlist::EMOTIONS;

/// Mergeable counts and sums. Float sums are added in document order, so results do not depend
/// on the number of threads.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub documents: u64,
    pub sentences: u64,
    pub words: u64,
    pub positive: u64,
    pub negative: u64,
    pub neutral: u64,
    /// Sum of sentence scores.
    pub score_sum: f64,
    /// Positive and negative contributions: how many, and their sums.
    pub positive_words: u64,
    pub negative_words: u64,
    pub positive_sum: f64,
    pub negative_sum: f64,
    /// Words carrying each NRC emotion (empty without NRC).
    pub emotions: Vec<u64>,
    /// Per arc segment: the sum over documents of the segment's mean score, and how many
    /// documents had words in it.
    pub arc_sum: Vec<f64>,
    pub arc_documents: Vec<u64>,
    /// With NRC: per arc part, then per emotion, the sum over documents of the part's emotion words
    /// per 1,000 words (the part where each sentence starts).
    #[serde(default)]
    pub arc_emotions: Vec<f64>,
    /// Per matched entry: contributions and their sum.
    pub entries: BTreeMap<String, (u64, f64)>,
    /// The second lexicon's sentence scores, when one is configured.
    pub compare: Option<CompareSummary>,
}

/// The second lexicon's counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CompareSummary {
    pub name: String,
    pub score_sum: f64,
    pub positive: u64,
    pub negative: u64,
    /// Sentences that one lexicon calls positive and the other negative.
    pub disagreements: u64,
}

impl Summary {
    pub fn merge(&mut self, p: &Summary) {
        self.documents += p.documents;
        self.sentences += p.sentences;
        self.words += p.words;
        self.positive += p.positive;
        self.negative += p.negative;
        self.neutral += p.neutral;
        self.score_sum += p.score_sum;
        self.positive_words += p.positive_words;
        self.negative_words += p.negative_words;
        self.positive_sum += p.positive_sum;
        self.negative_sum += p.negative_sum;
        add_all(&mut self.emotions, &p.emotions);
        add_all(&mut self.arc_documents, &p.arc_documents);
        if self.arc_sum.len() < p.arc_sum.len() {
            self.arc_sum.resize(p.arc_sum.len(), 0.0);
        }
        for (a, b) in self.arc_sum.iter_mut().zip(&p.arc_sum) {
            *a += b;
        }
        if self.arc_emotions.len() < p.arc_emotions.len() {
            self.arc_emotions.resize(p.arc_emotions.len(), 0.0);
        }
        for (a, b) in self.arc_emotions.iter_mut().zip(&p.arc_emotions) {
            *a += b;
        }
        for (k, (n, sum)) in &p.entries {
            // The key copied only when new to the group.
            match self.entries.get_mut(k) {
                Some(e) => {
                    e.0 += n;
                    e.1 += sum;
                }
                None => {
                    // Added to a zero, as for a key already there (a sum of -0.0 becomes 0.0).
                    let e = self.entries.entry(k.clone()).or_default();
                    e.0 += n;
                    e.1 += sum;
                }
            }
        }
        if let Some(pc) = &p.compare {
            let c = self.compare.get_or_insert_with(|| CompareSummary { name: pc.name.clone(), ..Default::default() });
            c.score_sum += pc.score_sum;
            c.positive += pc.positive;
            c.negative += pc.negative;
            c.disagreements += pc.disagreements;
        }
    }

    /// Metrics, the top-entries table and the arc.
    pub fn output(&self, lexicon: &str, top_entries: usize) -> Output {
        let ratio = |a: u64, b: u64| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        let per_1000 = |x: f64| if self.words == 0 { f64::NAN } else { x * 1000.0 / self.words as f64 };
        let mean = if self.sentences == 0 { f64::NAN } else { self.score_sum / self.sentences as f64 };
        let mut metrics = vec![
            Metric::new("sentences", self.sentences as usize, "count", "sentences scored"),
            Metric::owned(
                "mean_sentence_score",
                Value::float(mean),
                "score",
                &format!("mean sentence score ({lexicon}; VADER: compound, word lists: sum of contributions)"),
            ),
            Metric::new(
                "positive_share",
                Value::float(ratio(self.positive, self.sentences)),
                "ratio",
                "share of positive sentences",
            ),
            Metric::new(
                "negative_share",
                Value::float(ratio(self.negative, self.sentences)),
                "ratio",
                "share of negative sentences",
            ),
            Metric::new(
                "neutral_share",
                Value::float(ratio(self.neutral, self.sentences)),
                "ratio",
                "share of neutral sentences",
            ),
            Metric::new(
                "positive_words",
                self.positive_words as usize,
                "count",
                "words (or phrases) contributing positively",
            ),
            Metric::new(
                "negative_words",
                self.negative_words as usize,
                "count",
                "words (or phrases) contributing negatively",
            ),
            Metric::new("positive_sum", Value::float(self.positive_sum), "score", "sum of positive contributions"),
            Metric::new("negative_sum", Value::float(self.negative_sum), "score", "sum of negative contributions"),
            Metric::new(
                "positive_per_1000_words",
                Value::float(per_1000(self.positive_words as f64)),
                "rate",
                "positive contributions per 1,000 words",
            ),
            Metric::new(
                "negative_per_1000_words",
                Value::float(per_1000(self.negative_words as f64)),
                "rate",
                "negative contributions per 1,000 words",
            ),
            Metric::new(
                "net_per_1000_words",
                Value::float(per_1000(self.positive_sum + self.negative_sum)),
                "rate",
                "sum of all contributions per 1,000 words",
            ),
        ];
        for (k, &n) in self.emotions.iter().enumerate() {
            let name = format!("{}_per_1000_words", EMOTIONS[k]);
            let description = format!("words associated with {} (NRC EmoLex) per 1,000 words", EMOTIONS[k]);
            metrics.push(Metric::owned(&name, Value::float(per_1000(n as f64)), "rate", &description));
        }
        if let Some(c) = &self.compare {
            let mean = if self.sentences == 0 { f64::NAN } else { c.score_sum / self.sentences as f64 };
            metrics.push(Metric::owned(
                "compare_mean_sentence_score",
                Value::float(mean),
                "score",
                &format!("mean sentence score under the second lexicon ({})", c.name),
            ));
            metrics.push(Metric::owned(
                "disagreements",
                c.disagreements as usize,
                "count",
                &format!("sentences {lexicon} and {} score with opposite signs", c.name),
            ));
        }
        let mut output = Output { metrics, ..Output::default() };
        output.tables.push(self.entries_table(top_entries));
        let points: Vec<[f64; 2]> = self
            .arc_sum
            .iter()
            .zip(&self.arc_documents)
            .enumerate()
            .filter(|(_, (_, n))| **n > 0)
            .map(|(k, (sum, n))| [(k + 1) as f64, sum / *n as f64])
            .collect();
        if !points.is_empty() {
            output.series.push(Series {
                name: "arc".into(),
                description: format!(
                    "mean sentence score ({lexicon}) in each of {} equal parts of the text by words; for a group, the mean over its documents",
                    self.arc_sum.len()
                ).into(),
                x_label: SmolStr::new_static("part of the text"),
                y_label: SmolStr::new_static("mean sentence score"),
                points,
            });
        }
        for (k, emotion) in EMOTIONS.iter().enumerate() {
            let points: Vec<[f64; 2]> = self
                .arc_emotions
                .chunks(8)
                .zip(&self.arc_documents)
                .enumerate()
                .filter(|(_, (_, n))| **n > 0)
                .map(|(part, (rates, n))| [(part + 1) as f64, rates[k] / *n as f64])
                .collect();
            if !points.is_empty() {
                output.series.push(Series {
                    name: format!("arc_{emotion}").into(),
                    description: format!("words associated with {emotion} (NRC EmoLex) per 1,000 words in each part of the text (by where sentences start)").into(),
                    x_label: SmolStr::new_static("part of the text"),
                    y_label: SmolStr::new_static("per 1,000 words"),
                    points,
                });
            }
        }
        output
    }

    /// The entries that contributed most (by the size of their summed contribution).
    fn entries_table(&self, top: usize) -> Table {
        let mut rows: Vec<(&String, &(u64, f64))> = self.entries.iter().collect();
        rows.sort_by(|a, b| b.1.1.abs().total_cmp(&a.1.1.abs()).then_with(|| a.0.cmp(b.0)));
        rows.truncate(top);
        Table {
            name: "top_words".into(),
            description: SmolStr::new_static("lexicon entries that contributed most: matches and summed contribution"),
            columns: TOP_WORD_COLUMNS.map(|(c, _)| SmolStr::from(c)).to_vec(),
            rows: rows
                .into_iter()
                .map(|(e, (n, sum))| vec![Cell::Text(e.as_str().into()), Cell::Int(*n as i64), Cell::Float(*sum)])
                .collect(),
        }
    }
}

fn add_all(acc: &mut Vec<u64>, part: &[u64]) {
    if acc.len() < part.len() {
        acc.resize(part.len(), 0);
    }
    for (a, b) in acc.iter_mut().zip(part) {
        *a += b;
    }
}
