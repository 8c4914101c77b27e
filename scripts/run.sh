#!/usr/bin/env bash
# The main job: install what is missing, build in release mode, and run train-classifier on data/.
# Extra arguments are passed to train-classifier.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product train-classifier
"$(swift build -c release --show-bin-path)/train-classifier" "$@"
