//! A panic inside one document's work (a bug, whatever the input) becomes an error that names the
//! document and its file instead of ending the process with a backtrace.
//!
//! [`quiet_panics`] replaces the default hook (which prints to stderr) with one that keeps the last
//! panic's message and place; [`catch`] runs a closure and turns its panic into that message. The
//! CLI installs the hook once and reports every panic itself, caught here or at its top level.
//! Here, beside the document model, so that ingest (a file's cleaning) and the engine (a document's
//! analysis) share it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

/// The last panic's message and place, kept by the hook of [`quiet_panics`]: the process's last
/// (for a panic caught on another thread than the one that panicked, as rayon resumes a worker's
/// panic on its caller), and each thread's own (so that two documents panicking at once on two
/// threads each keep their own message).
static LAST: Mutex<Option<String>> = Mutex::new(None);

std::thread_local! {
    static THREAD_LAST: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Keep panics' messages for [`catch`] and [`last_panic`] instead of printing them.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" (at {}:{})", l.file(), l.line())).unwrap_or_default();
        let message = payload_message(info.payload());
        let kept = format!("{message}{place}");
        THREAD_LAST.with(|t| *t.borrow_mut() = Some(kept.clone()));
        *LAST.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(kept);
    }));
}

/// The message of the last panic, with its place when the hook of [`quiet_panics`] is installed;
/// else the payload's text.
pub fn last_panic(payload: &(dyn std::any::Any + Send)) -> String {
    // Every panic sets both, so a message left behind is never taken for a later panic's.
    let own = THREAD_LAST.with(|t| t.borrow_mut().take());
    own.or_else(|| LAST.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take())
        .unwrap_or_else(|| payload_message(payload))
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Run `f`; a panic becomes `Err` with its message and place.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| last_panic(&*p))
}
