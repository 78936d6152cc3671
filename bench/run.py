#!/usr/bin/python3
"""asemdb's export benchmark: asemdb beside its peers, in one run.

  /usr/bin/python3 bench/run.py [--asemdb build/asemdb] [--before OTHER/asemdb] [--sizes 100k,1m] [--rounds N]

For each size it generates data/big_<size>.db if missing (gen_data.py), then
runs every command below in turn, round after round (A B C ... A B C ...), so
that a drift of the machine's speed touches all of them alike:

  xlsx   asemdb query -o OUT.xlsx       the limit: limit_export.c over SQLite's and
                                        libxlsxwriter's C APIs; the same with asemdb's
                                        date cells and wrapped rows (xlsx-dressed);
                                        Python XlsxWriter (constant_memory,
                                        Debian's python3-xlsxwriter)
  csv    asemdb query -o OUT.csv        sqlite3 -csv
  text   asemdb query -o OUT.txt        sqlite3 -box

With --before, a second asemdb binary (an earlier build) runs the same three
exports in the same rounds, so that a change is judged by the paired ratio of
the two builds rather than by figures from different runs.

Each command is timed as a whole process (wall from a monotonic clock, cpu and
peak RSS from wait4). It prints a Markdown table of medians, peak memory and
the paired ratios (asemdb's wall / the peer's wall in the same round, median
over the rounds), then the issue's targets with their verdicts, and writes the
same to results/run-<UTC time>.md. It also exports 1,048,577 rows (two sheets)
and reads them back with openpyxl, and times `asemdb init` and `--version`.
Outputs go to bench/out/ (deleted after each run); data stays in bench/data/.
"""
import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIZES = {"100k": 100_000, "1m": 1_000_000}
SQL = "SELECT * FROM members"
EXCEL_ROWS = 1_048_577  # one more than a worksheet holds below its header
PY = "/usr/bin/python3"
BEFORE = "asemdb, the --before build"  # Debian's, with python3-xlsxwriter and python3-openpyxl


def log(text):
    print(text, file=sys.stderr, flush=True)


def run_once(cmd, out=None):
    """Runs cmd through timeone; returns (wall s, cpu s, peak MiB). Exits on failure."""
    if out and os.path.exists(out):
        os.remove(out)
    errors = os.path.join(HERE, "out", "stderr.txt")
    with open(errors, "wb") as err:
        meter = subprocess.run([os.path.join(HERE, "build", "timeone")] + cmd, stdout=subprocess.PIPE, stderr=err,
                               check=True, text=True)
    wall, cpu, peak_kib, code = meter.stdout.split()
    if code != "0":
        with open(errors) as err:
            sys.exit(f"failed ({code}): {' '.join(cmd)}\n{err.read()}")
    return float(wall), float(cpu), int(peak_kib) / 1024.0


def commands(asemdb, db, size, before=None):
    out = lambda name: os.path.join(HERE, "out", f"{size}_{name}")
    q = lambda fmt, binary=asemdb, name="asemdb": [binary, "query", "--db", db, "-o", out(f"{name}.{fmt}"), SQL]
    groups = {
        "xlsx": [("asemdb", q("xlsx"), out("asemdb.xlsx")),
                 ("limit (C)", [os.path.join(HERE, "build", "limit_export"), "xlsx", db, SQL, out("limit.xlsx")],
                  out("limit.xlsx")),
                 ("limit + dates, wrapped rows (C)",
                  [os.path.join(HERE, "build", "limit_export"), "xlsx-dressed", db, SQL, out("dressed.xlsx")],
                  out("dressed.xlsx")),
                 ("Python XlsxWriter", [PY, os.path.join(HERE, "peers", "py_xlsxwriter_export.py"), db, SQL,
                                        out("py.xlsx")], out("py.xlsx"))],
        "csv": [("asemdb", q("csv"), out("asemdb.csv")),
                ("sqlite3 -csv", ["sqlite3", "-header", "-csv", "-cmd", ".output " + out("sqlite3.csv"), db, SQL],
                 out("sqlite3.csv"))],
        "text": [("asemdb", q("txt"), out("asemdb.txt")),
                 ("sqlite3 -box", ["sqlite3", "-header", "-box", "-cmd", ".output " + out("sqlite3.txt"), db, SQL],
                  out("sqlite3.txt"))],
    }
    if before:
        for fmt, ext in (("xlsx", "xlsx"), ("csv", "csv"), ("text", "txt")):
            groups[fmt].insert(1, (BEFORE, q(ext, before, "before"), out("before." + ext)))
    return groups


def measure(groups, rounds, warmup):
    runs = {(fmt, label): [] for fmt, cmds in groups.items() for label, _, _ in cmds}
    for r in range(warmup + rounds):
        log(f"  round {r + 1 - warmup}/{rounds}" if r >= warmup else "  warm-up")
        for fmt, cmds in groups.items():
            for label, cmd, out in cmds:
                result = run_once(cmd, out)
                if r >= warmup:
                    runs[(fmt, label)].append(result)
    return runs


def median(values):
    return statistics.median(values)


def table(size, groups, runs, rows):
    lines = [f"\n#### {size}: {rows:,} rows × 11 columns\n",
             "| format | command | n | wall s, median (min–max) | cpu s | peak MiB | asemdb / this, paired |",
             "|---|---|--:|--:|--:|--:|--:|"]
    ratios = {}
    for fmt, cmds in groups.items():
        mine = runs[(fmt, "asemdb")]
        for label, _, _ in cmds:
            rs = runs[(fmt, label)]
            walls = [w for w, _, _ in rs]
            paired = ""
            if label != "asemdb":
                ratio = median([a[0] / b[0] for a, b in zip(mine, rs)])
                ratios[(fmt, label)] = ratio
                paired = f"**{ratio:.2f}**"
            lines.append(f"| {fmt} | {label} | {len(rs)} | {median(walls):.3f} ({min(walls):.3f}–{max(walls):.3f}) | "
                         f"{median([c for _, c, _ in rs]):.3f} | {max(p for _, _, p in rs):.1f} | {paired} |")
    return lines, ratios


def timed_small(cmd, n, before=None):
    walls = []
    for _ in range(n):
        if before:
            before()
        walls.append(run_once(cmd)[0])
    return median(walls)


def excel_limit_export(asemdb, db):
    """1,048,577 rows: one past a worksheet. Returns (seconds, peak MiB, reader's verdict)."""
    sql = ("SELECT * FROM members UNION ALL SELECT id + 1000000, username, email, country, iso2, region, joined, "
           f"last_seen, posts, karma, note FROM members WHERE id <= {EXCEL_ROWS - 1_000_000}")
    out = os.path.join(HERE, "out", "excel_limit.xlsx")
    wall, _, peak = run_once([asemdb, "query", "--db", db, "-o", out, sql], out)
    check = subprocess.run([PY, os.path.join(HERE, "check_xlsx.py"), out, str(EXCEL_ROWS), "11"],
                           capture_output=True, text=True)
    return wall, peak, check.returncode == 0, (check.stdout + check.stderr).strip()


def verdict(ok):
    return "met" if ok else "**not met**"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asemdb", default=os.path.join(ROOT, "build", "asemdb"))
    parser.add_argument("--before", help="an earlier asemdb binary, timed in the same rounds for a paired ratio")
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--rounds", type=int, help="counted rounds per size (default 5 at 100k, 3 at 1M)")
    parser.add_argument("--no-excel-limit", action="store_true", help="skip the 1,048,577-row export")
    args = parser.parse_args()
    asemdb = os.path.abspath(args.asemdb)
    sizes = args.sizes.split(",")
    for size in sizes:
        if size not in SIZES:
            sys.exit(f"unknown size {size!r}; use {', '.join(SIZES)}")
    if not os.access(asemdb, os.X_OK):
        sys.exit(f"{asemdb}: not found; build asemdb first (see README) or give --asemdb")
    os.makedirs(os.path.join(HERE, "build"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "data"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    for tool, libs in (("limit_export", ["-lsqlite3", "-lxlsxwriter"]), ("timeone", [])):
        subprocess.run(["cc", "-O2", "-o", os.path.join(HERE, "build", tool), os.path.join(HERE, tool + ".c")] + libs,
                       check=True)

    version = subprocess.run([asemdb, "--version"], capture_output=True, text=True).stdout.strip()
    report = [f"# asemdb export benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC\n",
              f"{version}; {os.cpu_count()} cores; SQLite {subprocess.run(['sqlite3', '--version'], capture_output=True, text=True).stdout.split()[0]}; "
              "query: `" + SQL + "`. Whole-process figures; commands alternate round by round; "
              "ratios are asemdb's wall over the peer's in the same round (median of the rounds)."]
    all_ratios, peaks = {}, {}
    for size in sizes:
        rows = SIZES[size]
        db = os.path.join(HERE, "data", f"big_{size}.db")
        if not os.path.exists(db):
            log(f"generating {db}")
            subprocess.run([PY, os.path.join(HERE, "gen_data.py"), "big", "--rows", str(rows), "--out", db], check=True)
        with open(db, "rb") as f:  # warm the page cache
            while f.read(1 << 20):
                pass
        log(f"== {size}")
        groups = commands(asemdb, db, size, os.path.abspath(args.before) if args.before else None)
        rounds = args.rounds or (5 if rows <= 100_000 else 3)
        runs = measure(groups, rounds, warmup=1 if rows <= 100_000 else 0)
        lines, ratios = table(size, groups, runs, rows)
        report += lines
        all_ratios[size] = ratios
        peaks[size] = {fmt: max(p for _, _, p in runs[(fmt, "asemdb")]) for fmt in groups}
        for f in os.listdir(os.path.join(HERE, "out")):
            os.remove(os.path.join(HERE, "out", f))

    log("== init and --version")
    scratch = os.path.join(HERE, "out", "init.db")
    def clear():
        if os.path.exists(scratch):
            os.remove(scratch)
    init_s = timed_small([asemdb, "init", "--db", scratch], 11, clear)
    version_s = timed_small([asemdb, "--version"], 21)
    true_s = timed_small(["/bin/true"], 21)
    sqlite_s = timed_small(["sqlite3", "--version"], 21)
    report += ["", f"`asemdb init` of the forum's seed: {init_s * 1000:.0f} ms; `asemdb --version`: {version_s * 1000:.1f} ms "
               f"(medians of 11 and 21 runs). For scale, starting a process here: `/bin/true` {true_s * 1000:.1f} ms, "
               f"`sqlite3 --version` {sqlite_s * 1000:.1f} ms."]

    excel = None
    if not args.no_excel_limit:
        big = os.path.join(HERE, "data", "big_1m.db")
        if not os.path.exists(big):
            subprocess.run([PY, os.path.join(HERE, "gen_data.py"), "big", "--rows", "1000000", "--out", big], check=True)
        log("== 1,048,577 rows to xlsx, read back with openpyxl")
        excel = excel_limit_export(asemdb, big)
        report += ["", f"1,048,577 rows to xlsx: {excel[0]:.1f} s, peak {excel[1]:.1f} MiB; openpyxl reads back:",
                   "", "```", excel[3], "```"]

    report += ["", "#### Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    big = "1m" if "1m" in all_ratios else sizes[-1]
    r = all_ratios[big]
    for size in sizes:
        ratio = all_ratios[size][("xlsx", "limit (C)")]
        report.append(f"| xlsx {size}, fingerprint on the About sheet: asemdb ≤ 1.05× the limit exporter | "
                      f"{ratio:.2f}× | {verdict(ratio <= 1.05)} |")
    speedup = 1 / r[("xlsx", "Python XlsxWriter")]
    if args.before:
        for size in sizes:
            ratio = all_ratios[size][("xlsx", BEFORE)]
            report.append(f"| xlsx {size}: this build against the --before build, paired | {ratio:.3f}× | "
                          f"{'faster' if ratio < 1 else 'slower'} by {abs(ratio - 1) * 100:.1f} % |")
    report.append(f"| xlsx {big}: ≥ 2.8× faster than Python XlsxWriter | {speedup:.2f}× | {verdict(speedup >= 2.8)} |")
    report.append(f"| csv {big}: ≤ 1.0× the sqlite3 shell | {r[('csv', 'sqlite3 -csv')]:.2f}× | {verdict(r[('csv', 'sqlite3 -csv')] <= 1.0)} |")
    report.append(f"| text {big}: ≤ 1.0× sqlite3 -box | {r[('text', 'sqlite3 -box')]:.2f}× | {verdict(r[('text', 'sqlite3 -box')] <= 1.0)} |")
    for fmt, peak in peaks[big].items():
        grown = peak / peaks[sizes[0]][fmt] if big != sizes[0] else 1.0
        ok = peak <= 32 and grown <= 1.5
        report.append(f"| {fmt} {big}: peak ≤ 32 MiB and ≤ 1.5× its 100k peak | {peak:.1f} MiB, {grown:.2f}× | {verdict(ok)} |")
    report.append(f"| `asemdb init` ≤ 100 ms | {init_s * 1000:.0f} ms | {verdict(init_s <= 0.1)} |")
    report.append(f"| `asemdb --version` ≤ 10 ms | {version_s * 1000:.1f} ms | {verdict(version_s <= 0.01)} |")
    if excel:
        report.append(f"| 1,048,577 rows: two sheets, every row read back | {excel[3].splitlines()[-1]} | {verdict(excel[2])} |")
    text = "\n".join(report) + "\n"
    name = os.path.join(HERE, "results", f"run-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}.md")
    with open(name, "w") as f:
        f.write(text)
    shutil.rmtree(os.path.join(HERE, "out"), ignore_errors=True)
    print(text)
    log(f"written to {name}")


if __name__ == "__main__":
    main()
