"""What Lighthouse checks on the pages it measures (tests/bench_lighthouse.py), asserted
exactly, without scores: absolute hreflang alternates with an x-default, no sitemap requests
from Material's language switch (its bundle patched at build time, under a hashed name), no
console errors, a cumulative layout shift under 0.02, the deck builder's and the presentation
mode's stylesheets only on their own pages, and those pages without JavaScript."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from outreach_cards.model import Deck
from outreach_cards.site.alternates import absolute_alternates, absolute_url
from outreach_cards.site.material_patch import (
    FRAGMENT,
    MaterialPatchError,
    hashed_name,
    patch_bundle,
    patched_bundle,
)

from .helpers import FAST_PAGES, LANGUAGE_ROOT, read_page

# The site_url the tests' builds have (mkdocs.yml's default).
SITE_URL = "http://127.0.0.1:8000/"
# Lighthouse's phone (a Moto G Power): its viewport in CSS pixels.
PHONE = {"width": 412, "height": 823}
CASES = [(name, language) for language in LANGUAGE_ROOT for name in FAST_PAGES]


def page_file(site: Path, language: str, path: str) -> Path:
    return site / LANGUAGE_ROOT[language] / urlsplit(path).path / "index.html"


# -- absolute alternates (site/alternates.py) --------------------------------------------------


def test_alternates_become_absolute_with_an_x_default() -> None:
    """Relative and root-relative alternates are made absolute under site_url (also in a
    subfolder), and the default language's page is added as x-default."""
    page = (
        '<head><link rel="alternate" href="./" hreflang="nl">\n'
        '<link rel="alternate" href="../../en/kaarten/x/" hreflang="en">\n</head>'
    )
    assert absolute_alternates(page, "kaarten/x/", "https://example.org/deck/", "nl") == (
        '<head><link rel="alternate" href="https://example.org/deck/kaarten/x/" hreflang="nl">\n'
        '<link rel="alternate" href="https://example.org/deck/en/kaarten/x/" hreflang="en">\n'
        '<link rel="alternate" href="https://example.org/deck/kaarten/x/" hreflang="x-default">'
        "\n</head>"
    )
    assert absolute_url("/en/", "en/", "https://example.org/deck") == "https://example.org/deck/en/"
    assert absolute_url("../../../kaarten/x/", "en/kaarten/x/", SITE_URL) == (
        SITE_URL + "kaarten/x/"
    )


def test_alternates_stay_as_they_are_without_site_url_or_alternates() -> None:
    """No site_url (nothing to make them absolute with), or no alternates: the page is kept."""
    page = '<link rel="alternate" href="./" hreflang="nl">'
    assert absolute_alternates(page, "x/", "", "nl") == page
    assert absolute_alternates("<p>no head</p>", "x/", SITE_URL, "nl") == "<p>no head</p>"


def test_every_measured_page_has_absolute_alternates_and_an_x_default(built_site: Path) -> None:
    """Every page type Lighthouse measures, in both languages: one alternate per language and
    an x-default, absolute under site_url, each the same page in that language."""
    for name, language in CASES:
        path = urlsplit(FAST_PAGES[name]).path
        links = read_page(page_file(built_site, language, path)).find("link", rel="alternate")
        assert [(link.attrs["hreflang"], link.attrs["href"]) for link in links] == [
            ("nl", SITE_URL + path),
            ("en", SITE_URL + "en/" + path),
            ("x-default", SITE_URL + path),
        ], (name, language)


def test_the_language_menu_keeps_relative_links(built_site: Path) -> None:
    """The header's language menu still links relatively (the site works on any host)."""
    links = read_page(built_site / "en" / "kaarten" / "blijf-aanklampen" / "index.html").find(
        "a", class_="md-select__link"
    )
    assert [(link.attrs["hreflang"], link.attrs["href"]) for link in links] == [
        ("nl", "../../../kaarten/blijf-aanklampen/"),
        ("en", "./"),
    ]


# -- Material's bundle (site/material_patch.py) ------------------------------------------------


def fake_bundle(*middles: str) -> str:
    return "(()=>{" + "".join(middles) + "})();\n//# sourceMappingURL=bundle.0123abcd.min.js.map\n"


def test_the_patch_removes_the_sitemap_set_up_and_the_source_map() -> None:
    """The one call that sets up the alternates' sitemap requests goes, and so does the source
    map comment (the map is of the unpatched file)."""
    bundle = fake_bundle("di({alert$:fo});", FRAGMENT, "var uo=new T;")
    assert patch_bundle(bundle, "bundle.0123abcd.min.js") == (
        "(()=>{di({alert$:fo});var uo=new T;})();\n"
    )


@pytest.mark.parametrize("middles, count", [(("ui({document$:xy});",), 0), ((FRAGMENT,) * 2, 2)])
def test_the_build_stops_when_the_fragment_is_not_there_once(
    middles: tuple[str, ...], count: int
) -> None:
    """A bundle without the fragment (a Material upgrade), or with it twice: a clear error."""
    with pytest.raises(MaterialPatchError) as raised:
        patch_bundle(fake_bundle(*middles), "bundle.0123abcd.min.js")
    assert str(raised.value) == (
        "Material's JavaScript bundle bundle.0123abcd.min.js does not contain the language "
        f"switch's sitemap set-up '{FRAGMENT}' exactly once (found {count} times): Material "
        "was upgraded? Look for the call of the function that fetches "
        'new URL("sitemap.xml", ...) for each link[rel=alternate] and update FRAGMENT in '
        "hooks/outreach_cards/site/material_patch.py"
    )


def test_a_theme_folder_gives_a_patched_bundle_named_by_its_hash(tmp_path: Path) -> None:
    """The patched bundle's name is the hash of its own text, not Material's."""
    folder = tmp_path / "theme" / "assets" / "javascripts"
    folder.mkdir(parents=True)
    (folder / "bundle.0123abcd.min.js").write_text(fake_bundle(FRAGMENT), encoding="utf-8")
    bundle = patched_bundle([str(tmp_path / "overrides"), str(tmp_path / "theme")])
    digest = hashlib.sha256(bundle.text.encode("utf-8")).hexdigest()[:8]
    assert (bundle.original, bundle.name, bundle.text) == (
        "bundle.0123abcd.min.js",
        f"bundle.{digest}.min.js",
        "(()=>{})();\n",
    )
    assert hashed_name(bundle.text) == bundle.name


def test_the_site_has_only_the_patched_bundle_and_every_page_uses_it(built_site: Path) -> None:
    """One bundle in the site, named by its hash, without the fragment; every page's script
    points to it; no en/sitemap.xml (Material's switch no longer reads one)."""
    bundles = sorted((built_site / "assets" / "javascripts").glob("bundle.*"))
    assert len(bundles) == 1
    text = bundles[0].read_text(encoding="utf-8")
    assert bundles[0].name == hashed_name(text)
    assert FRAGMENT not in text
    pattern = re.compile(r'<script src="[^"]*assets/javascripts/(bundle\.[^"]+)"')
    used = {
        match
        for path in built_site.rglob("*.html")
        for match in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert used == {bundles[0].name}
    assert not (built_site / "en" / "sitemap.xml").exists()


# -- stylesheets and scripts of one page -------------------------------------------------------


def test_page_assets_only_on_their_pages(built_site: Path, deck: Deck) -> None:
    """builder.css/js and present.css/js are linked by their own pages only, keep.css/js by
    the card pages and the page of kept cards (both languages); the card print layout's
    stylesheet is linked for print on every page, the search results' at the end of the
    body."""
    languages = ("", "en/")
    cards = {f"{root}kaarten/{card.id}/index.html" for root in languages for card in deck.cards}
    kept = {f"{root}mijn-kaarten/index.html" for root in languages} | cards
    own = {
        "assets/builder.css": {f"{root}samenstellen/index.html" for root in languages},
        "assets/builder.js": {f"{root}samenstellen/index.html" for root in languages},
        "assets/present.css": {f"{root}presenteren/index.html" for root in languages},
        "assets/present.js": {f"{root}presenteren/index.html" for root in languages},
        "assets/keep.css": kept,
        "assets/keep.js": kept,
    }
    found: dict[str, set[str]] = {asset: set() for asset in own}
    print_media, search_in_body = set(), set()
    for path in sorted(built_site.rglob("*.html")):
        page = read_page(path)
        relative = path.relative_to(built_site).as_posix()
        for _attribute, url in page.links:
            for asset in own:
                if url.endswith(asset):
                    found[asset].add(relative)
        for link in page.find("link", rel="stylesheet"):
            if link.attrs["href"].endswith("afdrukken/card.css"):
                print_media.add(link.attrs.get("media"))
            if link.attrs["href"].endswith("kaarten/search.css"):
                search_in_body.add(tuple(parent.tag for parent in link.ancestors))
    assert found == own
    assert print_media == {"print"}
    assert search_in_body == {("html", "body")}


# -- in Chromium: requests, console, layout shift, without JavaScript --------------------------

LAYOUT_SHIFTS = """
window.ocShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.ocShifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""
SETTLED = """
() => document.fonts.ready.then(() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)))))
"""


@pytest.fixture
def phone(browser, site_url: str):
    """A page at the size of Lighthouse's phone, recording its requests, console errors and
    layout shifts. (It loads the search index, as Lighthouse's browser does: a refused index
    logs errors.)"""
    context = browser.new_context(viewport=PHONE, is_mobile=True, base_url=site_url)
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    page.oc_requests = []
    page.oc_errors = []
    page.on("request", lambda request: page.oc_requests.append(request.url))
    page.on(
        "console", lambda message: message.type == "error" and page.oc_errors.append(message.text)
    )
    page.on("pageerror", lambda error: page.oc_errors.append(str(error)))
    yield page
    context.close()


def test_every_measured_page_loads_without_errors_sitemaps_or_layout_shift(phone) -> None:
    """Each page type, both languages, on a phone: no console error, no request for a
    sitemap, and the layout shifts (without input) add up to less than 0.02."""
    shifts, errors, sitemaps = {}, {}, []
    for name, language in CASES:
        phone.oc_errors.clear()
        phone.goto(LANGUAGE_ROOT[language] + FAST_PAGES[name])
        phone.wait_for_load_state("load")
        phone.evaluate(SETTLED)
        total = sum(phone.evaluate("window.ocShifts"))
        if total >= 0.02:
            shifts[(name, language)] = round(total, 4)
        if phone.oc_errors:
            errors[(name, language)] = list(phone.oc_errors)
    sitemaps = [url for url in phone.oc_requests if url.endswith("sitemap.xml")]
    assert (shifts, errors, sitemaps) == ({}, {}, [])


def test_the_language_switch_goes_to_the_same_page_without_sitemaps(phone) -> None:
    """Opening the header's language menu and choosing English leads to the same card in
    English, and nothing asks for a sitemap on the way."""
    phone.goto("kaarten/blijf-aanklampen/")
    phone.locator(".md-header__option .md-select button").click()
    phone.locator('.md-select__link[hreflang="en"]').click()
    phone.wait_for_url("**/en/kaarten/blijf-aanklampen/")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert [url for url in phone.oc_requests if "sitemap" in url] == []


@pytest.fixture
def no_js_page(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, base_url=site_url)
    yield context.new_page()
    context.close()


def test_builder_and_presentation_without_javascript(no_js_page, deck: Deck) -> None:
    """Without JavaScript the builder shows its note (its form stays hidden) and the
    presentation mode its list of every card, both sides."""
    no_js_page.goto("samenstellen/")
    assert no_js_page.locator(".oc-builder-nojs").is_visible()
    assert not no_js_page.locator("form[data-oc-builder]").is_visible()
    no_js_page.goto("presenteren/?theme=hoe")
    assert no_js_page.locator(".md-container").evaluate("e => getComputedStyle(e).visibility") == (
        "visible"
    )
    slides = no_js_page.locator("article.oc-slide")
    assert slides.count() == len(deck.cards)
    # (the list's cards are laid out once scrolled to: content-visibility)
    slides.last.scroll_into_view_if_needed()
    assert slides.last.locator(".oc-slide-front").is_visible()
    assert slides.last.locator(".oc-slide-back").is_visible()


def test_the_presentation_shows_its_list_when_its_script_does_not_come(phone, deck: Deck) -> None:
    """JavaScript on but present.js not loaded (a failed download): the page, held back for
    the script, shows the list after its CSS fallback."""
    phone.route("**/present.js", lambda route: route.abort())
    phone.goto("presenteren/?theme=hoe")
    # (a function, not an expression: the page's policy allows no eval)
    phone.wait_for_function(
        "() => getComputedStyle(document.querySelector('.md-container')).visibility === 'visible'",
        timeout=10_000,
    )
    assert phone.locator("article.oc-slide").count() == len(deck.cards)
