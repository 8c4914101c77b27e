#!/usr/bin/env python3
"""pandas peer of `fintext-benchmark labels`: the same label building on the same synthetic folder.

Usage: python scripts/market-labels-pandas.py FOLDER   (FOLDER holds prices/*.csv and filings.csv, written
by the benchmark; the benchmark spawns this script itself when given --python).
Pinned: python 3.11, pandas==3.1.1, numpy==2.4.6.
Method (docs/market.md): start = first SPY trading day >= filing date; end = first trading day >=
start + 28 days; raw return on Adj Close (Close when absent); excess = raw - SPY return; labels =
qcut(excess, 3) within each industry, one value per filing. Prints timings, then the agreement of its
labels with FOLDER/manifest.jsonl written by the Swift side.
"""
import glob
import json
import os
import sys
import time

import numpy as np
import pandas as pd

folder = sys.argv[1]
t0 = time.perf_counter()
prices = {}
for path in sorted(glob.glob(os.path.join(folder, "prices", "*.csv"))):
    frame = pd.read_csv(path, index_col="Date")
    column = "Adj Close" if "Adj Close" in frame.columns else "Close"
    prices[os.path.basename(path)[:-4].upper()] = frame[column]
t1 = time.perf_counter()
spy = prices["SPY"]
calendar = pd.DatetimeIndex(pd.to_datetime(spy.index))
spy.index = calendar
filings = pd.read_csv(os.path.join(folder, "filings.csv"), parse_dates=["filing_date"])
start_pos = calendar.searchsorted(filings["filing_date"], side="left")
ok = start_pos < len(calendar)
starts = calendar[np.minimum(start_pos, len(calendar) - 1)]
end_pos = calendar.searchsorted(starts + pd.Timedelta(days=28), side="left")
ok &= end_pos < len(calendar)
ends = calendar[np.minimum(end_pos, len(calendar) - 1)]
rows = []
for i, f in enumerate(filings.itertuples(index=False)):
    if not ok[i] or f.ticker not in prices:
        continue
    s, e = starts[i].strftime("%Y-%m-%d"), ends[i].strftime("%Y-%m-%d")
    p = prices[f.ticker]
    if s not in p.index or e not in p.index:
        continue
    raw = p[e] / p[s] - 1
    bench = spy[ends[i]] / spy[starts[i]] - 1
    rows.append((f.id, f.industry, raw, bench, raw - bench))
data = pd.DataFrame(rows, columns=["id", "industry", "raw", "benchmark", "excess"])
data["label"] = data.groupby("industry")["excess"].transform(lambda s: pd.qcut(s, 3, labels=False))
t2 = time.perf_counter()
with open(os.path.join(folder, "manifest-pandas.jsonl"), "w") as out:
    for r in data.itertuples(index=False):
        for section in ("1", "1A", "7"):
            out.write(json.dumps({"id": f"{r.id}/{section}", "industry": r.industry, "raw_return": r.raw,
                                  "benchmark_return": r.benchmark, "excess_return": r.excess,
                                  "label": int(r.label)}, sort_keys=True) + "\n")
t3 = time.perf_counter()
print(f"load_seconds {t1 - t0:.3f}")
print(f"returns_binning_seconds {t2 - t1:.3f}")
print(f"manifest_seconds {t3 - t2:.3f}")
print(f"total_seconds {t3 - t0:.3f}")
swift_path = os.path.join(folder, "manifest.jsonl")
if os.path.exists(swift_path):
    swift = {}
    with open(swift_path) as f:
        for line in f:
            rec = json.loads(line)
            swift[rec["id"].split("/")[0]] = rec["label"]
    ours = dict(zip(data["id"], data["label"]))
    same = sum(1 for k, v in ours.items() if swift.get(k) == v)
    print(f"label_agreement {same}/{len(ours)} (swift labelled {len(swift)})")
