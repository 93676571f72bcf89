"""MkDocs hook: one search index per language (see ``outreach_cards.site.search_index``).

Runs after the whole two-language build: mkdocs-static-i18n builds the other languages inside
the first build's ``on_post_build`` (priority -100) and then writes the joint index; this hook's
``on_post_build`` (priority -200) returns while those inner builds run.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from outreach_cards.site.search_index import SearchIndexError, language_base, split_site_index

log = logging.getLogger("mkdocs.hooks.search_index")


def _languages(config: MkDocsConfig) -> tuple[list[str], str] | None:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return None
    languages = [language.locale for language in i18n.config.languages if language.build]
    default = next(language.locale for language in i18n.config.languages if language.default)
    return languages, default


@event_priority(-200)  # (after the Content-Security-Policy is in: the config script is JSON)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """On another language's pages, Material's base is that language's root."""
    languages = _languages(config)
    if languages is None:
        return output
    return language_base(output, config.plugins["i18n"].current_language, languages[1])


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    languages = _languages(config)
    if languages is None or config.plugins["i18n"].building:
        return
    try:
        counts = split_site_index(Path(config.site_dir), *languages)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    if counts:
        log.info(
            "Search: one index per language ("
            + ", ".join(f"{language} {count}" for language, count in counts.items())
            + " entries)"
        )
