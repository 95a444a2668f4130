//! `report.html` in a real browser (headless Chromium): no console errors, the charts render, an
//! evidence link opens its keyword-in-context lines, and a document full of markup is shown as text
//! everywhere (no injected element, no script but the report's own).
//!
//! Needs Chromium (Debian packages `chromium` and `chromium-driver`; `.ci/run` installs them). Without
//! it the test says so and passes on a developer machine, and fails under CI (`CI` set).

#![allow(clippy::print_stderr)]

mod common;
use common::{rhetor, root, scratch, stderr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("RHETOR_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// Chromium, or None after saying the test is skipped (a failure under CI, which installs it).
fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI needs Chromium for the browser test (.ci/run installs it)");
        eprintln!("skipped: no Chromium (apt-get install chromium chromium-driver)");
    }
    found
}

/// Run headless Chromium on `url` with `extra` arguments; returns (stdout, stderr). A page that
/// does not finish within a minute fails the test: a script that ran `alert()` blocks it.
fn browse(chrome: &Path, profile: &Path, url: &str, extra: &[&str]) -> (String, String) {
    let mut child = Command::new(chrome)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium runs");
    // Read both pipes while waiting, so that a large DOM never blocks the browser on a full pipe.
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser did not finish loading {url}: a dialog (alert) from an injected script blocks it");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (out.join().expect("stdout read"), err.join().expect("stderr read"))
}

const EVIL: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> </svg>";

#[test]
fn report_in_a_real_browser() {
    let Some(chrome) = chromium_or_skip() else { return };
    let dir = scratch("browser");
    let evil = dir.join("evil");
    std::fs::create_dir_all(&evil).expect("dir");
    std::fs::write(
        evil.join("corpus.toml"),
        format!("[[document]]\npath = \"evil.txt\"\ntitle = {:?}\nspeaker = {:?}\n", EVIL, EVIL),
    )
    .expect("manifest");
    std::fs::write(
        evil.join("evil.txt"),
        format!("We must fight for our people {EVIL} and our great victory.\n\nOur enemy {EVIL} is weak, and we are strong.\n"),
    )
    .expect("text");
    let out = dir.join("out");
    let o = rhetor(&[
        "analyze",
        "corpus",
        evil.to_str().expect("utf-8"),
        "--format",
        "html",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = out.join("report.html");
    let html = std::fs::read_to_string(&report).expect("report");
    let url = format!("file://{}", report.display());
    let profile = dir.join("profile");

    // The page as the browser built it, scripts run.
    let (dom, log) = browse(&chrome, &profile, &url, &["--dump-dom"]);
    assert!(dom.contains("<h1>rhetor report</h1>"), "page loaded: {log}");
    assert!(!log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"), "console errors: {log}");
    assert_eq!(dom.matches("<script").count(), 1, "only the report's own script");
    assert!(!dom.contains("<img"), "no injected image element");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "markup shown as text");
    assert!(dom.matches("&lt;/svg&gt;").count() >= 2, "title and text both escaped");
    // Charts: inline SVG with bars and lines.
    assert!(dom.matches("<svg").count() >= 4, "charts rendered");
    assert!(dom.contains("<polyline") && dom.contains("<rect"), "lines and bars");

    // A count's evidence link opens its document and shows its keyword-in-context lines.
    let at = html.find("href=\"#ev-d").expect("an evidence link");
    let target: String = html[at + 7..].chars().take_while(|&c| c != '"').collect();
    let (dom, _) = browse(&chrome, &profile, &format!("{url}#{target}"), &["--dump-dom"]);
    let doc = target.split('-').nth(1).expect("ev-dN").trim_start_matches('d');
    assert!(dom.contains(&format!("<details id=\"doc-{doc}\" open=\"\"")), "the document's drill-down opened");
    let list = dom.split(&format!("id=\"{target}\"")).nth(1).expect("the linked list");
    assert!(list.contains("<ol class=\"kwic\"><li>") && list.contains("<mark>"), "keyword-in-context lines");

    // A malformed fragment (a lone `%`) is no error: the page ignores it.
    let (dom, log) = browse(&chrome, &profile, &format!("{url}#%E0%A4%A"), &["--dump-dom"]);
    assert!(dom.contains("<h1>rhetor report</h1>"), "page loaded: {log}");
    assert!(!log.contains("Uncaught") && !log.contains("URIError"), "console errors: {log}");

    // A screenshot that is not blank.
    let shot = dir.join("shot.png");
    browse(&chrome, &profile, &url, &[&format!("--screenshot={}", shot.display()), "--window-size=1200,2000"]);
    let png = std::fs::metadata(&shot).expect("screenshot written").len();
    assert!(png > 30_000, "a blank page compresses to a few kB; got {png} bytes");
}

/// A corpus of 1,200 documents (a JSON Lines archive, one a hostile title): the report stays small,
/// its documents table is paged by the script from compact data (the first page drawn, the markup
/// in a title shown as text), a bounded number of documents get a drill-down, and the page loads
/// without console errors.
#[test]
fn report_of_a_large_corpus_pages_its_documents() {
    let Some(chrome) = chromium_or_skip() else { return };
    let dir = scratch("browser-large");
    let corpus = dir.join("archive");
    std::fs::create_dir_all(&corpus).expect("dir");
    let mut lines = String::new();
    let words = ["people", "struggle", "victory", "enemy", "harvest", "factory", "peace", "party"];
    for i in 0..1200 {
        // A comment opener then a script tag in the data must not swallow the rest of the page.
        let title = match i {
            7 => EVIL.to_string(),
            8 => "<!--<script>".to_string(),
            _ => format!("Story {i}"),
        };
        let body: Vec<String> = (0..80).map(|k| words[(i * 7 + k * (i % 5 + 1)) % words.len()].to_string()).collect();
        let text = format!(
            "We praise the {}. Our {} must grow, and the {} is defeated.",
            body[0],
            body[1..70].join(" "),
            body[70]
        );
        lines.push_str(&serde_json::json!({"id": format!("s{i:04}"), "title": title, "text": text}).to_string());
        lines.push('\n');
    }
    std::fs::write(corpus.join("stories.jsonl"), lines).expect("write");
    std::fs::write(
        corpus.join("corpus.toml"),
        "[[source]]\npath = \"stories.jsonl\"\n[source.fields]\nid = \"id\"\ntitle = \"title\"\n",
    )
    .expect("manifest");
    let out = dir.join("out");
    let (c, o) = (corpus.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let r = rhetor(&["analyze", &c, "--out", &o, "--format", "html", "--format", "md", "-q"]);
    assert!(r.status.success(), "{}", stderr(&r));
    let html = out.join("report.html");
    let size = std::fs::metadata(&html).expect("report").len();
    assert!(size < 3 << 20, "report.html is {size} bytes");
    assert!(std::fs::metadata(out.join("report.md")).expect("md").len() < 200 << 10, "report.md under 200 KB");
    let page = std::fs::read_to_string(&html).expect("read");
    let drilled = page.matches("<details id=\"doc-").count();
    assert!(drilled > 0 && drilled <= rhetor_report_drill_down(), "a bounded drill-down: {drilled}");
    let profile = dir.join("profile");
    let url = format!("file://{}", html.display());
    let start = Instant::now();
    let (dom, log) = browse(&chrome, &profile, &url, &["--dump-dom"]);
    eprintln!("large corpus report ({size} bytes) loaded in {:?}", start.elapsed());
    assert!(!log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"), "console errors: {log}");
    assert!(dom.contains("id=\"documents-count\">1-100 of 1200<"), "the first page drawn by the script");
    assert!(dom.contains("<section id=\"documents\">"), "the page after the data is parsed");
    let body = dom.split("id=\"documents-paged\"").nth(1).and_then(|t| t.split("</tbody>").next()).unwrap_or("");
    assert_eq!(body.matches("<tr><td").count(), 100, "a page of rows");
    assert!(body.contains("&lt;img src=x onerror=alert(1)&gt;") && !body.contains("<img"), "the hostile title is text");
    // Outside the data (raw text of a JSON script element), no element came from the title.
    let outside: String = dom
        .split("id=\"documents-data\">")
        .enumerate()
        .map(|(k, part)| {
            if k == 0 {
                part.to_string()
            } else {
                part.split_once("</script>").map_or(String::new(), |(_, rest)| rest.to_string())
            }
        })
        .collect();
    assert!(!outside.contains("<img src=x"), "no injected element");
}

/// The reports of real corpora beside the repository (`../shared/data`, skipped when absent):
/// `kcna-2024` and SOTU ×10 (ten copies of every speech, whose shared passages are whole speeches)
/// stay under 10 MB (HTML) and 200 KB (Markdown), and load in Chromium without console errors.
#[test]
fn reports_of_real_corpora_stay_small_and_load() {
    let Some(chrome) = chromium_or_skip() else { return };
    let data = root().join("../shared/data");
    if !data.join("sotu/speeches").is_dir() || !data.join("kcna-2024").is_dir() {
        eprintln!("skipped: {} lacks sotu or kcna-2024", data.display());
        return;
    }
    let dir = scratch("browser-real");
    let x10 = dir.join("sotu-x10");
    for k in 0..10 {
        let copy = x10.join(format!("c{k}"));
        std::fs::create_dir_all(&copy).expect("dir");
        for f in std::fs::read_dir(data.join("sotu/speeches")).expect("speeches").flatten() {
            let to = copy.join(f.file_name());
            if std::fs::hard_link(f.path(), &to).is_err() {
                std::fs::copy(f.path(), &to).expect("copy");
            }
        }
    }
    let kcna = data.join("kcna-2024").to_string_lossy().into_owned();
    let x10s = x10.to_string_lossy().into_owned();
    let runs: [(&str, Vec<&str>); 2] =
        [("kcna-2024", vec!["--manifest", "config/sources/kcna-2024.toml", &kcna]), ("sotu-x10", vec![&x10s])];
    for (name, input) in runs {
        let out = dir.join(name);
        let o = out.to_string_lossy().into_owned();
        let mut args = vec!["analyze", "--out", &o, "--format", "html", "--format", "md", "-q"];
        args.extend(input);
        let r = rhetor(&args);
        assert!(r.status.success(), "{name}: {}", stderr(&r));
        let html = out.join("report.html");
        let size = std::fs::metadata(&html).expect("report").len();
        assert!(size < 10_000_000, "{name}: report.html is {size} bytes");
        let md = std::fs::metadata(out.join("report.md")).expect("md").len();
        assert!(md < 200 << 10, "{name}: report.md is {md} bytes");
        let start = Instant::now();
        let (dom, log) = browse(
            &chrome,
            &dir.join(format!("profile-{name}")),
            &format!("file://{}", html.display()),
            &["--dump-dom"],
        );
        eprintln!("{name}: report.html ({size} bytes) loaded in {:?}", start.elapsed());
        assert!(!log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"), "{name}: console errors: {log}");
        assert!(dom.contains("<section id=\"documents\">"), "{name}: the page after the data is parsed");
    }
}

/// The most documents a report details (`MAX_DRILL_DOWN` of rhetor-report's HTML renderer).
fn rhetor_report_drill_down() -> usize {
    40
}
