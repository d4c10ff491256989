"""URL canonicalisation: one spelling per page, so duplicates can be found."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "_hs")
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref", "ref_src", "cmpid", "ocid"}
)


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def safe_join(base: str, href: str | None) -> str | None:
    """`href` made absolute against `base`; None for an empty or malformed one (`http://[x/`)."""
    if not href or not href.strip():
        return None
    try:
        joined = urljoin(base, href.strip())
        urlsplit(joined).hostname  # noqa: B018 - raises on a malformed authority
    except ValueError:
        return None
    return joined


def safe_canonical(url: str | None) -> str | None:
    """`canonicalize_url(url)`, or None when the URL is malformed."""
    if not url:
        return None
    try:
        return canonicalize_url(url)
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # a page's own URL, its authors' and sections' pages come back often
def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, tracking parameters and a trailing slash.

    Percent-encoding is made uniform (non-ASCII paths such as Arabic slugs are encoded once);
    the remaining query parameters keep their order.
    """
    parts = urlsplit(safe_url_string(url.strip()))
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking_param(k)
        ]
    )
    path = parts.path
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    if not path:
        path = "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def canonical_of(page_url: str, *candidates: str | None) -> str:
    """The page's canonical URL: the first candidate (a `rel=canonical` link, a metadata URL,
    `og:url`; relative ones resolved against the page) that is a well-formed http(s) URL,
    canonicalised; else the page's own URL, canonicalised."""
    for candidate in candidates:
        found = safe_canonical(safe_join(page_url, candidate))
        if found and urlsplit(found).scheme in ("http", "https") and urlsplit(found).hostname:
            return found
    return canonicalize_url(page_url)

