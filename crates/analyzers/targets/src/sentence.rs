//! One document's work, sentence by sentence as the matcher hands its hits over (they come in
//! sentence order), so that memory stays within one sentence whatever the document's size: the
//! mentions of the sentence (a hit inside a longer hit of another target is none), their epithets,
//! the rhetoric categories beside them, the sentence's VADER score and co-mentions.

use crate::{Summary, Targets, epithets};
use rhetor_analyzer::{EvidenceSpan, SmolStr};
use rhetor_doc::{Document, Vocabulary};
use rhetor_sentiment::vader::Scratch as VaderScratch;

/// A target's hit: target, entry, sentence, first and last token, negated.
pub(crate) type TargetHit = (usize, usize, usize, usize, usize, bool);
/// A rhetoric category's hit (not negated): category, entry, first and last token.
pub(crate) type CategoryHit = (usize, usize, usize, usize);

thread_local! {
    /// VADER's buffers, kept by each thread from one document to the next (a document's own would
    /// grow again from empty).
    static SCRATCH: std::cell::Cell<VaderScratch> = std::cell::Cell::new(VaderScratch::default());
}

/// What a document's sentences add up to, and the buffers they reuse.
pub(crate) struct DocWork<'a> {
    pub(crate) targets: &'a Targets,
    pub(crate) doc: &'a Document,
    pub(crate) vocab: &'a Vocabulary,
    pub(crate) s: Summary,
    pub(crate) evidence: Vec<EvidenceSpan>,
    limit: usize,
    scratch: VaderScratch,
    named: Vec<bool>,
    ranges: Vec<(usize, usize)>,
    distinct: Vec<(usize, u64)>,
    ids: Vec<usize>,
    /// A label being joined.
    label: String,
}

impl<'a> DocWork<'a> {
    pub(crate) fn new(targets: &'a Targets, doc: &'a Document, vocab: &'a Vocabulary, s: Summary) -> Self {
        let limit = if targets.config.max_evidence == 0 { usize::MAX } else { targets.config.max_evidence };
        DocWork {
            targets,
            doc,
            vocab,
            s,
            evidence: Vec::new(),
            limit,
            scratch: SCRATCH.take(),
            named: Vec::new(),
            ranges: Vec::new(),
            distinct: Vec::new(),
            ids: Vec::new(),
            label: String::new(),
        }
    }

    /// The document's summary and evidence (VADER's buffers go back to the thread, unless a
    /// pathological sentence grew them).
    pub(crate) fn finish(self) -> (Summary, Vec<EvidenceSpan>) {
        if !self.scratch.is_large() {
            SCRATCH.set(self.scratch);
        }
        (self.s, self.evidence)
    }

    /// Keep an evidence item, its label made only when it is kept.
    fn keep(&mut self, label: impl FnOnce() -> SmolStr, first: usize, last: usize) {
        if self.evidence.len() < self.limit {
            let span = rhetor_doc::Span::new(self.doc.tokens[first].start, self.doc.tokens[last].end);
            self.evidence.push(EvidenceSpan { label: label(), span });
        }
    }

    /// [`DocWork::keep`] with a label joined from `parts` (one allocation when it is long, none
    /// when it fits inline).
    fn keep_joined(&mut self, parts: &[&str], first: usize, last: usize) {
        let mut label = std::mem::take(&mut self.label);
        self.keep(
            || {
                label.clear();
                parts.iter().for_each(|p| label.push_str(p));
                SmolStr::new(&label)
            },
            first,
            last,
        );
        self.label = label;
    }

    /// Sentence `sentence`'s hits: the targets' (`hits`) and the rhetoric categories' (`rhetoric`).
    /// Its evidence items are put in document order (sentences come in order, and every item lies
    /// within its sentence, so the document's evidence ends in order).
    pub(crate) fn sentence(&mut self, sentence: usize, hits: &[TargetHit], rhetoric: &[CategoryHit]) {
        let from = self.evidence.len();
        self.work(sentence, hits, rhetoric);
        self.evidence[from..].sort_by_key(|e| (e.span.start, e.span.end));
    }

    fn work(&mut self, sentence: usize, hits: &[TargetHit], rhetoric: &[CategoryHit]) {
        let t = self.targets;
        let n = t.targets.len();
        self.named.clear();
        self.named.resize(n, false);
        self.ranges.clear();
        // Mentions: a hit inside a longer hit of another target, or of a phrase that is no mention,
        // is none (and those phrases' hits are none either).
        let covered = crate::covered(hits);
        let mentions = || hits.iter().zip(&covered).filter(|(h, c)| !**c && h.0 < n).map(|(h, _)| h);
        for &(target, entry, _, first, last, negated) in mentions() {
            let alias = t.alias_of[target][entry];
            let c = &mut self.s.targets[target];
            c.mentions += 1;
            c.negated += u64::from(negated);
            *c.aliases.entry(alias).or_default() += 1;
            self.named[target] = true;
            self.ranges.push((first, last));
            self.keep(|| t.labels.mention[target][alias][usize::from(negated)].clone(), first, last);
        }
        self.ranges.sort_unstable();
        // Epithets, from the tokens around each mention within the sentence.
        let (start, end) = self.doc.sentences.get(sentence).map_or((0, self.doc.tokens.len()), |x| {
            let r = x.tokens.range();
            (r.start, r.end)
        });
        let ranges = std::mem::take(&mut self.ranges);
        for &(target, _, _, first, last, _) in mentions() {
            let around = epithets::Around { doc: self.doc, vocab: self.vocab, start, end, mentions: &ranges };
            for e in around.epithets(first, last) {
                self.keep_joined(&[&t.targets[target].0, " epithet: ", &e.text], e.first_token, e.last_token);
                *self.s.targets[target].epithets.entry(format!("{}\t{}", e.kind.name(), e.text)).or_default() += 1;
            }
        }
        // The rhetoric categories beside the mentions: hits on the words of a mention are left out
        // ("the Party" is also an `organisation` entry; co-mentions are their own table), in every
        // sentence alike.
        let beside = |h: &&CategoryHit| !ranges.iter().any(|&(a, b)| h.2 <= b && a <= h.3);
        self.distinct.clear();
        for h in rhetoric.iter().filter(beside) {
            match self.distinct.iter_mut().find(|d| d.0 == h.0) {
                Some(d) => d.1 += 1,
                None => self.distinct.push((h.0, 1)),
            }
        }
        for &(c, _) in &self.distinct {
            self.s.category_sentences[c] += 1;
        }
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        ids.extend((0..n).filter(|&k| self.named[k]));
        for &target in &ids {
            for &(c, hits) in &self.distinct {
                let e = self.s.targets[target].categories.entry(c).or_default();
                e[0] += 1;
                e[1] += hits;
            }
            for &(c, entry, first, last) in rhetoric.iter().filter(beside) {
                self.keep_joined(&[&t.labels.with[target], &t.labels.hit[c][entry]], first, last);
            }
        }
        self.ranges = ranges;
        if !ids.is_empty() {
            self.score(sentence, &ids);
        }
        self.ids = ids;
    }

    /// The sentence's VADER compound and co-mentions, for the targets it names (`ids`).
    fn score(&mut self, sentence: usize, ids: &[usize]) {
        let t = self.targets;
        // The sentence's VADER compound, as the sentiment analyzer scores a sentence.
        let doc = self.doc;
        let scratch = &mut self.scratch;
        let compound = t.vader.as_ref().zip(doc.sentences.get(sentence)).map(|(v, sen)| {
            let c = v.score(doc.span_text(sen.span), scratch, None).compound;
            (c * 1e4).round() as i64
        });
        for (i, &a) in ids.iter().enumerate() {
            let c = &mut self.s.targets[a];
            c.sentences += 1;
            if let Some(x) = compound {
                c.compound_sum += x;
                c.positive += u64::from(x >= 500);
                c.negative += u64::from(x <= -500);
            }
            for &b in &ids[i + 1..] {
                *self.s.co_mentions.entry(a).or_default().entry(b).or_default() += 1;
            }
        }
    }
}
