#!/usr/bin/env python3
"""The web view through a real HTTP client (Python's http.client), end to end:
the built binary serving a fresh database on the loopback.

Usage: test_web.py --asemdb PATH [unittest options]
"""
import argparse
import hashlib
import html.parser
import http.client
import io
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

import openpyxl

ASEMDB = None
EPOCH = "1781222400"  # 2026-06-12: every output dated alike, so files compare byte for byte


def run_cli(*args, env=None):
    return subprocess.run([ASEMDB, *args], capture_output=True, env=env, timeout=120)


class Server:
    """`asemdb web` on a free port; its log (standard error) kept in a file."""

    def __init__(self, db, *extra, env=None):
        self.log_path = pathlib.Path(tempfile.mkstemp(suffix=".log")[1])
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([ASEMDB, "web", "--db", str(db), "--port", "0", *extra],
                                     stdout=subprocess.PIPE, stderr=self.log, env=env)
        line = self.proc.stdout.readline().decode()
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/ \(stop with Ctrl-C\)$", line.strip())
        if not match:
            raise AssertionError(f"asemdb web printed {line!r}")
        self.port = int(match.group(1))
        self.first_line = line

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        out, _ = self.proc.communicate(timeout=20)
        self.log.close()
        return self.proc.returncode, out.decode()

    def log_text(self):
        self.log.flush()
        return self.log_path.read_text(errors="replace")


def request(port, path, method="GET", host=None, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    all_headers = {"Host": host or f"127.0.0.1:{port}"}
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    all_headers.update(headers or {})
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in all_headers.items():
        conn.putheader(name, value)
    data = body.encode() if isinstance(body, str) else body
    if data is not None:
        conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    response = conn.getresponse()
    content = response.read()
    conn.close()
    return response, content


class Tables(html.parser.HTMLParser):
    """The rows of each results table, by the id of its sheet's section."""

    def __init__(self):
        super().__init__()
        self.sheets, self.section, self.in_body, self.row, self.cell = {}, None, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("sheet-"):
            self.section = attrs["id"][len("sheet-"):]
            self.sheets[self.section] = []
        elif tag == "tbody" and self.section:
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.sheets[self.section].append(self.row)
            self.row = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "section":
            self.section = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def tables(content):
    parser = Tables()
    parser.feed(content.decode())
    return parser.sheets


def q(**params):
    return "?" + urllib.parse.urlencode(params)


class WebViewTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        root = pathlib.Path(cls.dir.name)
        cls.db = root / "asem.db"
        cls.env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, TZ="UTC")
        assert run_cli("init", "--db", str(cls.db)).returncode == 0
        cls.reports = root / "reports"
        cls.reports.mkdir()
        (cls.reports / "hostile.toml").write_text(
            'title = "<script>alert(\'title\')</script> & \\"quoted\\""\n'
            'description = "<img src=x onerror=alert(1)> \'single\' \\u0001"\n'
            '[[param]]\nname = "label"\ntype = "text"\ndefault = "<b>bold</b>"\n'
            'description = "<i>x</i>"\n'
            '[[sheet]]\nname = "rows"\ntitle = "<em>Rows</em>"\n'
            'sql = "SELECT :label AS \\"<th>\\", char(1) || \'<script>\' || char(127) AS data"\n')
        cls.digest = hashlib.sha256(cls.db.read_bytes()).hexdigest()
        cls.server = Server(cls.db, "--reports-dir", str(cls.reports), env=cls.env)
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        code, out = cls.server.stop()
        after = hashlib.sha256(cls.db.read_bytes()).hexdigest()
        cls.dir.cleanup()
        assert code == 0, f"asemdb web exited {code} on SIGTERM"
        assert out.strip().endswith("stopped"), out
        assert after == cls.digest, "the database changed while the view served it"

    def get(self, path, **kw):
        return request(self.port, path, **kw)

    def cli(self, *args):
        reports = ["--reports-dir", str(self.reports)] if args[0] == "report" else []
        return run_cli(*args, "--db", str(self.db), *reports, env=self.env)

    # --- Host header: DNS rebinding -------------------------------------------------
    def test_foreign_host_is_refused_without_data(self):
        for path in ["/", "/reports/member_roster", "/reports/member_roster.csv?sheet=roster", "/query?sql=select+1"]:
            response, content = self.get(path, host="attacker.example")
            self.assertEqual(response.status, 403, path)
            self.assertNotIn(b"Austria", content)
            self.assertNotIn(b"<table", content)
        response, _ = self.get("/", host=f"attacker.example:{self.port}")
        self.assertEqual(response.status, 403)
        response, _ = self.get("/", host=f"127.0.0.1:{self.port + 1}")
        self.assertEqual(response.status, 403)

    def test_loopback_names_are_answered(self):
        for host in [f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"LOCALHOST:{self.port}"]:
            response, _ = self.get("/", host=host)
            self.assertEqual(response.status, 200, host)

    def test_missing_host_is_refused(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            reply = s.makefile("rb").read()
        self.assertTrue(reply.startswith(b"HTTP/1.1 403"), reply[:40])

    # --- pages ------------------------------------------------------------------------
    def test_every_page_answers(self):
        expected = {"/": b"member states", "/reports": b"member_roster", "/reports/member_roster": b"sheet-roster",
                    "/query": b"<textarea", "/schema": b"country", "/audit": b"checks:",
                    "/schedule": b"No schedule file", "/assets/style.css": b"font"}
        for path, words in expected.items():
            response, content = self.get(path)
            self.assertEqual(response.status, 200, path)
            self.assertIn(words, content, path)
            if path != "/assets/style.css":
                self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
                self.assertIn("default-src 'none'", response.getheader("Content-Security-Policy"))

    def test_home_shows_the_profile_of_today(self):
        _, content = self.get("/")
        self.assertIn(b"51 member states and 2 member organisations", content)
        self.assertIn(b"<h2>How it began</h2>", content)
        self.assertIn(b"<p>ASEM Conference of the Directors General", content)
        self.assertIn(b"<li>Border management</li>", content)

    def test_roster_page_on_a_date(self):
        response, content = self.get("/reports/member_roster" + q(as_of="2010-10-04"))
        self.assertEqual(response.status, 200)
        rows = tables(content)["roster"]
        self.assertEqual(len(rows), 48)
        # The same members as the command line's csv, in its order.
        csv = self.cli("report", "run", "member_roster", "-p", "as_of=2010-10-04", "--csv", "--sheet", "roster")
        names = [line.split(",")[0] for line in csv.stdout.decode().splitlines()[1:]]
        self.assertEqual(len(names), 48)
        self.assertIn(b'value="2010-10-04"', content)
        self.assertIn(b"As of", content.replace(b"as_of", b"As of"))

    def test_a_roster_before_the_first_meeting_says_so_above_its_table(self):
        _, content = self.get("/reports/member_roster" + q(as_of="1996-03-01"))
        note = re.search(rb'<section class="sheet" id="sheet-roster">\s*<h2>([^<]*)</h2>\s*<p class="note" role="note">([^<]*)</p>',
                         content)
        self.assertIsNotNone(note)
        self.assertIn(b"the forum first met in March 2003", note.group(2))
        _, content = self.get("/reports/member_roster" + q(as_of="2010-10-04"))
        self.assertNotIn(b'class="note"', content)

    def test_relative_date_words(self):
        response, content = self.get("/reports/member_roster" + q(as_of="end_of_previous_month"))
        self.assertEqual(response.status, 200)
        self.assertEqual(len(tables(content)["roster"]), 53)

    def test_form_fields_follow_the_parameters(self):
        _, content = self.get("/reports/member_roster")
        self.assertIn(b'name="as_of"', content)
        self.assertIn(b'list="relative-dates"', content)
        self.assertIn(b'<option value="end_of_previous_month">', content)

    def test_paging(self):
        sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 250) SELECT x FROM c"
        _, first = self.get("/query" + q(sql=sql))
        self.assertEqual(len(tables(first)["query"]), 100)
        self.assertIn(b'rel="next"', first)
        _, third = self.get("/query" + q(sql=sql, page=3))
        rows = tables(third)["query"]
        self.assertEqual([r[0] for r in rows], [str(x) for x in range(201, 251)])
        self.assertNotIn(b'rel="next"', third)
        response, _ = self.get("/query" + q(sql=sql, page="0"))
        self.assertEqual(response.status, 400)

    # --- downloads ----------------------------------------------------------------------
    def test_csv_is_the_command_lines(self):
        response, content = self.get("/reports/member_roster.csv" + q(as_of="2019-06-30", sheet="roster"))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "text/csv; charset=utf-8")
        self.assertEqual(response.getheader("Content-Disposition"),
                         'attachment; filename="member_roster-2026-06-12.csv"')
        cli = self.cli("report", "run", "member_roster", "-p", "as_of=2019-06-30", "--csv", "--sheet", "roster")
        self.assertEqual(cli.returncode, 0)
        self.assertEqual(content, cli.stdout)

    def test_textual_downloads_are_the_command_lines(self):
        cases = {".json": ["--json", "--document"], ".md": ["--markdown"], ".txt": ["--format", "text"]}
        for ext, flags in cases.items():
            response, content = self.get(f"/reports/member_roster{ext}" + q(as_of="2019-06-30"))
            self.assertEqual(response.status, 200, ext)
            cli = self.cli("report", "run", "member_roster", "-p", "as_of=2019-06-30", *flags)
            self.assertEqual(cli.returncode, 0, cli.stderr)
            self.assertEqual(content, cli.stdout, ext)
        document = json.loads(self.get("/reports/member_roster.json" + q(as_of="2019-06-30"))[1])
        self.assertIn("sheets", document)

    def test_xlsx_download_reads_back(self):
        response, content = self.get("/reports/member_roster.xlsx" + q(as_of="2010-10-04"))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Disposition"),
                         'attachment; filename="member_roster-2026-06-12.xlsx"')
        self.assertEqual(int(response.getheader("Content-Length")), len(content))
        web = openpyxl.load_workbook(io.BytesIO(content))
        out = pathlib.Path(self.dir.name) / "cli.xlsx"
        self.assertEqual(self.cli("report", "run", "member_roster", "-p", "as_of=2010-10-04", "-o", str(out)).returncode, 0)
        cli = openpyxl.load_workbook(out)
        self.assertEqual(web.sheetnames, cli.sheetnames)
        for name in web.sheetnames:
            self.assertEqual([list(r) for r in web[name].iter_rows(values_only=True)],
                             [list(r) for r in cli[name].iter_rows(values_only=True)], name)
        members = web[web.sheetnames[0]]
        self.assertEqual(members.max_row - 1, 48)

    def test_several_sheets_into_one_table_is_refused(self):
        response, content = self.get("/reports/member_roster.csv")
        self.assertEqual(response.status, 400)
        self.assertIn(b"sheet=NAME", content)
        response, content = self.get("/reports/member_roster.csv" + q(sheet="nope"))
        self.assertEqual(response.status, 400)

    def test_query_downloads(self):
        sql = "SELECT name, iso_alpha2 FROM country ORDER BY name"
        response, content = self.get("/query.csv" + q(sql=sql))
        self.assertEqual(response.status, 200)
        cli = self.cli("query", "--csv", sql)
        self.assertEqual(content, cli.stdout)
        response, content = self.get("/query.json" + q(sql=sql))
        self.assertEqual(len(json.loads(content)["sheets"][0]["rows"]), 51)

    def test_query_by_post(self):
        response, content = self.get("/query", method="POST", body=urllib.parse.urlencode({"sql": "SELECT 41 + 1 AS answer"}))
        self.assertEqual(response.status, 200)
        self.assertEqual(tables(content)["query"], [["42"]])

    # --- the query page ----------------------------------------------------------------
    def test_query_parameters_become_fields(self):
        sql = "SELECT :n * 2 AS twice"
        _, content = self.get("/query" + q(sql=sql))
        self.assertIn(b'name="n"', content)
        self.assertNotIn(b"sheet-query", content)
        _, content = self.get("/query" + q(sql=sql, n="21"))
        self.assertEqual(tables(content)["query"], [["42"]])

    def test_query_refusals_are_shown_as_the_command_line_shows_them(self):
        for sql in ["DELETE FROM country", "ATTACH 'x.db' AS x", "SELEC 1"]:
            response, content = self.get("/query" + q(sql=sql))
            self.assertEqual(response.status, 400, sql)
            message = self.cli("query", sql).stderr.decode().splitlines()[0].removeprefix("asemdb: ")
            page = html_text(content)
            self.assertIn(message, page, sql)
        _, content = self.get("/query" + q(sql="SELEC 1"))
        self.assertIn(b"  SELEC 1\n  ^", content)

    def test_query_timeout(self):
        slow = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) "
                "SELECT count(*) FROM c")
        started = time.monotonic()
        response, content = self.get("/query" + q(sql=slow))
        self.assertLess(time.monotonic() - started, 15)
        self.assertEqual(response.status, 400)
        self.assertIn(b"timed out after 10 s", content)

    # --- escaping ----------------------------------------------------------------------
    def test_everything_is_escaped(self):
        pages = ["/reports", "/reports/hostile", "/reports/hostile" + q(label='<script>"\'\x01'),
                 "/query" + q(sql="SELECT '<script>alert(1)</script>' AS \"<b>\", char(1, 27) || '\"''' AS x"),
                 "/reports/member_roster" + q(as_of="<script>alert(1)</script>"),
                 "/reports/%3Cscript%3E", "/nothing/%3Cscript%3E"]
        for path in pages:
            _, content = self.get(path)
            lowered = content.lower()
            self.assertNotIn(b"<script", lowered, path)
            self.assertNotIn(b"<img", lowered, path)
            self.assertNotIn(b"<b>", lowered, path)
            self.assertNotIn(b"<em>", lowered, path)
            self.assertIsNone(re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", content), path)
        _, content = self.get("/reports/hostile" + q(label='<script>"\'\x01'))
        self.assertIn(b"&lt;script&gt;&quot;&#39;\\x01", content)
        self.assertIn(b"\\x01&lt;script&gt;\\x7F", content)
        self.assertIn(b"&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", content)

    # --- status codes and limits --------------------------------------------------------
    def test_unknown_report_names_the_nearest(self):
        response, content = self.get("/reports/member_rooster")
        self.assertEqual(response.status, 404)
        self.assertIn(b"did you mean &#39;member_roster&#39;", content)
        response, _ = self.get("/reports/member_roster.pdf")
        self.assertEqual(response.status, 404)
        response, _ = self.get("/no/such/page")
        self.assertEqual(response.status, 404)

    def test_bad_parameter_is_the_command_lines_message(self):
        response, content = self.get("/reports/member_roster" + q(as_of="2019-13-45"))
        self.assertEqual(response.status, 400)
        message = self.cli("report", "run", "member_roster", "-p", "as_of=2019-13-45").stderr.decode()
        self.assertIn(message.splitlines()[0].removeprefix("asemdb: "), html_text(content))
        response, content = self.get("/reports/member_roster.csv" + q(sheet="roster", as_of="nope"))
        self.assertEqual(response.status, 400)
        response, content = self.get("/reports/member_roster" + q(colour="red"))
        self.assertEqual(response.status, 400)

    def test_methods_other_than_get_and_post(self):
        for method in ["DELETE", "PUT", "PATCH"]:
            response, _ = self.get("/reports/member_roster", method=method)
            self.assertIn(response.status, (405, 400), method)

    def test_size_limits(self):
        response, _ = self.get("/reports/member_roster?as_of=" + "x" * 9000)
        self.assertEqual(response.status, 414)
        response, content = self.get("/reports/member_roster?as_of=" + "x" * 5000)
        self.assertEqual(response.status, 413)
        many = "&".join(f"p{i}=1" for i in range(80))
        response, _ = self.get("/reports/member_roster?" + many)
        self.assertEqual(response.status, 413)
        response, _ = self.get("/query", method="POST", body="sql=" + "x" * 70000)
        self.assertEqual(response.status, 413)
        response, _ = self.get("/", headers={"X-Long": "y" * 9000})
        self.assertGreaterEqual(response.status, 400)
        self.assertEqual(self.get("/")[0].status, 200)  # and it still answers

    # --- a download that fails, a client that leaves -------------------------------------
    def test_a_failure_after_the_start_cuts_the_stream(self):
        failing = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 400000) "
                   "SELECT CASE WHEN x < 300000 THEN x ELSE abs(-9223372036854775807 - 1) END AS v FROM c")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", "/query.csv" + q(sql=failing))
        response = conn.getresponse()
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Transfer-Encoding"), "chunked")
        with self.assertRaises(http.client.IncompleteRead):
            response.read()
        conn.close()
        self.assertTrue(wait_for(lambda: "download cut" in self.server.log_text() and "integer overflow"
                                 in self.server.log_text()), self.server.log_text()[-500:])

    def test_a_client_that_leaves_stops_the_query(self):
        endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x, 'padding padding' FROM c"
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(f"GET /query.csv{q(sql=endless)} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
            self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 200"))
        self.assertTrue(wait_for(lambda: "the client left" in self.server.log_text()),
                        self.server.log_text()[-500:])
        self.assertEqual(self.get("/")[0].status, 200)
        # Runs that send nothing until they end (a workbook, a page) watch their client.
        forever = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) AS n FROM c"
        for path in ["/query.xlsx", "/query"]:
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                s.sendall(f"GET {path}{q(sql=forever)} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
                time.sleep(0.5)
            left = time.monotonic()
            self.assertTrue(wait_for(lambda: f"GET {path} 400" in self.server.log_text(), 8), path)
            self.assertLess(time.monotonic() - left, 8, path)


def html_text(content):
    """The page's text as a reader sees it: tags dropped, entities read."""
    import html as html_module
    return html_module.unescape(re.sub(rb"<[^>]+>", b"", content).decode())


def wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


class ServerLifeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.db = pathlib.Path(cls.dir.name) / "asem.db"
        assert run_cli("init", "--db", str(cls.db)).returncode == 0

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_sigterm_and_ctrl_c_stop_it_during_a_download(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            server = Server(self.db, "-q")
            endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            s.sendall(f"GET /query.csv{q(sql=endless)} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
            time.sleep(0.5)
            started = time.monotonic()
            code, out = server.stop(sig)
            self.assertLess(time.monotonic() - started, 10)
            self.assertEqual(code, 0, sig)
            self.assertEqual(out.strip(), "stopped")
            s.close()

    def test_a_stop_as_soon_as_it_listens_is_not_lost(self):
        for _ in range(10):
            server = Server(self.db, "-q")
            code, out = server.stop()
            self.assertEqual((code, out.strip()), (0, "stopped"))

    def test_other_names_are_answered_when_given(self):
        server = Server(self.db, "-q", "--host", "asem.example")
        try:
            self.assertEqual(request(server.port, "/", host=f"asem.example:{server.port}")[0].status, 200)
            self.assertEqual(request(server.port, "/", host=f"other.example:{server.port}")[0].status, 403)
        finally:
            server.stop()

    def test_a_schedule_is_shown(self):
        schedule = pathlib.Path(self.dir.name) / "jobs.toml"
        schedule.write_text('[[job]]\nname = "monthly-roster"\nreport = "member_roster"\n'
                            'cron = "0 6 1 * *"\ntimezone = "Europe/Brussels"\nformats = ["xlsx"]\n'
                            'output = "out/{job}.{ext}"\n')
        server = Server(self.db, "-q", "--schedule", str(schedule))
        try:
            response, content = request(server.port, "/schedule")
            self.assertEqual(response.status, 200, content[:300])
            self.assertIn(b"monthly-roster", content)
            self.assertIn(b"0 6 1 * *", content)
        finally:
            server.stop()

    def test_listening_beyond_the_loopback_needs_a_flag(self):
        result = run_cli("web", "--db", str(self.db), "--port", "0", "--bind", "0.0.0.0")
        self.assertEqual(result.returncode, 2)
        lines = result.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("--allow-remote", lines[0])

    def test_a_missing_database_is_one_line(self):
        result = run_cli("web", "--db", str(pathlib.Path(self.dir.name) / "none.db"), "--port", "0")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.decode().splitlines()), 1)
        self.assertFalse((pathlib.Path(self.dir.name) / "none.db").exists())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--asemdb", required=True)
    args, rest = parser.parse_known_args()
    ASEMDB = os.path.abspath(args.asemdb)
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
