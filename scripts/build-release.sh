#!/usr/bin/env bash
# Builds FinText in release mode for this machine's CPU and prints the folder of the executables.
#
#   scripts/build-release.sh [--portable] [swift build arguments…]   e.g. --product train-classifier
#
# By default the Swift code is compiled with `-target-cpu native` into `.build-native/`: the fused kernels'
# SIMD16 arithmetic then runs on the widest vectors the CPU has (AVX-512 or AVX2) instead of the x86-64
# baseline's SSE2, with bit-identical results (Swift does not contract or reorder floating-point
# operations; decision 0090). Such executables run only on CPUs with the same features. `--portable` builds
# for the baseline into `.build/` (what a plain `swift build -c release` gives, and what a package that
# depends on FinText gets). Build output goes to stderr; stdout is the bin folder only.
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-c release --scratch-path .build-native -Xswiftc -target-cpu -Xswiftc native)
if [ "${1:-}" = "--portable" ]; then
    shift
    flags=(-c release)
fi
swift build "${flags[@]}" "$@" >&2
swift build "${flags[@]}" --show-bin-path
