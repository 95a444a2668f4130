//! The word-level measure of how much of a reference text a cleaned text keeps: lower-case words
//! with hyphens and apostrophes deleted ("grass-roots" = "grassroots", "Party's" = "partys"),
//! compared by their longest common subsequence. Recall is LCS / reference words, precision LCS /
//! cleaned words. The print seed's tests measure ingest with it, and the collation tests check
//! that `rhetor collate` reaches the same figures.

/// The measure's words of `text`.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Length of the longest common subsequence of `a` and `b` (two rows of the table: for texts of a
/// few thousand words).
pub fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_lcs() {
        assert_eq!(words("The grass-roots Party’s 10,000"), ["the", "grassroots", "partys", "10", "000"]);
        let (a, b) = (words("a b c d"), words("a c d e"));
        assert_eq!(lcs(&a, &b), 3);
    }
}
