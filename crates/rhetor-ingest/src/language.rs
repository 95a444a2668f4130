//! Language identification per document, with `whatlang` (trigram profiles of 70 languages, pure
//! Rust), and the `[ingest] languages` list that keeps only some.
//!
//! A document's language is written to its metadata as `detected_language`: an ISO 639-1 code
//! (`en`, `es`, `ko`, …), or `und` (undetermined) when the text is too short or too mixed for the
//! detector to be reliable. Long texts are judged on a sample: [`SAMPLE_WINDOWS`] windows of
//! [`WINDOW`] bytes spread evenly over the text, so the cost per document is bounded and a text
//! that only opens in another language (a foreign title, a quoted motto) is still judged by its body.
//!
//! Architecture Invariant: detection is a pure function of the document's cleaned text, so results
//! do not depend on threads, batches or the order documents are read in.

use serde::{Deserialize, Deserializer};

/// A text longer than this is judged on a sample.
const WHOLE: usize = 1024;
/// Bytes per window of the sample.
pub const WINDOW: usize = 256;
/// Windows in the sample, spread evenly from the start to the end of the text.
pub const SAMPLE_WINDOWS: usize = 4;
/// The code written for a text whose language was not reliably detected.
pub const UNDETERMINED: &str = "und";
/// The metadata key the language is written to.
pub const KEY: &str = "detected_language";

/// The languages `whatlang` knows: its ISO 639-3 code, the ISO 639-1 code rhetor writes, the name.
const CODES: [(&str, &str, &str); 70] = [
    ("afr", "af", "Afrikaans"),
    ("aka", "ak", "Akan"),
    ("amh", "am", "Amharic"),
    ("ara", "ar", "Arabic"),
    ("aze", "az", "Azerbaijani"),
    ("bel", "be", "Belarusian"),
    ("ben", "bn", "Bengali"),
    ("bul", "bg", "Bulgarian"),
    ("cat", "ca", "Catalan"),
    ("ces", "cs", "Czech"),
    ("cmn", "zh", "Chinese"),
    ("cym", "cy", "Welsh"),
    ("dan", "da", "Danish"),
    ("deu", "de", "German"),
    ("ell", "el", "Greek"),
    ("eng", "en", "English"),
    ("epo", "eo", "Esperanto"),
    ("est", "et", "Estonian"),
    ("fin", "fi", "Finnish"),
    ("fra", "fr", "French"),
    ("guj", "gu", "Gujarati"),
    ("heb", "he", "Hebrew"),
    ("hin", "hi", "Hindi"),
    ("hrv", "hr", "Croatian"),
    ("hun", "hu", "Hungarian"),
    ("hye", "hy", "Armenian"),
    ("ind", "id", "Indonesian"),
    ("ita", "it", "Italian"),
    ("jav", "jv", "Javanese"),
    ("jpn", "ja", "Japanese"),
    ("kan", "kn", "Kannada"),
    ("kat", "ka", "Georgian"),
    ("khm", "km", "Khmer"),
    ("kor", "ko", "Korean"),
    ("lat", "la", "Latin"),
    ("lav", "lv", "Latvian"),
    ("lit", "lt", "Lithuanian"),
    ("mal", "ml", "Malayalam"),
    ("mar", "mr", "Marathi"),
    ("mkd", "mk", "Macedonian"),
    ("mya", "my", "Burmese"),
    ("nep", "ne", "Nepali"),
    ("nld", "nl", "Dutch"),
    ("nob", "nb", "Norwegian Bokmål"),
    ("ori", "or", "Oriya"),
    ("pan", "pa", "Punjabi"),
    ("pes", "fa", "Persian"),
    ("pol", "pl", "Polish"),
    ("por", "pt", "Portuguese"),
    ("ron", "ro", "Romanian"),
    ("rus", "ru", "Russian"),
    ("sin", "si", "Sinhala"),
    ("slk", "sk", "Slovak"),
    ("slv", "sl", "Slovenian"),
    ("sna", "sn", "Shona"),
    ("spa", "es", "Spanish"),
    ("srp", "sr", "Serbian"),
    ("swe", "sv", "Swedish"),
    ("tam", "ta", "Tamil"),
    ("tel", "te", "Telugu"),
    ("tgl", "tl", "Tagalog"),
    ("tha", "th", "Thai"),
    ("tuk", "tk", "Turkmen"),
    ("tur", "tr", "Turkish"),
    ("ukr", "uk", "Ukrainian"),
    ("urd", "ur", "Urdu"),
    ("uzb", "uz", "Uzbek"),
    ("vie", "vi", "Vietnamese"),
    ("yid", "yi", "Yiddish"),
    ("zul", "zu", "Zulu"),
];

/// The ISO 639-1 code for a code a user wrote: a two-letter code, a three-letter one, or `und`;
/// case-insensitive. `None` for a language the detector does not know.
pub fn normalize(code: &str) -> Option<&'static str> {
    let c = code.trim().to_ascii_lowercase();
    if c == UNDETERMINED {
        return Some(UNDETERMINED);
    }
    CODES.iter().find(|(three, two, _)| *three == c || *two == c).map(|(_, two, _)| *two)
}

/// The English name of an ISO 639-1 code rhetor writes (`und`: "undetermined").
pub fn name(code: &str) -> &'static str {
    if code == UNDETERMINED {
        return "undetermined";
    }
    CODES.iter().find(|(_, two, _)| *two == code).map_or("unknown", |(_, _, n)| n)
}

/// The language of a text: an ISO 639-1 code, or [`UNDETERMINED`].
pub fn detect(text: &str) -> &'static str {
    let found = if text.len() <= WHOLE { whatlang::detect(text) } else { whatlang::detect(&sample(text)) };
    found.filter(whatlang::Info::is_reliable).and_then(|info| normalize(info.lang().code())).unwrap_or(UNDETERMINED)
}

/// [`SAMPLE_WINDOWS`] windows of about [`WINDOW`] bytes spread evenly over `text`, each cut at
/// character boundaries, joined by newlines.
fn sample(text: &str) -> String {
    let mut out = String::with_capacity(SAMPLE_WINDOWS * (WINDOW + 1));
    let step = (text.len() - WINDOW) / (SAMPLE_WINDOWS - 1);
    for k in 0..SAMPLE_WINDOWS {
        let a = boundary(text, k * step);
        let b = boundary(text, (k * step + WINDOW).min(text.len()));
        out.push_str(&text[a..b]);
        out.push('\n');
    }
    out
}

/// The first character boundary at or after `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// The `[ingest] languages` list: ISO 639-1 codes, read from two- or three-letter codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Languages(pub Vec<&'static str>);

impl Languages {
    /// Whether a document of language `code` is kept: always when the list is empty or the language
    /// undetermined (a short text is no evidence of a foreign one).
    pub fn keeps(&self, code: &str) -> bool {
        self.0.is_empty() || code == UNDETERMINED || self.0.contains(&code)
    }
}

impl<'de> Deserialize<'de> for Languages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let given = Vec::<String>::deserialize(d)?;
        let mut out = Vec::with_capacity(given.len());
        for g in given {
            match normalize(&g) {
                Some(UNDETERMINED) => {
                    return Err(serde::de::Error::custom(
                        "\"und\" cannot be listed: documents whose language is undetermined are always kept",
                    ));
                }
                Some(c) => out.push(c),
                None => {
                    return Err(serde::de::Error::custom(format!(
                        "unknown language code {g:?}: use an ISO 639-1 or 639-3 code the detector knows (en, es, ko, …; see docs/languages.md)"
                    )));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(Languages(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_match_the_detector() {
        for (i, (three, two, _)) in CODES.iter().enumerate() {
            assert!(CODES[i + 1..].iter().all(|(t, w, _)| t != three && w != two), "{three} {two} twice");
            assert!(whatlang::Lang::from_code(*three).is_some(), "{three} unknown to whatlang");
        }
        assert_eq!(whatlang::Lang::all().len(), CODES.len());
    }

    #[test]
    fn detects_and_samples() {
        let en = "The people of this nation have built a future of peace and prosperity together, \
                  and they will defend it against every enemy who threatens their homes and families.";
        let es = "El pueblo de esta nación ha construido un futuro de paz y prosperidad, y lo defenderá \
                  contra todos los enemigos que amenazan sus hogares y sus familias.";
        assert_eq!(detect(en), "en");
        assert_eq!(detect(es), "es");
        assert_eq!(detect("Yes."), UNDETERMINED);
        assert_eq!(detect(""), UNDETERMINED);
        // A long text with a foreign opening is judged by its body.
        let long = format!("{es}\n{}", format!("{en} ").repeat(400));
        assert!(long.len() > WHOLE);
        assert_eq!(detect(&long), "en");
        // Windows cut inside multi-byte characters stay on boundaries.
        let ko = "조선민주주의인민공화국 인민들은 평화와 번영의 미래를 함께 건설하였다. ".repeat(600);
        assert_eq!(detect(&ko), "ko");
    }

    #[test]
    fn normalizes_codes() {
        assert_eq!(normalize("EN"), Some("en"));
        assert_eq!(normalize("eng"), Some("en"));
        assert_eq!(normalize("kor"), Some("ko"));
        assert_eq!(normalize("xx"), None);
        assert_eq!(name("es"), "Spanish");
        let l = Languages(vec!["en"]);
        assert!(l.keeps("en") && l.keeps(UNDETERMINED) && !l.keeps("es"));
        assert!(Languages::default().keeps("es"));
    }
}
