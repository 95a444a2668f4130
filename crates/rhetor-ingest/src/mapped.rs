//! Text that remembers where every byte came from: a string plus an [`OffsetMap`] to source bytes.
//!
//! Every cleaning pass works on [`Mapped`] values: slicing one keeps the source of each byte, appending
//! joins the maps, and [`Mapped::rewrite`] replaces ranges (a letter-spaced word, a lost hyphen) by new
//! text mapped as a whole to the source bytes it replaces. So a document's offset map is exact through
//! any number of passes, with no composition step at the end.

use rhetor_doc::{OffsetMap, Segment, map_span_in};

/// A string and, for each of its bytes, the source bytes it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    segs: Vec<Segment>,
}

impl Mapped {
    /// An empty text with room for `bytes` bytes and `segments` segments.
    pub fn with_capacity(bytes: usize, segments: usize) -> Mapped {
        Mapped { text: String::with_capacity(bytes), segs: Vec::with_capacity(segments) }
    }

    /// `text` taken verbatim from the source at `src_start`.
    pub fn verbatim(text: &str, src_start: u32) -> Mapped {
        let mut m = Mapped::default();
        m.push_verbatim(text, src_start);
        m
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segs
    }

    /// The source byte range that text bytes `[start, end)` came from (a replaced run widens to all of
    /// its source).
    pub fn src_span(&self, start: usize, end: usize) -> (u32, u32) {
        map_span_in(&self.segs, start as u32, end as u32)
    }

    /// The source byte range of the whole text: `(first, last)` of its segments' source ranges.
    pub fn src_extent(&self) -> (u32, u32) {
        let lo = self.segs.iter().map(|s| s.src_start).min().unwrap_or(0);
        let hi = self.segs.iter().map(Segment::src_end).max().unwrap_or(0);
        (lo, hi)
    }

    /// Append text copied verbatim from the source at `src_start`.
    pub fn push_verbatim(&mut self, text: &str, src_start: u32) {
        self.push_seg(text, src_start, text.len() as u32, true);
    }

    /// Append `text` standing for the source bytes `[src.0, src.1)` (an empty range: inserted text).
    pub fn push_replaced(&mut self, text: &str, src: (u32, u32)) {
        self.push_seg(text, src.0, src.1 - src.0, false);
    }

    /// Append another mapped text.
    pub fn push_mapped(&mut self, other: &Mapped) {
        for s in &other.segs {
            let t = &other.text[s.doc_start as usize..s.doc_end() as usize];
            self.push_seg(t, s.src_start, s.src_len, s.copy);
        }
    }

    fn push_seg(&mut self, text: &str, src_start: u32, src_len: u32, copy: bool) {
        if text.is_empty() && src_len == 0 {
            return;
        }
        let doc_start = self.text.len() as u32;
        self.text.push_str(text);
        let doc_len = text.len() as u32;
        if let Some(last) = self.segs.last_mut() {
            if copy && last.copy && last.src_end() == src_start {
                last.doc_len += doc_len;
                last.src_len += src_len;
                return;
            }
        }
        self.segs.push(Segment { doc_start, doc_len, src_start, src_len, copy });
    }

    /// Text bytes `[start, end)` with their sources; a cut through a replaced run keeps the part of the
    /// new text and maps it to the whole source run.
    pub fn slice(&self, start: usize, end: usize) -> Mapped {
        let mut out = Mapped::default();
        out.push_slice(self, start, end);
        out
    }

    /// Append `other.slice(start, end)` without building it first.
    pub fn push_slice(&mut self, other: &Mapped, start: usize, end: usize) {
        let (start, end) = (start as u32, end.min(other.text.len()) as u32);
        if start >= end {
            return;
        }
        let first = other.segs.partition_point(|s| s.doc_end() <= start);
        for s in &other.segs[first..] {
            if s.doc_start >= end {
                break;
            }
            let a = start.max(s.doc_start);
            let b = end.min(s.doc_end());
            let t = &other.text[a as usize..b as usize];
            if s.copy {
                self.push_seg(t, s.src_start + (a - s.doc_start), b - a, true);
            } else {
                self.push_seg(t, s.src_start, s.src_len, false);
            }
        }
    }

    /// Apply replacements `(start, end, new_text)`, sorted and not overlapping; each new text maps to
    /// the source of the range it replaces.
    pub fn rewrite<'a>(&self, edits: impl IntoIterator<Item = (usize, usize, &'a str)>) -> Mapped {
        let mut out = Mapped { text: String::with_capacity(self.text.len()), segs: Vec::new() };
        let mut pos = 0;
        for (a, b, new) in edits {
            debug_assert!(a >= pos && b >= a);
            out.push_slice(self, pos, a);
            let src = if a == b {
                let at = self.src_span(a, a).0;
                (at, at)
            } else {
                self.src_span(a, b)
            };
            out.push_replaced(new, src);
            pos = b;
        }
        out.push_slice(self, pos, self.text.len());
        out
    }

    /// Replace single ASCII bytes at `positions` by the ASCII byte `with`, in place: each still maps
    /// to the one source byte it stood for (a line break made a space), so no segment changes.
    pub fn set_ascii_bytes(&mut self, positions: &[usize], with: u8) {
        if positions.is_empty() {
            return;
        }
        debug_assert!(with.is_ascii() && positions.iter().all(|&i| self.text.as_bytes()[i].is_ascii()));
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        for &i in positions {
            if bytes[i].is_ascii() {
                bytes[i] = with;
            }
        }
        // Only ASCII bytes were swapped for ASCII bytes: the text is still UTF-8.
        self.text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    /// The text and its offset map, for [`rhetor_doc::Document::build`].
    pub fn into_parts(self) -> (String, OffsetMap) {
        (self.text, OffsetMap::from_segments(self.segs))
    }

    /// A text and its map to the source, as [`Mapped::into_parts`] gave them (a shard's part
    /// carries them from machine to machine).
    pub fn from_parts(text: String, map: OffsetMap) -> Mapped {
        Mapped { text, segs: map.segments().to_vec() }
    }

    /// Every source byte range the text covers, merged and sorted.
    pub fn covered(&self) -> Vec<(u32, u32)> {
        let mut r: Vec<(u32, u32)> =
            self.segs.iter().filter(|s| s.src_len > 0).map(|s| (s.src_start, s.src_end())).collect();
        r.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(r.len());
        for (a, b) in r {
            match out.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_and_rewrites_keep_sources() {
        let src = "have n u m e r o u s challenges";
        let m = Mapped::verbatim(src, 100);
        let r = m.rewrite([(5, 20, "numerous")]);
        assert_eq!(r.text, "have numerous challenges");
        assert_eq!(r.src_span(5, 13), (105, 120), "the word maps to the spaced original");
        assert_eq!(r.src_span(14, 24), (121, 131));
        let s = r.slice(7, 24);
        assert_eq!(s.text, "merous challenges");
        assert_eq!(s.src_span(0, 2), (105, 120), "a cut replacement still maps to all of its source");
        let mut joined = r.slice(0, 4);
        joined.push_replaced(" ", (104, 105));
        joined.push_mapped(&r.slice(14, 24));
        assert_eq!(joined.text, "have challenges");
        assert_eq!(joined.covered(), vec![(100, 105), (121, 131)]);
    }

    #[test]
    fn insertions_map_to_an_empty_source_range() {
        let m = Mapped::verbatim("fivepoint", 0);
        let r = m.rewrite([(4, 4, "-")]);
        assert_eq!(r.text, "five-point");
        assert_eq!(r.src_span(4, 5), (4, 4));
        assert_eq!(r.src_span(0, 10), (0, 9));
    }
}
