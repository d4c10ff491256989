"""Is this answer an article at all? Blocks, dead links and broken bodies become error reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from scrapy.http import Response, TextResponse

BLOCKED_STATUSES = frozenset({401, 403, 429, 503})
NOT_FOUND_STATUSES = frozenset({404, 410})
# Titles and scripts that only challenge pages carry. (`/cdn-cgi/challenge-platform/` alone is
# not one: Cloudflare injects that script into ordinary pages too; nor is Incapsula's
# `/_Incapsula_Resource` script, which it adds to every page it serves: its block page says
# "Incapsula incident ID".)
CHALLENGE_TITLES = re.compile(
    r"^\s*(?:just a moment\.*|attention required!? \| cloudflare|please wait\.*|"
    r"ddos-guard|access denied|checking your browser.*)\s*$",
    re.I,
)
CHALLENGE_MARKERS = (
    b"_cf_chl_opt",
    b"cf-chl-widget",
    b"captcha-delivery.com",
    b"Incapsula incident ID",
    b"px-captcha",
)
SOFT_404 = re.compile(
    r"(?:page\s+not\s+found|404\s*(?:error|-|\|)|not\s+found\s*\|)|الصفحة غير موجودة", re.I
)


@dataclass(frozen=True)
class Rejection:
    kind: str
    message: str
    challenge: bool = False  # a bot-challenge page (Cloudflare "Just a moment...")


HEAD = 65536  # what is read of a page's beginning for its title and challenge scripts


def _page_title(body: bytes) -> str:
    """The first `<title>`'s text within the first `HEAD` bytes, found in one pass: a regex that
    looked for the closing tag after every unclosed `<title` took 10 s on 64 KiB of them. Found
    in the body between bounds (a copy of a large page's head costs more than the search)."""
    start = _find_any_case(body, b"<title", 0, HEAD)
    opened = body.find(b">", start, HEAD) if start != -1 else -1
    closed = _find_any_case(body, b"</title", opened, HEAD) if opened != -1 else -1
    if closed == -1:
        return ""
    return body[opened + 1 : closed].decode("utf-8", "replace").strip()


def _find_any_case(data: bytes, tag: bytes, start: int, end: int) -> int:
    """`data[:end].lower().find(tag, start)` (`tag` in lower case) without lowering all of it:
    the tag as written in lower case, unless it is written in another case before that (found
    in the part before it, lowered; the tag holds one `<`, so no occurrence straddles it)."""
    found = data.find(tag, start, end)
    before = data[start : found if found != -1 else end].lower().find(tag)
    return start + before if before != -1 else found


def _looks_challenged(body: bytes, title: str) -> bool:
    if CHALLENGE_TITLES.match(title):
        return True
    return any(body.find(marker, 0, HEAD) != -1 for marker in CHALLENGE_MARKERS)


def _cut_short(body: bytes) -> bool:
    """The page ends before `</body>` and `</html>` and before its footer: it was cut. (Pages
    whose template forgets the closing tags still end with their footer.)"""
    end = body[-1024:].lower()  # where the closing tags are, on almost every page
    if b"</body" in end or b"</html" in end:
        return False
    tail = body[-65536:].lower()
    if b"</body" in tail or b"</html" in tail:
        return False
    return b"footer" not in body[-max(2048, len(body) // 20) :].lower()


# Each answer is judged once: the downloader's backoff middleware asks first (to pause or stop a
# crawl that the site blocks), extraction asks again for the error record.
_VERDICTS: WeakKeyDictionary[Response, Rejection | None] = WeakKeyDictionary()


def reject_reason(response: Response) -> Rejection | None:
    """Why this answer cannot hold an article, or None when it may (remembered for as long as
    the answer lives)."""
    try:
        return _VERDICTS[response]
    except KeyError:
        verdict = judge(response)
    _VERDICTS[response] = verdict
    return verdict


def judge(response: Response) -> Rejection | None:
    """`reject_reason`, worked out on every call: for an answer asked about once."""
    status, body = response.status, response.body
    if status in NOT_FOUND_STATUSES:
        return Rejection("not_found", f"HTTP {status}")
    title = _page_title(body)
    if _looks_challenged(body, title):
        return Rejection("blocked", f"bot challenge page (HTTP {status})", challenge=True)
    if status in BLOCKED_STATUSES:
        return Rejection("blocked", f"HTTP {status}: the site refused the request")
    if status >= 400:
        return Rejection("http_error", f"HTTP {status}")
    if 300 <= status < 400:
        location = response.headers.get(b"Location", b"").decode("latin-1") or "nowhere"
        return Rejection("not_article", f"a redirect (HTTP {status}) to {location}")
    if not body or body.isspace():  # `not body.strip()`, without copying the body
        return Rejection("unparseable", "empty body")
    if b"\x00" in body[:4096] or not isinstance(response, TextResponse):
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
        return Rejection("unparseable", f"binary content, not an HTML page ({content_type})")
    declared = response.headers.get(b"Content-Length")
    if declared and declared.isdigit() and int(declared) > len(body):
        return Rejection("unparseable", f"truncated: {len(body)} of {int(declared)} bytes")
    if _cut_short(body):
        return Rejection("unparseable", "truncated: the page ends before </body></html>")
    if SOFT_404.search(title):
        return Rejection("not_found", "the page says it was not found (soft 404)")
    return None
