//! The tables of a summary: `targets`, `top_aliases`, `co_mentions`, `categories` (the rhetoric
//! categories of the sentences that name a target, against the other sentences) and `epithets`.

use crate::{Summary, TargetCounts, Targets, cell};
use rhetor_analyzer::keyness::Counts;
use rhetor_analyzer::{Cell, CellKind, SmolStr, Table, TypedTable};

/// The top aliases table's columns.
const TOP_ALIAS_COLUMNS: [(&str, CellKind); 3] =
    [("target", CellKind::Text), ("alias", CellKind::Text), ("mentions", CellKind::Int)];

/// The co-mentions table's columns.
const CO_MENTION_COLUMNS: [(&str, CellKind); 3] =
    [("target_a", CellKind::Text), ("target_b", CellKind::Text), ("sentences", CellKind::Int)];

impl Targets {
    /// The targets table's columns: with VADER the sentiment of the sentences naming each target,
    /// and for groups (`grouped`) the documents that name it.
    fn targets_columns(&self, grouped: bool) -> Vec<(&'static str, CellKind)> {
        let mut columns = vec![
            ("target", CellKind::Text),
            ("label", CellKind::Text),
            ("mentions", CellKind::Int),
            ("negated", CellKind::Int),
            ("per_1000_words", CellKind::Float),
            ("sentences", CellKind::Int),
            ("sentence_share", CellKind::Float),
        ];
        if self.vader.is_some() {
            columns.extend([
                ("mean_sentiment", CellKind::Float),
                ("positive_share", CellKind::Float),
                ("negative_share", CellKind::Float),
            ]);
        }
        if grouped {
            columns.extend([("documents", CellKind::Int), ("document_share", CellKind::Float)]);
        }
        columns
    }

    /// A document's targets, top aliases and co-mentions, written wide by the dataset.
    pub(crate) fn typed(&self) -> Vec<TypedTable> {
        vec![
            TypedTable::new("targets", &self.targets_columns(false)),
            TypedTable::new("top_aliases", &TOP_ALIAS_COLUMNS),
            TypedTable::new("co_mentions", &CO_MENTION_COLUMNS),
        ]
    }

    /// The `targets` table; a document's (`document`) has only the targets it mentions.
    pub(crate) fn targets_table(&self, s: &Summary, document: bool) -> Table {
        let grouped = s.documents > 1;
        let columns = self.targets_columns(grouped);
        let rows = self
            .targets
            .iter()
            .enumerate()
            .filter(|(k, _)| !document || s.targets.get(*k).is_some_and(|t| t.mentions > 0))
            .map(|(k, _)| {
                let none = TargetCounts::default();
                let c = s.targets.get(k).unwrap_or(&none);
                let mut row = Vec::with_capacity(columns.len());
                row.extend([
                    Cell::Text(self.labels.id[k].clone()),
                    Cell::Text(self.labels.name[k].clone()),
                    Cell::Int(c.mentions as i64),
                    Cell::Int(c.negated as i64),
                    cell(Self::rate(c.mentions, s.words)),
                    Cell::Int(c.sentences as i64),
                    cell(Self::share(c.sentences, s.sentences)),
                ]);
                if self.vader.is_some() {
                    let mean = c.mean_compound();
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
        Table {
            name: "targets".into(),
            description: SmolStr::new_static(
                "per target: mentions, those under a negation (\"not an enemy\"), per 1,000 words, sentences \
                 that mention it and their share, the mean VADER compound of those sentences and their \
                 shares positive (>= 0.05) and negative (<= -0.05), and for groups the documents that \
                 mention it and their share",
            ),
            columns: columns.into_iter().map(|(c, _)| SmolStr::new_static(c)).collect(),
            rows,
        }
    }

    pub(crate) fn top_aliases_table(&self, s: &Summary) -> Table {
        let mut top = Vec::new();
        for (k, (id, _, aliases)) in self.targets.iter().enumerate() {
            let Some(c) = s.targets.get(k) else { continue };
            let mut by: Vec<(usize, u64)> = c.aliases.iter().map(|(a, n)| (*a, *n)).collect();
            by.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            for (a, n) in by.into_iter().take(self.config.top_aliases) {
                let alias = aliases.get(a).map_or_else(SmolStr::default, SmolStr::new);
                top.push(vec![Cell::Text(SmolStr::new(id)), Cell::Text(alias), Cell::Int(n as i64)]);
            }
        }
        Table {
            name: "top_aliases".into(),
            description: self.labels.top_aliases.clone(),
            columns: TOP_ALIAS_COLUMNS.map(|(c, _)| SmolStr::new_static(c)).to_vec(),
            rows: top,
        }
    }

    pub(crate) fn co_mentions_table(&self, s: &Summary) -> Table {
        let mut pairs: Vec<((usize, usize), u64)> =
            s.co_mentions.iter().flat_map(|(a, to)| to.iter().map(|(b, n)| ((*a, *b), *n))).collect();
        pairs.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let id = |k: usize| self.labels.id.get(k).cloned().unwrap_or_default();
        Table {
            name: "co_mentions".into(),
            description: SmolStr::new_static(
                "pairs of targets named in the same sentence: the sentences naming both, most first",
            ),
            columns: CO_MENTION_COLUMNS.map(|(c, _)| SmolStr::new_static(c)).to_vec(),
            rows: pairs
                .into_iter()
                .map(|((a, b), n)| vec![Cell::Text(id(a)), Cell::Text(id(b)), Cell::Int(n as i64)])
                .collect(),
        }
    }

    /// Per target (that a sentence names) and rhetoric category (that a sentence has): the
    /// target's sentences with a hit of the category beside its mentions, their share against the
    /// share of the other sentences with one, the hits per mention, and G² of the whole 2×2 table of
    /// sentences (signed: negative where the category is rarer beside the target than elsewhere;
    /// a category never beside a target is a row too), strongest first.
    pub(crate) fn categories_table(&self, s: &Summary) -> Table {
        let mut rows = Vec::new();
        for (k, (id, _, _)) in self.targets.iter().enumerate() {
            let Some(t) = s.targets.get(k).filter(|t| t.sentences > 0) else { continue };
            let mut mine: Vec<(f64, usize, [u64; 2], f64, f64)> = Vec::new();
            for (c, &all) in s.category_sentences.iter().enumerate().filter(|(_, n)| **n > 0) {
                let [with, hits] = t.categories.get(&c).copied().unwrap_or_default();
                let elsewhere = all.saturating_sub(with);
                let rest = s.sentences.saturating_sub(t.sentences);
                let k2 = Counts::new(with, t.sentences, elsewhere, rest);
                let g2 = k2.g2_table() * f64::from(if k2.direction() < 0 { -1 } else { 1 });
                mine.push((g2, c, [with, hits], Self::share(with, t.sentences), Self::share(elsewhere, rest)));
            }
            mine.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            for (g2, c, [with, hits], share, elsewhere) in mine {
                rows.push(vec![
                    Cell::Text(id.as_str().into()),
                    Cell::Text(self.categories.get(c).map_or_else(SmolStr::default, SmolStr::new)),
                    Cell::Int(with as i64),
                    cell(share),
                    cell(elsewhere),
                    Cell::Int(hits as i64),
                    cell(Self::share(hits, t.mentions)),
                    cell(g2),
                ]);
            }
        }
        Table {
            name: "categories".into(),
            description: SmolStr::new_static(
                "per target and rhetoric category: the sentences naming the target with a hit beside its \
                          mentions (not negated, not on the words of any mention), their share of the target's \
                          sentences, the share of the other sentences with a hit, the hits per mention, and G2 of the \
                          2x2 table of sentences (negative: rarer beside the target); strongest first",
            ),
            columns: ["target", "category", "sentences", "share", "elsewhere_share", "hits", "per_mention", "g2"]
                .map(SmolStr::from)
                .to_vec(),
            rows,
        }
    }

    /// Per target, its epithets ranked by frequency and by association (G² of the epithet's count
    /// among the target's epithets against its count among the other targets' epithets): the top
    /// `top_epithets` of either ranking, most frequent first.
    pub(crate) fn epithets_table(&self, s: &Summary) -> Table {
        let top = self.config.top_epithets;
        let totals: Vec<u64> = s.targets.iter().map(|t| t.epithets.values().sum()).collect();
        let all: u64 = totals.iter().sum();
        let mut everywhere: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
        for t in &s.targets {
            for (e, n) in &t.epithets {
                *everywhere.entry(e.as_str()).or_default() += n;
            }
        }
        let mut rows = Vec::new();
        for (k, (id, _, _)) in self.targets.iter().enumerate() {
            let Some(t) = s.targets.get(k) else { continue };
            let mine: Vec<(&str, u64, f64)> = t
                .epithets
                .iter()
                .map(|(e, &n)| {
                    let other = everywhere.get(e.as_str()).copied().unwrap_or(0).saturating_sub(n);
                    let k2 = Counts::new(n, totals[k], other, all - totals[k]);
                    let g2 = k2.g2() * f64::from(if k2.direction() < 0 { -1 } else { 1 });
                    (e.as_str(), n, g2)
                })
                .collect();
            let mut by_count: Vec<usize> = (0..mine.len()).collect();
            by_count.sort_by(|&a, &b| mine[b].1.cmp(&mine[a].1).then(mine[a].0.cmp(mine[b].0)));
            let mut by_g2: Vec<usize> = (0..mine.len()).collect();
            by_g2.sort_by(|&a, &b| mine[b].2.total_cmp(&mine[a].2).then(mine[a].0.cmp(mine[b].0)));
            let rank = |order: &[usize], i: usize| order.iter().position(|&x| x == i).unwrap_or(usize::MAX);
            let mut shown: Vec<usize> =
                by_count.iter().take(top).chain(by_g2.iter().take(top)).copied().collect::<Vec<_>>();
            shown.sort_by_key(|&i| rank(&by_count, i));
            shown.dedup();
            for i in shown {
                let (key, n, g2) = mine[i];
                let (kind, text) = key.split_once('\t').unwrap_or(("", key));
                rows.push(vec![
                    Cell::Text(id.as_str().into()),
                    Cell::Text(kind.into()),
                    Cell::Text(text.into()),
                    Cell::Int(n as i64),
                    cell(Self::share(n, t.mentions)),
                    cell(g2),
                    Cell::Int(rank(&by_count, i) as i64 + 1),
                    Cell::Int(rank(&by_g2, i) as i64 + 1),
                ]);
            }
        }
        Table {
            name: "epithets".into(),
            description: format!(
                "per target, the words attached to its mentions (before: modifiers after a determiner; apposition: \
                 \", the X,\"; clause: \"who/which/that\" cut short at four words), the {top} most frequent and the \
                 {top} most associated with it (G2 against the other targets' epithets), with their ranks"
            )
            .into(),
            columns: ["target", "kind", "epithet", "count", "per_mention", "g2", "frequency_rank", "association_rank"]
                .map(SmolStr::from)
                .to_vec(),
            rows,
        }
    }
}
