"""Copy the development-set subset the tests use into fixtures/fundus (see its README).

    python bench/copy_devset.py ../shared/data fixtures/fundus

From fundus-fixtures: each publisher's first page (by file name) when it is at most 100 kB
gzipped, with its expected entry and its meta.info line. From fundus-eval: each publisher's
first page (`<Publisher>_0`) with its ground truth.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

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


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    fixtures = copy_fixtures(source / "fundus-fixtures", target / "fundus-fixtures")
    pages = copy_eval(source / "fundus-eval", target / "fundus-eval")
    print(f"copied {fixtures} fundus-fixtures pages and {pages} fundus-eval pages to {target}")


if __name__ == "__main__":
    main()
