"""Render report.html in headless Chromium and check what a reader would see.

Usage: python3 tests/python/check_html.py SAMPLE_REPORT_DIR HOSTILE_REPORT_DIR

SAMPLE_REPORT_DIR: a report of the sample dataset; its page must render to a non-blank
screenshot at a phone's width and carry the report's headings. HOSTILE_REPORT_DIR: a report of
posts that contain HTML; their markup must show as text, and no script may run or exist.
Prints one line per check and "N passed, N failed"; exits 1 on any failure.
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + str(detail) if detail and not ok else ''}")


def chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", *args,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            print(out.stderr)
        return out.stdout


def main(sample: Path, hostile: Path) -> int:
    page = (sample / "report.html").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "phone.png"
        chromium("--window-size=412,2400", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
        check("a screenshot was taken", shot.exists())
        if shot.exists():
            img = Image.open(shot).convert("RGB")
            colours = img.getcolors(maxcolors=1 << 16)
            distinct = len(colours) if colours is not None else 1 << 16
            dark = sum(1 for x in range(0, img.size[0], 2) for y in range(0, img.size[1], 2) if sum(img.getpixel((x, y))) < 200) * 4
            check("the page renders at phone width", img.size[0] == 412, img.size)
            check("the screenshot is not blank", distinct > 50 and dark > 1000, (distinct, dark))
    dom = chromium("--dump-dom", page.as_uri())
    for heading in [
        "<h1>How people reacted:",
        "<h2>Summary by stance</h2>",
        "<h2>Stance classifier</h2>",
        "<h2>Sentiment share by stance</h2>",
        "<h2>Words that set the stances apart</h2>",
        "<h2>Representative posts</h2>",
    ]:
        check(f"page has {heading}", heading in dom)
    check("charts are embedded images", dom.count('src="data:image/png;base64,') >= 4)

    hostile_page = (hostile / "report.html").resolve()
    dom = chromium("--dump-dom", hostile_page.as_uri())
    check("the hostile page rendered", "<h2>Summary by stance</h2>" in dom)
    check("no script element exists", "<script" not in dom.lower())
    check("no element carries an event handler", re.search(r"<[a-z][^<>]*\son[a-z]+=", dom) is None)
    check("the <img> post shows as text", "&lt;img src=x onerror=alert(1)&gt;" in dom)
    check("the <script> post shows as text", "&lt;script&gt;document.title" in dom)
    check("the script did not run", "<title>pwned</title>" not in dom)

    failed = results.count(False)
    print(f"{results.count(True)} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
