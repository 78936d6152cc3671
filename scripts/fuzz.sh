#!/usr/bin/env bash
# Long fuzz runs: builds the fuzz targets (build-fuzz, clang) and runs each for
# RUNS executions (default 10 million) on a copy of its seed corpus, one after
# the other. Usage: bash scripts/fuzz.sh [TARGET ...]   (default: all)
#   RUNS=N        executions per target
#   FUZZ_JOBS=N   targets run at once (default 1)
# A crash, leak, sanitizer report or hang (-timeout=10 s per input) stops the
# target and leaves the input as build-fuzz/tests/fuzz/crash-*; the exit code
# is then non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10000000}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(manifest param cron schedule path_template sql_script render)
cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASEMDB_FUZZ=ON \
      -DASEMDB_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"${FUZZ_JOBS:-1}" >/dev/null
fuzz_one() {
  local name=$1 work="build-fuzz/tests/fuzz/corpus/$1" log="build-fuzz/tests/fuzz/fuzz_$1.log"
  mkdir -p "$work"
  local seeds
  read -r -a seeds < "build-fuzz/tests/fuzz/seeds_$name"
  if (cd build-fuzz/tests/fuzz && ./fuzz_"$name" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1 "corpus/$name" "${seeds[@]}") >"$log" 2>&1; then
    echo "fuzz_$name: $(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions, no finding"
  else
    echo "fuzz_$name: FAILED, see $log" >&2
    return 1
  fi
}
export -f fuzz_one
export runs
printf '%s\n' "${targets[@]}" | xargs -P "${FUZZ_JOBS:-1}" -I{} bash -c 'fuzz_one {}'
