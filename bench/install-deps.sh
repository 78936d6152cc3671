#!/usr/bin/env bash
# What the benchmark needs: asemdb's own packages (the sqlite3 shell, a C
# compiler for the limit exporter and the meter, libxlsxwriter, openpyxl to read
# back) plus Debian's Python XlsxWriter, the peer. Idempotent.
set -euo pipefail
exec bash "$(dirname "$0")/../scripts/install-deps.sh" python3-xlsxwriter
