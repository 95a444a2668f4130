//! Blocks (paragraphs between blank lines) and what each one is: body text, a running head, a jump
//! line, a headline, a caption, a masthead line. The recognisers are small, documented predicates
//! over one block's text, unit-tested on real lines and on lines they must leave alone.

use crate::clean::scan::words;
use crate::mapped::Mapped;

/// One paragraph of the source: its text and the whitespace after it (source range), which the
/// paragraph owns so that every byte belongs to something.
#[derive(Clone, Debug)]
pub struct Block {
    pub text: Mapped,
    /// Source bytes of the whitespace between this block and the next.
    pub gap: (u32, u32),
    /// That whitespace's byte range in the text that was split (`m.slice(..)` gives it as text).
    pub gap_range: (usize, usize),
}

/// Split text into blocks at blank lines (a line holding only whitespace counts as blank). Returns the
/// leading whitespace's source range and the blocks.
pub fn split_blocks(m: &Mapped) -> ((u32, u32), Vec<Block>) {
    let t = m.text.as_str();
    let bytes = t.as_bytes();
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    // Skip leading whitespace.
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    let lead = if i > 0 { m.src_span(0, i) } else { m.src_span(0, 0) };
    while i < bytes.len() {
        let start = i;
        // A block ends at a newline followed by a blank line, or at the end.
        let mut end = bytes.len();
        let mut j = i;
        while let Some(nl) = memchr::memchr(b'\n', &bytes[j..]) {
            let nl = j + nl;
            let mut k = nl + 1;
            while k < bytes.len() && (bytes[k] == b' ' || bytes[k] == b'\t' || bytes[k] == b'\r') {
                k += 1;
            }
            if k >= bytes.len() || bytes[k] == b'\n' {
                end = nl;
                break;
            }
            j = nl + 1;
        }
        // Trim trailing spaces of the block into the gap.
        let mut body_end = end;
        while body_end > start && (bytes[body_end - 1] == b' ' || bytes[body_end - 1] == b'\t') {
            body_end -= 1;
        }
        let mut next = end;
        while next < bytes.len() && bytes[next].is_ascii_whitespace() {
            next += 1;
        }
        let text = m.slice(start, body_end);
        let gap = if next > body_end { m.src_span(body_end, next) } else { m.src_span(body_end, body_end) };
        blocks.push(Block { text, gap, gap_range: (body_end, next) });
        i = next;
    }
    (lead, blocks)
}

/// Words after which a sentence cannot end: a line ending in one was cut mid-sentence.
const OPEN_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as",
    "into", "onto", "upon", "across", "about", "through", "than", "that", "which", "who", "whom", "whose", "its",
    "their", "our", "his", "her", "my", "your", "this", "these", "those", "is", "are", "was", "were", "be", "been",
    "should", "must", "will", "would", "can", "could", "shall", "may", "might", "has", "have", "had", "not", "all",
    "every", "each", "some", "any", "no", "so", "if", "when", "while", "where", "because", "although", "though",
    "very", "more", "most", "such", "between", "among", "under", "over", "after", "before", "since", "until",
];

pub fn is_open_word(w: &str) -> bool {
    let lw = w.to_lowercase();
    OPEN_WORDS.contains(&lw.as_str())
}

/// The block's text ends without final punctuation (after closing quotes and brackets); an end
/// mark ([`end_mark`]) finishes it.
pub fn ends_unfinished(s: &str) -> bool {
    if s.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric) {
        return true;
    }
    if end_mark(s) {
        return false;
    }
    let t = s.trim_end().trim_end_matches(['"', '”', '’', '\'', ')', ']', '*']);
    !t.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// The first letter of the block is lower case (quotes and brackets before it are skipped).
pub fn starts_lower(s: &str) -> bool {
    if let Some(b) = s.as_bytes().first().filter(|b| b.is_ascii_alphanumeric()) {
        return b.is_ascii_lowercase();
    }
    s.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase)
}

pub fn starts_upper(s: &str) -> bool {
    if let Some(b) = s.as_bytes().first().filter(|b| b.is_ascii_alphanumeric()) {
        return !b.is_ascii_lowercase();
    }
    s.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

const WEEKDAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// English month names.
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A dateline of a newspaper page: "Sat, April 10, Juche 110(2021)" (weekday, month, a four-digit year,
/// at most 40 characters).
pub fn is_page_date(s: &str) -> bool {
    let s = s.trim();
    s.len() <= 40
        && WEEKDAYS.iter().any(|d| s.starts_with(d))
        && MONTHS.iter().any(|m| s.contains(m))
        && s.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
}

/// "Page 3": the word Page and a number of at most three digits.
fn is_page_number(s: &str) -> Option<u32> {
    let rest = s.trim().strip_prefix("Page ")?;
    (rest.len() <= 3 && rest.bytes().all(|b| b.is_ascii_digit())).then(|| rest.parse().ok()).flatten()
}

/// A running head or folio: a page date with "Page N" before or after it, or "Page N" alone. Returns
/// the page number, if any (0 for a dateline without one).
pub fn running_head(s: &str) -> Option<u32> {
    // A running head is one short line.
    if s.len() > 100 {
        return None;
    }
    let s = s.trim();
    if let Some(n) = is_page_number(s) {
        return Some(n);
    }
    if let Some(i) = s.rfind(" Page ") {
        if let (true, Some(n)) = (is_page_date(&s[..i]), is_page_number(&s[i + 1..])) {
            return Some(n);
        }
    }
    if let Some(rest) = s.strip_prefix("Page ") {
        let (num, date) = rest.split_once(' ')?;
        if num.bytes().all(|b| b.is_ascii_digit()) && is_page_date(date) {
            return num.parse().ok();
        }
    }
    None
}

/// A jump line: "FROM PAGE 2" (continued from) or "SEE PAGE 3" (continued on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jump {
    From(u32),
    See(u32),
}

pub fn jump_line(s: &str) -> Option<Jump> {
    let s = s.trim();
    let (kind, rest) = if let Some(r) = s.strip_prefix("FROM PAGE ") {
        (true, r)
    } else if let Some(r) = s.strip_prefix("SEE PAGE ").or_else(|| s.strip_prefix("CONTINUED ON PAGE ")) {
        (false, r)
    } else {
        return None;
    };
    let n: u32 = rest.trim().parse().ok()?;
    Some(if kind { Jump::From(n) } else { Jump::See(n) })
}

/// A block written mostly in a script other than Latin (at least 60% of its letters), such as a
/// Korean caption in an English paper.
pub fn other_script(s: &str) -> bool {
    if s.is_ascii() {
        return false;
    }
    let (mut latin, mut other) = (0, 0);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other > 0 && other * 10 >= (latin + other) * 6
}

/// A masthead line's metadata field: URL and e-mail lines, issue numbers, frequency words.
pub fn masthead_field(s: &str) -> &'static str {
    let s = s.trim();
    if s.contains("http") || s.contains("www.") || s.contains('@') {
        "masthead_contact"
    } else if s.starts_with("No. ") {
        "issue"
    } else if is_page_date(s) {
        "issue_date"
    } else if matches!(s.to_lowercase().as_str(), "weekly" | "daily" | "monthly") {
        "frequency"
    } else {
        "masthead"
    }
}

/// Shaped like a headline: 4 to 25 words, starting upper case, no comma and no final punctuation,
/// not ending in a word that leaves a sentence open, and at least 30% of the words after the first
/// capitalized. Whether it is a headline or a photo caption depends on what follows (see
/// `shares_lead`).
pub fn headline_shaped(s: &str) -> bool {
    // Cheap tests first: most blocks are paragraphs with a comma or a final stop.
    if s.contains(',') || !ends_unfinished(s) || !starts_upper(s) {
        return false;
    }
    let ws: Vec<&str> = words(s).take(26).collect();
    if ws.len() < 4 || ws.len() > 25 {
        return false;
    }
    if ws.last().is_some_and(|w| is_open_word(w)) {
        return false;
    }
    let caps = ws[1..].iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    caps * 10 >= (ws.len() - 1) * 3
}

/// A headline is followed by a lead that repeats it: at least three of the headline's content words
/// (case-insensitive, words of four letters or more) occur in the next block. A headline-shaped line
/// whose next block does not repeat it is a photo caption.
pub fn shares_lead(headline: &str, next: &str) -> bool {
    let next_words: Vec<String> = words(next).map(str::to_lowercase).collect();
    let mut shared: Vec<String> = Vec::new();
    for w in words(headline).filter(|w| w.chars().count() >= 4).map(str::to_lowercase) {
        if next_words.contains(&w) && !shared.contains(&w) {
            shared.push(w);
        }
    }
    shared.len() >= 3
}

/// An article's end mark: a final "-0-", as the news agency's items close. The text ends there.
pub fn end_mark(s: &str) -> bool {
    s.trim_end().ends_with("-0-")
}

/// A credit line closing an article: one word of two to six capital letters ("KCNA").
pub fn credit_line(s: &str) -> bool {
    let s = s.trim();
    (2..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whose voice a block is in: the speaker's own words (first person) or a report about them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Voice {
    First,
    Third,
    #[default]
    Neutral,
}

/// First person when the block has I/we/our/us/my/me/ourselves and no reporting marker; third when it
/// has he/his/him/she/her or a reporting verb (said, noted, stressed, went on) and no first person;
/// neutral otherwise.
pub fn voice(s: &str) -> Voice {
    let mut tally = VoiceTally::default();
    for w in words(s) {
        tally.add(w);
    }
    tally.voice()
}

/// The tally of [`voice`] over the words of `s` outside double quotation marks (straight or curly):
/// a report quoting a slogan or a speech ("Let us ...") keeps its own voice. A quotation left open
/// runs to the end of the text.
pub fn tally_outside_quotes(s: &str) -> VoiceTally {
    let mut tally = VoiceTally::default();
    let mut quoted = false;
    let mut from = 0;
    for (i, c) in s.char_indices().filter(|&(_, c)| matches!(c, '"' | '“' | '”')) {
        if !quoted {
            words(&s[from..i]).for_each(|w| tally.add(w));
        }
        quoted = match c {
            '“' => true,
            '”' => false,
            _ => !quoted,
        };
        from = i + c.len_utf8();
    }
    if !quoted {
        words(&s[from..]).for_each(|w| tally.add(w));
    }
    tally
}

/// The counts behind [`voice`], word by word.
#[derive(Clone, Copy, Debug, Default)]
pub struct VoiceTally {
    first: bool,
    third: bool,
}

/// For each word length up to nine, the first bytes the voice words of that length start with: a
/// quick rejection of nearly every other word before the exact match.
const VOICE_STARTS: [u128; 10] = {
    const WORDS: [&str; 23] = [
        "I",
        "we",
        "We",
        "our",
        "Our",
        "us",
        "my",
        "My",
        "me",
        "ourselves",
        "myself",
        "he",
        "He",
        "his",
        "His",
        "him",
        "she",
        "She",
        "her",
        "said",
        "noted",
        "stressed",
        "added",
    ];
    let mut t = [0u128; 10];
    let mut i = 0;
    while i < WORDS.len() {
        let w = WORDS[i].as_bytes();
        t[w.len()] |= 1u128 << w[0];
        i += 1;
    }
    t
};

impl VoiceTally {
    pub fn add(&mut self, w: &str) {
        let b = w.as_bytes();
        if b.is_empty() || b.len() > 9 || b[0] >= 128 || VOICE_STARTS[b.len()] & (1u128 << b[0]) == 0 {
            return;
        }
        match w {
            "I" | "we" | "We" | "our" | "Our" | "us" | "my" | "My" | "me" | "ourselves" | "myself" => self.first = true,
            "he" | "He" | "his" | "His" | "him" | "she" | "She" | "her" | "said" | "noted" | "stressed" | "added" => {
                self.third = true
            }
            _ => {}
        }
    }

    /// Two tallies together (the tally of two texts joined).
    pub fn or(self, other: VoiceTally) -> VoiceTally {
        VoiceTally { first: self.first || other.first, third: self.third || other.third }
    }

    pub fn voice(self) -> Voice {
        match (self.first, self.third) {
            (true, false) => Voice::First,
            (false, true) => Voice::Third,
            _ => Voice::Neutral,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_words_pass_the_quick_rejection() {
        for w in ["I", "We", "ourselves", "stressed", "She", "added"] {
            let mut t = VoiceTally::default();
            t.add(w);
            assert_ne!(t.voice(), Voice::Neutral, "{w}");
        }
        for w in ["US", "the", "a", "Added", "WE"] {
            let mut t = VoiceTally::default();
            t.add(w);
            assert_eq!(t.voice(), Voice::Neutral, "{w}");
        }
    }

    #[test]
    fn words_match_the_plain_definition() {
        let reference = |s: &str| -> Vec<String> {
            s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
                .map(|w| w.trim_matches(|c: char| c == '\'' || c == '’' || c == '-'))
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        };
        for s in [
            "The Party’s grass-roots -- 'units' (2021), café—naïve 동당 제6차 세포비서대회!",
            "- ' ’ --x-- a’b ,,, ",
            "",
            "Juche110(2021)Page 3\n\nvar-\nious",
        ] {
            assert_eq!(words(s).map(String::from).collect::<Vec<_>>(), reference(s), "{s}");
        }
    }

    #[test]
    fn running_heads_jump_lines_and_what_they_leave_alone() {
        assert_eq!(running_head("Sat, April 10, Juche 110(2021) Page 3"), Some(3));
        assert_eq!(running_head("Page 4 Sat, April 10, Juche 110(2021)"), Some(4));
        assert_eq!(running_head("Page 8"), Some(8));
        assert_eq!(running_head("Page 8 of the report says so."), None);
        assert_eq!(running_head("Sat, April 10, Juche 110(2021)"), None, "a bare dateline is masthead, not a head");
        assert_eq!(jump_line("FROM PAGE 2"), Some(Jump::From(2)));
        assert_eq!(jump_line("SEE PAGE 3"), Some(Jump::See(3)));
        assert_eq!(jump_line("SEE PAGE THREE"), None);
        assert_eq!(jump_line("OPENING SPEECH"), None, "a real all-caps heading");
        assert!(!credit_line("OPENING SPEECH"), "two words are a heading, not a credit");
        assert!(credit_line("KCNA"));
    }

    #[test]
    fn scripts_voices_and_unfinished_lines() {
        assert!(other_script("동당 제6차 세포비서대회"));
        assert!(!other_script("Kim Jong Un (김정은) spoke."));
        assert_eq!(voice("Availing myself of this opportunity, I make a militant appeal"), Voice::First);
        assert_eq!(voice("He said that the current conference is held"), Voice::Third);
        assert_eq!(voice("Firmly convinced that the participants and all other cell"), Voice::Neutral);
        let quoting = "Jo Yong Won made a report \"Let us unconditionally carry out our plan.\"";
        assert_eq!(voice(quoting), Voice::First, "every word counts in `voice`");
        assert_eq!(tally_outside_quotes(quoting).voice(), Voice::Neutral, "the quoted words do not");
        assert_eq!(tally_outside_quotes("“We will,” he said, “and our").voice(), Voice::Third);
        assert!(ends_unfinished("to meet the cell secretaries across the"));
        assert!(ends_unfinished("Comrades,"));
        assert!(!ends_unfinished("address it as \"mother.\""));
        assert!(starts_lower("\"live up to this great name"));
        assert!(!starts_lower("Comrades,"));
    }

    #[test]
    fn headlines_captions_and_lines_that_are_neither() {
        let h = "Kim Jong Un delivers address to close Sixth Conference of Cell Secretaries of WPK";
        let lead = "Kim Jong Un, general secretary of the Workers' Party of Korea, made a closing address at the \
                    Sixth Conference of Cell Secretaries of the WPK.";
        assert!(headline_shaped(h));
        assert!(shares_lead(h, lead));
        let caption = "Jo Yong Won delivers the report at the Sixth Conference Cell of Secretaries of the Workers' \
                       Party of Korea";
        assert!(headline_shaped(caption));
        assert!(!shares_lead(
            caption,
            "Amid the playing of a welcoming music General Secretary of the WPK Kim Jong \
                                       Un appeared on the platform to guide the conference."
        ));
        assert!(!headline_shaped("Firmly convinced that the participants and all other cell"));
        assert!(!headline_shaped("Party cell secretaries should"));
        assert!(!headline_shaped("Comrade cell secretaries,"));
        assert!(!headline_shaped("Let us all fight more vigorously."));
    }

    #[test]
    fn blocks_own_their_gaps() {
        let m = Mapped::verbatim("\n\nOne\nline.  \n\n  \nTwo\n", 0);
        let (lead, b) = split_blocks(&m);
        assert_eq!(lead, (0, 2));
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].text.text, "One\nline.");
        assert_eq!(b[0].gap, (11, 18));
        assert_eq!(b[1].text.text, "Two");
        assert_eq!(b[1].gap, (21, 22));
    }
}
