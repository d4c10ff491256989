"""Is this answer an article at all? Blocks, dead links and broken bodies become error reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapy.http import Response, TextResponse

BLOCKED_STATUSES = frozenset({401, 403, 429, 503})
NOT_FOUND_STATUSES = frozenset({404, 410})
CHALLENGE_MARKERS = (
    b"cf-chl", b"challenge-platform", b"cf_chl_opt", b"__cf_chl", b"attention required! | cloudflare",
    b"<title>just a moment...</title>", b"enable javascript and cookies to continue",
    b"ddos-guard", b"captcha-delivery.com", b"px-captcha", b"_incapsula_resource",
)
SOFT_404 = re.compile(
    r"(?:page\s+not\s+found|404\s*(?:error|-|\|)|not\s+found\s*\|)|الصفحة غير موجودة", re.I
)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)


@dataclass(frozen=True)
class Rejection:
    kind: str
    message: str


def _looks_challenged(body: bytes) -> bool:
    head = body[:65536].lower()
    return any(marker in head for marker in CHALLENGE_MARKERS)


def reject_reason(response: Response) -> Rejection | None:
    """Why this answer cannot hold an article, or None when it may."""
    status, body = response.status, response.body
    if status in NOT_FOUND_STATUSES:
        return Rejection("not_found", f"HTTP {status}")
    if _looks_challenged(body):
        return Rejection("blocked", f"bot challenge page (HTTP {status})")
    if status in BLOCKED_STATUSES:
        return Rejection("blocked", f"HTTP {status}: the site refused the request")
    if status >= 400:
        return Rejection("http_error", f"HTTP {status}")
    if not body.strip():
        return Rejection("unparseable", "empty body")
    if b"\x00" in body[:4096] or not isinstance(response, TextResponse):
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
        return Rejection("unparseable", f"binary content, not an HTML page ({content_type})")
    declared = response.headers.get(b"Content-Length")
    if declared and declared.isdigit() and int(declared) > len(body):
        return Rejection("unparseable", f"truncated: {len(body)} of {int(declared)} bytes")
    tail = body[-65536:].lower()
    if b"</body" not in tail and b"</html" not in tail:
        return Rejection("unparseable", "truncated: the page ends before </body></html>")
    title = _TITLE.search(body[:65536])
    if title and SOFT_404.search(title.group(1).decode("utf-8", "replace")):
        return Rejection("not_found", "the page says it was not found (soft 404)")
    return None
