"""Markdown that people write (comments, and later SOPs), rendered to HTML that is safe to show.

Markdown passes raw HTML through, so its output is only ever shown after nh3 has cut it down to
an allow-list: no script, no event handlers, no style, links only to http, https and mailto.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown as markdown_lib  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "span",
    }
)

_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    attributes={"a": {"href", "title"}},
    # A mention is the one span a comment may hold (see `_Mentions`).
    allowed_classes={"span": {"mention"}},
    url_schemes={"http", "https", "mailto"},
    # Relative links ("/x", "//evil.example") are dropped: a comment links out, or not at all.
    url_relative="deny",
    link_rel="noopener nofollow",
)

# A page already has its h1 and h2: headings in a comment start at h3.
_TOP_HEADING = re.compile(r"<(/?)h[12]>")


# A pasted address becomes a link, as people expect; trailing punctuation stays text.
# \x02 and \x03 delimit Markdown's placeholders for raw HTML.
_BARE_URL = re.compile(r"https?://[^\s<>\"'()\[\]\x02\x03]*[^\s<>\"'()\[\]\x02\x03.,;:!?]")
_NOT_LINKED_INSIDE = frozenset({"a", "code", "pre"})


def _link(url: str) -> etree.Element:
    link = etree.Element("a", {"href": url})
    link.text = url
    return link


def _split(text: str) -> tuple[str, list[etree.Element]]:
    """`text` before its first address, and the links for the rest, each with its tail."""
    pieces = _BARE_URL.split(text)
    urls = _BARE_URL.findall(text)
    links = []
    for url, after in zip(urls, pieces[1:], strict=True):
        link = _link(url)
        link.tail = after
        links.append(link)
    return pieces[0], links


class _BareLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _NOT_LINKED_INSIDE:
            return
        children = list(element)
        if element.text:
            element.text, links = _split(element.text)
            for position, link in enumerate(links):
                element.insert(position, link)
        for child in children:
            self._walk(child)
            if child.tail:
                child.tail, links = _split(child.tail)
                at = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(at + offset, link)


class _BareLinksExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:
        # After the inline patterns (20) have made the links and code spans.
        md.treeprocessors.register(_BareLinks(md), "bare_links", 15)


# "@ana@example.com" or "@Ana": an email address, or one word (a first name, or a display name
# written without its spaces). Not after a letter, so "ana@example.com" alone is no mention.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w+)")


class _Mentions(Treeprocessor):
    """Each "@handle" that names someone (its casefolded handle is in `handles`) becomes
    <span class="mention">; the rest of the text stays text."""

    def __init__(self, md: Any, handles: frozenset[str]) -> None:
        super().__init__(md)
        self.handles = handles

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _split(self, text: str) -> tuple[str, list[etree.Element]]:
        head, last = "", 0
        spans: list[etree.Element] = []
        for match in MENTION.finditer(text):
            if match.group(1).casefold() not in self.handles:
                continue
            if spans:
                spans[-1].tail = text[last : match.start()]
            else:
                head = text[: match.start()]
            span = etree.Element("span", {"class": "mention"})
            span.text = match.group(0)
            spans.append(span)
            last = match.end()
        if not spans:
            return text, []
        spans[-1].tail = text[last:]
        return head, spans

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _NOT_LINKED_INSIDE:
            return
        children = list(element)
        if element.text:
            element.text, spans = self._split(element.text)
            for position, span in enumerate(spans):
                element.insert(position, span)
        for child in children:
            self._walk(child)
            if child.tail:
                child.tail, spans = self._split(child.tail)
                at = list(element).index(child) + 1
                for offset, span in enumerate(spans):
                    element.insert(at + offset, span)


class _MentionsExtension(Extension):
    def __init__(self, handles: frozenset[str]) -> None:
        super().__init__()
        self.handles = handles

    def extendMarkdown(self, md: Any) -> None:
        # After the bare links (15): an address holding "@name" stays one link.
        md.treeprocessors.register(_Mentions(md, self.handles), "mentions", 14)


def render(text: str, mentions: frozenset[str] = frozenset()) -> SafeString:
    """`text` as sanitised HTML. Single line breaks are kept, as people type them. Each
    "@handle" among `mentions` (casefolded) is marked as a mention."""
    extensions: list[Any] = ["fenced_code", "sane_lists", "nl2br", _BareLinksExtension()]
    if mentions:
        extensions.append(_MentionsExtension(mentions))
    html = markdown_lib.markdown(text or "", extensions=extensions, output_format="html")
    html = _TOP_HEADING.sub(r"<\1h3>", html)
    return mark_safe(_cleaner.clean(html))  # noqa: S308 - sanitised by nh3 just above
