//! `rhetor tokens`: each document's tokens with their sentence, byte span, kind and form, as TSV
//! or JSONL, or only the counts; streamed a batch of files at a time.

use crate::Failure;
use crate::args::{TokenFormat, TokensArgs};
use crate::common::{ingest_failure, ingest_options, load_config, print_warnings};
use crate::output::tsv;
use anyhow::anyhow;

/// Files read and documents tokenized per parallel batch by `rhetor tokens`, which streams: it never
/// holds the whole corpus's tokens (nor, for transcripts, its texts).
const TOKENS_BATCH: usize = 64;

pub fn run(args: TokensArgs) -> Result<(), Failure> {
    use std::io::Write as _;
    let config = load_config(args.input.config.as_deref())?;
    let options = ingest_options(&config, &args.input)?;
    let threads = args.input.threads.unwrap_or(0);
    let mut totals = [0usize; 5];
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut written = Ok(());
    if !args.count && args.format == TokenFormat::Tsv {
        written = out.write_all(b"document\tsentence\tstart\tend\tkind\ttext\tform\n");
    }
    let streamed = rhetor_engine::with_threads(threads, || {
        rhetor_ingest::stream_documents(&args.input.paths, &options, TOKENS_BATCH, |doc, vocab| {
            let counts = [1, doc.tokens.len(), doc.sentences.len(), doc.paragraphs.len(), doc.text.len()];
            for (t, n) in totals.iter_mut().zip(counts) {
                *t += n;
            }
            if !args.count && written.is_ok() {
                written = write_tokens(&mut out, &doc, vocab, args.format);
            }
        })
        .map_err(ingest_failure)
    })?;
    print_warnings(&streamed.warnings, &options);
    if args.count {
        let [docs, tokens, sentences, paragraphs, bytes] = totals;
        written = writeln!(
            out,
            "documents\ttokens\tsentences\tparagraphs\tbytes\n{docs}\t{tokens}\t{sentences}\t{paragraphs}\t{bytes}"
        );
    }
    written.and_then(|()| out.flush()).or_else(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => Ok(()),
        _ => Err(Failure::Analysis(anyhow!("cannot write to stdout: {e}"))),
    })
}

/// Write one document's tokens (a corpus's tokens can be many times its size: never one string).
fn write_tokens(
    out: &mut impl std::io::Write,
    doc: &rhetor_doc::Document,
    vocab: &rhetor_doc::Vocabulary,
    format: TokenFormat,
) -> std::io::Result<()> {
    let mut sentence = 0usize;
    for (i, t) in doc.tokens.iter().enumerate() {
        while sentence < doc.sentences.len() && doc.sentences[sentence].tokens.end as usize <= i {
            sentence += 1;
        }
        let text = doc.token_text(i);
        let form = vocab.form(t.form);
        let kind = t.kind.as_str();
        match format {
            TokenFormat::Tsv => {
                let (id, text, form) = (tsv(&doc.id), tsv(text), tsv(form));
                writeln!(out, "{id}\t{sentence}\t{}\t{}\t{kind}\t{text}\t{form}", t.start, t.end)?
            }
            TokenFormat::Jsonl => {
                let line = serde_json::json!({
                    "document": doc.id, "sentence": sentence, "start": t.start, "end": t.end,
                    "kind": kind, "text": text, "form": form,
                });
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}
