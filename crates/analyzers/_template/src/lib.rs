//! Analyzer `template`: a small, complete analyzer to copy. It counts questions (sentences whose last
//! punctuation contains `?`) and shows each one as evidence.
//!
//! To make a new analyzer, copy this crate: the steps and the two lines to add elsewhere are at the
//! top of its `Cargo.toml`. This crate is a workspace member (so it keeps compiling and its tests keep
//! running) but is not linked into the `rhetor` binary.

use rhetor_analyzer::{
    AnalyzeError, Analyzer, AnalyzerSection, ConfigError, ConfigKey, Context, DocAnalysis, DynAnalyzer, EvidenceSpan,
    Metric, Output, Value,
};
use rhetor_doc::{Document, TokenKind};
use serde::{Deserialize, Serialize};

/// `[analyzers.template]`: every field has a default and unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TemplateConfig {
    /// At most this many questions per document are shown as evidence.
    pub max_evidence: usize,
}

impl Default for TemplateConfig {
    fn default() -> Self {
        TemplateConfig { max_evidence: 100 }
    }
}

/// The analyzer: its config, nothing else. It must be `Send + Sync`.
#[derive(Debug, Clone, Default)]
pub struct Template {
    config: TemplateConfig,
}

/// What one document adds to a group or corpus total: plain serializable counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    pub sentences: u64,
    pub questions: u64,
}

impl Analyzer for Template {
    type Summary = Summary;

    fn analyze(&self, doc: &Document, ctx: &Context<'_>) -> Result<DocAnalysis<Summary>, AnalyzeError> {
        let mut summary = Summary::default();
        let mut evidence = Vec::new();
        for sentence in &doc.sentences {
            summary.sentences += 1;
            // Work on tokens and spans, not on fresh strings.
            let last_punct = doc.tokens[sentence.tokens.range()].iter().rev().find(|t| t.kind == TokenKind::Punct);
            if last_punct.is_some_and(|t| doc.text[t.span().range()].contains('?')) {
                summary.questions += 1;
                if evidence.len() < self.config.max_evidence {
                    evidence.push(EvidenceSpan { label: "question".into(), span: sentence.span });
                }
            }
        }
        let mut output = self.summarize(&summary, ctx);
        output.evidence = evidence;
        Ok(DocAnalysis { output, summary })
    }

    fn merge(&self, acc: &mut Summary, part: &Summary) {
        acc.sentences += part.sentences;
        acc.questions += part.questions;
    }

    fn summarize(&self, s: &Summary, _ctx: &Context<'_>) -> Output {
        let share = if s.sentences == 0 { f64::NAN } else { s.questions as f64 / s.sentences as f64 };
        Output {
            metrics: vec![
                Metric::new("questions", s.questions as usize, "count", "sentences ending in a question mark"),
                Metric::new("question_share", Value::float(share), "ratio", "questions per sentence"),
            ],
            ..Output::default()
        }
    }
}

fn build(section: &AnalyzerSection<'_>) -> Result<Box<dyn DynAnalyzer>, ConfigError> {
    Ok(Box::new(Template { config: section.parse()? }))
}

// The registration: id, one-line summary, every config key with its default (a TOML literal) and
// description, and the constructor.
rhetor_analyzer::register_analyzer! {
    id: "template",
    summary: "Questions: sentences ending in a question mark (the template analyzer)",
    keys: &[ConfigKey { name: "max_evidence", default: "100", description: "most questions shown as evidence per document" }],
    build: build,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rhetor_analyzer::ConfigFile;
    use rhetor_doc::corpus_from_text;
    use rhetor_engine::Registry;

    #[test]
    fn counts_questions_with_evidence() {
        let corpus = corpus_from_text("t", "Who are we? We are the people. Is it so?! Yes.");
        let doc = &corpus.documents[0];
        let a = Template::default();
        let r = Analyzer::analyze(&a, doc, &Context::new(&corpus.vocab)).expect("runs");
        assert_eq!(r.summary, Summary { sentences: 4, questions: 2 });
        let texts: Vec<&str> = r.output.evidence.iter().map(|e| doc.span_text(e.span)).collect();
        assert_eq!(texts, ["Who are we?", "Is it so?!"]);
        assert_eq!(r.output.metrics[1].value, Value::Float(0.5));
    }

    #[test]
    fn registers_and_reads_its_config() {
        let registry = Registry::discover().expect("unique ids");
        let reg = registry.get("template").expect("registered");
        let file = ConfigFile::new("t.toml", "[analyzers.template]\nmax_evidence = 1\n");
        assert!((reg.build)(&AnalyzerSection { file: &file, id: "template" }).is_ok());
        let bad = ConfigFile::new("t.toml", "[analyzers.template]\nmax_evidnce = 1\n");
        let err = (reg.build)(&AnalyzerSection { file: &bad, id: "template" }).err().expect("typo rejected");
        assert!(err.to_string().starts_with("t.toml:2:1: key `analyzers.template.max_evidnce`"), "{err}");
    }
}
