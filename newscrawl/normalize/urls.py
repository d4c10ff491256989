"""URL canonicalisation: one spelling per page, so duplicates can be found."""

from __future__ import annotations

import re
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
    href = href.strip()
    origin = resolving_base(base, href)
    if origin is not base:  # joined against the origin: remembered for the next page of a site
        return _plain_join(origin, href) or _joined(origin, href)
    return _joined.__wrapped__(base, href)


def resolving_base(base: str, href: str) -> str:
    """What `href` (stripped) is resolved from: the base's origin when `href` is an absolute
    path or a URL with a host, which do not depend on the base's path (the same answer, and the
    same cache entries, on every page of a site); else `base` itself."""
    if not _REMOVED.search(href) and (
        (href.startswith("/") and not href.startswith("//"))
        or (
            href.startswith(("http://", "https://")) and href.split("://", 1)[1][:1] not in _NO_HOST
        )
    ):
        return _origin(base) or base
    return base


_NO_HOST = ("", "/", "?", "#")  # what may follow `scheme://` when no host does
# What `urlsplit` removes wherever it is before reading a URL: `https://\t?` has no host once
# read, so it depends on the base's path like any relative link.
_REMOVED = re.compile("[\t\r\n]")

# Plain links, which `urljoin` needs no work for (most links a page holds): an http(s) URL with
# a plain ASCII host, or a path from the root; no dot segment (`/./`, `/../`) to resolve, no `;`
# (parameters it splits off and joins again, dropping an empty one), no empty `?` or `#` (it
# drops those), nothing `urlsplit` removes or refuses (spaces, tabs, brackets, non-ASCII).
_HOST = r"[A-Za-z0-9.-]+(?::[0-9]*)?"
_SEGMENT = r"/(?!\.\.?(?:[/?#]|\Z))[A-Za-z0-9._~!$&'()*+,=:@%-]*"
_QUERY = r"(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]+)?(?:#[A-Za-z0-9._~!$&'()*+,;=:@%/?-]+)?"
_PLAIN_LINK = re.compile(rf"(?:https?://{_HOST}(?:{_SEGMENT})*|(?:{_SEGMENT})+){_QUERY}")
# An http(s) URL's `scheme://host[:port]` where its host is plain and ends at its path, query
# or fragment (or the URL's end): the scheme and netloc `urlsplit` finds.
_PLAIN_ORIGIN = re.compile(rf"https?://{_HOST}(?=[/?#]|\Z)")


def _plain_join(origin: str, href: str) -> str | None:
    """`_joined(origin, href)` for a plain link (`_PLAIN_LINK`) without `urllib` (three
    `urlsplit`s of a few microseconds each), else None. `href` is a URL with its host, which
    `urljoin` gives back as it is, or a path from the root (not `//`), which it puts after the
    origin's scheme and host."""
    if not _PLAIN_LINK.fullmatch(href):
        return None
    return origin[:-1] + href if href[0] == "/" else href


@lru_cache(maxsize=4096)  # the navigation, author and section links every page of a site has
def _joined(base: str, href: str) -> str | None:
    try:
        joined = urljoin(base, href)
        urlsplit(joined).hostname  # noqa: B018 - raises on a malformed authority
    except ValueError:
        return None
    return joined


def hostname(url: str) -> str | None:
    """`urlsplit(url).hostname` (lower case, None when there is none), without `urlsplit` for a
    URL with a plain host."""
    if plain := _PLAIN_ORIGIN.match(url):
        return plain[0].partition("://")[2].partition(":")[0].lower()
    return urlsplit(url).hostname


def _origin(url: str) -> str | None:
    """`scheme://host/` of an http(s) URL (as `urljoin` reads its base), else None."""
    if not url.startswith(("http://", "https://")):
        return None
    if plain := _PLAIN_ORIGIN.match(url):
        return plain[0] + "/"
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


def safe_canonical(url: str | None) -> str | None:
    """`canonicalize_url(url)`, or None when the URL is malformed."""
    if not url:
        return None
    try:
        return canonicalize_url(url)
    except ValueError:
        return None


# A URL already in canonical form but for a trailing slash: http(s), a lower-case host (no port),
# a path of characters percent-encoding leaves as they are, no query, no fragment (most article
# links). Its canonical form is itself without the trailing slash; the full work is not needed.
_PLAIN = re.compile(r"https?://[a-z0-9.-]+(?:/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?")


@lru_cache(maxsize=4096)  # a page's own URL, its authors' and sections' pages come back often
def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, tracking parameters and a trailing slash.

    Percent-encoding is made uniform (non-ASCII paths such as Arabic slugs are encoded once);
    the remaining query parameters keep their order.
    """
    if _PLAIN.fullmatch(url):
        scheme, _, rest = url.partition("://")
        host, slash, path = rest.partition("/")
        return f"{scheme}://{host}{(slash + path).rstrip('/') or '/'}"
    return _canonical(url)


def _canonical(url: str) -> str:
    """`canonicalize_url` the long way, for any URL."""
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
        found = canonical_candidate(page_url, candidate)
        if found:
            return found
    return canonicalize_url(page_url)


def canonical_candidate(page_url: str, candidate: str | None) -> str | None:
    """One candidate of `canonical_of`: canonical when it is a well-formed http(s) URL, else
    None (a caller that reads its candidates one at a time stops at the first good one)."""
    found = safe_canonical(safe_join(page_url, candidate))
    if not found:
        return None
    if _PLAIN.fullmatch(found):  # http(s) with a host, as the check below would find
        return found
    parts = urlsplit(found)
    return found if parts.scheme in ("http", "https") and parts.hostname else None
