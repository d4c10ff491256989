"""Which encoding a page's bytes are really in, when its declaration is missing or wrong.

Scrapy decodes with the `Content-Type` charset first, then the page's `<meta charset>`, then
guesses UTF-8 or Windows-1252. News sites get this wrong in both directions: Arabic pages in
Windows-1256 declared as UTF-8 (or not declared at all), Latin-1 pages served as UTF-8. The rule:

1. bytes that are valid UTF-8 (with any non-ASCII in them) are UTF-8, whatever is declared:
   text in a legacy encoding is practically never valid UTF-8 by accident;
   all-ASCII bytes need no correction: every ASCII-compatible encoding reads them alike, and
   the 7-bit ones (ISO-2022-JP) must keep the codec they declare; only a declaration that
   does not read ASCII as ASCII (UTF-16, EBCDIC) gives way to UTF-8;
2. else the declared encoding (header, then meta), when the bytes decode in it;
3. else the edition's legacy encoding: Windows-1256 for Arabic, Windows-1252 for the others;
   except on sites the generic extractor reads, whose language is not known beforehand: there
   the encoding charset-normalizer (a statistical detector, already Scrapy's dependency) finds,
   when it finds a non-Latin one (EUC-KR, Shift_JIS, Windows-1251, ...), else Windows-1252.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from typing import Any

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from newscrawl.extraction.utf8 import is_utf8
from newscrawl.profile import SiteProfile
from newscrawl.profiles import profile_for


@lru_cache(maxsize=256)  # a crawl's answers carry a handful of distinct Content-Type values
def header_charset(content_type: str | None) -> str | None:
    """The charset a `Content-Type` value declares (w3lib's reading, a regex and a codec lookup:
    asked up to three times an answer), answered once per value."""
    return http_content_type_encoding(content_type)


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
        body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


# ASCII markup: an encoding that reads it unchanged is ASCII-compatible (ISO-2022-JP and the
# other 7-bit encodings too); UTF-16, UTF-32 and EBCDIC read it as something else.
_ASCII_PROBE = b'<html lang="en"><meta charset=utf-8><p class=a-1>Text, 0.9!</p></html>\n'


def _reads_ascii(encoding: str) -> bool:
    try:
        return _ASCII_PROBE.decode(encoding) == _ASCII_PROBE.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


# Single-byte encodings of Latin scripts: a detector's choice among them is a guess the legacy
# encoding makes as well (accented letters are too few to tell them apart reliably).
LATIN_SINGLE_BYTE = frozenset({
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1254", "iso8859_9", "cp1257",
    "iso8859_4", "iso8859_13", "mac_roman", "mac_latin2", "cp850", "cp437", "ascii", "utf_8",
})  # fmt: skip
DETECTED_BYTES = 200_000  # what the detector reads of a page


def detected_encoding(body: bytes) -> str | None:
    """A non-Latin encoding charset-normalizer finds the bytes written in, or None."""
    from charset_normalizer import from_bytes  # only for the rare undeclared legacy page

    best = from_bytes(body[:DETECTED_BYTES]).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name.replace("-", "_")
    return None if name in LATIN_SINGLE_BYTE or not _decodes(body, name) else name


def page_encoding(body: bytes, content_type: str | None, legacy: str, detect: bool = False) -> str:
    """The encoding to read `body` with (see the module's rule; `detect`: a site the generic
    extractor reads)."""
    ascii_only = body.isascii()
    if not ascii_only and is_utf8(body):
        return "utf-8"
    declared = [header_charset(content_type), html_body_declared_encoding(body)]
    for encoding in declared:
        if encoding and _decodes(body, encoding) and (not ascii_only or _reads_ascii(encoding)):
            return encoding
    if ascii_only:
        return "utf-8"
    return (detect and detected_encoding(body)) or legacy


def reading(body: bytes, content_type: str | None, legacy: str, detect: bool = False) -> str:
    """The encoding a page of these bytes, served with this `Content-Type`, is read in: the
    one function for a crawled answer (`redecoded`) and a saved page (`processing.page_response`).
    A byte order mark first (Scrapy reads a body by its BOM whatever is declared, and so does
    every browser); an all-ASCII body in the charset Scrapy finds declared (the header's, else the
    page's `<meta>`) when that reads ASCII as ASCII (a 7-bit encoding such as ISO-2022-JP reads
    its escapes only in its own codec); any other page by the module's rule (`page_encoding`)."""
    bom, _ = read_bom(body)
    if bom is not None:
        return bom
    if body.isascii():
        declared = header_charset(content_type)
        if declared is None:
            declared = html_body_declared_encoding(body)
        if declared and _reads_ascii(declared):
            return declared
    return codecs.lookup(page_encoding(body, content_type, legacy, detect)).name


def redecoded(response: Any, legacy: str, detect: bool = False) -> Any:
    """`response` read in the encoding `reading` says: the same object when Scrapy reads it so
    without looking into the body (by its BOM, else its header's charset), else a copy told the
    encoding, so that Scrapy never sniffs the body for a reading of its own (the `<meta>`
    charset; on an undeclared page, a decoding of the whole body or a detector)."""
    if not isinstance(response, TextResponse):
        return response
    body = response.body
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
    encoding = reading(body, content_type, legacy, detect)
    if encoding == (read_bom(body)[0] or header_charset(content_type)):
        return response
    # What `response.replace(encoding=...)` makes, without its reading of every attribute of
    # the old response first, its encoding included (the sniffing this function spares).
    fields = {name: getattr(response, name) for name in response.attributes if name != "encoding"}
    return type(response)(**fields, encoding=encoding)


class EncodingMiddleware:
    """Downloader middleware: every page is read in its real encoding before the spider, its
    link walker and its ticker reader see it (the legacy encoding of the crawled site's
    profile; a spider without one: the profile of the page's host)."""

    def __init__(self, crawler: Any = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> EncodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Any, response: Any) -> Any:
        profile = getattr(getattr(self.crawler, "spider", None), "profile", None)
        if not isinstance(profile, SiteProfile):
            profile = profile_for(response.url)
        return redecoded(response, profile.legacy_encoding, profile.extractor == "generic")
