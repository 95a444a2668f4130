//! A JSON reader that keeps byte spans: every string value knows where it stands in the source, so a
//! document's text taken from a field maps back to the exact bytes of the file, escapes and all.
//! (`serde_json` parses faster but forgets positions; this reader only has to run once a file.)
//!
//! It accepts RFC 8259 JSON. Numbers are kept as their source text; nested arrays and objects inside
//! a record are kept as spans (their source text becomes the metadata value).

use crate::mapped::Mapped;

/// A byte range `[start, end)` of the decoded text.
pub type Span = (usize, usize);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, as written.
    Num(Span),
    /// A string: the span inside its quotes and whether it holds escapes.
    Str {
        inner: Span,
        escaped: bool,
    },
    Arr(Vec<Value>, Span),
    Obj(Vec<(String, Value)>, Span),
}

/// A syntax error at a byte offset of the decoded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

impl Value {
    /// The value as metadata text: strings unescaped, numbers and booleans as written, nested values
    /// as their source text; `None` for null.
    pub fn as_text(&self, src: &str) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Bool(b) => Some(b.to_string()),
            Value::Num((a, b)) => Some(src[*a..*b].to_string()),
            Value::Str { inner, escaped } => {
                let raw = &src[inner.0..inner.1];
                Some(if *escaped { unescape(raw).into_iter().map(|(_, _, s)| s).collect() } else { raw.to_string() })
            }
            Value::Arr(_, (a, b)) | Value::Obj(_, (a, b)) => Some(src[*a..*b].to_string()),
        }
    }

    /// A string value as mapped text: unescaped, each escape mapped to its source bytes.
    /// Returns the text and how many escapes were decoded.
    pub fn as_mapped(&self, src: &Mapped) -> Option<(Mapped, usize)> {
        let Value::Str { inner, escaped } = self else { return None };
        let m = src.slice(inner.0, inner.1);
        if !escaped {
            return Some((m, 0));
        }
        let edits = unescape(&src.text[inner.0..inner.1]);
        let n = edits.iter().filter(|(a, b, _)| b > a).count();
        let escapes: Vec<(usize, usize, String)> = edits.into_iter().filter(|(a, b, _)| b > a).collect();
        Some((m.rewrite(escapes.iter().map(|(a, b, s)| (*a, *b, s.as_str()))), n))
    }
}

/// The pieces of a raw (inside-the-quotes) JSON string: plain runs as `(i, i, text)` and escapes as
/// `(start, end, decoded)` with `end > start`. The parser has already checked the escapes.
fn unescape(raw: &str) -> Vec<(usize, usize, String)> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut plain = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        if plain < i {
            out.push((plain, plain, raw[plain..i].to_string()));
        }
        let (len, s) = match b.get(i + 1) {
            Some(b'n') => (2, "\n".to_string()),
            Some(b't') => (2, "\t".to_string()),
            Some(b'r') if raw[i + 2..].starts_with("\\n") => (4, "\n".to_string()),
            Some(b'r') => (2, "\n".to_string()),
            Some(b'b' | b'f') => (2, " ".to_string()),
            Some(b'u') => {
                let hi = hex4(&raw[i + 2..]).unwrap_or(0xFFFD);
                if (0xD800..0xDC00).contains(&hi) && raw[i + 6..].starts_with("\\u") {
                    let lo = hex4(&raw[i + 8..]).unwrap_or(0);
                    let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF));
                    (12, c.unwrap_or('\u{FFFD}').to_string())
                } else {
                    (6, char::from_u32(hi).unwrap_or('\u{FFFD}').to_string())
                }
            }
            Some(&c) => (2, (c as char).to_string()),
            None => (1, String::new()),
        };
        out.push((i, i + len, s));
        i += len;
        plain = i;
    }
    if plain < b.len() {
        out.push((plain, plain, raw[plain..].to_string()));
    }
    out
}

fn hex4(s: &str) -> Option<u32> {
    u32::from_str_radix(s.get(..4)?, 16).ok()
}

/// Parse one JSON value spanning all of `text[from..to]` (whitespace around it allowed).
pub fn parse(text: &str, from: usize, to: usize) -> Result<Value, SyntaxError> {
    let mut p = Parser { b: &text.as_bytes()[..to], s: text, i: from };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < to {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

/// The items of a piece of a JSON array that `text[from..to]` holds, a block of a record file:
/// `open` when it starts with the array's `[`, `close` when it ends with its `]`. A piece that does
/// not close ends after an item and its `,`.
pub fn parse_items(text: &str, from: usize, to: usize, open: bool, close: bool) -> Result<Vec<Value>, SyntaxError> {
    let mut p = Parser { b: &text.as_bytes()[..to], s: text, i: from };
    p.ws();
    if open {
        if p.b.get(p.i) != Some(&b'[') {
            return Err(p.err("`[` expected: a JSON source must be an array of objects"));
        }
        p.i += 1;
        p.ws();
    }
    let mut items = Vec::new();
    loop {
        if p.i >= to && !close {
            return Ok(items);
        }
        if close && items.is_empty() && p.b.get(p.i) == Some(&b']') {
            p.i += 1;
            break;
        }
        items.push(p.value(1)?);
        p.ws();
        match p.b.get(p.i) {
            Some(b',') => {
                p.i += 1;
                p.ws();
            }
            Some(b']') if close => {
                p.i += 1;
                break;
            }
            None if !close => return Ok(items),
            _ => return Err(p.err(if close { "`,` or `]` expected" } else { "`,` expected" })),
        }
    }
    p.ws();
    if p.i < to {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(items)
}

const MAX_DEPTH: usize = 256;

struct Parser<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, message: &str) -> SyntaxError {
        SyntaxError { at: self.i, message: message.to_string() }
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested more than 256 levels deep"));
        }
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end of input: a value was expected")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character: a value was expected")),
        }
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.s[self.i..self.b.len()].starts_with(w) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("unexpected word: true, false or null expected"))
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.i < p.b.len() && p.b[p.i].is_ascii_digit() {
                p.i += 1;
            }
            p.i > s
        };
        if !digits(self) {
            return Err(self.err("a digit was expected"));
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.err("a digit was expected after the decimal point"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("a digit was expected in the exponent"));
            }
        }
        Ok(Value::Num((start, self.i)))
    }

    fn string(&mut self) -> Result<Value, SyntaxError> {
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return Err(SyntaxError { at: start - 1, message: "string not closed".into() });
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match self.b.get(self.i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                        Some(b'u') if hex4(self.s.get(self.i + 2..self.b.len()).unwrap_or("")).is_some() => self.i += 6,
                        _ => return Err(self.err("invalid escape in a string")),
                    }
                }
                0..=0x1F => return Err(self.err("control character inside a string (it must be escaped)")),
                _ => self.i += 1,
            }
        }
        let inner = (start, self.i);
        self.i += 1;
        Ok(Value::Str { inner, escaped })
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Arr(items, (start, self.i)));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Arr(items, (start, self.i)));
                }
                _ => return Err(self.err("`,` or `]` expected")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let start = self.i;
        self.i += 1;
        let mut fields = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Obj(fields, (start, self.i)));
        }
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                return Err(self.err("a field name in quotes was expected"));
            }
            let key = self.string()?.as_text(self.s).unwrap_or_default();
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.err("`:` expected after a field name"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            fields.push((key, v));
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Obj(fields, (start, self.i)));
                }
                _ => return Err(self.err("`,` or `}` expected")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Value, SyntaxError> {
        parse(s, 0, s.len())
    }

    #[test]
    fn values_keep_their_spans() {
        let s = r#" [{"a": "x\"y", "n": -1.5e3, "b": true, "z": null, "o": {"k": [1]}}] "#;
        let Ok(Value::Arr(items, _)) = p(s) else { panic!("not an array") };
        let Value::Obj(fields, _) = &items[0] else { panic!("not an object") };
        let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_text(s));
        assert_eq!(get("a"), Some(Some("x\"y".into())));
        assert_eq!(get("n"), Some(Some("-1.5e3".into())));
        assert_eq!(get("b"), Some(Some("true".into())));
        assert_eq!(get("z"), Some(None));
        assert_eq!(get("o"), Some(Some(r#"{"k": [1]}"#.into())));
    }

    #[test]
    fn escapes_map_back_to_their_source_bytes() {
        let s = r#"{"t":"Kim\nJong \u00e9\ud83d\ude00 \/ok"}"#;
        let Ok(Value::Obj(fields, _)) = p(s) else { panic!("not an object") };
        let m = Mapped::verbatim(s, 0);
        let (t, n) = fields[0].1.as_mapped(&m).unwrap_or_default();
        assert_eq!(t.text, "Kim\nJong é😀 /ok");
        assert_eq!(n, 4);
        assert_eq!(t.src_span(0, 3), (6, 9));
        assert_eq!(t.src_span(3, 4), (9, 11), "the newline maps to `\\n`");
        assert_eq!(t.src_span(9, 11), (16, 22), "é maps to `\\u00e9`");
        assert_eq!(t.src_span(11, 15), (22, 34), "the emoji maps to its surrogate pair");
    }

    #[test]
    fn errors_say_where() {
        for (s, at, msg) in [
            ("[1, 2", 5, "`,` or `]`"),
            ("{\"a\" 1}", 5, "`:`"),
            ("\"abc", 0, "not closed"),
            ("[\"a\\x\"]", 3, "invalid escape"),
            ("[tru]", 1, "true, false"),
            ("{} x", 3, "after the JSON value"),
            ("", 0, "end of input"),
        ] {
            let e = p(s).expect_err(s);
            assert_eq!(e.at, at, "{s}: {}", e.message);
            assert!(e.message.contains(msg), "{s}: {}", e.message);
        }
    }
}
