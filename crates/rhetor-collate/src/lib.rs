//! Collation: align two or more witnesses of one text token by token, classify what differs, and
//! say how well each witness covers the base.
//!
//! - [`witness`]: tokens with byte spans, cut as CollateX cuts them (a word with its trailing
//!   whitespace, or a run of other characters), with a normalized form to compare by.
//! - [`align`]: an order-preserving alignment of two token sequences, anchored on tokens that occur
//!   once in each (patience), with an exact LCS between anchors when the gap is small: near-linear
//!   time and memory, never an n×m table over whole witnesses.
//! - [`variants`]: the alignment read as variants — insertion, omission, substitution, near match
//!   (edit distance within a bound: OCR slips like "loval"/"loyal"), transposition (a block omitted
//!   in one place and inserted in another).
//!
//! Architecture Invariant: no IO; witnesses come in as text, results go out as data.

pub mod align;
pub mod table;
pub mod variants;
pub mod witness;
