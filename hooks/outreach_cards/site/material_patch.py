"""Material's JavaScript bundle, with its language switch's sitemap requests taken out.

For every ``<link rel="alternate">`` of a page, Material's bundle (9.x) fetches
``<alternate>/sitemap.xml`` at load time, so that the language switch can "stay on the page".
On this site that is one or two needless requests per page: mkdocs-static-i18n writes a single
sitemap at the site's root, so the others answer 404 (a console error), and with absolute
hreflang alternates (``site/alternates.py``) they would go to ``site_url``'s host, which may
not be the host serving the page. The switch does not need them: i18n already gives each
language's link the address of the same page in that language.

``patch_bundle`` removes the call that sets this up (the one statement, found exactly once, or
the build stops: a Material upgrade changed the bundle, and the fragment below needs a look).
The patched bundle is written under a name with its own content hash (``bundle.<hash>.min.js``,
as Material names its own), so a browser's cached copy of the unpatched one is never used, and
the pages point to it.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_text_atomic

# Material 9.8's bundle calls its alternate-link setup once, with the document observable,
# right after setting up the clipboard alerts. Only that call is removed.
FRAGMENT = "ui({document$:ct});"
BUNDLE_FOLDER = "assets/javascripts"
_BUNDLE = re.compile(r"bundle\.[0-9a-f]{8}\.min\.js")
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


class MaterialPatchError(Exception):
    """Material's bundle is not the one this patch was written for."""


@dataclass(frozen=True)
class PatchedBundle:
    original: str  # file name of Material's bundle, e.g. bundle.a5f9d56c.min.js
    name: str  # file name of the patched bundle
    text: str


def patch_bundle(text: str, name: str) -> str:
    """``text`` of Material's bundle ``name`` without the alternate links' sitemap requests
    (and without its source map comment: the map is of the unpatched file)."""
    count = text.count(FRAGMENT)
    if count != 1:
        raise MaterialPatchError(
            f"Material's JavaScript bundle {name} does not contain the language switch's "
            f"sitemap set-up '{FRAGMENT}' exactly once (found {count} times): Material was "
            f"upgraded? Look for the call of the function that fetches "
            f'new URL("sitemap.xml", ...) for each link[rel=alternate] and update FRAGMENT '
            f"in hooks/outreach_cards/site/material_patch.py"
        )
    return _SOURCE_MAP.sub("\n", text.replace(FRAGMENT, "", 1))


def hashed_name(text: str) -> str:
    """``bundle.<first 8 hex digits of the SHA-256>.min.js``."""
    return f"bundle.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}.min.js"


def find_bundle(theme_dirs: list[str]) -> Path:
    """Material's bundle in the theme's folders (the first folder that has one)."""
    for folder in theme_dirs:
        found = sorted(
            path
            for path in (Path(folder) / BUNDLE_FOLDER).glob("bundle.*.min.js")
            if _BUNDLE.fullmatch(path.name)
        )
        if len(found) > 1:
            raise MaterialPatchError(
                f"more than one JavaScript bundle in {Path(folder) / BUNDLE_FOLDER}: "
                f"{[path.name for path in found]}"
            )
        if found:
            return found[0]
    raise MaterialPatchError(f"no Material JavaScript bundle in {theme_dirs}")


@functools.lru_cache(maxsize=4)
def _patched(path: Path, mtime: float) -> PatchedBundle:
    text = patch_bundle(path.read_text(encoding="utf-8"), path.name)
    return PatchedBundle(path.name, hashed_name(text), text)


def patched_bundle(theme_dirs: list[str]) -> PatchedBundle:
    """The patched bundle of the theme (made once per process and bundle file)."""
    path = find_bundle(theme_dirs)
    return _patched(path, path.stat().st_mtime)


def point_to(page: str, bundle: PatchedBundle) -> str:
    """``page`` with its script tag for Material's bundle pointing to the patched one, deferred:
    it is the last script of the body, but as a parser-blocking script Chromium holds the first
    paint for it (Lighthouse counted about a second of render blocking on a phone). Deferred
    scripts run in order, so the site's deferred scripts still run after it."""
    return page.replace(
        f'{BUNDLE_FOLDER}/{bundle.original}"></script>',
        f'{BUNDLE_FOLDER}/{bundle.name}" defer></script>',
    )


def write_bundle(site: Path, bundle: PatchedBundle) -> None:
    """Write the patched bundle into the built site and remove Material's own and its source
    map, which no page uses."""
    folder = site / BUNDLE_FOLDER
    write_text_atomic(folder / bundle.name, bundle.text)
    for name in (bundle.original, bundle.original + ".map"):
        (folder / name).unlink(missing_ok=True)
