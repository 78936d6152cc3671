#!/usr/bin/env bash
# The whole test suite, as CI runs it (README quick start, command 2), from the
# repository root on a fresh Debian 12 machine:
#   1. the Debian packages (scripts/install-deps.sh);
#   2. the release build (warnings are errors) and its full ctest suite, crash
#      tests, the package check and the browser test (headless Chromium) included;
#   2b. the public-API xlsx build (build-xlsx-public, -DASEMDB_XLSX_PUBLIC_API=ON):
#      the rows written through libxlsxwriter's API, as for a library the direct
#      row writer has not been compared with; its xlsx, render, report and golden
#      suites only;
#   3. the AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan) and
#      its ctest suite without the crash tests and the package check; any sanitizer report, from the
#      tests or from an asemdb they run, fails the step;
#   4. the libFuzzer build (clang, build-fuzz) and a smoke run of every fuzz
#      target on its seed corpus (ASEMDB_FUZZ_SMOKE_SECONDS, default 20).
# ASEMDB_JOBS sets the parallelism (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${ASEMDB_JOBS:-2}"
start=$SECONDS
step() { echo "== check: $* ($((SECONDS - start)) s)"; }

step "dependencies"
bash scripts/install-deps.sh

step "release build and tests"
cmake -B build -DASEMDB_BUILD_TESTS=ON -DASEMDB_WARNINGS_AS_ERRORS=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

step "public-API xlsx build and its xlsx, render, report and golden suites"
# Only asemdb and the test binary are built: without ccache a second build of
# them, with it mostly cache hits (the option changes only the files that
# include render/xlsx/xlsx_internals.hpp); the eight suites take under a minute.
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -B build-xlsx-public -DCMAKE_BUILD_TYPE=Release -DASEMDB_BUILD_TESTS=ON -DASEMDB_WARNINGS_AS_ERRORS=ON \
      -DASEMDB_XLSX_PUBLIC_API=ON "${launcher[@]}"
cmake --build build-xlsx-public -j"$jobs" --target asemdb asemdb_tests
ctest --test-dir build-xlsx-public --output-on-failure -j"$jobs" \
      -R '^unit\.(xlsx_rows|xlsx_readback|render|render_xlsx|render_thread|report|cli_report|cli_query)$'

step "sanitizer build (ASan + UBSan) and tests"
cmake -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASEMDB_SANITIZE=ON -DASEMDB_BUILD_TESTS=ON \
      -DASEMDB_WARNINGS_AS_ERRORS=ON
cmake --build build-asan -j"$jobs"
reports="$PWD/build-asan/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
# Every process writes its reports to a file of its own, so one from a child asemdb is not lost.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
# libxlsxwriter 1.1.4 leaks the strings it copies for a data validation's list
# (lxw_strdup, freed by no function of its own); the keepers' workbook uses
# such lists. Only that library function is suppressed.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp:print_suppressions=0"
# The package check builds a .deb from the release tree; an instrumented one proves nothing more.
ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "crash|package"
if [ -n "$(ls -A "$reports")" ]; then
  echo "check: sanitizer reports:" >&2
  cat "$reports"/* >&2
  exit 1
fi
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

step "fuzz build (clang, libFuzzer) and smoke runs"
cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASEMDB_FUZZ=ON \
      -DASEMDB_BUILD_TESTS=OFF -DASEMDB_FUZZ_SMOKE_SECONDS="${ASEMDB_FUZZ_SMOKE_SECONDS:-20}"
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -L fuzz

step "all passed"
