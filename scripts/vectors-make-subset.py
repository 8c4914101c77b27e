#!/usr/bin/env python3
"""Write data/glove.6B.50d.subset.txt.gz: the GloVe 6B 50-d vectors of the sample corpus vocabulary.

Vocabulary = every lowercase alphabetic token of length >= 2 ([a-z]{2,} after lowercasing) of
  - the section texts of ../shared/data/sections-2023.jsonl.gz, and
  - the text of ../shared/data/filings-2023/*.htm.gz with HTML tags removed and entities decoded.
That is a superset of what FTText's tokenizer yields on the same corpus (it also splits on letters only).
The GloVe lines are copied byte for byte from glove.6B.50d.txt (written by vectors-fetch-glove.py), in
GloVe's own order (by corpus frequency), so the subset has exactly the real file's number format.

Usage: python3 scripts/vectors-make-subset.py GLOVE_TXT SHARED_DATA_FOLDER OUTPUT_GZ
Needs only the Python 3.11 standard library. gzip level 9, mtime 0 (reproducible bytes).
"""
import glob
import gzip
import html
import json
import os
import re
import sys

TOKEN = re.compile(r"[a-z]{2,}")
TAG = re.compile(r"<[^>]*>")
STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def corpus_vocabulary(shared: str) -> set:
    words = set()
    with gzip.open(os.path.join(shared, "sections-2023.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            for text in (record.get("sections") or {}).values():
                if text:
                    words.update(TOKEN.findall(text.lower()))
    for path in sorted(glob.glob(os.path.join(shared, "filings-2023", "*.htm.gz"))):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            raw = f.read()
        text = html.unescape(TAG.sub(" ", STYLE.sub(" ", raw)))
        words.update(TOKEN.findall(text.lower()))
    return words


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: vectors-make-subset.py GLOVE_TXT SHARED_DATA_FOLDER OUTPUT_GZ")
    glove, shared, output = sys.argv[1:]
    vocabulary = corpus_vocabulary(shared)
    kept = []
    with open(glove, "rb") as f:
        for line in f:
            word = line[: line.index(b" ")].decode("utf-8")
            if word in vocabulary:
                kept.append(line)
    body = b"".join(kept)
    with open(output, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as z:
            z.write(body)
    print(f"corpus vocabulary {len(vocabulary)} words; {len(kept)} in GloVe; "
          f"{len(body)} bytes text, {os.path.getsize(output)} bytes gzip", file=sys.stderr)


if __name__ == "__main__":
    main()
