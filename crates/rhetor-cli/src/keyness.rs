//! `rhetor freq` and `rhetor keyness`: frequency lists with dispersion, and key words or n-grams of
//! a target against a reference (formulas in `docs/comparisons.md`).

use crate::Failure;
use crate::args::{FreqArgs, KeynessArgs, TableFormat};
use crate::common::{ingest_options, load_config, read_corpus};
use crate::output::{csv_text, print};
use anyhow::anyhow;
use rhetor_doc::Document;
use rhetor_keyness::keyness::{self, Counts as Key};
use rhetor_keyness::ngrams::{self, Counts};
use std::fmt::Write as _;

/// A table to print: columns and rows of cells already formatted.
struct Out {
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

fn render(out: &Out, format: TableFormat, extra: Option<serde_json::Value>) -> String {
    match format {
        TableFormat::Tsv => {
            let mut s = out.columns.join("\t") + "\n";
            for r in &out.rows {
                let cells: Vec<String> = r.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
                let _ = writeln!(s, "{}", cells.join("\t"));
            }
            s
        }
        TableFormat::Csv => csv_text(&out.columns, out.rows.iter().map(|r| r.iter().map(String::as_str).collect())),
        TableFormat::Json => {
            let rows: Vec<serde_json::Value> = out
                .rows
                .iter()
                .map(|r| {
                    let obj = out.columns.iter().zip(r).map(|(k, v)| {
                        let value = v.parse::<f64>().ok().filter(|x| x.is_finite() && *k != "item").map_or_else(
                            || {
                                if v.is_empty() {
                                    serde_json::Value::Null
                                } else {
                                    serde_json::Value::String(v.clone())
                                }
                            },
                            |x| serde_json::json!(x),
                        );
                        (k.to_string(), value)
                    });
                    serde_json::Value::Object(obj.collect())
                })
                .collect();
            let mut doc = serde_json::json!({ "rows": rows });
            if let Some(serde_json::Value::Object(extra)) = extra {
                for (k, v) in extra {
                    doc[k] = v;
                }
            }
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
    }
}

fn float(x: f64) -> String {
    if x.is_finite() { format!("{x:.4}") } else { String::new() }
}

pub fn freq(args: FreqArgs) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let ingested = read_corpus(&args.input, &options)?;
    let corpus = &ingested.corpus;
    let docs: Vec<&Document> = corpus.documents.iter().collect();
    let (_, mut rows) = ngrams::frequency_list(&docs, args.ngram, args.min_freq);
    if args.top > 0 {
        rows.truncate(args.top);
    }
    let out = Out {
        columns: vec!["rank", "item", "freq", "per_million", "documents", "dp"],
        rows: rows
            .iter()
            .enumerate()
            .map(|(k, r)| {
                vec![
                    (k + 1).to_string(),
                    ngrams::text(&r.gram, &corpus.vocab),
                    r.freq.to_string(),
                    float(r.per_million),
                    r.documents.to_string(),
                    float(r.dp),
                ]
            })
            .collect(),
    };
    print(&render(&out, args.format, None)).map_err(Failure::Analysis)
}

/// Whether `doc` is selected by `value`: its group value under `field`, or its id without a field.
fn selects(doc: &Document, field: Option<&str>, value: &str) -> bool {
    match field {
        Some(f) => doc.meta.get(f).is_some_and(|v| v == value),
        None => doc.id == value,
    }
}

pub fn keyness(args: KeynessArgs) -> Result<(), Failure> {
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let ingested = read_corpus(&args.input, &options)?;
    let corpus = &ingested.corpus;
    let field = args.group_by.as_deref();
    let mut target = Counts::default();
    let mut reference = Counts::default();
    let (mut nt, mut nr) = (0, 0);
    for d in &corpus.documents {
        let in_target = selects(d, field, &args.target);
        let in_reference = match &args.reference {
            Some(r) => selects(d, field, r),
            None => !in_target,
        };
        if in_target {
            target.add(&Counts::of_document(d, args.ngram));
            nt += 1;
        } else if in_reference {
            reference.add(&Counts::of_document(d, args.ngram));
            nr += 1;
        }
    }
    let what = |v: &str| match field {
        Some(f) => format!("{f} = {v}"),
        None => format!("document {v}"),
    };
    if args.reference.as_deref() == Some(args.target.as_str()) {
        return Err(Failure::Usage(anyhow!("the target and the reference are the same: {}", what(&args.target))));
    }
    if nt == 0 {
        return Err(Failure::Usage(anyhow!("no document is {}", what(&args.target))));
    }
    if nr == 0 {
        let r = args.reference.as_deref().map_or("the rest".to_string(), what);
        return Err(Failure::Usage(anyhow!("the reference ({r}) has no documents")));
    }
    // Every item of either side at or above the minimum frequency (both sides together).
    let mut items: Vec<ngrams::Gram> = target.grams.keys().chain(reference.grams.keys()).copied().collect();
    items.sort_unstable();
    items.dedup();
    let mut rows: Vec<(Key, ngrams::Gram)> = items
        .into_iter()
        .map(|g| (Key::new(target.get(&g), target.total, reference.get(&g), reference.total), g))
        .filter(|(k, _)| k.a + k.b >= args.min_freq)
        .collect();
    let tests = rows.len();
    rows.sort_by(|x, y| y.0.g2().total_cmp(&x.0.g2()).then(x.1.cmp(&y.1)));
    if args.top > 0 {
        rows.truncate(args.top);
    }
    let critical = keyness::bonferroni_critical(0.05, tests);
    eprintln!(
        "{} ({nt} documents, {} items) against {} ({nr} documents, {} items): {tests} items tested; \
         with a Bonferroni correction G2 must exceed {critical:.2} for p < 0.05 (3.84 uncorrected)",
        what(&args.target),
        target.total,
        args.reference.as_deref().map_or("the rest".to_string(), what),
        reference.total,
    );
    let per_million = |a: u64, c: u64| if c == 0 { f64::NAN } else { a as f64 * 1e6 / c as f64 };
    let out = Out {
        columns: vec![
            "item",
            "target_freq",
            "reference_freq",
            "target_per_million",
            "reference_per_million",
            "g2",
            "p",
            "chi2_yates",
            "log_ratio",
            "pct_diff",
            "direction",
        ],
        rows: rows
            .iter()
            .map(|(k, g)| {
                vec![
                    ngrams::text(g, &corpus.vocab),
                    k.a.to_string(),
                    k.b.to_string(),
                    float(per_million(k.a, k.c)),
                    float(per_million(k.b, k.d)),
                    float(k.g2()),
                    format!("{:.3e}", keyness::p_value(k.g2())),
                    float(k.chi2_yates()),
                    float(k.log_ratio()),
                    k.pct_diff().map_or(String::new(), float),
                    match k.direction() {
                        1 => "+".into(),
                        -1 => "-".into(),
                        _ => "=".into(),
                    },
                ]
            })
            .collect(),
    };
    let extra = serde_json::json!({
        "target": { "selector": what(&args.target), "documents": nt, "items": target.total },
        "reference": { "selector": args.reference.as_deref().map_or("the rest".to_string(), what), "documents": nr, "items": reference.total },
        "ngram": args.ngram,
        "tests": tests,
        "bonferroni_g2_p05": critical,
    });
    print(&render(&out, args.format, Some(extra))).map_err(Failure::Analysis)
}
