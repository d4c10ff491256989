"""The `newscrawl` command as users run it: a real process, real files, real exit codes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import PAGES, load_json

SEED = PAGES / "en-news-seed"
SEED_URL = load_json(SEED / "info.json")["url"]


def newscrawl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_extract_one_saved_page() -> None:
    done = newscrawl("extract", "--url", SEED_URL, str(SEED / "body.html"))
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["headline"] == "Putin tells Macron Donbass escalation due to Kyiv forces"
    assert record["id"] == "almayadeen-en-1502241"


def test_extract_reads_a_page_folder_without_url_and_every_page_of_a_replay_folder() -> None:
    done = newscrawl("extract", str(SEED))  # info.json has the URL
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "almayadeen-en-1502241"
    site = PAGES.parent / "generic-site"
    done = newscrawl("extract", str(site))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    saved = sorted(load_json(info)["url"] for info in site.rglob("info.json"))
    assert sorted(r["url"] for r in records) == saved
    one = newscrawl("extract", str(site), "--url", saved[0])
    assert [json.loads(line)["url"] for line in one.stdout.splitlines()] == [saved[0]]


def test_manifest_answers_every_line_and_never_stops(tmp_path: Path) -> None:
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    lines = [
        json.dumps({"url": SEED_URL, "path": str(SEED / "body.html")}),
        "this is not json",
        json.dumps({"url": "https://english.almayadeen.net/news/politics/x"}),
        json.dumps(
            {
                "url": "https://english.almayadeen.net/news/politics/y",
                "path": str(tmp_path / "missing.html"),
            }
        ),
        json.dumps({"url": "https://english.almayadeen.net/news/politics/z", "path": str(binary)}),
        json.dumps(
            {"url": "https://english.almayadeen.net/rss", "path": str(PAGES / "blocked-cloudflare")}
        ),
        json.dumps({"url": SEED_URL, "path": str(SEED)}),
    ]
    done = newscrawl("extract", "--manifest", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["headline"].startswith("Putin tells Macron")
    assert [o.get("error", {}).get("kind") for o in out[1:6]] == [
        "bad_input",
        "bad_input",
        "not_found",
        "unparseable",
        "blocked",
    ]
    assert out[6]["id"] == out[0]["id"]  # a replay folder works as a path too


def test_validate_names_each_bad_line_once(tmp_path: Path) -> None:
    good = json.loads(newscrawl("extract", "--url", SEED_URL, str(SEED / "body.html")).stdout)
    broken = dict(good, published_at="20 Feb 2022", tags="Russia")
    missing = {k: v for k, v in good.items() if k != "headline"}
    gutted = {"url": good["url"], "type": "news"}  # missing all but two of its fields
    export = tmp_path / "export.jsonl"
    lines = [good, broken, "{oops", missing, gutted]
    export.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in lines),
        encoding="utf-8",
    )
    done = newscrawl("validate", str(export))
    assert done.returncode == 1
    out = done.stdout.splitlines()
    assert len(out) == 5, "one line per bad line, and the total"
    assert out[0].startswith(f"{export}:2: published_at: '20 Feb 2022' is not ")
    assert "; tags: 'Russia' is not of type 'array'" in out[0]
    assert out[1].startswith(f"{export}:3: not JSON")
    assert out[2] == f"{export}:4: missing headline"
    assert out[3].startswith(f"{export}:5: missing authors, body, byline_raw, canonical_url, ")
    assert out[4] == f"{export}: 4 bad line(s)"
    export.write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert newscrawl("validate", str(export)).returncode == 0


def test_validate_reads_gzip_exports(tmp_path: Path) -> None:
    good = newscrawl("extract", "--url", SEED_URL, str(SEED / "body.html")).stdout
    export = tmp_path / "export.jsonl.gz"
    export.write_bytes(gzip.compress(good.encode()) + gzip.compress(b"{oops\n"))
    done = newscrawl("validate", str(export))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{export}:2: not JSON: Expecting property name enclosed in double quotes: line 1"
        " column 2 (char 1)",
        f"{export}: 1 bad line(s)",
    ]


def test_fixtures_command_reports_agreement() -> None:
    done = newscrawl("fixtures", str(PAGES))
    assert done.returncode == 0, done.stdout + done.stderr
    count = len(list(PAGES.glob("*/info.json")))
    assert done.stdout == f"all {count} pages agree with their expected.json\n"


def test_fixtures_command_names_the_field_that_drifted_and_fails(tmp_path: Path) -> None:
    case = tmp_path / "pages" / "seed"
    case.mkdir(parents=True)
    for name in ("body.html", "info.json"):
        (case / name).write_bytes((SEED / name).read_bytes())
    expected = load_json(SEED / "expected.json")
    expected["headline"] = "Something else"
    (case / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    new = tmp_path / "pages" / "new"
    new.mkdir()
    for name in ("body.html", "info.json"):
        (new / name).write_bytes((SEED / name).read_bytes())
    done = newscrawl("fixtures", str(tmp_path / "pages"))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "new: no expected.json",
        "seed: differs in headline",
        "1 of 2 pages differ, 1 have no expected.json; if the change is intended, --write"
        " accepts it (then review with git diff)",
    ]
    accepted = newscrawl("fixtures", str(tmp_path / "pages"), "--write")
    assert accepted.returncode == 0
    assert load_json(case / "expected.json")["headline"].startswith("Putin tells Macron")
    assert load_json(new / "expected.json") == load_json(case / "expected.json")
    assert newscrawl("fixtures", str(tmp_path / "pages")).returncode == 0


def test_export_command_writes_a_dataset_and_refuses_a_foreign_folder(tmp_path: Path) -> None:
    export = tmp_path / "run.jsonl"
    expected = PAGES.parent / "site" / "expected" / "records.jsonl"
    records = [json.loads(line) for line in expected.read_text().splitlines()]
    # The expected records lack the run's fields: give them what a crawl writes.
    for record in records:
        record["crawled_at"] = "2026-11-20T10:00:00+00:00"
        if record["type"] != "breaking":
            record["content_hash"] = "sha256:" + "0" * 64
        else:
            record["found_on"] = "https://english.almayadeen.net/"
    export.write_text("".join(json.dumps(r) + "\n" for r in records))
    done = newscrawl("export", str(tmp_path / "dataset"), str(export))
    assert done.returncode == 0, done.stderr
    assert "38 articles, 12 breaking items" in done.stdout
    manifest = json.loads((tmp_path / "dataset" / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 38
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "notes.txt").write_text("mine")
    refused = newscrawl("export", str(tmp_path / "elsewhere"), str(export))
    assert refused.returncode == 2 and "newscrawl export:" in refused.stderr
    assert (tmp_path / "elsewhere" / "notes.txt").read_text() == "mine"


def test_manifest_lines_pick_their_sites_profile() -> None:
    """Each line's URL picks its profile: Al Mayadeen's extractor for its hosts, the generic
    extractor (JSON-LD, meta tags) for any other site."""
    generic = PAGES.parent / "generic-site" / "news.example.org" / "2025" / "11" / "20"
    generic_page = next(generic.iterdir())
    generic_url = load_json(generic_page / "info.json")["url"]
    lines = [
        json.dumps({"url": SEED_URL, "path": str(SEED)}),
        json.dumps({"url": generic_url, "path": str(generic_page)}),
    ]
    done = newscrawl("extract", "--manifest", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    seed, other = (json.loads(line) for line in done.stdout.splitlines())
    assert (seed["site"], seed["publisher"]) == ("almayadeen", "Al Mayadeen English")
    assert (other["site"], other["publisher"]) == ("news.example.org", "Example News")
    assert other["headline"] and other["body"]


def test_extract_generic_sets_a_sites_profile_aside(tmp_path: Path) -> None:
    """n-tv's profile takes its share title (og:title) as the headline; `--generic` shows what
    the generic rule alone makes of the page (its JSON-LD headline, with the kicker)."""
    fundus = PAGES.parent / "fundus" / "fundus-fixtures" / "de"
    url = load_json(fundus / "meta.info")["NTV_2023_04_28.html.gz"]["url"]
    saved = tmp_path / "ntv.html"
    saved.write_bytes(gzip.decompress((fundus / "NTV_2023_04_28.html.gz").read_bytes()))
    expected = next(iter(load_json(fundus / "NTV.json").values()))["title"]
    profiled = newscrawl("extract", "--url", url, str(saved))
    generic = newscrawl("extract", "--generic", "--url", url, str(saved))
    assert profiled.returncode == generic.returncode == 0, profiled.stderr + generic.stderr
    assert json.loads(profiled.stdout)["headline"] == expected == (
        "Judy Lybke, ganz und gar nicht eigenartig"
    )
    assert json.loads(generic.stdout)["headline"] == (
        "Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig"
    )


def test_a_refused_crawl_touches_nothing_of_the_last_run(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    out.write_text("the last run's records\n")
    report = tmp_path / "articles.report.json"
    report.write_text('{"verdict": {"failed": false}}')  # the last run's
    done = newscrawl("crawl", "almayadeen", "--replay", str(PAGES.parent / "site"), "-o",
                     str(out), "-a", "mode=bogus")  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        "newscrawl crawl: mode 'bogus': one of sections, sitemap, feed, urls\n"
    )
    assert out.read_text() == "the last run's records\n"
    assert report.read_text() == '{"verdict": {"failed": false}}'


def test_the_default_crawl_id_names_what_is_crawled() -> None:
    from newscrawl.cli import build_parser
    from newscrawl.cli.crawl import default_crawl_id

    def crawl_id(*argv: str) -> str:
        return default_crawl_id(build_parser().parse_args(["crawl", *argv, "-o", "x.jsonl"]))

    assert crawl_id("almayadeen") == "almayadeen-en"
    assert crawl_id("almayadeen", "--edition", "ar") == "almayadeen-ar"
    assert crawl_id("news", "-a", "start=https://news.example.org/") == "news-news.example.org"
    assert crawl_id("news", "-a", "profile=zdf") == "news-zdf"
    assert crawl_id("almayadeen", "--urls", "https://www.almayadeen.net/news/x/y") == (
        "almayadeen-www.almayadeen.net"
    )


def test_a_feed_crawl_starts_at_the_profiles_feeds(tmp_path: Path) -> None:
    """example-news's profile names `/feed.xml`, whose items are A and B
    (fixtures/generic-site/README.md): a feed crawl reads it and exports those two articles."""
    out = tmp_path / "out.jsonl"
    done = newscrawl("crawl", "news", "-a", "profile=example-news", "--mode", "feed",
                     "--replay", str(PAGES.parent / "generic-site"), "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(json.loads(line)["url"] for line in out.read_text().splitlines()) == [
        "https://news.example.org/2025/11/19/water-utility-plans-pipe-renewal-across-three-districts",
        "https://news.example.org/2025/11/20/city-council-approves-new-bike-lanes",
    ]
