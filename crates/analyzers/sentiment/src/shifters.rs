//! Valence shifters for the word-list modes, after the model of sentimentr (Rinker): a matched
//! entry's value is multiplied by a factor from the shifter words in its context window — up to
//! `before` words before it and `after` words after it, in the same sentence and the same clause
//! (a comma, semicolon or colon ends the window), the entry's own words excluded:
//!
//! - negators (`not`, `never`, any word ending in `n't`, …): an odd number flips the sign;
//! - amplifiers (`very`, `deeply`, …): × (1 + `amplifier_weight` · n); under negation they count as
//!   de-amplifiers instead ("not very good" is weakly positive turned negative, not strongly);
//! - de-amplifiers (`barely`, `somewhat`, …): × max(0, 1 − `amplifier_weight` · n);
//! - adversatives (`but`, `however`, …): before the word × (1 + `adversative_weight` · n), after it
//!   × max(0, 1 − `adversative_weight` · n): the clause after "but" counts more than the one before.
//!
//! Defaults: `before` 5, `after` 2, `amplifier_weight` 0.8, `adversative_weight` 0.25 (sentimentr's).

use rustc_hash::FxHashSet;
use serde::Deserialize;

/// `[analyzers.sentiment.shifters]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ShifterConfig {
    /// Apply shifters in the word-list modes (VADER has its own rules).
    pub enabled: bool,
    pub before: usize,
    pub after: usize,
    pub amplifier_weight: f64,
    pub adversative_weight: f64,
    pub negators: Vec<String>,
    pub amplifiers: Vec<String>,
    pub deamplifiers: Vec<String>,
    pub adversatives: Vec<String>,
}

fn words(list: &str) -> Vec<String> {
    list.split_whitespace().map(String::from).collect()
}

/// The default negators (any word ending in "n't" negates too).
pub const NEGATORS: &str = "not no never none nobody nothing neither nor nowhere cannot without";
pub const AMPLIFIERS: &str = "very really extremely highly most more greatly deeply absolutely completely totally \
    truly utterly especially particularly so too much fully entirely thoroughly incredibly remarkably \
    tremendously enormously exceedingly immensely intensely certainly definitely";
pub const DEAMPLIFIERS: &str = "barely hardly scarcely slightly somewhat little few rarely seldom partly partially \
    marginally mildly almost kinda sorta";
pub const ADVERSATIVES: &str = "but however although though yet whereas nevertheless nonetheless";

impl Default for ShifterConfig {
    fn default() -> Self {
        ShifterConfig {
            enabled: true,
            before: 5,
            after: 2,
            amplifier_weight: 0.8,
            adversative_weight: 0.25,
            negators: words(NEGATORS),
            amplifiers: words(AMPLIFIERS),
            deamplifiers: words(DEAMPLIFIERS),
            adversatives: words(ADVERSATIVES),
        }
    }
}

/// What a word is, as a shifter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    None,
    Negator,
    Amplifier,
    Deamplifier,
    Adversative,
}

/// Compiled shifters.
#[derive(Debug, Clone)]
pub struct Shifters {
    config: ShifterConfig,
    negators: FxHashSet<String>,
    amplifiers: FxHashSet<String>,
    deamplifiers: FxHashSet<String>,
    adversatives: FxHashSet<String>,
}

/// A factor and the shifters behind it, for the evidence label.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Shift {
    pub factor: f64,
    pub negators: u32,
    pub amplifiers: u32,
    pub deamplifiers: u32,
    pub adversatives_before: u32,
    pub adversatives_after: u32,
}

impl Shift {
    /// A short note: `negated`, `amplified ×2`, … empty when nothing shifted.
    pub fn note(&self) -> String {
        let mut parts = Vec::new();
        if self.negators % 2 == 1 {
            parts.push("negated".to_string());
        }
        for (n, what) in [(self.amplifiers, "amplified"), (self.deamplifiers, "dampened")] {
            if n > 0 {
                parts.push(if n == 1 { what.to_string() } else { format!("{what} x{n}") });
            }
        }
        if self.adversatives_before > 0 {
            parts.push("after an adversative".into());
        }
        if self.adversatives_after > 0 {
            parts.push("before an adversative".into());
        }
        parts.join(", ")
    }
}

impl Shifters {
    pub fn new(config: ShifterConfig) -> Shifters {
        let set = |l: &[String]| l.iter().map(|w| w.to_lowercase()).collect();
        Shifters {
            negators: set(&config.negators),
            amplifiers: set(&config.amplifiers),
            deamplifiers: set(&config.deamplifiers),
            adversatives: set(&config.adversatives),
            config,
        }
    }

    pub fn enabled(&self) -> bool {
        self.config.enabled
    }

    pub fn role(&self, form: &str) -> Role {
        if self.negators.contains(form) || form.ends_with("n't") {
            Role::Negator
        } else if self.amplifiers.contains(form) {
            Role::Amplifier
        } else if self.deamplifiers.contains(form) {
            Role::Deamplifier
        } else if self.adversatives.contains(form) {
            Role::Adversative
        } else {
            Role::None
        }
    }

    /// The shift of an entry covering words `at..at + len` of a sentence whose words have `roles`
    /// and clause numbers `clauses`.
    pub fn shift(&self, roles: &[Role], clauses: &[u32], at: usize, len: usize) -> Shift {
        let c = &self.config;
        let clause = clauses[at];
        let first = at.saturating_sub(c.before);
        let last = (at + len + c.after).min(roles.len());
        let mut s = Shift { factor: 1.0, ..Shift::default() };
        for j in (first..at).chain(at + len..last) {
            if clauses[j] != clause {
                continue;
            }
            match roles[j] {
                Role::Negator => s.negators += 1,
                Role::Amplifier => s.amplifiers += 1,
                Role::Deamplifier => s.deamplifiers += 1,
                Role::Adversative if j < at => s.adversatives_before += 1,
                Role::Adversative => s.adversatives_after += 1,
                Role::None => {}
            }
        }
        let negated = s.negators % 2 == 1;
        let (amp, deamp) = if negated { (0, s.amplifiers + s.deamplifiers) } else { (s.amplifiers, s.deamplifiers) };
        let w = c.amplifier_weight;
        let v = c.adversative_weight;
        s.factor = if negated { -1.0 } else { 1.0 }
            * (1.0 + w * f64::from(amp))
            * (1.0 - w * f64::from(deamp)).max(0.0)
            * (1.0 + v * f64::from(s.adversatives_before))
            * (1.0 - v * f64::from(s.adversatives_after)).max(0.0);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(sentence: &str, at: usize, len: usize) -> f64 {
        let s = Shifters::new(ShifterConfig::default());
        let mut clause = 0;
        let (mut roles, mut clauses) = (Vec::new(), Vec::new());
        for w in sentence.split(' ') {
            if w == "," {
                clause += 1;
                continue;
            }
            roles.push(s.role(w));
            clauses.push(clause);
        }
        s.shift(&roles, &clauses, at, len).factor
    }

    #[test]
    fn the_arithmetic() {
        assert_eq!(shift("a good plan", 1, 1), 1.0);
        assert_eq!(shift("not a good plan", 2, 1), -1.0);
        assert_eq!(shift("not never good", 2, 1), 1.0, "two negators cancel");
        assert_eq!(shift("a very good plan", 2, 1), 1.8); // 1 + 0.8
        assert!((shift("not very good", 2, 1) - -0.2).abs() < 1e-12); // -1 × (1 - 0.8 × 1)
        assert!((shift("somewhat good", 1, 1) - 0.2).abs() < 1e-12); // 1 - 0.8
        assert_eq!(shift("hardly barely good", 2, 1), 0.0, "de-amplification stops at zero");
        assert_eq!(shift("but good", 1, 1), 1.25); // 1 + 0.25
        assert_eq!(shift("good but", 0, 1), 0.75); // 1 - 0.25
        assert_eq!(shift("never , good", 1, 1), 1.0, "a comma ends the window");
        assert_eq!(shift("not one two three four five good", 6, 1), 1.0, "six words before is outside");
        assert_eq!(shift("it isn't good", 2, 1), -1.0, "n't negates");
        assert_eq!(shift("not good", 0, 2), 1.0, "an entry's own words do not shift it");
    }

    #[test]
    fn default_config_file_lists_the_built_in_defaults() {
        #[derive(serde::Deserialize)]
        struct File {
            analyzers: Analyzers,
        }
        #[derive(serde::Deserialize)]
        struct Analyzers {
            sentiment: Section,
        }
        #[derive(serde::Deserialize)]
        struct Section {
            shifters: ShifterConfig,
        }
        let file: File = toml::from_str(include_str!("../../../../config/default.toml")).expect("parses");
        let (a, b) = (file.analyzers.sentiment.shifters, ShifterConfig::default());
        assert_eq!(
            (a.negators, a.amplifiers, a.deamplifiers, a.adversatives),
            (b.negators, b.amplifiers, b.deamplifiers, b.adversatives)
        );
        assert_eq!(
            (a.before, a.after, a.amplifier_weight, a.adversative_weight),
            (b.before, b.after, b.amplifier_weight, b.adversative_weight)
        );
    }
}
