//! Analyzer `targets`: at whom the rhetoric is aimed. A targets file (the rhetoric dictionary's
//! format: each category a target, its entries the target's aliases; `config/targets/`) names the
//! actors; every mention is found with the rhetoric analyzer's matcher (aliases leftmost-longest, so
//! overlapping aliases make one mention; a hit inside a longer hit of another target is no mention:
//! "Republic of Korea" in "Democratic People's Republic of Korea") and kept as evidence.
//!
//! Per document, group and corpus: mentions of all targets; per target its mentions per 1,000
//! words (a metric named by the target's id), and in the `targets` table its mentions (and those
//! under a negation of the rhetoric dictionary's rules: "not an enemy"), rate, the sentences and
//! the share of sentences that mention it (and for groups and the corpus the documents and the
//! share of documents); the aliases that matched most (`top_aliases`); the co-mention network
//! (`co_mentions`: pairs of targets named in the same sentence, with the number of such
//! sentences); the rhetoric categories of the sentences that name it against the other sentences,
//! with G² (`categories`: the rhetoric dictionary is matched in the same pass as the targets); and
//! its epithets, ranked by frequency and by association (`epithets`; the rules are in
//! [`epithets`]).
//!
//! With `sentiment` (the default), the sentences that mention a target are scored with VADER as
//! the sentiment analyzer scores a sentence: per target the mean compound of those sentences and
//! the shares positive (≥ 0.05) and negative (≤ −0.05). A sentence naming two targets counts for
//! both.
//!
//! For dated documents, groups and the corpus add `over_time` (each target's figures by month, or
//! by year over five years and more) and `changes` (the largest differences from one period to the
//! next): see [`periods`].
//!
//! Evidence: each mention ("usa: u.s."), each epithet ("usa epithet: warmongering") and each hit
//! of a rhetoric category in a sentence naming a target ("usa with enemy.threat: war").

mod epithets;
mod periods;
mod sentence;
mod tables;

use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, Cell, ConfigError, ConfigFile, ConfigKey, Context, DocAnalysis,
    DynAnalyzer, Metric, Name, Output, SmolStr, Value,
};
use rhetor_doc::Document;
use rhetor_rhetoric::{Dictionary, Matcher};
use rhetor_sentiment::vader::Vader;
use sentence::{CategoryHit, DocWork, TargetHit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default targets file, the same file as `config/targets/dprk-state-media.toml`.
pub const BUILTIN: &str = include_str!("../../../../config/targets/dprk-state-media.toml");
const BUILTIN_LABEL: &str = "(built-in) config/targets/dprk-state-media.toml";

/// Target ids that would collide with the analyzer's own metrics, or with its evidence count in
/// `results.json`'s documents table.
const RESERVED_IDS: [&str; 3] = ["words", "mentions", "evidence_count"];

/// The id of a targets file's category of phrases that hold an alias but name something else
/// ("United Russia", "the Communist Party of China"): a mention inside one of them is none. It is
/// no target.
pub const NOT_A_MENTION: &str = "not_a_mention";

/// `[analyzers.targets]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetsConfig {
    /// Targets file (the rhetoric dictionary's format); empty for the built-in DPRK state-media file.
    pub file: String,
    /// Rhetoric dictionary whose categories are counted in the sentences that name a target and
    /// whose negation rules mark negated mentions; empty for the rhetoric analyzer's built-in one
    /// (set it to `[analyzers.rhetoric] dictionary` when that is changed).
    pub dictionary: String,
    /// Count the rhetoric categories of the sentences that name a target (the `categories` table).
    pub categories: bool,
    /// At most this many evidence items per document (mentions, epithets and category hits of
    /// the first sentences); the counts cover every one. 0 keeps every one.
    pub max_evidence: usize,
    /// Aliases listed per target in the `top_aliases` table.
    pub top_aliases: usize,
    /// Epithets listed per target and ranking (frequency, association) in the `epithets` table.
    pub top_epithets: usize,
    /// Changes listed per target and measure in the `changes` table.
    pub top_changes: usize,
    /// Score the sentences that mention a target with VADER (as the sentiment analyzer does) for
    /// the `targets` table's sentiment columns.
    pub sentiment: bool,
}

impl Default for TargetsConfig {
    fn default() -> Self {
        TargetsConfig {
            file: String::new(),
            dictionary: String::new(),
            categories: true,
            max_evidence: 10_000,
            top_aliases: 5,
            top_epithets: 10,
            top_changes: 3,
            sentiment: true,
        }
    }
}

/// The analyzer: the compiled targets and the config.
#[derive(Debug)]
pub struct Targets {
    config: TargetsConfig,
    /// The targets' aliases, then the rhetoric categories (when counted), matched in one pass.
    matcher: Matcher,
    /// Per target: id, label, and the text of each alias.
    targets: Vec<(String, String, Vec<String>)>,
    /// Per target, the alias of each entry of the compiled file (which adds possessives).
    alias_of: Vec<Vec<usize>>,
    /// The matcher's categories of targets: the targets, then the phrases that are no mention
    /// ([`NOT_A_MENTION`]) when the file has them; the rhetoric categories follow.
    matched: usize,
    /// The ids of the rhetoric categories counted; the matcher's category `targets.len() + c` is
    /// category `c`.
    categories: Vec<String>,
    /// VADER, when the sentences that mention a target are scored.
    vader: Option<Vader>,
    /// Labels and descriptions made once: see [`Labels`].
    labels: Labels,
}

/// The evidence labels and metric descriptions that do not depend on a document, made once when
/// the analyzer is built rather than for every item (most sentences of state media name a target).
#[derive(Debug, Default)]
struct Labels {
    /// Per target and alias: "usa: u.s." and "usa: u.s. (negated)".
    mention: Vec<Vec<[SmolStr; 2]>>,
    /// A category hit beside a target is labelled "usa with enemy.threat: war": per target its
    /// first part ("usa with "), per rhetoric category and entry the second ("enemy.threat: war";
    /// joined when kept, since a large dictionary times the targets would be many strings).
    with: Vec<String>,
    hit: Vec<Vec<String>>,
    /// Per target: its id, its label and its metric's description.
    id: Vec<SmolStr>,
    name: Vec<SmolStr>,
    metric: Vec<SmolStr>,
    /// The `top_aliases` table's description.
    top_aliases: SmolStr,
}

impl Labels {
    fn new(
        targets: &[(String, String, Vec<String>)],
        matcher: &Matcher,
        matched: usize,
        categories: &[String],
        top_aliases: usize,
    ) -> Self {
        let mention = targets
            .iter()
            .map(|(id, _, aliases)| {
                aliases.iter().map(|a| [format!("{id}: {a}").into(), format!("{id}: {a} (negated)").into()]).collect()
            })
            .collect();
        let with = targets.iter().map(|(id, _, _)| format!("{id} with ")).collect();
        let hit = (0..categories.len())
            .map(|c| {
                let entries = &matcher.dict.categories[matched + c].entries;
                entries.iter().map(|e| format!("{}: {}", categories[c], e.text)).collect()
            })
            .collect();
        let metric = targets.iter().map(|(_, label, _)| format!("{label}: mentions per 1,000 words").into()).collect();
        let id = targets.iter().map(|(id, _, _)| SmolStr::new(id)).collect();
        let name = targets.iter().map(|(_, label, _)| SmolStr::new(label)).collect();
        let top_aliases = format!("the {top_aliases} aliases with most mentions per target").into();
        Labels { mention, with, hit, id, name, metric, top_aliases }
    }
}

/// One target's counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct TargetCounts {
    pub mentions: u64,
    /// Mentions under a negation ("not an enemy").
    pub negated: u64,
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
    /// Per rhetoric category (by index): the sentences naming the target with a hit of it beside
    /// the mentions (not negated, not on the words of any mention), and those hits.
    pub categories: BTreeMap<usize, [u64; 2]>,
    /// Epithets (`kind<TAB>words`) and their occurrences.
    pub epithets: BTreeMap<String, u64>,
}

impl TargetCounts {
    /// The mean VADER compound of the sentences naming the target (NaN without any).
    pub fn mean_compound(&self) -> f64 {
        if self.sentences == 0 { f64::NAN } else { self.compound_sum as f64 / 1e4 / self.sentences as f64 }
    }

    /// Each target's counts of a part added to `acc`'s (grown to the part's targets).
    pub fn add_all(acc: &mut Vec<TargetCounts>, part: &[TargetCounts]) {
        if acc.len() < part.len() {
            acc.resize(part.len(), TargetCounts::default());
        }
        for (a, p) in acc.iter_mut().zip(part) {
            a.add(p);
        }
    }

    /// The counts of a part added (its epithets' keys copied only when new here).
    pub fn add(&mut self, p: &TargetCounts) {
        self.mentions += p.mentions;
        self.negated += p.negated;
        self.sentences += p.sentences;
        self.documents += p.documents;
        self.compound_sum += p.compound_sum;
        self.positive += p.positive;
        self.negative += p.negative;
        for (k, v) in &p.aliases {
            *self.aliases.entry(*k).or_default() += v;
        }
        for (k, [x, y]) in &p.categories {
            let e = self.categories.entry(*k).or_default();
            e[0] += x;
            e[1] += y;
        }
        for (k, v) in &p.epithets {
            match self.epithets.get_mut(k) {
                Some(n) => *n += v,
                None => {
                    self.epithets.insert(k.clone(), *v);
                }
            }
        }
    }
}

/// What one document adds to a group or the corpus.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Summary {
    pub words: u64,
    pub sentences: u64,
    pub documents: u64,
    pub targets: Vec<TargetCounts>,
    /// Sentences naming both targets `a` and `b`, by `a` then `b` (`a < b`).
    pub co_mentions: BTreeMap<usize, BTreeMap<usize, u64>>,
    /// Per rhetoric category, the sentences (all of them) with a hit of it (not negated, not on the
    /// words of a mention).
    pub category_sentences: Vec<u64>,
    /// Dated documents' counts by month (see [`periods`]).
    pub months: BTreeMap<String, periods::Period>,
}

impl Targets {
    /// Compile the targets of `file` (the rhetoric dictionary's format) with the negation rules
    /// of the rhetoric dictionary `rhetoric` when given, and its categories when the config counts
    /// them.
    pub fn new(
        config: TargetsConfig,
        file: &ConfigFile,
        rhetoric: Option<&ConfigFile>,
    ) -> Result<Targets, ConfigError> {
        let dict = Dictionary::parse(file)?;
        if let Some(c) = dict.categories.iter().find(|c| RESERVED_IDS.contains(&c.spec.id.as_str())) {
            let at = file.text.find(&format!("\"{}\"", c.spec.id));
            return Err(ConfigError::at(
                file,
                at,
                "category",
                format!(
                    "target id `{}` is a metric of the analyzer itself (or its evidence count); choose another",
                    c.spec.id
                ),
            ));
        }
        let targets: Vec<(String, String, Vec<String>)> = dict
            .categories
            .iter()
            .filter(|c| c.spec.id != NOT_A_MENTION)
            .map(|c| {
                let label = if c.spec.label.is_empty() { c.spec.id.clone() } else { c.spec.label.clone() };
                (c.spec.id.clone(), label, c.entries.iter().map(|e| e.text.clone()).collect())
            })
            .collect();
        let (mut expanded, mut alias_of) = with_possessives(file, &dict)?;
        // The phrases that are no mention go after the targets: their hits cover the mentions
        // inside them (a hit inside a longer hit is none) and count for nothing.
        let excluded = dict.categories.iter().position(|c| c.spec.id == NOT_A_MENTION);
        if let Some(k) = excluded {
            let phrases = expanded.categories.remove(k);
            expanded.categories.push(phrases);
            alias_of.remove(k);
        }
        let matched = alias_of.len() + usize::from(excluded.is_some());
        let mut ids = Vec::new();
        if let Some(f) = rhetoric {
            let rhetoric = Dictionary::parse(f)?;
            // The rhetoric dictionary's negation rules mark negated mentions and hits.
            if rhetoric.negation.is_some() {
                expanded.negation = rhetoric.negation;
            }
            if config.categories {
                ids = rhetoric.categories.iter().map(|c| c.spec.id.clone()).collect();
                expanded.categories.extend(rhetoric.categories);
            }
        }
        let vader = config.sentiment.then(Vader::builtin);
        let matcher = Matcher::new(expanded);
        let labels = Labels::new(&targets, &matcher, matched, &ids, config.top_aliases);
        Ok(Targets { config, matcher, targets, alias_of, matched, categories: ids, vader, labels })
    }

    pub(crate) fn rate(n: u64, words: u64) -> f64 {
        if words == 0 { f64::NAN } else { n as f64 * 1000.0 / words as f64 }
    }

    pub(crate) fn share(n: u64, of: u64) -> f64 {
        if of == 0 { f64::NAN } else { n as f64 / of as f64 }
    }
}

impl Analyzer for Targets {
    type Summary = Summary;

    /// A document's targets, top aliases and co-mentions, written wide by the dataset.
    fn typed_tables(&self) -> Vec<rhetor_analyzer::TypedTable> {
        self.typed()
    }

    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Summary>, AnalyzeError> {
        let n = self.targets.len();
        let s = Summary {
            sentences: doc.sentences.len() as u64,
            documents: 1,
            targets: vec![TargetCounts::default(); n],
            category_sentences: vec![0; self.categories.len()],
            ..Summary::default()
        };
        // One pass over the targets' aliases and the rhetoric categories; each sentence's hits are
        // worked as the next sentence's begin (the matcher gives them sentence by sentence).
        let mut work = DocWork::new(self, doc, ctx.vocab, s);
        let (mut hits, mut rhetoric): (Vec<TargetHit>, Vec<CategoryHit>) = (Vec::new(), Vec::new());
        let mut current: Option<usize> = None;
        let (words, _) = self.matcher.scan(doc, ctx.vocab, |h| {
            if current != Some(h.sentence) {
                if let Some(sentence) = current {
                    work.sentence(sentence, &hits, &rhetoric);
                }
                hits.clear();
                rhetoric.clear();
                current = Some(h.sentence);
            }
            if h.category < self.matched {
                hits.push((h.category, h.entry, h.sentence, h.first_token, h.last_token, h.negated));
            } else if !h.negated {
                rhetoric.push((h.category - self.matched, h.entry, h.first_token, h.last_token));
            }
        });
        if let Some(sentence) = current {
            work.sentence(sentence, &hits, &rhetoric);
        }
        let (mut s, evidence) = work.finish();
        s.words = words;
        for t in &mut s.targets {
            t.documents = u64::from(t.mentions > 0);
        }
        if let Some(month) = periods::month_of(doc.meta.date.as_deref()) {
            // The counts without the per-alias, category and epithet maps (not kept by period).
            // (Every field named: one added to `TargetCounts` must be placed here too.)
            let counts = |t: &TargetCounts| {
                let TargetCounts {
                    mentions,
                    negated,
                    sentences,
                    documents,
                    aliases: _,
                    compound_sum,
                    positive,
                    negative,
                    categories: _,
                    epithets: _,
                } = *t;
                TargetCounts {
                    mentions,
                    negated,
                    sentences,
                    documents,
                    compound_sum,
                    positive,
                    negative,
                    ..TargetCounts::default()
                }
            };
            let period = periods::Period {
                documents: 1,
                words: s.words,
                sentences: s.sentences,
                targets: s.targets.iter().map(counts).collect(),
            };
            s.months.insert(month, period);
        }
        // A document's tables name the targets it mentions.
        let mut output = self.output(&s, true);
        // In document order already (see `DocWork::sentence`).
        output.evidence = evidence;
        Ok(DocAnalysis { output, summary: s })
    }

    fn merge(&self, acc: &mut Summary, part: &Summary) {
        acc.words += part.words;
        acc.sentences += part.sentences;
        acc.documents += part.documents;
        TargetCounts::add_all(&mut acc.targets, &part.targets);
        for (a, to) in &part.co_mentions {
            let into = acc.co_mentions.entry(*a).or_default();
            for (b, n) in to {
                *into.entry(*b).or_default() += n;
            }
        }
        if acc.category_sentences.len() < part.category_sentences.len() {
            acc.category_sentences.resize(part.category_sentences.len(), 0);
        }
        for (a, p) in acc.category_sentences.iter_mut().zip(&part.category_sentences) {
            *a += p;
        }
        for (k, p) in &part.months {
            acc.months.entry(k.clone()).or_default().add(p);
        }
    }

    fn summarize(&self, s: &Summary, _ctx: &Context<'_>) -> Output {
        self.output(s, false)
    }
}

impl Targets {
    /// The metrics and tables of a summary: a document's (`document`) or a group's.
    fn output(&self, s: &Summary, document: bool) -> Output {
        let total: u64 = s.targets.iter().map(|t| t.mentions).sum();
        let mut metrics = Vec::with_capacity(2 + self.targets.len());
        metrics.push(Metric::new("words", s.words as usize, "words", "word tokens"));
        metrics.push(Metric::new(
            "mentions",
            total as usize,
            "count",
            "mentions of all targets (overlapping aliases once)",
        ));
        for (k, (id, desc)) in self.labels.id.iter().zip(&self.labels.metric).enumerate() {
            let mentions = s.targets.get(k).map_or(0, |t| t.mentions);
            let rate = Value::float(Self::rate(mentions, s.words));
            metrics.push(Metric::shared(Name::from(id), rate, Name::new("per 1,000 words"), Name::from(desc)));
        }
        let mut tables = vec![self.targets_table(s, document), self.top_aliases_table(s), self.co_mentions_table(s)];
        // Categories against the other sentences and epithets ranked against the other targets'
        // say something of a group or a corpus; a document's are in its evidence.
        if !document {
            if !self.categories.is_empty() {
                tables.push(self.categories_table(s));
            }
            tables.push(self.epithets_table(s));
        }
        if !document && s.documents > 1 {
            let ids: Vec<&str> = self.targets.iter().map(|t| t.0.as_str()).collect();
            let by = periods::periods(&s.months);
            tables.extend(periods::tables(&by, &ids, self.config.top_changes, self.vader.is_some()));
        }
        Output { metrics, tables, ..Output::default() }
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

/// Which hits `(target, entry, sentence, first token, last token, negated)` lie inside a strictly longer
/// hit (of another target: a target's own hits never overlap). One sort and one pass.
fn covered(hits: &[TargetHit]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..hits.len()).collect();
    // By first token, the longest first among those that start together.
    order.sort_by(|&a, &b| hits[a].3.cmp(&hits[b].3).then(hits[b].4.cmp(&hits[a].4)));
    let mut out = vec![false; hits.len()];
    // The furthest last token of the hits that start before the current first token, and of those
    // that start at it.
    let (mut reach, mut first, mut same) = (None::<usize>, usize::MAX, None::<usize>);
    for &i in &order {
        let (.., f, l, _) = hits[i];
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
pub(crate) fn cell(x: f64) -> Cell {
    if x.is_finite() { Cell::Float(round4(x)) } else { Cell::Null }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    let config: TargetsConfig = section.parse()?;
    section.check_range("max_evidence", config.max_evidence, 0, 10_000_000)?;
    section.check_range("top_aliases", config.top_aliases, 0, 1000)?;
    section.check_range("top_epithets", config.top_epithets, 0, 1000)?;
    section.check_range("top_changes", config.top_changes, 0, 1000)?;
    let file = if config.file.is_empty() {
        ConfigFile::new(BUILTIN_LABEL, BUILTIN)
    } else {
        ConfigFile::load(std::path::Path::new(&config.file))?
    };
    // The rhetoric dictionary: its negation rules always, its categories when counted.
    let rhetoric = if config.dictionary.is_empty() {
        ConfigFile::new(rhetor_rhetoric::BUILTIN_LABEL, rhetor_rhetoric::BUILTIN)
    } else {
        ConfigFile::load(std::path::Path::new(&config.dictionary))?
    };
    Ok(Box::new(Targets::new(config, &file, Some(&rhetoric))?))
}

rhetor_analyzer::register_analyzer! {
    id: "targets",
    summary: "Targets: mentions of the actors of a targets file (the United States, South Korea, the leader, ...), their rates, sentiment, epithets, rhetoric categories, co-mentions and changes over time",
    keys: &[
        ConfigKey { name: "file", default: "\"\"", description: "targets file (the rhetoric dictionary's format); empty for the built-in config/targets/dprk-state-media.toml" },
        ConfigKey { name: "dictionary", default: "\"\"", description: "rhetoric dictionary whose categories are counted in the sentences naming a target and whose negation rules mark negated mentions; empty for the rhetoric analyzer's built-in one" },
        ConfigKey { name: "categories", default: "true", description: "count the rhetoric categories of the sentences naming a target (the categories table)" },
        ConfigKey { name: "max_evidence", default: "10000", description: "most evidence items (mentions, epithets, category hits of the first sentences) kept per document (0: all)" },
        ConfigKey { name: "top_aliases", default: "5", description: "aliases listed per target in the top_aliases table" },
        ConfigKey { name: "top_epithets", default: "10", description: "epithets listed per target and ranking (frequency, association) in the epithets table" },
        ConfigKey { name: "top_changes", default: "3", description: "changes listed per target and measure in the changes table" },
        ConfigKey { name: "sentiment", default: "true", description: "score the sentences that mention a target with VADER (the targets table's sentiment columns)" },
    ],
    build: build,
}

#[cfg(test)]
mod tests;
