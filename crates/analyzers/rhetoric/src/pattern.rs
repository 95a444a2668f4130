//! Entry patterns: words, globs, phrases, macro slots with gaps, and token regexes.
//!
//! Syntax of an entry string (words separated by spaces):
//! - a **word** matches one token with that form: `enemy`; case-insensitive unless the entry or the
//!   dictionary says otherwise; curly apostrophes count as straight ones;
//! - a **glob** is a word with `*` (any run of characters, possibly none) or `?` (exactly one
//!   character), matched against the whole token, as in quanteda's `valuetype = "glob"`:
//!   `imperialis*` matches "imperialism" and "imperialists", `*socialist` matches "anti-socialist",
//!   `?` never matches an empty place; a bare `*` matches any one word;
//! - a **phrase** is several words or globs: consecutive tokens with no punctuation between them;
//! - a **macro slot** `!NAME` stands for any alternative of the macro `NAME` of the dictionary's
//!   `[macros]` (an alternative may be several words: `"have to"`);
//! - a **gap** `{m,n}` between two slots lets from `m` to `n` words stand between them (at most 10,
//!   never across clause punctuation or a sentence end): `!WE {0,2} !MUST` matches "we all must";
//! - a **regex** (an entry table `{ regex = "…" }`) matches one token whose text it finds a match in
//!   (anchor it with `^…$` for whole tokens); compiled once.

use rhetor_doc::normalize_form;
use std::collections::BTreeMap;

/// What one token must be.
#[derive(Debug, Clone)]
pub enum Atom {
    /// A normalized form (lower-case unless case-sensitive).
    Word {
        text: String,
        case_sensitive: bool,
    },
    Glob {
        pattern: String,
        case_sensitive: bool,
    },
    Regex(regex_lite::Regex),
}

impl Atom {
    /// A key telling equal atoms apart (for sharing them in the matcher).
    pub fn key(&self) -> String {
        match self {
            Atom::Word { text, case_sensitive } => format!("w{}:{text}", u8::from(*case_sensitive)),
            Atom::Glob { pattern, case_sensitive } => format!("g{}:{pattern}", u8::from(*case_sensitive)),
            Atom::Regex(r) => format!("r:{}", r.as_str()),
        }
    }

    pub fn case_sensitive(&self) -> bool {
        match self {
            Atom::Word { case_sensitive, .. } | Atom::Glob { case_sensitive, .. } => *case_sensitive,
            Atom::Regex(_) => true,
        }
    }

    /// Whether a token matches: `form` is its normalized form, `text` its text as written.
    pub fn matches(&self, form: &str, text: &str) -> bool {
        match self {
            Atom::Word { text: w, case_sensitive } => {
                if *case_sensitive {
                    w == text
                } else {
                    w == form
                }
            }
            Atom::Glob { pattern, case_sensitive } => {
                glob_match(pattern.as_bytes(), if *case_sensitive { text } else { form }.as_bytes())
            }
            Atom::Regex(r) => r.is_match(text),
        }
    }
}

/// One slot of a pattern.
#[derive(Debug, Clone)]
pub enum Slot {
    One(Atom),
    /// A macro: any of these word sequences.
    Alt(Vec<Vec<Atom>>),
}

/// A slot and the gap allowed before it (`(0, 0)`: right after the previous slot).
#[derive(Debug, Clone)]
pub struct Step {
    pub gap: (u8, u8),
    pub slot: Slot,
}

/// A parsed entry.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub steps: Vec<Step>,
}

/// The longest gap a pattern may ask for.
pub const MAX_GAP: u8 = 10;

fn atom(word: &str, case_sensitive: bool) -> Result<Atom, String> {
    if word.starts_with('!') || (word.starts_with('{') && word.ends_with('}')) {
        return Err(format!("`{word}` is not allowed here"));
    }
    let text = if case_sensitive { word.replace(['\u{2019}', '\u{2018}'], "'") } else { normalize_form(word) };
    Ok(if text.contains(['*', '?']) {
        Atom::Glob { pattern: text, case_sensitive }
    } else {
        Atom::Word { text, case_sensitive }
    })
}

/// A sequence of words and globs (a macro alternative).
pub fn parse_sequence(s: &str, case_sensitive: bool) -> Result<Vec<Atom>, String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() {
        return Err("an empty alternative".into());
    }
    words.iter().map(|w| atom(w, case_sensitive)).collect()
}

fn gap(part: &str) -> Option<Result<(u8, u8), String>> {
    let inner = part.strip_prefix('{')?.strip_suffix('}')?;
    let (a, b) = inner.split_once(',')?;
    let bad = || format!("gap `{part}` must be {{m,n}} with 0 <= m <= n <= {MAX_GAP}");
    Some(match (a.trim().parse::<u8>(), b.trim().parse::<u8>()) {
        (Ok(m), Ok(n)) if m <= n && n <= MAX_GAP => Ok((m, n)),
        _ => Err(bad()),
    })
}

/// Parse an entry string with the dictionary's macros.
pub fn parse(s: &str, case_sensitive: bool, macros: &BTreeMap<String, Vec<Vec<Atom>>>) -> Result<Pattern, String> {
    let mut steps: Vec<Step> = Vec::new();
    let mut pending: Option<(u8, u8)> = None;
    for part in s.split_whitespace() {
        if let Some(g) = gap(part) {
            if steps.is_empty() || pending.is_some() {
                return Err(format!("gap `{part}` must stand between two slots"));
            }
            pending = Some(g?);
            continue;
        }
        let slot = if let Some(name) = part.strip_prefix('!') {
            let alts = macros.get(name).ok_or_else(|| format!("unknown macro `!{name}` (define it under [macros])"))?;
            Slot::Alt(alts.clone())
        } else {
            Slot::One(atom(part, case_sensitive)?)
        };
        steps.push(Step { gap: pending.take().unwrap_or((0, 0)), slot });
    }
    if pending.is_some() {
        return Err("a gap must stand between two slots".into());
    }
    if steps.is_empty() {
        return Err("an empty entry".into());
    }
    Ok(Pattern { steps })
}

/// A one-token regex entry.
pub fn regex(r: &str, case_sensitive: bool) -> Result<Pattern, String> {
    let re = regex_lite::RegexBuilder::new(r)
        .case_insensitive(!case_sensitive)
        .build()
        .map_err(|e| format!("invalid regex `{r}`: {e}"))?;
    Ok(Pattern { steps: vec![Step { gap: (0, 0), slot: Slot::One(Atom::Regex(re)) }] })
}

/// Glob matching over bytes: `*` any run (possibly empty), `?` one character (UTF-8 aware).
pub fn glob_match(p: &[u8], s: &[u8]) -> bool {
    // Iterative matching with one backtrack point for the last `*` (linear for typical globs).
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    let char_len = |b: u8| match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    };
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if pi < p.len() && p[pi] == b'?' {
            pi += 1;
            si += char_len(s[si]);
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star {
            let next = ss + char_len(s[ss]);
            star = Some((sp, next));
            pi = sp + 1;
            si = next;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len() && si == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// quanteda's glob rules, worked by hand: `*` may match nothing, `?` exactly one character,
    /// the whole token must match.
    #[test]
    fn globs_follow_quanteda() {
        for (p, s, want) in [
            ("imperialis*", "imperialism", true),
            ("imperialis*", "imperialists", true),
            ("imperialis*", "imperialis", true),
            ("imperialis*", "anti-imperialism", false),
            ("*socialist", "anti-socialist", true),
            ("*socialist", "socialist", true),
            ("*socialist", "socialists", false),
            ("ir*", "ireland", true),
            ("wom?n", "women", true),
            ("wom?n", "woman", true),
            ("wom?n", "womn", false),
            ("?", "a", true),
            ("?", "", false),
            ("*", "anything", true),
            ("caf?", "café", true),
            ("*ism*", "communisms", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
        ] {
            assert_eq!(glob_match(p.as_bytes(), s.as_bytes()), want, "{p} ~ {s}");
        }
    }

    #[test]
    fn entries_parse_into_slots_and_gaps() {
        let mut macros = BTreeMap::new();
        macros.insert("WE".to_string(), vec![parse_sequence("we", false).unwrap_or_default()]);
        macros.insert(
            "MUST".to_string(),
            vec![
                parse_sequence("must", false).unwrap_or_default(),
                parse_sequence("have to", false).unwrap_or_default(),
            ],
        );
        let p = parse("!WE {0,2} !MUST", false, &macros).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.steps.len(), 2);
        assert_eq!(p.steps[1].gap, (0, 2));
        assert!(matches!(&p.steps[1].slot, Slot::Alt(a) if a.len() == 2 && a[1].len() == 2));
        let p = parse("Hostile  Force*", false, &macros).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(&p.steps[0].slot, Slot::One(Atom::Word { text, .. }) if text == "hostile"));
        assert!(matches!(&p.steps[1].slot, Slot::One(Atom::Glob { pattern, .. }) if pattern == "force*"));
        let p = parse("Party’s", false, &macros).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(&p.steps[0].slot, Slot::One(Atom::Word { text, .. }) if text == "party's"));
        for bad in ["{0,2} we", "we {0,2}", "we {3,1} must", "we {0,11} must", "we {0,1} {0,1} must", "", "!NOPE"] {
            assert!(parse(bad, false, &macros).is_err(), "{bad:?} accepted");
        }
        assert!(regex("(", false).is_err());
    }
}
