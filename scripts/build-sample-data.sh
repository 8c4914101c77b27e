#!/usr/bin/env bash
# Rebuilds data/sections-2023.jsonl.gz and data/prices/ from ../shared/data with FinText's own `prepare`.
# Needs: a release build of train-classifier, python3 (standard library only) for trimming price rows.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared/data}
work=$(mktemp -d)
swift build -c release --product train-classifier
bin="$(swift build -c release --show-bin-path)/train-classifier"
"$bin" prepare --filings "$shared/filings-2023" "$shared/sections-2023.jsonl.gz" \
    --index "$shared/filings-2023/INDEX.csv" --prices "$shared/prices" \
    --out "$work/dataset.jsonl" --save-sections data/sections-2023.jsonl.gz > "$work/prepare.log"
head -n 1 "$work/prepare.log"
rm -rf data/prices && mkdir -p data/prices
python3 - "$work/dataset.jsonl" "$shared/prices" data/prices <<'PY'
import csv, datetime, json, sys
manifest, source, target = sys.argv[1:]
day = datetime.date.fromisoformat
margin = datetime.timedelta(days=10)
windows = {}
for line in open(manifest):
    r = json.loads(line)
    lo, hi = day(r["filing_date"]) - margin, day(r["end_date"]) + margin
    a, b = windows.get(r["ticker"], (lo, hi))
    windows[r["ticker"]] = (min(a, lo), max(b, hi))
windows["SPY"] = (min(w[0] for w in windows.values()), max(w[1] for w in windows.values()))
for ticker, (lo, hi) in sorted(windows.items()):
    with open(f"{source}/{ticker}.csv", newline="") as f, open(f"{target}/{ticker}.csv", "w", newline="") as g:
        rows = list(csv.reader(f))
        out = csv.writer(g, lineterminator="\n")
        out.writerow(rows[0])
        out.writerows(r for r in rows[1:] if lo <= day(r[0]) <= hi)
print(f"wrote {len(windows)} price files to {target}")
PY
rm -rf "$work"
