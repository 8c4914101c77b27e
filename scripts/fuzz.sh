#!/usr/bin/env bash
# libFuzzer campaigns over every parser FinText applies to outside input (Fuzz/, docs/reliability.md).
#
#   scripts/fuzz.sh [TARGET[,TARGET…]|all] [SECONDS]
#                                            build, then fuzz each target for SECONDS (default 60)
#   scripts/fuzz.sh --build                  build every target (AddressSanitizer + libFuzzer)
#   scripts/fuzz.sh --seeds                  (re)make the seed corpora in Fuzz/corpus from data/, the test
#                                            fixtures and ../shared/data (adds files; removes none)
#   scripts/fuzz.sh --replay                 run every target once over its corpus and saved crashes
#   scripts/fuzz.sh --list                   the target names
#   scripts/fuzz.sh --summary                the campaign's figures per target (Fuzz/logs/campaign.tsv) as a table
#
# A campaign writes what it finds to a scratch corpus, then merges only inputs that add coverage into
# Fuzz/corpus/TARGET (committed). A crash lands in Fuzz/crashes/TARGET/ with its reproducer; once the bug is
# fixed the file stays there and --replay (run by the test suite) keeps it fixed.
# Environment: FUZZ_JOBS (parallel targets, default 1), FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT_S (per
# input, default 10), FUZZ_RUNS (stop a session after this many executions), FUZZ_NICE (run the fuzzers
# under `nice -n FUZZ_NICE`), FUZZ_NO_BUILD=1 (use the targets as built), FUZZ_CONFIGURATION (debug, the
# default and what the tests replay with, or release: optimised code under the same sanitizers, several times
# more executions per second for campaigns). Each session's log is
# Fuzz/logs/TARGET-TIME.log and its figures a line of Fuzz/logs/campaign.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
# libFuzzer reports crashes itself; Swift's backtracer can hang on a crashing ASan process.
export SWIFT_BACKTRACE=enable=no
root=$PWD
fuzz=$root/Fuzz
configuration=${FUZZ_CONFIGURATION:-debug}
case "$configuration" in debug | release) ;; *) echo "FUZZ_CONFIGURATION expects debug or release. Received: $configuration" >&2; exit 2 ;; esac
flags=(--package-path "$fuzz" -c "$configuration" --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address)
# -sanitize=fuzzer,address must be one flag: swiftc keeps only the last of several -sanitize= flags.

targets() { (cd "$fuzz/Sources" && ls -d Fuzz* | grep -v '^FuzzSupport$'); }
bin() { swift build "${flags[@]}" --show-bin-path; }

build() {
    local log status=0
    scripts/install-deps.sh >/dev/null
    log=$(mktemp)
    # The targets inline FinText's struct layouts; SwiftPM's incremental build did not recompile them after
    # a struct in FinText grew (Trainer, 2026-12-04), and AddressSanitizer then caught the stale caller's
    # too-small stack slot as a stack-buffer-overflow. Recompiling the small target files each time is cheap.
    touch "$fuzz"/Sources/*/*.swift
    swift build "${flags[@]}" >"$log" 2>&1 || status=$?
    # gold warns once per AddressSanitizer symbol it cannot export; those lines say nothing about FinText.
    grep -v "Cannot export local symbol" "$log" | grep -E "error|warning: |Build" | tail -5 || true
    rm -f "$log"
    return $status
}

dictionary() {
    case "$1" in
    FuzzFiling | FuzzSubmission) echo "$fuzz/dictionaries/filing.dict" ;;
    FuzzManifest | FuzzTokenizerJSON | FuzzConfiguration | FuzzSectionsJSONL | FuzzTrainingHistory | FuzzSafeTensors | FuzzCheckpoint | FuzzTokenShard | \
        FuzzTokenDataset | FuzzQuantileEdges | FuzzLinearModel | FuzzModelFolder | FuzzEncodeUnit)
        echo "$fuzz/dictionaries/json.dict" ;;
    FuzzPriceCSV | FuzzPredictions | FuzzFilingIndex) echo "$fuzz/dictionaries/csv.dict" ;;
    *) echo "" ;;
    esac
}

maxlen() {
    case "$1" in
    FuzzFiling | FuzzSectionsJSONL | FuzzManifest) echo 65536 ;;
    FuzzCheckpoint | FuzzSafeTensors | FuzzVectorCache | FuzzSubmission) echo 32768 ;;
    *) echo 8192 ;;
    esac
}

common_options() {
    local t=$1 dict
    dict=$(dictionary "$t")
    echo "-rss_limit_mb=${FUZZ_RSS_MB:-2048} -timeout=${FUZZ_TIMEOUT_S:-10} -max_len=$(maxlen "$t") -print_final_stats=1"
    [ -n "$dict" ] && echo "-dict=$dict"
    return 0
}

run_one() {
    local t=$1 seconds=$2 b scratch log start status=ok runs=()
    b=$(bin)
    scratch=$(mktemp -d "/tmp/fintext-fuzz-$t.XXXX")
    mkdir -p "$fuzz/corpus/$t" "$fuzz/crashes/$t" "$fuzz/logs"
    log="$fuzz/logs/$t-$(date -u +%Y%m%dT%H%M%S).log"
    [ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
    echo "== $t: fuzzing for $seconds s${FUZZ_RUNS:+ or $FUZZ_RUNS executions}; log $log"
    start=$(date +%s)
    # shellcheck disable=SC2046
    # `time` (bash's keyword) writes the fuzzer's CPU seconds, user and system, to $scratch.cpu: on a shared
    # machine the wall-clock time says little about how much fuzzing was done.
    { TIMEFORMAT='%3U %3S'; time ${FUZZ_NICE:+nice -n "$FUZZ_NICE"} "$b/$t" $(common_options "$t") \
        -max_total_time="$seconds" "${runs[@]}" -artifact_prefix="$fuzz/crashes/$t/" "$scratch" "$fuzz/corpus/$t" \
        >"$log" 2>&1; } 2>"$scratch.cpu" || {
        status=finding
        echo "!! $t stopped with a finding: see $log and Fuzz/crashes/$t/"
    }
    grep -E "^stat::|Done [0-9]+ runs|cov:" "$log" | tail -4
    # One line per session in Fuzz/logs/campaign.tsv: target, start (UTC), seconds, executions, executions
    # per second, coverage (cov, ft), outcome, build configuration, CPU seconds. docs/reliability.md sums these.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$(date -u -d @"$start" +%FT%TZ)" "$(($(date +%s) - start))" \
        "$(sed -nE 's/^stat::number_of_executed_units: *//p' "$log")" \
        "$(sed -nE 's/^stat::average_exec_per_sec: *//p' "$log")" \
        "$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)" \
        "$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)" "$status" "$configuration" \
        "$(awk '{ printf "%.0f", $1 + $2 }' "$scratch.cpu")" >>"$fuzz/logs/campaign.tsv"
    # Keep only inputs that add coverage.
    # shellcheck disable=SC2046
    ${FUZZ_NICE:+nice -n "$FUZZ_NICE"} "$b/$t" $(common_options "$t") -merge=1 "$fuzz/corpus/$t" "$scratch" \
        >/dev/null 2>&1 || true
    rm -rf "$scratch" "$scratch.cpu"
}

replay() {
    local b status=0 t files
    b=$(bin)
    for t in $(targets); do
        files=$(find "$fuzz/corpus/$t" "$fuzz/crashes/$t" -type f 2>/dev/null | wc -l)
        if [ "$files" -eq 0 ]; then echo "replay $t: no inputs"; status=1; continue; fi
        # shellcheck disable=SC2046
        if "$b/$t" $(common_options "$t") -runs=0 $(find "$fuzz/corpus/$t" "$fuzz/crashes/$t" -type f) >/tmp/replay-$t.log 2>&1; then
            echo "replay $t: $files inputs, no crash"
        else
            echo "replay $t: FAILED"; tail -30 /tmp/replay-$t.log; status=1
        fi
    done
    return $status
}

# The campaign's figures per target, summed over every session in campaign.tsv, as the Markdown table of
# docs/reliability.md. The bar of issue 19 — 10 million executions, or an hour of fuzzing where a target is
# slower — is counted over sessions (each resumes from the committed corpus) and in CPU seconds, which
# sessions before the CPU column (the first campaign) do not have. A session that found a crash (status
# "finding (fixed: …)") restarts the count: the bar is met by the executions or CPU time after the last fix.
summary() {
    awk -F'\t' '
    { t = $1; sessions[t]++; wall[t] += $3; runs[t] += $4; cov[t] = $6; ft[t] = $7
      if ($8 != "ok" && $8 != "") stops[t] = stops[t] (stops[t] == "" ? "" : "; ") $8
      if ($10 != "") { cpu[t] += $10; timed[t] = 1; timedRuns[t] += $4 }
      if ($8 ~ /^finding \(fixed/) { fixed[t] = 1; after[t] = 0; afterCpu[t] = 0 }
      else { after[t] += $4; afterCpu[t] += $10 } }
    END {
      print "| target | sessions | wall time | CPU time | executions | executions per CPU second | cov / ft at the end | stops | since the last fix | bar (10 M runs or 1 h CPU, since the last fix) |"
      print "|---|---|---|---|---|---|---|---|---|---|"
      for (t in sessions) {
        rate = cpu[t] > 0 ? sprintf("%.0f", timedRuns[t] / cpu[t]) : "—"
        bar = (after[t] >= 10000000 || afterCpu[t] >= 3600) ? "**reached**" : \
          sprintf("not reached (%.0f %% of runs, %.0f %% of CPU)", 100 * after[t] / 10000000, 100 * afterCpu[t] / 3600)
        since = fixed[t] ? sprintf("%d runs, %.0f min CPU", after[t], afterCpu[t] / 60) : "no finding"
        printf "| `%s` | %d | %.0f min | %s | %d | %s | %s / %s | %s | %s | %s |\n", t, sessions[t], wall[t] / 60,
          timed[t] ? sprintf("%.0f min", cpu[t] / 60) : "—", runs[t], rate, cov[t], ft[t],
          stops[t] == "" ? "—" : stops[t], since, bar
      }
    }' "$fuzz/logs/campaign.tsv" | { read -r head; read -r rule; echo "$head"; echo "$rule"; sort; }
}

case "${1:-all}" in
--build) build ;;
--summary) summary ;;
--list) targets ;;
--seeds) build && python3 "$fuzz/make_seeds.py" "$(bin)" ;;
--replay) replay ;;
*)
    which=${1:-all}
    seconds=${2:-60}
    [ "${FUZZ_NO_BUILD:-0}" = 1 ] || build
    list=$(targets)
    [ "$which" != all ] && list=${which//,/ }
    export -f run_one bin common_options dictionary maxlen
    export fuzz root configuration
    export flags_string="${flags[*]}"
    for t in $list; do echo "$t"; done | xargs -P "${FUZZ_JOBS:-1}" -I{} bash -c 'flags=($flags_string); run_one "$@"' _ {} "$seconds"
    ;;
esac
