//! Cleaning profiles: decoded text to the articles a document is made of, every edit logged.
//!
//! - `transcript`: whitespace, Unicode NFC, and the title line, editorial note, signature and date
//!   line moved to metadata; headings stay in the text (they become sections).
//! - `print`: a newspaper dump (see [`print`]).
//! - `web`: an agency's web archive: the dateline to metadata, the end marker dropped, leader names
//!   glued to their neighbours separated (see [`web`]).
//! - `none`: the text as decoded.
//! - `auto`: the document's `kind` when it names a profile, else `print` when the text has two or
//!   more running heads or jump lines, `web` when it opens with an agency dateline, else `transcript`.

pub mod blocks;
pub mod evidence;
pub mod evidence_rounds;
pub mod inline;
pub mod print;
pub mod scan;
pub mod transcript;
pub mod web;

use crate::log::Log;
use crate::mapped::Mapped;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Which cleaning to apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    #[default]
    Auto,
    None,
    Transcript,
    Print,
    Web,
}

impl Profile {
    pub fn parse(s: &str) -> Option<Profile> {
        Some(match s {
            "auto" => Profile::Auto,
            "none" => Profile::None,
            "transcript" => Profile::Transcript,
            "print" => Profile::Print,
            "web" => Profile::Web,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::Auto => "auto",
            Profile::None => "none",
            Profile::Transcript => "transcript",
            Profile::Print => "print",
            Profile::Web => "web",
        }
    }

    /// Resolve `auto` from the document's kind or from signals in the text.
    pub fn resolve(self, kind: Option<&str>, text: &str) -> Profile {
        if self != Profile::Auto {
            return self;
        }
        if let Some(p) = kind.and_then(Profile::parse).filter(|p| *p != Profile::Auto) {
            return p;
        }
        // The lines `str::lines` gives, found with memchr (an empty last line matches neither test).
        let mut start = 0;
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]).map(|nl| {
            let line = text.get(start..nl).unwrap_or("");
            start = nl + 1;
            line.strip_suffix('\r').unwrap_or(line)
        });
        let furniture =
            lines.filter(|l| blocks::running_head(l).is_some() || blocks::jump_line(l).is_some()).take(2).count();
        if furniture >= 2 {
            Profile::Print
        } else if web::dateline_len(text).is_some() {
            Profile::Web
        } else {
            Profile::Transcript
        }
    }
}

/// Each cleaning pass can be switched off in `[ingest.passes]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Passes {
    /// Line breaks, tabs, no-break spaces and space runs inside a paragraph become one space.
    pub whitespace: bool,
    /// Unicode NFC (transcript and web).
    pub nfc: bool,
    /// Transcript: title line, editorial note, signature and date to metadata.
    pub transcript_metadata: bool,
    /// Print: running heads, folios, jump lines, masthead and credit lines.
    pub furniture: bool,
    /// Print: captions (another script, or headline-shaped lines their next paragraph ignores).
    pub captions: bool,
    /// Print: letter-spaced words closed up.
    pub letter_spacing: bool,
    /// Print: line-end hyphens removed when rejoining a word (kept where the corpus attests them).
    pub hyphenation: bool,
    /// Print: column fragments and paragraphs split by a page break rejoined.
    pub joins: bool,
    /// Print: hyphens lost at line ends restored where the corpus attests the hyphenated form.
    pub compounds: bool,
    /// Print: lines duplicated by the extraction dropped.
    pub duplicates: bool,
    /// Print: split into articles at headlines.
    pub articles: bool,
    /// Web: dateline to metadata and end marker dropped.
    pub dateline: bool,
    /// Web: leader names glued to neighbouring words separated.
    pub names: bool,
}

impl Default for Passes {
    fn default() -> Self {
        Passes {
            whitespace: true,
            nfc: true,
            transcript_metadata: true,
            furniture: true,
            captions: true,
            letter_spacing: true,
            hyphenation: true,
            joins: true,
            compounds: true,
            duplicates: true,
            articles: true,
            dateline: true,
            names: true,
        }
    }
}

/// One document's worth of cleaned text.
#[derive(Clone, Debug, Default)]
pub struct Article {
    /// A title found in the text (headline, title line).
    pub title: Option<String>,
    /// Metadata found in the text.
    pub extra: BTreeMap<String, String>,
    pub text: Mapped,
}

/// A text part-way through cleaning: done, or waiting for corpus evidence.
#[derive(Debug)]
pub enum Stage {
    Done(Vec<Article>),
    Print(Box<print::Prepared>),
    Web(Mapped),
}

impl Stage {
    /// The texts this stage holds, for gathering corpus evidence (a print stage has them hashed).
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Stage::Done(a) => a.iter().map(|a| a.text.text.as_str()).collect(),
            Stage::Print(_) => Vec::new(),
            Stage::Web(m) => vec![m.text.as_str()],
        }
    }

    /// The words a print stage has already hashed.
    pub fn hashed(&self) -> Option<&evidence::HashedWords> {
        match self {
            Stage::Print(p) => Some(p.hashed()),
            _ => None,
        }
    }

    pub fn needs_evidence(&self) -> bool {
        !matches!(self, Stage::Done(_))
    }
}

/// First step: everything that needs no corpus evidence.
pub fn prepare(m: Mapped, profile: Profile, passes: &Passes, log: &mut Log) -> Stage {
    match profile {
        Profile::Print => Stage::Print(Box::new(print::prepare(&m, passes, log))),
        Profile::Web => Stage::Web(m),
        Profile::Transcript | Profile::Auto => Stage::Done(vec![transcript::clean(m, passes, log)]),
        Profile::None => Stage::Done(vec![Article { text: m, ..Article::default() }]),
    }
}

/// Second step, with the corpus evidence.
pub fn finish(stage: Stage, ev: &evidence::Evidence, names: &[String], passes: &Passes, log: &mut Log) -> Vec<Article> {
    match stage {
        Stage::Done(a) => a,
        Stage::Print(p) => print::finish(*p, ev, passes, log),
        Stage::Web(m) => vec![web::clean(&m, ev, names, passes, log)],
    }
}
