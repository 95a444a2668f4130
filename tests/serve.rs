//! `rhetor serve`: the explorer started on an ephemeral port over a results folder that holds a
//! hostile document (markup in its title, speaker, group, text and file name). Every page answers
//! and shows the markup as text; the concordance finds what `rhetor kwic` finds; errors and path
//! traversal attempts (`..`, encoded forms, absolute paths, a symlinked source) get 404; a folder
//! that is not a results folder, or whose files come from different runs, is a clear error.

mod common;
mod serving;

use common::{documents, rhetor, root, scratch, stderr, stdout};
use serving::{Answer, EVIL, Server, encode, results, serve_must_fail};

/// A page that shows hostile text shows it as text, and runs no script but the explorer's.
fn assert_safe(page: &Answer, target: &str) {
    assert_eq!(page.status, 200, "{target}: {}", page.body);
    assert!(page.headers.contains("content-security-policy: default-src 'none'"), "{target}: CSP sent");
    let b = &page.body;
    assert_eq!(b.matches("<script").count(), 1, "{target}: only the explorer's script");
    assert!(!b.contains("<img") && !b.contains("<b>bold"), "{target}: no injected element");
    assert!(!b.contains("href=\"javascript:"), "{target}: no script link");
    assert!(!b.contains("</svg> javascript"), "{target}: no closed chart");
}

#[test]
fn every_page_answers_and_shows_hostile_text_as_text() {
    let dir = scratch("serve-pages");
    let (out, evil) = results(&dir);
    let server = Server::start(&out, &[]);
    let evil_id = "evil \"><b>bold";
    let id = encode(evil_id);
    let g = encode(EVIL);
    let shown = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for (target, must) in [
        ("/".to_string(), vec!["Over time", "<svg", "Groups by kind"]),
        ("/?metric=rhetoric.enemy.threat&group=each&period=year".to_string(), vec!["<polyline", shown]),
        (format!("/?metric=text-stats.words&group={g}"), vec![shown]),
        (format!("/documents?q={}&sort=rhetoric.hits", encode("alert(1)")), vec!["1 of 6 documents", shown]),
        (format!("/documents?group={g}&from=2021&to=2021-04"), vec!["1 of 6 documents"]),
        (format!("/document?id={id}"), vec!["<mark", "line 1, column", shown, "enemy.threat"]),
        (format!("/document?id={id}&only=rhetoric%2Fenemy.threat&edits=1"), vec!["Cleaning edits", shown]),
        (format!("/document?id={id}&hide=sentiment,repetition&hl=0-2"), vec!["id=\"hit\""]),
        (format!("/concordance?q=enemy&sort=left&group={g}"), vec!["2 lines in 1 documents", shown]),
        (format!("/compare?a={g}&b=corpus"), vec!["G²", "significant"]),
        (format!("/source?id={id}&start=0&end=10"), vec!["<mark class=\"hit\">", shown]),
        ("/table?scope=corpus&analyzer=targets&name=targets".to_string(), vec!["<th>target</th>", "party"]),
        (format!("/table?scope={g}&analyzer=rhetoric&name=categories"), vec!["enemy.threat", shown]),
        ("/?metric=targets.party&period=month".to_string(), vec!["targets · party by month", "Tables of the corpus"]),
    ] {
        let page = server.get(&target);
        assert_safe(&page, &target);
        for m in must {
            assert!(page.body.contains(m), "{target}: `{m}` missing:\n{}", &page.body[..page.body.len().min(3000)]);
        }
    }
    // The concordance finds what `rhetor kwic` finds, with the same dictionary.
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("results")).expect("JSON");
    let ids: Vec<String> = documents(&results).iter().map(|d| d["id"].as_str().expect("id").into()).collect();
    let kwic = rhetor(&["kwic", "@enemy.threat", "corpus", evil.to_str().expect("utf-8"), "--format", "json"]);
    let want = serde_json::from_str::<serde_json::Value>(&stdout(&kwic)).expect("kwic JSON");
    let want = want.as_array().expect("lines").len();
    let page = server.get("/concordance?q=%40enemy.threat");
    let got = format!("{want} lines in");
    assert!(want > 0 && page.body.contains(&got), "rhetor kwic finds {want}: {}", &page.body[..3000]);
    // Many requests at once read the same Parquet files: each answer as when asked alone.
    let targets: Vec<String> = (0..6).map(|k| format!("/document?id={}", encode(&ids[k]))).collect();
    let alone: Vec<String> = targets.iter().map(|t| server.get(t).body).collect();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..3 {
                    for (t, want) in targets.iter().zip(&alone) {
                        assert!(server.get(t).body == *want, "{t} differs when asked with others");
                    }
                }
            });
        }
    });
    // Compare follows `rhetor analyze --compare`: the same counts tested, the same threshold.
    let o = rhetor(&[
        "analyze",
        "corpus",
        evil.to_str().expect("utf-8"),
        "--group-by",
        "kind",
        "--compare",
        "print",
        "transcript",
        "--format",
        "json",
        "-q",
    ]);
    let run: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("results JSON");
    let c = &run["comparison"];
    let page = server.get("/compare?a=print&b=transcript");
    let tests = format!("{} counts tested", c["tests"]);
    let critical = format!("past {:.2}", c["bonferroni_g2"].as_f64().expect("threshold"));
    assert!(page.body.contains(&tests) && page.body.contains(&critical), "{tests}, {critical}: {}", page.body);
    // A period holding every document gives the corpus's own values.
    for (key, analyzer, metric) in [("text-stats.words", "text-stats", "words"), ("rhetoric.hits", "rhetoric", "hits")]
    {
        let want = results["corpus"]["results"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["analyzer"] == analyzer))
            .and_then(|r| r["metrics"].as_array()?.iter().find(|m| m["name"] == metric)?["value"].as_f64())
            .expect("corpus value");
        let page = server.get(&format!("/?metric={key}&period=year"));
        let cell = format!("<td class=\"n\">{want:.0}</td></tr>");
        assert!(page.body.contains(&cell), "{key}: {want}");
        assert!(page.body.contains("as the corpus&#39;s value is"), "{key}: the rule reproduces the corpus value");
    }
    // A HEAD answers without a body; a POST is refused.
    assert_eq!(server.request("HEAD", "/").status, 200);
    assert_eq!(server.request("POST", "/").status, 405);
}

#[test]
fn errors_and_path_traversal_get_404_or_400() {
    let dir = scratch("serve-errors");
    let (out, evil) = results(&dir);
    // The source now a link to a copy elsewhere (same bytes): not followed.
    let name = "evil \"><b>bold.txt";
    let copy = dir.join("copy.txt");
    std::fs::copy(evil.join(name), &copy).expect("copy");
    std::fs::remove_file(evil.join(name)).expect("remove");
    std::os::unix::fs::symlink(&copy, evil.join(name)).expect("symlink");
    let server = Server::start(&out, &["--root", "/"]);
    // A value only results.json holds: no answer may show it.
    let results_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("results")).expect("JSON");
    let secret = results_json["run"]["config_sha256"].as_str().expect("sha").to_string();
    for target in [
        "/../results.json",
        "/static/../results.json",
        "/%2e%2e/results.json",
        "/static/%2E%2E/%2E%2E/etc/passwd",
        "/static/..%2fresults.json",
        "//etc/passwd",
        "/etc/passwd",
        "/results.json",
        "/texts.parquet",
        &format!("/{}", out.join("results.json").display()),
        "/document?id=..%2F..%2Fetc%2Fpasswd",
        "/source?id=%2Fetc%2Fpasswd",
        "/document?id=nope",
        "/?metric=nope",
        "/documents?group=nope",
        "/table?scope=nope&analyzer=targets&name=targets",
        "/table?analyzer=targets&name=nope",
    ] {
        let a = server.get(target);
        assert_eq!(a.status, 404, "{target}");
        assert!(!a.body.contains(&secret) && !a.body.contains("root:x:0"), "{target}: leaked a file");
        assert_safe(&Answer { status: 200, ..a }, target);
    }
    for target in [
        "/documents?sort=nope",
        "/concordance?q=x&sort=sideways",
        "/?period=day",
        "/concordance?q=a+{0,3}+b+{0,3}+c+{0,3}+d+{0,3}+e+{0,3}+f",
    ] {
        assert_eq!(server.get(target).status, 400, "{target}");
    }
    // A long URL is refused; a request naming another host (DNS rebinding) is refused.
    assert_eq!(server.get(&format!("/documents?q={}", "a".repeat(10_000))).status, 414);
    let mut s = std::net::TcpStream::connect(&server.addr).expect("connect");
    use std::io::{Read as _, Write as _};
    write!(s, "GET /source?id=speech HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n").expect("send");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let evil_id = encode("evil \"><b>bold");
    // --root / makes the relative paths absent: the source cannot be shown, and the page says why.
    let a = server.get(&format!("/source?id={evil_id}"));
    assert_eq!(a.status, 404);
    assert!(a.body.contains("the source cannot be shown"), "{}", a.body);
    drop(server);
    let server = Server::start(&out, &[]);
    let a = server.get(&format!("/source?id={evil_id}"));
    assert_eq!(a.status, 404, "a symlinked source is not followed");
    assert!(a.body.contains("not a regular file"), "{}", a.body);
    assert_eq!(server.get("/source?id=speech-1").status, 404, "no such document");
    let ok = server.get("/source?id=kcna-cell-secretaries-speeches-2021-04&start=100&end=120");
    assert_eq!(ok.status, 200, "a recorded source is shown: {}", ok.body);
}

#[test]
fn a_folder_that_is_not_a_results_folder_is_a_clear_error() {
    let dir = scratch("serve-not-results");
    let (out, _) = results(&dir);
    let serve = serve_must_fail;
    let o = serve(&dir.join("missing"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a results folder (no such folder)"), "{}", stderr(&o));
    let o = serve(&root().join("corpus"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a results folder (no readable results.json"), "{}", stderr(&o));
    // texts.parquet of another run: named, with the row and both ids.
    let other = dir.join("other");
    let o =
        rhetor(&["analyze", "corpus/pyongyang-times-2021-04-10.txt", "--out", other.to_str().expect("utf-8"), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::rename(out.join("texts.parquet"), dir.join("texts.parquet")).expect("keep");
    std::fs::copy(other.join("texts.parquet"), out.join("texts.parquet")).expect("copy");
    let o = serve(&out);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("texts.parquet: row 0 is document") && e.contains("different runs"), "{e}");
    std::fs::rename(dir.join("texts.parquet"), out.join("texts.parquet")).expect("restore");
    // documents.parquet and evidence.parquet of another run.
    for name in ["documents.parquet", "evidence.parquet"] {
        std::fs::rename(out.join(name), dir.join(name)).expect("keep");
        std::fs::copy(other.join(name), out.join(name)).expect("copy");
        let o = serve(&out);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let e = stderr(&o);
        assert!(e.contains(name) && e.contains("different runs"), "{name}: {e}");
        std::fs::rename(dir.join(name), out.join(name)).expect("restore");
    }
    std::fs::remove_file(out.join("evidence.parquet")).expect("remove");
    let o = serve(&out);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no readable evidence.parquet"), "{}", stderr(&o));
    let o = serve(&other.join("texts.parquet"));
    assert_eq!(o.status.code(), Some(2), "a file is not a folder: {}", stderr(&o));
}
