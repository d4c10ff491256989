"""Al Mayadeen's three editions (English, Arabic, Spanish): their profiles, and the URL shapes of
their CMS (site notes: confirmed on the Arabic edition; the same CMS serves all three).

Pages of these editions are read by the `almayadeen` extractor (the CMS's metadata script and
page template: newscrawl/extraction/almayadeen.py); the `almayadeen` spider walks them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newscrawl.profile import SiteProfile

BEIRUT = ZoneInfo("Asia/Beirut")
UTC = ZoneInfo("UTC")

# `/articles/<slug>` is an article, but `/articles/opinion` is the Opinion listing.
_NOT_AN_ARTICLE = r"(?!articles/(?:opinion|analysis|blog|features|feature)/?$)"

ARTICLE_PATH = re.compile(
    rf"^/{_NOT_AN_ARTICLE}(?:news/[^/]+/[^/]+"
    r"|articles/(?:[^/]+/)?[^/]+"
    r"|video/[^/]+"
    r"|in-pictures/[^/]+"
    r"|newscast/\d{4}/\d{1,2}/\d{1,2}/[^/]+"
    r"|infograph/.+"
    r"|programs/\d+/[^/]+)/?$"
)

# The Arabic edition also publishes at /<kind>/<slug> (seen in its real metadata).
ARABIC_ARTICLE_PATH = re.compile(
    rf"^/{_NOT_AN_ARTICLE}(?:news/[^/]+/[^/]+"
    r"|(?:articles|tv-reports|video|misc|press|research-papers|health|podcasts|infograph)/[^/]+"
    r"|articles/[^/]+/[^/]+"
    r"|newscast/\d{4}/\d{1,2}/\d{1,2}/[^/]+"
    r"|programs/\d+/[^/]+)/?$"
)

# Listings (their later pages add ?page=N): sections and regions (/news/politics,
# /articles/opinion, /region/palestine), topics (/coverage/<slug>), author pages
# (/authors/<name>) and the media kinds' index pages (/video, /infograph, /in-pictures,
# /newscast: inferred, like the English /in-pictures/<slug> gallery URLs).
LISTING_PATH = re.compile(
    r"^/(?:news|articles)(?:/[^/]+)?/?$"
    r"|^/(?:region|coverage|authors)/[^/]+/?$"
    r"|^/(?:video|infograph|in-pictures|newscast|podcasts|tv-reports)/?$"
)


# What the three editions share: one CMS, its reader, Beirut time, its listings and start points.
_CMS: dict[str, Any] = {
    "extractor": "almayadeen",
    "zone": BEIRUT,
    "naive_iso_zone": UTC,  # the CMS's `article:*_time` tags are naive UTC (site notes)
    "listing_path": LISTING_PATH,
    "sitemaps": ("/sitemaps/all.xml",),
    "feeds": ("/rss",),
}


_EN_POST_TYPES = {
    "news": "news",
    "opinion": "opinion",
    "analysis": "analysis",
    "blog": "blog",
    "feature": "feature",
    "features": "feature",
    "video": "video",
    "videos": "video",
    "infograph": "infograph",
    "infographs": "infograph",
    "in pictures": "gallery",
    "gallery": "gallery",
    "live": "live",
    "newscast": "live",
}
_EN_PATH_TYPES = {
    "news": "news",
    "video": "video",
    "infograph": "infograph",
    "newscast": "live",
    "live": "live",
    "in-pictures": "gallery",
}
_EN_SECTIONS = {
    "politics": "Politics",
    "economy": "Economy",
    "sports": "Sports",
    "arts-culture": "Arts&Culture",
    "health": "Health",
    "miscellaneous": "Miscellaneous",
    "technology": "Technology",
    "environment": "Environment",
    "opinion": "Opinion",
    "analysis": "Analysis",
    "blog": "Blog",
    "features": "Features",
}

ENGLISH = SiteProfile(
    name="almayadeen-en",
    site="almayadeen",
    language="en",
    publisher="Al Mayadeen English",
    host="english.almayadeen.net",
    **_CMS,
    house_bylines=("Al Mayadeen net", "Al Mayadeen English", "Al Mayadeen", "Al Mayadeen Net"),
    title_suffixes=("Al Mayadeen English", "Al Mayadeen"),
    breaking_labels=("breaking", "breaking news"),
    post_types=_EN_POST_TYPES,
    section_names=_EN_SECTIONS,
    path_types=_EN_PATH_TYPES,
    article_path=ARTICLE_PATH,
)

# The Arabic edition: posttype labels and URL kinds as its real metadata shows them (296 pages,
# fixtures/data). Newscasts (نشرة الأخبار) are broadcast bulletins: type `live`, like the live
# stream; press reviews (صحافة) and miscellany (منوعات) are news; reports (تقارير إخبارية) are
# features; research follow-ups (متابعات) are analysis; podcasts are videos.
_AR_POST_TYPES = {
    "أخبار": "news",
    "تقارير إخبارية": "feature",
    "نشرة الأخبار": "live",
    "فيديو": "video",
    "صحافة": "news",
    "منوعات": "news",
    "مقالات": "opinion",
    "متابعات": "analysis",
    "بودكاست": "video",
    "رأي": "opinion",
    "تحليل": "analysis",
    "مدونة": "blog",
    "إنفوغراف": "infograph",
    "انفوغراف": "infograph",
    "بالصور": "gallery",
    "مباشر": "live",
}
_AR_PATH_TYPES = {
    "news": "news",
    "tv-reports": "feature",
    "newscast": "live",
    "video": "video",
    "press": "news",
    "misc": "news",
    "health": "news",
    "articles": "opinion",
    "research-papers": "analysis",
    "podcasts": "video",
    "infograph": "infograph",
}
_AR_SECTIONS = {
    "politics": "سياسة",
    "economic": "اقتصاد",
    "economy": "اقتصاد",
    "sports": "رياضة",
    "culture": "ثقافة",
    "health": "صحة",
    "technology": "تكنولوجيا",
}

ARABIC = SiteProfile(
    name="almayadeen-ar",
    site="almayadeen",
    language="ar",
    publisher="الميادين",
    host="www.almayadeen.net",
    **_CMS,
    house_bylines=("الميادين نت", "شبكة الميادين", "الميادين"),
    title_suffixes=("الميادين نت", "الميادين"),
    breaking_labels=("عاجل",),
    post_types=_AR_POST_TYPES,
    section_names=_AR_SECTIONS,
    path_types=_AR_PATH_TYPES,
    article_path=ARABIC_ARTICLE_PATH,
    legacy_encoding="cp1256",
)

# The Spanish edition: inferred to share the English edition's template and URL shapes.
_ES_POST_TYPES = {
    "noticias": "news",
    "news": "news",
    "opinión": "opinion",
    "opinion": "opinion",
    "análisis": "analysis",
    "analisis": "analysis",
    "blog": "blog",
    "reportajes": "feature",
    "features": "feature",
    "video": "video",
    "videos": "video",
    "infografías": "infograph",
    "infografias": "infograph",
    "en imágenes": "gallery",
    "galería": "gallery",
    "en vivo": "live",
    "en directo": "live",
}
_ES_SECTIONS = {
    "politics": "Política",
    "economy": "Economía",
    "sports": "Deportes",
    "opinion": "Opinión",
    "analysis": "Análisis",
    "blog": "Blog",
    "features": "Reportajes",
}

SPANISH = SiteProfile(
    name="almayadeen-es",
    site="almayadeen",
    language="es",
    publisher="Al Mayadeen Español",
    host="espanol.almayadeen.net",
    **_CMS,
    house_bylines=("Al Mayadeen Español", "Al Mayadeen Espanol", "Al Mayadeen"),
    title_suffixes=("Al Mayadeen Español", "Al Mayadeen"),
    breaking_labels=("última hora", "ultima hora", "urgente"),
    post_types=_ES_POST_TYPES,
    section_names=_ES_SECTIONS,
    path_types=_EN_PATH_TYPES,
    article_path=ARTICLE_PATH,
)

EDITIONS = {edition.language: edition for edition in (ENGLISH, ARABIC, SPANISH)}
PROFILES = tuple(EDITIONS.values())


def edition_of(url: str) -> SiteProfile | None:
    """The edition a URL belongs to, by host (None for other sites)."""
    host = (urlsplit(url).hostname or "").lower()
    return next((edition for edition in PROFILES if host in edition.hosts), None)


def type_from_url(url: str, edition: SiteProfile) -> str | None:
    """The record type a URL's shape implies (`/articles/opinion/…` is opinion)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return None
    if segments[0] == "articles" and len(segments) >= 3:
        return edition.post_types.get(segments[1]) or edition.path_types.get("articles")
    return edition.path_types.get(segments[0])


def section_from_url(url: str, edition: SiteProfile) -> str | None:
    """The section a URL names (`/news/<section>/…`, `/articles/<section>/…`), as the
    navigation writes it."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if len(segments) >= 3 and segments[0] in ("news", "articles"):
        slug = segments[1]
        return edition.section_names.get(slug, slug.replace("-", " ").title())
    return None
