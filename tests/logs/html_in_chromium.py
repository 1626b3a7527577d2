#!/usr/bin/env python3
"""Renders the HTML report of `edgelint logs` in headless Chromium with the
network cut off, and checks the rendered page: the three charts are there
with their marks, the top cause heads the table.

Usage: html_in_chromium.py [path/to/edgelint]  (needs Debian's `chromium`)
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPLOYMENT = os.path.join(ROOT, "testdata", "logs", "deployment.yaml")


class Page(HTMLParser):
    """Elements by id, and the tags/classes under each chart."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.ids = {}
        self.text = []
        self.rows = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        within = next((s for s in reversed(self.stack) if s), None)
        if "id" in a:
            self.ids[a["id"]] = []
            within = a["id"]
        if within is not None:
            self.ids[within].append((tag, a))
        if tag == "tr" and a.get("class") == "cause":
            self.rows.append(a)
        self.stack.append(a.get("id") or within)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "edgelint")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        logs = os.path.join(tmp, "logs")
        subprocess.run(
            [sys.executable, os.path.join(ROOT, "tests", "logs", "generate.py"), "--out", logs,
             "--requests", "8000", "--incident", "slow", "--incident", "cert"],
            check=True, capture_output=True,
        )
        html = os.path.join(tmp, "report.html")
        out = subprocess.run(
            [exe, "logs", logs, "--deployment", DEPLOYMENT, "--html", html, "--format", "json"],
            capture_output=True, text=True,
        )
        assert out.returncode == 1, out.stderr
        report = json.loads(out.stdout)
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + os.path.join(tmp, "profile"),
             "--dump-dom", "file://" + html],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout
    page = Page()
    page.feed(dom)
    for chart in ("errors-over-time", "time-taken", "failing-paths", "causes"):
        assert chart in page.ids, f"#{chart} not rendered"
    bars = [a for t, a in page.ids["errors-over-time"] if t == "rect" and a.get("class") == "bar"]
    kinds = {a["data-kind"] for a in bars}
    top = report["causes"][0]["kind"]
    assert top in kinds and "origin-tls" in kinds, kinds
    timeouts = [a for t, a in page.ids["time-taken"] if t == "line" and a.get("class") == "timeout"]
    assert timeouts, "no timeout marked on the time-taken chart"
    paths = [a for t, a in page.ids["failing-paths"] if t == "rect"]
    assert len(paths) == min(10, len(report["failing_paths"])), len(paths)
    assert page.rows and page.rows[0]["data-kind"] == top, page.rows[:1]
    text = " ".join(page.text)
    first = report["causes"][0]
    label = f"read timeout {first['timeouts']['read_timeout_s']} s"
    assert label in text, f"timeout label {label!r}"
    code = next(f["code"] for f in first["findings"] if f["explains"])
    assert re.search(rf"check:\s+{code}\b", text), f"the finding {code} is on the page"
    print(f"chromium: {len(bars)} timeline bars ({', '.join(sorted(kinds))}), "
          f"{len(timeouts)} timeout marks, {len(paths)} path bars; top cause {top}")


if __name__ == "__main__":
    main()
