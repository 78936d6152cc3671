#!/usr/bin/env bash
# Installs everything asemdb needs to build, run and test, from Debian's packages.
# Idempotent: packages already present are left as they are. Arguments name
# further packages to install alongside (bench/install-deps.sh uses this).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libsqlite3-dev sqlite3 libsqlitecpp-dev libssl-dev
  libxlsxwriter-dev libminizip-dev
  libexpat1-dev                     # reading an edited keepers' workbook (its XML)
  libboost-test-dev
  iso-codes                        # the ISO 3166-1 list the audit compiles in
  libcli11-dev libtomlplusplus-dev libfmt-dev nlohmann-json3-dev
  libkainjow-mustache-dev libhowardhinnant-date-dev libcctz-dev tzdata
  libcurl4-openssl-dev              # email delivery (SMTP)
  libcpp-httplib-dev                # the web view's HTTP server
  python3 python3-openpyxl
  python3-aiosmtpd openssl          # the email tests: a loopback SMTP server, a test CA
  man-db zsh fish                   # the tests render the man page and run the generated completions
  clang libclang-rt-14-dev llvm   # the fuzz build: clang++, libFuzzer, llvm-symbolizer
  libreoffice-calc-nogui poppler-utils   # scripts/print-check.sh: the workbook printed to PDF, and read
  chromium chromium-driver python3-selenium   # the web view's browser test (ctest web.browser)
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
