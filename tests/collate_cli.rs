//! `rhetor collate` end to end: the KCNA transcript against the print dump's speech articles (a
//! reviewed snapshot of the summaries and variant lists, with "loval" a near match of "loyal"),
//! CollateX JSON input, and bad input.

mod common;
use common::{rhetor, scratch, stderr, stdout};

#[test]
fn seed_transcript_against_the_print_articles() {
    let o = rhetor(&[
        "collate",
        "kcna-cell-secretaries-speeches-2021-04",
        "pyongyang-times-2021-04-10/01",
        "pyongyang-times-2021-04-10/03",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(" near-match        76:69 | loyal"), "{out}");
    assert!(out.contains("\n* "), "variants that touch a cleaning edit are marked: {out}");
    // The closing speech continues on a later page of the dump; ingest put it back in order, so
    // the collation finds no transposition and says where the order came from.
    let closing = out.lines().find(|l| l.starts_with("pyongyang-times-2021-04-10/03 against")).expect("summary");
    assert!(closing.contains("0 transposition; 1 passages placed in reading order by ingest"), "{closing}");
    insta::assert_snapshot!("seed_collation", out);
}

#[test]
fn metric_differences_attributed_to_variants() {
    let o =
        rhetor(&["collate", "kcna-cell-secretaries-speeches-2021-04", "pyongyang-times-2021-04-10/03", "--metrics"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // The closing-speech article lacks the opening speech: every difference in a rhetoric category
    // lies on variants ("elsewhere" 0), and the rows name them.
    let rows: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("rhetoric "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(rows.len() >= 5, "{out}");
    for r in &rows {
        let (diff, on, elsewhere): (i64, i64, i64) =
            (r[4].parse().expect("diff"), r[5].parse().expect("on"), r[6].parse().expect("elsewhere"));
        assert_eq!(diff, on + elsewhere, "{r:?}");
        assert_eq!(elsewhere, 0, "{r:?}");
        assert!(r[7..].join(" ").contains('#'), "variants named: {r:?}");
    }
}

#[test]
fn collatex_json_input() {
    let dir = scratch("collate-json");
    let file = dir.join("w.json");
    std::fs::write(
        &file,
        r#"{"witnesses":[{"id":"A","content":"The black cat sat on the mat"},{"id":"B","tokens":[{"t":"The "},{"t":"cat "},{"t":"sat "},{"t":"on "},{"t":"the "},{"t":"red "},{"t":"mat"}]}]}"#,
    )
    .expect("write");
    let o = rhetor(&["collate", file.to_str().expect("utf-8"), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let s = &v[0]["summary"];
    assert_eq!((s["base"].as_str(), s["witness"].as_str(), s["aligned"].as_u64()), (Some("A"), Some("B"), Some(6)));
    let kinds: Vec<&str> =
        v[0]["variants"].as_array().expect("variants").iter().map(|x| x["kind"].as_str().expect("kind")).collect();
    assert_eq!(kinds, ["omission", "insertion"]);
    assert_eq!(v[0]["variants"][0]["base_text"], "black");
    assert_eq!(v[0]["variants"][1]["witness_text"], "red");
}

#[test]
fn bad_input() {
    let dir = scratch("collate-bad");
    let one = rhetor(&["collate", "kcna-cell-secretaries-speeches-2021-04"]);
    assert_eq!(one.status.code(), Some(2));
    assert!(stderr(&one).contains("two witnesses or more"), "{}", stderr(&one));
    std::fs::write(dir.join("empty.txt"), "").expect("write");
    std::fs::write(dir.join("a.txt"), "some text").expect("write");
    let e = rhetor(&[
        "collate",
        dir.join("a.txt").to_str().expect("utf-8"),
        dir.join("empty.txt").to_str().expect("utf-8"),
    ]);
    assert_eq!(e.status.code(), Some(1));
    assert!(stderr(&e).contains("is empty"), "{}", stderr(&e));
    std::fs::write(dir.join("bad.json"), "{\"witnesses\": [").expect("write");
    let j = rhetor(&["collate", dir.join("bad.json").to_str().expect("utf-8")]);
    assert_eq!(j.status.code(), Some(1));
    assert!(stderr(&j).contains("bad.json: not CollateX JSON"), "{}", stderr(&j));
    let u = rhetor(&["collate", "no-such-document", "kcna-cell-secretaries-speeches-2021-04"]);
    assert_eq!(u.status.code(), Some(2));
    assert!(stderr(&u).contains("`no-such-document` is neither a file nor a document id"), "{}", stderr(&u));
}

#[test]
fn alignment_tables_as_collatex_prints_them() {
    let dir = scratch("collate-table");
    let file = dir.join("fox.json");
    std::fs::write(
        &file,
        r#"{"witnesses":[{"id":"A","content":"The quick brown fox jumps over the dog."},{"id":"B","content":"The brown fox jumps over the lazy dog."}]}"#,
    )
    .expect("write");
    let f = file.to_str().expect("utf-8");
    // CollateX 2.3's table of this example, character for character.
    let o = rhetor(&["collate", f, "--table", "plain"]);
    assert_eq!(
        stdout(&o),
        "+---+-----+-------+--------------------------+------+------+\n\
         | A | The | quick | brown fox jumps over the | -    | dog. |\n\
         | B | The | -     | brown fox jumps over the | lazy | dog. |\n\
         +---+-----+-------+--------------------------+------+------+\n"
    );
    let o = rhetor(&["collate", f, "--table", "tei"]);
    assert!(stdout(&o).contains("<app><rdg wit=\"#A\"></rdg><rdg wit=\"#B\">lazy</rdg></app>"), "{}", stdout(&o));
    let o = rhetor(&["collate", f, "--table", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["witnesses"], serde_json::json!(["A", "B"]));
    assert!(v["table"][1][1].is_null(), "B has nothing where A has 'quick'");
    assert_eq!(v["table"][1][3][0]["t"], "lazy");
}
