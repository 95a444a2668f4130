//! Engine behaviour with a small analyzer defined here: config errors located by file, line and key;
//! the registry's ordering and duplicate check; merging; work across documents per group and corpus;
//! thread-count independence.

use rhetor_engine::rhetor_doc::{
    Corpus, Document, Metadata, OffsetMapBuilder, SegmentOptions, Source, Span, Vocabulary, corpus_from_texts,
};
use rhetor_engine::{
    AnalyzeError, Analyzer, AnalyzerSection, ConfigError, ConfigFile, ConfigKey, Context, DocAnalysis, DocEvidence,
    DynAnalyzer, EvidenceSpan, Metric, Output, Plan, Registration, Registry, RunInfo, run, with_threads,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct CountConfig {
    scale: u32,
    label: String,
}

impl Default for CountConfig {
    fn default() -> Self {
        CountConfig { scale: 1, label: "first token".into() }
    }
}

struct Count(CountConfig);

#[derive(Default, Clone, Serialize, Deserialize)]
struct CountSummary {
    tokens: u64,
    weighted: f64,
}

impl Analyzer for Count {
    type Summary = CountSummary;
    fn analyze(&self, doc: &Document, _: &Context<'_>) -> Result<DocAnalysis<CountSummary>, AnalyzeError> {
        assert!(!doc.text.contains("PANIC"), "asked to panic");
        if doc.text.contains("FAIL") {
            return Err(AnalyzeError::new("asked to fail"));
        }
        let n = doc.tokens.len() as u64;
        // A float whose sum depends on order if merged out of order.
        let summary = CountSummary { tokens: n * u64::from(self.0.scale), weighted: 1.0 / (n as f64 + 0.1) };
        let mut output = self.summarize(&summary, &Context::new(&Vocabulary::new()));
        if let Some(t) = doc.tokens.first() {
            output.evidence.push(EvidenceSpan { label: self.0.label.as_str().into(), span: t.span() });
        }
        Ok(DocAnalysis { output, summary })
    }
    fn merge(&self, acc: &mut CountSummary, part: &CountSummary) {
        acc.tokens += part.tokens;
        acc.weighted += part.weighted;
    }
    fn summarize(&self, s: &CountSummary, _: &Context<'_>) -> Output {
        Output {
            metrics: vec![
                Metric::new("tokens", s.tokens as usize, "count", "tokens times scale"),
                Metric::new("weighted", rhetor_engine::Value::Float(s.weighted), "score", "order-sensitive sum"),
            ],
            ..Output::default()
        }
    }
    /// Across documents: how many there are, and the last one's first token as evidence.
    fn across(&self, docs: &[&Document], _: &rhetor_engine::PrintsOf<'_>, _: &Context<'_>) -> Output {
        let mut out = Output::default();
        out.metrics.push(Metric::new("documents_seen", docs.len(), "count", "documents given to across"));
        if let Some(last) = docs.last() {
            out.document_evidence.push(DocEvidence {
                document: last.id.clone(),
                label: "last document".into(),
                span: last.tokens[0].span(),
            });
        }
        out
    }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    Ok(Box::new(Count(section.parse()?)))
}

rhetor_engine::register_analyzer! {
    id: "count",
    summary: "Counts tokens (test analyzer)",
    keys: &[
        ConfigKey { name: "scale", default: "1", description: "multiplier" },
        ConfigKey { name: "label", default: "\"first token\"", description: "evidence label" },
    ],
    build: build,
}

fn registry() -> Registry {
    Registry::discover().expect("no duplicates")
}

fn plan_err(toml: &str) -> String {
    let file = ConfigFile::new("test.toml", toml);
    match Plan::from_config(&file, &registry(), None) {
        Ok(_) => panic!("expected an error for:\n{toml}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn config_errors_name_file_line_and_key() {
    assert_eq!(
        plan_err("[run]\nthreads = \"two\"\n"),
        "test.toml:2:11: key `run.threads`: invalid type: string \"two\", expected usize"
    );
    let e = plan_err("[run]\nanalyzers = [\"count\"]\n\n[analyzers.count]\nscale = 2\nbogus = 1\n");
    assert!(e.starts_with("test.toml:6:1: key `analyzers.count.bogus`: unknown field `bogus`"), "{e}");
    let e = plan_err("[analyzers.count]\nscale = -3\n");
    assert!(e.starts_with("test.toml:2:9: key `analyzers.count.scale`: invalid value"), "{e}");
    let e = plan_err("[run]\nanalyzers = [\"count\", \"nope\"]\n");
    assert_eq!(e, "test.toml:2:23: key `run.analyzers[1]`: unknown analyzer `nope`; registered analyzers: count");
    let e = plan_err("[analyzers.nope]\nx = 1\n");
    assert!(e.starts_with("test.toml:1:12: key `analyzers.nope`: unknown analyzer `nope`"), "{e}");
    let e = plan_err("[runn]\nthreads = 1\n");
    assert!(e.starts_with("test.toml:1:2: key `runn`: unknown field `runn`"), "{e}");
    let e = plan_err("[run]\nthreads = 1\nthreads = 2\n");
    assert!(e.starts_with("test.toml:3:1:"), "{e}");
    let e = plan_err("[run\n");
    assert!(e.starts_with("test.toml:1:"), "{e}");
    let e = plan_err("[run]\nanalyzers = [\"count\", \"count\"]\n");
    assert!(e.contains("listed twice"), "{e}");
}

#[test]
fn a_valid_config_builds_with_defaults_and_overrides() {
    let file = ConfigFile::new("ok.toml", "[run]\nthreads = 2\n\n[analyzers.count]\nscale = 3\n");
    let plan = Plan::from_config(&file, &registry(), None).expect("valid");
    assert_eq!(plan.ids(), ["count"]);
    assert_eq!(plan.run.threads, 2);
    let only = ["nope".to_string()];
    let e = Plan::from_config(&file, &registry(), Some(&only)).expect_err("unknown");
    assert!(e.to_string().contains("key `--analyzers`: unknown analyzer `nope`"), "{e}");
}

static A1: Registration = Registration { id: "b", summary: "", keys: &[], module: "crate_one::b", build };
static A2: Registration = Registration { id: "a", summary: "", keys: &[], module: "crate_two::a", build };
static A3: Registration = Registration { id: "b", summary: "", keys: &[], module: "crate_three::b", build };

#[test]
fn registry_is_sorted_and_rejects_duplicates() {
    let r = Registry::from_entries(vec![&A1, &A2]).expect("unique");
    assert_eq!(r.ids(), ["a", "b"]);
    let e = Registry::from_entries(vec![&A1, &A2, &A3]).expect_err("duplicate");
    assert_eq!(e.to_string(), "analyzer id `b` is registered twice: by `crate_one::b` and by `crate_three::b`");
}

fn corpus(texts: &[&str]) -> Corpus {
    let ids: Vec<String> = (0..texts.len()).map(|i| format!("doc{i}")).collect();
    let docs: Vec<(&str, &str)> = ids.iter().map(String::as_str).zip(texts.iter().copied()).collect();
    let mut corpus = corpus_from_texts(&docs);
    for (i, d) in corpus.documents.iter_mut().enumerate() {
        d.meta = Metadata { kind: Some(if i % 2 == 0 { "even" } else { "odd" }.into()), ..Metadata::default() };
    }
    corpus
}

#[test]
fn output_is_identical_with_one_and_two_threads_and_groups_merge() {
    let texts: Vec<String> = (0..40).map(|i| "word ".repeat(i * 7 + 1) + "end.").collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let corpus = corpus(&refs);
    let file = ConfigFile::new("t.toml", "[run]\ngroup_by = \"kind\"\n");
    let plan = Plan::from_config(&file, &registry(), None).expect("valid");
    let go = |threads| {
        with_threads(threads, || {
            let r = run(&corpus, &plan, None, RunInfo::default(), &|| {}).expect("runs");
            serde_json::to_string(&r).expect("json")
        })
    };
    let one = go(1);
    assert_eq!(one, go(2));
    let r: serde_json::Value = serde_json::from_str(&one).expect("json");
    let groups = r["grouping"]["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 2);
    let total: i64 = groups.iter().map(|g| g["results"][0]["metrics"][0]["value"].as_i64().expect("int")).sum();
    assert_eq!(total, r["corpus"]["results"][0]["metrics"][0]["value"].as_i64().expect("int"));
    let ev = &r["documents"][3]["results"][0]["evidence"][0];
    assert_eq!(ev["text"], "word");
    assert_eq!(ev["source"]["line"], 1);
    assert_eq!(ev["source"]["path"], "doc3.txt");
    // Work across documents ran on each group (its own documents, in order) and on the corpus,
    // its evidence resolved in the document it names.
    let seen = |g: &serde_json::Value| g["results"][0]["metrics"][2]["value"].as_i64().expect("documents_seen");
    assert_eq!(groups.iter().map(seen).collect::<Vec<_>>(), [20, 20]);
    assert_eq!(seen(&r["corpus"]), 40);
    let last = |g: &serde_json::Value| g["results"][0]["evidence"][0]["source"]["path"].clone();
    assert_eq!(last(&groups[0]), "doc38.txt", "group `even`: doc0, doc2, …, doc38");
    assert_eq!(last(&groups[1]), "doc39.txt");
    assert_eq!(last(&r["corpus"]), "doc39.txt");
}

#[test]
fn an_analyzer_error_names_analyzer_and_document() {
    let corpus = corpus(&["fine", "please FAIL", "and PANIC", "fine again", "FAIL too"]);
    let plan = Plan::from_config(&ConfigFile::new("t.toml", ""), &registry(), None).expect("valid");
    let e = run(&corpus, &plan, None, RunInfo::default(), &|| {}).expect_err("fails");
    let path = &corpus.documents[1].source.path;
    assert_eq!(
        e.to_string(),
        format!(
            "analyzer `count` failed on document `doc1` ({path}): asked to fail (3 documents failed in all; \
             --keep-going skips them)"
        )
    );
    // Every failing document is listed, in corpus order; a panic is one of them, named.
    let failed: Vec<&str> = e.failed.iter().map(|s| s.document.as_str()).collect();
    assert_eq!(failed, ["doc1", "doc2", "doc4"]);
    assert!(
        e.failed[1].error.contains("internal error, a bug in rhetor") && e.failed[1].error.contains("asked to panic")
    );
}

#[test]
fn evidence_maps_through_the_offset_map() {
    // Document text "abc def" built from source "XXabc def": two dropped bytes.
    let source = Arc::new(Source::new("s.txt".into(), b"XXabc\ndef", String::new()));
    let mut vocab = Vocabulary::new();
    let mut b = OffsetMapBuilder::new(0);
    b.skip(2);
    b.copy(7);
    let doc = Document::build(
        "d".into(),
        Metadata::default(),
        "abc\ndef".into(),
        source,
        b.finish(),
        &SegmentOptions::default(),
        &mut vocab,
    );
    let s = doc.source_span(Span::new(4, 7));
    assert_eq!((s.start, s.end, s.line, s.column), (6, 9, 2, 1));
}
