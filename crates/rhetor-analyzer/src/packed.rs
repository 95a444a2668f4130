//! Numbers as compact text, for what shards hand on (summaries, fingerprints): unsigned LEB128
//! varints in base64 (standard alphabet, padded), which any language reads in a few lines.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Append `v` as an unsigned LEB128 varint (7 bits a byte, low first; 1 to 10 bytes).
pub fn push_varint(bytes: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        bytes.push((v as u8) | 0x80);
        v >>= 7;
    }
    bytes.push(v as u8);
}

/// The varint at `bytes[*at..]`, moving `at` past it; `None` when it is cut short or does not fit
/// 64 bits.
pub fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        if shift == 63 && b > 1 {
            return None;
        }
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Bytes as base64 text.
pub fn to_text(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Bytes from base64 text; `None` when it is not base64.
pub fn from_text(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_read_back_and_bad_ones_do_not() {
        let values = [0, 1, 127, 128, 300, 1 << 35, u64::MAX - 1, u64::MAX];
        let mut bytes = Vec::new();
        for v in values {
            push_varint(&mut bytes, v);
        }
        assert_eq!(bytes[..4], [0, 1, 127, 0x80]);
        let mut at = 0;
        let back: Vec<u64> = values.iter().map(|_| read_varint(&bytes, &mut at).expect("varint")).collect();
        assert_eq!((back.as_slice(), at), (&values[..], bytes.len()));
        assert_eq!(read_varint(&[0x80], &mut 0), None, "cut short");
        assert_eq!(
            read_varint(&[0xff; 9].iter().copied().chain([2]).collect::<Vec<_>>(), &mut 0),
            None,
            "past 64 bits"
        );
        assert_eq!(read_varint(&[0xff; 11], &mut 0), None);
        assert_eq!(from_text(&to_text(&bytes)), Some(bytes));
        assert_eq!(from_text("not base64!"), None);
    }
}
