"""MkDocs hook: thin glue between MkDocs and the ``outreach_cards`` package.

Loads and checks the deck before anything is written, renders the printable PDFs (only what
changed since the last build), writes the generated card pages into docs/ (ordinary Markdown
files, so mkdocs-static-i18n handles them like any page), fills the sources list of the about
page, and copies each language's PDFs into the built site. All logic lives in ``outreach_cards``.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from outreach_cards.cms.admin import write_admin
from outreach_cards.cms.config import LOCAL_PORT
from outreach_cards.deck import deck_fingerprint, load_deck_with_advice
from outreach_cards.export import ExportError, write_export
from outreach_cards.locales import labels_for
from outreach_cards.memory import release
from outreach_cards.model import Deck
from outreach_cards.offline import OfflineError, build_offline_edition, pack, zip_path
from outreach_cards.print.cache import cache_folder
from outreach_cards.print.formats import PrintSettings
from outreach_cards.print.step import PrintStep, publish
from outreach_cards.problems import DeckError
from outreach_cards.settings import Brand, SettingsError, check_colours, check_settings, select_sets
from outreach_cards.site import atomic as atomic_writes
from outreach_cards.site.alternates import absolute_alternates
from outreach_cards.site.csp import add_policy
from outreach_cards.site.glossary_links import GlossaryLinksExtension, page_terms
from outreach_cards.site.htmlfix import fix_html, resolve_root_links
from outreach_cards.site.material_patch import (
    MaterialPatchError,
    PatchedBundle,
    patched_bundle,
    point_to,
    write_bundle,
)
from outreach_cards.site.pages import (
    COMPILED_TEMPLATES,
    copy_audio,
    expand_markers,
    render_site,
    write_pages,
    write_redirects,
)
from outreach_cards.site.print_section import PrintedDeck, fill_print_layouts
from outreach_cards.urls import EMBED, GENERATED_DIRS, GLOSSARY, relative_root

log = logging.getLogger("mkdocs.hooks.cards")
# The hook module lives as long as the process: i18n runs a build per language and
# `mkdocs serve` rebuilds after each edit, so the deck is reloaded only when a card file changed.
_state: dict[str, object] = {}
# Links each glossary term at its first use on a page (given the page's terms before each page).
GLOSSARY_LINKS = GlossaryLinksExtension()


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    atomic_writes.install()  # MkDocs writes each site file whole or not at all (see there)


def on_shutdown() -> None:
    """Stop the layout workers (should a build have stopped while they ran)."""
    step = _state.pop("print_step", None)
    if step is not None:
        step.close()


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
            _state["deck"], advice = load_deck_with_advice(cards_dir)
        except DeckError as error:
            kept = {name: _state[name] for name in ("command", "print_step") if name in _state}
            _state.clear()
            _state.update(kept)
            raise PluginError(
                f"The cards have problems; nothing was built:\n{error.report()}"
            ) from None
        _state["fingerprint"] = fingerprint
        for item in advice:  # not problems: shown once per change of the deck, at INFO
            log.info(f"Advice: {item.format(cards_dir.parent)}")
    try:
        # (mkdocs-offline.yml inherits mkdocs.yml and adds only the offline edition's own)
        check_settings(dict(config.extra))
        check_colours(config.extra.get("colours"))
        _state["site_deck"] = select_sets(_state["deck"], config.extra.get("sets"))
    except SettingsError as error:
        raise PluginError(str(error)) from None
    deck: Deck = _state["site_deck"]
    _state["brand"] = _brand(config, deck)
    _state["page_terms"] = {
        language: page_terms(deck.glossary, language) for language in deck.languages
    }
    if GLOSSARY_LINKS not in config.markdown_extensions:
        config.markdown_extensions.append(GLOSSARY_LINKS)
    options = config.extra.get("print") or {}
    _state["pdfs"] = _switch(options.get("pdfs", True), "mkdocs.yml: extra.print.pdfs")
    # OUTREACH_CARDS_OFFLINE=false skips the offline edition (a second full build and a zip):
    # for the tests' many builds; `mkdocs build` makes it by default.
    _state["offline_edition"] = _switch(
        os.environ.get("OUTREACH_CARDS_OFFLINE", True), "OUTREACH_CARDS_OFFLINE"
    )
    try:
        _state["settings"] = PrintSettings(
            format=str(options.get("format", "A6")),
            site_url=config.site_url or "",
            brand=_state["brand"],
            duplex_offset=tuple((options.get("duplex_offset") or {}).get(axis, 0) for axis in "xy"),
        )
    except ValueError as error:
        raise PluginError(str(error)) from None
    for language in deck.languages:
        try:
            labels_for(language)
        except KeyError as error:
            raise PluginError(error.args[0]) from None
    # extra.preview (mkdocs-preview.yml, `make preview`): one language, no embedded cards
    _state["preview"] = bool(config.extra.get("preview"))
    i18n = config.plugins.get("i18n")
    _state["built_languages"] = (
        tuple(language.locale for language in i18n.config.languages if language.build)
        if i18n is not None and _state["preview"]
        else None
    )
    if i18n is not None:
        configured = [language.locale for language in i18n.config.languages]
        if configured != list(deck.languages):
            raise PluginError(
                f"mkdocs.yml's i18n languages {configured} differ from the deck's languages "
                f"{list(deck.languages)} in cards/registries/vocabularies.yaml: make them the same"
            )
    built = _state["built_languages"]
    if built and built[0] != deck.default_language:
        # (the preview of PREVIEW_LANGUAGE=en: i18n builds that language alone, at the root)
        _state["site_deck"] = deck.led_by(built[0])
    return config


@event_priority(100)  # (run first) the pages must exist before MkDocs collects files
def on_pre_build(config: MkDocsConfig) -> None:
    """Render the PDFs (once per deck and settings), then write the card, theme, testimony,
    tip and print pages into docs/ (only files that changed)."""
    sets = tuple(card_set.id for card_set in _state["site_deck"].sets)
    key = (_state["fingerprint"], _state["settings"], _state["pdfs"], sets)
    if _state.get("printed_for") != key and not _state["pdfs"]:
        # A quick preview without the print step: no PDFs, no print layouts; the preview of
        # mkdocs-preview.yml also leaves out the other languages and the embedded cards.
        _state["printed"] = None
        _state["pages"] = render_site(
            _state["site_deck"],
            None,
            _state["settings"].site_url,
            _state["brand"],
            languages=_state["built_languages"],
            embeds=not _state["preview"],
        )
        _state["printed_for"] = key
    elif _state.get("printed_for") != key:
        # Let the last build's pages and print layouts go before the print step runs (at 1000
        # cards they are tens of MiB, and the step's assembly is the build's largest moment).
        for name in ("printed_for", "printed", "pages"):
            _state.pop(name, None)
        try:
            result = _print_step(config).run(_state["site_deck"], _state["settings"], log=log.info)
        except DeckError as error:
            raise PluginError(
                f"{getattr(error, 'headline', 'Cards do not fit their printed side')}; "
                f"nothing was built:\n{error.report()}"
            ) from None
        _state["printed"] = PrintedDeck(_state["settings"], result)
        _state["pages"] = render_site(_state["site_deck"], _state["printed"])
        _state["printed_for"] = key
    changed = write_pages(Path(config.docs_dir), _state["pages"])
    if changed:
        log.info(f"Card pages: {len(changed)} files written or removed in docs/")


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """MkDocs makes a new theme environment for every build (i18n: one per language; serve: one
    per edit); with the shared cache, Material's templates are compiled once per process."""
    env.bytecode_cache = COMPILED_TEMPLATES
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Watch docs/ but not the folders this hook writes: an edited card is rebuilt once, not a
    second time because its generated pages changed."""
    docs = Path(config.docs_dir)
    server.unwatch(config.docs_dir)
    server.watch(config.docs_dir, recursive=False)
    for folder in sorted(docs.iterdir()):
        if folder.is_dir() and folder.name not in GENERATED_DIRS:
            server.watch(str(folder))
    return server


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Expand the markers of hand-written pages (the about page's sources and coverage map);
    give the glossary links this page's terms (none on the glossary and the embedded cards)."""
    language = _current_language(config)
    unlinked = page.file.src_uri.startswith((f"{GLOSSARY}/", f"{EMBED}/"))
    GLOSSARY_LINKS.prepare([] if unlinked else _state["page_terms"][language])
    return expand_markers(
        markdown,
        _state["site_deck"],
        language,
        offline=bool(config.extra.get("offline")),
        brand=_state["brand"],
    )


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Put in the cards' print layouts (after Markdown and search, see print_layout_marker);
    make generated links relative to the page; repair the few spots where Material's HTML is
    not valid or not accessible; absolute hreflang alternates (not in the offline edition);
    Material's bundle without its sitemap requests; last, the page's Content-Security-Policy
    (its hashes are of the final HTML)."""
    # i18n puts another language's pages under <language>/ in page.url: links go to its root
    language = _current_language(config)
    root = get_relative_url(relative_root(language, _state["site_deck"].default_language), page.url)
    if _state["printed"]:
        output = fill_print_layouts(output, _state["printed"].result.fragments)
    output = fix_html(resolve_root_links(output, root, config.use_directory_urls))
    if not config.extra.get("offline"):
        output = absolute_alternates(
            output, page.url, config.site_url or "", _state["deck"].default_language
        )
    output = point_to(output, _material_bundle(config))
    return add_policy(output, preview=_state.get("command") == "serve")


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same repairs and policy on the pages made from theme templates alone (404.html)."""
    if not template_name.endswith(".html"):
        return output_content
    output = point_to(fix_html(output_content), _material_bundle(config))
    return add_policy(output, preview=_state.get("command") == "serve")


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the PDFs of the language just built into its part of the site; the patched
    Material bundle into the site's assets, in place of Material's (before the service
    worker's precache list is made)."""
    deck: Deck = _state["site_deck"]
    language = _current_language(config)
    root = Path(config.site_dir)
    if language != deck.default_language and root.name != language:
        root = root / language
    # (after each language's build: i18n's builds of the other languages copy Material's
    # assets into the site's root again)
    write_bundle(
        root if language == deck.default_language else root.parent, _material_bundle(config)
    )
    copied = publish(_state["printed"].result, language, root) if _state["printed"] else 0
    if copied:
        log.info(f"Print ({language}): {copied} PDFs copied into {root}")
    try:
        write_export(
            deck,
            language,
            root,
            config.site_url or "",
            _state["pdfs"],
            config.site_name,
            with_schema=language == deck.default_language,
        )
    except ExportError as error:
        raise PluginError(str(error)) from None
    write_redirects(
        deck,
        language,
        root,
        config.use_directory_urls,
        _state["printed"].result if _state["printed"] else None,
        embeds=not _state["preview"],
    )
    if language == deck.default_language:
        copy_audio(deck, root)
        _admin(config, root)
    if (
        language == deck.default_language
        and _state.get("command") == "build"
        and _state["pdfs"]
        and _state["offline_edition"]
        and not config.extra.get("offline")
    ):
        _offline_edition(config, root)
    if _state.get("command") == "serve":
        release()  # (the process waits for the next edit: not at the size of this build)


def _admin(config: MkDocsConfig, site: Path) -> None:
    """The web editor at /admin/: when extra.cms names the repository, or under `make edit`
    (OUTREACH_CARDS_CMS_LOCAL=1: the local decap-server); not in the preview or offline edition."""
    cms = config.extra.get("cms") or {}
    local = _switch(os.environ.get("OUTREACH_CARDS_CMS_LOCAL", "0"), "OUTREACH_CARDS_CMS_LOCAL")
    if _state["preview"] or config.extra.get("offline") or not (cms.get("repo") or local):
        return
    project = Path(config.config_file_path).parent
    # (where `make` installs the npm packages, as for the service worker: the venv's node/)
    folder = os.environ.get("OUTREACH_CARDS_NODE_MODULES")
    node_modules = Path(folder) if folder else Path(sys.prefix) / "node" / "node_modules"
    try:
        write_admin(
            site,
            project / "cards",
            node_modules,
            cms.get("repo") or "owner/name",
            cms.get("branch") or "main",
            local,
            _state["deck"],
            int(os.environ.get("OUTREACH_CARDS_CMS_PORT") or LOCAL_PORT),
        )
    except (OSError, ValueError) as error:
        raise PluginError(f"The web editor (admin/): {error}") from None


def _brand(config: MkDocsConfig, deck: Deck) -> Brand:
    """The site's name and description per language: mkdocs.yml's, or a language's own in the
    i18n plugin. (i18n replaces site_name in the config of another language's build; it keeps
    the original in ``original_configs``.)"""
    i18n = config.plugins.get("i18n")
    original = getattr(i18n, "original_configs", {}) if i18n is not None else {}
    name = original.get("site_name", config.site_name)
    description = original.get("site_description", config.site_description) or ""
    names, descriptions = {}, {}
    for language in i18n.config.languages if i18n is not None else ():
        names[language.locale] = language.site_name or name
        descriptions[language.locale] = language.site_description or description
    names.setdefault(deck.default_language, name)
    descriptions.setdefault(deck.default_language, description)
    return Brand(names, descriptions, deck.default_language)


def _switch(value: object, name: str) -> bool:
    """A yes/no setting (of mkdocs.yml, also through !ENV, or an environment variable); ``name``
    says where it was set, for the message."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    raise PluginError(f"{name} must be true or false, not '{value}'")


def _offline_edition(config: MkDocsConfig, site: Path) -> None:
    """`mkdocs build` also makes the offline edition and puts its zip into the site (unless
    OUTREACH_CARDS_OFFLINE=false)."""
    project = Path(config.config_file_path).parent
    try:
        folder = build_offline_edition(project)
    except OfflineError as error:
        raise PluginError(str(error)) from None
    brand: Brand = _state["brand"]
    size = pack(folder, site / zip_path(brand.slug), brand.slug)
    log.info(f"Offline edition: {zip_path(brand.slug)} ({size / 1_000_000:.1f} MB)")


def _material_bundle(config: MkDocsConfig) -> PatchedBundle:
    """Material's JavaScript bundle without the language switch's sitemap requests (see
    site/material_patch.py)."""
    try:
        return patched_bundle(list(config.theme.dirs))
    except MaterialPatchError as error:
        raise PluginError(str(error)) from None


def _print_step(config: MkDocsConfig) -> PrintStep:
    """The print step of this process (its memos stay between the builds of `mkdocs
    serve`), rendering into .cache/print/ beside mkdocs.yml, or the folder in
    OUTREACH_CARDS_CACHE (for CI caches and tests)."""
    cache = cache_folder(Path(config.config_file_path).parent)
    step = _state.get("print_step")
    if step is None or step.cache_root != cache:
        if step is not None:
            step.close()
        step = _state["print_step"] = PrintStep(cache)
    return step
