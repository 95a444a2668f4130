//! Snapshots of the reports on the bundled corpus: the diff a reviewer reads when an analyzer,
//! the tokenizer or the renderers change. Floats are rounded to 6 decimals before snapshotting.

mod common;
use common::{rhetor, stderr};

fn round_floats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            *v = serde_json::json!((x * 1e6).round() / 1e6);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(round_floats),
        serde_json::Value::Object(o) => o.values_mut().for_each(round_floats),
        _ => {}
    }
}

#[test]
fn bundled_corpus_json() {
    let o = rhetor(&["analyze", "--group-by", "kind"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    round_floats(&mut v);
    insta::assert_json_snapshot!(v, {
        ".run.rhetor_version" => "[version]",
        ".run.config_sha256" => "[sha256 of config/default.toml]",
    });
}

#[test]
fn bundled_corpus_markdown() {
    let o = rhetor(&["analyze", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).expect("utf-8");
    let text: String = text
        .lines()
        .map(|l| if l.starts_with("- rhetor ") { "- rhetor [version] · results schema `rhetor-results/1`" } else { l })
        .map(|l| if l.starts_with("- config: ") { "- config: `config/default.toml` (SHA-256 [redacted])" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(text);
}
