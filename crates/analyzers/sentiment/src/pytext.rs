//! The few Python string operations that the reference packages (vaderSentiment, afinn) build on,
//! reproduced exactly so that the conformance modes agree with them on every input:
//! `str.isspace`, `str.isupper`, `str.strip(string.punctuation)`, `re`'s `\w`, and `round(x, n)`.

/// Python's `str.isspace()` for one character: Unicode `White_Space` plus the four ASCII
/// information separators U+001C..U+001F, which Python also splits on.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.isupper()`: at least one cased character and no lowercase or titlecase one.
pub fn is_upper(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase);
    }
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Unicode general category Lt (titlecase letters), which Python's `isupper` treats as not upper.
fn is_titlecase(c: char) -> bool {
    matches!(c,
        '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}'
        | '\u{1f88}'..='\u{1f8f}' | '\u{1f98}'..='\u{1f9f}' | '\u{1fa8}'..='\u{1faf}'
        | '\u{1fbc}' | '\u{1fcc}' | '\u{1ffc}')
}

/// `token.strip(string.punctuation)`: the byte range left after removing ASCII punctuation
/// (``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``) from both ends.
pub fn strip_punctuation(token: &str) -> (usize, usize) {
    let b = token.as_bytes();
    let start = b.iter().position(|c| !c.is_ascii_punctuation()).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !c.is_ascii_punctuation()).map_or(start, |p| p + 1);
    (start, end)
}

/// Python `re`'s `\w` on `str` patterns: letters, digits and numbers of every script, and `_`.
pub fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Python's `round(x, digits)` for `digits` ≤ 8 and |x| < 10⁶: the decimal nearest the exact binary
/// value of `x`, ties to even, as the nearest double.
///
/// `x · 10^digits` is computed exactly as `p + e` (`e` from a fused multiply-add), rounded to an
/// integer `n` by the exact position of `p + e` against the half, and `n / 10^digits` is the
/// correctly rounded double of that decimal, as Python's string round trip gives. Other inputs go
/// through Rust's fixed-precision formatting, which rounds the same way but is slower.
#[inline]
pub fn round(x: f64, digits: usize) -> f64 {
    const SCALE: [f64; 9] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if digits >= SCALE.len() || x.is_nan() || x.abs() >= 1e6 {
        return round_by_formatting(x, digits);
    }
    let scale = SCALE[digits];
    let p = x * scale;
    // `p.floor()` without a library call (x86-64 has no rounding instruction before SSE4.1):
    // |p| < 1e14 converts to an integer and back exactly.
    let truncated = p as i64 as f64;
    let floor = truncated - f64::from(u8::from(truncated > p));
    // `p - floor - 0.5` is exact; when it is not zero it outweighs `e`, which is at most half an ulp
    // of `p` (and is only computed for a tie: a fused multiply-add is a library call on x86-64).
    let d = (p - floor) - 0.5;
    let up = if d != 0.0 { d > 0.0 } else { tie_goes_up(x, scale, p, floor) };
    // Added rather than chosen: whether a score rounds up is a coin toss for the branch predictor.
    ((floor + f64::from(u8::from(up))) / scale).copysign(x)
}

/// [`round`] for a product `p = x · scale` exactly half way between `floor` and `floor + 1` as a
/// double: the exact product's side of the half, else to even.
#[cold]
#[inline(never)]
fn tie_goes_up(x: f64, scale: f64, p: f64, floor: f64) -> bool {
    let e = x.mul_add(scale, -p);
    if e != 0.0 { e > 0.0 } else { floor % 2.0 != 0.0 }
}

/// [`round`] for what its arithmetic does not cover, by Rust's fixed-precision formatting.
#[cold]
#[inline(never)]
fn round_by_formatting(x: f64, digits: usize) -> f64 {
    format!("{x:.digits$}").parse().unwrap_or(x)
}

/// The number of characters (code points) in `s`, as Python's `len`.
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isupper_matches_python() {
        // Values from Python 3.11: "GREAT".isupper() == True, "GREAT!".isupper() == True,
        // "123".isupper() == False, "Great".isupper() == False, "ÉTÉ".isupper() == True,
        // "ǅ".isupper() == False.
        assert!(is_upper("GREAT"));
        assert!(is_upper("GREAT!"));
        assert!(!is_upper("123"));
        assert!(!is_upper("Great"));
        assert!(is_upper("ÉTÉ"));
        assert!(!is_upper("\u{1c5}"));
        assert!(!is_upper(""));
    }

    #[test]
    fn strips_ascii_punctuation_only() {
        let t = "«(hello!)»";
        let (s, e) = strip_punctuation(t);
        assert_eq!(&t[s..e], "«(hello!)»");
        let t = "'(hello!)'";
        let (s, e) = strip_punctuation(t);
        assert_eq!(&t[s..e], "hello");
        assert_eq!(strip_punctuation("?!."), (3, 3));
    }

    #[test]
    fn rounds_like_python() {
        // round(0.0625, 3) == 0.062 (a tie, to even); round(0.0005, 3) == 0.001 (the double is above
        // the tie); round(0.6665, 3) == 0.666 (below it).
        assert_eq!(round(0.0625, 3), 0.062);
        assert_eq!(round(0.0005, 3), 0.001);
        assert_eq!(round(0.6665, 3), 0.666);
        assert_eq!(round(-0.12845, 4), -0.1285); // Python: -0.1285
        assert_eq!(round(-0.0001, 3).to_bits(), (-0.0f64).to_bits()); // Python: -0.0
    }

    #[test]
    fn fast_round_equals_formatting() {
        // A fixed pseudo-random sweep, plus exact ties and values next to them.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut values = Vec::new();
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            values.push(unit * 2.0 - 1.0);
            values.push((unit * 4000.0).round() / 8000.0);
        }
        for k in 0..2000 {
            let tie = (2 * k + 1) as f64 / 2000.0;
            values.extend([tie, f64::from_bits(tie.to_bits() + 1), f64::from_bits(tie.to_bits() - 1), -tie]);
        }
        for x in values {
            for digits in [3, 4] {
                let slow: f64 = format!("{x:.digits$}").parse().expect("number");
                assert_eq!(round(x, digits).to_bits(), slow.copysign(x).to_bits(), "{x} to {digits}");
            }
        }
    }

    #[test]
    fn python_whitespace() {
        assert!(is_space('\u{1f}') && is_space('\u{a0}') && is_space('\u{3000}') && !is_space('\u{200b}'));
    }
}
