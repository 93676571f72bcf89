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


def fix_html(page: str) -> str:
    page = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", page)
    page = _AUTOCORRECT.sub(r"\1", page)
    if 'id="__toc"' not in page:
        page = page.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return page
