//! Agreement with CollateX 2.3 on Darwin's *Origin*, chapter 1, 1859 against 1872 (the 43
//! paragraphs in both editions; `../shared/data/collation-darwin/`, CollateX output, GPL-3, not
//! vendored). For every token of both editions, its counterpart — the token it is aligned to as the
//! same reading, or none — is compared with CollateX's table. Skipped with a note when the data is
//! not beside the repository.

#![allow(clippy::print_stderr)]

use rhetor_collate::align::{Step, align};
use rhetor_collate::witness::{Forms, Normalize, Witness};
use std::path::Path;

/// Each witness's token texts, and per token the other witness's token it matches.
struct Table {
    a: Vec<String>,
    b: Vec<String>,
    ca: Vec<Option<usize>>,
    cb: Vec<Option<usize>>,
}

/// Counterparts by CollateX.
fn collatex(table: &serde_json::Value) -> Table {
    let rows = table["table"].as_array().expect("table");
    let tokens = |row: &serde_json::Value| -> Vec<(usize, String, String)> {
        let mut v: Vec<(usize, String, String)> = row
            .as_array()
            .expect("row")
            .iter()
            .flat_map(|c| c.as_array().into_iter().flatten())
            .map(|t| {
                (
                    t["_token_array_position"].as_u64().expect("pos") as usize,
                    t["t"].as_str().expect("t").to_string(),
                    t["n"].as_str().expect("n").to_string(),
                )
            })
            .collect();
        v.sort_by_key(|t| t.0);
        v
    };
    let (a, b) = (tokens(&rows[0]), tokens(&rows[1]));
    let base_a = a.first().map_or(0, |t| t.0);
    let base_b = b.first().map_or(0, |t| t.0);
    let mut ca = vec![None; a.len()];
    let mut cb = vec![None; b.len()];
    for (x, y) in rows[0].as_array().expect("row").iter().zip(rows[1].as_array().expect("row")) {
        let (Some(x), Some(y)) = (x.as_array(), y.as_array()) else { continue };
        if x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p["n"] == q["n"]) {
            for (p, q) in x.iter().zip(y) {
                let i = p["_token_array_position"].as_u64().expect("pos") as usize - base_a;
                let j = q["_token_array_position"].as_u64().expect("pos") as usize - base_b;
                ca[i] = Some(j);
                cb[j] = Some(i);
            }
        }
    }
    Table { a: a.into_iter().map(|t| t.1).collect(), b: b.into_iter().map(|t| t.1).collect(), ca, cb }
}

#[test]
fn agrees_with_collatex_on_darwin() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/collation-darwin/darwin_1859_vs_1872_collatex23_alignments.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let sets: Vec<serde_json::Value> = serde_json::from_str(&text).expect("json");
    assert_eq!(sets.len(), 43);
    let (mut same, mut total) = (0usize, 0usize);
    // Disagreements: we match where CollateX does not, CollateX matches where we do not, both match
    // to different tokens.
    let mut kinds = [0usize; 3];
    let mut differing = Vec::new();
    for set in &sets {
        let Table { a: ta, b: tb, ca, cb } = collatex(&set["collatex_2.3_alignment_table_json"]);
        let ra: Vec<&str> = ta.iter().map(String::as_str).collect();
        let rb: Vec<&str> = tb.iter().map(String::as_str).collect();
        let (wa, wb) = (
            Witness::from_tokens("1859", &ra, Normalize::default()),
            Witness::from_tokens("1872", &rb, Normalize::default()),
        );
        assert_eq!((wa.tokens.len(), wb.tokens.len()), (ca.len(), cb.len()), "one token per CollateX token");
        let mut forms = Forms::default();
        let steps = align(&forms.ids(&wa), &forms.ids(&wb));
        let (mut oa, mut ob) = (vec![None; ca.len()], vec![None; cb.len()]);
        for s in steps {
            if let Step::Match(i, j) = s {
                oa[i] = Some(j);
                ob[j] = Some(i);
            }
        }
        let agree =
            oa.iter().zip(&ca).filter(|(x, y)| x == y).count() + ob.iter().zip(&cb).filter(|(x, y)| x == y).count();
        for (x, y) in oa.iter().zip(&ca).chain(ob.iter().zip(&cb)) {
            match (x, y) {
                (Some(_), None) => kinds[0] += 1,
                (None, Some(_)) => kinds[1] += 1,
                (Some(p), Some(q)) if p != q => kinds[2] += 1,
                _ => {}
            }
        }
        same += agree;
        total += ca.len() + cb.len();
        differing.push(ca.len() + cb.len() - agree);
    }
    let share = same as f64 / total as f64;
    eprintln!(
        "rhetor vs CollateX 2.3 on Darwin 1859/1872: {same} of {total} tokens ({:.2}%) have the same counterpart; \
         differing per paragraph: {differing:?}; matched by rhetor only {}, by CollateX only {}, to different tokens {}",
        100.0 * share,
        kinds[0],
        kinds[1],
        kinds[2]
    );
    assert!(share >= 0.97, "{share}");
}
