//! A panic inside one document's work becomes an error that names the document and its file
//! (`rhetor_doc::panics`: the hook and `catch`, shared with ingest); here, the fault injection that
//! tests that path end to end.

/// Fault injection for the tests of this path, end to end: with `RHETOR_FAIL_ON_DOCUMENT=ID` in
/// the environment, the analysis of document `ID` panics.
pub(crate) fn injected_failure(document: &str) {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| std::env::var("RHETOR_FAIL_ON_DOCUMENT").ok());
    if target.as_deref() == Some(document) {
        panic!("injected failure (RHETOR_FAIL_ON_DOCUMENT={document})");
    }
}
