//! The compiled dictionary: every entry's atoms shared and indexed, matched over a document's word
//! tokens in one pass.
//!
//! - Compile once per run: each atom (word, glob, regex) gets an id; for every form of the corpus
//!   vocabulary, the case-insensitive atoms it matches are listed (words by hash lookup, globs by
//!   the sorted forms that share their literal prefix or suffix, so a large dictionary does not test
//!   every glob against every form), and the case-sensitive words it may be (only such a form's
//!   tokens check their text; case-sensitive globs and regexes are checked on every token).
//! - Scan: at each word token, only the entries whose first slot the token matches are tried; each
//!   try follows its slots (phrase words adjacent, gaps within a clause) and keeps its longest match.
//! - Overlap rule: within one category, matches are chosen leftmost-longest and never overlap (a
//!   token counts at most once per category); a token may count in several categories.
//! - Negation: a match is negated when a negator stands within `before` words before it or `after`
//!   words after it, with no clause punctuation (`, ; : . ! ?`) or sentence end in between.

use crate::dictionary::Dictionary;
use crate::pattern::{Atom, Slot};
use rhetor_doc::{Document, FormId, TokenKind, Vocabulary};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::{Arc, Mutex};

mod scan;
use scan::Scan;

/// One step of a compiled entry: the gap before it and its alternatives (atom sequences).
#[derive(Debug, Clone)]
struct CStep {
    gap: (u8, u8),
    alts: Vec<Vec<u32>>,
    /// Several alternatives, every one beginning with a case-insensitive atom: a word's atoms (in
    /// [`FormAtoms`]) are looked up once to pass the alternatives whose first atom it lacks (all
    /// of them for a word with no atoms), rather than trying each.
    insensitive_firsts: bool,
}

#[derive(Debug, Clone)]
struct CEntry {
    category: usize,
    entry: usize,
    steps: Vec<CStep>,
    quick: Quick,
}

/// What decides an entry's try at a word that its first slot may fill, before following its steps.
/// Most tries of a phrase fail at its second word ("the" begins many phrases): those are told by one
/// look at the next word's atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quick {
    /// Follow the steps.
    Steps,
    /// One case-insensitive word: the word that the entry is listed for matches it, one word long.
    Word,
    /// A phrase whose second atom (in its first slot's one sequence, or first in the slot that
    /// follows with no gap) is case-insensitive: the next word, adjacent, must match that atom.
    Next(u32),
}

/// For each form of a run of vocabulary ids from `first`, the case-insensitive atoms it matches.
#[derive(Debug, Default)]
struct FormChunk {
    first: usize,
    starts: Vec<u32>,
    atoms: Vec<u32>,
    /// For each form, the entries whose first slot it may fill (flattened like `atoms`).
    entry_starts: Vec<u32>,
    entries: Vec<u32>,
    /// For each form, whether it is a negator of the dictionary's negation rules.
    negators: Vec<bool>,
}

impl FormChunk {
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn of(&self, form: usize) -> &[u32] {
        match (self.starts.get(form), self.starts.get(form + 1)) {
            (Some(&a), Some(&b)) => &self.atoms[a as usize..b as usize],
            _ => &[],
        }
    }

    fn entries_of(&self, form: usize) -> &[u32] {
        match (self.entry_starts.get(form), self.entry_starts.get(form + 1)) {
            (Some(&a), Some(&b)) => &self.entries[a as usize..b as usize],
            _ => &[],
        }
    }

    /// `next` (the forms right after this chunk's) appended.
    fn join(&self, next: &FormChunk) -> FormChunk {
        fn shift(v: &[u32], by: usize) -> impl Iterator<Item = u32> + '_ {
            v.iter().map(move |&x| x + by as u32)
        }
        let mut out = FormChunk {
            first: self.first,
            starts: self.starts.clone(),
            atoms: self.atoms.clone(),
            entry_starts: self.entry_starts.clone(),
            entries: self.entries.clone(),
            negators: self.negators.clone(),
        };
        out.negators.extend_from_slice(&next.negators);
        out.starts.extend(shift(&next.starts[1..], self.atoms.len()));
        out.atoms.extend_from_slice(&next.atoms);
        out.entry_starts.extend(shift(&next.entry_starts[1..], self.entries.len()));
        out.entries.extend_from_slice(&next.entries);
        out
    }
}

/// The atoms of every form of a vocabulary, in chunks of ids: one for a corpus read at once; for
/// a vocabulary that grows document by document (`--stream`), a chunk for the forms each document
/// added, joined as a binary counter joins its digits, so that the forms are compiled once and
/// copied O(log n) times in all, and a form's chunk is found among O(log n).
#[derive(Debug, Default, Clone)]
struct FormAtoms {
    chunks: Vec<Arc<FormChunk>>,
}

impl FormAtoms {
    fn chunk(&self, form: usize) -> Option<(&FormChunk, usize)> {
        self.chunks.iter().find(|c| form < c.first + c.len()).map(|c| (&**c, form - c.first))
    }

    fn of(&self, form: usize) -> &[u32] {
        self.chunk(form).map_or(&[], |(c, i)| c.of(i))
    }

    fn entries_of(&self, form: usize) -> &[u32] {
        self.chunk(form).map_or(&[], |(c, i)| c.entries_of(i))
    }

    /// A form's atoms and the entries it may begin, from one look for its chunk.
    fn atoms_and_entries(&self, form: usize) -> (&[u32], &[u32]) {
        self.chunk(form).map_or((&[], &[]), |(c, i)| (c.of(i), c.entries_of(i)))
    }

    fn is_negator(&self, form: usize) -> bool {
        self.chunk(form).is_some_and(|(c, i)| c.negators.get(i).copied().unwrap_or(false))
    }

    /// These forms and the next chunk's.
    fn extended(&self, next: FormChunk) -> FormAtoms {
        let mut chunks = self.chunks.clone();
        chunks.push(Arc::new(next));
        while let [.., a, b] = chunks.as_slice() {
            if a.len() > 2 * b.len() {
                break;
            }
            let joined = Arc::new(a.join(b));
            chunks.truncate(chunks.len() - 2);
            chunks.push(joined);
        }
        FormAtoms { chunks }
    }
}

/// One match: category, entry, sentence, word positions `[start, end)` in the sentence, its first
/// and last token in the document, negated or not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hit {
    pub category: usize,
    pub entry: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub first_token: usize,
    pub last_token: usize,
    pub negated: bool,
}

/// A dictionary compiled for matching.
#[derive(Debug)]
pub struct Matcher {
    pub dict: Dictionary,
    atoms: Vec<Atom>,
    entries: Vec<CEntry>,
    /// Entries by the atoms their first slot may start with.
    starts: FxHashMap<u32, Vec<u32>>,
    /// Atoms checked on each token's text (case-sensitive globs, regexes) that start entries. A
    /// case-sensitive word is listed among the atoms of the forms it may be (its normalized form),
    /// so that only those tokens check their text.
    text_starts: Vec<u32>,
    /// Whether each atom is checked on a token's text (case-sensitive words and globs, regexes).
    sensitive: Vec<bool>,
    negators: FxHashSet<String>,
    negate_nt: bool,
    /// Phrases (normalized words) in which a negator does not negate.
    ignore: Vec<Vec<String>>,
    /// The form atoms of the last vocabulary seen (by its instance number): computed
    /// once per run, and for a vocabulary that grew since, for its new forms only.
    forms: Mutex<Option<(u64, usize, Arc<FormAtoms>)>>,
}

impl Matcher {
    pub fn new(dict: Dictionary) -> Matcher {
        let mut atoms: Vec<Atom> = Vec::new();
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut intern = |a: &Atom| -> u32 {
            *ids.entry(a.key()).or_insert_with(|| {
                atoms.push(a.clone());
                (atoms.len() - 1) as u32
            })
        };
        let mut entries = Vec::new();
        for (ci, cat) in dict.categories.iter().enumerate() {
            for (ei, e) in cat.entries.iter().enumerate() {
                let steps = e
                    .pattern
                    .steps
                    .iter()
                    .map(|s| CStep {
                        gap: s.gap,
                        alts: match &s.slot {
                            Slot::One(a) => vec![vec![intern(a)]],
                            Slot::Alt(alts) => alts.iter().map(|seq| seq.iter().map(&mut intern).collect()).collect(),
                        },
                        insensitive_firsts: false,
                    })
                    .collect();
                entries.push(CEntry { category: ci, entry: ei, steps, quick: Quick::Steps });
            }
        }
        for e in &mut entries {
            let insensitive = |a: u32| !atoms[a as usize].case_sensitive();
            for step in &mut e.steps {
                step.insensitive_firsts =
                    step.alts.len() > 1 && step.alts.iter().all(|alt| alt.first().is_some_and(|&a| insensitive(a)));
            }
            // The second atom: of the first slot's one sequence, or the first of the next slot's
            // when that slot follows with no gap and is one sequence.
            let second = match e.steps.as_slice() {
                [first, ..] if first.alts.len() == 1 && first.alts[0].len() >= 2 => Some(first.alts[0][1]),
                [first, next, ..] if first.alts.len() == 1 && next.gap == (0, 0) && next.alts.len() == 1 => {
                    next.alts[0].first().copied()
                }
                _ => None,
            };
            e.quick = match (e.steps.as_slice(), second) {
                ([only], _) if matches!(only.alts.as_slice(), [seq] if seq.len() == 1 && insensitive(seq[0])) => {
                    Quick::Word
                }
                (_, Some(a)) if insensitive(a) => Quick::Next(a),
                _ => Quick::Steps,
            };
        }
        let mut starts: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for (k, e) in entries.iter().enumerate() {
            let mut firsts: Vec<u32> = e.steps[0].alts.iter().filter_map(|a| a.first().copied()).collect();
            firsts.sort_unstable();
            firsts.dedup();
            for a in firsts {
                starts.entry(a).or_default().push(k as u32);
            }
        }
        let mut text_starts: Vec<u32> = starts
            .keys()
            .copied()
            .filter(|&a| atoms[a as usize].case_sensitive() && !matches!(atoms[a as usize], Atom::Word { .. }))
            .collect();
        let sensitive = atoms.iter().map(Atom::case_sensitive).collect();
        text_starts.sort_unstable();
        let neg = dict.negation.clone().unwrap_or_default();
        let negate_nt = neg.negators.iter().any(|n| n == "n't");
        let negators = neg.negators.iter().map(|n| rhetor_doc::normalize_form(n)).collect();
        let ignore =
            neg.ignore.iter().map(|p| p.split_whitespace().map(rhetor_doc::normalize_form).collect()).collect();
        Matcher {
            dict,
            atoms,
            entries,
            starts,
            text_starts,
            sensitive,
            negators,
            negate_nt,
            ignore,
            forms: Mutex::new(None),
        }
    }

    /// The atoms each vocabulary form matches (computed once per run, on first use; a new
    /// vocabulary, as in tests that analyze several corpora, gets its own).
    fn forms(&self, vocab: &Vocabulary) -> Arc<FormAtoms> {
        // The vocabulary's instance number tells it from every other (one freed and another made in
        // its place included); its ids only ever grow, so the forms compiled for its first n ids stand.
        let (id, n) = (vocab.instance(), vocab.len());
        let mut cache = self.forms.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let f = match cache.as_ref() {
            Some((k, len, f)) if *k == id && *len == n => return f.clone(),
            Some((k, len, f)) if *k == id && *len < n => Arc::new(f.extended(self.compile(vocab, *len))),
            _ => Arc::new(FormAtoms::default().extended(self.compile(vocab, 0))),
        };
        *cache = Some((id, n, f.clone()));
        f
    }

    /// The forms of `vocab` from id `first` on: their atoms, the entries they may begin, and
    /// whether each is a negator.
    fn compile(&self, vocab: &Vocabulary, first: usize) -> FormChunk {
        let mut chunk = compile_forms(&self.atoms, &self.starts, vocab, first);
        chunk.negators = (first..vocab.len())
            .map(|id| {
                let form = vocab.form(FormId(id as u32));
                self.negators.contains(form) || (self.negate_nt && form.ends_with("n't"))
            })
            .collect();
        chunk
    }

    /// Which forms of `vocab` may begin a match of `category` (a mask by form id): a document
    /// with none of them has no match of it. `None` when an entry of the category begins with an
    /// atom checked on a token's text (a case-sensitive glob, a regex), whose forms are not listed.
    pub fn start_forms(&self, vocab: &Vocabulary, category: usize) -> Option<Vec<bool>> {
        let of_category = |e: &u32| self.entries.get(*e as usize).is_some_and(|e| e.category == category);
        if self.text_starts.iter().any(|a| self.starts.get(a).is_some_and(|es| es.iter().any(of_category))) {
            return None;
        }
        let forms = self.forms(vocab);
        Some((0..vocab.len()).map(|f| forms.entries_of(f).iter().any(of_category)).collect())
    }

    /// Every match of every category in a document, sentence by sentence (no match crosses a
    /// sentence end), each handed to `on_hit` in order of category then position within its
    /// sentence. Memory stays within one sentence's size, whatever the document's. Returns the
    /// number of word tokens and of word tokens inside a match of any category.
    pub fn scan(&self, doc: &Document, vocab: &Vocabulary, mut on_hit: impl FnMut(Hit)) -> (u64, u64) {
        let forms = self.forms(vocab);
        let forms = forms.as_ref();
        let whole = [rhetor_doc::IndexRange::new(0, doc.tokens.len() as u32)];
        let ranges: Vec<std::ops::Range<usize>> = if doc.sentences.is_empty() {
            whole.iter().map(|r| r.range()).collect()
        } else {
            doc.sentences.iter().map(|s| s.tokens.range()).collect()
        };
        // The buffers of one sentence, made once at the longest sentence's size (growing them
        // sentence by sentence was a tenth of the allocations of a run of short documents).
        let longest = ranges.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut words: Vec<usize> = Vec::with_capacity(longest);
        let mut adjacent: Vec<bool> = Vec::with_capacity(longest);
        let mut clause_break: Vec<bool> = Vec::with_capacity(longest);
        let mut found: Vec<Hit> = Vec::with_capacity(64);
        let mut matched: Vec<bool> = Vec::with_capacity(longest);
        let mut tried: Vec<u32> = Vec::with_capacity(64);
        let mut last_end: Vec<Option<usize>> = vec![None; self.dict.categories.len()];
        let (mut total, mut covered) = (0u64, 0u64);
        for (si, range) in ranges.into_iter().enumerate() {
            words.clear();
            words.extend(range.filter(|&i| doc.tokens[i].kind.is_wordlike()));
            let n = words.len();
            total += n as u64;
            if n == 0 {
                continue;
            }
            adjacent.clear();
            clause_break.clear();
            for j in 0..n {
                if j + 1 == n {
                    adjacent.push(false);
                    clause_break.push(true);
                    break;
                }
                let (a, b) = (words[j], words[j + 1]);
                adjacent.push(b == a + 1);
                clause_break.push(doc.tokens[a + 1..b].iter().any(|t| {
                    t.kind == TokenKind::Punct && doc.text[t.span().range()].contains([',', ';', ':', '.', '!', '?'])
                }));
            }
            let scan =
                Scan { m: self, doc, vocab, forms, words: &words, adjacent: &adjacent, clause_break: &clause_break };
            found.clear();
            // A word's atoms and the entries it may begin, looked up once: as the next word of
            // the word before (a phrase's second word), then as the word itself.
            let look = |j: usize| forms.atoms_and_entries(doc.tokens[words[j]].form.0 as usize);
            let mut ahead = look(0);
            for (j, &w) in words.iter().enumerate() {
                let t = &doc.tokens[w];
                let (_, entries) = ahead;
                if j + 1 < n {
                    ahead = look(j + 1);
                }
                tried.clear();
                tried.extend_from_slice(entries);
                if !self.text_starts.is_empty() {
                    let text = doc.token_text(w);
                    let form = vocab.form(t.form);
                    for &a in &self.text_starts {
                        if self.atoms[a as usize].matches(form, text) {
                            tried.extend(self.starts.get(&a).into_iter().flatten());
                        }
                    }
                }
                // The next word's atoms when it follows right after (a phrase's second word).
                let next: &[u32] = if j + 1 < n && adjacent[j] { ahead.0 } else { &[] };
                for &k in &tried {
                    let e = &self.entries[k as usize];
                    let found_end = match e.quick {
                        Quick::Word => Some(j + 1),
                        Quick::Next(a) if !next.contains(&a) => None,
                        _ => scan.entry_from(e, j),
                    };
                    if let Some(end) = found_end {
                        found.push(Hit {
                            category: e.category,
                            entry: e.entry,
                            sentence: si,
                            start: j,
                            end,
                            ..Hit::default()
                        });
                    }
                }
            }
            if found.is_empty() {
                continue;
            }
            // Leftmost-longest, no overlap within a category; ties go to the entry listed first:
            // by category, start, longest first and entry, packed in one number to compare.
            let key = |h: &Hit| {
                let part = |x: usize| u128::from(u32::try_from(x).unwrap_or(u32::MAX));
                part(h.category) << 96
                    | part(h.start) << 64
                    | (u128::from(u32::MAX) - part(h.end)) << 32
                    | part(h.entry)
            };
            found.sort_unstable_by_key(key);
            last_end.iter_mut().for_each(|l| *l = None);
            matched.clear();
            matched.resize(n, false);
            for h in &found {
                if last_end[h.category].is_some_and(|e| h.start < e) {
                    continue;
                }
                last_end[h.category] = Some(h.end);
                matched[h.start..h.end].iter_mut().for_each(|m| *m = true);
                on_hit(Hit {
                    negated: scan.negated(h.start, h.end),
                    first_token: words[h.start],
                    last_token: words[h.end - 1],
                    ..*h
                });
            }
            covered += matched.iter().filter(|&&m| m).count() as u64;
        }
        (total, covered)
    }

    pub fn entry_text(&self, category: usize, entry: usize) -> &str {
        &self.dict.categories[category].entries[entry].text
    }
}

/// The case-insensitive atoms of the vocabulary's forms from id `first` on, and the case-sensitive
/// words each form may be (those whose normalized form it is: the token's text decides).
fn compile_forms(atoms: &[Atom], starts: &FxHashMap<u32, Vec<u32>>, vocab: &Vocabulary, first: usize) -> FormChunk {
    let mut words: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    let mut sensitive_words: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut prefix_globs: Vec<(&str, u32)> = Vec::new();
    let mut suffix_globs: Vec<(String, u32)> = Vec::new();
    let mut other_globs: Vec<u32> = Vec::new();
    for (i, a) in atoms.iter().enumerate() {
        let i = i as u32;
        match a {
            Atom::Word { text, case_sensitive: false } => words.entry(text.as_str()).or_default().push(i),
            Atom::Word { text, case_sensitive: true } => {
                sensitive_words.entry(rhetor_doc::normalize_form(text)).or_default().push(i);
            }
            Atom::Glob { pattern, case_sensitive: false } => {
                let pre = &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())];
                let post_at = pattern.rfind(['*', '?']).map_or(0, |k| k + 1);
                if !pre.is_empty() {
                    prefix_globs.push((pattern.as_str(), i));
                } else if post_at < pattern.len() {
                    suffix_globs.push((pattern[post_at..].chars().rev().collect(), i));
                } else {
                    other_globs.push(i);
                }
            }
            _ => {}
        }
    }
    let n = vocab.len() - first;
    #[cfg(test)]
    tests::COMPILED.with(|c| c.set(c.get() + n));
    let forms = || (first..vocab.len()).map(|id| (vocab.form(FormId(id as u32)), id - first));
    let mut per_form: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut sorted: Vec<(&str, usize)> = forms().collect();
    for &(f, id) in &sorted {
        if let Some(list) = words.get(f) {
            per_form[id].extend(list);
        }
        if let Some(list) = sensitive_words.get(f) {
            per_form[id].extend(list);
        }
    }
    // Prefix globs: only the forms that start with the literal prefix are tested.
    sorted.sort_unstable();
    for (pattern, a) in prefix_globs {
        let pre = &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())];
        let from = sorted.partition_point(|(f, _)| *f < pre);
        for &(f, id) in sorted[from..].iter().take_while(|(f, _)| f.starts_with(pre)) {
            if crate::pattern::glob_match(pattern.as_bytes(), f.as_bytes()) {
                per_form[id].push(a);
            }
        }
    }
    // Suffix globs: the same over the reversed forms.
    if !suffix_globs.is_empty() {
        let mut reversed: Vec<(String, usize)> = forms().map(|(f, id)| (f.chars().rev().collect(), id)).collect();
        reversed.sort_unstable();
        for (rev_suffix, a) in suffix_globs {
            let Atom::Glob { pattern, .. } = &atoms[a as usize] else { continue };
            let from = reversed.partition_point(|(f, _)| f.as_str() < rev_suffix.as_str());
            for (_, id) in reversed[from..].iter().take_while(|(f, _)| f.starts_with(&rev_suffix)) {
                if crate::pattern::glob_match(pattern.as_bytes(), vocab.form(FormId((first + *id) as u32)).as_bytes()) {
                    per_form[*id].push(a);
                }
            }
        }
    }
    for a in other_globs {
        let Atom::Glob { pattern, .. } = &atoms[a as usize] else { continue };
        for (f, id) in forms() {
            if crate::pattern::glob_match(pattern.as_bytes(), f.as_bytes()) {
                per_form[id].push(a);
            }
        }
    }
    let mut out = FormChunk {
        first,
        starts: Vec::with_capacity(n + 1),
        entry_starts: Vec::with_capacity(n + 1),
        ..FormChunk::default()
    };
    out.starts.push(0);
    out.entry_starts.push(0);
    let mut tried: Vec<u32> = Vec::new();
    for mut list in per_form {
        list.sort_unstable();
        list.dedup();
        tried.clear();
        tried.extend(list.iter().filter_map(|a| starts.get(a)).flatten());
        tried.sort_unstable();
        tried.dedup();
        out.entries.extend_from_slice(&tried);
        out.entry_starts.push(out.entries.len() as u32);
        out.atoms.extend(list);
        out.starts.push(out.atoms.len() as u32);
    }
    out
}

#[cfg(test)]
mod tests;
