//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Measure the rhetoric of political speeches and state-media text, with the evidence for every number.
#[derive(Debug, Parser)]
#[command(name = "rhetor", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze documents and write results.
    Analyze(AnalyzeArgs),
    /// List the registered analyzers.
    Analyzers {
        /// `table` (id and summary) or `json` (with config keys and defaults).
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Check or print configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print the tokens of documents, exactly as the analyzers see them.
    Tokens(TokensArgs),
    /// Read and clean documents, and print them (title, metadata, sections, paragraphs) and what
    /// cleaning changed.
    Ingest(IngestArgs),
    /// Convert and check dictionaries of the `rhetoric` analyzer.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Score each line (or each `.jsonl` object's `text`) with a sentiment lexicon; print TSV.
    Sentiment(SentimentArgs),
    /// Keyword in context: every match of a word, glob, phrase or `@CATEGORY` with its context and
    /// its place in the source file.
    Kwic(KwicArgs),
    /// Frequency list of words or n-grams: frequency, per million, documents, dispersion (DP).
    Freq(FreqArgs),
    /// Combine the parts that `rhetor analyze --shard K/N` wrote into the results of one run; reads
    /// the parts only, never the corpus.
    Merge(MergeArgs),
    /// One shard's round of the corpus evidence that the print and web profiles clean with (round 1;
    /// round 2 with --asked): see docs/distributed.md.
    Evidence(EvidenceArgs),
    /// Combine the shards' evidence files of one round into one.
    MergeEvidence(MergeEvidenceArgs),
    /// The split plan of a sharded run: large record files cut into blocks of whole records, each
    /// block given its shard (`--splits` of `analyze --shard` and `evidence`).
    Splits(SplitsArgs),
    /// Align witnesses of one text against the first and list the variants (insertion, omission,
    /// substitution, near match, transposition) with recall and precision.
    Collate(CollateArgs),
    /// Key words or n-grams of a target (a group or a document) against a reference (another, or
    /// the rest): log-likelihood G2, chi-square with Yates' correction, log ratio, %DIFF.
    Keyness(KeynessArgs),
    /// Explore a results folder (`rhetor analyze --out DIR`) in the browser: a local, read-only
    /// web server over its Parquet files, results.json and the source files it records.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The results folder that `rhetor analyze --out` wrote.
    pub dir: PathBuf,
    /// The address to listen on: the loopback interface by default; any other is reachable by
    /// other machines (a warning says so).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port (0: any free port; the URL printed says which).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Where the source files' relative paths start (the folder `rhetor analyze` ran in; default:
    /// the current folder).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// The config whose rhetoric dictionary `@CATEGORY` concordances use (default: the one the
    /// results record, if it is still there and unchanged, else the built-in default).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Worker threads answering requests.
    #[arg(long, default_value_t = 8)]
    pub threads: usize,
}

/// A thread count: 0 (one per core) to `rhetor_engine::MAX_THREADS`.
fn thread_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n <= rhetor_engine::MAX_THREADS => Ok(n),
        _ => Err(format!("`{s}`: threads are 0 (one per core) to {}", rhetor_engine::MAX_THREADS)),
    }
}

/// How much evidence the results files keep inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKeep {
    All,
    Sample(usize),
}

fn evidence_keep(s: &str) -> Result<EvidenceKeep, String> {
    match s {
        "all" => Ok(EvidenceKeep::All),
        _ => match s.parse::<usize>() {
            Ok(n) if n <= rhetor_engine::MAX_EVIDENCE_SAMPLE => Ok(EvidenceKeep::Sample(n)),
            _ => Err(format!("`{s}`: `all` or a number of items, 0 to {}", rhetor_engine::MAX_EVIDENCE_SAMPLE)),
        },
    }
}

/// An n-gram size: 1 to 4.
fn ngram_size(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n @ 1..=4) => Ok(n),
        _ => Err(format!("`{s}`: an n-gram size is 1, 2, 3 or 4")),
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableFormat {
    Tsv,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// A word, glob (`imperialis*`) or phrase (`"great leader"`) in the rhetoric dictionary syntax,
    /// or `@CATEGORY` for a category of the configured rhetoric dictionary (`@militancy.metaphor`).
    pub pattern: String,
    #[command(flatten)]
    pub input: Input,
    /// Words of context before the match.
    #[arg(long, default_value_t = 8)]
    pub left: usize,
    /// Words of context after the match.
    #[arg(long, default_value_t = 8)]
    pub right: usize,
    /// Keep the context within the match's sentence.
    #[arg(long)]
    pub sentence: bool,
    /// Order: document order, or by the words to the left (nearest first) or to the right.
    #[arg(long, value_enum, default_value_t = KwicSort::Document)]
    pub sort: KwicSort,
    /// `text` (aligned columns), `csv` or `json`.
    #[arg(long, value_enum, default_value_t = KwicFormat::Text)]
    pub format: KwicFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum KwicSort {
    Document,
    Left,
    Right,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum KwicFormat {
    Text,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct CollateArgs {
    /// Witnesses, the base first: document ids of the corpus read from --corpus, text files, or
    /// CollateX JSON files (`{"witnesses":[{"id","content"}]}` or `tokens[].t`).
    #[arg(required = true)]
    pub witnesses: Vec<String>,
    /// Files and folders whose documents the ids name.
    #[arg(long, default_value = "corpus")]
    pub corpus: Vec<PathBuf>,
    /// Config file (its `[ingest]` section cleans the corpus).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A manifest for the corpus folders.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Compare tokens exactly (CollateX's default) instead of ignoring case and apostrophe and
    /// hyphen variants.
    #[arg(long)]
    pub exact: bool,
    /// Most character edits for a near match.
    #[arg(long, default_value_t = 2)]
    pub near: usize,
    /// Fewest tokens of a transposed block.
    #[arg(long, default_value_t = 3)]
    pub min_block: usize,
    /// `text`, `json` (`csv` prints text).
    #[arg(long, value_enum, default_value_t = KwicFormat::Text)]
    pub format: KwicFormat,
    /// Also run the configured analyzers on every witness and show, for each count that differs,
    /// the part of the difference that falls on the variants.
    #[arg(long)]
    pub metrics: bool,
    /// Print the alignment table instead: `plain` (as CollateX prints it), `json` (CollateX's
    /// alignment-table JSON), `csv` (a row per segment), `tei` (parallel segmentation), `html`
    /// (side by side, variants highlighted).
    #[arg(long, value_enum)]
    pub table: Option<TableOutput>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableOutput {
    Plain,
    Json,
    Csv,
    Tei,
    Html,
}

#[derive(Debug, Args)]
pub struct FreqArgs {
    #[command(flatten)]
    pub input: Input,
    /// Words (1) or n-grams up to 4, within sentences.
    #[arg(long, default_value_t = 1, value_parser = ngram_size)]
    pub ngram: usize,
    /// Leave out items less frequent than this.
    #[arg(long, default_value_t = 1)]
    pub min_freq: u64,
    /// Rows at most (0: all).
    #[arg(long, default_value_t = 100)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t = TableFormat::Tsv)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct KeynessArgs {
    #[command(flatten)]
    pub input: Input,
    /// Select documents by this metadata field (title, date, year, month, week, decade, century, outlet, speaker, kind,
    /// or a manifest `extra` key); without it, --target and --reference are document ids.
    #[arg(long)]
    pub group_by: Option<String>,
    /// The target: a value of the --group-by field, or a document id.
    #[arg(long)]
    pub target: String,
    /// The reference, like --target; default: every other document.
    #[arg(long)]
    pub reference: Option<String>,
    /// Words (1) or n-grams up to 4, within sentences.
    #[arg(long, default_value_t = 1, value_parser = ngram_size)]
    pub ngram: usize,
    /// Leave out items whose target and reference frequencies together are below this.
    #[arg(long, default_value_t = 5)]
    pub min_freq: u64,
    /// Rows at most, by G2 (0: all).
    #[arg(long, default_value_t = 50)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t = TableFormat::Tsv)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct SentimentArgs {
    /// `vader` (columns neg neu pos compound, as vaderSentiment 3.3.2), `afinn` (score, as afinn 0.1),
    /// `bing`, `nrc`, `lsd`, `dictionary` (from --lexicon-path), or a lexicon file.
    #[arg(long, default_value = "vader")]
    pub lexicon: String,
    /// The lexicon file (Bing: file or folder) for bing, nrc, lsd and dictionary.
    #[arg(long)]
    pub lexicon_path: Option<String>,
    /// Score each input as one unit (`text`, as the reference packages do) or each of its sentences.
    #[arg(long, value_enum, default_value_t = Unit::Text)]
    pub unit: Unit,
    /// Apply the analyzer's valence shifters to word-list lexicons (off: as the reference packages).
    #[arg(long)]
    pub shifters: bool,
    /// A text file (one unit per line), a `.jsonl` file (`text` and optional `id` per line), or `-`
    /// for stdin (the default).
    pub input: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Unit {
    Text,
    Sentence,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Convert a LIWC (.dic), LIWC-22 (.dicx), Lexicoder (.lc3), quanteda YAML (.yml) or WordStat
    /// (.cat) dictionary to rhetor's TOML format, printed to stdout.
    Convert {
        input: PathBuf,
        /// The output format (only `toml`).
        #[arg(long, default_value = "toml")]
        to: String,
    },
    /// Check a dictionary (any importable format): syntax, empty categories, entries listed in
    /// several categories; with documents, the entries that never match and the words each glob
    /// matched.
    Check {
        file: PathBuf,
        /// Documents to check the entries against (files and folders).
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate a config file: syntax, keys, types and analyzer ids.
    Check { file: PathBuf },
    /// Print the built-in default config, every option commented.
    Default,
}

#[derive(Debug, Args)]
pub struct Input {
    /// Files and folders to read (folders recursively, in sorted order).
    #[arg(default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Config file (default: ./config/default.toml when present, else the built-in default).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Worker threads (0: one per core); overrides `[run] threads`.
    #[arg(long, value_parser = thread_count)]
    pub threads: Option<usize>,
    /// Cleaning profile; overrides `[ingest] profile`.
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// A manifest describing the folders read (instead of their `corpus.toml`); its paths are
    /// relative to each folder read. Overrides `[ingest] manifest`.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Replace invalid UTF-8 with U+FFFD (each replacement logged) instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ProfileArg {
    Auto,
    None,
    Transcript,
    Print,
    Web,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: Input,
    /// `text` (for reading) or `json` (documents, warnings and log).
    #[arg(long, value_enum, default_value_t = IngestFormat::Text)]
    pub format: IngestFormat,
    /// Also print the cleaning log: every byte dropped, rewritten, joined or moved, with its reason;
    /// the passages whose place was a guess (with the competing places and their scores) come first.
    #[arg(long)]
    pub log: bool,
    /// One line per document (id, title, paragraphs, words) instead of its text.
    #[arg(long)]
    pub brief: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum IngestFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: Input,
    /// Analyzers to run, comma-separated; overrides `[run] analyzers`.
    #[arg(long, value_delimiter = ',')]
    pub analyzers: Option<Vec<String>>,
    /// Group documents by a metadata field (title, date, year, month, week, decade, century, outlet, speaker, kind, or any
    /// field of the manifest's `extra`).
    #[arg(long)]
    pub group_by: Option<String>,
    /// Read, analyse and write documents one at a time as JSONL (results.jsonl's layout), with
    /// groups and the corpus as merged summaries: memory stays bounded on corpora of any size. Work
    /// across documents (passages two documents share) is left out.
    #[arg(long)]
    pub stream: bool,
    /// Read one document per line from stdin (`{"id", "text", metadata…}`) instead of files, texts
    /// decoded as a file's bytes are but not cleaned. Alone: write one result line per document (results.jsonl's `document`
    /// lines) as each is read. With --out: a batch run over the rows (every output). With
    /// --shard: the rows given are the shard's, and --row-number names their numbers.
    #[arg(long)]
    pub stdin_jsonl: bool,
    /// With --stdin-jsonl: the field holding each row's number in the corpus (an integer from 1;
    /// by default a row's line), which orders the documents and names their sources (`stdin:N`).
    /// One run takes rows in order of their numbers; a shard, in any order.
    #[arg(long, value_name = "FIELD", requires = "stdin_jsonl")]
    pub row_number: Option<String>,
    /// Analyse only shard K of N (files split by a hash of their path; K from 0) and write a part
    /// (`part-K-of-N.jsonl`) for `rhetor merge`, which combines the N parts into the results of one
    /// run. A shard reads only its own files (and, for print and web files, the others as evidence
    /// unless --cleaning-evidence gives it).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// With --shard: the corpus evidence for the print and web profiles, merged from every shard's
    /// two rounds of `rhetor evidence` (then no other shard's file is read).
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub cleaning_evidence: Option<PathBuf>,
    /// With --shard: the split plan (`rhetor splits`); the shard reads only its own blocks of the
    /// record files it cuts.
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub splits: Option<PathBuf>,
    /// Compare two scopes metric by metric: two groups of --group-by, two document ids, or one of
    /// them and `corpus`; counts get a log-likelihood test.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub compare: Option<Vec<String>>,
    /// Output format (json, jsonl, csv, md, html); repeat for several. Default: json.
    #[arg(long = "format", value_enum)]
    pub formats: Vec<OutFormat>,
    /// Folder to write results to (created if needed). Without it, a single format goes to stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Record the time of the run in the results (runs are otherwise byte-identical).
    #[arg(long)]
    pub timestamp: bool,
    /// A document an analyzer fails on is left out (listed in the warnings and in the results'
    /// run info as `skipped`) instead of stopping the run with exit 1.
    #[arg(long)]
    pub keep_going: bool,
    /// Evidence kept in the results files per document and analyzer: `all`, or a number (overrides
    /// `[run] evidence_sample`, default 3). With --out, every item is in evidence.parquet.
    #[arg(long, value_parser = evidence_keep)]
    pub evidence: Option<EvidenceKeep>,
    /// No progress bar and no summary on stderr (warnings are still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The part files, one for each shard (any order).
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Output format (json, jsonl, csv, md, html); repeat for several. Default: json.
    #[arg(long = "format", value_enum)]
    pub formats: Vec<OutFormat>,
    /// Folder to write results to (created if needed). Without it, a single format goes to stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (0: one per core).
    #[arg(long, value_parser = thread_count)]
    pub threads: Option<usize>,
    /// No summary on stderr (warnings are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// The fingerprints found in two documents or more, as a Spark `groupBy` over the parts'
    /// fingerprints gives them (JSON Lines of `{"analyzer": K, "hash": H}`; see
    /// docs/distributed.md): the merge keeps only these, and the results are the same.
    #[arg(long, value_name = "FILE")]
    pub shared_prints: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    #[command(flatten)]
    pub input: Input,
    /// The shard (K/N, as for `analyze --shard`) whose files are read.
    #[arg(long, value_name = "K/N", default_value = "0/1")]
    pub shard: String,
    /// Round 2: the merged round 1 (`rhetor merge-evidence` of every shard's round 1).
    #[arg(long, value_name = "FILE")]
    pub asked: Option<PathBuf>,
    /// The split plan (`rhetor splits`): the shard reads only its own blocks of the record files
    /// it cuts.
    #[arg(long, value_name = "FILE")]
    pub splits: Option<PathBuf>,
    /// File to write (default: stdout).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SplitsArgs {
    #[command(flatten)]
    pub input: Input,
    /// The number of shards.
    #[arg(long)]
    pub shards: usize,
    /// File to write (default: stdout).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct MergeEvidenceArgs {
    /// The evidence files of one round, one for each shard (any order).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// File to write (default: stdout).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutFormat {
    Json,
    Jsonl,
    Csv,
    Md,
    Html,
}

#[derive(Debug, Args)]
pub struct TokensArgs {
    #[command(flatten)]
    pub input: Input,
    /// `tsv` or `jsonl`.
    #[arg(long, value_enum, default_value_t = TokenFormat::Tsv)]
    pub format: TokenFormat,
    /// Print only totals: documents, tokens, sentences, paragraphs.
    #[arg(long)]
    pub count: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TokenFormat {
    Tsv,
    Jsonl,
}
