//! The collation benchmark: two witnesses of 100,000 tokens (the first State of the Union
//! addresses, cut as CollateX cuts them), the second with 2% of its tokens changed — substituted,
//! dropped, or with a token inserted — and one 40-token passage moved; aligned and classified on
//! one thread. Target: under 2 s. Median of `XTASK_RUNS` runs (default 5), with peak memory growth.

use rhetor_collate::align::align;
use rhetor_collate::variants::{self, Options};
use rhetor_collate::witness::{Forms, Normalize, Witness};
use std::path::Path;
use std::time::Instant;

/// `(tokens in each witness, median seconds, variants found, transpositions found)`.
pub fn collate(root: &Path) -> anyhow::Result<(usize, usize, f64, usize, usize)> {
    let runs: usize = std::env::var("XTASK_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let dir = root.join("../shared/data/sotu/speeches");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut text = String::new();
    let mut base = Witness::new("base", "", Normalize::loose());
    for f in files {
        text.push_str(&std::fs::read_to_string(f)?);
        text.push('\n');
        base = Witness::new("base", &text, Normalize::loose());
        if base.tokens.len() >= 100_000 {
            break;
        }
    }
    let words: Vec<&str> = (0..100_000.min(base.tokens.len())).map(|i| base.token_text(i)).collect();
    // A fixed pseudo-random 2% of edits, and one passage moved 50,000 tokens on.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut varied: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if (20_000..20_040).contains(&i) {
            continue;
        }
        if i == 70_000 {
            varied.extend(words[20_000..20_040].iter().map(|s| s.to_string()));
        }
        match next() % 150 {
            0 => varied.push(format!("{w}x")),
            1 => {}
            2 => {
                varied.push((*w).to_string());
                varied.push("inserted".into());
            }
            _ => varied.push((*w).to_string()),
        }
    }
    let base_text = words.join(" ");
    let other_text = varied.join(" ");
    let mut times = Vec::new();
    let (mut found, mut moved) = (0, 0);
    let (mut n, mut m) = (0, 0);
    for _ in 0..runs {
        let start = Instant::now();
        let a = Witness::new("a", &base_text, Normalize::loose());
        let b = Witness::new("b", &other_text, Normalize::loose());
        let mut forms = Forms::default();
        let (ia, ib) = (forms.ids(&a), forms.ids(&b));
        let steps = align(&ia, &ib);
        let v = variants::variants(&steps, &a, &b, Options::default());
        found = v.len();
        moved = v.iter().filter(|x| x.kind == variants::Kind::Transposition).count();
        times.push(start.elapsed().as_secs_f64());
        (n, m) = (a.tokens.len(), b.tokens.len());
    }
    times.sort_by(f64::total_cmp);
    Ok((n, m, times[runs / 2], found, moved))
}
