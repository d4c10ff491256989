"""The body of an article on a page of any site: which element holds the story, and its text
blocks in reading order without the page's furniture (share bars, related links, captions, ads).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from lxml.html import HtmlElement

from newscrawl.extraction.page import (
    BLOCK_TAGS,
    DESCEND,
    DIGIT,
    SKIP,
    SKIP_TAGS,
    raw_text,
    walk_blocks,
)
from newscrawl.normalize.bylines import BYLINE_START
from newscrawl.normalize.dates import date_in_line
from newscrawl.normalize.text import clean_text, collapse_whitespace

# The blocks of a body (`page.BLOCK_TAGS`) and what is never text (`page.SKIP_TAGS`),
# plus media elements, whose fallback text ("please enable JavaScript") is not the story.
NOT_CONTENT = SKIP_TAGS | {"video", "audio", "picture", "canvas", "object", "embed"}
# Class and id words of furniture (regular expressions, matched anywhere in `class` and `id`).
BOILERPLATE_WORDS = (
    r"share", r"social", r"related", r"recommend", r"newsletter", r"subscri", r"promo", r"advert",
    r"\bads?\b", r"sponsor", r"cookie", r"comment", r"footer", r"breadcrumb", r"byline",
    r"author-bio", r"tags?\b", r"caption", r"credit", r"signup", r"sign-up", r"most-read",
    r"trending", r"read-more", r"readmore", r"more-from", r"outbrain", r"taboola",
    r"video-?player", r"gallery", r"slideshow", r"carousel", r"consent", r"privacy", r"popup",
    r"modal", r"alert", r"\bcta\b", r"login", r"signin", r"account", r"articlelist",
    r"instagram", r"tiktok", r"embed", r"poll\b", r"quiz", r"survey", r"postmeta", r"post-meta",
    r"entry-meta", r"entry-footer",
)  # fmt: skip


def _by_first_letter(words: tuple[str, ...]) -> str:
    """`words` as one alternation grouped by their first letter ("s(?:hare|ocial)|r(?:elated)"):
    the same matches, and at each position of the text only the group of its letter is tried
    (two to three times faster on class names than a flat alternation). A word anchored at the
    start of a word (`\\bads?\\b`) joins its letter's group with the anchor checked behind the
    letter (`a(?<!\\wa)ds?\\b`, the same test): when every alternative begins with a letter, the
    regex engine skips in C the positions where none can begin (twice as fast again)."""
    groups: dict[str, list[str]] = {}
    anchored = []
    for word in words:
        if word.startswith(r"\b") and word[2:3].isalpha():
            groups.setdefault(word[2], []).append(rf"(?<!\w{word[2]}){word[3:]}")
        elif word[0].isalpha():
            groups.setdefault(word[0], []).append(word[1:])
        else:
            anchored.append(word)
    return "|".join(
        [*anchored, *(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())]
    )


class ClassWords:
    """Words sought in `class` and `id` attributes whatever their case (the pattern is written
    in lower case). An ASCII string, nearly every one, is lower-cased and searched by the
    case-sensitive pattern: for ASCII that is what `re.I` does, in less than half the time."""

    __slots__ = ("_any_case", "_lower_case")

    def __init__(self, pattern: str) -> None:
        self._lower_case = re.compile(pattern)
        self._any_case = re.compile(pattern, re.I)

    def found_in(self, text: str) -> bool:
        if text.isascii():
            return self._lower_case.search(text.lower()) is not None
        return self._any_case.search(text) is not None


BOILERPLATE = ClassWords(_by_first_letter(BOILERPLATE_WORDS))
# Class and id words of readers' comments ("comments-area", "comment-body", Disqus's thread);
# not "comments-open" or "comments-enabled" (a flag that the page takes comments, often on the
# body or the story) or a comment count.
COMMENTS = ClassWords(
    r"(?<![a-z])(?:comments?(?![a-z]|-(?:open|closed|enabled|disabled|allowed|count|link|number))"
    r"|disqus)"
)
STRUCTURE_TAGS = frozenset({
    "div", "p", "section", "article", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "figure", "header", "footer", "aside", "nav", "main", "form", "pre",
})  # fmt: skip

# Where text sits outside any paragraph element ("text<br><br>text" in a `<div>` that also holds
# blocks, or in a `<td>`, a `<font>` or the `<body>` itself with nothing but line breaks): each
# run of such inline content becomes a `<p>` of its own before the body is sought.
LOOSE_TEXT_HOSTS = (
    "div", "section", "article", "main", "td", "th", "dd", "center", "font", "span", "body",
)  # fmt: skip
# What makes a host worth a closer look (`_is_block` and `_line_runs` then decide): a child
# that is a block or a line break, and text of its own (XPath's whitespace is not text).
HOST_CHILDREN = frozenset({
    "p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure",
    "section", "pre", "dl", "br",
})  # fmt: skip
XML_SPACE = " \t\r\n"
# A host without blocks is a story written in lines when its line breaks separate at least this
# many runs of text (not an address, nor a teaser's title and blurb).
LINE_RUNS = 3
INLINE_BREAK = "br"
LINK = "a"
# Shorter runs (a signature, "Read more") are left as they are: not a paragraph.
LOOSE_RUN_CHARS = 25
# Cells of a table in the story: one block per row (a row of a layout table, whose cells hold
# blocks, is read block by block).
ROW_TAGS = ("tr",)
# Elements that hold a paragraph when they hold text and no blocks (text leaves).
TEXT_LEAF_TAGS = ("div", "section", "td", "dd", "dt")
# Preformatted text (code, a poem, a transcript) is a paragraph of the story.
PREFORMATTED = "pre"
# Elements measured as paragraphs (besides list items).
PARAGRAPH_TAGS = frozenset({"p", PREFORMATTED, *TEXT_LEAF_TAGS})
# Elements that are a part of a story, never its whole.
PART_TAGS = frozenset({"blockquote", "ul", "ol", "li", "dl", "table", "tbody", "tr", "td", "p"})
# A `<p>` is a paragraph for sure; a text-only `<div>` or a list item may be a teaser's text:
# it counts for less when the container of the story is chosen.
WEAK_PARAGRAPH = 0.3
# The story's container is the deepest element holding this share of the paragraph text.
SHARE = 0.7
# Paragraphs beside the container, in its parent, worth this share of its text join the story.
SIBLING_SHARE = 0.1
# When the blocks read keep less than KEPT_SHARE of the container's paragraph text, an element
# holding CORE_SHARE of it is read even if its class says furniture.
KEPT_SHARE = 0.3
CORE_SHARE = 0.5


def _squashed_length(text: str) -> int:
    """The length of `text` with its whitespace runs made single spaces (`clean_text`'s entity
    and Unicode work is for the text that is kept)."""
    return len(collapse_whitespace(text))


UNMEASURED = -1  # `PageTexts`: an element not measured yet (a length is None or positive)


class PageTexts:
    """What the body finder measures of a page's elements, each measured once however often it
    is asked (the article element's reading, the whole page's, the container's blocks)."""

    __slots__ = ("_links", "_paragraphs", "_raw")

    def __init__(self) -> None:
        self._raw: dict[HtmlElement, str] = {}
        self._links: dict[HtmlElement, int] = {}
        self._paragraphs: dict[HtmlElement, int | None] = {}

    def raw(self, element: HtmlElement) -> str:
        """The element's text, as `text_content()` gives it."""
        text = self._raw.get(element)
        if text is None:
            text = self._raw[element] = raw_text(element)
        return text

    def link_length(self, element: HtmlElement) -> int:
        """The length of the text of the element's links (whitespace runs counted once)."""
        if not len(element):
            return 0  # no child: no link
        length = self._links.get(element)
        if length is None:
            length = self._links[element] = sum(
                _squashed_length(self.raw(a)) for a in element.iter(LINK)
            )
        return length

    def paragraph_length(self, element: HtmlElement) -> int | None:
        """The length of a paragraph-like element's text worth scoring (a `<p>`, a text leaf, a
        list item without links), whitespace runs counted once; None for any other element."""
        length = self._paragraphs.get(element, UNMEASURED)
        if length is UNMEASURED:
            length = self._paragraphs[element] = self._measure_paragraph(element)
        return length

    def _measure_paragraph(self, element: HtmlElement) -> int | None:
        tag = element.tag
        if tag == "li":
            # List items without links are content (a list of nominees), menus are links. A
            # menu's item starts with its link, the first `iter(LINK)` would find: known
            # without building an iterator.
            if len(element):
                first = element[0]
                if first.tag == LINK and (first.text or "").strip():
                    return None
            for link in element.iter(LINK):
                if (link.text or "").strip() or _squashed_length(self.raw(link)):
                    return None
            return _squashed_length(self.raw(element)) or None
        if not len(element):  # no child: no link, and no block (a text leaf if a leaf's tag)
            if tag not in PARAGRAPH_TAGS:
                return None
            text = element.text or ""  # all of its text (`raw_text`)
            if len(text) < 25:
                return None  # too short before its spaces are even counted
            self._raw[element] = text
            length = _squashed_length(text)
            return length if length >= 25 else None
        if tag != "p" and tag != PREFORMATTED and not _is_text_leaf(element, tag):
            return None
        raw = self.raw(element)
        if len(raw) < 25:
            return None  # squashed, it is no longer
        length = _squashed_length(raw)
        if length < 25 or self.link_length(element) / length > 0.5:
            return None
        return length


@lru_cache(maxsize=4096)
def _attributes_match(words: ClassWords, attributes: str) -> bool:
    return bool(attributes.strip() and words.found_in(attributes))


def has_class_words(element: HtmlElement, words: ClassWords) -> bool:
    """Whether the element's `class` or `id` holds one of `words` (each class string matched
    once per page, however many elements carry it)."""
    classes, name = element.get("class"), element.get("id")
    return bool(classes or name) and _attributes_match(words, f"{classes or ''} {name or ''}")


def is_boilerplate(element: HtmlElement, tag: object = None) -> bool:
    """Navigation, a form, a share bar, an ad… by its tag or its class words (`tag`: the
    element's, when the caller has read it already: lxml builds the string at every reading)."""
    return (element.tag if tag is None else tag) in NOT_CONTENT or has_class_words(
        element, BOILERPLATE
    )


def _is_block(node: HtmlElement) -> bool:
    return isinstance(node.tag, str) and (
        node.tag in STRUCTURE_TAGS
        or node.tag in BLOCK_TAGS
        or node.tag in NOT_CONTENT
        or node.tag in ("dl", "tr")
    )


def _is_text_leaf(element: HtmlElement, tag: object) -> bool:
    """A `<div>` (or `<section>`, a table cell, a definition) that holds text and no blocks: a
    paragraph by another name (`tag`: the element's, read once by the caller)."""
    if tag not in TEXT_LEAF_TAGS:
        return False
    # A loop, not `all()` over a generator: a quarter faster on a page's `<div>`s.
    for child in element:  # noqa: SIM110
        if child.tag in STRUCTURE_TAGS:  # a comment's tag is a function: never in the set
            return False
    return True


def _is_data_row(row: HtmlElement) -> bool:
    """A table row whose cells hold text, not blocks (a layout table's row holds the page)."""
    return next(row.iter(*ROW_BLOCKS), None) is None


ROW_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote")


def _run_text(text: str | None, run: list[HtmlElement]) -> str:
    parts = [text or ""]
    for node in run:
        if isinstance(node.tag, str):
            parts.append(raw_text(node))
        parts.append(node.tail or "")
    return clean_text(" ".join(parts))


def wrap_loose_text(root: HtmlElement) -> None:
    """Give every run of loose inline content (text, links, emphasis) that sits between the
    blocks of an element, or between its `<br>`s, a `<p>` of its own, so that text written
    without paragraph elements is read like text written with them. Elements without blocks
    (text leaves) are left as they are: they are paragraphs already. One pass, linear."""
    hosts, line_breaks = [], []
    for e in root.iter(*LOOSE_TEXT_HOSTS, INLINE_BREAK):  # one walk of the page for both
        if e.tag == INLINE_BREAK:
            line_breaks.append(e)
        elif not len(e):
            continue  # most hosts: no child, no loose text
        elif _may_hold_loose_text(e) and (
            any(_is_block(c) for c in e) or _line_runs(e) >= LINE_RUNS
        ):
            hosts.append(e)
    # A line break separates words: "Tampa, FL<br>June 10" is not "FLJune".
    for line_break in line_breaks:
        line_break.tail = "\n" + (line_break.tail or "")
    for host in hosts:
        _wrap_runs(host)


def _may_hold_loose_text(host: HtmlElement) -> bool:
    """Whether the host has text of its own (its text, or a child's tail) and a child that is a
    block or a line break. Most hosts fail at the first test (`len`: no child at all), and the
    page's other elements are never visited in Python (`iter` filters the tags in C): three
    times faster than the XPath expression that said the same."""
    if not len(host):
        return False
    if not holds_text(host.text):
        for child in host:
            if holds_text(child.tail):
                break
        else:
            return False
    return any(child.tag in HOST_CHILDREN for child in host)


# Strings of XML whitespace met so far: a page's indentation ("\n" and a few spaces, the same at
# every level of the tree), between most of its elements. A string is looked up in a set faster
# than `str.strip(XML_SPACE)` tests its characters against the four, one by one (a quarter of
# the time of `wrap_loose_text`'s walk). Bounded: a page that made up new ones at every element
# would not fill the memory.
XML_BLANKS: set[str] = set()
XML_BLANKS_LIMIT = 4096


def holds_text(text: str | None) -> bool:
    """Whether `text` has a character that is not XML whitespace (`text.strip(XML_SPACE)`)."""
    if not text or text in XML_BLANKS:
        return False
    if text.strip(XML_SPACE):
        return True
    if len(XML_BLANKS) < XML_BLANKS_LIMIT:
        XML_BLANKS.add(text)
    return False


def _line_runs(host: HtmlElement) -> int:
    """How many runs of text of `LOOSE_RUN_CHARS` or more the host's line breaks separate."""
    runs, length = 0, len((host.text or "").strip())
    for child in host:
        if child.tag == INLINE_BREAK:
            runs += length >= LOOSE_RUN_CHARS
            length = 0
        elif isinstance(child.tag, str):
            length += len(raw_text(child))
        length += len((child.tail or "").strip())
    return runs + (length >= LOOSE_RUN_CHARS)


def _wrap_runs(host: HtmlElement) -> None:
    children = list(host)
    run_text, host.text = host.text, None
    run: list[HtmlElement] = []
    position = 0

    def flush() -> None:
        nonlocal position, run_text, run
        if len(_run_text(run_text, run)) >= LOOSE_RUN_CHARS:
            paragraph = host.makeelement("p", {})
            paragraph.text = run_text
            for element in run:
                paragraph.append(element)  # moves it, with its tail
            host.insert(position, paragraph)
            position += 1
        else:
            for element in run:
                host.insert(position, element)
                position += 1
        run_text, run = None, []

    for child in children:
        if _is_block(child) or child.tag == INLINE_BREAK:
            flush()
            tail, child.tail = child.tail, None
            host.insert(position, child)
            position += 1
            run_text = tail
        else:
            run.append(child)
    flush()


def _paragraph_totals(root: HtmlElement, texts: PageTexts) -> dict[HtmlElement, float]:
    """The weighted paragraph text under each element of `root` (text-only `<div>`s and list
    items weigh `WEAK_PARAGRAPH` of a `<p>`: on a short story above a long list of teasers, the
    story's paragraphs still lead). Paragraphs of readers' comments are not counted."""
    totals: dict[HtmlElement, float] = {}
    # The ancestors of each paragraph's parent up to `root` (`_ancestors`).
    chains: dict[HtmlElement, list[HtmlElement] | None] = {}
    for element in root.iter("p", "li", PREFORMATTED, *TEXT_LEAF_TAGS):
        length = texts.paragraph_length(element)
        if length is None or is_boilerplate(element):
            continue
        chain = _ancestors(element.getparent(), root, chains)
        if chain is None:
            continue
        weight = length * (1.0 if element.tag == "p" else WEAK_PARAGRAPH)
        for node in chain:
            totals[node] = totals.get(node, 0.0) + weight
    return totals


def _ancestors(
    node: HtmlElement | None,
    root: HtmlElement,
    chains: dict[HtmlElement, list[HtmlElement] | None],
) -> list[HtmlElement] | None:
    """`node` and its ancestors up to `root`; None when one of them (not `root`) is readers'
    comments, never the story however long they run. Each element's chain is its own and its
    parent's, kept in `chains`: every element is looked at once per page."""
    path = []
    while node is not None and node not in chains:
        path.append(node)
        node = None if node is root else node.getparent()
    chain = [] if node is None else chains[node]
    for element in reversed(path):
        if chain is not None and (element is root or not has_class_words(element, COMMENTS)):
            chain = [element, *chain]
        else:
            chain = None
        chains[element] = chain
    return chain


def _depths(elements: Iterable[HtmlElement]) -> dict[HtmlElement, int]:
    """How many ancestors each element has, each ancestor's count found once."""
    depth: dict[HtmlElement, int] = {}
    for element in elements:
        chain = []
        node: HtmlElement | None = element
        while node is not None and node not in depth:
            chain.append(node)
            node = node.getparent()
        level = -1 if node is None else depth[node]
        for item in reversed(chain):
            level += 1
            depth[item] = level
    return depth


def _container(
    root: HtmlElement, totals: dict[HtmlElement, float], texts: PageTexts
) -> HtmlElement | None:
    """The deepest element under `root` that holds `SHARE` of its paragraph text (a body cut into
    many wrappers, around ads or pictures, stays whole), never a quote, list or table."""
    if not totals:
        return None
    whole = max(totals.values())
    depth = _depths(totals)
    fitting = [e for e, total in totals.items() if total >= SHARE * whole]
    chosen = max(fitting, key=lambda e: depth[e])
    # A long quote or list inside the story is part of it: the story is around it.
    while chosen.tag in PART_TAGS and chosen is not root and chosen.getparent() is not None:
        chosen = chosen.getparent()
    # A story split in two (a free lead, then the rest in a paywall or "more" box): the lead's
    # paragraphs sit beside the container, in its parent.
    parent = chosen.getparent()
    if chosen is not root and parent is not None:
        beside = sum(
            length
            for child in parent
            if child is not chosen and isinstance(child.tag, str)
            and (length := texts.paragraph_length(child)) and not is_boilerplate(child)
        )  # fmt: skip
        if beside >= SIBLING_SHARE * totals[chosen]:
            chosen = parent
    return chosen


def read_body(root: HtmlElement, texts: PageTexts | None = None) -> list[dict[str, str]]:
    """The story's text blocks under `root` (the page, or its article element); `texts`: what
    an earlier reading of the same page measured."""
    texts = texts or PageTexts()
    totals = _paragraph_totals(root, texts)
    container = _container(root, totals, texts)
    if container is None:
        return []
    blocks = text_blocks(container, texts)
    whole = totals.get(container, 0.0)
    if sum(len(b["text"]) for b in blocks) >= KEPT_SHARE * whole:
        return blocks
    # Most of the story's text was dropped as furniture: an element holding most of it is not
    # furniture, whatever its class says (a <body> marked "modal-open", a story in a "widget").
    return text_blocks(container, texts, lambda e: totals.get(e, 0.0) >= CORE_SHARE * whole > 0)


def text_blocks(
    container: HtmlElement,
    texts: PageTexts,
    is_core: Callable[[HtmlElement], bool] = lambda _: False,
) -> list[dict[str, str]]:
    """The container's paragraphs, headings, quotes, list items and table rows in order,
    without the boilerplate inside it (share bars, related links, captions, ads), except in the
    elements `is_core` says hold the story."""

    def visit(element: HtmlElement) -> str | dict[str, str]:
        tag = element.tag  # read once: lxml builds the string at every reading
        inner = element is not container  # the container itself is never boilerplate
        if inner and is_boilerplate(element, tag) and not is_core(element):
            return SKIP
        if tag == LINK:
            return SKIP  # blocks inside a link: a teaser's card, not the story's text
        kind = BLOCK_TAGS.get(tag)
        if kind is None and (tag == PREFORMATTED or (tag in ROW_TAGS and _is_data_row(element))):
            kind = "paragraph"
        if kind is None and inner and _is_text_leaf(element, tag):
            if texts.paragraph_length(element) is None:
                return SKIP
            kind = "paragraph"
        if kind is None:
            return DESCEND
        text = clean_text(texts.raw(element))
        limit = 0.8 if kind == "paragraph" else 0.5  # link lists are not text
        if text and texts.link_length(element) / len(text) < limit and not _is_furniture(text):
            return {"kind": kind, "text": text}
        return SKIP

    return list(walk_blocks([container], visit))


# A picture credit line ("Foto: Reuters").
CREDIT_LINE = re.compile(
    r"^(?:foto|photo|picture|bild|image|credit|source|quelle|fuente)s?\s*:", re.I
)
# A clock time ("14:07", "09.36"), not a decimal or a price ("0.86%", "$1,472.19", "£23.99").
CLOCK_TIME = re.compile(r"(?<![\d,.$£€¥])\d{1,2}[:.]\d{2}(?![\d%,.]|\.\d)")
# Words beside a time that still make it a time line ("Updated 15.59 | Published 14.14",
# "5 hours ago 07:32 Jon King"), not a sentence with a time in it.
TIME_LINE_WORDS = 4


# Lines that label a box, not a story's text: "Read more", "Lesen Sie auch", "Advertisement",
# a rule of underscores.
LABEL_LINE = re.compile(
    r"^(?:read (?:more|also|next)|see also|more on this|related(?: articles?| stories)?"
    r"|advertisement|anzeige|werbung|publicité|publicidad|pubblicità|annonse|annons"
    r"|lesen sie (?:auch|mehr)|auch interessant|mehr zum thema|das könnte sie auch interessieren"
    r"|lire aussi|à lire aussi|voir aussi|lea también|leer más|leggi anche|les også|läs också"
    r"|copy link(?: copied)?|(?:top rated |most popular |\d+ )?comments?|[_\-–—*•]{3,}"
    r"|you (?:may|might) also like|don'?t miss|related roundup: .*|popular on .*"
    r"|noticias? relacionadas?|【?関連記事】?)\s*[.:…]*$",
    re.I,
)
# A copyright line ("© dpa-infocom", "Copyright © 2023 The Washington Times, LLC.").
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.I)
# A story's teaser time, relative to now: "5 hours ago", "vor 22 Stunden", "il y a 3 heures".
RELATIVE_TIME = re.compile(
    r"^(?:(?:\d+|an?|one)\s+\w+\s+ago|vor\s+\w+\s+\w+|il y a\s+\w+\s+\w+|hace\s+\w+\s+\w+)$",
    re.I,
)


def _is_date_line(text: str) -> bool:
    """A date line ("28.04.2024 | 09:36 Uhr", "Updated 02.02.2025 23:49") or a time line
    ("18:47 Jane Rivera"): a date near its start, or a clock time with a few words beside it."""
    if DIGIT.search(text) is None:
        return False
    if date_in_line(text) is not None:
        return True
    rest, times = CLOCK_TIME.subn(" ", text)
    return times > 0 and sum(1 for w in rest.split() if any(c.isalpha() for c in w)) <= (
        TIME_LINE_WORDS
    )


def _is_furniture(text: str) -> bool:
    """A short line that is not the story's: a date and time line, a picture credit ("Foto:
    Reuters"), a byline, a box's label ("Read more", "Advertisement")."""
    words = len(text.split(maxsplit=12))  # 13 means more: no rule below asks past 12
    return (
        (words <= 10 and (bool(CREDIT_LINE.match(text)) or _is_date_line(text)))
        or (words <= 6 and bool(BYLINE_START.match(text)))  # "By Jane Rivera", "Von Nina Magoley"
        or (words <= 8 and bool(LABEL_LINE.match(text)))
        or (words <= 12 and bool(COPYRIGHT.match(text)))
        or (words <= 4 and bool(RELATIVE_TIME.match(text)))
        or _is_markup(text)
    )


def _is_markup(text: str) -> bool:
    """Markup written as text, not read: an editor's escaped bookmark (`<span
    data-mce-type="bookmark" …></span>`, or `&lt;span …&gt;`)."""
    return text.startswith(("<", "&lt;")) and text.endswith((">", "&gt;")) and "=" in text


def body_from_ld(article_body: str) -> list[dict[str, str]]:
    parts = [clean_text(part) for part in re.split(r"\n\s*\n|\n", article_body)]
    return [{"kind": "paragraph", "text": part} for part in parts if part]
