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
from collections.abc import Iterator
from itertools import islice
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extraction.meta_tags import canonical_link, read_meta_values
from newscrawl.extraction.page import (
    BLOCK_TAGS,
    DESCEND,
    SKIP,
    SKIP_TAGS,
    article_element,
    count_words,
    first_h1,
    short_text,
    walk_blocks,
    whole_number,
)
from newscrawl.items import ArticleItem, ErrorItem, record_id
from newscrawl.normalize.bylines import BYLINE_START
from newscrawl.normalize.dates import date_in_line, parse_datetime
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
# The blocks of a body (`page.BLOCK_TAGS`) and what is never text (`page.SKIP_TAGS`),
# plus media elements, whose fallback text ("please enable JavaScript") is not the story.
NOT_CONTENT = SKIP_TAGS | {"video", "audio", "picture", "canvas", "object", "embed"}
BOILERPLATE = re.compile(
    r"share|social|related|recommend|newsletter|subscri|promo|advert|\bads?\b|sponsor|cookie|"
    r"comment|footer|breadcrumb|byline|author-bio|tags?\b|caption|credit|"
    r"signup|sign-up|most-read|trending|read-more|readmore|more-from|outbrain|taboola|"
    r"video-?player|gallery|slideshow|carousel|consent|privacy",
    re.I,
)
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
STRUCTURE_TAGS = frozenset({
    "div", "p", "section", "article", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "figure", "header", "footer", "aside", "nav", "main", "form", "pre",
})  # fmt: skip
# Where a page without a date in its metadata shows one: in the first lines after its `<h1>`,
# in lines its template marks as date or info lines, or in lines labelled as a date.
LINES_AFTER_H1 = 12
DATE_LINE_CLASS = re.compile(r"date|datum|time|zeit|meta|info|publish|byline", re.I)
DATE_LABEL = re.compile(
    r"^(?:datum|date|published|posted|veröffentlicht|erschienen|publiziert)\b", re.I
)
NOT_DATE_LINES = frozenset({"figure", "figcaption", "nav", "aside", "footer", "form", "button"})


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


def _link_density(element: HtmlElement, text_length: int) -> float:
    links = sum(len(clean_text(a.text_content())) for a in element.iter("a"))
    return links / text_length if text_length else 1.0


def _is_boilerplate(element: HtmlElement) -> bool:
    attributes = f"{element.get('class', '')} {element.get('id', '')}"
    return element.tag in NOT_CONTENT or bool(attributes.strip() and BOILERPLATE.search(attributes))


def _is_text_leaf(element: HtmlElement) -> bool:
    """A `<div>` (or `<section>`) that holds text and no blocks: a paragraph by another name."""
    return element.tag in ("div", "section") and not any(
        isinstance(child.tag, str) and child.tag in STRUCTURE_TAGS for child in element
    )


def _paragraph_text(element: HtmlElement) -> str | None:
    """The text of a paragraph-like element (a `<p>` or a text leaf) worth scoring."""
    if element.tag == "li":
        # List items without links are content (a list of nominees), menus are links.
        text = clean_text(element.text_content())
        return text if text and _link_density(element, len(text)) == 0 else None
    if element.tag != "p" and not _is_text_leaf(element):
        return None
    text = clean_text(element.text_content())
    if len(text) < 25 or _link_density(element, len(text)) > 0.5:
        return None
    return text


def body_containers(root: HtmlElement, share: float = 0.7) -> list[HtmlElement]:
    """The deepest element under `root` that holds at least `share` of the paragraph text of
    `root` (a body cut into many wrappers, around ads or pictures, stays whole)."""
    totals: dict[HtmlElement, float] = {}
    depth: dict[HtmlElement, int] = {}
    for element in root.iter("p", "div", "section", "li"):
        text = _paragraph_text(element)
        if text is None or _is_boilerplate(element):
            continue
        node: HtmlElement | None = element.getparent()
        while node is not None:
            totals[node] = totals.get(node, 0.0) + len(text)
            if node is root:
                break
            node = node.getparent()
    if not totals:
        return []
    whole = max(totals.values())
    for element in totals:
        depth[element] = sum(1 for _ in element.iterancestors())
    fitting = [e for e, total in totals.items() if total >= share * whole]
    return [max(fitting, key=lambda e: depth[e])]


def text_blocks(container: HtmlElement) -> list[dict[str, str]]:
    """The container's paragraphs, headings, quotes and list items in order, without the
    boilerplate inside it (share bars, related links, captions, ads)."""

    def visit(element: HtmlElement) -> str | dict[str, str]:
        inner = element is not container  # the container itself is never boilerplate
        if inner and _is_boilerplate(element):
            return SKIP
        kind = BLOCK_TAGS.get(element.tag)
        if kind is None and inner and _is_text_leaf(element):
            if not _paragraph_text(element):
                return SKIP
            kind = "paragraph"
        if kind is None:
            return DESCEND
        text = clean_text(element.text_content())
        limit = 0.8 if kind == "paragraph" else 0.5  # link lists are not text
        if text and _link_density(element, len(text)) < limit and not _is_furniture(text):
            return {"kind": kind, "text": text}
        return SKIP

    return list(walk_blocks([container], visit))


FURNITURE = re.compile(
    r"^(?:foto|photo|picture|bild|image|credit|source|quelle|fuente)s?\s*:|\d{1,2}[:.]\d{2}",
    re.I,
)


def _is_furniture(text: str) -> bool:
    """A short line that is not the story's: a date and time line ("28.04.2024 | 09:36 Uhr",
    "Updated 02.02.2025 23:49"), a picture credit ("Foto: Reuters"), a byline."""
    words = len(text.split())
    return (words <= 10 and bool(FURNITURE.search(text))) or (
        words <= 6 and bool(BYLINE_START.match(text))  # "By Jane Rivera", "Von Nina Magoley"
    )


def _body_from_ld(article_body: str) -> list[dict[str, str]]:
    parts = [clean_text(part) for part in re.split(r"\n\s*\n|\n", article_body)]
    return [{"kind": "paragraph", "text": part} for part in parts if part]


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


def _date_lines(root: HtmlElement, page: HtmlElement) -> Iterator[HtmlElement]:
    """Where a reader looks for the date: the first lines after the page's `<h1>`, then the
    article's `<time>`s, lines whose class or id says date, time, meta or info, and lines that
    a date label starts ("<strong>Datum</strong> 28.04.2023")."""
    h1 = next((h for h in page.iter("h1") if short_text(h, 400)), None)
    if h1 is not None:
        lines = (e for e in h1.xpath("following::*") if short_text(e, 400))
        yield from islice(lines, LINES_AFTER_H1)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        attributes = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag == "time" or DATE_LINE_CLASS.search(attributes):
            yield element
        elif DATE_LABEL.match((element.text or "").strip()):
            parent = element.getparent()
            yield element if parent is None else parent  # the label may be the line's <strong>


def _visible_date(root: HtmlElement, page: HtmlElement) -> str | None:
    """The date a reader sees near the headline, for a page whose metadata has none: the first
    short line of `_date_lines` that shows one ("Do 25.04.24 | 14:07 Uhr"), as `date_in_line`
    writes it ("25.04.24 14:07")."""
    for element in _date_lines(root, page):
        text = short_text(element, 400)
        if not text or len(text) > 100:
            continue
        if any(e.tag in NOT_DATE_LINES for e in (element, *element.iterancestors())):
            continue
        found = date_in_line(text)
        if found and parse_datetime(found, None) is not None:
            return found
    return None


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
        lambda h1, text: not _is_boilerplate(h1) and (len(text.split()) >= 2 or len(text) >= 12),
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
    for element in page.xpath("//script | //style | //noscript | //template"):
        element.drop_tree()
    article_root = article_element(page)
    og_type = (_first_meta(meta, "og:type") or "").lower()
    published_raw = (
        _text(ld.get("datePublished"))
        or _first_meta(meta, *PUBLISHED_META)
        or next(iter(page.xpath('//*[@itemprop="datePublished"]/@datetime')), None)
        or next(iter(article_root.xpath(".//time/@datetime")), None)
        or _visible_date(article_root, page)
    )
    blocks = [b for container in body_containers(article_root) for b in text_blocks(container)]
    if not blocks and article_root is not page:
        blocks = [b for container in body_containers(page) for b in text_blocks(container)]
    article_body = _text(ld.get("articleBody"))
    # JSON-LD's articleBody when the page's own text is less than half of it (a body the page
    # builds with scripts, or cut by a paywall); else the page's text, which keeps headings and
    # drops what CMSs leave in articleBody (video-player fallbacks, captions).
    if article_body and len(article_body) > 2 * sum(len(b["text"]) for b in blocks):
        blocks = _body_from_ld(article_body)
    looks_like_article = bool(ld) or og_type == "article" or "article:published_time" in meta
    words = count_words(blocks)
    if not looks_like_article and not (published_raw and words >= 150):
        return ErrorItem.of(
            url, "not_article", "no article markup and no dated body text", status, crawled_at
        )
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
    images = [
        {"url": absolute, "caption": None, "credit": None}
        for image in (_urls(ld.get("image")) or meta.get("og:image", [])[:1])
        if (absolute := safe_join(url, image))
    ]
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
