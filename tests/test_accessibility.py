"""Accessibility and privacy of every page type, in a real Chromium with axe-core.

axe-core runs with the WCAG 2.0, 2.1 and 2.2 rules at levels A and AA, on every page type in
both languages (Dutch at 320 px and 1280 px wide, English at 1280 px); its colour rules run in
the light and the dark scheme, in the default language. No rule is disabled (DISABLED_RULES in
helpers.py lists any that ever is, with its reason).

What each tour checks (TOURS) follows what can differ. The colour rules (contrast, links told
apart from text) depend on the scheme's colours and on which elements are shown: they run at
1280 px, where the page shows the most (tabs, both sidebars); at 320 px the same elements are
hidden or behind a button, in the same colours. The other rules (names, roles, structure,
target size) depend on the markup and the layout, not the scheme: they run at both widths in
the light scheme in the default language. Both languages come from the same templates and
stylesheet: what the other language changes is the text (names, labels, the page's language),
which is the same at every width, so its tour runs them at 1280 px, where every name is shown;
its pages' reflow is still checked at 320 px and zoomed. The colours of each scheme are checked
in the default language only. Four full tours (every rule, both widths, both schemes and
languages) took about 450 s of a 7.5-minute suite; these three take about a third of that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from outreach_cards.model import Deck

from .helpers import REPO, axe_violations, search, skip_search_index, tab_and_read

PAGE_TYPES = {
    "home": "",
    "situations": "situaties/",
    "situation": "situaties/contact-valt-weg/",
    "card overview": "kaarten/",
    "card": "kaarten/blijf-aanklampen/",
    "theme": "themas/hoe/",
    "themes": "themas/",
    "testimonies": "getuigenissen/",
    "tips": "tips/",
    "glossary": "woordenlijst/",
    "print": "afdrukken/",
    "deck builder": "samenstellen/",
    "presentation": "presenteren/?theme=hoe",
    "formats": "werkvormen/",
    "offline page": "niet-verbonden/",
    "my cards": "mijn-kaarten/",
    "sets": "sets/",
    "set": "sets/eerste-week/",
    "embedded card": "embed/blijf-aanklampen/",
    "for organisations": "organisaties/",
    "about": "over/",
    "accessibility statement": "toegankelijkheid/",
}


# The light and the dark scheme (Material's palette follows prefers-color-scheme when the
# page is loaded, then keeps it), at 320 px (a phone, 400 % zoom) and at 1280 px.
WIDTHS = (320, 1280)
# (language, scheme) → the axe-core rules run at each width, and whether reflow is checked
# (see the module's docstring for why)
TOURS = {
    ("nl", "light"): ({320: "structure", 1280: "all"}, True),
    ("en", "light"): ({1280: "structure"}, True),
    ("nl", "dark"): ({1280: "colour"}, False),
}
ZOOMED = 640  # 1280 px at 200 % zoom: reflow is checked there too
SCHEME_ATTRIBUTE = {"light": "default", "dark": "slate"}  # body[data-md-color-scheme]
LANGUAGES = {"nl": "", "en": "en/"}  # language → its root
QUERY = {"nl": "aanklampen", "en": "persistence"}


@dataclass
class Tour:
    """What one visit of every page type (and the search results) in one scheme and language
    found: axe-core's violations at both widths, the pages wider than the window (loaded at
    320 px, then zoomed to 200 % in place: 640 px), every URL the browser asked for, and the
    cookies it was given."""

    violations: dict[str, list[str]] = field(default_factory=dict)
    checked: int = 0
    wide: dict[str, int] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    cookies: list[dict] = field(default_factory=list)


def take_tour(browser, site_url: str, scheme: str, language: str) -> Tour:
    """Load every page type of ``language`` once in ``scheme``, at the first width of its
    tour (320 px where its reflow is checked), until the network is idle; read its width; run
    axe-core at each width of the tour, resized in place (injected once: one load and injection
    per page); then zoom it to 200 % and read its width again. Then search at each width and
    run axe-core over the results."""
    prefix = LANGUAGES[language]
    widths, reflow = TOURS[(language, scheme)]
    first = min(widths) if not reflow else min(min(widths), WIDTHS[0])
    context = browser.new_context(
        viewport={"width": first, "height": 800}, base_url=site_url, color_scheme=scheme
    )
    searching = []  # (the page types load no search index: only the search step needs it)
    skip_search_index(context, unless=lambda: bool(searching))
    page = context.new_page()
    tour = Tour()
    page.on("request", lambda request: tour.requested.append(request.url))
    try:
        for name, path in PAGE_TYPES.items():
            page.set_viewport_size({"width": first, "height": 800})  # (wider after the last)
            page.goto(prefix + path)
            page.wait_for_load_state("networkidle")
            # (the embedded card is no Material page: it has no palette)
            assert page.evaluate("document.body.dataset.mdColorScheme") == (
                None if name == "embedded card" else SCHEME_ATTRIBUTE[scheme]
            ), name
            if reflow:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > first:
                    tour.wide[f"{name} at {first} px"] = scroll
            for width, rules in sorted(widths.items()):
                page.set_viewport_size({"width": width, "height": 800})
                # a resize starts Material's CSS transitions (the search box fades in):
                # axe-core must see where they end, as on a page loaded at that width
                page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
                violations = axe_violations(page, inject=width == min(widths), rules=rules)
                tour.checked += 1
                if violations:
                    tour.violations[f"{name} at {width} px"] = violations
            if reflow:
                # 200 % zoom of 1280 px: the window's CSS width halves in place, as when a
                # reader zooms in on a page they have open
                page.set_viewport_size({"width": ZOOMED, "height": 800})
                page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > ZOOMED:
                    tour.wide[f"{name} at {ZOOMED} px"] = scroll
        # the search results, open over a page (the box is behind a button when narrow)
        searching.append(True)
        for width, rules in sorted(widths.items()):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(prefix)
            if width < 960:
                page.click("label[for='__search']")
            search(page, QUERY[language])
            violations = axe_violations(page, rules=rules)
            tour.checked += 1
            if violations:
                tour.violations[f"search results at {width} px"] = violations
        tour.cookies = context.cookies()
    finally:
        context.close()
    return tour


@pytest.mark.parametrize(("language", "scheme"), TOURS, ids=["-".join(tour) for tour in TOURS])
def test_every_page_type_passes_axe_asks_only_this_site_and_reflows(
    browser, site_url: str, scheme: str, language: str
) -> None:
    """One tour of every page type and the search results, per language and scheme of TOURS:
    axe-core finds no violation at any width of the tour; every request goes to the site's
    own server and no cookie is set; in the light scheme, loaded at 320 px (400 % zoom of
    1280) and zoomed to 640 px (200 %), no page scrolls sideways (wide tables scroll inside
    their own box). One test per tour, so a page is loaded once for the three checks; each
    check's findings are named apart."""
    tour = take_tour(browser, site_url, scheme, language)
    own = urlsplit(site_url).netloc
    elsewhere = [
        url
        for url in tour.requested
        if urlsplit(url).scheme != "data" and urlsplit(url).netloc != own
    ]
    assert {
        "axe-core violations": tour.violations,
        "requests to other hosts": elsewhere,
        "cookies": tour.cookies,
        "pages that scroll sideways": tour.wide,
    } == {
        "axe-core violations": {},
        "requests to other hosts": [],
        "cookies": [],
        "pages that scroll sideways": {},
    }
    assert tour.checked == (len(PAGE_TYPES) + 1) * len(TOURS[(language, scheme)][0])
    assert len(tour.requested) > len(PAGE_TYPES)


def test_the_colour_rules_are_the_ones_left_out_of_the_structure_runs(page) -> None:
    """The colour-only run finds a contrast failure the structure run leaves out, and the
    structure run finds a missing image text the colour-only run leaves out: together they are
    every WCAG rule."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<p style="color:#777;background:#888">faint text</p><img src="data:,">'
        "</main></body></html>"
    )
    rules = {
        kind: sorted({line.split(":")[0] for line in axe_violations(page, rules=kind)})
        for kind in ("all", "colour", "structure")
    }
    assert rules == {
        "all": ["color-contrast", "image-alt"],
        "colour": ["color-contrast"],
        "structure": ["image-alt"],
    }


def test_the_site_font_is_atkinson_hyperlegible_from_the_site_itself(page) -> None:
    """The text is set in Atkinson Hyperlegible, loaded from the site's own assets."""
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto("kaarten/blijf-aanklampen/")
    page.wait_for_load_state("networkidle")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    assert family.startswith('"Atkinson Hyperlegible"')
    assert page.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible\"')")
    fonts = sorted(urlsplit(url).path for url in loaded if url.endswith(".woff2"))
    assert "/assets/fonts/atkinson-hyperlegible-regular.woff2" in fonts
    assert all(path.startswith("/assets/fonts/atkinson-hyperlegible-") for path in fonts)


def test_keyboard_focus_is_visible(page) -> None:
    """A link reached with the Tab key shows a focus outline."""
    page.goto("kaarten/blijf-aanklampen/")
    # a visually hidden radio (Material's scheme switch) shows its focus on the visible
    # switch right after it
    outlines = tab_and_read(
        page,
        8,
        "(() => { let e = document.activeElement;"
        " if (e.classList.contains('md-option'))"
        " e = e.nextElementSibling; const s = getComputedStyle(e);"
        " return [e.tagName, s.outlineStyle, s.outlineWidth, s.boxShadow]; })()",
    )
    focused = [entry for entry in outlines if entry[0] in ("A", "INPUT", "LABEL", "BUTTON")]
    assert focused, outlines
    for tag, style, width, shadow in focused:
        assert (style != "none" and width != "0px") or shadow != "none", (tag, style, width, shadow)


VNU = REPO / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Messages of the Nu Html Checker we accept, with the reason; none so far.
ACCEPTED_HTML_ERRORS: dict[str, str] = {}


def test_every_page_is_valid_html(built_site: Path, deck: Deck) -> None:
    """The Nu Html Checker finds no error on any page of the site, in either language."""
    import json
    import shutil
    import subprocess

    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail("the Nu Html Checker needs vnu.jar and Java: `make test` installs both")
    pages = sorted(str(path) for path in built_site.rglob("*.html"))
    # per language: a page per card, its embed view, a page per theme and per set, and more
    assert len(pages) > 2 * (2 * len(deck.cards) + len(deck.themes) + len(deck.sets))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    root = built_site.resolve().as_uri().replace("file://", "file:") + "/"
    errors = sorted(
        {
            f"{m.get('url', '').replace(root, '')}:{m.get('lastLine', 0)}: {m['message']}"
            for m in messages
            if m["type"] == "error" and m["message"] not in ACCEPTED_HTML_ERRORS
        }
    )
    assert errors == []


def test_without_javascript_every_card_page_is_readable_and_reachable(
    browser, site_url: str, deck: Deck
) -> None:
    """With JavaScript off, the overview links every card, and each card page shows its title,
    front text, tips and questions."""
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    try:
        for prefix, language in (("", "nl"), ("en/", "en")):
            page.goto(prefix + "kaarten/")
            hrefs = page.locator("li[data-oc-item] a").evaluate_all(
                "links => links.map(a => new URL(a.href).pathname)"
            )
            assert {f"/{prefix}kaarten/{card.id}/" for card in deck.cards} <= set(hrefs)
            for card in deck.cards:
                page.goto(f"{prefix}kaarten/{card.id}/")
                text = card.text[language]
                assert page.locator("h1").inner_text() == text.title
                assert page.locator(".oc-card-front").is_visible()
                assert page.locator("#tips").is_visible()
                assert page.locator("#questions").is_visible()
    finally:
        context.close()


@pytest.mark.search
def test_keyboard_alone_reaches_search_filters_and_a_card(page, deck: Deck) -> None:
    """From the top of the overview, the Tab key reaches the search box, the filters and the
    cards; Enter on a card opens it."""
    page.goto("kaarten/")
    reached = tab_and_read(
        page,
        40,
        "(() => { const e = document.activeElement;"
        " return `${e.tagName}#${e.id}.${e.className}@${e.getAttribute('href')}`; })()",
        until=lambda entry: entry.endswith(f"@{deck.cards[0].id}/"),
    )
    assert any("md-search__input" in entry for entry in reached), reached
    assert any("#oc-filter-theme" in entry for entry in reached), reached
    assert any("#oc-filter-place" in entry for entry in reached), reached
    assert reached[-1].endswith(f"@{deck.cards[0].id}/"), reached
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/kaarten/{deck.cards[0].id}/")
    assert page.locator("h1").inner_text() == deck.cards[0].text["nl"].title


@pytest.mark.search
@pytest.mark.parametrize("prefix, query", [("", QUERY["nl"]), ("en/", QUERY["en"])])
def test_open_search_dialog_has_a_name(page, prefix: str, query: str) -> None:
    """axe-core's aria-dialog-name (a best-practice rule, outside the WCAG tags above) passes
    with the search open: the dialog is named after the search box."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(prefix)
    search(page, query)
    response = (
        Axe()
        .run(page, options={"runOnly": {"type": "rule", "values": ["aria-dialog-name"]}})
        .response
    )
    assert response["violations"] == []
    assert [rule["id"] for rule in response["passes"]] == ["aria-dialog-name"]


def test_one_sitemap_for_the_whole_site(built_site: Path) -> None:
    """i18n's one sitemap at the root; no copy under en/ (Material's language switch, patched,
    no longer reads a sitemap: tests/test_fast_pages.py)."""
    assert (built_site / "sitemap.xml").is_file()
    assert not (built_site / "en" / "sitemap.xml").exists()
