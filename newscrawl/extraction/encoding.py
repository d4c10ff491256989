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
3. else the edition's legacy encoding: Windows-1256 for Arabic, Windows-1252 for the others.
"""

from __future__ import annotations

import codecs
from typing import Any

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

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


def page_encoding(body: bytes, content_type: str | None, legacy: str) -> str:
    """The encoding to read `body` with (see the module's rule)."""
    ascii_only = body.isascii()
    if not ascii_only and _decodes(body, "utf-8"):
        return "utf-8"
    declared = [http_content_type_encoding(content_type), html_body_declared_encoding(body)]
    for encoding in declared:
        if encoding and _decodes(body, encoding) and (not ascii_only or _reads_ascii(encoding)):
            return encoding
    return "utf-8" if ascii_only else legacy


def _name(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def redecoded(response: Any, legacy: str) -> Any:
    """`response` read with the encoding the rule picks (the same object if it already is)."""
    if not isinstance(response, TextResponse):
        return response
    if response.body.isascii() and _reads_ascii(response.encoding):
        # Nothing to correct, and no copy: Scrapy reads it in what it declares (which for a
        # 7-bit encoding such as ISO-2022-JP is the only right reading).
        return response
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
    encoding = codecs.lookup(page_encoding(response.body, content_type, legacy)).name
    # The header says it already (the common case): Scrapy reads it so; no need to ask the
    # response, which would sniff the body for its own answer.
    declared = http_content_type_encoding(content_type)
    if declared and _name(declared) == encoding:
        return response
    if encoding == codecs.lookup(response.encoding).name:
        return response
    return response.replace(encoding=encoding)


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
        return redecoded(response, profile.legacy_encoding)
