"""The generic extractor: an article of any news site, from what publishers put in their pages
for search engines and social networks, then from the page's text.

Each field is read from the first source that has it: JSON-LD (NewsArticle and its kin, in
`@graph` or lists), then OpenGraph and `article:*` tags, then the common meta tags (author,
parsely, sailthru, Dublin Core), microdata and `<time datetime>`, then the visible page (a "By"
line, a date line near the headline, the densest text container). docs/site-profiles.md lists
the sources of every field.

Values stay as the page writes them; the item pipelines normalise them as for every profile
(headline suffixes, "By" and junk in bylines, time zones, tag duplicates).
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extraction.body_finder import (
    body_from_ld,
    is_boilerplate,
    read_body,
    wrap_loose_text,
)
from newscrawl.extraction.date_finder import page_date, plausible
from newscrawl.extraction.evidence import not_an_article
from newscrawl.extraction.figures import figures, with_figures
from newscrawl.extraction.meta_tags import canonical_link, read_meta_values
from newscrawl.extraction.page import (
    article_element,
    count_words,
    first_h1,
    short_text,
    whole_number,
)
from newscrawl.extraction.script_body import html_in_scripts
from newscrawl.items import ArticleItem, ErrorItem, record_id
from newscrawl.normalize.bylines import BYLINE_START
from newscrawl.normalize.dates import date_in_line
from newscrawl.normalize.text import clean_text, strip_site_suffix
from newscrawl.normalize.urls import canonical_of, safe_canonical, safe_join
from newscrawl.profile import SiteProfile, site_label

ARTICLE_TYPES = {
    "newsarticle": "news",
    "article": "news",
    "reportagenewsarticle": "feature",
    "analysisnewsarticle": "analysis",
    "opinionnewsarticle": "opinion",
    "backgroundnewsarticle": "analysis",
    "reviewnewsarticle": "opinion",
    "askpublicnewsarticle": "news",
    "blogposting": "blog",
    "socialmediaposting": "blog",
    "liveblogposting": "live",
    "report": "news",
    "videoobject": "video",
}
# Fewer words than this on the page: the story may be in the page's script data.
SCRIPT_BODY_WORDS = 50
LINE_PARTS = re.compile(r"\s+[|·•]\s+")  # "Do 25.04.24 | 14:07 Uhr | Von Eva Muster"
BYLINE_XPATHS = (
    './/*[@itemprop="author"]',
    './/*[@rel="author"]',
    './/*[contains(@class, "byline")]',
    './/*[contains(@class, "author")]',
)
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dc.date", "dcterms.date", "pubdate", "publishdate", "date",
    "datepublished", "publish-date", "article.published", "article:published:time",
    "og:published_time", "published_time", "publication_date", "dcterms.created",
    "article_date_original", "cxenseparse:recs:publishtime", "date.available", "datecreated",
)  # fmt: skip
AUTHOR_META = (
    "parsely-author", "sailthru.author", "author", "article:author", "dc.creator", "byl",
)  # fmt: skip


# ---------------------------------------------------------------- JSON-LD


def _json_ld_objects(page: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, `@graph` and lists flattened."""
    found: list[dict[str, Any]] = []
    for script in page.xpath('//script[@type="application/ld+json"]'):
        text = (script.text or "").strip()
        if not text:
            continue
        text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):  # broken, or nested deeper than the parser goes
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
                main = item.get("mainEntity")
                if isinstance(main, dict | list):
                    stack.append(main)
    return found


def _types(item: dict[str, Any]) -> list[str]:
    value = item.get("@type")
    values = value if isinstance(value, list) else [value]
    return [str(v).rsplit("/", 1)[-1].lower() for v in values if v]


def _article_ld(objects: list[dict[str, Any]], url: str) -> dict[str, Any] | None:
    """The page's article object: one of the article types, the one about this URL first."""
    articles = [o for o in objects if any(t in ARTICLE_TYPES for t in _types(o))]
    if not articles:
        return None

    def rank(item: dict[str, Any]) -> tuple[int, int, int]:
        about = _text(item.get("url")) or _text(_id_of(item.get("mainEntityOfPage")))
        same = int(bool(about) and safe_canonical(safe_join(url, about)) == safe_canonical(url))
        return (same, int(bool(item.get("headline"))), int(bool(item.get("datePublished"))))

    return max(articles, key=rank)


def _id_of(value: Any) -> Any:
    return value.get("@id") or value.get("url") if isinstance(value, dict) else value


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or value.get("text"))
    return None


def _names(value: Any) -> list[str]:
    """Names in a JSON-LD `author` (a string, a Person or Organization, or a list of them)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def _urls(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    urls = []
    for item in items:
        url = _text(item.get("url") or item.get("contentUrl")) if isinstance(item, dict) else item
        if isinstance(url, str) and url.strip():
            urls.append(url.strip())
    return urls


# ---------------------------------------------------------------- meta tags


def _first_meta(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


# ---------------------------------------------------------------- the page's text


def _visible_byline(root: HtmlElement) -> str | None:
    # Only short elements are read (`short_text`): reading the whole text under every
    # candidate of a deep page would take quadratic time.
    for xpath in BYLINE_XPATHS:
        for element in root.xpath(xpath):
            text = _without_dates(short_text(element, 600) or "")
            if text and len(text) < 120:
                return text
    for element in root.iter("p", "span", "div", "li"):
        text = short_text(element, 400)
        if text is not None and len(text) < 80:
            # "By Jane Rivera", or the byline part of "Do 25.04.24 | 14:07 Uhr | Von Eva Muster"
            byline = next((p for p in LINE_PARTS.split(text) if BYLINE_START.match(p)), None)
            if byline:
                return byline
    return None


def _without_dates(line: str) -> str:
    """A line's parts that show no date: "By Jane Rivera | April 28, 2023" to "By Jane Rivera"."""
    return " | ".join(p for p in LINE_PARTS.split(line) if not date_in_line(p, words_before=2))


def _choose_headline(
    ld: str | None, og: str | None, h1: str | None, title: str | None, names: list[str]
) -> str | None:
    """JSON-LD's headline, then og:title, then the `<h1>`, then `<title>` (the order measured
    best on the development set), except that a metadata headline the `<h1>` repeats wins."""
    if h1:
        key = clean_text(h1).casefold()
        for candidate in (ld, og):
            if candidate and clean_text(strip_site_suffix(candidate, names)).casefold() == key:
                return candidate
    return ld or og or h1 or title


def _headline_from(source: str, sources: dict[str, str | None], page: HtmlElement) -> str | None:
    """A profile's headline source: a named one, or the first text an `xpath:` expression finds."""
    if not source.startswith("xpath:"):
        return sources.get(source)
    for found in page.xpath(source.removeprefix("xpath:")):
        text = clean_text(found if isinstance(found, str) else found.text_content())
        if text:
            return text
    return None


def _visible_headline(root: HtmlElement) -> str | None:
    """The first `<h1>` that is not boilerplate and reads like a headline (two words, or a
    dozen characters of an unspaced script)."""
    return first_h1(
        root,
        lambda h1, text: not is_boilerplate(h1) and (len(text.split()) >= 2 or len(text) >= 12),
    )


# ---------------------------------------------------------------- the record


def read_article(
    page: HtmlElement, url: str, profile: SiteProfile, status: int, crawled_at: str
) -> ArticleItem | ErrorItem:
    objects = _json_ld_objects(page)
    ld = _article_ld(objects, url) or {}
    meta = read_meta_values(page)
    # Scripts and styles are read (JSON-LD above) and dropped: their text is not the page's.
    # The tree is the response's own; nothing after extraction reads their content.
    scripts = []
    for element in page.xpath("//script | //style | //noscript | //template"):
        if element.tag == "script" and element.get("type") != "application/ld+json":
            scripts.append(element.text or "")
        element.drop_tree()
    wrap_loose_text(page)
    article_root = article_element(page)
    og_type = (_first_meta(meta, "og:type") or "").lower()
    published_raw = (
        plausible(_text(ld.get("datePublished")))
        or plausible(_first_meta(meta, *PUBLISHED_META))
        or plausible(next(iter(page.xpath('//*[@itemprop="datePublished"]/@datetime')), None))
        or page_date(article_root, page, url)
    )
    blocks = read_body(article_root)
    if not blocks and article_root is not page:
        blocks = read_body(page)
    if count_words(blocks) < SCRIPT_BODY_WORDS and (built := html_in_scripts(scripts)) is not None:
        # The page shows (almost) no text: its scripts may carry the story's HTML.
        blocks = read_body(built) or blocks
    shown = figures(article_root, url)
    if not blocks:
        # A gallery or slideshow story: its text is in its pictures' captions.
        blocks = [{"kind": "paragraph", "text": f["caption"]} for f in shown if f["caption"]]
    article_body = _text(ld.get("articleBody"))
    # JSON-LD's articleBody when the page's own text is less than half of it (a body the page
    # builds with scripts, or cut by a paywall); else the page's text, which keeps headings and
    # drops what CMSs leave in articleBody (video-player fallbacks, captions).
    if article_body and len(article_body) > 2 * sum(len(b["text"]) for b in blocks):
        blocks = body_from_ld(article_body)
    words = count_words(blocks)
    site_names = [
        _first_meta(meta, "og:site_name", "application-name") or "",
        _text(ld.get("publisher")) or "",
        site_label(profile.host),
    ]
    ld_headline = _text(ld.get("headline"))
    if ld_headline and ld_headline.endswith(("…", "...")):
        ld_headline = None  # cut to the 110 characters search engines show
    # JSON-LD's headline, then og:title, then the article's <h1>: measured on the development
    # set (docs/site-profiles.md), this order beats the <h1> first and a vote of the sources.
    sources = {
        "json-ld": ld_headline,
        "og:title": _first_meta(meta, "og:title"),
        "twitter:title": _first_meta(meta, "twitter:title"),
        "h1": _visible_headline(article_root) or _visible_headline(page),
        "title": clean_text(page.xpath("string(//title)")) or None,
    }
    if profile.headline_sources is not None:
        headline = next(
            (h for h in (_headline_from(s, sources, page) for s in profile.headline_sources) if h),
            None,
        )
    else:
        headline = _choose_headline(
            ld_headline, sources["og:title"] or sources["twitter:title"], sources["h1"],
            sources["title"], site_names,
        )  # fmt: skip
    reason = not_an_article(
        url,
        has_article_markup=bool(ld) or og_type == "article" or "article:published_time" in meta,
        page_types={t for o in objects for t in _types(o)},
        headline=headline,
        words=words,
        dated=bool(published_raw),
        article_shaped_url=profile.is_article_url(url),
    )
    if reason is not None:
        return ErrorItem.of(url, "not_article", reason, status, crawled_at)
    if not headline:
        return ErrorItem.of(url, "unparseable", "no headline on the page", status, crawled_at)
    if not blocks and not any(t in ("videoobject",) for t in _types(ld)):
        return ErrorItem.of(url, "unparseable", "no body text on the page", status, crawled_at)
    canonical = canonical_of(url, canonical_link(page), _first_meta(meta, "og:url"))
    language = (
        (page.get("lang") or _first_meta(meta, "og:locale") or _text(ld.get("inLanguage")) or "")
        .replace("_", "-")
        .split("-")[0]
        .lower()
    )
    if not re.fullmatch(r"[a-z]{2,3}", language):
        language = profile.language
    authors = _names(ld.get("author"))
    byline = None
    if not authors:
        byline = _first_meta(meta, *AUTHOR_META)
        if byline and byline.startswith(("http://", "https://")):
            byline = None
        byline = byline or _visible_byline(article_root)
    types = [t for t in _types(ld) if t in ARTICLE_TYPES]
    record_type = ARTICLE_TYPES[types[0]] if types else ("video" if "video" in og_type else "news")
    keywords = ld.get("keywords")
    tags = (
        [k for k in keywords if isinstance(k, str)]
        if isinstance(keywords, list)
        else ([keywords] if isinstance(keywords, str) else [])
    ) or meta.get("article:tag", []) or [
        _first_meta(meta, "news_keywords", "keywords", "parsely-tags", "sailthru.tags") or ""
    ]
    images = with_figures(
        [
            {"url": absolute, "caption": None, "credit": None}
            for image in (_urls(ld.get("image")) or meta.get("og:image", [])[:1])
            if (absolute := safe_join(url, image))
        ],
        shown,
    )
    word_count = ld.get("wordCount")
    record = ArticleItem(
        url=url,
        canonical_url=canonical,
        id=record_id(profile.site, language, canonical),
        site=profile.site,
        language=language,
        publisher=next((n for n in site_names[:2] if n), None) or profile.publisher,
        type=record_type,
        section=_text(ld.get("articleSection"))
        or _first_meta(meta, "article:section", "parsely-section", "section"),
        headline=strip_site_suffix(headline, site_names),
        summary=_text(ld.get("description"))
        or _first_meta(meta, "og:description", "description", "twitter:description"),
        authors=[{"name": name, "url": None} for name in authors],
        byline_raw=", ".join(authors) if authors else byline,
        published_at_raw=published_raw,
        modified_at_raw=_text(ld.get("dateModified"))
        or _first_meta(meta, "article:modified_time", "og:updated_time", "dc.date.modified"),
        word_count=whole_number(word_count) or words,
        tags=[t for t in tags if t],
        images=images,
        body=blocks,
        crawled_at=crawled_at,
    )
    if not ld:
        record.fallbacks = frozenset({"metadata"})
    return record
