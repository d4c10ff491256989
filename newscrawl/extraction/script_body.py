"""A story whose text the page only carries in its script data (a React or Next.js page that
builds the article in the browser): the longest HTML string of the scripts' JSON, read as a body.
Used only when the page shows (almost) no text of its own.
"""

from __future__ import annotations

import json
import re

import lxml.html
from lxml.etree import ParserError

# A JSON string literal of 200 or more characters (each character matched one way: linear).
STRING_LITERAL = re.compile(r'"((?:[^"\\]|\\.){200,})"')
# An HTML paragraph, as written in JSON (`<p>`, `\u003cp>`) or in JSON inside JSON.
PARAGRAPH_MARK = re.compile(r"<p[\s>]|\\+u003cp[\s>\\]", re.I)
MAX_SCRIPT_CHARS = 5_000_000  # what is searched, over all scripts


def _decoded(literal: str) -> str | None:
    """The text a JSON string literal holds, decoded once more if it is JSON inside JSON."""
    text = literal
    for _ in range(2):
        try:
            text = json.loads(f'"{text}"')
        except ValueError:
            return None
        if "<p" in text:
            return text
    return None


def html_in_scripts(scripts: list[str]) -> lxml.html.HtmlElement | None:
    """The longest HTML with paragraphs found in string literals of `scripts`, parsed."""
    best: str | None = None
    budget = MAX_SCRIPT_CHARS
    for script in scripts:
        if budget <= 0:
            break
        budget -= len(script)
        for match in STRING_LITERAL.finditer(script):
            literal = match.group(1)
            if (best is None or len(literal) > len(best)) and PARAGRAPH_MARK.search(literal):
                decoded = _decoded(literal)
                if decoded is not None and (best is None or len(decoded) > len(best)):
                    best = decoded
    if best is None:
        return None
    try:
        return lxml.html.fragment_fromstring(best, create_parent="div")
    except (ParserError, ValueError):
        return None
