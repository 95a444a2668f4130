//! The corpus evidence of the print and web profiles gathered in two mergeable rounds, so that a
//! corpus split into shards (on other machines, each reading only its own files) gathers the same
//! evidence as one run: round 1 ([`Asked`]) says what the print stages will ask about (the word
//! sequences their candidate joins would make), whether any text is web (whose words seen in lower
//! case are wanted), and counts each hyphenated form; round 2 ([`Counted`]), given the merged round
//! 1, counts what it asks (the closed-up forms of the hyphenated words, the wanted sequences) and
//! gathers the words seen in lower case. Both merge by sums and unions, in any order; one run does
//! the same two rounds over all its files at once ([`gather`]).

use crate::clean::evidence::{Evidence, HashedWords, JOIN_NGRAM, Wanted};
use crate::clean::scan::{seq_extend, seq_hash};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Round 1: what the print stages ask about, and the hyphenated forms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// The first two words (by [`seq_hash`]) of each wanted sequence.
    #[serde(with = "sorted_set")]
    pub bigrams: FxHashSet<u64>,
    /// The wanted sequences of three words or more.
    #[serde(with = "sorted_set")]
    pub grams: FxHashSet<u64>,
    /// Whether some text is web: then the words seen in lower case are gathered.
    pub web: bool,
    /// Hash of a lower-case word with its hyphens removed → each hyphenated form written, and how
    /// often.
    pub hyphenated: BTreeMap<u64, BTreeMap<String, u32>>,
}

/// Round 2: the counts round 1 asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    /// Count of each word written without hyphens whose hyphenated form round 1 saw.
    #[serde(with = "sorted_map")]
    pub plain: FxHashMap<u64, u32>,
    /// Count of each wanted sequence.
    #[serde(with = "sorted_map")]
    pub ngrams: FxHashMap<u64, u32>,
    /// Hashes of the words written in lower case somewhere (when some text is web).
    #[serde(with = "sorted_set")]
    pub lower_words: FxHashSet<u64>,
}

impl Asked {
    /// Round 1 over the words of some texts, with what their print stages want.
    pub fn of(sources: &[&HashedWords], wanted: &Wanted) -> Asked {
        let mut asked = Asked {
            bigrams: wanted.bigrams.clone(),
            grams: wanted.grams.clone(),
            web: !wanted.skip_lower_words,
            hyphenated: BTreeMap::new(),
        };
        for hw in sources {
            for (key, form) in &hw.hyphenated {
                let forms = asked.hyphenated.entry(*key).or_default();
                match forms.get_mut(form) {
                    Some(n) => *n = n.saturating_add(1),
                    None => {
                        forms.insert(form.clone(), 1);
                    }
                }
            }
        }
        asked
    }

    /// Add another part's round 1.
    pub fn merge(&mut self, other: &Asked) {
        self.bigrams.extend(other.bigrams.iter().copied());
        self.grams.extend(other.grams.iter().copied());
        self.web |= other.web;
        for (key, forms) in &other.hyphenated {
            let mine = self.hyphenated.entry(*key).or_default();
            for (form, n) in forms {
                let m = mine.entry(form.clone()).or_default();
                *m = m.saturating_add(*n);
            }
        }
    }
}

impl Counted {
    /// Round 2 over the words of some texts, counting what `asked` (merged over the corpus) asks.
    pub fn of(sources: &[&HashedWords], asked: &Asked) -> Counted {
        let mut counted = Counted::default();
        let hyphenated: FxHashSet<u64> = asked.hyphenated.keys().copied().collect();
        for hw in sources {
            if asked.web {
                for (&h, &lower) in hw.hashes.iter().zip(&hw.lower) {
                    if lower {
                        counted.lower_words.insert(h);
                    }
                }
            }
            if !asked.grams.is_empty() {
                for buf in hw.blocks() {
                    count_wanted(&mut counted.ngrams, buf, asked);
                }
            }
            // Closed-up counts of the words that also occur hyphenated (a hyphenated word's own
            // hash includes its hyphen, so it never counts here).
            if !hyphenated.is_empty() {
                for h in &hw.hashes {
                    if hyphenated.contains(h) {
                        let n = counted.plain.entry(*h).or_insert(0);
                        *n = n.saturating_add(1);
                    }
                }
            }
        }
        counted
    }

    /// Add another part's round 2.
    pub fn merge(&mut self, other: &Counted) {
        for (k, n) in &other.plain {
            let m = self.plain.entry(*k).or_default();
            *m = m.saturating_add(*n);
        }
        for (k, n) in &other.ngrams {
            let m = self.ngrams.entry(*k).or_default();
            *m = m.saturating_add(*n);
        }
        self.lower_words.extend(other.lower_words.iter().copied());
    }
}

/// Gather evidence from texts (blocks are separated by blank lines; n-grams do not cross blocks)
/// and from texts already hashed: both rounds at once.
pub fn gather<'a>(
    texts: impl Iterator<Item = &'a str>,
    hashed: impl Iterator<Item = &'a HashedWords>,
    wanted: &Wanted,
) -> Evidence {
    use rayon::prelude::*;
    // Texts hashed a part at a time in parallel, and each part counted in parallel: both rounds
    // merge by sums and unions, so the parts give the evidence the whole gives.
    let texts: Vec<&str> = texts.collect();
    let part = texts.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let parts: Vec<HashedWords> = texts.par_chunks(part).map(|c| HashedWords::of_texts(c.iter().copied())).collect();
    let mut sources: Vec<&HashedWords> = parts.iter().collect();
    for h in hashed {
        sources.push(h);
    }
    let asked = Asked::of(&sources, wanted);
    let counted = sources.par_iter().map(|hw| Counted::of(&[hw], &asked)).reduce(Counted::default, |mut a, b| {
        a.merge(&b);
        a
    });
    evidence(&asked, counted)
}

/// Count the wanted sequences of one block's words.
fn count_wanted(ngrams: &mut FxHashMap<u64, u32>, buf: &[u64], asked: &Asked) {
    for i in 0..buf.len().saturating_sub(1) {
        let mut h = seq_hash(&[buf[i], buf[i + 1]]);
        if !asked.bigrams.contains(&h) {
            continue;
        }
        for &next in &buf[i + 2..buf.len().min(i + JOIN_NGRAM)] {
            h = seq_extend(h, next);
            if asked.grams.contains(&h) {
                let n = ngrams.entry(h).or_insert(0);
                *n = n.saturating_add(1);
            }
        }
    }
}

/// The evidence of both rounds (each merged over the whole corpus): a hyphenated word's form is
/// the one written most often (the first in sorted order among equals), its count that of all its
/// forms.
pub fn evidence(asked: &Asked, counted: Counted) -> Evidence {
    let hyphenated: FxHashMap<u64, (String, u32)> = asked
        .hyphenated
        .iter()
        .filter_map(|(key, forms)| {
            let total = forms.values().fold(0u32, |a, n| a.saturating_add(*n));
            let (form, _) = forms.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
            Some((*key, (form.clone(), total)))
        })
        .collect();
    Evidence::from_parts(hyphenated, counted.plain, counted.ngrams, counted.lower_words)
}

/// A set of hashes written as a sorted list.
mod sorted_set {
    use rustc_hash::FxHashSet;
    use serde::{Deserialize as _, Deserializer, Serialize as _, Serializer};

    pub fn serialize<S: Serializer>(set: &FxHashSet<u64>, s: S) -> Result<S::Ok, S::Error> {
        let mut v: Vec<u64> = set.iter().copied().collect();
        v.sort_unstable();
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FxHashSet<u64>, D::Error> {
        Ok(Vec::<u64>::deserialize(d)?.into_iter().collect())
    }
}

/// A map of hashes to counts written as a sorted list of pairs.
mod sorted_map {
    use rustc_hash::FxHashMap;
    use serde::{Deserialize as _, Deserializer, Serialize as _, Serializer};

    pub fn serialize<S: Serializer>(map: &FxHashMap<u64, u32>, s: S) -> Result<S::Ok, S::Error> {
        let mut v: Vec<(u64, u32)> = map.iter().map(|(k, n)| (*k, *n)).collect();
        v.sort_unstable();
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FxHashMap<u64, u32>, D::Error> {
        let pairs = Vec::<(u64, u32)>::deserialize(d)?;
        let mut map = FxHashMap::default();
        for (k, n) in pairs {
            let m: &mut u32 = map.entry(k).or_insert(0);
            *m = m.saturating_add(n);
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::scan::word_hash;

    const TEXTS: [&str; 6] = [
        "The five-point plan of the Party.\n\nThe anti-imperialist struggle goes on.",
        "Fivepoint plans and the grass-roots work of the masses",
        "the grassroots and the grass-roots, the five-point plan of the people",
        "Anti-Imperialist rally held; the anti-imperialist banner of the five point plan",
        "co-operation and coop-eration, coop-eration again",
        "the plan of the Party and the people",
    ];

    /// Rounds over parts of the texts, merged in either order, give the evidence of all of them.
    #[test]
    fn rounds_over_parts_merge_into_the_evidence_of_the_whole() {
        let w = |s: &str| word_hash(s);
        let mut wanted = Wanted { skip_lower_words: false, ..Wanted::default() };
        wanted.bigrams.insert(seq_hash(&[w("plan"), w("of")]));
        wanted.grams.insert(seq_extend(seq_hash(&[w("plan"), w("of")]), w("the")));
        let whole = gather(TEXTS.iter().copied(), std::iter::empty(), &wanted);
        assert!(whole.compound("fivepoint").is_some() && whole.is_word("masses") && !whole.is_word("Party"));
        assert_eq!(whole.ngram_count(wanted.grams.iter().copied().next().unwrap_or_default()), 3);
        // The form written most often wins, whatever the order of the texts.
        assert!(whole.has_hyphenated("coop", "eration") && !whole.has_hyphenated("co", "operation"));
        for cut in 1..TEXTS.len() {
            let (a, b) = TEXTS.split_at(cut);
            let words = |t: &[&str]| HashedWords::of_texts(t.iter().copied());
            let (wa, wb) = (words(a), words(b));
            // Round 1 per part; only the first part's print stages want anything.
            let (mut asked, other) = (Asked::of(&[&wa], &wanted), Asked::of(&[&wb], &Wanted::default()));
            let mut reversed = other.clone();
            reversed.merge(&asked);
            asked.merge(&other);
            assert_eq!(asked, reversed, "cut {cut}");
            let (mut counted, other) = (Counted::of(&[&wa], &asked), Counted::of(&[&wb], &asked));
            counted.merge(&other);
            assert_eq!(evidence(&asked, counted.clone()), whole, "cut {cut}");
            // And through their JSON.
            let json = serde_json::to_string(&counted).expect("json");
            assert_eq!(serde_json::from_str::<Counted>(&json).expect("json"), counted);
        }
    }
}
