"""HTML: the visible article text, one paragraph per block element.

Parsed with selectolax (the lexbor HTML5 parser: the browser's tree, entities
decoded). Scripts, styles, navigation, header, footer, asides and forms are left
out; when the page has a ``<main>`` or ``<article>``, only the one holding the most
text is read. Block elements become paragraphs separated by a blank line, ``<br>``
a line break; runs of whitespace inside a block collapse to one space, as a browser
shows them (``<pre>`` keeps its line breaks). The stored text is this rendering, and every
offset points into it.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.model import Document
from kg.reading import UnusableDocument, make_document, read_text_file, register_reader

SKIPPED = frozenset(
    "script style noscript template nav header footer aside form svg iframe head button select".split()
)
BLOCKS = frozenset(
    """p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot tr caption blockquote pre
    section article main figure figcaption hr address details summary body html""".split()
)
CELLS = frozenset(("td", "th"))
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; a no-break space is kept


@register_reader((".html", ".htm"), "text/html")
def read_html(path: Path) -> Document:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(read_text_file(path))
    root = _article(tree)
    if root is None:
        raise UnusableDocument(path, "no <body> in the HTML")
    text = html_text(root)
    if not text.strip():
        raise UnusableDocument(path, "no visible text in the HTML (only scripts, navigation or markup)")
    heading = tree.css_first("h1") or tree.css_first("title")
    title = _SPACE.sub(" ", heading.text()).strip() if heading is not None else None
    return make_document(path, text, "text/html", title=title or None)


def _article(tree):  # type: ignore[no-untyped-def]
    """The main content node: the ``<main>``/``<article>`` with the most text, else the body."""
    candidates = tree.css("main, article")
    if candidates:
        return max(candidates, key=lambda node: len(node.text(strip=True)))
    return tree.body


def html_text(root) -> str:  # type: ignore[no-untyped-def]
    """The rendering described in the module docstring."""
    blocks: list[str] = []
    line: list[str] = []

    def end_block() -> None:
        text = "".join(line)
        text = "\n".join(part.strip(" ") for part in text.split("\n")).strip()
        if text:
            blocks.append(text)
        line.clear()

    stack = [(root, False, False)]  # node, leaving?, inside <pre>?
    while stack:
        node, leaving, in_pre = stack.pop()
        tag = node.tag
        if leaving:
            if tag in BLOCKS:
                end_block()
            elif tag in CELLS and line and not line[-1].endswith(" "):
                line.append(" ")
            continue
        if tag == "-text":
            raw = node.text_content or ""
            if not in_pre:
                raw = _SPACE.sub(" ", raw)
                if raw.startswith(" ") and (not line or line[-1].endswith((" ", "\n"))):
                    raw = raw[1:]  # the space between two inline elements, once
            line.append(raw)
        elif tag == "br":
            line.append("\n")
        elif tag in SKIPPED or tag.startswith("-"):  # comments, doctype
            continue
        else:
            if tag in BLOCKS:
                end_block()
            stack.append((node, True, in_pre))
            children = list(node.iter(include_text=True))
            stack.extend((child, False, in_pre or tag == "pre") for child in reversed(children))
    end_block()
    return "\n\n".join(blocks)
