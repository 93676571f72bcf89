"""Absolute hreflang alternates in every page's ``<head>``, and an ``x-default``.

Material writes ``<link rel="alternate" href="..." hreflang="xx">`` for every language of the
page (mkdocs-static-i18n gives each the same page in that language), with relative addresses
(``../../en/<page>/``, or ``/en/`` on the home pages). Search engines (and Lighthouse's SEO
audit) want them absolute, and an ``x-default`` for readers of other languages: the default
language's page. The language switch in the header keeps its relative links, so the site
works on any host that serves it; only the ``<head>``'s links are made absolute, from
``site_url``. The offline edition (read from files) keeps them relative: it has no address.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">')
X_DEFAULT = "x-default"


def absolute_url(href: str, page_url: str, site_url: str) -> str:
    """``href`` as written on the page at ``page_url`` (relative to the site, e.g.
    ``en/<page>/``) as an absolute address under ``site_url``; a link starting with ``/``
    is relative to the site's root (so a site in a subfolder keeps it)."""
    root = site_url if site_url.endswith("/") else site_url + "/"
    if href.startswith("/") and not href.startswith("//"):
        return root + href[1:]
    return urljoin(urljoin(root, page_url), href)


def absolute_alternates(page: str, page_url: str, site_url: str, default_language: str) -> str:
    """``page`` with its alternate links absolute, and an ``x-default`` link (to the default
    language's page) after them. A page without alternates, or without ``site_url``, is
    returned as it is."""
    found = list(_ALTERNATE.finditer(page))
    if not found or not site_url:
        return page
    default = None
    parts, start = [], 0
    for match in found:
        href, language = match.group(1), match.group(2)
        url = absolute_url(href, page_url, site_url)
        if language == default_language:
            default = url
        parts.append(page[start : match.start()])
        parts.append(f'<link rel="alternate" href="{url}" hreflang="{language}">')
        start = match.end()
    if default is not None and X_DEFAULT not in (match.group(2) for match in found):
        parts.append(f'\n<link rel="alternate" href="{default}" hreflang="{X_DEFAULT}">')
    parts.append(page[start:])
    return "".join(parts)
