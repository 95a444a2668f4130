//! Word-list lexicons: entries (words, `prefix*` globs and multi-word phrases) with a value and, for
//! NRC EmoLex, a set of emotions; matched over rhetor's word tokens (their lowercase forms), longest
//! phrase first. The formats people have are read by [`crate::formats`]; the valence shifters that
//! turn a matched value into a contribution are in [`crate::shifters`].

use rustc_hash::FxHashMap;

/// The eight NRC EmoLex emotions, in the lexicon's order.
pub const EMOTIONS: [&str; 8] = ["anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust"];

/// One entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// As written in the lexicon (lowercase; a glob keeps its `*`).
    pub text: String,
    pub value: f64,
    /// Bit `k` set: the entry carries emotion [`EMOTIONS`]`[k]`.
    pub emotions: u8,
}

/// A word-list lexicon.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// A short name for labels and columns (`afinn`, `bing`, `nrc`, `lsd`, a file stem).
    pub name: String,
    pub entries: Vec<Entry>,
    words: FxHashMap<Box<str>, u32>,
    /// Glob prefixes (the text before `*`) to entries.
    globs: FxHashMap<Box<str>, u32>,
    /// Shortest and longest glob prefix, in bytes.
    glob_len: (usize, usize),
    /// First word to the phrases starting with it, longest first.
    phrases: FxHashMap<Box<str>, Vec<Phrase>>,
    /// The lexicon carries emotions (NRC).
    pub has_emotions: bool,
}

/// A phrase's words and its entry.
type Phrase = (Vec<Box<str>>, u32);

/// A match: the entry and the number of tokens it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub entry: u32,
    pub words: usize,
}

impl WordList {
    pub fn new(name: &str) -> WordList {
        WordList { name: name.to_string(), glob_len: (usize::MAX, 0), ..WordList::default() }
    }

    /// Add an entry, or add `value` and `emotions` to the entry of the same text. Text is
    /// lowercased; inner whitespace separates the words of a phrase; a final `*` makes a glob.
    pub fn add(&mut self, text: &str, value: f64, emotions: u8) {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return;
        }
        let words: Vec<Box<str>> = text.split_whitespace().map(Into::into).collect();
        let existing = if words.len() > 1 {
            self.phrases.get(&words[0]).and_then(|ps| ps.iter().find(|(p, _)| *p == words).map(|(_, i)| *i))
        } else if let Some(prefix) = text.strip_suffix('*') {
            self.globs.get(prefix).copied()
        } else {
            self.words.get(text.as_str()).copied()
        };
        if let Some(i) = existing {
            let e = &mut self.entries[i as usize];
            e.value += value;
            e.emotions |= emotions;
            return;
        }
        let index = self.entries.len() as u32;
        if words.len() > 1 {
            let list = self.phrases.entry(words[0].clone()).or_default();
            list.push((words, index));
            list.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        } else if let Some(prefix) = text.strip_suffix('*') {
            self.glob_len = (self.glob_len.0.min(prefix.len()), self.glob_len.1.max(prefix.len()));
            self.globs.insert(prefix.into(), index);
        } else {
            self.words.insert(text.as_str().into(), index);
        }
        self.entries.push(Entry { text, value, emotions });
    }

    /// Replace the value of a single word (a domain override), adding it when absent; a value of
    /// 0 removes it (an NRC word keeps its emotions).
    pub fn set(&mut self, word: &str, value: f64) {
        let word = word.trim().to_lowercase();
        match self.words.get(word.as_str()) {
            Some(&i) if value == 0.0 && self.entries[i as usize].emotions == 0 => {
                self.words.remove(word.as_str());
            }
            Some(&i) => self.entries[i as usize].value = value,
            None if value == 0.0 => {}
            None => self.add(&word, value, 0),
        }
    }

    /// The entry matching at the start of `forms` (lowercase word forms): the longest phrase, else
    /// the word, else the longest glob.
    pub fn find(&self, forms: &[&str]) -> Option<Found> {
        let first = *forms.first()?;
        if let Some(list) = self.phrases.get(first) {
            for (p, i) in list {
                if p.len() <= forms.len() && p.iter().zip(forms).all(|(a, b)| &**a == *b) {
                    return Some(Found { entry: *i, words: p.len() });
                }
            }
        }
        if let Some(&i) = self.words.get(first) {
            return Some(Found { entry: i, words: 1 });
        }
        if self.globs.is_empty() {
            return None;
        }
        let longest = first.len().min(self.glob_len.1);
        (self.glob_len.0..=longest)
            .rev()
            .filter(|&k| first.is_char_boundary(k))
            .find_map(|k| self.globs.get(&first[..k]))
            .map(|&i| Found { entry: i, words: 1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_words_and_globs() {
        let mut w = WordList::new("t");
        w.add("good", 1.0, 0);
        w.add("not good", -1.0, 0);
        w.add("abandon*", -1.0, 0);
        w.add("aband*", -2.0, 0);
        assert_eq!(w.find(&["not", "good"]), Some(Found { entry: 1, words: 2 }));
        assert_eq!(w.find(&["not"]), None);
        assert_eq!(w.find(&["good", "news"]), Some(Found { entry: 0, words: 1 }));
        assert_eq!(w.find(&["abandoned"]).map(|f| w.entries[f.entry as usize].value), Some(-1.0));
        assert_eq!(w.find(&["abandx"]).map(|f| w.entries[f.entry as usize].value), Some(-2.0));
        assert_eq!(w.find(&["aban"]), None);
    }

    #[test]
    fn repeated_entries_merge() {
        let mut w = WordList::new("nrc");
        w.add("abandon", -1.0, 0);
        w.add("abandon", 0.0, 1 << 3);
        w.add("abandon", 0.0, 1 << 5);
        assert_eq!(w.entries, [Entry { text: "abandon".into(), value: -1.0, emotions: 0b10_1000 }]);
    }
}
