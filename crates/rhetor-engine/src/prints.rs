//! A document's fingerprints ([`crate::Analyzer::prints`]) as a shard's part carries them: for
//! each analyzer one string, the base64 (standard alphabet, padded) of each fingerprint in position
//! order as its position's distance from the one before (LEB128, the first from 0) then its hash
//! (4 bytes, little-endian). About 6 characters a fingerprint; Python reads it with `base64` and a
//! few lines (see docs/distributed.md).

use crate::run::DocPrints;
use rhetor_analyzer::Print;
use rhetor_analyzer::packed::{from_text, push_varint, read_varint, to_text};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One list of fingerprints as text.
pub fn encode(prints: &[Print]) -> String {
    let mut bytes = Vec::with_capacity(prints.len() * 5);
    let mut last = 0u32;
    for p in prints {
        push_varint(&mut bytes, u64::from(p.at.wrapping_sub(last)));
        last = p.at;
        bytes.extend_from_slice(&p.hash.to_le_bytes());
    }
    to_text(&bytes)
}

/// One list of fingerprints from its text; `None` when it is not what [`encode`] writes (not
/// base64, cut short, or positions that do not rise).
pub fn decode(text: &str) -> Option<Vec<Print>> {
    let bytes = from_text(text)?;
    let mut out = Vec::with_capacity(bytes.len() / 5);
    let (mut i, mut at) = (0usize, 0u32);
    while i < bytes.len() {
        let gap = read_varint(&bytes, &mut i)?;
        if !out.is_empty() && gap == 0 {
            return None;
        }
        at = u32::try_from(u64::from(at) + gap).ok()?;
        let hash = u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?);
        i += 4;
        out.push(Print { at, hash });
    }
    Some(out)
}

/// Serde for a document's fingerprints: a list of strings, one per analyzer (none when no analyzer
/// makes any).
pub fn serialize<S: Serializer>(prints: &DocPrints, s: S) -> Result<S::Ok, S::Error> {
    prints.iter().map(|p| encode(p)).collect::<Vec<String>>().serialize(s)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DocPrints, D::Error> {
    let texts = Vec::<String>::deserialize(d)?;
    texts
        .iter()
        .map(|t| {
            decode(t).ok_or_else(|| serde::de::Error::custom("fingerprints that do not read (cut short or edited?)"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(DocPrints::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_read_back_as_written() {
        let prints = vec![
            Print { at: 0, hash: 7 },
            Print { at: 3, hash: u32::MAX },
            Print { at: 200, hash: 0 },
            Print { at: 70_000, hash: 0x1234_5678 },
            Print { at: u32::MAX, hash: 1 },
        ];
        let text = encode(&prints);
        assert_eq!(decode(&text), Some(prints));
        assert_eq!(encode(&[]), "");
        assert_eq!(decode(""), Some(Vec::new()));
        // One fingerprint: position 3 (one byte), hash 7 (four bytes).
        assert_eq!(encode(&[Print { at: 3, hash: 7 }]), "AwcAAAA=");
    }

    #[test]
    fn edited_fingerprints_do_not_read() {
        let text = encode(&[Print { at: 1, hash: 2 }, Print { at: 5, hash: 3 }]);
        assert_eq!(decode(&text[..text.len() - 4]), None, "cut short");
        assert_eq!(decode("not base64!"), None);
        // A position that does not rise.
        assert_eq!(decode(&to_text(&[1, 2, 0, 0, 0, 0, 3, 0, 0, 0])), None);
        // A gap past 2³².
        assert_eq!(decode(&to_text(&[0xff, 0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0])), None);
    }
}
