//! `cargo xtask spark`: the Apache Spark recipe of docs/distributed.md run on PySpark in local mode —
//! an RDD of shard numbers piped through `rhetor analyze --shard K/N`, each partition's lines
//! collected into a part file on the driver, then `rhetor merge` — and its results.json compared
//! byte for byte with a single-process run, on the bundled corpus and on the State of the Union
//! addresses (when `../shared` is present). Without `pyspark` or a Java runtime it says how to
//! install them and stops; it installs nothing.

use anyhow::{Context as _, bail};
use std::path::Path;
use std::process::Command;

const SHARDS: usize = 3;

/// The recipe, as the documentation gives it, with the binary, input and folders as arguments.
const RECIPE: &str = r#"
import os, sys
from pyspark.sql import SparkSession
rhetor, parts_dir, n, args = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
spark = SparkSession.builder.master("local[2]").appName("rhetor-shards").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
cmd = "sh -c 'read k; exec %s analyze %s --shard $k/%d --threads 1 --quiet'" % (rhetor, args, n)
parts = spark.sparkContext.parallelize([str(k) for k in range(n)], n).pipe(cmd).glom().collect()
os.makedirs(parts_dir, exist_ok=True)
for k, lines in enumerate(parts):
    with open(os.path.join(parts_dir, "part-%d-of-%d.jsonl" % (k, n)), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
spark.stop()
print(sum(len(p) for p in parts))
"#;

pub fn spark(root: &Path) -> anyhow::Result<()> {
    let python = |code: &str| Command::new("python3").args(["-c", code]).output().is_ok_and(|o| o.status.success());
    let java = Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    if !python("import pyspark") || !java {
        println!(
            "cargo xtask spark needs PySpark and a Java runtime (17 or later): `pip install pyspark` and \
             `apt-get install default-jre-headless` (found: pyspark {}, java {}). Nothing was run.",
            if python("import pyspark") { "yes" } else { "no" },
            if java { "yes" } else { "no" }
        );
        return Ok(());
    }
    let rhetor = crate::build_rhetor(root)?;
    let mut corpora = vec![("corpus", "corpus --group-by kind".to_string())];
    let sotu = root.join("../shared/data/sotu");
    if sotu.is_dir() {
        corpora.push(("sotu", format!("--manifest config/sources/sotu.toml {} --group-by party", sotu.display())));
    } else {
        println!("({} is absent: the SOTU run is skipped)", sotu.display());
    }
    for (name, args) in corpora {
        let dir = root.join("target/spark").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let split: Vec<&str> = args.split(' ').collect();
        let one = dir.join("one");
        run(Command::new(&rhetor).args(["analyze", "--quiet", "--out"]).arg(&one).args(&split).current_dir(root))?;
        let parts = dir.join("parts");
        let start = std::time::Instant::now();
        let out = Command::new("python3")
            .args(["-c", RECIPE])
            .arg(&rhetor)
            .arg(&parts)
            .arg(SHARDS.to_string())
            .arg(&args)
            .current_dir(root)
            .output()
            .context("cannot run python3")?;
        if !out.status.success() {
            bail!("the Spark recipe failed:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        let spark_secs = start.elapsed().as_secs_f64();
        let merged = dir.join("merged");
        let files: Vec<_> = (0..SHARDS).map(|k| parts.join(format!("part-{k}-of-{SHARDS}.jsonl"))).collect();
        run(Command::new(&rhetor).args(["merge", "--quiet", "--out"]).arg(&merged).args(&files).current_dir(root))?;
        let (a, b) = (std::fs::read(one.join("results.json"))?, std::fs::read(merged.join("results.json"))?);
        if a != b {
            bail!(
                "{name}: the merged Spark shards differ from the single run ({} and {})",
                one.display(),
                merged.display()
            );
        }
        println!(
            "{name}: {SHARDS} shards on PySpark local[2] ({} lines, {spark_secs:.1} s with Spark's start), merged: \
             results.json identical to the single run ({} bytes)",
            String::from_utf8_lossy(&out.stdout).trim(),
            a.len()
        );
    }
    Ok(())
}

fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let out = cmd.output().context("cannot run rhetor")?;
    if !out.status.success() {
        bail!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}
