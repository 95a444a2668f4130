//! `rhetor serve`: the explorer started on an ephemeral port over a results folder that holds a
//! hostile document (markup in its title, speaker, group, text and file name). Every page answers
//! and shows the markup as text; the concordance finds what `rhetor kwic` finds; errors and path
//! traversal attempts (`..`, encoded forms, absolute paths, a symlinked source) get 404; a folder
//! that is not a results folder, or whose files come from different runs, is a clear error.

mod common;

use common::{rhetor, root, scratch, stderr, stdout};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const EVIL: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> </svg> javascript:alert(1)";

/// A running `rhetor serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer: status, headers (lowercase names), body.
struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Server {
    fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
            .args(["serve", dir.to_str().expect("utf-8"), "--port", "0"])
            .args(extra)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rhetor serve runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the URL line");
        let url =
            line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no URL: {line}"));
        let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
        assert!(addr.starts_with("127.0.0.1:"), "loopback by default: {addr}");
        Server { child, addr }
    }

    /// Send a raw request line for `target` (sent as is: no normalisation of `..`).
    fn request(&self, method: &str, target: &str) -> Answer {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        write!(s, "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).expect("send");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Answer { status, headers: head.to_lowercase(), body: body.to_string() }
    }

    fn get(&self, target: &str) -> Answer {
        self.request("GET", target)
    }
}

/// The bundled corpus and a hostile document, analysed into `out` (grouped by kind).
fn results(dir: &Path) -> (PathBuf, PathBuf) {
    let evil = dir.join("evil");
    std::fs::create_dir_all(&evil).expect("dir");
    let name = "evil \"><b>bold.txt";
    std::fs::write(
        evil.join("corpus.toml"),
        format!(
            "[[document]]\npath = {name:?}\ntitle = {EVIL:?}\nspeaker = {EVIL:?}\nkind = {EVIL:?}\ndate = \"2021-04-10\"\n"
        ),
    )
    .expect("manifest");
    let text = format!(
        "We must fight the enemy {EVIL} for our people.\n\nOur enemy {EVIL} is weak, and the imperialist aggressors \
         threaten war.\n"
    );
    std::fs::write(evil.join(name), text).expect("text");
    let out = dir.join("out");
    let o = rhetor(&[
        "analyze",
        "corpus",
        evil.to_str().expect("utf-8"),
        "--group-by",
        "kind",
        "--out",
        out.to_str().expect("utf-8"),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    (out, evil)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

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
    ] {
        let page = server.get(&target);
        assert_safe(&page, &target);
        for m in must {
            assert!(page.body.contains(m), "{target}: `{m}` missing:\n{}", &page.body[..page.body.len().min(3000)]);
        }
    }
    // The concordance finds what `rhetor kwic` finds, with the same dictionary.
    let kwic = rhetor(&["kwic", "@enemy.threat", "corpus", evil.to_str().expect("utf-8"), "--format", "json"]);
    let want = serde_json::from_str::<serde_json::Value>(&stdout(&kwic)).expect("kwic JSON");
    let want = want.as_array().expect("lines").len();
    let page = server.get("/concordance?q=%40enemy.threat");
    let got = format!("{want} lines in");
    assert!(want > 0 && page.body.contains(&got), "rhetor kwic finds {want}: {}", &page.body[..3000]);
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
    ] {
        let a = server.get(target);
        assert_eq!(a.status, 404, "{target}");
        assert!(!a.body.contains(&secret) && !a.body.contains("root:x:0"), "{target}: leaked a file");
        assert_safe(&Answer { status: 200, ..a }, target);
    }
    for target in ["/documents?sort=nope", "/concordance?q=x&sort=sideways"] {
        assert_eq!(server.get(target).status, 400, "{target}");
    }
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
    let serve = |d: &Path| rhetor(&["serve", d.to_str().expect("utf-8"), "--port", "0"]);
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
    std::fs::remove_file(out.join("evidence.parquet")).expect("remove");
    let o = serve(&out);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no readable evidence.parquet"), "{}", stderr(&o));
    let o = serve(&other.join("texts.parquet"));
    assert_eq!(o.status.code(), Some(2), "a file is not a folder: {}", stderr(&o));
}
