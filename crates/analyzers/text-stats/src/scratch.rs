//! Per-thread scratch over the corpus vocabulary's form ids, reused from document to document:
//! which forms a document holds, and their syllables. Only the entries a document touched are
//! cleared, so a document costs its own words, not the size of the corpus's vocabulary (which a
//! fresh table per document did: a memset of the whole vocabulary per document, which grew with
//! the corpus on archives of many short documents).

use std::cell::RefCell;

/// Syllables of a form not met yet in this document.
pub const UNKNOWN: u8 = u8::MAX;

#[derive(Default)]
pub struct Scratch {
    /// Bit `id % 64` of word `id / 64`: the form is in the document.
    seen: Vec<u64>,
    /// Syllables by form id ([`UNKNOWN`] until met).
    syllables: Vec<u8>,
    /// The forms set in `seen` (and so maybe in `syllables`), in order of first occurrence.
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl Scratch {
    /// Run `f` with this thread's scratch, cleared and sized for `forms` form ids. (Cleared before
    /// use, not after: a document whose analysis panicked leaves nothing behind for the next.) `f`
    /// must not call `with` again on its thread (nor start parallel work that could run there): the
    /// scratch is borrowed for its call. The scratch stays allocated for the thread's life, about
    /// 1.1 bytes per form of the largest vocabulary it has seen.
    pub fn with<R>(forms: usize, f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|cell| {
            let mut s = cell.borrow_mut();
            s.clear();
            if s.syllables.len() < forms {
                s.syllables.resize(forms, UNKNOWN);
                s.seen.resize(forms.div_ceil(64), 0);
            }
            f(&mut s)
        })
    }

    fn clear(&mut self) {
        for &id in &self.touched {
            let id = id as usize;
            if let (Some(word), Some(slot)) = (self.seen.get_mut(id / 64), self.syllables.get_mut(id)) {
                *word &= !(1 << (id % 64));
                *slot = UNKNOWN;
            }
        }
        self.touched.clear();
    }

    /// Mark form `id` as in the document (an id past the sized range is ignored: not noted, and
    /// so not among [`Scratch::forms`]).
    pub fn see(&mut self, id: u32) {
        let i = id as usize;
        if i >= self.syllables.len() {
            return;
        }
        if let Some(word) = self.seen.get_mut(i / 64) {
            if *word & (1 << (i % 64)) == 0 {
                *word |= 1 << (i % 64);
                self.touched.push(id);
            }
        }
    }

    /// The syllables noted for form `id`, or [`UNKNOWN`].
    pub fn syllables(&self, id: u32) -> u8 {
        self.syllables.get(id as usize).copied().unwrap_or(UNKNOWN)
    }

    /// Note the syllables of form `id`, which [`Scratch::see`] has marked.
    pub fn note_syllables(&mut self, id: u32, n: u8) {
        if let Some(slot) = self.syllables.get_mut(id as usize) {
            *slot = n;
        }
    }

    /// The distinct forms of the document, in order of first occurrence.
    pub fn forms(&self) -> &[u32] {
        &self.touched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_sees_nothing_of_the_last() {
        Scratch::with(200, |s| {
            s.see(3);
            s.see(130);
            s.see(3);
            s.note_syllables(130, 2);
            assert_eq!(s.forms(), [3, 130]);
            assert_eq!(s.syllables(130), 2);
        });
        Scratch::with(10, |s| {
            assert!(s.forms().is_empty());
            assert_eq!(s.syllables(130), UNKNOWN);
            s.see(130);
            assert_eq!(s.forms(), [130]);
        });
    }

    #[test]
    fn an_id_past_the_sized_range_is_ignored() {
        Scratch::with(100, |s| {
            // 120 is inside the bitset's last word (ids up to 127) but past the syllables.
            s.see(120);
            s.note_syllables(120, 2);
            assert!(s.forms().is_empty());
            assert_eq!(s.syllables(120), UNKNOWN);
        });
        Scratch::with(100, |s| {
            s.see(5);
            assert_eq!(s.forms(), [5]);
        });
    }

    #[test]
    fn a_panic_leaves_nothing_behind() {
        let r = std::panic::catch_unwind(|| {
            Scratch::with(100, |s| {
                s.see(7);
                s.note_syllables(7, 3);
                panic!("analysis failed");
            })
        });
        assert!(r.is_err());
        Scratch::with(100, |s| {
            assert!(s.forms().is_empty());
            assert_eq!(s.syllables(7), UNKNOWN);
        });
    }
}
