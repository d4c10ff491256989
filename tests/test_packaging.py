"""What installs: the wheel holds the package (spiders and pipelines inside it as
newscrawl.spiders and newscrawl.pipelines) and no test, fixture or evaluation machinery; a
scrapyd egg, built as scrapyd-deploy builds it (`setup.py bdist_egg`), loads both spiders."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, VOLATILE, read_lines, stable

IGNORED = VOLATILE | {"found_on"}  # where a record was found depends on crawl order

pytestmark = pytest.mark.slow  # builds a wheel and an egg (deselect with -m 'not slow')

SOURCES = ("newscrawl", "spiders", "pipelines", "pyproject.toml", "setup.py", "README.md",
           "scrapy.cfg")  # fmt: skip


def build_copy(tmp_path: Path) -> Path:
    """A copy of the sources a build reads (a build writes into the folder it runs in)."""
    copy = tmp_path / "src"
    copy.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    return copy


def names_in(archive: Path) -> list[str]:
    with zipfile.ZipFile(archive) as opened:
        return opened.namelist()


def test_the_wheel_holds_the_package_and_no_test_machinery(tmp_path: Path) -> None:
    source = build_copy(tmp_path)
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
               "-w", str(tmp_path / "dist"), str(source)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("newscrawl-*.whl")
    names = names_in(wheel)
    tops = {name.split("/")[0] for name in names if not name.startswith("newscrawl-")}
    assert tops == {"newscrawl"}, "no top-level spiders or pipelines package"
    for module in ("spiders/base.py", "spiders/almayadeen.py", "spiders/news.py",
                   "pipelines/validation.py", "profiles/almayadeen.py", "schema/record.schema.json",
                   "extraction/almayadeen/template.py", "cli/__main__.py"):  # fmt: skip
        assert f"newscrawl/{module}" in names, module
    for machinery in ("sitegen", "faultserver", "devset", "evaluation", "testkit", "tests/"):
        assert not [n for n in names if machinery in n], machinery


def test_a_scrapyd_egg_loads_both_spiders_from_the_egg_alone(tmp_path: Path) -> None:
    source = build_copy(tmp_path)
    subprocess.run([sys.executable, "setup.py", "-q", "bdist_egg", "-d", str(tmp_path / "eggs")],
                   cwd=source, check=True, capture_output=True, timeout=300)  # fmt: skip
    (egg,) = (tmp_path / "eggs").glob("*.egg")
    assert not [n for n in names_in(egg) if n.startswith(("spiders/", "pipelines/", "testkit/"))]
    # As scrapyd runs a job: the egg first on the path, the settings module its entry point
    # names; this checkout's editable install is taken off the path.
    script = f"""
import configparser, os, sys, zipfile
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path[:] = [p for p in sys.path if p not in ("", ".", {str(ROOT)!r})]
sys.path.insert(0, {str(egg)!r})
points = configparser.ConfigParser()
points.read_string(zipfile.ZipFile({str(egg)!r}).read("EGG-INFO/entry_points.txt").decode())
os.environ["SCRAPY_SETTINGS_MODULE"] = points["scrapy"]["settings"].strip()
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
import newscrawl.spiders
print(newscrawl.spiders.__file__)
print(",".join(sorted(SpiderLoader.from_settings(get_project_settings()).list())))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    location, spiders = done.stdout.split()
    assert location.startswith(str(egg)), "loaded from the egg, not the checkout"
    assert spiders == "almayadeen,news"


def test_scrapy_crawl_from_the_folder_and_newscrawl_crawl_from_anywhere(tmp_path: Path) -> None:
    """`scrapy crawl` finds the project through scrapy.cfg in this folder; `newscrawl crawl`
    needs no folder at all: both export the same records of the fixture site."""
    site = ROOT / "fixtures" / "site"
    local = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]
    replay = ["-s", f"NEWSCRAWL_REPLAY_DIR={site}"]
    scrapy = [sys.executable, "-m", "scrapy", "crawl", "almayadeen", *local, *replay,
              "-O", str(tmp_path / "scrapy.jsonl")]  # fmt: skip
    subprocess.run(scrapy, cwd=ROOT, check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ours = [sys.executable, "-m", "newscrawl.cli", "crawl", "almayadeen", "--replay", str(site),
            "-o", str(elsewhere / "out.jsonl")]  # fmt: skip
    subprocess.run(ours, cwd=elsewhere, check=True, capture_output=True, timeout=300)
    from_scrapy = sorted(stable(r, IGNORED) for r in read_lines(tmp_path / "scrapy.jsonl"))
    exported = read_lines(elsewhere / "out.jsonl") + read_lines(elsewhere / "out.failures.jsonl")
    assert from_scrapy == sorted(stable(r, IGNORED) for r in exported)
    assert sum("headline" in r for r in exported) == 38
