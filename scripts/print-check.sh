#!/usr/bin/env bash
# Prints the member roster workbook to PDF with LibreOffice, as a reader would,
# and checks it is fit to send: at most MAX_PAGES A4 pages in all, and every
# page of the members sheet showing the header row and members' names.
#
# Usage: scripts/print-check.sh [ASEMDB] [AS_OF]
#   ASEMDB  the binary (default build/asemdb);  AS_OF  the roster's date (default 2018-06-30)
#   PRINT_CHECK_KEEP=DIR keeps the workbook, the PDF and 60 dpi page images there.
# Needs Debian's libreoffice-calc-nogui and poppler-utils (scripts/install-deps.sh).
# Not part of ctest: LibreOffice takes seconds to start.
set -euo pipefail
cd "$(dirname "$0")/.."
asemdb="$(realpath "${1:-build/asemdb}")"
as_of="${2:-2018-06-30}"
max_pages=6

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "print-check: $*" >&2; exit 1; }

"$asemdb" init --db "$work/asem.db" >/dev/null
"$asemdb" report run member_roster --db "$work/asem.db" -p "as_of=$as_of" -o "$work/roster.xlsx" >/dev/null
"$asemdb" report run member_roster --db "$work/asem.db" -p "as_of=$as_of" --sheet roster --format csv \
  >"$work/roster.csv"

# A profile of its own, so that a LibreOffice already running elsewhere is not disturbed.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" \
  "$work/roster.xlsx" >/dev/null 2>&1 || fail "LibreOffice could not convert the workbook"
[ -s "$work/roster.pdf" ] || fail "LibreOffice wrote no PDF"

pages="$(pdfinfo "$work/roster.pdf" | awk '/^Pages:/ {print $2}')"
paper="$(pdfinfo "$work/roster.pdf" | sed -n 's/^Page size:.*(\(.*\))$/\1/p')"
echo "print-check: $pages pages, paper $paper"
[ "$paper" = "A4" ] || fail "paper is '$paper', not A4"
[ "$pages" -le "$max_pages" ] || fail "$pages pages, more than $max_pages"

# The members sheet's pages: those whose page header names the sheet "Members" on a line of its own.
names="$(tail -n +2 "$work/roster.csv" | python3 -c 'import csv, sys; [print(r[1]) for r in csv.reader(sys.stdin)]')"
member_pages=0
seen=""
for ((p = 1; p <= pages; p++)); do
  text="$(pdftotext -layout -f "$p" -l "$p" "$work/roster.pdf" -)"
  grep -qE '^[[:space:]]*Members([[:space:]]{2,}.*)?$' <<<"$text" || continue
  member_pages=$((member_pages + 1))
  grep -q 'Member  .*ISO alpha-2' <<<"$text" || fail "page $p of the members sheet lacks the header row"
  on_page=0
  while IFS= read -r name; do
    if grep -qF -- "$name" <<<"$text"; then on_page=$((on_page + 1)); seen+="$name"$'\n'; fi
  done <<<"$names"
  [ "$on_page" -gt 0 ] || fail "page $p of the members sheet shows no member's name"
  echo "print-check: page $p: header row and $on_page members"
done
[ "$member_pages" -gt 0 ] || fail "no page of the members sheet found"
while IFS= read -r name; do
  grep -qxF -- "$name" <<<"$seen" || fail "member '$name' is on no page"
done <<<"$names"

if [ -n "${PRINT_CHECK_KEEP:-}" ]; then
  mkdir -p "$PRINT_CHECK_KEEP"
  cp "$work/roster.xlsx" "$work/roster.pdf" "$PRINT_CHECK_KEEP/"
  pdftoppm -png -r 60 "$work/roster.pdf" "$PRINT_CHECK_KEEP/page"
fi
echo "print-check: ok ($pages pages, the members sheet on $member_pages)"
