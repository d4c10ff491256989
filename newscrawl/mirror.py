"""Fetch a site's pages from a mirror host (a local copy of the site), keeping their real URLs.

With NEWSCRAWL_MIRROR = "http://127.0.0.1:8000", a request for
`https://english.almayadeen.net/news/politics/x` is downloaded by Scrapy's real downloader from
`http://127.0.0.1:8000/english.almayadeen.net/news/politics/x`, and the response carries the
original URL again, so extraction, link following and exports see the real site's URLs.
`newscrawl serve` is such a mirror for a replay folder.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

ORIGINAL_URL = "newscrawl_original_url"


def mirror_url(mirror: str, url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror.rstrip('/')}/{parts.netloc}{path}{query}"


class MirrorMiddleware:
    def __init__(self, mirror: str | None) -> None:
        self.mirror = mirror.rstrip("/") if mirror else None

    @classmethod
    def from_crawler(cls, crawler: Any) -> MirrorMiddleware:
        mirror = crawler.settings.get("NEWSCRAWL_MIRROR")
        if not mirror:
            raise NotConfigured  # quietly: out of Scrapy's chain, which costs every request
        return cls(mirror)

    def process_request(self, request: Request) -> Request | None:
        # Already pointed at the mirror. (A redirect's follow-up copies the meta of the request
        # it follows but carries the site's real URL again: it must be mirrored too.)
        if self.mirror is None or request.url.startswith(self.mirror + "/"):
            return None
        meta = {**request.meta, ORIGINAL_URL: request.url, "allow_offsite": True}
        return request.replace(url=mirror_url(self.mirror, request.url), meta=meta)

    def process_response(self, request: Request, response: Response) -> Response:
        original = request.meta.get(ORIGINAL_URL)
        if self.mirror is None or not original:
            return response
        location = response.headers.get("Location")
        if location is not None and 300 <= response.status < 400:
            # A relative Location is relative to the site's URL, not to the mirror's.
            target = urljoin(original, location.decode("latin-1"))
            headers = response.headers.copy()
            headers["Location"] = target
            return response.replace(url=original, headers=headers)
        return response.replace(url=original)
