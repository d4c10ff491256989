"""WARC/1.1 archives (ISO 28500): written during a crawl, read back for replay and re-extraction.

Writing (`ArchiveWriter`): every exchange is a `response` record (the status line, the headers
and the body as the site sent them) and a `request` record (the request as Scrapy sent it),
each its own gzip member, written whole and flushed at once, so a killed crawl leaves every
record but at most a torn last one, which readers stop at without losing the others. Each file
opens with a `warcinfo` record naming the crawl; a file past `max_size` bytes is closed and the
next one started (`PATH-00000.warc.gz`, `PATH-00001.warc.gz`, ...; never over an old one).

Reading (`read_responses`): the `response` records of HTTP answers, with their payload as sent:
de-chunked, still in its Content-Encoding (Common Crawl renames that header when it stores a
payload decoded, so such payloads read as plain). warcio (the reference implementation, the
Webrecorder project's) parses and writes the records: see bench/warc_bench.py for why it and
not FastWARC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_VERSION = "WARC/1.1"
SUFFIXES = (".warc.gz", ".warc")
DEFAULT_MAX_SIZE = 1024**3
_NUMBERED = re.compile(r"-(\d{5,})\.warc\.gz$")
# The body is kept after the transport's chunking was undone (Scrapy's downloader hands it so):
# the header that announced the chunks is kept under this name, as Common Crawl does.
TRANSFER_ENCODING = "transfer-encoding"
KEPT_TRANSFER_ENCODING = "X-Crawler-Transfer-Encoding"


class ArchiveError(ValueError):
    """An archive that cannot be read from some point on: the message says where and why."""


@dataclass(frozen=True)
class Exchange:
    """One request and the response it got, as sent and as received."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    date: datetime
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None


@dataclass(frozen=True)
class ArchivedResponse:
    """A response record: where it came from (file, offset) and the HTTP answer it holds.
    `body` is the payload as sent (de-chunked, still in its Content-Encoding); None when it was
    not read (past the size limit: `length` says how big it is)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    date: str
    body: bytes | None
    length: int
    file: Path | str
    offset: int

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    @property
    def crawled_at(self) -> str:
        """WARC-Date as a record's crawled_at (ISO 8601, UTC, `+00:00`)."""
        return self.date.replace("Z", "+00:00")


# ---------------------------------------------------------------- writing


def archive_stem(path: str | Path) -> Path:
    """`--warc PATH` without a `.warc.gz` or `.warc` suffix: files are `STEM-NNNNN.warc.gz`."""
    path = Path(path)
    for suffix in SUFFIXES:
        if path.name.endswith(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return path


def next_number(stem: Path) -> int:
    """The number of the next file of this archive: one past the highest already there."""
    taken = [
        int(match.group(1))
        for other in stem.parent.glob(f"{stem.name}-*.warc.gz")
        if (match := _NUMBERED.search(other.name)) and other.name.startswith(stem.name + "-")
    ]
    return max(taken, default=-1) + 1


def _http_headers(
    first_line: str, headers: Iterable[tuple[str, str]], protocol: str = ""
) -> StatusAndHeaders:
    """The HTTP head of a record. Transfer-Encoding is renamed: the body is stored de-chunked."""
    kept = [
        (KEPT_TRANSFER_ENCODING if name.lower() == TRANSFER_ENCODING else name, value)
        for name, value in headers
    ]
    return StatusAndHeaders(first_line, kept, protocol=protocol, is_http_request=not protocol)


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def request_target(url: str) -> str:
    """The request line's target: the URL's path and query."""
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


class ArchiveWriter:
    """Writes exchanges to `STEM-NNNNN.warc.gz` files, rotated past `max_size` bytes."""

    def __init__(self, path: str | Path, info: dict[str, str], max_size: int = DEFAULT_MAX_SIZE):
        self.stem = archive_stem(path)
        self.info = info
        self.max_size = max_size
        self.files: list[Path] = []
        self.records = 0
        self._stream: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def open(self) -> None:
        """Start the first file (with its warcinfo record) before anything is fetched."""
        self._open()

    def _open(self) -> WARCWriter:
        if self._writer is not None and self._stream is not None:
            if self._stream.tell() < self.max_size:
                return self._writer
            self.close()
        self.stem.parent.mkdir(parents=True, exist_ok=True)
        path = self.stem.with_name(f"{self.stem.name}-{next_number(self.stem):05d}.warc.gz")
        self._stream = path.open("xb")  # never over an existing file
        self._writer = WARCWriter(self._stream, gzip=True, warc_version=WARC_VERSION)
        self.files.append(path)
        self._write(self._writer.create_warcinfo_record(path.name, self.info))
        return self._writer

    def _write(self, record: Any) -> None:
        assert self._writer is not None and self._stream is not None
        self._writer.write_record(record)  # one gzip member, whole
        self._stream.flush()
        self.records += 1

    def write(self, exchange: Exchange) -> None:
        """The response record, then the request record that names it (WARC-Concurrent-To)."""
        writer = self._open()
        date = exchange.date.astimezone(UTC).isoformat(timespec="microseconds")
        date = date.replace("+00:00", "Z")
        warc_headers = {"WARC-Date": date}
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=BytesIO(exchange.body),
            length=len(exchange.body),
            warc_headers_dict=warc_headers,
            http_headers=_http_headers(
                status_line(exchange.status), exchange.response_headers, exchange.protocol
            ),
        )
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=BytesIO(b""),
            length=0,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
            http_headers=_http_headers(
                f"{exchange.method} {request_target(exchange.url)} {exchange.protocol}",
                exchange.request_headers,
            ),
        )
        self._write(response)
        self._write(request)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = self._writer = None


# ---------------------------------------------------------------- reading


def warc_files(paths: Iterable[str | Path]) -> list[Path]:
    """The WARC files named: files as given, folders for the `*.warc.gz` and `*.warc` in them
    (recursively, in name order). FileNotFoundError for a path that is neither."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and is_warc_name(p.name))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such WARC file or folder: {path}")
    return found


def is_warc_name(name: str) -> bool:
    return name.endswith(SUFFIXES)


def _payload(record: Any, limit: int) -> bytes | None:
    """The HTTP payload as sent, de-chunked when a chunked body was stored raw; None past
    `limit` bytes (0: no limit). ArchiveError when the record breaks off before its end."""
    expected = int(record.rec_headers.get_header("Content-Length") or 0)
    expected -= record.http_headers.total_len
    raw = record.raw_stream.read(limit + 1) if limit else record.raw_stream.read()
    if limit and len(raw) > limit:
        return None
    if len(raw) < expected:
        raise ArchiveError(f"a torn record: {len(raw)} of its {expected} payload bytes")
    encoding = (record.http_headers.get_header("Transfer-Encoding") or "").lower()
    if "chunked" in encoding:
        return ChunkedDataReader(BytesIO(raw)).read()
    return raw


def read_responses(
    source: Path | str | IO[bytes],
    wanted: Callable[[str], bool] | None = None,
    max_size: int = 0,
    name: str | None = None,
) -> Iterator[ArchivedResponse]:
    """Every HTTP response record of one WARC file (a path or an open binary stream), in file
    order. `wanted(url)` False: the record is passed over without reading its payload. A payload
    past `max_size` bytes is not read (`body` None). A file that cannot be read from some point
    on (a torn last record, a corrupt member) raises ArchiveError after every record before it."""
    label = name or str(source)
    stream = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115
    try:
        records = ArchiveIterator(stream, arc2warc=True)
        offset = 0
        try:
            for record in records:
                offset = records.offset  # where this record starts (its gzip member)
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if wanted is not None and not wanted(url):
                    continue
                try:
                    status = int(record.http_headers.get_statuscode())
                except (TypeError, ValueError):
                    continue  # not an HTTP answer (a DNS or metadata record written as one)
                body = _payload(record, max_size)
                yield ArchivedResponse(
                    url=url,
                    status=status,
                    headers=list(record.http_headers.headers),
                    date=record.rec_headers.get_header("WARC-Date") or "",
                    body=body,
                    length=int(record.rec_headers.get_header("Content-Length") or 0),
                    file=label,
                    offset=offset,
                )
            if records.offset < stream.tell():
                torn = stream.tell() - records.offset
                raise ArchiveError(f"{torn} bytes at the end are no whole record (a torn record)")
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            where = f"after offset {offset}" if offset else "from its start"
            raise ArchiveError(f"{label}: unreadable {where}: {exc}") from None
    finally:
        if isinstance(source, str | Path):
            stream.close()


def response_at(path: Path, offset: int) -> ArchivedResponse:
    """The response record that starts at `offset` in a WARC file (as `read_responses` gave it)."""
    with path.open("rb") as stream:
        stream.seek(offset)
        for response in read_responses(stream, name=str(path)):
            return replace(response, offset=offset, file=path)
    raise ArchiveError(f"{path}: no response record at offset {offset}")
