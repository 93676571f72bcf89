"""MkDocs hook: thin glue between MkDocs and the ``outreach_cards`` package.

Loads and checks the deck before anything is written, writes the generated card pages into
docs/ (ordinary Markdown files, so mkdocs-static-i18n handles them like any page), and fills
the sources list of the about page. All logic lives in ``outreach_cards``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from outreach_cards.deck import deck_fingerprint, load_deck
from outreach_cards.model import Deck
from outreach_cards.pages import expand_markers, render_site, write_pages
from outreach_cards.problems import DeckError

log = logging.getLogger("mkdocs.hooks.cards")
# The hook module lives as long as the process: i18n runs a build per language and
# `mkdocs serve` rebuilds after each edit, so the deck is reloaded only when a card file changed.
_state: dict[str, object] = {}


def _cards_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "cards"


def _current_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n is not None else _state["deck"].default_language


@event_priority(100)  # (run first) before i18n, so a language mismatch stops the build early
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the deck; stop the build with every content problem listed."""
    cards_dir = _cards_dir(config)
    fingerprint = deck_fingerprint(cards_dir)
    if _state.get("fingerprint") != fingerprint:
        try:
            _state["deck"] = load_deck(cards_dir)
        except DeckError as error:
            _state.clear()
            raise PluginError(
                f"The cards have problems; nothing was built:\n{error.report()}"
            ) from None
        _state["fingerprint"] = fingerprint
        _state["pages"] = render_site(_state["deck"])
    deck: Deck = _state["deck"]
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        configured = [language.locale for language in i18n.config.languages]
        if configured != list(deck.languages):
            raise PluginError(
                f"mkdocs.yml's i18n languages {configured} differ from the deck's languages "
                f"{list(deck.languages)} in cards/registries/vocabularies.yaml: make them the same"
            )
    return config


@event_priority(100)  # (run first) the pages must exist before MkDocs collects files
def on_pre_build(config: MkDocsConfig) -> None:
    """Write the card, theme, testimony and tip pages into docs/ (only files that changed)."""
    changed = write_pages(Path(config.docs_dir), _state["pages"])
    if changed:
        log.info(f"Card pages: {len(changed)} files written or removed in docs/")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Expand the markers of hand-written pages (the about page's sources and coverage map)."""
    return expand_markers(markdown, _state["deck"], _current_language(config))
