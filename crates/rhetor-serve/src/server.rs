//! The HTTP side: `tiny_http` (blocking, a few small dependencies; a local read-only explorer needs
//! no async runtime) with a pool of worker threads. Routing is by exact path: the pages, and two
//! static files compiled into the binary. No path of the request ever reaches the file system, so
//! `..`, encoded dots, absolute paths and links all get 404. Only GET and HEAD.
//!
//! Every page is sent with a Content-Security-Policy that allows the explorer's own stylesheet and
//! script only (no inline script, nothing from elsewhere): a second wall behind the escaping.

use crate::explorer::Explorer;
use crate::html::{Html, page};
use crate::pages;
use crate::query::Query;
use crate::reply::Reply;
use std::sync::Arc;

const CSS: &str = include_str!("../static/explorer.css");
const JS: &str = include_str!("../static/explorer.js");
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
                   form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A response: status, content type, body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

fn error_page(ex: &Explorer, status: u16, message: &str) -> Response {
    let mut h = Html::new();
    let title = match status {
        404 => "Not found",
        400 => "Bad request",
        _ => "Error",
    };
    h.el("h1", &[], title);
    h.el("p", &[("class", "error")], message);
    Response { status, content_type: "text/html; charset=utf-8", body: page(title, &ex.name, "", h) }
}

/// URLs longer than this are refused (414): no page needs more, and pages echo their parameters.
const MAX_URL: usize = 8 * 1024;

/// Whether a request's `Host` may be answered: on a loopback address only the loopback names with
/// the port (a page elsewhere whose domain is rebound to 127.0.0.1 sends its own name, and must not
/// read the corpus: DNS rebinding); on another address, as the user chose, any.
pub fn host_allowed(host: Option<&str>, bound: &std::net::SocketAddr) -> bool {
    if !bound.ip().is_loopback() {
        return true;
    }
    let Some(host) = host else { return true };
    let port = bound.port();
    let host = host.trim().to_ascii_lowercase();
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|n| host == format!("{n}:{port}") || (port == 80 && host == *n))
}

/// Answer `method` on `url` (path and query string, as the request line has it).
pub fn respond(ex: &Explorer, method: &str, url: &str) -> Response {
    if url.len() > MAX_URL {
        return Response { status: 414, content_type: "text/plain; charset=utf-8", body: "URL too long\n".into() };
    }
    if method != "GET" && method != "HEAD" {
        return Response {
            status: 405,
            content_type: "text/plain; charset=utf-8",
            body: "read-only: GET only\n".into(),
        };
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let q = Query::parse(query);
    let handler: fn(&Explorer, &Query) -> Reply = match path {
        "/static/explorer.css" => {
            return Response { status: 200, content_type: "text/css; charset=utf-8", body: CSS.into() };
        }
        "/static/explorer.js" => {
            return Response { status: 200, content_type: "text/javascript; charset=utf-8", body: JS.into() };
        }
        "/" => pages::overview::overview,
        "/documents" => pages::documents::documents,
        "/document" => pages::document::document,
        "/concordance" => pages::concordance::concordance,
        "/compare" => pages::compare::compare,
        "/source" => pages::source::source,
        "/table" => pages::tables::table,
        _ => return error_page(ex, 404, "No such page in the explorer."),
    };
    match rhetor_doc::catch(|| handler(ex, &q)) {
        Ok(Reply::Page(body)) => Response { status: 200, content_type: "text/html; charset=utf-8", body },
        Ok(Reply::NotFound(m)) => error_page(ex, 404, &m),
        Ok(Reply::BadRequest(m)) => error_page(ex, 400, &m),
        Ok(Reply::Invalid(body)) => Response { status: 400, content_type: "text/html; charset=utf-8", body },
        Err(panic) => error_page(ex, 500, &format!("a bug in rhetor, please report it: {panic}")),
    }
}

/// A running server.
pub struct Running {
    pub url: String,
    server: Arc<tiny_http::Server>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Running {
    /// Serve until the process ends.
    pub fn wait(self) {
        for w in self.workers {
            let _ = w.join();
        }
    }

    /// Stop the workers (tests).
    pub fn stop(self) {
        for _ in &self.workers {
            self.server.unblock();
        }
        self.wait();
    }
}

/// Listen on `host:port` (port 0: any free port), answer with `threads` workers, and build the
/// concordance index in the background.
pub fn start(ex: Arc<Explorer>, host: &str, port: u16, threads: usize) -> Result<Running, crate::ServeError> {
    let address = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
    let server = tiny_http::Server::http(&address)
        .map_err(|e| crate::ServeError::Bind { address: address.clone(), why: e.to_string() })?;
    let bound_addr = server.server_addr().to_ip();
    let bound = bound_addr.map_or(address, |a| a.to_string());
    let server = Arc::new(server);
    {
        let ex = Arc::clone(&ex);
        let _ = std::thread::Builder::new().name("concordance-index".into()).spawn(move || ex.build_index());
    }
    let mut workers = Vec::new();
    for k in 0..threads.max(1) {
        let (server, ex) = (Arc::clone(&server), Arc::clone(&ex));
        let w = std::thread::Builder::new().name(format!("serve-{k}")).spawn(move || {
            while let Ok(req) = server.recv() {
                let host = req.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
                let allowed = bound_addr.is_none_or(|b| host_allowed(host.as_deref(), &b));
                let r = if allowed {
                    respond(&ex, req.method().as_str(), req.url())
                } else {
                    Response {
                        status: 403,
                        content_type: "text/plain; charset=utf-8",
                        body: "this explorer answers requests to 127.0.0.1 or localhost only\n".into(),
                    }
                };
                let head = req.method() == &tiny_http::Method::Head;
                let mut response = tiny_http::Response::from_string(if head { String::new() } else { r.body })
                    .with_status_code(r.status);
                for (k, v) in [
                    ("Content-Type", r.content_type),
                    ("Content-Security-Policy", CSP),
                    ("X-Content-Type-Options", "nosniff"),
                    ("Referrer-Policy", "no-referrer"),
                ] {
                    if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                        response.add_header(h);
                    }
                }
                let _ = req.respond(response);
            }
        });
        match w {
            Ok(w) => workers.push(w),
            Err(e) => return Err(crate::ServeError::Bind { address: bound, why: format!("no thread: {e}") }),
        }
    }
    Ok(Running { url: format!("http://{bound}/"), server, workers })
}
