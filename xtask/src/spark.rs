//! `cargo xtask spark`: the Apache Spark recipes of docs/distributed.md run on PySpark in local
//! mode with four executors, and every output file compared byte for byte with a single-process
//! run. Files: the cleaning evidence in two rounds (an RDD of shard numbers piped through `rhetor
//! evidence`, merged on the driver), then the same RDD piped through `rhetor analyze --shard K/N
//! --cleaning-evidence`, each partition's output saved by Spark as a part file — on the
//! bundled corpus, on the State of the Union addresses, on `kcna-2024` (one JSON file cut into 16
//! blocks by `rhetor splits`, each shard reading its own) and on the addresses as documents in
//! rows of one JSON Lines file in blocks of 1 MiB. Rows: the same JSON Lines read by Spark (and as
//! Parquet that Spark writes from them), numbered, dealt to the partitions and piped through
//! `rhetor analyze --stdin-jsonl --shard`, against one run over the rows on stdin. Then, for all,
//! the parts' fingerprints grouped by a Spark `groupBy` (those in two documents or more kept) and
//! `rhetor merge --shared-prints`. All but the bundled corpus need `../shared`. Without `pyspark` or
//! a Java runtime it says how to install them and stops; it installs nothing.

use anyhow::{Context as _, bail};
use std::path::Path;
use std::process::Command;

const SHARDS: usize = 4;

/// The recipe's start: its arguments (the binary, the output folder, the number of shards, the
/// inputs, the options, then the split plan's option for files or the rows' format), the session,
/// and the two helpers of docs/distributed.md.
const START: &str = r#"
import os, subprocess, sys
from pyspark.sql import SparkSession
rhetor, out, n, inputs, options, plan = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
spark = SparkSession.builder.master("local[4]").appName("rhetor-shards").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
def each_shard(command):
    cmd = "sh -c 'read k; exec %s --shard $k/%d'" % (command, n)
    return spark.sparkContext.parallelize([str(k) for k in range(n)], n).pipe(cmd, checkCode=True)
def save_parts(rdd):  # partition k holds shard k's part: written by the executors, not the driver
    rdd.saveAsTextFile(os.path.join(out, "parts-spark"))
    for k in range(n):
        os.replace(os.path.join(out, "parts-spark", "part-%05d" % k), os.path.join(out, "parts", "part-%d-of-%d.jsonl" % (k, n)))
def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
os.makedirs(os.path.join(out, "evidence"), exist_ok=True)
os.makedirs(os.path.join(out, "parts"), exist_ok=True)
"#;

/// The map over files, as the documentation gives it: the cleaning evidence in two rounds (each
/// shard's round piped through `rhetor evidence`, the rounds merged on the driver), then the shards
/// piped through `rhetor analyze --shard`, each partition's output saved by Spark as a part file.
const FILES: &str = r#"
asked = ""
for r in (1, 2):
    rounds = each_shard("%s evidence %s %s --threads 1 %s" % (rhetor, inputs, plan, asked)).glom().collect()
    files = [os.path.join(out, "evidence", "round-%d-%d.json" % (r, k)) for k in range(n)]
    for f, lines in zip(files, rounds):
        write(f, lines)
    merged = os.path.join(out, "evidence", "round-%d.json" % r)
    subprocess.run([rhetor, "merge-evidence", "-o", merged] + files, check=True)
    asked = "--asked " + merged
evidence = os.path.join(out, "evidence", "round-2.json")
save_parts(each_shard("%s analyze %s %s %s --cleaning-evidence %s --threads 1 --quiet" % (rhetor, inputs, options, plan, evidence)))
"#;

/// The map over rows, as the documentation gives it: the documents read by Spark (JSON Lines, or
/// Parquet that Spark wrote from them, numbered first), each row numbered in the corpus (`n`, from
/// `zipWithIndex`), dealt round-robin to the shards, each partition piped through `rhetor analyze
/// --stdin-jsonl --row-number n --shard K/N` (its number on the first line), each partition's
/// output saved by Spark as a part file.
const ROWS: &str = r#"
import itertools, json
from pyspark.sql.types import LongType, StructField, StructType
docs = spark.read.json(inputs)
schema = StructType(docs.schema.fields + [StructField("n", LongType())])
numbered = spark.createDataFrame(docs.rdd.zipWithIndex().map(lambda p: tuple(p[0]) + (p[1] + 1,)), schema)
if plan == "parquet":
    numbered.write.parquet(os.path.join(out, "documents.parquet"))
    numbered = spark.read.parquet(os.path.join(out, "documents.parquet"))
# Nulls and NaN left out; dates, times and decimals as their text.
as_json = lambda r: json.dumps({k: v for k, v in r.asDict().items() if v is not None and v == v}, default=str)
lines = numbered.rdd.map(as_json).repartition(n)
cmd = "sh -c 'read k; exec %s analyze --stdin-jsonl --row-number n %s --threads 1 --quiet --shard $k/%d'" % (rhetor, options, n)
save_parts(lines.mapPartitionsWithIndex(lambda k, it: itertools.chain([str(k)], it)).pipe(cmd, checkCode=True))
"#;

/// The reduce's group-by: each document's fingerprints (base64 of, per fingerprint, its position's
/// gap from the last as LEB128 and its hash as 4 little-endian bytes), grouped by (analyzer, hash);
/// those in two documents or more go to the merge.
const GROUP: &str = r#"
import base64, json
from pyspark.sql import functions as F
def prints_of(line):
    d = json.loads(line)
    if "prints" not in d:
        return []
    out = []
    for k, text in enumerate(d["prints"]):
        b, i = base64.b64decode(text), 0
        while i < len(b):
            while b[i] & 0x80:
                i += 1
            out.append((k, int.from_bytes(b[i + 1:i + 5], "little"), d["result"]["id"]))
            i += 5
    return out
rows = spark.sparkContext.textFile(os.path.join(out, "parts")).flatMap(prints_of)
prints = spark.createDataFrame(rows, "analyzer INT, hash LONG, document STRING")
shared = (prints.groupBy("analyzer", "hash").agg(F.countDistinct("document").alias("documents"))
          .where("documents >= 2").select("analyzer", "hash").orderBy("analyzer", "hash"))
lines = shared.toJSON().collect()
write(os.path.join(out, "shared-prints.jsonl"), lines)
documents = spark.sparkContext.textFile(os.path.join(out, "parts")).count() - n
print("%d documents, %d of %d fingerprints shared" % (documents, len(lines), prints.select("analyzer", "hash").distinct().count()))
spark.stop()
"#;

/// How a corpus enters the map: files (record files cut into blocks by a split plan when `true`),
/// or rows that Spark reads (`jsonl`, or `parquet` that Spark writes from them first).
#[derive(Clone, Copy, PartialEq)]
enum Map {
    Files { blocks: bool },
    Rows(&'static str),
}

pub fn spark(root: &Path) -> anyhow::Result<()> {
    let python = |code: &str| Command::new("python3").args(["-c", code]).output().is_ok_and(|o| o.status.success());
    let java = java_version();
    if !python("import pyspark") || java.is_none_or(|v| v < 17) {
        println!(
            "cargo xtask spark needs PySpark and a Java runtime (17 or later): `pip install pyspark` and \
             `apt-get install default-jre-headless` (found: pyspark {}, java {}). Nothing was run.",
            if python("import pyspark") { "yes" } else { "no" },
            java.map_or("no".to_string(), |v| v.to_string())
        );
        return Ok(());
    }
    let rhetor = crate::build_rhetor(root)?;
    let mut corpora = vec![("corpus", "corpus".to_string(), "--group-by kind", Map::Files { blocks: false })];
    let sotu = root.join("../shared/data/sotu");
    let kcna = root.join("../shared/data/kcna-2024");
    if sotu.is_dir() && kcna.is_dir() {
        let inputs = format!("--manifest config/sources/sotu.toml {}", sotu.display());
        corpora.push(("sotu", inputs, "--group-by party", Map::Files { blocks: false }));
        // One record file in blocks of 256 KiB (a config of its own), each shard reading its own.
        let config = root.join("target/spark/kcna-config.toml");
        let text = std::fs::read_to_string(root.join("config/default.toml"))?
            .replace("record_block_bytes = 67108864", "record_block_bytes = 262144");
        std::fs::create_dir_all(root.join("target/spark"))?;
        std::fs::write(&config, text)?;
        let inputs =
            format!("--config {} --manifest config/sources/kcna-2024.toml {}", config.display(), kcna.display());
        corpora.push(("kcna-2024", inputs, "--group-by month", Map::Files { blocks: true }));
        // The same addresses as documents in rows: one JSON Lines file, blocks of 1 MiB.
        let rows = root.join("target/spark/rows-corpus");
        write_rows(&sotu, &rows)?;
        let config = root.join("target/spark/rows-config.toml");
        let text = std::fs::read_to_string(root.join("config/default.toml"))?
            .replace("record_block_bytes = 67108864", "record_block_bytes = 1048576");
        std::fs::write(&config, text)?;
        let inputs = format!("--config {} {}", config.display(), rows.display());
        corpora.push(("sotu-rows", inputs, "--group-by party", Map::Files { blocks: true }));
        // The rows read by Spark, as JSON Lines and as Parquet, and piped to the shards.
        let jsonl = rows.join("sotu.jsonl").display().to_string();
        corpora.push(("sotu-rows-piped", jsonl.clone(), "--group-by party", Map::Rows("jsonl")));
        corpora.push(("sotu-parquet-piped", jsonl, "--group-by party", Map::Rows("parquet")));
    } else {
        println!("(../shared/data is absent: the SOTU and kcna-2024 runs are skipped)");
    }
    for (name, inputs, options, map) in corpora {
        let dir = root.join("target/spark").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let split: Vec<&str> = inputs.split(' ').chain(options.split(' ')).collect();
        let one = dir.join("one");
        // The plan's option for files; the rows' format for rows.
        let mut plan = String::new();
        match map {
            Map::Files { blocks } => {
                if blocks {
                    let path = dir.join("splits.json");
                    let shards = SHARDS.to_string();
                    let inputs: Vec<&str> = inputs.split(' ').collect();
                    run(Command::new(&rhetor)
                        .args(["splits", "-q", "--shards", &shards, "-o"])
                        .arg(&path)
                        .args(&inputs)
                        .current_dir(root))?;
                    plan = format!("--splits {}", path.display());
                }
                run(Command::new(&rhetor)
                    .args(["analyze", "--quiet", "--out"])
                    .arg(&one)
                    .args(&split)
                    .current_dir(root))?;
            }
            Map::Rows(format) => {
                plan = format.to_string();
                let rows = std::fs::File::open(&inputs)?;
                run(Command::new(&rhetor)
                    .args(["analyze", "--quiet", "--stdin-jsonl", "--out"])
                    .arg(&one)
                    .args(options.split(' '))
                    .stdin(rows)
                    .current_dir(root))?;
            }
        }
        let parts = dir.join("parts");
        let start = std::time::Instant::now();
        let recipe = match map {
            Map::Files { .. } => [START, FILES, GROUP].concat(),
            Map::Rows(_) => [START, ROWS, GROUP].concat(),
        };
        let out = Command::new("python3")
            .args(["-c", &recipe])
            .arg(&rhetor)
            .arg(&dir)
            .arg(SHARDS.to_string())
            .arg(&inputs)
            .arg(options)
            .arg(&plan)
            .current_dir(root)
            .output()
            .context("cannot run python3")?;
        if !out.status.success() {
            bail!("the Spark recipe failed:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        let spark_secs = start.elapsed().as_secs_f64();
        let merged = dir.join("merged");
        let files: Vec<_> = (0..SHARDS).map(|k| parts.join(format!("part-{k}-of-{SHARDS}.jsonl"))).collect();
        run(Command::new(&rhetor)
            .args(["merge", "--quiet", "--shared-prints"])
            .arg(dir.join("shared-prints.jsonl"))
            .arg("--out")
            .arg(&merged)
            .args(&files)
            .current_dir(root))?;
        let mut names: Vec<_> = std::fs::read_dir(&one)?.flatten().map(|e| e.file_name()).collect();
        names.sort();
        for f in &names {
            if std::fs::read(one.join(f))? != std::fs::read(merged.join(f)).unwrap_or_default() {
                bail!(
                    "{name}: {} of the merged Spark shards differs from the single run's ({} and {})",
                    f.to_string_lossy(),
                    one.display(),
                    merged.display()
                );
            }
        }
        let how = match map {
            Map::Files { .. } => "evidence in two rounds, ".to_string(),
            Map::Rows(f) => format!("documents read by Spark ({f}), rows piped to "),
        };
        println!(
            "{name}: {how}{SHARDS} shards and the fingerprints grouped on PySpark local[4] ({}; {spark_secs:.1} s \
             with Spark's start), merged: all {} files identical to the single run's",
            String::from_utf8_lossy(&out.stdout).trim(),
            names.len()
        );
    }
    Ok(())
}

/// The State of the Union addresses as rows: `sotu.jsonl` (id, date, speaker, party, text, in the
/// order of the metadata table) and a manifest that reads it, in `dir`.
fn write_rows(sotu: &Path, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let table = std::fs::read_to_string(sotu.join("metadata.csv"))?;
    let mut lines = table.lines();
    let names: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let col = |n: &str| names.iter().position(|c| *c == n).with_context(|| format!("metadata.csv lacks `{n}`"));
    let (id, date, speaker, party) = (col("fileid")?, col("date")?, col("president_full")?, col("party")?);
    let mut out = String::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let get = |k: usize| f.get(k).copied().unwrap_or_default();
        let text = std::fs::read_to_string(sotu.join("speeches").join(format!("{}.txt", get(id))))?;
        let row = serde_json::json!({"id": get(id), "date": get(date), "speaker": get(speaker), "party": get(party), "text": text});
        out.push_str(&row.to_string());
        out.push('\n');
    }
    std::fs::write(dir.join("sotu.jsonl"), out)?;
    let manifest =
        "[[source]]\npath = \"sotu.jsonl\"\nformat = \"jsonl\"\nprofile = \"transcript\"\nfields = { id = \"id\" }\n";
    std::fs::write(dir.join("corpus.toml"), manifest)?;
    Ok(())
}

/// The Java runtime's major version (`openjdk version "17.0.15"` gives 17, `"1.8.0_402"` 8).
fn java_version() -> Option<u32> {
    let out = Command::new("java").arg("-version").output().ok().filter(|o| o.status.success())?;
    let text = String::from_utf8_lossy(&out.stderr);
    let quoted = text.split('"').nth(1)?;
    let mut parts = quoted.split(['.', '-', '_', '+']);
    match parts.next()?.parse().ok()? {
        1 => parts.next()?.parse().ok(),
        v => Some(v),
    }
}

fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let out = cmd.output().context("cannot run rhetor")?;
    if !out.status.success() {
        bail!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}
