#!/usr/bin/env bash
# What the benchmark needs beyond asemdb's own build (scripts/install-deps.sh):
# the sqlite3 shell, a C compiler for the limit exporter and the meter, and
# Debian's Python XlsxWriter (the peer) and openpyxl (the reader).
# Idempotent: packages already present are left as they are.
set -euo pipefail

packages=(build-essential libsqlite3-dev libxlsxwriter-dev sqlite3 python3 python3-xlsxwriter python3-openpyxl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench/install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
