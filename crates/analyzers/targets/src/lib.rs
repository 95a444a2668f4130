//! Analyzer `targets`: at whom the rhetoric is aimed. A targets file (the rhetoric dictionary's
//! format: each category a target, its entries the target's aliases; `config/targets/`) names the
//! actors; every mention is found with the rhetoric analyzer's matcher (aliases leftmost-longest, so
//! overlapping aliases make one mention; a hit inside a longer hit of another target is no mention:
//! "Republic of Korea" in "Democratic People's Republic of Korea") and kept as evidence.
//!
//! Per document, group and corpus: mentions of all targets; per target its mentions per 1,000
//! words (a metric named by the target's id), and in the `targets` table its mentions, rate, the
//! sentences and the share of sentences that mention it (and for groups and the corpus the
//! documents and the share of documents); the aliases that matched most (`top_aliases`); and the
//! co-mention network (`co_mentions`: pairs of targets named in the same sentence, with the
//! number of such sentences).
//!
//! With `sentiment` (the default), the sentences that mention a target are scored with VADER as
//! the sentiment analyzer scores a sentence: per target the mean compound of those sentences and
//! the shares positive (≥ 0.05) and negative (≤ −0.05). A sentence naming two targets counts for
//! both.
//!
//! Not yet measured (issue 26): the epithets attached to a mention, the rhetoric categories of the
//! sentences that mention a target, and their changes over time.

use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, Cell, ConfigError, ConfigFile, ConfigKey, Context, DocAnalysis,
    DynAnalyzer, EvidenceSpan, Metric, Output, Table, Value,
};
use rhetor_doc::Document;
use rhetor_rhetoric::{Dictionary, Matcher};
use rhetor_sentiment::vader::{Scratch as VaderScratch, Vader};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default targets file, the same file as `config/targets/dprk-state-media.toml`.
pub const BUILTIN: &str = include_str!("../../../../config/targets/dprk-state-media.toml");
const BUILTIN_LABEL: &str = "(built-in) config/targets/dprk-state-media.toml";

/// Target ids that would collide with the analyzer's own metrics.
const RESERVED_IDS: [&str; 2] = ["words", "mentions"];

/// `[analyzers.targets]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetsConfig {
    /// Targets file (the rhetoric dictionary's format); empty for the built-in DPRK state-media file.
    pub file: String,
    /// At most this many mentions per document are kept as evidence (those of the first
    /// sentences); the counts cover every mention. 0 keeps every one.
    pub max_evidence: usize,
    /// Aliases listed per target in the `top_aliases` table.
    pub top_aliases: usize,
    /// Score the sentences that mention a target with VADER (as the sentiment analyzer does) for
    /// the `targets` table's sentiment columns.
    pub sentiment: bool,
}

impl Default for TargetsConfig {
    fn default() -> Self {
        TargetsConfig { file: String::new(), max_evidence: 10_000, top_aliases: 5, sentiment: true }
    }
}

/// The analyzer: the compiled targets and the config.
#[derive(Debug)]
pub struct Targets {
    config: TargetsConfig,
    matcher: Matcher,
    /// Per target: id, label, and the text of each alias.
    targets: Vec<(String, String, Vec<String>)>,
    /// Per target, the alias of each entry of the compiled file (which adds possessives).
    alias_of: Vec<Vec<usize>>,
    /// VADER, when the sentences that mention a target are scored.
    vader: Option<Vader>,
}

/// One target's counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TargetCounts {
    pub mentions: u64,
    /// Sentences with at least one mention.
    pub sentences: u64,
    /// Documents with at least one mention.
    pub documents: u64,
    /// Mentions per alias (by alias index), only those that matched.
    pub aliases: BTreeMap<usize, u64>,
    /// The VADER compound scores of the sentences that mention the target, summed in units of
    /// 0.0001 (VADER rounds to four decimals: the sum is exact, whatever the order of merging).
    pub compound_sum: i64,
    /// Of those sentences, the positive (compound ≥ 0.05) and the negative (≤ −0.05).
    pub positive: u64,
    pub negative: u64,
}

/// What one document adds to a group or the corpus.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    pub words: u64,
    pub sentences: u64,
    pub documents: u64,
    pub targets: Vec<TargetCounts>,
    /// Sentences naming both targets `a` and `b`, by `a` then `b` (`a < b`).
    pub co_mentions: BTreeMap<usize, BTreeMap<usize, u64>>,
}

impl Targets {
    /// Compile the targets of `file` (the rhetoric dictionary's format).
    pub fn new(config: TargetsConfig, file: &ConfigFile) -> Result<Targets, ConfigError> {
        let dict = Dictionary::parse(file)?;
        if let Some(c) = dict.categories.iter().find(|c| RESERVED_IDS.contains(&c.spec.id.as_str())) {
            let at = file.text.find(&format!("\"{}\"", c.spec.id));
            return Err(ConfigError::at(
                file,
                at,
                "category",
                format!("target id `{}` is a metric of the analyzer itself; choose another", c.spec.id),
            ));
        }
        let targets = dict
            .categories
            .iter()
            .map(|c| {
                let label = if c.spec.label.is_empty() { c.spec.id.clone() } else { c.spec.label.clone() };
                (c.spec.id.clone(), label, c.entries.iter().map(|e| e.text.clone()).collect())
            })
            .collect();
        let (expanded, alias_of) = with_possessives(file, &dict)?;
        let vader = config.sentiment.then(Vader::builtin);
        Ok(Targets { config, matcher: Matcher::new(expanded), targets, alias_of, vader })
    }

    fn rate(n: u64, words: u64) -> f64 {
        if words == 0 { f64::NAN } else { n as f64 * 1000.0 / words as f64 }
    }

    fn share(n: u64, of: u64) -> f64 {
        if of == 0 { f64::NAN } else { n as f64 / of as f64 }
    }
}

impl Analyzer for Targets {
    type Summary = Summary;

    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Summary>, AnalyzeError> {
        let n = self.targets.len();
        let mut s = Summary {
            sentences: doc.sentences.len() as u64,
            documents: 1,
            targets: vec![TargetCounts::default(); n],
            ..Summary::default()
        };
        let mut evidence = Vec::new();
        let limit = if self.config.max_evidence == 0 { usize::MAX } else { self.config.max_evidence };
        // The targets named in each sentence, to count sentences and co-mentions.
        let mut named: BTreeMap<usize, Vec<bool>> = BTreeMap::new();
        // Every hit first: a hit inside a longer hit of another target is not a mention of its own
        // ("Republic of Korea" inside "Democratic People's Republic of Korea"); hits of one target
        // never overlap (the matcher's leftmost-longest rule).
        let mut hits = Vec::new();
        let (words, _) = self.matcher.scan(doc, ctx.vocab, |h| {
            hits.push((h.category, h.entry, h.sentence, h.first_token, h.last_token));
        });
        let covered = covered(&hits);
        for (&(category, entry, sentence, first, last), _) in hits.iter().zip(&covered).filter(|(_, c)| !**c) {
            let alias = self.alias_of[category][entry];
            let t = &mut s.targets[category];
            t.mentions += 1;
            *t.aliases.entry(alias).or_default() += 1;
            named.entry(sentence).or_insert_with(|| vec![false; n])[category] = true;
            if evidence.len() < limit {
                let span = rhetor_doc::Span::new(doc.tokens[first].start, doc.tokens[last].end);
                let label = format!("{}: {}", self.targets[category].0, self.targets[category].2[alias]);
                evidence.push(EvidenceSpan { label, span });
            }
        }
        s.words = words;
        let mut scratch = VaderScratch::default();
        for (&sentence, in_sentence) in &named {
            let ids: Vec<usize> = (0..n).filter(|&k| in_sentence[k]).collect();
            // The sentence's VADER compound, as the sentiment analyzer scores a sentence.
            let compound = self.vader.as_ref().zip(doc.sentences.get(sentence)).map(|(v, sen)| {
                let c = v.score(doc.span_text(sen.span), &mut scratch, None).compound;
                (c * 1e4).round() as i64
            });
            for (i, &a) in ids.iter().enumerate() {
                s.targets[a].sentences += 1;
                if let Some(c) = compound {
                    let t = &mut s.targets[a];
                    t.compound_sum += c;
                    t.positive += u64::from(c >= 500);
                    t.negative += u64::from(c <= -500);
                }
                for &b in &ids[i + 1..] {
                    *s.co_mentions.entry(a).or_default().entry(b).or_default() += 1;
                }
            }
        }
        for t in &mut s.targets {
            t.documents = u64::from(t.mentions > 0);
        }
        let mut output = self.summarize(&s, ctx);
        output.evidence = evidence;
        Ok(DocAnalysis { output, summary: s })
    }

    fn merge(&self, acc: &mut Summary, part: &Summary) {
        acc.words += part.words;
        acc.sentences += part.sentences;
        acc.documents += part.documents;
        if acc.targets.len() < part.targets.len() {
            acc.targets.resize(part.targets.len(), TargetCounts::default());
        }
        for (a, p) in acc.targets.iter_mut().zip(&part.targets) {
            a.mentions += p.mentions;
            a.sentences += p.sentences;
            a.documents += p.documents;
            a.compound_sum += p.compound_sum;
            a.positive += p.positive;
            a.negative += p.negative;
            for (k, v) in &p.aliases {
                *a.aliases.entry(*k).or_default() += v;
            }
        }
        for (a, to) in &part.co_mentions {
            let into = acc.co_mentions.entry(*a).or_default();
            for (b, n) in to {
                *into.entry(*b).or_default() += n;
            }
        }
    }

    fn summarize(&self, s: &Summary, _ctx: &Context<'_>) -> Output {
        let counts = |k: usize| s.targets.get(k).cloned().unwrap_or_default();
        let total: u64 = s.targets.iter().map(|t| t.mentions).sum();
        let mut metrics = vec![
            Metric::new("words", s.words as usize, "words", "word tokens"),
            Metric::new("mentions", total as usize, "count", "mentions of all targets (overlapping aliases once)"),
        ];
        for (k, (id, label, _)) in self.targets.iter().enumerate() {
            let desc = format!("{label}: mentions per 1,000 words");
            metrics.push(Metric::new(
                id,
                Value::float(Self::rate(counts(k).mentions, s.words)),
                "per 1,000 words",
                &desc,
            ));
        }
        let mut columns = vec!["target", "label", "mentions", "per_1000_words", "sentences", "sentence_share"];
        if self.vader.is_some() {
            columns.extend(["mean_sentiment", "positive_share", "negative_share"]);
        }
        let grouped = s.documents > 1;
        if grouped {
            columns.extend(["documents", "document_share"]);
        }
        let rows = self
            .targets
            .iter()
            .enumerate()
            .map(|(k, (id, label, _))| {
                let c = counts(k);
                let mut row = vec![
                    Cell::Text(id.clone()),
                    Cell::Text(label.clone()),
                    Cell::Int(c.mentions as i64),
                    cell(Self::rate(c.mentions, s.words)),
                    Cell::Int(c.sentences as i64),
                    cell(Self::share(c.sentences, s.sentences)),
                ];
                if self.vader.is_some() {
                    let mean =
                        if c.sentences == 0 { f64::NAN } else { c.compound_sum as f64 / 1e4 / c.sentences as f64 };
                    row.push(cell(mean));
                    row.push(cell(Self::share(c.positive, c.sentences)));
                    row.push(cell(Self::share(c.negative, c.sentences)));
                }
                if grouped {
                    row.push(Cell::Int(c.documents as i64));
                    row.push(cell(Self::share(c.documents, s.documents)));
                }
                row
            })
            .collect();
        let targets = Table {
            name: "targets".into(),
            description:
                "per target: mentions, per 1,000 words, sentences that mention it and their share, the mean VADER \
                          compound of those sentences and their shares positive (>= 0.05) and negative (<= -0.05), and \
                          for groups the documents that mention it and their share"
                    .into(),
            columns: columns.into_iter().map(String::from).collect(),
            rows,
        };
        let mut top = Vec::new();
        for (k, (id, _, aliases)) in self.targets.iter().enumerate() {
            let c = counts(k);
            let mut by: Vec<(usize, u64)> = c.aliases.iter().map(|(a, n)| (*a, *n)).collect();
            by.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            for (a, n) in by.into_iter().take(self.config.top_aliases) {
                let alias = aliases.get(a).cloned().unwrap_or_default();
                top.push(vec![Cell::Text(id.clone()), Cell::Text(alias), Cell::Int(n as i64)]);
            }
        }
        let top_aliases = Table {
            name: "top_aliases".into(),
            description: format!("the {} aliases with most mentions per target", self.config.top_aliases),
            columns: vec!["target".into(), "alias".into(), "mentions".into()],
            rows: top,
        };
        let mut pairs: Vec<((usize, usize), u64)> =
            s.co_mentions.iter().flat_map(|(a, to)| to.iter().map(|(b, n)| ((*a, *b), *n))).collect();
        pairs.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let id = |k: usize| self.targets.get(k).map(|t| t.0.clone()).unwrap_or_default();
        let co_mentions = Table {
            name: "co_mentions".into(),
            description: "pairs of targets named in the same sentence: the sentences naming both, most first".into(),
            columns: vec!["target_a".into(), "target_b".into(), "sentences".into()],
            rows: pairs
                .into_iter()
                .map(|((a, b), n)| vec![Cell::Text(id(a)), Cell::Text(id(b)), Cell::Int(n as i64)])
                .collect(),
        };
        Output { metrics, tables: vec![targets, top_aliases, co_mentions], ..Output::default() }
    }
}

/// The targets file with each alias's possessive added after it (`washington` and `washington's`:
/// the tokenizer keeps "Washington's" one word, with any apostrophe), and for each entry of that file
/// the alias it came from. Globs and aliases ending in punctuation ("u.s.": "U.S.'s" is split) are
/// left as they are.
fn with_possessives(file: &ConfigFile, dict: &Dictionary) -> Result<(Dictionary, Vec<Vec<usize>>), ConfigError> {
    let mut table: toml::Table =
        toml::from_str(&file.text).map_err(|e| ConfigError::at(file, None, "", e.to_string()))?;
    let mut alias_of = Vec::new();
    if let Some(toml::Value::Array(categories)) = table.get_mut("category") {
        for (c, cat) in categories.iter_mut().zip(&dict.categories) {
            let mut entries = Vec::new();
            let mut from = Vec::new();
            for (k, e) in cat.entries.iter().enumerate() {
                entries.push(toml::Value::String(e.text.clone()));
                from.push(k);
                let last = e.text.chars().last().unwrap_or(' ');
                if last.is_alphanumeric() && !e.text.ends_with("'s") {
                    entries.push(toml::Value::String(format!("{}'s", e.text)));
                    from.push(k);
                }
            }
            if let Some(t) = c.as_table_mut() {
                t.insert("entries".into(), toml::Value::Array(entries));
            }
            alias_of.push(from);
        }
    }
    let text = toml::to_string(&table).map_err(|e| ConfigError::at(file, None, "", e.to_string()))?;
    let expanded = Dictionary::parse(&ConfigFile::new(file.path.clone(), text))?;
    Ok((expanded, alias_of))
}

/// Which hits `(target, entry, sentence, first token, last token)` lie inside a strictly longer
/// hit (of another target: a target's own hits never overlap). One sort and one pass.
fn covered(hits: &[(usize, usize, usize, usize, usize)]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..hits.len()).collect();
    // By first token, the longest first among those that start together.
    order.sort_by(|&a, &b| hits[a].3.cmp(&hits[b].3).then(hits[b].4.cmp(&hits[a].4)));
    let mut out = vec![false; hits.len()];
    // The furthest last token of the hits that start before the current first token, and of those
    // that start at it.
    let (mut reach, mut first, mut same) = (None::<usize>, usize::MAX, None::<usize>);
    for &i in &order {
        let (.., f, l) = hits[i];
        if f != first {
            reach = reach.max(same);
            first = f;
            same = None;
        }
        out[i] = reach.is_some_and(|r| r >= l) || same.is_some_and(|m| m > l);
        same = same.max(Some(l));
    }
    out
}

/// A table value to four decimals (the metrics keep full precision).
fn round4(x: f64) -> f64 {
    if x.is_finite() { (x * 1e4).round() / 1e4 } else { x }
}

/// A table cell of a float to four decimals; null where undefined (no sentences), as the results
/// files write it, so that a merged run's cells equal a single run's.
fn cell(x: f64) -> Cell {
    if x.is_finite() { Cell::Float(round4(x)) } else { Cell::Null }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    let config: TargetsConfig = section.parse()?;
    section.check_range("max_evidence", config.max_evidence, 0, 10_000_000)?;
    section.check_range("top_aliases", config.top_aliases, 0, 1000)?;
    let file = if config.file.is_empty() {
        ConfigFile::new(BUILTIN_LABEL, BUILTIN)
    } else {
        ConfigFile::load(std::path::Path::new(&config.file))?
    };
    Ok(Box::new(Targets::new(config, &file)?))
}

rhetor_analyzer::register_analyzer! {
    id: "targets",
    summary: "Targets: mentions of the actors of a targets file (the United States, South Korea, the leader, ...), their rates, sentences and co-mentions",
    keys: &[
        ConfigKey { name: "file", default: "\"\"", description: "targets file (the rhetoric dictionary's format); empty for the built-in config/targets/dprk-state-media.toml" },
        ConfigKey { name: "max_evidence", default: "10000", description: "most mentions kept as evidence per document (0: all)" },
        ConfigKey { name: "top_aliases", default: "5", description: "aliases listed per target in the top_aliases table" },
        ConfigKey { name: "sentiment", default: "true", description: "score the sentences that mention a target with VADER (the targets table's sentiment columns)" },
    ],
    build: build,
}

#[cfg(test)]
mod tests;
