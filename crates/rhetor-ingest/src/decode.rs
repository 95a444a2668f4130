//! Bytes to text: byte order marks, UTF-16, invalid UTF-8, line ends and control characters.
//!
//! The result is a [`Mapped`] text over the file's bytes. Each change is logged:
//! - a UTF-8 BOM is dropped; a UTF-16 file (BOM `FF FE` or `FE FF`) is decoded character by character;
//! - invalid UTF-8 is an error naming the byte offset and line, or with `lossy` each bad sequence
//!   becomes U+FFFD;
//! - CRLF and lone CR become LF (one log entry per file with the count; the map keeps each one);
//! - NUL and other control characters (C0 except tab and newline, DEL, C1) are dropped; a form feed
//!   becomes a blank line (a page break).

use crate::log::Log;
use crate::mapped::Mapped;

/// How the bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    InvalidUtf8 { offset: u64, line: u64 },
    OddUtf16 { offset: u64 },
}

/// Decode a file's bytes.
pub fn decode(bytes: &[u8], lossy: bool, log: &mut Log) -> Result<(Mapped, Encoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        log.drop("decode", "UTF-8 byte order mark", 0, 3, "\u{FEFF}");
        return utf8(rest, 3, lossy, log).map(|m| (m, Encoding::Utf8Bom));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        log.drop("decode", "UTF-16 byte order mark", 0, 2, "\u{FEFF}");
        let m = utf16(&bytes[2..], 2, le, lossy, log)?;
        let (name, enc) = if le { ("UTF-16LE", Encoding::Utf16Le) } else { ("UTF-16BE", Encoding::Utf16Be) };
        log.replace("decode", &format!("{name} decoded to UTF-8"), 2, bytes.len() as u32, "", "");
        return Ok((normalize_controls(&m, log), enc));
    }
    utf8(bytes, 0, lossy, log).map(|m| (m, Encoding::Utf8))
}

/// Decode the bytes of a file's range that starts at offset `base` (a block of a record file, in
/// UTF-8): a byte order mark is looked for at the file's start only.
pub fn decode_at(bytes: &[u8], base: u32, lossy: bool, log: &mut Log) -> Result<Mapped, DecodeError> {
    if base == 0 {
        return decode(bytes, lossy, log).map(|(m, _)| m);
    }
    utf8(bytes, base, lossy, log)
}

fn utf8(bytes: &[u8], base: u32, lossy: bool, log: &mut Log) -> Result<Mapped, DecodeError> {
    let mut out = Mapped::with_capacity(bytes.len(), 1);
    let mut pos = 0;
    loop {
        match std::str::from_utf8(&bytes[pos..]) {
            Ok(s) => {
                push_clean(&mut out, s, base + pos as u32, log);
                return Ok(out);
            }
            Err(e) => {
                let good = e.valid_up_to();
                let bad_at = pos + good;
                if !lossy {
                    let offset = u64::from(base) + bad_at as u64;
                    let line = bytes[..bad_at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                    return Err(DecodeError::InvalidUtf8 { offset, line });
                }
                // SAFETY-free: the prefix was just validated.
                let s = std::str::from_utf8(&bytes[pos..bad_at]).unwrap_or_default();
                push_clean(&mut out, s, base + pos as u32, log);
                let bad_len = e.error_len().unwrap_or(bytes.len() - bad_at);
                let (a, b) = (base + bad_at as u32, base + (bad_at + bad_len) as u32);
                let before: String = bytes[bad_at..bad_at + bad_len].iter().map(|b| format!("\\x{b:02X}")).collect();
                log.replace("decode", "invalid UTF-8 replaced (--lossy)", a, b, &before, "\u{FFFD}");
                out.push_replaced("\u{FFFD}", (a, b));
                pos = bad_at + bad_len;
                if pos >= bytes.len() {
                    return Ok(out);
                }
            }
        }
    }
}

fn utf16(bytes: &[u8], base: u32, le: bool, lossy: bool, log: &mut Log) -> Result<Mapped, DecodeError> {
    if bytes.len() % 2 == 1 && !lossy {
        return Err(DecodeError::OddUtf16 { offset: u64::from(base) + bytes.len() as u64 - 1 });
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
        .collect();
    let mut out = Mapped::default();
    let mut at = base;
    let mut buf = [0u8; 4];
    for r in char::decode_utf16(units.iter().copied()) {
        let (c, width) = match r {
            Ok(c) => (c, c.len_utf16() as u32 * 2),
            Err(_) if lossy => {
                log.replace("decode", "unpaired UTF-16 surrogate replaced (--lossy)", at, at + 2, "", "\u{FFFD}");
                ('\u{FFFD}', 2)
            }
            Err(_) => {
                let line = units[..((at - base) / 2) as usize].iter().filter(|&&u| u == 10).count() as u64 + 1;
                return Err(DecodeError::InvalidUtf8 { offset: u64::from(at), line });
            }
        };
        out.push_replaced(c.encode_utf8(&mut buf), (at, at + width));
        at += width;
    }
    Ok(out)
}

/// True for characters dropped as control characters.
fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{08}' | '\u{0B}' | '\u{0E}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// Append verbatim text from `src_start`, normalizing line ends and dropping control characters.
fn push_clean(out: &mut Mapped, s: &str, src_start: u32, log: &mut Log) {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut crs = (0u32, u32::MAX, 0u32);
    let special = |b: u8| b == b'\r' || b == 0x0C || (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7F || b == 0xC2;
    let mut i = 0;
    while i < bytes.len() {
        // Whole chunks without a special byte are skipped at once (the test vectorizes).
        if let Some(chunk) = bytes.get(i..i + 32) {
            if !chunk.iter().fold(false, |acc, &b| acc | special(b)) {
                i += 32;
                continue;
            }
        }
        let b = bytes[i];
        if !special(b) {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        let w = c.len_utf8();
        if b == 0xC2 && !is_control(c) {
            i += w;
            continue;
        }
        out.push_verbatim(&s[run..i], src_start + run as u32);
        let at = src_start + i as u32;
        match c {
            '\r' => {
                let crlf = bytes.get(i + 1) == Some(&b'\n');
                let n = if crlf { 2 } else { 1 };
                out.push_replaced("\n", (at, at + n));
                crs = (crs.0 + 1, crs.1.min(at), at + n);
                i += n as usize;
            }
            '\u{0C}' => {
                out.push_replaced("\n\n", (at, at + 1));
                log.replace("decode", "form feed (page break) made a blank line", at, at + 1, "\u{0C}", "\n\n");
                i += 1;
            }
            _ => {
                out.push_replaced("", (at, at + w as u32));
                log.drop("decode", &format!("control character U+{:04X}", c as u32), at, at + w as u32, "");
                i += w;
            }
        }
        run = i;
    }
    out.push_verbatim(&s[run..], src_start + run as u32);
    if crs.0 > 0 {
        log.replace("decode", &format!("{} CR or CRLF line ends made LF", crs.0), crs.1, crs.2, "\r\n", "\n");
    }
}

/// For decoded UTF-16 text: the same line-end and control-character rules, applied to the decoded text.
fn normalize_controls(m: &Mapped, log: &mut Log) -> Mapped {
    if !m.text.bytes().any(|b| b < 0x20 && b != b'\t' && b != b'\n' || b == 0x7F) {
        return m.clone();
    }
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    let t = &m.text;
    let mut it = t.char_indices().peekable();
    let mut crs = 0;
    while let Some((i, c)) = it.next() {
        match c {
            '\r' => {
                let end = if it.peek().is_some_and(|&(_, n)| n == '\n') {
                    it.next();
                    i + 2
                } else {
                    i + 1
                };
                crs += 1;
                edits.push((i, end, "\n"));
            }
            '\u{0C}' => edits.push((i, i + 1, "\n\n")),
            c if is_control(c) => {
                let (a, b) = m.src_span(i, i + c.len_utf8());
                log.drop("decode", &format!("control character U+{:04X}", c as u32), a, b, "");
                edits.push((i, i + c.len_utf8(), ""));
            }
            _ => {}
        }
    }
    if crs > 0 {
        let (a, b) = m.src_extent();
        log.replace("decode", &format!("{crs} CR or CRLF line ends made LF"), a, b, "\r\n", "\n");
    }
    m.rewrite(edits)
}

/// How many leading bytes are checked for a NUL when telling binary files from text.
const BINARY_PROBE: usize = 8192;

/// A file is binary when its first bytes hold more than 1% NUL bytes or any of the bytes 0x01–0x08
/// together with a NUL (UTF-16 files are told apart by their byte order mark first).
pub(crate) fn looks_binary(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    let first = probe.iter().position(|&b| b == 0)?;
    let nuls = probe.iter().filter(|&&b| b == 0).count();
    let odd = probe.iter().any(|&b| (1..=8).contains(&b));
    (nuls * 100 > probe.len() || odd).then_some(first)
}

/// Whether a text's first bytes have a NUL at every other place and nowhere else: UTF-16 of mostly
/// ASCII text, without a byte order mark.
pub(crate) fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    half >= 2 && ((zeros(1) * 4 >= half * 3 && zeros(0) == 0) || (zeros(0) * 4 >= half * 3 && zeros(1) == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8], lossy: bool) -> (Result<(Mapped, Encoding), DecodeError>, Log) {
        let mut log = Log::new("t.txt", bytes);
        let r = decode(bytes, lossy, &mut log);
        (r, log)
    }

    #[test]
    fn crlf_and_cr_become_lf_and_map_back() {
        let (r, log) = run(b"a\r\nb\rc\n", false);
        let (m, _) = r.unwrap_or_default_for_test();
        assert_eq!(m.text, "a\nb\nc\n");
        assert_eq!(m.src_span(1, 2), (1, 3), "the LF stands for CRLF");
        assert_eq!(m.src_span(4, 5), (5, 6));
        assert_eq!(log.entries.len(), 1);
        assert!(log.entries[0].reason.starts_with("2 CR"));
    }

    #[test]
    fn bom_nul_and_controls_are_dropped_and_logged() {
        let (r, log) = run(b"\xEF\xBB\xBFab\x00c\x07d", false);
        let (m, enc) = r.unwrap_or_default_for_test();
        assert_eq!(enc, Encoding::Utf8Bom);
        assert_eq!(m.text, "abcd");
        assert_eq!(m.src_span(2, 3), (6, 7), "c after the NUL");
        let reasons: Vec<_> = log.entries.iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(reasons, ["UTF-8 byte order mark", "control character U+0000", "control character U+0007"]);
    }

    #[test]
    fn utf16_with_bom_is_decoded_with_exact_spans() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Ré\r\n동".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (r, _) = run(&bytes, false);
        let (m, enc) = r.unwrap_or_default_for_test();
        assert_eq!(enc, Encoding::Utf16Le);
        assert_eq!(m.text, "Ré\n동");
        assert_eq!(m.src_span(1, 3), (4, 6), "é is one UTF-16 unit");
        assert_eq!(m.src_span(4, 7), (10, 12));
        let mut be = vec![0xFE, 0xFF];
        for u in "Hi".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(run(&be, false).0.unwrap_or_default_for_test().0.text, "Hi");
    }

    #[test]
    fn invalid_utf8_is_an_error_or_a_logged_replacement() {
        let bytes = b"ok\nbad \xFF here";
        assert_eq!(run(bytes, false).0.err(), Some(DecodeError::InvalidUtf8 { offset: 7, line: 2 }));
        let (r, log) = run(bytes, true);
        let (m, _) = r.unwrap_or_default_for_test();
        assert_eq!(m.text, "ok\nbad \u{FFFD} here");
        assert_eq!(log.entries[0].before, "\\xFF");
        assert_eq!((log.entries[0].start, log.entries[0].end), (7, 8));
    }

    trait OrDefault {
        fn unwrap_or_default_for_test(self) -> (Mapped, Encoding);
    }
    impl OrDefault for Result<(Mapped, Encoding), DecodeError> {
        fn unwrap_or_default_for_test(self) -> (Mapped, Encoding) {
            match self {
                Ok(v) => v,
                Err(e) => panic!("decode failed: {e:?}"),
            }
        }
    }
}
