"""The built site: one page per card per language, theme/testimony/tip pages, links, search."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from outreach_cards.model import Deck
from outreach_cards.site.pages import render_site, write_pages
from outreach_cards.urls import GENERATED_DIRS

from .helpers import (
    FIXTURE_DECK,
    LANGUAGE_ROOT,
    REPO,
    broken_links,
    build,
    build_env,
    builds,
    card_ids_built,
    card_links,
    copy_project,
    fetch,
    free_port,
    process_tree,
    read_page,
    running,
    term_links,
    wait_for,
    wait_idle,
)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_one_page_per_card_per_language(built_site: Path, deck: Deck, language: str) -> None:
    """Exactly one card page per card in each language, at /kaarten/<id>/ and /en/kaarten/<id>/."""
    assert card_ids_built(built_site, LANGUAGE_ROOT[language]) == {card.id for card in deck.cards}
    assert len(deck.cards) >= 8


def test_card_page_shows_every_part(built_site: Path, deck: Deck) -> None:
    """A card page has theme colour, front text, tips by audience, testimonies, questions and
    sources."""
    card = deck.card("blijf-aanklampen")
    page = read_page(built_site / "kaarten" / "blijf-aanklampen" / "index.html")
    front = page.find("div", class_="oc-card-front")
    assert front[0].attrs["style"] == f"--oc-theme: {deck.theme(card.theme).colour}"
    assert " ".join(card.text["nl"].front.split()) in " ".join(front[0].text.split())
    headings = [
        (element.attrs.get("id"), element.text.strip())
        for element in page.elements
        if element.tag in ("h1", "h2", "h3")
    ]
    assert headings[:1] == [("card", "Blijf aanklampen, zonder te duwen")]
    assert ("tips-professional", "Voor de professional") in headings
    assert ("tips-organisation", "Voor de organisatie") in headings
    assert ("questions", "Reflectievragen") in headings
    assert ("sources", "Bronnen") in headings
    quotes = page.find("figure", class_="oc-testimony")
    assert [figure.attrs["id"] for figure in quotes] == ["testimony-1", "testimony-2"]
    assert "De aanhouder wint" in quotes[0].text
    assert "Iemand met ervaring in armoede · Recht-Op vzw (2022)" in quotes[0].text
    for related in card.related:
        assert related in card_links(page.path, built_site, "")


def test_english_testimony_is_marked_as_translation(built_site: Path) -> None:
    """An English quotation says it is a translation and shows the Dutch original with it."""
    page = read_page(built_site / "en" / "kaarten" / "blijf-aanklampen" / "index.html")
    figure = page.find("figure", class_="oc-testimony")[0]
    assert "Translation by this project." in figure.text
    assert "Original (Nederlands)" in figure.text
    assert [q.attrs["lang"] for q in page.find("blockquote")][:2] == ["en", "nl"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_theme_pages_list_exactly_their_cards(built_site: Path, deck: Deck, language: str) -> None:
    """Each theme page links to exactly the cards of its theme, in deck order."""
    prefix = LANGUAGE_ROOT[language]
    for theme in deck.themes:
        path = built_site / prefix / "themas" / theme.key / "index.html"
        expected = [card.id for card in deck.cards_in_theme(theme.key)]
        assert card_links(path, built_site, prefix) == expected, theme.key


def _testimony_anchors(deck: Deck) -> list[tuple[str, int]]:
    """(card id, number on its card) of every testimony, in the page's order: by speaker role."""
    return [
        (card.id, index)
        for role in deck.vocabularies.speaker_roles
        for card in deck.cards
        for index, testimony in enumerate(card.testimonies, start=1)
        if testimony.speaker == role
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_testimonies_page_holds_every_testimony_once(
    built_site: Path, deck: Deck, language: str
) -> None:
    """The testimonies page shows each quotation exactly once, each linking to its card."""
    path = built_site / LANGUAGE_ROOT[language] / "getuigenissen" / "index.html"
    page = read_page(path)
    figures = page.find("figure", class_="oc-testimony")
    expected = [(card.id, testimony) for card in deck.cards for testimony in card.testimonies]
    assert len(figures) == len(expected)
    shown = [" ".join(figure.text.split()) for figure in figures]
    for card_id, testimony in expected:
        quote = " ".join(testimony.quote[language].split())
        assert sum(quote in text for text in shown) == 1, (card_id, quote)
    assert [figure.attrs["id"] for figure in figures] == [
        f"testimony-{card_id}-{index}" for card_id, index in _testimony_anchors(deck)
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_tips_page_lists_every_tip_with_its_card(
    built_site: Path, deck: Deck, language: str
) -> None:
    """The tips page has one item per tip, grouped by audience, each linking to its card."""
    prefix = LANGUAGE_ROOT[language]
    path = built_site / prefix / "tips" / "index.html"
    expected = [
        card.id
        for audience in ("professional", "organisation")
        for card in deck.cards
        for tip in card.text[language].tips
        if tip.audience == audience
    ]
    assert card_links(path, built_site, prefix) == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_overview_lists_every_card_with_filter_data(
    built_site: Path, deck: Deck, language: str
) -> None:
    """The overview lists every card once per theme group, with the data the filters use."""
    page = read_page(built_site / LANGUAGE_ROOT[language] / "kaarten" / "index.html")
    items = page.find("li", data_oc_item="data-oc-item")
    by_theme = [card for theme in deck.themes for card in deck.cards_in_theme(theme.key)]
    assert [
        (item.attrs["data-theme"], item.attrs["data-audience"], item.attrs["data-places"])
        for item in items
    ] == [(card.theme, card.audience, " ".join(card.places)) for card in by_theme]
    form = page.find("form", class_="oc-filters")[0]
    assert "hidden" in form.attrs  # shown by JavaScript only; without it the lists remain
    assert [select.attrs["name"] for select in page.find("select")] == [
        "theme",
        "audience",
        "place",
    ]
    assert len(page.find("button", data_oc_draw="")) == 1


def test_language_switcher_stays_on_the_same_card(built_site: Path, deck: Deck) -> None:
    """The language switcher of a card page links to the same card in the other language."""
    for card in deck.cards:
        nl = read_page(built_site / "kaarten" / card.id / "index.html")
        en = read_page(built_site / "en" / "kaarten" / card.id / "index.html")
        assert ("href", f"../../en/kaarten/{card.id}/") in nl.links
        assert ("href", f"../../../kaarten/{card.id}/") in en.links


def test_heading_ids_are_the_same_in_both_languages(built_site: Path, deck: Deck) -> None:
    """Every heading id of a card page exists in both languages (fixed ids, not from the text)."""
    for card in deck.cards:
        ids = []
        for prefix in ("", "en/"):
            page = read_page(built_site / prefix / "kaarten" / card.id / "index.html")
            ids.append(
                [
                    element.attrs.get("id")
                    for element in page.elements
                    if element.tag in ("h1", "h2", "h3") and not element.inside("oc-print-layout")
                ]
            )
        assert ids[0] == ids[1], card.id
        assert None not in ids[0]


def test_each_language_has_its_own_search_index_with_its_stemmer(built_site: Path) -> None:
    """One search index per language (the joint index i18n writes is split after the build):
    Dutch at search/, English at en/search/ with locations from the English root; Lunr has
    that language alone; no entry is in both or in neither."""
    dutch = json.loads((built_site / "search" / "search_index.json").read_text())
    english = json.loads((built_site / "en" / "search" / "search_index.json").read_text())
    assert dutch["config"]["lang"] == ["nl"]
    assert english["config"]["lang"] == ["en"]
    nl_docs = {doc["location"]: doc for doc in dutch["docs"]}
    en_docs = {doc["location"]: doc for doc in english["docs"]}
    assert nl_docs["kaarten/blijf-aanklampen/"]["title"] == "Blijf aanklampen, zonder te duwen"
    assert "aanklampen" in nl_docs["kaarten/blijf-aanklampen/"]["text"].lower()
    assert en_docs["kaarten/blijf-aanklampen/"]["title"] == "Keep reaching out, without pushing"
    assert "persistence" in en_docs["kaarten/blijf-aanklampen/"]["text"].lower()
    assert [location for location in nl_docs if location.startswith("en/")] == []
    assert [location for location in en_docs if location.startswith("en/")] == []
    # (every page of the site is in its language's index: the home pages are "")
    assert "" in nl_docs and "" in en_docs
    assert (built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.nl.min.js").is_file()


def test_about_page_lists_every_source(built_site: Path, deck: Deck) -> None:
    """The about page lists all sources of the registry, in both languages."""
    for prefix in ("", "en/"):
        page = read_page(built_site / prefix / "over" / "index.html")
        items = [element.text for element in page.elements if element.tag == "li"]
        for source in deck.sources.values():
            assert any(source.title in item for item in items), source.key


def test_home_page_has_the_three_entry_points(built_site: Path) -> None:
    """The home page starts with the situations a professional meets, says why outreach matters
    (the rights-based message), then offers browsing tips, printing cards and onboarding, in
    both languages."""
    for prefix, headings in (
        (
            "",
            [
                "Waar sta je voor?",
                "Waarom het ertoe doet",
                "Tips zoeken",
                "Kaarten printen",
                "Nieuwe collega's inwerken",
            ],
        ),
        (
            "en/",
            [
                "What are you facing?",
                "Why it matters",
                "Find tips",
                "Print cards",
                "Onboarding new colleagues",
            ],
        ),
    ):
        page = read_page(built_site / prefix / "index.html")
        assert [element.text.strip() for element in page.elements if element.tag == "h2"][
            :5
        ] == headings


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    """An offline walk over every built HTML file finds no broken relative link or #anchor but
    the home pages' links to the offline edition's zip, which the tests' builds skip
    (OUTREACH_CARDS_OFFLINE=false; test_offline.py walks a site with the zip)."""
    assert broken_links(built_site) == [
        "en/index.html: href='../offline/outreachend-werken-offline.zip' → missing file",
        "index.html: href='offline/outreachend-werken-offline.zip' → missing file",
    ]


def test_no_third_party_font_request(built_site: Path) -> None:
    """Pages load no Google Fonts (theme.font is off)."""
    for path in built_site.rglob("*.html"):
        assert "fonts.googleapis.com" not in path.read_text(encoding="utf-8"), path


# -- build behaviour -------------------------------------------------------------------------

BROKEN_CARD = """\
# yaml-language-server: $schema=../hooks/outreach_cards/schemas/card.schema.json
id: kapotte-kaart
number: 998
theme: hoee
audience: professional
sources: [fixture-handboek]
text:
  nl:
    titel: Een kapotte kaart
"""


def test_broken_card_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    """A broken card fails `mkdocs build` with file, line and field, no traceback, no site."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    (project / "cards" / "kapotte-kaart.yaml").write_text(BROKEN_CARD, encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "The cards have problems; nothing was built:" in result.stderr
    assert (
        "cards/kapotte-kaart.yaml:4: field 'theme': unknown theme 'hoee' (not in themes.yaml) "
        "— did you mean 'hoe'?"
    ) in result.stderr
    assert (
        "cards/kapotte-kaart.yaml:9: field 'text.nl.titel': unknown field 'titel' "
        "— did you mean 'title'?"
    ) in result.stderr
    assert (
        "cards/kapotte-kaart.yaml:8: field 'text.nl.title': missing required field 'title'"
    ) in result.stderr
    assert not (project / "site").exists()
    assert not (project / "docs" / "kaarten").exists()


def test_language_mismatch_between_mkdocs_and_deck_is_an_error(tmp_path: Path) -> None:
    """mkdocs.yml's i18n languages must equal the deck's languages; the message says both."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      - locale: en\n", "      - locale: fr\n"))
    result = build(project)
    assert result.returncode == 1
    assert (
        "mkdocs.yml's i18n languages ['nl', 'fr'] differ from the deck's languages "
        "['nl', 'en'] in cards/registries/vocabularies.yaml: make them the same"
    ) in result.stderr


def test_removed_card_disappears_from_the_rebuilt_site(tmp_path: Path) -> None:
    """Deleting a card file removes its generated pages on the next build; no stale page
    survives."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    original = (project / "cards" / "blijf-aanklampen.yaml").read_text(encoding="utf-8")
    extra = project / "cards" / "tijdelijke-kaart.yaml"
    extra.write_text(
        re.sub(r"(?m)^number: \d+$", "number: 999", original).replace(
            "id: blijf-aanklampen", "id: tijdelijke-kaart"
        ),
        encoding="utf-8",
    )
    assert build(project).returncode == 0
    assert (project / "docs" / "kaarten" / "tijdelijke-kaart.en.md").is_file()
    assert "tijdelijke-kaart" in card_ids_built(project / "site", "en/")
    extra.unlink()
    assert build(project).returncode == 0, "rebuild failed"
    assert not (project / "docs" / "kaarten" / "tijdelijke-kaart.en.md").exists()
    assert not (project / "docs" / "kaarten" / "tijdelijke-kaart.md").exists()
    assert "tijdelijke-kaart" not in card_ids_built(project / "site", "")
    assert "tijdelijke-kaart" not in card_ids_built(project / "site", "en/")


def test_unchanged_pages_are_not_rewritten(tmp_path: Path, fixture_deck: Deck) -> None:
    """Writing the same pages twice touches no file the second time (no serve rebuild loop)."""
    deck = fixture_deck
    pages = render_site(deck)
    first = write_pages(tmp_path, pages)
    assert sorted(first) == sorted(pages)
    # per language: the cards and their embed views, the themes, the sets, the situations, the
    # formats, and overview, theme index, testimonies, tips, glossary, print page (a notice
    # without the print step), deck builder, my cards, set index, situations index, formats
    # index, the presentation mode; and the print layout's stylesheet and the search results'
    # stylesheet (cards in their colour)
    pages_per_language = (
        2 * len(deck.cards)
        + len(deck.themes)
        + len(deck.sets)
        + len(deck.situations)
        + len(deck.formats)
        + 12
    )
    assert len(pages) == 2 * pages_per_language + 2
    assert len(pages) == 2 * (2 * 5 + 3 + 1 + 2 + 1 + 12) + 2
    assert write_pages(tmp_path, pages) == []
    (tmp_path / "kaarten" / "stale.md").write_text("old")
    assert write_pages(tmp_path, pages) == ["kaarten/stale.md"]


def test_repository_has_no_generated_pages_committed() -> None:
    """The generated folders are git-ignored, so built pages never end up in a commit."""
    ignored = (REPO / ".gitignore").read_text()
    for folder in GENERATED_DIRS:
        assert f"/docs/{folder}/" in ignored


def _wait_for(url: str, text: str, seconds: float) -> bool:
    return wait_for(url, text, seconds) is not None


def test_serve_builds_are_counted_also_when_mkdocs_drops_a_repeated_message(tmp_path: Path) -> None:
    """A served log (as the benchmark saw it): the second rebuild took as long as the first, so
    MkDocs' duplicate filter dropped its "Documentation built in" line; it still counts as
    finished (it reloaded the browsers). A rebuild that failed counts too; one still running
    does not."""
    log = tmp_path / "serve.log"
    first = (
        "INFO    -  Building documentation...\n"
        "INFO    -  Documentation built in 4.25 seconds\n"
        "INFO    -  [13:13:34] Serving on http://127.0.0.1:56645/\n"
    )
    rebuild = (
        "INFO    -  [13:13:36] Detected file changes\n"
        "INFO    -  Building documentation...\n"
        "INFO    -  Documentation built in 4.69 seconds\n"
        "INFO    -  [13:13:41] Reloading browsers\n"
    )
    again = (
        "INFO    -  [13:13:43] Detected file changes\n"
        "INFO    -  Building documentation...\n"
        "INFO    -  [13:13:47] Reloading browsers\n"
    )
    failed = (
        "INFO    -  [13:14:01] Detected file changes\n"
        "INFO    -  Building documentation...\n"
        "ERROR   -  [13:14:02] An error happened during the rebuild. The server will "
        "appear stuck until build errors are resolved.\n"
    )
    running_now = (
        "INFO    -  [13:15:00] Detected file changes\nINFO    -  Building documentation...\n"
    )
    log.write_text("INFO    -  Building documentation...\n", encoding="utf-8")
    assert builds(log) == (1, 0)
    log.write_text(first + rebuild + again, encoding="utf-8")
    assert builds(log) == (3, 3)
    log.write_text(first + rebuild + again + failed + running_now, encoding="utf-8")
    assert builds(log) == (5, 4)


def test_serve_shows_cards_in_both_languages_and_picks_up_an_edit(tmp_path: Path) -> None:
    """`mkdocs serve` serves a card in nl and en, and shows an edited title after one rebuild
    (the pages the hook writes into docs/ do not start a second one), on the page and in the
    card's PDF; edits of hand-written pages and of docs/assets/ are still picked up; stopped,
    it leaves no process behind."""
    import os
    import subprocess
    import sys

    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    port = free_port()
    log = tmp_path / "serve.log"

    def settled(expected: int) -> tuple[int, int]:
        """The build counts once nothing has changed for 3 s (after ``expected`` builds)."""
        return wait_idle(log, quiet=3, seconds=120, finished=expected)

    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=build_env(project),
            stdout=output,
            stderr=output,
            text=True,
        )
    try:
        base = f"http://127.0.0.1:{port}/"
        assert _wait_for(base + "kaarten/blijf-aanklampen/", "Blijf aanklampen, een testkaart", 120)
        assert _wait_for(
            base + "en/kaarten/blijf-aanklampen/", "Keep reaching out, a test card", 10
        )
        assert settled(1) == (1, 1)
        card = project / "cards" / "blijf-aanklampen.yaml"
        card.write_text(
            card.read_text(encoding="utf-8").replace(
                "title: Blijf aanklampen, een testkaart", "title: Blijf aanklampen, altijd zacht"
            ),
            encoding="utf-8",
        )
        assert _wait_for(base + "kaarten/blijf-aanklampen/", "Blijf aanklampen, altijd zacht", 60)
        assert settled(2) == (2, 2)  # one rebuild for the edit, none for the pages it wrote
        # the card's PDF is served too, rendered again with the new title
        pdf = fetch(base + "pdf/kaarten/blijf-aanklampen.pdf")
        assert pdf is not None and pdf.startswith(b"%PDF-")
        printed = tmp_path / "served.pdf"
        printed.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Blijf aanklampen, altijd zacht" in " ".join(text.split())
        # a hand-written page (docs/ itself) and a stylesheet (a folder of docs/) still count
        about = project / "docs" / "over.md"
        about.write_text(
            about.read_text(encoding="utf-8").replace(
                "# Over deze kaarten {", "# Over deze kaarten, bewerkt {"
            ),
            encoding="utf-8",
        )
        assert _wait_for(base + "over/", "Over deze kaarten, bewerkt", 60)
        assert settled(3) == (3, 3)
        style = project / "docs" / "assets" / "deck.css"
        style.write_text(style.read_text(encoding="utf-8") + "\n/* bewerkt */\n", encoding="utf-8")
        assert _wait_for(base + "assets/deck.css", "/* bewerkt */", 60)
        assert settled(4) == (4, 4)
        # the layout workers it started stopped when their layouts were done; the forkserver
        # that started them and multiprocessing's resource tracker stop with the server, also
        # when only the server itself gets SIGTERM
        helpers = process_tree(server.pid)[1:]
        assert len(helpers) == (0 if (os.cpu_count() or 1) < 2 else 2), helpers
    finally:
        server.terminate()
        server.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in helpers if running(pid)] == []


def test_search_index_has_no_entries_for_hidden_print_layouts(built_site: Path) -> None:
    """The print layouts on card pages and in the deck builder are hidden on screen and excluded
    from search: no search result may point into them (or be an empty section)."""
    docs = [
        *json.loads((built_site / "search" / "search_index.json").read_text())["docs"],
        *json.loads((built_site / "en" / "search" / "search_index.json").read_text())["docs"],
    ]
    hidden = [
        entry["location"]
        for entry in docs
        if "#oc-" in entry["location"]
        or (entry["location"].count("#") and not entry["text"] and entry["title"] == "")
    ]
    assert hidden == []
    locations = [entry["location"] for entry in docs]
    assert locations.count("kaarten/blijf-aanklampen/#tips-professional") == 2  # (nl and en)


def test_templates_are_compiled_once_per_process_and_again_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared bytecode cache (our templates and, through the hook, the theme's): a new
    environment (a language, a rebuild) does not compile a template again, unless it changed."""
    from jinja2 import Environment, FileSystemLoader

    from outreach_cards.site.pages import CompiledTemplates

    cache = CompiledTemplates()
    (tmp_path / "t.html").write_text("Hallo {{ name }}", encoding="utf-8")
    compiled: list[str] = []
    real = Environment.compile

    def counting(self, source, *args, **kwargs):
        compiled.append(source)
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    for _ in range(2):
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
        assert env.get_template("t.html").render(name="Ann") == "Hallo Ann"
    assert compiled == ["Hallo {{ name }}"]
    (tmp_path / "t.html").write_text("Dag {{ name }}", encoding="utf-8")
    env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
    assert env.get_template("t.html").render(name="Ann") == "Dag Ann"
    assert compiled == ["Hallo {{ name }}", "Dag {{ name }}"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_glossary_page_has_every_term_once(built_site: Path, deck: Deck, language: str) -> None:
    """The real deck's glossary page: a heading per term, each once, in the glossary's order,
    every card that uses the term linked from it."""
    prefix = LANGUAGE_ROOT[language]
    path = built_site / prefix / "woordenlijst" / "index.html"
    page = read_page(path)
    ids = [element.attrs.get("id") for element in page.elements if element.tag == "h2"]
    assert ids == [term.key for term in deck.glossary]
    html = path.read_text(encoding="utf-8")
    for term in deck.glossary:
        section = html.split(f'id="{term.key}"', 1)[1].split("<h2", 1)[0]
        for card in deck.cards_using(term):
            assert f'href="../kaarten/{card.id}/"' in section, (term.key, card.id)


def test_glossary_terms_are_linked_once_per_page(built_site: Path, deck: Deck) -> None:
    """On the real site, every glossary link leads to an entry of the glossary page and carries
    that term's explanation as its title; no page links a term twice; the glossary pages and
    the embedded cards link none; the card pages link the terms their texts use."""
    explanation = {
        (prefix, term.key): " ".join(term.explanation[language].split())
        for term in deck.glossary
        for language, prefix in (("nl", ""), ("en", "en/"))
    }
    linked_cards = 0
    for path in sorted(built_site.rglob("*.html")):
        relative = path.relative_to(built_site).as_posix()
        prefix = "en/" if relative.startswith("en/") else ""
        links = [(href, title) for href, title, _ in term_links(path)]
        if relative.removeprefix(prefix).startswith(("woordenlijst/", "embed/")):
            assert links == [], relative
            continue
        keys = [href.split("#", 1)[1] for href, _ in links]
        assert len(keys) == len(set(keys)), relative
        for (href, title), key in zip(links, keys, strict=True):
            assert href.split("#")[0].endswith("woordenlijst/"), (relative, href)
            assert title == explanation[(prefix, key)], (relative, key)
        if relative.removeprefix(prefix).startswith("kaarten/") and links:
            linked_cards += 1
    # (a term a card only uses in its title is not linked there: headings are left alone)
    using = {card.id for term in deck.glossary for card in deck.cards_using(term)}
    assert linked_cards >= len(using)
