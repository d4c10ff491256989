"""Spider argument `urls`: a list, a comma-separated string, or `@file` with one URL a line.

A file is read as the crawl goes, never held whole: a list of a million URLs would take more
memory (about 100 MiB as Python strings) than everything else a crawl of them remembers.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path


class UrlFile:
    """The URLs of a file, one a line (blank lines and `#` comments skipped), read from the
    file each time they are gone through. Answers `bool()` and `[n]` as a list would."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __iter__(self) -> Iterator[str]:
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip() and not line.startswith("#"):
                    yield line.strip()

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def __getitem__(self, index: int) -> str:
        found = next(islice(self, index, None), None) if index >= 0 else None
        if found is None:
            raise IndexError(index)
        return found

    def __repr__(self) -> str:
        return f"UrlFile({str(self.path)!r})"


def url_list(value: str | list[str] | UrlFile | None) -> list[str] | UrlFile:
    """The start URLs a spider argument gives (`@file`: a `UrlFile`)."""
    if not value:
        return []
    if isinstance(value, list | UrlFile):
        return value
    if value.startswith("@"):
        return UrlFile(value[1:])
    return [part.strip() for part in value.split(",") if part.strip()]
