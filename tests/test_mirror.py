"""The mirror middleware: every request to the site goes to the mirror, redirects included."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawl.mirror import MirrorMiddleware

MIRROR = "http://127.0.0.1:9"
SITE = "https://english.almayadeen.net"


def test_requests_go_to_the_mirror_and_responses_keep_the_real_url() -> None:
    middleware = MirrorMiddleware(MIRROR)
    mirrored = middleware.process_request(Request(f"{SITE}/news/politics/a?page=2"))
    assert mirrored is not None
    assert mirrored.url == f"{MIRROR}/english.almayadeen.net/news/politics/a?page=2"
    assert middleware.process_request(mirrored) is None
    response = HtmlResponse(mirrored.url, body=b"<html></html>", request=mirrored)
    assert middleware.process_response(mirrored, response).url == f"{SITE}/news/politics/a?page=2"


def test_a_redirects_follow_up_is_mirrored_too() -> None:
    """RedirectMiddleware copies the meta of the request it follows, with the Location's real
    URL: that request must not leave for the real site."""
    middleware = MirrorMiddleware(MIRROR)
    first = middleware.process_request(Request(f"{SITE}/news/politics/old-slug"))
    assert first is not None
    follow_up = first.replace(url=f"{SITE}/news/politics/new-slug")
    again = middleware.process_request(follow_up)
    assert again is not None
    assert again.url == f"{MIRROR}/english.almayadeen.net/news/politics/new-slug"
    response = HtmlResponse(again.url, body=b"<html></html>", request=again)
    assert middleware.process_response(again, response).url == f"{SITE}/news/politics/new-slug"


def test_a_relative_redirect_stays_on_the_sites_url() -> None:
    middleware = MirrorMiddleware(MIRROR)
    mirrored = middleware.process_request(Request(f"{SITE}/news/politics/old"))
    assert mirrored is not None
    answer = HtmlResponse(
        mirrored.url, status=302, headers={"Location": "/news/politics/new?x=1"}, body=b""
    )
    restored = middleware.process_response(mirrored, answer)
    assert restored.headers["Location"] == f"{SITE}/news/politics/new?x=1".encode()
