"""One search index per language, searched only from that language's pages.

mkdocs-static-i18n builds one language after the other and then writes a single index with
every language's pages (``search/search_index.json``), which Material loads on every page: an
English query lists Dutch pages and a phone loads both languages. After the whole build this
module splits that index: the default language's pages stay in ``search/search_index.json``, each
other language's go to ``<language>/search/search_index.json`` with locations relative to that
language's root and Lunr set to that language alone. The offline edition's inlined copy
(``search/search_index.js``, Material's offline plugin) is split the same way.

Material finds the index at ``search/search_index.json`` below the ``base`` of its page
configuration (the ``__config`` script). On the pages of another language that base becomes the
language's root (``language_base``), so they load their own index and their result links
resolve against it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..atomic import write_atomic

INDEX = Path("search") / "search_index.json"
# The offline plugin's copy, read by a script tag from file:// pages.
INLINED = Path("search") / "search_index.js"
INLINED_PREFIX = "var __index = "

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


class SearchIndexError(Exception):
    """The built index is not what Material writes (a changed Material or i18n plugin)."""


def language_base(page: str, language: str, default_language: str) -> str:
    """Point Material's page configuration on a page of ``language`` at that language's root
    (``../../en/`` instead of ``../..``), where its own search index is. Pages of the default
    language are returned unchanged."""
    if language == default_language:
        return page
    match = _CONFIG.search(page)
    if match is None:
        return page
    config = json.loads(match.group(2))
    base = config.get("base") or "."
    config["base"] = f"{base.rstrip('/')}/{language}/"
    text = json.dumps(config, ensure_ascii=False, separators=(", ", ": "))
    return page[: match.start(2)] + text + page[match.end(2) :]


def split(docs: list[dict], languages: list[str], default_language: str) -> dict[str, list[dict]]:
    """The index entries per language: an entry whose location starts with ``<language>/`` (or
    is that language's root) belongs to that language, with the prefix taken off; every other
    entry to the default language."""
    parts: dict[str, list[dict]] = {language: [] for language in languages}
    others = [language for language in languages if language != default_language]
    for entry in docs:
        location = entry.get("location", "")
        owner = next(
            (
                language
                for language in others
                if location == language or location.startswith(f"{language}/")
            ),
            default_language,
        )
        if owner != default_language:
            location = location[len(owner) :].lstrip("/")
        parts[owner].append(dict(entry, location=location))
    return parts


def split_site_index(site: Path, languages: list[str], default_language: str) -> dict[str, int]:
    """Split the built site's search index (and the offline edition's inlined copy, if there
    is one) into one per language; returns the number of entries per language. Nothing to do
    when the site has no index (the search plugin is off)."""
    path = site / INDEX
    if not path.is_file():
        return {}
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
        docs, config = index["docs"], index["config"]
    except (ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(
            f"{path}: not a search index as Material writes it ({error}); "
            "the index was left as it is"
        ) from None
    parts = split(docs, languages, default_language)
    inlined = (site / INLINED).is_file()
    for language, entries in parts.items():
        root = site if language == default_language else site / language
        text = json.dumps(
            dict(index, config=dict(config, lang=[language]), docs=entries),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        (root / INDEX).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(root / INDEX, text.encode("utf-8"))
        if inlined:
            write_atomic(root / INLINED, (INLINED_PREFIX + text).encode("utf-8"))
    return {language: len(entries) for language, entries in parts.items()}
