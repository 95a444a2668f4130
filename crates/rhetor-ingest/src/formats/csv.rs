//! A CSV (RFC 4180) and TSV reader that keeps byte spans, so a document's text taken from a column
//! maps back to the file's bytes. Fields are separated by the delimiter, records by line ends (the
//! text is already decoded, so every line end is `\n`); a field in double quotes may hold delimiters,
//! line ends and doubled quotes (`""`). The first record is the header.

use crate::formats::json::Span;
use crate::mapped::Mapped;

/// One field: the span of its content (inside the quotes, if quoted) and whether it holds `""`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub inner: Span,
    pub doubled_quotes: bool,
}

impl Field {
    pub fn text(&self, src: &str) -> String {
        let raw = &src[self.inner.0..self.inner.1];
        if self.doubled_quotes { raw.replace("\"\"", "\"") } else { raw.to_string() }
    }

    /// The field as mapped text, each `""` mapped to its two source bytes.
    pub fn mapped(&self, src: &Mapped) -> Mapped {
        let m = src.slice(self.inner.0, self.inner.1);
        if !self.doubled_quotes {
            return m;
        }
        let raw = &src.text[self.inner.0..self.inner.1];
        let edits: Vec<(usize, usize, &str)> = raw.match_indices("\"\"").map(|(i, _)| (i, i + 2, "\"")).collect();
        m.rewrite(edits)
    }
}

/// A record: its fields and the span of the whole line(s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub fields: Vec<Field>,
    pub span: Span,
}

/// A syntax error at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub at: usize,
    pub message: String,
}

/// Every record of `text`. Blank lines are skipped.
pub fn rows(text: &str, delimiter: u8) -> Result<Vec<Row>, CsvError> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            i += 1;
            continue;
        }
        let start = i;
        let mut fields = Vec::new();
        loop {
            if b.get(i) == Some(&b'"') {
                let open = i;
                i += 1;
                let s = i;
                let mut doubled = false;
                loop {
                    match b.get(i) {
                        None => return Err(CsvError { at: open, message: "quoted field not closed".into() }),
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                            doubled = true;
                            i += 2;
                        }
                        Some(b'"') => break,
                        Some(_) => i += 1,
                    }
                }
                fields.push(Field { inner: (s, i), doubled_quotes: doubled });
                i += 1;
                if !matches!(b.get(i), None | Some(b'\n')) && b[i] != delimiter {
                    return Err(CsvError { at: i, message: "text after a closing quote".into() });
                }
            } else {
                let s = i;
                while i < b.len() && b[i] != delimiter && b[i] != b'\n' {
                    i += 1;
                }
                fields.push(Field { inner: (s, i), doubled_quotes: false });
            }
            match b.get(i) {
                Some(&d) if d == delimiter => i += 1,
                _ => break,
            }
        }
        out.push(Row { fields, span: (start, i) });
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_spans_and_unescape() {
        let s = "id,text\n1,\"He said \"\"no\"\", twice\nthen left\"\n\n2,plain\n";
        let r = rows(s, b',').unwrap_or_default();
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].fields[1].text(s), "He said \"no\", twice\nthen left");
        let m = r[1].fields[1].mapped(&Mapped::verbatim(s, 0));
        assert_eq!(m.text, "He said \"no\", twice\nthen left");
        assert_eq!(m.src_span(8, 9), (19, 21), "the quote maps to the doubled quote");
        assert_eq!(r[2].fields[1].text(s), "plain");
        assert_eq!(r[2].span, (45, 52));
        let t = rows("a\tb\n1\t2", b'\t').unwrap_or_default();
        assert_eq!(t[1].fields[1].text("a\tb\n1\t2"), "2");
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(rows("a,\"b\nc", b',').map_err(|e| e.at), Err(2));
        assert_eq!(rows("a,\"b\"x,c", b',').map_err(|e| e.at), Err(5));
    }
}
