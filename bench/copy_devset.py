"""Copy the development-set subsets the tests use into fixtures/ (see their READMEs).

    python bench/copy_devset.py ../shared/data fixtures/fundus
    python bench/copy_devset.py ../shared/data fixtures/article-benchmark --benchmark

From fundus-fixtures: each publisher's first page (by file name) when it is at most 100 kB
gzipped, with its expected entry and its meta.info line. From fundus-eval: each publisher's
first page (`<Publisher>_0`) with its ground truth. With `--benchmark`, from
article-extraction-benchmark: the pages of its tuning half (`testkit.devset.held_out` false)
of at most 40 kB gzipped, and the larger pages `tests/test_article_benchmark.py` names, with
their ground truth. No held-out page is copied: the tests keep to the tuning half.

    python bench/copy_devset.py ../shared/data fixtures/fundus-tuning --pages COUNTRY/FILE …

With `--pages`, the named fundus-fixtures pages (country/file), each with its own expected
entry and meta.info line, when they are of the tuning half: pages that show a class of failure
the tests keep fixed.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from testkit.devset import DevPage, article_benchmark, held_out

LIMIT = 100_000


def copy_fixtures(source: Path, target: Path) -> int:
    copied = 0
    for country in sorted(p for p in source.iterdir() if p.is_dir()):
        meta = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        kept_meta = {}
        for expected_file in sorted(country.glob("*.json")):
            publisher = expected_file.stem
            entries = json.loads(expected_file.read_text(encoding="utf-8"))
            names = (n for n in meta if n.startswith(f"{publisher}_") and (country / n).exists())
            files = sorted(names)
            if not files or (country / files[0]).stat().st_size > LIMIT or not entries:
                continue
            first_key = next(iter(entries))
            out = target / country.name
            out.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(country / files[0], out / files[0])
            (out / expected_file.name).write_text(
                json.dumps({first_key: entries[first_key]}, ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
            kept_meta[files[0]] = meta[files[0]]
            copied += 1
        if kept_meta:
            (target / country.name / "meta.info").write_text(
                json.dumps(kept_meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    return copied


def copy_eval(source: Path, target: Path) -> int:
    truth = json.loads((source / "ground_truth.json").read_text(encoding="utf-8"))
    kept = {name: entry for name, entry in truth.items() if name.endswith("_0.html.gz")}
    (target / "html").mkdir(parents=True, exist_ok=True)
    for name in kept:
        shutil.copyfile(source / "html" / name, target / "html" / name)
    (target / "ground_truth.json").write_text(
        json.dumps(kept, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return len(kept)


BENCHMARK_LIMIT = 40_000
# Pages the tests read that are larger than the limit (key prefixes).
BENCHMARK_TEST_PAGES = ("65408257", "a078b365", "16c30add")


def copy_benchmark(source: Path, target: Path) -> int:
    truth = json.loads((source / "ground-truth.json").read_text(encoding="utf-8"))
    kept = {}
    for page in article_benchmark(source):
        size = (source / "html" / f"{page.name}.html.gz").stat().st_size
        wanted = size <= BENCHMARK_LIMIT or page.name.startswith(BENCHMARK_TEST_PAGES)
        if not held_out(page) and wanted:
            kept[page.name] = truth[page.name]
    (target / "html").mkdir(parents=True, exist_ok=True)
    for key in kept:
        name = f"{key}.html.gz"
        shutil.copyfile(source / "html" / name, target / "html" / name)
    (target / "ground-truth.json").write_text(
        json.dumps(kept, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return len(kept)


def copy_named(source: Path, target: Path, names: list[str]) -> int:
    """The named pages (`country/file`) of the tuning half, with their expected entries."""
    wanted: dict[Path, dict[str, list[str]]] = {}
    for name in names:
        country, file = name.split("/", 1)
        publisher = file.rsplit("_", 3)[0]
        wanted.setdefault(source / country, {}).setdefault(publisher, []).append(file)
    copied = 0
    for country, publishers in wanted.items():
        meta = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        out = target / country.name
        out.mkdir(parents=True, exist_ok=True)
        kept_meta = {}
        for publisher, files in publishers.items():
            entries = json.loads((country / f"{publisher}.json").read_text(encoding="utf-8"))
            # The loader's rule: entries follow the publisher's saved files, in file order.
            saved = sorted(
                n for n in meta if n.startswith(f"{publisher}_") and (country / n).exists()
            )
            by_file = dict(zip(saved, entries.items(), strict=False))
            kept = {}
            for file in sorted(files):
                if held_out(DevPage(file, meta[file]["url"], b"")):
                    raise SystemExit(f"{country.name}/{file} is of the held-out half: not copied")
                shutil.copyfile(country / file, out / file)
                key, entry = by_file[file]
                kept[key] = entry
                kept_meta[file] = meta[file]
                copied += 1
            (out / f"{publisher}.json").write_text(
                json.dumps(kept, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        (out / "meta.info").write_text(
            json.dumps(kept_meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return copied


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    if "--pages" in sys.argv[3:]:
        names = sys.argv[sys.argv.index("--pages") + 1 :]
        pages = copy_named(source / "fundus-fixtures", target / "fundus-fixtures", names)
        print(f"copied {pages} fundus-fixtures pages of the tuning half to {target}")
        return
    if "--benchmark" in sys.argv[3:]:
        pages = copy_benchmark(source / "article-extraction-benchmark", target)
        print(f"copied {pages} article-extraction-benchmark pages to {target}")
        return
    fixtures = copy_fixtures(source / "fundus-fixtures", target / "fundus-fixtures")
    pages = copy_eval(source / "fundus-eval", target / "fundus-eval")
    print(f"copied {fixtures} fundus-fixtures pages and {pages} fundus-eval pages to {target}")


if __name__ == "__main__":
    main()
