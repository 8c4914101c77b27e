#!/usr/bin/env bash
# Renders a report folder's report.html to a PNG with headless Chromium, to look at it by eye.
# Usage: scripts/evaluation-render-report.sh REPORT_DIR [OUT.png]   (needs: apt-get install -y chromium)
set -euo pipefail
folder="$(cd "$1" && pwd)"
out="${2:-$folder/report.png}"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2600 \
    --screenshot="$out" "file://$folder/report.html" 2>/dev/null
echo "wrote $out"
