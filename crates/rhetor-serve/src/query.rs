//! A request's query string: `k=v&…`, percent-decoded (`+` as a space), the first value of each
//! key kept; invalid UTF-8 is replaced, never trusted.

use std::collections::HashMap;

/// The parameters of one request.
#[derive(Debug, Default)]
pub struct Query(HashMap<String, String>);

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let mut map = HashMap::new();
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            map.entry(decode(k)).or_insert_with(|| decode(v));
        }
        Query(map)
    }

    /// A parameter, trimmed; empty when absent.
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", |s| s.trim())
    }

    /// A number parameter, or `default`.
    pub fn number(&self, key: &str, default: usize) -> usize {
        self.get(key).parse().unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_decoded_and_bad_escapes_kept_as_text() {
        let q = Query::parse("q=%40enemy.threat&a=x+y&b=%E2%80%9Cq%E2%80%9D&c=%zz%&d=%4&q=second&e=%FF");
        assert_eq!(q.get("q"), "@enemy.threat", "the first value wins");
        assert_eq!(q.get("a"), "x y");
        assert_eq!(q.get("b"), "\u{201c}q\u{201d}");
        assert_eq!(q.get("c"), "%zz%");
        assert_eq!(q.get("d"), "%4");
        assert_eq!(q.get("e"), "\u{fffd}");
        assert_eq!(q.get("missing"), "");
        assert_eq!(Query::parse("page=3").number("page", 1), 3);
        assert_eq!(Query::parse("page=-3").number("page", 1), 1);
    }
}
