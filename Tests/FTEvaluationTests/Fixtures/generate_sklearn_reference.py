"""Writes sklearn_reference.json and special_functions.json, the golden values caret does not provide.

Run once by hand from this folder, after generate_caret_reference.R (it reads caret_reference.json's matrices):
    python3 generate_sklearn_reference.py
Versions: see the "versions" field written into each JSON (numpy, scipy, scikit-learn pinned by the venv used:
numpy==2.4.6, scipy==1.17.1, scikit-learn==1.9.1). Seed 20261125 for the probability cases.
"""
import json

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from sklearn.metrics import (brier_score_loss, cohen_kappa_score, log_loss,
                             precision_recall_fscore_support, roc_auc_score)

VERSIONS = {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}


def none_if_nan(values):
    return [None if (v is None or (isinstance(v, float) and np.isnan(v))) else float(v) for v in values]


def expand(matrix):
    """True and predicted label vectors of a confusion matrix (rows true, columns predicted)."""
    y_true, y_pred = [], []
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            y_true += [i] * count
            y_pred += [j] * count
    return np.array(y_true), np.array(y_pred)


def label_statistics(y_true, y_pred, k):
    labels = list(range(k))
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None,
                                                 zero_division=np.nan)
    # NPV is the precision of "not this class" one-vs-rest.
    npv = []
    for c in labels:
        pn, _, _, _ = precision_recall_fscore_support(y_true != c, y_pred != c, labels=[True], average=None,
                                                      zero_division=np.nan)
        npv.append(pn[0])
    averages = {}
    for average in ("macro", "weighted"):
        ap, ar, af, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=average,
                                                        zero_division=0)
        averages[average] = {"precision": float(ap), "recall": float(ar), "f1": float(af)}
    kappa = cohen_kappa_score(y_true, y_pred, labels=labels)
    return {"precision": none_if_nan(p), "recall": none_if_nan(r), "f1": none_if_nan(f), "npv": none_if_nan(npv),
            "macro": averages["macro"], "weighted": averages["weighted"],
            "kappa": None if np.isnan(kappa) else float(kappa)}


def probability_case(name, k, n, rng, absent=None):
    y_true = rng.integers(0, k, size=n)
    if absent is not None:
        y_true[y_true == absent] = (absent + 1) % k
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), y_true] += 1.0
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    # Round to 2 decimals so that ROC ties occur; the last column restores the sum to 1.
    probs[:, :-1] = np.round(probs[:, :-1], 2)
    probs[:, -1] = 1.0 - probs[:, :-1].sum(axis=1)
    bad = probs[:, -1] <= 0
    probs[bad, :-1] *= 0.9
    probs[:, -1] = 1.0 - probs[:, :-1].sum(axis=1)
    y_pred = probs.argmax(axis=1)
    labels = list(range(k))
    onehot = np.eye(k)[y_true]
    aucs = []
    for c in labels:
        positives = (y_true == c)
        aucs.append(float(roc_auc_score(positives, probs[:, c])) if 0 < positives.sum() < n else None)
    result = {"name": name, "classes": k, "true": y_true.tolist(), "predicted": y_pred.tolist(),
              "probabilities": probs.tolist(),
              "log_loss": float(log_loss(y_true, probs, labels=labels)),
              # Multi-class Brier (Brier 1950): mean over samples of the sum over classes.
              "brier": float(np.mean(np.sum((probs - onehot) ** 2, axis=1))),
              "roc_auc": aucs}
    result["brier_sklearn_unscaled"] = float(brier_score_loss(y_true, probs, labels=labels, scale_by_half=False)) \
            if k > 2 else float(2 * brier_score_loss(y_true == 1, probs[:, 1]))
    return result


def main():
    with open("caret_reference.json") as f:
        caret = json.load(f)
    matrices = []
    for case in caret["cases"]:
        y_true, y_pred = expand(case["matrix"])
        entry = {"name": case["name"], "matrix": case["matrix"]}
        entry.update(label_statistics(y_true, y_pred, len(case["matrix"])))
        matrices.append(entry)
    rng = np.random.default_rng(20261125)
    probability = [probability_case("binary_40", 2, 40, rng), probability_case("three_60", 3, 60, rng),
                   probability_case("five_100_absent", 5, 100, rng, absent=3),
                   probability_case("four_25", 4, 25, rng)]
    with open("sklearn_reference.json", "w") as f:
        json.dump({"generator": "generate_sklearn_reference.py", "versions": VERSIONS,
                   "matrices": matrices, "probability_cases": probability}, f, indent=1)

    # Special functions: regularised incomplete beta I_x(a, b), its inverse, regularised gamma P and Q.
    beta_cases = [(0.5, 0.5, 0.3), (1, 1, 0.7), (2, 3, 0.4), (5, 2, 0.9), (10, 10, 0.5), (0.1, 20, 0.01),
                  (50, 60, 0.45), (92, 92, 0.34), (183, 1, 0.999), (1, 183, 0.002), (1000, 1500, 0.41),
                  (3.5, 0.25, 0.97), (9000, 1000, 0.9), (30, 2, 0.1)]
    gamma_cases = [(0.5, 0.1), (0.5, 2), (1, 1), (1.5, 30), (3, 2.5), (10, 8), (10, 15), (100, 90), (1.5, 0.01),
                   (15, 40), (250, 260), (0.25, 4), (3, 0.5)]
    quantile_cases = [(92, 92, 0.025), (93, 91, 0.975), (1, 10, 0.025), (10, 1, 0.975), (9530, 471, 0.025),
                      (9531, 470, 0.975), (0.5, 0.5, 0.1), (2, 3, 0.5), (400, 3, 0.9999)]
    special_functions = {
        "generator": "generate_sklearn_reference.py", "versions": VERSIONS,
        "incomplete_beta": [{"a": a, "b": b, "x": x, "value": float(special.betainc(a, b, x))}
                            for a, b, x in beta_cases],
        "inverse_incomplete_beta": [{"a": a, "b": b, "p": p, "value": float(special.betaincinv(a, b, p))}
                                    for a, b, p in quantile_cases],
        "gamma_p": [{"a": a, "x": x, "value": float(special.gammainc(a, x))} for a, x in gamma_cases],
        "gamma_q": [{"a": a, "x": x, "value": float(special.gammaincc(a, x))} for a, x in gamma_cases],
        "chi_squared_upper_tail": [{"x": x, "df": df, "value": float(stats.chi2.sf(x, df))}
                                   for x, df in [(3.84, 1), (0.5, 1), (12.5, 3), (2.0, 6), (40, 10), (1e-3, 3)]],
        "log_gamma": [{"x": x, "value": float(special.gammaln(x))} for x in [0.5, 1, 2.5, 10, 183.5, 1e4]],
    }
    with open("special_functions.json", "w") as f:
        json.dump(special_functions, f, indent=1)


if __name__ == "__main__":
    main()
