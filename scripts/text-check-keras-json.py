#!/usr/bin/env python3
"""Checks that tokenizer JSON written by FTText's Tokenizer.toKerasJSON() loads in Keras and converts like Keras.

    /work/venv-text/bin/python scripts/text-check-keras-json.py SWIFT.json CASE
CASE is a case name in Tests/FTTextTests/Fixtures/keras_tokenizer.json.gz (clean_num_words_oov, raw_no_lower_oov).
Pinned: keras-preprocessing 1.1.2, numpy 1.26.4.
"""
import gzip
import json
import os
import sys

from keras_preprocessing.text import tokenizer_from_json

HERE = os.path.dirname(os.path.abspath(__file__))
golden = json.load(gzip.open(os.path.join(HERE, "..", "Tests", "FTTextTests", "Fixtures", "keras_tokenizer.json.gz"), "rt"))
path, case = sys.argv[1], sys.argv[2]
tok = tokenizer_from_json(open(path, encoding="utf-8").read())
expected = golden["cases"][case]
texts, unseen = (golden["cleaned"], golden["cleaned_unseen"]) if case.startswith("clean") else (golden["texts"], golden["unseen"])
assert tok.word_index == expected["word_index"], "word_index differs"
assert tok.texts_to_sequences(texts) == expected["sequences"], "sequences differ"
assert tok.texts_to_sequences(unseen) == expected["unseen_sequences"], "unseen sequences differ"
assert list(tok.word_counts.items()) == [tuple(p) for p in expected["word_counts"]], "word_counts order differs"
tok.fit_on_texts(texts)  # a further fit must keep working on the loaded state
print(f"{path}: loads in Keras, same word_index and sequences ({len(tok.word_index)} words)")
