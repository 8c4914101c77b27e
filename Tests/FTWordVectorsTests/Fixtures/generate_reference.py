#!/usr/bin/env python3
"""Golden values for FTWordVectorsTests, written once with gensim and NumPy (CI never runs this).

Pinned: Python 3.11.7, gensim==4.4.0, numpy==2.4.6. Run from the repository root:
    python Tests/FTWordVectorsTests/Fixtures/generate_reference.py
Writes into Tests/FTWordVectorsTests/Fixtures/:
  - small.w2v.bin / small.w2v.txt: a 6-word, 4-d table saved by gensim's save_word2vec_format
    (binary=True / False), including a non-ASCII word;
  - small.json: the words and float32 vectors gensim reads back from those files;
  - subset_reference.json: from data/glove.6B.50d.subset.txt.gz loaded by gensim
    (load_word2vec_format(no_header=True)): the count, the first and last words with their vectors,
    gensim's most_similar (cosine) top 10 for a few words, and a NumPy PCA (covariance eigenvectors,
    sign fixed so each component's largest-magnitude entry is positive) of a fixed word list.
"""
import gzip
import json
import os
import tempfile

import numpy as np
from gensim.models import KeyedVectors

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def small() -> None:
    words = ["the", "revenue", "café", "net", "loss", "ebitda"]
    rng = np.random.default_rng(6)
    vectors = rng.normal(0, 0.5, size=(len(words), 4)).astype(np.float32)
    kv = KeyedVectors(vector_size=4)
    kv.add_vectors(words, vectors)
    kv.save_word2vec_format(os.path.join(HERE, "small.w2v.bin"), binary=True)
    kv.save_word2vec_format(os.path.join(HERE, "small.w2v.txt"), binary=False)
    back_bin = KeyedVectors.load_word2vec_format(os.path.join(HERE, "small.w2v.bin"), binary=True)
    back_txt = KeyedVectors.load_word2vec_format(os.path.join(HERE, "small.w2v.txt"), binary=False)
    out = {
        "words": list(back_bin.index_to_key),
        "binary": [[float(x) for x in back_bin[w]] for w in back_bin.index_to_key],
        "text": [[float(x) for x in back_txt[w]] for w in back_txt.index_to_key],
    }
    with open(os.path.join(HERE, "small.json"), "w") as f:
        json.dump(out, f, indent=1)


def subset() -> None:
    source = os.path.join(ROOT, "data", "glove.6B.50d.subset.txt.gz")
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "subset.txt")
        with gzip.open(source, "rb") as f, open(plain, "wb") as g:
            g.write(f.read())
        kv = KeyedVectors.load_word2vec_format(plain, binary=False, no_header=True)
    queries = ["revenue", "debt", "bank", "oil", "software"]
    neighbours = {q: [[w, float(s)] for w, s in kv.most_similar(q, topn=10)] for q in queries}
    pca_words = ["revenue", "income", "profit", "loss", "debt", "bank", "oil", "gas", "software", "cloud",
                 "drug", "patient", "clinical", "lease", "tax"]
    x = np.stack([kv[w] for w in pca_words]).astype(np.float64)
    centred = x - x.mean(axis=0)
    covariance = centred.T @ centred / (len(pca_words) - 1)
    values, vectors = np.linalg.eigh(covariance)
    components = []
    for column in (vectors.shape[1] - 1, vectors.shape[1] - 2):
        c = vectors[:, column]
        if c[np.argmax(np.abs(c))] < 0:
            c = -c
        components.append(c)
    projection = centred @ np.stack(components, axis=1)
    out = {
        "count": len(kv.index_to_key),
        "first": [kv.index_to_key[0], [float(v) for v in kv[kv.index_to_key[0]]]],
        "last": [kv.index_to_key[-1], [float(v) for v in kv[kv.index_to_key[-1]]]],
        "neighbours": neighbours,
        "pca_words": pca_words,
        "pca": [[float(a), float(b)] for a, b in projection],
        "pca_top_eigenvalues": [float(values[-1]), float(values[-2])],
    }
    with open(os.path.join(HERE, "subset_reference.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    small()
    subset()
