#!/usr/bin/env bash
# The whole test suite: install what is missing, then `swift test`.
# Ends with a plain 'N passed, N failed' line; exits non-zero when any test fails.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test || exit 1
export FINTEXT_PYTHON="$PWD/.venv/bin/python3"
log=$(mktemp)
# Build every product first: the CLI tests run the train-classifier executable.
swift build --build-tests || exit 1
# The fuzz targets (Fuzz/), which FuzzTests replays and smokes; AddressSanitizer + libFuzzer.
scripts/fuzz.sh --build || exit 1
swift test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -n 1)
total=$(sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/' <<<"$summary")
failedTests=$(grep -E "^✘ Test " "$log" | sed -E 's/^✘ Test "([^"]*)".*/\1/' | sort -u | wc -l)
rm -f "$log"
if [ -n "$total" ]; then
    echo "tests: $((total - failedTests)) passed, $failedTests failed"
fi
if [ "$status" -ne 0 ]; then
    echo "swift test failed (exit $status)"
    exit "$status"
fi
