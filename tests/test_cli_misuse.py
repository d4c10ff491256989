"""Every mistake a user made with the command line (issues 14 and 17), run again as a real
process: one line on stderr that says what to do, the documented exit status, no traceback,
and nothing written."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT

SITE = FIXTURES / "site"
PAGES = FIXTURES / "pages"

# (arguments, exit status, a fragment of the one line on stderr). In the arguments, {tmp} is a
# fresh folder (holding `a.jsonl`, an earlier export, `folder/`, `file.txt`, `link.jsonl` ->
# a.jsonl, `a.state.sqlite` beside `inc.jsonl`), {site} the fixture site, {pages} the pages.
# fmt: off
MISUSES = [
    # the spider and its arguments
    ("crawl almayaden -o {tmp}/x.jsonl", 2,
     "no spider named 'almayaden' (did you mean almayadeen?); spiders: almayadeen, news"),
    ("crawl news -o {tmp}/x.jsonl", 2, "the news spider needs a site: -a start=URL"),
    ("crawl news -a profile=zfd -o {tmp}/x.jsonl", 2,
     "no profile named 'zfd' (did you mean zdf?): `newscrawl profiles` lists them"),
    ("crawl news -a start=example.com -o {tmp}/x.jsonl", 2,
     "-a start= 'example.com' is not a web address"),
    ("crawl almayadeen -a start=https://example.com/ -o {tmp}/x.jsonl", 2,
     "-a start= is the news spider's"),
    ("crawl almayadeen --urls https://example.com/2025/11/20/story -o {tmp}/x.jsonl", 2,
     "is not on Al Mayadeen: crawl another site with the news spider"),
    ("crawl almayadeen -a edition=fr -o {tmp}/x.jsonl", 2, "edition 'fr': one of en, ar, es"),
    ("crawl almayadeen -a mode=sitemaps -o {tmp}/x.jsonl", 2,
     "mode 'sitemaps' (did you mean sitemap?)"),
    ("crawl almayadeen -a urls=@{tmp}/missing.txt -o {tmp}/x.jsonl", 2,
     "the URL file of -a urls=@FILE, {tmp}/missing.txt: no such file or folder"),
    ("crawl almayadeen -a max_pages=ten -o {tmp}/x.jsonl", 2,
     "--max-pages 'ten' is not a whole number"),
    ("crawl almayadeen -a follow=maybe -o {tmp}/x.jsonl", 2, "-a follow='maybe': give yes or no"),
    ("crawl almayadeen -a edition -o {tmp}/x.jsonl", 2, "-a 'edition': write it as NAME=VALUE"),
    ("crawl almayadeen -s LOG_LEVEL -o {tmp}/x.jsonl", 2, "-s 'LOG_LEVEL': write it as NAME=VALUE"),
    # dates
    ("crawl almayadeen --mode sitemap --since 2025-13-01 -o {tmp}/x.jsonl", 2,
     "--since '2025-13-01' is not a date: write it as YYYY-MM-DD"),
    ("crawl almayadeen --mode sitemap --since 2025-12-01 --until 2025-11-01 -o {tmp}/x.jsonl", 2,
     "--since 2025-12-01 is after --until 2025-11-01"),
    # folders and mirrors
    ("crawl almayadeen --replay {tmp}/nothere -o {tmp}/x.jsonl", 2,
     "--replay {tmp}/nothere: no such file or folder"),
    ("crawl almayadeen --mirror 127.0.0.1:8000 -o {tmp}/x.jsonl", 2,
     "--mirror '127.0.0.1:8000' is not a web address"),
    # -o and the other outputs
    ("crawl almayadeen --replay {site} -o {tmp}/out/", 2,
     "-o {tmp}/out/ is a folder: give a file in it"),
    ("crawl almayadeen --replay {site} -o {tmp}/folder", 2, "-o {tmp}/folder is a folder"),
    ("crawl almayadeen --replay {site} -o {tmp}/a.csv", 2,
     "-o {tmp}/a.csv: newscrawl writes JSON Lines; end the name with .jsonl, .jsonl.gz"),
    ("crawl almayadeen --replay {site} -o {tmp}/file.txt/x.jsonl", 2, "cannot be written"),
    ("crawl almayadeen --replay {site} -o {tmp}/a.jsonl --failures {tmp}/a.jsonl", 2,
     "-o and --failures are the same file"),
    ("crawl almayadeen --replay {site} -o {tmp}/a.jsonl --failures {tmp}/link.jsonl", 2,
     "-o and --failures are the same file"),
    ("crawl almayadeen --replay {site} --incremental -o {tmp}/a.jsonl --failures {tmp}/a.jsonl",
     2, "-o and --failures are the same file"),
    ("crawl almayadeen --replay {site} --incremental -o {tmp}/a.jsonl --rejects {tmp}/a.jsonl",
     2, "-o and --rejects are the same file"),
    ("crawl almayadeen --replay {site} --incremental -o {tmp}/a.jsonl --state {tmp}/a.jsonl", 2,
     "-o and --state are the same file"),
    ("crawl almayadeen --replay {site} -o {tmp}/a.jsonl --rejects {tmp}/r.jsonl.gz", 2,
     "--rejects {tmp}/r.jsonl.gz: a JSON Lines file, named *.jsonl"),
    ("crawl almayadeen --replay {site} --incremental -o {tmp}/a.jsonl.gz", 2,
     "an incremental crawl appends to plain JSON Lines"),
    ("crawl almayadeen --replay {site} -o {tmp}/a.jsonl --state {tmp}/s.sqlite", 2,
     "--state is for incremental crawls: add --incremental"),
    ("crawl almayadeen --replay {site} -o {tmp}/inc.jsonl", 2,
     "holds the export of incremental crawls"),
    ("crawl almayadeen --incremenatl -o {tmp}/x.jsonl", 2,
     "unrecognized arguments: --incremenatl (did you mean --incremental?)"),
    # the other commands
    ("validate {tmp}/missing.jsonl", 2, "{tmp}/missing.jsonl: no such file"),
    ("validate {tmp}/folder", 2, "is a folder: give an export file"),
    ("extract {tmp}/missing.html --url https://example.com/a", 2, "no such file or folder"),
    ("extract {tmp}/file.txt", 2, "is a file: give the URL it was fetched from, --url URL"),
    ("extract {tmp}/folder", 2, "holds no saved page"),
    ("extract {site} --url https://english.almayadeen.net/never-saved", 2,
     "holds no saved page for https://english.almayadeen.net/never-saved"),
    ("extract --manifest {tmp}/missing.jsonl", 2, "--manifest {tmp}/missing.jsonl: no such file"),
    ("fixtures {site}", 2, "none of the 88 pages in {site} has an expected.json"),
    ("fixtures {tmp}/nothere", 2, "no such folder"),
    ("serve {tmp}/nothere", 2, "{tmp}/nothere: no such folder or archive"),
    ("serve {site} --port 70000", 2, "--port 70000: give 1 to 65535"),
    ("record example.com/a --into {tmp}/saved", 2, "URL 'example.com/a' is not a web address"),
    ("record https://example.com/a --into {tmp}/file.txt", 2, "is a file: give a folder"),
    ("export {tmp}/folder {tmp}/a.jsonl", 2, "is not empty and holds no"),
    ("export {tmp}/dataset {tmp}/missing.jsonl", 2, "is not a file"),
    ("crwal", 2, "invalid choice: 'crwal'"),
]
# fmt: on


def run(argv: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *argv], capture_output=True,
                          text=True, timeout=120, cwd=cwd)  # fmt: skip


def prepared(tmp: Path) -> Path:
    """A folder holding what the misuses refer to."""
    (tmp / "folder").mkdir()
    (tmp / "folder" / "notes.txt").write_text("mine")
    (tmp / "file.txt").write_text("not a folder")
    (tmp / "a.jsonl").write_text('{"earlier": "export"}\n')
    (tmp / "link.jsonl").symlink_to(tmp / "a.jsonl")
    (tmp / "inc.jsonl").write_text('{"accumulated": "export"}\n')
    (tmp / "inc.state.sqlite").write_bytes(b"")
    return tmp


def snapshot(tmp: Path) -> dict[str, bytes]:
    return {p.relative_to(tmp).as_posix(): p.read_bytes() for p in tmp.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("command", "status", "fragment"), MISUSES, ids=[m[0] for m in MISUSES])
def test_a_mistake_is_one_line_and_exit_2(
    tmp_path: Path, command: str, status: int, fragment: str
) -> None:
    tmp = prepared(tmp_path)
    before = snapshot(tmp)
    names = {"tmp": tmp, "site": SITE, "pages": PAGES}
    done = run([word.format(**names) for word in command.split()])
    assert done.returncode == status, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert fragment.format(**names) in done.stderr
    message = [line for line in done.stderr.splitlines() if not line.startswith(("usage:", " "))]
    assert len(message) == 1, done.stderr
    assert done.stdout == ""
    assert snapshot(tmp) == before, "a refused command wrote something"


def test_a_misspelt_option_shows_the_commands_usage() -> None:
    done = run(["export", "--parket", "out", "in.jsonl"])
    assert done.returncode == 2
    assert done.stderr.startswith("usage: newscrawl export ")
    assert "(did you mean --parquet?)" in done.stderr


def test_serve_on_a_port_in_use_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run(["serve", str(SITE), "--port", str(port)])
    assert done.returncode == 2
    assert done.stderr == (
        f"newscrawl serve: port {port} is in use: give another with --port N (0: any free port)\n"
    )


@pytest.mark.skipif(not shutil.which("setpriv"), reason="needs setpriv to drop root")
def test_an_output_folder_the_user_cannot_write_is_refused(
    request: pytest.FixtureRequest,
) -> None:
    """A real permission error, as a user without root gets it (root ignores permission bits:
    the command runs as `nobody` when the tests run as root)."""
    # A folder `nobody` can reach (pytest's own temporary folders are private to root).
    shared = Path(tempfile.mkdtemp(prefix="newscrawl-test-"))
    request.addfinalizer(lambda: shutil.rmtree(shared, ignore_errors=True))
    shared.chmod(0o755)
    locked = shared / "locked"
    locked.mkdir(mode=0o555)
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", "--replay", str(SITE),
               "-o", str(locked / "a.jsonl")]  # fmt: skip
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/",
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"newscrawl crawl: -o {locked / 'a.jsonl'} cannot be written: Permission denied\n"
    )
    assert list(locked.iterdir()) == []


def test_help_describes_every_command_with_examples() -> None:
    from newscrawl.cli import COMMANDS

    top = run(["--help"])
    assert top.returncode == 0
    for command in COMMANDS:
        name = command.__name__.rsplit(".", 1)[1]
        assert f"    {name} " in top.stdout
        done = run([name, "--help"])
        assert done.returncode == 0
        assert "examples:\n  newscrawl " + name in done.stdout, name
    crawl = " ".join(run(["crawl", "--help"]).stdout.split())
    assert "-a start=URL" in crawl and "-a profile=NAME" in crawl
    assert "default: data/articles.jsonl" in crawl


def test_the_spider_help_names_every_spider() -> None:
    from newscrawl.cli.crawl_checks import SPIDER_HELP, spider_names

    assert spider_names() == ["almayadeen", "news"]
    assert all(f"{name} (" in SPIDER_HELP for name in spider_names())


def test_version_names_newscrawl_and_scrapy() -> None:
    done = run(["--version"])
    assert done.returncode == 0
    assert done.stdout.startswith("newscrawl 0.1.0 (Scrapy 2.19")


def test_profiles_lists_every_profile() -> None:
    from newscrawl.profiles import all_profiles

    done = run(["profiles"])
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["NAME", "HOSTS", "EXTRACTOR", "LANGUAGE", "PUBLISHER"]
    assert lines[1].split()[:4] == ["20min", "www.20min.ch", "generic", "de"]
    rows = {line.split()[0]: line.split() for line in lines[1:-1]}
    assert set(rows) == set(all_profiles())
    assert rows["almayadeen-ar"][:4] == ["almayadeen-ar", "www.almayadeen.net", "almayadeen", "ar"]
    assert lines[-1].startswith(f"{len(all_profiles())} profiles. Any other site")
