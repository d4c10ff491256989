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
from typing import Any

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from newscrawl.extraction.utf8 import is_utf8
from newscrawl.profile import SiteProfile
from newscrawl.profiles import profile_for


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
    declared = [http_content_type_encoding(content_type), html_body_declared_encoding(body)]
    for encoding in declared:
        if encoding and _decodes(body, encoding) and (not ascii_only or _reads_ascii(encoding)):
            return encoding
    if ascii_only:
        return "utf-8"
    return (detect and detected_encoding(body)) or legacy


def _name(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def redecoded(response: Any, legacy: str, detect: bool = False) -> Any:
    """`response` read with the encoding the rule picks (the same object if it already is)."""
    if not isinstance(response, TextResponse):
        return response
    if response.body.isascii() and _reads_ascii(response.encoding):
        # Nothing to correct, and no copy: Scrapy reads it in what it declares (which for a
        # 7-bit encoding such as ISO-2022-JP is the only right reading).
        return response
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
    encoding = codecs.lookup(page_encoding(response.body, content_type, legacy, detect)).name
    # The header says it already (the common case): Scrapy reads it so; no need to ask the
    # response, which would sniff the body for its own answer.
    declared = http_content_type_encoding(content_type)
    if declared and _name(declared) == encoding:
        return response
    if encoding == codecs.lookup(response.encoding).name:
        return response
    return response.replace(encoding=encoding)


# Byte order marks: Scrapy reads a body by its BOM before any declaration.
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def known_reading(
    body: bytes, content_type: str | None, legacy: str, detect: bool = False
) -> str | None:
    """The encoding `redecoded` leaves a response with this body and `Content-Type` in, when
    it can be told without Scrapy's own reading (which sniffs the body for a `<meta>` charset):
    the rule's for a page with non-ASCII bytes (`redecoded` keeps Scrapy's reading only when it
    is the rule's); for an ASCII page, the charset its header names, which Scrapy reads it in,
    when that reads ASCII as ASCII. None for the rest (a BOM, which Scrapy reads first; an
    ASCII page whose header names no charset): only Scrapy's reading tells."""
    if body.startswith(_BOMS):
        return None
    if body.isascii():
        declared = http_content_type_encoding(content_type)
        return declared if declared and _reads_ascii(declared) else None
    return codecs.lookup(page_encoding(body, content_type, legacy, detect)).name


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
