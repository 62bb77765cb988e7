"""The HTML reports in a real browser (Debian's chromium, headless): they load without console
errors, show their charts at a visible size, and a comment that carries script or an
``<img onerror>`` shows as text and runs nothing.

Each page is loaded twice: as written (its Content-Security-Policy forbids scripts, so chromium
must log nothing), and as a copy without that policy and with a probe script added, which
records errors, what the page's own markup created (script and img elements, a ``data-pwned``
mark that the hostile comment would set if it ran) and the size of every chart, and writes
them into the DOM that ``--dump-dom`` prints. The copy shows that escaping alone keeps the
hostile comment inert, without relying on the policy.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from discourse.analyze import analyze_pages

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sample_pages import XSS_IMG, XSS_SCRIPT, discussion_page, hostile_page  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--window-size=1000,1400",
]

PRE = """<script id="probe-pre">
window.__errors = [];
window.addEventListener('error', function (e) {
  var t = e.target && e.target.tagName ? ' (' + e.target.tagName + ')' : '';
  window.__errors.push(String(e.message || 'resource error') + t);
}, true);
var __ce = console.error;
console.error = function () {
  window.__errors.push([].join.call(arguments, ' ')); __ce.apply(console, arguments); };
</script>"""
POST = """<script id="probe-post">
window.addEventListener('load', function () {
  var own = function (sel) { return [].filter.call(document.querySelectorAll(sel),
    function (e) { return !(e.id || '').startsWith('probe'); }).length; };
  var r = {
    errors: window.__errors,
    pwned: document.body.getAttribute('data-pwned'),
    scripts: own('script'), imgs: own('img'), iframes: own('iframe'),
    svgs: [].map.call(document.querySelectorAll('svg.chart'), function (s) {
      var b = s.getBoundingClientRect(); return [Math.round(b.width), Math.round(b.height)]; }),
    text: document.body.innerText
  };
  var p = document.createElement('pre'); p.id = 'probe-result'; p.textContent = JSON.stringify(r);
  document.body.appendChild(p);
});
</script>"""


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (.ci/run installs it: apt-get install chromium)")
    return exe


def _run(exe: str, page: Path, profile: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    cmd = [exe, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000", *extra, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def probe(exe: str, page: Path, tmp: Path) -> dict:
    """Load a copy of ``page`` without its CSP and with the probe; return what the probe saw."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    text = text.replace("<head>", "<head>\n" + PRE, 1).replace("</body>", POST + "\n</body>", 1)
    copy = page.parent / (page.stem + ".probe.html")
    copy.write_text(text, encoding="utf-8")
    try:
        done = _run(exe, copy, tmp / "profile-probe", ["--dump-dom"])
    finally:
        copy.unlink()
    m = re.search(r'<pre id="probe-result">(.*?)</pre>', done.stdout, re.S)
    assert m, f"the probe did not report for {page.name}: {done.stderr[-2000:]}"
    return json.loads(html.unescape(m.group(1)))


def console_lines(exe: str, page: Path, tmp: Path) -> list[str]:
    """Load ``page`` as written and return what its console said (chromium logs it to stderr)."""
    done = _run(exe, page, tmp / "profile-console", ["--enable-logging=stderr", "--v=0", "--dump-dom"])
    assert "<main>" in done.stdout, f"{page.name} did not load: {done.stderr[-2000:]}"
    return [line for line in done.stderr.splitlines() if "CONSOLE" in line]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    analyze_pages([discussion_page(), hostile_page()], out, jobs=1)
    return out


def test_hostile_comment_shows_as_text_and_runs_nothing(generated: Path, tmp_path: Path) -> None:
    exe = _chromium()
    page = generated / "hostile.html"
    seen = probe(exe, page, tmp_path)
    assert seen["pwned"] is None
    assert seen["scripts"] == 0 and seen["imgs"] == 0 and seen["iframes"] == 0
    assert XSS_SCRIPT in seen["text"] and XSS_IMG in seen["text"]
    assert "<b>Mallory</b>" in seen["text"]
    assert seen["errors"] == []
    assert console_lines(exe, page, tmp_path) == []


def test_generated_reports_load_cleanly_with_sized_charts(generated: Path, tmp_path: Path) -> None:
    exe = _chromium()
    for name in ("tram.html", "index.html"):
        seen = probe(exe, generated / name, tmp_path)
        assert seen["errors"] == [], name
        assert seen["svgs"], f"{name}: no chart"
        assert all(w > 100 and h > 10 for w, h in seen["svgs"]), (name, seen["svgs"])
    assert console_lines(exe, generated / "tram.html", tmp_path) == []


def test_committed_seed_reports_load_cleanly(tmp_path: Path) -> None:
    exe = _chromium()
    data = json.loads((ROOT / "reports" / "articles.json").read_text(encoding="utf-8"))
    # The index, and the seed article with the most comments (its charts, when it has any).
    biggest = max(data["articles"], key=lambda a: a["comments"])
    for name, comments in (
        ("index.html", data["corpus"]["comments"]),
        (f"{biggest['slug']}.html", biggest["comments"]),
    ):
        page = ROOT / "reports" / name
        seen = probe(exe, page, tmp_path)
        assert seen["errors"] == [], name
        assert seen["scripts"] == 0 and seen["imgs"] == 0
        if comments:
            assert seen["svgs"] and all(w > 100 and h > 10 for w, h in seen["svgs"]), (name, seen["svgs"])
        else:
            assert seen["svgs"] == [], f"{name}: charts drawn for a page without comments"
        assert console_lines(exe, page, tmp_path) == [], name
