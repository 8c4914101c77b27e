"""Generates paired-tests.json: reference values from SciPy for FinText's paired comparison and finance metrics.

Run with a scratch venv holding scipy (not the repository's):
    python3 -m venv /tmp/ref-venv && /tmp/ref-venv/bin/pip install scipy numpy
    /tmp/ref-venv/bin/python make_paired_tests_fixture.py

- Corrected resampled t-test (Nadeau & Bengio 2003): t = mean(d) / sqrt((1/J + ratio) * var(d, ddof=1)),
  p = 2 * t.sf(|t|, J - 1), computed here from its definition with scipy's t distribution.
- McNemar: continuity-corrected chi-square (R mcnemar.test) with scipy's chi2, and the exact test with
  scipy.stats.binomtest.
- High-minus-low spread: scipy.stats.ttest_ind(equal_var=False) (Welch).
- Rank IC: scipy.stats.spearmanr (average ranks for ties, t-based p-value).
"""

import json

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20)

t_cases = []
for j, ratio in [(15, 0.25), (5, 0.2), (30, 0.111), (4, 1.0)]:
    d = np.round(rng.normal(0.02, 0.05, j), 6)
    var = d.var(ddof=1)
    t = d.mean() / np.sqrt((1 / j + ratio) * var)
    t_cases.append(
        {"differences": d.tolist(), "ratio": ratio, "t": float(t), "p_value": float(2 * stats.t.sf(abs(t), j - 1))}
    )

mcnemar_cases = []
for n, agree in [(92, 0.7), (364, 0.8), (40, 0.5), (26, 0.9)]:
    first = rng.random(n) < 0.45
    second = np.where(rng.random(n) < agree, first, rng.random(n) < 0.4)
    b = int(np.sum(first & ~second))
    c = int(np.sum(~first & second))
    chi = (max(abs(b - c) - 1, 0) ** 2) / (b + c)
    mcnemar_cases.append(
        {
            "first": first.tolist(),
            "second": second.tolist(),
            "b": b,
            "c": c,
            "chi_squared": chi,
            "p_value": float(stats.chi2.sf(chi, 1)),
            "exact_p_value": float(stats.binomtest(b, b + c, 0.5).pvalue),
        }
    )

return_cases = []
for n in [26, 124, 9]:
    predicted = rng.integers(0, 3, n)
    predicted[:3] = [0, 2, 0]
    predicted[3:5] = [2, 1]
    scores = np.round(rng.normal(0, 0.3, n), 3)  # rounding makes ties
    returns = np.round(0.02 * (predicted - 1) + rng.normal(0, 0.08, n), 4)
    high = returns[predicted == 2]
    low = returns[predicted == 0]
    welch = stats.ttest_ind(high, low, equal_var=False)
    spearman = stats.spearmanr(scores, returns)
    return_cases.append(
        {
            "predicted": predicted.tolist(),
            "scores": scores.tolist(),
            "returns": returns.tolist(),
            "spread": float(high.mean() - low.mean()),
            "spread_t": float(welch.statistic),
            "spread_p_value": float(welch.pvalue),
            "rank_ic": float(spearman.statistic),
            "rank_ic_p_value": float(spearman.pvalue),
        }
    )

with open("paired-tests.json", "w") as f:
    json.dump(
        {
            "generator": f"scipy {scipy.__version__}, numpy {np.__version__}",
            "t_tests": t_cases,
            "mcnemar": mcnemar_cases,
            "returns": return_cases,
        },
        f,
        separators=(",", ":"),
    )
    f.write("\n")
