"""A deterministic, synthetic Al Mayadeen English site: pages, sitemaps, feed and expected records.

The pages follow the template of the hand-made fixtures in `fixtures/pages/` (metadata script,
meta tags, visible header lines, `p.lg_para.summary`, `div.p-content`, ticker, "Most Read",
"Read Next"). Every value a page states comes from an `ArticleSpec`, and `expected_record` writes
the record a careful reader makes of that page from the same spec, following
`docs/record-format.md`. Nothing here calls the extraction, normalisation or pipeline code: the
expected records are an independent truth to test that code against.

    python -m testkit.sitegen fixtures/site          # rebuild the checked-in fixture site

The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import random
import re
import shutil
import sys
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from testkit.site_model import (
    BASE,
    BEIRUT,
    DST_END,
    FETCHED_AT,
    FIRST_POSTID,
    HOST,
    HOUSE_BYLINES,
    HTML_TYPE,
    LANGUAGE,
    LISTINGS,
    PERIOD_END,
    PERIOD_START,
    PUBLISHER,
    REGION_NAMES,
    RSS_TYPE,
    SCHEMA_VERSION,
    SITE,
    TEMPLATES,
    TEXT_TYPE,
    UPDATE_AFTER_SWITCH,
    XML_TYPE,
    ArticleSpec,
    Listing,
    SiteManifest,
    Template,
    TickerItem,
    attribution_of,
    author_slug,
    beirut_iso,
    breaking_id,
    card_date,
    count_words,
    dedupe_tags,
    esc,
    naive_utc,
    page_url,
    slugify,
    split_keywords,
    visible_date,
)
from testkit.sitegen_media import media_articles

# ---------------------------------------------------------------- expected records


def expected_record(spec: ArticleSpec) -> dict[str, Any]:
    """The record a careful reader writes for `spec`'s page (docs/record-format.md), without
    `crawled_at` and `content_hash`. Computed from the spec alone."""
    tags = spec.tags or split_keywords(spec.keywords)
    reading = spec.reading_minutes
    if reading is None and spec.word_count:
        reading = math.ceil(spec.word_count / 200)
    video = None
    if spec.meta_type == "videoobject":
        video = {"url": spec.video_url, "duration_seconds": spec.video_duration}
    return {
        "url": spec.url,
        "canonical_url": spec.url,
        "id": f"{SITE}-{LANGUAGE}-{spec.postid}",
        "site": SITE,
        "language": LANGUAGE,
        "publisher": PUBLISHER,
        "type": spec.type,
        "section": spec.section,
        "region": spec.region,
        "topic": spec.topic,
        "headline": spec.headline,
        "summary": spec.summary,
        "authors": [
            {
                "name": name,
                "kind": "person" if slug else "organization",
                "url": f"{BASE}/authors/{slug}" if slug else None,
            }
            for name, slug in zip(spec.authors, spec.author_slugs, strict=True)
        ],
        "byline_raw": spec.byline,
        "sources": list(spec.sources),
        "published_at": beirut_iso(spec.published),
        "published_at_raw": beirut_iso(spec.published),
        "modified_at": beirut_iso(spec.modified),
        "modified_at_raw": beirut_iso(spec.modified),
        "reading_time_minutes": reading,
        "word_count": spec.word_count,
        "tags": dedupe_tags(tags),
        "images": [
            {"url": spec.image_url, "caption": spec.image_caption, "credit": spec.image_credit},
            *({"url": url, "caption": caption, "credit": credit}
              for url, caption, credit in spec.gallery),
        ],
        "video": video,
        "body": [{"kind": kind, "text": text} for kind, text in spec.body],
        "schema_version": SCHEMA_VERSION,
    }


def expected_breaking(item: TickerItem) -> dict[str, Any]:
    """A ticker item's record, without `found_on` and `crawled_at` (they depend on the crawl)."""
    return {
        "type": "breaking",
        "id": breaking_id(item.text),
        "site": SITE,
        "language": LANGUAGE,
        "publisher": PUBLISHER,
        "text": item.text,
        "attribution": attribution_of(item.text),
        "url": item.url,
        "schema_version": SCHEMA_VERSION,
    }


def expected_failure(url: str, status: int, kind: str) -> dict[str, Any]:
    return {"url": url, "status": status, "error": {"kind": kind}}


def record_sort_key(record: dict[str, Any]) -> tuple[str, str]:
    return (record.get("url") or "", record.get("text") or "")


# ---------------------------------------------------------------- page chrome

HEAD_START = (
    "<!DOCTYPE html>\n"
    '<html lang="en" dir="ltr">\n'
    "<head>\n"
    '<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
)
HEAD_LINKS = (
    f'<link rel="alternate" type="application/rss+xml" title="{PUBLISHER}" href="{BASE}/rss">\n'
    '<link rel="stylesheet" href="/assets/css/main.min.css?v=3.8.2">\n'
    '<link rel="icon" href="/favicon.ico">\n'
)
HEAD_END = '<script src="/assets/js/main.min.js?v=3.8.2" defer></script>\n</head>\n'
X_LINK = (
    '<a href="https://x.com/MayadeenEnglish" class="social-x" target="_blank" rel="noopener">x</a>'
)
FOOTER = f"""<footer class="site-footer">
  <a class="logo" href="/">{PUBLISHER}</a>
  <p class="about">Al Mayadeen is an Arab Independent Media Satellite Channel.</p>
  <p class="rights">All Rights Reserved</p>
  <ul class="footer-links">
    <li>{X_LINK}</li>
    <li><a href="/privacy-policy">Privacy Policy</a></li>
    <li><a href="/about-us">About Us</a></li>
    <li><a href="/contact-us">Contact Us</a></li>
    <li><a href="/authors">Authors</a></li>
  </ul>
  <div class="apps">
    <a href="https://play.google.com/store/apps/details?id=net.almayadeen.english">Android</a>
    <a href="https://apps.apple.com/app/al-mayadeen-english">iOS</a>
  </div>
</footer>
</body>
</html>
"""


def _nav_group(label: str, listings: Sequence[Listing], indent: str) -> str:
    items = "".join(
        f'{indent}    <li><a href="{item.path}">{esc(item.title)}</a></li>\n' for item in listings
    )
    return (
        f'{indent}<li class="has-sub"><span>{label}</span>\n'
        f"{indent}  <ul>\n{items}{indent}  </ul>\n{indent}</li>\n"
    )


def render_header() -> str:
    """Site header: navigation links only to listing pages the site has (the others as text)."""
    news = [item for item in LISTINGS if item.path.startswith("/news/")]
    articles = [item for item in LISTINGS if item.path.startswith("/articles/")]
    media = [item for item in LISTINGS if item.path.count("/") == 1]
    regions = {item.title: item.path for item in LISTINGS if item.path.startswith("/region/")}
    region_items = "".join(
        f'      <li><a href="{regions[name]}">{esc(name)}</a></li>\n'
        if name in regions
        else f"      <li>{esc(name)}</li>\n"
        for name in REGION_NAMES
    )
    return (
        '<header class="site-header">\n'
        '  <div class="top-bar">\n'
        f'    <a class="logo" href="/">{PUBLISHER}</a>\n'
        '    <ul class="editions">\n'
        '      <li><a href="https://www.almayadeen.net/" hreflang="ar">Ar</a></li>\n'
        '      <li><a href="https://espanol.almayadeen.net/" hreflang="es">Es</a></li>\n'
        f"      <li>{X_LINK}</li>\n"
        "    </ul>\n"
        "  </div>\n"
        '  <div class="brand">\n'
        f'    <a class="logo-lg" href="/">{PUBLISHER}</a>\n'
        '    <span class="slogan">Slogan</span>\n'
        "  </div>\n"
        '  <nav class="main-nav">\n'
        "    <ul>\n"
        + _nav_group("News", news, "      ")
        + _nav_group("Articles", articles, "      ")
        + _nav_group("Multimedia", media, "      ")
        + "    </ul>\n"
        "  </nav>\n"
        '  <div class="mega-menu">\n'
        '    <ul class="regions">\n' + region_items + "    </ul>\n"
        "  </div>\n"
        "</header>\n"
    )


def _relative(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def render_ticker(items: Sequence[TickerItem]) -> str:
    lines = []
    for item in items:
        text = esc(item.text)
        if item.url:
            text = f'<a href="{esc(_relative(item.url))}">{text}</a>'
        lines.append(f"    <li>{text}</li>\n")
    return (
        '<div class="breaking-news">\n  <span>BREAKING</span>\n  <ul>\n'
        + "".join(lines)
        + "  </ul>\n</div>\n"
    )


def _image(spec: ArticleSpec, width: int) -> str:
    return spec.image_url.replace("width=1000", f"width={width}")


def _alt(spec: ArticleSpec) -> str:
    if spec.image_credit:
        return f"{spec.image_caption} ({spec.image_credit})"
    return spec.image_caption


# ---------------------------------------------------------------- article pages


def metadata_script(spec: ArticleSpec) -> str:
    """The CMS's metadata JSON: keys in the site's order, 2-space indent, CRLF line ends."""
    classes = [{"key": "class1", "mapping": "posttype", "value": spec.posttype}]
    if spec.category:
        classes.append({"key": "class2", "mapping": "category", "value": spec.category})
    if spec.region:
        classes.append({"key": "class3", "mapping": "country", "value": spec.region})
    if spec.topic:
        classes.append({"key": "class5", "mapping": "coverage", "value": spec.topic})
    classes += [{"key": "class6", "mapping": "author", "value": name} for name in spec.authors]
    data = {
        "type": spec.meta_type,
        "postid": spec.postid,
        "title": spec.headline,
        "url": spec.url,
        "keywords": spec.keywords,
        "thumbnail": spec.image_url,
        "video_duration": None if spec.video_duration is None else str(spec.video_duration),
        "word_count": str(spec.word_count),
        "lang": LANGUAGE,
        "published_time": beirut_iso(spec.published),
        "last_updated": beirut_iso(spec.modified),
        "description": spec.summary,
        "author": ", ".join(spec.authors),
        "classes": classes,
        "html": "",
        "lite_url": "",
    }
    text = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\r\n")
    return f'<script id="tawsiyat-metadata" type="text/tawsiyat">\r\n{text}\r\n</script>\n'


def _byline_html(spec: ArticleSpec, template: Template) -> str:
    names = [
        f'<a href="{template.author_path}{slug}">{esc(name)}</a>' if slug else esc(name)
        for name, slug in zip(spec.authors, spec.author_slugs, strict=True)
    ]
    if template.byline_lead:
        return template.byline_lead + " and ".join(names)
    return ", ".join(f'<span class="writer">{name}</span>' for name in names)


def _body_html(blocks: Sequence[tuple[str, str]]) -> str:
    out = []
    open_list = False
    for kind, text in blocks:
        if open_list and kind != "list_item":
            out.append("      </ul>\n")
            open_list = False
        if kind == "paragraph":
            out.append(f"      <p>{esc(text)}</p>\n")
        elif kind == "heading":
            out.append(f"      <h3>{esc(text)}</h3>\n")
        elif kind == "quote":
            out.append(f"      <blockquote><p>{esc(text)}</p></blockquote>\n")
        elif kind == "list_item":
            if not open_list:
                out.append("      <ul>\n")
                open_list = True
            out.append(f"        <li>{esc(text)}</li>\n")
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    if open_list:
        out.append("      </ul>\n")
    return "".join(out)


def _gallery_figure(url: str, caption: str, credit: str | None) -> str:
    text = esc(f"{caption} ({credit})" if credit else caption)
    return (
        f'      <figure class="gallery-item"><img src="{esc(url)}" alt="{esc(caption)}">'
        f"<figcaption>{text}</figcaption></figure>\n"
    )


def _most_read_card(spec: ArticleSpec) -> str:
    return (
        '    <div class="card">\n'
        f'      <a href="{spec.url}"><img src="{esc(_image(spec, 400))}" alt="{esc(_alt(spec))}">'
        "</a>\n"
        f'      <h3><a href="{spec.url}">{esc(spec.headline)}</a></h3>\n'
        f'      <ul class="card-info"><li>{esc(spec.label)}</li>'
        f"<li>{card_date(spec.published)}</li></ul>\n"
        "    </div>\n"
    )


def _read_next_card(spec: ArticleSpec) -> str:
    return (
        '    <div class="card">\n'
        f'      <figure><a href="{spec.url}"><img src="{esc(_image(spec, 400))}"'
        f' alt="{esc(_alt(spec))}"></a></figure>\n'
        f'      <span class="card-section">{esc(spec.label)}</span>\n'
        f'      <h3><a href="{spec.url}">{esc(spec.headline)}</a></h3>\n'
        "    </div>\n"
    )


def render_article(
    spec: ArticleSpec,
    ticker: Sequence[TickerItem],
    related: Sequence[ArticleSpec],
    template: Template = TEMPLATES[1],
) -> bytes:
    """The article page in `template`: the first four `related` articles are "Most Read", the
    rest "Read Next"."""
    headline, summary = esc(spec.headline), esc(spec.summary)
    image_src = _relative(spec.image_url) if spec.image_relative else spec.image_url
    share = quote(spec.url, safe="")
    info = [f"      <li>{_byline_html(spec, template)}</li>\n"]
    if spec.sources:
        info.append(f"      <li>Source: {esc(', '.join(spec.sources))}</li>\n")
    info.append(f"      <li>{visible_date(spec.published)}</li>\n")
    parts = [
        HEAD_START,
        f"<title>{headline} | {PUBLISHER}</title>\n",
        f'<meta name="description" content="{summary}">\n',
        f'<meta name="keywords" content="{esc(spec.keywords)}">\n',
        f'<meta name="postid" content="{spec.postid}">\n',
        f'<meta property="og:site_name" content="{PUBLISHER}">\n',
        '<meta property="og:type" content="article">\n',
        f'<meta property="og:title" content="{headline}">\n',
        f'<meta property="og:description" content="{summary}">\n',
        f'<meta property="og:url" content="{spec.url}">\n',
        f'<meta property="og:image" content="{esc(spec.image_url)}">\n',
        *(
            [f'<meta property="og:video" content="{esc(spec.video_url)}">\n']
            if spec.video_url
            else []
        ),
        '<meta name="twitter:card" content="summary_large_image">\n',
        f'<meta property="article:published_time" content="{naive_utc(spec.published)}">\n',
        f'<meta property="article:modified_time" content="{naive_utc(spec.modified)}">\n',
        f'<link rel="canonical" href="{spec.url}">\n',
        HEAD_LINKS,
        metadata_script(spec) if template.metadata_script else "",
        HEAD_END,
        '<body class="article-page">\n',
        render_header(),
        render_ticker(ticker),
        '<main class="main-content">\n',
        '  <article class="post">\n',
        f"    <h1>{headline}</h1>\n",
        '    <ul class="post-info">\n',
        *info,
        "    </ul>\n",
    ]
    if spec.reading_minutes is not None:
        parts.append(f'    <span class="read-time">{spec.reading_minutes} Min Read</span>\n')
    parts += [
        f'    <p class="lg_para summary">{summary}</p>\n',
        '    <ul class="share"><li><a href="https://x.com/intent/post?url='
        f'{share}" target="_blank" rel="noopener">x</a></li></ul>\n',
        f'    <figure class="main-image"><img src="{esc(image_src)}" alt="{esc(_alt(spec))}">'
        f"<figcaption>{esc(_alt(spec))}</figcaption></figure>\n",
    ]
    if spec.video_url:
        parts.append(
            '    <div class="video-player">'
            f'<video controls preload="none" src="{esc(spec.video_url)}"></video></div>\n'
        )
    parts += [
        f'    <div class="{template.body_class}">\n',
        _body_html(spec.body),
        *(_gallery_figure(url, caption, credit) for url, caption, credit in spec.gallery),
        "    </div>\n",
    ]
    if spec.tags:
        parts.append('    <ul class="tags">\n')
        parts += [
            f'      <li><a href="/tags/{quote(tag, safe="")}">{esc(tag)}</a></li>\n'
            for tag in spec.tags
        ]
        parts.append("    </ul>\n")
    parts.append("  </article>\n")
    if spec.topic:
        parts += [
            '  <section class="topic-box">\n',
            f'    <span class="topic-label">{esc(spec.topic)}</span>\n',
            f'    <h2><a href="/coverage/{slugify(spec.topic)}">{esc(spec.topic)}</a></h2>\n',
            f"    <p>{esc(TOPIC_BLURBS.get(spec.topic, ''))}</p>\n",
            "  </section>\n",
        ]
    most_read, read_next = related[:4], related[4:]
    if most_read:
        parts.append('  <section class="most-read">\n    <h2>Most Read</h2>\n')
        parts += [_most_read_card(item) for item in most_read]
        parts.append("  </section>\n")
    parts.append(
        '  <section class="coverage-tabs">\n    <h2>Coverage</h2>\n'
        '    <ul class="tabs"><li class="active">All</li><li>In Five</li></ul>\n  </section>\n'
    )
    if read_next:
        parts.append(
            '  <section class="read-next">\n    <h2>Read Next</h2>\n'
            '    <ul class="tabs"><li class="active">All</li></ul>\n'
        )
        parts += [_read_next_card(item) for item in read_next]
        parts.append("  </section>\n")
    parts += ["</main>\n", FOOTER]
    return "".join(parts).encode("utf-8")


# ---------------------------------------------------------------- listing and home pages


def _listing_head(title: str, url: str, description: str) -> str:
    return (
        HEAD_START
        + f"<title>{esc(title)} | {PUBLISHER}</title>\n"
        + f'<meta name="description" content="{esc(description)}">\n'
        + f'<meta property="og:site_name" content="{PUBLISHER}">\n'
        + '<meta property="og:type" content="website">\n'
        + f'<meta property="og:title" content="{esc(title)}">\n'
        + f'<meta property="og:url" content="{esc(url)}">\n'
        + f'<link rel="canonical" href="{esc(url)}">\n'
    )


def _listing_card(spec: ArticleSpec) -> str:
    return (
        '    <div class="card">\n'
        f'      <figure><a href="{spec.path}"><img src="{esc(_image(spec, 600))}"'
        f' alt="{esc(_alt(spec))}"></a></figure>\n'
        '      <div class="card-body">\n'
        f'        <span class="card-section">{esc(spec.label)}</span>\n'
        f'        <h3><a href="{spec.path}">{esc(spec.headline)}</a></h3>\n'
        f'        <p class="card-summary">{esc(spec.summary)}</p>\n'
        f'        <span class="card-date">{card_date(spec.published)}</span>\n'
        "      </div>\n"
        "    </div>\n"
    )


def _link_card(href: str, title: str) -> str:
    return (
        '    <div class="card">\n'
        '      <div class="card-body">\n'
        f'        <h3><a href="{esc(href)}">{esc(title)}</a></h3>\n'
        "      </div>\n"
        "    </div>\n"
    )


def _pagination(path: str, page: int, pages: int) -> str:
    if pages < 2:
        return ""
    items = []
    for number in range(1, pages + 1):
        if number == page:
            items.append(f'    <li><span class="current">{number}</span></li>\n')
        else:
            items.append(f'    <li><a href="{esc(page_url(path, number))}">{number}</a></li>\n')
    return '  <nav class="pagination">\n  <ul>\n' + "".join(items) + "  </ul>\n  </nav>\n"


def render_listing(
    title: str,
    url: str,
    cards: Sequence[ArticleSpec],
    page: int,
    pages: int,
    ticker: Sequence[TickerItem],
    extra_links: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A section or region page: `url` is its first page; `extra_links` are (href, title)
    cards after the article cards."""
    path = urlsplit(url).path
    here = page_url(url, page)
    heading = title if page == 1 else f"{title} - Page {page}"
    head = _listing_head(heading, here, f"The latest {title} news and articles")
    if page < pages:
        head += f'<link rel="next" href="?page={page + 1}">\n'
    if page > 1:
        head += f'<link rel="prev" href="{esc(page_url(path, page - 1))}">\n'
    crumbs = '<li><a href="/">Home</a></li>'
    parts = [
        head,
        HEAD_LINKS,
        HEAD_END,
        '<body class="section-page">\n',
        render_header(),
        render_ticker(ticker),
        '<main class="main-content">\n',
        '  <div class="section-header">\n',
        f'    <ul class="breadcrumb">{crumbs}<li>{esc(title)}</li></ul>\n',
        f"    <h1>{esc(title)}</h1>\n",
        "  </div>\n",
        '  <section class="section-list">\n',
        *(_listing_card(spec) for spec in cards),
        *(_link_card(href, text) for href, text in extra_links),
        "  </section>\n",
        _pagination(path, page, pages),
        "</main>\n",
        FOOTER,
    ]
    return "".join(parts).encode("utf-8")


def render_home(
    latest: Sequence[ArticleSpec],
    ticker: Sequence[TickerItem],
    listings: Sequence[Listing] = LISTINGS,
) -> bytes:
    """The home page: navigation, the ticker, the latest articles, one link per listing."""
    blocks = "".join(
        f'    <li><a href="{item.path}">{esc(item.title)}</a></li>\n' for item in listings
    )
    parts = [
        _listing_head(PUBLISHER, f"{BASE}/", "News, analysis and opinion from Al Mayadeen"),
        HEAD_LINKS,
        HEAD_END,
        '<body class="home-page">\n',
        render_header(),
        render_ticker(ticker),
        '<main class="main-content">\n',
        '  <section class="latest">\n',
        "    <h2>Latest</h2>\n",
        *(_listing_card(spec) for spec in latest),
        "  </section>\n",
        '  <section class="sections">\n',
        "    <h2>Sections</h2>\n",
        "    <ul>\n",
        blocks,
        "    </ul>\n",
        "  </section>\n",
        "</main>\n",
        FOOTER,
    ]
    return "".join(parts).encode("utf-8")


NOT_FOUND_PAGE = f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found | {PUBLISHER}</title>
<meta name="robots" content="noindex">
<link rel="stylesheet" href="/assets/css/main.min.css?v=3.8.2">
<link rel="icon" href="/favicon.ico">
</head>
<body class="error-page">
<header class="site-header">
  <a class="logo" href="/">{PUBLISHER}</a>
</header>
<main class="main-content">
  <div class="error-404">
    <h1>404</h1>
    <h2>Page not found</h2>
    <p>The page you are looking for may have been removed, had its name changed, or is \
temporarily unavailable.</p>
    <a class="btn" href="/">Back to homepage</a>
  </div>
</main>
<footer class="site-footer">
  <p class="about">Al Mayadeen is an Arab Independent Media Satellite Channel.</p>
  <p class="rights">All Rights Reserved</p>
</footer>
</body>
</html>
"""


def render_not_found() -> bytes:
    return NOT_FOUND_PAGE.encode("utf-8")


CHALLENGE_STYLE = (
    "*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15;"
    "-webkit-text-size-adjust:100%;color:#313131;font-family:system-ui,-apple-system,"
    'BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}'
    "body{display:flex;flex-direction:column;height:100vh;min-height:100vh}"
    ".main-content{margin:8rem auto;max-width:60rem;padding-left:1.5rem}"
    ".h2{font-size:1.5rem;font-weight:500;line-height:2.25rem}"
    ".footer{margin:0 auto;max-width:60rem;padding:0 1.5rem;font-size:.75rem;text-align:center}"
)
CHALLENGE_RAY = "9b2e4d6f8a1c3e57"
CHALLENGE_HEADERS = {
    "Content-Type": "text/html; charset=UTF-8",
    "Server": "cloudflare",
    "cf-ray": f"{CHALLENGE_RAY}-FRA",
    "cf-mitigated": "challenge",
    "Cache-Control": "private, max-age=0, no-store, no-cache, must-revalidate",
}


def render_challenge(path: str) -> bytes:
    """A Cloudflare managed-challenge page ("Just a moment..."); tokens and Ray ID invented."""
    token = "Qx7mB2vK9wR4pL1tN6sY3cD8fG5hJ0aZ-1795168800-1.0.1.1-uT3eW6yR"
    escaped = path.replace("/", "\\/")
    return (
        '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        '<meta name="robots" content="noindex,nofollow">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<style>{CHALLENGE_STYLE}</style><meta http-equiv="refresh" content="360"></head>'
        '<body><div class="main-wrapper" role="main"><div class="main-content">'
        f'<h1 class="zone-name-title h1">{HOST}</h1>'
        '<p id="Truv1" class="h2 spacer-bottom">Verifying you are human. This may take a few'
        ' seconds.</p><noscript><div class="h2"><span id="challenge-error-text">Enable'
        " JavaScript and cookies to continue</span></div></noscript>"
        '<div id="challenge-stage"><div id="cf-chl-widget-x8k2m" class="cf-turnstile-wrapper">'
        '</div></div><div id="challenge-body-text" class="core-msg spacer">'
        f"{HOST} needs to review the security of your connection before proceeding.</div>"
        "</div></div><script>(function(){window._cf_chl_opt={cvId: '3',"
        f"cZone: \"{HOST}\",cType: 'managed',cRay: '{CHALLENGE_RAY}',"
        f"cUPMDTk: \"{escaped}?__cf_chl_tk={token}\",cFPWv: 'b',cITimeS: '1795168800',"
        f'fa: "{escaped}?__cf_chl_f_tk={token}"}};'
        "var cpo = document.createElement('script');"
        f"cpo.src = '/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray={CHALLENGE_RAY}';"
        "document.getElementsByTagName('head')[0].appendChild(cpo);}());</script>"
        '<div class="footer" role="contentinfo"><div class="footer-inner">'
        f'<div class="ray-id">Ray ID: <code>{CHALLENGE_RAY}</code></div>'
        '<div class="text-center" id="footer-text">Performance &amp; security by '
        '<a rel="noopener noreferrer" href="https://www.cloudflare.com?utm_source=challenge'
        '&amp;utm_campaign=m" target="_blank">Cloudflare</a></div></div></div></body></html>'
    ).encode()


# ---------------------------------------------------------------- discovery files


def _xml(text: str) -> str:
    return html.escape(text, quote=False)


def render_sitemap_index(urls: Sequence[str]) -> bytes:
    entries = "".join(f"  <sitemap>\n    <loc>{_xml(u)}</loc>\n  </sitemap>\n" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    ).encode()


def render_sitemap(urls: Sequence[str]) -> bytes:
    entries = "".join(f"  <url>\n    <loc>{_xml(u)}</loc>\n  </url>\n" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    ).encode()


def render_rss(items: Sequence[ArticleSpec]) -> bytes:
    """RSS 2.0, newest first as given: title, link, pubDate (RFC 822), description."""
    entries = "".join(
        "    <item>\n"
        f"      <title>{_xml(spec.headline)}</title>\n"
        f"      <link>{_xml(spec.url)}</link>\n"
        f"      <pubDate>{format_datetime(spec.published.astimezone(BEIRUT))}</pubDate>\n"
        f"      <description>{_xml(spec.summary)}</description>\n"
        "    </item>\n"
        for spec in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0">\n'
        "  <channel>\n"
        f"    <title>{PUBLISHER}</title>\n"
        f"    <link>{BASE}/</link>\n"
        "    <description>News, analysis and opinion from Al Mayadeen English</description>\n"
        "    <language>en</language>\n"
        f"{entries}"
        "  </channel>\n"
        "</rss>\n"
    ).encode()


def render_robots() -> bytes:
    return (f"User-agent: *\nDisallow: /search\n\nSitemap: {BASE}/sitemaps/all.xml\n").encode()


def sitemap_url(year: int, month: int) -> str:
    """`/sitemaps/all/sitemap-2025-9.xml`: the month is not zero-padded."""
    return f"{BASE}/sitemaps/all/sitemap-{year}-{month}.xml"


# ---------------------------------------------------------------- the content banks


@dataclass(frozen=True)
class _Country:
    name: str  # in running text: "Lebanon", "the United States"
    short: str  # in headlines: "Lebanon", "US"
    adj: str
    region: str  # the metadata's country class
    cities: tuple[str, ...]
    mena: bool = True


COUNTRIES = (
    _Country(
        "Palestine",
        "Palestine",
        "Palestinian",
        "Palestine",
        ("Gaza", "Khan Younis", "Ramallah", "Nablus", "Jenin", "Al-Khalil"),
    ),
    _Country(
        "Lebanon",
        "Lebanon",
        "Lebanese",
        "Lebanon",
        ("Beirut", "Tripoli", "Sidon", "Tyre", "Baalbek", "Zahle"),
    ),
    _Country("Syria", "Syria", "Syrian", "Syria", ("Damascus", "Aleppo", "Homs", "Latakia")),
    _Country("Iraq", "Iraq", "Iraqi", "Iraq", ("Baghdad", "Basra", "Mosul", "Najaf", "Karbala")),
    _Country("Yemen", "Yemen", "Yemeni", "Yemen", ("Sana'a", "Hodeidah", "Aden", "Taiz")),
    _Country("Iran", "Iran", "Iranian", "Iran", ("Tehran", "Isfahan", "Tabriz", "Shiraz")),
    _Country("Jordan", "Jordan", "Jordanian", "Jordan", ("Amman", "Aqaba", "Irbid", "Zarqa")),
    _Country("Egypt", "Egypt", "Egyptian", "Egypt", ("Cairo", "Alexandria", "Port Said", "Aswan")),
    _Country(
        "the United States",
        "US",
        "US",
        "US & Canada",
        ("Chicago", "Detroit", "Phoenix", "Houston", "Baltimore"),
        mena=False,
    ),
    _Country(
        "Canada",
        "Canada",
        "Canadian",
        "US & Canada",
        ("Toronto", "Montreal", "Vancouver", "Ottawa", "Halifax"),
        mena=False,
    ),
)


@dataclass(frozen=True)
class _Beat:
    sections: tuple[str, ...]  # the news sections it suits: politics, economy
    thing: str
    topic: str
    workers: str
    ministry: str
    headlines: tuple[str, ...]
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]
    headings: tuple[str, ...]
    quotes: tuple[str, ...]
    items: tuple[str, ...]
    tags: tuple[str, ...]
    captions: tuple[str, ...]
    coverage: str | None = None
    mena_only: bool = False


BEATS = (
    _Beat(
        sections=("economy",),
        thing="power grid",
        topic="renewable energy",
        workers="engineers",
        ministry="the energy ministry",
        headlines=(
            "{adj} grid operator adds {n2} megawatts of solar capacity near {city}",
            "{country} extends electricity supply hours in {city} as fuel shipments arrive",
            "Solar & storage tender draws {n} bids in {country}",
            "{city} residents face longer power cuts as demand rises {pct}%",
        ),
        summaries=(
            "Officials say the new capacity will reduce reliance on private generators in"
            " {city} and surrounding towns.",
            "The energy ministry says supply will improve gradually over the coming weeks as"
            " maintenance work is completed.",
        ),
        sentences=(
            "The new plant near {city} is expected to supply around {n3} households once it"
            " reaches full capacity.",
            "Engineers said the connection to the national grid had been tested over {n} days"
            " before the announcement.",
            "Demand for electricity rose by {pct}% compared with the same period last year,"
            " according to the grid operator.",
            "Many families in {city} still rely on private generators for part of the day.",
            "The ministry said it would prioritize hospitals, water pumping stations and"
            " schools when allocating supply.",
            'An official described the project as "a practical step that residents will feel'
            ' on their bills."',
            "Battery storage units will allow part of the daytime solar output to be used in"
            " the evening peak.",
            "Maintenance crews replaced {n2} transformers across the district in recent weeks.",
        ),
        headings=("Supply hours", "Storage & the evening peak", "What comes next"),
        quotes=(
            "Every hour of supply we add is an hour a family does not pay for a generator.",
            "The grid was built for a smaller city; we are catching up with the one we have.",
        ),
        items=(
            "Capacity: the plant adds {n2} megawatts in its first phase.",
            "Storage: batteries cover part of the evening peak.",
            "Priority users: hospitals, water stations and schools come first.",
            "Tariffs: prices are unchanged until the end of the year.",
            "Timeline: a second phase is planned within {n} months.",
        ),
        tags=("Energy", "Electricity", "Solar Power", "Infrastructure"),
        captions=(
            "Engineers inspect solar panels at a new plant near {city}, {country_text}, {date}",
            "A technician works on a power line in {city}, {date}",
        ),
        coverage="Energy & Climate",
    ),
    _Beat(
        sections=("economy", "politics"),
        thing="water network",
        topic="water management",
        workers="technicians",
        ministry="the water authority",
        headlines=(
            "{city} water utility repairs {n2} kilometers of leaking pipes",
            "{country} launches desalination project to supply {n3},000 residents",
            '"Every drop counts": {city} unveils plan to cut water losses by {pct}%',
            "Dry autumn leaves {city} reservoirs at {pct}% of capacity",
        ),
        summaries=(
            "The utility says losses from old pipes account for a large share of treated"
            " water in {city}.",
            "Officials expect the project to ease pressure on groundwater wells that have"
            " been overused for years.",
        ),
        sentences=(
            "Technicians have mapped {n2} sections of the network where pressure drops"
            " sharply at night.",
            "The water authority estimates that {pct}% of treated water is lost before it"
            " reaches homes.",
            "Residents in several neighborhoods of {city} receive piped water only {n} days"
            " a week.",
            "The desalination unit will run partly on solar power to keep operating costs down.",
            "Farmers in the surrounding villages have been asked to switch to drip irrigation"
            " where possible.",
            'A local council member said the plan was "long overdue but welcome."',
            "Water trucks remain the main source of supply for some districts on the edge"
            " of the city.",
            "The authority said it would publish monthly figures on the progress of repairs.",
        ),
        headings=("Losses before the tap", "Groundwater under pressure", "Next steps"),
        quotes=(
            "A basin does not recognize a border, and a drought does not wait for a treaty.",
            "We fix one pipe and find two more that need work.",
        ),
        items=(
            "Leak repairs: {n2} kilometers of pipes are being replaced.",
            "Metering: new meters for {n3} homes by the end of the year.",
            "Desalination: a solar-powered unit for coastal districts.",
            "Irrigation: support for farmers who switch to drip systems.",
            "Reporting: monthly figures on the progress of repairs.",
        ),
        tags=("Water", "Water Crisis", "Infrastructure", "Climate Change"),
        captions=(
            "Technicians repair a water main in {city}, {country_text}, {date}",
            "Residents fill containers with drinking water in {city}, {date}",
        ),
        coverage="Water Crisis",
    ),
    _Beat(
        sections=("economy",),
        thing="public finances",
        topic="fiscal reform",
        workers="economists",
        ministry="the finance ministry",
        headlines=(
            "{adj} cabinet approves draft 2026 budget after {n}-hour session",
            "{country_s} inflation slows to {pct}% as food prices ease",
            "{adj} central bank keeps key rate unchanged amid currency pressure",
            "{adj} lawmakers begin debate on tax & customs reform",
        ),
        summaries=(
            "The draft now goes to parliament, where committees are expected to review"
            " revenue measures and public sector salaries.",
            "Economists say the figures point to a gradual stabilization, though household"
            " budgets remain under strain.",
        ),
        sentences=(
            "The draft projects higher revenues from customs duties and value-added tax.",
            "Public sector salaries, eroded by years of currency depreciation, are set to"
            " rise by {pct}%.",
            "The finance ministry said the deficit would be kept close to zero.",
            "Economists noted that approving the budget on time would signal improved fiscal"
            " discipline.",
            "Food prices fell for the {n} consecutive month, according to the statistics office.",
            'The central bank said its decision was meant to "anchor expectations" after a'
            " volatile year.",
            "Business associations called for clearer rules on import fees and tax collection.",
            "Parliament's finance committee is expected to hold several sessions before a"
            " general vote.",
        ),
        headings=("Revenues & spending", "Parliament review next", "Prices and wages"),
        quotes=(
            "A budget passed on time is already a reform in itself.",
            "Families feel prices before they read statistics.",
        ),
        items=(
            "Revenues: higher customs duties and value-added tax.",
            "Salaries: a {pct}% increase for public sector employees.",
            "Deficit: kept close to zero, according to the ministry.",
            "Social spending: more funds for assistance programs.",
            "Timeline: a parliamentary vote within {n} weeks.",
        ),
        tags=("Economy", "Budget", "Inflation", "Central Bank"),
        captions=(
            "Ministers attend a cabinet session in {city}, {country_text}, {date}",
            "Shoppers at a market in {city}, {date}",
        ),
        mena_only=True,
    ),
    _Beat(
        sections=("economy",),
        thing="port",
        topic="trade",
        workers="dock workers",
        ministry="the transport ministry",
        headlines=(
            "{city} port handles {n3},000 containers as new berths open",
            "{country} and {other} sign trade & transit agreement",
            "Shipping delays push up import costs in {country}, traders say",
            "{adj} exporters look to new markets as freight rates fall {pct}%",
        ),
        summaries=(
            "Port officials say the expansion will shorten waiting times for cargo ships and"
            " lower costs for importers.",
            "Traders expect the agreement to cut paperwork at border crossings and reduce"
            " transport costs.",
        ),
        sentences=(
            "The new berths allow the port to receive larger vessels than before.",
            "Waiting times for cargo ships have fallen from {n} days to less than two.",
            "Importers said freight costs still account for a large share of retail prices.",
            "The agreement with {other} covers customs procedures, transit fees and inspections.",
            "Exporters of fruit and vegetables are expected to benefit most from faster clearance.",
            "Officials said a digital customs system would be introduced in {n} phases.",
            'A shipping agent in {city} said the changes were "a relief after a difficult year."',
            "Container traffic rose by {pct}% in the first nine months of the year.",
        ),
        headings=("Faster clearance", "Costs for importers", "Regional routes"),
        quotes=(
            "A day saved at the port is a day saved on every shelf.",
            "Trade follows the roads that work.",
        ),
        items=(
            "Berths: {n} new berths for larger vessels.",
            "Customs: a digital system introduced in phases.",
            "Transit fees: reduced for goods crossing by land.",
            "Inspections: joint checks at the border.",
            "Exports: priority lanes for fresh produce.",
        ),
        tags=("Trade", "Ports", "Shipping", "Economy"),
        captions=(
            "Cargo ships docked at the port of {city}, {country_text}, {date}",
            "Dock workers unload containers in {city}, {date}",
        ),
    ),
    _Beat(
        sections=("economy",),
        thing="olive groves",
        topic="food security",
        workers="farmers",
        ministry="the agriculture ministry",
        headlines=(
            "{adj} farmers expect {pct}% smaller olive harvest after dry summer",
            "{country} opens {n} new grain silos to strengthen food security",
            "Wheat & fuel prices weigh on farmers around {city}",
            "Cooperatives in {city} help small farmers sell directly to markets",
        ),
        summaries=(
            "Farmers say lower rainfall and higher costs have reduced yields across the"
            " region this season.",
            "The agriculture ministry says the new storage capacity will cover several months"
            " of consumption.",
        ),
        sentences=(
            "Farmers around {city} began picking olives earlier than usual this year.",
            "Rainfall was {pct}% below the seasonal average, according to the meteorology"
            " department.",
            "The price of diesel for irrigation pumps has doubled in two years.",
            "The new silos can store enough wheat for {n} months of national consumption.",
            "Cooperatives have helped small producers negotiate better prices with traders.",
            'One farmer said the season was "the hardest in a decade, but not the last."',
            "The agriculture ministry distributed seeds and fertilizer to {n3} families.",
            "Agronomists recommend drought-tolerant varieties for the coming seasons.",
        ),
        headings=("A difficult season", "Storage & prices", "Help for small farmers"),
        quotes=(
            "The trees are older than all of us, and they have seen worse years.",
            "We plant for the harvest our children will pick.",
        ),
        items=(
            "Yields: down by about {pct}% on last season.",
            "Costs: diesel and fertilizer prices remain high.",
            "Storage: {n} new silos for wheat.",
            "Support: seeds and fertilizer for {n3} families.",
            "Markets: cooperatives selling directly to shops.",
        ),
        tags=("Agriculture", "Food Security", "Olive Harvest", "Farmers"),
        captions=(
            "Farmers pick olives in a grove near {city}, {country_text}, {date}",
            "Wheat is unloaded at a silo outside {city}, {date}",
        ),
        mena_only=True,
    ),
    _Beat(
        sections=("economy", "politics"),
        thing="railway line",
        topic="public transport",
        workers="rail workers",
        ministry="the transport ministry",
        headlines=(
            "{country} reopens {n2}-kilometer rail link between {city} and {city2}",
            "{city} airport traffic rises {pct}% as new routes launch",
            "New bus rapid transit line opens in {city} after {n} years of works",
            "Commuters in {city} welcome longer metro & bus hours",
        ),
        summaries=(
            "Transport officials say the service will cut travel times and take pressure off"
            " congested roads.",
            "The operator says passenger numbers have grown steadily since the start of the year.",
        ),
        sentences=(
            "The journey between {city} and {city2} now takes about half as long as by road.",
            "Trains will run {n} times a day in each direction during the first phase.",
            "Passenger numbers rose by {pct}% compared with the same period last year.",
            "The operator said ticket prices would remain unchanged until the end of the year.",
            "Rail workers spent months replacing sleepers and signals along the route.",
            'A commuter told local media the new line was "the first good news on the road'
            ' in years."',
            "Officials plan to extend the service to {n} more stations by 2027.",
            "Road congestion at the city entrances has eased since the service began.",
        ),
        headings=("Shorter journeys", "Tickets & timetables", "Extensions planned"),
        quotes=(
            "A train that runs on time changes how a city thinks about distance.",
            "We rebuilt the line one kilometer at a time.",
        ),
        items=(
            "Route: {n2} kilometers with {n} stations.",
            "Frequency: {n} departures a day each way.",
            "Fares: unchanged until the end of the year.",
            "Access: step-free platforms at main stations.",
            "Next phase: extensions planned by 2027.",
        ),
        tags=("Transport", "Railways", "Infrastructure", "Public Transport"),
        captions=(
            "A passenger train leaves the station in {city}, {country_text}, {date}",
            "Commuters board a bus in {city}, {date}",
        ),
    ),
    _Beat(
        sections=("politics",),
        thing="border crossings",
        topic="regional diplomacy",
        workers="diplomats",
        ministry="the foreign ministry",
        headlines=(
            "{adj} and {other_adj} foreign ministers discuss border crossings in {city}",
            "{country} hosts {n}-nation meeting on regional water sharing",
            '"Constructive" talks in {city} end with plan for follow-up meeting',
            "{adj} delegation visits {other} to discuss trade & reconstruction",
        ),
        summaries=(
            "The two sides agreed to form technical committees and meet again before the end"
            " of the year.",
            "Delegates discussed border procedures, energy links and the return of displaced"
            " families.",
        ),
        sentences=(
            "The ministers met for several hours in {city} on {weekday}.",
            "A joint statement said the two sides had agreed to form {n} technical committees.",
            "Discussions covered border procedures, energy links and transport corridors.",
            'The foreign ministry described the meeting as "frank and constructive."',
            "Officials said a follow-up meeting would be held in {other} within weeks.",
            "Delegations also discussed facilitating the return of displaced families.",
            "Analysts said the talks reflected a wider trend toward regional cooperation.",
            "No date has been set for the signing of a formal agreement.",
        ),
        headings=("Committees formed", "Border procedures", "A follow-up meeting"),
        quotes=(
            "Neighbors do not choose each other, but they can choose how they cooperate.",
            "We agreed on the questions; the answers will take more meetings.",
        ),
        items=(
            "Border crossings: longer opening hours for trucks.",
            "Energy: studies on linking the two grids.",
            "Transport: a joint committee on road corridors.",
            "Displaced families: procedures for voluntary return.",
            "Follow-up: a meeting in {other} within weeks.",
        ),
        tags=("Diplomacy", "Foreign Ministers", "Regional Cooperation"),
        captions=(
            "Foreign ministers meet in {city}, {country_text}, {date}",
            "Delegations attend talks in {city}, {date}",
        ),
    ),
    _Beat(
        sections=("politics",),
        thing="municipal services",
        topic="governance",
        workers="lawmakers",
        ministry="the interior ministry",
        headlines=(
            "{adj} parliament committee reviews electricity tariff bill",
            "{adj} lawmakers postpone vote on municipal elections law",
            "{country_s} parliament passes public procurement law after {n} sessions",
            "Municipal council in {city} approves {n2}-project development plan",
        ),
        summaries=(
            "Lawmakers say the bill needs further study before it can be put to a general vote.",
            "The law sets new rules for tenders and is meant to improve transparency in public"
            " spending.",
        ),
        sentences=(
            "The committee held {n} sessions on the bill over the past month.",
            "Several blocs asked for more time to study the financial impact of the proposal.",
            "The interior ministry said municipal elections would be held on schedule.",
            "The procurement law requires all public tenders to be published online.",
            'The speaker described the vote as "an important step for public accountability."',
            "Civil society groups welcomed the law but called for strong oversight.",
            "The development plan in {city} includes {n2} projects in roads, schools and parks.",
            "Opposition lawmakers said they would propose amendments at the next session.",
        ),
        headings=("The committee's work", "What the law changes", "Reactions"),
        quotes=(
            "A law is only as good as the way it is applied.",
            "Citizens want to see where every public dollar goes.",
        ),
        items=(
            "Tenders: published online for every public contract.",
            "Oversight: a new independent review body.",
            "Deadlines: {n} months for ministries to comply.",
            "Municipalities: new rules for local projects.",
            "Penalties: fines for violations of the procedure.",
        ),
        tags=("Parliament", "Legislation", "Municipal Elections", "Governance"),
        captions=(
            "Lawmakers attend a parliamentary session in {city}, {country_text}, {date}",
            "The parliament building in {city}, {date}",
        ),
        mena_only=True,
    ),
    _Beat(
        sections=("politics",),
        thing="neighborhoods",
        topic="reconstruction",
        workers="aid workers",
        ministry="the social affairs ministry",
        headlines=(
            "Aid convoy of {n2} trucks reaches {city}, UN agency says",
            "{city} reopens {n} schools repaired after last year's damage",
            "UN & local groups launch winter shelter plan in {city}",
            "Families return to {city} neighborhoods as rubble clearing advances",
        ),
        summaries=(
            "Aid agencies say needs remain high as winter approaches and many families live"
            " in temporary shelters.",
            "Local authorities say the repairs allow thousands of children to return to"
            " classrooms.",
        ),
        sentences=(
            "The convoy carried food parcels, medical supplies and winter clothing.",
            "Aid workers said {n3} families had registered for assistance in {city} this month.",
            "The repaired schools will receive students in two shifts to ease overcrowding.",
            "Engineers have cleared rubble from {n2} streets since the start of the campaign.",
            'A UN spokesperson said needs remained "far greater than the resources available."',
            "The winter plan includes blankets, heaters and waterproofing for damaged homes.",
            "Local volunteers have set up community kitchens in several neighborhoods.",
            "Families returning to their homes said water and electricity were still limited.",
        ),
        headings=("Winter needs", "Back to school", "Clearing the streets"),
        quotes=(
            "We rebuild the classroom first, because children cannot wait for the rest.",
            "Every family that returns home is a sign the neighborhood is alive.",
        ),
        items=(
            "Food: parcels for {n3} families.",
            "Shelter: blankets, heaters and waterproofing.",
            "Schools: {n} buildings repaired and reopened.",
            "Health: mobile clinics in the most affected areas.",
            "Water: tanks and repairs to local networks.",
        ),
        tags=("Humanitarian Aid", "Reconstruction", "UN", "Displacement"),
        captions=(
            "Aid trucks wait at a distribution point in {city}, {country_text}, {date}",
            "Children walk to a repaired school in {city}, {date}",
        ),
        coverage="Reconstruction",
        mena_only=True,
    ),
    _Beat(
        sections=("politics",),
        thing="hospitals",
        topic="public health",
        workers="doctors",
        ministry="the health ministry",
        headlines=(
            "{adj} health ministry launches vaccination campaign for {n3},000 children",
            "New oncology ward opens at {city} public hospital",
            "Doctors in {city} warn of medicine shortages as imports slow",
            "{city} hospitals add {n2} intensive care beds ahead of winter",
        ),
        summaries=(
            "Health officials say the campaign aims to reach children in remote areas who"
            " missed routine doses.",
            "Hospital directors say the new capacity will shorten waiting lists for patients"
            " from across the region.",
        ),
        sentences=(
            "Mobile teams will visit schools and health centers over {n} weeks.",
            "The ward has {n2} beds and will treat patients from {city} and nearby towns.",
            "Pharmacists reported shortages of some chronic disease medicines.",
            "The health ministry said it had placed orders to cover {n} months of needs.",
            'A hospital director said the new unit was "a long-awaited relief for patients."',
            "Doctors urged parents to check their children's vaccination records.",
            "Hospitals are preparing for a rise in respiratory infections during winter.",
            "Nurses will receive additional training on the new equipment.",
        ),
        headings=("Reaching every child", "Beds & staff", "Medicines"),
        quotes=(
            "A vaccine given today is a hospital bed we will not need tomorrow.",
            "Our staff have worked double shifts for months.",
        ),
        items=(
            "Vaccines: mobile teams in schools and clinics.",
            "Beds: {n2} new intensive care beds.",
            "Medicines: orders for {n} months of needs.",
            "Training: courses for nurses on new equipment.",
            "Winter: plans for respiratory infections.",
        ),
        tags=("Health", "Hospitals", "Vaccination", "Public Health"),
        captions=(
            "A nurse prepares a vaccine at a clinic in {city}, {country_text}, {date}",
            "Doctors at a public hospital in {city}, {date}",
        ),
    ),
    _Beat(
        sections=("politics",),
        thing="schools",
        topic="education",
        workers="teachers",
        ministry="the education ministry",
        headlines=(
            "{n3},000 students return to classrooms in {city} as school year begins",
            "{adj} universities expand scholarships for engineering students",
            "Teachers in {city} receive training on digital classrooms",
            "{city} libraries extend opening hours for students during exams",
        ),
        summaries=(
            "The education ministry says schools are better equipped this year, though"
            " classrooms remain crowded.",
            "University officials say the program targets students from low-income families.",
        ),
        sentences=(
            "Classes began on {weekday} in most public schools.",
            "The education ministry distributed textbooks to {n3} students.",
            "Some schools will run two shifts a day because of overcrowding.",
            "The scholarship program covers tuition and part of living costs.",
            'A teacher said students were "eager to be back after a difficult year."',
            "Universities reported a {pct}% increase in applications to engineering faculties.",
            "Training sessions focus on using tablets and online platforms in lessons.",
            "Parents' committees helped repaint classrooms before the start of the year.",
        ),
        headings=("Back to class", "Scholarships", "Digital classrooms"),
        quotes=(
            "A school day is the most normal thing we can give our children.",
            "Good teachers matter more than new buildings.",
        ),
        items=(
            "Textbooks: distributed to {n3} students.",
            "Shifts: two a day in crowded schools.",
            "Scholarships: tuition and living costs covered.",
            "Training: digital classroom courses for teachers.",
            "Libraries: longer hours during exams.",
        ),
        tags=("Education", "Schools", "Universities", "Students"),
        captions=(
            "Students attend class at a public school in {city}, {country_text}, {date}",
            "University students at a library in {city}, {date}",
        ),
    ),
    _Beat(
        sections=("politics",),
        thing="old souk",
        topic="cultural heritage",
        workers="artisans",
        ministry="the culture ministry",
        headlines=(
            "{city} film festival opens with {n2} titles from across the region",
            "Restoration of {city_s} old souk enters final phase",
            "Book fair in {city} draws record crowds & {n2} publishers",
            "Artisans in {city} keep traditional crafts alive",
        ),
        summaries=(
            "Organizers say this year's program focuses on first films by young directors.",
            "The restoration aims to preserve historic facades while keeping shops open to"
            " visitors.",
        ),
        sentences=(
            "The festival will screen films over {n} days in three venues across {city}.",
            "Restoration teams have repaired {n2} shop fronts using traditional stone.",
            "Visitors can follow workshops on calligraphy, pottery and weaving.",
            "Organizers said ticket sales rose by {pct}% compared with last year.",
            'A craftsman said his family had worked in the souk "for four generations."',
            "The culture ministry plans to list the market as a protected heritage site.",
            "Publishers reported strong demand for children's books and translated novels.",
            "The closing ceremony will be held in the city's historic theater.",
        ),
        headings=("The program", "Restoring the market", "Crafts & visitors"),
        quotes=(
            "Every stone here has a name and a story.",
            "Culture is how a city remembers itself.",
        ),
        items=(
            "Films: {n2} titles in the program.",
            "Venues: three cinemas across the city.",
            "Workshops: calligraphy, pottery and weaving.",
            "Restoration: {n2} shop fronts repaired.",
            "Heritage: plans to protect the old market.",
        ),
        tags=("Culture", "Heritage", "Festivals", "Arts"),
        captions=(
            "Visitors walk through the old souk in {city}, {country_text}, {date}",
            "Guests arrive at the opening of a festival in {city}, {date}",
        ),
    ),
)

COMMENTARY_HEADLINES = {
    "opinion": (
        "Why {topic} matters more than ever in {country}",
        "{country} cannot afford to treat {topic} as an afterthought",
        "The quiet cost of neglecting the {thing} of {city}",
        "{Topic} & the limits of short-term planning in {country}",
        '"Temporary" fixes are failing {city_s} {thing}',
        "What {city_s} {thing} can teach us about public trust",
        "{Number} years of promises: {city} deserves better {topic}",
        "{topic} in {city} needs patience, not slogans",
        "The {workers} of {city} are asking the right questions",
    ),
    "analysis": (
        "{Number} things to know about {country_s} {topic} plans",
        "How {topic} is reshaping {city}",
        "{country_s} {thing}: what the new figures show",
        "Costs & trade-offs: assessing {country_s} {topic} strategy",
        "{Number} questions hanging over {topic} in {city}",
        "Why {city_s} {thing} became a test for {other}, too",
    ),
    "blog": (
        "Notes from {city}: {topic} through residents' eyes",
        "A week in {city} with the {workers}",
        "What I learned from the {workers} of {city}",
        "{Number} conversations about {topic} in {city}",
        "Between {city} and {city2}: a diary of {topic}",
    ),
    "feature": (
        "Inside {city_s} effort to rebuild its {thing}",
        "The {workers} keeping {city_s} {thing} running",
        '"We start again every morning": {city_s} {workers} on their work',
        "From {city} to {city2}, the {workers} behind {country_s} {topic}",
        "{Number} days with the {workers} of {city}",
    ),
}
COMMENTARY_SUMMARIES = (
    "{Country_s} approach to {topic} will shape daily life in {city} for years; the choices"
    " made now deserve closer attention.",
    "Behind the official figures on {topic} are the {workers} and families of {city}, and"
    " their experience points to what needs to change.",
    "The debate over {topic} in {country} is often framed as technical, but it is about"
    " fairness, trust and the long term.",
)
GENERIC_NEWS = (
    "Officials said the measures would be reviewed again at the end of the year.",
    "The announcement was made at a press conference in {city} on {weekday}.",
    "Local media reported that preparations had been under way for several months.",
    "Figures released by {ministry} show an increase of {pct}% on a year earlier.",
    "Residents interviewed by local outlets welcomed the step but said more needed to be done.",
    "The plan will be carried out in {n} phases, the first of which starts within weeks.",
    "Observers noted that similar initiatives had stalled in the past because of funding gaps.",
    'A statement issued after the meeting described the discussions as "practical and detailed."',
    "No timetable was given for the second stage of the project.",
    "The municipality said it would publish regular updates on its website.",
)
GENERIC_COMMENT = (
    "It is tempting to treat {topic} as a technical matter best left to specialists.",
    "Yet the experience of {city} shows how quickly technical choices become political ones.",
    "Families in {city} already organize their days around the state of the {thing}.",
    "None of this requires grand settlements or new institutions.",
    "What it requires is consistent funding, honest data and the patience to see projects through.",
    "The debate in {country} has too often been framed as a choice between speed and fairness.",
    "In practice, the two depend on each other.",
    "Past plans failed less for lack of ideas than for lack of follow-up.",
    "Regional cooperation on {topic} remains limited, even where interests clearly overlap.",
    "There are reasons for cautious optimism, but they depend on decisions not yet taken.",
    "The coming months will show whether the promises made in {city} turn into results.",
    "Local initiatives, from neighborhood committees to university research groups, have"
    " filled some of the gaps.",
    "Ask the {workers} of {city} and you hear the same thing: plans & budgets matter less"
    " than follow-through.",
)
TOPIC_BLURBS = {
    "Energy & Climate": "How the region powers its homes and industries, and how a changing"
    " climate is reshaping those choices.",
    "Water Crisis": "Shrinking rivers, overused aquifers and aging networks: the region's"
    " struggle to keep water flowing.",
    "Reconstruction": "Rebuilding homes, schools and services after years of conflict and"
    " displacement.",
}
PEOPLE = (
    "Rana Khoury",
    "Samir Nassar",
    "Lina Saab",
    "Omar Farhat",
    "Maya Aoun",
    "Tarek Sleiman",
    "Nour Habib",
    "Youssef Daher",
    "Dalia Mroueh",
    "Hadi Al-Zein",
    "Elena Marchetti",
    "Thomas Whitfield",
    "Sara O'Connell",
    "Ali Rida Bazzi",
)
SOURCE_CHOICES: tuple[tuple[str, ...], ...] = (
    ("Agencies",),
    ("Reuters",),
    ("Al Mayadeen English", "Agencies"),
    (),
)
CREDITS = ("AFP", "AP", "Reuters", "Anadolu", "Al Mayadeen English")

# The structure of every run of ten articles: (kind, region the article must belong to).
# Every kind reaches a listing page: its section's, or its region's.
KINDS = {
    "politics": ("news", "News", "/news/politics", "Politics"),
    "economy": ("news", "News", "/news/economy", "Economy"),
    "opinion": ("opinion", "Opinion", "/articles/opinion", None),
    "analysis": ("analysis", "Analysis", "/articles/analysis", None),
    "blog": ("blog", "Blog", "/articles/blog", None),
    "feature": ("feature", "Features", "/articles/features", None),
}
PATTERN: tuple[tuple[str, str | None], ...] = (
    ("politics", "Palestine"),
    ("economy", None),
    ("opinion", None),
    ("politics", "US & Canada"),
    ("blog", "Palestine"),
    ("economy", "US & Canada"),
    ("analysis", "Palestine"),
    ("politics", None),
    ("feature", "US & Canada"),
    ("opinion", None),
)
SPECIAL_CHARACTERS = frozenset("&\"'")


# ---------------------------------------------------------------- generating articles


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slots(
    rng: random.Random, country: _Country, beat: _Beat, published: datetime
) -> dict[str, str]:
    others = [c for c in COUNTRIES if c.mena == country.mena and c is not country]
    other = rng.choice(others)
    city, city2 = rng.sample(country.cities, 2)
    local = published.astimezone(BEIRUT)
    return {
        "country": country.name,
        "Country": _capital(country.name),
        "country_s": _possessive(country.name),
        "Country_s": _capital(_possessive(country.name)),
        "country_text": country.short,
        "adj": country.adj,
        "other": other.name,
        "other_adj": other.adj,
        "city": city,
        "city_s": _possessive(city),
        "city2": city2,
        "Number": rng.choice(("Three", "Four", "Five", "Six", "Seven")),
        "n": str(rng.randint(2, 9)),
        "n2": str(rng.randint(12, 95)),
        "n3": str(rng.randint(120, 950)),
        "pct": str(rng.randint(4, 38)),
        "weekday": f"{local:%A}",
        "date": f"{local:%B} {local.day}, {local.year}",
        "thing": beat.thing,
        "topic": beat.topic,
        "Topic": _capital(beat.topic),
        "workers": beat.workers,
        "ministry": beat.ministry,
    }


def _headline_slots(slots: dict[str, str], country: _Country) -> dict[str, str]:
    """Headlines name the country shortly: `US`, `US inflation`."""
    short = country.short
    possessive = short if short.isupper() else _possessive(short)
    return {
        **slots,
        "country": short,
        "Country": short,
        "country_s": possessive,
        "Country_s": possessive,
    }


def _headline(
    rng: random.Random,
    templates: Sequence[str],
    slots: dict[str, str],
    special: bool,
    uses: dict[str, int],
) -> str:
    """A headline from the least-used of `templates` (those with `&` or quotes if `special`)."""
    pool = [t for t in templates if SPECIAL_CHARACTERS & set(t)] if special else []
    pool = pool or list(templates)
    fewest = min(uses.get(t, 0) for t in pool)
    template = rng.choice([t for t in pool if uses.get(t, 0) == fewest])
    uses[template] = uses.get(template, 0) + 1
    return _capital(template.format_map(slots))


def _timeline(rng: random.Random, count: int) -> list[datetime]:
    """`count` publication times (whole minutes), spread evenly over the period, ascending."""
    start = PERIOD_START.astimezone(UTC)
    minutes = int((PERIOD_END - PERIOD_START).total_seconds() // 60)
    step = minutes / count
    return [
        start + timedelta(minutes=int(i * step + rng.random() * step * 0.8)) for i in range(count)
    ]


def _modified(rng: random.Random, index: int, published: datetime) -> datetime:
    if index % 4 != 1:
        return published
    return published + timedelta(minutes=rng.randint(25, 3000), seconds=rng.randint(1, 59))


def _authors(rng: random.Random, kind: str, index: int) -> tuple[list[str], list[str | None]]:
    if kind in ("politics", "economy"):
        if index % 13 == 6:
            names = rng.sample(PEOPLE, 2)
        elif index % 3 == 2:
            names = [rng.choice(PEOPLE)]
        else:
            house = HOUSE_BYLINES[rng.randrange(len(HOUSE_BYLINES))]
            return [house], [None]
    elif kind in ("analysis", "feature") and (index // 10) % 2 == 0:
        names = rng.sample(PEOPLE, 2)
    else:
        names = [rng.choice(PEOPLE)]
    return names, [author_slug(name) for name in names]


def _region(rng: random.Random, kind: str, region: str | None, country: _Country) -> str | None:
    """News always names its country's region; commentary half the time."""
    if region or kind in ("politics", "economy") or rng.random() < 0.5:
        return country.region
    return None


def _body(
    rng: random.Random, kind: str, beat: _Beat, slots: dict[str, str], index: int
) -> list[tuple[str, str]]:
    """Body blocks: paragraphs that lead with the beat's sentences and add general ones, with
    headings, a quote and a list in some articles."""
    news = kind in ("politics", "economy")
    specific = list(beat.sentences)
    general = list(GENERIC_NEWS if news else GENERIC_COMMENT)
    rng.shuffle(specific)
    rng.shuffle(general)
    headings = list(beat.headings)
    rng.shuffle(headings)
    paragraphs = rng.randint(5, 8) if news else rng.randint(6, 9)
    with_list = kind == "analysis" or index % 7 == 3
    with_quote = kind in ("opinion", "feature") or index % 4 == 2
    blocks: list[tuple[str, str]] = []
    for number in range(paragraphs):
        lead = rng.randint(1, 2) if news else 1
        sentences = specific[:lead] + general[: 3 - lead]
        specific, general = specific[lead:], general[3 - lead :]
        sentences = sentences[: rng.randint(2, 3)]
        if not sentences:
            break
        blocks.append(("paragraph", " ".join(s.format_map(slots) for s in sentences)))
        if number == 1 and with_quote:
            blocks.append(("quote", rng.choice(beat.quotes).format_map(slots)))
        if number == 2 and headings and (with_list or rng.random() < 0.6):
            blocks.append(("heading", headings.pop()))
            if with_list:
                items = rng.sample(beat.items, 5 if kind == "analysis" else 3)
                blocks += [("list_item", item.format_map(slots)) for item in items]
        if number == paragraphs - 2 and headings and kind in ("analysis", "feature"):
            blocks.append(("heading", headings.pop()))
    return blocks


def _tags(
    rng: random.Random, country: _Country, slots: dict[str, str], beat: _Beat, index: int
) -> tuple[list[str], str]:
    """(visible tags, keywords string with repeats and a case variant)."""
    tags = dedupe_tags([country.short, slots["city"], *rng.sample(beat.tags, rng.randint(2, 3))])
    keywords = [*tags, country.region]
    if index % 3 == 0:
        keywords.append(tags[0].lower())
    elif index % 3 == 1:
        keywords.append(tags[1])
    else:
        keywords.insert(2, tags[-1].lower())
    return tags, ",".join(keywords)


MAX_DRAWS = 40


def _story(
    rng: random.Random,
    kind: str,
    region: str | None,
    published: datetime,
    index: int,
    seen: set[str],
    uses: dict[str, int],
) -> tuple[_Country, _Beat, dict[str, str], str]:
    """Country, beat, slot values and a headline whose slug is not taken yet. After many draws
    the headline is prefixed with its day, which makes it unique among that day's articles."""
    countries = [c for c in COUNTRIES if region is None or c.region == region]
    local = published.astimezone(BEIRUT)
    for draw in range(MAX_DRAWS * 2):
        country = rng.choice(countries)
        beats = [
            b
            for b in BEATS
            if (kind not in ("politics", "economy") or kind in b.sections)
            and (country.mena or not b.mena_only)
        ]
        beat = rng.choice(beats)
        slots = _slots(rng, country, beat, published)
        templates = COMMENTARY_HEADLINES.get(kind, beat.headlines)
        headline_slots = _headline_slots(slots, country)
        headline = _headline(rng, templates, headline_slots, index % 5 == 2, uses)
        if draw >= MAX_DRAWS:
            headline = f"{local:%B} {local.day}, {local:%H:%M}: {headline}"
        if slugify(headline) not in seen:
            return country, beat, slots, headline
    raise RuntimeError(f"no unique headline for article {index}")


def generate_articles(count: int, seed: int = 7) -> list[ArticleSpec]:
    """`count` synthetic articles in publication order (post ids ascending), all URLs unique."""
    rng = random.Random(seed)
    times = _timeline(rng, count)
    before_switch = [i for i, t in enumerate(times) if t < DST_END]
    articles: list[ArticleSpec] = []
    seen: set[str] = set()
    uses: dict[str, int] = {}
    postid = FIRST_POSTID
    for index, published in enumerate(times):
        kind, region = PATTERN[index % len(PATTERN)]
        record_type, posttype, prefix, category = KINDS[kind]
        country, beat, slots, headline = _story(rng, kind, region, published, index, seen, uses)
        url = f"{BASE}{prefix}/{slugify(headline)}"
        seen.add(slugify(headline))
        if kind in ("politics", "economy"):
            summary = rng.choice(beat.summaries).format_map(slots)
        else:
            summary = rng.choice(COMMENTARY_SUMMARIES).format_map(slots)
        body = _body(rng, kind, beat, slots, index)
        words = count_words(body)
        names, slugs = _authors(rng, kind, index)
        tags, keywords = _tags(rng, country, slots, beat, index)
        if index in before_switch[-1:]:
            # The last article before Beirut left summer time is updated after the switch.
            modified = UPDATE_AFTER_SWITCH
        else:
            modified = _modified(rng, index, published)
        local = published.astimezone(BEIRUT)
        image = (
            f"{BASE}/media/image/{local.year}/{local.month}/{local.day}/"
            f"{uuid.UUID(int=rng.getrandbits(128), version=4)}.jpg?v=2&width=1000"
        )
        postid += rng.randint(3, 29)
        articles.append(
            ArticleSpec(
                postid=str(postid),
                url=url,
                type=record_type,
                posttype=posttype,
                category=category,
                region=_region(rng, kind, region, country),
                topic=beat.coverage if beat.coverage and rng.random() < 0.6 else None,
                headline=headline,
                summary=summary,
                authors=names,
                author_slugs=slugs,
                sources=list(rng.choice(SOURCE_CHOICES)) if record_type == "news" else [],
                published=published.astimezone(BEIRUT),
                modified=modified.astimezone(BEIRUT),
                reading_minutes=None if index % 11 == 7 else max(1, math.ceil(words / 150)),
                word_count=words,
                keywords=keywords,
                tags=[] if index % 9 == 4 else tags,
                image_url=image,
                image_caption=rng.choice(beat.captions).format_map(slots),
                image_credit=None if index % 10 == 9 else rng.choice(CREDITS),
                body=body,
                image_relative=index % 6 == 5,
            )
        )
    return articles


def site_articles(count: int, seed: int = 7) -> list[ArticleSpec]:
    """The fixture site's articles, `count` generated ones and the hand-written media pages,
    in publication order."""
    both = [*generate_articles(count, seed), *media_articles()]
    return sorted(both, key=lambda spec: spec.published)


# ---------------------------------------------------------------- the ticker


STATIC_TICKER = (
    "Lebanese Ministry of Energy: Power supply hours to increase in Beirut from next week",
    "Jordanian Meteorology Department: A cold front is expected to reach the north of the"
    " country on Thursday",
    "Egyptian Ministry of Transport: The new Cairo–Alexandria express line enters its final"
    " testing phase",
    "Municipal elections in several districts to be held on schedule, Interior Ministry says",
    "Iraqi Electricity Ministry: Two new gas turbines connected to the national grid in Basra",
    "Heavy rain causes flooding on the coastal highway north of Beirut",
    "UNRWA spokesperson: Schools in central Gaza resume classes in temporary classrooms",
    "Syrian Ministry of Agriculture: Wheat planting season begins in Al-Hasakah countryside",
    "Canadian officials announce a new round of talks on rail freight rates",
    "Yemeni Ministry of Health: Cholera vaccination campaign reaches 300,000 people in Hodeidah",
    "Al Mayadeen correspondent: Aid convoy of 40 trucks enters through the Rafah crossing",
    "Iranian Foreign Ministry: Deputy minister to visit Muscat for regional consultations",
)
TICKER_SIZE = 12
LINKED_ATTRIBUTIONS = ("Al Mayadeen correspondent", "Local sources", "Official statement")


def ticker_pool(articles: Sequence[ArticleSpec], size: int = TICKER_SIZE) -> list[TickerItem]:
    """`size` ticker items: up to four link to recent news (three attributed, one not)."""
    news = [spec for spec in articles if spec.type == "news"] or list(articles)
    recent = news[::-1][::2][:4]
    linked = []
    for number, spec in enumerate(recent):
        if number < len(LINKED_ATTRIBUTIONS):
            text = f"{LINKED_ATTRIBUTIONS[number]}: {spec.headline}"
        elif ": " not in spec.headline:
            text = spec.headline
        else:
            text = f"Breaking: {spec.headline}"
        linked.append(TickerItem(text, spec.url))
    static = [TickerItem(text) for text in STATIC_TICKER[: size - len(linked)]]
    pool: list[TickerItem] = []
    # Linked items spread through the list, as a ticker mixes them.
    for number in range(size):
        source = linked if number % 3 == 1 and linked else static or linked
        pool.append(source.pop(0))
    return pool


def ticker_for_page(pool: Sequence[TickerItem], page_index: int) -> list[TickerItem]:
    """8 to 10 consecutive items of the pool, a different window on each page; any two pages
    in a row show every item between them."""
    size = len(pool)
    count = min(size, 8 + page_index % 3)
    start = (page_index * 5) % size
    return [pool[i] for i in sorted((start + j) % size for j in range(count))]


# ---------------------------------------------------------------- building the site


def folder_for(root: Path, url: str) -> Path:
    """`root/<host>/<path segments>[/_q-<query>]`; the home page is `root/<host>/_home`."""
    parts = urlsplit(url)
    segments = [re.sub(r"[^A-Za-z0-9._-]", "_", s) for s in parts.path.split("/") if s]
    segments = [s if s.strip(".") else "_" for s in segments] or ["_home"]
    if parts.query:
        segments.append("_q-" + re.sub(r"[^A-Za-z0-9._-]", "-", parts.query))
    return root.joinpath(parts.hostname or HOST, *segments)


def save_page(
    root: Path,
    url: str,
    body: bytes,
    status: int = 200,
    headers: dict[str, str] | None = None,
    suffix: str = "html",
) -> Path:
    folder = folder_for(root, url)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"body.{suffix}").write_bytes(body)
    info = {
        "url": url,
        "status": status,
        "headers": headers or {"Content-Type": HTML_TYPE},
        "fetched_at": FETCHED_AT,
    }
    text = json.dumps(info, ensure_ascii=False, indent=2) + "\n"
    (folder / "info.json").write_text(text, encoding="utf-8")
    return folder


ARTICLE_SHAPE = re.compile(
    r"^/(?:news/[^/]+/[^/]+|articles/(?:[^/]+/)?[^/]+|video/[^/]+|in-pictures/[^/]+"
    r"|newscast/\d{4}/\d{1,2}/\d{1,2}/[^/]+|infograph/.+|programs/\d+/[^/]+)/?$"
)
LISTING_SHAPE = re.compile(
    r"^/(?:news|articles)(?:/[^/]+)?/?$|^/(?:region|coverage|authors)/[^/]+/?$"
    r"|^/(?:video|infograph|in-pictures|newscast)/?$"
)
ANCHOR = re.compile(r"<a\b[^>]*?\shref=\"([^\"]*)\"")


def canonical(url: str) -> str:
    """Fragment and `utm_*`/click-id parameters dropped, trailing slash dropped."""
    parts = urlsplit(url)
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_") and k.lower() not in ("fbclid", "gclid")
        ]
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, (parts.hostname or "").lower(), path, query, ""))


def is_followed(url: str) -> bool:
    """A link a complete crawl fetches: article- or listing-shaped, on the site."""
    parts = urlsplit(url)
    if parts.hostname != HOST:
        return False
    return bool(ARTICLE_SHAPE.match(parts.path) or LISTING_SHAPE.match(parts.path))


def page_links(page_url_: str, body: bytes) -> list[str]:
    """Canonical absolute URLs of the page's `<a href>` links."""
    text = body.decode("utf-8")
    return [canonical(urljoin(page_url_, html.unescape(href))) for href in ANCHOR.findall(text)]


def _listing_members(
    articles: Sequence[ArticleSpec], template: Template = TEMPLATES[1]
) -> dict[Listing, list[ArticleSpec]]:
    """Every listing's articles, oldest first: the fixed listings (by URL prefix or region),
    then one page per person author (`/authors/<slug>`, the template's author path) and per
    topic (`/coverage/<slug>`)."""
    members: dict[Listing, list[ArticleSpec]] = {item: [] for item in LISTINGS}
    for spec in articles:
        for item in LISTINGS:
            if spec.path.startswith(item.path + "/") or spec.region == item.title:
                members[item].append(spec)
    for spec in articles:
        for name, slug in zip(spec.authors, spec.author_slugs, strict=True):
            if slug:
                author = Listing(f"{template.author_path}{slug}", name)
                members.setdefault(author, []).append(spec)
    for spec in articles:
        if spec.topic:
            members.setdefault(Listing(f"/coverage/{slugify(spec.topic)}", spec.topic), [])
            members[Listing(f"/coverage/{slugify(spec.topic)}", spec.topic)].append(spec)
    listed = {id(spec) for group in members.values() for spec in group}
    unlisted = [spec.url for spec in articles if id(spec) not in listed]
    if unlisted:
        raise ValueError(f"articles on no listing page: {unlisted[:3]}")
    return members


def _chunks(items: Sequence[ArticleSpec], pages: int) -> list[list[ArticleSpec]]:
    pages = max(1, min(pages, len(items)))
    size = math.ceil(len(items) / pages) if items else 0
    return [list(items[i * size : (i + 1) * size]) for i in range(pages)]


def _related(
    articles: Sequence[ArticleSpec], spec: ArticleSpec, group: Sequence[ArticleSpec], position: int
) -> list[ArticleSpec]:
    """Four "Most Read" (the latest articles) and three "Read Next" (the next ones in `spec`'s
    listing, `group[position]` being `spec`)."""
    most_read = [s for s in articles[-5:][::-1] if s is not spec][:4]
    read_next: list[ArticleSpec] = []
    for step in range(1, len(group)):
        other = group[(position + step) % len(group)]
        if all(other is not s for s in (*most_read, *read_next)):
            read_next.append(other)
        if len(read_next) == 3:
            break
    return most_read + read_next


DEAD_TITLE = "Municipal council postpones vote on coastal road project"
BLOCKED_TITLE = "Regional energy ministers agree to study a shared power market"


def _special_urls(articles: Sequence[ArticleSpec]) -> dict[str, str]:
    politics = [s for s in articles if s.path.startswith("/news/politics/")] or list(articles)
    target = politics[-1]
    tracked = next(
        (s for s in politics if s.region != "US & Canada" and s is not target), politics[0]
    )
    return {
        "dead": f"{BASE}/news/politics/{slugify(DEAD_TITLE)}",
        "blocked": f"{BASE}/news/politics/{slugify(BLOCKED_TITLE)}",
        "redirect": f"{BASE}/news/politics/" + slugify(target.summary),
        "redirect_target": target.url,
        "tracking": tracked.url + "?utm_source=twitter&utm_medium=social#comments",
    }


def build_site(
    root: Path,
    articles: Sequence[ArticleSpec],
    *,
    ticker: Sequence[TickerItem] | None = None,
    pages_per_listing: int = 2,
    special_cases: bool = True,
    template: Template = TEMPLATES[1],
) -> SiteManifest:
    """Write the replay folder for `articles` (in publication order) under `root`, article
    pages in `template`, with `root/expected/records.jsonl` and `root/expected/failures.jsonl`
    (template 1 only: the expected records are written for the first template's pages)."""
    root = Path(root)
    articles = sorted(articles, key=lambda spec: spec.published)
    pool = list(ticker) if ticker is not None else ticker_pool(articles)
    members = _listing_members(articles, template)
    newest_first = articles[::-1]
    page_index = 0
    saved: dict[str, bytes | None] = {}  # URL to its HTML body (None: not an HTML page)

    def save(url: str, body: bytes, status: int = 200, **kwargs: Any) -> None:
        save_page(root, url, body, status, **kwargs)
        html_page = kwargs.get("suffix", "html") == "html" and status == 200
        saved[canonical(url)] = body if html_page else None

    # Each article's "Read Next" comes from the first listing it is on.
    home_group: dict[int, tuple[list[ArticleSpec], int]] = {}
    for group in members.values():
        for position, spec in enumerate(group):
            home_group.setdefault(id(spec), (group, position))
    for index, spec in enumerate(articles):
        related = _related(articles, spec, *home_group[id(spec)])
        save(spec.url, render_article(spec, ticker_for_page(pool, index), related, template))
        page_index += 1

    specials = _special_urls(articles) if special_cases and articles else {}
    by_url = articles_by_url(articles)
    taken = [specials[k] for k in ("dead", "blocked", "redirect") if specials.get(k) in by_url]
    if taken:
        raise ValueError(f"special-case URLs clash with articles: {taken}")
    # Where each special case is linked from: listing path to (page, [(href, title)]).
    extra: dict[str, tuple[int, list[tuple[str, str]]]] = {}
    if specials:
        target = by_url[specials["redirect_target"]]
        tracked = by_url[canonical(specials["tracking"])]
        extra = {
            "/news/politics": (1, [(urlsplit(specials["redirect"]).path, target.headline)]),
            "/news/economy": (1, [(urlsplit(specials["blocked"]).path, BLOCKED_TITLE)]),
            "/region/palestine": (2, [(urlsplit(specials["dead"]).path, DEAD_TITLE)]),
            "/region/us-canada": (1, [(specials["tracking"], tracked.headline)]),
        }

    listing_urls = [f"{BASE}/"]
    for item in members:
        chunks = _chunks(members[item][::-1], pages_per_listing)
        wanted_page, links = extra.get(item.path, (0, []))
        for number, cards in enumerate(chunks, start=1):
            here_links = links if number == min(wanted_page, len(chunks)) else []
            ticker_items = ticker_for_page(pool, page_index)
            body = render_listing(
                item.title, item.url, cards, number, len(chunks), ticker_items, here_links
            )
            url = page_url(item.url, number)
            save(url, body)
            listing_urls.append(url)
            page_index += 1
    topics = [item for item in members if item.path.startswith("/coverage/")]
    home = render_home(newest_first[:12], ticker_for_page(pool, page_index), (*LISTINGS, *topics))
    save(f"{BASE}/", home)

    if specials:
        save(specials["dead"], render_not_found(), 404)
        save(
            specials["blocked"],
            render_challenge(urlsplit(specials["blocked"]).path),
            403,
            headers=dict(CHALLENGE_HEADERS),
        )
        save(
            specials["redirect"],
            b"",
            301,
            headers={"Content-Type": HTML_TYPE, "Location": specials["redirect_target"]},
        )

    months: dict[tuple[int, int], list[str]] = {}
    for spec in newest_first:
        local = spec.published.astimezone(BEIRUT)
        months.setdefault((local.year, local.month), []).append(spec.url)
    sitemap_urls = [f"{BASE}/sitemaps/all.xml"]
    sitemap_urls += [sitemap_url(year, month) for year, month in sorted(months)]
    xml = {"Content-Type": XML_TYPE}
    save(sitemap_urls[0], render_sitemap_index(sitemap_urls[1:]), headers=xml, suffix="xml")
    for (year, month), urls in sorted(months.items()):
        save(sitemap_url(year, month), render_sitemap(urls), headers=xml, suffix="xml")
    feed_url = f"{BASE}/rss"
    save(feed_url, render_rss(newest_first[:10]), headers={"Content-Type": RSS_TYPE}, suffix="xml")
    robots_url = f"{BASE}/robots.txt"
    save(robots_url, render_robots(), headers={"Content-Type": TEXT_TYPE}, suffix="txt")

    failures = {}
    if specials:
        failures[specials["dead"]] = expected_failure(specials["dead"], 404, "not_found")
        failures[specials["blocked"]] = expected_failure(specials["blocked"], 403, "blocked")
    for url, body in list(saved.items()):
        if body is None:
            continue
        for link in page_links(url, body):
            if is_followed(link) and link not in saved and link not in failures:
                failures[link] = expected_failure(link, 404, "not_found")
    records = [expected_record(spec) for spec in articles]
    records += [expected_breaking(item) for item in pool]
    records.sort(key=record_sort_key)
    failure_list = [failures[url] for url in sorted(failures)]
    if template is TEMPLATES[1]:
        expected_dir = root / "expected"
        expected_dir.mkdir(parents=True, exist_ok=True)
        write_jsonl(expected_dir / "records.jsonl", records)
        write_jsonl(expected_dir / "failures.jsonl", failure_list)
    return SiteManifest(
        root=root,
        article_urls=[spec.url for spec in articles],
        listing_urls=listing_urls,
        sitemap_urls=sitemap_urls,
        feed_urls=[feed_url],
        robots_url=robots_url,
        special_urls=specials,
        records=records,
        failures=failure_list,
        saved_urls=sorted(saved),
    )


def articles_by_url(articles: Sequence[ArticleSpec]) -> dict[str, ArticleSpec]:
    return {spec.url: spec for spec in articles}


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )


# ---------------------------------------------------------------- command line

GENERATED = (HOST, "expected")
KEPT = ("README.md",)


def clear_site(root: Path) -> None:
    """Remove what a previous build wrote (README.md stays); refuse to touch anything else."""
    if not root.exists():
        return
    unknown = sorted(p.name for p in root.iterdir() if p.name not in GENERATED + KEPT)
    if unknown:
        raise SystemExit(f"{root} holds files the generator did not write: {', '.join(unknown)}")
    for name in GENERATED:
        if (root / name).exists():
            shutil.rmtree(root / name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testkit.sitegen", description=__doc__)
    parser.add_argument("folder", type=Path, help="where to write the site (e.g. fixtures/site)")
    parser.add_argument("--count", type=int, default=30, help="number of articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pages-per-listing", type=int, default=2)
    parser.add_argument(
        "--template",
        type=int,
        choices=sorted(TEMPLATES),
        default=1,
        help="the article template: 1, the site's; 2, a redesign (fixtures/site-changed)",
    )
    args = parser.parse_args(argv)
    clear_site(args.folder)
    manifest = build_site(
        args.folder,
        site_articles(args.count, args.seed),
        pages_per_listing=args.pages_per_listing,
        template=TEMPLATES[args.template],
    )
    breaking = sum(1 for r in manifest.records if r.get("type") == "breaking")
    expected = (
        f"; {len(manifest.records)} expected records ({breaking} breaking),"
        f" {len(manifest.failures)} expected failures"
        if args.template == 1
        else f" in template {args.template} (no expected records)"
    )
    print(
        f"wrote {len(manifest.saved_urls)} pages to {args.folder}: "
        f"{len(manifest.article_urls)} articles, {len(manifest.listing_urls)} home and listing"
        f" pages, {len(manifest.sitemap_urls)} sitemaps, {len(manifest.feed_urls)} feed"
        + expected
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
