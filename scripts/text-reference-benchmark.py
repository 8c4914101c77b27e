#!/usr/bin/env python3
"""Python reference for `fintext-benchmark text speed`: a regex cleaner plus Keras's Tokenizer.

Spawned by the Swift benchmark (or run by hand):
    /work/venv-text/bin/python scripts/text-reference-benchmark.py CORPUS.jsonl REPEAT
CORPUS.jsonl holds one {"text": ...} per line; the corpus is those documents repeated REPEAT times.
Pinned: Python 3.11, keras-preprocessing 1.1.2, numpy 1.26.4 (pip install keras-preprocessing==1.1.2 numpy==1.26.4).
Prints one JSON object: timings, sizes and checksums of the sequences (to compare with Swift's).
"""
import json
import os
import re
import sys
import time

from keras_preprocessing.text import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
STOP_PATH = os.path.join(HERE, "..", "Tests", "FTTextTests", "Fixtures", "nltk_english_stopwords.txt")
STOP_WORDS = set(open(STOP_PATH).read().split())
URL = re.compile(r"(?i)(?:https?://|www\.)\S+")
DIGITS = re.compile(r"[0-9]+")
NONWORD = re.compile(r"[^A-Za-z]+")


def clean(text):
    """TextCleaner.study in Python."""
    text = URL.sub(" ", text)
    text = DIGITS.sub("", text)
    text = NONWORD.sub(" ", text).lower()
    return " ".join(t for t in text.split() if len(t) >= 2 and t not in STOP_WORDS)


def main(path, repeat):
    with open(path, encoding="utf-8") as f:
        unique = [json.loads(line)["text"] for line in f]
    corpus = unique * repeat
    raw_bytes = sum(len(t.encode("utf-8")) for t in unique) * repeat
    c0 = time.process_time()
    t0 = time.perf_counter()
    cleaned = [clean(t) for t in corpus]
    t1 = time.perf_counter()
    tok = Tokenizer()
    tok.fit_on_texts(cleaned)
    t2 = time.perf_counter()
    seqs = tok.texts_to_sequences(cleaned)
    t3 = time.perf_counter()
    c3 = time.process_time()
    cleaned_bytes = sum(len(t) for t in cleaned)
    checksum = 0
    for s in seqs:
        h = 0
        for i in s:
            h = (h * 31 + i) % 2147483647
        checksum = (checksum + h) % 2147483647
    print(json.dumps({
        "documents": len(corpus), "raw_bytes": raw_bytes, "cleaned_bytes": cleaned_bytes,
        "clean_seconds": t1 - t0, "cpu_seconds": c3 - c0, "fit_seconds": t2 - t1, "convert_seconds": t3 - t2,
        "vocabulary": len(tok.word_index), "tokens": sum(len(s) for s in seqs), "checksum": checksum,
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
