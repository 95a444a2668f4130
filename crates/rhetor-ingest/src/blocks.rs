//! Blocks of a record file: runs of whole records of about `[ingest] record_block_bytes` bytes
//! each, read, decoded and parsed alone — by one run (in parallel), or each by the shard of a
//! split run that the plan of `rhetor splits` gives it, which reads its blocks' bytes and no other.
//!
//! A record file is cut into blocks only when it is larger than one block, in UTF-8 (a byte order
//! mark allowed), and parses whole; anything else is read whole. Blocks start at a record's first
//! byte (the first block at the file's start), so that each block's text parses alone
//! ([`crate::formats::read_records_in`]), and each block's log accounts for its own bytes. So a
//! file read in blocks gives the same documents and the same log whether one run reads it or many
//! shards do, each knowing from the plan only where its blocks start: their first record's number,
//! their first line, and the file's SHA-256, size, record count and (CSV) column names.
//!
//! Architecture Invariant: a block's reading depends on its own bytes and its [`Block`] alone.

use crate::decode::{decode, looks_binary};
use crate::formats::{Format, read_records};
use crate::log::Log;
use rhetor_doc::Source;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The default of `[ingest] record_block_bytes`: 64 MiB.
pub const DEFAULT_BLOCK_BYTES: u64 = 64 << 20;

/// A block of a record file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Its source bytes `[start, end)`.
    pub start: u32,
    pub end: u32,
    /// The number (1-based) of its first record in the file, and how many it holds.
    pub first_record: usize,
    pub records: usize,
    /// The line (1-based) that holds `start`, and where that line starts.
    pub first_line: u32,
    pub line_start: u32,
    /// A 128-bit fingerprint (hex) of its bytes and of what the plan says of it and its file (the
    /// fields above, the file's SHA-256 and column names): a shard checks that its file, and the
    /// plan, are the ones planned.
    pub fingerprint: String,
    /// The shard that reads it, of the plan's shards ([`rhetor_doc::block_shard`]).
    pub shard: usize,
}

/// A record file cut into blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedFile {
    /// The path as shown, as every shard sees it.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// How it is read, as the manifest says: its format, and the field that holds the texts.
    pub format: String,
    pub text_field: String,
    /// Records in the whole file.
    pub records: usize,
    /// A CSV or TSV file's column names (the blocks after the first lack the header).
    pub header: Option<Vec<String>>,
    pub blocks: Vec<Block>,
}

/// The blocks of a record file of `block_bytes` bytes or so, for `shards` shards (1 for one run);
/// `None` when it is read whole: no larger than one block, not UTF-8, binary, or not parsing (the
/// whole file's reading then says why).
/// `None` too when no record has the field `text_field` (the whole file's reading says so).
pub fn plan_blocks(
    path: &str,
    format: Format,
    bytes: &Arc<Vec<u8>>,
    sha256: &str,
    text_field: &str,
    block_bytes: u64,
    shards: usize,
) -> Option<BlockedFile> {
    if !format.is_records() || bytes.len() as u64 <= block_bytes.max(1) || bytes.len() > u32::MAX as usize {
        return None;
    }
    if looks_binary(bytes).is_some() || bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let source = Arc::new(Source::new(path.to_string(), bytes, sha256.to_string()));
    let mut scratch = Log::for_source(source.clone(), bytes.clone());
    let (m, _) = decode(bytes, false, &mut scratch).ok()?;
    drop(scratch);
    let records = read_records(format, &m.text).ok()?;
    if records.iter().all(|r| r.get(text_field).is_none()) {
        return None;
    }
    let header = matches!(format, Format::Csv | Format::Tsv)
        .then(|| records.first().map(|r| r.fields.iter().map(|(n, _)| n.clone()).collect()))
        .flatten();
    // Cut before the first record that starts a block's worth of bytes after the block's start.
    let starts: Vec<u32> = records.iter().map(|r| m.src_span(r.span.0, r.span.1).0).collect();
    let mut cuts: Vec<(u32, usize)> = vec![(0, 0)];
    for (i, &s) in starts.iter().enumerate().skip(1) {
        if u64::from(s - cuts[cuts.len() - 1].0) >= block_bytes {
            cuts.push((s, i));
        }
    }
    if cuts.len() < 2 {
        return None;
    }
    let count = cuts.len();
    let mut file = BlockedFile {
        path: path.to_string(),
        sha256: sha256.to_string(),
        bytes: bytes.len() as u64,
        format: format.name().to_string(),
        text_field: text_field.to_string(),
        records: records.len(),
        header,
        blocks: Vec::with_capacity(count),
    };
    for k in 0..count {
        let (start, first) = cuts[k];
        let (end, next) = cuts.get(k + 1).copied().unwrap_or((bytes.len() as u32, records.len()));
        let (first_line, column) = source.line_column(start);
        let mut b = Block {
            start,
            end,
            first_record: first + 1,
            records: next - first,
            first_line,
            line_start: start - (column - 1),
            fingerprint: String::new(),
            shard: rhetor_doc::block_shard(path, k, count, shards),
        };
        b.fingerprint = file.fingerprint(&b, &bytes[start as usize..end as usize]);
        file.blocks.push(b);
    }
    Some(file)
}

impl BlockedFile {
    /// Why this is not a plan of `shards` shards that [`plan_blocks`] could have made (a plan
    /// edited by hand, or cut short): its blocks must tile the file in order, their records add up
    /// and their shards follow [`rhetor_doc::block_shard`].
    pub fn check(&self, shards: usize) -> Result<(), String> {
        if self.bytes > u64::from(u32::MAX) || self.blocks.len() < 2 {
            return Err("not a file cut into blocks".into());
        }
        let (mut at, mut record) = (0u32, 1usize);
        for (i, b) in self.blocks.iter().enumerate() {
            let fits = b.start == at
                && b.start < b.end
                && b.first_record == record
                && b.line_start <= b.start
                && b.first_line >= 1
                && b.shard == rhetor_doc::block_shard(&self.path, i, self.blocks.len(), shards);
            if !fits {
                return Err(format!("block {} does not follow the block before it", i + 1));
            }
            at = b.end;
            record += b.records;
        }
        if u64::from(at) != self.bytes || record != self.records + 1 {
            return Err("the blocks do not cover the file and its records".into());
        }
        Ok(())
    }

    /// The blocks `shard` reads.
    pub fn of_shard(&self, shard: usize) -> Vec<usize> {
        (0..self.blocks.len()).filter(|&i| self.blocks[i].shard == shard).collect()
    }

    /// Whether the bytes of block `i` (as read) and what the plan says of it are those planned.
    pub fn matches(&self, i: usize, bytes: &[u8]) -> bool {
        self.blocks.get(i).is_some_and(|b| b.fingerprint == self.fingerprint(b, bytes))
    }

    /// The fingerprint of block `b` of this file, whose bytes are `bytes`: of the bytes, and of what
    /// the plan says of the block and the file (but the shard, checked by [`BlockedFile::check`]).
    fn fingerprint(&self, b: &Block, bytes: &[u8]) -> String {
        use crate::fingerprint::{fingerprint, fingerprint_bytes};
        let (_, a, c) = fingerprint_bytes(bytes);
        let said = format!(
            "{}\n{}\n{}\n{} {}\n{} {} {} {} {} {}\n{}",
            self.path,
            self.sha256,
            self.bytes,
            self.format,
            self.text_field,
            self.records,
            b.start,
            b.end,
            b.first_record,
            b.records,
            b.first_line,
            self.header.as_deref().unwrap_or_default().join("\u{1f}")
        );
        let (_, x, y) = fingerprint(&format!("{said} {}", b.line_start));
        format!("{:016x}{:016x}", a ^ x.rotate_left(17), c ^ y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{BlockPlace, read_records_in};

    /// Each block parses alone into the records the whole file has there, numbered as in the file.
    fn check(format: Format, text: &str, block_bytes: u64) -> BlockedFile {
        let bytes = Arc::new(text.as_bytes().to_vec());
        let plan =
            plan_blocks("f", format, &bytes, "", "t", block_bytes, 3).unwrap_or_else(|| panic!("{text:?} not cut"));
        let whole = read_records(format, text).unwrap_or_default();
        assert_eq!(plan.records, whole.len());
        let mut at = 0;
        for (i, b) in plan.blocks.iter().enumerate() {
            assert_eq!(b.start, at, "blocks tile the file");
            at = b.end;
            let place = BlockPlace {
                first: i == 0,
                last: i + 1 == plan.blocks.len(),
                first_record: b.first_record,
                header: if i == 0 { None } else { plan.header.clone() },
            };
            let piece = &text[b.start as usize..b.end as usize];
            let got = read_records_in(format, piece, &place).unwrap_or_else(|e| panic!("block {i}: {e:?}"));
            let want = &whole[b.first_record - 1..b.first_record - 1 + b.records];
            assert_eq!(got.len(), want.len(), "block {i}");
            for (g, w) in got.iter().zip(want) {
                assert_eq!(g.number, w.number);
                assert_eq!((g.span.0 + b.start as usize, g.span.1 + b.start as usize), w.span);
                let names = |r: &crate::formats::Record| r.fields.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
                assert_eq!(names(g), names(w));
            }
            let line = text[..b.start as usize].matches('\n').count() as u32 + 1;
            assert_eq!(b.first_line, line, "block {i}");
            assert_eq!(b.line_start as usize, text[..b.start as usize].rfind('\n').map_or(0, |k| k + 1));
        }
        assert_eq!(at as usize, text.len());
        plan
    }

    #[test]
    fn blocks_parse_alone_in_every_format() {
        let json = "[\n {\"t\": \"a ] [ , {\\\"\", \"n\": [1, {\"x\": 2}]},\n {\"t\": \"b\"},{\"t\": \"c\\n\"} ,\n{\"t\": \"d\"}\n]\n";
        assert_eq!(check(Format::Json, json, 1).blocks.len(), 4);
        let jsonl = "{\"t\": \"a\"}\n\n{\"t\": \"b\"}\r\n   \n{\"t\": \"c\"}\n";
        assert_eq!(check(Format::Jsonl, jsonl, 1).blocks.len(), 3);
        let csv = "id,t\n1,\"x\ny, \"\"z\"\"\"\n\n2,b\n3,\"c\n\"\n";
        let plan = check(Format::Csv, csv, 1);
        assert_eq!(plan.header, Some(vec!["id".to_string(), "t".to_string()]));
        assert_eq!(plan.blocks.len(), 3);
        // Larger blocks hold more records; a file no larger than a block is read whole.
        assert_eq!(check(Format::Json, json, 30).blocks.len(), 2);
        let bytes = Arc::new(json.as_bytes().to_vec());
        assert_eq!(plan_blocks("f", Format::Json, &bytes, "", "t", json.len() as u64, 1), None);
        assert_eq!(plan_blocks("f", Format::Text, &bytes, "", "t", 1, 1), None);
        // A plan edited by hand is refused.
        let plan = check(Format::Json, json, 1);
        let plan =
            BlockedFile { blocks: plan.blocks.iter().map(|b| Block { shard: 0, ..b.clone() }).collect(), ..plan };
        assert_eq!(plan.check(1), Ok(()));
        let mut edited = plan.clone();
        edited.blocks[1].end += 1;
        assert!(edited.check(1).is_err());
        let mut edited = plan.clone();
        edited.blocks.pop();
        assert!(edited.check(1).is_err());
        assert!(plan.check(2).is_err(), "the shards of another count");
        // A plan whose records are moved between blocks (still adding up), or whose column names
        // are edited, no longer matches its bytes.
        let csv_plan = check(Format::Csv, csv, 1);
        let piece = |p: &BlockedFile, i: usize| csv[p.blocks[i].start as usize..p.blocks[i].end as usize].to_string();
        assert!(csv_plan.matches(1, piece(&csv_plan, 1).as_bytes()));
        let mut moved = csv_plan.clone();
        moved.blocks[0].records += 1;
        moved.blocks[1].first_record += 1;
        moved.blocks[1].records -= 1;
        assert!(!moved.matches(1, piece(&moved, 1).as_bytes()));
        let mut renamed = csv_plan.clone();
        renamed.header = Some(vec!["ID".into(), "t".into()]);
        assert!(!renamed.matches(1, piece(&renamed, 1).as_bytes()));
        let mut other_field = csv_plan.clone();
        other_field.text_field = "id".into();
        assert!(!other_field.matches(1, piece(&other_field, 1).as_bytes()));
        // A file none of whose records has the text field is read whole (which says so).
        assert_eq!(plan_blocks("f", Format::Json, &bytes, "", "body", 1, 1), None);
    }

    #[test]
    fn each_shard_reads_a_run_of_blocks_in_order() {
        let jsonl: String = (0..40).map(|i| format!("{{\"t\": \"{i}\"}}\n")).collect();
        for n in [1, 2, 3, 7, 50] {
            let plan = check(Format::Jsonl, &jsonl, 1);
            let plan = BlockedFile {
                blocks: plan
                    .blocks
                    .iter()
                    .enumerate()
                    .map(|(i, b)| Block { shard: rhetor_doc::block_shard("f", i, 40, n), ..b.clone() })
                    .collect(),
                ..plan
            };
            let ranks: Vec<usize> = plan.blocks.iter().map(|b| rhetor_doc::block_rank("f", b.shard, n)).collect();
            assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{n} shards: {ranks:?}");
            let read: usize = (0..n).map(|k| plan.of_shard(k).len()).sum();
            assert_eq!(read, 40, "every block read once");
        }
    }
}
