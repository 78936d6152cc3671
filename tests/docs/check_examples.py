#!/usr/bin/env python3
"""Runs the shell examples of Markdown pages and compares the output they show.

Each page runs in a fresh directory of its own holding a fresh database
(`asemdb init`), with the asemdb under test first on PATH; its examples run in
order and share that directory, so a later example can use a file an earlier
one wrote. What a fenced block is taken to be:

  ```sh / ```bash      a script: run with bash (errexit, pipefail); it must exit 0.
  ```console           `$ command` lines, each followed by the output it shows
                       (stdout and stderr together). Shown output is compared
                       line by line, trailing spaces ignored; a line `...`
                       stands for any number of lines. A command shown without
                       output must exit 0.
  any other language   not run.

An HTML comment right before a block (blank lines between are fine) changes that:
  <!-- docs: skip REASON -->   the block is not run (an install step, a service).
  <!-- docs: file NAME -->     the block's text is written to NAME in the page's
                               directory (a schedule file the next example uses).

Prints one line per failing example and a closing `N passed, N failed`; exits 1
when any example fails.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)")
DIRECTIVE = re.compile(r"^<!--\s*docs:\s*(skip|file)\b\s*(.*?)\s*-->\s*$")
RUN_LANGUAGES = {"sh", "bash", "shell"}
TIMEOUT_SECONDS = 120


class Block:
    def __init__(self, path, line, language, text, directive):
        self.path, self.line, self.language, self.text, self.directive = path, line, language, text, directive

    def where(self):
        return f"{self.path}:{self.line}"


def read_blocks(path):
    """The fenced blocks of a page, each with the directive comment before it."""
    blocks, pending, lines = [], None, open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        match = DIRECTIVE.match(line.strip())
        if match:
            pending = (match.group(1), match.group(2))
            i += 1
            continue
        fence = FENCE.match(line)
        if not fence:
            if line.strip():
                pending = None
            i += 1
            continue
        marker, language, start = fence.group(1), fence.group(2).lower(), i + 1
        body = []
        i += 1
        while i < len(lines) and not lines[i].startswith(marker):
            body.append(lines[i])
            i += 1
        i += 1
        blocks.append(Block(path, start, language, "\n".join(body) + "\n", pending))
        pending = None
    return blocks


def console_steps(block):
    """(line, command, shown output lines) for each `$ ` command of a console block."""
    steps, lines, i = [], block.text.rstrip("\n").split("\n"), 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            raise ValueError(f"{block.path}:{block.line + i}: console output before any '$ ' command")
        line, command = block.line + 1 + i, lines[i][2:]
        while command.endswith("\\") and i + 1 < len(lines):
            i += 1
            command = command[:-1] + "\n" + lines[i].removeprefix("> ")
        i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("$ "):
            shown.append(lines[i].rstrip())
            i += 1
        while shown and not shown[-1]:
            shown.pop()
        steps.append((line, command, shown))
    return steps


def matches(shown, actual):
    """True when the actual lines fit the shown ones; a shown `...` takes any number of lines."""
    if not shown:
        return not actual
    head, rest = shown[0], shown[1:]
    if head == "...":
        return any(matches(rest, actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


def run(command, cwd, env):
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT_SECONDS)
    return done.returncode, done.stdout.decode("utf-8", "replace")


def check_page(path, asemdb, failures):
    passed = 0
    with tempfile.TemporaryDirectory(prefix="asemdb-docs-") as workdir:
        bindir = os.path.join(workdir, ".bin")
        os.mkdir(bindir)
        os.symlink(os.path.abspath(asemdb), os.path.join(bindir, "asemdb"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASEMDB_")}
        env.update(PATH=bindir + os.pathsep + env.get("PATH", "/usr/bin:/bin"), TZ="UTC", LC_ALL="C.UTF-8",
                   HOME=workdir)
        code, output = run("asemdb init", workdir, env)
        if code != 0:
            failures.append(f"{path}: asemdb init failed: {output.strip()}")
            return passed
        for block in read_blocks(path):
            kind, argument = block.directive or (None, None)
            if kind == "skip":
                continue
            if kind == "file":
                target = os.path.join(workdir, argument)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "w", encoding="utf-8") as out:
                    out.write(block.text)
                continue
            if block.language in RUN_LANGUAGES:
                code, output = run("set -e\n" + block.text, workdir, env)
                if code != 0:
                    failures.append(f"{block.where()}: the {block.language} example exited {code}: "
                                    + " | ".join(output.strip().split("\n")[-3:]))
                else:
                    passed += 1
            elif block.language == "console":
                for line, command, shown in console_steps(block):
                    code, output = run(command, workdir, env)
                    actual = [l.rstrip() for l in output.rstrip("\n").split("\n")] if output.strip() else []
                    if not shown and code != 0:
                        failures.append(f"{path}:{line}: `{command}` exited {code}: {output.strip()}")
                    elif shown and not matches(shown, actual):
                        failures.append(f"{path}:{line}: `{command}` printed other output than shown\n"
                                        + "  shown:\n" + "".join(f"    {l}\n" for l in shown)
                                        + "  printed:\n" + "".join(f"    {l}\n" for l in actual))
                    else:
                        passed += 1
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--asemdb", required=True, help="the asemdb binary under test")
    parser.add_argument("pages", nargs="+", help="Markdown files")
    args = parser.parse_args()
    if not shutil.which("bash"):
        sys.exit("check_examples: bash is needed")
    failures, passed = [], 0
    for page in args.pages:
        try:
            passed += check_page(page, args.asemdb, failures)
        except (ValueError, subprocess.TimeoutExpired) as e:
            failures.append(f"{page}: {e}")
    for failure in failures:
        print(failure)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
