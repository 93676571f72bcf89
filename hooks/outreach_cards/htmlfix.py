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
_SEARCH_LABEL = re.compile(r'<input type="text" class="md-search__input"[^>]*\baria-label="([^"]+)"')
def fix_html(page: str) -> str:
    # (Lighthouse also asks for absolute hreflang URLs. Not done: Material's JS fetches
    # <alternate>/sitemap.xml for every alternate link, so absolute ones send requests to
    # site_url's host, which the privacy test catches, and from file:// in the offline edition.)
    page = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", page)
    page = _AUTOCORRECT.sub(r"\1", page)
    if 'id="__toc"' not in page:
        page = page.replace(_TOC_LABEL, '<label class="md-nav__title">')
    label = _SEARCH_LABEL.search(page)
    if label:
        page = page.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label.group(1)}">')
    return page
