"""The pictures of a story on a page of any site, with their captions and credits: each
`<figure>` of the article with an image, its `<figcaption>` the caption, and the credit a
`<cite>` or `.credit` element of the figure, else written in the caption ("Harbour Street at
dawn. (Lena Park / Example News)", "... Photo: Reuters").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.page import raw_text
from newscrawl.normalize.text import clean_text
from newscrawl.normalize.urls import safe_join

MAX_FIGURES = 30
IMAGE_SOURCES = ("src", "data-src", "data-original", "data-lazy-src")
WEB_URL = re.compile(r"https?://\S+$")
CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|author|rights", re.I)
# A credit written in the caption: "(Name / Agency)" at the end, or a "Photo:" label.
CREDIT_IN_PARENTHESES = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{2,80})\)\s*$", re.S)
CREDIT_LABEL = re.compile(
    r"(?:^|\s|[|/])(?P<credit>(?:photo|foto|picture|bild|image|credit|fotos|quelle|source|©)"
    r"\s*(?::|by|©)?\s*[^|]{2,80})$",
    re.I,
)


def _web_url(page_url: str, value: str) -> str | None:
    url = safe_join(page_url, value)
    return url if url and WEB_URL.match(url) else None


def _image_url(figure: HtmlElement, page_url: str) -> str | None:
    """The figure's image: its `src` (or a lazy loader's attribute), else its first `srcset`
    entry; inline `data:` images and other non-web addresses are not URLs of a picture."""
    for image in figure.iter("img", "source"):
        for attribute in IMAGE_SOURCES:
            if url := _web_url(page_url, image.get(attribute) or ""):
                return url
        srcset = (image.get("srcset") or image.get("data-srcset") or "").split()
        if srcset and (url := _web_url(page_url, srcset[0])):
            return url
    return None


def _credit_element(figure: HtmlElement) -> HtmlElement | None:
    """A `<cite>` or an element whose class says credit, anywhere in the figure."""
    for element in figure.iterdescendants():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # a comment
        if tag == "cite":
            return element
        # Most of a figure's elements (its picture's sources, the image) have neither
        # attribute: nothing to search.
        classes, name = element.get("class"), element.get("id")
        if (classes or name) and CREDIT_CLASS.search(f"{classes or ''} {name or ''}"):
            return element
    return None


def caption_and_credit(figure: HtmlElement) -> tuple[str | None, str | None]:
    """A figure's caption (its `<figcaption>`) and credit (either None when it has none)."""
    figcaption = next(figure.iter("figcaption"), None)
    text = clean_text(raw_text(figcaption)) if figcaption is not None else ""
    marked = _credit_element(figure)
    credit = clean_text(raw_text(marked)) if marked is not None else ""
    if credit:
        caption = clean_text(text.replace(credit, " "))
        return caption or None, credit
    if match := CREDIT_IN_PARENTHESES.match(text):
        return clean_text(match["caption"]) or None, clean_text(match["credit"])
    if (match := CREDIT_LABEL.search(text)) and match.start("credit") > 0:
        return clean_text(text[: match.start("credit")]).rstrip(" |/") or None, match["credit"]
    return text or None, None


def figures(root: HtmlElement, page_url: str) -> list[dict[str, str | None]]:
    """`{"url", "caption", "credit"}` of each `<figure>` under `root` that holds an image."""
    found: list[dict[str, str | None]] = []
    for figure in root.iter("figure"):
        url = _image_url(figure, page_url)
        if url is None:
            continue
        caption, credit = caption_and_credit(figure)
        found.append({"url": url, "caption": caption, "credit": credit})
        if len(found) >= MAX_FIGURES:
            break
    return found


def _key(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1].lower()


def with_figures(
    images: list[dict[str, str | None]], shown: list[dict[str, str | None]]
) -> list[dict[str, str | None]]:
    """The metadata's images, each given the caption and credit of the figure showing it (the
    same file name), then the story's other figures, in page order, without repeats."""
    merged = [dict(image) for image in images]
    by_key = {_key(image["url"] or ""): image for image in merged}
    for figure in shown:
        key = _key(figure["url"] or "")
        known = by_key.get(key)
        if known is not None:
            known["caption"] = known["caption"] or figure["caption"]
            known["credit"] = known["credit"] or figure["credit"]
        elif figure["url"] not in (image["url"] for image in merged):
            merged.append(figure)
            by_key[key] = figure
    return merged
