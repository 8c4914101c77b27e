#!/usr/bin/env bash
# Installs what FinText needs, skipping what is already present.
#   scripts/install-deps.sh          Debian packages FinText builds against (Open MPI included: FTDistributed
#                                    links libmpi, and `launch`, the data-parallel tests and benchmark run mpirun).
#   scripts/install-deps.sh --test   also the tools the test suite runs: headless Chromium, and a Python
#                                    virtual environment in .venv/ with scripts/test-requirements.txt.
# Needs root or sudo only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(libopenblas-dev liblapacke-dev zlib1g-dev pkg-config libopenmpi-dev openmpi-bin)
if [ "${1:-}" = "--test" ]; then
    packages+=(chromium python3-venv)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ "${1:-}" = "--test" ]; then
    # The venv is rebuilt only when the requirements change (their hash is kept inside it).
    want=$(sha256sum scripts/test-requirements.txt | cut -d' ' -f1)
    if [ ! -x .venv/bin/python3 ] || [ "$(cat .venv/requirements.sha256 2>/dev/null)" != "$want" ]; then
        echo "Creating .venv with scripts/test-requirements.txt"
        rm -rf .venv
        python3 -m venv .venv
        .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/test-requirements.txt
        echo "$want" > .venv/requirements.sha256
    fi
fi
