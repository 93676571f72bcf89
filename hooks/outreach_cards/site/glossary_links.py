"""The glossary at a term's first use on a page: a Markdown extension that links the first
use of each glossary term in a page's text to its entry on the glossary page, with the term's
explanation as the link's title.

Without JavaScript the link leads to the entry; with it, Material's ``content.tooltips`` shows
the explanation on hover and on keyboard focus; a screen reader reads the title as the link's
description. Headings, links, code and the glossary page itself are left alone.

A testimony is one block of raw HTML (``partials/testimony.html.j2``), which Markdown sets
aside whole: its quotation (the first ``<blockquote>``, in the page's language) is linked in that
block, where it stands in the page; the caption and the original language's text are not. The
quotation's words stay as they are: only a link goes around a term.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from dataclasses import dataclass

from markdown import Extension, Markdown, util
from markdown.treeprocessors import Treeprocessor

from .. import urls
from ..model import GlossaryTerm, term_pattern
from .htmlfix import ROOT_LINK

# Where a term is not explained: inside these elements the text is a name, a link or code.
SKIPPED = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style", "button", "label"}) | {
    f"h{level}" for level in range(1, 7)
}
TERM_CLASS = "oc-term"
# Raw HTML in the Markdown (``<a href="…">name</a>`` in a table cell) is set aside by Markdown
# until the end: each tag stands in the text as a placeholder, the words between them are text.
_RAW_HTML = re.compile(re.escape(util.HTML_PLACEHOLDER).replace("%s", r"(\d+)"))
_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>\s*$")
# A testimony's quotation in its raw HTML block: the first blockquote's one paragraph.
_TESTIMONY_QUOTE = re.compile(
    r'(<figure class="oc-testimony"[^>]*><blockquote lang="[a-z]{2}"><p>)([^<]*)(</p>)'
)


@dataclass(frozen=True)
class PageTerm:
    """A glossary term as a page links it: the pattern of its word, its entry, its title."""

    key: str
    pattern: re.Pattern[str]
    href: str
    title: str


def page_terms(terms: Iterable[GlossaryTerm], language: str) -> list[PageTerm]:
    """The terms a page in ``language`` links, longest word first (so 'sociale kaart' wins
    over a shorter term inside it). A term without a word or explanation in ``language`` is
    not linked there."""
    linked = [
        PageTerm(
            term.key,
            term_pattern(term.words[language]),
            ROOT_LINK + urls.glossary_entry(term.key),
            " ".join(term.explanation[language].split()),
        )
        for term in terms
        if term.words.get(language) and term.explanation.get(language)
    ]
    return sorted(linked, key=lambda term: -len(term.pattern.pattern))


class GlossaryLinks(Treeprocessor):
    """Links the first use of each of ``terms`` in the page's text (set before each page)."""

    def __init__(self, md: Markdown | None = None) -> None:
        super().__init__(md)
        self.terms: list[PageTerm] = []
        # Any of the page's terms: most texts use none, and one search tells (see _first_uses)
        self.any_term: re.Pattern[str] | None = None
        self._raw_open: list[str] = []  # the raw HTML elements of SKIPPED open at this point

    def run(self, root: etree.Element) -> None:
        if self.terms:
            self._raw_open = []
            self._walk(root, list(self.terms))

    def _linkable(self, text: str) -> list[tuple[int, int]]:
        """The spans of ``text`` outside raw HTML elements of SKIPPED (a raw ``<a>`` opened in
        one text may close in a later one: the open ones are kept across texts)."""
        spans, start = [], 0
        for match in _RAW_HTML.finditer(text):
            if not self._raw_open:
                spans.append((start, match.start()))
            start = match.end()
            blocks = self.md.htmlStash.rawHtmlBlocks if self.md is not None else []
            index = int(match.group(1))
            tag = _RAW_TAG.match(str(blocks[index])) if index < len(blocks) else None
            if tag is None or tag.group(2).lower() not in SKIPPED or tag.group(3):
                continue
            name = tag.group(2).lower()
            if not tag.group(1):
                self._raw_open.append(name)
            elif name in self._raw_open:
                del self._raw_open[len(self._raw_open) - 1 - self._raw_open[::-1].index(name)]
        if not self._raw_open:
            spans.append((start, len(text)))
        return spans

    def _walk(self, element: etree.Element, left: list[PageTerm]) -> None:
        if element.tag in SKIPPED:
            return
        before = len(element)
        element.text = self._link(element, -1, element.text, left)
        index = len(element) - before  # past the links just put in at the start
        while index < len(element) and left:
            child = element[index]
            self._walk(child, left)
            before = len(element)
            child.tail = self._link(element, index, child.tail, left)
            index += 1 + len(element) - before  # past the links just put in after it

    def _link(
        self, parent: etree.Element, index: int, text: str | None, left: list[PageTerm]
    ) -> str | None:
        """Link the first use of every term left in ``text`` (the text of ``parent`` when
        ``index`` is -1, else the tail of its child at ``index``): the links go in after that
        point; returns the text that stays before the first link."""
        if not text or not left:
            return text
        self._link_testimonies(text, left)
        # (the spans once per text: they follow the raw HTML's tags)
        uses = _first_uses(text, self._linkable(text), left, self.any_term)
        if not uses:
            return text
        for number, (match, term) in enumerate(uses):
            link = etree.Element("a", {"href": term.href, "class": TERM_CLASS, "title": term.title})
            link.text = match.group()
            following = uses[number + 1][0].start() if number + 1 < len(uses) else len(text)
            link.tail = text[match.end() : following]
            parent.insert(index + 1 + number, link)
        return text[: uses[0][0].start()]

    def _link_testimonies(self, text: str, left: list[PageTerm]) -> None:
        """Link the first use of the terms left in the quotation of every testimony set aside
        in ``text`` (in its raw HTML block, whose text is HTML-escaped)."""
        blocks = self.md.htmlStash.rawHtmlBlocks if self.md is not None else []
        for match in _RAW_HTML.finditer(text):
            index = int(match.group(1))
            block = str(blocks[index]) if index < len(blocks) else ""
            quote = _TESTIMONY_QUOTE.match(block)
            if quote is None or not left:
                continue
            words = quote.group(2)
            uses = _first_uses(words, [(0, len(words))], left, self.any_term)
            if not uses:
                continue
            linked, position = [], 0
            for use, term in uses:
                title = html.escape(term.title, quote=True)
                linked.append(words[position : use.start()])
                linked.append(
                    f'<a class="{TERM_CLASS}" href="{term.href}" title="{title}">{use.group()}</a>'
                )
                position = use.end()
            linked.append(words[position:])
            blocks[index] = block[: quote.start(2)] + "".join(linked) + block[quote.end(2) :]


def _first_uses(
    text: str,
    spans: list[tuple[int, int]],
    left: list[PageTerm],
    any_term: re.Pattern[str] | None = None,
) -> list[tuple[re.Match[str], PageTerm]]:
    """The first use in ``text`` (within ``spans``) of each term ``left``, in text order, the
    longer word first where two start together; the terms found are taken out of ``left``.
    ``any_term`` (a pattern matching where any of the terms does) skips the spans that use
    none: the terms are searched one by one only where one of them is."""
    uses: list[tuple[re.Match[str], PageTerm]] = []
    position = 0
    while left:
        found = [
            (match, term)
            for start, end in spans
            if any_term is None or any_term.search(text, max(start, position), end)
            for term in left
            if (match := term.pattern.search(text, max(start, position), end))
        ]
        if not found:
            break
        match, term = min(found, key=lambda pair: (pair[0].start(), -len(pair[0].group())))
        left.remove(term)
        uses.append((match, term))
        position = match.end()
    return uses


class GlossaryLinksExtension(Extension):
    """The Markdown extension that carries one GlossaryLinks for every page of a build."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.processor = GlossaryLinks()

    def prepare(self, terms: list[PageTerm]) -> None:
        """The terms of the next page (none: the page links nothing)."""
        self.processor.terms = terms
        self.processor.any_term = any_term(terms)

    def extendMarkdown(self, md: Markdown) -> None:
        self.processor.md = md
        # after the inline patterns (20) and the table of contents (5)
        md.treeprocessors.register(self.processor, "outreach_glossary_links", 4)


@functools.lru_cache(maxsize=16)
def _union(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # Every term's pattern starts at the start of a word (model.term_pattern): tested once
    # per place, then the words.
    start = r"(?<!\w)"
    if all(pattern.startswith(start) for pattern in patterns):
        words = "|".join(f"(?:{pattern[len(start) :]})" for pattern in patterns)
        return re.compile(f"{start}(?:{words})", re.IGNORECASE)
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def any_term(terms: list[PageTerm]) -> re.Pattern[str] | None:
    """One pattern that matches wherever one of ``terms`` does (they share their flags)."""
    if not terms:
        return None
    return _union(tuple(term.pattern.pattern for term in terms))
