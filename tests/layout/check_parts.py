#!/usr/bin/env python3
"""The layout's rules, checked from the code's own includes.

The parts of the library, lowest first. A part may include its own headers and
those of the parts below it, never one above: the arrows run one way, down.
`mail` sits beside `audit` (neither includes the other). The order is the one
docs/architecture.md draws; this list is where it is enforced.
"""
import pathlib
import re
import sys

RANKS = {
    "base": 0,
    "store": 1,
    "engine": 2,
    "render": 3,
    "audit": 4,
    "mail": 4,
    "changes": 5,
    "schedule": 6,
    "web": 7,
    "cli": 8,
}
# Only these parts may include libxlsxwriter; the rest compile without it.
XLSXWRITER_PARTS = {"render"}
MAX_FILES_PER_FOLDER = 20
MAX_LINES_PER_FILE = 450  # the style guide's "about 400", with a margin

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')
SOURCE = {".cpp", ".hpp", ".h", ".in"}


def part_of(path, root):
    rel = path.relative_to(root).parts
    if rel[0] == "app" and len(rel) > 2:
        return rel[1]
    if rel[:2] == ("include", "asemdb") and len(rel) > 3:
        return rel[2]
    return None


def included_part(target):
    pieces = target.split("/")
    if pieces[0] == "asemdb" and len(pieces) > 2:
        return pieces[1]
    if len(pieces) > 1 and pieces[0] in RANKS:
        return pieces[0]
    return None


def main(root):
    root = pathlib.Path(root).resolve()
    problems = []
    files = [p for d in ("app", "include") for p in (root / d).rglob("*") if p.is_file() and p.suffix in SOURCE]
    for path in sorted(files):
        part = part_of(path, root)
        rel = path.relative_to(root)
        if part is None:
            problems.append(f"{rel}: outside any part folder")
            continue
        if part not in RANKS:
            problems.append(f"{rel}: part '{part}' is not in the layout's list (tests/layout/check_parts.py)")
            continue
        lines = path.read_text(errors="replace").splitlines()
        if len(lines) > MAX_LINES_PER_FILE:
            problems.append(f"{rel}: {len(lines)} lines, over {MAX_LINES_PER_FILE}: split it by job")
        for number, line in enumerate(lines, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = match.group(1)
            if target.startswith("xlsxwriter") and part not in XLSXWRITER_PARTS:
                problems.append(f"{rel}:{number}: includes <{target}>; only render/ may use libxlsxwriter")
            other = included_part(target)
            if other is None or other == part or other not in RANKS:
                continue
            if RANKS[other] >= RANKS[part]:
                problems.append(f"{rel}:{number}: {part} includes {target}, of {other}, which is not below it")
    for folder in sorted({p.parent for p in files}):
        count = sum(1 for p in folder.iterdir() if p.is_file())
        if count > MAX_FILES_PER_FOLDER:
            problems.append(f"{folder.relative_to(root)}: {count} files, over {MAX_FILES_PER_FOLDER}")
    for problem in problems:
        print(problem)
    print(f"{len(files)} files checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]))
