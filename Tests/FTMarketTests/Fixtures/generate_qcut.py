#!/usr/bin/env python3
# Generates qcut.json: pandas qcut labels and bin edges that QuantileBinnerTests must match exactly.
# Run once by hand (CI never runs Python):
#   python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas==3.1.1 numpy==2.4.6
#   /tmp/venv/bin/python generate_qcut.py
# Pinned: python 3.11.7, pandas==3.1.1, numpy==2.4.6. Seed: numpy default_rng(20231231).
import json
import math

import numpy as np
import pandas as pd

assert pd.__version__ == "3.1.1" and np.__version__ == "2.4.6", (pd.__version__, np.__version__)
rng = np.random.default_rng(20231231)
cases = []


def whole(name, values, k, duplicates="raise"):
    values = [float(v) for v in values]
    case = {"name": name, "k": k, "duplicates": duplicates, "values": values, "groups": None}
    try:
        labels, bins = pd.qcut(pd.Series(values), k, labels=False, retbins=True, duplicates=duplicates)
        case["labels"] = [None if math.isnan(x) else int(x) for x in labels]
        case["edges"] = {"all": [float(b) for b in bins]}
        case["error"] = None
    except ValueError as e:
        case["labels"], case["edges"], case["error"] = None, None, str(e).splitlines()[0]
    cases.append(case)


def grouped(name, values, groups, k, duplicates="raise"):
    values = [float(v) for v in values]
    df = pd.DataFrame({"x": values, "g": groups})
    case = {"name": name, "k": k, "duplicates": duplicates, "values": values, "groups": list(groups)}
    try:
        edges = {}
        labels = pd.Series(np.nan, index=df.index)
        for g, part in df.groupby("g", sort=True):
            lab, bins = pd.qcut(part["x"], k, labels=False, retbins=True, duplicates=duplicates)
            labels[part.index] = lab
            edges[str(g)] = [float(b) for b in bins]
        # Same labels through the idiom the study would use.
        via_transform = df.groupby("g")["x"].transform(lambda s: pd.qcut(s, k, labels=False, duplicates=duplicates))
        assert (via_transform.astype(float).to_numpy() == labels.to_numpy()).all(), name
        case["labels"] = [int(x) for x in labels]
        case["edges"] = edges
        case["error"] = None
    except ValueError as e:
        case["labels"], case["edges"], case["error"] = None, None, str(e).splitlines()[0]
    cases.append(case)


# Whole-set cases.
whole("normal_124_k3", rng.normal(0, 0.1, 124), 3)
whole("normal_1000_k3", rng.normal(0, 0.1, 1000), 3)
whole("uniform_50_k10", rng.uniform(-1, 1, 50), 10)
whole("uniform_31_k7", rng.uniform(-1, 1, 31), 7)
whole("lognormal_20_k5", rng.lognormal(0, 1, 20), 5)
whole("n_less_than_k_4_k5", [0.3, -0.1, 0.7, 0.2], 5)
whole("two_values_k3", [1.5, -2.25], 3)
whole("k1", rng.normal(size=9), 1)
# Heavy ties: edges distinct but many values sit exactly on an edge (tie goes to the lower bin).
whole("ties_on_edges_k3", [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 5], 3)
whole("ties_rounded_returns_k3", np.round(rng.normal(0, 0.05, 200), 2), 3)
whole("ties_integers_k4", rng.integers(0, 6, 60), 4)
# Heavy ties producing duplicate edges: pandas raises, or drops edges with duplicates="drop".
whole("duplicate_edges_raise", [0] * 10 + [1] * 3 + [2] * 2, 3)
whole("duplicate_edges_drop", [0] * 10 + [1] * 3 + [2] * 2, 3, "drop")
whole("duplicate_edges_drop_k5", np.round(rng.exponential(1, 40)) , 5, "drop")
whole("single_value", [0.42], 3)
whole("all_equal_raise", [0.1] * 6, 3)

# Grouped (per-industry) cases, including small groups.
n = 90
g = rng.choice(["2834", "3674", "6022", "7372"], size=n, p=[0.4, 0.3, 0.2, 0.1])
grouped("industries_k3", rng.normal(0, 0.1, n), g, 3)
small = ["A"] * 2 + ["B"] * 3 + ["C"] * 4 + ["D"] * 5 + ["E"] * 7
grouped("small_groups_k3", rng.normal(0, 0.1, len(small)), small, 3)
tied = ["X"] * 9 + ["Y"] * 12
grouped("tied_groups_k3", [1, 1, 1, 2, 2, 2, 3, 3, 3] + [0, 0, 0, 0, 5, 5, 5, 5, 7, 7, 9, 9], tied, 3)
grouped("group_of_one_raise", [0.1, 0.2, 0.3, 0.4, 0.5], ["P", "P", "P", "P", "Q"], 3)
grouped("group_with_duplicate_edges_drop", [0, 0, 0, 0, 1, 0.1, 0.2, 0.3], ["S"] * 5 + ["T"] * 3, 3, "drop")

# Edges fitted on a training part, applied to the rest with pd.cut (NaN outside the training range).
values = rng.normal(0, 0.1, 60)
train, rest = values[:40], values[40:]
labels, bins = pd.qcut(train, 3, labels=False, retbins=True)
applied = pd.cut(rest, bins, labels=False, include_lowest=True)
cases.append({
    "name": "train_edges_applied_to_validation", "k": 3, "duplicates": "raise",
    "values": [float(v) for v in train], "groups": None,
    "labels": [int(x) for x in labels], "edges": {"all": [float(b) for b in bins]}, "error": None,
    "apply_values": [float(v) for v in rest],
    "apply_labels": [None if math.isnan(x) else int(x) for x in applied],
})

with open("qcut.json", "w") as f:
    json.dump({"generator": "generate_qcut.py", "pandas": pd.__version__, "numpy": np.__version__,
               "cases": cases}, f, indent=1)
    f.write("\n")
print(len(cases), "cases")
for c in cases:
    print(c["name"], c["error"] or "", c.get("edges"))
