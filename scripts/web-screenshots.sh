#!/usr/bin/env bash
# Regenerates the web view's screenshots in docs/images/ (web-home.png,
# web-roster.png, web-query.png, web-audit.png), taken by the browser test
# (tests/web/browser_test.py) on a fresh database in headless Chromium.
# Builds nothing: the argument is a build directory holding asemdb (default build).
# Needs chromium, chromium-driver and python3-selenium (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
asemdb="$build/asemdb"
if [ ! -x "$asemdb" ]; then
  echo "web-screenshots: no $asemdb: build first (cmake --build $build)" >&2
  exit 2
fi
# A screenshot the test did not take must not pass for one from an earlier run.
rm -f docs/images/web-home.png docs/images/web-roster.png docs/images/web-query.png docs/images/web-audit.png
# Debian's python3: Selenium and openpyxl come from its packages, not from another Python on PATH.
ASEMDB_SCREENSHOTS="$PWD/docs/images" /usr/bin/python3 tests/web/browser_test.py "$asemdb"
for name in home roster query audit; do
  file="docs/images/web-$name.png"
  [ -s "$file" ] || { echo "web-screenshots: $file was not written" >&2; exit 1; }
  echo "$file: $(stat -c %s "$file") bytes"
done
