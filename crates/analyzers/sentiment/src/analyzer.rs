//! The `sentiment` analyzer: its config, lexicon loading, and the per-document analysis (sentence
//! scores, sections, arc, evidence, disagreements between two lexicons).

use crate::formats::{self, Format};
use crate::score::{Lexicon, Scratch, SentenceScore};
use crate::shifters::{ShifterConfig, Shifters};
use crate::summary::{CompareSummary, Summary};
use crate::vader::{Vader, normalize};
use crate::{LexiconError, afinn};
use rhetor_analyzer::SmolStr;
use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, Cell, CellKind, ConfigError, ConfigKey, Context, DocAnalysis, DynAnalyzer,
    EvidenceSpan, Output, Table, TypedTable,
};
use rhetor_doc::{Document, Span};
use serde::Deserialize;
use std::path::Path;

thread_local! {
    /// The scorers' buffers, kept by each thread from one document to the next (a document's own
    /// would grow again from empty), unless a pathological document grew them.
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// `[analyzers.sentiment]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SentimentConfig {
    /// `vader` (built in), `afinn` (built in), `bing`, `nrc`, `lsd`, `dictionary` (each read from
    /// `lexicon_path`), or a path to a lexicon file whose format is guessed.
    pub lexicon: String,
    pub lexicon_path: String,
    /// A second lexicon (same values as `lexicon`; empty for none): its mean and the sentences where
    /// the two disagree in sign.
    pub compare: String,
    pub compare_path: String,
    /// A TOML file of `[words]` whose values replace the lexicons' (domain senses); empty: none.
    pub domain: String,
    /// Parts of each document for the arc.
    pub arc_segments: usize,
    /// Contributing words shown as evidence per document (the first ones); 0 shows all.
    pub max_evidence: usize,
    /// Rows of the per-sentence table per document (the first sentences); 0 lists all.
    pub max_sentences: usize,
    /// Most positive and most negative sentences shown as evidence per document.
    pub top_sentences: usize,
    /// Rows of the top-words table.
    pub top_words: usize,
    /// Rows of the disagreements table per document.
    pub max_disagreements: usize,
    /// The lexicons' language (ISO 639-1); documents detected in another make a warning. Empty: no
    /// check.
    pub language: String,
    pub shifters: ShifterConfig,
}

impl Default for SentimentConfig {
    fn default() -> Self {
        SentimentConfig {
            lexicon: "vader".into(),
            lexicon_path: String::new(),
            compare: String::new(),
            compare_path: String::new(),
            domain: String::new(),
            arc_segments: 10,
            max_evidence: 2000,
            max_sentences: 1000,
            top_sentences: 3,
            top_words: 20,
            max_disagreements: 20,
            language: "en".into(),
            shifters: ShifterConfig::default(),
        }
    }
}

/// Load a lexicon by name (`vader`, `afinn`, `bing`, `nrc`, `lsd`, `dictionary`; the last four from
/// `path`) or, when `name` is not one of those, from the file `name` in the format it appears to be.
pub fn load_lexicon(name: &str, path: &str) -> Result<Lexicon, LexiconError> {
    let invalid = |message: String| LexiconError::Invalid { path: name.to_string(), line: None, message };
    match name {
        "vader" => return Ok(Lexicon::Vader(Box::new(Vader::builtin()))),
        "afinn" if path.is_empty() => {
            return Ok(Lexicon::Words(formats::afinn(afinn::AFINN_LABEL, "afinn", afinn::AFINN_EN_165)?));
        }
        _ => {}
    }
    if let Some(format) = Format::named(name) {
        if path.is_empty() {
            return Err(invalid(format!(
                "the {name} lexicon is not bundled: give its file with --lexicon-path (or `lexicon_path` in the config)"
            )));
        }
        return Ok(Lexicon::Words(formats::load(Path::new(path), format)?));
    }
    let p = Path::new(name);
    let text = if p.is_dir() { String::new() } else { std::fs::read_to_string(p).unwrap_or_default() };
    let format = Format::guess(p, &text).ok_or_else(|| {
        invalid("not a lexicon name (vader, afinn, bing, nrc, lsd, dictionary) nor a file in a known format".into())
    })?;
    Ok(Lexicon::Words(formats::load(p, format)?))
}

/// The domain override file: `[words]` with a value per word.
fn load_domain(path: &str) -> Result<Vec<(String, f64)>, LexiconError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        words: std::collections::BTreeMap<String, f64>,
    }
    let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io { path: path.into(), source })?;
    let file: File = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        LexiconError::Invalid { path: path.into(), line, message: e.message().to_string() }
    })?;
    Ok(file.words.into_iter().collect())
}

fn apply_domain(lexicon: &mut Lexicon, words: &[(String, f64)]) {
    match lexicon {
        Lexicon::Vader(v) => v.override_words(words.iter().map(|(w, x)| (w.as_str(), *x))),
        Lexicon::Words(list) => words.iter().for_each(|(w, x)| list.set(w, *x)),
    }
}

/// The analyzer.
#[derive(Debug)]
pub struct Sentiment {
    config: SentimentConfig,
    lexicon: Lexicon,
    compare: Option<Lexicon>,
    shifters: Shifters,
}

impl Sentiment {
    pub fn new(config: SentimentConfig) -> Result<Sentiment, LexiconError> {
        let mut lexicon = load_lexicon(&config.lexicon, &config.lexicon_path)?;
        let mut compare =
            if config.compare.is_empty() { None } else { Some(load_lexicon(&config.compare, &config.compare_path)?) };
        if !config.domain.is_empty() {
            let words = load_domain(&config.domain)?;
            apply_domain(&mut lexicon, &words);
            if let Some(c) = &mut compare {
                apply_domain(c, &words);
            }
        }
        let shifters = Shifters::new(config.shifters.clone());
        Ok(Sentiment { config, lexicon, compare, shifters })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }
}

fn word_count(doc: &Document, sentence: &rhetor_doc::Sentence) -> u64 {
    doc.tokens[sentence.tokens.range()].iter().filter(|t| t.kind.is_wordlike()).count() as u64
}

/// A score on VADER's compound scale, for ranking disagreements between lexicons of other scales.
fn comparable(score: f64, lexicon: &Lexicon) -> f64 {
    if matches!(lexicon, Lexicon::Vader(_)) { score } else { normalize(score) }
}

impl Analyzer for Sentiment {
    type Summary = Summary;

    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Summary>, AnalyzeError> {
        let c = &self.config;
        let segments = c.arc_segments.max(1);
        let mut s = Summary {
            documents: 1,
            emotions: if self.lexicon.has_emotions() { vec![0; 8] } else { Vec::new() },
            compare: self.compare.as_ref().map(|l| CompareSummary { name: l.name().into(), ..Default::default() }),
            ..Summary::default()
        };
        let total_words: u64 = doc.sentences.iter().map(|x| word_count(doc, x)).sum();
        let mut arc = vec![(0.0f64, 0u64); segments];
        let mut scratch = SCRATCH.take();
        let mut evidence = Vec::new();
        let mut labels = Labels::default();
        let evidence_limit = if c.max_evidence == 0 { usize::MAX } else { c.max_evidence };
        let mut sentence_rows = Vec::new();
        let mut sections = vec![SectionCount::default(); doc.sections.len().max(1)];
        // NRC emotions by arc part (where each sentence starts), 8 per part.
        let mut arc_emotions = vec![0u64; if s.emotions.is_empty() { 0 } else { segments * 8 }];
        let mut ranked: Vec<(f64, usize)> = Vec::new();
        let mut disagreements: Vec<(f64, usize, f64, f64)> = Vec::new();
        let mut words_before = 0u64;
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let scored = self.lexicon.score(doc, sentence, ctx.vocab, &self.shifters, &mut scratch);
            let words = word_count(doc, sentence);
            let class = scored.class(&self.lexicon);
            s.sentences += 1;
            s.words += words;
            s.score_sum += scored.score;
            match class {
                1 => s.positive += 1,
                -1 => s.negative += 1,
                _ => s.neutral += 1,
            }
            let start_part = (words_before * segments as u64).checked_div(total_words).unwrap_or(0) as usize;
            let mut net = 0.0;
            for con in &scored.contributions {
                net += con.value;
                if !arc_emotions.is_empty() {
                    for k in 0..8 {
                        arc_emotions[start_part.min(segments - 1) * 8 + k] += u64::from(con.emotions >> k & 1);
                    }
                }
                if con.value > 0.0 {
                    s.positive_words += 1;
                    s.positive_sum += con.value;
                } else if con.value < 0.0 {
                    s.negative_words += 1;
                    s.negative_sum += con.value;
                }
                for (k, e) in s.emotions.iter_mut().enumerate() {
                    *e += u64::from(con.emotions >> k & 1);
                }
                // The entry copied only when new to the document.
                let entry = match s.entries.get_mut(&con.entry) {
                    Some(entry) => entry,
                    None => s.entries.entry(con.entry.clone()).or_default(),
                };
                entry.0 += 1;
                entry.1 += con.value;
                if evidence.len() < evidence_limit {
                    evidence.push(EvidenceSpan { label: labels.of(&con.entry, con.value, &con.note), span: con.span });
                }
            }
            // The arc: the sentence's score over the words it spans, part by part.
            for (part, slot) in arc.iter_mut().enumerate() {
                let (lo, hi) =
                    (total_words * part as u64 / segments as u64, total_words * (part as u64 + 1) / segments as u64);
                let overlap = (words_before + words).min(hi).saturating_sub(words_before.max(lo));
                if overlap > 0 {
                    slot.0 += scored.score * overlap as f64;
                    slot.1 += overlap;
                }
            }
            words_before += words;
            let section = section_of(doc, sentence.tokens.start as usize).min(sections.len() - 1);
            let sec = &mut sections[section];
            sec.sentences += 1;
            sec.words += words;
            sec.score_sum += scored.score;
            sec.net += net;
            sec.positive += u64::from(class == 1);
            sec.negative += u64::from(class == -1);
            if c.max_sentences == 0 || sentence_rows.len() < c.max_sentences {
                sentence_rows.push(sentence_row(si, &scored, class));
            }
            ranked.push((scored.score, si));
            if let (Some(other), Some(cs)) = (&self.compare, &mut s.compare) {
                let o = other.score(doc, sentence, ctx.vocab, &self.shifters, &mut scratch);
                cs.score_sum += o.score;
                let oc = o.class(other);
                cs.positive += u64::from(oc == 1);
                cs.negative += u64::from(oc == -1);
                if class * oc == -1 {
                    cs.disagreements += 1;
                    let strength = comparable(scored.score, &self.lexicon).abs().min(comparable(o.score, other).abs());
                    disagreements.push((strength, si, scored.score, o.score));
                }
            }
        }
        if !scratch.is_large() {
            SCRATCH.set(scratch);
        }
        s.arc_sum = arc.iter().map(|&(sum, n)| if n == 0 { 0.0 } else { sum / n as f64 }).collect();
        s.arc_documents = arc.iter().map(|&(_, n)| u64::from(n > 0)).collect();
        s.arc_emotions = arc_emotions
            .chunks(8)
            .zip(&arc)
            .flat_map(|(counts, &(_, words))| {
                counts.iter().map(move |&n| if words == 0 { 0.0 } else { n as f64 * 1000.0 / words as f64 })
            })
            .collect();
        let mut output = s.output(self.lexicon.name(), c.top_words);
        output.tables.insert(0, sentences_table(sentence_rows, matches!(self.lexicon, Lexicon::Vader(_))));
        // Sections only when there are more than one: one section's table repeats the document.
        if doc.sections.len() > 1 {
            output.tables.push(sections_table(doc, &sections));
        }
        if let Some(other) = &self.compare {
            output.tables.push(self.disagreements_table(disagreements, other));
        }
        evidence.extend(extremes(doc, &mut ranked, c.top_sentences));
        output.evidence = evidence;
        Ok(DocAnalysis { output, summary: s })
    }

    fn merge(&self, acc: &mut Summary, part: &Summary) {
        acc.merge(part);
    }

    fn language(&self) -> Option<&str> {
        Some(self.config.language.as_str()).filter(|l| !l.is_empty())
    }

    /// The sentences table: a row per sentence, most of a corpus's table cells.
    fn typed_tables(&self) -> Vec<TypedTable> {
        vec![
            TypedTable::new("sentences", &sentence_columns(matches!(self.lexicon, Lexicon::Vader(_)))),
            TypedTable::new("top_words", &crate::summary::TOP_WORD_COLUMNS),
        ]
    }

    fn summarize(&self, s: &Summary, _ctx: &Context<'_>) -> Output {
        s.output(self.lexicon.name(), self.config.top_words)
    }
}

impl Sentiment {
    fn disagreements_table(&self, mut rows: Vec<(f64, usize, f64, f64)>, other: &Lexicon) -> Table {
        rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        rows.truncate(self.config.max_disagreements);
        Table {
            name: "disagreements".into(),
            description: format!(
                "sentences {} and {} score with opposite signs, strongest first (strength: the smaller of the two scores on VADER's compound scale)",
                self.lexicon.name(),
                other.name()
            ).into(),
            columns: ["sentence", self.lexicon.name(), other.name(), "strength"].map(SmolStr::from).to_vec(),
            rows: rows
                .into_iter()
                .map(|(k, si, a, b)| vec![Cell::Int(si as i64), Cell::Float(a), Cell::Float(b), Cell::Float(k)])
                .collect(),
        }
    }
}

fn sentence_row(si: usize, s: &SentenceScore, class: i8) -> Vec<Cell> {
    let class = Cell::Text(match class {
        1 => "positive".into(),
        -1 => "negative".into(),
        _ => "neutral".into(),
    });
    let mut row = vec![Cell::Int(si as i64), Cell::Float(s.score), class, Cell::Int(s.contributions.len() as i64)];
    if let Some(p) = s.vader {
        row.extend([Cell::Float(p.neg), Cell::Float(p.neu), Cell::Float(p.pos)]);
    }
    row
}

/// The sentences table's columns (VADER's with its neg/neu/pos proportions).
fn sentence_columns(vader: bool) -> Vec<(&'static str, CellKind)> {
    let mut columns = vec![
        ("sentence", CellKind::Int),
        ("score", CellKind::Float),
        ("class", CellKind::Text),
        ("contributing_words", CellKind::Int),
    ];
    if vader {
        columns.extend([("neg", CellKind::Float), ("neu", CellKind::Float), ("pos", CellKind::Float)]);
    }
    columns
}

fn sentences_table(rows: Vec<Vec<Cell>>, vader: bool) -> Table {
    let columns = sentence_columns(vader).into_iter().map(|(c, _)| c);
    Table {
        name: "sentences".into(),
        description: SmolStr::new_static(
            "each sentence's score and class, and how many words contributed (VADER: compound, with neg/neu/pos)",
        ),
        columns: columns.map(SmolStr::from).collect(),
        rows,
    }
}

/// A document's contribution labels (`entry +value (note)`), each formatted once: a speech repeats
/// the same few hundred entries and values thousands of times.
#[derive(Default)]
struct Labels {
    /// By a hash of entry, value and note: those with that hash, and their labels.
    seen: rustc_hash::FxHashMap<u64, Vec<(String, u64, String, SmolStr)>>,
}

impl Labels {
    fn of(&mut self, entry: &str, value: f64, note: &str) -> SmolStr {
        use std::hash::BuildHasher as _;
        let key = rustc_hash::FxBuildHasher.hash_one((entry, value.to_bits(), note));
        let same = self.seen.entry(key).or_default();
        if let Some(l) = same.iter().find(|l| l.0 == entry && l.1 == value.to_bits() && l.2 == note) {
            return l.3.clone();
        }
        let label: SmolStr = if note.is_empty() {
            format!("{entry} {value:+.3}").into()
        } else {
            format!("{entry} {value:+.3} ({note})").into()
        };
        same.push((entry.to_string(), value.to_bits(), note.to_string(), label.clone()));
        label
    }
}

/// The section holding token `t`.
fn section_of(doc: &Document, t: usize) -> usize {
    let t = t as u32;
    let p = doc.paragraphs.partition_point(|p| p.tokens.end <= t) as u32;
    doc.sections.partition_point(|s| s.paragraphs.end <= p)
}

/// One section's counts.
#[derive(Debug, Clone, Copy, Default)]
struct SectionCount {
    sentences: u64,
    words: u64,
    score_sum: f64,
    /// Sum of the contributions.
    net: f64,
    positive: u64,
    negative: u64,
}

fn sections_table(doc: &Document, sections: &[SectionCount]) -> Table {
    let rows = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.sentences > 0)
        .map(|(i, s)| {
            let title = doc.sections.get(i).map_or(String::new(), |s| s.title.clone());
            let n = s.sentences as f64;
            let per_1000 = if s.words == 0 { Cell::Null } else { Cell::Float(s.net * 1000.0 / s.words as f64) };
            vec![
                Cell::Int(i as i64),
                Cell::Text(title.into()),
                Cell::Int(s.sentences as i64),
                Cell::Float(s.score_sum / n),
                Cell::Float(s.positive as f64 / n),
                Cell::Float(s.negative as f64 / n),
                per_1000,
            ]
        })
        .collect();
    Table {
        name: "sections".into(),
        description: SmolStr::new_static(
            "per section: sentences, mean sentence score, shares of positive and negative sentences, sum of contributions per 1,000 words",
        ),
        columns: [
            "section",
            "title",
            "sentences",
            "mean_score",
            "positive_share",
            "negative_share",
            "net_per_1000_words",
        ]
        .map(SmolStr::from)
        .to_vec(),
        rows,
    }
}

/// The `k` most positive and `k` most negative sentences, as evidence.
fn extremes(doc: &Document, ranked: &mut [(f64, usize)], k: usize) -> Vec<EvidenceSpan> {
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let span = |si: usize| -> Span { doc.sentences[si].span };
    let top = ranked.iter().filter(|r| r.0 > 0.0).take(k);
    let bottom = ranked.iter().rev().filter(|r| r.0 < 0.0).take(k);
    top.map(|&(x, si)| EvidenceSpan { label: format!("most positive sentence {x:+.3}").into(), span: span(si) })
        .chain(
            bottom.map(|&(x, si)| EvidenceSpan {
                label: format!("most negative sentence {x:+.3}").into(),
                span: span(si),
            }),
        )
        .collect()
}

impl From<LexiconError> for ConfigError {
    /// A lexicon error as a config error: the lexicon file and line, under the analyzer's key.
    fn from(e: LexiconError) -> ConfigError {
        let (path, line, message) = match e {
            LexiconError::Invalid { path, line, message } => (path, line.map(|l| (l as u32, 1)), message),
            LexiconError::Io { path, source } => (path, None, format!("cannot read lexicon: {source}")),
        };
        let key = "analyzers.sentiment".to_string();
        ConfigError::Invalid(Box::new(rhetor_analyzer::Diagnostic { path, line, key, message }))
    }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    let config: SentimentConfig = section.parse()?;
    let s = section;
    s.check_range("arc_segments", config.arc_segments, 1, 10_000)?;
    s.check_range("max_evidence", config.max_evidence, 0, 10_000_000)?;
    s.check_range("max_sentences", config.max_sentences, 0, 10_000_000)?;
    s.check_range("top_sentences", config.top_sentences, 0, 10_000)?;
    s.check_range("top_words", config.top_words, 0, 100_000)?;
    s.check_range("max_disagreements", config.max_disagreements, 0, 100_000)?;
    let sh = &config.shifters;
    s.check_range("shifters.before", sh.before, 0, 50)?;
    s.check_range("shifters.after", sh.after, 0, 50)?;
    s.check_range("shifters.amplifier_weight", sh.amplifier_weight, 0.0, 10.0)?;
    s.check_range("shifters.adversative_weight", sh.adversative_weight, 0.0, 10.0)?;
    Ok(Box::new(Sentiment::new(config)?))
}

rhetor_analyzer::register_analyzer! {
    id: "sentiment",
    summary: "Sentence sentiment (VADER exactly as vaderSentiment 3.3.2, AFINN, Bing, NRC, LSD) with the words behind each score, arcs and lexicon disagreements",
    keys: &[
        ConfigKey { name: "lexicon", default: "\"vader\"", description: "vader, afinn (both built in), bing, nrc, lsd, dictionary (from lexicon_path), or a lexicon file" },
        ConfigKey { name: "lexicon_path", default: "\"\"", description: "the file (Bing: file or folder) for bing, nrc, lsd or dictionary" },
        ConfigKey { name: "compare", default: "\"\"", description: "a second lexicon, as `lexicon`: its mean and the sentences where the two disagree" },
        ConfigKey { name: "compare_path", default: "\"\"", description: "the second lexicon's file, as lexicon_path" },
        ConfigKey { name: "domain", default: "\"\"", description: "TOML file of [words] whose values replace the lexicons' (e.g. config/lexicons/domain/state-media.toml); empty: off" },
        ConfigKey { name: "arc_segments", default: "10", description: "equal parts of each document (by words) in the sentiment arc" },
        ConfigKey { name: "max_evidence", default: "2000", description: "contributing words shown as evidence per document (0: all)" },
        ConfigKey { name: "max_sentences", default: "1000", description: "rows of the per-sentence table per document (0: all)" },
        ConfigKey { name: "top_sentences", default: "3", description: "most positive and most negative sentences shown as evidence per document" },
        ConfigKey { name: "top_words", default: "20", description: "rows of the top-words table" },
        ConfigKey { name: "max_disagreements", default: "20", description: "rows of the disagreements table per document" },
        ConfigKey { name: "language", default: "\"en\"", description: "the lexicons' language (ISO 639-1): documents detected in another are counted in a warning; empty: no check" },
        ConfigKey { name: "shifters", default: "{}", description: "valence shifters for word lists: enabled, before, after, amplifier_weight, adversative_weight, negators, amplifiers, deamplifiers, adversatives (see docs/sentiment.md)" },
    ],
    build: build,
}
