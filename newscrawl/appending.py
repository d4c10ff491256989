"""Appending to a record file that a killed process may have left cut off: before anything is
appended, the file is cut back to the end of its last whole record, and that is logged and
counted, never silent.

Each record is written whole (`exporters.write_whole_line`: its line, or its gzip member, in
one write(2)), but Linux may end a write to a regular file early, between two pages, when a
fatal signal such as SIGKILL arrives during it: a record crossing a 4 KiB boundary can be cut.
Appending after it would glue the next record onto the cut one: one invalid line in the middle
of the file (in a gzip file, a member no reader gets past), and a record lost.

Cutting the cut record loses nothing, because it was never committed: a worker of a shared
crawl confirms a record's claim, and releases the request it came from, only once the record is
written (`distributed.FrontierIdle`); an incremental crawl commits a record to its state only
once it is written (`pipelines/incremental.ExportPipeline`). Its page is crawled again, and
its record written whole. What a restarted worker reads back as written (`whole_lines`) is
exactly what the cut keeps.

The unit is a line ending in a newline (JSON Lines), or a gzip member (`.gz`: one record each,
`exporters.GzipRecordJsonLinesExporter`). A plain file whose last line has no newline but is
not a record cut off (it does not begin with a JSON object's `{`, or it is a whole JSON value:
a file of the user's own given as `-o`, written by a tool that leaves out the last newline) is
not cut: a newline is added after it, with a warning, so that what is appended starts a line of
its own and every JSON Lines reader reads both. A `.gz` file whose end is not a gzip member,
whole or cut (not gzip at all, or gzip followed by something else), cannot be appended to:
gzip readers stop there, and would never reach the records appended; `ForeignEnd` is raised
and nothing is written (`foreign_gzip_end` tells before a crawl starts).
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newscrawl.stats import count

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"  # a gzip member's first bytes (deflate)
GZIP = 16 + zlib.MAX_WBITS  # zlib's wbits for one gzip member
WINDOW = 1 << 20  # the end of the file looked at first; more only when a member is larger
CHUNK = 1 << 20


class ForeignEnd(ValueError):
    """A `.gz` file ends in bytes that are not a gzip member: nothing can be appended to it."""


def named_gzip(path: str | Path) -> bool:
    """Written gzipped: named `.gz`, as `-o x.jsonl.gz` asks the crawl to write (not
    `dataset.is_gzip`, which looks at a file's first bytes, whoever wrote it)."""
    return str(path).endswith(".gz")


def whole_length(path: str | Path) -> int:
    """How many of the file's first bytes are whole records: up to its last newline (JSON
    Lines), or to the end of its last whole gzip member (`.gz`). Its size when it ends with a
    whole record; 0 when it does not exist."""
    try:
        with Path(path).open("rb") as handle:
            return _whole_length(handle, named_gzip(path))
    except FileNotFoundError:
        return 0


def _whole_length(handle: IO[bytes], gzipped: bool) -> int:
    size = handle.seek(0, 2)
    ends = _last_member_end if gzipped else _last_line_end
    window = WINDOW
    while True:
        start = max(0, size - window)
        handle.seek(start)
        end = ends(handle.read(size - start))
        if end is not None:
            return start + end
        if start == 0:
            return 0
        window *= 4


def _last_line_end(data: bytes) -> int | None:
    newline = data.rfind(b"\n")
    return newline + 1 if newline >= 0 else None


def _last_member_end(data: bytes) -> int | None:
    """Where the last whole gzip member of `data` ends: tried from each place a member could
    begin, the last first (a member is whole when it decompresses to its end, its CRC and
    length checked, which a place inside another member's compressed bytes does not)."""
    view = memoryview(data)
    at = len(data)
    while (at := data.rfind(GZIP_MAGIC, 0, at + len(GZIP_MAGIC) - 1)) >= 0:
        member = zlib.decompressobj(GZIP)
        try:
            member.decompress(view[at:])
        except zlib.error:
            continue
        if member.eof:
            return len(data) - len(member.unused_data)
    return None


def _begins_a_member(tail: bytes) -> bool:
    """Whether `tail` is the beginning of a gzip member, as a write cut off leaves it."""
    member = zlib.decompressobj(GZIP)
    try:
        member.decompress(tail)
    except zlib.error:
        return False
    return not member.eof


def cut_back(path: str | Path, stats: Any = None) -> int:
    """Make `path` ready for records to be appended: cut back to its whole records
    (`whole_length`), or, when its end is not a record cut off, end its last line with a
    newline; the bytes cut (0 when none, or it does not exist). A cut is logged as a warning
    that names the file and counted in the crawl's stats (`newscrawl/export/repaired`, and the
    bytes in `newscrawl/export/repaired_bytes`); so is a newline added (`export/line_ended`).
    ForeignEnd for a `.gz` file whose end is not a gzip member (`foreign_gzip_end`)."""
    path = Path(path)
    try:
        handle = path.open("r+b")
    except FileNotFoundError:
        return 0
    with handle:
        gzipped = named_gzip(path)
        whole, tail = _past_whole(handle, gzipped)
        if not tail:
            return 0
        size = whole + len(tail)
        if gzipped and not _begins_a_member(tail):
            raise ForeignEnd(_foreign_gzip_message(path, size - whole, whole))
        if not gzipped and not _cut_record(tail):
            handle.write(b"\n")
            logger.warning(
                "%s: its last line (%d bytes, from byte %d) has no newline and is not a record"
                " cut off by a kill: left as it is, and a newline added after it, so that the"
                " records appended start a line of their own (a file newscrawl did not write?)",
                path, size - whole, whole,
            )  # fmt: skip
            count(stats, "export/line_ended")
            return 0
        handle.truncate(whole)
    cut = size - whole
    logger.warning(
        "%s ended in a record cut off (a process killed while writing it): cut its last %d"
        " bytes, from byte %d, before appending; that record's page is crawled again",
        path, cut, whole,
    )  # fmt: skip
    count(stats, "export/repaired")
    count(stats, "export/repaired_bytes", cut)
    return cut


def _past_whole(handle: IO[bytes], gzipped: bool) -> tuple[int, bytes]:
    """The length of the file's whole records, and the bytes after them."""
    whole = _whole_length(handle, gzipped)
    handle.seek(whole)
    return whole, handle.read()


def _cut_record(tail: bytes) -> bool:
    """Whether the bytes after a plain file's last newline are a record our writer began and a
    kill cut off: they begin a JSON object, and are not a whole JSON value."""
    return tail.startswith(b"{") and not _whole_json(tail)


def _whole_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def _foreign_gzip_message(path: Path, foreign: int, start: int) -> str:
    what = "is not gzip" if start == 0 else f"ends in {foreign} bytes that are not gzip"
    return (
        f"{path} {what} (from byte {start}): records appended to it could not be read (gzip"
        " readers stop there); give another file, or move this one away"
    )


def foreign_gzip_end(path: str | Path) -> str | None:
    """Why records cannot be appended to `path`, a `.gz` file whose end is neither a whole
    gzip member nor one cut off (not gzip, or gzip followed by something else); None when
    they can (and for a plain or missing file)."""
    path = Path(path)
    if not named_gzip(path):
        return None
    try:
        with path.open("rb") as handle:
            whole, tail = _past_whole(handle, True)
    except FileNotFoundError:
        return None
    if not tail or _begins_a_member(tail):
        return None
    return _foreign_gzip_message(path, len(tail), whole)


def open_to_append(path: str | Path, stats: Any = None) -> IO[bytes]:
    """`path` opened to append records, once cut back to its whole records (`cut_back`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cut_back(path, stats)
    return path.open("ab")


def whole_lines(path: str | Path) -> Iterator[bytes]:
    """The lines of the whole records in `path` (plain or gzip JSON Lines), read as they
    stream: what `cut_back` keeps, nothing after it (a plain file's last line without its
    newline is read, with one, unless it is a record cut off). A gzip member that does not
    decompress ends the reading there."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        end = _whole_length(handle, named_gzip(path))
        handle.seek(0)
        chunks = _chunks(handle, end)
        if not named_gzip(path):
            pending = b""
            for chunk in chunks:
                *lines, pending = (pending + chunk).split(b"\n")
                yield from (line + b"\n" for line in lines)
            last = handle.read()  # after the last newline: kept by cut_back unless a cut record
            if last and not _cut_record(last):
                yield last + b"\n"
            return
        yield from _member_lines(chunks)


def _chunks(handle: IO[bytes], end: int) -> Iterator[bytes]:
    left = end
    while left > 0:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def _member_lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    member = zlib.decompressobj(GZIP)
    pending = b""
    for chunk in chunks:
        while chunk:
            try:
                text = member.decompress(chunk)
            except zlib.error:
                return
            *lines, pending = (pending + text).split(b"\n")
            yield from (line + b"\n" for line in lines)
            chunk = b""
            if member.eof:
                chunk = member.unused_data
                member = zlib.decompressobj(GZIP)
