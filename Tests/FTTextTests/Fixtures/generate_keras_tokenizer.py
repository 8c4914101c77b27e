#!/usr/bin/env python3
"""Golden values for FTText's TextCleaner, Tokenizer and padSequences, from Keras's own code.

Run once by hand (CI never runs Python):
    python3 -m venv /work/venv-text
    /work/venv-text/bin/pip install keras-preprocessing==1.1.2 numpy==1.26.4
    /work/venv-text/bin/python generate_keras_tokenizer.py /work/shared/data/sections-2023.jsonl.gz

Pinned: Python 3.11.7, keras-preprocessing 1.1.2 (the standalone copy of Keras's legacy
keras.preprocessing.text.Tokenizer and keras.preprocessing.sequence.pad_sequences), numpy 1.26.4.
No randomness: the corpus is the first 10 filings (file order) of sections-2023.jsonl.gz, items 1, 1A, 7, 7A,
each cut to its first 2,500 characters; two further filings are the unseen texts.
Writes keras_tokenizer.json.gz beside this script.
"""
import gzip
import json
import re
import sys

import keras_preprocessing
import numpy as np
from keras_preprocessing.sequence import pad_sequences
from keras_preprocessing.text import Tokenizer, tokenizer_from_json

STOP_WORDS = set(open(__file__.replace("generate_keras_tokenizer.py", "nltk_english_stopwords.txt")).read().split())
assert len(STOP_WORDS) == 179

URL = re.compile(r"(?i)(?:https?://|www\.)\S+")
DIGITS = re.compile(r"[0-9]+")
NONWORD = re.compile(r"[^A-Za-z]+")


def clean(text):
    """The study cleaner (TextCleaner.study)."""
    text = URL.sub(" ", text)
    text = DIGITS.sub("", text)
    text = NONWORD.sub(" ", text).lower()
    return " ".join(t for t in text.split() if len(t) >= 2 and t not in STOP_WORDS)


def main(path):
    rows = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    texts = []
    for row in rows[:10]:
        for item in ["1", "1A", "7", "7A"]:
            text = row["sections"].get(item) or ""
            if text:
                texts.append(text[:2500])
    unseen = [rows[10]["sections"]["1"][:2500], rows[11]["sections"]["7"][:2500]]
    unseen.append("http://www.sec.gov Item 7A. www.example.com QUANTITATIVE résumé Ünited company’s 10-K 2023 a b")
    cleaned = [clean(t) for t in texts]
    cleaned_unseen = [clean(t) for t in unseen]

    def fit(corpus, **kwargs):
        tok = Tokenizer(**kwargs)
        tok.fit_on_texts(corpus)
        return tok

    def describe(tok, corpus_unseen, corpus_seen):
        return {
            "word_counts": [[w, c] for w, c in tok.wordCounts.items()],
            "word_docs": dict(tok.wordDocs),
            "word_index": tok.wordIndex,
            "document_count": tok.documentCount,
            "sequences": tok.texts_to_sequences(corpus_seen),
            "unseen_sequences": tok.texts_to_sequences(corpus_unseen),
        }

    cases = {
        "raw_default": describe(fit(texts), unseen, texts),
        "clean_num_words_oov": describe(fit(cleaned, num_words=50, oov_token="<OOV>"), cleaned_unseen, cleaned),
        "clean_num_words": describe(fit(cleaned, num_words=30), cleaned_unseen, cleaned),
        "raw_no_lower_oov": describe(fit(texts, lower=False, oov_token="oov"), unseen, texts),
    }
    for name, tok in [("clean_num_words_oov", fit(cleaned, num_words=50, oov_token="<OOV>")),
                      ("raw_no_lower_oov", fit(texts, lower=False, oov_token="oov"))]:
        cases[name]["to_json"] = tok.toJson()
    seqs = cases["clean_num_words_oov"]["sequences"]
    pads = {}
    for padding in ["pre", "post"]:
        for truncating in ["pre", "post"]:
            pads[f"{padding}_{truncating}"] = pad_sequences(
                seqs, maxlen=60, padding=padding, truncating=truncating).tolist()
    pads["maxlen_none"] = pad_sequences(seqs).tolist()
    pads["value_minus1_post_post_40"] = pad_sequences(
        seqs, maxlen=40, padding="post", truncating="post", value=-1).tolist()
    # Round trip of Keras's own JSON.
    back = tokenizer_from_json(cases["clean_num_words_oov"]["to_json"])
    assert back.texts_to_sequences(cleaned_unseen) == cases["clean_num_words_oov"]["unseen_sequences"]
    out = {
        "generator": "generate_keras_tokenizer.py",
        "versions": {"keras_preprocessing": keras_preprocessing.__version__, "numpy": np.__version__,
                     "python": sys.version.split()[0]},
        "texts": texts,
        "unseen": unseen,
        "cleaned": cleaned,
        "cleaned_unseen": cleaned_unseen,
        "cases": cases,
        "pad_input": "cases.clean_num_words_oov.sequences",
        "padded": pads,
    }
    target = __file__.replace(".py", "").replace("generate_", "") + ".json.gz"
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(out, f, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
