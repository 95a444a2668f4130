//! VADER rule tests, each with its arithmetic written out.

use super::*;

fn scores(text: &str) -> Polarity {
    Vader::builtin().score(text, &mut Scratch::default(), None)
}

#[test]
fn plain_lexicon_word() {
    // "good" = 1.9; compound = 1.9 / sqrt(1.9² + 15) = 0.4404; pos counts 1.9 + 1 = 2.9 against two
    // neutral words: pos = 2.9 / (2.9 + 2) = 0.592, neu = 2 / 4.9 = 0.408.
    assert_eq!(scores("VADER is good"), Polarity { neg: 0.0, neu: 0.408, pos: 0.592, compound: 0.4404 });
}
