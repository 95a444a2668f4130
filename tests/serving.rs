//! What the explorer's tests share: a results folder holding a hostile document, and a running
//! `rhetor serve` answering raw HTTP requests.
#![allow(dead_code)]

use crate::common::{rhetor, root, stderr};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const EVIL: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> </svg> javascript:alert(1)";

/// A running `rhetor serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `rhetor serve DIR --port 0 EXTRA…` started from the workspace root, its output piped.
fn spawn(dir: &Path, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["serve", dir.to_str().expect("utf-8"), "--port", "0"])
        .args(extra)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rhetor serve runs")
}

/// `rhetor serve DIR` that must fail: its output; one that starts instead is stopped after 30 s
/// and the test fails.
pub fn serve_must_fail(dir: &Path) -> std::process::Output {
    let mut child = spawn(dir, &[]);
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("rhetor serve {} started instead of failing", dir.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// An HTTP answer: status, headers (lowercase names), body.
pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Server {
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = spawn(dir, extra);
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the URL line");
        let url =
            line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no URL: {line}"));
        let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
        assert!(addr.starts_with("127.0.0.1:"), "loopback by default: {addr}");
        Server { child, addr }
    }

    /// Send a raw request line for `target` (sent as is: no normalisation of `..`).
    pub fn request(&self, method: &str, target: &str) -> Answer {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        write!(s, "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).expect("send");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Answer { status, headers: head.to_lowercase(), body: body.to_string() }
    }

    pub fn get(&self, target: &str) -> Answer {
        self.request("GET", target)
    }
}

/// The bundled corpus and a hostile document, analysed into `out` (grouped by kind).
pub fn results(dir: &Path) -> (PathBuf, PathBuf) {
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

pub fn encode(s: &str) -> String {
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
