"""The README's picture of the crawl report page, made from the fixture runs.

Two crawls of fixtures/site and one of fixtures/site-changed with the same `-o` (exit 0, 0, 1),
then headless chromium's screenshot of the third run's report.html:

    python -m testkit.report_screenshot docs/report.png
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from testkit import browser

ROOT = Path(__file__).resolve().parent.parent
SITES = (ROOT / "fixtures" / "site", ROOT / "fixtures" / "site", ROOT / "fixtures" / "site-changed")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testkit.report_screenshot", description=__doc__
    )
    parser.add_argument("png", type=Path, help="where to write the picture (docs/report.png)")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--height", type=int, default=1880, help="the top of the page only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "articles.jsonl"
        codes = []
        for site in SITES:
            command = [sys.executable, "-m", "newscrawl.cli", "crawl", "almayadeen"]
            command += ["--replay", str(site), "-o", str(out)]
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
            codes.append(done.returncode)
        if codes != [0, 0, 1]:
            print(f"the fixture runs exited {codes}, not [0, 0, 1]", file=sys.stderr)
            return 1
        page = out.with_name("articles.report.html")
        profile = Path(folder) / "chromium"
        browser.screenshot(page, args.png, profile, args.width, args.height)
    width, height, rows = browser.read_png(args.png)
    browser.write_png(args.png, width, height, rows)  # smaller: RGB, best compression
    print(f"wrote {args.png}: {width}x{height}, {args.png.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
