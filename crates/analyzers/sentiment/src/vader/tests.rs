//! VADER rule tests, each with its arithmetic written out. The expected scores are vaderSentiment
//! 3.3.2's on the same text; the valences are the contributions rhetor reports as evidence.

use super::*;

fn scores(text: &str) -> Polarity {
    Vader::builtin().score(text, &mut Scratch::default(), None)
}

/// The non-zero word valences of `text`, with the words.
fn valences(text: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    Vader::builtin().score(text, &mut Scratch::default(), Some(&mut out));
    out.iter().map(|c| (text[c.span.0..c.span.1].to_string(), (c.valence * 1e6).round() / 1e6)).collect()
}

fn one(text: &str) -> f64 {
    let v = valences(text);
    assert_eq!(v.len(), 1, "{text}: {v:?}");
    v[0].1
}

#[test]
fn plain_lexicon_word() {
    // "good" = 1.9; compound = 1.9 / sqrt(1.9² + 15) = 0.4404; pos counts 1.9 + 1 = 2.9 against two
    // neutral words: pos = 2.9 / (2.9 + 2) = 0.592, neu = 2 / 4.9 = 0.408.
    assert_eq!(scores("VADER is good"), Polarity { neg: 0.0, neu: 0.408, pos: 0.592, compound: 0.4404 });
}

#[test]
fn boosters_add_and_decay_with_distance() {
    // "very" before "good": 1.9 + 0.293 = 2.193; compound 2.193 / sqrt(2.193² + 15) = 0.4927.
    assert_eq!(one("The plan is very good"), 2.193);
    assert_eq!(scores("The plan is very good").compound, 0.4927);
    // Two words back the booster counts × 0.95: 1.9 + 0.293 × 0.95 = 2.17835.
    assert_eq!(one("The plan is very much good"), 2.17835);
    // A dampener subtracts: 1.9 − 0.293 = 1.607.
    assert_eq!(one("The plan is slightly good"), 1.607);
    // With a negative word the booster's sign follows it: −2.5 − 0.293 = −2.793.
    assert_eq!(one("The plan is very bad"), -2.793);
}

#[test]
fn caps_emphasis_only_when_other_words_are_not_caps() {
    // "GOOD" among lowercase words: 1.9 + 0.733 = 2.633 (compound 0.5622).
    assert_eq!(one("The plan is GOOD"), 2.633);
    assert_eq!(scores("The plan is GOOD").compound, 0.5622);
    // All words in caps: no emphasis, 1.9 (compound 0.4404).
    assert_eq!(one("THE PLAN IS GOOD"), 1.9);
    // A booster in caps adds 0.733 more: 1.9 + 0.293 + 0.733 = 2.926 (compound 0.6028).
    assert_eq!(one("The plan is VERY good"), 2.926);
    assert_eq!(scores("The plan is VERY good").compound, 0.6028);
}

#[test]
fn negation_in_the_three_words_before() {
    // "not good": 1.9 × −0.74 = −1.406 (compound −0.3412).
    assert_eq!(one("The plan is not good"), -1.406);
    // "not very good": the booster one back first, 1.9 + 0.293 = 2.193; then "not" two back negates:
    // 2.193 × −0.74 = −1.62282 (compound −0.3865).
    assert_eq!(one("The plan is not very good"), -1.62282);
    assert_eq!(scores("The plan is not very good").compound, -0.3865);
    // Three words back: "not at all good": 1.9 × −0.74 = −1.406.
    assert_eq!(one("The plan is not at all good"), -1.406);
    // Any word with "n't" negates: "isn't good" = −1.406.
    assert_eq!(one("It isn't good"), -1.406);
    // "no" before a lexicon word: its own valence is dropped and the word negated: 1.9 × −0.74.
    assert_eq!(valences("No good"), [("good".to_string(), -1.406)]);
}

#[test]
fn never_so_and_without_doubt() {
    // "so good" alone: "so" is a booster, 1.9 + 0.293 = 2.193; and at distance 3 vaderSentiment's
    // test `never at −3 and so/this at −2, or so/this at −1` (its operator grouping) fires on the
    // "so" just before: × 1.25 = 2.74125 (compound 0.5777).
    assert_eq!(one("It is so good"), 2.74125);
    assert_eq!(scores("It is so good").compound, 0.5777);
    // "never so good": at distance 2, "never" with "so" between gives × 1.25 instead of negation,
    // and the distance-3 test fires again: 2.193 × 1.25 × 1.25 = 3.4265625 (compound 0.6626).
    assert_eq!(one("It is never so good"), 3.426563); // rounded to 6 places by the helper
    assert_eq!(scores("It is never so good").compound, 0.6626);
    // "without doubt": "doubt" (−1.5) is itself negated by "without" one back: −1.5 × −0.74 = 1.11;
    // "good" three after "without" with "doubt" between is not negated: 1.9.
    assert_eq!(valences("Without doubt it is good"), [("doubt".to_string(), 1.11), ("good".to_string(), 1.9)]);
}

#[test]
fn least_negates_except_at_least() {
    // "the least good": 1.9 × −0.74 = −1.406; "at least good": 1.9.
    assert_eq!(one("It is the least good"), -1.406);
    assert_eq!(one("It is at least good"), 1.9);
}

#[test]
fn but_weights_the_clauses() {
    // Before "but" × 0.5, after × 1.5: good 1.9 → 0.95, bad −2.5 → −3.75; sum −2.8,
    // compound −2.8 / sqrt(2.8² + 15) = −0.5859.
    assert_eq!(
        valences("The food is good but the service is bad"),
        [("good".to_string(), 0.95), ("bad".to_string(), -3.75)]
    );
    assert_eq!(scores("The food is good but the service is bad").compound, -0.5859);
}

#[test]
fn but_weighting_keeps_vader_sentiments_lookup_by_value() {
    // vaderSentiment finds each valence's place by its value (the first equal one). "Dear" (1.6)
    // before "but" becomes 0.8; then "fine" (0.8) after it is looked up, found at "dear"'s place,
    // and halves "dear" again (0.4) instead of being weighted × 1.5 itself (it stays 0.8). The
    // scores must agree with the package, so rhetor does the same (compound 0.296).
    assert_eq!(valences("Dear but fine"), [("Dear".to_string(), 0.4), ("fine".to_string(), 0.8)]);
    assert_eq!(scores("Dear but fine").compound, 0.296);
}

#[test]
fn exclamation_and_question_marks() {
    // "!" adds 0.292 to the sum's size: 1.9 + 0.292 = 2.192, compound 0.4926; at most 4 count:
    // 1.9 + 4 × 0.292 = 3.068, compound 0.6209.
    assert_eq!(scores("The plan is good!").compound, 0.4926);
    assert_eq!(scores("The plan is good!!!!!!").compound, 0.6209);
    // "??" adds 2 × 0.18: 1.9 + 0.36 = 2.26 → 0.504; four or more add 0.96: 2.86 → 0.594.
    assert_eq!(scores("Is it good??").compound, 0.504);
    assert_eq!(scores("Is it good????").compound, 0.594);
}

#[test]
fn kind_of_and_special_cases() {
    // "kind" (2.4) before "of" is not a sentiment word; "kind of" is a dampener phrase two and
    // three back from "good": 1.9 − 0.293 = 1.607 (compound 0.3832).
    assert_eq!(one("The plan is kind of good"), 1.607);
    // "the bomb" replaces "bomb"'s −2.2 with 3 (compound 0.6124).
    assert_eq!(one("That is the bomb"), 3.0);
    // "yeah right" replaces "right"'s... "right" is not in the lexicon; "yeah" (1.2) is, and the
    // phrase starting at it sets −2: good 1.9 and yeah −2 (compound −0.0258).
    assert_eq!(valences("The plan is good, yeah right"), [("good".to_string(), 1.9), ("yeah".to_string(), -2.0)]);
    assert_eq!(scores("The plan is good, yeah right").compound, -0.0258);
}

#[test]
fn emoji_become_their_descriptions() {
    // 😀 is "grinning face": "grinning" (1.5) scores, with the emoji's span as its evidence.
    let text = "I love it 😀";
    let v = valences(text);
    assert_eq!(v, [("love".to_string(), 3.2), ("😀".to_string(), 1.5)]);
    assert_eq!(scores(text).compound, 0.7717);
    assert_eq!(scores("😀"), Polarity { neg: 0.0, neu: 0.286, pos: 0.714, compound: 0.3612 });
}

#[test]
fn empty_and_neutral_texts() {
    assert_eq!(scores(""), Polarity::default());
    assert_eq!(scores("   "), Polarity::default());
    assert_eq!(scores("The plan is here"), Polarity { neg: 0.0, neu: 1.0, pos: 0.0, compound: 0.0 });
}

/// The ASCII fast path looks words up by their packed lower-case bytes: a word that only shares a
/// key with a lexicon word (a NUL byte after "good") is not that word, capitals and words longer
/// than fifteen bytes (the hash map's) are found, and "n't" still negates.
#[test]
fn packed_lookups_agree_with_the_words() {
    assert_eq!(valences("it is good\0 now"), vec![]);
    // ALL CAPS among words that are not: 1.9 + 0.733.
    assert_eq!(valences("it is GOOD now, Good"), vec![("GOOD".to_string(), 2.633), ("Good".to_string(), 1.9)]);
    // Fifteen, sixteen and seventeen bytes: "disappointingly" -1.9, "advantageousness" 1.6,
    // "adventuresomeness" 1.3.
    assert_eq!(one("disappointingly so"), -1.9);
    assert_eq!(one("pure advantageousness"), 1.6);
    assert_eq!(one("pure Adventuresomeness"), 1.3);
    assert_eq!(one("it ISN'T good"), 1.9 * -0.74);
}

/// Buffers grown by a pathological text say so (a thread keeping them from one document to the
/// next lets them go), and reused buffers give the same scores as fresh ones.
#[test]
fn scratch_buffers_report_growing_past_ordinary_sentences() {
    let v = Vader::builtin();
    let mut scratch = Scratch::default();
    let ordinary = "The food was good, but the service was terrible!";
    let fresh = v.score(ordinary, &mut Scratch::default(), None);
    assert_eq!(v.score(ordinary, &mut scratch, None), fresh);
    assert!(!scratch.is_large());
    let huge = "good ".repeat(70_000);
    v.score(&huge, &mut scratch, None);
    assert!(scratch.is_large());
    assert_eq!(v.score(ordinary, &mut scratch, None), fresh, "after a huge text, the same score");
}
