//! `cargo xtask conformance`: `rhetor sentiment` on the full reference sets in
//! `../shared/data/` — vaderSentiment 3.3.2 on 18,513 texts (neg, neu, pos, compound within 1e-4)
//! and afinn 0.1 on the same texts (score exactly). Prints the mismatch counts per file; fails when
//! any text differs. CI runs the 2,000-text samples instead (tests/sentiment_cli.rs).

use anyhow::{Context as _, bail};
use std::path::Path;
use std::process::Command;

/// One reference set: the file, the lexicon, and the columns of the expected scores and the text.
struct Set {
    file: &'static str,
    lexicon: &'static str,
    scores: &'static [usize],
    text: usize,
}

const SETS: &[Set] = &[
    Set {
        file: "vader/reference_scores_vaderSentiment_3.3.2/amazonReviewSnippets_vader332.tsv",
        lexicon: "vader",
        scores: &[2, 3, 4, 5],
        text: 6,
    },
    Set {
        file: "vader/reference_scores_vaderSentiment_3.3.2/movieReviewSnippets_vader332.tsv",
        lexicon: "vader",
        scores: &[2, 3, 4, 5],
        text: 6,
    },
    Set {
        file: "vader/reference_scores_vaderSentiment_3.3.2/tweets_vader332.tsv",
        lexicon: "vader",
        scores: &[2, 3, 4, 5],
        text: 6,
    },
    Set {
        file: "afinn/reference_scores_afinn_0.1/amazonReviewSnippets_afinn01.tsv",
        lexicon: "afinn",
        scores: &[1],
        text: 3,
    },
    Set {
        file: "afinn/reference_scores_afinn_0.1/movieReviewSnippets_afinn01.tsv",
        lexicon: "afinn",
        scores: &[1],
        text: 3,
    },
    Set { file: "afinn/reference_scores_afinn_0.1/tweets_afinn01.tsv", lexicon: "afinn", scores: &[1], text: 3 },
];

pub fn conformance(root: &Path) -> anyhow::Result<()> {
    let data = root.join("../shared/data");
    if !data.join("vader").is_dir() {
        bail!("{} not found: the reference sets live in ../shared/data (vader/, afinn/)", data.display());
    }
    let rhetor = crate::build_rhetor(root)?;
    let work = root.join("target/conformance");
    std::fs::create_dir_all(&work)?;
    let mut total = (0, 0);
    for set in SETS {
        let path = data.join(set.file);
        let tsv = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
        let rows: Vec<Vec<&str>> = tsv.lines().skip(1).map(|l| l.splitn(set.text + 1, '\t').collect()).collect();
        let jsonl: String =
            rows.iter().map(|r| serde_json::json!({"id": r[0], "text": r[set.text]}).to_string() + "\n").collect();
        let name = Path::new(set.file).file_stem().and_then(|s| s.to_str()).unwrap_or("set");
        let input = work.join(format!("{name}.jsonl"));
        std::fs::write(&input, jsonl)?;
        let out = Command::new(&rhetor).args(["sentiment", "--lexicon", set.lexicon]).arg(&input).output()?;
        if !out.status.success() {
            bail!("rhetor sentiment failed on {name}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let stdout = String::from_utf8(out.stdout)?;
        let got: Vec<Vec<&str>> = stdout.lines().skip(1).map(|l| l.split('\t').collect()).collect();
        if got.len() != rows.len() {
            bail!("{name}: {} rows in, {} out", rows.len(), got.len());
        }
        let mut mismatches = 0;
        for (want, got) in rows.iter().zip(&got) {
            let differs = got[0] != want[0]
                || set.scores.iter().zip(&got[1..]).any(|(&c, g)| {
                    let (w, g) = (want[c].parse::<f64>().unwrap_or(f64::NAN), g.parse::<f64>().unwrap_or(f64::NAN));
                    (w - g).abs().is_nan() || (w - g).abs() > 1e-4
                });
            if differs {
                mismatches += 1;
                if mismatches <= 5 {
                    println!(
                        "  {name} {}: want {:?}, got {:?}",
                        want[0],
                        set.scores.iter().map(|&c| want[c]).collect::<Vec<_>>(),
                        &got[1..]
                    );
                }
            }
        }
        println!("{:<5} {name:<40} {mismatches} of {} texts differ", set.lexicon, rows.len());
        total = (total.0 + mismatches, total.1 + rows.len());
    }
    println!(
        "conformance: {} of {} texts differ (vaderSentiment 3.3.2 and afinn 0.1 reference sets)",
        total.0, total.1
    );
    if total.0 > 0 {
        bail!("{} texts differ", total.0);
    }
    Ok(())
}
