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
use rhetor_sentiment::commands::Scorer;
use std::io::{BufRead, Write};

/// One unit to score: its id and text.
struct Item {
    id: String,
    text: String,
}

pub fn run(args: SentimentArgs) -> Result<(), Failure> {
    let by_sentence = args.unit == Unit::Sentence;
    let mut scorer = Scorer::new(&args.lexicon, args.lexicon_path.as_deref(), args.shifters, by_sentence)
        .map_err(|e| Failure::Usage(e.into()))?;
    let units = read_units(args.input.as_deref())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write_scores(&mut out, &units, &mut scorer, by_sentence).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
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

/// The header, then a row per unit (or per sentence of each unit).
fn write_scores(out: &mut impl Write, units: &[Item], scorer: &mut Scorer, by_sentence: bool) -> std::io::Result<()> {
    let mut header = vec!["id"];
    if by_sentence {
        header.push("sentence");
    }
    header.extend(scorer.columns());
    writeln!(out, "{}", header.join("\t"))?;
    for u in units {
        for (k, values) in scorer.score(&u.text).into_iter().enumerate() {
            write!(out, "{}", tsv(&u.id))?;
            if by_sentence {
                write!(out, "\t{k}")?;
            }
            writeln!(out, "\t{}", values.join("\t"))?;
        }
    }
    Ok(())
}
