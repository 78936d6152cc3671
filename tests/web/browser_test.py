#!/usr/bin/python3
"""The web view in a real browser: headless Chromium driven through Selenium.

Usage: browser_test.py ASEMDB   (the built binary; ctest passes it)

On a fresh database it starts `asemdb web --port 0`, goes from the home page
to Reports and the member roster as a person would, fills in as_of, submits
the form, counts the roster's rows, downloads the workbook through the page's
link and reads it back with openpyxl; it also runs a query and opens the audit,
then stops the server with SIGTERM, which must exit 0.

With ASEMDB_SCREENSHOTS=DIR it saves web-home.png, web-roster.png,
web-query.png and web-audit.png in DIR (scripts/web-screenshots.sh).

Exits 0 when everything holds, else 1 with one line saying what did not.
Needs Debian's chromium, chromium-driver, python3-selenium and python3-openpyxl.
"""

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

AS_OF = "2010-10-04"
ROSTER_ROWS = 48  # the members on ASEM8's first day, as `report run member_roster` counts them
QUERY = "SELECT name, iso_alpha2 FROM country ORDER BY name LIMIT 10"
WINDOW = (1280, 900)
WAIT_SECONDS = 20
CHROMEDRIVER = "/usr/bin/chromedriver"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Server:
    """`asemdb web` on a port of its own choosing, its address read from its first line."""

    def __init__(self, asemdb, db, workdir):
        self.stderr_path = os.path.join(workdir, "web.stderr")
        self.stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen([asemdb, "web", "--db", db, "--port", "0", "-q"], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=self.stderr, cwd=workdir)
        ready, _, _ = select.select([self.process.stdout], [], [], WAIT_SECONDS)
        line = self.process.stdout.readline().decode("utf-8", "replace").strip() if ready else ""
        match = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
        if not match:
            try:
                ended = self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                ended = None
            self.kill()
            when = f"exited {ended}" if ended is not None else f"was silent for {WAIT_SECONDS} s"
            raise Failure(f"asemdb web printed no address: it {when} (stdout: {line!r}, "
                          f"stderr: {self.error_text()!r})")
        self.url = match.group(1)

    def error_text(self):
        self.stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace").strip()[-300:]

    def stop(self):
        """SIGTERM, then the exit status and what it printed after its first line."""
        self.process.send_signal(signal.SIGTERM)
        try:
            rest, _ = self.process.communicate(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failure(f"asemdb web was still running {WAIT_SECONDS} s after SIGTERM")
        return self.process.returncode, rest.decode("utf-8", "replace").strip()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_browser(download_dir, profile_dir):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # As root, Chromium starts only without its sandbox; /dev/shm is small in containers.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={WINDOW[0]},{WINDOW[1]}", "--no-proxy-server", "--no-first-run",
                     f"--user-data-dir={profile_dir}", "--lang=en-GB", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": download_dir,
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": True,
    })
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # Headless Chromium may ignore the download preferences; DevTools sets the same directory for sure.
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    return driver


def wait_for(driver, condition, what):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, WAIT_SECONDS).until(condition)
    except TimeoutException:
        raise Failure(f"{what}: not seen within {WAIT_SECONDS} s (at {driver.current_url})") from None


def follow(driver, text, path, what):
    """Clicks the first link reading `text` and waits for the page at `path`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    links = driver.find_elements(By.LINK_TEXT, text)
    check(links, f"{what}: no link reading {text!r} on {driver.current_url}")
    old = driver.find_element(By.TAG_NAME, "html")
    links[0].click()
    wait_for(driver, EC.staleness_of(old), f"{what}: the page after clicking {text!r}")
    check(driver.current_url.split("?")[0] == path, f"{what}: the link led to {driver.current_url}, not {path}")


def no_error(driver, what):
    from selenium.webdriver.common.by import By

    errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "p.error")]
    check(not errors, f"{what}: the page shows an error: {errors[0] if errors else ''}")


def screenshot(driver, name, height=None):
    """With `height`, the window is that tall for this one picture (a page whose table starts low)."""
    directory = os.environ.get("ASEMDB_SCREENSHOTS")
    if not directory:
        return
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name)
    if height:
        driver.set_window_size(WINDOW[0], height)
    try:
        check(driver.save_screenshot(path), f"could not save the screenshot {path}")
    finally:
        if height:
            driver.set_window_size(*WINDOW)


def column_texts(driver, table_selector, heading):
    from selenium.webdriver.common.by import By

    headings = [th.text for th in driver.find_elements(By.CSS_SELECTOR, f"{table_selector} thead th")]
    check(heading in headings, f"the table {table_selector} has no column {heading!r} (it has {headings})")
    index = headings.index(heading) + 1
    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, f"{table_selector} tbody tr td:nth-child({index})")]


def wait_for_download(directory, suffix):
    """The one complete file ending in `suffix` that appears in `directory`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        names = os.listdir(directory)
        done = [n for n in names if n.endswith(suffix)]
        partial = [n for n in names if n.endswith(".crdownload") or n.endswith(".tmp")]
        if done and not partial:
            check(len(done) == 1, f"more than one download in {directory}: {sorted(names)}")
            path = os.path.join(directory, done[0])
            size = os.path.getsize(path)
            time.sleep(0.3)
            if size > 0 and os.path.getsize(path) == size:
                return path
        time.sleep(0.2)
    raise Failure(f"no complete {suffix} download within {WAIT_SECONDS} s (the directory holds {sorted(os.listdir(directory))})")


def check_workbook(path, members_on_page):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception as e:
        raise Failure(f"the downloaded {os.path.basename(path)} does not open with openpyxl: {e}") from None
    check("Members" in workbook.sheetnames, f"the workbook has no sheet 'Members' (it has {workbook.sheetnames})")
    rows = [r for r in workbook["Members"].iter_rows(values_only=True) if any(v is not None for v in r)]
    check(rows and "Member" in rows[0], f"the sheet 'Members' starts with {rows[0] if rows else 'nothing'}, "
                                        "not the roster's headings")
    column = rows[0].index("Member")
    members = [r[column] for r in rows[1:]]
    check(len(members) == ROSTER_ROWS, f"the workbook's sheet 'Members' has {len(members)} rows, not {ROSTER_ROWS}")
    if members != members_on_page:
        row = next((i for i, (a, b) in enumerate(zip(members, members_on_page)) if a != b), len(members))
        raise Failure(f"the workbook's members are not the page's: row {row + 1} is "
                      f"{members[row] if row < len(members) else None!r} in the workbook, "
                      f"{members_on_page[row] if row < len(members_on_page) else None!r} on the page")


def roster(driver, downloads):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    follow(driver, "Reports", driver.current_url.rstrip("/") + "/reports", "Reports")
    base = driver.current_url
    follow(driver, "member_roster", base + "/member_roster", "the member roster")
    field = wait_for(driver, EC.presence_of_element_located((By.ID, "p-as_of")), "the as_of field")
    check(field.get_attribute("name") == "as_of", f"the field p-as_of is named {field.get_attribute('name')!r}")
    field.clear()
    field.send_keys(AS_OF)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form.params button[type=submit]").click()
    wait_for(driver, EC.staleness_of(old), "the roster after submitting the form")
    check(f"as_of={AS_OF}" in driver.current_url, f"the form went to {driver.current_url}, without as_of={AS_OF}")
    no_error(driver, "the roster")
    table = "#sheet-roster table.rows"
    rows = driver.find_elements(By.CSS_SELECTOR, f"{table} tbody tr")
    check(len(rows) == ROSTER_ROWS, f"the roster as of {AS_OF} shows {len(rows)} rows, not {ROSTER_ROWS}")
    members = column_texts(driver, table, "Member")
    check(members[0] == "Australia", f"the roster's first member is {members[0]!r}, not 'Australia'")
    check(driver.find_element(By.ID, "p-as_of").get_attribute("value") == AS_OF,
          "the form does not show the date it was submitted with")
    screenshot(driver, "web-roster.png", height=1500)

    links = driver.find_elements(By.LINK_TEXT, "Excel workbook (.xlsx)")
    check(links, "the roster has no link 'Excel workbook (.xlsx)'")
    href = links[0].get_attribute("href")
    check(f"as_of={AS_OF}" in href, f"the workbook's link {href} does not carry as_of={AS_OF}")
    links[0].click()
    check_workbook(wait_for_download(downloads, ".xlsx"), members)


def query(driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    follow(driver, "Query", driver.current_url.split("/reports")[0] + "/query", "the query page")
    box = wait_for(driver, EC.presence_of_element_located((By.ID, "sql")), "the SQL box")
    box.clear()
    box.send_keys(QUERY)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, EC.staleness_of(old), "the query's result")
    no_error(driver, "the query")
    names = column_texts(driver, "section.sheet table.rows", "name")
    check(len(names) == 10 and names[:2] == ["Australia", "Austria"],
          f"the query shows {len(names)} rows starting {names[:2]}, not 10 starting Australia, Austria")
    check(driver.find_element(By.ID, "sql").get_attribute("value") == QUERY, "the SQL box does not show the query run")
    screenshot(driver, "web-query.png")


def audit(driver):
    from selenium.webdriver.common.by import By

    follow(driver, "Audit", driver.current_url.split("/query")[0] + "/audit", "the audit page")
    heading = driver.find_element(By.TAG_NAME, "h1").text
    check(heading == "Audit", f"the audit page's heading is {heading!r}")
    no_error(driver, "the audit")
    check(driver.find_elements(By.CSS_SELECTOR, "section.checks table tbody tr"), "the audit page lists no checks")
    screenshot(driver, "web-audit.png")


def browse(url, downloads, profile):
    from selenium.webdriver.common.by import By

    driver = start_browser(downloads, profile)
    try:
        driver.get(url)
        heading = driver.find_element(By.TAG_NAME, "h1").text
        check(heading == "ASEM migration dialogue", f"the home page's heading is {heading!r}")
        no_error(driver, "the home page")
        screenshot(driver, "web-home.png")
        roster(driver, downloads)
        query(driver)
        audit(driver)
    finally:
        driver.quit()


def run(asemdb, workdir):
    db = os.path.join(workdir, "asem.db")
    init = subprocess.run([asemdb, "init", "--db", db], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    check(init.returncode == 0, f"asemdb init exited {init.returncode}: {init.stderr.strip()[-200:]}")
    downloads = os.path.join(workdir, "downloads")
    os.mkdir(downloads)
    server = Server(asemdb, db, workdir)
    try:
        browse(server.url, downloads, os.path.join(workdir, "profile"))
    except BaseException:
        server.kill()
        raise
    if server.process.poll() is not None:
        raise Failure(f"asemdb web ended on its own (exit {server.process.returncode}): {server.error_text()}")
    code, printed = server.stop()
    check(code == 0, f"asemdb web exited {code} after SIGTERM, not 0: {server.error_text()}")
    check(printed == "stopped", f"asemdb web printed {printed!r} after SIGTERM, not 'stopped'")


def main():
    if len(sys.argv) != 2:
        print("usage: browser_test.py ASEMDB", file=sys.stderr)
        return 2
    asemdb = os.path.abspath(sys.argv[1])
    # Everything here is on the loopback: a proxy from the environment would only be in the way.
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        os.environ.pop(name, None)
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    workdir = tempfile.mkdtemp(prefix="asemdb-browser-")
    try:
        try:
            import openpyxl  # noqa: F401
            import selenium  # noqa: F401
        except ImportError as e:
            raise Failure(f"{e.name} is missing: install python3-selenium and python3-openpyxl") from None
        for program in (CHROMEDRIVER, "/usr/bin/chromium"):
            check(os.access(program, os.X_OK), f"{program} is missing: install chromium and chromium-driver")
        run(asemdb, workdir)
    except Failure as e:
        print(f"browser_test: FAILED: {e}")
        return 1
    except Exception as e:  # Selenium's and the browser's own errors, on one line
        first = (str(e).strip().splitlines() or [""])[0]
        print(f"browser_test: FAILED: {type(e).__name__}: {first}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"browser_test: passed (roster as of {AS_OF}: {ROSTER_ROWS} rows on the page and in the workbook)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
