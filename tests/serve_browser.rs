//! The explorer in a real browser: headless Chromium driven through chromedriver (WebDriver, a
//! few JSON requests over HTTP) clicks through overview → a month → its documents → a document →
//! an evidence item → the concordance of its word → compare, then goes back; every page loads with
//! no console error and a screenshot that is not blank, and the hostile document's markup stays
//! text in the browser's DOM.
//!
//! Needs Chromium and chromedriver (Debian packages `chromium` and `chromium-driver`; `.ci/run`
//! installs them). Without them the test says so and passes on a developer machine, and fails under
//! CI (`CI` set).

#![allow(clippy::print_stderr)]

mod common;
mod serving;

use common::scratch;
use serde_json::{Value, json};
use serving::{Server, results};
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find(names: &[&str], var: &str) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(var) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| names.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    addr: String,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut s = TcpStream::connect(&self.addr).expect("chromedriver answers");
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .expect("send");
        // The headers, then Content-Length bytes (the driver may keep the connection open).
        let mut raw = Vec::new();
        let mut byte = [0u8; 1];
        while !raw.ends_with(b"\r\n\r\n") && s.read(&mut byte).expect("read") == 1 {
            raw.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&raw).to_lowercase();
        let len = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        s.read_exact(&mut body).expect("the body");
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    }

    fn session(&self, tail: &str, method: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{tail}", self.session), body)["value"].clone()
    }

    fn go(&self, url: &str) {
        self.session("/url", "POST", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.session("/url", "GET", None).as_str().unwrap_or("").to_string()
    }

    /// Click the first element `css` selects; the test fails when there is none.
    fn click(&self, css: &str) {
        let found = self.session("/element", "POST", Some(json!({ "using": "css selector", "value": css })));
        let id = found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no `{css}` on {}: {found}", self.url()))
            .to_string();
        self.session(&format!("/element/{id}/click"), "POST", Some(json!({})));
    }

    fn count(&self, css: &str) -> usize {
        let found = self.session("/elements", "POST", Some(json!({ "using": "css selector", "value": css })));
        found.as_array().map_or(0, Vec::len)
    }

    /// The page's screenshot size in bytes (PNG), and console errors since the last call.
    fn check_page(&self, what: &str) {
        let shot = self.session("/screenshot", "GET", None);
        let png = shot.as_str().map_or(0, |b| b.len() * 3 / 4);
        assert!(png > 20_000, "{what}: a blank page compresses to a few kB; got {png} bytes");
        let logs = self.call("POST", &format!("/session/{}/se/log", self.session), Some(json!({ "type": "browser" })));
        let errors: Vec<String> = logs["value"]
            .as_array()
            .map(|l| l.iter().filter(|e| e["level"] == "SEVERE").map(|e| e["message"].to_string()).collect())
            .unwrap_or_default();
        assert!(errors.is_empty(), "{what}: console errors: {errors:?}");
    }
}

fn start_driver(driver: &PathBuf, chrome: &PathBuf) -> Driver {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver runs");
    let mut d = Driver { child, addr: format!("127.0.0.1:{port}"), session: String::new() };
    let start = Instant::now();
    while TcpStream::connect(&d.addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let args =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1200,1600"];
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chrome, "args": args },
        "goog:loggingPrefs": { "browser": "ALL" }
    }}});
    let made = d.call("POST", "/session", Some(caps));
    d.session = made["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {made}")).to_string();
    d
}

#[test]
fn explorer_clicked_through_in_a_real_browser() {
    let (Some(chrome), Some(driver)) = (
        find(&["chromium", "chromium-browser", "google-chrome"], "RHETOR_CHROMIUM"),
        find(&["chromedriver"], "RHETOR_CHROMEDRIVER"),
    ) else {
        assert!(std::env::var_os("CI").is_none(), "CI needs Chromium and chromedriver (.ci/run installs them)");
        eprintln!("skipped: no Chromium or chromedriver (apt-get install chromium chromium-driver)");
        return;
    };
    let dir = scratch("serve-browser");
    let (out, _) = results(&dir);
    let server = Server::start(&out, &[]);
    let base = format!("http://{}", server.addr);
    let d = start_driver(&driver, &chrome);

    d.go(&format!("{base}/"));
    d.check_page("overview");
    assert!(d.count("svg.chart") >= 1, "the timeline is drawn");
    // A month (or year) of the timeline's table → its documents.
    d.click("table.data a[href^='/documents?from=']");
    assert!(d.url().contains("/documents?from="), "{}", d.url());
    d.check_page("documents of a period");
    d.click("table.data td a[href^='/document?id=']");
    assert!(d.url().contains("/document?id="), "{}", d.url());
    d.check_page("document");
    // An evidence item: selected, its rows marked, the panel shows its source place.
    d.click("mark[data-ev]");
    assert!(d.count("tr.selected") >= 1, "the item's row is marked");
    let panel = d.session(
        "/execute/sync",
        "POST",
        Some(json!({
            "script": "var p = document.getElementById('details'); return p ? p.textContent : '';", "args": []
        })),
    );
    assert!(panel.as_str().is_some_and(|t| t.contains("line") && t.contains("column")), "panel: {panel}");
    let document_url = d.url();
    // The concordance of its word (a selected row that has one, else any row's).
    if d.count("tr.selected a[href^='/concordance']") > 0 {
        d.click("tr.selected a[href^='/concordance']");
    } else {
        d.click("table.evidence a[href^='/concordance']");
    }
    assert!(d.url().contains("/concordance?q="), "{}", d.url());
    assert!(d.count("table.kwic td.match") >= 1, "concordance lines");
    d.check_page("concordance");
    d.click("table.kwic a[href^='/compare']");
    assert!(d.url().contains("/compare?a="), "{}", d.url());
    assert!(d.count("table.data tbody tr") > 10, "metrics compared");
    d.check_page("compare");
    // Back twice: the concordance, then the document, from their URLs.
    d.session("/back", "POST", Some(json!({})));
    assert!(d.url().contains("/concordance?q="), "back to the concordance: {}", d.url());
    d.session("/back", "POST", Some(json!({})));
    assert_eq!(d.url(), document_url, "back to the document");

    // The hostile document in the browser: its markup is text, no element or script injected.
    d.go(&format!("{base}/documents?q=alert"));
    d.click("table.data td a[href^='/document?id=']");
    d.check_page("hostile document");
    assert_eq!(d.count("script"), 1, "only the explorer's script");
    assert_eq!(d.count("img") + d.count("main b"), 0, "no injected element");
    let h1 = d.session(
        "/execute/sync",
        "POST",
        Some(json!({
            "script": "return document.querySelector('h1').textContent;", "args": []
        })),
    );
    assert!(h1.as_str().is_some_and(|t| t.contains("<script>alert(1)</script>")), "title shown as text: {h1}");
}
