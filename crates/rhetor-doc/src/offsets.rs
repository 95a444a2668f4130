//! The offset map: from byte ranges of a document's text back to byte ranges of its source file.
//!
//! A document's text is built from its source by copying runs of bytes, replacing runs (a letter-spaced
//! word, a decoded character, a rejoined hyphenation) and skipping runs (a running head, a BOM). The map
//! records that as a list of segments in document order. A copied segment maps byte for byte; a replaced
//! segment maps as a whole: any range touching it widens to the whole source run it came from.
//!
//! Architecture Invariant: segments tile the document text without gaps, in order, and their source
//! ranges are disjoint. Source ranges increase except where ingest moved a passage (a page jump), which
//! it logs; source bytes in no segment were dropped by ingest, which logs why.

use serde::{Deserialize, Serialize};

/// One run of document text and the source bytes it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub doc_start: u32,
    pub doc_len: u32,
    pub src_start: u32,
    pub src_len: u32,
    /// `true` for a byte-for-byte copy, `false` for a replacement.
    pub copy: bool,
}

impl Segment {
    pub const fn doc_end(&self) -> u32 {
        self.doc_start + self.doc_len
    }
    pub const fn src_end(&self) -> u32 {
        self.src_start + self.src_len
    }
}

/// Maps document byte offsets to source byte offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

impl OffsetMap {
    /// The identity map of a text of `len` bytes taken whole from its source starting at `src_start`.
    pub fn identity(src_start: u32, len: u32) -> Self {
        let mut b = OffsetMapBuilder::new(src_start);
        b.copy(len);
        b.finish()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// A map from segments that tile a document text from offset 0 (checked in debug builds).
    pub fn from_segments(segments: Vec<Segment>) -> Self {
        debug_assert!(segments.windows(2).all(|w| w[0].doc_end() == w[1].doc_start));
        debug_assert!(segments.first().is_none_or(|s| s.doc_start == 0));
        OffsetMap { segments }
    }

    /// A map read from elsewhere (a shard's part), checked: `None` unless the segments tile a text
    /// of `doc_len` bytes from offset 0, each lies within a source of `src_len` bytes without
    /// overflow, and a copied segment is as long in the text as in the source.
    pub fn checked(segments: Vec<Segment>, doc_len: u32, src_len: u64) -> Option<Self> {
        let mut at = 0u32;
        for s in &segments {
            let src_end = s.src_start.checked_add(s.src_len)?;
            let doc_end = s.doc_start.checked_add(s.doc_len)?;
            if s.doc_start != at || u64::from(src_end) > src_len || (s.copy && s.doc_len != s.src_len) {
                return None;
            }
            at = doc_end;
        }
        (at == doc_len).then_some(OffsetMap { segments })
    }

    /// Length of the document text the map covers.
    pub fn doc_len(&self) -> u32 {
        self.segments.last().map_or(0, Segment::doc_end)
    }

    /// The source range that the document range `[start, end)` came from.
    pub fn map_span(&self, start: u32, end: u32) -> (u32, u32) {
        map_span_in(&self.segments, start, end)
    }

    /// The source places the document range `[start, end)` came from, in document order: one range
    /// per run of segments whose source bytes follow each other, so that a range of text joined
    /// across a dropped running head or a page jump gives each of its pieces (an empty range gives
    /// its one mapped place). A replaced segment counts whole, as in [`OffsetMap::map_span`].
    pub fn map_pieces(&self, start: u32, end: u32) -> Vec<(u32, u32)> {
        if end <= start || self.segments.is_empty() {
            let (a, b) = self.map_span(start, end);
            return vec![(a, b)];
        }
        let first = self.segments.partition_point(|s| s.doc_end() <= start);
        let mut pieces: Vec<(u32, u32)> = Vec::new();
        for seg in self.segments[first..].iter().take_while(|s| s.doc_start < end) {
            // A segment of no document text (a removed line-end hyphen) between the ends joins the
            // source bytes around it; one at either end is not part of the range.
            if seg.doc_len == 0 && (seg.doc_start <= start || seg.doc_start >= end) {
                continue;
            }
            let (a, b) = (start.max(seg.doc_start), end.min(seg.doc_end()));
            let src = if seg.copy {
                (seg.src_start + (a - seg.doc_start), seg.src_start + (b - seg.doc_start))
            } else {
                (seg.src_start, seg.src_end())
            };
            match pieces.last_mut() {
                Some(last) if last.1 == src.0 => last.1 = src.1,
                _ => pieces.push(src),
            }
        }
        if pieces.is_empty() {
            pieces.push(self.map_span(start, end));
        }
        pieces
    }

    /// Bytes of heap memory held.
    pub fn heap_bytes(&self) -> usize {
        self.segments.capacity() * size_of::<Segment>()
    }
}

/// [`OffsetMap::map_span`] over a slice of segments that tile a text from offset 0.
pub fn map_span_in(segments: &[Segment], start: u32, end: u32) -> (u32, u32) {
    if segments.is_empty() {
        return (0, 0);
    }
    let s = map_start(segments, start);
    let e = if end <= start { s } else { map_end(segments, end) };
    (s, e.max(s))
}

fn map_start(segments: &[Segment], pos: u32) -> u32 {
    // The last segment starting at or before `pos`.
    let idx = segments.partition_point(|s| s.doc_start <= pos).saturating_sub(1);
    let seg = &segments[idx];
    if pos >= seg.doc_end() {
        return seg.src_end();
    }
    if seg.copy { seg.src_start + (pos - seg.doc_start) } else { seg.src_start }
}

fn map_end(segments: &[Segment], pos: u32) -> u32 {
    // The first segment ending at or after `pos`.
    let idx = segments.partition_point(|s| s.doc_end() < pos).min(segments.len() - 1);
    let seg = &segments[idx];
    if pos <= seg.doc_start {
        return seg.src_start;
    }
    if seg.copy { seg.src_start + (pos - seg.doc_start) } else { seg.src_end() }
}

/// Builds an [`OffsetMap`] while a document's text is assembled from its source.
#[derive(Debug)]
pub struct OffsetMapBuilder {
    doc: u32,
    src: u32,
    segments: Vec<Segment>,
}

impl OffsetMapBuilder {
    /// Start at source offset `src_start` with an empty document.
    pub fn new(src_start: u32) -> Self {
        OffsetMapBuilder { doc: 0, src: src_start, segments: Vec::new() }
    }

    /// `len` bytes copied unchanged.
    pub fn copy(&mut self, len: u32) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            if last.copy && last.doc_end() == self.doc && last.src_end() == self.src {
                last.doc_len += len;
                last.src_len += len;
                self.doc += len;
                self.src += len;
                return;
            }
        }
        self.push(len, len, true);
    }

    /// `src_len` source bytes became `doc_len` document bytes.
    pub fn replace(&mut self, src_len: u32, doc_len: u32) {
        self.push(doc_len, src_len, false);
    }

    /// `len` source bytes dropped.
    pub fn skip(&mut self, len: u32) {
        self.src += len;
    }

    /// Current positions: (document, source).
    pub fn position(&self) -> (u32, u32) {
        (self.doc, self.src)
    }

    fn push(&mut self, doc_len: u32, src_len: u32, copy: bool) {
        self.segments.push(Segment { doc_start: self.doc, doc_len, src_start: self.src, src_len, copy });
        self.doc += doc_len;
        self.src += src_len;
    }

    pub fn finish(self) -> OffsetMap {
        OffsetMap { segments: self.segments }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_span_to_itself_plus_offset() {
        let m = OffsetMap::identity(3, 100);
        assert_eq!(m.map_span(0, 5), (3, 8));
        assert_eq!(m.map_span(95, 100), (98, 103));
        assert_eq!(m.map_span(7, 7), (10, 10));
    }

    #[test]
    fn replaced_runs_widen_and_skips_shift() {
        // Source: "ab" + "n u m" (5 bytes, becomes "num") + "XX" dropped + "cd".
        let mut b = OffsetMapBuilder::new(0);
        b.copy(2);
        b.replace(5, 3);
        b.skip(2);
        b.copy(2);
        let m = b.finish();
        // Document: "abnumcd"
        assert_eq!(m.map_span(0, 2), (0, 2), "copied prefix");
        assert_eq!(m.map_span(2, 5), (2, 7), "the whole replaced word maps to the spaced original");
        assert_eq!(m.map_span(3, 4), (2, 7), "part of a replacement widens to all of it");
        assert_eq!(m.map_span(5, 7), (9, 11), "after the dropped bytes");
        assert_eq!(m.map_span(0, 7), (0, 11));
        assert_eq!(m.map_span(4, 6), (2, 10));
    }

    #[test]
    fn adjacent_copies_merge_into_one_segment() {
        let mut b = OffsetMapBuilder::new(0);
        b.copy(2);
        b.copy(3);
        assert_eq!(b.finish().segments().len(), 1);
    }
}
