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

import re
from functools import partial

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.authors import (
    ld_author_names,
    meta_author_names,
    people_first,
    visible_byline,
)
from newscrawl.extraction.body_finder import (
    PageTexts,
    body_from_ld,
    is_boilerplate,
    read_body,
    wrap_loose_text,
)
from newscrawl.extraction.date_finder import page_date, plausible
from newscrawl.extraction.evidence import not_an_article
from newscrawl.extraction.figures import figures, with_figures
from newscrawl.extraction.json_ld import (
    ARTICLE_TYPES,
    LD_TYPE,
    article_object,
    ld_objects,
    ld_text,
    ld_types,
    ld_urls,
)
from newscrawl.extraction.meta_tags import canonical_link, meta_values
from newscrawl.extraction.page import (
    article_element,
    count_words,
    first_h1,
    html_title,
    raw_text,
    whole_number,
)
from newscrawl.extraction.script_body import html_in_scripts
from newscrawl.items import ArticleItem, ErrorItem, record_id
from newscrawl.normalize.text import clean_text, strip_site_suffix
from newscrawl.normalize.urls import canonical_of, safe_join
from newscrawl.profile import SiteProfile, site_label

# Elements whose text is not the page's.
NOT_TEXT = ("script", "style", "noscript", "template")
# Fewer words than this on the page: the story may be in the page's script data.
SCRIPT_BODY_WORDS = 50
# Fewer words than this in the article element, and this many times as many in the page's
# densest text: the article element holds only the story's header.
HEADER_ONLY_WORDS = 50
STORY_ELSEWHERE = 3
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dc.date", "dcterms.date", "pubdate", "publishdate", "date",
    "datepublished", "publish-date", "article.published", "article:published:time",
    "og:published_time", "published_time", "publication_date", "dcterms.created",
    "article_date_original", "cxenseparse:recs:publishtime", "date.available", "datecreated",
)  # fmt: skip
# Microdata's `datetime` of `itemprop="datePublished"`, reached from the attribute (libxml2 tests
# the attributes, not every element of the page against a predicate: 0.08 ms a page, not 0.45).
ITEMPROP_PUBLISHED = etree.XPath('//@itemprop[. = "datePublished"]/../@datetime')
AUTHOR_META = (
    "parsely-author", "sailthru.author", "author", "article:author", "dc.creator", "byl",
)  # fmt: skip


# ---------------------------------------------------------------- meta tags


def _first_meta(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


# ---------------------------------------------------------------- the page's text


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
        text = clean_text(found if isinstance(found, str) else raw_text(found))
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


def read_and_drop(page: HtmlElement) -> tuple[list[HtmlElement], list[str], list[HtmlElement]]:
    """The page's `<meta>` elements, the text of its JSON-LD scripts and its other scripts, in
    page order, from one walk of the page that drops what is not text (`NOT_TEXT`) as it goes:
    the meta tags are all the page's, as `read_meta_values(page)` finds them before the drop
    (a walk of the whole of a development page saved: 0.03 ms of CPU time, its memory read
    once less; a `<meta>` costs a few Python steps more, its walk cost little in C)."""
    metas: list[HtmlElement] = []
    data: list[str] = []
    scripts: list[HtmlElement] = []
    for element in list(page.iter("meta", *NOT_TEXT)):
        tag = element.tag
        if tag == "meta":
            metas.append(element)
            continue
        if tag == "script":
            if element.get("type") == LD_TYPE:
                data.append(element.text or "")
            else:
                scripts.append(element)
        element.drop_tree()
    return metas, data, scripts


# ---------------------------------------------------------------- the record


def read_article(
    page: HtmlElement, url: str, profile: SiteProfile, status: int, crawled_at: str
) -> ArticleItem | ErrorItem:
    # Scripts and styles are read (JSON-LD, script data) and dropped: their text is not the
    # page's. The tree is the response's own; nothing after extraction reads their content.
    # Other scripts are kept, their text read only if the story is sought in them (a quarter
    # of a page's characters: 0.3 ms a development page to read as Python strings).
    metas, data, scripts = read_and_drop(page)
    meta = meta_values(metas)
    objects = ld_objects(data)
    ld = article_object(objects, url) or {}
    wrap_loose_text(page)
    article_root = article_element(page)
    og_type = (_first_meta(meta, "og:type") or "").lower()
    published_raw = (
        plausible(ld_text(ld.get("datePublished")))
        or plausible(_first_meta(meta, *PUBLISHED_META))
        or plausible(next(iter(ITEMPROP_PUBLISHED(page)), None))
    )
    texts = PageTexts()
    blocks = counted = read_body(article_root, texts)
    words = count_words(blocks)
    if article_root is not page and words < HEADER_ONLY_WORDS:
        # The article element holds the headline and a line or two: the story is elsewhere on
        # the page (an article element that ends with the header), when the page has one.
        whole = read_body(page, texts)
        if (whole_words := count_words(whole)) >= STORY_ELSEWHERE * words:
            blocks = counted = whole
            words = whole_words
    if (
        words < SCRIPT_BODY_WORDS
        and (built := html_in_scripts([script.text or "" for script in scripts])) is not None
    ):
        # The page shows (almost) no text: its scripts may carry the story's HTML.
        blocks = read_body(built) or blocks
    shown = figures(article_root, url)
    if not blocks:
        # A gallery or slideshow story: its text is in its pictures' captions.
        blocks = [{"kind": "paragraph", "text": f["caption"]} for f in shown if f["caption"]]
    article_body = ld_text(ld.get("articleBody"))
    # JSON-LD's articleBody when the page's own text is less than half of it (a body the page
    # builds with scripts, or cut by a paywall); else the page's text, which keeps headings and
    # drops what CMSs leave in articleBody (video-player fallbacks, captions).
    if article_body and len(article_body) > 2 * sum(len(b["text"]) for b in blocks):
        blocks = body_from_ld(article_body)
    if blocks is not counted:
        words = count_words(blocks)
    site_names = [
        _first_meta(meta, "og:site_name", "application-name") or "",
        ld_text(ld.get("publisher")) or "",
        site_label(profile.host),
    ]
    ld_headline = ld_text(ld.get("headline"))
    if ld_headline and ld_headline.endswith(("…", "...")):
        ld_headline = None  # cut to the 110 characters search engines show
    # JSON-LD's headline, then og:title, then the article's <h1>: measured on the development
    # set (docs/site-profiles.md), this order beats the <h1> first and a vote of the sources.
    sources = {
        "json-ld": ld_headline,
        "og:title": _first_meta(meta, "og:title"),
        "twitter:title": _first_meta(meta, "twitter:title"),
        "h1": _visible_headline(article_root) or _visible_headline(page),
        "title": html_title(page) or None,
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
    evidence = partial(
        not_an_article,
        url,
        has_article_markup=bool(ld) or og_type == "article" or "article:published_time" in meta,
        page_types={t for o in objects for t in ld_types(o)},
        headline=headline,
        words=words,
        article_shaped_url=profile.is_article_url(url),
    )
    # The date the page shows (its lines, then htmldate: most of a small page's time) is looked
    # for only when it may matter: a page the evidence rejects even with a date needs none.
    if not published_raw and evidence(dated=True) is None:
        published_raw = page_date(article_root, page, url)
    reason = evidence(dated=bool(published_raw))
    if reason is not None:
        return ErrorItem.of(url, "not_article", reason, status, crawled_at)
    if not headline:
        return ErrorItem.of(url, "unparseable", "no headline on the page", status, crawled_at)
    if not blocks and not any(t in ("videoobject",) for t in ld_types(ld)):
        return ErrorItem.of(url, "unparseable", "no body text on the page", status, crawled_at)
    canonical = canonical_of(url, canonical_link(page), _first_meta(meta, "og:url"))
    language = (
        (page.get("lang") or _first_meta(meta, "og:locale") or ld_text(ld.get("inLanguage")) or "")
        .replace("_", "-")
        .split("-")[0]
        .lower()
    )
    if not re.fullmatch(r"[a-z]{2,3}", language):
        language = profile.language
    # The metadata's names, else the byline the page shows. A JSON-LD author's name may carry a
    # description and the site after it; author meta tags may name the house beside a person
    # (each JSON-LD author, a typed Person or Organization, is kept).
    authors = [
        name
        for given in ld_author_names(ld.get("author"), objects)
        for name in people_first([given], site_names)
    ]
    byline = None
    if not authors:
        named = people_first(meta_author_names(meta, AUTHOR_META), site_names)
        byline = ", ".join(named) or visible_byline(article_root)
    types = [t for t in ld_types(ld) if t in ARTICLE_TYPES]
    record_type = ARTICLE_TYPES[types[0]] if types else ("video" if "video" in og_type else "news")
    keywords = ld.get("keywords")
    tags = (
        (
            [k for k in keywords if isinstance(k, str)]
            if isinstance(keywords, list)
            else ([keywords] if isinstance(keywords, str) else [])
        )
        or meta.get("article:tag", [])
        or [_first_meta(meta, "news_keywords", "keywords", "parsely-tags", "sailthru.tags") or ""]
    )
    images = with_figures(
        [
            {"url": absolute, "caption": None, "credit": None}
            for image in (ld_urls(ld.get("image")) or meta.get("og:image", [])[:1])
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
        section=ld_text(ld.get("articleSection"))
        or _first_meta(meta, "article:section", "parsely-section", "section"),
        headline=strip_site_suffix(headline, site_names),
        summary=ld_text(ld.get("description"))
        or _first_meta(meta, "og:description", "description", "twitter:description"),
        authors=[{"name": name, "url": None} for name in authors],
        byline_raw=", ".join(authors) if authors else byline,
        published_at_raw=published_raw,
        modified_at_raw=ld_text(ld.get("dateModified"))
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
