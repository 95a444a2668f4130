//! What a page handler answers: a page, or an error status with a message shown as a page.

/// A handler's answer.
#[derive(Debug)]
pub enum Reply {
    /// An HTML page.
    Page(String),
    /// 404 with a message: no such document, group or file.
    NotFound(String),
    /// 400 with a message: a parameter that cannot be used.
    BadRequest(String),
    /// 400 with the page itself (its form kept, the problem said in it).
    Invalid(String),
}
