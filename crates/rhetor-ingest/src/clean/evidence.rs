//! The corpus evidence the print and web profiles decide on (hyphenated forms, counts of the word
//! sequences candidate joins would make, words seen in lower case), gathered from every block's
//! words once, and the restoration of lost compound hyphens it attests.

use crate::clean::scan::{for_each_word_hashed, word_hash, word_hash_unhyphenated, words};
use crate::log::Log;
use crate::mapped::Mapped;
use rustc_hash::{FxHashMap, FxHashSet};

/// The word sequences (three words or more) whose corpus counts the print joins need: each by its
/// [`seq_hash`], and the [`seq_hash`] of its first two words (most positions of the corpus start no wanted sequence, and
/// are skipped after one lookup).
#[derive(Debug, Default)]
pub struct Wanted {
    pub bigrams: FxHashSet<u64>,
    pub grams: FxHashSet<u64>,
    /// No stage asks [`Evidence::is_word`] (only the web profile does): skip that set.
    pub skip_lower_words: bool,
}

/// What the whole corpus attests, gathered before the print passes decide: hyphenated forms of words
/// and counts of the word sequences that candidate joins would create. Words are keyed by hash.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Hash of a lower-case word with its hyphens removed → (hyphenated form, count).
    hyphenated: FxHashMap<u64, (String, u32)>,
    /// Count of each lower-case word written without hyphens, for words that also occur hyphenated.
    plain: FxHashMap<u64, u32>,
    /// Count of each wanted n-gram (by [`seq_hash`]).
    ngrams: FxHashMap<u64, u32>,
    /// Hashes of the words written in lower case somewhere in the corpus.
    lower_words: FxHashSet<u64>,
    /// Hashes of the closed-up words whose hyphenated form the corpus attests more often.
    compounds: FxHashSet<u64>,
}

/// Longest n-gram across a join that [`Evidence`] is asked about, in words.
pub const JOIN_NGRAM: usize = 6;

/// The words of a text already scanned once (by the print profile's block pass), so that gathering
/// evidence does not scan it again: each block's word hashes, whether each word starts in lower
/// case, and the hyphenated words with their unhyphenated hash.
#[derive(Clone, Debug, Default)]
pub struct HashedWords {
    pub hashes: Vec<u64>,
    pub lower: Vec<bool>,
    /// Block `i`'s words are `hashes[starts[i]..starts[i + 1]]`.
    pub starts: Vec<u32>,
    pub hyphenated: Vec<(u64, String)>,
    /// Each word's byte offset in its block.
    pub offsets: Vec<u32>,
}

impl HashedWords {
    /// Room for about the words of `bytes` bytes of English text (one word per six bytes).
    pub fn with_capacity(bytes: usize) -> HashedWords {
        let n = bytes / 6 + 16;
        HashedWords {
            hashes: Vec::with_capacity(n),
            lower: Vec::with_capacity(n),
            offsets: Vec::with_capacity(n),
            starts: Vec::with_capacity(n / 16),
            hyphenated: Vec::new(),
        }
    }

    /// Add one block's words.
    pub fn add_block(&mut self, text: &str) {
        self.add_block_with(text, |_| {});
    }

    /// Add one block's words, showing each to `each` (one scan of the text for several purposes).
    pub fn add_block_with(&mut self, text: &str, mut each: impl FnMut(&str)) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let base = text.as_ptr() as usize;
        for_each_word_hashed(text, |w, h, hyphen| {
            each(w);
            self.offsets.push((w.as_ptr() as usize - base) as u32);
            if hyphen && w.chars().any(char::is_alphabetic) {
                self.hyphenated.push((word_hash_unhyphenated(w), w.to_lowercase()));
            }
            self.hashes.push(h);
            self.lower.push(starts_lower_case(w));
        });
        self.starts.push(self.hashes.len() as u32);
    }

    /// The words of texts whose blocks are separated by blank lines.
    pub fn of_texts<'a>(texts: impl Iterator<Item = &'a str>) -> HashedWords {
        let mut all = HashedWords::default();
        for t in texts {
            for block in t.split("\n\n") {
                all.add_block(block);
            }
        }
        all
    }

    /// Block `i`'s words: `(hash, offset in the block)`.
    pub fn block(&self, i: usize) -> impl Iterator<Item = (u64, u32)> + '_ {
        let r = self.starts[i] as usize..self.starts[i + 1] as usize;
        self.hashes[r.clone()].iter().copied().zip(self.offsets[r].iter().copied())
    }

    /// The word hashes of each block.
    pub fn blocks(&self) -> impl Iterator<Item = &[u64]> + '_ {
        self.starts.windows(2).map(|w| &self.hashes[w[0] as usize..w[1] as usize])
    }
}

fn starts_lower_case(w: &str) -> bool {
    let b0 = w.as_bytes()[0];
    b0.is_ascii_lowercase() || (b0 >= 0x80 && w.chars().next().is_some_and(char::is_lowercase))
}

impl Evidence {
    /// Evidence from its gathered parts; the compounds to restore are those whose hyphenated form
    /// the corpus writes more often than the closed-up one.
    pub fn from_parts(
        hyphenated: FxHashMap<u64, (String, u32)>,
        plain: FxHashMap<u64, u32>,
        ngrams: FxHashMap<u64, u32>,
        lower_words: FxHashSet<u64>,
    ) -> Evidence {
        let compounds =
            hyphenated.iter().filter(|(h, (_, n))| *n > plain.get(*h).copied().unwrap_or(0)).map(|(h, _)| *h).collect();
        Evidence { hyphenated, plain, ngrams, lower_words, compounds }
    }

    /// Whether a word with this [`word_hash`] may be a compound to restore (a quick test before
    /// [`Evidence::compound`]).
    pub fn may_be_compound(&self, h: u64) -> bool {
        self.compounds.contains(&h)
    }

    /// The hyphenated form to restore for a word written closed up, if the corpus attests it more
    /// often than the closed form.
    pub fn compound(&self, word: &str) -> Option<&str> {
        let h = word_hash(word);
        let (form, n) = self.hyphenated.get(&h)?;
        let plain = self.plain.get(&h).copied().unwrap_or(0);
        (*n > plain).then_some(form.as_str())
    }

    /// Whether the hyphenated form `a-b` is attested (then a line-end hyphen is kept).
    pub fn has_hyphenated(&self, a: &str, b: &str) -> bool {
        let key = word_hash_unhyphenated(&format!("{a}{b}"));
        self.hyphenated.get(&key).is_some_and(|(f, _)| *f == format!("{a}-{b}").to_lowercase())
    }

    /// Whether the corpus writes this word in lower case somewhere (compared case-insensitively).
    pub fn is_word(&self, w: &str) -> bool {
        self.lower_words.contains(&word_hash(w))
    }

    pub fn ngram_count(&self, hash: u64) -> u32 {
        self.ngrams.get(&hash).copied().unwrap_or(0)
    }
}

/// Restore hyphens lost at line ends where the corpus attests the hyphenated form ("fivepoint" →
/// "five-point"): words of six letters or more, compared case-insensitively, case kept.
pub fn compounds(m: &Mapped, ev: &Evidence, log: &mut Log) -> Mapped {
    let t = &m.text;
    let base = t.as_ptr() as usize;
    let edits: Vec<(usize, usize, String)> =
        words(t).filter_map(|w| compound_edit(w, w.as_ptr() as usize - base, ev)).collect();
    apply_compounds(m.clone(), edits, log)
}

/// The edit restoring a compound's hyphen in word `w` at `start`, if the corpus attests it.
pub fn compound_edit(w: &str, start: usize, ev: &Evidence) -> Option<(usize, usize, String)> {
    if w.len() < 6 || w.contains('-') || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let form = ev.compound(w)?;
    // Re-insert each hyphen at its place, keeping the word's own letters and case.
    let mut out = String::with_capacity(w.len() + 2);
    let mut letters = w.chars();
    for fc in form.chars() {
        if fc == '-' {
            out.push('-');
        } else if let Some(c) = letters.next() {
            out.push(c);
        }
    }
    Some((start, start + w.len(), out))
}

/// Log and apply compound edits (sorted by position).
pub fn apply_compounds(m: Mapped, edits: Vec<(usize, usize, String)>, log: &mut Log) -> Mapped {
    if edits.is_empty() {
        return m;
    }
    for (a, b, n) in &edits {
        let (sa, sb) = m.src_span(*a, *b);
        log.replace("compounds", "hyphen restored: the corpus attests the hyphenated form", sa, sb, "", n);
    }
    m.rewrite(edits.iter().map(|(a, b, n)| (*a, *b, n.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Log {
        Log::new("t", b"")
    }

    #[test]
    fn compounds_restore_only_attested_hyphens() {
        let texts = ["the five-point programme and anti-socialist acts, the grass-roots and grassroots grassroots"];
        let ev = crate::clean::evidence_rounds::gather(texts.iter().copied(), std::iter::empty(), &Wanted::default());
        let m = Mapped::verbatim("the fivepoint plan, Antisocialist acts, grassroots work, warmhumanity", 0);
        let r = compounds(&m, &ev, &mut log());
        assert_eq!(r.text, "the five-point plan, Anti-socialist acts, grassroots work, warmhumanity");
        assert!(ev.has_hyphenated("grass", "roots"));
        assert!(!ev.has_hyphenated("var", "ious"));
    }
}
