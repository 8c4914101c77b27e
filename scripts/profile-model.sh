#!/usr/bin/env bash
# Where a training step and an inference call of the study model spend their CPU time, by function.
#
#   scripts/profile-model.sh [IDS_FILE] [STEPS] [BENCHMARK_BINARY]
#       IDS_FILE: raw int32, 33 × 10,000 (default: drawn ids); STEPS: timed calls (default 8);
#       BENCHMARK_BINARY: a fintext-benchmark to profile instead of this checkout's build (e.g. an older one)
#
# Runs `fintext-benchmark model --paths fast` twice under `perf record -e cpu-clock` — training then
# inference, and inference alone — and prints each function's share of the inference run and of the
# difference (training alone). Needs Debian's linux-perf (installed when missing) and the release build for
# this CPU (scripts/build-release.sh). Setup and warm-up calls are included in both runs, so they mostly cancel.
set -euo pipefail
cd "$(dirname "$0")/.."
ids=${1:-}
steps=${2:-8}
command -v perf >/dev/null || { scripts/install-deps.sh >/dev/null; apt-get install -y linux-perf >/dev/null; }
bin=${3:-}
[ -n "$bin" ] || bin=$(scripts/build-release.sh --product fintext-benchmark)/fintext-benchmark
work=$(mktemp -d)
args=(model --paths fast --steps "$steps" --corpus-batches 0 --json)
[ -n "$ids" ] && args+=(--ids-file "$ids")
perf record -q -e cpu-clock -o "$work/all.data" "$bin" "${args[@]}" >"$work/all.json" 2>/dev/null
perf record -q -e cpu-clock -o "$work/predict.data" "$bin" "${args[@]}" --skip-training >"$work/predict.json" 2>/dev/null
for run in all predict; do
    perf report -i "$work/$run.data" --no-children --sort symbol --stdio -F sample,symbol 2>/dev/null |
        grep -v '^#' | grep -v '^$' | awk '{ n = $1; $1 = ""; print n "\t" $0 }' >"$work/$run.tsv"
done
python3 - "$work" <<'PY'
import subprocess, sys
work = sys.argv[1]
def load(name):
    counts = {}
    for line in open(f"{work}/{name}.tsv"):
        n, symbol = line.rstrip("\n").split("\t", 1)
        symbol = symbol.strip().removeprefix("[.] ").removeprefix("[k] ").removesuffix(" - -").strip()
        counts[symbol] = counts.get(symbol, 0) + int(n)
    return counts
every, predict = load("all"), load("predict")
train = {s: every.get(s, 0) - predict.get(s, 0) for s in set(every) | set(predict)}
names = sorted(set(every) | set(predict))
demangled = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(names), capture_output=True,
                           text=True).stdout.splitlines()
short = {}
for raw, nice in zip(names, demangled):
    owner = nice.rsplit(" in ", 1)[-1] if nice.startswith("closure") else nice
    owner = owner.split("(")[0] if "(" in owner else owner
    short[raw] = (("closure in " if nice.startswith("closure") else "") + owner.removeprefix("specialized "))[:70]
for title, counts in (("training step (training run minus inference run)", train), ("inference call", predict)):
    total = sum(v for v in counts.values() if v > 0)
    print(f"\n{title}: {total} samples")
    print("| share | function |\n|---|---|")
    for symbol, n in sorted(counts.items(), key=lambda kv: -kv[1])[:15]:
        print(f"| {100 * n / total:.1f} % | `{short[symbol]}` |")
PY
rm -rf "$work"
