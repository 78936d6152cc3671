#!/usr/bin/env bash
# Builds the Debian package (cpack -G DEB) and checks it as a user would get it:
# the listing holds the binary, the man page and the completions; Depends was
# computed; unpacked into a throwaway root, asemdb --version runs, man renders
# the page, the bash completion completes "asemdb rep" to "report", and the
# binary builds a database and writes a report.
#
#   scripts/package-check.sh [BUILD_DIR]            (default: build)
#   scripts/package-check.sh --chroot DIR [BUILD_DIR]
#
# With --chroot, DIR is a Debian 12 root made with
#   debootstrap --variant=minbase bookworm DIR http://deb.debian.org/debian
# and the package is also installed there with apt-get install ./asemdb_*.deb,
# which fetches its dependencies from Debian, then run from /usr/bin/asemdb.
set -euo pipefail

chroot_dir=""
if [ "${1:-}" = "--chroot" ]; then
  chroot_dir=$(realpath "$2")
  shift 2
fi
build=${1:-build}
source_dir=$(cd "$(dirname "$0")/.." && pwd)

fail() { echo "package-check: $*" >&2; exit 1; }

# An existing build tree keeps its configuration (ctest runs this on its own tree).
[ -f "$build/CMakeCache.txt" ] || cmake -S "$source_dir" -B "$build" >/dev/null
cmake --build "$build" -j2 --target asemdb asemdb_docs asemdb_man_gz
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/asemdb_*.deb | head -n 1)
echo "package-check: $deb"

listing=$(dpkg-deb -c "$deb")
for path in usr/bin/asemdb usr/share/man/man1/asemdb.1.gz usr/share/bash-completion/completions/asemdb \
            usr/share/zsh/vendor-completions/_asemdb usr/share/fish/vendor_completions.d/asemdb.fish \
            usr/lib/systemd/system/asemdb-schedule.service usr/lib/systemd/system/asemdb-schedule.timer \
            usr/share/doc/asemdb/examples/schedule.toml; do
  grep -q " \./$path\$" <<<"$listing" || fail "the package lacks $path"
done
depends=$(dpkg-deb -f "$deb" Depends)
for library in libsqlite3-0 libxlsxwriter4 libc6 libcurl4; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
echo "package-check: Depends: $depends"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
"$root/usr/bin/asemdb" --version | grep -q '^schema version' || fail "asemdb --version"
MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/asemdb.1.gz" 2>&1 | grep -q '^EXIT STATUS' \
  || fail "man -l does not render the page"
completed=$(bash -c 'source "$1"; complete -p asemdb >/dev/null
                     COMP_WORDS=(asemdb rep); COMP_CWORD=1; _asemdb; echo "${COMPREPLY[*]}"' _ \
            "$root/usr/share/bash-completion/completions/asemdb")
[ "$completed" = "report" ] || fail "asemdb rep<TAB> gives '$completed', not 'report'"
(cd "$root" && ./usr/bin/asemdb --db work.db init >/dev/null \
   && ./usr/bin/asemdb --db work.db report run member_roster -p as_of=2024-01-01 -o roster.xlsx >/dev/null \
   && [ -s roster.xlsx ]) || fail "the unpacked asemdb cannot build a database and write a report"
echo "package-check: unpacked: --version, man -l, asemdb rep<TAB> -> report, init and report run: ok"

if [ -n "$chroot_dir" ]; then
  [ -x "$chroot_dir/usr/bin/apt-get" ] || fail "$chroot_dir is not a Debian root (see the usage above)"
  cp "$deb" "$chroot_dir/tmp/"
  name=$(basename "$deb")
  cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
  chroot "$chroot_dir" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y -qq --no-install-recommends man-db bash-completion ./tmp/$name" >/dev/null \
    || fail "apt-get install ./$name failed in $chroot_dir"
  chroot "$chroot_dir" /bin/bash -c '
    set -e
    command -v asemdb | grep -qx /usr/bin/asemdb
    asemdb --version | grep -q "^schema version"
    MANWIDTH=80 man asemdb 2>/dev/null | grep -q "^EXIT STATUS"
    source /usr/share/bash-completion/bash_completion
    _completion_loader asemdb || true   # 124: "loaded, complete again"
    complete -p asemdb >/dev/null
    COMP_WORDS=(asemdb rep); COMP_CWORD=1; _asemdb
    [ "${COMPREPLY[*]}" = report ]
    cd /tmp && asemdb init >/dev/null && asemdb report run forum_profile >/dev/null' \
    || fail "the package installed in $chroot_dir does not work"
  echo "package-check: apt-get install ./$name in $chroot_dir: /usr/bin/asemdb, man asemdb, asemdb rep<TAB>: ok"
fi
echo "package-check: ok"
