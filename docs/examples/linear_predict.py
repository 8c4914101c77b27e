#!/usr/bin/env python3
"""Predict with a FinText linear baseline (train-classifier train --model linear) in plain Python.

Needs: Python 3 only (no packages).
Usage: python3 docs/examples/linear_predict.py MODEL_DIR/linear-model.json WORDS.txt
WORDS.txt holds one document per line: its words as FinText splits them (the cleaned, prefixed text,
lower-cased and split on Keras's filters and spaces; TFIDFVectorizer.words(in:)), separated by spaces.
Prints one line per document: the class probabilities, tab-separated, in the order of labelNames.
"""
import json
import math
import sys
from collections import Counter


def probabilities(model, words):
    vectorizer, regression = model["vectorizer"], model["model"]
    column = {term: i for i, term in enumerate(vectorizer["terms"])}
    counts = Counter(column[w] for w in words if w in column)
    # TF-IDF: raw count times idf, then the row divided by its Euclidean norm.
    x = {j: n * vectorizer["idf"][j] for j, n in counts.items()}
    norm = math.sqrt(sum(value * value for value in x.values())) or 1.0
    d = regression["features"]
    logits = [
        regression["intercepts"][c] + sum(regression["weights"][c * d + j] * value / norm for j, value in x.items())
        for c in range(regression["classes"])
    ]
    top = max(logits)
    e = [math.exp(z - top) for z in logits]
    return [value / sum(e) for value in e]


def main(model_path, words_path):
    with open(model_path, encoding="utf-8") as f:
        model = json.load(f)
    if model.get("model_kind", "linear") != "linear":
        sys.exit(f"{model_path}: not a linear baseline (model_kind {model['model_kind']!r})")
    print("\t".join(model["configuration"]["labelNames"]))
    with open(words_path, encoding="utf-8") as f:
        for line in f:
            print("\t".join(f"{p:.17g}" for p in probabilities(model, line.split())))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: linear_predict.py linear-model.json WORDS.txt")
    main(sys.argv[1], sys.argv[2])
