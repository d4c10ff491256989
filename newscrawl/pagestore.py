"""What every store of saved answers shares (a replay folder's, a WARC archive's): answering a
request as the site once did, as a validating server would."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.response import Response as BaseResponse
from scrapy.responsetypes import responsetypes

NOT_SAVED = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body>no saved page for this URL</body></html>"
)


class BrokenSavedPage(IgnoreRequest):
    """A saved page that cannot be served: its `info.json` is not one, or one of its files is
    a link out of the replay folder. The message names the file."""


def validating_answer(
    status: int, headers: dict[str, str], body: bytes, if_none_match: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body as a validating server sends them: the saved ETag (or one
    made from the body's sha256 when none was saved), and `304 Not Modified` with no body
    when the request's `If-None-Match` names it."""
    headers = dict(headers)
    if status != 200:
        return status, headers, body
    etag = next((v for k, v in headers.items() if k.lower() == "etag"), None)
    if etag is None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:24] + '"'
        headers["ETag"] = etag
    if if_none_match and etag in {tag.strip() for tag in if_none_match.split(",")}:
        return 304, {"ETag": etag}, b""
    return status, headers, body


@dataclass(frozen=True)
class StoredPage:
    """A saved answer: where it came from, its status and headers, when it was fetched; its
    body (`body`, read when asked for) is where the store keeps it."""

    url: str
    status: int
    headers: dict[str, str]
    fetched_at: str | None

    @property
    def body(self) -> bytes:
        raise NotImplementedError

    def answer(self, if_none_match: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """The saved answer, as a validating server sends it (`validating_answer`)."""
        return validating_answer(self.status, self.headers, self.body, if_none_match)


class PageStore:
    """Saved answers looked up by URL. Subclasses give `find(url)` (a page with `answer()`) and
    `urls()`, and may say why a saved page cannot be served (`problem`)."""

    def find(self, url: str) -> StoredPage | None:
        raise NotImplementedError

    def urls(self) -> list[str]:
        raise NotImplementedError

    def problem(self, url: str) -> str | None:
        """Why the page saved for `url` cannot be served (None: it can, or none is saved)."""
        return None

    def response_for(self, request: Request) -> Response:
        page = self.find(request.url)
        if page is None:
            if problem := self.problem(request.url):
                raise BrokenSavedPage(problem)  # that page alone fails, naming the file
            return BaseResponse(
                url=request.url,
                status=404,
                body=NOT_SAVED,
                request=request,
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        condition = request.headers.get("If-None-Match")
        status, headers, body = page.answer(condition.decode("latin-1") if condition else None)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=status, headers=headers, body=body, request=request)
