//! `rhetor sentiment`: score each input line (or each `.jsonl` object's `text`) as one unit or
//! sentence by sentence, and print TSV — the command the conformance tests drive.
//!
//! With `--lexicon vader` the columns are `neg neu pos compound`, exactly as vaderSentiment 3.3.2's
//! `polarity_scores`; with `--lexicon afinn` and `--unit text`, `score` is exactly `afinn` 0.1's
//! `Afinn(language="en").score`. Other word lists are matched over rhetor's tokens; `--shifters`
//! applies the analyzer's valence shifters (off here, as in the reference packages).

use crate::Failure;
use crate::args::{SentimentArgs, Unit};
use crate::output::tsv;
use anyhow::{Context as _, anyhow};
use rhetor_sentiment::afinn::{self, Afinn};
use rhetor_sentiment::score::{Lexicon, Scratch};
use rhetor_sentiment::shifters::{ShifterConfig, Shifters};
use rhetor_sentiment::vader;
use rhetor_sentiment::wordlist::EMOTIONS;
use std::io::{BufRead, Write};

/// One unit to score: its id and text.
struct Item {
    id: String,
    text: String,
}

pub fn run(args: SentimentArgs) -> Result<(), Failure> {
    let lexicon = rhetor_sentiment::load_lexicon(&args.lexicon, args.lexicon_path.as_deref().unwrap_or(""))
        .map_err(|e| Failure::Usage(e.into()))?;
    let units = read_units(args.input.as_deref())?;
    let shifters = Shifters::new(ShifterConfig { enabled: args.shifters, ..ShifterConfig::default() });
    // `afinn` over whole texts without shifters is the reference package's own matching.
    let exact_afinn =
        (args.lexicon == "afinn" && args.lexicon_path.is_none() && args.unit == Unit::Text && !args.shifters)
            .then(Afinn::builtin);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write_scores(&mut out, &units, &lexicon, &shifters, exact_afinn.as_ref(), args.unit)
        .and_then(|()| out.flush().map_err(Into::into));
    match written {
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            Ok(())
        }
        r => r.context("cannot write to stdout").map_err(Failure::Analysis),
    }
}

/// Lines of a file (or stdin for `-` or none); for `.jsonl`, each line's `text` and `id`.
fn read_units(input: Option<&std::path::Path>) -> Result<Vec<Item>, Failure> {
    let (name, text) = match input {
        Some(p) if p.as_os_str() != "-" => {
            let shown = p.display().to_string();
            let bytes = std::fs::read(p).map_err(|e| Failure::Analysis(anyhow!("{shown}: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                Failure::Analysis(anyhow!("{shown}: invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
            })?;
            (shown, text)
        }
        _ => {
            let mut text = String::new();
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|e| Failure::Analysis(anyhow!("stdin: {e}")))?;
                text.push_str(&line);
                text.push('\n');
            }
            ("stdin".to_string(), text)
        }
    };
    let jsonl = name.ends_with(".jsonl");
    let mut units = Vec::new();
    // Lines as Python's file iteration gives them: a final newline ends the last line.
    let body = text.strip_suffix('\n').unwrap_or(&text);
    for (i, line) in body.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if jsonl {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| Failure::Analysis(anyhow!("{name}:{}: not a JSON object: {e}", i + 1)))?;
            let text = v["text"]
                .as_str()
                .ok_or_else(|| Failure::Analysis(anyhow!("{name}:{}: no string field `text`", i + 1)))?;
            let id = match &v["id"] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => (i + 1).to_string(),
                other => other.to_string(),
            };
            units.push(Item { id, text: text.to_string() });
        } else if !body.is_empty() {
            units.push(Item { id: (i + 1).to_string(), text: line.to_string() });
        }
    }
    Ok(units)
}

/// A float as Python's `repr` prints it for these values (`0.0`, `0.4404`, `-3.0`).
fn py(x: f64) -> String {
    format!("{x:?}")
}

fn write_scores(
    out: &mut impl Write,
    units: &[Item],
    lexicon: &Lexicon,
    shifters: &Shifters,
    exact_afinn: Option<&Afinn>,
    unit: Unit,
) -> anyhow::Result<()> {
    let by_sentence = unit == Unit::Sentence;
    let mut header = vec!["id"];
    if by_sentence {
        header.push("sentence");
    }
    match lexicon {
        Lexicon::Vader(_) => header.extend(["neg", "neu", "pos", "compound"]),
        Lexicon::Words(w) => {
            header.push("score");
            if w.has_emotions {
                header.extend(EMOTIONS);
            }
        }
    }
    writeln!(out, "{}", header.join("\t"))?;
    let mut vader_scratch = vader::Scratch::default();
    let mut afinn_scratch = afinn::Scratch::default();
    let mut scratch = Scratch::default();
    for u in units {
        match (lexicon, exact_afinn) {
            (_, Some(a)) => writeln!(out, "{}\t{}", tsv(&u.id), py(a.score(&u.text, &mut afinn_scratch)))?,
            (Lexicon::Vader(v), None) if !by_sentence => {
                let p = v.score(&u.text, &mut vader_scratch, None);
                writeln!(out, "{}\t{}\t{}\t{}\t{}", tsv(&u.id), py(p.neg), py(p.neu), py(p.pos), py(p.compound))?;
            }
            _ => {
                // Through rhetor's tokens and sentences: one document per unit.
                let corpus = rhetor_doc::corpus_from_text(&u.id, &u.text);
                let doc = &corpus.documents[0];
                let scores = doc.sentences.iter().map(|s| lexicon.score(doc, s, &corpus.vocab, shifters, &mut scratch));
                if by_sentence {
                    for (k, s) in scores.enumerate() {
                        write!(out, "{}\t{k}", tsv(&u.id))?;
                        write_row(out, &s, lexicon)?;
                    }
                } else {
                    // A whole text in a word-list mode: the sum over its sentences.
                    let mut total =
                        rhetor_sentiment::score::SentenceScore { score: 0.0, vader: None, contributions: Vec::new() };
                    for s in scores {
                        total.score += s.score;
                        total.contributions.extend(s.contributions);
                    }
                    write!(out, "{}", u.id)?;
                    write_row(out, &total, lexicon)?;
                }
            }
        }
    }
    Ok(())
}

fn write_row(
    out: &mut impl Write,
    s: &rhetor_sentiment::score::SentenceScore,
    lexicon: &Lexicon,
) -> anyhow::Result<()> {
    match s.vader {
        Some(p) => writeln!(out, "\t{}\t{}\t{}\t{}", py(p.neg), py(p.neu), py(p.pos), py(p.compound))?,
        None => {
            write!(out, "\t{}", py(s.score))?;
            if lexicon.has_emotions() {
                for k in 0..EMOTIONS.len() {
                    let n = s.contributions.iter().filter(|c| c.emotions >> k & 1 == 1).count();
                    write!(out, "\t{n}")?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
