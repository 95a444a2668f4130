//! Tokens: a byte span into the document text, a kind, and an interned lowercase form.
//!
//! Architecture Invariant: a `Token` is 16 bytes. Analyzers work on `FormId`s and spans, never on
//! freshly allocated strings.

use serde::{Deserialize, Serialize};

/// Interned id of a token's normalized (lowercase) form in a [`crate::Vocabulary`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FormId(pub u32);

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }
    pub const fn len(self) -> u32 {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.end == self.start
    }
    /// The byte range as `usize`, for slicing.
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[repr(u8)]
pub enum TokenKind {
    /// Letters in Latin script, possibly with digits, inner hyphens and apostrophes ("grass-roots",
    /// "Party's", "5th", "U.S.").
    Word,
    /// Digits with inner separators ("1.5", "10 000", "1,000").
    Number,
    /// Punctuation (".", "!?", "...", "—", "“", "(").
    Punct,
    /// Symbols, URLs and e-mail addresses ("$", "%", "°", "https://…").
    Symbol,
    /// A word containing letters of a script other than Latin (Hangul, Cyrillic, CJK, …).
    OtherScript,
}

impl TokenKind {
    /// Words, numbers and other-script words: the tokens that count as words.
    pub const fn is_wordlike(self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Number | TokenKind::OtherScript)
    }
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
            TokenKind::OtherScript => "other-script",
        }
    }
}

/// One token of a document. 16 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub form: FormId,
    pub kind: TokenKind,
}

impl Token {
    pub const fn span(&self) -> Span {
        Span { start: self.start, end: self.end }
    }
}

const _: () = assert!(size_of::<Token>() == 16);
