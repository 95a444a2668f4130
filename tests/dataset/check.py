"""Read rhetor's Parquet dataset with independent readers (pyarrow, DuckDB, pandas) and check it
against results.json and results.csv of the same run (written with --evidence all, so that
results.json lists every evidence item).

Usage: python3 check.py OUT_DIR_FULL OUT_DIR_DEFAULT
Prints one line per check; exits non-zero on the first failure.
"""
import csv
import glob
import io
import json
import os
import sys

import duckdb
import pandas as pd
import pyarrow.parquet as pq

full, default = sys.argv[1], sys.argv[2]
results = json.load(open(f"{full}/results.json"))
compact = json.load(open(f"{default}/results.json"))


def check(name, got, want):
    shown = repr(got)
    print(f"{name}: {shown if len(shown) < 200 else shown[:200] + ' …'} ({'as expected' if got == want else f'expected {want!r}'})")
    if got != want:
        sys.exit(f"FAILED: {name}")


def documents(r):
    """The documents of a results.json as dicts: in full (`--evidence all`), or rebuilt from the compact
    results' table (`{"columns", "data"}`) with each analyzer's metrics and evidence count."""
    if isinstance(r["documents"], list):
        return r["documents"]
    columns, analyzers = r["documents"]["columns"], [a["analyzer"] for a in r["corpus"]["results"]]
    out = []
    for row in r["documents"]["data"]:
        cells = dict(zip(columns, row))
        results = []
        for name in analyzers:
            metrics = {c.split(".", 1)[1]: v for c, v in cells.items()
                       if c.startswith(name + ".") and c != name + ".evidence_count"}
            results.append({"analyzer": name, "metrics": metrics, "evidence_count": cells[name + ".evidence_count"]})
        out.append({"id": cells["id"], "group": cells.get("group"), "counts": {"bytes": cells["bytes"]}, "results": results})
    return out


def scopes(r):
    """(scope, document, group, analyzer result) of every result in a results.json."""
    for d in documents(r):
        for a in d["results"]:
            yield "document", d["id"], d.get("group"), a
    for g in (r.get("grouping") or {}).get("groups", []):
        for a in g["results"]:
            yield "group", None, g["name"], a
    for a in r["corpus"]["results"]:
        yield "corpus", None, None, a


# Typed tables (ANALYZER.TABLE.parquet): a document table written wide, a row per table row.
typed = sorted(os.path.basename(f)[:-len(".parquet")] for f in glob.glob(f"{full}/*.*.parquet"))

# The full run's and the default run's Parquet files are the same bytes.
for f in ["evidence", "metrics", "documents", "tables", "series", "ingest-log"] + typed:
    a, b = open(f"{full}/{f}.parquet", "rb").read(), open(f"{default}/{f}.parquet", "rb").read()
    check(f"{f}.parquet identical with and without --evidence all", a == b, True)

# pyarrow: row counts against results.json.
ev = pq.read_table(f"{full}/evidence.parquet")
check("evidence rows", ev.num_rows, sum(len(a.get("evidence", [])) for *_, a in scopes(results)))
check("evidence rows = compact results' evidence_count", ev.num_rows,
      sum(a.get("evidence_count", 0) for *_, a in scopes(compact)))
check("compact groups and corpus keep a sample of evidence", all(
    len(a.get("evidence", [])) <= compact["run"]["evidence_sample"] for s, _, _, a in scopes(compact) if s != "document"),
    True)
docs = pq.read_table(f"{full}/documents.parquet")
check("documents rows", docs.num_rows, len(results["documents"]))
check("document ids in order", docs.column("id").to_pylist(), [d["id"] for d in results["documents"]])
metrics = pq.read_table(f"{full}/metrics.parquet")
check("metrics rows", metrics.num_rows, sum(len(a["metrics"]) for *_, a in scopes(results)))
with open(f"{full}/results.csv", newline="") as f:
    check("metrics rows = results.csv rows", metrics.num_rows, sum(1 for _ in csv.DictReader(f)))
texts = pq.read_table(f"{full}/texts.parquet").to_pandas()
check("texts rows, ids in order", list(texts.id), [d["id"] for d in results["documents"]])
check("text bytes = documents' bytes", [len(t.encode()) for t in texts.text], [d["counts"]["bytes"] for d in results["documents"]])
body = {i: t.encode() for i, t in zip(texts.id, texts.text)}
hits = [(e["document"], e["doc_span"], e["text"]) for d in results["documents"] for a in d["results"]
        if a["analyzer"] == "rhetoric" for e in a.get("evidence", [])]
check("rhetoric evidence = its span of texts.parquet", sum(1 for d, (a, b), t in hits if body[d][a:b].decode() != t), 0)
check("offset maps tile each text", all(
    json.loads(o)[-1][1] == len(t.encode()) if json.loads(o) else len(t) == 0 for t, o in zip(texts.text, texts.offsets)), True)
log = pq.read_table(f"{full}/ingest-log.parquet")
check("ingest log rows", log.num_rows, len(results["run"].get("ingest_log", [])))
check("ingest log rows = compact summary's entries", log.num_rows,
      sum(e["entries"] for e in compact["run"].get("ingest_log_summary", [])))
check("ingest log bytes", sum(e - s for s, e in zip(log.column("start").to_pylist(), log.column("end").to_pylist())),
      sum(e["bytes"] for e in compact["run"].get("ingest_log_summary", [])))
check("typed tables (the sentiment analyzer's sentences, …)", "sentiment.sentences" in typed and len(typed) >= 10, True)
wide = set()
for name in typed:
    analyzer, table = name.split(".", 1)
    got = pq.read_table(f"{full}/{name}.parquet").to_pylist()
    want = [{"document_index": i, "document": d["id"], "row": k, **dict(zip(t["columns"], row))}
            for i, d in enumerate(documents(results)) for a in d["results"] if a["analyzer"] == analyzer
            for t in a.get("tables", []) if t["name"] == table for k, row in enumerate(t["rows"])]
    check(f"{name}.parquet rows", len(got), len(want))
    check(f"{name}.parquet = the documents' {table} tables of results.json", got == want, True)
    wide.add((analyzer, table))
cells = sum(len(t["rows"]) * len(t["columns"]) for s, _, _, a in scopes(results) for t in a.get("tables", [])
            if s != "document" or (a["analyzer"], t["name"]) not in wide)
check("tables cells (but the typed tables')", pq.read_table(f"{full}/tables.parquet").num_rows, cells)
series = pq.read_table(f"{full}/series.parquet")
check("series points", series.num_rows, sum(len(s["points"]) for *_, a in scopes(results) for s in a.get("series", [])))
check("compact documents are a table (columns and rows), without series", sorted(compact["documents"]), ["columns", "data"])
first = next((d["id"], a["analyzer"], s) for d in results["documents"] for a in d["results"] for s in a.get("series", []))
got = series.to_pandas()
got = got[(got.document == first[0]) & (got.analyzer == first[1]) & (got.series == first[2]["name"])]
check("series points of a document", [[None if x != x else x, None if y != y else y] for x, y in zip(got.x, got.y)],
      first[2]["points"])

# The compact results' documents table: every document's metric values as the full results give them,
# and pandas reads it in its `split` layout.
full_values = {(d["id"], a["analyzer"], m["name"]): m["value"] for d in results["documents"] for a in d["results"]
               for m in a["metrics"]}
table_values = {(d["id"], a["analyzer"], n): v for d in documents(compact) for a in d["results"]
                for n, v in a["metrics"].items()}
check("compact documents table: every metric value as in the full results", table_values == full_values, True)
table = pd.read_json(io.StringIO(json.dumps(compact["documents"])), orient="split", dtype=False)
check("pandas: the documents table's shape (split layout)", table.shape,
      (len(results["documents"]), len(compact["documents"]["columns"])))
check("pandas: the table's ids as written", list(table["id"]), [d["id"] for d in results["documents"]])

# DuckDB: totals against results.json.
con = duckdb.connect()
want = sum(m["value"] for s, _, _, a in scopes(results) if s == "document" for m in a["metrics"]
           if a["analyzer"] == "text-stats" and m["name"] == "words")
got = con.execute(f"select sum(value) from '{full}/metrics.parquet' "
              "where scope = 'document' and analyzer = 'text-stats' and metric = 'words'").fetchone()[0]
check("DuckDB: total words over documents", int(got), int(want))
got = con.execute(f"select sum(words) from '{full}/documents.parquet'").fetchone()[0]
check("DuckDB: documents.parquet words", int(got), int(want))
by_analyzer = dict(con.execute(f"select analyzer, count(*) from '{full}/evidence.parquet' "
                           "where scope = 'document' group by analyzer").fetchall())
want = {}
for s, _, _, a in scopes(results):
    if s == "document" and a.get("evidence"):
        want[a["analyzer"]] = want.get(a["analyzer"], 0) + len(a["evidence"])
check("DuckDB: evidence per analyzer", by_analyzer, want)
lang = con.execute(f"select distinct extra['detected_language'] from '{full}/documents.parquet'").fetchall()
check("DuckDB: extra is a map", lang, [("en",)])

# pandas: every evidence text is the document text at its span (first 200 rows), via results.json.
df = pd.read_parquet(f"{full}/evidence.parquet")
first = [e for s, _, _, a in scopes(results) if s == "document" for e in a.get("evidence", [])]
rows = df[df["scope"] == "document"].head(200)
check("pandas: evidence texts and spans",
      [(r.document, r.text, r.doc_start, r.source_start) for r in rows.itertuples()],
      [(e["document"], e["text"], e["doc_span"][0], e["source"]["start"]) for e in first[:200]])
print("ok")
