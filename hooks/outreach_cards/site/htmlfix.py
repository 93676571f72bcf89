"""Small repairs to the HTML that Material writes, so every page is valid HTML (Nu Html Checker).

Each repair names the message it answers; nothing here changes what a reader sees.
"""

from __future__ import annotations

import re

# "Attribute autocomplete is only allowed when the input type is ...": Material's drawer and
# search toggles are checkboxes with autocomplete="off" (a Firefox habit).
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
# "Attribute autocorrect not allowed on element input": a Safari-only attribute on the search box.
_AUTOCORRECT = re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"')
# "The value of the for attribute of the label element must be the ID of a non-hidden form
# control": the table of contents' title points to a toggle that pages outside the navigation
# (the generated card pages) do not have.
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


# axe-core / Lighthouse "aria-dialog-name": Material's search dialog has no accessible name;
# it gets the search box's own label ("Zoeken", "Search").
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(
    r'<input type="text" class="md-search__input"[^>]*\baria-label="([^"]+)"'
)

# Raw HTML in generated pages links files MkDocs does not know (PDFs, audio, the deck builder
# with a query) as "oc-root:<path>"; the path becomes relative to the page, whatever the URL
# style (/kaarten/x/ on the site, kaarten/x.html in the offline edition).
ROOT_LINK = "oc-root:"
_ROOT_LINK = re.compile(r'((?:href|src)=")oc-root:([^"?#]*)')


def resolve_root_links(page: str, root: str, directory_urls: bool = True) -> str:
    """Replace ``oc-root:`` in href and src attributes by ``root`` (the way up to the
    language's root from this page, e.g. ``../..``). Without directory URLs (the offline
    edition, read from files) a folder link gets its ``index.html``."""
    prefix = "" if root in ("", ".", "./") else root.rstrip("/") + "/"

    def link(match: re.Match) -> str:
        path = match.group(2)
        if not directory_urls and (path == "" or path.endswith("/")):
            path += "index.html"
        return match.group(1) + prefix + path

    return _ROOT_LINK.sub(link, page)


def fix_html(page: str) -> str:
    # (Lighthouse's absolute hreflang URLs: site/alternates.py, with Material's sitemap
    # requests for them taken out of its bundle by site/material_patch.py.)
    page = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", page)
    page = _AUTOCORRECT.sub(r"\1", page)
    if 'id="__toc"' not in page:
        page = page.replace(_TOC_LABEL, '<label class="md-nav__title">')
    label = _SEARCH_LABEL.search(page)
    if label:
        page = page.replace(
            _SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label.group(1)}">'
        )
    return page
