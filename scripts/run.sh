#!/usr/bin/env bash
# The main job: install what is missing, build in release mode for this machine's CPU
# (scripts/build-release.sh), and run train-classifier on data/. Extra arguments are passed to train-classifier.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
bin=$(scripts/build-release.sh --product train-classifier)
"$bin/train-classifier" "$@"
