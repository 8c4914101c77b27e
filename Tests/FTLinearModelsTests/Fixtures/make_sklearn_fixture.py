"""Generates sklearn-tfidf-logistic.json: TF-IDF and logistic-regression references from scikit-learn.

Run with a scratch venv holding scikit-learn and numpy (not the repository's):
    python3 -m venv /tmp/ref-venv && /tmp/ref-venv/bin/pip install scikit-learn scipy
    /tmp/ref-venv/bin/python make_sklearn_fixture.py

Each case is a small deterministic corpus whose word distribution depends on the class. Words are split
as Keras's text_to_word_sequence does (FinText's TFIDFVectorizer.words(in:)), and TfidfVectorizer gets
them through analyzer=that function, so the vocabulary options are scikit-learn's defaults otherwise
(smooth idf, l2 rows, min_df as given). LogisticRegression(C=...) is fitted with lbfgs to a tight
tolerance (tol=1e-10, max_iter=10000), so the fixture holds the objective's optimum rather than wherever
the default tolerance (1e-4, 100 iterations) happens to stop.
"""

import json
import random

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def words(text):
    text = text.lower()
    for c in FILTERS:
        text = text.replace(c, " ")
    return [w for w in text.split(" ") if w]


def corpus(seed, n, classes, vocabulary):
    rng = random.Random(seed)
    common = [f"w{i}" for i in range(vocabulary)]
    texts, labels = [], []
    for i in range(n):
        label = i % classes
        length = rng.randint(5, 40)
        tokens = []
        for _ in range(length):
            if rng.random() < 0.08:
                tokens.append(f"c{label}x{rng.randint(0, 4)}")
            else:
                tokens.append(rng.choice(common))
        # punctuation and capitals exercise the Keras word split
        texts.append(" ".join(tokens).replace(" w1 ", " W1, ").replace(" w2 ", "\tw2."))
        labels.append(label)
    return texts, labels


def case(name, seed, n, classes, vocabulary, c, min_df):
    texts, labels = corpus(seed, n, classes, vocabulary)
    train = list(range(0, n - n // 4))
    test = list(range(n - n // 4, n))
    vectorizer = TfidfVectorizer(analyzer=words, min_df=min_df)
    x_train = vectorizer.fit_transform([texts[i] for i in train]).toarray()
    x_test = vectorizer.transform([texts[i] for i in test]).toarray()
    model = LogisticRegression(C=c, tol=1e-10, max_iter=10000)
    model.fit(x_train, [labels[i] for i in train])
    terms = vectorizer.get_feature_names_out().tolist()
    return {
        "name": name,
        "texts": texts,
        "labels": labels,
        "training": train,
        "test": test,
        "c": c,
        "min_df": min_df,
        "classes": classes,
        "terms": terms,
        "idf": vectorizer.idf_.tolist(),
        "training_features": x_train.tolist(),
        "test_features": x_test.tolist(),
        "test_probabilities": model.predict_proba(x_test).tolist(),
        "test_predictions": model.predict(x_test).tolist(),
        "training_probabilities": model.predict_proba(x_train).tolist(),
    }


cases = [
    case("three classes", 1, 80, 3, 30, 1.0, 1),
    case("three classes, min_df 2, C 0.5", 2, 60, 3, 25, 0.5, 2),
    case("two classes", 3, 48, 2, 20, 1.0, 1),
]
with open("sklearn-tfidf-logistic.json", "w") as f:
    json.dump(
        {"generator": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}", "cases": cases},
        f,
        indent=None,
        separators=(",", ":"),
    )
    f.write("\n")
