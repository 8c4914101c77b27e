#!/usr/bin/env bash
# Regenerates the evaluation golden fixtures (run by hand, never by CI):
#   Tests/FTEvaluationTests/Fixtures/caret_reference.json    (R caret, Debian r-cran-caret)
#   Tests/FTEvaluationTests/Fixtures/sklearn_reference.json  (scikit-learn)
#   Tests/FTEvaluationTests/Fixtures/special_functions.json  (SciPy)
# Needs: apt-get install -y r-cran-caret python3-venv ; a venv with the pinned versions below.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${EVALUATION_VENV:-/work/venv-evaluation}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1
fi
cd "$root/Tests/FTEvaluationTests/Fixtures"
Rscript generate_caret_reference.R
"$venv/bin/python" generate_sklearn_reference.py
echo "fixtures regenerated in $PWD"
