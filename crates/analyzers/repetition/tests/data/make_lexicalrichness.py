"""Regenerate lexicalrichness.json: the reference lexical-diversity values that
tests/diversity.rs checks the `repetition` analyzer against.

Usage (from the workspace root, with the Python package installed: pip install lexicalrichness):
    cargo run --release -p rhetor-cli -- tokens --format jsonl crates/analyzers/rhetoric/tests/data/sotu \
        | python3 crates/analyzers/repetition/tests/data/make_lexicalrichness.py \
        > crates/analyzers/repetition/tests/data/lexicalrichness.json

Each document's words are rhetor's own tokens (kind `word` or `other-script`, normalized forms), fed
to lexicalrichness as a ready-made list (tokenizer=None), so the comparison is of the measures alone.
"""
import json
import sys
from importlib.metadata import version

from lexicalrichness import LexicalRichness

words = {}
for line in sys.stdin:
    t = json.loads(line)
    if t["kind"] in ("word", "other-script"):
        words.setdefault(t["document"], []).append(t["form"])

out = {"package": "lexicalrichness", "version": version("lexicalrichness"), "documents": []}
for doc, wl in words.items():
    lex = LexicalRichness(wl, preprocessor=None, tokenizer=None)
    out["documents"].append({
        "id": doc,
        "words": lex.words,
        "terms": lex.terms,
        "ttr": lex.ttr,
        "mattr_50": lex.mattr(window_size=50),
        "mtld_0.72": lex.mtld(threshold=0.72),
        "hdd_42": lex.hdd(draws=42),
        "maas": lex.Maas,
        "yule_k": lex.yulek,
    })
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
