//! `rhetor collate --metrics`: the configured analyzers run on every witness, and for each metric
//! with evidence, its occurrences in base and witness and the part of their difference that falls
//! on the variants. A metric's occurrences are its evidence items (those whose label starts with the
//! metric's name, as in the HTML report: a rhetoric category's hits, a figure's members); an
//! occurrence lies on a variant when its span overlaps the tokens of a variant in its witness.
//! "on variants" = base occurrences on variants − witness occurrences on variants; what is left of
//! the difference ("elsewhere") comes from outside the variants (evidence capped, or context that a
//! variant changed, like a sentence split).

use crate::Failure;
use anyhow::anyhow;
use rhetor_collate::variants::Variant;
use rhetor_collate::witness::Witness;
use rhetor_engine::{AnalyzerResult, ConfigFile, Plan, RunInfo};
use std::fmt::Write as _;

/// Byte spans of the witness tokens of each variant (`pick` chooses its side), with the variant's
/// index, sorted.
fn spans(w: &Witness, variants: &[Variant], pick: impl Fn(&Variant) -> (usize, usize)) -> Vec<(u32, u32, usize)> {
    let mut v: Vec<(u32, u32, usize)> = variants
        .iter()
        .enumerate()
        .map(|(k, x)| (pick(x), k))
        .filter(|(r, _)| r.0 < r.1)
        .map(|(r, k)| (w.tokens[r.0].start as u32, w.tokens[r.1 - 1].end as u32, k))
        .collect();
    v.sort_unstable();
    v
}

/// The variant whose span overlaps `s`, if any.
fn on_variant(spans: &[(u32, u32, usize)], s: [u32; 2]) -> Option<usize> {
    let k = spans.partition_point(|x| x.1 <= s[0]);
    spans.get(k).filter(|x| x.0 < s[1]).map(|x| x.2)
}

/// Per metric with evidence: (analyzer, metric, occurrences, the variants holding some).
fn occurrences(results: &[AnalyzerResult], on: &[(u32, u32, usize)]) -> Vec<(String, String, usize, Vec<usize>)> {
    let mut out = Vec::new();
    for r in results {
        for (m, metric) in r.metrics.iter().enumerate() {
            let owner = |label: &str| r.metrics.iter().position(|x| label.starts_with(&*x.name()));
            let owned: Vec<[u32; 2]> =
                r.evidence.iter().filter(|e| owner(&e.label) == Some(m)).map(|e| e.doc_span).collect();
            if owned.is_empty() {
                continue;
            }
            let held: Vec<usize> = owned.iter().filter_map(|&s| on_variant(on, s)).collect();
            out.push((r.analyzer.clone(), metric.name().to_string(), owned.len(), held));
        }
    }
    out
}

/// The attribution table for the base and each witness with its variants.
pub fn report(config: &ConfigFile, witnesses: &[&Witness], variants: &[Vec<Variant>]) -> Result<String, Failure> {
    let registry = rhetor_builtins::registry().map_err(|e| Failure::Usage(e.into()))?;
    let plan = Plan::from_config(config, &registry, None).map_err(|e| Failure::Usage(e.into()))?;
    let texts: Vec<(&str, &str)> = witnesses.iter().map(|w| (w.id.as_str(), w.text.as_str())).collect();
    let corpus = rhetor_doc::corpus_from_texts(&texts);
    let results = rhetor_engine::run(&corpus, &plan, None, RunInfo::default(), &|| {})
        .map_err(|e| Failure::Analysis(anyhow!("running the analyzers on the witnesses: {e}")))?;
    let mut out = String::new();
    for (k, found) in variants.iter().enumerate() {
        let (base, other) = (witnesses[0], witnesses[k + 1]);
        let on_base = spans(base, found, |v| v.base);
        let on_other = spans(other, found, |v| v.other);
        let a = occurrences(&results.documents[0].results, &on_base);
        let b = occurrences(&results.documents[k + 1].results, &on_other);
        let _ = writeln!(
            out,
            "\nmetrics, {} against {}: occurrences (evidence items) that differ, and the part of the difference on variants:",
            other.id, base.id
        );
        let _ = writeln!(
            out,
            "  {:<12} {:<28} {:>6} {:>7} {:>6} {:>11} {:>9}  variants",
            "analyzer", "metric", "base", "witness", "diff", "on variants", "elsewhere"
        );
        let b_of = |an: &str, me: &str| b.iter().find(|y| y.0 == an && y.1 == me);
        for x in &a {
            let (count_b, held_b) = b_of(&x.0, &x.1).map_or((0, &[][..]), |y| (y.2, &y.3[..]));
            if x.2 == count_b && x.3.len() == held_b.len() {
                continue;
            }
            let diff = x.2 as i64 - count_b as i64;
            let on = x.3.len() as i64 - held_b.len() as i64;
            let mut held: Vec<usize> = x.3.iter().chain(held_b).copied().collect();
            held.sort_unstable();
            held.dedup();
            let places: Vec<String> =
                held.iter().take(3).map(|&v| format!("{} #{}", found[v].kind.name(), v + 1)).collect();
            let _ = writeln!(
                out,
                "  {:<12} {:<28} {:>6} {:>7} {:>6} {:>11} {:>9}  {}",
                x.0,
                x.1,
                x.2,
                count_b,
                diff,
                on,
                diff - on,
                places.join(", ")
            );
        }
    }
    Ok(out)
}
