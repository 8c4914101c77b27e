#!/usr/bin/env bash
# The test suite under the sanitizers (issue 19; results in docs/reliability.md).
#
#   scripts/sanitize.sh address [FILTER]   the whole suite (or the tests matching FILTER) under
#                                          AddressSanitizer (.build-asan)
#   scripts/sanitize.sh thread [FILTER]    the parallel kernels, the trainer and the loaders (or FILTER)
#                                          under ThreadSanitizer (.build-tsan)
#   scripts/sanitize.sh all                both
#
# UndefinedBehaviorSanitizer: swiftc refuses `-sanitize=undefined` for Linux targets, and FinText compiles no C
# of its own (its C libraries are the system's), so there is nothing for it to instrument; Swift's own
# checks (overflow, bounds, exclusivity, unwrapping) trap in every build mode. Decision 0190.
#
# Each sanitizer builds into its own scratch folder, so the normal .build is left alone. A finding stops
# the test process (halt_on_error) and fails the run; the script ends with one line per sanitizer:
# 'address: N tests, exit S, T s'.
# Environment: SANITIZE_NICE (default 19: the machine is shared), SANITIZE_BUILD_ONLY=1 (build, no tests).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test >/dev/null || exit 1
export FINTEXT_PYTHON="$PWD/.venv/bin/python3"
# The sanitizers report themselves; Swift's backtracer attached to a sanitized process can hang.
export SWIFT_BACKTRACE=enable=no
nice=(nice -n "${SANITIZE_NICE:-19}")

# What runs under ThreadSanitizer: every test that reaches `parallelFor` (its worker pool, or
# `DispatchQueue.concurrentPerform` when the pool is busy) or another thread — the pool itself, the
# convolution kernels and dropout (FTNN), execution plans and the predictor, the trainer and its read-ahead
# thread (BatchStream, streaming from shards), the tokenizer and its cleaning, the word-vector parsers, the
# price library, the filing loader and the data set builder.
threadFilter='EmptyArrayStorage|ParallelFor|ItemClaims|EmbeddingConvolutionPool|ConvolutionPool|Dropout|ExecutionPath|Workspace|Predictor|Trainer|BatchStream|StreamingTraining|StudyModel|Sequential|Tokenizer|TextVectorParser|Word2VecBinaryParser|WordVectorsTests|VectorCache|PriceLibrary|FilingInput|DatasetPreparation'

# Leak checking is off: Foundation and the Swift runtime keep caches for the life of the process, which
# LeakSanitizer reports at exit from every test binary; the fuzz targets have the same setting.
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:print_summary=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

summary=()
status=0

run() {
    local name=$1 filter=$2 scratch log start build_status test_status tests
    shift 2
    local sanitizers=("$@")
    scratch=.build-asan
    [ "$name" = thread ] && scratch=.build-tsan
    local flags=(--scratch-path "$scratch")
    for s in "${sanitizers[@]}"; do flags+=(--sanitize="$s"); done
    start=$(date +%s)
    echo "== $name: building into $scratch (${sanitizers[*]})"
    "${nice[@]}" swift build --build-tests "${flags[@]}" 2>&1 | grep -E "error|warning: |Compiling|Build" | grep -v "Cannot export" | tail -5
    build_status=${PIPESTATUS[0]}
    if [ "$build_status" -ne 0 ]; then
        summary+=("$name: build failed (exit $build_status)")
        status=1
        return
    fi
    if [ "${SANITIZE_BUILD_ONLY:-0}" = 1 ]; then
        summary+=("$name: built in $(($(date +%s) - start)) s")
        return
    fi
    log="$scratch/sanitize-$name.log"
    echo "== $name: testing${filter:+ (filter: $filter)}; log in $log"
    local testFlags=(--skip-build "${flags[@]}")
    [ -n "$filter" ] && testFlags+=(--filter "$filter")
    "${nice[@]}" swift test "${testFlags[@]}" >"$log" 2>&1
    test_status=$?
    tests=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -1 | sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/')
    grep -E "ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY: " "$log" |
        sort | uniq -c | head -20
    # CI keeps only what is printed: show the first report whole (its stacks name the code), not just its summary.
    if grep -qE "ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer" "$log"; then
        echo "-- first report, from $log:"
        grep -n -m1 -E "ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer" "$log" | cut -d: -f1 |
            { read -r line; sed -n "$((line > 40 ? line - 40 : 1)),$((line + 120))p" "$log"; }
    fi
    grep -E "Test run with|^✘ " "$log" | tail -10
    summary+=("$name: ${tests:-?} tests, exit $test_status, $(($(date +%s) - start)) s (build included)")
    [ "$test_status" -ne 0 ] && status=1
}

which=${1:-all}
filter=${2:-}
case "$which" in
address) run address "$filter" address ;;
thread) run thread "${filter:-$threadFilter}" thread ;;
all)
    run address "" address
    run thread "$threadFilter" thread
    ;;
*)
    echo "usage: scripts/sanitize.sh [address|thread|all] [FILTER]" >&2
    exit 2
    ;;
esac
printf '%s\n' "${summary[@]}"
exit $status
