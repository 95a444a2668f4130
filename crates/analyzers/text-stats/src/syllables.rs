//! Syllable counting by rule, for readability formulas.
//!
//! The rule, per hyphen-separated part of a word (the parts' counts are added):
//! 1. Keep the letters, lowercased. No letters: 0 syllables (a number is not scored).
//! 2. A part of three letters or fewer has one syllable.
//! 3. Drop a final silent `e` ("make"), but not the `e` of a consonant + `le` ending ("table");
//!    drop a final `ed` unless after `t` or `d` ("walked" vs "wanted"); drop a final `es` unless after
//!    `s`, `x`, `z`, `c`, `g`, `ch` or `sh` ("makes" vs "places").
//! 4. Count groups of consecutive vowels (`a e i o u y` and accented vowels).
//! 5. At least one syllable.
//!
//! This is the classic vowel-group heuristic. It differs from dictionary-based counts (textstat uses
//! Pyphen hyphenation, CMUdict-based tools use pronunciations) on a minority of words; see the
//! comparison in `tests/text_stats.rs`.

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à'..='å' | 'è'..='ë' | 'ì'..='ï' | 'ò'..='ö' | 'ù'..='ü' | 'ý' | 'ÿ')
}

/// Syllables in a word, by the rule above.
pub fn syllables(word: &str) -> u32 {
    word.split(['-', '\u{2010}', '\u{2011}']).map(part_syllables).sum()
}

fn part_syllables(part: &str) -> u32 {
    // ASCII fast path on a stack buffer; other text through chars.
    if part.is_ascii() && part.len() <= 64 {
        let mut buf = [' '; 64];
        let mut n = 0;
        for b in part.bytes().filter(u8::is_ascii_alphabetic) {
            buf[n] = char::from(b.to_ascii_lowercase());
            n += 1;
        }
        return count(&buf[..n]);
    }
    let letters: Vec<char> = part.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    count(&letters)
}

fn count(letters: &[char]) -> u32 {
    let n = letters.len();
    if n == 0 {
        return 0;
    }
    if n <= 3 {
        return 1;
    }
    let ends = |s: &str| s.chars().rev().zip(letters.iter().rev()).all(|(a, &b)| a == b) && n >= s.len();
    let before = letters[n - 3];
    let consonant_le = ends("le") && !is_vowel(before);
    let silent_e = ends("e") && !consonant_le;
    let silent_ed = ends("ed") && !matches!(before, 't' | 'd');
    let silent_es = ends("es") && !matches!(before, 's' | 'x' | 'z' | 'c' | 'g') && !ends("ches") && !ends("shes");
    let len = if silent_e {
        n - 1
    } else if silent_ed || silent_es {
        n - 2
    } else {
        n
    };
    let mut groups = 0;
    let mut in_vowels = false;
    for &c in &letters[..len] {
        let v = is_vowel(c);
        if v && !in_vowels {
            groups += 1;
        }
        in_vowels = v;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::syllables;

    #[test]
    fn rule_cases() {
        let cases = [
            ("the", 1),
            ("party", 2),
            ("make", 1),
            ("table", 2),
            ("walked", 1),
            ("wanted", 2),
            ("makes", 1),
            ("places", 2),
            ("churches", 2),
            ("revolution", 4),
            ("socialist", 3),
            ("grass-roots", 2),
            ("five-year", 2),
            ("unprecedentedly", 6),
            ("2021", 0),
            ("strengthening", 3),
        ];
        for (w, n) in cases {
            assert_eq!(syllables(w), n, "{w}");
        }
    }
}
