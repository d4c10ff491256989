"""Benchmark: warcio against FastWARC, writing and reading the fixture crawl's archive.

The archive: a crawl of fixtures/site through Scrapy's real downloader from a loopback
`newscrawl serve`, with `--warc` (or `--archive PATH` to give one). Its exchanges (response and
request records) are then, in one run and with one clock (CPU time of this process):

- written `--copies` times (default 20) as WARC/1.1 with block and payload digests, one gzip
  member per record, by warcio (`WARCWriter`) and by FastWARC (`WarcRecord.write` into a
  `GzipWriter`,
  `finish()` after each record to end its member);
- read back from the larger file, every response record's payload, by warcio
  (`ArchiveIterator`, `raw_stream.read()`) and by FastWARC (`ArchiveIterator`,
  `reader.read()`), each library reading its own file and the other's;

alternating A B B A, best of `--repeat` (3). It also checks that each library's file is valid
for the other and that each record is its own gzip member.

    pip install fastwarc && python bench/warc_bench.py [--copies 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import platform
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.serve import ReplayServer
from newscrawl.warc import read_responses, status_line

ROOT = Path(__file__).resolve().parent.parent
Exchange = tuple[str, int, list[tuple[str, str]], bytes]


def fixture_archive(folder: Path) -> Path:
    """Crawl the fixture site from a loopback mirror with --warc; the archive's first file."""
    with ReplayServer(ROOT / "fixtures" / "site") as mirror:
        command = [sys.executable, "-m", "newscrawl.cli", "crawl", "almayadeen", "--mirror",
                   mirror.url, "-o", str(folder / "out.jsonl"),
                   "--warc", str(folder / "fx")]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, timeout=600)
    return folder / "fx-00000.warc.gz"


def exchanges(archive: Path) -> list[Exchange]:
    return [(r.url, r.status, r.headers, r.body or b"") for r in read_responses(archive)]


def write_warcio(path: Path, items: list[Exchange], copies: int) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        for _ in range(copies):
            for url, status, headers, body in items:
                http = StatusAndHeaders(status_line(status), headers, protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                   length=len(body), http_headers=http)  # fmt: skip
                writer.write_record(record)
                request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "x")],
                                           is_http_request=True)  # fmt: skip
                record = writer.create_warc_record(url, "request", payload=BytesIO(b""),
                                                   length=0, http_headers=request)  # fmt: skip
                writer.write_record(record)


def write_fastwarc(path: Path, items: list[Exchange], copies: int) -> None:
    from fastwarc.stream_io import GzipWriter
    from fastwarc.warc import WarcRecord, WarcRecordType

    out = GzipWriter(str(path))
    for _ in range(copies):
        for url, status, headers, body in items:
            head = "".join(f"{k}: {v}\r\n" for k, v in headers)
            for kind, block, msgtype in (
                (WarcRecordType.response,
                 f"HTTP/1.1 {status_line(status)}\r\n{head}\r\n".encode("latin-1") + body,
                 "response"),
                (WarcRecordType.request, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "request"),
            ):  # fmt: skip
                record = WarcRecord()
                record.init_headers(record_type=kind)
                record.headers["WARC-Target-URI"] = url
                record.headers["Content-Type"] = f"application/http; msgtype={msgtype}"
                record.set_bytes_content(block)
                record.write(out, checksum_data=True)
                out.finish()  # ends the gzip member: the next record starts its own
    out.close()


def read_warcio(path: Path) -> int:
    total = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                total += len(record.raw_stream.read())
    return total


def read_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType

    total = 0
    with path.open("rb") as stream:
        for record in FastIterator(stream, record_types=WarcRecordType.response):
            total += len(record.reader.read())
    return total


def gzip_members(path: Path) -> int:
    data, members = path.read_bytes(), 0
    while data:
        inflater = zlib.decompressobj(31)
        inflater.decompress(data)
        data, members = inflater.unused_data, members + 1
    return members


def warc_records(path: Path) -> int:
    with gzip.open(path) as stream:
        return stream.read().count(b"WARC-Type: ")


def best(task: Callable[[], object], repeat: int, order: list[float]) -> None:
    start = time.process_time()
    task()
    order.append(time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, help="an archive to use (default: crawl one)")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from importlib.metadata import version

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        archive = args.archive or fixture_archive(folder)
        items = exchanges(archive)
        files = {"warcio": folder / "w.warc.gz", "fastwarc": folder / "f.warc.gz"}
        writers = {"warcio": write_warcio, "fastwarc": write_fastwarc}
        readers = {"warcio": read_warcio, "fastwarc": read_fastwarc}
        times: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            for name in ("warcio", "fastwarc", "fastwarc", "warcio"):  # A B B A
                best(lambda n=name: writers[n](files[n], items, args.copies), args.repeat,
                     times.setdefault(f"write {name}", []))  # fmt: skip
        for _ in range(args.repeat):
            for name in ("warcio", "fastwarc", "fastwarc", "warcio"):
                for source in files:
                    best(lambda n=name, s=source: readers[n](files[s]), args.repeat,
                         times.setdefault(f"read {source}'s file with {name}", []))  # fmt: skip
        records = len(items) * args.copies * 2
        payload = sum(len(i[3]) for i in items) * args.copies
        print(f"{platform.machine()}, Python {platform.python_version()}, warcio "
              f"{version('warcio')}, FastWARC {version('fastwarc')}: the fixture "
              f"crawl's {len(items)} exchanges x {args.copies} = {records} records, "
              f"{payload / 1e6:.1f} MB of payload; CPU s, best of {args.repeat}")  # fmt: skip
        print("| task | CPU s | records/s |\n|---|---:|---:|")
        for task, spent in times.items():
            print(f"| {task} | {min(spent):.3f} | {records / min(spent):,.0f} |")
        for name, path in files.items():
            same = [readers[other](path) == payload for other in readers]
            print(f"{name}'s file: {path.stat().st_size / 1e6:.2f} MB, {gzip_members(path)} gzip "
                  f"members for {warc_records(path)} records, payloads read back whole by "
                  f"warcio/fastwarc: {same}")  # fmt: skip


if __name__ == "__main__":
    main()
