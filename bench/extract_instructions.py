"""Benchmark: instructions a page of extract + normalise + validate and of lxml's parse, counted by
Valgrind: extract_bench.py's comparison in a unit that does not move with the machine's load.

CPU seconds a page of the two rise differently when other processes share the processor's caches
(lxml's parse is compact C; the extraction is Python spread over more memory), so extract_bench's
ratio is higher on a busy machine than on a quiet one. The instructions a process executes do not
depend on the load. For each set of pages (extract_bench's three: the fixture pages, a generated
site, the development set), each of the two kinds runs in its own process under `valgrind
--tool=callgrind` (no cache simulation): the pages loaded, one pass of `record_for_page` over them
to warm the code's caches (in both kinds, so both processes are the same up to here), then one
pass of the kind, or 1 + EXTRA passes (more for small sets, so that what is measured is far above
the 0.1 % by which a process's count varies); address randomisation off (`setarch -R`), a fixed
hash seed, and what the warm-up left alive frozen out of the garbage collector's walks. The
difference of the two counts over EXTRA passes of the pages is what a page costs.
  parse: `lxml.html.document_fromstring(body)`;
  full:  `record_for_page` (Scrapy response, encoding, classification, extraction, every
         pipeline, schema validation).
Instructions are not time: lxml's parse runs more of them a nanosecond than the Python of the
extraction does, so the ratio here is lower than the CPU-time ratio and is no substitute for it.
It tells whether a change removed work, whatever the machine was doing. Slow: a few minutes a set
(four processes under Valgrind). Needs valgrind (apt-get install valgrind).

    python bench/extract_instructions.py [--site-pages 200] [--sets fixture,site,dev]
"""

from __future__ import annotations

import gc
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_args import OneLineParser, valgrind_choice
from extract_bench import ROOT, Page, dev_pages, full, parse_only, saved_pages, site_pages

SETS = ("fixture", "site", "dev")
EXTRA = {"fixture": 4, "site": 2, "dev": 1}  # passes: about a billion instructions of `full`
KINDS: dict[str, Callable[[list[Page]], None]] = {"parse": parse_only, "full": full}
COLLECTED = re.compile(r"Collected : (\d+)")


def pages_of(name: str, site_pages_count: int) -> list[Page]:
    if name == "fixture":
        folders = ("pages", "site", "generic-site")
        return [p for d in folders for p in saved_pages(ROOT / "fixtures" / d)]
    if name == "site":  # generated the same way every time
        with tempfile.TemporaryDirectory(prefix="newscrawl-site-") as tmp:
            return site_pages(site_pages_count, Path(tmp))
    return dev_pages(ROOT / "fixtures" / "fundus")


def child(name: str, kind: str, passes: int, site_pages_count: int) -> None:
    """Inside Valgrind: load the set, warm the code, then `passes` passes of `kind`."""
    pages = pages_of(name, site_pages_count)
    full(pages)
    # What is alive now (modules, pages, caches) is out of every later collection: otherwise
    # how often the collector walks all of it depends on what came before, not on the pass.
    gc.collect()
    gc.freeze()
    for _ in range(passes):
        KINDS[kind](pages)


def instructions(name: str, kind: str, passes: int, work: Path, site_pages_count: int) -> int:
    """Instructions the child process executed, start to exit."""
    log = work / f"valgrind-{name}-{kind}-{passes}.log"
    fixed = ["setarch", platform.machine(), "-R"] if shutil.which("setarch") else []
    command = [
        *fixed,
        "valgrind", "--tool=callgrind", "--cache-sim=no",
        f"--callgrind-out-file={work / 'callgrind.out'}", f"--log-file={log}",
        sys.executable, __file__, "--child", name, kind, str(passes), str(site_pages_count),
    ]  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    found = COLLECTED.search(log.read_text())
    if found is None:
        raise SystemExit(f"no instruction count in {log}")
    return int(found.group(1))


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        name, kind, passes, count = sys.argv[2:]
        child(name, kind, int(passes), int(count))
        return
    parser = OneLineParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-pages", type=int, default=200)
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args()
    sets = valgrind_choice(parser, args.sets, SETS)
    print("| pages | n | parse M instructions a page | full M instructions a page | full / parse |")
    print("|---|---:|---:|---:|---:|")
    for name in sets:
        with tempfile.TemporaryDirectory(prefix="newscrawl-instructions-") as tmp:
            work = Path(tmp)
            size = len(pages_of(name, args.site_pages))
            per_page = {}
            for kind in KINDS:
                one, more = (
                    instructions(name, kind, n, work, args.site_pages) for n in (1, 1 + EXTRA[name])
                )
                per_page[kind] = (more - one) / EXTRA[name] / size / 1e6
        parse, whole = per_page["parse"], per_page["full"]
        print(f"| {name} | {size} | {parse:.3f} | {whole:.3f} | {whole / parse:.2f}x |")


if __name__ == "__main__":
    main()
